"""The professional's journey in a real headless Chromium: filter → result → verwijskaart."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def _wacht_op_markers(page) -> None:
    """Markers drawn in the map's iframe.

    Streamlit re-mounts the st_folium iframe after a search; for a moment the old and the new
    one are both in the DOM (or the old one is detached). Wait until one is left, then look
    inside it, and try again if it was replaced just then.
    """
    iframes = page.locator('iframe[title*="st_folium"]')
    for poging in range(3):
        try:
            expect(iframes).to_have_count(1, timeout=60_000)
            markers = iframes.first.content_frame.locator(".leaflet-marker-icon, .marker-cluster")
            markers.first.wait_for(timeout=60_000)
            return
        except PlaywrightError:
            if poging == 2:
                raise


def test_filter_result_verwijskaart(streamlit_server, page, cbs_dir):
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{streamlit_server}/verwijzen", wait_until="domcontentloaded")
    page.get_by_role("heading", name="Waar verwijs ik naar?").wait_for(timeout=60_000)
    main = page.locator("[data-testid=stMain]")
    # Help numbers and the sample-data label are on screen before any filter is used.
    main.get_by_text("0800-2000").first.wait_for(timeout=30_000)
    main.get_by_text("Bel 112").first.wait_for()
    main.get_by_text("Voorbeeldgegevens, te vervangen").wait_for()

    # Filter with the keyboard only: a word with a typo and a Dutch plural.
    zoek = page.get_by_role("textbox", name="Zoek op woord")
    zoek.fill("huiselijk gewel")
    zoek.press("Enter")
    page.get_by_text(re.compile(r"^\d+ resultaten$")).wait_for()
    main.get_by_text(
        "Advies en melding bij huiselijk geweld en kindermishandeling"
    ).first.wait_for()
    header = page.get_by_text(re.compile(r"^\d+ resultaten$")).inner_text()
    assert 0 < int(header.split()[0]) < 40

    # The map draws the results with Leaflet served by the app itself.
    _wacht_op_markers(page)

    # Tick the first result for the verwijskaart and download the printable card.
    page.get_by_text(re.compile(r"^Zet .+ op de verwijskaart$")).first.click()
    knop = page.get_by_role("button", name="Download verwijskaart (afdrukbare pagina)")
    knop.wait_for(timeout=30_000)
    with page.expect_download() as info:
        knop.click()
    kaart = Path(info.value.path()).read_text(encoding="utf-8")
    assert "<h1>Verwijskaart</h1>" in kaart
    assert "0800-2000" in kaart and "Wachttijd" in kaart and "Gegevens gecontroleerd op" in kaart
    assert "geen gegevens over u of uw gezin" in kaart

    assets = [u for u in requests if re.search(r"\.(js|css)(\?|$)", u)]
    assert any("/app/static/vendor/leaflet.markercluster/" in u for u in assets)
    assert not [u for u in assets if not u.startswith(streamlit_server)]
