"""Generated malformed HSDS (JSON, tabular CSV as folder, zip): never a traceback, and a
refused file leaves the store exactly as it was (the export before and after is compared).

Bounded and seeded: 510 cases, the same every run, a few seconds in all.
"""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path
from typing import Any

from planner.kaart import repository
from planner.kaart.io import ImportGeweigerd, commit_import, export_bytes, preview_import
from planner.kaart.io.hsds import export_hsds
from planner.store import make_engine, upgrade
from tests.kaart.conftest import make_kaart
from tests.kaart.test_hsds_versies import hsds3_doc, hsds_1x_package, write_folder, zipped

SEED = 10
CASES = 510

JUNK: list[Any] = [
    None,
    "",
    " ",
    "x",
    0,
    -1,
    1.5,
    10**30,
    True,
    False,
    [],
    {},
    ["0800"],
    [1, 2],
    {"a": 1},
    "9" * 400,
    "\x00",
    "=HYPERLINK()",
    "2026-13-45",
    "25:99",
    "GM99999",
    "niet-een-uuid",
    "ë中\u202e",
]


def _paths(obj: Any, prefix: tuple = ()) -> list[tuple]:
    out = [prefix]
    if isinstance(obj, dict):
        for k, v in obj.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            out += _paths(v, (*prefix, i))
    return out


def _set(doc: Any, path: tuple, value: Any) -> Any:
    if not path:
        return value
    parent = doc
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = value
    return doc


def _deep(rng: random.Random) -> Any:
    value: Any = rng.choice(JUNK)
    for _ in range(rng.randint(30, 300)):
        value = [value] if rng.random() < 0.5 else {"services": value}
    return value


def _json_case(rng: random.Random, bases: list[Any]) -> tuple[bytes, str]:
    doc = copy.deepcopy(rng.choice(bases))
    soort = rng.random()
    if soort < 0.55:
        for _ in range(rng.randint(1, 3)):
            path = rng.choice(_paths(doc))
            value = _deep(rng) if rng.random() < 0.05 else copy.deepcopy(rng.choice(JUNK))
            doc = _set(doc, path, value)
    elif soort < 0.75:
        path = rng.choice([p for p in _paths(doc) if p] or [()])
        if path:
            parent = doc
            for key in path[:-1]:
                parent = parent[key]
            del parent[path[-1]]
    elif soort < 0.78:  # nesting deeper than Python's own recursion limit, as raw text
        n = rng.randint(500, 5000)
        opener, closer = rng.choice([("[", "]"), ('{"services": ', "}"), ('{"contents": ', "}")])
        return (opener * n + "1" + closer * n).encode(), "diep.json"
    elif soort < 0.85:
        doc = rng.choice(
            [{"contents": doc}, [doc, rng.choice(JUNK)], {"contents": "x"}, _deep(rng)]
        )
    else:
        raw = json.dumps(doc).encode()
        if rng.random() < 0.5:
            return raw[: rng.randint(0, len(raw))], "kapot.json"
        return bytes(rng.randrange(256) for _ in range(rng.randint(1, 300))), "ruis.json"
    return json.dumps(doc).encode(), "fuzz.json"


def _cell_junk(rng: random.Random) -> str:
    return rng.choice(
        ["", "x", "a,b", '"', "\n", "\x00", "999999", "-3", "l99", "s99", "org-9", "ë" * 300]
    )


def _tabular_files(rng: random.Random) -> dict[str, str]:
    files = hsds_1x_package()
    names = [n for n in files if n.endswith(".csv")]
    for _ in range(rng.randint(1, 3)):
        soort = rng.random()
        name = rng.choice(names)
        lines = files[name].splitlines()
        if soort < 0.5 and len(lines) > 1:
            i = rng.randrange(1, len(lines))
            cells = lines[i].split(",")
            cells[rng.randrange(len(cells))] = _cell_junk(rng)
            lines[i] = ",".join(cells)
        elif soort < 0.6:
            lines = lines[1:]  # header gone
        elif soort < 0.7 and lines:
            lines[0] = lines[0] + "," + lines[0].split(",")[0]  # a column twice
        elif soort < 0.8:
            files.pop(name, None)
            names.remove(name)
            if not names:
                break
            continue
        elif soort < 0.9:
            files["datapackage.json"] = rng.choice(
                [
                    "{",
                    "[]",
                    '{"resources": "x"}',
                    '{"resources": [1, {"path": 5}]}',
                    '{"resources": [{"name": "services", "path": "../../etc/passwd"}]}',
                    '{"resources": [{"name": "services", "path": "/etc/passwd"}]}',
                    '{"resources": [{"name": "services", "path": "https://x.example/s.csv"}]}',
                ]
            )
        else:
            lines.append(",".join(_cell_junk(rng) for _ in range(rng.randint(1, 12))))
        files[name] = "\n".join(lines) + "\n"
    return files


def test_fuzzed_hsds_never_crashes_and_refusal_changes_nothing(tmp_path: Path):
    rng = random.Random(SEED)
    engine = make_engine(f"sqlite:///{tmp_path / 'fuzz.db'}")
    upgrade(engine)
    repository.save_kaart(engine, make_kaart(), wie="t")
    own_export = json.loads(export_bytes(repository.load_kaart(engine), "hsds"))
    bases = [hsds3_doc(), [hsds3_doc()], {"contents": [hsds3_doc()]}, own_export]

    def snapshot() -> dict:
        """The internal HSDS export (as a dict: the same content, without the JSON text)."""
        return export_hsds(repository.load_kaart(engine), openbaar=False)

    before = snapshot()
    seen = {"json": 0, "map": 0, "zip": 0, "geweigerd": 0, "aanvaard": 0}
    for case in range(CASES):
        soort = ("json", "map", "zip")[case % 3]
        seen[soort] += 1
        if soort == "json":
            raw, name = _json_case(rng, bases)
            source: Any = raw
        elif soort == "map":
            folder = tmp_path / f"map{case}"
            folder.mkdir()
            source, name = write_folder(folder, _tabular_files(rng)), None
        else:
            raw = zipped(_tabular_files(rng), prefix=rng.choice(["", "export/"]))
            if rng.random() < 0.15:
                raw = raw[: rng.randint(0, len(raw))]  # cut off
            source, name = raw, "fuzz.zip"
        try:
            preview = preview_import(source, name, engine=engine)
        except Exception as exc:  # the assertion names the case to reproduce it
            raise AssertionError(f"case {case} ({soort}): {type(exc).__name__}: {exc}") from exc
        for fout in preview.fouten:
            assert fout.veld and fout.melding, (case, fout)
            assert "Traceback" not in str(fout) and "Error" not in fout.melding, (case, fout)
        try:
            commit_import(engine, preview, wie="fuzz")
        except ImportGeweigerd:
            seen["geweigerd"] += 1
            assert snapshot() == before, f"case {case}: refused, yet the store changed"
        else:
            seen["aanvaard"] += 1
            before = snapshot()
    assert seen["geweigerd"] > CASES / 3 and seen["aanvaard"] > 20, seen
