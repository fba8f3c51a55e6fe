"""Preventieplan: walk a gemeente through the three steps, save versions, export the plan."""

from datetime import date

import pandas as pd
import streamlit as st

import ui
from planner.kaart.search import markdown_tekst as md
from planner.plan import aanbod, export, formulier, monitor, opslag, registraties, weergave
from planner.plan.adapters import kerncijfers, regio_gemeenten
from planner.plan.catalogus import TREDEN, catalogus
from planner.plan.grafiek import KAART_BRON, kaart_alt, monitor_alt, registratie_alt
from planner.plan.model import (
    STATUSSEN,
    Plan,
    PlanOngeldig,
    controleer_doel,
    kan_vaststellen,
    spectrum_check,
)
from planner.plan.situatie import UITLEG_SIGNALEN, wijktabel
from planner.plan.tables import MAX_DOOR, MAX_NAAM, MAX_TOELICHTING
from planner.wijken import estimates

CAT = catalogus()
STANDAARD_GEMEENTE = "GM1930"  # Nissewaard, centrumgemeente of the seed region

st.title("Preventieplan")
st.markdown(
    "Maak in drie stappen een preventieplan tegen kindermishandeling en huiselijk geweld: "
    "**1. beoordeel de situatie**, **2. bepaal wat u doet en hoe**, **3. stuur en monitor**. "
    "U kunt het plan opslaan (elke keer een nieuwe versie) en als Word of PDF meenemen."
)

data = ui.cbs()
if data is None:
    st.stop()
data_key = ui.data_key()  # follows the CBS files; shared with the Wijkprofiel caches
engine = ui.plan_store()
namen = dict(zip(data.gemeenten["code"], data.gemeenten["naam"], strict=True))
codes = sorted(namen, key=namen.get)
state = st.session_state


# --- state <-> plan -------------------------------------------------------------------------


def _plan_uit_state() -> Plan:
    """The plan as the widgets show it now."""
    return formulier.plan_uit_widgets(state, CAT, STANDAARD_GEMEENTE)


def _zet_state(plan: Plan) -> None:
    """Put a plan into the widgets (only from callbacks or before the widgets exist)."""
    state.update(formulier.widgets_uit_plan(plan, CAT))


def _zet_basis() -> None:
    """Remember the plan as opened/saved, to notice unsaved work later."""
    state["_plan_basis"] = formulier.vingerafdruk(_plan_uit_state())


def _nieuw_plan() -> None:
    gm = state.get("plan-gemeente", STANDAARD_GEMEENTE)
    _zet_state(Plan(f"Preventieplan {namen.get(gm, gm)}", (gm,)))
    state.pop("_wissel_naar", None)
    _zet_basis()
    state["plan-keuze"] = 0
    state["_plan_id"] = None
    state["_plan_versie"] = None
    state.pop("plan-docx", None)
    state.pop("plan-pdf", None)
    state[formulier.AANGERAAKT] = set()
    state[formulier.GECONTROLEERD] = False


def _raak(key: str) -> None:
    """The user left this SMART field: from now on its findings may show."""
    state.setdefault(formulier.AANGERAAKT, set()).add(key)


def _open_plan() -> None:
    plan_id = state.get("plan-keuze") or 0
    if not plan_id:
        _nieuw_plan()
        return
    plan, info = opslag.laad_plan(engine, plan_id)
    _zet_state(plan)
    _zet_basis()
    state["_plan_id"], state["_plan_versie"] = info.id, info.versie
    state["plan-melding"] = ("info", f"Plan '{md(info.naam)}' geopend (versie {info.versie}).")
    state[formulier.GECONTROLEERD] = True
    state.pop("plan-docx", None)
    state.pop("plan-pdf", None)


def _wissel_gemeente() -> None:
    """A new gemeente starts a new plan, but never silently over unsaved work."""
    vorig = state.get("_plan_gemeente_vorig")
    if vorig and formulier.heeft_wijzigingen(_plan_uit_state(), state.get("_plan_basis")):
        state["_wissel_naar"] = state["plan-gemeente"]
        state["plan-gemeente"] = vorig
        return
    state["plan-regio"] = []
    _nieuw_plan()


def _wissel_toch() -> None:
    state["plan-gemeente"] = state.pop("_wissel_naar")
    state["plan-regio"] = []
    _nieuw_plan()


def _wissel_niet() -> None:
    state.pop("_wissel_naar", None)


def _door() -> str:
    """Who saves: the logged-in account where there is one, else the name typed in."""
    account = state.get("account")
    return account.naam if account is not None else (state.get("plan-door") or "").strip()


def _opslaan() -> None:
    state[formulier.GECONTROLEERD] = True
    plan = _plan_uit_state()
    toelichting = state.get("plan-toelichting") or ""
    door = _door()
    try:
        if state.get("_plan_id"):
            info = opslag.sla_op(
                engine,
                state["_plan_id"],
                plan,
                state["_plan_versie"],
                door=door,
                toelichting=toelichting,
            )
        else:
            info = opslag.maak_plan(engine, plan, door=door, toelichting=toelichting)
    except (opslag.PlanConflict, opslag.PlanNietOpgeslagen, opslag.PlanNietGevonden) as fout:
        state["plan-melding"] = ("error", str(fout))
        return
    except PlanOngeldig as fout:
        state["plan-melding"] = (
            "error",
            formulier.lijst_tekst("Het plan is niet opgeslagen:", fout.fouten),
        )
        return
    state["_plan_id"], state["_plan_versie"] = info.id, info.versie
    state["plan-keuze"] = info.id
    state["plan-toelichting"] = ""
    _zet_basis()
    state["plan-melding"] = ("success", f"Opgeslagen als versie {info.versie}.")


def _zet_versie_terug() -> None:
    versie = state.get("plan-oude-versie")
    if not state.get("_plan_id") or not versie:
        return
    plan, _ = opslag.laad_plan(engine, state["_plan_id"], versie=versie)
    _zet_state(plan)
    state["plan-melding"] = (
        "info",
        f"Versie {versie} staat in het scherm. Sla op om er de nieuwste versie van te maken.",
    )


def _importeer_plan() -> None:
    bestand = state.get("plan-json-bestand")
    if bestand is None:
        state["plan-melding"] = ("error", "Kies eerst een planbestand (.json).")
        return
    try:
        info = opslag.importeer_json(
            engine, bestand.getvalue(), door=_door(), bekende_gemeenten=namen
        )
    except PlanOngeldig as fout:
        state["plan-melding"] = (
            "error",
            formulier.lijst_tekst("Het plan is niet geïmporteerd:", fout.fouten),
        )
        return
    plan, info = opslag.laad_plan(engine, info.id)
    _zet_state(plan)
    _zet_basis()
    state["plan-keuze"] = info.id
    state["_plan_id"], state["_plan_versie"] = info.id, info.versie
    state["plan-melding"] = ("success", f"Plan '{md(info.naam)}' geïmporteerd.")


def _voeg_indicator_toe(n: int) -> None:
    lijst = state.setdefault(formulier.INDICATOREN, {}).setdefault(n, [])
    try:
        lijst.append(formulier.indicator_uit_widgets(state, n, lijst))
    except formulier.FormulierFout as fout:
        state["plan-melding"] = ("error", str(fout))
        return
    state[f"ind-{n}-eigen"] = ""


def _voeg_meting_toe(n: int, i: int) -> None:
    lijst = state[formulier.INDICATOREN][n]
    try:
        meting = formulier.meting_uit_widgets(state, n, i, lijst[i].naam)
    except formulier.FormulierFout as fout:
        state["plan-melding"] = ("error", str(fout))
        return
    lijst[i] = monitor.met_meting(lijst[i], meting)


def _eenheid_bij_voorstel(n: int) -> None:
    """A suggested indicator brings its own unit (a share is not a count)."""
    eenheid = CAT.actie(n).eenheid_van(state.get(f"ind-{n}-naam") or "")
    if eenheid:
        state[f"ind-{n}-eenheid"] = eenheid


def _verwijder_indicator(n: int, i: int) -> None:
    del state[formulier.INDICATOREN][n][i]


def _importeer_metingen() -> None:
    bestand = state.get("plan-metingen-bestand")
    if bestand is None:
        state["plan-melding"] = ("error", "Kies eerst een CSV-bestand met metingen.")
        return
    try:
        nieuw = monitor.importeer_metingen(_plan_uit_state(), bestand.getvalue())
    except monitor.MetingImportFout as fout:
        state["plan-melding"] = (
            "error",
            formulier.lijst_tekst(
                "Er is niets geïmporteerd. Pas het bestand aan en probeer het opnieuw:",
                fout.fouten,
            ),
        )
        return
    state[formulier.INDICATOREN] = {a.nummer: list(a.indicatoren) for a in nieuw.acties}
    aantal = sum(len(i.metingen) for a in nieuw.acties for i in a.indicatoren)
    state["plan-melding"] = ("success", f"Metingen geïmporteerd; het plan heeft er nu {aantal}.")


if "plan-naam" not in state:
    state["plan-gemeente"] = STANDAARD_GEMEENTE if STANDAARD_GEMEENTE in namen else codes[0]
    _nieuw_plan()

# --- plan chooser ---------------------------------------------------------------------------

c1, c2, c3 = st.columns([2, 3, 3])
gemeente = c1.selectbox(
    "Gemeente (typ om te zoeken)",
    codes,
    format_func=lambda c: f"{namen[c]} ({c})",
    key="plan-gemeente",
    on_change=_wissel_gemeente,
)
state["_plan_gemeente_vorig"] = gemeente
if state.get("_wissel_naar"):
    naar = namen.get(state["_wissel_naar"], state["_wissel_naar"])
    st.warning(
        f"U heeft wijzigingen in dit plan die nog niet zijn opgeslagen. Sla het plan eerst op "
        f"(tabblad 'Opslaan en exporteren'), of wissel toch naar {naar}: dan gaan de "
        "wijzigingen verloren."
    )
    w1, w2 = st.columns(2)
    w1.button(f"Toch wisselen naar {naar}", key="plan-wissel-toch", on_click=_wissel_toch)
    w2.button("Bij dit plan blijven", key="plan-wissel-niet", on_click=_wissel_niet)
# A regional plan may also include gemeenten outside the centrumgemeente region.
regio = list(
    dict.fromkeys(
        c for c in [*regio_gemeenten(data, gemeente), *state.get("plan-regio", [])] if c != gemeente
    )
)
c2.multiselect(
    "Regionaal plan: andere gemeenten in de regio",
    regio,
    format_func=lambda c: namen.get(c, c),
    key="plan-regio",
    placeholder="Kies gemeenten",
    help="Kies gemeenten als het plan voor meer gemeenten samen geldt.",
)
bestaande = opslag.plannen_voor(engine, gemeente)
keuzes = [0, *[p.id for p in bestaande]]
labels = {0: "Nieuw plan"} | {
    p.id: f"{p.naam} – {STATUSSEN[p.status].lower()}, versie {p.versie}"
    + (" (regionaal)" if len(p.gemeenten) > 1 else "")
    for p in bestaande
}
if state.get("plan-keuze") not in keuzes:
    state["plan-keuze"] = 0
c3.selectbox(
    "Opgeslagen plannen van deze gemeente",
    keuzes,
    format_func=labels.get,
    key="plan-keuze",
    on_change=_open_plan,
)

d1, d2, d3 = st.columns([3, 2, 2])
d1.text_input("Naam van het plan", key="plan-naam", max_chars=MAX_NAAM)
d2.text_input("Periode (bijvoorbeeld 2026-2028)", key="plan-periode")
d3.radio("Status", list(STATUSSEN), format_func=STATUSSEN.get, key="plan-status", horizontal=True)

# Always present, so a message never shifts the tabs below (which would reset the open tab).
melding_vak = st.container()
melding = state.pop("plan-melding", None)
if melding:
    soort, tekst = melding
    with melding_vak:
        {"error": st.error, "success": st.success, "info": st.info}[soort](tekst)

plan_gemeenten = tuple(dict.fromkeys((gemeente, *state.get("plan-regio", []))))
stap1 = ui.plan_stap1(data_key, plan_gemeenten)
wijk_namen = {w.code: w.naam for w in stap1.wijken}
alle_diensten, zonder_indeling = ui.plan_diensten()
diensten = aanbod.diensten_in_gebied(alle_diensten, plan_gemeenten, wijk_namen)

tab1, tab2, tab3, tab4 = st.tabs(
    [
        "Stap 1. Beoordeel de situatie",
        "Stap 2. Bepaal wat u doet en hoe",
        "Stap 3. Stuur en monitor",
        "Opslaan en exporteren",
    ]
)

# --- step 1 ---------------------------------------------------------------------------------

with tab1:
    st.header("Stap 1. Beoordeel de situatie")
    st.markdown(
        "De cijfers hieronder zijn al ingevuld voor "
        f"{', '.join(namen[c] for c in plan_gemeenten)}. Ze laten zien waar preventie extra "
        "nodig kan zijn. Vul daarna aan wat de cijfers niet laten zien."
    )
    st.subheader("Kerncijfers")
    k_cijfers = kerncijfers(stap1)
    st.dataframe(
        pd.DataFrame(weergave.kerncijfer_rijen(k_cijfers)), hide_index=True, width="stretch"
    )
    titel_kaart = "Wijken van " + ", ".join(namen[c] for c in plan_gemeenten)
    signaalcodes = tuple(x.wijkcode for x in stap1.signalen)
    kaart_png = ui.plan_kaart_png(data_key, plan_gemeenten, signaalcodes, titel_kaart, False)
    k1, k2 = st.columns([3, 2])
    k1.image(
        kaart_png,
        alt=kaart_alt(
            data.wijken[data.wijken["gemeentecode"].isin(plan_gemeenten)], signaalcodes, titel_kaart
        ),
        caption="Gearceerd en genummerd: wijken waar meerdere cijfers op extra aandacht "
        f"wijzen (namen naast de kaart). {KAART_BRON}.",
    )
    with k2:
        st.markdown("**Wijken waar meerdere cijfers dezelfde kant op wijzen**")
        st.caption(UITLEG_SIGNALEN)
        st.markdown(weergave.signalen_tekst(stap1.signalen))
    st.markdown("**Cijfers per wijk naast het landelijke cijfer**")
    st.dataframe(
        pd.DataFrame(wijktabel(stap1.waarden, eenheden=stap1.eenheden)),
        hide_index=True,
        width="stretch",
    )
    st.caption(
        "▲ = meer dan 10% hoger dan landelijk, ▼ = meer dan 10% lager waar een laag cijfer "
        "op meer zorg wijst. Bron: " + ("; ".join(stap1.bronnen) or "CBS")
    )

    st.subheader("Vraag en aanbod per wijk")
    va = aanbod.vraag_aanbod(stap1.wijken, diensten)
    if not diensten:
        st.info(
            "Er staat nog geen aanbod met trede en preventieniveau in de sociale kaart. "
            "Daarom staat bij elke wijk 'geen aanbod gevonden'. Vul de sociale kaart aan."
        )
    if zonder_indeling:
        st.caption(f"{zonder_indeling} diensten zonder trede of preventieniveau zijn niet geteld.")
    st.dataframe(pd.DataFrame(aanbod.aanbod_tabel(va)), hide_index=True, width="stretch")
    va_bronnen = aanbod.aanbod_bronnen(va, diensten)
    st.caption(aanbod.AANBOD_UITLEG + " Bronnen: " + " ".join(va_bronnen))
    st.caption(
        "Treden: " + "; ".join(f"{t} = {label.lower()}" for t, label in TREDEN.items()) + "."
    )

    st.subheader("Wat de cijfers niet laten zien")
    st.text_area("Wat zeggen professionals in de wijken?", key="s1-professionals")
    st.text_area("Wat zeggen inwoners en ouders?", key="s1-inwoners")
    st.text_area(
        "Welke beschermende factoren zijn er (bijvoorbeeld buurtnetwerken, sterke scholen)?",
        key="s1-beschermend",
    )
    st.text_area("Overige notities", key="s1-notities")
    st.markdown("**Welke bronnen heeft u geraadpleegd?**")
    b_cols = st.columns(2)
    for i, p in enumerate(CAT.bronnen_stap1):
        b_cols[i % 2].checkbox(p.titel, key=f"s1-bron-{p.id}")

# --- step 2 ---------------------------------------------------------------------------------

with tab2:
    st.header("Stap 2. Bepaal wat u doet en hoe")
    st.markdown(
        f"Kies acties uit de tien preventieve acties ({CAT.bron.split(':')[0]}) en schrijf per "
        "actie een SMART-doel: wat, voor wie, hoeveel, wanneer klaar, wie is eigenaar, met "
        "welke partners en met welk budget."
    )
    st.caption(CAT.toelichting)
    for a in CAT.acties:
        gekozen = bool(state.get(f"actie-{a.nummer}"))
        with st.expander(a.label + (" – gekozen" if gekozen else ""), expanded=gekozen):
            st.markdown(a.uitleg)
            st.markdown(weergave.actie_kenmerken(a))
            st.markdown(weergave.voorbeelden(a))
            st.markdown(weergave.levering_tekst(aanbod.diensten_voor_actie(a, diensten)))
            op_niveau = weergave.op_niveau_tekst(aanbod.diensten_op_niveau(a, diensten))
            if op_niveau:
                st.caption(op_niveau)
            st.checkbox(f"Neem actie {a.nummer} op in het plan", key=f"actie-{a.nummer}")
            if not state.get(f"actie-{a.nummer}"):
                continue
            k = {v: formulier.doel_key(a.nummer, v) for v in formulier.DOELVELDEN}
            raak = {v: {"on_change": _raak, "args": (k[v],)} for v in formulier.DOELVELDEN}
            pre = f"Actie {a.nummer}"
            st.markdown("**SMART-doel**")
            g1, g2 = st.columns(2)
            g1.text_input(f"{pre}: wat wilt u bereiken?", key=k["wat"], **raak["wat"])
            g2.text_input(
                f"{pre}: voor wie (doelgroep)?",
                key=k["doelgroep"],
                placeholder=a.doelgroep,
                **raak["doelgroep"],
            )
            st.multiselect(
                f"{pre}: in welke wijken? (leeg = alle wijken)",
                list(wijk_namen),
                format_func=lambda c: wijk_namen.get(c, c),
                key=k["wijken"],
                placeholder="Kies wijken",
                **raak["wijken"],
            )
            g3, g4, g5 = st.columns(3)
            g3.number_input(
                f"{pre}: hoeveel?",
                min_value=0,
                step=1,
                value=None,
                key=k["aantal"],
                **raak["aantal"],
            )
            g4.text_input(
                f"{pre}: eenheid (bijvoorbeeld gezinnen)", key=k["eenheid"], **raak["eenheid"]
            )
            g5.date_input(
                f"{pre}: wanneer klaar?",
                value=None,
                format="DD-MM-YYYY",
                key=k["wanneer"],
                **raak["wanneer"],
            )
            g6, g7, g8 = st.columns(3)
            g6.text_input(f"{pre}: wie is eigenaar?", key=k["eigenaar"], **raak["eigenaar"])
            g7.text_input(f"{pre}: partners (met komma's)", key=k["partners"], **raak["partners"])
            g8.number_input(
                f"{pre}: budget in euro",
                min_value=0.0,
                step=1000.0,
                value=None,
                format="%.0f",
                key=k["budget"],
                **raak["budget"],
            )
            doel = _plan_uit_state().actie(a.nummer).doel
            if doel.budget is not None:
                g8.caption(f"Budget: {estimates.fmt_euro(doel.budget)}")
            for m in formulier.zichtbare_meldingen(
                controleer_doel(doel, date.today()),
                a.nummer,
                state.get(formulier.AANGERAAKT, set()),
                bool(state.get(formulier.GECONTROLEERD)),
            ):
                (st.error if m.ernst == "fout" else st.warning)(m.tekst)

    plan_nu = _plan_uit_state()
    st.subheader("Spectrumcheck")
    check = spectrum_check([x.nummer for x in plan_nu.acties], CAT.acties)
    for zin in check.zinnen():
        (st.success if check.compleet else st.warning)(zin)
    st.dataframe(pd.DataFrame(check.tabel()), hide_index=True, width="stretch")

    st.subheader("Aandachtspunten")
    for p in CAT.aandachtspunten:
        a1, a2 = st.columns([2, 3])
        a1.checkbox(p.titel, key=f"ap-{p.id}", help=p.uitleg)
        a2.text_input(f"Notitie bij: {p.titel}", key=f"ap-{p.id}-notitie")

# --- step 3 ---------------------------------------------------------------------------------

with tab3:
    st.header("Stap 3. Stuur en monitor")
    plan_nu = _plan_uit_state()
    if not plan_nu.acties:
        st.info("Kies eerst acties in stap 2. Daarna kunt u hier per doel indicatoren volgen.")
    for ga in plan_nu.acties:
        a = CAT.actie(ga.nummer)
        n = a.nummer
        st.subheader(a.label)
        for i, ind in enumerate(ga.indicatoren):
            wat = f"{ind.naam} (actie {n})"
            r = monitor.realisatie(ind)
            st.markdown(
                f"**{md(ind.naam)}** ({md(ind.eenheid) or 'geen eenheid'}) – {md(r.status)}"
            )
            i1, i2 = st.columns([3, 2])
            if ind.metingen or ind.nulmeting is not None:
                i1.image(
                    ui.plan_monitor_png(ind, ind.naam),
                    caption=f"Bron: {md(ind.bron) or '–'}",
                    alt=monitor_alt(ind, ind.naam),
                )
            with i2:
                st.markdown(weergave.indicator_samenvatting(ind))
                st.date_input(
                    f"Datum meting – {wat}",
                    value=None,
                    format="DD-MM-YYYY",
                    key=f"met-{n}-{i}-datum",
                )
                st.number_input(f"Gemeten waarde – {wat}", value=None, key=f"met-{n}-{i}-waarde")
                st.text_input(f"Bron van de meting – {wat}", key=f"met-{n}-{i}-bron")
                st.button(
                    f"Meting toevoegen – {wat}",
                    key=f"met-{n}-{i}-knop",
                    on_click=_voeg_meting_toe,
                    args=(n, i),
                )
                st.button(
                    f"Indicator verwijderen – {wat}",
                    key=f"ind-{n}-{i}-weg",
                    on_click=_verwijder_indicator,
                    args=(n, i),
                )
        with st.expander(f"Indicator toevoegen bij actie {n}", expanded=not ga.indicatoren):
            voorstellen = [x.naam for x in a.indicatoren]
            if f"ind-{n}-eenheid" not in state:
                state[f"ind-{n}-eenheid"] = a.indicatoren[0].eenheid
            st.selectbox(
                f"Voorgestelde indicator (actie {n})",
                voorstellen,
                key=f"ind-{n}-naam",
                on_change=_eenheid_bij_voorstel,
                args=(n,),
            )
            st.text_input(f"Of een eigen indicator (actie {n})", key=f"ind-{n}-eigen")
            j1, j2, j3 = st.columns(3)
            j1.selectbox(f"Eenheid (actie {n})", list(monitor.EENHEDEN), key=f"ind-{n}-eenheid")
            j2.number_input(f"Nulmeting (actie {n})", value=None, key=f"ind-{n}-nul")
            j3.date_input(
                f"Datum nulmeting (actie {n})",
                value=None,
                format="DD-MM-YYYY",
                key=f"ind-{n}-nuldatum",
            )
            j4, j5, j6 = st.columns(3)
            j4.number_input(f"Streefwaarde (actie {n})", value=None, key=f"ind-{n}-streef")
            j5.date_input(
                f"Streefdatum (actie {n})",
                value=None,
                format="DD-MM-YYYY",
                key=f"ind-{n}-streefdatum",
            )
            j6.text_input(f"Bron (waar komt het cijfer vandaan?) (actie {n})", key=f"ind-{n}-bron")
            st.button(
                f"Indicator toevoegen bij actie {n}",
                key=f"ind-{n}-knop",
                on_click=_voeg_indicator_toe,
                args=(n,),
            )

    st.subheader("Monitoringstabel")
    tabel = monitor.monitor_weergave(plan_nu)
    if tabel:
        st.dataframe(pd.DataFrame(tabel), hide_index=True, width="stretch")
    st.download_button(
        "Download monitoringstabel (CSV)",
        monitor.monitortabel_csv(plan_nu).encode("utf-8-sig"),
        file_name="monitoringstabel.csv",
        mime="text/csv",
        key="plan-monitor-csv",
    )
    with st.expander("Metingen importeren uit een CSV-bestand"):
        st.markdown(
            "Kolommen: `actie;indicator;datum;waarde;bron`. Datum als JJJJ-MM-DD of DD-MM-JJJJ. "
            "Getallen in Nederlandse notatie: 1.234 (duizendtal) en 1,5 (decimaal). "
            "Eén fout in het bestand betekent dat niets wordt geïmporteerd; u ziet dan per "
            "regel wat er mis is."
        )
        st.file_uploader("CSV-bestand met metingen", type=["csv"], key="plan-metingen-bestand")
        st.button("Metingen importeren", key="plan-metingen-knop", on_click=_importeer_metingen)

    st.subheader("Sturingsinstrumenten")
    for p in CAT.stuurinstrumenten:
        a1, a2 = st.columns([2, 3])
        a1.checkbox(p.titel, key=f"si-{p.id}", help=p.uitleg)
        a2.text_input(f"Notitie bij: {p.titel}", key=f"si-{p.id}-notitie")

    st.subheader("Voorbeeld: een monitor met registratiecijfers (2013 en 2014)")
    st.markdown(registraties.UITLEG_GEEN_PREVALENTIE)
    huidig = st.toggle(
        "Toon de gemeenten van nu (Hellevoetsluis, Westvoorne en Brielle samen als Voorne aan Zee)",
        key="demo-huidig",
    )
    rijen = registraties.naar_huidige_gemeenten() if huidig else list(registraties.REGISTRATIES)
    st.dataframe(pd.DataFrame(registraties.demo_weergave(rijen)), hide_index=True, width="stretch")
    st.image(
        ui.plan_registratie_png(huidig),
        alt=registratie_alt(registraties.grafiekrijen(huidig), registraties.GRAFIEK_BRON),
        caption="AMK-onderzoeken per 1.000 kinderen van 0-17 jaar (2013) naast wat onderzoek "
        "naar prevalentie verwacht.",
    )
    st.caption(
        f"Bron registraties: {registraties.BRON}. Bron prevalentie: "
        f"{registraties.PREVALENTIE_BAND_BRON}; {registraties.PREVALENTIE_ALINK_BRON}; "
        f"toegepast op {registraties.KINDEREN_0_17_METHODE}. Aantallen onder 5 staan als "
        "'< 5'. ASHG-meldingen, LTHG-trajecten en huisverboden zijn alleen voor 2014 bekend en "
        "ontbreken in de bron voor Brielle en Goeree-Overflakkee ('niet gemeld'); een totaal "
        "telt alleen de gemeenten die ze meldden (zie de toelichting). De rij Nederland is het "
        "landelijke cijfer."
    )
    st.markdown("**Risicofactoren in de regio (tabel 4)**")
    st.dataframe(
        pd.DataFrame(registraties.tabel4_weergave(huidig)), hide_index=True, width="stretch"
    )
    st.caption(f"Bron: {registraties.BRON_TABEL4}. {registraties.TABEL4_UITLEG}")
    with st.expander("Controle op de percentages in de scriptie"):
        st.markdown(registraties.REKENCONTROLE_UITLEG)
        st.dataframe(
            pd.DataFrame([f.rij() for f in registraties.REKENCONTROLE]),
            hide_index=True,
            width="stretch",
        )

# --- save and export ------------------------------------------------------------------------

with tab4:
    st.header("Opslaan en exporteren")
    plan_nu = _plan_uit_state()
    fouten = kan_vaststellen(plan_nu)
    if plan_nu.status == "vastgesteld" and fouten:
        st.error(formulier.lijst_tekst("Dit plan kan nog niet worden vastgesteld:", fouten))
    elif fouten:
        st.warning(formulier.lijst_tekst("Nog aan te vullen:", fouten))
    st.text_input(
        "Wat is er veranderd? (komt in de versiegeschiedenis)",
        key="plan-toelichting",
        max_chars=MAX_TOELICHTING,
    )
    if state.get("account") is None:
        st.text_input(
            "Uw naam (komt in de versiegeschiedenis; mag leeg blijven)",
            key="plan-door",
            max_chars=MAX_DOOR,
        )
    st.button("Plan opslaan", type="primary", key="plan-opslaan", on_click=_opslaan)
    if state.get("_plan_id"):
        st.caption(f"U werkt in versie {state['_plan_versie']}. Opslaan maakt een nieuwe versie.")
        hist = opslag.versies(engine, state["_plan_id"])
        st.dataframe(pd.DataFrame(weergave.versie_rijen(hist)), hide_index=True, width="stretch")
        h1, h2 = st.columns([2, 3])
        h1.selectbox("Eerdere versie", [v.versie for v in hist], key="plan-oude-versie")
        h2.button(
            "Zet deze versie terug in het scherm", key="plan-terug", on_click=_zet_versie_terug
        )
    st.button("Begin een nieuw plan", key="plan-nieuw", on_click=_nieuw_plan)

    st.subheader("Exporteren")
    if st.button("Maak Word- en PDF-bestand", key="plan-maak-export"):
        gegevens = export.Exportgegevens(
            gemeentenamen=namen,
            wijknamen=wijk_namen,
            kerncijfers=k_cijfers,
            signalen=stap1.signalen,
            aanbod=tuple(va),
            aanbod_bronnen=tuple(va_bronnen),
            kaart_png=kaart_png,
            grafieken=export.monitor_grafieken(plan_nu),
            bronnen=stap1.bronnen,
            datum=date.today(),
            auteur=_door(),
        )
        with st.spinner("Documenten maken…"):
            state["plan-docx"] = export.plan_docx(plan_nu, CAT, gegevens)
            state["plan-pdf"] = export.plan_pdf(plan_nu, CAT, gegevens)
    bestandsnaam = weergave.bestandsnaam(plan_nu)
    e1, e2, e3 = st.columns(3)
    if "plan-docx" in state:
        e1.download_button(
            "Download Word (.docx)",
            state["plan-docx"],
            file_name=f"{bestandsnaam}.docx",
            mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            key="plan-download-docx",
        )
        e2.download_button(
            "Download PDF",
            state["plan-pdf"],
            file_name=f"{bestandsnaam}.pdf",
            mime="application/pdf",
            key="plan-download-pdf",
        )
    e3.download_button(
        "Download planbestand (.json)",
        opslag.exporteer_json(plan_nu).encode("utf-8"),
        file_name=f"{bestandsnaam}.json",
        mime="application/json",
        key="plan-download-json",
    )
    st.subheader("Plan importeren")
    st.file_uploader("Planbestand (.json)", type=["json"], key="plan-json-bestand")
    st.button("Plan importeren", key="plan-importeer", on_click=_importeer_plan)
