"""One generic step dataclass ⇄ dict for the store: lossless, and tolerant of old rows."""

from datetime import date, time

from planner.kaart.model import Address, Location, Schedule, Service, Status, Toegang
from planner.kaart.repository import service_row
from planner.structuur import naar_dict, uit_dict
from tests.kaart.conftest import make_kaart


def test_service_row_round_trips_through_json_columns():
    (service,) = make_kaart().services
    rij = service_row(service)
    assert rij["toegang"] == "vrij_toegankelijk" and rij["werkgebied"] == ["GM1930"]
    assert rij["assured_date"] == date(2026, 1, 5)  # the store's Date column
    assert rij["schedules"][0]["opens_at"] == "09:00:00"  # JSON: ISO text
    assert uit_dict(Service, rij) == service


def test_an_old_row_without_newer_fields_gets_the_defaults():
    oud = {"id": "s", "organization_id": "o", "name": "Spreekuur", "status": "active"}
    assert uit_dict(Service, oud) == Service(id="s", organization_id="o", name="Spreekuur")
    assert uit_dict(Schedule, {"byday": ["MO"], "opens_at": "09:00"}) == Schedule(
        byday=("MO",), opens_at=time(9)
    )


def test_none_or_empty_in_a_field_that_is_not_optional_is_its_default():
    assert uit_dict(Address, {"address_type": None}).address_type == "postal"
    loc = uit_dict(Location, {**naar_dict(Location(id="l")), "address_type": ""})
    assert loc.address_type == "physical" and loc.schedules == ()
    rij = {**service_row(Service(id="s", organization_id="o", name="n")), "probleemgebieden": None}
    rij["toegang"] = "via_wijkteam"
    s = uit_dict(Service, rij)
    assert s.probleemgebieden == () and s.toegang is Toegang.WIJKTEAM and s.status is Status.ACTIEF
