"""Preventiekaart entry point: page config, the app's own navigation, a Dutch error net."""

import streamlit as st

import ui

st.set_page_config(page_title="Preventiekaart", page_icon="🧭", layout="wide")

PAGES = [
    st.Page("pages/start.py", title="Start", icon=":material/home:", default=True),
    st.Page("pages/wijkprofiel.py", title="Wijkprofiel", icon=":material/map:"),
    st.Page("pages/zorgen.py", title="Zorgen over een kind?", icon=":material/shield_person:"),
    st.Page("pages/verwijzen.py", title="Waar verwijs ik naar?", icon=":material/diversity_1:"),
    st.Page("pages/beheer.py", title="Beheer sociale kaart", icon=":material/edit_note:"),
    st.Page("pages/plan.py", title="Preventieplan", icon=":material/checklist:"),
    st.Page("pages/presentatie.py", title="Presentatie", icon=":material/slideshow:"),
]

pagina = ui.navigatie(PAGES)
ui.sidebar()
ui.toegankelijkheid()
ui.toon_pagina(pagina)
