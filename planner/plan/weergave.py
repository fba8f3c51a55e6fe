"""Texts and table rows the Preventieplan page shows, built here so they can be tested.

The page only puts these on screen; what is said about an action, a service or a version
is decided in this module.
"""

from __future__ import annotations

from collections.abc import Sequence

from planner.plan.aanbod import Dienst, Levering
from planner.plan.catalogus import NIVEAUS, SPECTRUM, TREDEN, Actie
from planner.plan.model import Plan


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
    return "**Voorbeelden van interventies**\n" + "\n".join(
        f"- {v.naam}: {v.oordeel_tekst}" for v in a.voorbeelden
    )


def levering_tekst(levering: Sequence[Levering]) -> str:
    """Services that may deliver an action, with why; never more than 'mogelijk'."""
    if not levering:
        return (
            "**Lokaal aanbod:** in de sociale kaart staat nog niets dat deze actie lijkt uit "
            "te voeren."
        )
    regels = [
        f"- {x.dienst.naam} ("
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
        + "; ".join(d.naam for d in diensten)
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


def bestandsnaam(plan: Plan) -> str:
    """A safe file name from the plan name."""
    naam = "".join(ch if ch.isalnum() else "_" for ch in plan.naam).strip("_").lower()
    return naam or "preventieplan"
