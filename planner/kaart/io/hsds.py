"""Open Referral HSDS 3.0 JSON (and the tabular CSV datapackage) in and out.

The export is ``{"hsds_profiel": ..., "organizations": [...], "services": [...]}`` where each
organisation validates against ``schema/compiled/organization.json``, each service against
``service.json`` and each of its ``service_at_locations`` against ``service_at_location.json``.
The Dutch extensions travel as HSDS ``attributes`` whose ``taxonomy_term`` belongs to the
taxonomy ``TAXONOMIE`` (docs/hsds-profiel.md). Import accepts that envelope and the official
shapes: a service, an organisation with ``services``, a service_at_location, a list of any
of those, a paged ``{"contents": [...]}`` and the CSV tables of the datapackage.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planner.kaart.io.tabel import Ongeldig, datum, getal, keuze, leeg, tijd
from planner.kaart.model import (
    ALLE_DAGEN,
    ID_NAMESPACE,
    Contact,
    CostOption,
    Erkenning,
    Fout,
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
    Status,
    Toegang,
    Trede,
    WaitingTime,
    assign_ids,
    dag_en_nacht,
    stable_id,
)

PROFIEL = "preventiekaart-nl/1.0"
TAXONOMIE = "preventiekaart-nl"
TAXONOMIE_ID = str(uuid.uuid5(ID_NAMESPACE, f"taxonomie:{TAXONOMIE}"))

# Term code -> (name, description). Declared once; docs/hsds-profiel.md lists every one
# (tests/kaart/test_hsds.py checks that).
TERMEN: dict[str, tuple[str, str]] = {
    "toegang": ("toegang", "hoe een cliënt binnenkomt; waarde: een Toegang-code"),
    "kosten": ("kosten", "gratis of eigen_bijdrage"),
    "probleemgebied": ("probleemgebied", "één attribuut per probleemgebied; waarde: de code"),
    "trede": ("trede", "trede 1-4 in de keten (preventie … nazorg)"),
    "preventieniveau": ("preventieniveau", "universeel, selectief, vroegsignalering, geindiceerd"),
    "werkgebied": ("werkgebied", "CBS-code van een bediende gemeente (GM) of wijk (WK)"),
    "interventie": (
        "interventie",
        "naam van de interventie (Databank Effectieve Jeugdinterventies)",
    ),
    "interventie_erkenning": ("erkenning", "oordeel in de Databank Effectieve Jeugdinterventies"),
    "voorbeeld": ("voorbeeldgegevens", "'ja': voorbeeld dat de gemeente nog vervangt"),
    "laatst_geverifieerd": (
        "laatst geverifieerd",
        "datum van de laatste controle (organisatie, locatie)",
    ),
    "adres_vertrouwelijk": ("vertrouwelijk adres", "'ja': adres nooit tonen of exporteren"),
    "publieke_contactroute": ("openbare contactroute", "hoe men contact legt bij geheim adres"),
    "locatie_benaderd": ("locatie benaderd", "'ja': coördinaten zijn het midden van wijk/gemeente"),
    "gemeente": ("gemeente", "CBS-gemeentecode van de locatie"),
    "wijk": ("wijk", "CBS-wijkcode van de locatie"),
    "wachttijd": (
        "wachttijd",
        'één meting: JSON {"weken": 3, "peildatum": "2026-01-05", "gemeld_door": …}',
    ),
}

# The HSDS fields the model holds, per object: what must survive import → export unchanged.
HELD_FIELDS: dict[str, tuple[str, ...]] = {
    "organization": ("id", "name", "alternate_name", "description", "email", "website"),
    "service": (
        "id",
        "name",
        "alternate_name",
        "description",
        "url",
        "email",
        "status",
        "application_process",
        "fees_description",
        "eligibility_description",
        "minimum_age",
        "maximum_age",
        "assured_date",
    ),
    "phone": ("id", "number", "extension", "type", "description"),
    "schedule": ("id", "byday", "opens_at", "closes_at", "description"),
    "language": ("id", "name", "code", "note"),
    "contact": ("id", "name", "title", "department", "email"),
    "cost_option": (
        "id",
        "option",
        "amount",
        "currency",
        "amount_description",
        "valid_from",
        "valid_to",
    ),
    "service_at_location": ("id", "description"),
    "location": ("id", "location_type", "name", "description", "latitude", "longitude"),
    "address": ("address_1", "city", "postal_code", "country"),
}


def tekst(value: Any) -> str | None:
    """Text as given (HSDS round-trips exactly, trailing spaces too); numbers as text."""
    if leeg(value):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# --- export --------------------------------------------------------------------------------


def _clean(d: Mapping[str, Any]) -> dict[str, Any]:
    """Drop empty values: HSDS fields are optional and ``null`` is not a valid string."""
    return {k: v for k, v in d.items() if v is not None and v != [] and v != ""}


def _attr(link_entity: str, link_id: str, code: str, value: str) -> dict[str, Any]:
    name, description = TERMEN[code]
    term_id = str(uuid.uuid5(ID_NAMESPACE, f"term:{code}"))
    return {
        "id": str(uuid.uuid5(ID_NAMESPACE, f"attr:{link_id}:{code}:{value}")),
        "link_id": link_id,
        "link_type": code,
        "link_entity": link_entity,
        "taxonomy_term_id": term_id,
        "value": value,
        "taxonomy_term": {
            "id": term_id,
            "code": code,
            "name": name,
            "description": description,
            "taxonomy": TAXONOMIE,
            "taxonomy_id": TAXONOMIE_ID,
            "language": "nl",
            "taxonomy_detail": {
                "id": TAXONOMIE_ID,
                "name": TAXONOMIE,
                "description": "Nederlands profiel van de Preventiekaart (docs/hsds-profiel.md)",
                "version": PROFIEL,
            },
        },
    }


def _num(value: float | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def _phone(p: Phone) -> dict[str, Any]:
    ext: Any = p.extension
    if ext is not None and str(ext).isdigit():
        ext = int(ext)
    return _clean(
        {
            "id": p.id,
            "number": p.number,
            "extension": ext,
            "type": p.type,
            "description": p.description,
        }
    )


def _schedule(sc: Schedule) -> dict[str, Any]:
    if sc.altijd_open:
        return _clean(
            {
                "id": sc.id,
                "freq": "WEEKLY",
                "byday": ",".join(ALLE_DAGEN),
                "opens_at": "00:00:00",
                "closes_at": "23:59:59",
                "description": sc.description or "24/7",
                "notes": "24/7",
            }
        )
    return _clean(
        {
            "id": sc.id,
            "freq": "WEEKLY" if sc.byday else None,
            "byday": ",".join(sc.byday) or None,
            "opens_at": sc.opens_at.isoformat() if sc.opens_at else None,
            "closes_at": sc.closes_at.isoformat() if sc.closes_at else None,
            "description": sc.description,
        }
    )


def organisation_json(org: Organisation) -> dict[str, Any]:
    attrs = []
    if org.voorbeeld:
        attrs.append(_attr("organization", org.id, "voorbeeld", "ja"))
    if org.assured_date:
        attrs.append(
            _attr("organization", org.id, "laatst_geverifieerd", org.assured_date.isoformat())
        )
    d = _clean(
        {
            "id": org.id,
            "name": org.name,
            "alternate_name": org.alternate_name,
            "email": org.email,
            "website": org.website,
            "attributes": attrs,
        }
    )
    d["description"] = org.description or ""  # required by HSDS
    return d


def location_json(loc: Location) -> dict[str, Any]:
    attrs = []
    if loc.adres_vertrouwelijk:
        attrs.append(_attr("location", loc.id, "adres_vertrouwelijk", "ja"))
    if loc.publieke_contactroute:
        attrs.append(_attr("location", loc.id, "publieke_contactroute", loc.publieke_contactroute))
    if loc.locatie_benaderd:
        attrs.append(_attr("location", loc.id, "locatie_benaderd", "ja"))
    if loc.gemeente_code:
        attrs.append(_attr("location", loc.id, "gemeente", loc.gemeente_code))
    if loc.wijk_code:
        attrs.append(_attr("location", loc.id, "wijk", loc.wijk_code))
    if loc.assured_date:
        attrs.append(_attr("location", loc.id, "laatst_geverifieerd", loc.assured_date.isoformat()))
    addresses = []
    if loc.address_1 or loc.postal_code or loc.city:
        addresses.append(
            {
                "id": str(uuid.uuid5(ID_NAMESPACE, f"adres:{loc.id}")),
                "address_1": loc.address_1 or "",
                "city": loc.city or "",
                "state_province": "",
                "postal_code": loc.postal_code or "",
                "country": loc.country or "",
                "address_type": "physical",
            }
        )
    return _clean(
        {
            "id": loc.id,
            "location_type": loc.location_type,
            "organization_id": loc.organization_id,
            "name": loc.name,
            "description": loc.description,
            "latitude": loc.latitude,
            "longitude": loc.longitude,
            "addresses": addresses,
            "attributes": attrs,
        }
    )


def service_json(
    s: Service,
    org: Organisation,
    sals: Iterable[tuple[ServiceAtLocation, Location, list[WaitingTime]]],
) -> dict[str, Any]:
    s = assign_ids(s)
    attrs = []
    for code, member in (
        ("toegang", s.toegang),
        ("kosten", s.kosten),
        ("trede", s.trede),
        ("preventieniveau", s.preventieniveau),
        ("interventie_erkenning", s.interventie_erkenning),
    ):
        if member is not None:
            attrs.append(_attr("service", s.id, code, member.value))
    attrs += [_attr("service", s.id, "probleemgebied", p.value) for p in s.probleemgebieden]
    attrs += [_attr("service", s.id, "werkgebied", code) for code in s.werkgebied]
    if s.interventie:
        attrs.append(_attr("service", s.id, "interventie", s.interventie))
    if s.voorbeeld:
        attrs.append(_attr("service", s.id, "voorbeeld", "ja"))
    sal_objs = []
    newest = None
    for sal, loc, waits in sals:
        sal_attrs = [
            _attr(
                "service_at_location",
                sal.id,
                "wachttijd",
                json.dumps(
                    _clean(
                        {
                            "weken": _num(w.weken),
                            "peildatum": w.peildatum.isoformat(),
                            "gemeld_door": w.gemeld_door,
                        }
                    ),
                    ensure_ascii=False,
                ),
            )
            for w in waits
        ]
        if waits and (newest is None or waits[-1].peildatum > newest.peildatum):
            newest = waits[-1]
        sal_objs.append(
            _clean(
                {
                    "id": sal.id,
                    "service_id": s.id,
                    "location_id": loc.id,
                    "description": sal.description,
                    "location": location_json(loc),
                    "attributes": sal_attrs,
                }
            )
        )
    wait_text = None
    if newest is not None:
        wait_text = f"{_num(newest.weken)} weken (peildatum {newest.peildatum.isoformat()})"
    org_obj = organisation_json(org)
    org_obj.pop("attributes", None)
    return _clean(
        {
            "id": s.id,
            "organization_id": s.organization_id,
            "name": s.name,
            "alternate_name": s.alternate_name,
            "description": s.description,
            "url": s.url,
            "email": s.email,
            "status": s.status.value,
            "application_process": s.application_process,
            "fees_description": s.fees_description,
            "wait_time": wait_text,
            "eligibility_description": s.doelgroep,
            "minimum_age": _num(s.leeftijd_min),
            "maximum_age": _num(s.leeftijd_max),
            "assured_date": s.assured_date.isoformat() if s.assured_date else None,
            "phones": [_phone(p) for p in s.phones],
            "schedules": [_schedule(sc) for sc in s.schedules],
            "languages": [
                _clean({"id": lang.id, "name": lang.name, "code": lang.code, "note": lang.note})
                for lang in s.languages
            ],
            "contacts": [
                _clean(
                    {
                        "id": c.id,
                        "name": c.name,
                        "title": c.title,
                        "department": c.department,
                        "email": c.email,
                        "phones": [_phone(p) for p in c.phones],
                    }
                )
                for c in s.contacts
            ],
            "cost_options": [
                _clean(
                    {
                        "id": c.id,
                        "option": c.option,
                        "amount": _num(c.amount),
                        "currency": c.currency,
                        "amount_description": c.amount_description,
                        "valid_from": c.valid_from.isoformat() if c.valid_from else None,
                        "valid_to": c.valid_to.isoformat() if c.valid_to else None,
                    }
                )
                for c in s.cost_options
            ],
            "organization": org_obj,
            "service_at_locations": sal_objs,
            "attributes": attrs,
        }
    )


def export_hsds(data: KaartData, *, openbaar: bool = True) -> dict[str, Any]:
    """The kaart as an HSDS 3.0 document; ``openbaar`` removes confidential addresses."""
    orgs = {o.id: o for o in data.organisations}
    locs = {loc.id: (loc.openbaar() if openbaar else loc) for loc in data.locations}
    waits: dict[str, list[WaitingTime]] = {}
    for wt in sorted(data.waiting_times, key=lambda w: (w.peildatum, w.id or 0)):
        waits.setdefault(wt.service_at_location_id, []).append(wt)
    per_service: dict[str, list[tuple[ServiceAtLocation, Location, list[WaitingTime]]]] = {}
    for sal in data.service_at_locations:
        per_service.setdefault(sal.service_id, []).append(
            (sal, locs[sal.location_id], waits.get(sal.id, []))
        )
    used_locations = {sal.location_id for sal in data.service_at_locations}
    organisations = []
    for org in data.organisations:
        obj = organisation_json(org)
        # Locations without a service would otherwise be lost on export.
        loose = [
            location_json(loc)
            for loc in locs.values()
            if loc.organization_id == org.id and loc.id not in used_locations
        ]
        if loose:
            obj["locations"] = loose
        organisations.append(obj)
    return {
        "hsds_profiel": PROFIEL,
        "openbaar": openbaar,
        "organizations": organisations,
        "services": [
            service_json(s, orgs[s.organization_id], per_service.get(s.id, []))
            for s in data.services
        ],
    }


# --- import --------------------------------------------------------------------------------


@dataclass
class _Lezer:
    """Collects objects from any HSDS shape, keyed by id (later duplicates are errors)."""

    fouten: list[Fout]

    def __post_init__(self) -> None:
        self.orgs: dict[str, Organisation] = {}
        self.services: dict[str, Service] = {}
        self.locations: dict[str, Location] = {}
        self.sals: dict[str, ServiceAtLocation] = {}
        self.waits: list[WaitingTime] = []
        self.nummer = 0

    def fout(self, veld: str, melding: str, ernst: str = "fout") -> None:
        self.fouten.append(Fout(veld, melding, self.nummer or None, ernst))

    def data(self) -> KaartData:
        return KaartData(
            tuple(self.orgs.values()),
            tuple(self.services.values()),
            tuple(self.locations.values()),
            tuple(self.sals.values()),
            tuple(self.waits),
        )

    # objects

    def any(self, obj: Any) -> None:
        if isinstance(obj, list):
            for item in obj:
                self.any(item)
            return
        if not isinstance(obj, Mapping):
            self.fout("json", "verwacht een HSDS-object of een lijst daarvan")
            return
        if "contents" in obj and isinstance(obj["contents"], list):
            self.any(obj["contents"])
        elif "services" in obj and "id" not in obj:  # our envelope
            for org in obj.get("organizations") or []:
                self.organisation(org)
            for s in obj.get("services") or []:
                self.top_service(s)
        elif "service" in obj and "location" in obj:
            self.top_sal(obj)
        elif "status" in obj:
            self.top_service(obj)
        elif "id" in obj and "name" in obj:
            self.organisation(obj)
        else:
            self.fout("json", "object is geen HSDS-organisatie, -dienst of -dienst-op-locatie")

    def top_service(self, obj: Mapping[str, Any], org_id: str | None = None) -> None:
        self.nummer += 1
        org = obj.get("organization")
        if isinstance(org, Mapping):
            org_id = self.organisation(org, nested=True)
        service = self.service(obj, org_id)
        if service is None:
            return
        for sal in obj.get("service_at_locations") or []:
            self.sal(sal, service.id, service.organization_id)

    def top_sal(self, obj: Mapping[str, Any]) -> None:
        self.nummer += 1
        svc = obj.get("service")
        org_id = None
        if isinstance(svc.get("organization"), Mapping):
            org_id = self.organisation(svc["organization"], nested=True)
        service = self.service(svc, org_id)
        if service is not None:
            self.sal(obj, service.id, service.organization_id)

    def organisation(self, obj: Mapping[str, Any], nested: bool = False) -> str | None:
        oid = stable_id(tekst(obj.get("id")), soort="organisatie")
        name = tekst(obj.get("name"))
        if oid is None or name is None:
            self.fout("organization", "een organisatie heeft een id en een naam nodig")
            return None
        attrs = _attributes(obj)
        org = Organisation(
            id=oid,
            name=name,
            description=tekst(obj.get("description")),
            alternate_name=tekst(obj.get("alternate_name")),
            email=tekst(obj.get("email")),
            website=tekst(obj.get("website")),
            assured_date=self.parse(
                "laatst_geverifieerd", datum, _first(attrs, "laatst_geverifieerd")
            ),
            voorbeeld=_first(attrs, "voorbeeld") == "ja",
        )
        previous = self.orgs.get(oid)
        if previous is not None and nested:
            pass  # the same organisation nested in several services; the first wins
        elif previous is not None and previous != org and not nested:
            self.fout("organization.id", f"organisatie {oid} staat dubbel met andere gegevens")
        else:
            self.orgs[oid] = org
        for loc in obj.get("locations") or []:
            self.location(loc, oid)
        for s in obj.get("services") or []:
            self.top_service(s, oid)
        return oid

    def parse(self, veld: str, parser: Any, value: Any, *args: Any) -> Any:
        try:
            return parser(*args, value) if args else parser(value)
        except Ongeldig as exc:
            self.fout(veld, str(exc))
            return None

    def service(self, obj: Mapping[str, Any], org_id: str | None) -> Service | None:
        sid = stable_id(tekst(obj.get("id")), soort="dienst")
        name = tekst(obj.get("name"))
        org_id = org_id or stable_id(tekst(obj.get("organization_id")), soort="organisatie")
        if sid is None or name is None:
            self.fout("service", "een dienst heeft een id en een naam nodig")
            return None
        if org_id is None:
            self.fout("organization_id", f"dienst '{name}' hoort bij geen organisatie")
            return None
        attrs = _attributes(obj)
        status = Status.parse(tekst(obj.get("status")) or "active")
        if status is None:
            self.fout("status", f"'{obj.get('status')}' is geen HSDS-status")
            status = Status.ACTIEF
        probleem = []
        for code in attrs.get("probleemgebied", []):
            found = Probleemgebied.parse(code)
            if found is None:
                self.fout("attributes", f"'{code}' is geen probleemgebied")
            else:
                probleem.append(found)
        service = Service(
            id=sid,
            organization_id=org_id,
            name=name,
            description=tekst(obj.get("description")),
            alternate_name=tekst(obj.get("alternate_name")),
            url=tekst(obj.get("url")),
            email=tekst(obj.get("email")),
            status=status,
            toegang=self.parse("toegang", keuze, _first(attrs, "toegang"), Toegang),
            application_process=tekst(obj.get("application_process")),
            kosten=self.parse("kosten", keuze, _first(attrs, "kosten"), Kosten),
            fees_description=tekst(obj.get("fees_description")),
            cost_options=tuple(self.cost(c) for c in obj.get("cost_options") or []),
            leeftijd_min=self.parse("minimum_age", getal, obj.get("minimum_age")),
            leeftijd_max=self.parse("maximum_age", getal, obj.get("maximum_age")),
            doelgroep=tekst(obj.get("eligibility_description")),
            probleemgebieden=tuple(probleem),
            trede=self.parse("trede", keuze, _first(attrs, "trede"), Trede),
            preventieniveau=self.parse(
                "preventieniveau", keuze, _first(attrs, "preventieniveau"), Preventieniveau
            ),
            werkgebied=tuple(attrs.get("werkgebied", [])),
            interventie=_first(attrs, "interventie"),
            interventie_erkenning=self.parse(
                "interventie_erkenning", keuze, _first(attrs, "interventie_erkenning"), Erkenning
            ),
            phones=tuple(p for p in (self.phone(p) for p in obj.get("phones") or []) if p),
            contacts=tuple(self.contact(c) for c in obj.get("contacts") or []),
            schedules=tuple(self.schedule(sc) for sc in obj.get("schedules") or []),
            languages=tuple(
                Language(
                    code=tekst(lang.get("code")) or "",
                    name=tekst(lang.get("name")),
                    id=tekst(lang.get("id")),
                    note=tekst(lang.get("note")),
                )
                for lang in obj.get("languages") or []
            ),
            assured_date=self.parse("assured_date", datum, obj.get("assured_date")),
            voorbeeld=_first(attrs, "voorbeeld") == "ja",
        )
        if sid in self.services and self.services[sid] != service:
            self.fout("service.id", f"dienst {obj.get('id')} staat dubbel in het bestand")
            return None
        self.services[sid] = service
        return service

    def phone(self, obj: Mapping[str, Any]) -> Phone | None:
        number = tekst(obj.get("number"))
        if number is None:
            self.fout("phones.number", "telefoonnummer ontbreekt")
            return None
        return Phone(
            number=number,
            id=tekst(obj.get("id")),
            extension=tekst(obj.get("extension")),
            type=tekst(obj.get("type")),
            description=tekst(obj.get("description")),
        )

    def contact(self, obj: Mapping[str, Any]) -> Contact:
        return Contact(
            id=tekst(obj.get("id")),
            name=tekst(obj.get("name")),
            title=tekst(obj.get("title")),
            department=tekst(obj.get("department")),
            email=tekst(obj.get("email")),
            phones=tuple(p for p in (self.phone(p) for p in obj.get("phones") or []) if p),
        )

    def cost(self, obj: Mapping[str, Any]) -> CostOption:
        return CostOption(
            id=tekst(obj.get("id")),
            option=tekst(obj.get("option")),
            amount=self.parse("cost_options.amount", getal, obj.get("amount")),
            currency=tekst(obj.get("currency")),
            amount_description=tekst(obj.get("amount_description")),
            valid_from=self.parse("cost_options.valid_from", datum, obj.get("valid_from")),
            valid_to=self.parse("cost_options.valid_to", datum, obj.get("valid_to")),
        )

    def schedule(self, obj: Mapping[str, Any]) -> Schedule:
        byday = tuple(
            d.strip().upper() for d in (tekst(obj.get("byday")) or "").split(",") if d.strip()
        )
        opens = self.parse("schedules.opens_at", tijd, obj.get("opens_at"))
        closes = self.parse("schedules.closes_at", tijd, obj.get("closes_at"))
        sid = tekst(obj.get("id"))
        description = tekst(obj.get("description"))
        if (
            set(byday) == set(ALLE_DAGEN)
            and opens is not None
            and opens.hour == 0
            and opens.minute == 0
            and closes is not None
            and (closes.hour, closes.minute) in {(23, 59), (0, 0)}
        ):
            return dag_en_nacht(None if description == "24/7" else description, id=sid)
        return Schedule(
            byday=byday, opens_at=opens, closes_at=closes, description=description, id=sid
        )

    def location(self, obj: Mapping[str, Any], org_id: str | None) -> Location | None:
        lid = stable_id(tekst(obj.get("id")), soort="locatie")
        if lid is None:
            self.fout("location.id", "een locatie heeft een id nodig")
            return None
        attrs = _attributes(obj)
        addresses = obj.get("addresses") or []
        address = addresses[0] if addresses else {}
        loc_type = tekst(obj.get("location_type")) or "physical"
        if loc_type not in {"physical", "postal", "virtual"}:
            self.fout("location_type", f"'{loc_type}' is geen HSDS-locatietype")
            loc_type = "physical"
        loc = Location(
            id=lid,
            name=tekst(obj.get("name")),
            organization_id=stable_id(tekst(obj.get("organization_id")), soort="organisatie")
            or org_id,
            location_type=loc_type,
            description=tekst(obj.get("description")),
            address_1=tekst(address.get("address_1")),
            postal_code=tekst(address.get("postal_code")),
            city=tekst(address.get("city")),
            country=tekst(address.get("country")),
            latitude=self.parse("latitude", getal, obj.get("latitude")),
            longitude=self.parse("longitude", getal, obj.get("longitude")),
            locatie_benaderd=_first(attrs, "locatie_benaderd") == "ja",
            adres_vertrouwelijk=_first(attrs, "adres_vertrouwelijk") == "ja",
            publieke_contactroute=_first(attrs, "publieke_contactroute"),
            gemeente_code=_first(attrs, "gemeente"),
            wijk_code=_first(attrs, "wijk"),
            assured_date=self.parse(
                "laatst_geverifieerd", datum, _first(attrs, "laatst_geverifieerd")
            ),
        )
        if lid in self.locations and self.locations[lid] != loc:
            # The same location nested under several services: fill gaps, keep the first.
            return self.locations[lid]
        self.locations[lid] = loc
        return loc

    def sal(self, obj: Mapping[str, Any], service_id: str, org_id: str) -> None:
        sal_id = stable_id(tekst(obj.get("id")), soort="dienst_locatie")
        loc_obj = obj.get("location")
        loc = None
        if isinstance(loc_obj, Mapping):
            loc = self.location(loc_obj, org_id)
        elif obj.get("location_id"):
            loc = self.locations.get(stable_id(tekst(obj["location_id"]), soort="locatie") or "")
        if sal_id is None or loc is None:
            self.fout("service_at_location", "dienst-op-locatie zonder id of zonder locatie")
            return
        self.sals[sal_id] = ServiceAtLocation(
            id=sal_id,
            service_id=service_id,
            location_id=loc.id,
            description=tekst(obj.get("description")),
        )
        for value in _attributes(obj).get("wachttijd", []):
            try:
                m = json.loads(value)
                weken, peildatum = getal(m["weken"]), datum(m["peildatum"])
                if weken is None or peildatum is None:
                    raise KeyError("weken")
                self.waits.append(WaitingTime(sal_id, weken, peildatum, m.get("gemeld_door")))
            except (ValueError, KeyError, TypeError, Ongeldig):
                self.fout("attributes.wachttijd", f"'{value}' is geen geldige wachttijdmeting")


def _attributes(obj: Mapping[str, Any]) -> dict[str, list[str]]:
    """Our profile's attributes by term code; attributes of other taxonomies are ignored."""
    out: dict[str, list[str]] = {}
    for attr in obj.get("attributes") or []:
        term = attr.get("taxonomy_term") or {}
        code = term.get("code") or attr.get("link_type")
        ours = term.get("taxonomy") == TAXONOMIE or term.get("taxonomy_id") == TAXONOMIE_ID
        if ours and code in TERMEN and attr.get("value") is not None:
            out.setdefault(code, []).append(str(attr["value"]))
    return out


def _first(attrs: Mapping[str, list[str]], code: str) -> str | None:
    values = attrs.get(code)
    return values[0] if values else None


def read_hsds_json(doc: Any) -> tuple[KaartData, list[Fout]]:
    fouten: list[Fout] = []
    lezer = _Lezer(fouten)
    lezer.any(doc)
    return lezer.data(), fouten


# --- the tabular datapackage ------------------------------------------------------------------

_TABELLEN = (
    "organizations",
    "services",
    "locations",
    "addresses",
    "service_at_location",
    "phones",
    "schedules",
    "languages",
    "contacts",
    "cost_options",
    "attributes",
    "taxonomy_terms",
)


def read_hsds_csv(tables: Mapping[str, list[dict[str, str]]]) -> tuple[KaartData, list[Fout]]:
    """Rebuild nested HSDS objects from the datapackage tables, then read them as JSON."""

    def rows(name: str) -> list[dict[str, Any]]:
        return [{k: v for k, v in r.items() if v not in (None, "")} for r in tables.get(name, [])]

    def where(name: str, key: str, value: Any) -> list[dict[str, Any]]:
        return [r for r in rows(name) if r.get(key) == value]

    terms = {t["id"]: t for t in rows("taxonomy_terms")}

    def attrs(link_id: str) -> list[dict[str, Any]]:
        out = []
        for a in where("attributes", "link_id", link_id):
            a = dict(a)
            if a.get("taxonomy_term_id") in terms:
                a["taxonomy_term"] = terms[a["taxonomy_term_id"]]
            out.append(a)
        return out

    def phones(key: str, value: str) -> list[dict[str, Any]]:
        return where("phones", key, value)

    def location(loc_id: str) -> dict[str, Any] | None:
        found = where("locations", "id", loc_id)
        if not found:
            return None
        loc = dict(found[0])
        loc["addresses"] = where("addresses", "location_id", loc_id)
        loc["attributes"] = attrs(loc_id)
        return loc

    orgs = {o["id"]: dict(o, attributes=attrs(o["id"])) for o in rows("organizations")}
    services = []
    for s in rows("services"):
        sid = s["id"]
        obj = dict(s)
        if s.get("organization_id") in orgs:
            obj["organization"] = orgs[s["organization_id"]]
        obj["phones"] = phones("service_id", sid)
        obj["schedules"] = where("schedules", "service_id", sid)
        obj["languages"] = where("languages", "service_id", sid)
        obj["contacts"] = [
            dict(c, phones=phones("contact_id", c["id"]))
            for c in where("contacts", "service_id", sid)
        ]
        obj["cost_options"] = where("cost_options", "service_id", sid)
        obj["attributes"] = attrs(sid)
        obj["service_at_locations"] = [
            dict(sal, location=location(sal.get("location_id", "")), attributes=attrs(sal["id"]))
            for sal in where("service_at_location", "service_id", sid)
        ]
        services.append(obj)
    fouten: list[Fout] = []
    lezer = _Lezer(fouten)
    for org in orgs.values():
        lezer.organisation(org)
    for s in services:
        s["service_at_locations"] = [
            sal for sal in s["service_at_locations"] if sal["location"] is not None
        ]
        lezer.top_service(s)
    for loc in rows("locations"):
        if stable_id(loc["id"], soort="locatie") not in lezer.locations:
            full = location(loc["id"])
            if full is not None:
                lezer.location(full, None)
    return lezer.data(), fouten


def read_datapackage_dir(folder: Path) -> dict[str, list[dict[str, str]]]:
    tables = {}
    for name in _TABELLEN:
        path = folder / f"{name}.csv"
        if path.exists():
            text = path.read_text(encoding="utf-8-sig")
            tables[name] = list(csv.DictReader(io.StringIO(text)))
    return tables


def read_datapackage_zip(raw: bytes) -> dict[str, list[dict[str, str]]]:
    """The datapackage tables from a .zip upload (files may sit in a subfolder)."""
    import zipfile

    tables = {}
    with zipfile.ZipFile(io.BytesIO(raw)) as zf:
        by_name = {Path(n).name: n for n in zf.namelist() if not n.endswith("/")}
        for name in _TABELLEN:
            member = by_name.get(f"{name}.csv")
            if member is not None:
                text = zf.read(member).decode("utf-8-sig")
                tables[name] = list(csv.DictReader(io.StringIO(text)))
    return tables


def validate(doc: Mapping[str, Any], schema_dir: Path) -> list[str]:
    """Schema errors of an export against the official compiled HSDS schemas (for tests)."""
    import jsonschema

    def check(obj: Any, name: str, where: str) -> list[str]:
        schema = json.loads((schema_dir / "compiled" / f"{name}.json").read_text())
        cls = jsonschema.validators.validator_for(schema)
        validator = cls(schema, format_checker=cls.FORMAT_CHECKER)
        return [
            f"{where}: {e.message} (pad {list(e.absolute_path)})"
            for e in validator.iter_errors(obj)
        ]

    errors = []
    for i, org in enumerate(doc.get("organizations", [])):
        errors += check(org, "organization", f"organizations[{i}]")
    for i, s in enumerate(doc.get("services", [])):
        errors += check(s, "service", f"services[{i}]")
        for j, sal in enumerate(s.get("service_at_locations", [])):
            errors += check(sal, "service_at_location", f"services[{i}].service_at_locations[{j}]")
    return errors
