"""Putting locations on the map: coordinates from the file, PDOK online, or a CBS centroid.

Offline (the default) a location without coordinates is placed at the centroid of its
wijk or gemeente and marked ``locatie_benaderd``; online, ``pdok_geocoder`` asks the PDOK
Locatieserver. The HTTP getter is injectable so tests never touch the network. A
confidential address is never sent to PDOK and never gets exact coordinates: it is placed
at the gemeente centroid, so neither the store nor any export can reveal it.

The boundaries come from the CBS loader (``planner.wijken.cbs``), the only reader of CBS
files: the same data, cache and Dutch messages as the Wijkprofiel.
"""

from __future__ import annotations

import json
import re
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planner.kaart.model import Fout, Location, gemeente_van

if TYPE_CHECKING:
    from planner.wijken.cbs import CbsData

PDOK_URL = "https://api.pdok.nl/bzk/locatieserver/search/v3_1/free"

Getter = Callable[[str], Mapping[str, Any]]


@dataclass(frozen=True)
class Gebied:
    """A gemeente or wijk with the point where an approximate location is drawn."""

    code: str
    naam: str
    latitude: float
    longitude: float


@dataclass(frozen=True)
class Gebieden:
    """CBS gemeenten and wijken by code, for validation and centroids."""

    gemeenten: Mapping[str, Gebied]
    wijken: Mapping[str, Gebied]

    def known_gemeenten(self) -> set[str]:
        return set(self.gemeenten)

    def gemeente_code(self, text: str | None) -> str | None:
        """Code for a code or a gemeente name ('Nissewaard' → 'GM1930')."""
        if not text:
            return None
        value = text.strip()
        if re.fullmatch(r"(?i)gm\d{4}", value):
            return value.upper()
        if re.fullmatch(r"\d{1,4}", value):
            return f"GM{int(value):04d}"
        lower = value.lower()
        return next((g.code for g in self.gemeenten.values() if g.naam.lower() == lower), None)


@dataclass(frozen=True)
class Geocode:
    """What PDOK says about an address: a point and the gemeente/wijk it lies in."""

    latitude: float
    longitude: float
    gemeente_code: str | None = None
    wijk_code: str | None = None


def _punten(gdf: Any) -> dict[str, Gebied]:
    """Code → a point on land (the centroid, or a point inside islands and horseshoes)."""
    from shapely import make_valid

    out: dict[str, Gebied] = {}
    for code, naam, geom in zip(gdf["code"], gdf["naam"], gdf.geometry, strict=True):
        if geom is None:
            continue
        shape = make_valid(geom)
        point = shape.centroid
        if not shape.contains(point):  # islands, horseshoes: stay on land
            point = shape.representative_point()
        out[str(code)] = Gebied(str(code), str(naam), point.y, point.x)
    return out


def gebieden_uit(data: CbsData) -> Gebieden:
    """Gemeenten and wijken of the CBS data the loader read, each with a point on land."""
    return Gebieden(gemeenten=_punten(data.gemeenten), wijken=_punten(data.wijken))


@lru_cache(maxsize=4)
def load_gebieden(data_dir: Path) -> Gebieden:
    """The gebieden of the CBS data in ``data_dir`` (read and cached by the CBS loader).

    A missing or unreadable data dir raises ``ValueError`` with the loader's Dutch message.
    """
    from planner.settings import Settings
    from planner.wijken.cbs import CbsDataError, load_cbs

    try:
        data = load_cbs(replace(Settings.from_env(), data_dir=Path(data_dir)))
    except CbsDataError as exc:
        raise ValueError(str(exc)) from exc
    return gebieden_uit(data)


def _http_get_json(url: str) -> Mapping[str, Any]:  # pragma: no cover - network
    with urllib.request.urlopen(url, timeout=10) as resp:
        return json.load(resp)


def pdok_geocoder(get: Getter = _http_get_json) -> Callable[[str], Geocode | None]:
    """A geocoder over PDOK Locatieserver; pass ``get`` to avoid the network in tests."""

    def geocode(query: str) -> Geocode | None:
        url = f"{PDOK_URL}?{urllib.parse.urlencode({'q': query, 'rows': 1})}"
        try:
            docs = get(url).get("response", {}).get("docs", [])
        except (OSError, ValueError):
            return None
        if not docs:
            return None
        doc = docs[0]
        match = re.match(r"POINT\(([-\d.]+) ([-\d.]+)\)", doc.get("centroide_ll", ""))
        if not match:
            return None
        gm = doc.get("gemeentecode")
        return Geocode(
            latitude=float(match.group(2)),
            longitude=float(match.group(1)),
            gemeente_code=f"GM{int(gm):04d}" if gm and str(gm).isdigit() else None,
            wijk_code=doc.get("wijkcode"),
        )

    return geocode


def place(
    loc: Location,
    gebieden: Gebieden | None = None,
    geocoder: Callable[[str], Geocode | None] | None = None,
    rij: int | None = None,
) -> tuple[Location, list[Fout]]:
    """The location with coordinates where they can be found, and what went wrong."""
    fouten: list[Fout] = []
    if loc.location_type == "virtual":
        return loc, fouten
    if loc.adres_vertrouwelijk:
        return _place_confidential(loc, gebieden, rij)
    if loc.latitude is not None and loc.longitude is not None:
        return loc, fouten
    query = " ".join(p for p in (loc.address_1, loc.postal_code, loc.city) if p)
    if geocoder is not None and (loc.address_1 or loc.postal_code):
        found = geocoder(query)
        if found is not None:
            return replace(
                loc,
                latitude=found.latitude,
                longitude=found.longitude,
                locatie_benaderd=False,
                gemeente_code=loc.gemeente_code or found.gemeente_code,
                wijk_code=loc.wijk_code or found.wijk_code,
            ), fouten
        fouten.append(
            Fout("adres", f"PDOK vond het adres '{query}' niet", rij, ernst="waarschuwing")
        )
    centroid = _centroid(loc, gebieden)
    if centroid is not None:
        return replace(
            loc, latitude=centroid.latitude, longitude=centroid.longitude, locatie_benaderd=True
        ), fouten
    if (loc.gemeente_code or loc.wijk_code) and gebieden is None:
        # No CBS boundaries loaded (yet): keep the location in the lists, off the map.
        fouten.append(
            Fout(
                "gemeente",
                "zonder CBS-grenzen kan deze locatie niet op de kaart; hij staat wel in de "
                "zoekresultaten",
                rij,
                ernst="waarschuwing",
            )
        )
        return loc, fouten
    if loc.address_1 or loc.postal_code:
        fouten.append(
            Fout(
                "adres",
                "zonder internet of gemeentecode kan dit adres niet op de kaart; "
                "vul latitude/longitude of de gemeente in",
                rij,
                ernst="waarschuwing",
            )
        )
        return loc, fouten
    fouten.append(
        Fout(
            "latitude",
            "de locatie heeft geen coördinaten, geen adres of postcode en geen gemeente of "
            "wijk; vul ten minste één daarvan in",
            rij,
        )
    )
    return loc, fouten


def _centroid(loc: Location, gebieden: Gebieden | None) -> Gebied | None:
    if gebieden is None:
        return None
    if loc.wijk_code and loc.wijk_code in gebieden.wijken:
        return gebieden.wijken[loc.wijk_code]
    code = loc.gemeente_code or (gemeente_van(loc.wijk_code) if loc.wijk_code else None)
    return gebieden.gemeenten.get(code) if code else None


def _place_confidential(
    loc: Location, gebieden: Gebieden | None, rij: int | None
) -> tuple[Location, list[Fout]]:
    fouten: list[Fout] = []
    exact = loc.latitude is not None and not loc.locatie_benaderd
    if exact:
        fouten.append(
            Fout(
                "latitude",
                "een vertrouwelijk adres krijgt geen exacte coördinaten; "
                "de locatie wordt op het midden van de gemeente getoond",
                rij,
                ernst="waarschuwing",
            )
        )
    gemeente = None
    if gebieden is not None:
        code = loc.gemeente_code or (gemeente_van(loc.wijk_code) if loc.wijk_code else None)
        gemeente = gebieden.gemeenten.get(code) if code else None
    if gemeente is not None:
        return replace(
            loc,
            latitude=gemeente.latitude,
            longitude=gemeente.longitude,
            locatie_benaderd=True,
            wijk_code=None,
        ), fouten
    if exact:
        return replace(loc, latitude=None, longitude=None, wijk_code=None), fouten
    return loc, fouten  # an approximate point we cannot recompute stays
