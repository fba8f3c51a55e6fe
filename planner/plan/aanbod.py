"""Vraag-aanbod: which services serve each wijk, per 1,000 children, and what is missing.

Works on ``Dienst``, a small record with only what this analysis needs, so it can be
tested with handmade service sets; ``planner.plan.adapters`` turns sociale-kaart objects
into it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from planner.kaart.regels import Bereik, leeftijd_past
from planner.plan.catalogus import NIVEAUS, TREDEN, Actie, niveau_sleutel

# Age bands for the gap list: [van, tot) in years.
LEEFTIJDSGROEPEN: tuple[tuple[int, int], ...] = ((0, 4), (4, 12), (12, 18))


@dataclass(frozen=True)
class Dienst:
    """A help offer as the planner sees it.

    ``wijken`` and ``gemeenten`` are the codes the service serves by the one rule of
    ``planner.kaart.regels`` (werkgebied, else its locations); ``landelijk`` (no area at
    all: a national line) serves every wijk, as it is found for every wijk in search.
    Empty codes without ``landelijk`` serve nothing. Ages are decimal years.
    """

    id: str
    naam: str
    trede: int
    niveau: str
    leeftijd_van: float | None = None
    leeftijd_tot: float | None = None
    wijken: frozenset[str] = frozenset()
    gemeenten: frozenset[str] = frozenset()
    omschrijving: str = ""
    probleemgebieden: frozenset[str] = frozenset()
    gecontroleerd: date | None = None  # when the sociale kaart last checked this offer
    voorbeeld: bool = False  # sample data shipped with the app, not a real offer
    landelijk: bool = False

    @property
    def bereik(self) -> Bereik:
        return Bereik(self.wijken | self.gemeenten, self.landelijk)

    def bedient(self, wijkcode: str, gemeentecode: str | None = None) -> bool:
        """The search page's rule (``planner.kaart.regels``); the gemeente follows the wijk."""
        return self.bereik.bedient(wijkcode)

    def past_bij_leeftijd(self, van: float, tot: float) -> bool:
        """Overlap of the service's inclusive age range with the half-open band [van, tot)."""
        return leeftijd_past(self.leeftijd_van, self.leeftijd_tot, van, tot)


@dataclass(frozen=True)
class WijkVraag:
    """A wijk with its number of children (0-17); ``kinderen`` None when unknown.

    ``schatting`` says whether the number is estimated (CBS counts 0-14 and 15-24 per wijk,
    not 0-17), ``bron`` where it comes from, so every shown number has its source and year.
    """

    code: str
    naam: str
    gemeentecode: str
    kinderen: int | None
    schatting: bool = False
    bron: str = ""


# Below this many children a rate per 1,000 jumps by 10 or more for one service.
MIN_KINDEREN_VOOR_PER_1000 = 100


@dataclass(frozen=True)
class WijkAanbod:
    wijk: WijkVraag
    diensten: tuple[Dienst, ...]
    per_trede: dict[int, int]
    per_niveau: dict[str, int]
    tekorten: tuple[str, ...]

    @property
    def aantal(self) -> int:
        return len(self.diensten)

    @property
    def per_1000_kinderen(self) -> float | None:
        return self.per_1000(self.aantal)

    def per_1000(self, aantal: int) -> float | None:
        """Services per 1,000 children; None when the children are unknown or too few.

        One service for the one child of a wijk with 5 inhabitants reads "1.000 per 1.000":
        a rate from such a small base says nothing, so it is not computed.
        """
        if not self.wijk.kinderen or self.wijk.kinderen < MIN_KINDEREN_VOOR_PER_1000:
            return None
        return aantal / self.wijk.kinderen * 1000

    @property
    def waarom_geen_per_1000(self) -> str | None:
        """Why the rate is not shown, in words for the table (None when it is)."""
        if self.wijk.kinderen is None or self.wijk.kinderen <= 0:
            return "niet berekend: aantal kinderen onbekend"
        if self.wijk.kinderen < MIN_KINDEREN_VOOR_PER_1000:
            return (
                f"niet berekend: minder dan {MIN_KINDEREN_VOOR_PER_1000} kinderen in de wijk "
                "(te klein voor een cijfer per 1.000)"
            )
        return None


def tekorten(diensten: Sequence[Dienst]) -> tuple[str, ...]:
    """Gaps in plain words: levels, treden and age bands without any offer."""
    uit: list[str] = []
    if not diensten:
        return ("geen aanbod gevonden",)
    niveaus = {niveau_sleutel(d.niveau) for d in diensten}
    for sleutel, label in NIVEAUS.items():
        if sleutel not in niveaus:
            soort = "preventieaanbod" if sleutel == "universeel" else "aanbod"
            uit.append(f"geen {label.lower()} {soort}")
    treden = {d.trede for d in diensten}
    for trede, label in TREDEN.items():
        if trede not in treden:
            uit.append(f"geen aanbod op trede {trede} ({label.lower()})")
    for van, tot in LEEFTIJDSGROEPEN:
        if not any(d.past_bij_leeftijd(van, tot) for d in diensten):
            uit.append(f"geen aanbod voor {van}-{tot} jaar")
    return tuple(uit)


def vraag_aanbod(wijken: Iterable[WijkVraag], diensten: Iterable[Dienst]) -> list[WijkAanbod]:
    """Per wijk: services serving it, counts by trede and level, and the gaps."""
    alle = list(diensten)
    uit: list[WijkAanbod] = []
    for wijk in wijken:
        hier = tuple(d for d in alle if d.bedient(wijk.code, wijk.gemeentecode))
        per_trede = {t: sum(1 for d in hier if d.trede == t) for t in TREDEN}
        per_niveau = {n: sum(1 for d in hier if niveau_sleutel(d.niveau) == n) for n in NIVEAUS}
        uit.append(WijkAanbod(wijk, hier, per_trede, per_niveau, tekorten(hier)))
    return uit


def diensten_in_gebied(
    diensten: Iterable[Dienst], gemeentecodes: Iterable[str], wijkcodes: Iterable[str] = ()
) -> list[Dienst]:
    """Services that serve the plan's gemeenten or one of their wijken (as in search)."""
    gebieden = [*gemeentecodes, *wijkcodes]
    return [d for d in diensten if any(d.bereik.bedient(g) for g in gebieden)]


@dataclass(frozen=True)
class Levering:
    """A service that may deliver an action, and why: a word in its text or a problem area."""

    dienst: Dienst
    trefwoord: str | None
    probleemgebied: str | None = None


def _woord_in(woord: str, tekst: str) -> bool:
    """The keyword at the start of a word ('opvang' in 'Opvang bij …', not in 'kinderopvang')."""
    return re.search(r"(?<!\w)" + re.escape(woord.lower()), tekst) is not None


def _past_op_niveau(actie: Actie, d: Dienst) -> bool:
    return d.trede in actie.treden and niveau_sleutel(d.niveau) in actie.niveaus


def _past_bij_leeftijd(actie: Actie, d: Dienst) -> bool:
    van, tot = actie.leeftijd
    return d.past_bij_leeftijd(van, max(tot, van + 1))


def diensten_voor_actie(actie: Actie, diensten: Iterable[Dienst]) -> list[Levering]:
    """Services that may deliver the action: a keyword of the action in their name or
    description, or one of its problem areas together with its trede *and* level.

    Fitting trede, level and age alone is not enough (see ``diensten_op_niveau``). This is
    a suggestion, not a verdict: the page says so, and the user decides.
    """
    uit: list[Levering] = []
    for d in diensten:
        if not _past_bij_leeftijd(actie, d):
            continue
        tekst = f"{d.naam} {d.omschrijving}".lower()
        woord = next((w for w in actie.trefwoorden if _woord_in(w, tekst)), None)
        gebied = None
        if woord is None and _past_op_niveau(actie, d):
            gebied = next((g for g in actie.probleemgebieden if g in d.probleemgebieden), None)
        if woord or gebied:
            uit.append(Levering(d, woord, gebied))
    uit.sort(key=lambda lev: (lev.trefwoord is None, lev.dienst.naam.lower()))
    return uit


def diensten_op_niveau(actie: Actie, diensten: Iterable[Dienst]) -> list[Dienst]:
    """Services that only fit the action's trede, level and ages: 'check yourself'."""
    alle = list(diensten)
    al = {lev.dienst.id for lev in diensten_voor_actie(actie, alle)}
    return sorted(
        (
            d
            for d in alle
            if d.id not in al and _past_op_niveau(actie, d) and _past_bij_leeftijd(actie, d)
        ),
        key=lambda d: d.naam.lower(),
    )


# --- the table as page and export show it -----------------------------------------------------


def kinderen_tekst(wijk: WijkVraag) -> str:
    """The number of children with '(schatting)' only when it is estimated."""
    from planner.plan.monitor import toon_aantal

    if wijk.kinderen is None:
        return "onbekend"
    return toon_aantal(wijk.kinderen) + (" (schatting)" if wijk.schatting else "")


def aanbod_tabel(rijen: Sequence[WijkAanbod]) -> list[dict[str, str]]:
    """One row per wijk for the page and the Word/PDF export (one builder for both)."""
    from planner.plan.monitor import toon_getal

    def cel(w: WijkAanbod, aantal: int) -> str:
        per = w.per_1000(aantal)
        return str(aantal) if per is None else f"{toon_getal(per)} ({aantal})"

    def totaal(w: WijkAanbod) -> str:
        per = w.per_1000_kinderen
        return toon_getal(per) if per is not None else w.waarom_geen_per_1000 or "–"

    return [
        {
            "Wijk": w.wijk.naam,
            "Kinderen 0-17": kinderen_tekst(w.wijk),
            "Aanbod (aantal)": str(w.aantal),
            "Aanbod per 1.000 kinderen": totaal(w),
            **{f"Trede {t} per 1.000": cel(w, w.per_trede[t]) for t in TREDEN},
            **{f"{NIVEAUS[n]} per 1.000": cel(w, w.per_niveau[n]) for n in NIVEAUS},
            "Wat ontbreekt": "; ".join(w.tekorten) or "geen tekorten gevonden",
        }
        for w in rijen
    ]


AANBOD_UITLEG = (
    "Aanbod per 1.000 kinderen van 0-17 jaar in de wijk; tussen haakjes het aantal diensten. "
    "Een dienst die de hele gemeente bedient, telt in elke wijk mee; een dienst zonder "
    "werkgebied telt mee in de wijk van zijn locatie, net als bij Waar verwijs ik naar?."
)
GEEN_AANBOD = (
    "Er staat nog geen aanbod met trede en preventieniveau in de sociale kaart. "
    "Daarom staat bij elke wijk 'geen aanbod gevonden'. Vul de sociale kaart aan."
)


def bron_sociale_kaart(diensten: Sequence[Dienst]) -> str:
    """Where the offer comes from and how current it is."""
    if not diensten:
        return "Aanbod: sociale kaart van de Preventiekaart (nog geen aanbod met trede en niveau)."
    data = [d.gecontroleerd for d in diensten if d.gecontroleerd]
    tekst = f"Aanbod: sociale kaart van de Preventiekaart, {len(diensten)} diensten"
    if data:
        tekst += (
            f", laatst gecontroleerd tussen {min(data).strftime('%d-%m-%Y')} en "
            f"{max(data).strftime('%d-%m-%Y')}"
        )
    else:
        tekst += ", controledatum niet bekend"
    if any(d.voorbeeld for d in diensten):
        tekst += "; bevat voorbeeldgegevens, geen echt aanbod"
    return tekst + "."


def aanbod_bronnen(rijen: Sequence[WijkAanbod], diensten: Sequence[Dienst]) -> list[str]:
    """Source lines for the vraag-aanbod table: children (count or estimate) and the offer."""
    kinderen = dict.fromkeys(
        f"Kinderen 0-17: {w.wijk.bron}" for w in rijen if w.wijk.bron and w.wijk.kinderen
    )
    return [*kinderen, bron_sociale_kaart(diensten)]
