"""AppTest of "Zorgen over een kind?": the route per beroepsgroep, local help, and it stores nothing."""

from __future__ import annotations

import hashlib
import logging
import re

import pytest
from sqlalchemy import MetaData, select
from streamlit.testing.v1 import AppTest

from planner.settings import PROJECT_ROOT, Settings
from planner.store import open_store

APP = str(PROJECT_ROOT / "app.py")
PAGINA = PROJECT_ROOT / "pages" / "zorgen.py"


@pytest.fixture(autouse=True)
def _clear_caches():
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("PREVENTIEKAART_HOME", str(tmp_path))
    monkeypatch.setenv("PREVENTIEKAART_TILES", "geen")
    monkeypatch.setenv("PREVENTIEKAART_DATA_DIR", str(tmp_path / "geen-cbs"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    return tmp_path


def _page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("pages/zorgen.py").run()
    assert not at.exception
    return at


def _tekst(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [x.value for x in (*at.info, *at.error, *at.success, *at.warning)]
    return re.sub(r"\\(.)", r"\1", "\n".join(parts))


def _antwoord(at: AppTest, *antwoorden: str) -> AppTest:
    for i, a in enumerate(antwoorden, start=1):
        at.radio(key=f"afweging_{i}").set_value(a).run()
        assert not at.exception
    return at


def _database() -> dict[str, list]:
    """Every row of every table in the store."""
    engine = open_store(Settings.from_env().database_url)
    meta = MetaData()
    meta.reflect(engine)
    with engine.connect() as conn:
        rows = {t.name: sorted(map(repr, conn.execute(select(t)))) for t in meta.sorted_tables}
    engine.dispose()
    return rows


def _bestanden(home) -> dict[str, str]:
    return {
        str(p.relative_to(home)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(home.rglob("*"))
        if p.is_file()
    }


class _Opvang(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def test_help_numbers_steps_and_questions_are_on_the_page(home):
    at = _page()
    tekst = _tekst(at)
    for verwacht in ("112", "0800-2000", "Aandachtsfunctionaris", "Rijksoverheid"):
        assert verwacht in tekst, verwacht
    assert any("kindcheck" in e.label for e in at.expander) and "onder de 18 jaar" in tekst
    for nummer in range(1, 6):
        assert f"Stap {nummer}." in tekst
    assert "(tel:08002000)" in tekst and "(tel:112)" in tekst
    # one question at a time: the next appears after an answer
    assert [r.key for r in at.radio] == ["afweging_1"]
    _antwoord(at, "ja")
    assert [r.key for r in at.radio] == ["afweging_1", "afweging_2"]


def test_acute_unsafety_ends_in_melden_bij_veilig_thuis(home):
    at = _antwoord(_page(), "ja", "ja")
    (melding,) = at.error
    assert "Melden bij Veilig Thuis" in melding.value and "(tel:08002000)" in melding.value
    assert not at.get("multiselect")  # no help search: the answer is to report


def test_no_suspicion_closes_and_later_answers_do_not_linger(home):
    at = _antwoord(_page(), "ja", "nee", "ja", "ja", "ja")
    assert at.success and "Hulp bieden of organiseren" in at.success[0].value
    at.radio(key="afweging_1").set_value("nee").run()
    assert not at.success and "Geen vermoeden" in _tekst(at)
    assert [r.key for r in at.radio] == ["afweging_1"]


@pytest.mark.parametrize(
    ("beroep", "verwacht"),
    [
        ("onderwijs", "vertrouwensinspecteur"),
        ("kinderopvang", "meld het meteen bij de houder"),
        ("huisarts", "meldrecht"),
        ("jgz", "huilbaby"),
    ],
)
def test_each_beroepsgroep_shows_what_differs(home, beroep, verwacht):
    at = _page()
    at.selectbox(key="zorgen_beroep").set_value(beroep).run()
    assert verwacht in _tekst(at)
    kindcheck = [e for e in at.expander if "kindcheck" in e.label]
    assert kindcheck


def test_help_path_ends_in_local_aanbod_for_region_age_and_problem(home):
    at = _page()
    at.selectbox(key="zorgen_beroep").set_value("jgz").run()
    _antwoord(at, "ja", "nee", "ja", "ja", "ja")
    # the beroepsgroep suggests the problem areas; the professional picks region and age
    assert [p.value for p in at.multiselect(key="zorgen_probleem").value] == [
        "opvoedondersteuning",
        "zwangerschap_jonge_ouders",
    ]
    at.selectbox(key="zorgen_gemeente").set_value("GM1930").run()
    at.number_input(key="zorgen_leeftijd").set_value(7.0).run()
    assert not at.exception
    tekst = _tekst(at)
    assert "Jeugdgezondheidszorg: consultatiebureau en huisbezoeken" in tekst
    assert "Jeugd- en gezinscoach in de wijk" in tekst
    assert "VoorZorg" not in tekst  # up to 2 years: not for a 7-year-old
    assert "Algemeen maatschappelijk werk" not in tekst  # adults only, other problems
    assert "mailto:jgz@example.org" in tekst and "fictief voorbeeld" in tekst
    assert "Voorbeeldgegevens" in tekst


def test_the_page_has_no_free_text_and_no_cookie_or_url_state(home):
    at = _page()
    _antwoord(at, "ja", "nee", "ja", "ja", "ja")
    assert not at.text_input and not at.text_area and not at.chat_input
    import ast

    namen: set[str] = set()
    for pad in (PAGINA, PROJECT_ROOT / "planner" / "meldcode.py"):
        for node in ast.walk(ast.parse(pad.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Name):
                namen.add(node.id)
            elif isinstance(node, ast.Attribute):
                namen.add(node.attr)
            elif isinstance(node, ast.Import | ast.ImportFrom):
                namen |= {a.name for a in node.names} | {getattr(node, "module", None) or ""}
    verboden = {"cookies", "query_params", "context", "logging", "getLogger", "kaart_engine"}
    verboden |= {"open_store", "text_input", "text_area", "chat_input", "session_state"}
    assert not namen & verboden, namen & verboden


def test_walking_the_route_leaves_database_files_and_log_unchanged(home):
    from planner.kaart.voorbeeld import seed_if_empty

    engine = open_store(Settings.from_env().database_url)
    seed_if_empty(engine)  # a kaart as the page would find it
    engine.dispose()
    at = _page()
    db_voor, bestanden_voor = _database(), _bestanden(home)
    opvang = _Opvang()
    logging.getLogger().addHandler(opvang)
    try:
        at.selectbox(key="zorgen_beroep").set_value("wijkteam").run()
        _antwoord(at, "ja", "nee", "ja", "ja", "ja")
        at.selectbox(key="zorgen_gemeente").set_value("GM1930").run()
        at.number_input(key="zorgen_leeftijd").set_value(7.0).run()
        at.radio(key="afweging_2").set_value("ja").run()  # and on to a melding
        assert not at.exception and at.error
    finally:
        logging.getLogger().removeHandler(opvang)
    assert _database() == db_voor
    assert _bestanden(home) == bestanden_voor
    eigen = [r for r in opvang.records if not r.name.startswith("streamlit")]
    assert eigen == [], [r.getMessage() for r in eigen]
    assert all("7.0" not in r.getMessage() for r in opvang.records)
