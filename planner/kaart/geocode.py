"""Putting locations on the map: coordinates from the file, PDOK online, or a CBS centroid.

Offline (the default) a location without coordinates is placed at the centroid of its
wijk or gemeente and marked ``locatie_benaderd``; online, ``pdok_geocoder`` asks the PDOK
Locatieserver. The HTTP getter is injectable so tests never touch the network. A
confidential address is never sent to PDOK and never gets exact coordinates: it is placed
at the gemeente centroid, so neither the store nor any export can reveal it.

The CBS boundaries are read here with a tiny private reader; swap ``load_gebieden`` for
``planner.wijken.cbs`` once that offers centroids.
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
from typing import Any

from planner.kaart.model import Fout, Location, gemeente_van

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


def _newest(data_dir: Path, pattern: str) -> Path | None:
    files = sorted((data_dir / "geo").glob(pattern))
    return files[-1] if files else None


def _read_points(path: Path, name_cols: tuple[str, ...]) -> dict[str, Gebied]:
    import geopandas as gpd
    from shapely import make_valid

    try:
        gdf = gpd.read_file(path, engine="pyogrio")
    except Exception as exc:  # pyogrio raises several types for cut-off or damaged files
        from planner.wijken.cbs import onleesbaar_kaartbestand

        raise ValueError(onleesbaar_kaartbestand(path, exc)) from exc
    if "statcode" not in gdf.columns:
        raise ValueError(f"Kaartbestand {path.name} mist de kolom 'statcode'.")
    if gdf.crs is None:
        gdf = gdf.set_crs(4326)
    elif gdf.crs.to_epsg() != 4326:
        gdf = gdf.to_crs(4326)
    name_col = next((c for c in name_cols if c in gdf.columns), None)
    if name_col is None:
        raise ValueError(f"Kaartbestand {path.name} mist een naamkolom ({', '.join(name_cols)}).")
    out: dict[str, Gebied] = {}
    for code, naam, geom in zip(gdf["statcode"], gdf[name_col], gdf.geometry, strict=True):
        if geom is None:
            continue
        shape = make_valid(geom)
        point = shape.centroid
        if not shape.contains(point):  # islands, horseshoes: stay on land
            point = shape.representative_point()
        out[str(code).strip()] = Gebied(str(code).strip(), str(naam).strip(), point.y, point.x)
    return out


@lru_cache(maxsize=4)
def load_gebieden(data_dir: Path) -> Gebieden:
    """Gemeenten (newest ``geo/gemeente_*_wgs84.geojson``) and wijken from the CBS data dir."""
    gem = _newest(data_dir, "gemeente_*_wgs84.geojson")
    wijk = _newest(data_dir, "wijk_*_wgs84.geojson")
    if gem is None:
        raise FileNotFoundError(f"geen gemeentegrenzen in {data_dir / 'geo'}")
    return Gebieden(
        gemeenten=_read_points(gem, ("statnaam", "name")),
        wijken=_read_points(wijk, ("name", "statnaam")) if wijk else {},
    )


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
