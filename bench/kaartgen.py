"""A store filled with N generated services (the generator of bench/kaart_search.py).

Used by the page and load benches: the same deterministic kaart as the search bench,
written through ``repository.write_kaart`` so the app reads it like any imported kaart.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kaart_search import _dienst

from planner.kaart import repository
from planner.kaart.model import KaartData
from planner.store import open_store


def kaartdata(aantal: int, seed: int = 20261123) -> KaartData:
    rnd = random.Random(seed)
    diensten = [_dienst(i, rnd) for i in range(aantal)]
    orgs = {d.organisation.id: d.organisation for d in diensten}
    vest = [v for d in diensten for v in d.vestigingen]
    return KaartData(
        organisations=tuple(orgs.values()),
        services=tuple(d.service for d in diensten),
        locations=tuple(v.location for v in vest),
        service_at_locations=tuple(v.service_at_location for v in vest),
        waiting_times=tuple(v.laatste_wachttijd for v in vest if v.laatste_wachttijd),
    )


def vul_store(url: str, aantal: int) -> None:
    """Write ``aantal`` generated services into the store at ``url`` (migrated first)."""
    engine = open_store(url)
    with engine.begin() as conn:
        repository.write_kaart(conn, kaartdata(aantal), wie="bench")
    engine.dispose()


if __name__ == "__main__":
    vul_store(sys.argv[1], int(sys.argv[2]))
