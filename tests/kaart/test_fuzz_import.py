"""Bounded fuzz test of the import (issue 11): 1,200 generated CSV/xlsx/zip/JSON files.

Every case starts from a valid file (the project's own export) and is cut, byte-flipped,
given hostile cells (NUL, formulas, markup, huge numbers, other scripts) or restructured.
For each one: no exception other than a Dutch refusal (``ImportGeweigerd`` or a preview
with errors); a refusal leaves the store byte-identical (CSV and HSDS exports compared); an
accepted file keeps every name and description it held; memory stays bounded.

Run ``python -m tests.kaart.test_fuzz_import`` for the table in the closing note.
"""

from __future__ import annotations

import csv
import io
import json
import random
import resource
import time
import zipfile
from dataclasses import dataclass, field, replace
from typing import Any

from planner.kaart import repository
from planner.kaart.io import ImportGeweigerd, commit_import, export_bytes, preview_import
from planner.kaart.io.tabel import tekst
from planner.kaart.model import stable_id
from planner.store import make_engine, upgrade

SEED = 11
CASES = 1200

HOSTILE = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "=cmd|' /C calc'!A0",
    "'=1+1",
    "''",
    "'t Hoekje",
    "+31 6 1234",
    "-",
    "@SUM(A1)",
    "\t=x",
    '"',
    '""',
    '"quoted"',
    ";",
    ",",
    "a;b,c",
    "\n",
    "regel\nregel",
    "\r",
    "<b>3201</b>",
    "<script>alert(1)</script>",
    "![x](http://example.org/p.png)",
    "http://example.org",
    "1_0",
    "١٠",
    "1e308",
    "1e309",
    "-0",
    "NaN",
    "inf",
    "2026-02-30",
    "2026-01-05 en zo",
    "0000-00-00",
    "GM0000",
    "GM١٩٣٠",
    "ABCDEF",
    "3201 AB",
    "x" * 5000,
    "é" * 300,
    "\ufeff",
    "\u202e",
    "𝕏",
    "\ud800".encode("utf-8", "surrogatepass").decode("utf-8", "replace"),
    "ja",
    "nee",
    "24/7",
    "ma-vr 09:00-17:00",
    "2026-01-05=4 (x); 2025-11-01=6",
    "kindermishandeling|onzin",
    "1",
    "4",
    "99",
]
# Text columns whose value must be stored exactly (stripped) when a file is accepted.
TEKST_KOLOMMEN = {"naam": "name", "omschrijving": "description", "doelgroep": "doelgroep"}


@dataclass
class Tabel:
    tried: dict[str, int] = field(default_factory=dict)
    refused: dict[str, int] = field(default_factory=dict)
    accepted: dict[str, int] = field(default_factory=dict)
    crashed: list[str] = field(default_factory=list)
    partial: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)

    def tel(self, d: dict[str, int], soort: str) -> None:
        d[soort] = d.get(soort, 0) + 1

    def regels(self) -> list[str]:
        out = ["| format | tried | refused cleanly | accepted | crashed | partial write |"]
        out.append("|---|---|---|---|---|---|")
        for soort in sorted(self.tried):
            c = sum(x.startswith(soort + ":") for x in self.crashed)
            p = sum(x.startswith(soort + ":") for x in self.partial)
            out.append(
                f"| {soort} | {self.tried[soort]} | {self.refused.get(soort, 0)} | "
                f"{self.accepted.get(soort, 0)} | {c} | {p} |"
            )
        return out


def _seed_store(path: str):
    from tests.kaart.conftest import make_kaart

    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    kaart = make_kaart()
    tweede = replace(
        kaart.services[0], id=stable_id("tweede", soort="dienst"), name="Tweede aanbod"
    )
    repository.save_kaart(engine, replace(kaart, services=(*kaart.services, tweede)), wie="t")
    return engine


def _snapshot(engine) -> tuple[bytes, Any, int]:
    """The internal CSV export, every record (HSDS-only fields too) and the audit length."""
    from sqlalchemy import func, select

    from planner.kaart import tables

    data = repository.load_kaart(engine)
    with engine.connect() as conn:
        audit = conn.execute(select(func.count()).select_from(tables.audit)).scalar_one()
    return export_bytes(data, "csv", openbaar=False), data, audit


# --- generators -----------------------------------------------------------------------------


def _csv_rows(raw: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))


def _csv_from(rows: list[list[str]], delimiter: str = ";") -> bytes:
    buf = io.StringIO(newline="")
    csv.writer(buf, delimiter=delimiter).writerows(rows)
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def _bytes_mutation(rng: random.Random, raw: bytes) -> bytes:
    b = bytearray(raw)
    soort = rng.randrange(6)
    if soort == 0 and len(b) > 2:  # cut anywhere
        return bytes(b[: rng.randrange(1, len(b))])
    if soort == 1:  # flip bytes
        for _ in range(rng.randint(1, 8)):
            i = rng.randrange(len(b))
            b[i] = rng.randrange(256)
        return bytes(b)
    if soort == 2:  # insert special bytes
        for _ in range(rng.randint(1, 4)):
            i = rng.randrange(len(b) + 1)
            b[i:i] = rng.choice([b"\x00", b'"', b";", b",", b"\n", b"\r", b"\xe9", b"\xff\xfe"])
        return bytes(b)
    if soort == 3 and len(b) > 10:  # delete a range
        i = rng.randrange(len(b) - 5)
        del b[i : i + rng.randint(1, 50)]
        return bytes(b)
    if soort == 4:  # duplicate a slice
        i = rng.randrange(len(b))
        return bytes(b[:i] + b[i : i + 200] + b[i:])
    return bytes(b[: len(b) // 2])


def gen_csv(rng: random.Random, basis: bytes) -> tuple[bytes, str]:
    rows = _csv_rows(basis)
    keuze = rng.randrange(5)
    if keuze <= 1:
        return _bytes_mutation(rng, basis), "csv"
    for _ in range(rng.randint(1, 6)):
        r = rng.randrange(1, len(rows))
        c = rng.randrange(len(rows[r]))
        rows[r][c] = rng.choice(HOSTILE)
    if keuze == 3:
        r = rng.randrange(1, len(rows))
        rows[r] = rows[r][: rng.randrange(len(rows[r]))]  # a short row
    if keuze == 4 and rng.random() < 0.5:
        rows.append(list(rows[1]))  # a repeated row
    return _csv_from(rows, rng.choice([";", ";", ","])), "csv"


def gen_xlsx(rng: random.Random, basis: bytes) -> tuple[bytes, str]:
    from openpyxl import load_workbook

    if rng.random() < 0.3:
        return _bytes_mutation(rng, basis), "xlsx"
    wb = load_workbook(io.BytesIO(basis))
    ws = wb["sociale kaart"]
    for _ in range(rng.randint(1, 6)):
        r = rng.randint(2, ws.max_row)
        c = rng.randint(1, ws.max_column)
        waarde: Any = rng.choice([*HOSTILE, 3.5, -1, 10**20, True])
        if isinstance(waarde, str):
            waarde = "".join(ch for ch in waarde if ch >= " " or ch in "\t\n\r") or None
        ws.cell(r, c).value = waarde
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue(), "xlsx"


def _json_mutate(rng: random.Random, obj: Any, diepte: int = 0) -> Any:
    if isinstance(obj, dict) and obj:
        k = rng.choice(list(obj))
        if rng.random() < 0.5 and diepte < 6:
            obj[k] = _json_mutate(rng, obj[k], diepte + 1)
        else:
            obj[k] = rng.choice([*HOSTILE, None, 0, -5, 1e300, [], {}, True, [1, [2]], {"a": 1}])
        return obj
    if isinstance(obj, list) and obj:
        i = rng.randrange(len(obj))
        if rng.random() < 0.2:
            obj.append(obj[i])
        elif rng.random() < 0.2:
            del obj[i]
        else:
            obj[i] = _json_mutate(rng, obj[i], diepte + 1)
        return obj
    return rng.choice([*HOSTILE, None, 1, [], {}])


def gen_json(rng: random.Random, basis: bytes) -> tuple[bytes, str]:
    if rng.random() < 0.3:
        return _bytes_mutation(rng, basis), "json"
    doc = json.loads(basis)
    for _ in range(rng.randint(1, 4)):
        doc = _json_mutate(rng, doc)
    return json.dumps(doc, ensure_ascii=rng.random() < 0.5).encode(), "json"


def _zip_basis(data) -> bytes:
    doc = json.loads(export_bytes(data, "hsds", openbaar=False))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        org = io.StringIO(newline="")
        w = csv.writer(org)
        w.writerow(["id", "name", "description"])
        for o in doc["organizations"]:
            w.writerow([o["id"], o["name"], o.get("description", "")])
        zf.writestr("organizations.csv", org.getvalue())
        svc = io.StringIO(newline="")
        w = csv.writer(svc)
        w.writerow(["id", "organization_id", "name", "description", "status"])
        for s in doc["services"]:
            w.writerow(
                [s["id"], s["organization_id"], s["name"], s.get("description", ""), "active"]
            )
        zf.writestr("services.csv", svc.getvalue())
    return buf.getvalue()


def gen_zip(rng: random.Random, basis: bytes) -> tuple[bytes, str]:
    if rng.random() < 0.4:
        return _bytes_mutation(rng, basis), "zip"
    with zipfile.ZipFile(io.BytesIO(basis)) as zf:
        members = {n: zf.read(n).decode() for n in zf.namelist()}
    naam = rng.choice(list(members))
    rows = list(csv.reader(io.StringIO(members[naam], newline="")))
    for _ in range(rng.randint(1, 4)):
        r = rng.randrange(1, len(rows))
        rows[r][rng.randrange(len(rows[r]))] = rng.choice(HOSTILE)
    if rng.random() < 0.3:
        r = rng.randrange(1, len(rows))
        rows[r] = rows[r][:1]
    buf = io.StringIO(newline="")
    csv.writer(buf).writerows(rows)
    members[naam] = buf.getvalue()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for n, text in members.items():
            zf.writestr(n, text)
    return out.getvalue(), "zip"


# --- checks -----------------------------------------------------------------------------------


def _kept(raw: bytes, soort: str, engine) -> list[str]:
    """Values from an accepted file that the store does not hold as written."""
    data = repository.load_kaart(engine)
    per_id = {s.id: s for s in data.services}
    verloren: list[str] = []
    if soort == "csv":
        text = raw.decode("utf-8-sig", errors="replace")
        delim = ";" if text.splitlines()[0].count(";") > text.splitlines()[0].count(",") else ","
        rows = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=delim))
    elif soort == "xlsx":
        from openpyxl import load_workbook

        ws = load_workbook(io.BytesIO(raw), read_only=True)["sociale kaart"]
        values = list(ws.iter_rows(values_only=True))
        rows = [dict(zip(values[0], r, strict=False)) for r in values[1:]]
    elif soort == "json":
        doc = json.loads(raw.decode("utf-8-sig"))
        for s in doc.get("services", []) if isinstance(doc, dict) else []:
            if not isinstance(s, dict) or not isinstance(s.get("id"), str):
                continue
            stored = per_id.get(s["id"]) or per_id.get(stable_id(s["id"], soort="dienst") or "")
            naam = s.get("name")
            if stored is not None and isinstance(naam, str) and naam and stored.name != naam:
                verloren.append(f"name {naam!r} -> {stored.name!r}")
        return verloren
    else:
        return verloren
    for row in rows:
        raw_id = str(row.get("id") or "").strip()
        if not raw_id:
            continue
        stored = per_id.get(stable_id(raw_id, soort="dienst") or "")
        if stored is None:
            continue
        for kolom, veld in TEKST_KOLOMMEN.items():
            waarde = tekst(row.get(kolom))  # a number cell is its text, as the reader sees it
            if waarde is None:
                continue
            if soort == "csv" and waarde[:1] == "'" and waarde[1:2] in "=+-@\t\r'":
                waarde = waarde[1:].strip()
            if getattr(stored, veld) != waarde:
                verloren.append(f"{kolom} {waarde[:40]!r} -> {getattr(stored, veld)!r:.40}")
    return verloren


def run_fuzz(tmp_dir: str, cases: int = CASES, seed: int = SEED) -> Tabel:
    rng = random.Random(seed)
    engine = _seed_store(f"{tmp_dir}/fuzz.db")
    data = repository.load_kaart(engine)
    bases = {
        "csv": export_bytes(data, "csv", openbaar=False),
        "xlsx": export_bytes(data, "xlsx", openbaar=False),
        "json": export_bytes(data, "hsds", openbaar=False),
        "zip": _zip_basis(data),
    }
    gens = {"csv": gen_csv, "xlsx": gen_xlsx, "json": gen_json, "zip": gen_zip}
    tabel = Tabel()
    namen = {"csv": "f.csv", "xlsx": "f.xlsx", "json": "f.json", "zip": "f.zip"}
    before = _snapshot(engine)
    for n in range(cases):
        soort = ("csv", "csv", "xlsx", "json", "zip")[n % 5]
        raw, soort = gens[soort](rng, bases[soort])
        tabel.tel(tabel.tried, soort)
        try:
            preview = preview_import(raw, namen[soort], engine=engine)
            if preview.ok:
                commit_import(engine, preview, wie="fuzz")
                tabel.tel(tabel.accepted, soort)
                tabel.lost += [f"{soort}:{n}: {v}" for v in _kept(raw, soort, engine)]
                before = _snapshot(engine)
                continue
            tabel.tel(tabel.refused, soort)
        except ImportGeweigerd:
            tabel.tel(tabel.refused, soort)
        except Exception as exc:
            tabel.crashed.append(f"{soort}:{n}: {type(exc).__name__}: {exc}"[:300])
        after = _snapshot(engine)
        if after != before:
            tabel.partial.append(f"{soort}:{n}")
            before = after
    engine.dispose()
    return tabel


def test_fuzz_import_never_crashes_or_half_writes(tmp_path):
    rss_voor = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tabel = run_fuzz(str(tmp_path))
    groei_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_voor) / 1024
    print("\n".join(tabel.regels()))
    assert sum(tabel.tried.values()) >= 1000
    assert not tabel.crashed, tabel.crashed[:5]
    assert not tabel.partial, tabel.partial[:5]
    assert not tabel.lost, tabel.lost[:5]
    assert sum(tabel.refused.values()) > 0 and sum(tabel.accepted.values()) > 0
    assert groei_mb < 300, groei_mb


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        t = run_fuzz(tmp)
        print("\n".join(t.regels()))
        print(f"seconds: {time.perf_counter() - start:.1f}")
        print(
            f"max RSS growth: {(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss) / 1024:.0f} MB"
        )
        for regel in t.crashed[:20] + t.partial[:20] + t.lost[:20]:
            print(regel)
