"""The Wijkprofiel for every scale × indicator, and for the gemeenten with the least data.

One AppTest session per scale and gemeente walks through every indicator: no exception,
and where a whole map has no value the page says "geen gegevens" and why. The CBS data is
parsed once for the module (one home, so the disk cache is reused). The map component is
replaced by a stand-in that still *builds* the folium map (so a builder error surfaces)
but skips serialising it to HTML, which is the slow part and is tested elsewhere.
"""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from planner.settings import PROJECT_ROOT
from planner.wijken import indicators

APP = str(PROJECT_ROOT / "app.py")
# Default gemeente, smallest, largest, and the last in the alphabet (beyond the partial KWB).
STEEKPROEF = ("GM1930", "GM0088", "GM0363", "GM0193")
VERBODEN = re.compile(r"\b(None|nan|NaN)\b|\d\.\d\d\b|\b\d{4,}\.\d+\b")


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    return tmp_path_factory.mktemp("wijkprofiel-home")


@pytest.fixture
def app(home, cbs_dir, monkeypatch):
    import ui

    monkeypatch.setenv("PREVENTIEKAART_HOME", str(home))
    monkeypatch.setenv("PREVENTIEKAART_DATA_DIR", str(cbs_dir))
    monkeypatch.setenv("PREVENTIEKAART_TILES", "geen")
    gebouwd = []

    def kaart(m, **_k):
        gebouwd.append(m)  # the page built the folium map; only sending it is skipped
        return None

    monkeypatch.setattr(ui, "folium_map", kaart)
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.switch_page("pages/wijkprofiel.py").run()
    assert not at.exception
    return at, gebouwd


def _zichtbare_tekst(at: AppTest) -> str:
    delen = [m.value for m in at.markdown] + [c.value for c in at.caption]
    delen += [i.value for i in at.info] + [w.value for w in at.warning]
    return "\n".join(delen)


def _loop_indicatoren(at: AppTest, gebouwd: list) -> int:
    leeg = 0
    for ind in indicators.catalogue():
        at.selectbox(key="indicator").select(ind.id).run()
        assert not at.exception, (ind.id, [e.value for e in at.exception])
        assert gebouwd, "de kaart is niet gebouwd"
        gebouwd.clear()
        tekst = _zichtbare_tekst(at)
        legenda = next(m.value for m in at.markdown if "gebieden)" in m.value)
        if "geen gegevens (gestippelde rand)" in legenda and "–" not in legenda:
            # Only the "geen gegevens" entry: the page must say why, in one sentence.
            leeg += 1
            assert any(i.value.startswith("Geen gegevens op de kaart") for i in at.info), ind.id
        assert "Traceback" not in tekst
        profiel = at.dataframe[0].value
        for kolom in ("Waarde", "Gemeente", "Nederland"):
            for cel in profiel[kolom]:
                assert not VERBODEN.search(str(cel)), (ind.id, kolom, cel)
    return leeg


@pytest.mark.parametrize("gemeente", STEEKPROEF)
def test_every_indicator_on_the_wijken_of_a_gemeente(app, gemeente):
    at, gebouwd = app
    at.selectbox(key="gemeente").select(gemeente).run()
    assert not at.exception
    leeg = _loop_indicatoren(at, gebouwd)
    # Gemeente-only figures (gemeentefonds, jeugdhulp %) never fill a wijk map.
    assert leeg >= 4


@pytest.mark.parametrize("schaal", ["nl_gemeenten", "nl_wijken"])
def test_every_indicator_on_the_national_maps(app, schaal):
    at, gebouwd = app
    at.selectbox(key="schaal").select(schaal).run()
    assert not at.exception
    _loop_indicatoren(at, gebouwd)
