"""Session transitions of the Preventieplan page, on a plain dict and a real store."""

from __future__ import annotations

import io
from dataclasses import dataclass, replace
from datetime import date

import pytest

from planner.plan import opslag, sessie
from planner.plan import sleutels as k
from planner.plan.catalogus import catalogus
from planner.plan.model import Afvink, Doel, GekozenActie, Indicator, Meting, Plan

CAT = catalogus()
NAMEN = {"GM1930": "Nissewaard", "GM1924": "Goeree-Overflakkee", "GM1992": "Voorne aan Zee"}


@dataclass(frozen=True)
class Account:
    naam: str


@pytest.fixture
def omg(engine) -> sessie.Omgeving:
    return sessie.Omgeving(engine, CAT, NAMEN)


def _op_scherm(plan: Plan) -> Plan:
    """A plan as the widgets give it back: every checklist point present, unticked."""
    return replace(
        plan,
        aandachtspunten=tuple(Afvink(p.id) for p in CAT.aandachtspunten),
        stuurinstrumenten=tuple(Afvink(p.id) for p in CAT.stuurinstrumenten),
    )


def _begonnen(omg: sessie.Omgeving) -> dict:
    state: dict = {}
    sessie.begin(state, omg)
    state[k.VORIGE_GEMEENTE] = state[k.GEMEENTE]  # what the page does after the selectbox
    return state


def _opgeslagen(omg: sessie.Omgeving, plan: Plan) -> opslag.PlanInfo:
    return opslag.maak_plan(omg.engine, plan, door="anna")


# --- new plan -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("namen", "gemeente", "naam"),
    [
        (NAMEN, "GM1930", "Preventieplan Nissewaard"),
        # Without the seed region's centrumgemeente: the first gemeente by name.
        ({"GM0363": "Amsterdam", "GM0014": "Groningen"}, "GM0363", "Preventieplan Amsterdam"),
    ],
)
def test_a_session_begins_with_a_new_plan(engine, namen, gemeente, naam):
    state: dict = {}
    sessie.begin(state, sessie.Omgeving(engine, CAT, namen))
    assert (state[k.GEMEENTE], state[k.NAAM]) == (gemeente, naam)
    assert state[k.KEUZE] == 0 and state[k.PLAN_ID] is None and state[k.PLAN_VERSIE] is None
    assert state[k.AANGERAAKT] == set() and state[k.GECONTROLEERD] is False
    assert not sessie.heeft_wijzigingen(state, sessie.Omgeving(engine, CAT, namen))


def test_begin_leaves_a_running_session_alone(omg):
    state = _begonnen(omg)
    state[k.NAAM] = "Mijn plan"
    sessie.begin(state, omg)
    assert state[k.NAAM] == "Mijn plan"


def test_new_plan_forgets_the_saved_plan_and_the_documents(omg):
    state = _begonnen(omg)
    state.update({k.PLAN_ID: 4, k.PLAN_VERSIE: 2, k.KEUZE: 4, k.DOCX: b"x", k.PDF: b"y"})
    state.update({k.actie(3): True, k.doel(3, "wat"): "Voorlichting", k.WISSEL_NAAR: "GM1924"})
    sessie.nieuw_plan(state, omg)
    assert (state[k.PLAN_ID], state[k.PLAN_VERSIE], state[k.KEUZE]) == (None, None, 0)
    assert k.DOCX not in state and k.PDF not in state and k.WISSEL_NAAR not in state
    assert state[k.actie(3)] is False and state[k.doel(3, "wat")] == ""
    assert sessie.plan(state, CAT) == _op_scherm(Plan("Preventieplan Nissewaard", ("GM1930",)))


# --- switch gemeente ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wijziging", "daarna", "gemeente", "vraagt", "professionals"),
    [
        # Nothing typed: the switch happens at once, with a new plan.
        ({}, None, "GM1924", False, ""),
        # Unsaved work: the switch is held back and the user is asked.
        ({k.SITUATIE["professionals"]: "Wachtlijst"}, None, "GM1930", True, "Wachtlijst"),
        # ... who may stay with the plan (work kept) ...
        (
            {k.SITUATIE["professionals"]: "Wachtlijst"},
            "niet",
            "GM1930",
            False,
            "Wachtlijst",
        ),
        # ... or switch anyway (work gone).
        ({k.SITUATIE["professionals"]: "Wachtlijst"}, "toch", "GM1924", False, ""),
        # Changing only the region is not work that a switch would lose.
        ({k.REGIO: ["GM1992"]}, None, "GM1924", False, ""),
    ],
)
def test_switching_gemeente_never_silently_drops_unsaved_work(
    omg, wijziging, daarna, gemeente, vraagt, professionals
):
    state = _begonnen(omg)
    state.update(wijziging)
    state[k.GEMEENTE] = "GM1924"  # the selectbox's new value, then its on_change
    sessie.wissel_gemeente(state, omg)
    if daarna == "toch":
        sessie.wissel_toch(state, omg)
    elif daarna == "niet":
        sessie.wissel_niet(state)
    assert state[k.GEMEENTE] == gemeente
    assert (k.WISSEL_NAAR in state) is vraagt
    if vraagt:
        assert state[k.WISSEL_NAAR] == "GM1924"
    assert state[k.SITUATIE["professionals"]] == professionals
    if gemeente == "GM1924":
        assert state[k.NAAM] == "Preventieplan Goeree-Overflakkee" and state[k.REGIO] == []


def test_the_first_run_switches_without_asking(omg):
    state: dict = {}
    sessie.begin(state, omg)  # no previous gemeente recorded yet
    state[k.SITUATIE["notities"]] = "x"
    state[k.GEMEENTE] = "GM1924"
    sessie.wissel_gemeente(state, omg)
    assert state[k.NAAM] == "Preventieplan Goeree-Overflakkee"


def test_switching_anyway_twice_does_not_fail(omg):
    state = _begonnen(omg)
    sessie.wissel_toch(state, omg)  # a double click: nothing asked any more
    assert state[k.GEMEENTE] == "GM1930" and state[k.NAAM] == "Preventieplan Nissewaard"


# --- open -----------------------------------------------------------------------------------

OPGESLAGEN = Plan(
    "Samen veilig",
    ("GM1930", "GM1992"),
    periode="2026-2028",
    acties=(GekozenActie(3, Doel(wat="Uitleg over huilen"), (Indicator("Bereik"),)),),
)


@pytest.mark.parametrize(
    ("keuze", "naam", "melding"),
    [
        ("opgeslagen", "Samen veilig", ("info", "Plan 'Samen veilig' geopend (versie 1).")),
        (0, "Preventieplan Nissewaard", None),
        (999, "Preventieplan Nissewaard", ("error", "Plan 999 bestaat niet.")),
    ],
)
def test_opening_a_saved_plan(omg, keuze, naam, melding):
    info = _opgeslagen(omg, OPGESLAGEN)
    state = _begonnen(omg)
    state[k.DOCX] = b"oud"
    state[k.KEUZE] = info.id if keuze == "opgeslagen" else keuze
    sessie.open_plan(state, omg)
    assert state[k.NAAM] == naam
    assert state.get(k.MELDING) == melding
    if keuze == "opgeslagen":
        assert sessie.plan(state, CAT) == _op_scherm(OPGESLAGEN)
        assert (state[k.PLAN_ID], state[k.PLAN_VERSIE], state[k.KEUZE]) == (info.id, 1, info.id)
        assert state[k.GECONTROLEERD] is True and k.DOCX not in state
        assert state[k.REGIO] == ["GM1992"]
        assert not sessie.heeft_wijzigingen(state, omg)
    else:
        assert state[k.PLAN_ID] is None and state[k.KEUZE] == 0


# --- save -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tussendoor", "soort", "tekst", "versie"),
    [
        (None, "success", "Opgeslagen als versie 2.", 2),
        # A colleague saved since this screen was loaded: refused, not merged.
        ("collega", "error", "Dit plan is intussen opgeslagen door iemand anders", 1),
        # The plan was removed meanwhile.
        ("weg", "error", "bestaat niet", 1),
        # The database could not write (full disk): said, the screen keeps the work.
        ("schijf_vol", "error", "Het plan is niet opgeslagen: de database kon", 1),
        # What the store cannot hold is said per field, nothing is written.
        ("te_lang", "error", "Het plan is niet opgeslagen:\n- ", 1),
    ],
)
def test_saving_makes_a_new_version_or_says_why_not(
    omg, monkeypatch, tussendoor, soort, tekst, versie
):
    from sqlalchemy import delete

    from planner.plan.tables import plan_gemeenten, plan_versies, plannen

    state = _begonnen(omg)
    state[k.NAAM] = "Samen veilig"
    state[k.TOELICHTING] = "Eerste versie"
    sessie.opslaan(state, omg)
    assert state[k.MELDING] == ("success", "Opgeslagen als versie 1.")
    plan_id = state[k.PLAN_ID]
    assert (state[k.PLAN_VERSIE], state[k.KEUZE], state[k.TOELICHTING]) == (1, plan_id, "")
    assert opslag.versies(omg.engine, plan_id)[0].toelichting == "Eerste versie"

    state[k.PERIODE] = "2026-2028"
    assert sessie.heeft_wijzigingen(state, omg)
    if tussendoor == "collega":
        opslag.sla_op(omg.engine, plan_id, OPGESLAGEN, 1, door="bram")
    elif tussendoor == "weg":
        with omg.engine.begin() as conn:
            for tabel in (plan_versies, plan_gemeenten):
                conn.execute(delete(tabel).where(tabel.c.plan_id == plan_id))
            conn.execute(delete(plannen).where(plannen.c.id == plan_id))
    elif tussendoor == "schijf_vol":

        def vol(*args, **kwargs):
            raise opslag.PlanNietOpgeslagen()

        monkeypatch.setattr(opslag, "sla_op", vol)
    elif tussendoor == "te_lang":
        state[k.NAAM] = "x" * 1000
    state[k.DOOR] = "  Anna  "
    sessie.opslaan(state, omg)
    assert state[k.MELDING][0] == soort and tekst in state[k.MELDING][1]
    assert state[k.PLAN_VERSIE] == versie
    assert sessie.heeft_wijzigingen(state, omg) is (soort == "error")
    if soort == "success":
        assert opslag.versies(omg.engine, plan_id)[0].door == "Anna"
        assert opslag.laad_plan(omg.engine, plan_id)[0].periode == "2026-2028"


@pytest.mark.parametrize(
    ("state", "door"),
    [
        ({}, ""),
        ({k.DOOR: " Anna de Vries "}, "Anna de Vries"),
        ({k.DOOR: "Anna", k.ACCOUNT: Account("beheer")}, "beheer"),  # the login wins
    ],
)
def test_who_saves(state, door):
    assert sessie.door(state) == door


def test_an_older_version_comes_back_on_screen(omg):
    info = _opgeslagen(omg, OPGESLAGEN)
    opslag.sla_op(omg.engine, info.id, replace(OPGESLAGEN, periode="2030"), 1)
    state = _begonnen(omg)
    state[k.KEUZE] = info.id
    sessie.open_plan(state, omg)
    assert state[k.PERIODE] == "2030"
    for versie, periode in ((None, "2030"), (1, "2026-2028")):
        state[k.OUDE_VERSIE] = versie
        sessie.zet_versie_terug(state, omg)
        assert state[k.PERIODE] == periode
    assert state[k.MELDING][1].startswith("Versie 1 staat in het scherm.")
    assert state[k.PLAN_VERSIE] == 2  # saving makes version 3, history untouched


# --- import ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bestand", "soort", "tekst"),
    [
        (None, "error", "Kies eerst een planbestand (.json)."),
        (b"{kapot", "error", "Het plan is niet geïmporteerd:\n- Het bestand is geen geldige JSON"),
        ("goed", "success", "Plan 'Samen veilig' geïmporteerd."),
    ],
)
def test_importing_a_plan_file(omg, bestand, soort, tekst):
    state = _begonnen(omg)
    if bestand == "goed":
        bestand = opslag.exporteer_json(OPGESLAGEN).encode()
    state[k.JSON_BESTAND] = None if bestand is None else io.BytesIO(bestand)
    sessie.importeer_plan(state, omg)
    assert state[k.MELDING][0] == soort and state[k.MELDING][1].startswith(tekst)
    if soort == "success":
        assert sessie.plan(state, CAT) == _op_scherm(OPGESLAGEN)
        assert state[k.PLAN_VERSIE] == 1 and state[k.KEUZE] == state[k.PLAN_ID]
    else:
        assert state[k.PLAN_ID] is None and opslag.plannen_voor(omg.engine) == []


# --- step 2 and 3 ---------------------------------------------------------------------------


def test_findings_show_for_touched_fields_only(omg):
    state = _begonnen(omg)
    state[k.actie(3)] = True
    doel, meldingen = sessie.doel_en_meldingen(state, CAT, 3, date(2026, 1, 1))
    assert doel == Doel() and meldingen == []
    sessie.raak(state, k.doel(3, "wat"))
    _, meldingen = sessie.doel_en_meldingen(state, CAT, 3, date(2026, 1, 1))
    assert [m.veld for m in meldingen] == ["wat"]


def test_indicators_and_measurements(omg):
    state = _begonnen(omg)
    state[k.actie(3)] = True
    sessie.standaard_eenheid(state, CAT, 3)
    assert state[k.indicator(3, "eenheid")] == "%"
    state[k.indicator(3, "naam")] = "Aantal ouders met een huilbaby dat extra steun kreeg"
    sessie.eenheid_bij_voorstel(state, CAT, 3)
    assert state[k.indicator(3, "eenheid")] == "aantal"
    sessie.standaard_eenheid(state, CAT, 3)  # never overrides a choice
    assert state[k.indicator(3, "eenheid")] == "aantal"

    state[k.indicator(3, "eigen")] = "Bereik"
    sessie.voeg_indicator_toe(state, 3)
    assert state[k.indicator(3, "eigen")] == ""
    state[k.indicator(3, "eigen")] = "bereik"
    sessie.voeg_indicator_toe(state, 3)
    assert state[k.MELDING] == ("error", "Actie 3: de indicator 'bereik' bestaat al.")
    assert state[k.indicator(3, "eigen")] == "bereik"  # kept, so the user can correct it

    sessie.voeg_meting_toe(state, 3, 0)
    assert state[k.MELDING][1].startswith("Actie 3, Bereik: vul bij een meting")
    state[k.meting(3, 0, "datum")], state[k.meting(3, 0, "waarde")] = date(2026, 6, 1), 12
    sessie.voeg_meting_toe(state, 3, 0)
    (ind,) = sessie.plan(state, CAT).actie(3).indicatoren
    assert (ind.naam, ind.eenheid, ind.metingen) == (
        "Bereik",
        "aantal",
        (Meting(date(2026, 6, 1), 12.0),),
    )

    sessie.verwijder_indicator(state, 3, 0)
    assert sessie.plan(state, CAT).actie(3).indicatoren == ()


@pytest.mark.parametrize(
    ("csv", "soort", "tekst"),
    [
        (None, "error", "Kies eerst een CSV-bestand met metingen."),
        (
            "actie;indicator;datum;waarde;bron\n3;Bereik;2026-06-01;1.234;CJG\n",
            "success",
            "Metingen geïmporteerd; het plan heeft er nu 1.",
        ),
        (
            "actie;indicator;datum;waarde;bron\n3;Bereik;morgen;1;CJG\n",
            "error",
            "Er is niets geïmporteerd.",
        ),
    ],
)
def test_importing_measurements_is_all_or_nothing(omg, csv, soort, tekst):
    state = _begonnen(omg)
    state[k.actie(3)] = True
    state[k.INDICATOREN] = {3: [Indicator("Bereik")]}
    state[k.METINGEN_BESTAND] = None if csv is None else io.BytesIO(csv.encode())
    sessie.importeer_metingen(state, CAT)
    assert state[k.MELDING][0] == soort and state[k.MELDING][1].startswith(tekst)
    (ind,) = sessie.plan(state, CAT).actie(3).indicatoren
    assert [m.waarde for m in ind.metingen] == ([1234.0] if soort == "success" else [])
