"""The prevention plan as a plain document: situation, chosen actions with goals, monitoring.

Everything is a frozen dataclass so a saved version can never change afterwards; edits
produce a new object (``dataclasses.replace``) that the store saves as a new version.
"""

from __future__ import annotations

import math
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from planner.fouten import Lezer
from planner.plan.catalogus import NIVEAUS, SPECTRUM
from planner.plan.tables import MAX_NAAM
from planner.structuur import naar_dict

STATUSSEN: dict[str, str] = {"concept": "Concept", "vastgesteld": "Vastgesteld"}
# Gemeenten merged on 1 January 2023 into Voorne aan Zee: an old plan file is refused with
# the new code in the message rather than silently pointing at a gemeente that is gone.
OPGEHEVEN_GEMEENTEN: dict[str, tuple[str, str]] = {
    "GM0530": ("Hellevoetsluis", "GM1992"),
    "GM0614": ("Westvoorne", "GM1992"),
    "GM0501": ("Brielle", "GM1992"),
}
FORMAAT_VERSIE = 1


@dataclass(frozen=True)
class Meting:
    """One measured value of an indicator."""

    datum: date
    waarde: float
    bron: str = ""


@dataclass(frozen=True)
class Indicator:
    """What a goal is measured by: baseline, target and the measurements so far."""

    naam: str
    nulmeting: float | None = None
    nulmeting_datum: date | None = None
    streefwaarde: float | None = None
    streefdatum: date | None = None
    bron: str = ""
    eenheid: str = ""
    metingen: tuple[Meting, ...] = ()


@dataclass(frozen=True)
class Doel:
    """A SMART goal: what, for whom, how many, by when, who owns it, with whom, budget."""

    wat: str = ""
    doelgroep: str = ""
    wijken: tuple[str, ...] = ()
    aantal: int | None = None
    eenheid: str = ""
    wanneer: date | None = None
    eigenaar: str = ""
    partners: tuple[str, ...] = ()
    budget: float | None = None


@dataclass(frozen=True)
class GekozenActie:
    """One of the ten actions chosen for the plan, with its goal and indicators."""

    nummer: int
    doel: Doel = field(default_factory=Doel)
    indicatoren: tuple[Indicator, ...] = ()


@dataclass(frozen=True)
class Afvink:
    """A checklist item the user ticked (or not), with a note in their own words."""

    id: str
    gedaan: bool = False
    notitie: str = ""


@dataclass(frozen=True)
class Situatie:
    """Step 1 in words: what numbers do not show."""

    professionals: str = ""
    inwoners: str = ""
    beschermende_factoren: str = ""
    bronnen: tuple[str, ...] = ()
    notities: str = ""


@dataclass(frozen=True)
class Plan:
    naam: str
    gemeenten: tuple[str, ...]
    status: str = "concept"
    periode: str = ""
    situatie: Situatie = field(default_factory=Situatie)
    acties: tuple[GekozenActie, ...] = ()
    aandachtspunten: tuple[Afvink, ...] = ()
    stuurinstrumenten: tuple[Afvink, ...] = ()

    @property
    def regionaal(self) -> bool:
        return len(self.gemeenten) > 1

    def actie(self, nummer: int) -> GekozenActie | None:
        return next((a for a in self.acties if a.nummer == nummer), None)


# --- SMART check ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Melding:
    """A finding about a goal; 'fout' must be fixed before the plan can be vastgesteld."""

    veld: str
    tekst: str
    ernst: str = "fout"  # "fout" or "let_op"


def controleer_doel(doel: Doel, vandaag: date | None = None) -> list[Melding]:
    """Say what a goal still misses; an empty list means the goal is SMART enough."""
    meldingen: list[Melding] = []
    if not doel.wat.strip():
        meldingen.append(Melding("wat", "Beschrijf wat u wilt bereiken."))
    if not doel.doelgroep.strip() and not doel.wijken:
        meldingen.append(Melding("doelgroep", "Vul in voor wie het doel is (doelgroep of wijken)."))
    if doel.aantal is None:
        meldingen.append(Melding("aantal", "Vul in hoeveel (een getal) u wilt bereiken."))
    elif doel.aantal <= 0:
        meldingen.append(Melding("aantal", "Het aantal moet groter dan 0 zijn."))
    if doel.wanneer is None:
        meldingen.append(Melding("wanneer", "Vul een datum in waarop het doel bereikt is."))
    elif vandaag is not None and doel.wanneer < vandaag:
        meldingen.append(Melding("wanneer", "De datum ligt in het verleden.", "let_op"))
    if not doel.eigenaar.strip():
        meldingen.append(Melding("eigenaar", "Vul in wie eigenaar is van dit doel."))
    if not doel.partners:
        meldingen.append(Melding("partners", "Er zijn nog geen partners genoemd.", "let_op"))
    if doel.budget is None:
        meldingen.append(Melding("budget", "Er is nog geen budget ingevuld.", "let_op"))
    elif doel.budget < 0:
        meldingen.append(Melding("budget", "Het budget kan niet negatief zijn."))
    return meldingen


def plan_fouten(plan: Plan, vandaag: date | None = None) -> dict[int, list[Melding]]:
    """Findings per chosen action (only actions with findings)."""
    uit: dict[int, list[Melding]] = {}
    for actie in plan.acties:
        meldingen = controleer_doel(actie.doel, vandaag)
        if meldingen:
            uit[actie.nummer] = meldingen
    return uit


def kan_vaststellen(plan: Plan) -> list[str]:
    """Reasons a plan cannot get status 'vastgesteld' yet; empty means it can."""
    redenen: list[str] = []
    if not plan.acties:
        redenen.append("Het plan heeft nog geen acties.")
    for nummer, meldingen in plan_fouten(plan).items():
        for m in meldingen:
            if m.ernst == "fout":
                redenen.append(f"Actie {nummer}: {m.tekst}")
    return redenen


# --- spectrum check ------------------------------------------------------------------------


@dataclass(frozen=True)
class SpectrumCheck:
    """Which parts of the prevention spectrum and which levels the plan covers."""

    spectrum: dict[str, tuple[int, ...]]
    niveaus: dict[str, tuple[int, ...]]

    @property
    def lege_delen(self) -> list[str]:
        return [k for k, acties in self.spectrum.items() if not acties]

    @property
    def lege_niveaus(self) -> list[str]:
        return [k for k, acties in self.niveaus.items() if not acties]

    @property
    def compleet(self) -> bool:
        return not self.lege_delen and not self.lege_niveaus

    def tabel(self) -> list[dict[str, str]]:
        """The three parts of the spectrum and the four levels, with the actions covering them."""
        rijen = [
            {"Deel": SPECTRUM[k], "Acties": ", ".join(map(str, v)) or "geen"}
            for k, v in self.spectrum.items()
        ]
        rijen += [
            {"Deel": f"Niveau {NIVEAUS[k].lower()}", "Acties": ", ".join(map(str, v)) or "geen"}
            for k, v in self.niveaus.items()
        ]
        return rijen

    def zinnen(self) -> list[str]:
        """Plain sentences for the page and the export."""
        if not any(self.spectrum.values()):
            return ["Het plan heeft nog geen acties. Kies eerst acties in stap 2."]
        zinnen = [
            f"Uw plan heeft nog geen actie voor: {SPECTRUM[k].lower()}." for k in self.lege_delen
        ]
        zinnen += [
            f"Uw plan heeft nog geen actie op het niveau {NIVEAUS[k].lower()}."
            for k in self.lege_niveaus
        ]
        if not zinnen:
            zinnen.append("Uw plan dekt het hele spectrum en alle vier preventieniveaus.")
        return zinnen


def spectrum_check(nummers: list[int] | tuple[int, ...], acties: tuple) -> SpectrumCheck:
    """Check chosen action numbers against the catalogue's spectrum and levels."""
    gekozen = [a for a in acties if a.nummer in set(nummers)]
    spectrum = {k: tuple(a.nummer for a in gekozen if k in a.spectrum) for k in SPECTRUM}
    niveaus = {k: tuple(a.nummer for a in gekozen if k in a.niveaus) for k in NIVEAUS}
    return SpectrumCheck(spectrum=spectrum, niveaus=niveaus)


# --- JSON form -----------------------------------------------------------------------------


def plan_naar_dict(plan: Plan) -> dict[str, Any]:
    """A JSON-ready dict; dates as ISO strings so any tool can read them.

    One generic step (``planner.structuur``): the keys are the field names in their order,
    so a field added to the plan is saved without touching this code.
    """
    return {"formaat": FORMAAT_VERSIE, **naar_dict(plan, json=True)}


class PlanOngeldig(ValueError):
    """A plan that cannot be stored; ``fouten`` lists every problem, in Dutch."""

    def __init__(self, fouten: list[str]):
        super().__init__("; ".join(fouten))
        self.fouten = fouten


class PlanbestandFout(PlanOngeldig):
    """A plan file that cannot be read."""


def _getallen(plan: Plan) -> list[tuple[str, float | int | None]]:
    """Every number in the plan with where it is, for the checks before saving."""
    uit: list[tuple[str, float | int | None]] = []
    for a in plan.acties:
        plaats = f"Actie {a.nummer}"
        uit.append((f"{plaats}, doel: 'aantal'", a.doel.aantal))
        uit.append((f"{plaats}, doel: 'budget'", a.doel.budget))
        for i in a.indicatoren:
            ip = f"{plaats}, indicator {i.naam}"
            uit.append((f"{ip}: 'nulmeting'", i.nulmeting))
            uit.append((f"{ip}: 'streefwaarde'", i.streefwaarde))
            for m in i.metingen:
                uit.append((f"{ip}, meting {m.datum.strftime('%d-%m-%Y')}: 'waarde'", m.waarde))
    return uit


def plan_problemen(plan: Plan, vaststellen_controleren: bool = True) -> list[str]:
    """What stops a plan from being stored; empty means none.

    A plan marked 'vastgesteld' must pass ``kan_vaststellen`` here, in the planner, so no
    page, import or script can store settled policy with goals lacking an owner or date.
    """
    fouten = []
    if vaststellen_controleren and plan.status == "vastgesteld":
        fouten += [f"Vaststellen kan nog niet: {r}" for r in kan_vaststellen(plan)]
    if len(plan.naam) > MAX_NAAM:
        fouten.append(
            f"Plan: de naam is te lang ({len(plan.naam)} tekens); gebruik hoogstens {MAX_NAAM} "
            "tekens."
        )
    if plan.status not in STATUSSEN:
        fouten.append(f"Plan: status '{plan.status}' bestaat niet; kies concept of vastgesteld.")
    for code in plan.gemeenten:
        if not is_gemeentecode(code):
            fouten.append(f"Plan: '{code}' is geen gemeentecode (zoals GM1930).")
    fouten += [
        f"{plaats} moet een gewoon getal zijn, niet {waarde!r}."
        for plaats, waarde in _getallen(plan)
        if waarde is not None and not math.isfinite(waarde)
    ]
    return fouten


def is_gemeentecode(code: str) -> bool:
    return len(code) == 6 and code.startswith("GM") and code[2:].isdigit()


def plan_uit_dict(
    ruw: Any,
    geldige_acties: set[int] | None = None,
    bekende_gemeenten: Collection[str] | None = None,
    vaststellen_controleren: bool = True,
) -> Plan:
    """Read a plan dict; raise PlanbestandFout with all problems, never a half plan.

    With ``bekende_gemeenten`` a code that is well-formed but unknown is refused too.
    ``vaststellen_controleren=False`` is for versions already in the store: history is read
    as it was saved, even if the rules became stricter since.
    """
    if not isinstance(ruw, dict):
        raise PlanbestandFout(["Het bestand bevat geen plan (verwacht een JSON-object)."])
    lees = Lezer()  # messages as text: "Plan: 'naam' ontbreekt."
    geldige_acties = geldige_acties or set(range(1, 11))
    if ruw.get("formaat") != FORMAAT_VERSIE:
        lees.fouten.append(f"Onbekend formaat {ruw.get('formaat')!r}; verwacht {FORMAAT_VERSIE}.")
    naam = lees.tekst(ruw, "naam", "Plan", verplicht=True)
    gemeenten = lees.teksten(ruw, "gemeenten", "Plan")
    if not gemeenten:
        lees.fouten.append("Plan: noem minstens één gemeente.")
    if len(set(gemeenten)) != len(gemeenten):
        dubbel = sorted({c for c in gemeenten if gemeenten.count(c) > 1})
        lees.fouten.append(f"Plan: gemeente {', '.join(dubbel)} staat er meer dan één keer in.")
    for code in gemeenten:
        if not is_gemeentecode(code):
            lees.fouten.append(f"Plan: '{code}' is geen gemeentecode (zoals GM1930).")
        elif code in OPGEHEVEN_GEMEENTEN and (
            bekende_gemeenten is None or code not in bekende_gemeenten
        ):
            oud, nieuw = OPGEHEVEN_GEMEENTEN[code]
            lees.fouten.append(
                f"Plan: {oud} ({code}) bestaat sinds 2023 niet meer; gebruik Voorne aan Zee "
                f"({nieuw})."
            )
        elif bekende_gemeenten is not None and code not in bekende_gemeenten:
            lees.fouten.append(f"Plan: gemeentecode {code} is onbekend.")
    status = lees.tekst(ruw, "status", "Plan") or "concept"
    if status not in STATUSSEN:
        lees.fouten.append(f"Plan: status '{status}' bestaat niet; kies concept of vastgesteld.")
    sit = ruw.get("situatie") or {}
    if not isinstance(sit, dict):
        lees.fouten.append("Plan: 'situatie' moet een object zijn.")
        sit = {}
    situatie = Situatie(
        professionals=lees.tekst(sit, "professionals", "Situatie"),
        inwoners=lees.tekst(sit, "inwoners", "Situatie"),
        beschermende_factoren=lees.tekst(sit, "beschermende_factoren", "Situatie"),
        bronnen=lees.teksten(sit, "bronnen", "Situatie"),
        notities=lees.tekst(sit, "notities", "Situatie"),
    )
    acties: list[GekozenActie] = []
    gezien: set[int] = set()
    for n, a in enumerate(lees.lijst(ruw, "acties", "Plan"), start=1):
        plaats = f"Actie {n}"
        if not isinstance(a, dict):
            lees.fouten.append(f"{plaats}: moet een object zijn.")
            continue
        nummer = a.get("nummer")
        if not isinstance(nummer, int) or nummer not in geldige_acties:
            lees.fouten.append(f"{plaats}: nummer {nummer!r} is geen van de tien acties.")
            continue
        if nummer in gezien:
            lees.fouten.append(f"{plaats}: actie {nummer} staat er twee keer in.")
        gezien.add(nummer)
        plaats = f"Actie {nummer}"
        d = a.get("doel") or {}
        if not isinstance(d, dict):
            lees.fouten.append(f"{plaats}: 'doel' moet een object zijn.")
            d = {}
        aantal = lees.geheel_getal(d, "aantal", plaats)
        doel = Doel(
            wat=lees.tekst(d, "wat", plaats),
            doelgroep=lees.tekst(d, "doelgroep", plaats),
            wijken=lees.teksten(d, "wijken", plaats),
            aantal=aantal,
            eenheid=lees.tekst(d, "eenheid", plaats),
            wanneer=lees.datum(d, "wanneer", plaats),
            eigenaar=lees.tekst(d, "eigenaar", plaats),
            partners=lees.teksten(d, "partners", plaats),
            budget=lees.getal(d, "budget", plaats),
        )
        indicatoren = []
        for i in lees.lijst(a, "indicatoren", plaats):
            if not isinstance(i, dict):
                lees.fouten.append(f"{plaats}: een indicator moet een object zijn.")
                continue
            ip = f"{plaats}, indicator {i.get('naam', '?')!s}"
            metingen = []
            for m in lees.lijst(i, "metingen", ip):
                if not isinstance(m, dict):
                    lees.fouten.append(f"{ip}: een meting moet een object zijn.")
                    continue
                md = lees.datum(m, "datum", ip, verplicht=True)
                mw = lees.getal(m, "waarde", ip)
                if mw is None:
                    lees.fouten.append(f"{ip}: een meting zonder waarde.")
                if md and mw is not None:
                    metingen.append(Meting(md, mw, lees.tekst(m, "bron", ip)))
            indicatoren.append(
                Indicator(
                    naam=lees.tekst(i, "naam", plaats, verplicht=True),
                    nulmeting=lees.getal(i, "nulmeting", ip),
                    nulmeting_datum=lees.datum(i, "nulmeting_datum", ip),
                    streefwaarde=lees.getal(i, "streefwaarde", ip),
                    streefdatum=lees.datum(i, "streefdatum", ip),
                    bron=lees.tekst(i, "bron", ip),
                    eenheid=lees.tekst(i, "eenheid", ip),
                    metingen=tuple(sorted(metingen, key=lambda m: m.datum)),
                )
            )
        acties.append(GekozenActie(nummer=nummer, doel=doel, indicatoren=tuple(indicatoren)))

    def afvinken(sleutel: str) -> tuple[Afvink, ...]:
        uit = []
        for p in lees.lijst(ruw, sleutel, "Plan"):
            if not isinstance(p, dict) or not isinstance(p.get("id"), str):
                lees.fouten.append(f"Plan: elk item in '{sleutel}' heeft een 'id' nodig.")
                continue
            gedaan = p.get("gedaan", False)
            if not isinstance(gedaan, bool):  # "false" is text, and bool("false") is True
                lees.fouten.append(
                    f"Plan: '{sleutel}', item '{p['id']}': 'gedaan' moet true of false zijn, "
                    f"niet {gedaan!r}."
                )
                gedaan = False
            uit.append(Afvink(p["id"], gedaan, lees.tekst(p, "notitie", sleutel)))
        return tuple(uit)

    aandachtspunten = afvinken("aandachtspunten")
    stuurinstrumenten = afvinken("stuurinstrumenten")
    plan = Plan(
        naam=naam,
        gemeenten=gemeenten,
        status=status,
        periode=lees.tekst(ruw, "periode", "Plan"),
        situatie=situatie,
        acties=tuple(sorted(acties, key=lambda a: a.nummer)),
        aandachtspunten=aandachtspunten,
        stuurinstrumenten=stuurinstrumenten,
    )
    # What the reader already reported (codes, status, numbers) is not repeated.
    nieuw = plan_problemen(plan, vaststellen_controleren)
    fouten = lees.fouten + [f for f in nieuw if f not in lees.fouten]
    if fouten:
        raise PlanbestandFout(fouten)
    return plan
