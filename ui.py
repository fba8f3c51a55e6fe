"""Streamlit glue shared by pages: cached loaders and widgets. No domain logic here."""

from __future__ import annotations

import streamlit as st

from planner.settings import Settings

VEILIG_THUIS = "0800-2000"


@st.cache_resource
def settings() -> Settings:
    return Settings.from_env()


def sidebar() -> None:
    """Help numbers stay visible on every page, whatever a user is doing."""
    with st.sidebar:
        st.markdown(
            f"**Zorgen over een kind of gezin?**  \n"
            f"Veilig Thuis: **{VEILIG_THUIS}** (gratis, 24/7)  \n"
            f"Acuut gevaar: **112**"
        )
