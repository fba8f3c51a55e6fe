"""Every indicator says what it measures: names and values checked against the raw CBS files.

The raw files are read here with the csv module on their own, not through the loader, so a
loader slip (wrong column, wrong period, a gemeente dropped) shows up as a difference.
"""

from __future__ import annotations

import csv
import re

import pytest

from planner.wijken import indicators
from planner.wijken.values import TE_KLEIN


def _rijen(pad, delimiter=";"):
    with pad.open(encoding="utf-8-sig", newline="") as fh:
        yield from csv.reader(fh, delimiter=delimiter)


def _getal(tekst: str) -> float | None:
    tekst = tekst.strip()
    return None if tekst in {"", "."} else float(tekst.replace(",", "."))


@pytest.fixture(scope="module")
def reeksen(cbs_real):
    return indicators.alle_reeksen(cbs_real)


def test_lowest_40_percent_is_named_for_what_it_is(reeksen, cbs_dir):
    """Its national value is 40% by definition; it is not CBS's 'huishoudens met laag inkomen'."""
    r = reeksen["laag_inkomen"]
    assert "laagste 40%" in r.indicator.label
    assert "laag inkomen" not in r.indicator.label.lower()
    assert "per definitie 40%" in r.indicator.uitleg
    ruw = {}
    for rij in _rijen(cbs_dir / "kwb" / "inkomen_2020_gemeente_wijk_indeling2023_ORIGINEEL.csv"):
        rij = [c.strip() for c in rij] + [""] * 6
        if rij[0] == "Nederland":
            ruw["NL01"] = _getal(rij[4])
        elif re.fullmatch(r"GM\d{4}", rij[0]):
            ruw[rij[0]] = _getal(rij[4])
        elif re.fullmatch(r"WK\d{4}[0-9A-Z]{2}", rij[1]):
            ruw[rij[1]] = _getal(rij[4])
    assert ruw["NL01"] == 40.0 and ruw["GM1930"] == 36.8
    geladen = r.waarde.dropna()
    vergeleken = 0
    for code, waarde in ruw.items():
        if code in r.waarde.index:
            if waarde is None:
                assert code not in geladen.index, code
            else:
                assert geladen[code] == pytest.approx(waarde), code
                vergeleken += 1
    assert vergeleken > 3300


def _jeugdhulp_ruw(cbs_dir) -> dict[str, float | None]:
    rijen = list(_rijen(cbs_dir / "jeugd" / "jeugdzorg_gemeente_pct_2021_2024h1_85098NED.csv"))
    kop = [k.strip() for k in rijen[0]]
    i_regio, i_per, i_hulp = (
        kop.index("RegioS"),
        kop.index("Perioden"),
        kop.index("JongerenMetJeugdhulpInNatura_1"),
    )
    uit = {}
    for rij in rijen[1:]:
        if rij[i_per].strip() == "1e half jaar 2024":
            naam = re.sub(r" \(gemeente\)$", "", rij[i_regio].strip())
            uit[naam] = _getal(rij[i_hulp])
    return uit


def test_jeugdhulp_percentage_per_gemeente_matches_85098ned(reeksen, cbs_real, cbs_dir):
    r = reeksen["jeugdhulp_pct"]
    ruw = _jeugdhulp_ruw(cbs_dir)
    namen = dict(zip(cbs_real.gemeenten["code"], cbs_real.gemeenten["naam"], strict=True))
    met_waarde = 0
    for code, naam in namen.items():
        verwacht = ruw[naam]
        if verwacht is None:
            assert pd_isna(r.waarde.get(code)), naam
            assert r.reden.get(code), naam  # missing says why
        else:
            assert r.waarde[code] == pytest.approx(verwacht), naam
            met_waarde += 1
    assert met_waarde == sum(v is not None for n, v in ruw.items() if n in namen.values())
    assert r.waarde["GM1930"] == pytest.approx(10.1)
    assert "85098NED" in r.bron["GM1930"] and "2024" in r.bron["GM1930"]


def pd_isna(v) -> bool:
    return v is None or v != v


def test_jeugdhulp_and_jeugdzorg_stand_side_by_side_with_own_names(cbs_real, reeksen):
    posities = {k: indicators.positie_nl(r) for k, r in reeksen.items()}
    rijen = {v.indicator.id: v for v in indicators.profiel(cbs_real, "WK193012", reeksen, posities)}
    jh, jz = rijen["jeugdhulp_pct"], rijen["jeugdzorg"]
    assert jh.indicator.label != jz.indicator.label
    assert jh.indicator.eenheid.startswith("%") and jz.indicator.eenheid == "per 1.000"
    assert jh.gemeente == pytest.approx(10.1)  # the gemeente column of the wijk's profile
    assert jz.gemeente is not None


def _eenouder_ruw(cbs_dir) -> dict[str, float]:
    rijen = list(_rijen(cbs_dir / "gemeente" / "gemeentefonds_maatstaven_2023_2025_85383NED.csv"))
    kop = [k.strip() for k in rijen[0]]
    i_code, i_jaar, i_status = (
        kop.index("Regiocode_73"),
        kop.index("Perioden"),
        kop.index("StatusCijfer"),
    )
    i_eo = kop.index("Eenouderhuishoudens_20")
    beste: dict[str, tuple[tuple[str, int], float]] = {}
    for rij in rijen[1:]:
        code = rij[i_code].strip()
        waarde = _getal(rij[i_eo])
        if not code.startswith("GM") or waarde is None:
            continue
        rang = (rij[i_jaar].strip()[:4], rij[i_status].strip() == "Definitief")
        if code not in beste or rang > beste[code][0]:
            beste[code] = (rang, waarde)
    return {c: w for c, (_, w) in beste.items()}


def test_single_parent_count_for_every_gemeente(reeksen, cbs_real, cbs_dir):
    r = reeksen["eenouder_aantal"]
    ruw = _eenouder_ruw(cbs_dir)
    codes = list(cbs_real.gemeenten["code"])
    assert len(codes) == 342
    for code in codes:
        assert r.waarde[code] == pytest.approx(ruw[code]), code


def test_single_parent_share_only_where_its_denominator_exists(reeksen, cbs_real):
    r = reeksen["eenouder"]
    noemer = cbs_real.values["HuishoudensMetKinderen"]
    for code in cbs_real.gemeenten["code"]:
        if pd_isna(noemer.get(code)):
            assert pd_isna(r.waarde[code]) and r.reden[code], code
        else:
            teller = reeksen["eenouder_aantal"].waarde[code]
            assert r.waarde[code] == pytest.approx(teller / noemer[code] * 100), code
    assert int(r.waarde.reindex(cbs_real.gemeenten["code"]).notna().sum()) == 174


def test_rates_from_tiny_denominators_are_suppressed_with_a_reason(reeksen, cbs_real):
    """Halfweg (WK193016) has 5 inhabitants: no share or rate is computed for it."""
    assert cbs_real.value("WK193016", "AantalInwoners") == 5
    for r in reeksen.values():
        if any(k.noemer for k in r.indicator.kandidaten):
            assert pd_isna(r.waarde.get("WK193016")), r.indicator.id
            assert r.reden["WK193016"], r.indicator.id
    assert reeksen["jeugdzorg"].reden["WK193016"] == TE_KLEIN


def test_jeugdzorg_per_1000_inhabitants_matches_85990ned_and_kwb(reeksen, cbs_dir):
    """Youth with jeugdzorg (newest period, all forms) over all inhabitants, per 1,000."""
    import json

    rijen = list(_rijen(cbs_dir / "jeugd" / "jeugdzorg_wijk_2024h1_85990NED.csv"))
    kop = [k.strip() for k in rijen[0]]
    i_vorm, i_code, i_n = (
        kop.index("Vormen"),
        kop.index("Codering_20"),
        kop.index("TotaalJongerenMetJeugdzorgInNatura_1"),
    )
    jz = {
        r[i_code].strip(): _getal(r[i_n])
        for r in rijen[1:]
        if r[i_vorm].strip() == "Totaal alle jeugdzorg in natura" and r[i_code].strip()
    }
    basis = json.loads(
        (cbs_dir / "kwb" / "kwb_2024_gemeente_wijk_basis_8kolommen.json").read_text("utf-8")
    )
    r = reeksen["jeugdzorg"]
    for code in ("GM1930", "GM1992", "WK193002", "WK199200"):
        verwacht = jz[code] / basis[code]["AantalInwoners_5"] * 1000
        assert r.waarde[code] == pytest.approx(verwacht), code
    assert jz["GM1930"] == 1835  # PROVENANCE.md's example
