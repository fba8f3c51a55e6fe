"""The one Dutch number formatter: what every screen, table and export shows."""

import math

import pandas as pd
import pytest

from planner import tekst


@pytest.mark.parametrize(
    ("waarde", "verwacht"),
    [
        (7, "7"),
        (7.0, "7"),
        (85000.0, "85.000"),
        (36.8, "36,8"),
        (1195.4, "1.195"),
        (0.52, "0,5"),
        (-0.04, "0"),
        (None, "–"),
        (math.nan, "–"),
        (pd.NA, "–"),
        ("nan", "–"),
    ],
)
def test_getal(waarde, verwacht):
    assert tekst.getal(waarde) == verwacht


@pytest.mark.parametrize(
    ("waarde", "decimalen", "verwacht"),
    [(7.0, 2, "7"), (0.523, 2, "0,52"), (5.16, 2, "5,16"), (10.0, 1, "10"), (1234.5, 1, "1.234,5")],
)
def test_getal_met_vaste_decimalen_laat_lege_nullen_weg(waarde, decimalen, verwacht):
    assert tekst.getal(waarde, decimalen) == verwacht


@pytest.mark.parametrize(
    ("waarde", "verwacht"), [(0, "0"), (1, "< 5"), (4.4, "< 5"), (5, "5"), (16725.2, "16.725")]
)
def test_aantal_verbergt_kleine_aantallen(waarde, verwacht):
    assert tekst.aantal(waarde) == verwacht


def test_procent_euro_en_eenheid():
    assert tekst.procent(0.0272) == "2,7%"
    assert tekst.euro(11875.2) == "€ 11.875"
    assert tekst.euro(1_240_000) == "€ 1,2 miljoen"
    assert tekst.met_eenheid(36.8, "% van huishoudens") == "36,8%"
    assert tekst.met_eenheid(None, "per 1.000") == "geen gegevens"
    assert tekst.met_eenheid(85000.0, "aantal huishoudens") == "85.000"


def test_tabel_voor_het_scherm_heeft_geen_python_getallen():
    df = pd.DataFrame({"wijk": ["A", "B"], "x": [36.8, None], "n": [85000.0, 7.0]})
    uit = tekst.tabel(df)
    assert uit.to_dict("list") == {
        "wijk": ["A", "B"],
        "x": ["36,8", "geen gegevens"],
        "n": ["85.000", "7"],
    }


def test_oude_formatters_sturen_door():
    from planner.plan.monitor import toon_getal
    from planner.wijken import estimates, indicators

    assert toon_getal(36.8) == tekst.getal(36.8, 1)
    assert estimates.fmt_euro is tekst.euro and estimates.fmt_pct is tekst.procent
    assert indicators.fmt(85000.0, "per 1.000") == "85.000"


@pytest.mark.parametrize(
    ("invoer", "nederlands", "punt_is_decimaal"),
    [
        # invoer, Dutch reading (monitor import), reading with '.' as decimal (kaart CSV)
        ("12", 12.0, 12.0),
        ("1.234", 1234.0, 1.234),
        ("1.234.567", 1234567.0, None),
        ("1,5", 1.5, 1.5),
        ("1.234,5", 1234.5, None),
        ("-3,25", -3.25, -3.25),
        ("0.5", None, 0.5),
        ("52.0116", None, 52.0116),
        ("1e-05", None, 1e-05),
        ("1,234.5", None, None),
        (" 1 234 ", 1234.0, 1234.0),
        (2.5, 2.5, 2.5),
        ("nan", None, None),
        ("inf", None, None),
        ("1_0", None, None),
        ("١٢", None, None),
        ("twee", None, None),
        (True, None, None),
    ],
)
def test_lees_getal_dutch_and_point_decimal(invoer, nederlands, punt_is_decimaal):
    """One table for both readings, so the difference is written down, not accidental."""
    from planner.fouten import Ongeldig
    from planner.tekst import lees_getal

    for verwacht, punt in ((nederlands, False), (punt_is_decimaal, True)):
        if verwacht is None:
            with pytest.raises(Ongeldig):
                lees_getal(invoer, punt_is_decimaal=punt)
        else:
            assert lees_getal(invoer, punt_is_decimaal=punt) == pytest.approx(verwacht)
