"""WCAG 2.1 AA in a real browser: axe-core on every page and state a user reaches.

axe-core comes from the npm registry (pinned in package.json, installed by ``npm ci``) and is
injected from node_modules into the page and into every map frame: no CDN. Besides axe, the
tests check what axe cannot: the document language is Dutch and no English Streamlit text
is left on screen or in an accessible name.
"""

from __future__ import annotations

import re

import pytest

from planner.settings import PROJECT_ROOT
from tests.browser.conftest import kies_actie

pytestmark = pytest.mark.browser

AXE = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Texts Streamlit and Leaflet show in English; each must be translated or hidden.
ENGELS = re.compile(
    r"Drag and drop|per file|Browse files|\bUpload\b|Select all|Clear all|Deploy|Press Enter|"
    r"to apply|Choose an? option|Choose options|No results|\bRunning\b|Zoom in|Zoom out|"
    r"YYYY|yyyy|Show password|Download as CSV|Fullscreen|Previous month|Next month|"
    r"Choose date|Clear date|Clear value|Collapse sidebar|Expand sidebar|Main menu|Help for "
)
WACHTWOORD = "Toegankelijk-wachtwoord-1"


@pytest.fixture(scope="module")
def axe_bron() -> str:
    if not AXE.exists():
        pytest.fail("axe-core ontbreekt: voer 'npm ci' uit (zie package.json)")
    return AXE.read_text(encoding="utf-8")


def klaar(page) -> None:
    """Wait until Streamlit has finished the run and every map frame has drawn."""
    page.wait_for_timeout(300)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=stStatusWidget]')", timeout=120_000
    )
    for frame in page.frames[1:]:
        if "st_folium" in frame.url:
            frame.locator(".leaflet-container").wait_for(timeout=60_000)
    page.wait_for_timeout(500)


def _frames(page):
    """The page and every frame with a document of its own (maps), not empty placeholders."""
    yield page.main_frame
    for frame in page.frames[1:]:
        if frame.url.startswith("http"):
            yield frame


def axe_fouten(page, axe_bron: str) -> list[str]:
    """Every axe violation for the WCAG 2.1 A/AA tags, in the page and inside its frames."""
    fouten: list[str] = []
    for frame in _frames(page):
        if not frame.evaluate("() => typeof window.axe !== 'undefined'"):
            frame.add_script_tag(content=axe_bron)
        resultaat = frame.evaluate(
            """(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags},
                                            iframes: false})
                .then(r => r.violations.map(v => v.id + ': ' + v.help + ' @ ' +
                      v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')))""",
            TAGS,
        )
        waar = "pagina" if frame is page.main_frame else "kaartframe"
        fouten += [f"{waar}: {r}" for r in resultaat]
    return fouten


def engelse_teksten(page) -> list[str]:
    """English texts a user sees or a screen reader reads (text, labels, titles, placeholders)."""
    gevonden: list[str] = []
    for frame in _frames(page):
        teksten = frame.evaluate(
            """() => {
                const out = [document.body.innerText];
                for (const el of document.querySelectorAll(
                        '[aria-label], [title], [placeholder], [alt]')) {
                    for (const a of ['aria-label', 'title', 'placeholder', 'alt']) {
                        const v = el.getAttribute(a);
                        if (v) out.push(v);
                    }
                }
                return out;
            }"""
        )
        for tekst in teksten:
            gevonden += [m.group(0) for m in ENGELS.finditer(tekst)]
    return sorted(set(gevonden))


def controleer(page, axe_bron: str, waar: str) -> None:
    # lang="nl" is set by the app's script as soon as it mounts (Streamlit's shell says "en")
    page.wait_for_function("document.documentElement.lang === 'nl'", timeout=15_000)
    assert page.evaluate("document.documentElement.lang") == "nl", waar
    assert axe_fouten(page, axe_bron) == [], waar
    assert engelse_teksten(page) == [], waar


@pytest.mark.parametrize("pad", ["", "wijkprofiel", "verwijzen", "beheer", "plan", "presentatie"])
def test_elke_pagina_zonder_overtredingen(streamlit_server, page, axe_bron, cbs_dir, pad):
    page.goto(f"{streamlit_server}/{pad}", wait_until="domcontentloaded")
    page.get_by_role("heading").first.wait_for(timeout=90_000)
    klaar(page)
    controleer(page, axe_bron, pad or "start")


def test_beheer_ingelogd_elk_tabblad(streamlit_server, browser_home, page, axe_bron, cbs_dir):
    from planner import accounts
    from planner.store import open_store

    engine = open_store(f"sqlite:///{browser_home / 'store.db'}")
    if not any(a.naam == "toegankelijk" for a in accounts.list_accounts(engine)):
        accounts.create_account(engine, "toegankelijk", WACHTWOORD, "beheerder")
    engine.dispose()

    page.goto(f"{streamlit_server}/beheer", wait_until="domcontentloaded")
    page.get_by_label("Naam").fill("toegankelijk")
    page.get_by_label("Wachtwoord", exact=True).fill(WACHTWOORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("tab", name="Wachttijd bijwerken").wait_for(timeout=60_000)
    klaar(page)
    tabs = page.get_by_role("tab").all_inner_texts()
    assert {"Wachtrij", "Importeren", "Exporteren"} <= set(tabs)
    for naam in tabs:
        page.get_by_role("tab", name=naam).click()
        klaar(page)
        controleer(page, axe_bron, f"beheer/{naam}")


def test_plan_elke_stap_en_open_keuzelijsten(streamlit_server, page, axe_bron, cbs_dir):
    page.goto(f"{streamlit_server}/plan", wait_until="domcontentloaded")
    page.get_by_role("heading", name="Stap 1. Beoordeel de situatie").wait_for(timeout=90_000)
    klaar(page)
    # A multiselect opened: its "Select all" / "No results" must be Dutch too.
    page.get_by_role("combobox", name="Regionaal plan: andere gemeenten in de regio").click()
    page.wait_for_timeout(500)
    controleer(page, axe_bron, "plan/keuzelijst open")
    page.keyboard.press("Escape")
    for tab in page.get_by_role("tab").all_inner_texts():
        page.get_by_role("tab", name=tab).click()
        klaar(page)
        controleer(page, axe_bron, f"plan/{tab}")
    # Step 2 with an action ticked: the SMART form, a date field and its calendar.
    page.get_by_role("tab", name="Stap 2. Bepaal wat u doet en hoe").click()
    expander = kies_actie(page, "2. Alle jonge ouders voorlichten", 2)
    klaar(page)
    controleer(page, axe_bron, "plan/stap 2 met actie")
    # The calendar of a date field: Dutch month and day names, and it still picks a date.
    expander.get_by_role("button", name="Kies een datum").first.click()
    kalender = page.get_by_role("dialog").last
    kalender.get_by_text(
        re.compile(
            r"^(januari|februari|maart|april|mei|juni|juli|augustus|"
            r"september|oktober|november|december) \d{4}$"
        )
    ).first.wait_for()
    controleer(page, axe_bron, "plan/kalender open")
    kalender.locator('[aria-label*=" 15 "]').first.click()
    klaar(page)
    datum = expander.get_by_role("group", name="Actie 2: wanneer klaar?")
    assert "15" in datum.inner_text()


def test_verwijskaart_html(streamlit_server, page, axe_bron, cbs_dir, tmp_path):
    page.goto(f"{streamlit_server}/verwijzen", wait_until="domcontentloaded")
    keuze = page.get_by_text(re.compile(r"^Zet .* op de verwijskaart$")).first
    keuze.wait_for(timeout=90_000)
    klaar(page)
    # A screen reader reads a checkbox label as written: 'Jeugd- en', never 'Jeugd\- en'.
    namen = page.locator("[data-testid=stCheckbox] input").evaluate_all(
        "els => els.map(e => e.getAttribute('aria-label') || '')"
    )
    assert any("Jeugd- en gezinscoach" in n for n in namen)
    assert not [n for n in namen if "\\" in n]
    keuze.click()
    knop = page.get_by_role("button", name="Download verwijskaart (afdrukbare pagina)")
    knop.wait_for(timeout=30_000)
    klaar(page)
    with page.expect_download(timeout=30_000) as info:
        knop.click()
    pad = tmp_path / "verwijskaart.html"
    info.value.save_as(pad)
    page.goto(pad.as_uri())
    controleer(page, axe_bron, "verwijskaart.html")


def test_focus_is_zichtbaar(streamlit_server, page, cbs_dir):
    """Tabbing to a control draws a ring of >= 3:1 against the white page (WCAG 2.4.7)."""
    page.goto(f"{streamlit_server}/plan", wait_until="domcontentloaded")
    page.get_by_role("heading", name="Stap 1. Beoordeel de situatie").wait_for(timeout=90_000)
    klaar(page)
    page.get_by_role("tab", name="Stap 2. Bepaal wat u doet en hoe").focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    ring = page.evaluate(
        """() => { const s = getComputedStyle(document.activeElement);
                   return [s.outlineStyle, s.outlineWidth, s.outlineColor]; }"""
    )
    assert ring[0] == "solid" and float(ring[1].rstrip("px")) >= 2
    rgb = [int(x) for x in re.findall(r"\d+", ring[2])[:3]]
    assert _contrast(rgb, [255, 255, 255]) >= 3


def _contrast(a: list[int], b: list[int]) -> float:
    def lum(c: list[int]) -> float:
        def kanaal(v: int) -> float:
            x = v / 255
            return x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4

        r, g, bl = (kanaal(v) for v in c)
        return 0.2126 * r + 0.7152 * g + 0.0722 * bl

    hoog, laag = sorted([lum(a), lum(b)], reverse=True)
    return (hoog + 0.05) / (laag + 0.05)


def _dia(page) -> str:
    return page.locator(".st-key-pres-dia input:checked").evaluate(
        "e => e.closest('label').innerText"
    )


def test_presentatie_met_toetsen_van_een_afstandsbediening(streamlit_server, page, cbs_dir):
    page.goto(f"{streamlit_server}/presentatie?dia=3", wait_until="domcontentloaded")
    page.get_by_role("heading", name="Monitor").wait_for(timeout=90_000)
    klaar(page)
    assert page.get_by_test_id("stSidebar").is_hidden()
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    for toets, verwacht in [
        ("PageDown", "4. Regionale matrix"),
        ("ArrowRight", "5. Registraties en prevalentie"),
        ("PageUp", "4. Regionale matrix"),
        ("ArrowLeft", "3. Monitor"),
        ("ArrowUp", "2. Gekozen acties"),
        ("ArrowDown", "3. Monitor"),
        ("Home", "1. Situatie"),
        ("End", "5. Registraties en prevalentie"),
        (" ", "1. Situatie"),
    ]:
        page.keyboard.press(toets)
        page.wait_for_function(
            "t => document.querySelector('.st-key-pres-dia input:checked')"
            "?.closest('label').innerText === t",
            arg=verwacht,
            timeout=30_000,
        )
        klaar(page)
    assert page.url.endswith("dia=1")


@pytest.mark.parametrize(
    "breedte,hoogte",
    [
        (1920, 1080),
        (1280, 720),
    ],
)
def test_elke_dia_past_op_het_scherm(streamlit_server, browser, axe_bron, cbs_dir, breedte, hoogte):
    """Every slide fits the projector without scrolling; at full HD also axe and Dutch."""
    context = browser.new_context(viewport={"width": breedte, "height": hoogte})
    page = context.new_page()
    te_hoog = {}
    try:
        page.goto(f"{streamlit_server}/presentatie?dia=1", wait_until="domcontentloaded")
        for dia in range(1, 6):
            if dia > 1:  # as a presenter does: the next slide in the same session
                page.get_by_role("button", name="Volgende →").click()
                page.wait_for_function(f"() => location.search.includes('dia={dia}')")
            page.get_by_role("heading", level=2).first.wait_for(timeout=90_000)
            klaar(page)
            page.wait_for_timeout(500)
            hoog = page.evaluate(
                "() => document.querySelector('[data-testid=stMain]').scrollHeight"
            )
            if hoog > hoogte:
                te_hoog[dia] = hoog
            if dia == 1:
                # The map is a picture: its smallest type on screen is its size in points
                # times the picture's dpi, scaled as the browser shows it.
                from planner.plan.grafiek import DPI, KAART_LETTER

                schaal = page.locator("[data-testid=stImage] img").first.evaluate(
                    "i => i.clientWidth / i.naturalWidth"
                )
                assert KAART_LETTER[True] / 72 * DPI * schaal >= 18, schaal
            if dia == 4:
                kop = page.get_by_role("heading", level=2).first.inner_text()
                assert kop == "Regionale matrix: Zuid-Hollandse Eilanden"
            tekst = page.evaluate(
                """() => Math.min(...[...document.querySelectorAll(
                    '[data-testid=stMainBlockContainer] .stMarkdown p')]
                    .filter(p => p.innerText.trim())
                    .map(p => parseFloat(getComputedStyle(p).fontSize)))"""
            )
            assert tekst >= 24, (dia, tekst)
            if breedte == 1920:
                controleer(page, axe_bron, f"presentatie/dia {dia}")
    finally:
        context.close()
    assert te_hoog == {}, f"dia's hoger dan {hoogte} px: {te_hoog}"
