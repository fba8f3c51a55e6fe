"""Store behaviour on SQLite and PostgreSQL: audit trail, conflicts, waiting-time history."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from planner.kaart import repository as repo
from planner.kaart.model import WaitingTime
from tests.kaart.conftest import LOC_ID, SAL_ID, SERVICE_ID


def test_saved_kaart_loads_back_equal(engine, kaart):
    result = repo.save_kaart(engine, kaart, wie="import")
    assert (result.nieuw, result.wachttijden) == (3, 1)
    loaded = repo.load_kaart(engine)
    assert loaded.services == kaart.services
    assert loaded.organisations == kaart.organisations
    assert loaded.locations == kaart.locations
    assert loaded.service_at_locations == kaart.service_at_locations
    assert [(w.weken, w.peildatum) for w in loaded.waiting_times] == [(3, date(2026, 1, 5))]


def test_saving_same_kaart_twice_changes_nothing(engine, kaart):
    repo.save_kaart(engine, kaart, wie="import")
    audit_before = len(repo.audit_trail(engine))
    result = repo.save_kaart(engine, kaart, wie="import")
    assert (result.nieuw, result.bijgewerkt, result.wachttijden) == (0, 0, 0)
    assert result.ongewijzigd == 3
    assert len(repo.audit_trail(engine)) == audit_before
    assert len(repo.waiting_time_history(engine, SAL_ID)) == 1


def test_audit_records_who_when_field_old_and_new(engine, kaart):
    repo.save_kaart(engine, kaart, wie="import")
    service = repo.get_service(engine, SERVICE_ID)
    moment = datetime(2026, 2, 1, 10, 30, tzinfo=UTC)
    saved = repo.save_service(
        engine,
        replace(service, name="Opvoedspreekuur Zuid", leeftijd_max=18),
        wie="anna",
        now=moment,
    )
    assert saved.versie == 2
    trail = [r for r in repo.audit_trail(engine, SERVICE_ID) if r.wie == "anna"]
    changed = {(r.veld, r.oud, r.nieuw) for r in trail}
    assert changed == {
        ("name", "Opvoedspreekuur", "Opvoedspreekuur Zuid"),
        ("leeftijd_max", "12", "18"),
    }
    assert all(r.wanneer == moment and r.tabel == "dienst" for r in trail)


def test_second_editor_with_stale_version_gets_conflict(engine, kaart):
    repo.save_kaart(engine, kaart, wie="import")
    first = repo.get_service(engine, SERVICE_ID)
    second = repo.get_service(engine, SERVICE_ID)
    repo.save_service(engine, replace(first, description="Nieuw A"), wie="anna")
    with pytest.raises(repo.Conflict, match="intussen gewijzigd door anna") as err:
        repo.save_service(engine, replace(second, description="Nieuw B"), wie="bram")
    assert "laad de gegevens opnieuw" in str(err.value)
    stored = repo.get_service(engine, SERVICE_ID)
    assert stored.description == "Nieuw A" and stored.versie == 2
    # After reloading, the second editor can save.
    repo.save_service(engine, replace(stored, description="Nieuw B"), wie="bram")
    assert repo.get_service(engine, SERVICE_ID).versie == 3


def test_conflict_on_location_too(engine, kaart):
    repo.save_kaart(engine, kaart, wie="import")
    loc = repo.get_location(engine, LOC_ID)
    repo.save_location(engine, replace(loc, city="Hekelingen"), wie="anna")
    with pytest.raises(repo.Conflict):
        repo.save_location(engine, replace(loc, city="Zuidland"), wie="bram")


def test_waiting_times_are_history_never_overwritten(engine, kaart):
    repo.save_kaart(engine, kaart, wie="import")
    repo.add_waiting_time(
        engine, WaitingTime(SAL_ID, weken=6, peildatum=date(2026, 2, 1)), wie="anna"
    )
    repo.add_waiting_time(
        engine,
        WaitingTime(SAL_ID, weken=4.5, peildatum=date(2026, 3, 1), gemeld_door="bram"),
        wie="bram",
    )
    history = repo.waiting_time_history(engine, SAL_ID)
    assert [(w.weken, w.peildatum, w.gemeld_door) for w in history] == [
        (4.5, date(2026, 3, 1), "bram"),
        (6, date(2026, 2, 1), "anna"),
        (3, date(2026, 1, 5), "test"),
    ]
    [overview] = repo.list_services(engine)
    [vestiging] = overview.vestigingen
    assert vestiging.laatste_wachttijd.weken == 4.5
    assert overview.organisation.name == "Jeugdteam Test"


def test_waiting_time_for_unknown_location_is_refused(engine, kaart):
    repo.save_kaart(engine, kaart, wie="import")
    with pytest.raises(repo.NietGevonden):
        repo.add_waiting_time(engine, WaitingTime("x", 2, date(2026, 1, 1)), wie="anna")
    with pytest.raises(ValueError, match="wachttijd_weken"):
        repo.add_waiting_time(engine, WaitingTime(SAL_ID, -1, date(2026, 1, 1)), wie="anna")
    assert len(repo.waiting_time_history(engine, SAL_ID)) == 1


def test_confidential_address_survives_reimport_without_it(engine, kaart):
    loc = replace(
        kaart.locations[0],
        adres_vertrouwelijk=True,
        address_1="Geheime straat 1",
        postal_code="3200 AA",
        publieke_contactroute="Via Veilig Thuis 0800-2000",
    )
    repo.save_kaart(engine, replace(kaart, locations=(loc,)), wie="import")
    repo.save_kaart(engine, replace(kaart, locations=(loc.openbaar(),)), wie="import")
    stored = repo.get_location(engine, LOC_ID)
    assert stored.address_1 == "Geheime straat 1" and stored.postal_code == "3200 AA"


def test_is_empty(engine, kaart):
    assert repo.is_empty(engine)
    repo.save_kaart(engine, kaart, wie="import")
    assert not repo.is_empty(engine)


def test_audit_of_imported_waiting_times_names_who_imported(engine, kaart):
    """gemeld_door is part of the measurement; the audit 'wie' is the account that wrote it."""
    meting = replace(kaart.waiting_times[0], gemeld_door="Jansen (CJG)")
    repo.save_kaart(engine, replace(kaart, waiting_times=(meting,)), wie="beheer-gemeente")
    (wt,) = repo.waiting_time_history(engine, SAL_ID)
    assert wt.gemeld_door == "Jansen (CJG)"
    regels = [r for r in repo.audit_trail(engine, SAL_ID) if r.tabel == "wachttijd"]
    assert regels and {r.wie for r in regels} == {"beheer-gemeente"}
    # The same for a single measurement added by hand.
    repo.add_waiting_time(
        engine, WaitingTime(SAL_ID, 2, date(2026, 2, 1), gemeld_door="Pietersen"), wie="beheer-2"
    )
    regels = [r for r in repo.audit_trail(engine, SAL_ID) if r.tabel == "wachttijd"]
    assert {r.wie for r in regels} == {"beheer-gemeente", "beheer-2"}
