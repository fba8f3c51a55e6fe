"""The plan as a document: one list of blocks, rendered to Word (.docx) and PDF.

Word is what gemeenten write policy in; the PDF is for sending round. Both come from the
same ``plan_blokken`` so they can never disagree about what the plan says.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from planner.plan.aanbod import AANBOD_UITLEG, WijkAanbod, aanbod_tabel
from planner.plan.catalogus import TREDEN, Catalogus, Punt
from planner.plan.grafiek import KAART_BRON
from planner.plan.model import STATUSSEN, Afvink, Plan, controleer_doel, spectrum_check
from planner.plan.monitor import monitor_weergave, toon_getal
from planner.plan.situatie import UITLEG_SIGNALEN, WijkSignalen

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


def _vink(gedaan: bool) -> str:
    return "[x]" if gedaan else "[ ]"


def _checklist(punten: Sequence[Punt], afgevinkt: Sequence[Afvink]) -> tuple[str, ...]:
    per_id = {a.id: a for a in afgevinkt}
    regels = []
    for p in punten:
        a = per_id.get(p.id, Afvink(p.id))
        notitie = f" – {a.notitie}" if a.notitie.strip() else ""
        regels.append(f"{_vink(a.gedaan)} {p.titel}{notitie}")
    return tuple(regels)


def _euro(x: float | None) -> str:
    if x is None:
        return "nog niet ingevuld"
    return "€ " + toon_getal(x, 0)


def plan_blokken(plan: Plan, cat: Catalogus, g: Exportgegevens) -> list[Blok]:
    """Everything the plan document says, in order."""
    namen = [g.gemeentenamen.get(c, c) for c in plan.gemeenten]
    b: list[Blok] = [Kop(f"Preventieplan: {plan.naam}", 0)]
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
        b.append(
            Alinea(
                "Treden: "
                + "; ".join(f"{t} = {label.lower()}" for t, label in TREDEN.items())
                + ". "
                + AANBOD_UITLEG
                + " "
                + " ".join(g.aanbod_bronnen)
            )
        )
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
        wijken = ", ".join(g.wijknamen.get(w, w) for w in d.wijken) or "alle wijken"
        hoeveel = "nog niet ingevuld" if d.aantal is None else f"{d.aantal} {d.eenheid}".strip()
        b.append(
            Tabel(
                ("Onderdeel", "Doel"),
                (
                    ("Wat", d.wat or "nog niet ingevuld"),
                    ("Voor wie", d.doelgroep or "nog niet ingevuld"),
                    ("Wijken", wijken),
                    ("Hoeveel", hoeveel),
                    (
                        "Wanneer klaar",
                        d.wanneer.strftime("%d-%m-%Y") if d.wanneer else "nog niet ingevuld",
                    ),
                    ("Eigenaar", d.eigenaar or "nog niet ingevuld"),
                    ("Partners", ", ".join(d.partners) or "nog niet ingevuld"),
                    ("Budget", _euro(d.budget)),
                ),
            )
        )
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


def naar_docx(blokken: Sequence[Blok]) -> bytes:
    """Render with real Word headings and tables, so the user can restyle and reuse them."""
    from docx import Document
    from docx.shared import Cm

    doc = Document()
    for blok in blokken:
        if isinstance(blok, Kop):
            doc.add_heading(blok.tekst, level=blok.niveau)
        elif isinstance(blok, Alinea):
            p = doc.add_paragraph()
            p.add_run(blok.tekst).bold = blok.vet
        elif isinstance(blok, Lijst):
            for item in blok.items:
                doc.add_paragraph(item, style="List Bullet")
        elif isinstance(blok, Tabel):
            t = doc.add_table(rows=1, cols=len(blok.kop))
            t.style = "Table Grid"
            for cel, tekst in zip(t.rows[0].cells, blok.kop, strict=True):
                cel.text = ""
                cel.paragraphs[0].add_run(tekst).bold = True
            for rij in blok.rijen:
                cellen = t.add_row().cells
                for cel, tekst in zip(cellen, rij, strict=True):
                    cel.text = tekst
            doc.add_paragraph()
        elif isinstance(blok, Afbeelding):
            doc.add_picture(io.BytesIO(blok.png), width=Cm(15))
            doc.add_paragraph(blok.bijschrift, style="Caption")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


# --- PDF -----------------------------------------------------------------------------------


def _lettertype() -> tuple[str, str]:
    """DejaVu ships with matplotlib and covers ë, ï, € and –, unlike the PDF core fonts."""
    from pathlib import Path

    import matplotlib

    map_ = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    return str(map_ / "DejaVuSans.ttf"), str(map_ / "DejaVuSans-Bold.ttf")


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


def naar_pdf(blokken: Sequence[Blok], titel: str = "Preventieplan") -> bytes:
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    pdf = FPDF(format="A4")
    gewoon, vet = _lettertype()
    pdf.add_font("DejaVu", "", gewoon)
    pdf.add_font("DejaVu", "B", vet)
    # HarfBuzz shaping: Arabic letters join and run right to left (Turkish and Polish letters
    # need only the embedded DejaVu font). Shaping doubles the render time, so only when needed.
    if _vraagt_shaping(blokken):
        pdf.set_text_shaping(True)
    pdf.set_title(titel)
    pdf.set_lang("nl")
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    breedte = pdf.epw
    groottes = {0: 18, 1: 15, 2: 12}
    for blok in blokken:
        if isinstance(blok, Kop):
            pdf.ln(2)
            pdf.set_font("DejaVu", "B", groottes.get(blok.niveau, 11))
            pdf.multi_cell(breedte, 8, blok.tekst, new_x="LMARGIN", new_y="NEXT")
        elif isinstance(blok, Alinea):
            pdf.set_font("DejaVu", "B" if blok.vet else "", 10)
            pdf.multi_cell(
                breedte, 5.5, blok.tekst, border=int(blok.kader), new_x="LMARGIN", new_y="NEXT"
            )
        elif isinstance(blok, Lijst):
            pdf.set_font("DejaVu", "", 10)
            for item in blok.items:
                pdf.multi_cell(breedte, 5.5, f"• {item}", new_x="LMARGIN", new_y="NEXT")
        elif isinstance(blok, Tabel):
            pdf.set_font("DejaVu", "", 8 if len(blok.kop) > 4 else 9)
            with pdf.table(headings_style=FontFace(emphasis="BOLD"), line_height=4.5) as t:
                kop = t.row()
                for tekst in blok.kop:
                    kop.cell(tekst)
                for rij in blok.rijen:
                    r = t.row()
                    for tekst in rij:
                        r.cell(tekst)
            pdf.ln(2)
        elif isinstance(blok, Afbeelding):
            pdf.image(io.BytesIO(blok.png), w=min(breedte, 160))
            pdf.set_font("DejaVu", "", 8)
            pdf.multi_cell(breedte, 4.5, blok.bijschrift, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def plan_docx(plan: Plan, cat: Catalogus, g: Exportgegevens) -> bytes:
    return naar_docx(plan_blokken(plan, cat, g))


def plan_pdf(plan: Plan, cat: Catalogus, g: Exportgegevens) -> bytes:
    return naar_pdf(plan_blokken(plan, cat, g), titel=f"Preventieplan: {plan.naam}")


def monitor_grafieken(plan: Plan, groot: bool = False) -> tuple[Afbeelding, ...]:
    """One chart per indicator that has measurements."""
    from planner.plan.grafiek import monitor_png

    uit = []
    for a in plan.acties:
        for ind in a.indicatoren:
            if ind.metingen:
                titel = f"Actie {a.nummer}: {ind.naam}"
                uit.append(
                    Afbeelding(
                        monitor_png(ind, titel, groot),
                        f"{titel}. Bron: {ind.bron or 'nog niet ingevuld'}.",
                    )
                )
    return tuple(uit)
