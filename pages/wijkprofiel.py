"""Wijkprofiel: CBS indicators per wijk on a map, a wijk's profile and an honest estimate."""

import streamlit as st

import ui
from planner import maps, tekst
from planner.wijken import estimates, indicators, weergave
from planner.wijken.cbs import ontbrekende_tabellen

st.title("Wijkprofiel")
st.markdown(
    "Cijfers van het CBS die laten zien **waar preventie-inzet kan helpen**. Het zijn "
    "signalen, geen oordeel over een wijk of de gezinnen die er wonen."
)

data = ui.cbs()
if data is None:
    st.stop()
s = ui.settings()
if data.warnings:
    with st.expander(f"{len(data.warnings)} bestand(en) in de gegevensmap niet gebruikt"):
        st.markdown("\n".join(f"- {w}" for w in data.warnings))
ontbreekt = ontbrekende_tabellen(data)
if ontbreekt:
    st.warning(
        "Deze CBS-tabellen ontbreken of zijn onleesbaar, dus de cijfers die erop steunen "
        "worden niet getoond:\n"
        + "\n".join(f"- {t}" for t in ontbreekt)
        + "\n\nInstalleer ze met `python -m planner.cbs install` (zie de README)."
    )
data_key = ui.data_key()
reeksen, posities = ui.reeksen(data_key)
catalogus = indicators.catalogue()


def _na_klik(returned: dict | None, gemeente: str) -> bool:
    """A click on the map selects its wijk/gemeente before the widgets are drawn: one run."""
    nieuw, st.session_state["_klik"] = maps.keuze_na_klik(
        returned, st.session_state.get("_klik"), gemeente
    )
    if nieuw is not None:
        st.session_state["_keuze"] = nieuw
    return nieuw is not None


# A click on the map in the previous run may ask for another gemeente and/or wijk; apply
# it before the widgets are drawn (Streamlit forbids changing a drawn widget's state).
keuze = st.session_state.pop("_keuze", None)
if keuze is not None:
    if keuze.gemeente:
        st.session_state["gemeente"] = keuze.gemeente
    if keuze.wijk:
        st.session_state["wijk"] = keuze.wijk

codes = data.gemeente_codes()
namen = dict(zip(data.gemeenten["code"], data.gemeenten["naam"], strict=True))
codes = sorted(codes, key=lambda c: namen[c])
c1, c2, c3 = st.columns([2, 2, 3])
gemeente = c1.selectbox(
    "Gemeente (typ om te zoeken)",
    codes,
    index=codes.index("GM1930") if "GM1930" in codes else 0,
    format_func=lambda c: f"{namen[c]} ({c})",
    key="gemeente",
)
schaal = c2.selectbox(
    "Wat toont de kaart?",
    weergave.schalen(data),
    format_func=weergave.SCHALEN.get,
    key="schaal",
)
ind_id = c3.selectbox(
    "Indicator",
    [i.id for i in catalogus],
    format_func=lambda i: indicators.by_id(i).label,
    key="indicator",
)
ind = indicators.by_id(ind_id)

kaart = ui.kaart_invoer(data_key, schaal, gemeente, ind_id)
wijk_namen = dict(zip(data.wijken["code"], data.wijken["naam"], strict=True))
wijk_codes = sorted(data.wijken_van(gemeente)["code"], key=wijk_namen.get)
# The profile's wijk is outlined on the map from the first paint, so choose it before the map.
if st.session_state.get("wijk") not in wijk_codes:
    st.session_state["wijk"] = wijk_codes[0]

kaart_col, info_col = st.columns([3, 2])
with kaart_col:
    st.markdown(f"**{ind.label}** ({ind.eenheid}) – {weergave.SCHALEN[schaal].lower()}")
    if kaart.leeg:
        st.info(kaart.leeg, icon=":material/info:")
    if ui.map_assets_ok():
        geo = ui.geobron(data_key, schaal, gemeente)
        m = maps.choropleth(
            geo,
            kaart.waarden,
            kaart.breaks,
            kaart.tooltips,
            weergave.TOOLTIP_ALIASES,
            tiles=s.tiles,
            layer_name=ind.label,
            info=ui.choropleth_info(data_key, schaal, gemeente, ind_id),
        )
        gekozen = gemeente if schaal == "nl_gemeenten" else st.session_state.get("wijk")
        laag = None
        if gekozen and gekozen in geo.codes:
            laag = maps.markering(bron=geo, code=gekozen)
        elif gekozen and schaal == "buurten" and (omtrek := ui.wijk_omtrek(gekozen)):
            laag = maps.markering(omtrek)
        kaart_key = f"kaart-{schaal}"
        returned = ui.folium_map(
            m,
            key=kaart_key,
            returned_objects=("last_object_clicked", "last_active_drawing"),
            laag=laag,
            on_change=lambda: _na_klik(
                st.session_state.get(kaart_key), st.session_state.get("gemeente", "")
            ),
        )
        # Without the callback (e.g. a test that replaces the map) a click still selects.
        if _na_klik(returned, gemeente):
            st.rerun()
    st.caption(
        "Klik op een wijk of kies hem hiernaast. Met het toetsenbord: kies de wijk in de lijst. "
        "Bron grenzen: CBS/PDOK (CC BY 4.0)."
    )

with info_col:
    st.markdown("**Legenda**")
    st.markdown(
        "\n".join(
            f"- <span style='display:inline-block;width:1.2em;height:1em;background:{k.kleur};"
            f"border:1px {'dashed' if k.ontbreekt else 'solid'} #333' aria-hidden='true'>"
            f"</span> {k.tekst} ({k.aantal} gebieden)"
            for k in kaart.legenda
        ),
        unsafe_allow_html=True,
    )
    st.markdown(f"**Wat zegt dit?** {ind.uitleg}")
    st.caption(f"Risicofactor ({ind.niveau}): {ind.risicofactor}.")
    st.caption("Bron: " + (" | ".join(kaart.bronnen) if kaart.bronnen else "geen gegevens geladen"))

st.divider()
st.subheader("Profiel van een wijk")
if not wijk_codes:
    st.warning("Voor deze gemeente zijn geen wijkgrenzen geladen.")
    st.stop()
wijk = st.selectbox("Wijk", wijk_codes, format_func=lambda c: f"{wijk_namen[c]} ({c})", key="wijk")
st.dataframe(
    weergave.profiel_tabel(indicators.profiel(data, wijk, reeksen, posities)),
    hide_index=True,
    width="stretch",
)

col_w, col_g = st.columns(2)
for col, code, titel in (
    (col_w, wijk, f"Wijk {wijk_namen[wijk]}"),
    (col_g, gemeente, f"Gemeente {namen[gemeente]}"),
):
    with col:
        st.markdown(f"**{titel}: geschatte aantal kinderen dat slachtoffer wordt**")
        sch = weergave.schatting(data, code)
        if sch is None:
            st.info(
                "Geen schatting mogelijk: het aantal inwoners van dit gebied of het aantal "
                "minderjarigen in de gemeente (CBS 85383NED) ontbreekt in de geladen gegevens."
            )
            continue
        st.metric("Verwacht per jaar (bandbreedte)", sch.band)
        st.markdown(
            f"- Kinderen 0-17 jaar: **{sch.kinderen}** ({sch.kinderen_methode})\n"
            f"- Volgens de oudere studie (34 per 1.000): {sch.per_1000_2011}\n"
            f"- Geschatte kosten: {sch.kosten}"
        )
        with st.expander("Aannames en bronnen"):
            st.markdown("\n".join(f"- {a}" for a in sch.aannames))

with st.expander("Aandachtsscore: zelf samenstellen (signaal voor preventie-inzet)"):
    st.markdown(
        "De score is het gewogen gemiddelde van de positie van de wijk ten opzichte van alle "
        "wijken in Nederland (0-100) voor de indicatoren die u kiest. Een signaal om het "
        "gesprek te beginnen, geen rangorde. De tabel staat op wijknaam."
    )
    gewichten = {}
    cols = st.columns(3)
    for i, item in enumerate(catalogus):
        gewichten[item.id] = cols[i % 3].slider(
            f"Gewicht: {item.label}",
            0,
            3,
            item.standaardgewicht,
            key=f"gewicht-{item.id}",
        )
    score = indicators.aandachtsscore(posities, gewichten, wijk_codes)
    score.insert(0, "wijk", [wijk_namen[c] for c in score.index])
    labels = {i.id: i.label for i in catalogus}
    st.dataframe(
        score.rename(
            columns=labels
            | {"score": "signaal (0-100)", "aantal_indicatoren": "aantal indicatoren"}
        )
        .sort_values("wijk")
        .pipe(tekst.tabel),
        width="stretch",
    )

st.subheader("Alle wijken")
tabel = ui.wijk_download_tabel(data_key, gemeente)
st.dataframe(tekst.tabel(tabel), hide_index=True, width="stretch")
st.download_button(
    "Download als CSV",
    tabel.to_csv(index=False, sep=";", decimal=",").encode("utf-8-sig"),
    file_name=f"wijkprofiel_{gemeente}.csv",
    mime="text/csv",
    key="download-csv",
)

st.subheader("Verwacht versus gesignaleerd")
st.markdown(
    "Hoeveel kinderen zou een school, kinderopvang of JGZ-team volgens de landelijke cijfers "
    "per jaar zien, en hoeveel signaleert het? Een grote middelbare school in de regio meldde "
    "4 vermoedens in 12 maanden: veel minder dan de cijfers laten verwachten."
)
v1, v2 = st.columns(2)
n_kind = v1.number_input("Aantal kinderen in de organisatie", 0, 100_000, 1500, key="vg-kinderen")
n_sign = v2.number_input("Gesignaleerd in 12 maanden", 0, 100_000, 4, key="vg-gesignaleerd")
vg = estimates.verwacht_vs_gesignaleerd(int(n_kind), int(n_sign))
st.markdown(
    f"Verwacht per jaar: **{estimates.fmt_aantal(vg.verwacht_laag)} tot "
    f"{estimates.fmt_aantal(vg.verwacht_hoog)}** kinderen "
    f"(34 per 1.000: {estimates.fmt_aantal(vg.verwacht_2011)}). Ongeveer een derde daarvan is "
    f"in beeld bij professionals: {estimates.fmt_aantal(vg.in_beeld_laag)} of meer. "
    f"Gesignaleerd: **{estimates.fmt_aantal(vg.gesignaleerd) if vg.gesignaleerd else 0}**"
    + (
        f", dat is {tekst.procent(vg.aandeel_gesignaleerd, 0)} van de ondergrens."
        if vg.aandeel_gesignaleerd is not None
        else "."
    )
)
st.caption(
    f"Bron: {estimates.PREVALENTIE_BRON}; {estimates.PER_1000_BRON}; minderjarigen: CBS "
    "85383NED, 2024; een derde in beeld: programma Geweld hoort nergens thuis; voorbeeld "
    "van de school: onderzoek Zicht op Zorgen Thuis (Trimbos-instituut, regio "
    "Zuid-Hollandse Eilanden)."
)

with st.expander("Risicofactoren zonder open gegevens"):
    st.markdown(
        "Voor deze risicofactoren bestaan geen open cijfers per wijk. Bespreek ze met "
        "professionals en bewoners:\n"
        + "\n".join(f"- **{z.niveau}**: {z.risicofactor}" for z in indicators.zonder_open_data())
    )
