"""The Preventieplan in a real headless Chromium: create a plan and download the .docx."""

from __future__ import annotations

import pytest
from docx import Document

from tests.browser.conftest import kies_actie

pytestmark = pytest.mark.browser

ACTIE_2 = "2. Alle jonge ouders voorlichten over geweldloos opvoeden"


def test_create_plan_and_download_word(streamlit_server, page, tmp_path, cbs_dir):
    page.goto(f"{streamlit_server}/plan", wait_until="domcontentloaded")
    page.get_by_role("heading", name="Stap 1. Beoordeel de situatie").wait_for(timeout=90_000)

    naam = page.get_by_label("Naam van het plan")
    naam.fill("Browserplan Nissewaard")
    naam.press("Enter")

    page.get_by_role("tab", name="Stap 2. Bepaal wat u doet en hoe").click()
    expander = kies_actie(page, ACTIE_2, 2)
    wat = expander.get_by_label("Actie 2: wat wilt u bereiken?")
    wat.fill("Alle ouders van baby's krijgen voorlichting")
    wat.press("Enter")
    expander.get_by_label("Actie 2: wie is eigenaar?").fill("Team jeugd")
    expander.get_by_label("Actie 2: wie is eigenaar?").press("Enter")

    page.get_by_role("tab", name="Opslaan en exporteren").click()
    page.get_by_role("button", name="Plan opslaan").click()
    page.get_by_text("Opgeslagen als versie 1.").wait_for(timeout=30_000)

    page.get_by_role("button", name="Maak Word- en PDF-bestand").click()
    knop = page.get_by_role("button", name="Download Word (.docx)")
    knop.wait_for(timeout=60_000)
    with page.expect_download(timeout=30_000) as info:
        knop.click()
    pad = tmp_path / "plan.docx"
    info.value.save_as(pad)
    assert info.value.suggested_filename == "browserplan_nissewaard.docx"

    doc = Document(str(pad))
    koppen = [p.text for p in doc.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert koppen[0] == "Preventieplan: Browserplan Nissewaard"
    assert ACTIE_2 in koppen
    smart = next(t for t in doc.tables if t.rows[0].cells[0].text == "Onderdeel")
    rijen = {r.cells[0].text: r.cells[1].text for r in smart.rows}
    assert rijen["Wat"] == "Alle ouders van baby's krijgen voorlichting"
    assert rijen["Eigenaar"] == "Team jeugd"
