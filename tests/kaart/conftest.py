"""Small builders for the kaart tests: one organisation, service and location."""

from __future__ import annotations

from datetime import date, time

import pytest

from planner.kaart.model import (
    KaartData,
    Kosten,
    Language,
    Location,
    Organisation,
    Phone,
    Preventieniveau,
    Probleemgebied,
    Schedule,
    Service,
    ServiceAtLocation,
    Toegang,
    Trede,
    WaitingTime,
    stable_id,
)

ORG_ID = stable_id("org-test", soort="organisatie")
SERVICE_ID = stable_id("dienst-test", soort="dienst")
LOC_ID = stable_id("loc-test", soort="locatie")
SAL_ID = stable_id("sal-test", soort="dienst_locatie")


def make_kaart() -> KaartData:
    org = Organisation(id=ORG_ID, name="Jeugdteam Test", description="Test-organisatie")
    service = Service(
        id=SERVICE_ID,
        organization_id=ORG_ID,
        name="Opvoedspreekuur",
        description="Vragen over opvoeden",
        toegang=Toegang.VRIJ,
        kosten=Kosten.GRATIS,
        leeftijd_min=0.5,
        leeftijd_max=12,
        probleemgebieden=(Probleemgebied.OPVOEDONDERSTEUNING,),
        trede=Trede.PREVENTIE,
        preventieniveau=Preventieniveau.UNIVERSEEL,
        werkgebied=("GM1930",),
        phones=(Phone(number="0800-2000", description="Veilig Thuis"),),
        schedules=(Schedule(byday=("MO", "TU"), opens_at=time(9), closes_at=time(17)),),
        languages=(Language(code="nl", name="Nederlands"),),
        assured_date=date(2026, 1, 5),
    )
    loc = Location(
        id=LOC_ID,
        name="Wijkcentrum",
        organization_id=ORG_ID,
        city="Spijkenisse",
        latitude=51.85,
        longitude=4.33,
        gemeente_code="GM1930",
    )
    sal = ServiceAtLocation(id=SAL_ID, service_id=SERVICE_ID, location_id=LOC_ID)
    wt = WaitingTime(SAL_ID, weken=3, peildatum=date(2026, 1, 5), gemeld_door="test")
    return KaartData((org,), (service,), (loc,), (sal,), (wt,))


@pytest.fixture
def kaart() -> KaartData:
    return make_kaart()
