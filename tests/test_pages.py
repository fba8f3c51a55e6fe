"""Every page renders without an exception (AppTest, no browser)."""

import pytest
from streamlit.testing.v1 import AppTest

from planner.settings import PROJECT_ROOT

APP = str(PROJECT_ROOT / "app.py")


@pytest.fixture(autouse=True)
def _clear_caches():
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    yield


def test_start_page_shows_help_numbers():
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    text = " ".join(m.value for m in at.markdown) + " ".join(i.value for i in at.info)
    assert "0800-2000" in text and "112" in text
