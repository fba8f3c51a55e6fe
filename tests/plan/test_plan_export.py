"""The Word and PDF exports: open the .docx with python-docx and read it back."""

import io
import re
from datetime import date

import pytest
from docx import Document

from planner.plan.aanbod import Dienst, WijkVraag, vraag_aanbod
from planner.plan.catalogus import catalogus
from planner.plan.export import (
    Exportgegevens,
    Kerncijfer,
    monitor_grafieken,
    plan_docx,
    plan_pdf,
)
from planner.plan.model import Afvink, Doel, GekozenActie, Indicator, Meting, Plan, Situatie
from planner.plan.situatie import WijkSignalen


@pytest.fixture(scope="module")
def plan() -> Plan:
    ind = Indicator(
        "Ouders bereikt",
        0.0,
        date(2026, 1, 1),
        400.0,
        date(2027, 12, 31),
        "CJG-registratie",
        "aantal",
        (Meting(date(2026, 6, 1), 3.0, "CJG"), Meting(date(2026, 12, 1), 150.0)),
    )
    return Plan(
        naam="Samen veilig opgroeien",
        gemeenten=("GM1930",),
        periode="2026-2028",
        situatie=Situatie(professionals="Wachtlijsten bij opvoedhulp", bronnen=("ggd",)),
        acties=(
            GekozenActie(
                3,
                Doel(
                    "Voorlichting huilen",
                    "ouders van baby's",
                    ("WK193001",),
                    400,
                    "ouders",
                    date(2027, 12, 31),
                    "Team jeugd",
                    ("CJG",),
                    15000.0,
                ),
                (ind,),
            ),
            GekozenActie(8, Doel(wat="Psycho-educatie", aantal=20)),
        ),
        aandachtspunten=(Afvink("kindcheck", True, "Afspraak met maatschappelijk werk"),),
        stuurinstrumenten=(Afvink("inkoop", True, ""),),
    )


@pytest.fixture(scope="module")
def gegevens(plan) -> Exportgegevens:
    aanbod = vraag_aanbod(
        [WijkVraag("WK193001", "Centrum", "GM1930", 1200)],
        [Dienst("a", "Consultatiebureau", 1, "universeel", 0, 4, gemeenten=frozenset({"GM1930"}))],
    )
    return Exportgegevens(
        gemeentenamen={"GM1930": "Nissewaard"},
        wijknamen={"WK193001": "Centrum"},
        kerncijfers=(Kerncijfer("Geschat aantal kinderen", "456 tot 643", "seed 003"),),
        signalen=(WijkSignalen("WK193012", "De Akkers", ("Laag inkomen", "Jeugdzorg")),),
        aanbod=tuple(aanbod),
        grafieken=monitor_grafieken(plan),
        bronnen=("CBS 85984NED (Kerncijfers wijken en buurten 2024)",),
        datum=date(2026, 11, 23),
    )


def test_docx_has_headings_actions_and_tables(plan, gegevens):
    doc = Document(io.BytesIO(plan_docx(plan, catalogus(), gegevens)))
    koppen = [p.text for p in doc.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert koppen[0] == "Preventieplan: Samen veilig opgroeien"
    for kop in (
        "Stap 1. Beoordeel de situatie",
        "Stap 2. Bepaal wat u doet en hoe",
        "Stap 3. Stuur en monitor",
        "Spectrumcheck",
        "Monitoringstabel",
        "3. Alle jonge ouders leren omgaan met huilgedrag van baby's",
        "8. Psycho-educatie na huiselijk geweld",
    ):
        assert kop in koppen
    tekst = "\n".join(p.text for p in doc.paragraphs)
    assert "De Akkers: Laag inkomen, Jeugdzorg" in tekst
    assert "Uw plan heeft nog geen actie op het niveau selectief." in tekst
    assert "☑ Kindcheck uit de meldcode – Afspraak met maatschappelijk werk" in tekst
    assert "[x]" not in tekst and "[ ]" not in tekst
    # Action 8's goal misses owner and date: the document says so.
    assert "Vul in wie eigenaar is van dit doel." in tekst

    tabellen = [[[c.text for c in r.cells] for r in t.rows] for t in doc.tables]
    smart = next(t for t in tabellen if t[0] == ["Onderdeel", "Doel"])
    assert ["Eigenaar", "Team jeugd"] in smart
    assert ["Wijken", "Centrum"] in smart
    assert ["Budget", "€ 15.000"] in smart
    monitor = next(t for t in tabellen if t[0][0] == "Actie")
    assert monitor[1][0] == "3"
    assert monitor[1][1] == "Ouders bereikt (aantal)"
    assert monitor[1][4] == "150 (01-12-2026)"
    assert monitor[1][5] == "38%"
    assert "CJG-registratie" in monitor[1][7]
    aanbod = next(t for t in tabellen if t[0][0] == "Wijk")
    assert aanbod[1][:4] == ["Centrum", "1.200", "1", "0,8"]
    # The trede and level breakdown, per 1,000 children, is in the Word file too.
    assert "Trede 1 per 1.000" in aanbod[0] and "Geïndiceerd per 1.000" in aanbod[0]
    spectrum = next(t for t in tabellen if t[0][0].startswith("Deel van het spectrum"))
    delen = [r[0] for r in spectrum[1:]]
    assert len(delen) == 7
    assert delen[3:] == [
        "Niveau universeel",
        "Niveau selectief",
        "Niveau vroegsignalering",
        "Niveau geïndiceerd",
    ]
    assert len(doc.inline_shapes) == 1  # the monitor chart


def test_small_counts_in_export(plan, gegevens):
    from dataclasses import replace

    klein = replace(plan.acties[0].indicatoren[0], metingen=(Meting(date(2026, 6, 1), 3.0),))
    p = replace(plan, acties=(replace(plan.acties[0], indicatoren=(klein,)),))
    doc = Document(io.BytesIO(plan_docx(p, catalogus(), gegevens)))
    monitor = next(t for t in doc.tables if t.rows[0].cells[0].text == "Actie")
    assert monitor.rows[1].cells[4].text == "< 5 (01-06-2026)"
    # The share would give the count away (baseline and target are shown).
    assert monitor.rows[1].cells[5].text == "niet getoond (kleine aantallen)"


def test_pdf_is_produced(plan, gegevens):
    pdf = plan_pdf(plan, catalogus(), gegevens)
    assert pdf.startswith(b"%PDF-")
    assert len(pdf) > 10_000
    pages = re.search(rb"/Count (\d+)", pdf)
    assert pages and int(pages.group(1)) >= 2


def test_empty_plan_still_exports():
    leeg = Plan("Leeg", ("GM1930",))
    doc = Document(io.BytesIO(plan_docx(leeg, catalogus(), Exportgegevens())))
    tekst = "\n".join(p.text for p in doc.paragraphs)
    assert "Er zijn nog geen acties gekozen." in tekst
    assert "Het plan heeft nog geen acties. Kies eerst acties in stap 2." in tekst
    assert plan_pdf(leeg, catalogus(), Exportgegevens()).startswith(b"%PDF-")


# --- what a gemeente needs to hand the document in -------------------------------------------

LANGE_WIJKEN = ("Abbenbroek", "Zuidland", "Heenvliet", "Geervliet", "Hekelingen", "Simonshaven")


@pytest.fixture(scope="module")
def breed(plan) -> tuple[Plan, Exportgegevens]:
    """A plan for 'Preventieplan Nissewaard' with the 13-column aanbod table of real wijken."""
    from dataclasses import replace

    vraag = [
        WijkVraag(f"WK1930{i:02d}", naam, "GM1930", 800 + 37 * i)
        for i, naam in enumerate(LANGE_WIJKEN)
    ]
    diensten = [
        Dienst("a", "Consultatiebureau", 1, "universeel", 0, 4, gemeenten=frozenset({"GM1930"})),
        Dienst("b", "Opvoedhulp", 3, "selectief", 0, 18, gemeenten=frozenset({"GM1930"})),
    ]
    g = Exportgegevens(
        gemeentenamen={"GM1930": "Nissewaard"},
        aanbod=tuple(vraag_aanbod(vraag, diensten)),
        datum=date(2026, 11, 23),
        auteur="Fatima de Vries",
    )
    return replace(plan, naam="Preventieplan Nissewaard"), g


def test_word_is_a4_dutch_with_author_organisation_and_navigation(breed):
    from docx.oxml.ns import qn
    from docx.shared import Cm

    plan, g = breed
    doc = Document(io.BytesIO(plan_docx(plan, catalogus(), g)))
    eerste = doc.sections[0]
    assert abs(eerste.page_width - Cm(21)) < Cm(0.1)
    assert abs(eerste.page_height - Cm(29.7)) < Cm(0.1)
    # Dutch for every style (Word's spelling check), and in the document properties.
    lang = doc.styles.element.find(qn("w:docDefaults")).find(f".//{qn('w:lang')}")
    assert lang.get(qn("w:val")) == "nl-NL"
    assert doc.core_properties.language == "nl-NL"
    assert doc.core_properties.author == "Fatima de Vries"
    assert doc.core_properties.author != "python-docx"
    app = next(p for p in doc.part.package.parts if str(p.partname) == "/docProps/app.xml")
    assert "<Company>Gemeente Nissewaard</Company>" in app.blob.decode()
    # The title is not doubled.
    assert doc.paragraphs[0].text == "Preventieplan Nissewaard"
    assert doc.core_properties.title == "Preventieplan Nissewaard"
    # Every step is a Heading 1, every part a Heading 2: the navigation pane shows them.
    koppen = {p.text: p.style for p in doc.paragraphs if p.style.name.startswith("Heading")}
    assert koppen["Stap 1. Beoordeel de situatie"].name == "Heading 1"
    assert koppen["Spectrumcheck"].name == "Heading 2"
    for stijl in {s.name: s for s in koppen.values()}.values():
        niveau = stijl.element.find(f".//{qn('w:outlineLvl')}")
        assert niveau is not None, stijl.name
    # No fonts, sizes or bold typed into runs: only styles, so a gemeente can restyle.
    for p in doc.paragraphs:
        for run in p.runs:
            assert run.font.name is None and run.font.size is None and run.bold is None
    for t in doc.tables:
        for run in (r for cel in t.rows[0].cells for p in cel.paragraphs for r in p.runs):
            if run.text:
                assert run.style.name == "Strong" and run.font.name is None


def test_word_wide_table_in_a_landscape_section(breed):
    from docx.enum.section import WD_ORIENT

    plan, g = breed
    doc = Document(io.BytesIO(plan_docx(plan, catalogus(), g)))
    body = doc.element.body
    aanbod = next(t for t in doc.tables if t.rows[0].cells[0].text == "Wijk")
    assert len(aanbod.columns) > 10
    # The section a table belongs to is defined by the first sectPr after it.
    sectpr = aanbod._tbl.getnext()
    while sectpr is not None and sectpr.find(".//{*}sectPr") is None:
        sectpr = sectpr.getnext()
    index = [s._sectPr for s in doc.sections].index(sectpr.find(".//{*}sectPr"))
    assert doc.sections[index].orientation == WD_ORIENT.LANDSCAPE
    assert doc.sections[index].page_width > doc.sections[index].page_height
    assert doc.sections[-1].orientation == WD_ORIENT.PORTRAIT
    assert body is not None


def test_checklists_use_checkbox_glyphs(breed):
    plan, g = breed
    doc = Document(io.BytesIO(plan_docx(plan, catalogus(), g)))
    lijst = [p.text for p in doc.paragraphs if p.style.name == "List Bullet"]
    assert any(t.startswith("☑ ") for t in lijst) and any(t.startswith("☐ ") for t in lijst)


def test_pdf_a4_tagged_headings_and_tables_without_split_words(breed):
    from pypdf import PdfReader

    plan, g = breed
    pdf = PdfReader(io.BytesIO(plan_pdf(plan, catalogus(), g)))
    staand = pdf.pages[0].mediabox
    assert (round(float(staand.width)), round(float(staand.height))) == (595, 842)
    assert pdf.metadata.title == "Preventieplan Nissewaard"
    assert pdf.metadata.author == "Fatima de Vries"
    root = pdf.trailer["/Root"]
    assert root["/Lang"] == "nl-NL"
    assert root["/MarkInfo"]["/Marked"]
    soorten = []

    def loop(el) -> None:
        el = el.get_object()
        if "/S" in el:
            soorten.append(el["/S"])
        kinderen = el.get("/K", [])
        for k in kinderen if isinstance(kinderen, list) else [kinderen]:
            if hasattr(k, "get_object") and isinstance(k.get_object(), dict):
                loop(k)

    loop(root["/StructTreeRoot"])
    assert {"/H1", "/H2"} <= set(soorten)

    def titels(items) -> list[str]:
        return [t for o in items for t in (titels(o) if isinstance(o, list) else [o.title])]

    assert "Stap 2. Bepaal wat u doet en hoe" in titels(pdf.outline)  # bookmarks
    # The 13-column table is on a landscape page and every wijk name stays whole.
    liggend = [p for p in pdf.pages if p.mediabox.width > p.mediabox.height]
    assert liggend
    tekst = "\n".join(p.extract_text() for p in liggend)
    for naam in LANGE_WIJKEN:
        assert naam in tekst.split(), naam
    for p in pdf.pages:
        assert "[x]" not in p.extract_text() and "[ ]" not in p.extract_text()
