"""Hostile, broken and concurrent import files (issue 11): refused cleanly, nothing half-done."""

from __future__ import annotations

import functools
import io
import json
import threading
import time
import tracemalloc
import zipfile
from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import insert, select, text
from sqlalchemy.exc import IntegrityError

from planner.kaart import repository
from planner.kaart import tables as t
from planner.kaart.io import (
    ImportGeweigerd,
    commit_import,
    export_bytes,
    grenzen,
    import_file,
    preview_import,
)
from planner.kaart.model import WaitingTime
from tests.kaart.conftest import SAL_ID, make_kaart, store_snapshot
from tests.kaart.test_import import ROW, csv_bytes


def _own_export(engine) -> bytes:
    return export_bytes(repository.load_kaart(engine), "csv", openbaar=False)


# --- 1. a cut-off file never blanks data ------------------------------------------------


def test_truncated_internal_export_is_refused_and_blanks_nothing(engine):
    repository.save_kaart(engine, make_kaart(), wie="t")
    full = _own_export(engine)
    before = store_snapshot(engine)
    # every cut inside the data line: the old reader filled the missing cells with "empty"
    kop_einde = full.index(b"\n") + 1
    for cut in range(kop_einde + 40, len(full) - 3, 7):
        preview = preview_import(full[:cut], "kaart.csv", engine=engine)
        assert not preview.ok, cut
        with pytest.raises(ImportGeweigerd):
            commit_import(engine, preview, wie="t")
    assert store_snapshot(engine) == before
    # the whole file is still fine
    assert preview_import(full, "kaart.csv", engine=engine).ok


def test_row_with_fewer_cells_than_header_is_refused():
    good = csv_bytes([ROW, {**ROW, "id": "twee"}])
    lines = good.decode().splitlines()
    lines[2] = ",".join(lines[2].split(",")[:5])  # a row that stops after five cells
    preview = preview_import(("\n".join(lines) + "\n").encode(), "kort.csv")
    assert not preview.ok
    [fout] = preview.blokkerend
    assert fout.rij == 3 and "kopregel" in fout.melding and "leegmaken" in fout.melding


def test_unclosed_quote_is_refused():
    raw = csv_bytes([ROW]) + b'nog-een,"Stichting zonder eind,Aanbod\n'
    preview = preview_import(raw, "quote.csv")
    assert not preview.ok
    assert "aanhalingstekens wordt niet afgesloten" in preview.blokkerend[0].melding


# --- 3. bombs are refused before they are inflated ----------------------------------------


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _xlsx_with(sheet_xml: bytes, shared: bytes | None = None) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["id", "organisatie", "naam"])
    buf = io.BytesIO()
    wb.save(buf)
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as src:
        members = {n: src.read(n) for n in src.namelist()}
    members["xl/worksheets/sheet1.xml"] = sheet_xml
    if shared is not None:
        members["xl/sharedStrings.xml"] = shared
    return _zip(members)


_SHEET = (
    b'<?xml version="1.0" encoding="UTF-8"?><worksheet '
    b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
_END = b"</sheetData></worksheet>"


@functools.cache
def _bombs() -> dict[str, tuple[str, bytes]]:
    return {
        "zip-bom (HSDS-tabellen)": (
            "bom.zip",
            _zip({"services.csv": b"id,name\n" + b"0" * (grenzen.MAX_UITGEPAKT + 1024)}),
        ),
        "gedeelde-teksten-bom (xlsx)": (
            "teksten.xlsx",
            _xlsx_with(
                _SHEET + b'<row r="1"><c r="A1" t="s"><v>0</v></c></row>' + _END,
                b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                + b"<si><t>x</t></si>" * (grenzen.MAX_CELLEN + 10)
                + b"</sst>",
            ),
        ),
        "bladbom: één cel op rij 1.000.000": (
            "rij.xlsx",
            _xlsx_with(
                _SHEET
                + b'<dimension ref="A1:XFD1048576"/>'
                + b'<row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c></row>'
                + b'<row r="1000000"><c r="A1000000"><v>1</v></c></row>'
                + _END
            ),
        ),
        "bladbom: één rij met een miljoen cellen": (
            "breed.xlsx",
            _xlsx_with(_SHEET + b'<row r="1">' + b"<c><v>1</v></c>" * 1_000_000 + b"</row>" + _END),
        ),
        "JSON 100.000 niveaus diep": ("diep.json", b"[" * 100_000 + b"]" * 100_000),
        "CSV met 30.000 rijen": (
            "lang.csv",
            b"id,organisatie,naam\n" + b"".join(b"x%d,o,n\n" % i for i in range(30_000)),
        ),
    }


@pytest.mark.parametrize("naam", list(_bombs()))
def test_bombs_are_refused_quickly_within_memory(naam, engine):
    bestand, raw = _bombs()[naam]
    before = store_snapshot(engine)
    tracemalloc.start()
    start = time.perf_counter()
    try:
        preview = preview_import(raw, bestand, engine=engine)
        duur = time.perf_counter() - start
        _, piek = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert not preview.ok
    melding = preview.blokkerend[0].melding
    assert "grens" in melding or "genest" in melding or "meer dan" in melding, melding
    assert duur < 10, duur
    assert piek < 300 * 1024 * 1024, piek
    with pytest.raises(ImportGeweigerd):
        commit_import(engine, preview, wie="t")
    assert store_snapshot(engine) == before


@pytest.mark.parametrize(("naam", "grootte"), [("groot.json", 61), ("groot.csv", 11)])
def test_a_20000_row_export_is_not_over_the_size_limit(naam, grootte, tmp_path):
    """A 20,000-row HSDS export is about 60 MB, a CSV about 10 MB: restoring one's own
    export must not be refused for its size (the old limit was 8 MB for every format)."""
    path = tmp_path / naam
    with path.open("wb") as fh:
        fh.truncate(grootte * 1024 * 1024)  # sparse: the size check comes before reading
    preview = preview_import(path)
    assert not preview.ok  # (the content is nonsense)
    assert not any("grens" in f.melding for f in preview.blokkerend), preview.blokkerend
    assert grenzen.MAX_RIJEN >= 20_000


# --- 4. input that would break later ------------------------------------------------------


@pytest.mark.parametrize(
    ("kolom", "waarde", "fragment"),
    [
        ("naam", "Spreek\x00uur", "stuurteken"),
        ("postcode", "ABCDEF", "geen postcode"),
        ("postcode", "<b>3201</b>", "geen postcode"),
        ("leeftijd_max", "1_0", "geen getal"),
        ("leeftijd_max", "١٠", "geen getal"),
        ("wachttijd_peildatum", "2026-10-01 of zo", "geen datum"),
    ],
)
def test_values_that_break_later_are_refused(kolom, waarde, fragment):
    preview = preview_import(
        csv_bytes([{**ROW, kolom: waarde}], columns=[*ROW, "postcode"]), "x.csv"
    )
    assert not preview.ok
    assert any(f.veld == kolom and fragment in f.melding for f in preview.blokkerend), (
        preview.blokkerend
    )


def test_nul_byte_in_hsds_json_is_refused():
    doc = json.loads(export_bytes(make_kaart(), "hsds"))
    doc["services"][0]["name"] = "Spreek\u0000uur"
    preview = preview_import(json.dumps(doc).encode(), "k.json")
    assert not preview.ok
    assert any("stuurteken" in f.melding for f in preview.blokkerend)


def test_cp1252_byte_in_a_utf8_bom_file_is_refused_with_its_line():
    raw = b"\xef\xbb\xbf" + csv_bytes(
        [ROW, {**ROW, "id": "b", "naam": "Caf\xe9"}], encoding="cp1252"
    )
    preview = preview_import(raw, "bom.csv")
    assert not preview.ok
    assert "regel 2" in preview.blokkerend[0].melding  # 'Café' in the first data row
    assert "\ufffd" not in str(preview.data)


def test_valid_numbers_dates_and_postcodes_still_read():
    row = {**ROW, "leeftijd_min": "0,5", "wachttijd_peildatum": "2026-10-01T09:00:00"}
    preview = preview_import(
        csv_bytes([{**row, "postcode": "3201 AB"}], columns=[*ROW, "postcode"]), "ok.csv"
    )
    assert preview.ok, preview.blokkerend
    assert preview.data.services[0].leeftijd_min == 0.5
    assert preview.data.locations[0].postal_code == "3201 AB"


@pytest.mark.parametrize("formaat", ["csv", "xlsx", "hsds"])
def test_own_export_with_quotes_and_tiny_numbers_reimports_unchanged(formaat, engine):
    """A leading quote is real text (kept), and 1e-05 (as the export writes it) is a number."""
    kaart = make_kaart()
    org = replace(kaart.organisations[0], description="'t Hoekje")
    service = replace(kaart.services[0], description="'=geen formule", doelgroep="''dubbel")
    loc = replace(kaart.locations[0], latitude=0.00001, longitude=0.00002)
    kaart = replace(kaart, organisations=(org,), services=(service,), locations=(loc,))
    raw = export_bytes(kaart, formaat, openbaar=False)
    naam = {"csv": "k.csv", "xlsx": "k.xlsx", "hsds": "k.json"}[formaat]
    import_file(engine, raw, naam, wie="t")
    terug = repository.load_kaart(engine)
    assert terug.organisations[0].description == "'t Hoekje"
    assert terug.services[0].description == "'=geen formule"
    assert terug.services[0].doelgroep == "''dubbel"
    assert terug.locations[0].latitude == pytest.approx(0.00001)


# --- 5. concurrency -----------------------------------------------------------------------


def test_import_retries_when_an_edit_commits_in_between(engine, monkeypatch):
    """An edit that commits between the import's read and write used to raise ``Conflict``."""
    repository.save_kaart(engine, make_kaart(), wie="t")
    raw = _own_export(engine).replace(b"Vragen over opvoeden", b"Vragen over opvoeden en meer")
    preview = preview_import(raw, "k.csv", engine=engine)
    assert preview.ok
    echte = repository._existing
    gedaan = []

    def met_tussendoor(conn, table, ids):
        found = echte(conn, table, ids)
        if table is t.diensten:
            gedaan.append(1)
        # The second read of the services is write_kaart's own, just before its UPDATE:
        # the editor commits exactly there, once.
        if table is t.diensten and len(gedaan) == 2:
            other = repository.get_service(engine, ids[0])
            repository.save_service(engine, replace(other, doelgroep="ouders"), wie="redacteur")
        return found

    monkeypatch.setattr(repository, "_existing", met_tussendoor)
    result = commit_import(engine, preview, wie="import")
    assert result.bijgewerkt == 1
    [service] = repository.load_kaart(engine).services
    assert service.description == "Vragen over opvoeden en meer"
    assert service.versie == 3  # the edit (2) and then the import (3), nothing lost
    assert any(r.wie == "redacteur" for r in repository.audit_trail(engine, service.id))


def test_import_that_keeps_conflicting_is_refused_in_dutch(engine, monkeypatch):
    repository.save_kaart(engine, make_kaart(), wie="t")
    raw = _own_export(engine).replace(b"Vragen over opvoeden", b"Anders")
    preview = preview_import(raw, "k.csv", engine=engine)
    before = store_snapshot(engine)

    def altijd(*_a, **_k):
        raise repository.Conflict("Het aanbod is intussen gewijzigd")

    monkeypatch.setattr(repository, "write_kaart", altijd)
    with pytest.raises(ImportGeweigerd) as err:
        commit_import(engine, preview, wie="t", pogingen=2)
    assert "tegelijk" in str(err.value)
    assert store_snapshot(engine) == before


def test_two_imports_of_the_same_file_at_once(engine):
    """Same ids from two threads: both end cleanly and no measurement is stored twice.

    The services exist already, so only the waiting times are new: before issue 11 both
    imports read "not stored yet" and PostgreSQL stored every measurement twice.
    """
    zonder = [
        {**ROW, "id": f"d{i}", "wachttijd_weken": "", "wachttijd_peildatum": ""} for i in range(40)
    ]
    import_file(engine, csv_bytes(zonder), "basis.csv", wie="t")
    fouten: list[BaseException] = []
    for ronde in range(3):
        rows = [
            {
                **ROW,
                "id": f"d{i}",
                "wachttijd_weken": str(i % 7),
                "wachttijd_peildatum": f"2026-0{ronde + 1}-05",
            }
            for i in range(40)
        ]
        raw = csv_bytes(rows)
        barrier = threading.Barrier(2)

        def run(raw=raw, barrier=barrier):
            try:
                preview = preview_import(raw, "k.csv", engine=engine)
                barrier.wait()
                commit_import(engine, preview, wie="import")
            except ImportGeweigerd:
                pass  # a clean Dutch refusal is allowed
            except BaseException as exc:
                fouten.append(exc)

        threads = [threading.Thread(target=run) for _ in range(2)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
    assert not fouten, fouten
    with engine.connect() as conn:
        n = conn.execute(select(t.wachttijden.c.id)).all()
    assert len(n) == 40 * 3  # one per row and round, never twice


def test_waiting_times_are_unique_per_location_date_and_source(engine):
    repository.save_kaart(engine, make_kaart(), wie="t")
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(
            insert(t.wachttijden).values(
                service_at_location_id=SAL_ID,
                weken=9,
                peildatum=date(2026, 1, 5),
                gemeld_door="test",
                geregistreerd_op=repository.utc_nu(),
            )
        )
    # the same source reporting again for that date corrects the number
    repository.add_waiting_time(engine, WaitingTime(SAL_ID, 5, date(2026, 1, 5), "test"), wie="b")
    [wt] = repository.waiting_time_history(engine, SAL_ID)
    assert wt.weken == 5


def test_migration_removes_existing_duplicates(tmp_path, engine):
    """kaart_0004 on a store that already holds duplicates: they go, the first one stays."""
    from alembic import command

    from planner.store import _alembic_config

    repository.save_kaart(engine, make_kaart(), wie="t")  # on today's schema, then go back
    with engine.begin() as conn:
        cfg = _alembic_config(engine)
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "kaart_0003")
    with engine.begin() as conn:
        for weken in (4, 6):
            conn.execute(
                text(
                    "INSERT INTO kaart_wachttijden (service_at_location_id, weken, peildatum, "
                    "gemeld_door, geregistreerd_op) VALUES (:s, :w, :p, :g, :r)"
                ),
                {
                    "s": SAL_ID,
                    "w": weken,
                    "p": date(2026, 1, 5),
                    "g": "test",
                    "r": repository.utc_nu(),
                },
            )
    from planner.store import upgrade

    upgrade(engine)
    [wt] = repository.waiting_time_history(engine, SAL_ID)
    assert wt.weken == 3  # the earliest row of the group


def test_a_nul_byte_already_in_the_store_does_not_break_the_excel_export(engine):
    """Stored before imports refused it: the export (and the Beheer page that builds it) works."""
    if engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL never stored a NUL byte")
    kaart = make_kaart()
    service = replace(kaart.services[0], description="oud\x00teken")
    repository.save_kaart(engine, replace(kaart, services=(service,)), wie="t")
    raw = export_bytes(repository.load_kaart(engine), "xlsx", openbaar=False)
    preview = preview_import(raw, "terug.xlsx")
    assert preview.ok and preview.data.services[0].description == "oudteken"
