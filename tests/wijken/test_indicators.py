"""Indicators: formulas, fallbacks, national positions and the transparent score."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from planner.settings import PROJECT_ROOT
from planner.wijken import indicators as ind
from planner.wijken.values import GEHEIM


def test_catalogue_is_complete_and_documented():
    cat = ind.catalogue()
    assert len({i.id for i in cat}) == len(cat) >= 8
    for i in cat:
        assert i.label and i.uitleg and i.eenheid and i.risicofactor
        assert i.niveau in ind.NIVEAUS
        assert i.richting in {"hoog", "laag"}
        assert i.kandidaten
    raw = json.loads((PROJECT_ROOT / "data" / "indicatoren.json").read_text(encoding="utf-8"))
    assert "migratie" not in json.dumps(raw).lower()  # never a risk indicator (seed 004)
    assert ind.zonder_open_data(), "the catalogue must say which risk factors lack open data"


def test_synthetic_values_and_reasons(synthetic):
    r = ind.bereken(synthetic, ind.by_id("sociaal_minimum"))
    assert r.waarde["WK999901"] == 12.0
    assert pd.isna(r.waarde["WK999902"])
    assert r.reden["WK999902"] == GEHEIM
    assert "85984NED" in r.bron["WK999901"]


def test_ratio_indicator(synthetic):
    r = ind.bereken(synthetic, ind.by_id("huishoudens_met_kinderen"))
    assert r.waarde["WK999901"] == pytest.approx(150 / 400 * 100)
    r = ind.bereken(synthetic, ind.by_id("jonge_kinderen"))
    assert r.waarde["GM9999"] == pytest.approx(15.0)


def test_second_candidate_fills_when_first_is_absent(cbs_real):
    # Nissewaard wijken have no KWB low-income share here, so the 2020 income table is used.
    r = ind.bereken(cbs_real, ind.by_id("laag_inkomen"))
    assert r.waarde["WK193001"] == pytest.approx(54.1)
    assert "2020" in r.bron["WK193001"]


def test_gemeente_only_indicator_has_no_wijk_values(cbs_real):
    r = ind.bereken(cbs_real, ind.by_id("eenouder"))
    assert r.waarde["GM1930"] == pytest.approx(4036 / 14184 * 100)
    assert pd.isna(r.waarde["WK193001"])


def test_position_is_oriented_so_higher_means_stronger_signal(synthetic):
    hoog = ind.Indicator(
        "h", "h", "%", "", "gezin", "", "hoog", (ind.Kandidaat(("AantalInwoners",), None, 1),)
    )
    laag = ind.Indicator("l", "l", "%", "", "gezin", "", "laag", hoog.kandidaten)
    ph = ind.positie_nl(ind.bereken(synthetic, hoog))
    pl = ind.positie_nl(ind.bereken(synthetic, laag))
    assert ph["WK999902"] > ph["WK999903"]  # 1500 > 500 inhabitants
    assert pl["WK999902"] < pl["WK999903"]
    assert pd.isna(ph["GM9999"])  # positions are among wijken only


def test_aandachtsscore_shows_its_parts_and_skips_missing():
    pos = {
        "a": pd.Series({"W1": 80.0, "W2": 20.0, "W3": None}),
        "b": pd.Series({"W1": 40.0, "W2": 60.0, "W3": 50.0}),
    }
    out = ind.aandachtsscore(pos, {"a": 1, "b": 3}, ["W1", "W2", "W3"])
    assert list(out.columns) == ["a", "b", "score", "aantal_indicatoren"]
    assert out.at["W1", "score"] == (80 + 3 * 40) / 4
    assert out.at["W3", "score"] == 50 and out.at["W3", "aantal_indicatoren"] == 1
    assert list(out.index) == ["W1", "W2", "W3"]  # input order, not ranked


def test_zero_weights_give_no_score():
    out = ind.aandachtsscore({"a": pd.Series({"W1": 1.0})}, {"a": 0}, ["W1"])
    assert out["score"].isna().all()


@pytest.mark.parametrize(
    ("value", "eenheid", "text"),
    [
        (12.345, "%", "12,3%"),
        (1234.0, "per 1.000", "1.234"),
        (None, "%", "geen gegevens"),
        (5.0, "× € 1.000", "5"),
        (float("nan"), "per 1.000", "geen gegevens"),
        (36.8, "%", "36,8%"),
        (85000.0, "aantal huishoudens", "85.000"),
    ],
)
def test_dutch_number_format(value, eenheid, text):
    assert ind.fmt(value, eenheid) == text


def test_class_breaks_are_unique_and_ascending():
    assert ind.klassen(pd.Series([1, 1, 1, 2, 3, None])) == sorted(
        set(ind.klassen(pd.Series([1, 1, 1, 2, 3, None])))
    )
    assert ind.klassen(pd.Series([None])) == []


def test_one_source_for_wijk_gemeente_and_nl(cbs_real):
    """KWB 2024 income exists for 40 wijken only; the 2020 table covers the country."""
    r = ind.bereken(cbs_real, ind.by_id("inkomen_per_inwoner"))
    assert set(r.bron.dropna()) == {r.bron["WK193012"]}
    assert "2020" in r.bron["WK193012"]
    assert r.waarde["WK193012"] == pytest.approx(22.9, abs=0.05)
    assert r.waarde["GM1930"] == pytest.approx(27.7)
    assert r.waarde["NL01"] == pytest.approx(27.9)


@pytest.mark.parametrize("code", ["WK199233", "WK193016"])
def test_reason_comes_from_the_source_in_use(cbs_real, code):
    r = ind.bereken(cbs_real, ind.by_id("laag_inkomen"))
    assert pd.isna(r.waarde[code])
    assert r.reden[code] == GEHEIM


def test_positions_span_0_to_100_and_follow_direction(cbs_real):
    r = ind.bereken(cbs_real, ind.by_id("inkomen_per_inwoner"))
    p = ind.positie_nl(r)
    wk = p[p.index.str.startswith("WK")].dropna()
    assert wk.min() == 0 and wk.max() == 100
    lowest_income = r.waarde[r.waarde.index.str.startswith("WK")].idxmin()
    assert p[lowest_income] == 100  # the lowest income is the strongest signal


@pytest.mark.parametrize(
    ("p", "richting", "text"),
    [
        (95, "laag", "lager dan 95%"),
        (95, "hoog", "hoger dan 95%"),
        (65, "hoog", "signaal"),
        (50, "hoog", "midden"),
        (None, "hoog", "–"),
    ],
)
def test_position_words_follow_direction(p, richting, text):
    from planner.wijken.weergave import positie_tekst

    assert text in positie_tekst(p, richting)


def test_download_table_has_gemeente_nl_reasons_and_suppression(cbs_real):
    from planner.wijken import weergave

    reeksen = ind.alle_reeksen(cbs_real)
    df = weergave.download_tabel(cbs_real, cbs_real.wijken_van("GM1930"), reeksen)
    assert list(df["CBS-code"][:2]) == ["GM1930", "NL01"]
    assert len(df) == 2 + len(cbs_real.wijken_van("GM1930"))
    wk = df[df["CBS-code"] == "WK193016"].iloc[0]  # 5 inhabitants
    assert wk["kinderen 0-17"] == "< 5"
    assert wk["verwacht slachtoffer per jaar (laag)"] == "< 5"
    assert wk["geen waarde: Huishoudens in de landelijke laagste 40% inkomens"] == GEHEIM
    nl = df[df["CBS-code"] == "NL01"].iloc[0]
    assert nl["Huishoudens in de landelijke laagste 40% inkomens (% van huishoudens)"] == 40.0
    # Never sorted by a score: wijken in name order after the gemeente and NL rows.
    assert list(df["naam"][2:]) == sorted(df["naam"][2:])


def test_profile_table_names_missing_reasons(cbs_real):
    from planner.wijken import weergave

    reeksen = ind.alle_reeksen(cbs_real)
    pos = {k: ind.positie_nl(r) for k, r in reeksen.items()}
    t = weergave.profiel_tabel(ind.profiel(cbs_real, "WK199233", reeksen, pos))
    row = t[t["Indicator"] == "Huishoudens in de landelijke laagste 40% inkomens"].iloc[0]
    assert row["Waarde"] == "geen gegevens" and row["Waarom geen waarde"] == GEHEIM
    assert (t["Bron"] != "").all()
