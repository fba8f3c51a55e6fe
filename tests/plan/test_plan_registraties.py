"""The registration demo reproduces seed 004 (tables 3 and 4) and computes its own rates."""

from __future__ import annotations

import pytest

from planner.plan import registraties as reg


def _rij(rijen, gemeente, maat, jaar):
    return next(
        r
        for r in rijen
        if r["Gemeente"] == gemeente and r["Registratie"] == maat and r["Jaar"] == str(jaar)
    )


VAZ = "Hellevoetsluis + Westvoorne + Brielle (nu Voorne aan Zee)"


def test_voorne_aan_zee_counts_the_two_of_three_that_reported():
    rijen = reg.demo_weergave(reg.naar_huidige_gemeenten())
    ashg = _rij(rijen, VAZ, "ASHG-meldingen", 2014)
    assert ashg["Aantal"] == "321"  # 283 + 38; Brielle gave no figure
    assert ashg["Per 1.000"] == reg.tekst.getal(321 / (38953 + 13964) * 1000, 2)
    assert ashg["Toelichting"] == "alleen Hellevoetsluis en Westvoorne; Brielle niet gemeld"
    amk = _rij(rijen, VAZ, "AMK-onderzoeken", 2014)
    assert (amk["Aantal"], amk["Toelichting"]) == ("64", "")


def test_regional_total_row_matches_the_total_column_of_table_3():
    totaal = reg.regio_totaal()
    bron = reg.TOTAAL_IN_BRON
    assert totaal.inwoners == bron["inwoners"]
    assert totaal.kinderen_onder_20 == bron["kinderen_onder_20"]
    assert totaal.amk_onderzoeken == bron["amk_onderzoeken"]
    assert totaal.ashg_meldingen_2014 == bron["ashg_meldingen_2014"]
    assert totaal.lthg_trajecten_2014 == bron["lthg_trajecten_2014"]
    assert totaal.huisverboden_2014 == bron["huisverboden_2014"]
    namen = {r["Gemeente"] for r in reg.demo_weergave(reg.REGISTRATIES)}
    assert reg.REGIO_NAAM in namen and "Nederland (landelijk)" in namen


def test_the_same_total_whether_gemeenten_are_merged_or_not():
    assert reg.regio_totaal(reg.naar_huidige_gemeenten()) == reg.regio_totaal(reg.REGISTRATIES)


def test_source_is_the_utrecht_masters_thesis_within_zicht_op_zorgen_thuis():
    for bron in (reg.BRON, reg.GRAFIEK_BRON, reg.BRON_TABEL4):
        assert "masterscriptie (Universiteit Utrecht)" in bron
        assert "Zicht op Zorgen Thuis" in bron and "Trimbos-instituut" in bron
    assert "CBS" in reg.BRON  # inhabitants and children


def test_prevalence_applies_to_0_17_not_to_under_20s():
    nissewaard = reg.REGISTRATIES[0]
    v = reg.registratie_vs_prevalentie(nissewaard, 2013)
    assert v.kinderen_onder_20 == 18518
    assert v.kinderen == round(18518 * 18 / 20)
    assert v.verwacht_alink == pytest.approx(v.kinderen * 0.034)
    assert v.verwacht_laag == pytest.approx(v.kinderen * 90_000 / reg.KINDEREN_NL_0_17_2024)
    assert "0-17" in reg.GRAFIEK_BRON


def test_table_4_sums_and_percentages_come_from_the_counts():
    regio = reg.tabel4_rijen()[-2]
    assert regio.gemeente == reg.REGIO_NAAM
    assert (regio.inwoners, regio.huishoudens_met_kinderen, regio.eenoudergezinnen) == (
        202403,
        32110,
        6636,
    )
    assert (regio.werklozen, regio.bijstandsuitkeringen, regio.beroepsbevolking) == (
        7034,
        4130,
        109000,
    )
    rij = next(r for r in reg.tabel4_weergave() if r["Gemeente"] == "Nissewaard")
    assert rij["Bijstand (% van beroepsbevolking)"] == "5,1"  # the thesis prints 6,05
    assert rij["Eenoudergezinnen (% van huishoudens met kinderen)"] == "25,1"
    assert not any("afkomst" in k or "westers" in k for k in rij)


def test_every_printed_percentage_within_rounding_or_listed_as_a_slip():
    """Recompute the printed percentages of table 4; a difference must be in REKENCONTROLE."""
    gelijst = {(f.gemeente, f.regel.split(",")[0].split(" ")[0]) for f in reg.REKENCONTROLE}
    rijen = {r.gemeente: r for r in reg.tabel4_rijen()}
    for naam, (werkloos, eenouder, bijstand) in reg.TABEL4_PCT_IN_BRON.items():
        r = rijen[naam]
        for soort, gedrukt, berekend, marge in (
            ("Werkloosheidspercentage", werkloos, r.werkloosheid_pct, 0.05),
            ("Eenoudergezinnen", eenouder, r.eenouder_pct, 0.005),
            ("Bijstandsuitkeringen", bijstand, r.bijstand_pct, 0.005),
        ):
            if abs(gedrukt - berekend) > marge + 1e-9:
                assert (naam, soort.split(" ")[0]) in gelijst, (naam, soort, gedrukt, berekend)


def test_slips_are_computed_not_typed():
    per = {(f.gemeente, f.regel): f for f in reg.REKENCONTROLE}
    doorverwijzing = per[
        ("Hellevoetsluis", "Percentage doorverwijzing (LTHG-trajecten van de ASHG-meldingen)")
    ]
    assert doorverwijzing.berekend == pytest.approx(19 / 283 * 100)
    assert doorverwijzing.rij()["In de scriptie"] == "9,51"
    assert doorverwijzing.rij()["Berekend uit de aantallen"] == "6,71"
