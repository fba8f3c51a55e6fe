"""Plans in the store (SQLite and PostgreSQL): versions, conflicts, JSON import/export."""

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import MetaData, inspect

from planner.plan import tables
from planner.plan.model import Doel, GekozenActie, Plan, PlanbestandFout
from planner.plan.opslag import (
    PlanConflict,
    PlanNietGevonden,
    exporteer_json,
    importeer_json,
    laad_plan,
    maak_plan,
    plannen_voor,
    sla_op,
    versies,
)

PLAN = Plan("Preventieplan Nissewaard", ("GM1930",))


def test_tables_match_migration(engine):
    insp = inspect(engine)
    for tabel in (tables.plannen, tables.plan_gemeenten, tables.plan_versies):
        kolommen = {c["name"] for c in insp.get_columns(tabel.name)}
        assert kolommen == {c.name for c in tabel.columns}, tabel.name
    assert isinstance(tables.plannen.metadata, MetaData)


def test_an_edit_never_loses_the_previous_version(engine):
    info = maak_plan(engine, PLAN, door="anna")
    assert info.versie == 1
    doel = Doel(
        wat="Voorlichting", doelgroep="ouders", aantal=300, wanneer=date(2027, 6, 1), eigenaar="CJG"
    )
    v2 = replace(PLAN, acties=(GekozenActie(2, doel),))
    info2 = sla_op(engine, info.id, v2, verwachte_versie=1, door="bert", toelichting="actie 2")
    assert info2.versie == 2
    v3 = replace(v2, status="vastgesteld")
    sla_op(engine, info.id, v3, verwachte_versie=2)

    nieuwste, info3 = laad_plan(engine, info.id)
    assert nieuwste == v3 and info3.status == "vastgesteld" and info3.versie == 3
    assert laad_plan(engine, info.id, versie=1)[0] == PLAN
    assert laad_plan(engine, info.id, versie=2)[0] == v2
    hist = versies(engine, info.id)
    assert [v.versie for v in hist] == [3, 2, 1]
    assert [v.status for v in hist] == ["vastgesteld", "concept", "concept"]
    assert hist[1].door == "bert" and hist[1].toelichting == "actie 2"


def test_stale_save_is_refused(engine):
    info = maak_plan(engine, PLAN)
    sla_op(engine, info.id, replace(PLAN, naam="Eerst"), verwachte_versie=1)
    with pytest.raises(PlanConflict) as fout:
        sla_op(engine, info.id, replace(PLAN, naam="Tweede"), verwachte_versie=1)
    assert fout.value.huidig == 2
    assert laad_plan(engine, info.id)[0].naam == "Eerst"
    assert len(versies(engine, info.id)) == 2
    with pytest.raises(PlanNietGevonden):
        sla_op(engine, 9999, PLAN, verwachte_versie=1)
    with pytest.raises(PlanNietGevonden):
        laad_plan(engine, info.id, versie=7)


def test_several_plans_per_gemeente_and_regional_plans(engine):
    a = maak_plan(engine, PLAN)
    b = maak_plan(engine, replace(PLAN, naam="Tweede plan"))
    regio = maak_plan(engine, Plan("Regio ZHE", ("GM1930", "GM1992", "GM1924")))
    maak_plan(engine, Plan("Elders", ("GM0363",)))
    assert {p.id for p in plannen_voor(engine, "GM1930")} == {a.id, b.id, regio.id}
    assert [p.id for p in plannen_voor(engine, "GM1992")] == [regio.id]
    assert regio.gemeenten == ("GM1924", "GM1930", "GM1992")
    assert len(plannen_voor(engine)) == 4
    # Dropping a gemeente from a regional plan changes where it is listed.
    sla_op(engine, regio.id, Plan("Regio ZHE", ("GM1930",)), verwachte_versie=1)
    assert plannen_voor(engine, "GM1992") == []


def test_json_export_import_round_trip(engine):
    doel = Doel(wat="x", aantal=1, wanneer=date(2027, 1, 1), eigenaar="y", wijken=("WK193001",))
    plan = replace(PLAN, acties=(GekozenActie(5, doel),))
    info = importeer_json(engine, exporteer_json(plan).encode("utf-8"))
    assert laad_plan(engine, info.id)[0] == plan


@pytest.mark.parametrize("inhoud", ["{niet json", '{"formaat": 1, "naam": ""}', "[]"])
def test_bad_plan_file_stores_nothing(engine, inhoud):
    with pytest.raises(PlanbestandFout):
        importeer_json(engine, inhoud)
    assert plannen_voor(engine) == []


def test_import_refuses_unknown_gemeente(engine):
    tekst = exporteer_json(Plan("x", ("GM9999",)))
    with pytest.raises(PlanbestandFout) as fout:
        importeer_json(engine, tekst, bekende_gemeenten={"GM1930"})
    assert fout.value.fouten == ["Plan: gemeentecode GM9999 is onbekend."]
    assert plannen_voor(engine) == []


@pytest.mark.parametrize("slecht", [float("nan"), float("inf")])
def test_nan_is_refused_in_dutch_before_the_database(engine, slecht):
    from planner.plan.model import Indicator, Meting, PlanOngeldig

    ind = Indicator("Bereik", 1.0, metingen=(Meting(date(2026, 5, 1), slecht),))
    plan = replace(PLAN, acties=(GekozenActie(2, Doel(budget=slecht), (ind,)),))
    with pytest.raises(PlanOngeldig) as info:
        maak_plan(engine, plan)
    assert any("'budget' moet een gewoon getal zijn" in f for f in info.value.fouten)
    assert any("meting 01-05-2026: 'waarde'" in f for f in info.value.fouten)
    assert plannen_voor(engine) == []
    info1 = maak_plan(engine, PLAN)
    with pytest.raises(PlanOngeldig):
        sla_op(engine, info1.id, plan, verwachte_versie=1)
    assert [v.versie for v in versies(engine, info1.id)] == [1]
    tekst = '{"formaat": 1, "naam": "x", "gemeenten": ["GM1930"], "acties": [{"nummer": 2, '
    tekst += '"doel": {"budget": NaN}}]}'
    with pytest.raises(PlanbestandFout):
        importeer_json(engine, tekst)
    with pytest.raises(ValueError):
        exporteer_json(plan)


def test_too_long_texts_get_a_dutch_message_not_a_database_error(engine):
    from planner.plan.model import PlanOngeldig
    from planner.plan.tables import MAX_NAAM, MAX_TOELICHTING

    assert tables.plannen.c.naam.type.length == MAX_NAAM
    lang = replace(PLAN, naam="x" * (MAX_NAAM + 1))
    with pytest.raises(PlanOngeldig) as info:
        maak_plan(engine, lang)
    assert info.value.fouten == [
        f"Plan: de naam is te lang ({MAX_NAAM + 1} tekens); gebruik hoogstens {MAX_NAAM} tekens."
    ]
    precies = maak_plan(engine, replace(PLAN, naam="x" * MAX_NAAM))
    assert laad_plan(engine, precies.id)[0].naam == "x" * MAX_NAAM
    with pytest.raises(PlanOngeldig):
        sla_op(engine, precies.id, lang, verwachte_versie=1)
    with pytest.raises(PlanOngeldig) as info:
        sla_op(engine, precies.id, PLAN, 1, toelichting="t" * (MAX_TOELICHTING + 1))
    assert "toelichting is te lang" in info.value.fouten[0]
    with pytest.raises(PlanbestandFout) as info:
        importeer_json(engine, exporteer_json(lang))
    assert "de naam is te lang" in info.value.fouten[0]
    with pytest.raises(PlanOngeldig):
        maak_plan(engine, replace(PLAN, gemeenten=("Nissewaard",)))
    assert [p.id for p in plannen_voor(engine)] == [precies.id]


def test_vastgesteld_is_enforced_by_the_store_and_the_import(engine):
    from planner.plan.model import PlanOngeldig, plan_naar_dict, plan_uit_dict

    zonder = Doel(wat="Voorlichting", doelgroep="ouders", aantal=300)
    plan = replace(PLAN, status="vastgesteld", acties=(GekozenActie(2, zonder),))
    verwacht = [
        "Vaststellen kan nog niet: Actie 2: Vul een datum in waarop het doel bereikt is.",
        "Vaststellen kan nog niet: Actie 2: Vul in wie eigenaar is van dit doel.",
    ]
    with pytest.raises(PlanOngeldig) as info:
        maak_plan(engine, plan)
    assert info.value.fouten == verwacht
    concept = maak_plan(engine, replace(plan, status="concept"))
    with pytest.raises(PlanOngeldig):
        sla_op(engine, concept.id, plan, verwachte_versie=1)
    with pytest.raises(PlanbestandFout) as info:
        importeer_json(engine, exporteer_json(plan))
    assert info.value.fouten == verwacht
    with pytest.raises(PlanbestandFout):
        plan_uit_dict(plan_naar_dict(plan))
    assert [p.id for p in plannen_voor(engine)] == [concept.id]
    assert [v.versie for v in versies(engine, concept.id)] == [1]
