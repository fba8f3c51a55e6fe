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
import functools
import io
import json
import re
import uuid
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any

from planner.fouten import Lezer, Ongeldig
from planner.kaart.model import (
    ADRESVELDEN,
    ALLE_DAGEN,
    DAGEN,
    ID_NAMESPACE,
    Address,
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
from planner.kaart.velden import (
    Keuze,
    datum,
    getal,
    hsds_attributen,
    hsds_velden,
    leeg,
    tijd,
)
from planner.kaart.velden import tekst as _celtekst
from planner.structuur import veldnamen, veldsoorten

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

# Terms whose values are a fixed list get one child term per value, so an API client can
# ask for "services with toegang vrij_toegankelijk" by ``taxonomy_term_id``.
WAARDELIJSTEN: dict[str, Any] = {
    "toegang": Toegang,
    "kosten": Kosten,
    "probleemgebied": Probleemgebied,
    "trede": Trede,
    "preventieniveau": Preventieniveau,
    "interventie_erkenning": Erkenning,
}


@functools.cache
def term_id(code: str, value: str | None = None) -> str:
    """The id of a profile term (``toegang``) or of one of its values (``toegang`` = ``vrij…``)."""
    key = f"term:{code}" if value is None else f"term:{code}:{value}"
    return str(uuid.uuid5(ID_NAMESPACE, key))


def taxonomie() -> dict[str, Any]:
    """The published HSDS taxonomy of the Dutch profile (docs/hsds-profiel.md)."""
    return {
        "id": TAXONOMIE_ID,
        "name": TAXONOMIE,
        "description": "Nederlands profiel van de Preventiekaart (docs/hsds-profiel.md)",
        "version": PROFIEL,
    }


def taxonomie_termen() -> list[dict[str, Any]]:
    """Every term of the profile: one per extension, and one per value of a fixed list."""
    out = []
    for code, (name, description) in TERMEN.items():
        base = {"taxonomy": TAXONOMIE, "taxonomy_id": TAXONOMIE_ID, "language": "nl"}
        out.append(
            {"id": term_id(code), "code": code, "name": name, "description": description} | base
        )
        for member in WAARDELIJSTEN.get(code, ()):
            out.append(
                {
                    "id": term_id(code, member.value),
                    "code": f"{code}:{member.value}",
                    "name": member.label,
                    "description": f"{name}: {member.label}",
                    "parent_id": term_id(code),
                }
                | base
            )
    return out


# Structured HSDS fields; the field table gives their column, the code below their shape.
_GESTRUCTUREERD = frozenset({"phones", "schedules", "languages"})


def _uit_tabel(soort: str, *zonder_kolom: str) -> tuple[str, ...]:
    return (
        *(k for k, _ in hsds_velden(soort) if k not in _GESTRUCTUREERD),
        *zonder_kolom,
    )


def _uit_model(cls: type, *niet_hsds: str) -> tuple[str, ...]:
    return tuple(n for n in veldnamen(cls) if n not in niet_hsds)


# The HSDS fields the model holds, per object: what must survive import → export unchanged.
# The record's own fields come from the field table (plus those without a column); nested
# objects carry the model's field names.
HELD_FIELDS: dict[str, tuple[str, ...]] = {
    "organization": _uit_tabel("organization", "alternate_name", "email"),
    "service": _uit_tabel("service"),
    "service_at_location": _uit_tabel("service_at_location", "description"),
    "location": _uit_tabel("location", "description"),
    "phone": _uit_model(Phone),
    "schedule": _uit_model(Schedule, "altijd_open"),
    "language": _uit_model(Language),
    "contact": _uit_model(Contact, "phones"),
    "cost_option": _uit_model(CostOption),
    "address": _uit_model(Address),
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
    tid = term_id(code)
    return {
        "id": str(uuid.uuid5(ID_NAMESPACE, f"attr:{link_id}:{code}:{value}")),
        "link_id": link_id,
        "link_type": code,
        "link_entity": link_entity,
        "taxonomy_term_id": tid,
        "value": value,
        "taxonomy_term": {
            "id": tid,
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


def _hsds_waarde(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return _num(value)
    return value


def _enkel(soort: str, obj: Any) -> dict[str, Any]:
    """The HSDS fields of ``obj`` that are one value each, as the field table maps them."""
    return {
        key: _hsds_waarde(getattr(obj, v.attr))
        for key, v in hsds_velden(soort)
        if key not in _GESTRUCTUREERD
    }


def _attributen(soort: str, obj: Any) -> list[dict[str, Any]]:
    """Our profile's attributes of ``obj``: one per value, 'ja' for yes (field table)."""
    uit = []
    for code, v in hsds_attributen(soort):
        waarde = getattr(obj, v.attr)
        for w in waarde if isinstance(waarde, tuple) else (waarde,):
            if w is not None and w is not False and w != "":
                tekst = "ja" if w is True else str(_hsds_waarde(w))
                uit.append(_attr(soort, obj.id, code, tekst))
    return uit


def _plat(kind: str, obj: Any) -> dict[str, Any]:
    """A nested HSDS object whose fields carry the model's names (``HELD_FIELDS``)."""
    return _clean({k: _hsds_waarde(getattr(obj, k)) for k in HELD_FIELDS[kind]})


def _phone(p: Phone) -> dict[str, Any]:
    d = _plat("phone", p)
    if str(p.extension).isdigit():
        d["extension"] = int(str(p.extension))
    return d


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


def _address(a: Address, location_id: str) -> dict[str, Any]:
    """HSDS requires these five texts; an empty one is written as ``""``."""
    return {
        "id": a.id,
        "location_id": location_id,
        "address_1": a.address_1 or "",
        "city": a.city or "",
        "state_province": a.state_province or "",
        "postal_code": a.postal_code or "",
        "country": a.country or "",
        "address_type": a.address_type,
    }


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
            **_enkel("organization", org),
            "alternate_name": org.alternate_name,
            "email": org.email,
            "attributes": attrs,
        }
    )
    d["description"] = org.description or ""  # required by HSDS
    return d


def _met_id(obj: Any, sleutel: str) -> Any:
    """``obj`` with an id derived from ``sleutel`` when it has none: HSDS requires ids."""
    return obj if obj.id else replace(obj, id=_afgeleid(sleutel))


def location_json(loc: Location) -> dict[str, Any]:
    attrs = _attributen("location", loc)
    addresses = []
    if loc.address_1 or loc.postal_code or loc.city or loc.state_province:
        addresses.append(
            _address(
                Address(
                    **{veld: getattr(loc, veld) for veld in ADRESVELDEN},
                    id=loc.address_id or _afgeleid(f"adres:{loc.id}"),
                ),
                loc.id,
            )
        )
    addresses += [
        _address(_met_id(a, f"adres:{loc.id}:{i}"), loc.id)
        for i, a in enumerate(loc.other_addresses, start=1)
    ]
    phones = [_phone(_met_id(p, f"{loc.id}:phone:{i}")) for i, p in enumerate(loc.phones)]
    schedules = [
        _schedule(_met_id(x, f"{loc.id}:schedule:{i}")) for i, x in enumerate(loc.schedules)
    ]
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
            "phones": phones,
            "schedules": schedules,
            "attributes": attrs,
        }
    )


def _meting(w: WaitingTime) -> str:
    """A waiting-time measurement as the value of our attribute 'wachttijd' (JSON text)."""
    meting = {"weken": _num(w.weken), "peildatum": w.peildatum.isoformat()}
    return json.dumps(_clean({**meting, "gemeld_door": w.gemeld_door}), ensure_ascii=False)


def service_json(
    s: Service,
    org: Organisation,
    sals: Iterable[tuple[ServiceAtLocation, Location, list[WaitingTime]]],
) -> dict[str, Any]:
    s = assign_ids(s)
    attrs = _attributen("service", s)
    sal_objs = []
    newest = None
    for sal, loc, waits in sals:
        sal_attrs = [_attr("service_at_location", sal.id, "wachttijd", _meting(w)) for w in waits]
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
            **_enkel("service", s),
            "organization_id": s.organization_id,
            "wait_time": wait_text,
            "phones": [_phone(p) for p in s.phones],
            "schedules": [_schedule(sc) for sc in s.schedules],
            "languages": [_plat("language", lang) for lang in s.languages],
            "contacts": [
                _clean({**_plat("contact", c), "phones": [_phone(p) for p in c.phones]})
                for c in s.contacts
            ],
            "cost_options": [_plat("cost_option", c) for c in s.cost_options],
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
    loose_per_org: dict[str | None, list[Location]] = {}
    for loc in locs.values():
        if loc.id not in used_locations:
            loose_per_org.setdefault(loc.organization_id, []).append(loc)
    organisations = []
    for org in data.organisations:
        obj = organisation_json(org)
        # Locations without a service would otherwise be lost on export.
        loose = [location_json(loc) for loc in loose_per_org.get(org.id, [])]
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

MAX_DIEPTE = 40  # nesting levels; the official documents use fewer than 10

# What the reader takes from each kind of HSDS object. Every other filled field is counted
# in the "niet bewaard" summary, so nothing disappears without notice. Link ids
# (``service_id`` on a phone, …) are structure, carried by the nesting.
_LINKS = frozenset(
    {
        "organization_id",
        "service_id",
        "location_id",
        "contact_id",
        "service_at_location_id",
        "link_id",
        "phone_id",
    }
)
_GEKOPPELD: dict[str, frozenset[str]] = {
    "organization": frozenset({"attributes", "services", "locations"}),
    "service": frozenset({"phones", "schedules", "languages", "contacts", "cost_options"})
    | frozenset({"attributes", "organization", "service_at_locations"}),
    "service_at_location": frozenset({"location", "attributes", "service"}),
    "location": frozenset({"addresses", "attributes", "phones", "schedules"}),
    "contact": frozenset({"phones"}),
}
GELEZEN: dict[str, frozenset[str]] = {
    k: frozenset(v) | _GEKOPPELD.get(k, frozenset()) for k, v in HELD_FIELDS.items()
}
ADRESTYPEN = ("physical", "postal", "virtual")
ONBEKENDE_ORGANISATIE = str(uuid.uuid5(ID_NAMESPACE, "organisatie:onbekend"))

Plek = str | tuple[str, int]  # a JSON path, or (file, row) in a tabular datapackage


@dataclass(frozen=True)
class NietBewaard:
    """One HSDS field the kaart does not keep: how often it was filled, and an example."""

    veld: str
    aantal: int
    voorbeeld: str

    def __str__(self) -> str:
        return f"{self.veld}: {self.aantal}× niet bewaard (bijvoorbeeld '{self.voorbeeld}')"


def _soort_tekst(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, Mapping):
        return "een object"
    if isinstance(value, list):
        return "een lijst"
    if isinstance(value, (int, float)):
        return f"het getal {value}"
    return f"de tekst '{str(value)[:40]}'"


def _voorbeeld(value: Any) -> str:
    if isinstance(value, (Mapping, list)):
        text = json.dumps(value, ensure_ascii=False, default=str)
    else:
        text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _leeg(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def diepte(doc: Any) -> int:
    """Nesting depth without recursion (a 990-deep file must not crash the reader)."""
    deepest, stack = 0, [(doc, 1)]
    while stack:
        obj, level = stack.pop()
        deepest = max(deepest, level)
        if level > MAX_DIEPTE:
            return level
        if isinstance(obj, Mapping):
            stack += [(v, level + 1) for v in obj.values() if isinstance(v, (Mapping, list))]
        elif isinstance(obj, list):
            stack += [(v, level + 1) for v in obj if isinstance(v, (Mapping, list))]
    return deepest


# Keys that tell the kinds of HSDS object apart when a document does not say what it is.
_KENMERKEN: dict[str, frozenset[str]] = {
    "service": frozenset(
        {"status", "service_at_locations", "organization", "wait_time", "fees_description"}
        | {"eligibility_description", "application_process", "minimum_age", "maximum_age"}
        | {"program_id", "interpretation_services", "cost_options", "service_areas"}
        | {"required_documents", "accreditations", "licenses", "assured_date"}
    ),
    "organization": frozenset(
        {"website", "tax_status", "tax_id", "year_incorporated", "legal_status", "logo"}
        | {"parent_organization_id", "services", "locations", "organization_identifiers"}
        | {"programs"}
    ),
    "location": frozenset(
        {"location_type", "latitude", "longitude", "addresses", "transportation"}
        | {"external_identifier", "external_identifier_type", "accessibility"}
    ),
    "service_at_location": frozenset({"service", "location"}),
    "taxonomy_term": frozenset(
        {"code", "parent_id", "taxonomy", "taxonomy_id", "term_uri", "taxonomy_detail"}
    ),
    "taxonomy": frozenset({"version", "vocabulary"}),
}
SOORT_NL = {
    "service": ("dienst", "diensten"),
    "organization": ("organisatie", "organisaties"),
    "location": ("locatie", "locaties"),
    "service_at_location": ("dienst-op-locatie", "diensten-op-locatie"),
    "taxonomy_term": ("taxonomieterm", "taxonomietermen"),
    "taxonomy": ("taxonomie", "taxonomieën"),
    "onbekend": ("onbekend object", "onbekende objecten"),
}


def soort_van(obj: Mapping[str, Any]) -> str:
    """Which HSDS object this is, judged on its keys (the official shapes carry no type)."""
    keys = set(obj)
    if {"service", "location"} <= keys or (
        {"service_id", "location_id"} <= keys
        and not (keys & (_KENMERKEN["service"] | _KENMERKEN["location"]))
    ):
        return "service_at_location"
    scores = {k: len(keys & v) for k, v in _KENMERKEN.items() if k != "service_at_location"}
    best = max(scores, key=lambda k: scores[k])
    if scores[best] == 0:
        return "organization" if {"id", "name"} <= keys else "onbekend"
    if scores["service"] == scores[best]:
        return "service"
    return best


def _hsds_fout(waar: Plek, veld: str | None, melding: str, ernst: str) -> Fout:
    """A JSON path ('services[0].name'), or file and row of a tabular datapackage."""
    if isinstance(waar, tuple):
        bestand, rij = waar
        return Fout(veld or "rij", f"{bestand}: {melding}", rij, ernst)
    return Fout(".".join(p for p in (waar, veld) if p) or "document", melding, None, ernst)


class _Lezer(Lezer):
    """Collects kaart objects from any HSDS shape, keyed by id, with Dutch messages."""

    def __init__(self, fouten: list[Fout]) -> None:
        super().__init__(_hsds_fout, fouten)
        self.orgs: dict[str, Organisation] = {}
        self.services: dict[str, Service] = {}
        self.locations: dict[str, Location] = {}
        self.sals: dict[str, ServiceAtLocation] = {}
        self.waits: list[WaitingTime] = []
        self.overig: dict[str, int] = {}  # top-level objects of kinds the kaart does not hold
        self.niet: dict[str, list[Any]] = {}
        self.met_wachttijd: set[str] = set()

    # messages and the not-kept summary

    def noteer(self, veld: str, voorbeeld: Any) -> None:
        entry = self.niet.setdefault(veld, [0, _voorbeeld(voorbeeld)])
        entry[0] += 1

    def rest(self, kind: str, obj: Mapping[str, Any], extra: frozenset[str] = frozenset()) -> None:
        """Count every filled field of ``obj`` that the reader does not keep."""
        for key, value in obj.items():
            if key.startswith("__") or key in _LINKS or key in extra or _leeg(value):
                continue
            if key not in GELEZEN[kind]:
                self.noteer(f"{kind}.{key}", value)

    def niet_bewaard(self) -> tuple[NietBewaard, ...]:
        return tuple(NietBewaard(k, n, v) for k, (n, v) in sorted(self.niet.items()))

    def data(self) -> KaartData:
        return KaartData(
            tuple(self.orgs.values()),
            tuple(self.services.values()),
            tuple(self.locations.values()),
            tuple(self.sals.values()),
            tuple(self.waits),
        )

    # typed access: a wrong type is a message, never an AttributeError

    @staticmethod
    def plek(obj: Mapping[str, Any], waar: Plek) -> Plek:
        own = obj.get("__waar")
        return own if isinstance(own, tuple) else waar

    def tekst(self, obj: Mapping[str, Any], key: str, waar: Plek) -> str | None:  # type: ignore[override]
        """HSDS text as given; a JSON number is text too (an id or postcode written as 3201)."""
        value = obj.get(key)
        if value is None or (isinstance(value, (str, int, float)) and not isinstance(value, bool)):
            return tekst(value)
        self.fout(waar, key, f"verwacht tekst, maar vond {_soort_tekst(value)}")
        return None

    def waarde(self, obj: Mapping[str, Any], key: str, waar: Plek, parser: Any) -> Any:
        value = obj.get(key)
        if isinstance(value, (Mapping, list)):
            self.fout(waar, key, f"verwacht één waarde, maar vond {_soort_tekst(value)}")
            return None
        return self.lees(waar, key, parser, value)

    def plat(
        self, cls: type, kind: str, obj: Mapping[str, Any], waar: Plek, soort: str, **vast: Any
    ) -> Any:
        """A nested object whose HSDS fields carry the model's names (``HELD_FIELDS``).

        The id becomes stable; a number or date field is read as one; ``vast`` is what the
        caller read itself.
        """
        waarden: dict[str, Any] = {"id": stable_id(self.tekst(obj, "id", waar), soort=soort)}
        for key, type_ in veldsoorten(cls).items():
            if key in HELD_FIELDS[kind] and key not in waarden and key not in vast:
                parser = {float: getal, date: datum}.get(type_)
                waarden[key] = (
                    self.waarde(obj, key, waar, parser) if parser else self.tekst(obj, key, waar)
                )
        return cls(**waarden, **vast)

    def enkel(self, soort: str, obj: Mapping[str, Any], waar: Plek) -> dict[str, Any]:
        """The one-value fields the field table maps (ids, names, status read by hand)."""
        uit = {}
        for key, v in hsds_velden(soort):
            if key in _GESTRUCTUREERD or key in ("id", "name", "status"):
                continue
            is_tekst = v.lees is _celtekst
            uit[v.attr] = (
                self.tekst(obj, key, waar) if is_tekst else self.waarde(obj, key, waar, v.lees)
            )
        return uit

    def keuzes(self, soort: str, attrs: Mapping[str, list[str]], waar: Plek) -> dict[str, Any]:
        """Our attributes whose field is a choice (toegang, trede, …), by the field table."""
        uit = {}
        for code, v in hsds_attributen(soort):
            if isinstance(v.lees, Keuze):
                uit[v.attr] = self.lees(waar, f"attributes.{code}", v.lees, _first(attrs, code))
        return uit

    def items(self, obj: Mapping[str, Any], key: str, waar: Plek) -> list[tuple[Plek, Any]]:
        """The objects in list ``key`` with their place; other items are messages."""
        value = obj.get(key)
        if _leeg(value):
            return []
        pad = _pad(waar, key)
        if not isinstance(value, list):
            self.fout(waar, key, f"verwacht een lijst, maar vond {_soort_tekst(value)}")
            return []
        out: list[tuple[Plek, Any]] = []
        for i, item in enumerate(value):
            plek: Plek = pad if isinstance(pad, tuple) else f"{pad}[{i}]"
            if isinstance(item, Mapping):
                out.append((self.plek(item, plek), item))
            else:
                self.fout(plek, None, f"verwacht een object, maar vond {_soort_tekst(item)}")
        return out

    def attributes(self, kind: str, obj: Mapping[str, Any], waar: Plek) -> dict[str, list[str]]:
        """Our profile's attributes by term code; others are counted as not kept."""
        out: dict[str, list[str]] = {}
        for plek, attr in self.items(obj, "attributes", waar):
            term = attr.get("taxonomy_term")
            term = term if isinstance(term, Mapping) else {}
            code = term.get("code") or attr.get("link_type")
            ours = term.get("taxonomy") == TAXONOMIE or term.get("taxonomy_id") == TAXONOMIE_ID
            ours = ours or attr.get("taxonomy_term_id") in _TERM_CODES
            if attr.get("taxonomy_term_id") in _TERM_CODES:
                code = _TERM_CODES[attr["taxonomy_term_id"]]
            value = attr.get("value")
            if ours and isinstance(code, str) and code in TERMEN and not _leeg(value):
                if isinstance(value, (Mapping, list, bool)):
                    self.fout(plek, "value", f"verwacht tekst, maar vond {_soort_tekst(value)}")
                    continue
                out.setdefault(code, []).append(str(value))
            else:
                self.noteer(f"{kind}.attributes", f"{code or attr.get('taxonomy_term_id')}={value}")
        return out

    # the kinds of object

    def any(self, obj: Any, waar: str = "") -> None:
        if isinstance(obj, list):
            for i, item in enumerate(obj):
                self.any(item, f"{waar}[{i}]")
            return
        if not isinstance(obj, Mapping):
            self.fout(
                waar,
                None,
                "verwacht een HSDS-object (service, organization, service_at_location) of een "
                f"lijst daarvan, maar vond {_soort_tekst(obj)}",
            )
            return
        if "contents" in obj:
            contents = obj["contents"]
            if not isinstance(contents, list):
                self.fout(
                    waar, "contents", f"verwacht een lijst, maar vond {_soort_tekst(contents)}"
                )
            else:
                self.any(contents, _pad(waar, "contents"))
            return
        if "id" not in obj and ("services" in obj or "organizations" in obj):  # our envelope
            for plek, org in self.items(obj, "organizations", waar):
                self.organisation(org, plek)
            for plek, s in self.items(obj, "services", waar):
                self.top_service(s, plek)
            return
        soort = soort_van(obj)
        if soort == "service":
            self.top_service(obj, waar)
        elif soort == "organization":
            self.organisation(obj, waar)
        elif soort == "service_at_location":
            self.top_sal(obj, waar)
        elif soort == "location":
            self.overig["location"] = self.overig.get("location", 0) + 1
            self.location(obj, waar, None)
        else:
            self.overig[soort] = self.overig.get(soort, 0) + 1
            self.noteer(soort, obj.get("name") or obj.get("id") or obj)

    def top_service(self, obj: Mapping[str, Any], waar: Plek, org_id: str | None = None) -> None:
        org = obj.get("organization")
        if isinstance(org, Mapping):
            org_id = self.organisation(org, self.plek(org, f"{waar}.organization"), nested=True)
        elif not _leeg(org):
            self.fout(waar, "organization", f"verwacht een object, maar vond {_soort_tekst(org)}")
        service = self.service(obj, waar, org_id)
        if service is None:
            return
        for plek, sal in self.items(obj, "service_at_locations", waar):
            self.sal(sal, plek, service)
        if not _leeg(obj.get("wait_time")) and service.id not in self.met_wachttijd:
            self.noteer("service.wait_time", obj["wait_time"])

    def top_sal(self, obj: Mapping[str, Any], waar: str) -> None:
        svc = obj.get("service")
        if not isinstance(svc, Mapping):
            self.fout(waar, "service", f"verwacht een object, maar vond {_soort_tekst(svc)}")
            return
        org_id = None
        if isinstance(svc.get("organization"), Mapping):
            org_id = self.organisation(svc["organization"], f"{waar}.service.organization", True)
        service = self.service(svc, f"{waar}.service", org_id)
        if service is not None:
            self.sal(obj, waar, service)

    def organisation(self, obj: Mapping[str, Any], waar: Plek, nested: bool = False) -> str | None:
        waar = self.plek(obj, waar)
        oid = stable_id(self.tekst(obj, "id", waar), soort="organisatie")
        name = self.tekst(obj, "name", waar)
        if oid is None:
            self.fout(waar, "id", "een organisatie heeft een id nodig")
            return None
        if name is None:
            self.fout(waar, "name", "de naam van de organisatie ontbreekt")
            return None
        attrs = self.attributes("organization", obj, waar)
        website = self.tekst(obj, "website", waar) or self.tekst(obj, "url", waar)  # 1.x: url
        org = Organisation(
            id=oid,
            name=name,
            description=self.tekst(obj, "description", waar),
            alternate_name=self.tekst(obj, "alternate_name", waar),
            email=self.tekst(obj, "email", waar),
            website=website,
            assured_date=self.waarde({"v": _first(attrs, "laatst_geverifieerd")}, "v", waar, datum),
            voorbeeld=_first(attrs, "voorbeeld") == "ja",
        )
        self.rest(
            "organization", obj, frozenset({"url"}) if obj.get("website") is None else frozenset()
        )
        previous = self.orgs.get(oid)
        if previous is not None and nested:
            pass  # the same organisation nested in several services; the first wins
        elif previous is not None and previous != org:
            self.fout(waar, "id", f"organisatie {obj.get('id')} staat dubbel met andere gegevens")
        else:
            self.orgs[oid] = org
        for plek, loc in self.items(obj, "locations", waar):
            self.location(loc, plek, oid)
        for plek, s in self.items(obj, "services", waar):
            self.top_service(s, plek, oid)
        return oid

    def service(self, obj: Mapping[str, Any], waar: Plek, org_id: str | None) -> Service | None:
        waar = self.plek(obj, waar)
        sid = stable_id(self.tekst(obj, "id", waar), soort="dienst")
        name = self.tekst(obj, "name", waar)
        org_id = org_id or stable_id(self.tekst(obj, "organization_id", waar), soort="organisatie")
        if sid is None:
            self.fout(waar, "id", "een dienst heeft een id nodig")
            return None
        if name is None:
            self.fout(waar, "name", "de naam van de dienst ontbreekt")
            return None
        if org_id is None:
            # HSDS 3.0 allows a service without organisation; the kaart needs one.
            org_id = ONBEKENDE_ORGANISATIE
            self.orgs.setdefault(
                org_id,
                Organisation(
                    id=org_id,
                    name="Organisatie onbekend",
                    description="aangemaakt bij een HSDS-import: de dienst noemde geen organisatie",
                ),
            )
            self.fout(
                waar,
                "organization_id",
                f"dienst '{name}' noemt geen organisatie; hij komt onder 'Organisatie onbekend'",
                "waarschuwing",
            )
        attrs = self.attributes("service", obj, waar)
        status_text = self.tekst(obj, "status", waar) or "active"
        status = Status.parse(status_text)
        if status is None:
            self.fout(waar, "status", f"'{status_text}' is geen HSDS-status ({Status.choices()})")
            status = Status.ACTIEF
        probleem = []
        for code in attrs.get("probleemgebied", []):
            found = Probleemgebied.parse(code)
            if found is None:
                self.fout(waar, "attributes", f"'{code}' is geen probleemgebied")
            else:
                probleem.append(found)
        service = Service(
            id=sid,
            organization_id=org_id,
            name=name,
            status=status,
            cost_options=tuple(self.cost(c, p) for p, c in self.items(obj, "cost_options", waar)),
            probleemgebieden=tuple(probleem),
            werkgebied=tuple(attrs.get("werkgebied", [])),
            interventie=_first(attrs, "interventie"),
            **self.enkel("service", obj, waar),
            **self.keuzes("service", attrs, waar),
            phones=self.phones(obj, waar),
            contacts=tuple(self.contact(c, p) for p, c in self.items(obj, "contacts", waar)),
            schedules=tuple(self.schedule(sc, p) for p, sc in self.items(obj, "schedules", waar)),
            languages=tuple(self.language(x, p) for p, x in self.items(obj, "languages", waar)),
            voorbeeld=_first(attrs, "voorbeeld") == "ja",
        )
        self.rest("service", obj, frozenset({"wait_time"}))
        if sid in self.services and self.services[sid] != service:
            self.fout(waar, "id", f"dienst {obj.get('id')} staat dubbel in het bestand")
            return None
        self.services[sid] = service
        return service

    def phones(self, obj: Mapping[str, Any], waar: Plek) -> tuple[Phone, ...]:
        return tuple(p for p in (self.phone(p, w) for w, p in self.items(obj, "phones", waar)) if p)

    def phone(self, obj: Mapping[str, Any], waar: Plek) -> Phone | None:
        number = self.tekst(obj, "number", waar)
        self.rest("phone", obj)
        if number is None:
            self.fout(waar, "number", "telefoonnummer ontbreekt")
            return None
        return self.plat(Phone, "phone", obj, waar, "telefoon", number=number)

    def language(self, obj: Mapping[str, Any], waar: Plek) -> Language:
        self.rest("language", obj, frozenset({"language"}))
        name = self.tekst(obj, "name", waar) or self.tekst(obj, "language", waar)  # 1.x
        code = self.tekst(obj, "code", waar)
        if code is None and name and re.fullmatch(r"[a-z]{2,3}", name):
            code = name
        return self.plat(Language, "language", obj, waar, "taal", code=code or "", name=name)

    def contact(self, obj: Mapping[str, Any], waar: Plek) -> Contact:
        self.rest("contact", obj)
        return self.plat(Contact, "contact", obj, waar, "contact", phones=self.phones(obj, waar))

    def cost(self, obj: Mapping[str, Any], waar: Plek) -> CostOption:
        self.rest("cost_option", obj)
        return self.plat(CostOption, "cost_option", obj, waar, "kosten")

    def schedule(self, obj: Mapping[str, Any], waar: Plek) -> Schedule:
        byday = tuple(
            d.strip().upper()
            for d in (self.tekst(obj, "byday", waar) or "").split(",")
            if d.strip()
        )
        for d in byday:
            if d not in ALLE_DAGEN:
                self.fout(waar, "byday", f"'{d}' is geen dag (gebruik MO, TU, WE, TH, FR, SA, SU)")
        opens = self.waarde(obj, "opens_at", waar, tijd)
        closes = self.waarde(obj, "closes_at", waar, tijd)
        sid = stable_id(self.tekst(obj, "id", waar), soort="openingstijd")
        description = self.tekst(obj, "description", waar)
        freq = obj.get("freq")
        extra = {"freq"} if freq in (None, "", "WEEKLY") or not byday else set()
        if obj.get("notes") == "24/7":
            extra.add("notes")
        self.rest("schedule", obj, frozenset(extra))
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

    def address(self, obj: Mapping[str, Any], waar: Plek) -> Address | None:
        self.rest("address", obj)
        soort = self.tekst(obj, "address_type", waar) or "physical"
        if soort not in ADRESTYPEN:
            self.fout(
                waar, "address_type", f"'{soort}' is geen HSDS-adrestype ({', '.join(ADRESTYPEN)})"
            )
            return None
        return self.plat(Address, "address", obj, waar, "adres", address_type=soort)

    def location(self, obj: Mapping[str, Any], waar: Plek, org_id: str | None) -> Location | None:
        waar = self.plek(obj, waar)
        lid = stable_id(self.tekst(obj, "id", waar), soort="locatie")
        if lid is None:
            self.fout(waar, "id", "een locatie heeft een id nodig")
            return None
        attrs = self.attributes("location", obj, waar)
        addresses = [
            a for a in (self.address(a, p) for p, a in self.items(obj, "addresses", waar)) if a
        ]
        # The visiting address is the one search and geocoding use; the others are kept.
        addresses.sort(key=lambda a: a.address_type != "physical")
        first = addresses[0] if addresses else Address(address_type="physical")
        first = _zonder_afgeleid_id(first, f"adres:{lid}")
        extra = tuple(
            _zonder_afgeleid_id(a, f"adres:{lid}:{i}") for i, a in enumerate(addresses[1:], start=1)
        )
        phones = tuple(
            _zonder_afgeleid_id(p, f"{lid}:phone:{i}") for i, p in enumerate(self.phones(obj, waar))
        )
        gelezen = (self.schedule(sc, p) for p, sc in self.items(obj, "schedules", waar))
        schedules = tuple(
            _zonder_afgeleid_id(sc, f"{lid}:schedule:{i}") for i, sc in enumerate(gelezen)
        )
        loc_type = self.tekst(obj, "location_type", waar) or "physical"
        if loc_type not in ADRESTYPEN:
            self.fout(waar, "location_type", f"'{loc_type}' is geen HSDS-locatietype")
            loc_type = "physical"
        loc = Location(
            id=lid,
            name=self.tekst(obj, "name", waar),
            organization_id=stable_id(self.tekst(obj, "organization_id", waar), soort="organisatie")
            or org_id,
            location_type=loc_type,
            description=self.tekst(obj, "description", waar),
            **{veld: getattr(first, veld) for veld in ADRESVELDEN},
            address_id=first.id,
            other_addresses=extra,
            phones=phones,
            schedules=schedules,
            latitude=self.waarde(obj, "latitude", waar, getal),
            longitude=self.waarde(obj, "longitude", waar, getal),
            locatie_benaderd=_first(attrs, "locatie_benaderd") == "ja",
            adres_vertrouwelijk=_first(attrs, "adres_vertrouwelijk") == "ja",
            publieke_contactroute=_first(attrs, "publieke_contactroute"),
            gemeente_code=_first(attrs, "gemeente"),
            wijk_code=_first(attrs, "wijk"),
            assured_date=self.waarde(
                {"laatst_geverifieerd": _first(attrs, "laatst_geverifieerd")},
                "laatst_geverifieerd",
                waar,
                datum,
            ),
        )
        if lid in self.locations:
            # The same location nested under several services: the first is kept.
            return self.locations[lid]
        self.rest("location", obj)
        self.locations[lid] = loc
        return loc

    def sal(self, obj: Mapping[str, Any], waar: Plek, service: Service) -> None:
        waar = self.plek(obj, waar)
        sal_id = stable_id(self.tekst(obj, "id", waar), soort="dienst_locatie")
        loc_obj = obj.get("location")
        loc = None
        if isinstance(loc_obj, Mapping):
            loc = self.location(
                loc_obj, self.plek(loc_obj, _pad(waar, "location")), service.organization_id
            )
        elif not _leeg(loc_obj):
            self.fout(waar, "location", f"verwacht een object, maar vond {_soort_tekst(loc_obj)}")
            return
        elif obj.get("location_id"):
            ref = self.tekst(obj, "location_id", waar)
            loc = self.locations.get(stable_id(ref, soort="locatie") or "")
            if loc is None:
                self.fout(
                    waar,
                    "location_id",
                    f"verwijst naar locatie '{ref}', die niet in het bestand staat",
                )
                return
        if sal_id is None:
            self.fout(waar, "id", "een dienst-op-locatie heeft een id nodig")
            return
        if loc is None:
            self.fout(waar, "location", "dienst-op-locatie zonder locatie")
            return
        self.rest("service_at_location", obj)
        self.sals[sal_id] = ServiceAtLocation(
            id=sal_id,
            service_id=service.id,
            location_id=loc.id,
            description=self.tekst(obj, "description", waar),
        )
        for value in self.attributes("service_at_location", obj, waar).get("wachttijd", []):
            try:
                m = json.loads(value)
                weken, peildatum = getal(m["weken"]), datum(m["peildatum"])
                if weken is None or peildatum is None:
                    raise KeyError("weken")
                gemeld = m.get("gemeld_door")
                self.waits.append(
                    WaitingTime(sal_id, weken, peildatum, None if gemeld is None else str(gemeld))
                )
                self.met_wachttijd.add(service.id)
            except (ValueError, KeyError, TypeError, AttributeError, Ongeldig):
                self.fout(
                    waar, "attributes.wachttijd", f"'{value}' is geen geldige wachttijdmeting"
                )


def _afgeleid(key: str) -> str:
    return str(uuid.uuid5(ID_NAMESPACE, key))


def _zonder_afgeleid_id(obj: Any, sleutel: str) -> Any:
    """An id our export derived (``_met_id``; the store holds none) reads back as none."""
    return replace(obj, id=None) if obj.id == _afgeleid(sleutel) else obj


def _pad(waar: Plek, key: str) -> Plek:
    return waar if isinstance(waar, tuple) else ".".join(p for p in (waar, key) if p)


_TERM_CODES = {str(uuid.uuid5(ID_NAMESPACE, f"term:{code}")): code for code in TERMEN}


def _first(attrs: Mapping[str, list[str]], code: str) -> str | None:
    values = attrs.get(code)
    return values[0] if values else None


@dataclass(frozen=True)
class Gelezen:
    """What an HSDS source gave: records, messages, and what was not kept."""

    data: KaartData
    fouten: tuple[Fout, ...]
    niet_bewaard: tuple[NietBewaard, ...]


def _klaar(lezer: _Lezer, bron: str) -> Gelezen:
    if not lezer.services and not any(f.ernst == "fout" for f in lezer.fouten):
        gevonden = [
            f"{n} {SOORT_NL[k][0 if n == 1 else 1]}" for k, n in sorted(lezer.overig.items())
        ]
        if lezer.orgs:
            gevonden.insert(0, f"{len(lezer.orgs)} organisatie(s) zonder dienst")
        lezer.fout(
            bron,
            None,
            "het bestand bevat geen diensten (HSDS service); de sociale kaart leest diensten "
            "met hun organisatie en locaties"
            + (f". Gevonden: {', '.join(gevonden)}" if gevonden else ""),
        )
    return Gelezen(lezer.data(), tuple(lezer.fouten), lezer.niet_bewaard())


TE_DIEP = Fout(
    "document",
    f"het document is meer dan {MAX_DIEPTE} niveaus diep genest; een HSDS-document heeft er "
    "hooguit een tiental. Controleer of dit het goede bestand is",
)


def lees_json(doc: Any) -> Gelezen:
    """Any HSDS 3.0/3.1 JSON shape: an object, a list, a page ``{"contents": [...]}``."""
    fouten: list[Fout] = []
    lezer = _Lezer(fouten)
    niveaus = diepte(doc)
    if niveaus > MAX_DIEPTE:
        return Gelezen(KaartData(), (TE_DIEP,), ())
    lezer.any(doc)
    return _klaar(lezer, "")


# --- the tabular datapackage (HSDS 3.x, and 1.x/2.0 with their own table names) ------------


@dataclass(frozen=True)
class Tabel:
    """One CSV resource of a datapackage: the file name (for messages) and its rows."""

    bestand: str
    rijen: list[dict[str, Any]]


# Table (resource) name -> the 3.x table it feeds. 1.x/2.0 names map onto the same tables.
# Each table by its plural name (HSDS 3.0) and its singular; some have older names too.
_MEERVOUD = (
    "organizations", "services", "locations", "addresses", "physical_addresses",
    "postal_addresses", "phones", "schedules", "regular_schedules", "languages", "contacts",
    "cost_options", "attributes", "taxonomy_terms",
)  # fmt: skip
TABELNAMEN: dict[str, str] = {
    **{naam: naam for naam in _MEERVOUD},
    **{naam.removesuffix("es" if naam.endswith("sses") else "s"): naam for naam in _MEERVOUD},
    **dict.fromkeys(
        ("service_at_location", "service_at_locations", "services_at_location",
         "services_at_locations"), "service_at_location"),
    "eligibility": "eligibility",
    "eligibilities": "eligibility",
}  # fmt: skip

# HSDS 1.x regular_schedules.weekday: a number (1 = Monday, ISO 8601) or a day name.
_ENGELS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAGEN = {
    **{str(i): code for i, code in enumerate(ALLE_DAGEN, start=1)},
    **{code.lower(): code for code in ALLE_DAGEN},
    **{naam: code for code, naam in DAGEN.items()},
    **{naam: code for code, naam in zip(ALLE_DAGEN, _ENGELS, strict=True)},
    **{naam[:3]: code for code, naam in zip(ALLE_DAGEN, _ENGELS, strict=True)},
}


def _rij(raw: Mapping[Any, Any], bestand: str, nummer: int, lezer: _Lezer) -> dict[str, Any]:
    row: dict[str, Any] = {"__waar": (bestand, nummer)}
    for key, value in raw.items():
        if key is None:  # csv.DictReader: more cells than the header has columns
            lezer.fout((bestand, nummer), None, "deze rij heeft meer cellen dan de kop kolommen")
            continue
        if isinstance(value, str) and value.strip() == "":
            continue
        if value is not None:
            row[str(key).strip()] = value
    return row


def lees_tabellen(tables: Mapping[str, Tabel]) -> Gelezen:
    """Rebuild nested HSDS objects from the tables, then read them like JSON.

    Every row that links to nothing known is a message with its file, row and column;
    rows of tables the kaart does not hold are counted in the not-kept summary.
    """
    fouten: list[Fout] = []
    lezer = _Lezer(fouten)
    t: dict[str, list[dict[str, Any]]] = {}
    for naam, tabel in tables.items():
        doel = TABELNAMEN.get(naam.lower())
        if doel is None:
            if tabel.rijen:
                first = tabel.rijen[0]
                entry = lezer.niet.setdefault(
                    f"tabel {tabel.bestand}", [0, _voorbeeld(first.get("id") or first)]
                )
                entry[0] += len(tabel.rijen)
            continue
        for nummer, raw in enumerate(tabel.rijen, start=2):
            row = _rij(raw, tabel.bestand, nummer, lezer)
            if doel in ("physical_addresses", "postal_addresses"):
                row.setdefault("address_type", doel.split("_")[0])
                doel_rij = "addresses"
            elif doel == "regular_schedules":
                dag = str(row.pop("weekday", "")).strip().lower()
                if dag and dag not in _WEEKDAGEN:
                    lezer.fout(
                        row["__waar"], "weekday", f"'{dag}' is geen weekdag (1 = maandag … 7)"
                    )
                elif dag:
                    row["byday"] = _WEEKDAGEN[dag]
                    row.setdefault("freq", "WEEKLY")
                doel_rij = "schedules"
            else:
                doel_rij = doel
            t.setdefault(doel_rij, []).append(row)
    if "services" not in t:
        lezer.fout(
            "",
            None,
            "het pakket heeft geen tabel services (services.csv); de sociale kaart leest diensten",
        )
        return Gelezen(KaartData(), tuple(fouten), lezer.niet_bewaard())

    def ids(name: str) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        for row in t.get(name, []):
            rid = row.get("id")
            if rid is None or not str(rid).strip():
                lezer.fout(row["__waar"], "id", "deze rij heeft geen id")
                continue
            out.setdefault(str(rid).strip(), row)
        return out

    orgs, services, locations = ids("organizations"), ids("services"), ids("locations")
    sals, contacts = ids("service_at_location"), ids("contacts")
    for row in services.values():
        for key in ("phones", "schedules", "languages", "contacts", "cost_options"):
            row[key] = []
        row["attributes"], row["service_at_locations"] = [], []
    for row in locations.values():
        row["addresses"], row["phones"], row["schedules"], row["attributes"] = [], [], [], []
    for row in contacts.values():
        row["phones"] = []
    for row in sals.values():
        row["attributes"] = []
    for row in orgs.values():
        row["attributes"] = []

    def ref(row: dict[str, Any], key: str) -> str | None:
        value = row.get(key)
        return str(value).strip() if value is not None and str(value).strip() else None

    def onbekend(row: dict[str, Any], keys: tuple[str, ...], wat: str) -> None:
        filled = [k for k in keys if ref(row, k)]
        if filled:
            k = filled[0]
            lezer.fout(
                row["__waar"], k, f"verwijst naar '{ref(row, k)}', die niet in het pakket staat"
            )
        else:
            lezer.fout(row["__waar"], keys[0], f"deze rij hoort bij geen {wat}")

    def koppel(
        table: str,
        targets: tuple[tuple[str, dict[str, dict[str, Any]], str], ...],
        elders: tuple[tuple[str, str], ...],
        wat: str,
    ) -> None:
        """Attach each row to the first known parent; rows for parents the kaart lacks
        are counted as not kept."""
        for row in t.get(table, []):
            for key, parents, veld in targets:
                parent = parents.get(ref(row, key) or "")
                if parent is not None:
                    parent[veld].append(row)
                    break
            else:
                for key, naam in elders:
                    if ref(row, key):
                        lezer.noteer(naam, row.get("id") or row)
                        break
                else:
                    onbekend(
                        row, tuple(k for k, _, _ in targets) + tuple(k for k, _ in elders), wat
                    )

    for row in t.get("phones", []):  # a contact's phone also counts for its service
        contact = contacts.get(ref(row, "contact_id") or "")
        if contact is not None:
            contact["phones"].append(row)
    t["phones"] = [
        r
        for r in t.get("phones", [])
        if ref(r, "contact_id") not in contacts
        or ref(r, "service_id") in services
        or ref(r, "location_id") in locations
    ]
    koppel(
        "phones",
        (("service_id", services, "phones"), ("location_id", locations, "phones")),
        (
            ("contact_id", "contact.phones"),
            ("service_at_location_id", "service_at_location.phones"),
            ("organization_id", "organization.phones"),
        ),
        "dienst of locatie",
    )
    koppel(
        "schedules",
        (("service_id", services, "schedules"), ("location_id", locations, "schedules")),
        (("service_at_location_id", "service_at_location.schedules"),),
        "dienst of locatie",
    )
    koppel("addresses", (("location_id", locations, "addresses"),), (), "locatie")
    koppel(
        "languages",
        (("service_id", services, "languages"),),
        (("location_id", "location.languages"), ("phone_id", "phone.languages")),
        "dienst",
    )
    koppel(
        "contacts",
        (("service_id", services, "contacts"),),
        (
            ("organization_id", "organization.contacts"),
            ("location_id", "location.contacts"),
            ("service_at_location_id", "service_at_location.contacts"),
        ),
        "dienst",
    )
    koppel("cost_options", (("service_id", services, "cost_options"),), (), "dienst")
    for row in t.get("eligibility", []):  # HSDS 2.0: ages and eligibility in their own table
        service = services.get(ref(row, "service_id") or "")
        if service is None:
            onbekend(row, ("service_id",), "dienst")
            continue
        for src, dst in (
            ("minimum_age", "minimum_age"),
            ("maximum_age", "maximum_age"),
            ("eligibility", "eligibility_description"),
        ):
            if row.get(src) is not None and service.get(dst) is None:
                service[dst] = row[src]
        lezer.rest("service", {k: v for k, v in row.items() if k not in ("id", "eligibility")})
    terms = {ref(r, "id"): r for r in t.get("taxonomy_terms", []) if ref(r, "id")}
    linked = {**orgs, **services, **locations, **sals}
    for row in t.get("attributes", []):
        term = terms.get(ref(row, "taxonomy_term_id"))
        if term is not None:
            row["taxonomy_term"] = term
        target = linked.get(ref(row, "link_id") or "")
        if target is None:
            lezer.noteer("attributes (koppeling onbekend)", row.get("value") or row.get("id"))
        else:
            target["attributes"].append(row)
    for row in t.get("service_at_location", []):
        service = services.get(ref(row, "service_id") or "")
        loc = locations.get(ref(row, "location_id") or "")
        if service is None:
            onbekend(row, ("service_id",), "dienst")
        elif loc is None:
            onbekend(row, ("location_id",), "locatie")
        else:
            service["service_at_locations"].append(dict(row, location=loc))
    used = {ref(r, "location_id") for s in services.values() for r in s["service_at_locations"]}
    for row in orgs.values():
        lezer.organisation(row, row["__waar"])
    for row in services.values():
        lezer.top_service(row, row["__waar"])
    for lid, row in locations.items():
        if lid not in used:
            lezer.location(row, row["__waar"], None)
    return _klaar(lezer, "")


MAX_BESTANDEN = 200  # members of a datapackage (zip or folder) that are read at most


class _Bron:
    """A folder or a zip archive: the names in it and their bytes (with size limits)."""

    def __init__(self, folder: Path | None, raw: bytes | None, max_bytes: int) -> None:
        import zipfile

        self.folder, self.max_bytes, self.gelezen = folder, max_bytes, 0
        self.zf = zipfile.ZipFile(io.BytesIO(raw)) if raw is not None else None
        if self.zf is not None:
            self.namen = [n for n in self.zf.namelist() if not n.endswith("/")]
        else:
            assert folder is not None
            namen = []
            for p in folder.rglob("*"):  # bounded: a folder of thousands is not a package
                if p.is_file() and not p.is_symlink():
                    namen.append(p.relative_to(folder).as_posix())
                if len(namen) > MAX_BESTANDEN * 5:
                    break
            self.namen = sorted(namen)

    def lees(self, naam: str) -> bytes:
        """The bytes of one member; more than the limit in total is refused."""
        over = self.max_bytes - self.gelezen
        if self.zf is not None:
            with self.zf.open(naam) as f:  # read at most the limit: sizes in a zip can lie
                data = f.read(over + 1)
        else:
            assert self.folder is not None
            with (self.folder / naam).open("rb") as f:
                data = f.read(over + 1)
        self.gelezen += len(data)
        if self.gelezen > self.max_bytes:
            raise _TeGroot(naam)
        return data


class _TeGroot(Exception):
    pass


def _csv_tabel(naam: str, data: bytes) -> Tabel | Fout:
    from planner.kaart.io import decode_text  # the one decoder for uploads (BOM, cp1252)

    text, _ = decode_text(data)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        rows = list(reader)
    except csv.Error as exc:
        return Fout("bestand", f"{naam}: het CSV-bestand is onleesbaar ({exc})", reader.line_num)
    if reader.fieldnames is None:
        return Tabel(naam, [])
    dubbel = {k for k in reader.fieldnames if reader.fieldnames.count(k) > 1}
    if dubbel:
        return Fout("bestand", f"{naam}: kolom {sorted(dubbel)[0]} staat dubbel in de kop", 1)
    return Tabel(naam, rows)


def lees_pakket(
    folder: Path | None = None, raw: bytes | None = None, *, max_bytes: int = 64 * 1024 * 1024
) -> tuple[dict[str, Tabel], list[Fout]]:
    """The tables of a datapackage (a folder or a .zip), following ``datapackage.json``.

    The descriptor's ``resources`` decide which files are read and under which table name;
    without a usable descriptor every ``.csv`` counts under its own name (with a warning
    when a descriptor was there but unreadable, as in the official example).
    """
    import zipfile

    fouten: list[Fout] = []
    try:
        bron = _Bron(folder, raw, max_bytes)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        return {}, [Fout("bestand", f"geen leesbaar zip-bestand of map ({exc})")]
    if len(bron.namen) > MAX_BESTANDEN * 5:
        return {}, [Fout("bestand", f"het pakket bevat {len(bron.namen)} bestanden; te veel")]
    descriptors = sorted(
        (n for n in bron.namen if n.rsplit("/", 1)[-1].lower() == "datapackage.json"),
        key=lambda n: n.count("/"),
    )
    resources: list[tuple[str, str]] = []  # (table name, member)
    try:
        if descriptors:
            desc_naam = descriptors[0]
            basis = desc_naam.rsplit("/", 1)[0] + "/" if "/" in desc_naam else ""
            try:
                desc = json.loads(bron.lees(desc_naam).decode("utf-8-sig"))
            except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
                desc = None
            if not isinstance(desc, Mapping) or not isinstance(desc.get("resources"), list):
                fouten.append(
                    Fout(
                        "datapackage.json",
                        "de beschrijving is geen geldige datapackage (JSON met 'resources'); "
                        "de CSV-bestanden ernaast zijn op naam gelezen",
                        ernst="waarschuwing",
                    )
                )
                desc = None
            if desc is not None:
                for i, res in enumerate(desc["resources"], start=1):
                    waar = f"datapackage.json, resource {i}"
                    if not isinstance(res, Mapping):
                        fouten.append(Fout("resources", f"{waar}: verwacht een object"))
                        continue
                    paden = res.get("path")
                    paden = paden if isinstance(paden, list) else [paden]
                    for pad in paden:
                        if not isinstance(pad, str) or not pad.strip():
                            fouten.append(
                                Fout("path", f"{waar}: 'path' ontbreekt of is geen tekst")
                            )
                            continue
                        if "://" in pad or pad.startswith("/") or ".." in pad.split("/"):
                            fouten.append(
                                Fout(
                                    "path", f"{waar}: '{pad}' ligt buiten het pakket; niet gelezen"
                                )
                            )
                            continue
                        member = basis + pad.lstrip("./")
                        if member not in bron.namen:
                            fouten.append(
                                Fout("path", f"{waar}: het bestand '{pad}' ontbreekt in het pakket")
                            )
                            continue
                        naam = res.get("name") if isinstance(res.get("name"), str) else None
                        resources.append((naam or Path(pad).stem, member))
        if not resources and not any(f.ernst == "fout" for f in fouten):
            basis = (
                descriptors[0].rsplit("/", 1)[0] + "/"
                if descriptors and "/" in descriptors[0]
                else ""
            )
            csvs = [n for n in bron.namen if n.lower().endswith(".csv")]
            if basis:
                csvs = [n for n in csvs if n.startswith(basis)] or csvs
            elif csvs and not any("/" not in n for n in csvs):
                top = min(n.count("/") for n in csvs)
                csvs = [n for n in csvs if n.count("/") == top]
            resources = [(Path(n).stem, n) for n in csvs]
        if len(resources) > MAX_BESTANDEN:
            return {}, [Fout("bestand", f"het pakket noemt {len(resources)} tabellen; te veel")]
        tables: dict[str, Tabel] = {}
        for naam, member in resources:
            result = _csv_tabel(member.rsplit("/", 1)[-1], bron.lees(member))
            if isinstance(result, Fout):
                fouten.append(result)
            elif naam in tables:
                tables[naam] = Tabel(tables[naam].bestand, tables[naam].rijen + result.rijen)
            else:
                tables[naam] = result
    except _TeGroot as exc:
        return {}, [
            Fout(
                "bestand",
                f"uitgepakt is het pakket groter dan {max_bytes // 1_048_576} MB (bij {exc}); "
                "splits het of exporteer minder",
            )
        ]
    except (
        zipfile.BadZipFile,
        OSError,
        RuntimeError,
        NotImplementedError,
        EOFError,
        ValueError,  # a corrupt central directory: "negative seek value"
        zlib.error,
    ) as exc:
        return {}, [Fout("bestand", f"het pakket is onleesbaar ({exc})")]
    return tables, fouten


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
