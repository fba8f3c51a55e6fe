"""`python -m planner.plan export`: a saved plan as Word or PDF without the page."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from planner.plan.__main__ import main
from planner.plan.model import Doel, GekozenActie, Indicator, Meting, Plan
from planner.plan.opslag import maak_plan
from planner.settings import PROJECT_ROOT
from planner.store import open_store

PLAN = Plan(
    "Opdrachtregelplan Nissewaard",
    ("GM1930",),
    periode="2026-2028",
    acties=(
        GekozenActie(
            2,
            Doel(wat="Alle ouders van baby's krijgen voorlichting", eigenaar="Team jeugd"),
            (
                Indicator(
                    "Bereik",
                    0.0,
                    date(2026, 1, 1),
                    metingen=(Meting(date(2026, 6, 1), 40.0), Meting(date(2026, 12, 1), 60.0)),
                ),
            ),
        ),
    ),
)


@pytest.fixture
def store(tmp_path, monkeypatch, cbs_dir, thuis_met_cbs_cache) -> tuple[str, int]:
    """A SQLite store with one saved plan, configured as the app would find it."""
    url = f"sqlite:///{tmp_path / 'plannen.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("PREVENTIEKAART_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("PREVENTIEKAART_DATA_DIR", str(cbs_dir))
    engine = open_store(url)
    info = maak_plan(engine, PLAN, door="Anna de Vries")
    engine.dispose()
    return url, info.id


def test_export_docx_and_pdf_of_a_saved_plan(store, tmp_path, capsys):
    _, plan_id = store
    docx, pdf = tmp_path / "plan.docx", tmp_path / "Plan.PDF"
    assert main(["export", str(plan_id), str(docx)]) == 0
    assert f"Geëxporteerd naar {docx}" in capsys.readouterr().out
    doc = Document(str(docx))
    koppen = [p.text for p in doc.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert koppen[0] == "Preventieplan: Opdrachtregelplan Nissewaard"
    assert "2. Alle jonge ouders voorlichten over geweldloos opvoeden" in koppen
    tekst = "\n".join(p.text for p in doc.paragraphs)
    assert "Plan voor: Nissewaard" in tekst  # gemeente names come from the CBS data
    cellen = {c.text for t in doc.tables for r in t.rows for c in r.cells}
    assert "Kinderen 0-17 jaar – Nissewaard" in cellen  # step 1 computed as on the page
    assert "Team jeugd" in cellen
    assert len(doc.inline_shapes) >= 2  # the wijk map and the indicator's chart
    assert doc.core_properties.author == "Anna de Vries"  # who saved the plan

    assert main(["lijst"]) == 0
    assert capsys.readouterr().out == (
        f"{plan_id}\tOpdrachtregelplan Nissewaard\tGM1930\tconcept\tversie 1\n"
    )

    assert main(["export", str(plan_id), str(pdf)]) == 0
    lezer = PdfReader(io.BytesIO(pdf.read_bytes()))
    assert "Opdrachtregelplan Nissewaard" in lezer.pages[0].extract_text()


@pytest.mark.parametrize(
    ("argv", "melding"),
    [
        (["export", "{id}", "plan.txt"], "Onbekend bestandstype '.txt'"),
        (["export", "{id}", "plan"], "Onbekend bestandstype '(geen)'"),
        (["export", "999", "plan.docx"], "Plan 999 bestaat niet in deze opslag."),
    ],
)
def test_refusals_are_dutch_and_write_nothing(store, tmp_path, capsys, argv, melding):
    _, plan_id = store
    argv = [a.format(id=plan_id) for a in argv[:2]] + [str(tmp_path / argv[2])]
    assert main(argv) == 1
    assert melding in capsys.readouterr().err
    assert not Path(argv[2]).exists()


def test_no_store_is_said_and_not_created(tmp_path, monkeypatch, capsys):
    db = tmp_path / "nergens" / "plannen.db"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{db}")
    assert main(["export", "1", str(tmp_path / "plan.docx")]) == 1
    assert f"Er is geen opslag met plannen in {db}." in capsys.readouterr().err
    assert not db.exists() and not (tmp_path / "plan.docx").exists()
    assert main(["lijst"]) == 1
    assert not db.exists()


def test_an_empty_store_has_no_plans(tmp_path, monkeypatch, capsys):
    url = f"sqlite:///{tmp_path / 'leeg.db'}"
    open_store(url).dispose()
    monkeypatch.setenv("DATABASE_URL", url)
    assert main(["lijst"]) == 0
    assert capsys.readouterr().out == "Er zijn nog geen opgeslagen plannen.\n"


def test_a_plan_number_must_be_a_number(capsys):
    with pytest.raises(SystemExit) as einde:
        main(["export", "drie", "plan.docx"])
    assert einde.value.code == 2
    assert "'drie' is geen plannummer" in capsys.readouterr().err


def test_the_module_runs_as_a_command(store, tmp_path):
    url, _ = store
    env = {**os.environ, "DATABASE_URL": url}
    uit = subprocess.run(
        [sys.executable, "-m", "planner.plan", "export", "999", str(tmp_path / "x.docx")],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert uit.returncode == 1
    assert uit.stderr.strip() == "Fout: Plan 999 bestaat niet in deze opslag."
    assert "Traceback" not in uit.stderr
