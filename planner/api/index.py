"""The public HSDS documents of the kaart, indexed for the API's queries.

Built once per state of the store from the public export, so the API and
``python -m planner.kaart export kaart.json`` publish exactly the same (and never a
confidential address: ``Location.openbaar`` has removed it before anything is indexed).
``/service_at_locations?postcode=…&proximity=…`` measures all coordinates in one
vectorised (numpy) pass instead of a Python loop over every location.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from planner.kaart import repository
from planner.kaart import tables as t
from planner.kaart.io import hsds
from planner.kaart.model import KaartData
from planner.store import als_utc

HSDS_VERSIE = "3.0"
PER_PAGE = 50
MAX_PER_PAGE = 1000
MAX_PROXIMITY = 300_000  # metres; further is not "near" in the Netherlands
AARDSTRAAL = 6_371_000  # metres

# One-to-one fields of the list shapes (schema/compiled/*_list.json): no nested arrays.
SERVICE_LIJST = (
    "id",
    "organization_id",
    "name",
    "alternate_name",
    "description",
    "url",
    "email",
    "status",
    "application_process",
    "fees_description",
    "wait_time",
    "eligibility_description",
    "minimum_age",
    "maximum_age",
    "assured_date",
    "last_modified",
)
ORGANISATIE_LIJST = ("id", "name", "alternate_name", "description", "email", "website")
LOCATIE_LIJST = (
    "id",
    "location_type",
    "organization_id",
    "name",
    "description",
    "latitude",
    "longitude",
)
POSTCODE = re.compile(r"^([1-9][0-9]{3})\s?([A-Z]{2})?$")


class ApiFout(Exception):
    """A request the API cannot answer: HTTP status and a Dutch message."""

    def __init__(self, status: int, melding: str) -> None:
        super().__init__(melding)
        self.status, self.melding = status, melding


def _fold(text: str) -> str:
    norm = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return norm.lower()


def _pick(doc: Mapping[str, Any], keys: Iterable[str]) -> dict[str, Any]:
    return {k: doc[k] for k in keys if k in doc}


def afstand_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (haversine; plenty for 'within 5 km')."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * AARDSTRAAL * math.asin(min(1.0, math.sqrt(a)))


def normaliseer_postcode(text: str) -> tuple[str, str | None]:
    """'3011 aa' → ('3011', '3011AA'); a wrong postcode is a Dutch 400."""
    m = POSTCODE.match(text.strip().upper())
    if not m:
        raise ApiFout(400, f"'{text}' is geen postcode; gebruik 1234 AB of 1234")
    return m.group(1), (m.group(1) + m.group(2)) if m.group(2) else None


def _iso(moment: datetime) -> str:
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def stand(engine: Engine) -> tuple[Any, ...]:
    """A cheap fingerprint of the store: any write changes it (audit rows, counts)."""
    with engine.connect() as conn:
        return tuple(
            conn.execute(
                select(
                    select(func.max(t.audit.c.id)).scalar_subquery(),
                    select(func.count()).select_from(t.audit).scalar_subquery(),
                    select(func.count()).select_from(t.diensten).scalar_subquery(),
                    select(func.count()).select_from(t.locaties).scalar_subquery(),
                    select(func.count()).select_from(t.dienst_locaties).scalar_subquery(),
                    select(func.count()).select_from(t.wachttijden).scalar_subquery(),
                )
            ).one()
        )


def gewijzigd_op(engine: Engine) -> dict[str, datetime]:
    """Per record id the newest change in the audit trail (for ``last_modified``)."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(t.audit.c.record_id, func.max(t.audit.c.wanneer)).group_by(t.audit.c.record_id)
        )
        return {rid: wanneer for rid, wanneer in rows}


@dataclass(frozen=True)
class Vestiging:
    """One service_at_location as the list endpoint needs it."""

    id: str
    service_id: str
    organization_id: str
    latitude: float | None
    longitude: float | None
    pc4: str | None
    item: dict[str, Any]


def pagina(items: list[Any], page: int, per_page: int) -> dict[str, Any]:
    """The HSDS ``Page`` envelope (openapi.json components/schemas/Page)."""
    total = len(items)
    pages = max(1, math.ceil(total / per_page))
    contents = items[(page - 1) * per_page : page * per_page]
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= pages,
        "empty": not contents,
        "contents": contents,
    }


class Index:
    """All public HSDS documents of one state of the store, with lookups for the queries."""

    def __init__(self, data: KaartData, gewijzigd: Mapping[str, datetime] | None = None) -> None:
        gewijzigd = gewijzigd or {}
        doc = hsds.export_hsds(data, openbaar=True)
        self.services: dict[str, dict[str, Any]] = {}
        self.lijst: dict[str, dict[str, Any]] = {}
        self.gewijzigd: dict[str, datetime] = {}
        self.termen: dict[str, set[str]] = {}  # service id -> term ids it carries
        self.zoektekst: dict[str, str] = {}
        self.vestigingen: list[Vestiging] = []
        orgs = {o["id"]: o for o in doc["organizations"]}
        for s in doc["services"]:
            ids = [s["id"]] + [
                x
                for sal in s.get("service_at_locations", [])
                for x in (sal["id"], sal["location_id"])
            ]
            moments = [gewijzigd[i] for i in ids if i in gewijzigd]
            if moments:
                self.gewijzigd[s["id"]] = max(moments)
                s["last_modified"] = _iso(max(moments))
            self.services[s["id"]] = s
            item = _pick(s, SERVICE_LIJST)
            if "organization" in s:
                item["organization"] = _pick(s["organization"], ORGANISATIE_LIJST)
            self.lijst[s["id"]] = item
            self.termen[s["id"]] = self._termen(s)
            org = orgs.get(s.get("organization_id", ""), {})
            self.zoektekst[s["id"]] = _fold(
                " ".join(
                    str(x)
                    for x in (
                        s.get("name"),
                        s.get("alternate_name"),
                        s.get("description"),
                        org.get("name"),
                    )
                    if x
                )
            )
            for sal in s.get("service_at_locations", []):
                loc = sal.get("location", {})
                postcodes = [a.get("postal_code") or "" for a in loc.get("addresses", [])]
                pc4 = next(
                    (m.group(1) for p in postcodes if (m := POSTCODE.match(p.upper()))), None
                )
                entry = _pick(sal, ("id", "service_id", "location_id", "description"))
                entry["location"] = _pick(loc, LOCATIE_LIJST)
                entry["service"] = item
                self.vestigingen.append(
                    Vestiging(
                        sal["id"],
                        s["id"],
                        s.get("organization_id", ""),
                        loc.get("latitude"),
                        loc.get("longitude"),
                        pc4,
                        entry,
                    )
                )
        self.volgorde = sorted(self.services, key=lambda i: (_fold(self.services[i]["name"]), i))
        positie = {sid: n for n, sid in enumerate(self.volgorde)}
        self.vestigingen.sort(key=lambda v: (positie[v.service_id], v.id))
        self.organisaties = {o["id"]: o for o in doc["organizations"]}
        self.diensten_per_org: dict[str, list[str]] = {}
        for sid in self.volgorde:
            org_id = self.services[sid].get("organization_id", "")
            self.diensten_per_org.setdefault(org_id, []).append(sid)
        self.termen_docs = {term["id"]: term for term in hsds.taxonomie_termen()}
        self.postcodes = self._postcodes()
        # Coordinates as arrays (radians), ordered by id: one vectorised pass per query.
        self.geo = sorted(
            (v for v in self.vestigingen if v.latitude is not None and v.longitude is not None),
            key=lambda v: v.id,
        )
        self.lat = np.radians(np.array([v.latitude for v in self.geo], dtype=float))
        self.lon = np.radians(np.array([v.longitude for v in self.geo], dtype=float))
        self.cos_lat = np.cos(self.lat)

    @staticmethod
    def _termen(service: Mapping[str, Any]) -> set[str]:
        found: set[str] = set()
        attrs = list(service.get("attributes", []))
        for sal in service.get("service_at_locations", []):
            attrs += sal.get("attributes", []) + sal.get("location", {}).get("attributes", [])
        for a in attrs:
            code = a.get("taxonomy_term", {}).get("code")
            if code:
                found.add(hsds.term_id(code))
                found.add(hsds.term_id(code, a.get("value")))
        return found

    def _postcodes(self) -> dict[str, tuple[float, float]]:
        """Centroids of postcodes (PC6 and PC4) from the public locations that have both."""
        sums: dict[str, list[float]] = {}
        for s in self.services.values():
            for sal in s.get("service_at_locations", []):
                loc = sal.get("location", {})
                if loc.get("latitude") is None or loc.get("longitude") is None:
                    continue
                for a in loc.get("addresses", []):
                    m = POSTCODE.match((a.get("postal_code") or "").strip().upper())
                    if not m:
                        continue
                    keys = [m.group(1)] + ([m.group(1) + m.group(2)] if m.group(2) else [])
                    for key in keys:
                        acc = sums.setdefault(key, [0.0, 0.0, 0.0])
                        acc[0] += loc["latitude"]
                        acc[1] += loc["longitude"]
                        acc[2] += 1
        return {k: (a / n, b / n) for k, (a, b, n) in sums.items()}

    # --- queries ------------------------------------------------------------------------

    def punt(
        self, postcode: str, geocoder: Callable[[str], Any] | None = None
    ) -> tuple[float, float]:
        pc4, pc6 = normaliseer_postcode(postcode)
        for key in (pc6, pc4):
            if key and key in self.postcodes:
                return self.postcodes[key]
        if geocoder is not None:
            found = geocoder(pc6 or pc4)
            if found is not None:
                return (found.latitude, found.longitude)
        raise ApiFout(
            400,
            f"postcode {postcode} is niet bekend: geen locatie in de sociale kaart heeft die "
            "postcode (of het viercijferige deel ervan)",
        )

    def filter_diensten(
        self,
        *,
        search: str | None = None,
        taxonomy_term_id: str | None = None,
        taxonomy_id: str | None = None,
        organization_id: str | None = None,
        modified_after: datetime | None = None,
    ) -> Callable[[str], bool]:
        """One predicate on service ids for the filters every list endpoint shares."""
        woorden = _fold(search).split() if search else []
        if taxonomy_id is not None and taxonomy_id != hsds.TAXONOMIE_ID:
            return lambda sid: False

        def ok(sid: str) -> bool:
            if organization_id is not None and self.services[sid].get("organization_id") != (
                organization_id
            ):
                return False
            if taxonomy_term_id is not None and taxonomy_term_id not in self.termen[sid]:
                return False
            if taxonomy_id is not None and not self.termen[sid]:
                return False
            if modified_after is not None:
                moment = self.gewijzigd.get(sid)
                if moment is None or als_utc(moment) < als_utc(modified_after):
                    return False
            return all(w in self.zoektekst[sid] for w in woorden)

        return ok

    def vestigingen_bij(
        self, lat: float, lon: float, meter: float
    ) -> list[tuple[float, Vestiging]]:
        """The services at a location within ``meter`` of the point, nearest first."""
        if not self.geo:
            return []
        lat0, lon0 = math.radians(lat), math.radians(lon)
        a = (
            np.sin((self.lat - lat0) / 2) ** 2
            + math.cos(lat0) * self.cos_lat * np.sin((self.lon - lon0) / 2) ** 2
        )
        d = 2 * AARDSTRAAL * np.arcsin(np.sqrt(np.minimum(1.0, a)))
        binnen = np.nonzero(d <= meter)[0]
        order = binnen[np.argsort(d[binnen], kind="stable")]  # ties: by id (geo is by id)
        return [(float(d[i]), self.geo[i]) for i in order]


def bouw(engine: Engine) -> Index:
    """The index of the store as it is now."""
    return Index(repository.load_kaart(engine), gewijzigd_op(engine))
