"""The verwijskaart: a card a professional prints or hands over after choosing services.

It carries what the family needs to get in — contacts, how to apply, waiting time with its
date, when the entry was last verified — and deliberately *nothing about the family*: the
functions take no name, address or note, so a card can be shared, printed or left on a
desk without becoming a record about someone (privacy by construction).

Two formats from the same ``VerwijsItem`` list: print-friendly HTML (every value escaped,
so text typed into the kaart can never become markup) and a PDF through the preventieplan's
PDF path (``planner.plan.export.naar_pdf``: embedded DejaVu fonts and HarfBuzz shaping, so
Turkish, Polish and Arabic names print as written). The contact lines come from
``planner.kaart.contact``, the same formatter as the result card and the map popup.
"""

from __future__ import annotations

import html
from collections.abc import MutableMapping, Sequence
from dataclasses import dataclass
from datetime import date

from planner.kaart.contact import ContactRegel, kaartregels, naar_html, naar_tekst
from planner.kaart.contact import openingstijden as openingstijden  # re-exported
from planner.kaart.search import VOORBEELD_LABEL, Treffer, markdown_tekst

VEILIG_THUIS = "0800-2000"
TITEL = "Verwijskaart"
GEEN_GEZINSGEGEVENS = "Deze kaart bevat geen gegevens over u of uw gezin."
HULPREGEL = (
    f"Acuut gevaar? Bel 112. Zorgen over geweld thuis of kindermishandeling? "
    f"Bel Veilig Thuis: {VEILIG_THUIS} (gratis, dag en nacht)."
)


@dataclass(frozen=True)
class VerwijsItem:
    """One service on the card, as plain text (escaping happens per output format)."""

    naam: str
    organisatie: str
    regels: tuple[ContactRegel, ...]  # the card's lines (planner.kaart.contact), nothing else
    voorbeeld: bool = False  # sample data: the card says so, so nobody calls on it


VOORBEELD_UITLEG = (
    f"{VOORBEELD_LABEL}: voorbeeld, geen echt aanbod. Niet gebruiken om te verwijzen."
)


def item(t: Treffer) -> VerwijsItem:
    """The card entry for a search result, using only its *public* location."""
    return VerwijsItem(
        naam=t.dienst.service.name,
        organisatie=t.dienst.organisation.name,
        regels=kaartregels(t, afstand=False),
        voorbeeld=t.voorbeeld,
    )


def items(treffers: Sequence[Treffer]) -> list[VerwijsItem]:
    return [item(t) for t in treffers]


def to_html(kaart: Sequence[VerwijsItem], gemaakt_op: date) -> str:
    """A self-contained, print-friendly page (no scripts, no external files)."""
    e = html.escape
    blokken = []
    for i in kaart:
        paren = [("Organisatie", e(i.organisatie)), *naar_html(i.regels)]
        regels = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in paren)
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
dd {{ margin: 0; overflow-wrap: anywhere; }}
a {{ color: #000; }}
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


def blokken(kaart: Sequence[VerwijsItem], gemaakt_op: date) -> list:
    """The card as document blocks, for the one PDF path of the project."""
    from planner.plan.export import Alinea, Kop, Lijst

    uit: list = [
        Kop(TITEL, 0),
        Alinea(f"Gemaakt op {gemaakt_op:%d-%m-%Y}. {GEEN_GEZINSGEGEVENS}"),
        Alinea(HULPREGEL, vet=True, kader=True),
    ]
    if not kaart:
        uit.append(Alinea("Er is nog geen hulp gekozen."))
    for i in kaart:
        uit.append(Kop(i.naam, 2))
        if i.voorbeeld:
            uit.append(Alinea(VOORBEELD_UITLEG, kader=True))
        velden = [("Organisatie", i.organisatie), *naar_tekst(i.regels)]
        uit.append(Lijst(tuple(f"{k}: {v}" for k, v in velden)))
    uit.append(
        Alinea(
            "Bron: sociale kaart van de gemeente. Klopt er iets niet? Meld het via de "
            'sociale kaart met "Meld onjuiste informatie".'
        )
    )
    return uit


def to_pdf(kaart: Sequence[VerwijsItem], gemaakt_op: date) -> bytes:
    """The same card as an A4 PDF, for e-mail or print without a browser."""
    from planner.plan.export import naar_pdf

    return naar_pdf(
        blokken(kaart, gemaakt_op),
        titel=TITEL,
        onderwerp="Verwijskaart: waar kan dit gezin terecht",
    )


# --- the choice a professional builds up on the search page (session state, no Streamlit) --

GEKOZEN = "gekozen"  # session key: the service ids on the card, in the order chosen


def kies(state: MutableMapping, service_id: str) -> None:
    """Put a service on the card (an alternative's button); its checkbox follows."""
    gekozen = state.setdefault(GEKOZEN, [])
    if service_id not in gekozen:
        gekozen.append(service_id)
    state.pop(f"kies_{service_id}", None)  # re-created ticked from GEKOZEN


def wissel(state: MutableMapping, service_id: str) -> None:
    """The result's checkbox: on the card, or off it again."""
    gekozen = state.setdefault(GEKOZEN, [])
    if service_id in gekozen:
        gekozen.remove(service_id)
    else:
        gekozen.append(service_id)


def leeg(state: MutableMapping) -> None:
    """An empty card, and every result's checkbox unticked."""
    state[GEKOZEN] = []
    for key in [k for k in state if str(k).startswith("kies_")]:
        del state[key]


def gekozen_markdown(treffers: Sequence[Treffer]) -> str:
    """The list under 'Verwijskaart': what is on it, sample entries marked."""
    return "Gekozen:  \n" + "  \n".join(
        f"- {markdown_tekst(t.naam)}" + (" (voorbeeldgegevens)" if t.voorbeeld else "")
        for t in treffers
    )
