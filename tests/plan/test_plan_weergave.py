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
