"""The Wijkprofiel in a real headless Chromium: Nissewaard's wijk polygons are drawn."""

from __future__ import annotations

import re
import time

import pytest

pytestmark = pytest.mark.browser


def test_wijkprofiel_draws_every_wijk_of_nissewaard(streamlit_server, page, cbs_dir):
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{streamlit_server}/wijkprofiel", wait_until="domcontentloaded")
    page.get_by_text("Profiel van een wijk").wait_for(timeout=60_000)
    # A deep link still gets app.py's navigation and the help numbers in the sidebar.
    page.get_by_text("Veilig Thuis: 0800-2000", exact=False).first.wait_for(timeout=30_000)
    frame_el = page.wait_for_selector('iframe[title*="st_folium"]', timeout=60_000)
    frame = frame_el.content_frame()
    frame.wait_for_selector("path.leaflet-interactive", timeout=60_000)
    n = frame.locator("path.leaflet-interactive").count()
    assert n == 23  # GM1930 has 23 wijken in the 2024 boundaries (PROVENANCE.md)
    # Leaflet came from the app itself, nothing from a CDN.
    assets = [u for u in requests if re.search(r"\.(js|css)(\?|$)", u)]
    assert any("/app/static/vendor/leaflet/leaflet.js" in u for u in assets)
    assert not [u for u in assets if not u.startswith(streamlit_server)]
    # With tiles switched off, the page makes no request to any other host at all.
    external = [u for u in requests if not u.startswith((streamlit_server, "data:", "blob:"))]
    assert external == []


def test_first_click_on_a_wijk_selects_it_without_extra_runs(streamlit_server, page):
    """One click is enough (issue 7), and a map appearing starts no script run of its own."""
    sent: list[float] = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda _p: sent.append(time.monotonic())))
    page.goto(f"{streamlit_server}/wijkprofiel", wait_until="domcontentloaded")
    page.get_by_text("Profiel van een wijk").wait_for(timeout=60_000)
    frame = page.wait_for_selector('iframe[title*="st_folium"]', timeout=60_000).content_frame()
    frame.wait_for_selector("path.leaflet-interactive", timeout=60_000)
    # The chosen wijk's outline: two extra, non-clickable lines (halo + line).
    frame.wait_for_function(
        "document.querySelectorAll('path:not(.leaflet-interactive)').length >= 2",
        timeout=30_000,
    )
    getekend = time.monotonic()
    page.wait_for_timeout(2_000)  # the component reports changes after 250 ms
    assert [t for t in sent if t > getekend] == []
    kop = page.get_by_text(re.compile(r"^Wijk .+: geschatte aantal kinderen"))
    before = kop.inner_text()
    gekozen = before.removeprefix("Wijk ").split(":")[0]
    paths = frame.locator("path.leaflet-interactive")
    boxes = [paths.nth(i).bounding_box() for i in range(paths.count())]
    order = sorted(range(len(boxes)), key=lambda i: -(boxes[i]["width"] * boxes[i]["height"]))
    for i in order:
        paths.nth(i).hover(force=True)
        tip = frame.locator(".leaflet-tooltip").first
        tip.wait_for(timeout=10_000)
        if gekozen not in tip.inner_text():
            break
    paths.nth(i).click(force=True)  # once: the first click must select
    page.wait_for_function(
        "(b) => ![...document.querySelectorAll('p, strong')].some(e => e.innerText === b)",
        arg=before,
        timeout=45_000,
    )
    assert kop.inner_text() != before
