"""Landing page: what the app offers and where to start."""

import streamlit as st

st.title("Preventiekaart")
st.markdown(
    "Eén plek voor gemeenten en professionals in de regio om kindermishandeling en "
    "huiselijk geweld te helpen voorkomen."
)
st.subheader("Zorgen over een kind?")
st.markdown(
    "Voor professionals met een zorg over de veiligheid van een kind: de vijf stappen van de "
    "meldcode, de afwegingsvragen voor uw beroep en wie u nu belt."
)
st.page_link(
    "pages/zorgen.py", label="Naar de stappen van de meldcode", icon=":material/shield_person:"
)
col1, col2, col3 = st.columns(3)
with col1:
    st.subheader("Waar verwijs ik naar?")
    st.markdown(
        "Voor professionals met zorgen over een gezin: vind hulp die past bij de leeftijd en "
        "het probleem, met contactgegevens, de route naar binnen en de wachttijd."
    )
    st.page_link("pages/verwijzen.py", label="Naar de sociale kaart", icon=":material/search:")
with col2:
    st.subheader("Wijkprofiel")
    st.markdown(
        "Bekijk per wijk cijfers van het CBS die wijzen op waar preventie kan helpen, "
        "met een eerlijke schatting van het aantal kinderen dat het raakt."
    )
    st.page_link("pages/wijkprofiel.py", label="Naar het wijkprofiel", icon=":material/map:")
with col3:
    st.subheader("Preventieplan")
    st.markdown(
        "Doorloop de drie stappen: situatie beoordelen, acties kiezen, monitoren. "
        "Exporteer het plan naar Word of PDF en toon het in het regionaal overleg."
    )
    st.page_link("pages/plan.py", label="Naar het preventieplan", icon=":material/checklist:")
st.caption(
    "Cijfers: CBS en CBS/PDOK (CC BY 4.0), met bron en jaar bij elk getal. Indicatoren zijn "
    "signalen voor waar preventie kan helpen, geen oordeel over een wijk of gezin."
)
