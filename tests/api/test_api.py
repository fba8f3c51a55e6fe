"""The HSDS 3.0 API as a client sees it: the real server (uvicorn) on 127.0.0.1.

Every response is validated against the official schemas read from
../shared/standards/hsds-3.0 (compiled service, service_list, service_at_location_list,
organization(_list), taxonomy(_term) and the OpenAPI ``Page``), never copied here.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import date
from typing import Any

import jsonschema
import pytest
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from planner.kaart import repository
from planner.kaart.io import hsds
from planner.kaart.model import (
    KaartData,
    Location,
    Organisation,
    Service,
    ServiceAtLocation,
    Toegang,
    WaitingTime,
    stable_id,
)
from planner.settings import PROJECT_ROOT
from planner.store import make_engine, upgrade
from tests.kaart.conftest import HSDS_DIR, make_kaart

SECRET = ("Geheimstraat 7", "3201 ZZ")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _kaart() -> KaartData:
    """make_kaart plus three placed services near Rotterdam, one far away, one secret."""
    base = make_kaart()
    org = Organisation(id=stable_id("api-org", soort="organisatie"), name="Wijkteams Rotterdam")
    plekken = {
        "centrum": ("3011 AA", 51.9225, 4.4792, Toegang.VRIJ),
        "noord": ("3039 AB", 51.9400, 4.4700, Toegang.WIJKTEAM),  # ~2 km
        "groningen": ("9711 AA", 53.2194, 6.5665, Toegang.VRIJ),  # ~200 km
    }
    services, locs, sals = [], [], []
    for naam, (pc, lat, lon, toegang) in plekken.items():
        sid = stable_id(f"api-{naam}", soort="dienst")
        lid = stable_id(f"api-{naam}", soort="locatie")
        services.append(
            Service(id=sid, organization_id=org.id, name=f"Spreekuur {naam}", toegang=toegang)
        )
        locs.append(
            Location(
                id=lid,
                name=naam,
                organization_id=org.id,
                address_1="Straat 1",
                postal_code=pc,
                city="Stad",
                latitude=lat,
                longitude=lon,
            )
        )
        sals.append(
            ServiceAtLocation(
                id=stable_id(f"api-{naam}", soort="dienst_locatie"), service_id=sid, location_id=lid
            )
        )
    sid = stable_id("api-opvang", soort="dienst")
    lid = stable_id("api-opvang", soort="locatie")
    services.append(Service(id=sid, organization_id=org.id, name="Opvang", toegang=Toegang.VRIJ))
    locs.append(
        Location(
            id=lid,
            name="Opvanghuis",
            organization_id=org.id,
            address_1=SECRET[0],
            postal_code=SECRET[1],
            city="Spijkenisse",
            latitude=51.925,
            longitude=4.48,
            adres_vertrouwelijk=True,
            publieke_contactroute="via Veilig Thuis 0800-2000",
        )
    )
    sal_id = stable_id("api-opvang", soort="dienst_locatie")
    sals.append(ServiceAtLocation(id=sal_id, service_id=sid, location_id=lid))
    return KaartData(
        (*base.organisations, org),
        base.services + tuple(services),
        base.locations + tuple(locs),
        base.service_at_locations + tuple(sals),
        (*base.waiting_times, WaitingTime(sal_id, 2, date(2026, 1, 5))),
    )


@pytest.fixture(scope="module")
def api(tmp_path_factory, request) -> Any:
    if not (HSDS_DIR / "schema" / "openapi.json").exists():
        pytest.skip(f"HSDS 3.0-standaard ontbreekt in {HSDS_DIR}")
    tmp = tmp_path_factory.mktemp("api")
    url = f"sqlite:///{tmp / 'api.db'}"
    engine = make_engine(url)
    upgrade(engine)
    repository.save_kaart(engine, _kaart(), wie="test")
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": url, "PREVENTIEKAART_HOME": str(tmp / "home")}
    err = (tmp / "stderr.txt").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "planner.api", "--host", "127.0.0.1", "--port", str(port)],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=err,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/", timeout=1).read()
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail(f"API start niet: {(tmp / 'stderr.txt').read_text()}")
                time.sleep(0.1)
        yield base, engine
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        err.close()
        engine.dispose()


def get(base: str, path: str, headers: dict | None = None) -> tuple[int, dict, Any]:
    req = urllib.request.Request(base + path, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, dict(r.headers), json.loads(r.read())
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), json.loads(err.read())


_SCHEMAS: dict[str, Any] = {}


def check(obj: Any, name: str) -> None:
    """Fail with every schema error of ``obj`` against the official schema ``name``."""
    schema_dir = HSDS_DIR / "schema"
    if name not in _SCHEMAS:
        if name == "Page":
            openapi = json.loads((schema_dir / "openapi.json").read_text())
            schema = openapi["components"]["schemas"]["Page"]
        else:
            path = schema_dir / "compiled" / f"{name}.json"
            schema = json.loads(
                (path if path.exists() else schema_dir / f"{name}.json").read_text()
            )
        registry = Registry().with_resources(
            (
                f,
                Resource.from_contents(
                    json.loads((schema_dir / f).read_text()), default_specification=DRAFT202012
                ),
            )
            for f in ("metadata.json", "taxonomy.json")
        )
        cls = jsonschema.validators.validator_for(schema)
        _SCHEMAS[name] = cls(schema, registry=registry, format_checker=cls.FORMAT_CHECKER)
    errors = [f"{e.message} (pad {list(e.absolute_path)})" for e in _SCHEMAS[name].iter_errors(obj)]
    assert errors == [], name


def page(base: str, path: str, item_schema: str) -> dict:
    status, _headers, body = get(base, path)
    assert status == 200, body
    check(body, "Page")
    for item in body["contents"]:
        check(item, item_schema)
    return body


def test_root_says_version_profile_and_openapi(api):
    base, _ = api
    status, _, body = get(base, "/")
    assert status == 200 and body["version"] == "3.0"
    assert body["openapi_url"].endswith("/schema/openapi.json")
    with urllib.request.urlopen(body["profile"]) as r:
        assert "preventiekaart-nl" in r.read().decode()


def test_services_list_full_and_by_id_validate(api):
    base, _ = api
    body = page(base, "/services?per_page=100", "service_list")
    assert body["total_items"] == 5 and body["size"] == 5
    full = page(base, "/services?full=true", "service")
    sid = full["contents"][0]["id"]
    status, _, one = get(base, f"/services/{sid}")
    assert status == 200 and one == full["contents"][0]
    check(one, "service")
    assert all("last_modified" in s for s in full["contents"])
    status, _, missing = get(base, "/services/bestaat-niet")
    assert status == 404 and "geen dienst" in missing["fout"]


def test_pagination(api):
    base, _ = api
    first = page(base, "/services?per_page=2&page=1", "service_list")
    third = page(base, "/services?per_page=2&page=3", "service_list")
    assert (first["total_pages"], first["first_page"], first["last_page"]) == (3, True, False)
    assert (third["size"], third["last_page"]) == (1, True)
    beyond = page(base, "/services?per_page=2&page=9", "service_list")
    assert beyond["empty"] and beyond["contents"] == []


def test_service_at_locations_near_a_postcode_nearest_first(api):
    base, _ = api
    body = page(
        base, "/service_at_locations?postcode=3011AA&proximity=5000", "service_at_location_list"
    )
    names = [i["service"]["name"] for i in body["contents"]]
    assert names == ["Spreekuur centrum", "Spreekuur noord"]  # Groningen is 200 km away
    wide = page(
        base,
        "/service_at_locations?postcode=3011%20aa&proximity=300000",
        "service_at_location_list",
    )
    assert "Spreekuur groningen" in [i["service"]["name"] for i in wide["contents"]]
    only_pc4 = page(base, "/service_at_locations?postcode=3039", "service_at_location_list")
    assert [i["service"]["name"] for i in only_pc4["contents"]] == ["Spreekuur noord"]
    full = page(base, "/service_at_locations?full=true&per_page=100", "service_at_location")
    assert full["total_items"] == 5


def test_filter_on_published_taxonomy_terms(api):
    base, _ = api
    terms = page(base, "/taxonomy_terms?per_page=1000", "taxonomy_term")["contents"]
    codes = {t["code"]: t for t in terms}
    assert {"toegang", "trede", "preventieniveau", "wachttijd"} <= set(codes)
    wijkteam = codes["toegang:via_wijkteam"]
    assert wijkteam["parent_id"] == codes["toegang"]["id"]
    body = page(
        base, f"/service_at_locations?taxonomy_term_id={wijkteam['id']}", "service_at_location_list"
    )
    assert [i["service"]["name"] for i in body["contents"]] == ["Spreekuur noord"]
    wacht = page(base, f"/services?taxonomy_term_id={codes['wachttijd']['id']}", "service_list")
    assert {s["name"] for s in wacht["contents"]} == {"Opvoedspreekuur", "Opvang"}
    children = page(base, f"/taxonomy_terms?parent_id={codes['trede']['id']}", "taxonomy_term")
    assert children["total_items"] == 4
    tax = page(base, "/taxonomies", "taxonomy")["contents"]
    assert [t["id"] for t in tax] == [hsds.TAXONOMIE_ID]
    status, _, one = get(base, f"/taxonomy_terms/{wijkteam['id']}")
    assert status == 200 and one == wijkteam


def test_modified_after(api):
    base, _ = api
    assert (
        page(base, "/services?modified_after=2000-01-01T00:00:00Z", "service_list")["total_items"]
        == 5
    )
    assert page(base, "/services?modified_after=2999-01-01", "service_list")["total_items"] == 0


def test_organizations_validate(api):
    base, _ = api
    body = page(base, "/organizations", "organization_list")
    assert {o["name"] for o in body["contents"]} == {"Jeugdteam Test", "Wijkteams Rotterdam"}
    oid = next(o["id"] for o in body["contents"] if o["name"] == "Wijkteams Rotterdam")
    status, _, org = get(base, f"/organizations/{oid}?full_service=true")
    assert status == 200 and len(org["services"]) == 4
    check(org, "organization")
    page(base, "/organizations?full=true", "organization")


def test_no_key_cors_open_and_read_only(api):
    base, _ = api
    status, headers, _ = get(base, "/services", {"Origin": "https://andere-gemeente.example"})
    assert status == 200 and headers.get("access-control-allow-origin") == "*"
    req = urllib.request.Request(base + "/services", data=b"{}", method="POST")
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(req, timeout=5)
    assert err.value.code == 405 and "alleen lezen" in json.loads(err.value.read())["fout"]


@pytest.mark.parametrize(
    "path, fragment",
    [
        ("/services?per_page=0", "per_page"),
        ("/services?page=abc", "geheel getal"),
        ("/service_at_locations?postcode=xx&proximity=5000", "geen postcode"),
        ("/service_at_locations?postcode=1011AA&proximity=5000", "niet bekend"),
        ("/service_at_locations?postcode=3011AA&proximity=ver", "meters"),
        ("/service_at_locations?proximity=5000", "samen met postcode"),
        ("/services?modified_after=gisteren", "datum-tijd"),
        ("/services?full=misschien", "true of false"),
        ("/bestaat-niet", "bestaat niet"),
    ],
)
def test_bad_requests_get_a_dutch_message(api, path, fragment):
    base, _ = api
    status, _, body = get(base, path)
    assert status in (400, 404) and fragment in body["fout"]


def test_never_a_confidential_address(api):
    base, _ = api
    texts = []
    for path in (
        "/services?full=true&per_page=1000",
        "/service_at_locations?full=true&per_page=1000",
        "/service_at_locations?postcode=3011AA&proximity=10000&full=true",
        "/organizations?full=true&full_service=true",
    ):
        texts.append(json.dumps(get(base, path)[2]))
    for sid in [s["id"] for s in get(base, "/services?per_page=1000")[2]["contents"]]:
        texts.append(json.dumps(get(base, f"/services/{sid}")[2]))
    blob = "\n".join(texts)
    assert "Opvanghuis" in blob and "via Veilig Thuis 0800-2000" in blob
    for secret in SECRET:
        assert secret not in blob
    near = get(base, "/service_at_locations?postcode=3011AA&proximity=10000")[2]
    assert "Opvang" not in [i["service"]["name"] for i in near["contents"]]


def test_a_change_in_the_store_shows_within_seconds(api):
    base, engine = api
    org_id = stable_id("api-org", soort="organisatie")
    nieuw = Service(id=stable_id("api-nieuw", soort="dienst"), organization_id=org_id, name="Nieuw")

    def names_soon(present: bool) -> set[str]:
        """The index is rebuilt in the background: the change shows within seconds."""
        for _ in range(200):
            names = {s["name"] for s in get(base, "/services?per_page=100")[2]["contents"]}
            if ("Nieuw" in names) == present:
                return names
            time.sleep(0.05)
        return names

    try:
        repository.save_kaart(engine, KaartData(services=(nieuw,)), wie="test")
        assert "Nieuw" in names_soon(True)
    finally:
        with engine.begin() as conn:
            from planner.kaart import tables

            conn.execute(tables.diensten.delete().where(tables.diensten.c.id == nieuw.id))
    assert "Nieuw" not in names_soon(False)
