"""Real-browser fixtures: one `streamlit run` per session, Debian chromium via Playwright.

No browser is downloaded: Playwright drives /usr/bin/chromium (apt package `chromium`).
In CI a missing chromium fails; locally the browser tests skip with the reason.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from planner.settings import PROJECT_ROOT
from tests.conftest import CBS_DIR

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def run_streamlit(home: Path, cbs_cache: Path | None = None) -> Iterator[str]:
    """`streamlit run app.py` on a free port with its own home; yields the base URL.

    A fresh process is a cold server (Streamlit's legacy pages/ mode is still on until the
    first run); without ``cbs_cache`` its CBS cache is empty too, the slowest first visit.
    """
    if cbs_cache is not None:
        (home / "cache").mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cbs_cache, home / "cache" / cbs_cache.name)
    port = _free_port()
    env = dict(os.environ)
    env.update(
        PREVENTIEKAART_HOME=str(home),
        PREVENTIEKAART_DATA_DIR=str(CBS_DIR),
        PREVENTIEKAART_TILES="geen",
        DATABASE_URL=f"sqlite:///{home / 'store.db'}",
    )
    log = (Path(home) / "streamlit.log").open("w")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.port",
            str(port),
            "--server.headless",
            "true",
            "--server.address",
            "127.0.0.1",
        ],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                time.sleep(0.3)
            if proc.poll() is not None:
                break
        else:
            pytest.fail("streamlit startte niet binnen 60 s")
        if proc.poll() is not None:
            pytest.fail("streamlit stopte: " + (Path(home) / "streamlit.log").read_text())
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="session")
def browser_home(tmp_path_factory) -> Path:
    """PREVENTIEKAART_HOME of the browser-test app (its store is ``store.db`` in there)."""
    return tmp_path_factory.mktemp("browser-home")


@pytest.fixture(scope="session")
def streamlit_server(browser_home, cbs_cache_bestand) -> Iterator[str]:
    """Start the app once for all browser tests (CBS cache from the session); its base URL."""
    with run_streamlit(browser_home, cbs_cache_bestand) as base:
        yield base


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        msg = f"chromium niet gevonden op {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(msg)
        pytest.skip(msg)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    pg = context.new_page()
    yield pg
    context.close()


def wacht_op_run(page, timeout: int = 120_000) -> None:
    """Wait until Streamlit has no script run going (its status widget is gone)."""
    page.wait_for_timeout(200)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=stStatusWidget]')", timeout=timeout
    )


def kies_actie(page, actie: str, nummer: int):
    """Open the expander of an action, tick "Neem actie N op" and wait for its SMART form.

    Ticking reruns the script and the expander gets a new label (" – gekozen"); on a busy
    machine the click can land while a run is still going. So: wait for each run, and check
    the result (expander open, box ticked) instead of trusting one click.
    """
    expander = page.locator("details", has_text=actie)
    vak = expander.get_by_label(f"Neem actie {nummer} op in het plan")
    wat = expander.get_by_label(f"Actie {nummer}: wat wilt u bereiken?")
    wacht_op_run(page)
    for _ in range(4):
        if expander.get_attribute("open") is None:
            expander.locator("summary").click()
        if not vak.is_checked():
            expander.get_by_text(f"Neem actie {nummer} op in het plan").click()
        wacht_op_run(page)
        try:
            wat.wait_for(timeout=10_000)
            return expander
        except Exception:  # playwright TimeoutError: look again at what the page shows
            continue
    wat.wait_for(timeout=10_000)
    return expander
