"""The sample kaart: loads into an empty store only, labelled, no invented contact details."""

from __future__ import annotations

import csv
import re

from planner.kaart import repository
from planner.kaart.model import Probleemgebied
from planner.kaart.voorbeeld import VOORBEELD_CSV, seed_if_empty


def test_seed_only_when_empty(engine, gebieden):
    first = seed_if_empty(engine, gebieden=gebieden)
    assert first is not None and first.nieuw > 0
    assert seed_if_empty(engine, gebieden=gebieden) is None
    data = repository.load_kaart(engine)
    assert all(s.voorbeeld for s in data.services)
    assert all(o.voorbeeld for o in data.organisations)
    assert all(loc.locatie_benaderd and loc.heeft_coordinaten for loc in data.locations)


def test_sample_covers_the_region_and_the_chain(engine):
    seed_if_empty(engine)
    data = repository.load_kaart(engine)
    gemeenten = {loc.gemeente_code for loc in data.locations}
    assert {"GM1930", "GM1992", "GM1924"} <= gemeenten
    names = " ".join(o.name for o in data.organisations)
    for expected in (
        "Veilig Thuis Rotterdam Rijnmond",
        "Veilig Thuis Zuid-Holland Zuid",
        "Centrum voor Jeugd en Gezin",
        "JOT",
        "LTHG",
        "Jeugdbeschermingsplein",
        "ZAT",
        "maatschappelijk werk",
        "Vrouwenopvang",
    ):
        assert expected in names
    assert {s.trede for s in data.services if s.trede} and {
        Probleemgebied.KINDERMISHANDELING,
        Probleemgebied.HUISELIJK_GEWELD,
    } <= {p for s in data.services for p in s.probleemgebieden}
    [opvang] = [loc for loc in data.locations if loc.adres_vertrouwelijk]
    assert opvang.address_1 is None and "0800-2000" in opvang.publieke_contactroute


def test_sample_invents_no_phone_numbers_or_addresses():
    with VOORBEELD_CSV.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    numbers = {n for r in rows for n in re.findall(r"\d[\d -]{5,}\d", r.get("telefoon", ""))}
    assert numbers <= {"0800-2000"}
    # An address only for the fictional organisation, and it says so; no postcode at all.
    for r in rows:
        assert not r["postcode"]
        if r["adres"]:
            assert "fictief" in r["adres"] and "fictief" in r["organisatie"]
    # E-mail and websites: a reserved example domain, or the verified national Veilig Thuis site.
    from planner.kaart.contact import is_fictief

    for r in rows:
        for veld in ("email", "website", "organisatie_website"):
            waarde = r[veld]
            assert not waarde or is_fictief(waarde) or waarde == "https://www.veiligthuis.nl"
    assert all(r["voorbeeld"] == "ja" for r in rows)
    assert all(
        not r.get("wachttijd_weken") or "voorbeeldwaarde" in r["wachttijd_gemeld_door"]
        for r in rows
    )


def test_sample_shows_every_way_to_reach_a_service(engine):
    """Phone, e-mail, website, address, public route, opening hours — and one without any."""
    from planner.kaart.contact import contactregels

    seed_if_empty(engine)
    soorten: set[str] = set()
    geen: list[str] = []
    for d in repository.list_services(engine):
        for v in d.vestigingen:
            regels = contactregels(d.service, d.organisation, v.location.openbaar())
            soorten |= {r.soort for r in regels}
            if not regels:
                geen.append(d.service.name)
    assert soorten == {"telefoon", "email", "website", "adres", "contactroute", "openingstijden"}
    assert geen  # the overleggen: shown as 'contactgegevens ontbreken'
