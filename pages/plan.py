"""Preventieplan: walk a gemeente through the three steps, save versions, export the plan.

Thin on purpose: transitions live in ``planner.plan.sessie``, widgets as data in
``formulier``, keys in ``sleutels``, texts in ``weergave``; this page draws and wires.
"""

from collections.abc import Callable
from datetime import date
from functools import partial

import pandas as pd
import streamlit as st

import ui
from planner.kaart.search import markdown_tekst as md
from planner.plan import aanbod, export, formulier, monitor, opslag, registraties, sessie, weergave
from planner.plan import sleutels as k
from planner.plan.adapters import kerncijfers, regio_gemeenten
from planner.plan.catalogus import TREDEN, catalogus
from planner.plan.grafiek import kaart_alt, monitor_alt, registratie_alt
from planner.plan.model import spectrum_check
from planner.plan.situatie import UITLEG_SIGNALEN, UITLEG_WIJKTABEL, wijktabel
from planner.wijken import estimates

CAT = catalogus()

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
omg = sessie.Omgeving(engine, CAT, namen)


def bij(overgang: Callable[..., None], *args: object) -> Callable[[], None]:
    """A callback that runs a session transition on this session's state."""
    return partial(overgang, state, *args)


def tabel(rijen: list[dict[str, str]]) -> None:
    st.dataframe(pd.DataFrame(rijen), hide_index=True, width="stretch")


def toon(rijen: tuple[formulier.Rij, ...], wijzig: Callable = lambda sleutel: None) -> dict:
    """Draw form rows side by side, ``wijzig(key)`` giving a widget's callback (or None).

    Returns where each widget went, for a caption under it.
    """
    plekken = {}
    for rij in rijen:
        kolommen = st.columns([v.breedte for v in rij]) if len(rij) > 1 else [st]
        for plek, veld in zip(kolommen, rij, strict=True):
            terug = wijzig(veld.sleutel)
            extra = {"on_change": terug} if terug else {}
            getattr(plek, veld.soort)(veld.label, key=veld.sleutel, **veld.opties, **extra)
            plekken[veld.sleutel] = plek
    return plekken


sessie.begin(state, omg)

# --- plan chooser ---------------------------------------------------------------------------

gemeente = state[k.GEMEENTE]
regio = weergave.regio_keuzes(gemeente, regio_gemeenten(data, gemeente), state.get(k.REGIO, []))
labels = weergave.plan_keuzes(opslag.plannen_voor(engine, gemeente))
if state.get(k.KEUZE) not in labels:
    state[k.KEUZE] = 0
kies = {k.GEMEENTE: bij(sessie.wissel_gemeente, omg), k.KEUZE: bij(sessie.open_plan, omg)}
toon(formulier.kiesvelden(codes, namen, regio, labels), kies.get)
state[k.VORIGE_GEMEENTE] = gemeente
if state.get(k.WISSEL_NAAR):
    naar = namen.get(state[k.WISSEL_NAAR], state[k.WISSEL_NAAR])
    st.warning(weergave.wissel_waarschuwing(naar))
    w1, w2 = st.columns(2)
    w1.button(
        f"Toch wisselen naar {naar}", key=k.WISSEL_TOCH, on_click=bij(sessie.wissel_toch, omg)
    )
    w2.button("Bij dit plan blijven", key=k.WISSEL_NIET, on_click=bij(sessie.wissel_niet))
toon(formulier.planvelden())

# Always present, so a message never shifts the tabs below (which would reset the open tab).
melding_vak = st.container()
if melding := state.pop(k.MELDING, None):
    soort, tekst = melding
    with melding_vak:
        {"error": st.error, "success": st.success, "info": st.info}[soort](tekst)

plan_gemeenten = tuple(dict.fromkeys((gemeente, *state.get(k.REGIO, []))))
stap1 = ui.plan_stap1(data_key, plan_gemeenten)
wijk_namen = {w.code: w.naam for w in stap1.wijken}
alle_diensten, zonder_indeling = ui.plan_diensten()
diensten = aanbod.diensten_in_gebied(alle_diensten, plan_gemeenten, wijk_namen)

tab1, tab2, tab3, tab4 = st.tabs(list(weergave.TABBLADEN))

with tab1:
    st.header(weergave.TABBLADEN[0])
    st.markdown(
        "De cijfers hieronder zijn al ingevuld voor "
        f"{', '.join(namen[c] for c in plan_gemeenten)}. Ze laten zien waar preventie extra "
        "nodig kan zijn. Vul daarna aan wat de cijfers niet laten zien."
    )
    st.subheader("Kerncijfers")
    tabel(weergave.kerncijfer_rijen(kerncijfers(stap1)))
    titel_kaart = weergave.kaart_titel(namen, plan_gemeenten)
    signaalcodes = tuple(x.wijkcode for x in stap1.signalen)
    kaart_png = ui.plan_kaart_png(data_key, plan_gemeenten, signaalcodes, titel_kaart, False)
    k1, k2 = st.columns([3, 2])
    k1.image(
        kaart_png,
        alt=kaart_alt(
            data.wijken[data.wijken["gemeentecode"].isin(plan_gemeenten)], signaalcodes, titel_kaart
        ),
        caption="Gearceerd en genummerd: wijken waar meerdere cijfers op extra aandacht "
        "wijzen (namen naast de kaart; de bron staat in de afbeelding).",
    )
    with k2:
        st.markdown("**Wijken waar meerdere cijfers dezelfde kant op wijzen**")
        st.caption(UITLEG_SIGNALEN)
        st.markdown(weergave.signalen_tekst(stap1.signalen))
    st.markdown("**Cijfers per wijk naast het landelijke cijfer**")
    tabel(wijktabel(stap1.waarden, eenheden=stap1.eenheden))
    st.caption(f"{UITLEG_WIJKTABEL} Bron: {'; '.join(stap1.bronnen) or 'CBS'}")

    st.subheader("Vraag en aanbod per wijk")
    va = aanbod.vraag_aanbod(stap1.wijken, diensten)
    if not diensten:
        st.info(aanbod.GEEN_AANBOD)
    if zonder_indeling:
        st.caption(f"{zonder_indeling} diensten zonder trede of preventieniveau zijn niet geteld.")
    tabel(aanbod.aanbod_tabel(va))
    st.caption(aanbod.AANBOD_UITLEG + " Bronnen: " + " ".join(aanbod.aanbod_bronnen(va, diensten)))
    st.caption("Treden: " + "; ".join(f"{t} = {x.lower()}" for t, x in TREDEN.items()) + ".")

    st.subheader("Wat de cijfers niet laten zien")
    toon(formulier.situatievelden())
    st.markdown("**Welke bronnen heeft u geraadpleegd?**")
    b_cols = st.columns(2)
    for i, p in enumerate(CAT.bronnen_stap1):
        b_cols[i % 2].checkbox(p.titel, key=k.bron(p.id))

with tab2:
    st.header(weergave.TABBLADEN[1])
    st.markdown(
        f"Kies acties uit de tien preventieve acties ({CAT.bron.split(':')[0]}) en schrijf per "
        "actie een SMART-doel: wat, voor wie, hoeveel, wanneer klaar, wie is eigenaar, met "
        "welke partners en met welk budget."
    )
    st.caption(CAT.toelichting)
    for a in CAT.acties:
        gekozen = bool(state.get(k.actie(a.nummer)))
        with st.expander(a.label + (" – gekozen" if gekozen else ""), expanded=gekozen):
            st.markdown(a.uitleg)
            st.markdown(weergave.actie_kenmerken(a))
            st.markdown(weergave.voorbeelden(a))
            st.markdown(weergave.levering_tekst(aanbod.diensten_voor_actie(a, diensten)))
            if op_niveau := weergave.op_niveau_tekst(aanbod.diensten_op_niveau(a, diensten)):
                st.caption(op_niveau)
            st.checkbox(f"Neem actie {a.nummer} op in het plan", key=k.actie(a.nummer))
            if not state.get(k.actie(a.nummer)):
                continue
            st.markdown("**SMART-doel**")
            plekken = toon(formulier.doelvelden(a, wijk_namen), partial(bij, sessie.raak))
            doel, meldingen = sessie.doel_en_meldingen(state, CAT, a.nummer, date.today())
            if doel.budget is not None:
                budget = f"Budget: {estimates.fmt_euro(doel.budget)}"
                plekken[k.doel(a.nummer, "budget")].caption(budget)
            for m in meldingen:
                (st.error if m.ernst == "fout" else st.warning)(m.tekst)

    check = spectrum_check([x.nummer for x in sessie.plan(state, CAT).acties], CAT.acties)
    st.subheader("Spectrumcheck")
    for zin in check.zinnen():
        (st.success if check.compleet else st.warning)(zin)
    tabel(check.tabel())
    st.subheader("Aandachtspunten")
    toon(formulier.afvinkvelden("ap", CAT.aandachtspunten))

with tab3:
    st.header(weergave.TABBLADEN[2])
    plan_nu = sessie.plan(state, CAT)
    if not plan_nu.acties:
        st.info("Kies eerst acties in stap 2. Daarna kunt u hier per doel indicatoren volgen.")
    for ga in plan_nu.acties:
        a, n = CAT.actie(ga.nummer), ga.nummer
        st.subheader(a.label)
        for i, ind in enumerate(ga.indicatoren):
            wat = f"{ind.naam} (actie {n})"
            status = monitor.realisatie(ind).status
            st.markdown(f"**{md(ind.naam)}** ({md(ind.eenheid) or 'geen eenheid'}) – {md(status)}")
            i1, i2 = st.columns([3, 2])
            if ind.metingen or ind.nulmeting is not None:
                png, alt = ui.plan_monitor_png(ind, ind.naam), monitor_alt(ind, ind.naam)
                i1.image(png, caption=f"Bron: {md(ind.bron) or '–'}", alt=alt)
            with i2:
                st.markdown(weergave.indicator_samenvatting(ind))
                toon(formulier.metingvelden(n, i, ind.naam))
                knop = {"on_click": bij(sessie.voeg_meting_toe, n, i)}
                st.button(f"Meting toevoegen – {wat}", key=k.meting(n, i, "knop"), **knop)
                knop = {"on_click": bij(sessie.verwijder_indicator, n, i)}
                st.button(f"Indicator verwijderen – {wat}", key=k.indicator_weg(n, i), **knop)
        with st.expander(f"Indicator toevoegen bij actie {n}", expanded=not ga.indicatoren):
            sessie.standaard_eenheid(state, CAT, n)
            voorstel = {k.indicator(n, "naam"): bij(sessie.eenheid_bij_voorstel, CAT, n)}
            toon(formulier.indicatorvelden(a), voorstel.get)
            knop = {"on_click": bij(sessie.voeg_indicator_toe, n)}
            st.button(f"Indicator toevoegen bij actie {n}", key=k.indicator(n, "knop"), **knop)

    st.subheader("Monitoringstabel")
    if rijen := monitor.monitor_weergave(plan_nu):
        tabel(rijen)
    st.download_button(
        "Download monitoringstabel (CSV)",
        monitor.monitortabel_csv(plan_nu).encode("utf-8-sig"),
        file_name="monitoringstabel.csv",
        mime="text/csv",
        key=k.MONITOR_CSV,
    )
    with st.expander("Metingen importeren uit een CSV-bestand"):
        st.markdown(monitor.IMPORT_UITLEG)
        st.file_uploader("CSV-bestand met metingen", type=["csv"], key=k.METINGEN_BESTAND)
        knop = {"on_click": bij(sessie.importeer_metingen, CAT)}
        st.button("Metingen importeren", key=k.METINGEN_KNOP, **knop)

    st.subheader("Sturingsinstrumenten")
    toon(formulier.afvinkvelden("si", CAT.stuurinstrumenten))

    st.subheader("Voorbeeld: een monitor met registratiecijfers (2013 en 2014)")
    st.markdown(registraties.UITLEG_GEEN_PREVALENTIE)
    huidig = st.toggle(registraties.HUIDIG_LABEL, key=k.DEMO_HUIDIG)
    demo = registraties.naar_huidige_gemeenten() if huidig else list(registraties.REGISTRATIES)
    tabel(registraties.demo_weergave(demo))
    st.image(
        ui.plan_registratie_png(huidig),
        alt=registratie_alt(registraties.grafiekrijen(huidig), registraties.GRAFIEK_BRON),
        caption=registraties.GRAFIEK_BIJSCHRIFT,
    )
    st.caption(registraties.bronnen_tekst())
    st.markdown("**Risicofactoren in de regio (tabel 4)**")
    tabel(registraties.tabel4_weergave(huidig))
    st.caption(f"Bron: {registraties.BRON_TABEL4}. {registraties.TABEL4_UITLEG}")
    with st.expander("Controle op de percentages in de scriptie"):
        st.markdown(registraties.REKENCONTROLE_UITLEG)
        tabel([f.rij() for f in registraties.REKENCONTROLE])

with tab4:
    st.header(weergave.TABBLADEN[3])
    plan_nu = sessie.plan(state, CAT)
    if nog_open := weergave.nog_aan_te_vullen(plan_nu):
        soort, tekst = nog_open
        (st.error if soort == "error" else st.warning)(tekst)
    toon(formulier.opslaanvelden(met_naam=state.get(k.ACCOUNT) is None))
    st.button("Plan opslaan", type="primary", key=k.OPSLAAN, on_click=bij(sessie.opslaan, omg))
    if state.get(k.PLAN_ID):
        st.caption(weergave.werkversie(state[k.PLAN_ID], state[k.PLAN_VERSIE]))
        hist = opslag.versies(engine, state[k.PLAN_ID])
        tabel(weergave.versie_rijen(hist))
        h1, h2 = st.columns([2, 3])
        h1.selectbox("Eerdere versie", [v.versie for v in hist], key=k.OUDE_VERSIE)
        terug = bij(sessie.zet_versie_terug, omg)
        h2.button("Zet deze versie terug in het scherm", key=k.TERUG, on_click=terug)
    st.button("Begin een nieuw plan", key=k.NIEUW, on_click=bij(sessie.nieuw_plan, omg))

    st.subheader("Exporteren")
    # The request outlives an interrupted run (sessie.vraag_export): no click is lost.
    st.button("Maak Word- en PDF-bestand", key=k.MAAK_EXPORT, on_click=bij(sessie.vraag_export))
    if state.get(k.EXPORT_GEVRAAGD):
        auteur = sessie.door(state)
        gegevens = export.exportgegevens(plan_nu, namen, stap1, diensten, kaart_png, auteur)
        with st.spinner("Documenten maken…"):
            state[k.DOCX] = export.plan_docx(plan_nu, CAT, gegevens)
            state[k.PDF] = export.plan_pdf(plan_nu, CAT, gegevens)
        state.pop(k.EXPORT_GEVRAAGD, None)
    naam = weergave.bestandsnaam(plan_nu)
    bestanden = (
        ("Download Word (.docx)", ".docx", state.get(k.DOCX)),
        ("Download PDF", ".pdf", state.get(k.PDF)),
        ("Download planbestand (.json)", ".json", opslag.exporteer_json(plan_nu).encode("utf-8")),
    )
    for plek, (label, ext, inhoud) in zip(st.columns(3), bestanden, strict=True):
        if inhoud is not None:
            key = k.DOWNLOAD.format(ext[1:])
            plek.download_button(
                label, inhoud, file_name=f"{naam}{ext}", mime=export.MIME[ext], key=key
            )
    st.subheader("Plan importeren")
    st.file_uploader("Planbestand (.json)", type=["json"], key=k.JSON_BESTAND)
    st.button("Plan importeren", key=k.IMPORTEER, on_click=bij(sessie.importeer_plan, omg))
