"""Fixtures for the wijken tests: the real shared data, and small synthetic data dirs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from planner.settings import Settings
from planner.wijken.cbs import CbsData, load_cbs


@pytest.fixture(scope="session")
def cbs_real(cbs_dir, tmp_path_factory) -> CbsData:
    home = tmp_path_factory.mktemp("home")
    s = Settings.from_env(
        {"PREVENTIEKAART_DATA_DIR": str(cbs_dir), "PREVENTIEKAART_HOME": str(home)}
    )
    return load_cbs(s)


def square(x: float, y: float, d: float = 0.01) -> dict:
    return {
        "type": "Polygon",
        "coordinates": [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]],
    }


def write_geo(path: Path, rubriek: str, feats: list[tuple[str, str, dict]], name_key: str) -> None:
    fc = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": code,
                "geometry": geom,
                "properties": {"statcode": code, name_key: naam, "rubriek": rubriek},
            }
            for code, naam, geom in feats
        ],
    }
    path.write_text(json.dumps(fc), encoding="utf-8")


@pytest.fixture
def synthetic_dir(tmp_path: Path) -> Path:
    """A made-up gemeente GM9999 with three wijken, in the official CBS layouts."""
    d = tmp_path / "cbs"
    (d / "geo").mkdir(parents=True)
    (d / "kwb").mkdir()
    write_geo(
        d / "geo" / "gemeente_2025.geojson",
        "gemeente",
        [("GM9999", "Proefdorp", square(4.0, 52.0, 0.05))],
        "statnaam",
    )
    write_geo(
        d / "geo" / "wijk_2024.geojson",
        "wijk",
        [
            ("WK999901", "Noord <b>", square(4.0, 52.0)),
            ("WK999902", "Midden", square(4.02, 52.0)),
            ("WK999903", "Zuid", square(4.04, 52.0)),
        ],
        "name",
    )
    header = (
        "ID;WijkenEnBuurten;Gemeentenaam_1;SoortRegio_2;Codering_3;AantalInwoners_5;"
        "k_0Tot15Jaar_8;k_15Tot25Jaar_9;HuishoudensTotaal_29;HuishoudensMetKinderen_32;"
        "HuishOnderOfRondSociaalMinimum_90"
    )
    rows = [
        "0;Nederland;Nederland                ;Land      ;NL01      ;1000000;150000;120000;450000;140000;7.0",
        "1;Proefdorp;Proefdorp                ;Gemeente  ;GM9999    ;3000;450;300;1300;400;8.5",
        "2;Noord <b>;Proefdorp                ;Wijk      ;WK999901  ;1000;200;100;400;150;12.0",
        "3;Midden;Proefdorp                   ;Wijk      ;WK999902  ;1500;200;150;700;200;-99999999",
        "4;Zuid;Proefdorp                     ;Wijk      ;WK999903  ;500;50;50;200;50;",
    ]
    (d / "kwb" / "kwb_2024_85984NED.csv").write_text(
        "\ufeff" + header + "\n" + "\n".join(rows) + "\n", encoding="utf-8"
    )
    return d


@pytest.fixture
def synthetic(synthetic_dir: Path, tmp_path: Path) -> CbsData:
    s = Settings.from_env(
        {"PREVENTIEKAART_DATA_DIR": str(synthetic_dir), "PREVENTIEKAART_HOME": str(tmp_path / "h")}
    )
    return load_cbs(s)
