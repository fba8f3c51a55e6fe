"""On a phone (390 px): 112 and 0800-2000 on screen on every page, the search page fits.

Also walks the "Zorgen over een kind?" route in a real browser and checks it sets no cookie.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

BREEDTE, HOOGTE = 390, 844
PAGINAS = ["", "wijkprofiel", "zorgen", "verwijzen", "beheer", "plan", "presentatie"]


@pytest.fixture
def telefoon(browser):
    context = browser.new_context(
        viewport={"width": BREEDTE, "height": HOOGTE}, is_mobile=True, has_touch=True
    )
    pg = context.new_page()
    yield pg
    context.close()


def _in_beeld(pg, tekst: str) -> bool:
    box = pg.locator(".pk-hulpbalk a", has_text=tekst).first.bounding_box()
    return (
        box is not None
        and box["x"] >= 0
        and box["y"] >= 0
        and box["x"] + box["width"] <= BREEDTE
        and box["y"] + box["height"] <= HOOGTE
    )


@pytest.mark.parametrize("pagina", PAGINAS)
def test_acute_numbers_on_screen_without_opening_the_sidebar(streamlit_server, telefoon, pagina):
    telefoon.goto(f"{streamlit_server}/{pagina}", wait_until="domcontentloaded")
    balk = telefoon.locator(".pk-hulpbalk")
    balk.wait_for(timeout=60_000)
    # the sidebar is closed on a phone: the numbers must not depend on it
    assert not telefoon.locator("[data-testid=stSidebar]").is_visible() or (
        telefoon.locator("[data-testid=stSidebar]").bounding_box()["width"] < 5
    )
    assert _in_beeld(telefoon, "112") and _in_beeld(telefoon, "0800-2000")
    hrefs = balk.locator("a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert hrefs == ["tel:112", "tel:08002000"]


def test_search_page_has_no_horizontal_scroll(streamlit_server, telefoon):
    telefoon.goto(f"{streamlit_server}/verwijzen", wait_until="domcontentloaded")
    telefoon.get_by_text(re.compile(r"^\d+ resultaten$")).wait_for(timeout=120_000)
    telefoon.locator('iframe[title*="st_folium"]').first.wait_for(timeout=60_000)
    breed = telefoon.evaluate(
        """() => {
            const main = document.querySelector('[data-testid=stMain]');
            const te_breed = [...main.querySelectorAll('*')]
                .filter(e => { const r = e.getBoundingClientRect();
                               return r.width > 0 && r.right > window.innerWidth + 1; })
                .map(e => e.tagName);
            return {scroll: main.scrollWidth, client: main.clientWidth,
                    doc: document.documentElement.scrollWidth, te_breed};
        }"""
    )
    assert breed["scroll"] <= breed["client"] and breed["doc"] <= BREEDTE, breed
    assert breed["te_breed"] == [], breed
    # the contact lines are links a thumb can tap
    tel = telefoon.locator('[data-testid=stMain] a[href="tel:08002000"]')
    assert tel.count() >= 1


def test_zorgen_route_in_the_browser_sets_no_cookie(streamlit_server, telefoon):
    telefoon.goto(f"{streamlit_server}/zorgen", wait_until="domcontentloaded")
    telefoon.get_by_role("heading", name="Zorgen over een kind?").wait_for(timeout=60_000)
    voor = {c["name"] for c in telefoon.context.cookies()}
    opslag = "() => JSON.stringify([{...localStorage}, {...sessionStorage}])"
    opslag_voor = telefoon.evaluate(opslag)
    for nummer, antwoord in ((1, "Ja"), (2, "Ja")):
        groep = telefoon.get_by_role("radiogroup", name=re.compile(rf"^Vraag {nummer}\."))
        groep.get_by_text(antwoord, exact=True).click()
    telefoon.get_by_text("Melden bij Veilig Thuis").wait_for(timeout=30_000)
    link = telefoon.get_by_role("link", name="Bel Veilig Thuis: 0800-2000")
    assert link.get_attribute("href") == "tel:08002000"
    na = {c["name"] for c in telefoon.context.cookies()}
    assert na == voor and na <= {"_streamlit_xsrf", "_xsrf"}
    # browser storage holds only what Streamlit itself put there before the walk
    assert telefoon.evaluate(opslag) == opslag_voor


def test_verwijskaart_pdf_downloads_with_every_script(streamlit_server, page):
    """The PDF is made on click (deferred) and carries Turkish, Polish and Arabic as written."""
    import io

    from pypdf import PdfReader

    page.goto(f"{streamlit_server}/verwijzen", wait_until="domcontentloaded")
    zoek = page.get_by_role("textbox", name="Zoek op woord")
    zoek.wait_for(timeout=120_000)
    zoek.fill("eigen taal")
    zoek.press("Enter")
    page.get_by_text(re.compile(r"^Zet Opvoedsteun in eigen taal.+op de verwijskaart$")).click()
    knop = page.get_by_role("button", name="Download verwijskaart (PDF)")
    knop.wait_for(timeout=30_000)
    with page.expect_download(timeout=60_000) as info:
        knop.click()
    data = Path(info.value.path()).read_bytes()
    tekst = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert "Opvoedsteun in eigen taal: Türkçe, Polski, العربية" in tekst
    assert "0800-2000" in tekst and "fictief voorbeeld" in tekst
