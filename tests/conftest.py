"""Shared fixtures: the CBS data dir, a throwaway store on SQLite and on PostgreSQL."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

# Cheap argon2 for the whole suite (and the app processes it starts); set before
# planner.accounts builds its hasher. Production keeps the default cost (test_accounts).
os.environ.setdefault("PREVENTIEKAART_ARGON2", "test")

from planner.settings import PROJECT_ROOT, Settings
from planner.store import make_engine, upgrade

SHARED_CBS = (PROJECT_ROOT.parent / "shared" / "data" / "cbs").resolve()
CBS_DIR = Path(os.environ.get("PREVENTIEKAART_DATA_DIR") or SHARED_CBS)
PG_URL = os.environ.get("DATABASE_URL_TEST", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@pytest.fixture(scope="session", autouse=True)
def _een_cbs_cache_per_sessie(tmp_path_factory) -> Iterator[Path]:
    """Every test home shares one on-disk cache of the real CBS data (issue 12).

    Each page test gets a fresh home, so the parsed CBS data (6-12 s) missed the cache every
    time; now only the first load parses, the rest read the pickle (~0.2 s). Other data dirs
    (synthetic data, cache tests) keep their own ``<home>/cache``.
    """
    echt = CBS_DIR.resolve()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        # Parallel workers (pytest-xdist) share one cache next to their own temp dirs, and
        # the first one parses it under a lock, so the 2 cores parse the CBS files once.
        gedeeld = tmp_path_factory.getbasetemp().parent / "cbs-cache"
        gedeeld.mkdir(exist_ok=True)
        _vul_gedeelde_cache(gedeeld, echt)
    else:
        gedeeld = tmp_path_factory.mktemp("cbs-cache")

    def cache_dir(self: Settings) -> Path:
        return gedeeld if self.data_dir == echt else self.home / "cache"

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(Settings, "cache_dir", property(cache_dir))
        yield gedeeld


def _vul_gedeelde_cache(gedeeld: Path, echt: Path) -> None:
    """Parse the real CBS data into the workers' shared cache once (the others wait)."""
    if not (echt / "geo" / "wijk_2024_wgs84.geojson").exists():
        return  # no CBS data: cbs_dir fails or skips with the reason
    import fcntl

    from planner.wijken.cbs import load_cbs

    with (gedeeld / ".lock").open("w") as slot:
        fcntl.flock(slot, fcntl.LOCK_EX)
        if not any(gedeeld.glob("cbs-*.pickle")):
            thuis = gedeeld / "home"
            with pytest.MonkeyPatch.context() as mp:
                mp.setattr(Settings, "cache_dir", property(lambda self: gedeeld))
                load_cbs(
                    Settings.from_env(
                        {"PREVENTIEKAART_DATA_DIR": str(echt), "PREVENTIEKAART_HOME": str(thuis)}
                    )
                )


@pytest.fixture(scope="session")
def cbs_cache_bestand(cbs_dir: Path, _een_cbs_cache_per_sessie: Path, tmp_path_factory) -> Path:
    """The session's CBS cache file, parsed now if no test did so yet (for app processes)."""
    from planner.wijken.cbs import load_cbs

    home = tmp_path_factory.mktemp("cbs-home")
    load_cbs(
        Settings.from_env(
            {"PREVENTIEKAART_DATA_DIR": str(cbs_dir), "PREVENTIEKAART_HOME": str(home)}
        )
    )
    (bestand,) = _een_cbs_cache_per_sessie.glob("cbs-*.pickle")
    return bestand


@pytest.fixture
def thuis_met_cbs_cache(tmp_path: Path, cbs_cache_bestand: Path) -> Path:
    """A PREVENTIEKAART_HOME whose cache already holds the parsed CBS data, as after a start.

    For app processes and commands a test starts: each would parse the CBS files again
    (6-12 s of CPU per process) before doing what the test is about.
    """
    import shutil

    home = tmp_path / "home"
    (home / "cache").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(cbs_cache_bestand, home / "cache" / cbs_cache_bestand.name)
    return home


@pytest.fixture(scope="session", autouse=True)
def _apptest_als_draaiende_server() -> Iterator[None]:
    """AppTest runs every page through app.py, as a running server does.

    AppTest resets Streamlit's legacy ``pages/`` flag before every run, as if each run were
    the first of a fresh server; the page chosen with switch_page would then run without
    app.py (no navigation, no error net). A server switches the flag off for good in its
    first run (ui._alleen_via_app); ``koude_start`` keeps the reset for the test of that.
    """
    from streamlit.runtime.pages_manager import PagesManager

    origineel = PagesManager.__init__

    def init(self, *args, **kwargs) -> None:
        origineel(self, *args, **kwargs)
        if not getattr(PagesManager, "_koude_start", False):
            PagesManager.uses_pages_directory = False

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(PagesManager, "__init__", init)
        yield


@pytest.fixture
def koude_start(monkeypatch: pytest.MonkeyPatch) -> None:
    """AppTest as the first run of a fresh server: Streamlit's legacy pages/ mode is on."""
    from streamlit.runtime.pages_manager import PagesManager

    monkeypatch.setattr(PagesManager, "_koude_start", True, raising=False)


@pytest.fixture(scope="session")
def cbs_dir() -> Path:
    """The real CBS files; in CI they must be there, locally a clear skip."""
    if not (CBS_DIR / "geo" / "wijk_2024_wgs84.geojson").exists():
        if os.environ.get("CI"):
            pytest.fail(f"CBS-gegevens ontbreken in {CBS_DIR} (PREVENTIEKAART_DATA_DIR)")
        pytest.skip(f"CBS-gegevens ontbreken in {CBS_DIR}")
    return CBS_DIR


@pytest.fixture
def settings(tmp_path: Path, cbs_dir: Path) -> Settings:
    """Settings with a private home (database, cache) and the shared CBS data."""
    return Settings.from_env(
        {
            "PREVENTIEKAART_HOME": str(tmp_path / "home"),
            "PREVENTIEKAART_DATA_DIR": str(cbs_dir),
            "PREVENTIEKAART_TILES": "geen",
        }
    )


def _pg_available() -> bool:
    try:
        eng = make_engine(PG_URL, connect_args={"connect_timeout": 3})
        with eng.connect() as conn:
            conn.execute(text("select 1"))
        eng.dispose()
        return True
    except Exception:
        return False


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A migrated, empty store: a SQLite file, or a fresh schema on PostgreSQL.

    CI must exercise PostgreSQL, so there an unreachable server fails instead of skipping.
    """
    if request.param == "sqlite":
        eng = make_engine(f"sqlite:///{tmp_path / 'store.db'}")
        upgrade(eng)
        yield eng
        eng.dispose()
        return
    if not _pg_available():
        msg = f"PostgreSQL niet bereikbaar op {PG_URL}"
        if os.environ.get("CI"):
            pytest.fail(msg)
        pytest.skip(msg)
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = make_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    eng = make_engine(PG_URL, connect_args={"options": f"-csearch_path={schema}"})
    try:
        upgrade(eng)
        yield eng
    finally:
        eng.dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
