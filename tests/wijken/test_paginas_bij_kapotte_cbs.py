"""Every page stays usable when a CBS file is missing, cut off or damaged (AppTest).

The data dir is the small synthetic one, so each page renders in about a second; the
damage is the same that a cut-off download of the real files gives.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from planner.settings import PROJECT_ROOT

APP = str(PROJECT_ROOT / "app.py")
PAGINAS = (
    "pages/start.py",
    "pages/wijkprofiel.py",
    "pages/verwijzen.py",
    "pages/beheer.py",
    "pages/plan.py",
    "pages/presentatie.py",
)
# Pages that need the CBS data and must say in Dutch what is wrong with which file.
MET_CBS = {"pages/wijkprofiel.py", "pages/plan.py", "pages/presentatie.py"}


def _ontbreekt(d: Path, _echt: Path) -> str:
    shutil.rmtree(d)
    return "PREVENTIEKAART_DATA_DIR"


def _wijkgrenzen_afgebroken(d: Path, echt: Path) -> str:
    wijk = (echt / "geo" / "wijk_2024_wgs84.geojson").read_bytes()
    (d / "geo" / "wijk_2024.geojson").write_bytes(wijk[:300_000])
    return "wijk_2024.geojson"


def _gemeentegrenzen_kapot(d: Path, _echt: Path) -> str:
    (d / "geo" / "gemeente_2025.geojson").write_bytes(b"\x00\xff PK garbage \x00" * 50)
    return "gemeente_2025.geojson"


def _csv_afgebroken(d: Path, _echt: Path) -> str:
    pad = d / "kwb" / "kwb_2024_85984NED.csv"
    tekst = pad.read_text(encoding="utf-8-sig")
    pad.write_text(tekst[: tekst.rindex(";1500;")], encoding="utf-8")
    return "kwb_2024_85984NED.csv"


def _json_afgebroken(d: Path, _echt: Path) -> str:
    (d / "kwb" / "kwb_2024_basis.json").write_text('{"GM9999": {"Aantal', encoding="utf-8")
    return "kwb_2024_basis.json"


@pytest.mark.parametrize(
    "schade",
    [
        _ontbreekt,
        _wijkgrenzen_afgebroken,
        _gemeentegrenzen_kapot,
        _csv_afgebroken,
        _json_afgebroken,
    ],
    ids=lambda f: f.__name__.strip("_"),
)
def test_every_page_survives_a_broken_cbs_file(
    schade, synthetic_dir, cbs_dir, tmp_path, monkeypatch
):
    import streamlit as st

    bestand = schade(synthetic_dir, cbs_dir)
    monkeypatch.setenv("PREVENTIEKAART_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("PREVENTIEKAART_DATA_DIR", str(synthetic_dir))
    monkeypatch.setenv("PREVENTIEKAART_TILES", "geen")
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(APP, default_timeout=60).run()
    for pagina in PAGINAS:
        at.switch_page(pagina).run()
        assert not at.exception, (pagina, [e.value for e in at.exception])
        if pagina in MET_CBS:
            fouten = " ".join(e.value for e in at.error)
            assert bestand in fouten, (pagina, fouten)
            assert "Traceback" not in fouten and "Failed to read" not in fouten
    st.cache_resource.clear()
