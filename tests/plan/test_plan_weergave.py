"""Texts and rows the Preventieplan page shows (built in planner.plan.weergave)."""

from datetime import UTC, datetime

from planner.plan.aanbod import Dienst, Levering
from planner.plan.catalogus import catalogus
from planner.plan.model import Plan
from planner.plan.opslag import VersieInfo
from planner.plan.weergave import (
    actie_kenmerken,
    bestandsnaam,
    levering_tekst,
    op_niveau_tekst,
    versie_rijen,
)

DIENST = Dienst("d", "Gezinscoach", 3, "geindiceerd")


def test_action_facts_name_level_trede_and_source():
    tekst = actie_kenmerken(catalogus().actie(5))
    assert "**Preventieniveau:** geïndiceerd" in tekst
    assert "3 (behandeling en begeleiding)" in tekst
    assert "**Bron:** Augeo en Kinderombudsman" in tekst


def test_service_texts_claim_only_mogelijk():
    assert "mogelijk uitvoert" in levering_tekst([Levering(DIENST, "gezinscoach")])
    assert "(trefwoord: gezinscoach)" in levering_tekst([Levering(DIENST, "gezinscoach")])
    assert "(probleemgebied: trauma)" in levering_tekst([Levering(DIENST, None, "trauma")])
    assert "nog niets" in levering_tekst([])
    assert op_niveau_tekst([]) is None
    assert "controleer" in op_niveau_tekst([DIENST])


def test_version_rows_say_who_saved_where_known():
    moment = datetime(2026, 5, 1, 9, 30, tzinfo=UTC)
    rijen = versie_rijen(
        [VersieInfo(2, "concept", moment, "anna", "doel"), VersieInfo(1, "concept", moment, "", "")]
    )
    assert [r["Door"] for r in rijen] == ["anna", "onbekend"]
    assert rijen[0]["Opgeslagen"] == "01-05-2026 09:30"


def test_file_name_is_safe():
    assert bestandsnaam(Plan("Samen veilig / 2026", ("GM1930",))) == "samen_veilig___2026"
    assert bestandsnaam(Plan("***", ("GM1930",))) == "preventieplan"


def test_indicator_summary_hides_small_counts():
    from datetime import date

    from planner.plan.model import Indicator, Meting
    from planner.plan.weergave import indicator_samenvatting

    ind = Indicator("Gezinnen", 0.0, date(2026, 1, 1), 3.0, date(2027, 1, 1), "", "aantal")
    ind = Indicator(**{**ind.__dict__, "metingen": (Meting(date(2026, 6, 1), 2.0),)})
    tekst = indicator_samenvatting(ind)
    assert "Streefwaarde: < 5" in tekst and "niet getoond (kleine aantallen)" in tekst


def test_action_line_and_signals():
    from datetime import date

    from planner.plan.model import Doel, GekozenActie
    from planner.plan.situatie import WijkSignalen
    from planner.plan.weergave import actie_regel, signalen_tekst

    ga = GekozenActie(
        1, Doel(wat="VoorZorg", aantal=30, eenheid="gezinnen", wanneer=date(2027, 1, 1))
    )
    regel = actie_regel(catalogus().actie(1), ga)
    assert "VoorZorg – 30 gezinnen – 01-01-2027 – eigenaar: nog open" in regel
    assert signalen_tekst([]) == "Geen wijken waar twee of meer cijfers duidelijk afwijken."
    assert signalen_tekst([WijkSignalen("WK1", "Centrum", ("a", "b"))]) == "- **Centrum**: a, b"


def test_plan_chooser_texts():
    from planner.plan.opslag import PlanInfo
    from planner.plan.weergave import kaart_titel, plan_keuzes, regio_keuzes, werkversie

    nu = datetime(2026, 3, 1, tzinfo=UTC)
    plannen = [
        PlanInfo(3, "Regioplan", "vastgesteld", 4, ("GM1924", "GM1930"), nu),
        PlanInfo(1, "Plan N", "concept", 1, ("GM1930",), nu),
    ]
    assert plan_keuzes(plannen) == {
        0: "Nieuw plan",
        3: "Regioplan – vastgesteld, versie 4 (regionaal)",
        1: "Plan N – concept, versie 1",
    }
    assert plan_keuzes([]) == {0: "Nieuw plan"}
    # The region's gemeenten, then earlier choices from outside it; never the plan's own.
    assert regio_keuzes("GM1930", ["GM1930", "GM1924"], ["GM0363", "GM1924"]) == [
        "GM1924",
        "GM0363",
    ]
    assert kaart_titel({"GM1930": "Nissewaard"}, ["GM1930", "GM9999"]) == (
        "Wijken van Nissewaard, GM9999"
    )
    assert werkversie(3, 4).startswith("U werkt in plan 3, versie 4.")


def test_what_a_plan_still_misses_is_an_error_only_once_it_is_vastgesteld():
    from dataclasses import replace
    from datetime import date

    from planner.plan.model import Doel, GekozenActie
    from planner.plan.weergave import nog_aan_te_vullen

    open_doel = Plan("P", ("GM1930",), acties=(GekozenActie(2, Doel(wat="x")),))
    soort, tekst = nog_aan_te_vullen(open_doel)
    assert soort == "warning" and tekst.startswith("Nog aan te vullen:\n- ")
    soort, tekst = nog_aan_te_vullen(replace(open_doel, status="vastgesteld"))
    assert soort == "error" and tekst.startswith("Dit plan kan nog niet worden vastgesteld:")
    compleet = Doel("x", "ouders", (), 10, "gezinnen", date(2027, 1, 1), "Team jeugd")
    assert nog_aan_te_vullen(replace(open_doel, acties=(GekozenActie(2, compleet),))) is None
