"""HSDS of every version in, nothing lost without notice (issue 10).

The inputs are generated here (never copied from ../shared/standards): an HSDS 1.x/2.0
tabular package with its own table names, an HSDS 3.0 document with a postal address,
province and phones on the location, and a row of malformed documents.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
import zipfile
from pathlib import Path

import pytest

from planner.kaart import repository
from planner.kaart.io import (
    ImportGeweigerd,
    commit_import,
    export_bytes,
    import_file,
    preview_import,
)
from planner.kaart.io.hsds import validate
from tests.kaart.conftest import store_snapshot


def u(name: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, name))


def _csv(rows: list[dict]) -> str:
    buf = io.StringIO()
    fields = list(dict.fromkeys(k for r in rows for k in r))
    writer = csv.DictWriter(buf, fieldnames=fields)
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


N = 13  # services at location, as in the feed of the issue


def hsds_1x_package() -> dict[str, str]:
    """An HSDS 1.1/2.0 package: services_at_location, physical/postal addresses, …

    Files have Dutch names; only datapackage.json says which table each one is.
    """
    orgs = [{"id": "org-1", "name": "Jeugdhulp West", "url": "https://west.example"}]
    services = [
        {"id": f"s{i}", "organization_id": "org-1", "name": f"Dienst {i}", "status": "active"}
        for i in range(N)
    ]
    locations = [
        {
            "id": f"l{i}",
            "organization_id": "org-1",
            "name": f"Locatie {i}",
            "latitude": "51.9",
            "longitude": str(4.3 + i / 100),
        }
        for i in range(N)
    ]
    sal = [{"id": f"sal{i}", "service_id": f"s{i}", "location_id": f"l{i}"} for i in range(N)]
    physical = [
        {
            "id": f"pa{i}",
            "location_id": f"l{i}",
            "address_1": f"Kerkstraat {i}",
            "address_2": "achterom",
            "city": "Rotterdam",
            "state_province": "Zuid-Holland",
            "postal_code": "3011 AA",
            "country": "NL",
        }
        for i in range(N)
    ]
    postal = [
        {
            "id": "po0",
            "location_id": "l0",
            "address_1": "Postbus 12",
            "city": "Rotterdam",
            "state_province": "Zuid-Holland",
            "postal_code": "3000 AA",
            "country": "NL",
        }
    ]
    phones = [{"id": f"ph{i}", "service_id": f"s{i}", "number": f"010-{i:07d}"} for i in range(N)]
    phones += [{"id": "phl", "location_id": "l1", "number": "010-1111111", "language": "nl"}]
    regular = [
        {
            "id": f"rs{d}",
            "service_id": "s0",
            "weekday": str(d),
            "opens_at": "09:00",
            "closes_at": "17:00",
        }
        for d in range(1, 6)
    ]
    regular += [
        {
            "id": "rsl",
            "location_id": "l2",
            "weekday": "saturday",
            "opens_at": "10:00",
            "closes_at": "12:00",
        }
    ]
    holiday = [
        {
            "id": "h1",
            "service_id": "s0",
            "closed": "true",
            "start_date": "2026-12-25",
            "end_date": "2026-12-26",
        }
    ]
    eligibility = [{"id": "e1", "service_id": "s3", "minimum_age": "4", "maximum_age": "12"}]
    languages = [{"id": "la1", "service_id": "s0", "language": "ar"}]
    files = {
        "organisaties.csv": _csv(orgs),
        "data/diensten.csv": _csv(services),
        "data/plekken.csv": _csv(locations),
        "data/koppeling.csv": _csv(sal),
        "adressen.csv": _csv(physical),
        "post.csv": _csv(postal),
        "telefoons.csv": _csv(phones),
        "tijden.csv": _csv(regular),
        "feestdagen.csv": _csv(holiday),
        "leeftijden.csv": _csv(eligibility),
        "talen.csv": _csv(languages),
    }
    names = {
        "organisaties.csv": "organizations",
        "data/diensten.csv": "services",
        "data/plekken.csv": "locations",
        "data/koppeling.csv": "services_at_location",
        "adressen.csv": "physical_addresses",
        "post.csv": "postal_addresses",
        "telefoons.csv": "phones",
        "tijden.csv": "regular_schedules",
        "feestdagen.csv": "holiday_schedules",
        "leeftijden.csv": "eligibility",
        "talen.csv": "languages",
    }
    files["datapackage.json"] = json.dumps(
        {"name": "hsds-1", "resources": [{"name": names[p], "path": p} for p in names]}
    )
    return files


def write_folder(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def zipped(files: dict[str, str], prefix: str = "") -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, text in files.items():
            zf.writestr(prefix + name, text)
    return buf.getvalue()


def test_hsds_1x_package_keeps_every_link_address_phone_and_schedule(tmp_path, engine, hsds_dir):
    folder = write_folder(tmp_path / "pakket", hsds_1x_package())
    preview = preview_import(folder)
    assert preview.ok, preview.blokkerend
    d = preview.data
    assert len(d.service_at_locations) == N  # 13 of 13 links, not 0
    locs = {loc.name: loc for loc in d.locations}
    assert all(loc.address_1 and loc.state_province == "Zuid-Holland" for loc in d.locations)
    [post] = locs["Locatie 0"].other_addresses
    assert (post.address_type, post.address_1) == ("postal", "Postbus 12")
    assert [p.number for p in locs["Locatie 1"].phones] == ["010-1111111"]
    assert [sc.byday for sc in locs["Locatie 2"].schedules] == [("SA",)]
    services = {s.name: s for s in d.services}
    assert all(len(s.phones) == 1 for s in d.services)
    assert sorted(sc.byday[0] for sc in services["Dienst 0"].schedules) == sorted(
        ["MO", "TU", "WE", "TH", "FR"]
    )
    assert (services["Dienst 3"].leeftijd_min, services["Dienst 3"].leeftijd_max) == (4, 12)
    assert [lang.code for lang in services["Dienst 0"].languages] == ["ar"]
    assert d.organisations[0].website == "https://west.example"
    # What has no place in the kaart is said once, with count and example.
    niet = {n.veld: n for n in preview.niet_bewaard}
    assert niet["tabel feestdagen.csv"].aantal == 1
    assert niet["address.address_2"].aantal == N
    assert niet["address.address_2"].voorbeeld == "achterom"
    assert "phone.language" in niet
    assert any("niet bewaard" in line for line in preview.niet_bewaard_tekst())
    import_file(engine, folder, wie="t")
    doc = json.loads(export_bytes(repository.load_kaart(engine), "hsds"))
    assert validate(doc, hsds_dir / "schema") == []


def test_zipped_package_reads_the_same_as_the_folder(tmp_path):
    files = hsds_1x_package()
    from_dir = preview_import(write_folder(tmp_path / "p", files))
    from_zip = preview_import(zipped(files, prefix="export/"), "hsds.zip")
    assert from_zip.ok and from_zip.data == from_dir.data
    assert from_zip.niet_bewaard == from_dir.niet_bewaard


def test_descriptor_decides_which_files_count(tmp_path):
    files = hsds_1x_package()
    files["services.csv"] = _csv([{"id": "x", "organization_id": "org-1", "name": "Verstopt"}])
    preview = preview_import(write_folder(tmp_path / "p", files))
    # services.csv is not a resource of the package: the declared data/diensten.csv counts.
    assert "Verstopt" not in {s.name for s in preview.data.services}
    assert len(preview.data.services) == N


def test_descriptor_naming_a_missing_file_is_refused(tmp_path):
    files = hsds_1x_package()
    del files["data/koppeling.csv"]
    preview = preview_import(write_folder(tmp_path / "p", files))
    assert not preview.ok
    [fout] = preview.blokkerend
    assert "data/koppeling.csv" in fout.melding and "ontbreekt" in fout.melding


def hsds3_doc() -> dict:
    """A 3.0 service whose location has a postal and a physical address, phones and hours."""
    loc_id = u("loc")
    return {
        "id": u("service"),
        "name": "Opvoedpunt",
        "status": "active",
        "organization": {"id": u("org"), "name": "Stichting Opvoeden", "description": "x"},
        "service_at_locations": [
            {
                "id": u("sal"),
                "location": {
                    "id": loc_id,
                    "location_type": "physical",
                    "name": "Wijkcentrum",
                    "latitude": 51.92,
                    "longitude": 4.47,
                    "addresses": [
                        {
                            "id": u("a2"),
                            "address_1": "Postbus 5",
                            "city": "Rotterdam",
                            "state_province": "Zuid-Holland",
                            "postal_code": "3000 AB",
                            "country": "NL",
                            "address_type": "postal",
                        },
                        {
                            "id": u("a1"),
                            "address_1": "Hoofdweg 1 ",
                            "city": "Rotterdam",
                            "state_province": "ZH",
                            "postal_code": "3011 BB",
                            "country": "NL",
                            "address_type": "physical",
                        },
                    ],
                    "phones": [{"id": u("p1"), "number": "010-2223344", "type": "voice"}],
                    "schedules": [
                        {
                            "id": u("sc1"),
                            "freq": "WEEKLY",
                            "byday": "MO,WE",
                            "opens_at": "09:00:00",
                            "closes_at": "12:30:00",
                            "description": "inloop",
                        }
                    ],
                },
            }
        ],
    }


def _location_out(doc: dict) -> dict:
    [service] = doc["services"]
    [sal] = service["service_at_locations"]
    return sal["location"]


def test_hsds3_round_trip_keeps_address_type_province_phones_and_hours(engine, hsds_dir, tmp_path):
    original = hsds3_doc()
    path = tmp_path / "in.json"
    path.write_text(json.dumps(original), encoding="utf-8")
    import_file(engine, path, wie="t")
    before = repository.load_kaart(engine)
    doc = json.loads(export_bytes(before, "hsds"))
    assert validate(doc, hsds_dir / "schema") == []
    loc = _location_out(doc)
    src = original["service_at_locations"][0]["location"]
    keep = ("id", "address_1", "city", "state_province", "postal_code", "country", "address_type")
    by_id = {a["id"]: {k: a[k] for k in keep} for a in loc["addresses"]}
    assert by_id == {a["id"]: {k: a[k] for k in keep} for a in src["addresses"]}
    assert loc["phones"] == [{"id": u("p1"), "number": "010-2223344", "type": "voice"}]
    [sc] = loc["schedules"]
    assert {k: sc[k] for k in ("id", "byday", "opens_at", "closes_at", "description")} == {
        k: src["schedules"][0][k] for k in ("id", "byday", "opens_at", "closes_at", "description")
    }
    # Import the export again: nothing changes.
    again = tmp_path / "export.json"
    again.write_text(json.dumps(doc), encoding="utf-8")
    _, result = import_file(engine, again, wie="t")
    assert (result.nieuw, result.bijgewerkt) == (0, 0)
    assert repository.load_kaart(engine) == before
    assert json.loads(export_bytes(repository.load_kaart(engine), "hsds")) == doc


def test_public_export_has_no_confidential_postal_address(engine, tmp_path):
    doc = hsds3_doc()
    loc = doc["service_at_locations"][0]["location"]
    term = {
        "code": "adres_vertrouwelijk",
        "taxonomy": "preventiekaart-nl",
        "id": u("t"),
        "name": "v",
        "description": "v",
    }
    route = dict(term, code="publieke_contactroute")
    loc["attributes"] = [
        {"id": u("at1"), "value": "ja", "taxonomy_term": term},
        {"id": u("at2"), "value": "via Veilig Thuis 0800-2000", "taxonomy_term": route},
    ]
    path = tmp_path / "in.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    import_file(engine, path, wie="t")
    public = export_bytes(repository.load_kaart(engine), "hsds").decode()
    for secret in ("Postbus 5", "Hoofdweg", "3011 BB", "3000 AB"):
        assert secret not in public
    internal = export_bytes(repository.load_kaart(engine), "hsds", openbaar=False).decode()
    assert "Postbus 5" in internal


def test_minimal_hsds3_service_is_accepted(engine, hsds_dir, tmp_path):
    path = tmp_path / "min.json"
    path.write_text(json.dumps({"id": u("m"), "name": "Minimaal", "status": "active"}))
    preview, result = import_file(engine, path, wie="t")
    assert result.nieuw == 2  # the service and the 'Organisatie onbekend' it is put under
    assert any("Organisatie onbekend" in f.melding for f in preview.waarschuwingen)
    doc = json.loads(export_bytes(repository.load_kaart(engine), "hsds"))
    assert validate(doc, hsds_dir / "schema") == []
    assert [s["name"] for s in doc["services"]] == ["Minimaal"]


def test_paginated_list_is_read_page_contents(tmp_path):
    page = {"total_items": 2, "page_number": 1, "contents": [hsds3_doc(), hsds3_doc()]}
    page["contents"][1] = dict(page["contents"][1], id=u("tweede"), name="Tweede")
    preview = preview_import(json.dumps(page).encode(), "pagina.json")
    assert preview.ok and {s.name for s in preview.data.services} == {"Opvoedpunt", "Tweede"}


def _deep(n: int) -> bytes:
    return ('{"id": "x", "name": "y", "status": "active", "a": ' + "[" * n + "]" * n + "}").encode()


def _services_csv_without_id() -> bytes:
    return zipped(
        {
            "services.csv": "id,name,organization_id\n,Zonder id,o1\n",
            "organizations.csv": "id,name\no1,Org\n",
        }
    )


MALFORMED = {
    "telefoon als tekst": (
        "s.json",
        lambda: json.dumps(dict(hsds3_doc(), phones=["0800"])).encode(),
        "phones[0]",
        "verwacht een object",
    ),
    "naam als lijst": (
        "s.json",
        lambda: json.dumps(dict(hsds3_doc(), name=["a"])).encode(),
        "name",
        "verwacht tekst",
    ),
    "990 niveaus diep": ("s.json", lambda: _deep(990), "document", "niveaus diep"),
    "leeg id in services.csv": ("p.zip", _services_csv_without_id, "id", "services.csv"),
    "onbekende locatie": (
        "s.json",
        lambda: json.dumps(
            dict(hsds3_doc(), service_at_locations=[{"id": u("x"), "location_id": u("nergens")}])
        ).encode(),
        "service_at_locations[0].location_id",
        "niet in het bestand",
    ),
    "koppeling naar onbekende dienst": (
        "p.zip",
        lambda: zipped(
            {
                "services.csv": "id,name,organization_id\ns1,Dienst,o1\n",
                "organizations.csv": "id,name\no1,Org\n",
                "locations.csv": "id,name\nl1,Plek\n",
                "service_at_location.csv": "id,service_id,location_id\nsal1,s9,l1\n",
            }
        ),
        "service_id",
        "service_at_location.csv",
    ),
    "alleen een locatie": (
        "l.json",
        lambda: json.dumps(hsds3_doc()["service_at_locations"][0]["location"]).encode(),
        "document",
        "geen diensten",
    ),
    "alleen taxonomie": (
        "t.json",
        lambda: json.dumps(
            {"contents": [{"id": u("t"), "name": "n", "description": "d", "version": "1"}]}
        ).encode(),
        "document",
        "Gevonden: 1 taxonomie",
    ),
    "verkeerd adrestype": (
        "s.json",
        lambda: json.dumps(
            json.loads(json.dumps(hsds3_doc()).replace('"postal"', '"brievenbus"'))
        ).encode(),
        "address_type",
        "adrestype",
    ),
}


@pytest.mark.parametrize("case", list(MALFORMED))
def test_malformed_hsds_is_refused_with_file_element_and_field(case, engine, tmp_path):
    name, make, veld, tekst = MALFORMED[case]
    import_file(engine, json.dumps(hsds3_doc()).encode(), "basis.json", wie="t")
    before = store_snapshot(engine)
    preview = preview_import(make(), name, engine=engine)
    assert not preview.ok
    assert any(
        (veld in f.veld and tekst in f.melding) or tekst in str(f) for f in preview.blokkerend
    ), [str(f) for f in preview.blokkerend]
    if name.endswith(".zip"):
        assert any(f.rij for f in preview.blokkerend)  # the row is named
    with pytest.raises(ImportGeweigerd):
        commit_import(engine, preview, wie="t")
    assert store_snapshot(engine) == before


def test_cli_prints_what_is_not_kept_before_importing(run, tmp_path):
    folder = write_folder(tmp_path / "pakket", hsds_1x_package())
    out = run(tmp_path, "import", str(folder / "datapackage.json"))
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Niet bewaard uit"))
    assert any("tabel feestdagen.csv: 1× niet bewaard" in line for line in lines[start:])
    assert start < next(i for i, line in enumerate(lines) if line.startswith("Geïmporteerd"))
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(dict(hsds3_doc(), phones=["0800"])))
    refused = run(tmp_path, "import", str(bad))
    assert refused.returncode == 1
    assert "bad.json: Veld 'phones[0]'" in refused.stderr and "Traceback" not in refused.stderr
