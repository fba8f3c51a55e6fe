"""Outputs cannot be used against their readers, and a full disk loses nothing (issue 11)."""

from __future__ import annotations

import csv
import io
import os
from datetime import date

import pytest
from sqlalchemy.exc import OperationalError

from planner.kaart.search import markdown_tekst
from planner.plan import opslag, weergave
from planner.plan.aanbod import Dienst, Levering
from planner.plan.catalogus import catalogus
from planner.plan.model import Doel, GekozenActie, Indicator, Meting, Plan
from planner.plan.monitor import monitortabel_csv

PIXEL = "![x](http://tracker.example/p.png)"
URL = "https://tracker.example/klik www.tracker.example mail@tracker.example"


def _geen_link_of_beeld(md: str) -> None:
    """No Markdown image or link syntax and no text GFM turns into a link."""
    assert "![" not in md and "](" not in md
    for vorm in ("http://", "https://", "www.", "@tracker"):
        assert vorm not in md, (vorm, md)


@pytest.mark.parametrize("tekst", [PIXEL, URL, "<img src=http://x/p.png>", "[klik](javascript:x)"])
def test_markdown_tekst_never_makes_images_or_links(tekst):
    _geen_link_of_beeld(markdown_tekst(tekst))


def test_plan_goal_and_service_name_are_shown_as_text_on_plan_and_slide():
    actie = catalogus().acties[0]
    doel = Doel(wat=f"Doel {PIXEL}", eenheid=URL, eigenaar=PIXEL, wanneer=date(2027, 1, 1))
    regel = weergave.actie_regel(actie, GekozenActie(actie.nummer, doel))
    _geen_link_of_beeld(regel.split("**", 2)[2])  # the label itself is catalogue text
    dienst = Dienst(id="d", naam=f"Aanbod {PIXEL} {URL}", trede=1, niveau="universeel")
    levering = weergave.levering_tekst([Levering(dienst=dienst, trefwoord="opvoed")])
    _geen_link_of_beeld(levering)


def test_monitoring_csv_never_holds_a_formula():
    ind = Indicator(
        "=cmd|' /C calc'!A0",
        10.0,
        date(2026, 1, 1),
        60.0,
        date(2027, 1, 1),
        "@SUM(A1)",
        "+x",
        (Meting(date(2026, 3, 1), 15.0, "-2+3"),),
    )
    plan = Plan("P", ("GM1930",), acties=(GekozenActie(2, Doel(), (ind,)),))
    [_kop, regel] = list(csv.reader(io.StringIO(monitortabel_csv(plan)), delimiter=";"))
    for cel in regel:
        assert cel[:1] not in ("=", "+", "-", "@"), regel
    assert regel[1] == "'=cmd|' /C calc'!A0"


def test_plan_save_on_a_full_disk_says_so_in_dutch_without_sql(engine, monkeypatch):
    def vol(*_a, **_k):
        raise OperationalError(
            "INSERT INTO plan_versies (plan_id, versie) VALUES (?, ?)",
            {},
            Exception("database or disk is full"),
        )

    monkeypatch.setattr(opslag, "_schrijf_versie", vol)
    with pytest.raises(opslag.PlanNietOpgeslagen) as err:
        opslag.maak_plan(engine, Plan("Plan", ("GM1930",)))
    melding = str(err.value)
    assert "niet opgeslagen" in melding and "schijf vol" in melding
    assert "INSERT" not in melding and "plan_versies" not in melding
    assert opslag.plannen_voor(engine) == []  # nothing half-stored


def test_export_on_a_full_disk_leaves_the_old_file_and_no_partial_one(
    engine, tmp_path, monkeypatch
):
    from planner.kaart import repository
    from planner.kaart.io import ExportMislukt, export_file
    from tests.kaart.conftest import make_kaart

    repository.save_kaart(engine, make_kaart(), wie="t")
    (tmp_path / "uit").mkdir()
    doel = tmp_path / "uit" / "kaart.json"
    doel.write_bytes(b"vorige export")
    echte = os.fdopen

    def vol(fd, *args, **kwargs):
        fh = echte(fd, *args, **kwargs)

        class Vol:
            def __enter__(self):
                return self

            def __exit__(self, *exc):
                fh.close()

            def write(self, data):
                fh.write(data[:100])
                raise OSError(28, "No space left on device")

            def flush(self):
                fh.flush()

            def fileno(self):
                return fh.fileno()

        return Vol()

    monkeypatch.setattr(os, "fdopen", vol)
    with pytest.raises(ExportMislukt, match="niet geschreven"):
        export_file(engine, doel)
    assert doel.read_bytes() == b"vorige export"
    assert [p.name for p in doel.parent.iterdir()] == ["kaart.json"]
    monkeypatch.undo()
    export_file(engine, doel)
    assert doel.read_bytes().startswith(b"{")
