"""What a card says about a service: ONE formatter for the result card, map popup and verwijskaart.

A professional who found help must be able to call, mail, visit or look it up. The contact
lines are built once here (``contactregels``) from the *public* view of a location — a
confidential address becomes its public contact route — and, with access, wait and the date
the entry was checked, make the card's lines (``kaartregels``), rendered three ways: Markdown
(Streamlit pages), HTML (map popup, printable verwijskaart) and document blocks (the PDF,
through the same PDF path as the preventieplan). Every value from the store is escaped per
format, so text typed into the kaart never becomes a link, markup or code.

Values on a reserved example domain (RFC 2606/6761: example.org, .test, …) are fictional
sample values and are labelled as such wherever they appear.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit

from planner.kaart.model import DAGEN, DienstOverzicht, Location, Organisation, Service
from planner.tekst import getal

if TYPE_CHECKING:
    from planner.kaart.search import Treffer

CONTACT_ONTBREEKT = "contactgegevens ontbreken"
FICTIEF = "fictief voorbeeld, bestaat niet"
_KORT = {"MO": "ma", "TU": "di", "WE": "wo", "TH": "do", "FR": "vr", "SA": "za", "SU": "zo"}
_GERESERVEERD = re.compile(
    r"(^|\.)(example\.(org|com|net)|[^.]+\.(example|test|invalid|localhost))$", re.IGNORECASE
)

# Kinds of contact line, in the order a family reads them: how to get in first.
TELEFOON = "telefoon"
EMAIL = "email"
WEBSITE = "website"
ADRES = "adres"
CONTACTROUTE = "contactroute"
OPENINGSTIJDEN = "openingstijden"
# After the ways in: how to get in, the wait, the distance and when the entry was checked.
TOEGANG = "toegang"
AANMELDEN = "aanmelden"
WACHTTIJD = "wachttijd"
AFSTAND = "afstand"
GECONTROLEERD = "gecontroleerd"
WACHTTIJD_ONBEKEND = "onbekend – vraag het na bij aanmelden"
LABELS = {
    TELEFOON: "Telefoon",
    EMAIL: "E-mail",
    WEBSITE: "Website",
    ADRES: "Bezoekadres",
    CONTACTROUTE: "Contact",
    OPENINGSTIJDEN: "Openingstijden",
    TOEGANG: "Toegang",
    AANMELDEN: "Aanmelden",
    WACHTTIJD: "Wachttijd",
    AFSTAND: "Afstand",
    GECONTROLEERD: "Gegevens gecontroleerd op",
}
# Opening hours alone are no way in: everything else is a contact route.
ROUTES = frozenset({TELEFOON, EMAIL, WEBSITE, ADRES, CONTACTROUTE})


@dataclass(frozen=True)
class ContactRegel:
    """One way to reach a service, as plain text plus an optional safe link."""

    soort: str
    tekst: str
    link: str | None = None  # tel:, mailto: or http(s): — never anything else
    fictief: bool = False  # a reserved example value in sample data
    nadruk: bool = False  # shown in bold: an outdated waiting time

    @property
    def label(self) -> str:
        return LABELS[self.soort]

    @property
    def weergave(self) -> str:
        """The text as shown, with the fiction label where it applies."""
        return f"{self.tekst} ({FICTIEF})" if self.fictief else self.tekst


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


def tel_link(nummer: str) -> str | None:
    """'0800-2000' → 'tel:08002000'; None when it holds no digits to dial."""
    if nummer.strip().startswith("+"):
        nummer = nummer.replace("(0)", "")  # +31 (0)10 …: the 0 is not dialled from abroad
    cijfers = re.sub(r"[^\d+]", "", nummer)
    cijfers = cijfers[:1] + cijfers[1:].replace("+", "")
    return f"tel:{cijfers}" if re.search(r"\d{2,}", cijfers) else None


def _domein(tekst: str) -> str:
    if "@" in tekst:
        return tekst.rsplit("@", 1)[1]
    return urlsplit(tekst if "://" in tekst else f"https://{tekst}").hostname or ""


def is_fictief(tekst: str) -> bool:
    """On a reserved example domain: cannot belong to any real organisation."""
    return bool(_GERESERVEERD.search(_domein(tekst.strip())))


def web_link(url: str) -> str | None:
    """A website as an http(s) link; other schemes (javascript:, data:) get no link."""
    tekst = url.strip()
    if not tekst or any(c.isspace() for c in tekst):
        return None
    schema = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", tekst)
    if schema and schema.group(1).lower() not in ("http", "https"):
        return None  # javascript:, data:, file: … never become a link
    if "://" not in tekst:
        tekst = f"https://{tekst}"
    try:
        delen = urlsplit(tekst)
        delen.port  # noqa: B018 - raises on a malformed port
    except ValueError:
        return None
    if delen.scheme.lower() not in ("http", "https") or "." not in (delen.hostname or ""):
        return None
    return tekst


def mail_link(email: str) -> str | None:
    tekst = email.strip()
    if not re.fullmatch(r"[^@\s<>\"'()\[\]]+@[^@\s<>\"'()\[\]]+\.[^@\s<>\"'()\[\]]+", tekst):
        return None
    return "mailto:" + quote(tekst, safe="@.+-_")


def contactregels(
    service: Service, organisation: Organisation | None, locatie: Location | None
) -> tuple[ContactRegel, ...]:
    """Every way to reach ``service`` at ``locatie``; a confidential address never appears."""
    regels: list[ContactRegel] = []
    gezien: set[str] = set()
    telefoons = [*service.phones, *(p for c in service.contacts for p in c.phones)]
    for p in telefoons:
        if p.number in gezien:
            continue
        gezien.add(p.number)
        tekst = p.number + (f" ({p.description})" if p.description else "")
        regels.append(ContactRegel(TELEFOON, tekst, tel_link(p.number)))
    email = service.email or (organisation.email if organisation else None)
    if email:
        regels.append(ContactRegel(EMAIL, email, mail_link(email), is_fictief(email)))
    website = service.url or (organisation.website if organisation else None)
    if website:
        regels.append(ContactRegel(WEBSITE, website, web_link(website), is_fictief(website)))
    if locatie is not None:
        loc = locatie.openbaar()
        if loc.adres_vertrouwelijk:
            route = (loc.publieke_contactroute or "").strip()
            regels.append(ContactRegel(CONTACTROUTE, f"Het adres is geheim. {route}".strip()))
        else:
            plaats = " ".join(x for x in (loc.postal_code, loc.city) if x)
            adres = ", ".join(x for x in (loc.address_1, plaats) if x)
            if loc.address_1:
                regels.append(ContactRegel(ADRES, adres))
    uren = openingstijden(service)
    if uren:
        regels.append(ContactRegel(OPENINGSTIJDEN, uren))
    return tuple(regels)


def kaartregels(t: Treffer, *, afstand: bool = True) -> tuple[ContactRegel, ...]:
    """Every line of a result's card: contact, access, wait, distance, date checked.

    The verwijskaart leaves the distance out (``afstand=False``): it was measured from the
    professional's point on the map, not from the family.
    """
    s = t.dienst.service
    regels = list(contactregels(s, t.dienst.organisation, t.locatie))
    if s.toegang:
        regels.append(ContactRegel(TOEGANG, s.toegang.label))
    if s.application_process:
        regels.append(ContactRegel(AANMELDEN, s.application_process))
    w = t.wachttijd
    tekst = w.tekst() if w else WACHTTIJD_ONBEKEND
    regels.append(ContactRegel(WACHTTIJD, tekst, nadruk=bool(w and w.verouderd)))
    if afstand and t.afstand_km is not None:
        regels.append(ContactRegel(AFSTAND, f"{getal(t.afstand_km, 1)} km"))
    datum = s.assured_date.strftime("%d-%m-%Y") if s.assured_date else "onbekend"
    regels.append(ContactRegel(GECONTROLEERD, datum))
    return tuple(regels)


def bereikbaar(regels: Sequence[ContactRegel]) -> bool:
    """At least one way in (opening hours alone do not count)."""
    return any(r.soort in ROUTES for r in regels)


def zonder_contact(diensten: Sequence[DienstOverzicht]) -> list[DienstOverzicht]:
    """Entries nobody can reach from the kaart, for the beheerder's data-quality list.

    An entry counts as reachable when the service or one of its locations gives a route.
    """
    uit = []
    for d in diensten:
        locaties = [v.location for v in d.vestigingen] or [None]
        if not any(bereikbaar(contactregels(d.service, d.organisation, loc)) for loc in locaties):
            uit.append(d)
    return sorted(uit, key=lambda d: (d.organisation.name, d.service.name))


# --- rendering ----------------------------------------------------------------------------

_MD_SPECIAAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>$<&])")


def _md(text: str) -> str:
    return _MD_SPECIAAL.sub(r"\\\1", text).replace("\n", " ")


def _md_link(link: str) -> str:
    """A link target Markdown cannot misread: no spaces, brackets or quotes (escaped)."""
    return quote(link, safe=":/?#=&@.+-_~%,;")


def naar_markdown(regels: Sequence[ContactRegel]) -> list[str]:
    """One Markdown line per contact ('**Telefoon:** [0800-2000](tel:08002000)')."""
    uit = []
    for r in regels:
        tekst = _md(r.tekst)
        waarde = f"[{tekst}](<{_md_link(r.link)}>)" if r.link else tekst
        if r.fictief:
            waarde += f" ({_md(FICTIEF)})"
        uit.append(f"{r.label}: **{waarde}**" if r.nadruk else f"{r.label}: {waarde}")
    if not bereikbaar(regels):
        uit.insert(0, f"**{_md(CONTACT_ONTBREEKT.capitalize())}**")
    return uit


def naar_html(regels: Sequence[ContactRegel]) -> list[tuple[str, str]]:
    """(label, value) pairs of escaped HTML, values with <a href> for tel:/mailto:/http(s)."""
    e = html.escape
    uit = []
    for r in regels:
        doel = ' target="_blank" rel="noopener"' if r.soort == WEBSITE else ""
        waarde = (
            f'<a href="{e(r.link, quote=True)}"{doel}>{e(r.tekst)}</a>' if r.link else e(r.tekst)
        )
        if r.fictief:
            waarde += f" ({e(FICTIEF)})"
        uit.append((e(r.label), f"<strong>{waarde}</strong>" if r.nadruk else waarde))
    if not bereikbaar(regels):
        uit.insert(0, ("Let op", f"<strong>{e(CONTACT_ONTBREEKT)}</strong>"))
    return uit


def naar_tekst(regels: Sequence[ContactRegel]) -> list[tuple[str, str]]:
    """(label, plain text) pairs for a document (PDF, Word): links written out in full."""
    uit = [(r.label, r.weergave) for r in regels]
    if not bereikbaar(regels):
        uit.insert(0, ("Let op", CONTACT_ONTBREEKT))
    return uit
