"""`python -m planner.kaart import/export`: exit codes, Dutch messages, store unchanged."""

from __future__ import annotations

import os
import subprocess
import sys

from planner.kaart import repository
from planner.kaart.voorbeeld import VOORBEELD_CSV
from planner.settings import PROJECT_ROOT
from planner.store import make_engine
from tests.kaart.conftest import store_snapshot
from tests.kaart.test_import import ROW, csv_bytes


def test_import_export_and_refusal(run, tmp_path, cbs_dir, thuis_met_cbs_cache):
    ok = run(tmp_path, "import", str(VOORBEELD_CSV), cbs_dir=cbs_dir)
    assert ok.returncode == 0, ok.stderr
    assert "Geïmporteerd:" in ok.stdout

    engine = make_engine(f"sqlite:///{tmp_path / 'cli.db'}")
    before = store_snapshot(engine)
    bad = tmp_path / "fout.csv"
    bad.write_bytes(csv_bytes([{**ROW, "leeftijd_min": "baby"}], delimiter=";"))
    refused = run(tmp_path, "import", str(bad), cbs_dir=cbs_dir)
    assert refused.returncode == 1
    assert "Rij 2, veld 'leeftijd_min': 'baby' is geen getal" in refused.stderr
    assert "Er is niets veranderd" in refused.stderr
    assert store_snapshot(engine) == before

    for suffix in (".csv", ".xlsx", ".json"):
        out = tmp_path / f"export{suffix}"
        done = run(tmp_path, "export", str(out))
        assert done.returncode == 0, done.stderr
        assert out.stat().st_size > 1000
    # The exported file imports again and changes nothing.
    again = run(tmp_path, "import", str(tmp_path / "export.json"), cbs_dir=cbs_dir)
    assert again.returncode == 0 and "0 nieuw, 0 bijgewerkt" in again.stdout
    assert len(repository.load_kaart(engine).services) == len(before[0].services)
    engine.dispose()


def test_usage_errors(run, tmp_path):
    assert run(tmp_path, "export", str(tmp_path / "x.pdf")).returncode == 2
    assert run(tmp_path, "onzin").returncode == 2
    missing = run(tmp_path, "import", str(tmp_path / "bestaat-niet.csv"))
    assert missing.returncode == 1 and "bestaat niet" in missing.stderr


def test_the_module_runs_as_a_command(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}"}
    env["PREVENTIEKAART_HOME"] = str(tmp_path / "home")
    uit = subprocess.run(
        [sys.executable, "-m", "planner.kaart", "export", str(tmp_path / "kaart.csv")],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert uit.returncode == 0, uit.stderr
    assert "Geëxporteerd naar" in uit.stdout and (tmp_path / "kaart.csv").stat().st_size > 0
    onzin = subprocess.run(
        [sys.executable, "-m", "planner.kaart", "onzin"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert onzin.returncode == 2 and "Traceback" not in onzin.stderr
