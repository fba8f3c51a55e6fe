"""The ten actions, points of attention and steering instruments, read from data/.

The catalogue lives in ``data/tien_acties.json`` so a policy adviser can correct a text
without touching code; this module turns it into frozen objects once.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from planner.kaart.model import Erkenning  # the Databank's rating list, declared once
from planner.settings import PROJECT_ROOT

CATALOGUS_PAD = PROJECT_ROOT / "data" / "tien_acties.json"

# Prevention levels (seed 000). Keys are ASCII so they survive CSV and URLs.
NIVEAUS: dict[str, str] = {
    "universeel": "Universeel",
    "selectief": "Selectief",
    "vroegsignalering": "Vroegsignalering",
    "geindiceerd": "Geïndiceerd",
}

# The chain's four treden (seed 004).
TREDEN: dict[int, str] = {
    1: "Preventie",
    2: "Signaleren, melden en stoppen",
    3: "Behandeling en begeleiding",
    4: "Nazorg en herhaling voorkomen",
}

# The spectrum every plan should cover (seed 001, stap 2).
SPECTRUM: dict[str, str] = {
    "alle_gezinnen": "Positief opvoeden in alle gezinnen",
    "verhoogd_risico": "Voorkomen in gezinnen met een verhoogde kans",
    "herhaling": "Herhaling voorkomen",
}

NOG_NAGAAN = "beoordeling nagaan in de Databank"
DATABANK = "Databank Effectieve Jeugdinterventies"
SOORTEN = ("interventie", "werkwijze")  # a Databank intervention, or a way of working


def niveau_sleutel(tekst: str) -> str:
    """Map 'Geïndiceerd', 'geindiceerd ' etc. to the ASCII key; other systems spell it freely."""
    zonder = unicodedata.normalize("NFKD", tekst).encode("ascii", "ignore").decode()
    return zonder.strip().lower()


@dataclass(frozen=True)
class Voorbeeld:
    """An example for an action; a rating is only shown with its date and source.

    ``soort`` "interventie" is a programme the Databank rates; "werkwijze" is a way of
    working that has no Databank rating (a campaign, a training, a conversation method).
    ``nagegaan`` says how the rating was checked, or that it was not checked offline.
    """

    naam: str
    soort: str
    oordeel: Erkenning | None
    oordeel_datum: str | None
    bron: str | None
    nagegaan: str | None = None

    def __post_init__(self) -> None:
        if self.soort not in SOORTEN:
            raise ValueError(f"Voorbeeld {self.naam}: soort moet een van {SOORTEN} zijn.")
        if self.oordeel is not None and not (self.oordeel_datum and self.bron):
            raise ValueError(f"Voorbeeld {self.naam}: een oordeel heeft een datum en bron nodig.")

    @property
    def voorgesteld(self) -> bool:
        """Offered as an intervention: rated at least 'goed onderbouwd' (seeds 001, 004)."""
        return self.oordeel is not None and self.oordeel.minstens_goed_onderbouwd

    @property
    def oordeel_tekst(self) -> str:
        if self.oordeel and self.oordeel_datum:
            return f"{self.oordeel.label} ({DATABANK}, {self.oordeel_datum})"
        return NOG_NAGAAN


@dataclass(frozen=True)
class VoorgesteldeIndicator:
    """A suggested monitoring indicator with its own unit, so a share is never a count."""

    naam: str
    eenheid: str


@dataclass(frozen=True)
class Actie:
    """One of the ten actions of Augeo and the Kinderombudsman."""

    nummer: int
    titel: str
    bron: str
    uitleg: str
    doelgroep: str
    leeftijd: tuple[int, int]
    niveaus: tuple[str, ...]
    spectrum: tuple[str, ...]
    treden: tuple[int, ...]
    trefwoorden: tuple[str, ...]
    probleemgebieden: tuple[str, ...]  # sociale-kaart problem areas that point at this action
    voorbeelden: tuple[Voorbeeld, ...]
    indicatoren: tuple[VoorgesteldeIndicator, ...]

    def eenheid_van(self, naam: str) -> str | None:
        """The unit of a suggested indicator; None for a name the user made up."""
        return next((i.eenheid for i in self.indicatoren if i.naam == naam), None)

    @property
    def label(self) -> str:
        return f"{self.nummer}. {self.titel}"


@dataclass(frozen=True)
class Punt:
    """A checklist item: a point of attention, steering instrument or step-1 source."""

    id: str
    titel: str
    uitleg: str = ""


@dataclass(frozen=True)
class Catalogus:
    bron: str
    toelichting: str
    acties: tuple[Actie, ...]
    aandachtspunten: tuple[Punt, ...]
    stuurinstrumenten: tuple[Punt, ...]
    bronnen_stap1: tuple[Punt, ...]

    def actie(self, nummer: int) -> Actie:
        for actie in self.acties:
            if actie.nummer == nummer:
                return actie
        raise KeyError(f"Actie {nummer} bestaat niet; kies 1 tot en met 10.")


def _voorbeeld(v: dict) -> Voorbeeld:
    oordeel = Erkenning.parse(v["oordeel"]) if v.get("oordeel") else None
    if v.get("oordeel") and oordeel is None:
        raise ValueError(f"Voorbeeld {v['naam']}: onbekend oordeel '{v['oordeel']}'.")
    return Voorbeeld(
        naam=v["naam"],
        soort=v["soort"],
        oordeel=oordeel,
        oordeel_datum=v.get("oordeel_datum"),
        bron=v.get("bron"),
        nagegaan=v.get("nagegaan"),
    )


def _actie(rij: dict) -> Actie:
    return Actie(
        nummer=int(rij["nummer"]),
        titel=rij["titel"],
        bron=rij["bron"],
        uitleg=rij["uitleg"],
        doelgroep=rij["doelgroep"],
        leeftijd=(int(rij["leeftijd"][0]), int(rij["leeftijd"][1])),
        niveaus=tuple(rij["niveaus"]),
        spectrum=tuple(rij["spectrum"]),
        treden=tuple(int(t) for t in rij["treden"]),
        trefwoorden=tuple(rij["trefwoorden"]),
        probleemgebieden=tuple(rij.get("probleemgebieden", ())),
        voorbeelden=tuple(_voorbeeld(v) for v in rij["voorbeelden"]),
        indicatoren=tuple(VoorgesteldeIndicator(**i) for i in rij["indicatoren"]),
    )


def lees_catalogus(pad: Path = CATALOGUS_PAD) -> Catalogus:
    """Parse the JSON file; a missing key fails loudly rather than showing an empty field."""
    ruw = json.loads(Path(pad).read_text(encoding="utf-8"))
    return Catalogus(
        bron=ruw["bron"],
        toelichting=ruw["toelichting"],
        acties=tuple(_actie(r) for r in ruw["acties"]),
        aandachtspunten=tuple(Punt(**p) for p in ruw["aandachtspunten"]),
        stuurinstrumenten=tuple(Punt(**p) for p in ruw["stuurinstrumenten"]),
        bronnen_stap1=tuple(Punt(**p) for p in ruw["bronnen_stap1"]),
    )


@lru_cache(maxsize=1)
def catalogus() -> Catalogus:
    """The shipped catalogue, parsed once per process."""
    return lees_catalogus()
