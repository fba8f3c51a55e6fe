"""Runtime settings, read once from the environment so tests can pass their own."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# Declared once; tests/test_docs.py checks that README documents every one of them.
ENV_VARS: dict[str, str] = {
    "PREVENTIEKAART_DATA_DIR": "map met de CBS-bestanden (standaard: <home>/cbs)",
    "PREVENTIEKAART_HOME": "map voor database, cache en downloads (standaard: ./var)",
    "DATABASE_URL": "SQLAlchemy-URL van de store (standaard: SQLite in <home>)",
    "PREVENTIEKAART_WACHTTIJD_MAX_DAGEN": "na hoeveel dagen een wachttijd verouderd is (60)",
    "PREVENTIEKAART_TILES": "'pdok' (standaard) of 'geen' voor een kaart zonder achtergrond",
    "PREVENTIEKAART_CBS_BASE_URL": "basis-URL voor het downloaden van CBS-bestanden",
    "PREVENTIEKAART_ARGON2": "'test' maakt wachtwoordhashes goedkoop, alleen voor de testsuite",
}


@dataclass(frozen=True)
class Settings:
    """Where data lives and how the app behaves; frozen so a page cannot drift from it."""

    home: Path
    data_dir: Path
    database_url: str
    wachttijd_max_dagen: int = 60
    tiles: str = "pdok"
    cbs_base_url: str | None = None

    @property
    def cache_dir(self) -> Path:
        return self.home / "cache"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        home = Path(env.get("PREVENTIEKAART_HOME") or PROJECT_ROOT / "var").resolve()
        data_dir = Path(env.get("PREVENTIEKAART_DATA_DIR") or home / "cbs").resolve()
        db = env.get("DATABASE_URL") or f"sqlite:///{home / 'preventiekaart.db'}"
        try:
            max_dagen = int(env.get("PREVENTIEKAART_WACHTTIJD_MAX_DAGEN") or 60)
        except ValueError:
            max_dagen = 60
        tiles = (env.get("PREVENTIEKAART_TILES") or "pdok").lower()
        return cls(
            home=home,
            data_dir=data_dir,
            database_url=normalise_database_url(db),
            wachttijd_max_dagen=max_dagen,
            tiles=tiles if tiles in {"pdok", "geen"} else "pdok",
            cbs_base_url=env.get("PREVENTIEKAART_CBS_BASE_URL") or None,
        )


def normalise_database_url(url: str) -> str:
    """Hosting platforms hand out ``postgres://`` URLs; SQLAlchemy wants a driver name."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url
