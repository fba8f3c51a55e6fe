"""Every key the Preventieplan keeps in the session: widget keys and the page's own state.

Declared once, so the page, ``formulier`` and ``sessie`` can never disagree about where a
value lives; tests may still spell the literal keys, because those are what a browser sees.
"""

from __future__ import annotations

# --- widgets at the top of the page ---------------------------------------------------------
GEMEENTE = "plan-gemeente"
REGIO = "plan-regio"
KEUZE = "plan-keuze"  # the saved plan chosen (0 = new plan)
NAAM = "plan-naam"
PERIODE = "plan-periode"
STATUS = "plan-status"
WISSEL_TOCH = "plan-wissel-toch"
WISSEL_NIET = "plan-wissel-niet"

# --- step 3 and the save tab ----------------------------------------------------------------
MONITOR_CSV = "plan-monitor-csv"
METINGEN_BESTAND = "plan-metingen-bestand"
METINGEN_KNOP = "plan-metingen-knop"
DEMO_HUIDIG = "demo-huidig"
TOELICHTING = "plan-toelichting"
DOOR = "plan-door"
OPSLAAN = "plan-opslaan"
OUDE_VERSIE = "plan-oude-versie"
TERUG = "plan-terug"
NIEUW = "plan-nieuw"
MAAK_EXPORT = "plan-maak-export"
EXPORT_GEVRAAGD = "_plan_export_gevraagd"  # set by the button, cleared once both files exist
DOWNLOAD = "plan-download-{}"  # .format("docx" | "pdf" | "json")
JSON_BESTAND = "plan-json-bestand"
IMPORTEER = "plan-importeer"

# --- what the page remembers between reruns (no widget) ---------------------------------------
MELDING = "plan-melding"  # (soort, tekst) shown once above the tabs
DOCX = "plan-docx"
PDF = "plan-pdf"
PLAN_ID = "_plan_id"
PLAN_VERSIE = "_plan_versie"
BASIS = "_plan_basis"  # fingerprint of the plan as opened/saved, to notice unsaved work
WISSEL_NAAR = "_wissel_naar"  # the gemeente asked for while there was unsaved work
VORIGE_GEMEENTE = "_plan_gemeente_vorig"
INDICATOREN = "plan-indicatoren"  # {actie: [Indicator]}: a growing list, not a widget
AANGERAAKT = "_doel_aangeraakt"  # keys of SMART fields the user has left (on_change)
GECONTROLEERD = "_plan_gecontroleerd"  # set by saving or opening: show every finding
ACCOUNT = "account"  # set by the login (ui), read here for who saves

# Step 1: free text about what the figures do not show.
SITUATIE = {
    "professionals": "s1-professionals",
    "inwoners": "s1-inwoners",
    "beschermende_factoren": "s1-beschermend",
    "notities": "s1-notities",
}


def bron(punt_id: str) -> str:
    """Checkbox of a source consulted in step 1."""
    return f"s1-bron-{punt_id}"


def actie(nummer: int) -> str:
    """Checkbox 'take action n into the plan'."""
    return f"actie-{nummer}"


def doel(nummer: int, veld: str) -> str:
    """A SMART field of the goal of action n."""
    return f"doel-{nummer}-{veld}"


def afvink(soort: str, punt_id: str, notitie: bool = False) -> str:
    """Checkbox (or its note) of a point of attention ('ap') or steering instrument ('si')."""
    return f"{soort}-{punt_id}" + ("-notitie" if notitie else "")


def indicator(nummer: int, veld: str) -> str:
    """A field of the 'add indicator' form of action n (naam, eigen, eenheid, nul, ...)."""
    return f"ind-{nummer}-{veld}"


def meting(nummer: int, i: int, veld: str) -> str:
    """A field of the measurement form of indicator i of action n (datum, waarde, ...)."""
    return f"met-{nummer}-{i}-{veld}"


def indicator_weg(nummer: int, i: int) -> str:
    """The button that removes indicator i of action n."""
    return f"ind-{nummer}-{i}-weg"
