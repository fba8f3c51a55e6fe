"""What the beheer page shows, as plain data (planner.kaart.beheer): no browser needed."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest
from kaartvoorbeeld import VANDAAG, dienst

from planner.kaart import beheer
from planner.kaart.repository import Schrijfresultaat


def _wijziging(soort: str, gegevens: dict) -> beheer.Wijziging:
    return beheer.Wijziging(
        1, soort, "cjg", None, gegevens, "Anna", datetime(2026, 11, 2, 9, 30), "open"
    )


def test_rows_of_the_niet_gecontroleerd_tables():
    d = dienst("cjg", "CJG Spijkenisse", assured=date(2025, 3, 1))
    assert beheer.overzicht_rij(d) == {"aanbod": "CJG Spijkenisse", "organisatie": d.organisation.name}
    assert beheer.overzicht_rij(d, met_controle=True)["gecontroleerd op"] == "01-03-2025"
    nooit = replace(d, service=replace(d.service, assured_date=None))
    assert beheer.overzicht_rij(nooit, met_controle=True)["gecontroleerd op"] == "nooit"


@pytest.mark.parametrize(("wacht", "verwacht"), [(3, "(nu: 3 weken"), (None, "(nu: nog geen wachttijd)")])
def test_a_location_is_named_with_its_current_wait(wacht, verwacht):
    d = dienst("cjg", "CJG Spijkenisse", wacht=wacht)
    (v,) = d.vestigingen
    tekst = beheer.vestiging_label(d, v, VANDAAG, 60)
    assert tekst.startswith("CJG Spijkenisse – ") and verwacht in tekst


def test_a_waiting_time_change_and_how_the_queue_shows_it():
    gegevens = beheer.wachttijd_gegevens("sal-1", 4.0, date(2026, 11, 1))
    assert gegevens == {"service_at_location_id": "sal-1", "weken": 4.0, "peildatum": "2026-11-01"}
    c = _wijziging("wachttijd", gegevens)
    assert beheer.wijziging_kop(c, {"cjg": "CJG Spijkenisse"}) == "Wachttijd: CJG Spijkenisse"
    assert beheer.wijziging_kop(_wijziging("service", {}), {}) == "Wijziging aanbod: cjg"
    assert beheer.wijziging_tabel(c) == {
        "veld": ["service_at_location_id", "weken", "peildatum"],
        "nieuwe waarde": ["sal-1", "4.0", "2026-11-01"],
    }


def test_every_outcome_of_route_change_has_a_message_and_imports_one_summary():
    assert set(beheer.UITKOMST) == {"toegepast", "in_wachtrij"}
    assert Schrijfresultaat(2, 1, 5, 3).tekst() == (
        "Geïmporteerd: 2 nieuw, 1 bijgewerkt, 5 ongewijzigd, 3 wachttijdmetingen toegevoegd."
    )
    assert [f for f, *_ in beheer.EXPORTS] == ["csv", "xlsx", "hsds"]
