"""app.py frames every page: its own Dutch navigation, and a Dutch error net (issues 7, 14).

Browser tests (tests/browser/test_navigatie_browser.py) cover what AppTest cannot: the
first second of a visit, typed URLs, a cold server.
"""

from __future__ import annotations

import logging
import tomllib

import pytest
from streamlit.testing.v1 import AppTest

from planner.settings import PROJECT_ROOT

APP = str(PROJECT_ROOT / "app.py")
TITELS = [
    "Start",
    "Wijkprofiel",
    "Zorgen over een kind?",
    "Waar verwijs ik naar?",
    "Beheer sociale kaart",
    "Preventieplan",
    "Presentatie",
]


@pytest.fixture(autouse=True)
def _omgeving(monkeypatch, tmp_path, cbs_dir):
    import streamlit as st

    monkeypatch.setenv("PREVENTIEKAART_HOME", str(tmp_path))
    monkeypatch.setenv("PREVENTIEKAART_DATA_DIR", str(cbs_dir))
    monkeypatch.setenv("PREVENTIEKAART_TILES", "geen")
    monkeypatch.delenv("DATABASE_URL", raising=False)
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


def _links(at: AppTest) -> list[str]:
    return [p.proto.label for p in at.sidebar.get("page_link")]


def test_config_hides_streamlits_menu_and_error_details():
    config = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text())
    assert config["client"]["showSidebarNavigation"] is False
    assert config["client"]["showErrorDetails"] == "none"


def test_first_run_of_a_fresh_server_goes_through_app_py(koude_start):
    """Streamlit's legacy pages/ mode is on; app.py switches it off and reruns itself."""
    from streamlit.runtime.pages_manager import PagesManager

    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert PagesManager.uses_pages_directory is False
    assert _links(at) == TITELS
    assert [t.value for t in at.title] == ["Preventiekaart"]


@pytest.mark.parametrize(
    ("pagina", "titel"),
    [
        ("pages/beheer.py", "Beheer sociale kaart"),
        ("pages/verwijzen.py", "Waar verwijs ik naar?"),
        ("pages/start.py", "Preventiekaart"),
    ],
)
def test_every_page_gets_the_apps_navigation_and_help_numbers(pagina, titel):
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page(pagina).run()
    assert not at.exception
    assert at.title[0].value == titel
    assert _links(at) == TITELS  # Dutch titles in app.py's order, no file names
    assert "0800-2000" in " ".join(m.value for m in at.sidebar.markdown)


def test_an_unexpected_error_shows_dutch_and_is_logged_with_its_traceback(monkeypatch, caplog):
    import ui

    def kapot():
        raise RuntimeError("geheim intern detail /srv/pad")

    monkeypatch.setattr(ui, "cbs", kapot)
    at = AppTest.from_file(APP, default_timeout=60).run()
    with caplog.at_level(logging.ERROR, logger="preventiekaart"):
        at.switch_page("pages/wijkprofiel.py").run()
    assert not at.exception  # nothing reaches Streamlit's own (English) error box
    assert [e.value for e in at.error] == [ui.FOUTMELDING]
    zichtbaar = " ".join(
        str(getattr(e, "value", "")) for e in at.main.children.values() if hasattr(e, "value")
    )
    assert "geheim" not in zichtbaar and "Traceback" not in zichtbaar
    assert _links(at) == TITELS  # the user can go elsewhere
    fout = [r for r in caplog.records if r.name == "preventiekaart"]
    assert len(fout) == 1 and fout[0].exc_info is not None
    assert "geheim intern detail" in caplog.text and "Traceback" in caplog.text


def test_an_error_in_a_widget_callback_shows_the_same_dutch_text_and_no_trace():
    """A callback runs before app.py's error net; Streamlit's fixed text is Dutch instead."""

    def script():
        import streamlit as st

        import ui  # noqa: F401  (sets the Dutch text)

        def boem():
            raise ValueError("geheim intern detail")

        st.button("Opslaan", on_click=boem)

    at = AppTest.from_function(script, default_timeout=30).run()
    at.button[0].click().run()
    import ui

    assert len(at.exception) == 1
    fout = at.exception[0]
    assert fout.message == ui.FOUTMELDING
    assert "geheim" not in fout.message and not fout.stack_trace and not fout.proto.type


class _UiImports:
    """Meta-path finder that records every module object Python creates for ``ui``."""

    def __init__(self) -> None:
        self.modules: list = []

    def find_spec(self, name, path=None, target=None):
        if name != "ui":
            return None
        from importlib.machinery import PathFinder

        spec = PathFinder.find_spec(name, [str(PROJECT_ROOT)])
        exec_module = spec.loader.exec_module

        def record(module) -> None:
            self.modules.append(module)
            exec_module(module)

        spec.loader.exec_module = record
        return spec


def test_a_cold_deep_link_never_aborts_the_import_of_ui(koude_start, monkeypatch):
    """Issue 13: with many visitors on a cold process a page failed with "module 'ui' has no
    attribute 'cbs'". The legacy-mode guard raised st.rerun() while ui was being imported;
    a session importing ui at that moment kept the half-initialised module. The guard now
    only queues the rerun: ui is executed once, completely, and the deep link still ends
    up on app.py's frame."""
    import sys

    from streamlit.runtime.pages_manager import PagesManager

    at = AppTest.from_file(APP, default_timeout=60).run()
    monkeypatch.delitem(sys.modules, "ui")  # restored afterwards: other tests keep theirs
    imports = _UiImports()
    monkeypatch.setattr(sys, "meta_path", [imports, *sys.meta_path])
    at.switch_page("pages/wijkprofiel.py").run()  # a fresh process: legacy mode is on again
    assert len(imports.modules) == 1, "ui was imported more than once (an import was aborted)"
    (module,) = imports.modules
    assert hasattr(module, "cbs") and sys.modules["ui"] is module
    assert PagesManager.uses_pages_directory is False
    assert not at.exception
    assert at.title[0].value == "Wijkprofiel"
    assert _links(at) == TITELS  # rerun through app.py: its navigation is there
