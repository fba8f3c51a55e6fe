"""AppTest walks the three steps of the Preventieplan for Nissewaard, and the presentation."""

import io
from dataclasses import replace
from datetime import date

import pytest
from docx import Document
from streamlit.testing.v1 import AppTest

from planner.plan import opslag
from planner.settings import PROJECT_ROOT, Settings
from planner.store import open_store

APP = str(PROJECT_ROOT / "app.py")


@pytest.fixture(autouse=True)
def _omgeving(monkeypatch, tmp_path, cbs_dir):
    import streamlit as st

    monkeypatch.setenv("PREVENTIEKAART_HOME", str(tmp_path))
    monkeypatch.setenv("PREVENTIEKAART_DATA_DIR", str(cbs_dir))
    monkeypatch.setenv("PREVENTIEKAART_TILES", "geen")
    monkeypatch.delenv("DATABASE_URL", raising=False)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


def _start(pagina: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page(pagina).run()
    assert not at.exception, at.exception
    return at


def _teksten(at: AppTest, soort: str) -> str:
    return "\n".join(e.value for e in getattr(at, soort))


def test_plan_walks_all_three_steps_for_nissewaard():
    at = _start("pages/plan.py")
    assert at.selectbox(key="plan-gemeente").value == "GM1930"
    assert at.text_input(key="plan-naam").value == "Preventieplan Nissewaard"
    assert at.text_input(key="plan-naam").max_chars == 300  # the column's length
    # Step 1 is pre-filled: key figures with the estimate band, and the wijk table.
    kern = at.dataframe[0].value
    assert any("456 tot 643" in str(v) for v in kern["Waarde"])
    assert "Nederland" in list(at.dataframe[1].value["Wijk"])
    at.text_area(key="s1-professionals").input("Lange wachttijd bij opvoedhulp").run()
    at.checkbox(key="s1-bron-ggd").check().run()

    # Step 2: choose action 3 and write a goal, first without owner and date.
    at.checkbox(key="actie-3").check().run()
    assert _teksten(at, "error") == ""  # nothing typed yet: no red messages
    at.text_input(key="doel-3-wat").input("Alle ouders krijgen uitleg over huilen").run()
    at.number_input(key="doel-3-aantal").set_value(0).run()
    # Only the field the user has left speaks up, not the ones still to be filled in.
    assert _teksten(at, "error") == "Het aantal moet groter dan 0 zijn."
    at.number_input(key="doel-3-aantal").set_value(400).run()
    at.text_input(key="doel-3-eigenaar").input("x").run()
    at.text_input(key="doel-3-eigenaar").input("").run()
    assert "Vul in wie eigenaar is van dit doel." in _teksten(at, "error")
    assert "Vul een datum in waarop het doel bereikt is." not in _teksten(at, "error")
    at.text_input(key="doel-3-eigenaar").input("Team jeugd").run()
    at.date_input(key="doel-3-wanneer").set_value(date(2027, 12, 31)).run()
    assert "Vul in wie eigenaar is van dit doel." not in _teksten(at, "error")
    at.checkbox(key="actie-8").check().run()
    assert "Uw plan heeft nog geen actie voor: voorkomen in gezinnen met een verhoogde kans." in (
        _teksten(at, "warning")
    )
    at.checkbox(key="ap-kindcheck").check().run()
    at.text_input(key="ap-kindcheck-notitie").input("Afspraak met AMW").run()

    # Step 3: an indicator with baseline and target, then a measurement. The first
    # suggestion of action 3 is a share of parents, so its unit is "%", not "aantal".
    assert at.selectbox(key="ind-3-eenheid").value == "%"
    at.number_input(key="ind-3-nul").set_value(0.0).run()
    at.date_input(key="ind-3-nuldatum").set_value(date(2026, 1, 1)).run()
    at.number_input(key="ind-3-streef").set_value(400.0).run()
    at.date_input(key="ind-3-streefdatum").set_value(date(2027, 12, 31)).run()
    at.selectbox(key="ind-3-eenheid").select("aantal").run()
    at.text_input(key="ind-3-bron").input("CJG-registratie").run()
    at.button(key="ind-3-knop").click().run()
    assert not at.exception
    at.date_input(key="met-3-0-datum").set_value(date(2026, 6, 1)).run()
    at.number_input(key="met-3-0-waarde").set_value(120.0).run()
    at.button(key="met-3-0-knop").click().run()
    monitortabel = next(d.value for d in at.dataframe if "Realisatie" in d.value.columns)
    assert list(monitortabel["Laatste meting"]) == ["120 (01-06-2026)"]
    at.checkbox(key="si-inkoop").check().run()

    # Save twice: two versions, nothing lost.
    at.button(key="plan-opslaan").click().run()
    assert "Opgeslagen als versie 1." in _teksten(at, "success")
    at.text_input(key="plan-naam").input("Samen veilig opgroeien").run()
    at.button(key="plan-opslaan").click().run()
    assert "Opgeslagen als versie 2." in _teksten(at, "success")
    engine = open_store(Settings.from_env().database_url)
    [info] = opslag.plannen_voor(engine, "GM1930")
    assert [v.versie for v in opslag.versies(engine, info.id)] == [2, 1]
    oud, _ = opslag.laad_plan(engine, info.id, versie=1)
    nieuw, _ = opslag.laad_plan(engine, info.id)
    assert oud.naam == "Preventieplan Nissewaard" and nieuw.naam == "Samen veilig opgroeien"
    assert nieuw.actie(3).doel.eigenaar == "Team jeugd"
    assert nieuw.actie(3).indicatoren[0].metingen[0].waarde == 120.0
    assert nieuw.situatie.bronnen == ("ggd",)

    # "Vastgesteld" is refused while action 8 has no owner or date.
    at.radio(key="plan-status").set_value("vastgesteld").run()
    at.button(key="plan-opslaan").click().run()
    assert "kan nog niet worden vastgesteld" in _teksten(at, "error")
    # The rule lives in the planner: the save itself is refused with the goals named.
    assert "Vaststellen kan nog niet: Actie 8: Vul in wie eigenaar is van dit doel." in (
        _teksten(at, "error")
    )
    assert len(opslag.versies(engine, info.id)) == 2

    # Export: the Word file holds the plan.
    at.button(key="plan-maak-export").click().run()
    assert not at.exception
    doc = Document(io.BytesIO(at.session_state["plan-docx"]))
    koppen = [p.text for p in doc.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert "Preventieplan: Samen veilig opgroeien" in koppen
    assert "3. Alle jonge ouders leren omgaan met huilgedrag van baby's" in koppen
    assert len(doc.inline_shapes) >= 2  # the step-1 map and the monitor chart
    assert at.session_state["plan-pdf"].startswith(b"%PDF-")
    # Made once: the request is done, later reruns do not make the files again.
    assert "_plan_export_gevraagd" not in at.session_state

    # A colleague saves in between: this screen's save is refused, nothing is overwritten.
    opslag.sla_op(engine, info.id, replace(nieuw, naam="Door collega"), verwachte_versie=2)
    at.radio(key="plan-status").set_value("concept").run()
    at.button(key="plan-opslaan").click().run()
    assert "intussen opgeslagen door iemand anders" in _teksten(at, "error")
    assert opslag.laad_plan(engine, info.id)[0].naam == "Door collega"
    assert len(opslag.versies(engine, info.id)) == 3
    engine.dispose()


def test_presentation_shows_every_slide():
    at = _start("pages/presentatie.py")
    for _ in range(5):
        assert not at.exception, at.exception
        at.button(key="pres-volgende").click().run()
    at.radio(key="pres-dia").set_value("4. Regionale matrix").run()
    html = _teksten(at, "markdown")
    assert '<table class="pk-matrix">' in html  # large type, not a small dataframe
    assert '<th scope="row">Nissewaard</th>' in html
    assert not at.dataframe


def test_presentation_shows_a_saved_regional_plan():
    from planner.plan.model import Doel, GekozenActie, Indicator, Meting, Plan

    VOLLEDIG_DOEL = Doel(
        wat="VoorZorg voor 30 gezinnen",
        doelgroep="zwangere vrouwen",
        aantal=30,
        wanneer=date(2027, 12, 31),
        eigenaar="GGD",
    )
    ind = Indicator(
        "Bereik",
        0.0,
        date(2026, 1, 1),
        100.0,
        date(2027, 1, 1),
        "JGZ",
        "%",
        (Meting(date(2026, 6, 1), 40.0),),
    )
    plan = Plan(
        "Regioplan ZHE",
        ("GM1930", "GM1992"),
        status="vastgesteld",
        acties=(GekozenActie(1, VOLLEDIG_DOEL, (ind,)),),
    )
    engine = open_store(Settings.from_env().database_url)
    opslag.maak_plan(engine, plan)
    engine.dispose()

    at = _start("pages/presentatie.py")
    assert at.selectbox(key="pres-plan").value != 0
    assert "Situatie: Nissewaard, Voorne aan Zee" in [h.value for h in at.header]
    at.radio(key="pres-dia").set_value("2. Gekozen acties").run()
    tekst = " ".join(m.value for m in at.markdown)
    assert "1. Screening en hulp voor zwangere vrouwen in hoog-risicosituaties" in tekst
    assert "VoorZorg voor 30 gezinnen" in tekst
    at.radio(key="pres-dia").set_value("3. Monitor").run()
    [grafiek] = at.get("image")
    assert "Bron: JGZ" in grafiek.captions[0]
    at.radio(key="pres-dia").set_value("4. Regionale matrix").run()
    html = _teksten(at, "markdown")
    ja = '<td><span aria-hidden="true">✔</span><span class="pk-sr">vastgesteld</span></td>'
    nee = '<td><span aria-hidden="true">–</span><span class="pk-sr">geen</span></td>'
    for naam in ("Nissewaard", "Voorne aan Zee"):
        assert f'<th scope="row">{naam}</th>{ja}' in html
    assert f'<th scope="row">Goeree-Overflakkee</th>{nee}' in html
    assert "Regionale matrix: Zuid-Hollandse Eilanden" in [h.value for h in at.header]
    assert not at.exception


def test_changing_the_gemeente_keeps_unsaved_work_until_confirmed():
    at = _start("pages/plan.py")
    # Without changes a new gemeente simply starts a new plan.
    at.selectbox(key="plan-gemeente").select("GM1924").run()
    assert at.text_input(key="plan-naam").value == "Preventieplan Goeree-Overflakkee"
    at.text_area(key="s1-professionals").input("Wachtlijst opvoedhulp").run()
    at.selectbox(key="plan-gemeente").select("GM1930").run()
    assert not at.exception
    assert "nog niet zijn opgeslagen" in _teksten(at, "warning")
    assert at.selectbox(key="plan-gemeente").value == "GM1924"
    assert at.text_area(key="s1-professionals").value == "Wachtlijst opvoedhulp"
    at.button(key="plan-wissel-niet").click().run()
    assert at.text_area(key="s1-professionals").value == "Wachtlijst opvoedhulp"
    at.selectbox(key="plan-gemeente").select("GM1930").run()
    at.button(key="plan-wissel-toch").click().run()
    assert at.selectbox(key="plan-gemeente").value == "GM1930"
    assert at.text_input(key="plan-naam").value == "Preventieplan Nissewaard"
    assert at.text_area(key="s1-professionals").value == ""


def test_widget_labels_are_unique_and_the_saver_is_recorded():
    """WCAG 2.4.6: a screen reader user must know which action a field belongs to."""
    at = _start("pages/plan.py")
    for n in (3, 8):
        at.checkbox(key=f"actie-{n}").check().run()
        at.button(key=f"ind-{n}-knop").click().run()
    assert not at.exception
    labels = []
    for soort in (
        "text_input",
        "text_area",
        "number_input",
        "date_input",
        "selectbox",
        "multiselect",
        "checkbox",
        "button",
        "radio",
    ):
        labels += [w.label for w in getattr(at, soort)]
    dubbel = sorted({x for x in labels if labels.count(x) > 1})
    assert dubbel == []
    assert "Actie 8: wie is eigenaar?" in labels
    assert any(x.startswith("Meting toevoegen – ") and "(actie 3)" in x for x in labels)

    at.text_input(key="plan-door").input("Anna de Vries").run()
    at.button(key="plan-opslaan").click().run()
    versies = next(d.value for d in at.dataframe if "Door" in d.value.columns)
    assert list(versies["Door"]) == ["Anna de Vries"]
