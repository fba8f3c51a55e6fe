"""Import: good files in every accepted shape, bad files refused with the store unchanged."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from planner.kaart import repository
from planner.kaart.io import (
    ImportGeweigerd,
    ImportPreview,
    commit_import,
    import_file,
    preview_import,
)
from planner.kaart.model import KaartData, Organisation, Service, Toegang
from planner.kaart.voorbeeld import VOORBEELD_CSV
from tests.kaart.conftest import store_snapshot

ROW = {
    "id": "opvoedpunt",
    "organisatie": "Stichting Opvoeden Café",
    "naam": "Opvoedspreekuur",
    "toegang": "vrij toegankelijk",
    "leeftijd_min": "0.5",
    "leeftijd_max": "12",
    "probleemgebieden": "opvoedondersteuning|kindermishandeling",
    "trede": "1",
    "preventieniveau": "universeel",
    "werkgebied": "GM1930",
    "telefoon": "",
    "openingstijden": "ma-vr 09:00-17:00",
    "gemeente": "GM1930",
    "latitude": "51.84",
    "longitude": "4.30",
    "wachttijd_weken": "2",
    "wachttijd_peildatum": "2026-10-01",
}


def csv_bytes(rows, *, delimiter=",", encoding="utf-8", columns=None) -> bytes:
    columns = columns or list(rows[0]) if rows else list(ROW)
    buf = io.StringIO(newline="")
    writer = csv.DictWriter(buf, fieldnames=columns, delimiter=delimiter, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue().encode(encoding)


def write(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


# --- good files -------------------------------------------------------------------------


def _xlsx(rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Blad1"
    ws.append(list(ROW))
    for r in rows:
        values = [r[k] for k in ROW]
        values[list(ROW).index("leeftijd_min")] = 0.5  # Excel stores numbers as numbers
        values[list(ROW).index("wachttijd_peildatum")] = datetime(2026, 10, 1)
        ws.append(values)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


GOOD = {
    "komma, UTF-8": ("k.csv", csv_bytes([ROW])),
    "puntkomma, UTF-8 met BOM": ("p.csv", b"\xef\xbb\xbf" + csv_bytes([ROW], delimiter=";")),
    "puntkomma, cp1252 (Excel)": ("c.csv", csv_bytes([ROW], delimiter=";", encoding="cp1252")),
    "decimale komma": (
        "d.csv",
        csv_bytes([{**ROW, "leeftijd_min": "0,5"}], delimiter=";", encoding="cp1252"),
    ),
    "Excel": ("e.xlsx", _xlsx([ROW])),
}


@pytest.mark.parametrize("case", list(GOOD))
def test_good_files_import(case, engine, tmp_path):
    name, content = GOOD[case]
    preview, result = import_file(engine, write(tmp_path, name, content), wie="test")
    assert preview.ok, preview.fouten
    [service] = repository.load_kaart(engine).services
    [org] = repository.load_kaart(engine).organisations
    assert org.name == "Stichting Opvoeden Café"  # é survives every encoding
    assert service.leeftijd_min == 0.5 and service.toegang is Toegang.VRIJ
    [wt] = repository.load_kaart(engine).waiting_times
    assert (wt.weken, wt.peildatum) == (2, date(2026, 10, 1))
    assert result.nieuw == 3 and result.wachttijden == 1


def test_sample_imports_without_warnings(engine, cbs_dir):
    from planner.kaart.geocode import load_gebieden

    preview, result = import_file(
        engine, VOORBEELD_CSV, wie="test", gebieden=load_gebieden(cbs_dir)
    )
    assert preview.fouten == ()
    assert result.nieuw > 10
    # The committed sample holds no coordinates derived from CBS files: they come at load.
    kaart = repository.load_kaart(engine)
    assert all(loc.locatie_benaderd for loc in kaart.locations if loc.latitude is not None)


def test_sample_without_cbs_boundaries_stays_in_the_lists(engine):
    preview, result = import_file(engine, VOORBEELD_CSV, wie="test")
    assert preview.ok and result.nieuw > 10
    assert {f.veld for f in preview.fouten} == {"gemeente"}  # warnings only: not on the map
    assert all(loc.latitude is None for loc in repository.load_kaart(engine).locations)


def test_reimport_updates_instead_of_duplicating(engine, tmp_path):
    path = write(tmp_path, "k.csv", csv_bytes([ROW]))
    import_file(engine, path, wie="test")
    before = repository.load_kaart(engine)
    _, again = import_file(engine, path, wie="test")
    assert (again.nieuw, again.bijgewerkt, again.wachttijden) == (0, 0, 0)
    assert repository.load_kaart(engine) == before

    changed = write(tmp_path, "k2.csv", csv_bytes([{**ROW, "naam": "Opvoedspreekuur Zuid"}]))
    _, result = import_file(engine, changed, wie="anna")
    after = repository.load_kaart(engine)
    assert len(after.services) == 1 and after.services[0].name == "Opvoedspreekuur Zuid"
    assert result.bijgewerkt == 1 and after.services[0].versie == 2
    trail = repository.audit_trail(engine, after.services[0].id)
    assert any(r.veld == "name" and r.wie == "anna" for r in trail)


def test_same_service_at_two_locations(engine, tmp_path):
    rows = [
        {**ROW, "locatie_id": "a"},
        {**ROW, "locatie_id": "b", "latitude": "51.9", "wachttijd_weken": "5"},
    ]
    import_file(engine, write(tmp_path, "k.csv", csv_bytes(rows)), wie="test")
    [overview] = repository.list_services(engine)
    assert sorted(v.laatste_wachttijd.weken for v in overview.vestigingen) == [2, 5]


def test_gemeente_name_and_centroid(engine, tmp_path, gebieden):
    row = {**ROW, "gemeente": "Goeree-Overflakkee", "latitude": "", "longitude": ""}
    import_file(engine, write(tmp_path, "k.csv", csv_bytes([row])), wie="t", gebieden=gebieden)
    [loc] = repository.load_kaart(engine).locations
    assert loc.gemeente_code == "GM1924" and loc.locatie_benaderd
    assert 51.6 < loc.latitude < 51.9 and 3.8 < loc.longitude < 4.5


# --- bad files ---------------------------------------------------------------------------

TEN_MB = 33 * 1024 * 1024  # over the CSV limit (grenzen.MAX_BYTES["csv"])


def _big() -> bytes:
    rows = [{**ROW, "id": f"x{i}", "omschrijving": "x" * 900} for i in range(TEN_MB // 900 + 1)]
    return csv_bytes(rows, columns=[*ROW, "omschrijving"])


BAD = {
    "verkeerd scheidingsteken": (
        "t.csv",
        lambda: csv_bytes([ROW], delimiter="\t"),
        "Rij 1, veld 'bestand': de kolommen zijn gescheiden door tab",
    ),
    "verplichte kolom ontbreekt": (
        "m.csv",
        lambda: csv_bytes([ROW], columns=[k for k in ROW if k != "naam"]),
        "verplichte kolom(men) ontbreken: naam",
    ),
    "leeftijd geen getal": (
        "a.csv",
        lambda: csv_bytes([ROW, {**ROW, "id": "b", "leeftijd_min": "twee"}]),
        "Rij 3, veld 'leeftijd_min': 'twee' is geen getal",
    ),
    "leeftijd min boven max": (
        "a2.csv",
        lambda: csv_bytes([{**ROW, "leeftijd_min": "14"}]),
        "Rij 2, veld 'leeftijd_max': maximale leeftijd 12 is lager dan de minimale leeftijd 14",
    ),
    "negatieve leeftijd": (
        "a3.csv",
        lambda: csv_bytes([{**ROW, "leeftijd_min": "-1"}]),
        "Rij 2, veld 'leeftijd_min': leeftijd -1 ligt niet tussen 0 en 120 jaar",
    ),
    "dubbel id met andere gegevens": (
        "d.csv",
        lambda: csv_bytes([ROW, {**ROW, "naam": "Ander aanbod"}]),
        "Rij 3, veld 'id': aanbod 'opvoedpunt' staat ook op rij 2 maar met een ander(e) 'naam'",
    ),
    "dubbele rij": (
        "d2.csv",
        lambda: csv_bytes([ROW, ROW]),
        "Rij 3, veld 'id': id 'opvoedpunt' met deze locatie komt dubbel voor (ook op rij 2)",
    ),
    "kopregel puntkomma, rijen komma": (
        "gemengd.csv",
        lambda: (
            csv_bytes([ROW], delimiter=";").split(b"\n", 1)[0]
            + b"\n"
            + csv_bytes([ROW]).split(b"\n", 1)[1]
        ),
        "Rij 2, veld 'bestand': deze rij gebruikt een ander scheidingsteken dan de kopregel",
    ),
    "meer waarden dan kolommen": (
        "meer.csv",
        lambda: csv_bytes([ROW]) + b"a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q,r,s\n",
        "Rij 3, veld 'bestand': de rij heeft 19 waarden maar de kopregel 17 kolommen",
    ),
    "leeg bestand": ("l.csv", lambda: b"", "het bestand is leeg"),
    "alleen kopregel": (
        "h.csv",
        lambda: csv_bytes([], columns=list(ROW)),
        "het bestand bevat een kopregel maar geen aanbod",
    ),
    "33 MB": ("g.csv", _big, "de grens is 32 MB"),
    "onbekende toegang": (
        "o.csv",
        lambda: csv_bytes([{**ROW, "toegang": "op afspraak"}]),
        "Rij 2, veld 'toegang': 'op afspraak' is geen geldige waarde; kies uit: vrij_toegankelijk",
    ),
    "wachttijd zonder peildatum": (
        "w.csv",
        lambda: csv_bytes([{**ROW, "wachttijd_peildatum": ""}]),
        "Rij 2, veld 'wachttijd_peildatum': bij een wachttijd hoort een peildatum",
    ),
    "wachttijd zonder locatie": (
        "n.csv",
        lambda: csv_bytes([{**ROW, "gemeente": "", "latitude": "", "longitude": ""}]),
        "Rij 2, veld 'wachttijd_weken': een wachttijd hoort bij een locatie",
    ),
    "vertrouwelijk zonder contactroute": (
        "v.csv",
        lambda: csv_bytes(
            [{**ROW, "adres_vertrouwelijk": "ja"}], columns=[*ROW, "adres_vertrouwelijk"]
        ),
        "Rij 2, veld 'publieke_contactroute'",
    ),
    "kapot Excel-bestand": ("x.xlsx", lambda: b"PK\x03\x04 kapot", "geen geldig Excel-bestand"),
    "kapotte JSON": ("j.json", lambda: b'{"services": [', "geen geldige JSON"),
    "onbekend type": ("z.txt", lambda: b"id,naam\n1,x\n", "onbekend bestandstype"),
    "HSDS-dienst bij onbekende organisatie": (
        "s.json",
        lambda: (
            b'{"id": "ac148810-d857-441c-9679-408f346de14b", "name": "X", "status": "active",'
            b' "organization_id": "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610"}'
        ),
        "niet in het bestand of de sociale kaart",
    ),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_files_are_refused_and_store_unchanged(case, engine, tmp_path):
    import_file(engine, VOORBEELD_CSV, wie="voorbereiding")
    before = store_snapshot(engine)
    name, make, fragment = BAD[case]
    with pytest.raises(ImportGeweigerd) as err:
        import_file(engine, write(tmp_path, name, make()), wie="test")
    assert fragment in str(err.value), str(err.value)
    assert store_snapshot(engine) == before


def test_unknown_gemeente_code_against_real_cbs_list(engine, tmp_path, gebieden):
    assert {"GM1930", "GM1992", "GM1924"} <= gebieden.known_gemeenten()
    bad = csv_bytes([{**ROW, "werkgebied": "GM1930|GM0999", "gemeente": "GM0998"}])
    before = store_snapshot(engine)
    with pytest.raises(ImportGeweigerd) as err:
        import_file(engine, write(tmp_path, "g.csv", bad), wie="t", gebieden=gebieden)
    messages = str(err.value)
    assert "Rij 2, veld 'werkgebied': gemeentecode GM0999 bestaat niet" in messages
    assert "Rij 2, veld 'gemeente': gemeentecode GM0998 bestaat niet" in messages
    assert store_snapshot(engine) == before
    # The same check with an explicit set, as a page would pass it.
    preview = preview_import(bad, "g.csv", known_gemeenten={"GM1930"})
    assert not preview.ok


def test_every_error_is_reported_not_only_the_first(tmp_path):
    rows = [
        {**ROW, "leeftijd_min": "x"},
        {**ROW, "id": "b", "trede": "7"},
        {**ROW, "id": "c", "wachttijd_weken": "veel"},
    ]
    preview = preview_import(csv_bytes(rows), "k.csv")
    assert [(f.rij, f.veld) for f in preview.blokkerend] == [
        (2, "leeftijd_min"),
        (3, "trede"),
        (4, "wachttijd_weken"),
    ]
    assert preview.fouten_tabel()[0]["rij"] == 2
    assert "er wordt niets geïmporteerd" in preview.samenvatting()


def test_database_failure_rolls_back_everything(engine):
    """All or nothing even when the database refuses a record half-way."""
    import_file(engine, VOORBEELD_CSV, wie="voorbereiding")
    before = store_snapshot(engine)
    good = Organisation(id="11111111-1111-4111-8111-111111111111", name="Nieuw")
    orphan = Service(
        id="22222222-2222-4222-8222-222222222222",
        organization_id="33333333-3333-4333-8333-333333333333",  # no such organisation
        name="Wees",
    )
    preview = ImportPreview("x.json", "hsds", KaartData((good,), (orphan,)), ())
    with pytest.raises(ImportGeweigerd, match="er is niets veranderd"):
        commit_import(engine, preview, wie="test")
    assert store_snapshot(engine) == before


def test_text_longer_than_the_column_is_a_row_error_on_every_database(engine, tmp_path):
    """SQLite would store 301 characters, PostgreSQL refuses them: both refuse in Dutch."""
    from planner.kaart.tables import max_lengtes

    import_file(engine, VOORBEELD_CSV, wie="voorbereiding")
    before = store_snapshot(engine)
    assert max_lengtes("kaart_diensten")["name"] == 300
    rows = [
        {**ROW, "naam": "n" * 301},
        {**ROW, "id": "b", "organisatie": "o" * 301, "locatie_naam": "l" * 301},
        {**ROW, "id": "c", "naam": "n" * 300},  # exactly the limit fits
    ]
    with pytest.raises(ImportGeweigerd) as err:
        lang = csv_bytes(rows, columns=[*ROW, "locatie_naam"])
        import_file(engine, write(tmp_path, "lang.csv", lang), wie="t")
    fouten = {(f.rij, f.veld) for f in err.value.fouten}
    assert fouten == {(2, "naam"), (3, "organisatie"), (3, "locatie_naam")}
    assert "hoogstens 300" in str(err.value)
    assert store_snapshot(engine) == before


def test_hsds_text_longer_than_the_column_is_refused(engine, tmp_path):
    import json

    doc = {
        "id": "ac148810-d857-441c-9679-408f346de14b",
        "name": "n" * 301,
        "status": "active",
        "organization": {"id": "bd148810-d857-441c-9679-408f346de14b", "name": "Org"},
    }
    before = store_snapshot(engine)
    with pytest.raises(ImportGeweigerd, match="hoogstens 300"):
        import_file(engine, write(tmp_path, "lang.json", json.dumps(doc).encode()), wie="t")
    assert store_snapshot(engine) == before


def test_any_database_refusal_becomes_a_dutch_import_error(engine):
    """Past validation, whatever the database refuses is ImportGeweigerd, store unchanged."""
    import_file(engine, VOORBEELD_CSV, wie="voorbereiding")
    before = store_snapshot(engine)
    good = Organisation(id="11111111-1111-4111-8111-111111111111", name="Nieuw")
    too_long = Service(
        id="22222222-2222-4222-8222-222222222222",
        organization_id=good.id,
        name="x" * 301,  # bypasses the preview's validation on purpose
    )
    preview = ImportPreview("x.json", "hsds", KaartData((good,), (too_long,)), ())
    if engine.dialect.name == "postgresql":
        with pytest.raises(ImportGeweigerd, match="er is niets veranderd"):
            commit_import(engine, preview, wie="test")
        assert store_snapshot(engine) == before
    # Any other database error (here: a lost connection half-way) is mapped the same way.
    from sqlalchemy.exc import OperationalError

    schrijf = repository.write_kaart

    def breekt(conn, data, *, wie):
        schrijf(conn, KaartData((good,)), wie=wie)
        raise OperationalError("INSERT …", {}, Exception("server closed the connection"))

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(repository, "write_kaart", breekt)
        with pytest.raises(ImportGeweigerd, match="server closed the connection"):
            commit_import(engine, preview, wie="test")
    assert store_snapshot(engine) == before


def test_size_message_uses_a_decimal_comma():
    from planner.kaart.io import _too_big

    melding = _too_big(int(8.5 * 1_048_576), 8 * 1_048_576).melding
    assert "het bestand is 8,5 MB; de grens is 8 MB" in melding


def test_rows_that_disagree_name_the_csv_column():
    rows = [ROW, {**ROW, "openingstijden": "ma 09:00-12:00"}]
    preview = preview_import(csv_bytes(rows), "d.csv")
    assert any("ander(e) 'openingstijden'" in f.melding for f in preview.blokkerend)
