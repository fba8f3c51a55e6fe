"""The Wijkprofiel in a real headless Chromium: Nissewaard's wijk polygons are drawn."""

from __future__ import annotations

import re

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


def test_clicking_a_wijk_opens_its_profile_and_outlines_it(streamlit_server, page):
    page.goto(f"{streamlit_server}/wijkprofiel", wait_until="domcontentloaded")
    page.get_by_text("Profiel van een wijk").wait_for(timeout=60_000)
    frame = page.wait_for_selector('iframe[title*="st_folium"]', timeout=60_000).content_frame()
    frame.wait_for_selector("path.leaflet-interactive", timeout=60_000)
    # The chosen wijk's outline: two extra, non-clickable lines (halo + line).
    frame.wait_for_function(
        "document.querySelectorAll('path:not(.leaflet-interactive)').length >= 2",
        timeout=30_000,
    )
    kop = page.get_by_text(re.compile(r"^Wijk .+: geschatte aantal kinderen"))
    before = kop.inner_text()
    # Click the largest polygons first (robust against tiny wijken); the first may be the one
    # already chosen, so try a few.
    paths = frame.locator("path.leaflet-interactive")
    boxes = [paths.nth(i).bounding_box() for i in range(paths.count())]
    order = sorted(range(len(boxes)), key=lambda i: -(boxes[i]["width"] * boxes[i]["height"]))
    after = before
    for i in order[:3]:
        paths.nth(i).click(force=True)
        try:
            page.wait_for_function(
                "(b) => ![...document.querySelectorAll('p, strong')].some(e => e.innerText === b)",
                arg=before,
                timeout=45_000,
            )
        except Exception:
            continue
        after = kop.inner_text()
        break
    assert after != before
