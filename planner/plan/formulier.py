"""The plan as widget values: one mapping of widget key -> value, in both directions.

The Preventieplan page keeps every field in a widget; these two pure functions are the
whole translation, so the page stays glue and a round trip can be tested without Streamlit.
Indicators are not widgets (they are a growing list) and travel in ``sleutels.INDICATOREN``.
The forms are declared here as data too (``Veld``), so every widget key comes from
``sleutels`` and the page only draws what it is given.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

from planner.plan import sleutels as k
from planner.plan.catalogus import Actie, Catalogus, Punt
from planner.plan.model import (
    STATUSSEN,
    Afvink,
    Doel,
    GekozenActie,
    Indicator,
    Meting,
    Plan,
    Situatie,
    plan_naar_dict,
)
from planner.plan.tables import MAX_DOOR, MAX_NAAM, MAX_TOELICHTING

DOELVELDEN = tuple(f.name for f in fields(Doel))


def _tekst(waarden: Mapping[str, Any], key: str) -> str:
    return waarden.get(key) or ""


def plan_uit_widgets(waarden: Mapping[str, Any], cat: Catalogus, standaard_gemeente: str) -> Plan:
    """Build the plan the widgets show now."""
    gemeenten = (waarden.get(k.GEMEENTE) or standaard_gemeente, *waarden.get(k.REGIO, []))
    indicatoren: Mapping[int, list[Indicator]] = waarden.get(k.INDICATOREN) or {}
    acties = []
    for a in cat.acties:
        n = a.nummer
        if not waarden.get(k.actie(n)):
            continue
        aantal = waarden.get(k.doel(n, "aantal"))
        partners = _tekst(waarden, k.doel(n, "partners")).split(",")
        doel = Doel(
            wat=_tekst(waarden, k.doel(n, "wat")),
            doelgroep=_tekst(waarden, k.doel(n, "doelgroep")),
            wijken=tuple(waarden.get(k.doel(n, "wijken")) or ()),
            aantal=None if aantal is None else int(aantal),
            eenheid=_tekst(waarden, k.doel(n, "eenheid")),
            wanneer=waarden.get(k.doel(n, "wanneer")),
            eigenaar=_tekst(waarden, k.doel(n, "eigenaar")),
            partners=tuple(p.strip() for p in partners if p.strip()),
            budget=waarden.get(k.doel(n, "budget")),
        )
        acties.append(GekozenActie(n, doel, tuple(indicatoren.get(n, ()))))

    def afvinken(soort: str, punten) -> tuple[Afvink, ...]:
        return tuple(
            Afvink(
                p.id,
                bool(waarden.get(k.afvink(soort, p.id))),
                _tekst(waarden, k.afvink(soort, p.id, notitie=True)),
            )
            for p in punten
        )

    return Plan(
        naam=_tekst(waarden, k.NAAM) or "Preventieplan",
        gemeenten=tuple(dict.fromkeys(gemeenten)),
        status=waarden.get(k.STATUS) or "concept",
        periode=_tekst(waarden, k.PERIODE),
        situatie=Situatie(
            **{veld: _tekst(waarden, sleutel) for veld, sleutel in k.SITUATIE.items()},
            bronnen=tuple(p.id for p in cat.bronnen_stap1 if waarden.get(k.bron(p.id))),
        ),
        acties=tuple(acties),
        aandachtspunten=afvinken("ap", cat.aandachtspunten),
        stuurinstrumenten=afvinken("si", cat.stuurinstrumenten),
    )


def widgets_uit_plan(plan: Plan, cat: Catalogus) -> dict[str, Any]:
    """Every widget value for a plan; actions not chosen get empty goal fields."""
    sit = plan.situatie
    w: dict[str, Any] = {
        k.GEMEENTE: plan.gemeenten[0],
        k.REGIO: list(plan.gemeenten[1:]),
        k.NAAM: plan.naam,
        k.STATUS: plan.status,
        k.PERIODE: plan.periode,
        **{sleutel: getattr(sit, veld) for veld, sleutel in k.SITUATIE.items()},
        k.INDICATOREN: {},
    }
    for p in cat.bronnen_stap1:
        w[k.bron(p.id)] = p.id in sit.bronnen
    for a in cat.acties:
        gekozen = plan.actie(a.nummer)
        d = gekozen.doel if gekozen else Doel()
        w[k.actie(a.nummer)] = gekozen is not None
        for veld in DOELVELDEN:
            w[k.doel(a.nummer, veld)] = getattr(d, veld)
        w[k.doel(a.nummer, "wijken")] = list(d.wijken)
        w[k.doel(a.nummer, "partners")] = ", ".join(d.partners)
        if gekozen and gekozen.indicatoren:
            w[k.INDICATOREN][a.nummer] = list(gekozen.indicatoren)
    for soort, afvinken, punten in (
        ("ap", plan.aandachtspunten, cat.aandachtspunten),
        ("si", plan.stuurinstrumenten, cat.stuurinstrumenten),
    ):
        per_id = {x.id: x for x in afvinken}
        for p in punten:
            x = per_id.get(p.id, Afvink(p.id))
            w[k.afvink(soort, p.id)] = x.gedaan
            w[k.afvink(soort, p.id, notitie=True)] = x.notitie
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
    eigen = _tekst(waarden, k.indicator(n, "eigen")).strip()
    naam = eigen or _tekst(waarden, k.indicator(n, "naam"))
    if not naam:
        raise FormulierFout(f"Actie {n}: geef de indicator een naam.")
    if any(i.naam.strip().lower() == naam.lower() for i in bestaande):
        raise FormulierFout(f"Actie {n}: de indicator '{naam}' bestaat al.")
    return Indicator(
        naam=naam,
        nulmeting=waarden.get(k.indicator(n, "nul")),
        nulmeting_datum=waarden.get(k.indicator(n, "nuldatum")),
        streefwaarde=waarden.get(k.indicator(n, "streef")),
        streefdatum=waarden.get(k.indicator(n, "streefdatum")),
        bron=_tekst(waarden, k.indicator(n, "bron")),
        eenheid=_tekst(waarden, k.indicator(n, "eenheid")),
    )


def meting_uit_widgets(waarden: Mapping[str, Any], n: int, i: int, indicator: str) -> Meting:
    """A measurement from the widgets of indicator ``i`` of action ``n``."""
    datum, waarde = waarden.get(k.meting(n, i, "datum")), waarden.get(k.meting(n, i, "waarde"))
    if datum is None or waarde is None:
        raise FormulierFout(
            f"Actie {n}, {indicator}: vul bij een meting een datum en een waarde in."
        )
    return Meting(datum, float(waarde), _tekst(waarden, k.meting(n, i, "bron")))


def lijst_tekst(kop: str, regels: list[str]) -> str:
    """A message with a bullet per problem, as the page shows it."""
    return kop + "\n" + "\n".join(f"- {r}" for r in regels)


# --- when to show what a goal misses ---------------------------------------------------------


def zichtbare_meldingen(meldingen, nummer: int, aangeraakt: set[str], alles: bool) -> list:
    """Findings on fields the user has already left, or all of them after a save.

    A form that is red before anything is typed tells the user nothing; a field counts as
    left once its on_change fired (Streamlit sends a text field's value on blur or Enter).
    'doelgroep' may also be met by choosing wijken, so either field shows that finding.
    """
    if alles:
        return list(meldingen)
    velden = {v for v in DOELVELDEN if k.doel(nummer, v) in aangeraakt}
    if "wijken" in velden:
        velden.add("doelgroep")
    return [m for m in meldingen if m.veld in velden]


# --- the forms as data: label, key and options of every widget --------------------------------

LEEG: dict[str, Any] = {"value": None}  # a number or date stays empty until typed
DATUM: dict[str, Any] = {**LEEG, "format": "DD-MM-YYYY"}


@dataclass(frozen=True)
class Veld:
    """One widget as data, so labels and keys are declared here and the page only draws.

    ``soort`` names the Streamlit function (``text_input``, ``date_input``...); ``breedte``
    is the widget's share of its row.
    """

    soort: str
    label: str
    sleutel: str
    opties: Mapping[str, Any] = field(default_factory=dict)
    breedte: int = 1


Rij = tuple[Veld, ...]


def kiesvelden(
    codes: Sequence[str], namen: Mapping[str, str], regio: Sequence[str], plannen: Mapping[int, str]
) -> tuple[Rij, ...]:
    """Which gemeente, which other gemeenten of the region, which saved plan (0 = new)."""
    gemeente = {"options": list(codes), "format_func": lambda c: f"{namen[c]} ({c})"}
    andere = {
        "options": list(regio),
        "format_func": lambda c: namen.get(c, c),
        "placeholder": "Kies gemeenten",
        "help": "Kies gemeenten als het plan voor meer gemeenten samen geldt.",
    }
    keuze = {"options": list(plannen), "format_func": plannen.get}
    return (
        (
            Veld("selectbox", "Gemeente (typ om te zoeken)", k.GEMEENTE, gemeente, 2),
            Veld("multiselect", "Regionaal plan: andere gemeenten in de regio", k.REGIO, andere, 3),
            Veld("selectbox", "Opgeslagen plannen van deze gemeente", k.KEUZE, keuze, 3),
        ),
    )


def planvelden() -> tuple[Rij, ...]:
    """Name, period and status of the plan, above the tabs."""
    status = {"options": list(STATUSSEN), "format_func": STATUSSEN.get, "horizontal": True}
    return (
        (
            Veld("text_input", "Naam van het plan", k.NAAM, {"max_chars": MAX_NAAM}, 3),
            Veld("text_input", "Periode (bijvoorbeeld 2026-2028)", k.PERIODE, breedte=2),
            Veld("radio", "Status", k.STATUS, status, 2),
        ),
    )


def opslaanvelden(met_naam: bool) -> tuple[Rij, ...]:
    """Why this version, and who saves it when nobody is logged in."""
    rijen: list[Rij] = [
        (
            Veld(
                "text_input",
                "Wat is er veranderd? (komt in de versiegeschiedenis)",
                k.TOELICHTING,
                {"max_chars": MAX_TOELICHTING},
            ),
        )
    ]
    if met_naam:
        label = "Uw naam (komt in de versiegeschiedenis; mag leeg blijven)"
        rijen.append((Veld("text_input", label, k.DOOR, {"max_chars": MAX_DOOR}),))
    return tuple(rijen)


def situatievelden() -> tuple[Rij, ...]:
    """Step 1: what the figures do not show."""
    labels = {
        "professionals": "Wat zeggen professionals in de wijken?",
        "inwoners": "Wat zeggen inwoners en ouders?",
        "beschermende_factoren": "Welke beschermende factoren zijn er (bijvoorbeeld "
        "buurtnetwerken, sterke scholen)?",
        "notities": "Overige notities",
    }
    return tuple((Veld("text_area", labels[v], s),) for v, s in k.SITUATIE.items())


def doelvelden(actie: Actie, wijknamen: Mapping[str, str]) -> tuple[Rij, ...]:
    """The SMART goal of an action: what, for whom, where, how much, when, who, budget."""
    n, pre = actie.nummer, f"Actie {actie.nummer}"

    def veld(soort: str, label: str, naam: str, **opties: Any) -> Veld:
        return Veld(soort, f"{pre}: {label}", k.doel(n, naam), opties)

    return (
        (
            veld("text_input", "wat wilt u bereiken?", "wat"),
            veld("text_input", "voor wie (doelgroep)?", "doelgroep", placeholder=actie.doelgroep),
        ),
        (
            veld(
                "multiselect",
                "in welke wijken? (leeg = alle wijken)",
                "wijken",
                options=list(wijknamen),
                format_func=lambda c: wijknamen.get(c, c),
                placeholder="Kies wijken",
            ),
        ),
        (
            veld("number_input", "hoeveel?", "aantal", min_value=0, step=1, value=None),
            veld("text_input", "eenheid (bijvoorbeeld gezinnen)", "eenheid"),
            veld("date_input", "wanneer klaar?", "wanneer", **DATUM),
        ),
        (
            veld("text_input", "wie is eigenaar?", "eigenaar"),
            veld("text_input", "partners (met komma's)", "partners"),
            veld(
                "number_input",
                "budget in euro",
                "budget",
                min_value=0.0,
                step=1000.0,
                value=None,
                format="%.0f",
            ),
        ),
    )


def indicatorvelden(actie: Actie) -> tuple[Rij, ...]:
    """The 'add an indicator' form of an action; the first field proposes the catalogue's."""
    from planner.plan.monitor import EENHEDEN

    n, achter = actie.nummer, f" (actie {actie.nummer})"

    def veld(soort: str, label: str, naam: str, **opties: Any) -> Veld:
        return Veld(soort, label + achter, k.indicator(n, naam), opties)

    voorstellen = [x.naam for x in actie.indicatoren]
    return (
        (veld("selectbox", "Voorgestelde indicator", "naam", options=voorstellen),),
        (veld("text_input", "Of een eigen indicator", "eigen"),),
        (
            veld("selectbox", "Eenheid", "eenheid", options=list(EENHEDEN)),
            veld("number_input", "Nulmeting", "nul", value=None),
            veld("date_input", "Datum nulmeting", "nuldatum", **DATUM),
        ),
        (
            veld("number_input", "Streefwaarde", "streef", value=None),
            veld("date_input", "Streefdatum", "streefdatum", **DATUM),
            veld("text_input", "Bron (waar komt het cijfer vandaan?)", "bron"),
        ),
    )


def metingvelden(n: int, i: int, indicator: str) -> tuple[Rij, ...]:
    """A new measurement of indicator ``i`` of action ``n``, one field under the other."""
    wat = f"{indicator} (actie {n})"
    return (
        (Veld("date_input", f"Datum meting – {wat}", k.meting(n, i, "datum"), DATUM),),
        (Veld("number_input", f"Gemeten waarde – {wat}", k.meting(n, i, "waarde"), LEEG),),
        (Veld("text_input", f"Bron van de meting – {wat}", k.meting(n, i, "bron")),),
    )


def afvinkvelden(soort: str, punten: Sequence[Punt]) -> tuple[Rij, ...]:
    """A checklist ('ap' points of attention, 'si' steering instruments) with a note each."""
    return tuple(
        (
            Veld("checkbox", p.titel, k.afvink(soort, p.id), {"help": p.uitleg}, 2),
            Veld("text_input", f"Notitie bij: {p.titel}", k.afvink(soort, p.id, True), breedte=3),
        )
        for p in punten
    )
