"""The HSDS 3.0 API as a Starlette app: read-only, no key, CORS open.

Paths and parameters follow the official Open Referral OpenAPI description
(``schema/openapi.json`` of HSDS 3.0). Requests check a cheap fingerprint of the store
(``index.stand``, at most twice a second); when the kaart changed the index is rebuilt in
the background, so an edit in Beheer shows up within seconds and no request waits for the
rebuild. Errors are JSON ``{"fout": "<Nederlandse melding>"}`` with status 400 or 404,
never a traceback.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Engine
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from planner.api import index as ix
from planner.kaart.io import hsds
from planner.settings import PROJECT_ROOT

OPENAPI_URL = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json"
PROFIEL_MD = PROJECT_ROOT / "docs" / "hsds-profiel.md"
CONTROLE_S = 0.5  # the store's fingerprint is checked at most twice a second
log = logging.getLogger(__name__)


class _Bron:
    """The index of the store, rebuilt in the background when the store's fingerprint changes.

    Building the documents of 10,000 services takes seconds; meanwhile requests get the
    previous index, so a change in the kaart shows within seconds and no request waits.
    Only the very first request builds while it waits.
    """

    def __init__(self, engine: Engine, herbouw: bool) -> None:
        self.engine, self.herbouw = engine, herbouw
        self.lock = threading.Lock()
        self.stand: tuple[Any, ...] | None = None
        self.index: ix.Index | None = None
        self.bezig = False
        self.gecontroleerd = 0.0  # monotonic time of the last fingerprint check

    def _bouw(self) -> None:
        try:
            while True:
                stand = ix.stand(self.engine)
                index = ix.bouw(self.engine)
                with self.lock:
                    self.index, self.stand = index, stand
                if ix.stand(self.engine) == stand:
                    return
        except Exception:  # the old index keeps serving; the next request tries again
            log.exception("HSDS-API: index opnieuw opbouwen mislukt")
        finally:
            with self.lock:
                self.bezig = False

    def get(self) -> ix.Index:
        if self.herbouw:  # a baseline of bench/api.py: everything from the store, every time
            return ix.bouw(self.engine)
        nu = time.monotonic()
        if self.index is not None and nu - self.gecontroleerd < CONTROLE_S:
            return self.index
        stand = ix.stand(self.engine)
        with self.lock:
            self.gecontroleerd = nu
            index, verouderd = self.index, stand != self.stand
            if index is not None and verouderd and not self.bezig:
                self.bezig = True
                threading.Thread(target=self._bouw, daemon=True).start()
        if index is not None:
            return index
        with self.lock:  # first request: build now
            if self.index is None:
                self.index, self.stand = ix.bouw(self.engine), stand
            return self.index


def _int(request: Request, name: str, default: int, lo: int, hi: int) -> int:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ix.ApiFout(400, f"{name} moet een geheel getal zijn, niet '{raw}'") from None
    if not lo <= value <= hi:
        raise ix.ApiFout(400, f"{name} moet tussen {lo} en {hi} liggen, niet {value}")
    return value


def _bool(request: Request, name: str) -> bool:
    raw = (request.query_params.get(name) or "").lower()
    if raw in ("", "false", "0", "nee"):
        return False
    if raw in ("true", "1", "ja"):
        return True
    raise ix.ApiFout(400, f"{name} moet true of false zijn, niet '{raw}'")


def _moment(request: Request) -> datetime | None:
    raw = request.query_params.get("modified_after")
    if not raw:
        return None
    try:
        return datetime.fromisoformat(raw.replace("Z", "+00:00").replace(" ", "+"))
    except ValueError:
        raise ix.ApiFout(
            400, f"modified_after moet een datum-tijd zijn (2026-01-05T09:00:00Z), niet '{raw}'"
        ) from None


def _tekst(request: Request, name: str) -> str | None:
    return request.query_params.get(name) or None


def _formaat(request: Request) -> str:
    fmt = (request.query_params.get("format") or "json").lower()
    if fmt not in ("json", "ndjson"):
        raise ix.ApiFout(400, f"format moet json of ndjson zijn, niet '{fmt}'")
    return fmt


def _lijst(request: Request, items: list[Any]) -> Response:
    """A paginated page, or with ``format=ndjson`` every item on its own line."""
    if _formaat(request) == "ndjson":
        body = "".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items)
        return Response(body, media_type="application/x-ndjson")
    page = _int(request, "page", 1, 1, 1_000_000)
    per_page = _int(request, "per_page", ix.PER_PAGE, 1, ix.MAX_PER_PAGE)
    return JSONResponse(ix.pagina(items, page, per_page))


def maak_app(
    engine: Engine,
    *,
    geocoder: Callable[[str], Any] | None = None,
    naief: bool = False,
    herbouw: bool = False,
) -> Starlette:
    """The API over ``engine``; ``geocoder`` finds postcodes the kaart itself lacks (PDOK).

    ``naief`` (measure every location) and ``herbouw`` (no index kept between requests)
    are the baselines bench/api.py times beside the real thing.
    """
    bron = _Bron(engine, herbouw)

    def filters(request: Request, idx: ix.Index) -> Callable[[str], bool]:
        return idx.filter_diensten(
            search=_tekst(request, "search"),
            taxonomy_term_id=_tekst(request, "taxonomy_term_id"),
            taxonomy_id=_tekst(request, "taxonomy_id"),
            organization_id=_tekst(request, "organization_id"),
            modified_after=_moment(request),
        )

    def root(request: Request) -> Response:
        return JSONResponse(
            {
                "version": ix.HSDS_VERSIE,
                "profile": str(request.url_for("profiel")),
                "openapi_url": OPENAPI_URL,
            }
        )

    def profiel(request: Request) -> Response:
        return PlainTextResponse(
            PROFIEL_MD.read_text(encoding="utf-8"), media_type="text/markdown; charset=utf-8"
        )

    def services(request: Request) -> Response:
        idx = bron.get()
        ok = filters(request, idx)
        ids = [sid for sid in idx.volgorde if ok(sid)]
        if _bool(request, "minimal"):
            return _lijst(request, [{"id": sid, **_pick_last(idx.services[sid])} for sid in ids])
        shape = idx.services if _bool(request, "full") else idx.lijst
        return _lijst(request, [shape[sid] for sid in ids])

    def service(request: Request) -> Response:
        idx = bron.get()
        found = idx.services.get(request.path_params["id"])
        if found is None:
            raise ix.ApiFout(404, f"geen dienst met id {request.path_params['id']}")
        return JSONResponse(found)

    def service_at_locations(request: Request) -> Response:
        idx = bron.get()
        ok = filters(request, idx)
        postcode = _tekst(request, "postcode")
        proximity_raw = _tekst(request, "proximity")
        if proximity_raw is not None and postcode is None:
            raise ix.ApiFout(400, "proximity werkt alleen samen met postcode")
        if postcode is not None and proximity_raw is not None:
            try:
                meter = float(proximity_raw)
            except ValueError:
                raise ix.ApiFout(
                    400, f"proximity is een afstand in meters, niet '{proximity_raw}'"
                ) from None
            if not 0 < meter <= ix.MAX_PROXIMITY:
                raise ix.ApiFout(400, f"proximity moet tussen 0 en {ix.MAX_PROXIMITY} meter liggen")
            lat, lon = idx.punt(postcode, geocoder)
            if naief:  # baseline: measure every location, then sort
                pairs = [
                    (ix.afstand_m(lat, lon, v.latitude, v.longitude), v)
                    for v in idx.vestigingen
                    if v.latitude is not None and v.longitude is not None
                ]
                gevonden = sorted(
                    (p for p in pairs if p[0] <= meter), key=lambda p: (p[0], p[1].id)
                )
            else:
                gevonden = idx.vestigingen_bij(lat, lon, meter)
            rows = [v for _, v in gevonden]
        elif postcode is not None:
            pc4, _ = ix.normaliseer_postcode(postcode)
            rows = [v for v in idx.vestigingen if v.pc4 == pc4]
        else:
            rows = idx.vestigingen
        full = _bool(request, "full")
        items = [_met_dienst(idx, v) if full else v.item for v in rows if ok(v.service_id)]
        return _lijst(request, items)

    def service_at_location(request: Request) -> Response:
        idx = bron.get()
        wanted = request.path_params["id"]
        for v in idx.vestigingen:
            if v.id == wanted:
                return JSONResponse(_met_dienst(idx, v))
        raise ix.ApiFout(404, f"geen dienst-op-locatie met id {wanted}")

    def organizations(request: Request) -> Response:
        idx = bron.get()
        full_service = _bool(request, "full_service")
        full = _bool(request, "full") or full_service
        search = ix._fold(_tekst(request, "search") or "").split()
        orgs = sorted(idx.organisaties.items(), key=lambda kv: ix._fold(kv[1]["name"]))
        items = [
            _organisatie(idx, oid, full_service) if full else ix._pick(org, ix.ORGANISATIE_LIJST)
            for oid, org in orgs
            if all(w in ix._fold(org["name"]) for w in search)
        ]
        return _lijst(request, items)

    def organization(request: Request) -> Response:
        idx = bron.get()
        oid = request.path_params["id"]
        if oid not in idx.organisaties:
            raise ix.ApiFout(404, f"geen organisatie met id {oid}")
        return JSONResponse(_organisatie(idx, oid, _bool(request, "full_service")))

    def taxonomies(request: Request) -> Response:
        search = ix._fold(_tekst(request, "search") or "")
        items = [hsds.taxonomie()]
        return _lijst(request, [i for i in items if search in ix._fold(i["name"])])

    def taxonomy(request: Request) -> Response:
        if request.path_params["id"] != hsds.TAXONOMIE_ID:
            raise ix.ApiFout(404, f"geen taxonomie met id {request.path_params['id']}")
        return JSONResponse(hsds.taxonomie())

    def taxonomy_terms(request: Request) -> Response:
        idx = bron.get()
        taxonomy_id = _tekst(request, "taxonomy_id")
        parent_id = _tekst(request, "parent_id")
        top_only = _bool(request, "top_only")
        search = ix._fold(_tekst(request, "search") or "")
        items = [
            term
            for term in idx.termen_docs.values()
            if (taxonomy_id is None or term["taxonomy_id"] == taxonomy_id)
            and (parent_id is None or term.get("parent_id") == parent_id)
            and (not top_only or "parent_id" not in term)
            and (not search or search in ix._fold(f"{term['code']} {term['name']}"))
        ]
        return _lijst(request, items)

    def taxonomy_term(request: Request) -> Response:
        term = bron.get().termen_docs.get(request.path_params["id"])
        if term is None:
            raise ix.ApiFout(404, f"geen taxonomieterm met id {request.path_params['id']}")
        return JSONResponse(term)

    async def api_fout(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ix.ApiFout)
        return JSONResponse({"fout": exc.melding}, status_code=exc.status)

    async def http_fout(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        melding = {404: "deze pagina bestaat niet in de HSDS-API", 405: "alleen lezen (GET)"}
        return JSONResponse(
            {"fout": melding.get(exc.status_code, "verzoek niet mogelijk")},
            status_code=exc.status_code,
        )

    async def fout(request: Request, exc: Exception) -> Response:
        log.exception("HSDS-API: onverwachte fout bij %s", request.url.path)
        return JSONResponse(
            {"fout": "er ging iets mis bij het lezen van de sociale kaart; probeer het later"},
            status_code=500,
        )

    routes = [
        Route("/", root),
        Route("/profiel", profiel, name="profiel"),
        Route("/services", services),
        Route("/services/{id}", service),
        Route("/service_at_locations", service_at_locations),
        Route("/service_at_locations/{id}", service_at_location),
        Route("/organizations", organizations),
        Route("/organizations/{id}", organization),
        Route("/taxonomies", taxonomies),
        Route("/taxonomies/{id}", taxonomy),
        Route("/taxonomy_terms", taxonomy_terms),
        Route("/taxonomy_terms/{id}", taxonomy_term),
    ]
    return Starlette(
        routes=routes,
        middleware=[
            Middleware(
                CORSMiddleware, allow_origins=["*"], allow_methods=["GET"], allow_headers=["*"]
            )
        ],
        exception_handlers={ix.ApiFout: api_fout, HTTPException: http_fout, Exception: fout},
    )


def _pick_last(service: dict[str, Any]) -> dict[str, Any]:
    return {"last_modified": service["last_modified"]} if "last_modified" in service else {}


def _met_dienst(idx: ix.Index, v: ix.Vestiging) -> dict[str, Any]:
    """A service_at_location as in the full listing: the nested record plus its service."""
    sal = next(x for x in idx.services[v.service_id]["service_at_locations"] if x["id"] == v.id)
    return {**sal, "service": idx.lijst[v.service_id]}


def _organisatie(idx: ix.Index, oid: str, full_service: bool) -> dict[str, Any]:
    """A fully nested organisation; its services in full or as list entries (openapi)."""
    org = dict(idx.organisaties[oid])
    shape = idx.services if full_service else idx.lijst
    org["services"] = [shape[sid] for sid in idx.diensten_per_org.get(oid, [])]
    return org
