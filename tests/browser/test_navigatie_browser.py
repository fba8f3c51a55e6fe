"""Navigation in a real Chromium: no legacy pages/ menu ever, and every typed URL lands.

Streamlit starts a fresh server in its legacy multipage mode when a ``pages/`` folder
exists (issue 14): for the first seconds the sidebar listed the file names (app, beheer,
plan, …) and a click on one ran the screen outside app.py. A sampler installed before the
page's own scripts records the sidebar every 100 ms from navigation start (and on every
DOM change in between) until the page has settled.
"""

from __future__ import annotations

import re
import time

import pytest

from tests.browser.conftest import run_streamlit

pytestmark = pytest.mark.browser

# app.py's navigation: Dutch titles in its order.
TITELS = [
    "Start",
    "Wijkprofiel",
    "Zorgen over een kind?",
    "Waar verwijs ik naar?",
    "Beheer sociale kaart",
    "Preventieplan",
    "Presentatie",
]
BEHEER = "Beheer sociale kaart"

SAMPLER = r"""
(() => {
  window.__monsters = [];
  // The visible label: the last line (a Material icon's ligature name comes first).
  const label = (a) => a.innerText.trim().split('\n').pop().trim();
  const neem = (bron) => {
    const zij = document.querySelector('[data-testid="stSidebar"]');
    const app = document.querySelector('[data-testid="stApp"], .stApp');
    window.__monsters.push({
      t: Math.round(performance.now()),
      bron,
      automenu: !!document.querySelector(
        '[data-testid="stSidebarNav"], [data-testid="stSidebarNavItems"], [data-testid="stSidebarNavLink"]'
      ),
      // What a user sees: a link hidden until the whole menu is there does not count.
      links: zij
        ? [...zij.querySelectorAll('a')]
            .filter((a) => a.checkVisibility({visibilityProperty: true}))
            .map(label)
        : [],
      staat: app ? app.getAttribute('data-test-script-state') : null,
    });
  };
  neem('start');
  setInterval(() => neem('interval'), 100);
  new MutationObserver(() => neem('dom')).observe(document, {subtree: true, childList: true});
})();
"""


def _tot_rust(page, kop: str, timeout: float = 90.0) -> list[dict]:
    """Wait until the page shows its heading, the run is over and the sidebar is stable 1 s."""
    page.get_by_role("heading", name=kop).first.wait_for(timeout=timeout * 1000)
    deadline = time.time() + timeout
    while time.time() < deadline:
        monsters = page.evaluate("window.__monsters")
        laatste = [m for m in monsters if m["t"] >= monsters[-1]["t"] - 1000]
        if (
            monsters[-1]["t"] > 1000
            and all(m["staat"] == "notRunning" for m in laatste)
            and all(m["links"] == laatste[0]["links"] for m in laatste)
        ):
            return monsters
        time.sleep(0.2)
    pytest.fail(f"pagina kwam niet tot rust: {monsters[-3:]}")


def _controleer_zijbalk(monsters: list[dict]) -> None:
    assert sum(m["bron"] == "interval" for m in monsters) >= 10, "sampler liep niet"
    automenu = [m for m in monsters if m["automenu"]]
    assert not automenu, f"Streamlits automatische menu verscheen: {automenu[:2]}"
    vreemd = [m for m in monsters if any(t not in TITELS for t in m["links"])]
    assert not vreemd, f"link zonder Nederlandse titel in de zijbalk: {vreemd[:2]}"
    for m in monsters:  # never a partial or reordered menu either
        assert m["links"] in ([], TITELS), m
    assert monsters[-1]["links"] == TITELS


def _zijbalk_links(page, timeout: float = 30.0) -> list[str]:
    """The sidebar's links once they have settled (a run may still be redrawing them)."""
    deadline = time.time() + timeout
    while True:
        teksten = page.locator('[data-testid="stSidebar"] a').all_inner_texts()
        links = [t.strip().split("\n")[-1].strip() for t in teksten]
        if links == TITELS or time.time() > deadline:
            return links
        time.sleep(0.2)


def _bezoek(browser, url: str, kop: str) -> list[dict]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        page.add_init_script(SAMPLER)
        page.goto(url, wait_until="commit")
        return _tot_rust(page, kop)
    finally:
        context.close()


@pytest.mark.parametrize(("pad", "kop"), [("/", "Preventiekaart"), ("/wijkprofiel", "Wijkprofiel")])
def test_cold_server_never_shows_the_legacy_menu(browser, tmp_path, pad, kop):
    """The worst case: the very first visit to a fresh process with an empty CBS cache."""
    with run_streamlit(tmp_path) as base:
        _controleer_zijbalk(_bezoek(browser, base + pad, kop))


def test_warm_server_never_shows_the_legacy_menu(browser, streamlit_server):
    """A fresh session on a server that has run before (the first visit makes sure)."""
    for pad, kop in [("/", "Preventiekaart"), ("/beheer", "Beheer sociale kaart")]:
        _controleer_zijbalk(_bezoek(browser, streamlit_server + pad, kop))


@pytest.mark.parametrize(
    ("pad", "kop", "melding"),
    [
        ("/", "Preventiekaart", None),
        ("/wijkprofiel", "Wijkprofiel", None),
        ("/verwijzen", "Waar verwijs ik naar?", None),
        ("/beheer?x=1", "Beheer sociale kaart", None),
        ("/Beheer/", "Beheer sociale kaart", None),
        ("/app", "Preventiekaart", "/app"),
        ("/bestaat-niet", "Preventiekaart", "/bestaat-niet"),
        ("/[klik](evil.example)", "Preventiekaart", "klik"),  # typed text is no link
    ],
)
def test_every_typed_url_lands_on_a_working_page(streamlit_server, page, pad, kop, melding):
    page.goto(streamlit_server + pad, wait_until="domcontentloaded")
    page.get_by_role("heading", name=kop).first.wait_for(timeout=90_000)
    page.wait_for_selector('[data-test-script-state="notRunning"]', timeout=90_000)
    page.locator('[data-testid="stSidebar"] a').nth(len(TITELS) - 1).wait_for(timeout=30_000)
    assert _zijbalk_links(page) == TITELS
    tekst = page.locator("body").inner_text()
    assert not re.search(r"Traceback|File \"|Error\b|encountered an error", tekst)
    # no English "Page not found" (closed at once if Streamlit opens it)
    page.wait_for_function("!document.querySelector('[role=dialog]')", timeout=10_000)
    if melding:
        page.get_by_text("bestaat niet (meer). U bent op de startpagina", exact=False).wait_for()
        assert page.locator("code", has_text=melding).count() == 1
        assert page.locator('a[href*="evil"]').count() == 0
        # The address bar shows the start page, not the address that does not exist.
        page.wait_for_url(streamlit_server + "/", timeout=30_000)
    else:
        assert "bestaat niet (meer)" not in tekst
    # The app's own link really navigates, inside app.py's frame.
    doel, doelkop, doelpad = (
        ("Start", "Preventiekaart", "/") if "Beheer" in kop else (BEHEER, BEHEER, "/beheer")
    )
    page.locator('[data-testid="stSidebar"] a', has_text=doel).click()
    page.get_by_role("heading", name=doelkop).first.wait_for(timeout=90_000)
    page.wait_for_url(
        re.compile(re.escape(streamlit_server + doelpad) + r"(\?.*)?$"), timeout=30_000
    )
    assert _zijbalk_links(page) == TITELS
