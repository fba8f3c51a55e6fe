"""Estimates: the prevalence band, the child count method and small-count suppression."""

from __future__ import annotations

import pytest

from planner.wijken import estimates as est


@pytest.mark.parametrize(
    ("kinderen", "laag", "hoog", "ref"),
    [
        (16_725, 456, 643, 569),  # Nissewaard, DOMAIN.md worked example
        (3_303_345, 90_000, 127_000, 112_314),
        (0, 0, 0, 0),
    ],
)
def test_band(kinderen, laag, hoog, ref):
    b = est.band(est.Kinderen(kinderen, False, "geteld", "test"))
    assert round(b.laag) == laag
    assert round(b.hoog) == hoog
    assert round(b.per_1000_2011) == ref
    assert b.kosten_laag == pytest.approx(b.laag * 950e6 / 80_000)


@pytest.mark.parametrize(
    ("x", "text"),
    [(0, "< 5"), (4.9, "< 5"), (5, "5"), (456.2, "456"), (16725, "16.725")],
)
def test_small_counts_are_suppressed(x, text):
    assert est.fmt_aantal(x) == text


def test_gemeente_children_are_counted(cbs_real):
    k = est.kinderen(cbs_real, "GM1930")
    assert k.aantal == 16725 and not k.schatting


def test_wijk_children_are_an_estimate_with_method(cbs_real):
    k = est.kinderen(cbs_real, "WK193002")
    assert k.schatting and "aandeel 0-17" in k.methode
    share = 16725 / 87639
    assert k.aantal == pytest.approx(cbs_real.value("WK193002", "AantalInwoners") * share)


def test_wijk_with_age_bands_uses_them(cbs_real):
    k = est.kinderen(cbs_real, "WK192403")
    gm_f = (9770 - cbs_real.value("GM1924", "k_0Tot15Jaar")) / cbs_real.value(
        "GM1924", "k_15Tot25Jaar"
    )
    assert 0.2 < gm_f < 0.4
    assert k.aantal == pytest.approx(1240 + gm_f * cbs_real.value("WK192403", "k_15Tot25Jaar"))
    assert "15-24" in k.methode and "gemeente" in k.methode


@pytest.mark.parametrize("gm", ["GM0014", "GM0546", "GM1924"])  # Groningen, Leiden: students
def test_wijk_estimates_add_up_to_the_gemeente_count(cbs_real, gm):
    total = sum(
        est.kinderen(cbs_real, c).aantal
        for c in cbs_real.wijken_van(gm)["code"]
        if est.kinderen(cbs_real, c)
    )
    assert total == pytest.approx(cbs_real.value(gm, "GF_InwonersJongerDan18"), rel=0.01)


def test_assumptions_name_every_source(cbs_real):
    text = " ".join(est.band_voor(cbs_real, "GM1930").aannames())
    for needle in ("90.000", "127.000", "Alink", "Meerdink", "85383NED"):
        assert needle in text


def test_expected_versus_signalled():
    vg = est.verwacht_vs_gesignaleerd(1500, 4)
    assert round(vg.verwacht_laag) == 41 and round(vg.verwacht_hoog) == 58
    assert vg.aandeel_gesignaleerd == pytest.approx(4 / vg.verwacht_laag)
    with pytest.raises(ValueError):
        est.verwacht_vs_gesignaleerd(-1, 0)


def test_no_share_without_expected_children():
    assert est.verwacht_vs_gesignaleerd(0, 3).aandeel_gesignaleerd is None
