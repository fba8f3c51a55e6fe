"""scripts/serve.sh --processes 2: two app processes behind nginx on 127.0.0.1.

Shows what a gemeente's IT relies on: a session stays on its process (websocket and
upload), an edit written by one process is seen by a session on the other at its next
rerun, killing one process leaves the other's sessions working, and the HSDS API started
beside the app answers through the same nginx under /api/.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from planner.settings import PROJECT_ROOT
from tests.conftest import CBS_DIR, PG_URL, _pg_available

sys.path.insert(0, str(PROJECT_ROOT / "bench"))
from stclient import Sessie

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
pytestmark = [
    pytest.mark.skipif(
        NGINX is None and not os.environ.get("CI"),
        reason="nginx ontbreekt (deploy/install-nginx.sh)",
    ),
    pytest.mark.skipif(not _pg_available(), reason="PostgreSQL niet bereikbaar"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def pg_schema_url() -> Iterator[str]:
    from planner.store import make_engine

    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = make_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{PG_URL}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def stack(tmp_path, pg_schema_url, thuis_met_cbs_cache) -> Iterator[dict]:
    from planner.kaart.voorbeeld import seed_if_empty
    from planner.store import open_store

    engine = open_store(pg_schema_url)
    seed_if_empty(engine)  # filled before start: no process seeds at the same time
    engine.dispose()
    port = _free_port()
    run = tmp_path / "run"
    env = dict(os.environ)
    env.update(
        PREVENTIEKAART_HOME=str(tmp_path / "home"),
        PREVENTIEKAART_DATA_DIR=str(CBS_DIR),
        PREVENTIEKAART_TILES="geen",
        PREVENTIEKAART_SKIP_SETUP="1",
        DATABASE_URL=pg_schema_url,
    )
    log = (tmp_path / "serve.log").open("w")
    proc = subprocess.Popen(
        [
            "bash",
            "scripts/serve.sh",
            "--processes",
            "2",
            "--port",
            str(port),
            "--run-dir",
            str(run),
        ],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 180
    info = None
    while time.time() < deadline and proc.poll() is None:
        if (run / "processen.json").exists():
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        info = json.loads((run / "processen.json").read_text())
                        break
            except OSError:
                pass
        time.sleep(0.5)
    if info is None:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(30)
        log.close()
        pytest.fail("serve.sh kwam niet op: " + (tmp_path / "serve.log").read_text()[-3000:])
    try:
        yield {"base": base, "port": port, "info": info, "run": run, "url": pg_schema_url}
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        log.close()


def _get(url: str, cookie: str) -> tuple[int, dict[str, str]]:
    req = urllib.request.Request(url, headers={"Cookie": cookie})
    with urllib.request.urlopen(req, timeout=30) as r:
        return r.status, {k.lower(): v for k, v in r.headers.items()}


def _cookies_per_process(base: str) -> dict[str, str]:
    """An affinity cookie for each app process (nginx names the process it chose)."""
    found: dict[str, str] = {}
    for i in range(64):
        cookie = f"pk_instance=test{i}"
        _, headers = _get(f"{base}/_stcore/health", cookie)
        found.setdefault(headers["x-preventiekaart-proces"], cookie)
        if len(found) == 2:
            return found
    pytest.fail(f"nginx stuurt alles naar één proces: {found}")


def _upload(base: str, url: str, cookies: str) -> int:
    grens = "pkgrens"
    body = (
        f'--{grens}\r\nContent-Disposition: form-data; name="file"; filename="kaart.csv"\r\n'
        f"Content-Type: text/csv\r\n\r\nnaam;organisatie\r\nTest;Org\r\n--{grens}--\r\n"
    ).encode()
    xsrf = next(
        (c.split("=", 1)[1] for c in cookies.split("; ") if c.startswith("_streamlit_xsrf=")), ""
    )
    req = urllib.request.Request(
        base + url,
        data=body,
        method="PUT",
        headers={
            "Cookie": cookies,
            "X-Xsrftoken": xsrf,
            "Content-Type": f"multipart/form-data; boundary={grens}",
        },
    )
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status
    except urllib.error.HTTPError as exc:
        return exc.code


def _xsrf_cookie(base: str, cookie: str) -> str:
    req = urllib.request.Request(f"{base}/_stcore/health", headers={"Cookie": cookie})
    with urllib.request.urlopen(req, timeout=30) as r:
        for k, v in r.headers.items():
            if k.lower() == "set-cookie" and v.startswith("_streamlit_xsrf="):
                return v.split(";", 1)[0]
    return ""


def _resultaten(s: Sessie) -> int:
    """The '<n> resultaten' heading the search page shows."""
    import re

    for tekst in s.teksten:
        if m := re.fullmatch(r"(\d+) resultaten", tekst):
            return int(m.group(1))
    raise AssertionError(s.teksten[:20])


def _api(base: str, pad: str) -> tuple[int, dict[str, str], dict]:
    with urllib.request.urlopen(f"{base}/api{pad}", timeout=60) as r:
        return r.status, {k.lower(): v for k, v in r.headers.items()}, json.loads(r.read())


def _check_api(stack) -> None:
    """The HSDS API is one more process of the stack, reached through nginx at /api/."""
    base, api = stack["base"], stack["info"]["api"]
    assert api and api["port"] not in [p["port"] for p in stack["info"]["apps"]]
    status, headers, lijst = _api(base, "/services?per_page=5")
    assert status == 200 and headers["content-type"].startswith("application/json")
    assert headers["x-preventiekaart-proces"] == f"127.0.0.1:{api['port']}"
    assert lijst["total_items"] > 0 and len(lijst["contents"]) == min(5, lijst["total_items"])
    eerste = lijst["contents"][0]
    status, _, dienst = _api(base, f"/services/{eerste['id']}")
    assert status == 200 and dienst["id"] == eerste["id"] and dienst["name"] == eerste["name"]
    _, _, root = _api(base, "/")
    assert root["profile"] == f"{base}/api/profiel"  # links carry the proxy's prefix
    with pytest.raises(urllib.error.HTTPError) as fout:
        _api(base, "/services/bestaat-niet")
    assert fout.value.code == 404 and "fout" in json.loads(fout.value.read())


def test_two_processes_behind_nginx(stack):
    _check_api(stack)
    # A thread of its own: Playwright's sync API may already run a loop in this thread.
    import concurrent.futures

    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, _scenario(stack)).result(timeout=600)


async def _scenario(stack) -> None:
    base, port = stack["base"], stack["port"]
    per_proces = _cookies_per_process(base)
    (proces_a, cookie_a), (proces_b, cookie_b) = sorted(per_proces.items())
    ws = f"ws://127.0.0.1:{port}/_stcore/stream"
    a = Sessie(ws, page="verwijzen", cookie=cookie_a)
    b = Sessie(ws, page="verwijzen", cookie=cookie_b)
    await a.connect()
    await b.connect()
    try:
        for s in (a, b):
            r = await s.run()
            assert not r.exception
            s.set_string("Zoek op woord", "Proxytest")
            await s.run()
            assert _resultaten(s) == 0

        # An edit written by another process of the app (here: the import command) on the
        # shared PostgreSQL store: each session sees it at its next rerun.
        csv = stack["run"].parent / "nieuw.csv"
        csv.write_text(
            "id,organisatie,naam,gemeente\nproxytest-1,Proxytest org,Proxytest gezinshulp,GM1930\n",
            encoding="utf-8",
        )
        env = dict(os.environ, DATABASE_URL=stack["url"])
        done = subprocess.run(
            [sys.executable, "-m", "planner.kaart", "import", str(csv)],
            cwd=PROJECT_ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr
        for s in (a, b):
            await s.run()
            assert _resultaten(s) == 1

        # An upload reaches the session's own process through the proxy; the same upload
        # sent to the other process is refused there (that is why affinity is needed).
        (url,) = await a.upload_urls(["kaart.csv"])
        xsrf = _xsrf_cookie(base, cookie_a)
        assert _upload(base, url, f"{cookie_a}; {xsrf}") == 204
        (url_b,) = await b.upload_urls(["kaart.csv"])
        assert _upload(base, url_b, f"{cookie_a}; {xsrf}") == 400

        # Kill the process behind session A: session B keeps working, and A's visitor
        # is served by the remaining process.
        port_a = int(proces_a.rsplit(":", 1)[1])
        (pid_a,) = [p["pid"] for p in stack["info"]["apps"] if p["port"] == port_a]
        os.kill(pid_a, signal.SIGKILL)
        b.set_string("Zoek op woord", "")
        r = await b.run()
        assert not r.exception and _resultaten(b) > 1
        status, headers = _get(f"{base}/_stcore/health", cookie_a)
        # nginx lists every process it tried: the dead one refused, the other answered
        assert status == 200 and headers["x-preventiekaart-proces"].split(", ")[-1] == proces_b
    finally:
        await a.close()
        await b.close()
