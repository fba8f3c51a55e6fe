"""The page's widget values and the plan translate into each other without loss."""

from datetime import date

import pytest

from planner.plan.catalogus import catalogus
from planner.plan.formulier import plan_uit_widgets, widgets_uit_plan
from planner.plan.model import Afvink, Doel, GekozenActie, Indicator, Meting, Plan, Situatie
from planner.plan.monitor import met_meting
from planner.plan.sleutels import INDICATOREN

CAT = catalogus()
PLAN = Plan(
    naam="Regioplan",
    gemeenten=("GM1930", "GM1992"),
    status="vastgesteld",
    periode="2026-2028",
    situatie=Situatie("prof", "inw", "bescherm", ("ggd", "jgz"), "notitie"),
    acties=(
        GekozenActie(
            2,
            Doel(
                "w", "ouders", ("WK193001",), 10, "gezinnen", date(2027, 1, 1), "e", ("a", "b"), 5.0
            ),
            (Indicator("Bereik", 1.0, metingen=(Meting(date(2026, 2, 1), 2.0),)),),
        ),
        GekozenActie(9, Doel(wat="opvang")),
    ),
    aandachtspunten=tuple(Afvink(p.id, p.id == "kindcheck", "") for p in CAT.aandachtspunten),
    stuurinstrumenten=tuple(
        Afvink(p.id, False, "n" if p.id == "inkoop" else "") for p in CAT.stuurinstrumenten
    ),
)


def test_round_trip():
    waarden = widgets_uit_plan(PLAN, CAT)
    assert waarden["actie-2"] is True and waarden["actie-1"] is False
    assert waarden["doel-2-partners"] == "a, b"
    assert plan_uit_widgets(waarden, CAT, "GM1930") == PLAN


def test_empty_widgets_give_an_empty_concept_plan():
    plan = plan_uit_widgets({}, CAT, "GM1930")
    assert plan.naam == "Preventieplan" and plan.gemeenten == ("GM1930",)
    assert plan.status == "concept" and plan.acties == ()


def test_indicators_follow_only_chosen_actions():
    waarden = widgets_uit_plan(PLAN, CAT)
    waarden["actie-2"] = False
    assert waarden[INDICATOREN][2]
    assert plan_uit_widgets(waarden, CAT, "GM1930").actie(2) is None


def test_a_measurement_on_the_same_date_corrects_the_earlier_one():
    ind = Indicator("x", metingen=(Meting(date(2026, 3, 1), 1.0),))
    ind = met_meting(ind, Meting(date(2026, 1, 1), 5.0))
    ind = met_meting(ind, Meting(date(2026, 3, 1), 7.0, "correctie"))
    assert [(m.datum.month, m.waarde) for m in ind.metingen] == [(1, 5.0), (3, 7.0)]


def test_unsaved_work_is_noticed_but_gemeenten_are_not_work():
    from dataclasses import replace

    from planner.plan.formulier import heeft_wijzigingen, vingerafdruk
    from planner.plan.model import Plan

    plan = Plan("P", ("GM1930",))
    basis = vingerafdruk(plan)
    assert not heeft_wijzigingen(plan, basis)
    assert not heeft_wijzigingen(replace(plan, gemeenten=("GM1924",)), basis)
    assert heeft_wijzigingen(replace(plan, periode="2026-2028"), basis)
    assert not heeft_wijzigingen(replace(plan, periode="x"), None)


@pytest.mark.parametrize(
    ("waarden", "fout"),
    [
        ({}, "Actie 3: geef de indicator een naam."),
        ({"ind-3-naam": "Bereik"}, "Actie 3: de indicator 'Bereik' bestaat al."),
        ({"ind-3-eigen": " bereik "}, "Actie 3: de indicator 'bereik' bestaat al."),
    ],
)
def test_new_indicator_needs_a_unique_name(waarden, fout):
    from planner.plan.formulier import FormulierFout, indicator_uit_widgets
    from planner.plan.model import Indicator

    with pytest.raises(FormulierFout) as info:
        indicator_uit_widgets(waarden, 3, [Indicator("Bereik")])
    assert str(info.value) == fout


def test_new_indicator_and_measurement_from_widgets():
    from datetime import date

    from planner.plan.formulier import FormulierFout, indicator_uit_widgets, meting_uit_widgets

    ind = indicator_uit_widgets(
        {"ind-3-naam": "Bereik", "ind-3-eigen": "Eigen", "ind-3-eenheid": "%", "ind-3-nul": 1.0},
        3,
        [],
    )
    assert (ind.naam, ind.eenheid, ind.nulmeting) == ("Eigen", "%", 1.0)
    m = meting_uit_widgets({"met-3-0-datum": date(2026, 1, 2), "met-3-0-waarde": 4}, 3, 0, "x")
    assert (m.datum, m.waarde, m.bron) == (date(2026, 1, 2), 4.0, "")
    with pytest.raises(FormulierFout, match="Actie 3, x: vul bij een meting"):
        meting_uit_widgets({"met-3-0-datum": date(2026, 1, 2)}, 3, 0, "x")


def test_findings_show_after_leaving_a_field_or_saving():
    from planner.plan.formulier import zichtbare_meldingen
    from planner.plan.model import Doel, controleer_doel
    from planner.plan.sleutels import doel as doel_key

    meldingen = controleer_doel(Doel())
    assert zichtbare_meldingen(meldingen, 2, set(), alles=False) == []
    velden = [m.veld for m in zichtbare_meldingen(meldingen, 2, {doel_key(2, "wat")}, False)]
    assert velden == ["wat"]
    # Choosing wijken answers "voor wie" too, so that finding may show from there.
    wijken = zichtbare_meldingen(meldingen, 2, {doel_key(2, "wijken")}, False)
    assert [m.veld for m in wijken] == ["doelgroep"]
    # Another action's fields do not count.
    assert zichtbare_meldingen(meldingen, 3, {doel_key(2, "wat")}, False) == []
    assert zichtbare_meldingen(meldingen, 2, set(), alles=True) == meldingen
