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


@pytest.fixture
def app_env(monkeypatch, tmp_path, cbs_dir):
    monkeypatch.setenv("PREVENTIEKAART_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("PREVENTIEKAART_DATA_DIR", str(cbs_dir))
    monkeypatch.setenv("PREVENTIEKAART_TILES", "geen")
    return tmp_path


def _wijkprofiel() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120).run()
    return at.switch_page("pages/wijkprofiel.py").run()


def test_wijkprofiel_defaults_to_nissewaard_and_shows_the_band(app_env):
    at = _wijkprofiel()
    assert not at.exception
    assert at.selectbox(key="gemeente").value == "GM1930"
    metrics = [m.value for m in at.metric]
    assert "456 tot 643 kinderen per jaar" in metrics
    assert any("bron" in c.value.lower() for c in at.caption)


def test_wijkprofiel_switches_indicator_wijk_and_gemeente(app_env):
    at = _wijkprofiel()
    at.selectbox(key="indicator").select("jeugdzorg").run()
    at.selectbox(key="wijk").select("WK193012").run()
    assert not at.exception
    table = at.dataframe[0].value
    assert "Jongeren met jeugdzorg per 1.000 inwoners" in set(table["Indicator"])
    at.selectbox(key="gemeente").select("GM1992").run()
    assert not at.exception
    assert at.selectbox(key="wijk").value.startswith("WK1992")


def test_wijkprofiel_national_scales_render(app_env):
    at = _wijkprofiel()
    for schaal in ("nl_gemeenten", "nl_wijken"):
        at.selectbox(key="schaal").select(schaal).run()
        assert not at.exception


def test_wijkprofiel_without_data_explains_in_dutch(monkeypatch, tmp_path):
    monkeypatch.setenv("PREVENTIEKAART_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("PREVENTIEKAART_DATA_DIR", str(tmp_path / "ontbreekt"))
    at = _wijkprofiel()
    assert not at.exception
    assert any("PREVENTIEKAART_DATA_DIR" in e.value for e in at.error)


def test_wijkprofiel_map_click_selects_wijk_and_gemeente(app_env, monkeypatch):
    """AppTest cannot click a map: replace the map call by what st_folium returns."""
    import ui

    clicks = iter(
        [
            {
                "last_active_drawing": {"id": "WK193012", "properties": {"code": "WK193012"}},
                "last_object_clicked": {"lat": 51.85, "lng": 4.31},
            },
        ]
    )
    state = {"last": None}

    def fake_map(*_a, **_k):
        state["last"] = next(clicks, state["last"])
        return state["last"]

    monkeypatch.setattr(ui, "folium_map", fake_map)
    at = _wijkprofiel()
    assert not at.exception
    assert at.selectbox(key="wijk").value == "WK193012"
    at.selectbox(key="wijk").select("WK193001").run()  # the repeated click must not undo this
    assert at.selectbox(key="wijk").value == "WK193001"

    clicks = iter(
        [
            {
                "last_active_drawing": {"id": "WK199200", "properties": {"code": "WK199200"}},
                "last_object_clicked": {"lat": 51.82, "lng": 4.13},
            },
        ]
    )
    at.selectbox(key="schaal").select("nl_wijken").run()
    assert not at.exception
    assert at.selectbox(key="gemeente").value == "GM1992"
    assert at.selectbox(key="wijk").value == "WK199200"
