"""Landing page: what the app offers and where to start."""

import streamlit as st

st.title("Preventiekaart")
st.markdown(
    "Eén plek voor gemeenten en professionals in de regio om kindermishandeling en "
    "huiselijk geweld te helpen voorkomen."
)
col1, col2, col3 = st.columns(3)
with col1:
    st.subheader("Wijkprofiel")
    st.markdown(
        "Bekijk per wijk cijfers van het CBS die wijzen op waar preventie kan helpen, "
        "met een eerlijke schatting van het aantal kinderen dat het raakt."
    )

with col2:
    st.subheader("Sociale kaart")
    st.markdown("Vind snel waar u een gezin naartoe verwijst, met contact en wachttijd.")
with col3:
    st.subheader("Preventieplan")
    st.markdown("Doorloop de drie stappen: situatie beoordelen, acties kiezen, monitoren.")
st.info(
    "Acuut gevaar? Bel **112**. Twijfel of zorgen over een kind of gezin? Bel Veilig Thuis: "
    "**0800-2000** (gratis, dag en nacht bereikbaar)."
)
