"""The verwijskaart: a card a professional prints or hands over after choosing services.

It carries what the family needs to get in — contacts, how to apply, waiting time with its
date, when the entry was last verified — and deliberately *nothing about the family*: the
functions take no name, address or note, so a card can be shared, printed or left on a
desk without becoming a record about someone (privacy by construction).

Two formats from the same ``VerwijsItem`` list: print-friendly HTML (every value escaped,
so text typed into the kaart can never become markup) and a PDF (fpdf2, core fonts, so it
needs no font files on the server).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from fpdf import FPDF

from planner.kaart.model import DAGEN, Service
from planner.kaart.search import VOORBEELD_LABEL, Treffer

VEILIG_THUIS = "0800-2000"
TITEL = "Verwijskaart"
GEEN_GEZINSGEGEVENS = "Deze kaart bevat geen gegevens over u of uw gezin."
HULPREGEL = (
    f"Acuut gevaar? Bel 112. Zorgen over geweld thuis of kindermishandeling? "
    f"Bel Veilig Thuis: {VEILIG_THUIS} (gratis, dag en nacht)."
)
_KORT = {"MO": "ma", "TU": "di", "WE": "wo", "TH": "do", "FR": "vr", "SA": "za", "SU": "zo"}


@dataclass(frozen=True)
class VerwijsItem:
    """One service on the card, as plain text (escaping happens per output format)."""

    naam: str
    organisatie: str
    telefoon: tuple[str, ...]
    email: str | None
    website: str | None
    adres: str | None
    toegang: str | None
    aanmelden: str | None
    openingstijden: str | None
    wachttijd: str
    gecontroleerd: str
    voorbeeld: bool = False  # sample data: the card says so, so nobody calls on it


VOORBEELD_UITLEG = (
    f"{VOORBEELD_LABEL}: voorbeeld, geen echt aanbod. Niet gebruiken om te verwijzen."
)


def openingstijden(service: Service) -> str | None:
    """Opening hours in short Dutch ('ma, di, wo, do, vr 09:00–17:00'); None if unknown."""
    if service.altijd_open:
        return "dag en nacht bereikbaar (24/7)"
    delen = []
    for s in service.schedules:
        dagen = ", ".join(_KORT[d] for d in DAGEN if d in s.byday) if s.byday else "dagelijks"
        tijd = f" {s.opens_at:%H:%M}–{s.closes_at:%H:%M}" if s.opens_at and s.closes_at else ""
        tekst = f"{dagen}{tijd}"
        if s.description:
            tekst += f" ({s.description})"
        delen.append(tekst)
    return "; ".join(delen) or None


def item(t: Treffer) -> VerwijsItem:
    """The card entry for a search result, using only its *public* location."""
    s = t.dienst.service
    loc = t.locatie
    adres = None
    if loc is not None:
        if loc.adres_vertrouwelijk:
            adres = f"Adres is geheim. {loc.publieke_contactroute or ''}".strip()
        else:
            delen = [loc.address_1, " ".join(x for x in (loc.postal_code, loc.city) if x)]
            adres = ", ".join(d for d in delen if d) or None
    telefoons = tuple(p.number for p in s.phones)
    telefoons += tuple(p.number for c in s.contacts for p in c.phones if p.number not in telefoons)
    return VerwijsItem(
        naam=s.name,
        organisatie=t.dienst.organisation.name,
        telefoon=telefoons,
        email=s.email,
        website=s.url or t.dienst.organisation.website,
        adres=adres,
        toegang=s.toegang.label if s.toegang else None,
        aanmelden=s.application_process,
        openingstijden=openingstijden(s),
        wachttijd=t.wachttijd.tekst() if t.wachttijd else "onbekend – vraag het na bij aanmelden",
        gecontroleerd=s.assured_date.strftime("%d-%m-%Y") if s.assured_date else "onbekend",
        voorbeeld=t.voorbeeld,
    )


def items(treffers: Sequence[Treffer]) -> list[VerwijsItem]:
    return [item(t) for t in treffers]


def _velden(i: VerwijsItem) -> list[tuple[str, str]]:
    """Label/value pairs in the order a family reads them: how to get in first."""
    paren = [
        ("Organisatie", i.organisatie),
        ("Telefoon", ", ".join(i.telefoon) if i.telefoon else None),
        ("E-mail", i.email),
        ("Website", i.website),
        ("Adres", i.adres),
        ("Openingstijden", i.openingstijden),
        ("Toegang", i.toegang),
        ("Aanmelden", i.aanmelden),
        ("Wachttijd", i.wachttijd),
        ("Gegevens gecontroleerd op", i.gecontroleerd),
    ]
    return [(k, v) for k, v in paren if v]


def to_html(kaart: Sequence[VerwijsItem], gemaakt_op: date) -> str:
    """A self-contained, print-friendly page (no scripts, no external files)."""
    e = html.escape
    blokken = []
    for i in kaart:
        regels = "".join(f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in _velden(i))
        label = f'<p class="voorbeeld">{e(VOORBEELD_UITLEG)}</p>' if i.voorbeeld else ""
        blokken.append(
            f'<section class="dienst"><h2>{e(i.naam)}</h2>{label}<dl>{regels}</dl></section>'
        )
    leeg = "" if kaart else "<p>Er is nog geen hulp gekozen.</p>"
    return f"""<!DOCTYPE html>
<html lang="nl">
<head>
<meta charset="utf-8">
<title>{TITEL}</title>
<style>
body {{ font-family: Arial, Helvetica, sans-serif; font-size: 12pt; line-height: 1.4;
       color: #000; background: #fff; max-width: 48em; margin: 1.5em auto; padding: 0 1em; }}
h1 {{ font-size: 18pt; margin-bottom: 0.2em; }}
h2 {{ font-size: 14pt; margin: 0 0 0.3em 0; }}
.dienst {{ border: 1px solid #000; padding: 0.6em 0.8em; margin: 0.8em 0;
          break-inside: avoid; page-break-inside: avoid; }}
dl {{ display: grid; grid-template-columns: max-content 1fr; gap: 0.15em 1em; margin: 0; }}
dt {{ font-weight: bold; }}
dd {{ margin: 0; }}
.hulp {{ border: 2px solid #000; padding: 0.5em 0.8em; font-weight: bold; }}
.klein {{ font-size: 10pt; }}
.voorbeeld {{ border: 1px dashed #000; padding: 0.2em 0.5em; margin: 0 0 0.4em 0; }}
@media print {{ body {{ margin: 0; max-width: none; }} }}
</style>
</head>
<body>
<h1>{TITEL}</h1>
<p class="klein">Gemaakt op {gemaakt_op:%d-%m-%Y}. {e(GEEN_GEZINSGEGEVENS)}
Wachttijden veranderen: de datum staat erbij.</p>
<p class="hulp">{e(HULPREGEL)}</p>
{leeg}{"".join(blokken)}
<p class="klein">Bron: sociale kaart van de gemeente. Klopt er iets niet? Meld het via de
sociale kaart met "Meld onjuiste informatie".</p>
</body>
</html>
"""


_VERVANG = str.maketrans({"–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "..."})


def _latin1(text: str) -> str:
    """Core PDF fonts know Latin-1 only; keep Dutch accents, replace typographic signs."""
    return text.translate(_VERVANG).encode("latin-1", "replace").decode("latin-1")


def to_pdf(kaart: Sequence[VerwijsItem], gemaakt_op: date) -> bytes:
    """The same card as an A4 PDF, for e-mail or print without a browser."""
    pdf = FPDF(format="A4")
    pdf.set_title(TITEL)
    pdf.set_creator("Preventiekaart")
    pdf.set_lang("nl")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    breedte = pdf.w - pdf.l_margin - pdf.r_margin
    pdf.set_font("Helvetica", "B", 18)
    pdf.cell(0, 10, TITEL, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    pdf.multi_cell(
        breedte,
        5,
        _latin1(f"Gemaakt op {gemaakt_op:%d-%m-%Y}. {GEEN_GEZINSGEGEVENS}"),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(2)
    pdf.set_font("Helvetica", "B", 11)
    pdf.multi_cell(breedte, 6, _latin1(HULPREGEL), border=1, new_x="LMARGIN", new_y="NEXT")
    if not kaart:
        pdf.ln(4)
        pdf.set_font("Helvetica", "", 11)
        pdf.multi_cell(breedte, 6, "Er is nog geen hulp gekozen.", new_x="LMARGIN", new_y="NEXT")
    for i in kaart:
        pdf.ln(4)
        pdf.set_font("Helvetica", "B", 13)
        pdf.multi_cell(breedte, 7, _latin1(i.naam), new_x="LMARGIN", new_y="NEXT")
        if i.voorbeeld:
            pdf.set_font("Helvetica", "I", 10)
            pdf.multi_cell(
                breedte, 5.5, _latin1(VOORBEELD_UITLEG), border=1, new_x="LMARGIN", new_y="NEXT"
            )
        for label, waarde in _velden(i):
            pdf.set_font("Helvetica", "B", 10)
            pdf.cell(48, 5.5, _latin1(label))
            pdf.set_font("Helvetica", "", 10)
            pdf.multi_cell(breedte - 48, 5.5, _latin1(waarde), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
