"""The one field table: every field is documented and survives CSV, Excel and HSDS."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import date

import pytest

from planner.kaart.io import export_bytes, preview_import
from planner.kaart.io.tabel import KOLOMNAMEN, NIET_IN_TABEL
from planner.kaart.model import (
    Erkenning,
    KaartData,
    Location,
    Organisation,
    Probleemgebied,
    Service,
    ServiceAtLocation,
    Status,
    WaitingTime,
)
from planner.kaart.velden import PER_PAD, VELDEN, docs_tabel, kolom_van
from planner.settings import PROJECT_ROOT
from tests.kaart.conftest import SAL_ID, make_kaart

KLASSEN = {
    "organisation": Organisation,
    "service": Service,
    "location": Location,
    "service_at_location": ServiceAtLocation,
    "waiting_time": WaitingTime,
}


def _volle_kaart() -> KaartData:
    """The sample kaart with every field of the table filled with a non-default value."""
    k = make_kaart()
    (org,), (service,), (loc,) = k.organisations, k.services, k.locations
    org = replace(org, website="https://example.org", voorbeeld=True)
    service = replace(
        service,
        alternate_name="OPS",
        url="https://example.org/ops",
        email="ops@example.org",
        status=Status.TIJDELIJK_GESLOTEN,
        application_process="Bel eerst",
        fees_description="geen kosten",
        doelgroep="ouders",
        probleemgebieden=(Probleemgebied.OPVOEDONDERSTEUNING, Probleemgebied.SCHULDEN),
        werkgebied=("GM1930", "WK193001"),
        interventie="Triple P",
        interventie_erkenning=Erkenning.EERSTE_AANWIJZINGEN,
        voorbeeld=True,
    )
    loc = replace(
        loc,
        location_type="postal",
        address_1="Markt 1",
        postal_code="3201 AA",
        country="NL",
        wijk_code="WK193001",
        locatie_benaderd=True,
        adres_vertrouwelijk=True,
        publieke_contactroute="Via Veilig Thuis 0800-2000",
        assured_date=date(2026, 2, 1),
    )
    eerder = WaitingTime(SAL_ID, weken=5, peildatum=date(2025, 11, 1), gemeld_door="Bram")
    return replace(
        k,
        organisations=(org,),
        services=(service,),
        locations=(loc,),
        waiting_times=(eerder, *k.waiting_times),
    )


def _waarde(data: KaartData, pad: str) -> object:
    soort, attr = pad.split(".", 1)
    if soort == "waiting_time":
        metingen = sorted(data.waiting_times, key=lambda w: w.peildatum)
        if attr == "eerder":
            return [(w.weken, w.peildatum, w.gemeld_door) for w in metingen[:-1]]
        return getattr(metingen[-1], attr)
    records = {
        "organisation": data.organisations,
        "service": data.services,
        "location": data.locations,
        "service_at_location": data.service_at_locations,
    }[soort]
    (record,) = records
    return getattr(record, attr)


def test_every_field_is_in_the_docs():
    doc = (PROJECT_ROOT / "docs" / "hsds-profiel.md").read_text(encoding="utf-8")
    assert docs_tabel() in doc, "run: python -m planner.kaart.velden and paste the table"
    assert [v.naam for v in VELDEN if f"| `{v.naam}` |" not in doc] == []


def test_every_pad_is_a_model_field_and_every_column_is_unique():
    assert len(set(KOLOMNAMEN)) == len(KOLOMNAMEN) == len(VELDEN)
    for v in VELDEN:
        if v.pad == "waiting_time.eerder":  # the history, not one field
            continue
        assert v.attr in {f.name for f in fields(KLASSEN[v.soort])}, v.pad
    assert len(PER_PAD) == len(VELDEN)


def test_every_model_field_has_a_column_or_is_kept_on_import():
    """A field the table lacks must be listed as kept (NIET_IN_TABEL), never silently lost."""
    for cls, niet in NIET_IN_TABEL.items():
        soort = next(s for s, c in KLASSEN.items() if c is cls)
        for f in fields(cls):
            assert (
                f.name in niet
                or f"{soort}.{f.name}" in PER_PAD
                or f.name
                in {
                    "versie",
                    "voorbeeld",
                    "organization_id",
                    "service_id",
                    "location_id",
                }
            )


def test_column_names_in_messages_exist():
    assert kolom_van("service", "url") == "website"
    assert kolom_van("location", "gemeente_code") == "gemeente"
    assert kolom_van("location", "organization_id") == "organisatie_id"
    assert kolom_van("organisation", "email") == "organisation.email"  # no column of its own
    assert kolom_van("location", "description") == "description"


def test_sample_fills_every_field():
    """The round trip below can only fail if the sample really sets every field."""
    data = _volle_kaart()
    for v in VELDEN:
        waarde = _waarde(data, v.pad)
        assert waarde not in (None, (), [], "", False), v.pad
        if v.soort in ("organisation", "service", "location") and v.attr != "id":
            standaard = next(f for f in fields(KLASSEN[v.soort]) if f.name == v.attr).default
            assert waarde != standaard, v.pad


@pytest.mark.parametrize("formaat", ["csv", "xlsx", "hsds"])
def test_every_field_round_trips(formaat):
    data = _volle_kaart()
    inhoud = export_bytes(data, formaat, openbaar=False)
    naam = {"csv": "kaart.csv", "xlsx": "kaart.xlsx", "hsds": "kaart.json"}[formaat]
    terug = preview_import(inhoud, naam, known_gemeenten={"GM1930"})
    assert terug.blokkerend == ()
    verschil = [
        (v.naam, _waarde(data, v.pad), _waarde(terug.data, v.pad))
        for v in VELDEN
        if _waarde(data, v.pad) != _waarde(terug.data, v.pad)
    ]
    assert verschil == []


def test_every_field_is_written_by_its_formatter():
    """CSV → record → CSV: the cells a gemeente typed come back as the table writes them."""
    eerste = export_bytes(_volle_kaart(), "csv", openbaar=False)
    terug = preview_import(eerste, "kaart.csv", known_gemeenten={"GM1930"})
    assert export_bytes(terug.data, "csv", openbaar=False) == eerste
