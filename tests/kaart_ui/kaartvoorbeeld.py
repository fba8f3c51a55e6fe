"""Small hand-made sociale kaart for the kaart_ui tests (not the shipped sample data)."""

from __future__ import annotations

from datetime import date, time

from planner.kaart.model import (
    DienstOverzicht,
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
    Vestiging,
    WaitingTime,
)

VANDAAG = date(2026, 11, 23)
# Spijkenisse (Nissewaard), Hellevoetsluis (Voorne aan Zee), Middelharnis (Goeree-Overflakkee)
SPIJKENISSE = (51.845, 4.329)
HELLEVOETSLUIS = (51.832, 4.133)
MIDDELHARNIS = (51.757, 4.164)
XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def dienst(
    sid: str,
    naam: str,
    *,
    org: str = "Organisatie",
    org_id: str | None = None,
    beschrijving: str | None = None,
    punt: tuple[float, float] | None = SPIJKENISSE,
    gemeente: str | None = "GM1930",
    werkgebied: tuple[str, ...] = (),
    wacht: float | None = None,
    peil: date | None = None,
    probleem: tuple[Probleemgebied, ...] = (Probleemgebied.OPVOEDONDERSTEUNING,),
    trede: Trede | None = Trede.PREVENTIE,
    niveau: Preventieniveau | None = Preventieniveau.UNIVERSEEL,
    toegang: Toegang | None = Toegang.VRIJ,
    kosten: Kosten | None = Kosten.GRATIS,
    leeftijd: tuple[float | None, float | None] = (0, 18),
    talen: tuple[str, ...] = ("nl",),
    schedules: tuple[Schedule, ...] = (),
    vertrouwelijk: bool = False,
    telefoon: str | None = None,
    extra_vestigingen: tuple[tuple[str, tuple[float, float], float | None], ...] = (),
    assured: date | None = date(2026, 9, 1),
) -> DienstOverzicht:
    """One service at one location (plus optional extra locations with their own wait)."""
    oid = org_id or f"org-{sid}"
    service = Service(
        id=sid,
        organization_id=oid,
        name=naam,
        description=beschrijving,
        toegang=toegang,
        application_process="Bel of mail voor een afspraak",
        kosten=kosten,
        leeftijd_min=leeftijd[0],
        leeftijd_max=leeftijd[1],
        probleemgebieden=probleem,
        trede=trede,
        preventieniveau=niveau,
        werkgebied=werkgebied,
        phones=(Phone(telefoon),) if telefoon else (),
        schedules=schedules,
        languages=tuple(Language(code=t) for t in talen),
        assured_date=assured,
    )
    organisation = Organisation(id=oid, name=org)

    def vestiging(lid: str, p: tuple[float, float] | None, weken: float | None) -> Vestiging:
        loc = Location(
            id=lid,
            name=naam,
            organization_id=oid,
            latitude=p[0] if p else None,
            longitude=p[1] if p else None,
            gemeente_code=gemeente,
            address_1="Geheime straat 1" if vertrouwelijk else "Markt 1",
            adres_vertrouwelijk=vertrouwelijk,
            publieke_contactroute="Via Veilig Thuis 0800-2000" if vertrouwelijk else None,
        )
        sal = ServiceAtLocation(id=f"sal-{lid}", service_id=sid, location_id=lid)
        wt = (
            WaitingTime(sal.id, weken, peil or date(2026, 11, 1), gemeld_door="test")
            if weken is not None
            else None
        )
        return Vestiging(service_at_location=sal, location=loc, laatste_wachttijd=wt)

    vestigingen = [vestiging(f"loc-{sid}", punt, wacht)]
    vestigingen += [vestiging(lid, p, w) for lid, p, w in extra_vestigingen]
    return DienstOverzicht(
        service=service, organisation=organisation, vestigingen=tuple(vestigingen)
    )


ALTIJD = (Schedule(altijd_open=True),)
KANTOOR = (Schedule(byday=("MO", "TU", "WE", "TH", "FR"), opens_at=time(9), closes_at=time(17)),)


def voorbeeldkaart() -> list[DienstOverzicht]:
    """Eight services chosen so that every filter keeps some and drops others."""
    return [
        dienst(
            "vt",
            "Veilig Thuis Rotterdam Rijnmond",
            beschrijving="Advies en meldpunt huiselijk geweld en kindermishandeling",
            probleem=(Probleemgebied.KINDERMISHANDELING, Probleemgebied.HUISELIJK_GEWELD),
            trede=Trede.SIGNALEREN,
            niveau=Preventieniveau.GEINDICEERD,
            leeftijd=(None, None),
            wacht=0,
            schedules=ALTIJD,
            telefoon="0800-2000",
            werkgebied=("GM1930", "GM1992"),
        ),
        dienst(
            "cjg",
            "Centrum voor Jeugd en Gezin Nissewaard",
            beschrijving="Opvoedondersteuning en jeugdgezondheidszorg voor ouders met kinderen",
            leeftijd=(0, 18),
            wacht=1,
            schedules=KANTOOR,
            talen=("nl", "ar"),
            werkgebied=("GM1930",),
        ),
        dienst(
            "voorzorg",
            "VoorZorg huisbezoeken",
            beschrijving="Huisbezoeken door een jeugdverpleegkundige tijdens zwangerschap",
            probleem=(Probleemgebied.ZWANGERSCHAP, Probleemgebied.OPVOEDONDERSTEUNING),
            niveau=Preventieniveau.SELECTIEF,
            leeftijd=(0, 2),
            wacht=8,
            werkgebied=("GM1930",),
        ),
        dienst(
            "jot",
            "Jeugdondersteuningsteam Hellevoetsluis",
            beschrijving="Wijkteam voor jeugd en gezinnen",
            punt=HELLEVOETSLUIS,
            gemeente="GM1992",
            trede=Trede.BEHANDELING,
            niveau=Preventieniveau.GEINDICEERD,
            toegang=Toegang.WIJKTEAM,
            leeftijd=(0, 23),
            wacht=3,
            werkgebied=("GM1992",),
        ),
        dienst(
            "training",
            "Opvoedcursus Triple P",
            beschrijving="Groepstraining positief opvoeden",
            kosten=Kosten.EIGEN_BIJDRAGE,
            leeftijd=(2, 12),
            wacht=2,
            peil=date(2026, 8, 1),  # 114 days before VANDAAG: outdated
            werkgebied=("GM1930",),
        ),
        dienst(
            "opvang",
            "Vrouwenopvang regio",
            beschrijving="Veilige opvang bij huiselijk geweld",
            probleem=(Probleemgebied.HUISELIJK_GEWELD, Probleemgebied.PARTNERGEWELD),
            trede=Trede.BEHANDELING,
            niveau=Preventieniveau.GEINDICEERD,
            toegang=Toegang.BESCHIKKING,
            leeftijd=(0, 99),
            vertrouwelijk=True,
            wacht=1,
            schedules=ALTIJD,
            werkgebied=("GM1930", "GM1992", "GM1924"),
        ),
        dienst(
            "amw",
            "Algemeen maatschappelijk werk Goeree-Overflakkee",
            beschrijving="Hulp bij geldzorgen, schulden en relatieproblemen",
            punt=MIDDELHARNIS,
            gemeente="GM1924",
            probleem=(Probleemgebied.SCHULDEN, Probleemgebied.HUISELIJK_GEWELD),
            trede=Trede.BEHANDELING,
            niveau=Preventieniveau.SELECTIEF,
            leeftijd=(18, None),
            wacht=None,
            talen=("nl", "en"),
            werkgebied=("GM1924",),
        ),
        dienst(
            "xss",
            XSS,
            org=XSS,
            beschrijving=XSS,
            punt=SPIJKENISSE,
            wacht=12,
            probleem=(Probleemgebied.OPVOEDONDERSTEUNING,),
            werkgebied=("WK193001",),
        ),
    ]


def kaartdata(diensten: list[DienstOverzicht]) -> KaartData:
    """The same services as a KaartData, to store them through kaart-core's repository."""
    orgs = {d.organisation.id: d.organisation for d in diensten}
    vestigingen = [v for d in diensten for v in d.vestigingen]
    return KaartData(
        organisations=tuple(orgs.values()),
        services=tuple(d.service for d in diensten),
        locations=tuple(v.location for v in vestigingen),
        service_at_locations=tuple(v.service_at_location for v in vestigingen),
        waiting_times=tuple(v.laatste_wachttijd for v in vestigingen if v.laatste_wachttijd),
    )


def store_voorbeeld(database_url: str, diensten: list[DienstOverzicht] | None = None) -> None:
    """Create the store at ``database_url`` holding the test kaart (for page tests).

    Pages judge waiting times against the real today, so every peildatum is moved by the
    days between VANDAAG and today: 'outdated' stays outdated whenever the tests run.
    """
    from dataclasses import replace

    from planner.kaart import repository
    from planner.store import open_store

    data = kaartdata(diensten or voorbeeldkaart())
    verschuiving = date.today() - VANDAAG
    data = replace(
        data,
        waiting_times=tuple(
            replace(wt, peildatum=wt.peildatum + verschuiving) for wt in data.waiting_times
        ),
    )
    engine = open_store(database_url)
    try:
        repository.save_kaart(engine, data, wie="test")
    finally:
        engine.dispose()
