"""HSDS 3.0 conformance: schema-valid export and the official examples in and out again."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from planner.kaart import repository
from planner.kaart.io import export_bytes, import_file, preview_import
from planner.kaart.io.hsds import HELD_FIELDS, TERMEN, validate
from planner.kaart.io.tabel import KOLOMMEN
from planner.kaart.voorbeeld import VOORBEELD_CSV
from planner.settings import PROJECT_ROOT
from tests.kaart.conftest import make_kaart


def _norm(value):
    """CSV holds text, JSON numbers: compare 12, 12.0 and '12' as the same."""
    if isinstance(value, bool):
        return value
    try:
        return float(value)
    except (TypeError, ValueError):
        return value


def pick(obj: dict, kind: str) -> dict:
    return {k: _norm(obj[k]) for k in HELD_FIELDS[kind] if obj.get(k) not in (None, "")}


def held_location(loc: dict) -> dict:
    out = pick(loc, "location")
    out["addresses"] = sorted(
        (pick(a, "address") for a in loc.get("addresses", [])), key=lambda a: a.get("id", "")
    )
    out["phones"] = [pick(p, "phone") for p in loc.get("phones", [])]
    out["schedules"] = [pick(sc, "schedule") for sc in loc.get("schedules", [])]
    return out


def held_service(s: dict, with_org: bool = True) -> dict:
    out = pick(s, "service")
    out["phones"] = [pick(p, "phone") for p in s.get("phones", [])]
    out["schedules"] = [pick(sc, "schedule") for sc in s.get("schedules", [])]
    out["languages"] = [pick(lang, "language") for lang in s.get("languages", [])]
    out["cost_options"] = [pick(c, "cost_option") for c in s.get("cost_options", [])]
    out["contacts"] = [
        {**pick(c, "contact"), "phones": [pick(p, "phone") for p in c.get("phones", [])]}
        for c in s.get("contacts", [])
    ]
    if with_org and "organization" in s:
        out["organization"] = pick(s["organization"], "organization")
    out["service_at_locations"] = [
        {**pick(sal, "service_at_location"), "location": held_location(sal["location"])}
        for sal in s.get("service_at_locations", [])
        if "location" in sal
    ]
    return out


def exported(engine) -> dict:
    return json.loads(export_bytes(repository.load_kaart(engine), "hsds"))


def test_export_validates_against_official_schemas(engine, hsds_dir):
    import_file(engine, VOORBEELD_CSV, wie="t")
    repository.save_kaart(engine, make_kaart(), wie="t")
    doc = exported(engine)
    assert len(doc["services"]) == 13 and doc["organizations"]
    assert validate(doc, hsds_dir / "schema") == []


def test_schema_check_can_fail(hsds_dir):
    """The validator really checks: a service without status or with a bad id is rejected."""
    doc = {"organizations": [], "services": [{"id": "niet-een-uuid", "name": "X"}]}
    errors = validate(doc, hsds_dir / "schema")
    assert any("status" in e for e in errors) and any("uuid" in e for e in errors)


def test_dutch_extensions_travel_as_attributes(engine, hsds_dir):
    repository.save_kaart(engine, make_kaart(), wie="t")
    [service] = exported(engine)["services"]
    attrs = {(a["taxonomy_term"]["code"], a["value"]) for a in service["attributes"]}
    assert {
        ("toegang", "vrij_toegankelijk"),
        ("probleemgebied", "opvoedondersteuning"),
        ("trede", "1"),
        ("preventieniveau", "universeel"),
        ("werkgebied", "GM1930"),
        ("kosten", "gratis"),
    } <= attrs
    assert service["minimum_age"] == 0.5
    [sal] = service["service_at_locations"]
    [wt] = [a for a in sal["attributes"] if a["taxonomy_term"]["code"] == "wachttijd"]
    assert json.loads(wt["value"]) == {"weken": 3, "peildatum": "2026-01-05", "gemeld_door": "test"}


@pytest.mark.parametrize(
    "example", ["service_full.json", "organization_full.json", "service_at_location_full.json"]
)
def test_official_json_examples_round_trip(example, engine, hsds_dir):
    path = hsds_dir / "examples" / example
    original = json.loads(path.read_text(encoding="utf-8"))
    preview = preview_import(path)
    assert preview.ok, preview.blokkerend
    # The example's latitude 100 is outside the world: imported, but only with a warning.
    assert any(f.veld == "latitude" for f in preview.waarschuwingen)
    import_file(engine, path, wie="t")
    doc = exported(engine)
    assert validate(doc, hsds_dir / "schema") == []
    services = {s["id"]: s for s in doc["services"]}
    if example == "organization_full.json":
        [org] = doc["organizations"]
        assert pick(org, "organization") == pick(original, "organization")
        for nested in original["services"]:
            assert held_service(services[nested["id"]], with_org=False) == held_service(nested)
    elif example == "service_full.json":
        assert held_service(services[original["id"]]) == held_service(original)
    else:
        service = services[original["service"]["id"]]
        assert held_service(service, with_org=True) == {
            **held_service(original["service"]),
            "service_at_locations": [
                {
                    **pick(original, "service_at_location"),
                    "location": held_location(original["location"]),
                }
            ],
        }


def _csv_table(folder: Path, name: str) -> list[dict]:
    with (folder / f"{name}.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_official_csv_datapackage_round_trips(engine, hsds_dir):
    folder = hsds_dir / "examples" / "csv"
    preview, result = import_file(engine, folder / "datapackage.json", wie="t")
    assert preview.ok and result.nieuw >= 3
    doc = exported(engine)
    assert validate(doc, hsds_dir / "schema") == []
    [row] = _csv_table(folder, "services")
    [service] = doc["services"]
    assert pick(service, "service") == pick(row, "service")
    [org_row] = _csv_table(folder, "organizations")
    assert pick(service["organization"], "organization") == pick(org_row, "organization")
    [sal] = service["service_at_locations"]
    [loc_row] = _csv_table(folder, "locations")
    [addr_row] = _csv_table(folder, "addresses")
    # The phone and schedule rows name the service, so they belong to it, not the location.
    assert held_location(sal["location"]) == {
        **pick(loc_row, "location"),
        "addresses": [pick(addr_row, "address")],
        "phones": [],
        "schedules": [],
    }
    assert sal["location"]["addresses"][0]["address_type"] == "postal"  # verbatim
    for table, kind, key in (
        ("phones", "phone", "phones"),
        ("schedules", "schedule", "schedules"),
        ("languages", "language", "languages"),
        ("cost_options", "cost_option", "cost_options"),
        ("contacts", "contact", "contacts"),
    ):
        assert [pick(o, kind) for o in service[key]] == [
            pick(r, kind) for r in _csv_table(folder, table)
        ], table


def test_reimporting_own_hsds_export_changes_nothing(engine, hsds_dir, tmp_path):
    import_file(engine, hsds_dir / "examples" / "service_full.json", wie="t")
    before = repository.load_kaart(engine)
    out = tmp_path / "kaart.json"
    out.write_bytes(export_bytes(before, "hsds"))
    _, result = import_file(engine, out, wie="t")
    assert (result.nieuw, result.bijgewerkt) == (0, 0)
    assert repository.load_kaart(engine) == before


def test_profile_documents_every_term_and_column():
    doc = (PROJECT_ROOT / "docs" / "hsds-profiel.md").read_text(encoding="utf-8")
    missing = [code for code in TERMEN if f"`{code}`" not in doc]
    missing += [k.naam for k in KOLOMMEN if f"`{k.naam}`" not in doc]
    assert missing == []


def test_datapackage_as_zip_upload(hsds_dir, tmp_path):
    import zipfile

    folder = hsds_dir / "examples" / "csv"
    archive = tmp_path / "hsds.zip"  # built in tmp only, never committed
    with zipfile.ZipFile(archive, "w") as zf:
        for path in folder.glob("*.csv"):
            zf.write(path, f"export/{path.name}")
    from_zip = preview_import(archive.read_bytes(), "hsds.zip")
    from_dir = preview_import(folder)
    assert from_zip.ok and from_zip.data == from_dir.data
