"""SMART-goal validation, spectrum check and the plan's JSON form."""

import json
from datetime import date

import pytest

from planner.plan.catalogus import catalogus
from planner.plan.model import (
    Afvink,
    Doel,
    GekozenActie,
    Indicator,
    Meting,
    Plan,
    PlanbestandFout,
    Situatie,
    controleer_doel,
    kan_vaststellen,
    plan_naar_dict,
    plan_uit_dict,
    spectrum_check,
)

GOED = Doel(
    wat="Voorlichting over huilen",
    doelgroep="ouders van baby's",
    wijken=("WK193001",),
    aantal=400,
    eenheid="ouders",
    wanneer=date(2027, 12, 31),
    eigenaar="Team jeugd gemeente",
    partners=("CJG",),
    budget=12000.0,
)


def _velden(meldingen, ernst="fout"):
    return {m.veld for m in meldingen if m.ernst == ernst}


@pytest.mark.parametrize(
    ("wijziging", "fout_velden", "let_op"),
    [
        ({}, set(), set()),
        ({"eigenaar": ""}, {"eigenaar"}, set()),
        ({"eigenaar": "   "}, {"eigenaar"}, set()),
        ({"wanneer": None}, {"wanneer"}, set()),
        ({"eigenaar": "", "wanneer": None}, {"eigenaar", "wanneer"}, set()),
        ({"wat": ""}, {"wat"}, set()),
        ({"aantal": None}, {"aantal"}, set()),
        ({"aantal": 0}, {"aantal"}, set()),
        ({"doelgroep": "", "wijken": ()}, {"doelgroep"}, set()),
        ({"doelgroep": ""}, set(), set()),  # wijken alone say for whom
        ({"partners": ()}, set(), {"partners"}),
        ({"budget": None}, set(), {"budget"}),
        ({"budget": -5.0}, {"budget"}, set()),
        ({"wanneer": date(2020, 1, 1)}, set(), {"wanneer"}),
    ],
)
def test_smart_goal_validation(wijziging, fout_velden, let_op):
    from dataclasses import replace

    meldingen = controleer_doel(replace(GOED, **wijziging), vandaag=date(2026, 11, 23))
    assert _velden(meldingen) == fout_velden
    assert _velden(meldingen, "let_op") == let_op


def test_goal_without_owner_or_date_blocks_vaststellen():
    plan = Plan("Test", ("GM1930",), acties=(GekozenActie(3, Doel(wat="x", aantal=1)),))
    redenen = kan_vaststellen(plan)
    assert any("eigenaar" in r for r in redenen)
    assert any("datum" in r for r in redenen)
    assert kan_vaststellen(Plan("Leeg", ("GM1930",))) == ["Het plan heeft nog geen acties."]
    ok = Plan("Ok", ("GM1930",), acties=(GekozenActie(3, GOED),))
    assert kan_vaststellen(ok) == []


@pytest.mark.parametrize(
    ("nummers", "lege_delen", "lege_niveaus"),
    [
        (
            [],
            ["alle_gezinnen", "verhoogd_risico", "herhaling"],
            ["universeel", "selectief", "vroegsignalering", "geindiceerd"],
        ),
        ([2, 3], ["verhoogd_risico", "herhaling"], ["selectief", "geindiceerd"]),
        ([1, 2, 8], [], ["vroegsignalering"]),
        ([1, 3, 9], [], []),
        ([5, 8, 9], ["alle_gezinnen"], ["universeel", "selectief", "vroegsignalering"]),
    ],
)
def test_spectrum_check(nummers, lege_delen, lege_niveaus):
    check = spectrum_check(nummers, catalogus().acties)
    assert check.lege_delen == lege_delen
    assert check.lege_niveaus == lege_niveaus
    assert check.compleet == (not lege_delen and not lege_niveaus)


def test_spectrum_sentences_name_the_empty_part():
    zinnen = spectrum_check([2, 3], catalogus().acties).zinnen()
    assert "Uw plan heeft nog geen actie voor: herhaling voorkomen." in zinnen
    assert any("selectief" in z for z in zinnen)
    assert spectrum_check([1, 3, 9], catalogus().acties).zinnen() == [
        "Uw plan dekt het hele spectrum en alle vier preventieniveaus."
    ]
    assert "nog geen acties" in spectrum_check([], catalogus().acties).zinnen()[0]


def _vol_plan() -> Plan:
    ind = Indicator(
        "Bereik",
        10.0,
        date(2026, 1, 1),
        80.0,
        date(2027, 12, 31),
        "JGZ",
        "%",
        (Meting(date(2026, 6, 1), 30.0, "JGZ"),),
    )
    return Plan(
        naam="Regioplan ZHE",
        gemeenten=("GM1930", "GM1992"),
        status="concept",
        periode="2026-2028",
        situatie=Situatie("prof", "inw", "bescherm", ("ggd", "dialoog"), "n"),
        acties=(GekozenActie(3, GOED, (ind,)),),
        aandachtspunten=(Afvink("kindcheck", True, "loopt"),),
        stuurinstrumenten=(Afvink("inkoop", False, ""),),
    )


def test_plan_json_round_trip():
    plan = _vol_plan()
    tekst = json.dumps(plan_naar_dict(plan))
    assert plan_uit_dict(json.loads(tekst)) == plan
    assert plan.regionaal


@pytest.mark.parametrize(
    ("wijziging", "verwacht"),
    [
        (lambda d: d.update(naam=""), "'naam' ontbreekt"),
        (lambda d: d.update(gemeenten=["Nissewaard"]), "geen gemeentecode"),
        (lambda d: d.update(gemeenten=["GM0530"]), "gebruik Voorne aan Zee (GM1992)"),
        (lambda d: d.update(status="klaar"), "status 'klaar'"),
        (lambda d: d["acties"][0].update(nummer=11), "geen van de tien acties"),
        (lambda d: d["acties"][0]["doel"].update(wanneer="31-12-2027"), "geen datum"),
        (lambda d: d["acties"][0]["doel"].update(budget="veel"), "moet een getal zijn"),
        (
            lambda d: d["acties"][0]["indicatoren"][0]["metingen"][0].update(waarde=None),
            "zonder waarde",
        ),
        (lambda d: d.update(formaat=99), "Onbekend formaat"),
        (lambda d: d.update(gemeenten=["GM1930", "GM1930"]), "meer dan één keer"),
        (lambda d: d["aandachtspunten"][0].update(gedaan="false"), "'gedaan' moet true of false"),
        (lambda d: d.update(periode=2026), "'periode' moet tekst zijn"),
        (lambda d: d["acties"][0]["doel"].update(aantal=2.7), "moet een geheel getal zijn"),
    ],
)
def test_plan_import_rejects_bad_files_whole(wijziging, verwacht):
    ruw = plan_naar_dict(_vol_plan())
    wijziging(ruw)
    with pytest.raises(PlanbestandFout) as info:
        plan_uit_dict(ruw)
    assert any(verwacht in f for f in info.value.fouten), info.value.fouten


def test_plan_import_collects_all_problems():
    ruw = plan_naar_dict(_vol_plan())
    ruw["naam"] = ""
    ruw["status"] = "x"
    with pytest.raises(PlanbestandFout) as info:
        plan_uit_dict(ruw)
    assert len(info.value.fouten) == 2
    with pytest.raises(PlanbestandFout):
        plan_uit_dict(["geen", "plan"])


@pytest.mark.parametrize("slecht", [float("nan"), float("inf"), float("-inf")])
@pytest.mark.parametrize(
    "zet",
    [
        lambda d, x: d["acties"][0]["doel"].update(budget=x),
        lambda d, x: d["acties"][0]["indicatoren"][0].update(nulmeting=x),
        lambda d, x: d["acties"][0]["indicatoren"][0]["metingen"][0].update(waarde=x),
    ],
)
def test_plan_import_rejects_nan_and_infinity(zet, slecht):
    ruw = plan_naar_dict(_vol_plan())
    zet(ruw, slecht)
    with pytest.raises(PlanbestandFout) as info:
        plan_uit_dict(json.loads(json.dumps(ruw)))  # Python's json writes NaN/Infinity
    assert any("moet een gewoon getal zijn" in f for f in info.value.fouten), info.value.fouten


def test_plan_name_survives_an_old_gemeente_code():
    ruw = plan_naar_dict(_vol_plan())
    ruw["gemeenten"] = ["GM0530"]
    with pytest.raises(PlanbestandFout) as info:
        plan_uit_dict(ruw)
    assert info.value.fouten == [
        "Plan: Hellevoetsluis (GM0530) bestaat sinds 2023 niet meer; gebruik Voorne aan Zee "
        "(GM1992)."
    ]
    ruw["gemeenten"] = ["GM0530"]
    plan = plan_uit_dict(ruw, bekende_gemeenten={"GM0530"})
    assert plan.naam == "Regioplan ZHE"  # not overwritten by 'Hellevoetsluis'
    ruw["acties"][0]["doel"]["aantal"] = 3.0
    assert plan_uit_dict(ruw, bekende_gemeenten={"GM0530"}).acties[0].doel.aantal == 3
