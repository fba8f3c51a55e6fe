"""Texts and table rows the Preventieplan page shows, built here so they can be tested.

The page only puts these on screen; what is said about an action, a service or a version
is decided in this module.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from planner.kaart.search import markdown_tekst as md
from planner.plan.aanbod import Dienst, Levering
from planner.plan.catalogus import NIVEAUS, NOG_NAGAAN, SPECTRUM, TREDEN, Actie
from planner.plan.model import GekozenActie, Indicator, Plan

TABBLADEN = (
    "Stap 1. Beoordeel de situatie",
    "Stap 2. Bepaal wat u doet en hoe",
    "Stap 3. Stuur en monitor",
    "Opslaan en exporteren",
)


def actie_kenmerken(a: Actie) -> str:
    """Who, level, trede, spectrum and source of an action as a markdown list."""
    return (
        f"- **Voor wie:** {a.doelgroep}\n"
        f"- **Preventieniveau:** {', '.join(NIVEAUS[n].lower() for n in a.niveaus)}\n"
        f"- **Trede:** {', '.join(f'{t} ({TREDEN[t].lower()})' for t in a.treden)}\n"
        f"- **Spectrum:** {', '.join(SPECTRUM[x].lower() for x in a.spectrum)}\n"
        f"- **Bron:** {a.bron}"
    )


def voorbeelden(a: Actie) -> str:
    """Interventions rated at least 'goed onderbouwd', ways of working, and the rest named.

    A 'niet erkend' intervention is never offered; one whose rating was not checked is
    listed apart with the advice to look it up, so it does not pass for a recommendation.
    """
    delen = []
    erkend = [v for v in a.voorbeelden if v.soort == "interventie" and v.voorgesteld]
    if erkend:
        delen.append(
            "**Interventies (minstens 'goed onderbouwd')**\n"
            + "\n".join(f"- {v.naam}: {v.oordeel_tekst}; bron: {v.bron}" for v in erkend)
        )
    werkwijzen = [v for v in a.voorbeelden if v.soort == "werkwijze"]
    if werkwijzen:
        delen.append(
            "**Werkwijzen** (geen interventie met een oordeel in de Databank)\n"
            + "\n".join(f"- {v.naam}" for v in werkwijzen)
        )
    onbekend = [v for v in a.voorbeelden if v.soort == "interventie" and v.oordeel is None]
    if onbekend:
        delen.append(
            "**Oordeel nog nagaan** (niet als erkende interventie voorgesteld)\n"
            + "\n".join(f"- {v.naam}: {v.nagegaan or NOG_NAGAAN}" for v in onbekend)
        )
    niet = [v for v in a.voorbeelden if v.oordeel is not None and not v.voorgesteld]
    if niet:
        delen.append(
            "**Niet voorgesteld:** " + "; ".join(f"{v.naam} ({v.oordeel_tekst})" for v in niet)
        )
    return "\n\n".join(delen) or "Geen voorbeelden."


def levering_tekst(levering: Sequence[Levering]) -> str:
    """Services that may deliver an action, with why; never more than 'mogelijk'."""
    if not levering:
        return (
            "**Lokaal aanbod:** in de sociale kaart staat nog niets dat deze actie lijkt uit "
            "te voeren."
        )
    regels = [
        f"- {md(x.dienst.naam)} ("
        + (f"trefwoord: {x.trefwoord}" if x.trefwoord else f"probleemgebied: {x.probleemgebied}")
        + ")"
        for x in levering
    ]
    return (
        "**Lokaal aanbod dat deze actie mogelijk uitvoert** (op trefwoord of probleemgebied; "
        "controleer zelf of het echt deze actie uitvoert)\n" + "\n".join(regels)
    )


def op_niveau_tekst(diensten: Sequence[Dienst]) -> str | None:
    if not diensten:
        return None
    return (
        "Past alleen op trede, niveau en leeftijd (controleer of het deze actie uitvoert): "
        + "; ".join(md(d.naam) for d in diensten)
    )


def versie_rijen(versies: Sequence) -> list[dict[str, str]]:
    """The version history: number, status, when, who (where known) and why."""
    from planner.plan.model import STATUSSEN

    return [
        {
            "Versie": str(v.versie),
            "Status": STATUSSEN.get(v.status, v.status),
            "Opgeslagen": v.opgeslagen.strftime("%d-%m-%Y %H:%M"),
            "Door": v.door or "onbekend",
            "Toelichting": v.toelichting,
        }
        for v in versies
    ]


def nog_aan_te_vullen(plan: Plan) -> tuple[str, str] | None:
    """What the plan still misses: an error for a plan marked vastgesteld, else a reminder."""
    from planner.plan.formulier import lijst_tekst
    from planner.plan.model import kan_vaststellen

    fouten = kan_vaststellen(plan)
    if not fouten:
        return None
    if plan.status == "vastgesteld":
        return "error", lijst_tekst("Dit plan kan nog niet worden vastgesteld:", fouten)
    return "warning", lijst_tekst("Nog aan te vullen:", fouten)


def werkversie(plan_id: int, versie: int) -> str:
    """Which plan and version the screen holds; the number is what the command line asks for."""
    return f"U werkt in plan {plan_id}, versie {versie}. Opslaan maakt een nieuwe versie."


def bestandsnaam(plan: Plan) -> str:
    """A safe file name from the plan name."""
    naam = "".join(ch if ch.isalnum() else "_" for ch in plan.naam).strip("_").lower()
    return naam or "preventieplan"


def kerncijfer_rijen(cijfers: Sequence) -> list[dict[str, str]]:
    """Key figures of step 1 with their source, one row each."""
    return [{"Wat": k.label, "Waarde": k.waarde, "Bron": k.bron} for k in cijfers]


def signalen_tekst(signalen: Sequence) -> str:
    """The wijken where several indicators point the same way (alphabetical, not a ranking)."""
    if not signalen:
        return "Geen wijken waar twee of meer cijfers duidelijk afwijken."
    return "\n".join(f"- **{md(x.wijknaam)}**: {', '.join(x.indicatoren)}" for x in signalen)


def indicator_samenvatting(indicator: Indicator) -> str:
    """Baseline, target and realisation; small counts stay hidden (monitor's one rule)."""
    from planner.plan.monitor import toon_realisatie, toon_waarde

    return (
        f"- Nulmeting: {toon_waarde(indicator.nulmeting, indicator.eenheid)}\n"
        f"- Streefwaarde: {toon_waarde(indicator.streefwaarde, indicator.eenheid)}\n"
        f"- Realisatie: {toon_realisatie(indicator)}"
    )


def actie_regel(actie: Actie, gekozen: GekozenActie) -> str:
    """One chosen action with its goal in a line, for the presentation."""
    d = gekozen.doel
    wanneer = d.wanneer.strftime("%d-%m-%Y") if d.wanneer else "datum nog open"
    hoeveel = f"{d.aantal} {d.eenheid}".strip() if d.aantal is not None else ""
    # The goal, unit and owner are typed by users: escaped, so a Markdown image or a URL
    # in them is shown as text and never fetched or linked (issue 11).
    return (
        f"**{actie.label}**  \n{md(d.wat) or 'doel nog niet ingevuld'}"
        + (f" – {md(hoeveel)}" if hoeveel else "")
        + f" – {wanneer} – eigenaar: {md(d.eigenaar) or 'nog open'}"
    )


def plan_keuzes(bestaande: Sequence) -> dict[int, str]:
    """The saved plans of a gemeente as choices, 'Nieuw plan' (0) first."""
    from planner.plan.model import STATUSSEN

    return {0: "Nieuw plan"} | {
        p.id: f"{p.naam} – {STATUSSEN[p.status].lower()}, versie {p.versie}"
        + (" (regionaal)" if len(p.gemeenten) > 1 else "")
        for p in bestaande
    }


def regio_keuzes(gemeente: str, regio: Sequence[str], gekozen: Sequence[str]) -> list[str]:
    """Other gemeenten a regional plan may include: the region's, plus any chosen before.

    A regional plan may also include gemeenten outside the centrumgemeente region, so what
    was chosen stays choosable.
    """
    return list(dict.fromkeys(c for c in [*regio, *gekozen] if c != gemeente))


def kaart_titel(namen: Mapping[str, str], gemeenten: Sequence[str]) -> str:
    """Title of the step-1 map, the same on screen and in the document."""
    return "Wijken van " + ", ".join(namen.get(c, c) for c in gemeenten)


def wissel_waarschuwing(naar: str) -> str:
    """Said before switching gemeente would throw away unsaved work."""
    return (
        "U heeft wijzigingen in dit plan die nog niet zijn opgeslagen. Sla het plan eerst op "
        f"(tabblad 'Opslaan en exporteren'), of wissel toch naar {naar}: dan gaan de "
        "wijzigingen verloren."
    )
