"""The plan as a document: one list of blocks, rendered to Word (.docx) and PDF.

Word is what gemeenten write policy in; the PDF is for sending round. Both come from the
same ``plan_blokken`` so they can never disagree about what the plan says.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from planner.plan.aanbod import (
    AANBOD_UITLEG,
    Dienst,
    WijkAanbod,
    aanbod_bronnen,
    aanbod_tabel,
    diensten_in_gebied,
    vraag_aanbod,
)
from planner.plan.catalogus import TREDEN, Catalogus, Punt
from planner.plan.grafiek import KAART_BRON
from planner.plan.model import STATUSSEN, Afvink, Indicator, Plan, controleer_doel, spectrum_check
from planner.plan.monitor import monitor_weergave, toon_getal
from planner.plan.situatie import UITLEG_SIGNALEN, WijkSignalen

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from planner.plan.adapters import Stap1
    from planner.wijken.cbs import CbsData

# --- blocks --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kop:
    tekst: str
    niveau: int = 1


@dataclass(frozen=True)
class Alinea:
    tekst: str
    vet: bool = False
    kader: bool = False  # a framed line in the PDF (help numbers, sample-data warning)


@dataclass(frozen=True)
class Lijst:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Tabel:
    kop: tuple[str, ...]
    rijen: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Afbeelding:
    png: bytes
    bijschrift: str


Blok = Kop | Alinea | Lijst | Tabel | Afbeelding


@dataclass(frozen=True)
class Kerncijfer:
    label: str
    waarde: str
    bron: str


@dataclass(frozen=True)
class Exportgegevens:
    """What the document needs besides the plan; all optional so a plan always exports."""

    gemeentenamen: dict[str, str] = field(default_factory=dict)
    wijknamen: dict[str, str] = field(default_factory=dict)
    kerncijfers: tuple[Kerncijfer, ...] = ()
    signalen: tuple[WijkSignalen, ...] = ()
    aanbod: tuple[WijkAanbod, ...] = ()
    aanbod_bronnen: tuple[str, ...] = ()
    kaart_png: bytes | None = None
    grafieken: tuple[Afbeelding, ...] = ()
    bronnen: tuple[str, ...] = ()
    datum: date | None = None
    auteur: str = ""  # who made the document (account or the name typed in)
    organisatie: str = ""  # empty: "Gemeente <naam>" of the plan's gemeenten


AAN, UIT = "☑", "☐"  # real checkbox glyphs, so a printed checklist reads as one

# Tables with more columns go on a landscape page, so no column gets too narrow for a word.
BREDE_TABEL = 4


def _breed(blok: object) -> bool:
    return isinstance(blok, Tabel) and len(blok.kop) > BREDE_TABEL


def _vink(gedaan: bool) -> str:
    return AAN if gedaan else UIT


def titel(plan: Plan) -> str:
    """'Preventieplan: X', but never 'Preventieplan: Preventieplan X'."""
    if plan.naam.lower().startswith("preventieplan"):
        return plan.naam
    return f"Preventieplan: {plan.naam}"


def organisatie(plan: Plan, g: Exportgegevens) -> str:
    if g.organisatie:
        return g.organisatie
    return ", ".join(f"Gemeente {g.gemeentenamen.get(c, c)}" for c in plan.gemeenten)


def _checklist(punten: Sequence[Punt], afgevinkt: Sequence[Afvink]) -> tuple[str, ...]:
    per_id = {a.id: a for a in afgevinkt}
    regels = []
    for p in punten:
        a = per_id.get(p.id, Afvink(p.id))
        notitie = f" – {a.notitie}" if a.notitie.strip() else ""
        regels.append(f"{_vink(a.gedaan)} {p.titel}{notitie}")
    return tuple(regels)


NIET_INGEVULD = "nog niet ingevuld"


def _euro(x: float | None) -> str:
    if x is None:
        return NIET_INGEVULD
    return "€ " + toon_getal(x, 0)


def plan_blokken(plan: Plan, cat: Catalogus, g: Exportgegevens) -> list[Blok]:
    """Everything the plan document says, in order."""
    namen = [g.gemeentenamen.get(c, c) for c in plan.gemeenten]
    b: list[Blok] = [Kop(titel(plan), 0)]
    soort = "Regionaal plan" if plan.regionaal else "Plan"
    b.append(Alinea(f"{soort} voor: {', '.join(namen)}"))
    b.append(Alinea(f"Status: {STATUSSEN.get(plan.status, plan.status)}"))
    if plan.periode:
        b.append(Alinea(f"Periode: {plan.periode}"))
    if g.datum:
        b.append(Alinea(f"Gemaakt op: {g.datum.strftime('%d-%m-%Y')}"))

    # Stap 1
    b.append(Kop("Stap 1. Beoordeel de situatie"))
    if g.kerncijfers:
        b.append(Kop("Kerncijfers", 2))
        b.append(
            Tabel(
                ("Wat", "Waarde", "Bron"), tuple((k.label, k.waarde, k.bron) for k in g.kerncijfers)
            )
        )
    if g.kaart_png:
        b.append(
            Afbeelding(
                g.kaart_png,
                "Kaart: wijken waar meerdere cijfers op extra aandacht wijzen (gearceerd en "
                f"genummerd, namen naast de kaart). {KAART_BRON}.",
            )
        )
    b.append(Kop("Wijken waar meerdere cijfers dezelfde kant op wijzen", 2))
    b.append(Alinea(UITLEG_SIGNALEN))
    if g.signalen:
        b.append(Lijst(tuple(f"{s.wijknaam}: {', '.join(s.indicatoren)}" for s in g.signalen)))
    else:
        b.append(Alinea("Geen wijken gevonden waar twee of meer cijfers duidelijk afwijken."))
    if g.aanbod:
        b.append(Kop("Vraag en aanbod per wijk", 2))
        tabel = aanbod_tabel(g.aanbod)
        b.append(Tabel(tuple(tabel[0]), tuple(tuple(r.values()) for r in tabel)))
        treden = "; ".join(f"{t} = {label.lower()}" for t, label in TREDEN.items())
        b.append(Alinea(f"Treden: {treden}. {AANBOD_UITLEG} {' '.join(g.aanbod_bronnen)}"))
    s = plan.situatie
    b.append(Kop("Wat de cijfers niet laten zien", 2))
    for label, tekst in (
        ("Wat professionals zeggen", s.professionals),
        ("Wat inwoners zeggen", s.inwoners),
        ("Beschermende factoren", s.beschermende_factoren),
        ("Overige notities", s.notities),
    ):
        b.append(Alinea(label, vet=True))
        b.append(Alinea(tekst.strip() or "Nog niet ingevuld."))
    b.append(Kop("Geraadpleegde bronnen", 2))
    b.append(Lijst(tuple(f"{_vink(p.id in s.bronnen)} {p.titel}" for p in cat.bronnen_stap1)))

    # Stap 2
    b.append(Kop("Stap 2. Bepaal wat u doet en hoe"))
    if not plan.acties:
        b.append(Alinea("Er zijn nog geen acties gekozen."))
    for a in plan.acties:
        actie = cat.actie(a.nummer)
        d = a.doel
        b.append(Kop(actie.label, 2))
        b.append(Alinea(f"Bron van de actie: {actie.bron}. {actie.uitleg}"))
        doel = (
            ("Wat", d.wat),
            ("Voor wie", d.doelgroep),
            ("Wijken", ", ".join(g.wijknamen.get(w, w) for w in d.wijken) or "alle wijken"),
            ("Hoeveel", "" if d.aantal is None else f"{d.aantal} {d.eenheid}".strip()),
            ("Wanneer klaar", d.wanneer.strftime("%d-%m-%Y") if d.wanneer else ""),
            ("Eigenaar", d.eigenaar),
            ("Partners", ", ".join(d.partners)),
            ("Budget", _euro(d.budget)),
        )
        b.append(Tabel(("Onderdeel", "Doel"), tuple((w, x or NIET_INGEVULD) for w, x in doel)))
        meldingen = controleer_doel(d, g.datum)
        if meldingen:
            b.append(Alinea("Nog aanvullen:", vet=True))
            b.append(Lijst(tuple(m.tekst for m in meldingen)))
    b.append(Kop("Spectrumcheck", 2))
    check = spectrum_check([a.nummer for a in plan.acties], cat.acties)
    b.append(Lijst(tuple(check.zinnen())))
    b.append(
        Tabel(
            ("Deel van het spectrum of preventieniveau", "Acties"),
            tuple((r["Deel"], r["Acties"]) for r in check.tabel()),
        )
    )
    b.append(Kop("Aandachtspunten", 2))
    b.append(Lijst(_checklist(cat.aandachtspunten, plan.aandachtspunten)))

    # Stap 3
    b.append(Kop("Stap 3. Stuur en monitor"))
    b.append(Kop("Monitoringstabel", 2))
    rijen3 = monitor_weergave(plan)
    if rijen3:
        b.append(Tabel(tuple(rijen3[0]), tuple(tuple(r.values()) for r in rijen3)))
    else:
        b.append(Alinea("Er zijn nog geen indicatoren ingevuld."))
    b.extend(g.grafieken)
    b.append(Kop("Sturingsinstrumenten", 2))
    b.append(Lijst(_checklist(cat.stuurinstrumenten, plan.stuurinstrumenten)))

    b.append(Kop("Bronnen"))
    bronnen = [f"De tien acties: {cat.bron}.", *g.bronnen]
    b.append(Lijst(tuple(dict.fromkeys(bronnen))))
    return b


# --- Word ----------------------------------------------------------------------------------


def _docx_taal_en_a4(doc, taal: str = "nl-NL") -> None:
    """A4 with 2.5 cm margins, and Dutch as the language of every style (spelling check)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    for sectie in doc.sections:
        sectie.page_width, sectie.page_height = Cm(21), Cm(29.7)
        for kant in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(sectie, kant, Cm(2.5))
    rpr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    for attr in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attr), taal)


def _docx_sectie(doc, liggend: bool) -> None:
    """Start a new section in landscape (for a wide table) or back in portrait."""
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.shared import Cm

    sectie = doc.add_section(WD_SECTION.NEW_PAGE)
    sectie.orientation = WD_ORIENT.LANDSCAPE if liggend else WD_ORIENT.PORTRAIT
    korte, lange = Cm(21), Cm(29.7)
    sectie.page_width, sectie.page_height = (lange, korte) if liggend else (korte, lange)


def _docx_eigenschappen(doc, titel_: str, auteur: str, organisatie_: str, datum) -> None:
    from datetime import datetime
    from xml.sax.saxutils import escape

    cp = doc.core_properties
    cp.title = titel_
    cp.author = cp.last_modified_by = auteur or organisatie_
    cp.language = "nl-NL"
    cp.subject = "Preventieplan kindermishandeling en huiselijk geweld"
    cp.comments = ""
    if datum:
        cp.created = cp.modified = datetime(datum.year, datum.month, datum.day)
    for part in doc.part.package.parts:
        if str(part.partname) == "/docProps/app.xml":
            xml = part.blob.decode("utf-8")
            xml = xml.replace("<Company/>", f"<Company>{escape(organisatie_)}</Company>")
            xml = xml.replace("Microsoft Macintosh Word", "Preventiekaart")
            part._blob = xml.encode("utf-8")  # python-docx has no API for app.xml


def naar_docx(
    blokken: Sequence[Blok], auteur: str = "", organisatie_: str = "", datum=None
) -> bytes:
    """Word with real headings (navigation pane), styles only (a gemeente can restyle), A4, nl-NL.

    Runs carry no fonts, sizes or bold of their own: bold text uses the character style
    'Strong', headings 'Title'/'Heading N', so the gemeente's own template restyles it all.
    Tables wider than BREDE_TABEL columns go in a landscape section.
    """
    from docx import Document
    from docx.shared import Cm

    doc = Document()
    _docx_taal_en_a4(doc)
    titel_ = next((b.tekst for b in blokken if isinstance(b, Kop)), "Preventieplan")
    _docx_eigenschappen(doc, titel_, auteur, organisatie_, datum)
    liggend = False
    for i, blok in enumerate(blokken):
        if isinstance(blok, Kop):
            if _breed(blokken[i + 1] if i + 1 < len(blokken) else None):
                _docx_sectie(doc, liggend=True)  # the heading goes with its wide table
                liggend = True
            doc.add_heading(blok.tekst, level=blok.niveau)
        elif isinstance(blok, Alinea):
            p = doc.add_paragraph()
            p.add_run(blok.tekst, style="Strong" if blok.vet else None)
        elif isinstance(blok, Lijst):
            for item in blok.items:
                doc.add_paragraph(item, style="List Bullet")
        elif isinstance(blok, Tabel):
            breed = _breed(blok)
            if breed and not liggend:
                _docx_sectie(doc, liggend=True)
            t = doc.add_table(rows=1, cols=len(blok.kop))
            t.style = "Table Grid"
            for cel, tekst in zip(t.rows[0].cells, blok.kop, strict=True):
                cel.text = ""
                cel.paragraphs[0].add_run(tekst, style="Strong")
            _herhaal_kopregel(t.rows[0])
            for rij in blok.rijen:
                cellen = t.add_row().cells
                for cel, tekst in zip(cellen, rij, strict=True):
                    cel.text = tekst
            if breed:
                _docx_sectie(doc, liggend=False)
                liggend = False
            else:
                doc.add_paragraph()
        elif isinstance(blok, Afbeelding):
            doc.add_picture(io.BytesIO(blok.png), width=Cm(15))
            doc.add_paragraph(blok.bijschrift, style="Caption")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _herhaal_kopregel(rij) -> None:
    """The header row repeats on every page and is announced as a header by screen readers."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    trpr = rij._tr.get_or_add_trPr()
    kop = OxmlElement("w:tblHeader")
    kop.set(qn("w:val"), "true")
    trpr.append(kop)


# --- PDF -----------------------------------------------------------------------------------


def _lettertype() -> tuple[str, str]:
    """DejaVu ships with matplotlib and covers ë, ï, €, – and ☐/☑, unlike the PDF core fonts."""
    from pathlib import Path

    import matplotlib

    map_ = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    return str(map_ / "DejaVuSans.ttf"), str(map_ / "DejaVuSans-Bold.ttf")


def _pdf_kop(pdf, tekst: str, niveau: int) -> None:
    """A heading that is a bookmark and a tagged /H1-/H3 element (screen readers, PDF/UA).

    fpdf2 tags only images itself; the heading's marked content is added the same way its
    own ``_marked_sequence`` does, with a heading type instead of /Figure.
    """
    groottes = {0: 18, 1: 15, 2: 12}
    pdf.set_font("DejaVu", "B", groottes.get(niveau, 11))
    hoogte = pdf.multi_cell(pdf.epw, 8, tekst, dry_run=True, output="HEIGHT")
    if pdf.will_page_break(hoogte + 12):  # never a heading alone at the foot of a page
        pdf.add_page()
    pdf.ln(2)
    pdf.start_section(tekst, level=niveau, strict=False)
    soort = f"/H{min(niveau + 1, 6)}"
    mcid = pdf.struct_builder.next_mcid_for_page(pdf.page)
    pdf._add_marked_content(struct_type=soort, mcid=mcid, title=tekst)
    pdf._out(f"{soort} <</MCID {mcid}>> BDC")
    pdf.multi_cell(pdf.epw, 8, tekst, new_x="LMARGIN", new_y="NEXT")
    pdf._out("EMC")


def _kolombreedtes(pdf, blok: Tabel, grootte: float) -> list[float] | None:
    """Widths where the longest word of each column fits on one line, or None if impossible."""
    pdf.set_font("DejaVu", "", grootte)
    marge = 2 * pdf.c_margin + 1
    minimum, gewicht = [], []
    for k in range(len(blok.kop)):
        cellen = [blok.kop[k], *(r[k] for r in blok.rijen)]
        woorden = [w for c in cellen for w in c.split()] or [""]
        pdf.set_font("DejaVu", "B", grootte)
        kopbreedte = max(pdf.get_string_width(w) for w in blok.kop[k].split() or [""])
        pdf.set_font("DejaVu", "", grootte)
        minimum.append(max(kopbreedte, *(pdf.get_string_width(w) for w in woorden)) + marge)
        gewicht.append(max(pdf.get_string_width(c) for c in cellen) + marge)
    if sum(minimum) > pdf.epw:
        return None
    rest = pdf.epw - sum(minimum)
    extra = [max(g - m, 0) for g, m in zip(gewicht, minimum, strict=True)]
    totaal = sum(extra) or 1
    return [m + rest * e / totaal for m, e in zip(minimum, extra, strict=True)]


def _pdf_tabel(pdf, blok: Tabel) -> None:
    """A table that fits the page with whole words: landscape and smaller type when needed."""
    from fpdf.enums import TableBordersLayout
    from fpdf.fonts import FontFace

    breed = _breed(blok)
    if breed and pdf.w < pdf.h:
        pdf.add_page(orientation="L")
    breedtes = None
    for grootte in (9, 8, 7, 6.5, 6) if not breed else (8, 7, 6.5, 6, 5.5):
        breedtes = _kolombreedtes(pdf, blok, grootte)
        if breedtes:
            break
    pdf.set_font("DejaVu", "", grootte)
    with pdf.table(
        col_widths=breedtes,
        width=pdf.epw,
        headings_style=FontFace(emphasis="BOLD"),
        line_height=grootte * 0.5,
        borders_layout=TableBordersLayout.ALL,
        text_align="LEFT",
        repeat_headings=1,
    ) as t:
        for rij in (blok.kop, *blok.rijen):
            r = t.row()
            for tekst in rij:
                r.cell(tekst)
    if breed:
        pdf.add_page(orientation="P")
    else:
        pdf.ln(2)


_RECHTS_NAAR_LINKS = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


def _vraagt_shaping(blokken: Sequence[Blok]) -> bool:
    """Whether any text is in a script whose letters join or run right to left (Arabic)."""
    for blok in blokken:
        if isinstance(blok, Kop | Alinea):
            teksten: Sequence[str] = (blok.tekst,)
        elif isinstance(blok, Lijst):
            teksten = blok.items
        elif isinstance(blok, Tabel):
            teksten = (*blok.kop, *(c for rij in blok.rijen for c in rij))
        else:
            teksten = (blok.bijschrift,)
        if any(_RECHTS_NAAR_LINKS.search(t) for t in teksten):
            return True
    return False


def naar_pdf(
    blokken: Sequence[Blok],
    titel: str = "Preventieplan",
    auteur: str = "",
    organisatie_: str = "",
    onderwerp: str = "Preventieplan kindermishandeling en huiselijk geweld",
) -> bytes:
    """A4, Dutch, bookmarks and tagged headings; wide tables on landscape pages."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    gewoon, vet = _lettertype()
    pdf.add_font("DejaVu", "", gewoon)
    pdf.add_font("DejaVu", "B", vet)
    # HarfBuzz shaping: Arabic letters join and run right to left (Turkish and Polish letters
    # need only the embedded DejaVu font). Shaping doubles the render time, so only when needed.
    if _vraagt_shaping(blokken):
        pdf.set_text_shaping(True)
    pdf.set_title(titel)
    pdf.set_lang("nl-NL")
    pdf.set_author(auteur or organisatie_)
    pdf.set_creator("Preventiekaart")
    pdf.set_subject(onderwerp)
    pdf.set_display_mode("fullwidth")
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    for i, blok in enumerate(blokken):
        breedte = pdf.epw
        if isinstance(blok, Kop):
            if _breed(blokken[i + 1] if i + 1 < len(blokken) else None):
                pdf.add_page(orientation="L")  # the heading goes with its wide table
            _pdf_kop(pdf, blok.tekst, blok.niveau)
        elif isinstance(blok, Alinea):
            pdf.set_font("DejaVu", "B" if blok.vet else "", 10)
            pdf.multi_cell(
                breedte, 5.5, blok.tekst, border=int(blok.kader), new_x="LMARGIN", new_y="NEXT"
            )
        elif isinstance(blok, Lijst):
            pdf.set_font("DejaVu", "", 10)
            for item in blok.items:
                teken = "" if item[:1] in (AAN, UIT) else "• "
                pdf.multi_cell(breedte, 5.5, f"{teken}{item}", new_x="LMARGIN", new_y="NEXT")
        elif isinstance(blok, Tabel):
            _pdf_tabel(pdf, blok)
        elif isinstance(blok, Afbeelding):
            pdf.image(io.BytesIO(blok.png), w=min(breedte, 160), alt_text=blok.bijschrift)
            pdf.set_font("DejaVu", "", 8)
            pdf.multi_cell(breedte, 4.5, blok.bijschrift, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def plan_docx(plan: Plan, cat: Catalogus, g: Exportgegevens) -> bytes:
    return naar_docx(plan_blokken(plan, cat, g), g.auteur, organisatie(plan, g), g.datum)


def plan_pdf(plan: Plan, cat: Catalogus, g: Exportgegevens) -> bytes:
    return naar_pdf(plan_blokken(plan, cat, g), titel(plan), g.auteur, organisatie(plan, g))


def monitor_grafieken(plan: Plan, groot: bool = False) -> tuple[Afbeelding, ...]:
    """One chart per indicator that has measurements."""
    from planner.plan.grafiek import monitor_png

    def afbeelding(titel: str, ind: Indicator) -> Afbeelding:
        bijschrift = f"{titel}. Bron: {ind.bron or 'nog niet ingevuld'}."
        return Afbeelding(monitor_png(ind, titel, groot), bijschrift)

    return tuple(
        afbeelding(f"Actie {a.nummer}: {ind.naam}", ind)
        for a in plan.acties
        for ind in a.indicatoren
        if ind.metingen
    )


# --- inputs: the same document from the page and from a saved plan -----------------------------

FORMATEN = {".docx": plan_docx, ".pdf": plan_pdf}
MIME = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".pdf": "application/pdf",
    ".json": "application/json",
}


def exportgegevens(
    plan: Plan,
    namen: Mapping[str, str],
    stap1: Stap1,
    diensten: Sequence[Dienst],
    kaart_png: bytes | None,
    auteur: str = "",
    datum: date | None = None,
) -> Exportgegevens:
    """Everything besides the plan, from step 1 and the services in the plan's area."""
    from planner.plan.adapters import kerncijfers

    va = vraag_aanbod(stap1.wijken, diensten)
    return Exportgegevens(
        gemeentenamen=dict(namen),
        wijknamen={w.code: w.naam for w in stap1.wijken},
        kerncijfers=kerncijfers(stap1),
        signalen=stap1.signalen,
        aanbod=tuple(va),
        aanbod_bronnen=tuple(aanbod_bronnen(va, diensten)),
        kaart_png=kaart_png,
        grafieken=monitor_grafieken(plan),
        bronnen=stap1.bronnen,
        datum=datum or date.today(),
        auteur=auteur,
    )


def invoer_uit_opslag(
    engine: Engine, plan_id: int, data: CbsData, diensten: Sequence[Dienst] | None = None
) -> tuple[Plan, Exportgegevens]:
    """A saved plan and its document inputs, without the page (for ``python -m planner.plan``).

    Step 1, the map and the services are computed as the page does; ``diensten`` defaults
    to the sociale kaart in the same store. Raises ``opslag.PlanNietGevonden``.
    """
    from planner.plan import grafiek, opslag, weergave
    from planner.plan.adapters import stap1 as maak_stap1
    from planner.wijken.indicators import alle_reeksen

    plan, _ = opslag.laad_plan(engine, plan_id)
    laatste = opslag.versies(engine, plan_id)[0]
    namen = dict(zip(data.gemeenten["code"], data.gemeenten["naam"], strict=True))
    s1 = maak_stap1(data, list(plan.gemeenten), alle_reeksen(data))
    if diensten is None:
        diensten = diensten_van_kaart(engine)
    wijken = data.wijken[data.wijken["gemeentecode"].isin(plan.gemeenten)]
    signaal = tuple(x.wijkcode for x in s1.signalen)
    png = grafiek.kaart_png(wijken, signaal, weergave.kaart_titel(namen, plan.gemeenten))
    in_gebied = diensten_in_gebied(diensten, plan.gemeenten, {w.code: w.naam for w in s1.wijken})
    return plan, exportgegevens(plan, namen, s1, in_gebied, png, auteur=laatste.door)


def diensten_van_kaart(engine: Engine) -> list[Dienst]:
    """The sociale kaart's services as planner records (those without trede/level left out)."""
    from planner.kaart.repository import load_kaart
    from planner.plan.adapters import diensten_uit_kaart

    kaart = load_kaart(engine)
    return diensten_uit_kaart(kaart.services, kaart)[0]


def uit_opslag(engine: Engine, plan_id: int, data: CbsData, formaat: str = ".docx") -> bytes:
    """The Word (``.docx``) or PDF (``.pdf``) document of a saved plan's newest version."""
    from planner.plan.catalogus import catalogus

    maak = FORMATEN[formaat]
    plan, gegevens = invoer_uit_opslag(engine, plan_id, data)
    return maak(plan, catalogus(), gegevens)
