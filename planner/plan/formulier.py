"""The plan as widget values: one mapping of widget key -> value, in both directions.

The Preventieplan page keeps every field in a widget; these two pure functions are the
whole translation, so the page stays glue and a round trip can be tested without Streamlit.
Indicators are not widgets (they are a growing list) and travel in ``INDICATOREN``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from planner.plan.catalogus import Catalogus
from planner.plan.model import (
    Afvink,
    Doel,
    GekozenActie,
    Indicator,
    Meting,
    Plan,
    Situatie,
    plan_naar_dict,
)

INDICATOREN = "plan-indicatoren"
DOELVELDEN = (
    "wat",
    "doelgroep",
    "wijken",
    "aantal",
    "eenheid",
    "wanneer",
    "eigenaar",
    "partners",
    "budget",
)


def doel_key(nummer: int, veld: str) -> str:
    return f"doel-{nummer}-{veld}"


def _tekst(waarden: Mapping[str, Any], key: str) -> str:
    return waarden.get(key) or ""


def plan_uit_widgets(waarden: Mapping[str, Any], cat: Catalogus, standaard_gemeente: str) -> Plan:
    """Build the plan the widgets show now."""
    gemeenten = (waarden.get("plan-gemeente") or standaard_gemeente, *waarden.get("plan-regio", []))
    indicatoren: Mapping[int, list[Indicator]] = waarden.get(INDICATOREN) or {}
    acties = []
    for a in cat.acties:
        n = a.nummer
        if not waarden.get(f"actie-{n}"):
            continue
        aantal = waarden.get(doel_key(n, "aantal"))
        partners = _tekst(waarden, doel_key(n, "partners")).split(",")
        doel = Doel(
            wat=_tekst(waarden, doel_key(n, "wat")),
            doelgroep=_tekst(waarden, doel_key(n, "doelgroep")),
            wijken=tuple(waarden.get(doel_key(n, "wijken")) or ()),
            aantal=None if aantal is None else int(aantal),
            eenheid=_tekst(waarden, doel_key(n, "eenheid")),
            wanneer=waarden.get(doel_key(n, "wanneer")),
            eigenaar=_tekst(waarden, doel_key(n, "eigenaar")),
            partners=tuple(p.strip() for p in partners if p.strip()),
            budget=waarden.get(doel_key(n, "budget")),
        )
        acties.append(GekozenActie(n, doel, tuple(indicatoren.get(n, ()))))

    def afvinken(prefix: str, punten) -> tuple[Afvink, ...]:
        return tuple(
            Afvink(
                p.id,
                bool(waarden.get(f"{prefix}-{p.id}")),
                _tekst(waarden, f"{prefix}-{p.id}-notitie"),
            )
            for p in punten
        )

    return Plan(
        naam=_tekst(waarden, "plan-naam") or "Preventieplan",
        gemeenten=tuple(dict.fromkeys(gemeenten)),
        status=waarden.get("plan-status") or "concept",
        periode=_tekst(waarden, "plan-periode"),
        situatie=Situatie(
            professionals=_tekst(waarden, "s1-professionals"),
            inwoners=_tekst(waarden, "s1-inwoners"),
            beschermende_factoren=_tekst(waarden, "s1-beschermend"),
            bronnen=tuple(p.id for p in cat.bronnen_stap1 if waarden.get(f"s1-bron-{p.id}")),
            notities=_tekst(waarden, "s1-notities"),
        ),
        acties=tuple(acties),
        aandachtspunten=afvinken("ap", cat.aandachtspunten),
        stuurinstrumenten=afvinken("si", cat.stuurinstrumenten),
    )


def widgets_uit_plan(plan: Plan, cat: Catalogus) -> dict[str, Any]:
    """Every widget value for a plan; actions not chosen get empty goal fields."""
    sit = plan.situatie
    w: dict[str, Any] = {
        "plan-gemeente": plan.gemeenten[0],
        "plan-regio": list(plan.gemeenten[1:]),
        "plan-naam": plan.naam,
        "plan-status": plan.status,
        "plan-periode": plan.periode,
        "s1-professionals": sit.professionals,
        "s1-inwoners": sit.inwoners,
        "s1-beschermend": sit.beschermende_factoren,
        "s1-notities": sit.notities,
        INDICATOREN: {},
    }
    for p in cat.bronnen_stap1:
        w[f"s1-bron-{p.id}"] = p.id in sit.bronnen
    for a in cat.acties:
        gekozen = plan.actie(a.nummer)
        d = gekozen.doel if gekozen else Doel()
        w[f"actie-{a.nummer}"] = gekozen is not None
        waarden = {
            "wat": d.wat,
            "doelgroep": d.doelgroep,
            "wijken": list(d.wijken),
            "aantal": d.aantal,
            "eenheid": d.eenheid,
            "wanneer": d.wanneer,
            "eigenaar": d.eigenaar,
            "partners": ", ".join(d.partners),
            "budget": d.budget,
        }
        for veld in DOELVELDEN:
            w[doel_key(a.nummer, veld)] = waarden[veld]
        if gekozen and gekozen.indicatoren:
            w[INDICATOREN][a.nummer] = list(gekozen.indicatoren)
    for prefix, afvinken, punten in (
        ("ap", plan.aandachtspunten, cat.aandachtspunten),
        ("si", plan.stuurinstrumenten, cat.stuurinstrumenten),
    ):
        per_id = {x.id: x for x in afvinken}
        for p in punten:
            x = per_id.get(p.id, Afvink(p.id))
            w[f"{prefix}-{p.id}"] = x.gedaan
            w[f"{prefix}-{p.id}-notitie"] = x.notitie
    return w


def vingerafdruk(plan: Plan) -> dict[str, Any]:
    """What the user wrote, without the gemeenten (changing those is what we guard)."""
    inhoud = plan_naar_dict(plan)
    inhoud.pop("gemeenten")
    return inhoud


def heeft_wijzigingen(plan: Plan, basis: Mapping[str, Any] | None) -> bool:
    """True when the screen holds work that differs from the last opened/saved/new plan."""
    return basis is not None and vingerafdruk(plan) != basis


# --- adding indicators and measurements from the step-3 widgets ---------------------------------


class FormulierFout(ValueError):
    """Something the user must fix in a form; the message is Dutch and shown as is."""


def indicator_uit_widgets(
    waarden: Mapping[str, Any], n: int, bestaande: list[Indicator]
) -> Indicator:
    """The indicator the 'add' form of action ``n`` describes; names are unique per action."""
    naam = (_tekst(waarden, f"ind-{n}-eigen")).strip() or _tekst(waarden, f"ind-{n}-naam")
    if not naam:
        raise FormulierFout(f"Actie {n}: geef de indicator een naam.")
    if any(i.naam.strip().lower() == naam.lower() for i in bestaande):
        raise FormulierFout(f"Actie {n}: de indicator '{naam}' bestaat al.")
    return Indicator(
        naam=naam,
        nulmeting=waarden.get(f"ind-{n}-nul"),
        nulmeting_datum=waarden.get(f"ind-{n}-nuldatum"),
        streefwaarde=waarden.get(f"ind-{n}-streef"),
        streefdatum=waarden.get(f"ind-{n}-streefdatum"),
        bron=_tekst(waarden, f"ind-{n}-bron"),
        eenheid=_tekst(waarden, f"ind-{n}-eenheid"),
    )


def meting_uit_widgets(waarden: Mapping[str, Any], n: int, i: int, indicator: str) -> Meting:
    """A measurement from the widgets of indicator ``i`` of action ``n``."""
    datum, waarde = waarden.get(f"met-{n}-{i}-datum"), waarden.get(f"met-{n}-{i}-waarde")
    if datum is None or waarde is None:
        raise FormulierFout(
            f"Actie {n}, {indicator}: vul bij een meting een datum en een waarde in."
        )
    return Meting(datum, float(waarde), _tekst(waarden, f"met-{n}-{i}-bron"))


def lijst_tekst(kop: str, regels: list[str]) -> str:
    """A message with a bullet per problem, as the page shows it."""
    return kop + "\n" + "\n".join(f"- {r}" for r in regels)


# --- when to show what a goal misses ---------------------------------------------------------

AANGERAAKT = "_doel_aangeraakt"  # keys of SMART fields the user has left (on_change)
GECONTROLEERD = "_plan_gecontroleerd"  # set by saving or opening: show every finding


def zichtbare_meldingen(meldingen, nummer: int, aangeraakt: set[str], alles: bool) -> list:
    """Findings on fields the user has already left, or all of them after a save.

    A form that is red before anything is typed tells the user nothing; a field counts as
    left once its on_change fired (Streamlit sends a text field's value on blur or Enter).
    'doelgroep' may also be met by choosing wijken, so either field shows that finding.
    """
    if alles:
        return list(meldingen)
    velden = {v for v in DOELVELDEN if doel_key(nummer, v) in aangeraakt}
    if "wijken" in velden:
        velden.add("doelgroep")
    return [m for m in meldingen if m.veld in velden]
