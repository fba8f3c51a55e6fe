"""Preventiekaart entry point: page config, shared sidebar, navigation."""

import streamlit as st

import ui

st.set_page_config(page_title="Preventiekaart", page_icon="🧭", layout="wide")
ui.sidebar()
ui.toegankelijkheid()

PAGES = [
    st.Page("pages/start.py", title="Start", icon=":material/home:", default=True),
    st.Page("pages/wijkprofiel.py", title="Wijkprofiel", icon=":material/map:"),
    st.Page("pages/verwijzen.py", title="Waar verwijs ik naar?", icon=":material/diversity_1:"),
    st.Page("pages/beheer.py", title="Beheer sociale kaart", icon=":material/edit_note:"),
    st.Page("pages/plan.py", title="Preventieplan", icon=":material/checklist:"),
    st.Page("pages/presentatie.py", title="Presentatie", icon=":material/slideshow:"),
]

st.navigation(PAGES).run()
