"""Presentatie: the plan as a sequence of large slides for a regional meeting."""

from html import escape

import streamlit as st

import ui
from planner.plan import monitor, opslag, registraties, weergave
from planner.plan.adapters import regio_gemeenten, regio_naam
from planner.plan.catalogus import catalogus
from planner.plan.grafiek import kaart_alt, monitor_alt, registratie_alt
from planner.plan.model import STATUSSEN, spectrum_check
from planner.plan.regio import SYMBOOL, matrix_html, regionale_matrix
from planner.wijken import estimates

CAT = catalogus()
DIAS = (
    "1. Situatie",
    "2. Gekozen acties",
    "3. Monitor",
    "4. Regionale matrix",
    "5. Registraties en prevalentie",
)
state = st.session_state

# Large type so the back of the room can read it; high contrast, no meaning in colour. The
# app's sidebar and toolbar are hidden: a slide fills the screen (1920x1080 and 1280x720).
st.markdown(
    """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stHeader"], [data-testid="stToolbar"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 0.5rem 2.5rem 0.5rem 2.5rem; max-width: 100%; }
[data-testid="stMainBlockContainer"] h2 { margin-top: 0; }
[data-testid="stMainBlockContainer"] .stMarkdown p.pk-acties { line-height: 1.25; }
.pk-matrix th, .pk-matrix td { padding: .1em .4em !important; line-height: 1.2 !important; }
.pk-hulpbalk { padding: .15rem .6rem !important; margin: 0 !important; }
[data-testid="stMainBlockContainer"] .stMarkdown p,
[data-testid="stMainBlockContainer"] .stMarkdown li,
[data-testid="stMainBlockContainer"] .stMarkdown td,
[data-testid="stMainBlockContainer"] .stMarkdown th { font-size: 1.6rem; line-height: 1.4; }
[data-testid="stMainBlockContainer"] h1 { font-size: 2.6rem; }
[data-testid="stMainBlockContainer"] h2 { font-size: 2.2rem; padding: 0.2rem 0; }
[data-testid="stMetricValue"] { font-size: 2.6rem; }
[data-testid="stMetricLabel"] p { font-size: 1.5rem; }
[data-testid="stMainBlockContainer"] [data-testid="stCaptionContainer"] p { font-size: 1.5rem; }
[data-testid="stMainBlockContainer"] [data-testid="stImage"] img {
  max-height: 55vh; width: auto !important; max-width: 100%; object-fit: contain;
}
</style>
""",
    unsafe_allow_html=True,
)

data = ui.cbs()
if data is None:
    st.stop()
data_key = ui.data_key()
engine = ui.plan_store()
namen = dict(zip(data.gemeenten["code"], data.gemeenten["naam"], strict=True))
codes = sorted(namen, key=namen.get)


def _stap(delta: int) -> None:
    i = DIAS.index(state.get("pres-dia", DIAS[0]))
    state["pres-dia"] = DIAS[(i + delta) % len(DIAS)]


def _naar(i: int) -> None:
    state["pres-dia"] = DIAS[i]


# ?dia=3 opens slide 3, so a presenter can reload or bookmark a slide.
try:
    _url_dia = int(st.query_params.get("dia", "0"))
except ValueError:
    _url_dia = 0
if 1 <= _url_dia <= len(DIAS) and state.get("_pres_url_dia") != _url_dia:
    state["pres-dia"] = DIAS[_url_dia - 1]
state["_pres_url_dia"] = _url_dia


n1, n2, n3, n4, n5 = st.columns([0.9, 6.2, 1, 1.35, 1.05], vertical_alignment="center")
n1.button("← Vorige", key="pres-vorige", on_click=_stap, args=(-1,), width="stretch")
n2.radio("Dia", DIAS, key="pres-dia", horizontal=True, label_visibility="collapsed")
n3.button("Volgende →", key="pres-volgende", on_click=_stap, args=(1,), width="stretch")
with n4:
    ui.presentatie_toetsen()
with n5.popover("Instellingen", width="stretch"):
    st.caption(
        "Bedienen: pijltjes, PageDown/PageUp (afstandsbediening) of spatie; Home en End voor "
        "de eerste en laatste dia; F voor een volledig scherm."
    )
    p1, p2 = st.columns(2)
    gemeente = p1.selectbox(
        "Gemeente",
        codes,
        index=codes.index("GM1930") if "GM1930" in codes else 0,
        format_func=lambda c: f"{namen[c]} ({c})",
        key="pres-gemeente",
    )
    plannen = opslag.plannen_voor(engine, gemeente)
    plan_ids = [0, *[p.id for p in plannen]]
    labels = {0: "Geen plan (alleen situatie en regio)"} | {
        p.id: f"{p.naam} – {STATUSSEN[p.status].lower()}, versie {p.versie}" for p in plannen
    }
    if state.get("pres-plan") not in plan_ids:
        state["pres-plan"] = plan_ids[1] if len(plan_ids) > 1 else 0
    plan_id = p2.selectbox("Plan", plan_ids, format_func=labels.get, key="pres-plan")


plan = opslag.laad_plan(engine, plan_id)[0] if plan_id else None
gemeenten = plan.gemeenten if plan else (gemeente,)

# Home and End (keyboard, clicker): hidden buttons the key script presses.
st.button("Eerste dia", key="pres-eerste", on_click=_naar, args=(0,))
st.button("Laatste dia", key="pres-laatste", on_click=_naar, args=(len(DIAS) - 1,))
dia = state.get("pres-dia", DIAS[0])
nummer = DIAS.index(dia) + 1
if st.query_params.get("dia") != str(nummer):
    st.query_params["dia"] = str(nummer)
    state["_pres_url_dia"] = nummer

if dia == DIAS[0]:
    stap1 = ui.plan_stap1(data_key, tuple(gemeenten))
    st.header("Situatie: " + ", ".join(namen.get(c, c) for c in gemeenten))
    links, rechts = st.columns([3, 2])
    signaal = tuple(x.wijkcode for x in stap1.signalen)
    links.image(
        ui.plan_kaart_png(data_key, tuple(gemeenten), signaal, "Wijken", True),
        alt=kaart_alt(data.wijken[data.wijken["gemeentecode"].isin(gemeenten)], signaal, "Wijken"),
        caption="Gearceerd en genummerd: meerdere cijfers wijzen op extra aandacht.",
    )
    with rechts:
        for code in gemeenten:
            band = stap1.banden.get(code)
            if band:
                st.subheader(namen.get(code, code))
                st.metric(
                    "Kinderen per jaar (schatting)",
                    f"{monitor.toon_aantal(round(band.laag))} – "
                    f"{monitor.toon_aantal(round(band.hoog))}",
                )
        if stap1.signalen:
            st.markdown("**Aandacht in:** " + ", ".join(x.wijknaam for x in stap1.signalen))
        st.caption(f"Bron: {estimates.PREVALENTIE_BRON}, toegepast op het aantal kinderen (CBS).")

elif dia == DIAS[1]:
    st.header("Gekozen acties")
    if plan is None or not plan.acties:
        st.markdown("Er is nog geen plan met acties voor deze gemeente.")
    else:
        for ga in plan.acties:
            st.markdown(weergave.actie_regel(CAT.actie(ga.nummer), ga))
        st.markdown(
            "**Spectrum:** "
            + " ".join(spectrum_check([x.nummer for x in plan.acties], CAT.acties).zinnen())
        )
        st.caption(f"Bron van de acties: {CAT.bron}.")

elif dia == DIAS[2]:
    st.header("Monitor")
    acties = plan.acties if plan is not None else ()
    grafieken = [(ga.nummer, ind) for ga in acties for ind in ga.indicatoren if ind.metingen]
    if not grafieken:
        st.markdown("Er zijn nog geen metingen om te tonen.")
    kolommen = st.columns(min(len(grafieken), 3) or 1)
    for i, (nummer, ind) in enumerate(grafieken):
        r = monitor.realisatie(ind)
        kolommen[i % len(kolommen)].image(
            ui.plan_monitor_png(ind, f"Actie {nummer}: {ind.naam}", groot=True),
            alt=monitor_alt(ind, f"Actie {nummer}: {ind.naam}"),
            caption=f"{r.status}. Bron: {ind.bron or 'nog niet ingevuld'}.",
        )

elif dia == DIAS[3]:
    regio = regio_gemeenten(data, gemeente)
    st.header("Regionale matrix: " + (regio_naam(data, gemeente) or namen[gemeente]))
    plannen_regio = [p for _, p in opslag.laatste_plannen(engine, regio)]
    rijen = regionale_matrix([(c, namen.get(c, c)) for c in regio], plannen_regio)
    st.markdown(matrix_html(rijen, {a.nummer: a.titel for a in CAT.acties}), unsafe_allow_html=True)
    st.markdown(
        f"{SYMBOOL['vastgesteld']} = in een vastgesteld plan; {SYMBOOL['concept']} = alleen in "
        f"een concept; {SYMBOOL[None]} = in geen enkel plan."
    )
    st.markdown(
        '<p class="pk-acties">'
        + "; ".join(f"<b>{a.nummer}</b> = {escape(a.titel)}" for a in CAT.acties)
        + f". Bron: {escape(CAT.bron.split(' (')[0])}.</p>",
        unsafe_allow_html=True,
    )

else:
    st.header("Registraties zijn geen prevalentie")
    links, rechts = st.columns([3, 2])
    links.image(
        ui.plan_registratie_png(True, groot=True),
        alt=registratie_alt(registraties.grafiekrijen(True), registraties.GRAFIEK_BRON),
        caption="AMK-onderzoeken per 1.000 kinderen van 0-17 jaar in 2013 (Hellevoetsluis, "
        "Westvoorne en Brielle samengeteld, nu Voorne aan Zee) naast Nederland en de prevalentie; "
        "bron in de grafiek.",
    )
    rechts.markdown(registraties.UITLEG_GEEN_PREVALENTIE)
