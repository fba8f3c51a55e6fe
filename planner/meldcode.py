"""The meldcode route ("Zorgen over een kind?"): steps, afwegingsvragen, kindcheck, who to call.

The content is data (``data/meldcode.json``, described in data/README.md) so a gemeente
or the project can correct wording without touching code; it is validated here on load,
with a Dutch message naming the file and the field. The route itself is a pure function of
yes/no answers: nothing about a child or family is ever asked, so nothing can be stored,
logged or sent — the page has no text fields at all.

Sources: the *Wet verplichte meldcode huiselijk geweld en kindermishandeling* and the
afwegingskader (2019) as published by the Rijksoverheid; the wording is the project's own.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from planner.kaart.model import Probleemgebied
from planner.kaart.search import Treffer, Zoekindex, Zoekvraag, search
from planner.settings import PROJECT_ROOT

MELDCODE_JSON = PROJECT_ROOT / "data" / "meldcode.json"
UITKOMSTEN = ("afsluiten", "melden", "hulp")
VOLGENDE = "volgende"
VERPLICHTE_NUMMERS = ("112", "0800-2000")


class MeldcodeFout(ValueError):
    """The meldcode file cannot be used; the message names the file and the field."""


@dataclass(frozen=True)
class Bron:
    titel: str
    uitgever: str
    url: str


@dataclass(frozen=True)
class Bellen:
    """Who to call now; ``nummer`` is None for a person inside the organisation."""

    id: str
    wie: str
    nummer: str | None
    wanneer: str


@dataclass(frozen=True)
class Stap:
    nummer: int
    titel: str
    uitleg: str


@dataclass(frozen=True)
class Afwegingsvraag:
    """One question; ``ja``/``nee`` is 'volgende' (next question) or an outcome id."""

    nummer: int
    vraag: str
    uitleg: str
    ja: str
    nee: str


@dataclass(frozen=True)
class Uitkomst:
    id: str
    titel: str
    uitleg: str


@dataclass(frozen=True)
class Kindcheck:
    titel: str
    uitleg: str
    vragen: tuple[str, ...]
    vervolg: str


@dataclass(frozen=True)
class Beroepsgroep:
    """Where the afwegingskader of a profession differs from the basismodel."""

    id: str
    naam: str
    overleg: str  # with whom to consult in step 2
    kindcheck: bool  # works with adults: the kindcheck applies
    bijzonder: tuple[str, ...]
    probleemgebieden: tuple[Probleemgebied, ...]  # what local help is likely to fit


@dataclass(frozen=True)
class Meldcode:
    versie: str
    bronnen: tuple[Bron, ...]
    bellen: tuple[Bellen, ...]
    stappen: tuple[Stap, ...]
    afwegingsvragen: tuple[Afwegingsvraag, ...]
    uitkomsten: Mapping[str, Uitkomst]
    kindcheck: Kindcheck
    beroepsgroepen: tuple[Beroepsgroep, ...]

    def beroepsgroep(self, id: str) -> Beroepsgroep:
        for b in self.beroepsgroepen:
            if b.id == id:
                return b
        raise KeyError(id)


# --- loading and validation ---------------------------------------------------------------


class _Lezer:
    """Reads typed fields and names the place of a problem ('stappen[2].titel')."""

    def __init__(self, bestand: str) -> None:
        self.bestand = bestand

    def fout(self, pad: str, melding: str) -> MeldcodeFout:
        return MeldcodeFout(f"{self.bestand}, veld '{pad}': {melding}")

    def tekst(self, obj: Mapping[str, Any], sleutel: str, pad: str) -> str:
        waarde = obj.get(sleutel)
        if not isinstance(waarde, str) or not waarde.strip():
            raise self.fout(f"{pad}.{sleutel}".lstrip("."), "hier hoort een tekst te staan")
        return waarde.strip()

    def lijst(self, obj: Mapping[str, Any], sleutel: str, pad: str) -> list[Any]:
        waarde = obj.get(sleutel)
        if not isinstance(waarde, list) or not waarde:
            raise self.fout(f"{pad}.{sleutel}".lstrip("."), "hier hoort een niet-lege lijst")
        return waarde

    def object(self, waarde: Any, pad: str) -> Mapping[str, Any]:
        if not isinstance(waarde, dict):
            raise self.fout(pad, "hier hoort een object met velden ({…})")
        return waarde

    def objecten(self, obj: Mapping[str, Any], sleutel: str) -> list[tuple[str, Mapping[str, Any]]]:
        """(place, object) for each item of the non-empty list ``sleutel`` of the document."""
        return [
            (f"{sleutel}[{i}]", self.object(x, f"{sleutel}[{i}]"))
            for i, x in enumerate(self.lijst(obj, sleutel, ""))
        ]


def parse(ruw: Any, bestand: str = "data/meldcode.json") -> Meldcode:
    """Validate the decoded JSON into a ``Meldcode``; refuse anything the page cannot show."""
    r = _Lezer(bestand)
    doc = r.object(ruw, "(hele bestand)")
    bronnen = tuple(
        Bron(r.tekst(b, "titel", p), r.tekst(b, "uitgever", p), r.tekst(b, "url", p))
        for p, b in r.objecten(doc, "bronnen")
    )
    if not any("rijksoverheid" in b.uitgever.lower() for b in bronnen):
        raise r.fout("bronnen", "noem de meldcode en het afwegingskader van de Rijksoverheid")

    bellen = []
    for p, b in r.objecten(doc, "bellen"):
        nummer = b.get("nummer")
        if nummer is not None and (not isinstance(nummer, str) or not nummer.strip()):
            raise r.fout(f"{p}.nummer", "een telefoonnummer als tekst, of null")
        bellen.append(
            Bellen(r.tekst(b, "id", p), r.tekst(b, "wie", p), nummer, r.tekst(b, "wanneer", p))
        )
    nummers = {b.nummer for b in bellen}
    for verplicht in VERPLICHTE_NUMMERS:
        if verplicht not in nummers:
            raise r.fout("bellen", f"het nummer {verplicht} ontbreekt")

    stappen = tuple(
        Stap(_nummer(r, s, p), r.tekst(s, "titel", p), r.tekst(s, "uitleg", p))
        for p, s in r.objecten(doc, "stappen")
    )
    if [s.nummer for s in stappen] != [1, 2, 3, 4, 5]:
        raise r.fout("stappen", "de meldcode heeft vijf stappen, genummerd 1 tot en met 5")

    vragen = []
    for p, v in r.objecten(doc, "afwegingsvragen"):
        doelen = {k: r.tekst(v, k, p) for k in ("ja", "nee")}
        for k, doel in doelen.items():
            if doel != VOLGENDE and doel not in UITKOMSTEN:
                keuzes = ", ".join((VOLGENDE, *UITKOMSTEN))
                raise r.fout(f"{p}.{k}", f"'{doel}' is geen vervolg; kies uit {keuzes}")
        vragen.append(
            Afwegingsvraag(
                _nummer(r, v, p), r.tekst(v, "vraag", p), r.tekst(v, "uitleg", p), **doelen
            )
        )
    if [v.nummer for v in vragen] != [1, 2, 3, 4, 5]:
        raise r.fout("afwegingsvragen", "het afwegingskader heeft vijf vragen, genummerd 1 tot 5")
    if VOLGENDE in (vragen[-1].ja, vragen[-1].nee):
        raise r.fout("afwegingsvragen[4]", "na de laatste vraag is er geen volgende vraag")

    uit = r.object(doc.get("uitkomsten"), "uitkomsten")
    uitkomsten = {}
    for u in UITKOMSTEN:
        p = f"uitkomsten.{u}"
        o = r.object(uit.get(u), p)
        uitkomsten[u] = Uitkomst(u, r.tekst(o, "titel", p), r.tekst(o, "uitleg", p))
    if "0800-2000" not in uitkomsten["melden"].uitleg:
        raise r.fout("uitkomsten.melden.uitleg", "noem het nummer van Veilig Thuis (0800-2000)")

    k = r.object(doc.get("kindcheck"), "kindcheck")
    kindcheck = Kindcheck(
        r.tekst(k, "titel", "kindcheck"),
        r.tekst(k, "uitleg", "kindcheck"),
        tuple(_teksten(r, r.lijst(k, "vragen", "kindcheck"), "kindcheck.vragen")),
        r.tekst(k, "vervolg", "kindcheck"),
    )

    groepen = []
    for p, g in r.objecten(doc, "beroepsgroepen"):
        if not isinstance(g.get("kindcheck"), bool):
            raise r.fout(f"{p}.kindcheck", "true of false")
        gebieden = []
        for j, code in enumerate(r.lijst(g, "probleemgebieden", p)):
            gebied = Probleemgebied.parse(code) if isinstance(code, str) else None
            if gebied is None:
                raise r.fout(
                    f"{p}.probleemgebieden[{j}]",
                    f"'{code}' is geen probleemgebied; kies uit {Probleemgebied.choices()}",
                )
            gebieden.append(gebied)
        groepen.append(
            Beroepsgroep(
                id=r.tekst(g, "id", p),
                naam=r.tekst(g, "naam", p),
                overleg=r.tekst(g, "overleg", p),
                kindcheck=g["kindcheck"],
                bijzonder=tuple(_teksten(r, r.lijst(g, "bijzonder", p), f"{p}.bijzonder")),
                probleemgebieden=tuple(gebieden),
            )
        )
    ids = [g.id for g in groepen]
    dubbel = sorted({i for i in ids if ids.count(i) > 1})
    if dubbel:
        raise r.fout("beroepsgroepen", f"id {', '.join(dubbel)} staat er meer dan één keer in")

    return Meldcode(
        versie=r.tekst(doc, "versie", ""),
        bronnen=bronnen,
        bellen=tuple(bellen),
        stappen=stappen,
        afwegingsvragen=tuple(vragen),
        uitkomsten=uitkomsten,
        kindcheck=kindcheck,
        beroepsgroepen=tuple(groepen),
    )


def _nummer(r: _Lezer, obj: Mapping[str, Any], pad: str) -> int:
    waarde = obj.get("nummer")
    if not isinstance(waarde, int) or isinstance(waarde, bool):
        raise r.fout(f"{pad}.nummer", "hier hoort een geheel getal")
    return waarde


def _teksten(r: _Lezer, waarden: Sequence[Any], pad: str) -> list[str]:
    uit = []
    for i, w in enumerate(waarden):
        if not isinstance(w, str) or not w.strip():
            raise r.fout(f"{pad}[{i}]", "hier hoort een tekst te staan")
        uit.append(w.strip())
    return uit


def laad(path: Path = MELDCODE_JSON) -> Meldcode:
    """The meldcode content from ``path``, validated; MeldcodeFout in Dutch otherwise."""
    naam = path.name if path != MELDCODE_JSON else "data/meldcode.json"
    try:
        ruw = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise MeldcodeFout(f"{naam} kan niet worden gelezen ({exc.strerror or exc}).") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        plek = f" (regel {exc.lineno})" if isinstance(exc, json.JSONDecodeError) else ""
        raise MeldcodeFout(f"{naam} is geen geldige JSON in UTF-8{plek}.") from exc
    return parse(ruw, naam)


# --- the route ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Positie:
    """Where a walk through the afwegingsvragen stands: a question to answer, or an outcome."""

    vraag: Afwegingsvraag | None
    uitkomst: Uitkomst | None
    beantwoord: tuple[tuple[Afwegingsvraag, bool], ...]


def route(mc: Meldcode, antwoorden: Sequence[bool | None]) -> Positie:
    """Follow yes/no answers (None = not yet answered) to the next question or the outcome.

    Answers after the point where the route ends are ignored, so changing an early answer
    never leaves a stale outcome on screen.
    """
    beantwoord: list[tuple[Afwegingsvraag, bool]] = []
    for i, vraag in enumerate(mc.afwegingsvragen):
        antwoord = antwoorden[i] if i < len(antwoorden) else None
        if antwoord is None:
            return Positie(vraag, None, tuple(beantwoord))
        beantwoord.append((vraag, antwoord))
        doel = vraag.ja if antwoord else vraag.nee
        if doel != VOLGENDE:
            return Positie(None, mc.uitkomsten[doel], tuple(beantwoord))
    raise AssertionError("validated: the last question always ends in an outcome")


def lokaal_aanbod(
    index: Zoekindex,
    *,
    gemeente: str | None,
    leeftijd: float | None,
    probleemgebieden: Sequence[Probleemgebied],
    vandaag: date,
    max_dagen: int = 60,
) -> list[Treffer]:
    """Help from the sociale kaart for this region, age and problem, shortest wait first.

    The same search as "Waar verwijs ik naar?" (``planner.kaart.search``): only choices from
    lists, never free text about a family.
    """
    vraag = Zoekvraag(
        gemeente=gemeente,
        leeftijd=leeftijd,
        probleemgebieden=tuple(probleemgebieden),
        sorteer="wachttijd",
    )
    return search(index, vraag, vandaag, max_dagen)
