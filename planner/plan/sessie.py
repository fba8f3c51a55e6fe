"""What happens to a Preventieplan session on new, open, switch gemeente, save and import.

The page keeps the plan in widgets; these transitions rewrite that session state. They take
the state as a plain ``MutableMapping`` (``st.session_state`` on the page, a dict in tests),
so the page only wires widgets to them and every transition is tested without Streamlit.
Messages for the user go into ``sleutels.MELDING`` as ``(soort, tekst)``.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.engine import Engine

from planner.kaart.search import markdown_tekst as md
from planner.plan import formulier, monitor, opslag
from planner.plan import sleutels as k
from planner.plan.catalogus import Catalogus
from planner.plan.model import Doel, Plan, PlanOngeldig, controleer_doel

State = MutableMapping[str, Any]

STANDAARD_GEMEENTE = "GM1930"  # Nissewaard, centrumgemeente of the seed region
OPSLAGFOUTEN = (opslag.PlanConflict, opslag.PlanNietOpgeslagen, opslag.PlanNietGevonden)


@dataclass(frozen=True)
class Omgeving:
    """What the transitions need besides the state: the store, the catalogue, the names."""

    engine: Engine
    cat: Catalogus
    namen: Mapping[str, str]  # gemeentecode -> naam

    @property
    def standaard_gemeente(self) -> str:
        if STANDAARD_GEMEENTE in self.namen or not self.namen:
            return STANDAARD_GEMEENTE
        return min(self.namen, key=self.namen.__getitem__)


def _melding(state: State, soort: str, tekst: str) -> None:
    state[k.MELDING] = (soort, tekst)


def plan(state: State, cat: Catalogus) -> Plan:
    """The plan as the widgets show it now."""
    return formulier.plan_uit_widgets(state, cat, STANDAARD_GEMEENTE)


def _zet(state: State, omg: Omgeving, p: Plan) -> None:
    """Put a plan into the widgets (only from callbacks or before the widgets exist)."""
    state.update(formulier.widgets_uit_plan(p, omg.cat))


def _zet_basis(state: State, omg: Omgeving) -> None:
    """Remember the plan as opened/saved, to notice unsaved work later."""
    state[k.BASIS] = formulier.vingerafdruk(plan(state, omg.cat))


def _geladen(state: State, omg: Omgeving, info: opslag.PlanInfo) -> None:
    """The screen now shows the newest version of a stored plan."""
    state[k.PLAN_ID], state[k.PLAN_VERSIE] = info.id, info.versie
    state[k.KEUZE] = info.id
    _zet_basis(state, omg)


def heeft_wijzigingen(state: State, omg: Omgeving) -> bool:
    """True when the screen holds work not yet saved (or differing from the new plan)."""
    return formulier.heeft_wijzigingen(plan(state, omg.cat), state.get(k.BASIS))


def begin(state: State, omg: Omgeving) -> None:
    """The first run of a session: a new plan for the standard gemeente."""
    if k.NAAM not in state:
        state[k.GEMEENTE] = omg.standaard_gemeente
        nieuw_plan(state, omg)
    state.setdefault(k.GEMEENTE, omg.standaard_gemeente)


def nieuw_plan(state: State, omg: Omgeving) -> None:
    """An empty plan for the chosen gemeente; the saved plan (if any) is left alone."""
    gm = state.get(k.GEMEENTE, STANDAARD_GEMEENTE)
    _zet(state, omg, Plan(f"Preventieplan {omg.namen.get(gm, gm)}", (gm,)))
    state.pop(k.WISSEL_NAAR, None)
    _zet_basis(state, omg)
    state[k.KEUZE] = 0
    state[k.PLAN_ID] = None
    state[k.PLAN_VERSIE] = None
    state.pop(k.DOCX, None)
    state.pop(k.PDF, None)
    state[k.AANGERAAKT] = set()
    state[k.GECONTROLEERD] = False


def open_plan(state: State, omg: Omgeving) -> None:
    """Open the plan chosen in the list (0 is 'Nieuw plan')."""
    plan_id = state.get(k.KEUZE) or 0
    if not plan_id:
        nieuw_plan(state, omg)
        return
    try:
        p, info = opslag.laad_plan(omg.engine, plan_id)
    except opslag.PlanNietGevonden as fout:  # removed meanwhile by someone else
        _melding(state, "error", str(fout))
        state[k.KEUZE] = state.get(k.PLAN_ID) or 0
        return
    _zet(state, omg, p)
    _geladen(state, omg, info)
    _melding(state, "info", f"Plan '{md(info.naam)}' geopend (versie {info.versie}).")
    state[k.GECONTROLEERD] = True
    state.pop(k.DOCX, None)
    state.pop(k.PDF, None)


def wissel_gemeente(state: State, omg: Omgeving) -> None:
    """A new gemeente starts a new plan, but never silently over unsaved work."""
    vorig = state.get(k.VORIGE_GEMEENTE)
    if vorig and heeft_wijzigingen(state, omg):
        state[k.WISSEL_NAAR] = state[k.GEMEENTE]
        state[k.GEMEENTE] = vorig
        return
    state[k.REGIO] = []
    nieuw_plan(state, omg)


def wissel_toch(state: State, omg: Omgeving) -> None:
    """The user accepts losing the unsaved work: switch to the gemeente asked for."""
    naar = state.pop(k.WISSEL_NAAR, None)
    if naar:
        state[k.GEMEENTE] = naar
    state[k.REGIO] = []
    nieuw_plan(state, omg)


def wissel_niet(state: State) -> None:
    """Stay with the plan on screen."""
    state.pop(k.WISSEL_NAAR, None)


def door(state: Mapping[str, Any]) -> str:
    """Who saves: the logged-in account where there is one, else the name typed in."""
    account = state.get(k.ACCOUNT)
    return account.naam if account is not None else (state.get(k.DOOR) or "").strip()


def opslaan(state: State, omg: Omgeving) -> None:
    """Save as a new version; a stale version or a database failure is said, not raised."""
    state[k.GECONTROLEERD] = True
    p = plan(state, omg.cat)
    wie = {"door": door(state), "toelichting": state.get(k.TOELICHTING) or ""}
    try:
        if state.get(k.PLAN_ID):
            info = opslag.sla_op(omg.engine, state[k.PLAN_ID], p, state[k.PLAN_VERSIE], **wie)
        else:
            info = opslag.maak_plan(omg.engine, p, **wie)
    except OPSLAGFOUTEN as fout:
        _melding(state, "error", str(fout))
        return
    except PlanOngeldig as fout:
        _melding(state, "error", formulier.lijst_tekst("Het plan is niet opgeslagen:", fout.fouten))
        return
    state[k.TOELICHTING] = ""
    _geladen(state, omg, info)
    _melding(state, "success", f"Opgeslagen als versie {info.versie}.")


def zet_versie_terug(state: State, omg: Omgeving) -> None:
    """Show an older version; saving it makes it the newest (history is never rewritten)."""
    versie = state.get(k.OUDE_VERSIE)
    if not state.get(k.PLAN_ID) or not versie:
        return
    try:
        p, _ = opslag.laad_plan(omg.engine, state[k.PLAN_ID], versie=versie)
    except opslag.PlanNietGevonden as fout:
        _melding(state, "error", str(fout))
        return
    _zet(state, omg, p)
    tekst = f"Versie {versie} staat in het scherm. Sla op om er de nieuwste versie van te maken."
    _melding(state, "info", tekst)


def importeer_plan(state: State, omg: Omgeving) -> None:
    """Store an uploaded plan file as a new plan and open it."""
    bestand = state.get(k.JSON_BESTAND)
    if bestand is None:
        _melding(state, "error", "Kies eerst een planbestand (.json).")
        return
    try:
        info = opslag.importeer_json(
            omg.engine, bestand.getvalue(), door=door(state), bekende_gemeenten=omg.namen
        )
    except PlanOngeldig as fout:
        kop = "Het plan is niet geïmporteerd:"
        _melding(state, "error", formulier.lijst_tekst(kop, fout.fouten))
        return
    except OPSLAGFOUTEN as fout:
        _melding(state, "error", str(fout))
        return
    p, info = opslag.laad_plan(omg.engine, info.id)
    _zet(state, omg, p)
    _geladen(state, omg, info)
    _melding(state, "success", f"Plan '{md(info.naam)}' geïmporteerd.")


# --- step 1 and 2: what the user touched ------------------------------------------------------


def raak(state: State, sleutel: str) -> None:
    """The user left this SMART field: from now on its findings may show."""
    state.setdefault(k.AANGERAAKT, set()).add(sleutel)


def doel_en_meldingen(state: State, cat: Catalogus, n: int, vandaag: date) -> tuple[Doel, list]:
    """The goal of chosen action ``n`` and the findings to show now (see ``formulier``)."""
    gekozen = plan(state, cat).actie(n)
    doel = gekozen.doel if gekozen else Doel()
    meldingen = formulier.zichtbare_meldingen(
        controleer_doel(doel, vandaag),
        n,
        state.get(k.AANGERAAKT, set()),
        bool(state.get(k.GECONTROLEERD)),
    )
    return doel, meldingen


# --- step 3: indicators and measurements ----------------------------------------------------


def voeg_indicator_toe(state: State, n: int) -> None:
    """Add the indicator the form of action ``n`` describes; the own-name field empties."""
    lijst = state.setdefault(k.INDICATOREN, {}).setdefault(n, [])
    try:
        lijst.append(formulier.indicator_uit_widgets(state, n, lijst))
    except formulier.FormulierFout as fout:
        _melding(state, "error", str(fout))
        return
    state[k.indicator(n, "eigen")] = ""


def voeg_meting_toe(state: State, n: int, i: int) -> None:
    """Add (or correct, on the same date) a measurement of indicator ``i`` of action ``n``."""
    lijst = state[k.INDICATOREN][n]
    try:
        meting = formulier.meting_uit_widgets(state, n, i, lijst[i].naam)
    except formulier.FormulierFout as fout:
        _melding(state, "error", str(fout))
        return
    lijst[i] = monitor.met_meting(lijst[i], meting)


def verwijder_indicator(state: State, n: int, i: int) -> None:
    del state[k.INDICATOREN][n][i]


def eenheid_bij_voorstel(state: State, cat: Catalogus, n: int) -> None:
    """A suggested indicator brings its own unit (a share is not a count)."""
    eenheid = cat.actie(n).eenheid_van(state.get(k.indicator(n, "naam")) or "")
    if eenheid:
        state[k.indicator(n, "eenheid")] = eenheid


def standaard_eenheid(state: State, cat: Catalogus, n: int) -> None:
    """Before the form first shows: the unit of the first suggested indicator."""
    state.setdefault(k.indicator(n, "eenheid"), cat.actie(n).indicatoren[0].eenheid)


def importeer_metingen(state: State, cat: Catalogus) -> None:
    """Add measurements from a CSV file: all of them, or none with a message per line."""
    bestand = state.get(k.METINGEN_BESTAND)
    if bestand is None:
        _melding(state, "error", "Kies eerst een CSV-bestand met metingen.")
        return
    try:
        nieuw = monitor.importeer_metingen(plan(state, cat), bestand.getvalue())
    except monitor.MetingImportFout as fout:
        kop = "Er is niets geïmporteerd. Pas het bestand aan en probeer het opnieuw:"
        _melding(state, "error", formulier.lijst_tekst(kop, fout.fouten))
        return
    state[k.INDICATOREN] = {a.nummer: list(a.indicatoren) for a in nieuw.acties}
    aantal = sum(len(i.metingen) for a in nieuw.acties for i in a.indicatoren)
    _melding(state, "success", f"Metingen geïmporteerd; het plan heeft er nu {aantal}.")


def vraag_export(state: MutableMapping) -> None:
    """The user asked for the Word and PDF files: they are made until both exist."""
    state[k.EXPORT_GEVRAAGD] = True
