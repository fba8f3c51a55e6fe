"""Small builders for the kaart tests: one organisation, service and location."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, time
from pathlib import Path

import pytest

from planner.kaart.model import (
    KaartData,
    Kosten,
    Language,
    Location,
    Organisation,
    Phone,
    Preventieniveau,
    Probleemgebied,
    Schedule,
    Service,
    ServiceAtLocation,
    Toegang,
    Trede,
    WaitingTime,
    assign_ids,
    stable_id,
)
from planner.settings import PROJECT_ROOT

ORG_ID = stable_id("org-test", soort="organisatie")
SERVICE_ID = stable_id("dienst-test", soort="dienst")
LOC_ID = stable_id("loc-test", soort="locatie")
SAL_ID = stable_id("sal-test", soort="dienst_locatie")


def make_kaart() -> KaartData:
    org = Organisation(id=ORG_ID, name="Jeugdteam Test", description="Test-organisatie")
    service = assign_ids(
        Service(
            id=SERVICE_ID,
            organization_id=ORG_ID,
            name="Opvoedspreekuur",
            description="Vragen over opvoeden",
            toegang=Toegang.VRIJ,
            kosten=Kosten.GRATIS,
            leeftijd_min=0.5,
            leeftijd_max=12,
            probleemgebieden=(Probleemgebied.OPVOEDONDERSTEUNING,),
            trede=Trede.PREVENTIE,
            preventieniveau=Preventieniveau.UNIVERSEEL,
            werkgebied=("GM1930",),
            phones=(Phone(number="0800-2000", description="Veilig Thuis"),),
            schedules=(Schedule(byday=("MO", "TU"), opens_at=time(9), closes_at=time(17)),),
            languages=(Language(code="nl", name="Nederlands"),),
            assured_date=date(2026, 1, 5),
        )
    )
    loc = Location(
        id=LOC_ID,
        name="Wijkcentrum",
        organization_id=ORG_ID,
        city="Spijkenisse",
        latitude=51.85,
        longitude=4.33,
        gemeente_code="GM1930",
    )
    sal = ServiceAtLocation(id=SAL_ID, service_id=SERVICE_ID, location_id=LOC_ID)
    wt = WaitingTime(SAL_ID, weken=3, peildatum=date(2026, 1, 5), gemeld_door="test")
    return KaartData((org,), (service,), (loc,), (sal,), (wt,))


@pytest.fixture
def kaart() -> KaartData:
    return make_kaart()


HSDS_DIR = (PROJECT_ROOT.parent / "shared" / "standards" / "hsds-3.0").resolve()


@pytest.fixture(scope="session")
def hsds_dir() -> Path:
    """The official HSDS 3.0 schemas and examples; in CI they must be there."""
    if not (HSDS_DIR / "schema" / "compiled" / "service.json").exists():
        if os.environ.get("CI"):
            pytest.fail(f"HSDS 3.0-standaard ontbreekt in {HSDS_DIR}")
        pytest.skip(f"HSDS 3.0-standaard ontbreekt in {HSDS_DIR}")
    return HSDS_DIR


@pytest.fixture(scope="session")
def gebieden(cbs_dir: Path):
    from planner.kaart.geocode import load_gebieden

    return load_gebieden(cbs_dir)


def store_snapshot(engine) -> tuple:
    """Everything an import could touch, to assert a failed import changed nothing."""
    from planner.kaart import repository

    return repository.load_kaart(engine), len(repository.audit_trail(engine, limit=100_000))


@dataclass(frozen=True)
class Uitkomst:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def run(monkeypatch, capsys):
    """The command in this process (its own env; argparse's exit code 2 kept), as the shell
    would see it; ``test_the_module_runs_as_a_command`` runs one real ``python -m``."""

    def draai(tmp_path: Path, *args: str, cbs_dir: Path | None = None) -> Uitkomst:
        monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
        # thuis_met_cbs_cache fills this home's cache where the CBS data are used
        monkeypatch.setenv("PREVENTIEKAART_HOME", str(tmp_path / "home"))
        monkeypatch.setenv("PREVENTIEKAART_DATA_DIR", str(cbs_dir or tmp_path / "geen-cbs"))
        capsys.readouterr()
        try:
            from planner.kaart.__main__ import main

            code = main(list(args))
        except SystemExit as exc:
            code = int(exc.code or 0)
        uit = capsys.readouterr()
        return Uitkomst(code, uit.out, uit.err)

    return draai
