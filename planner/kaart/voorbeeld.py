"""The sample sociale kaart for the Zuid-Hollandse Eilanden, loaded into an empty store.

Every record in it has ``voorbeeld=True`` so the pages can label it as sample data to be
replaced. It holds no invented phone numbers or addresses: only Veilig Thuis 0800-2000,
and locations at the gemeente centroid (``locatie_benaderd``). Waiting times in it are
marked as sample values, not measurements.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import Engine

from planner.kaart import repository
from planner.kaart.geocode import Gebieden
from planner.kaart.io import commit_import, preview_import
from planner.settings import PROJECT_ROOT

VOORBEELD_CSV = PROJECT_ROOT / "data" / "sociale_kaart_voorbeeld.csv"


def seed_if_empty(
    engine: Engine,
    *,
    gebieden: Gebieden | None = None,
    path: Path = VOORBEELD_CSV,
) -> repository.Schrijfresultaat | None:
    """Load the sample when the kaart is empty; None when there was already data.

    Safe to call at every app start: a second instance racing the first only re-imports
    the same stable ids, which updates nothing.
    """
    if not repository.is_empty(engine):
        return None
    preview = preview_import(path, gebieden=gebieden)
    return commit_import(engine, preview, wie="voorbeeldgegevens")
