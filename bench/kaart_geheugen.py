"""Memory and time of the search index read from a real store (SQLite), as the app does it.

Writes N generated services (the generator of ``bench/kaart_search.py``) straight into a
fresh SQLite store, then, in a fresh process: ``ZoekCache.actueel()`` (full read + index),
the RSS of that process, one edit (a new waiting time) and the next ``actueel()`` (only the
changed service is read), side by side with a full read + build as the naive baseline.
Prints figures, asserts nothing.

Run: .venv/bin/python bench/kaart_geheugen.py [aantal]
"""

from __future__ import annotations

import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))


def _vul(url: str, aantal: int) -> None:
    import kaart_search as b
    from sqlalchemy import insert

    from planner.kaart import repository as r
    from planner.kaart import tables as t
    from planner.store import open_store

    rnd = random.Random(20261123)
    diensten = [b._dienst(i, rnd) for i in range(aantal)]
    engine = open_store(url)
    orgs = {d.organisation.id: d.organisation for d in diensten}
    with engine.begin() as conn:
        conn.execute(insert(t.organisaties), [r.organisation_row(o) for o in orgs.values()])
        for i in range(0, aantal, 5000):
            deel = diensten[i : i + 5000]
            vs = [v for d in deel for v in d.vestigingen]
            conn.execute(insert(t.diensten), [r.service_row(d.service) for d in deel])
            conn.execute(insert(t.locaties), [r.location_row(v.location) for v in vs])
            conn.execute(insert(t.dienst_locaties), [r.sal_row(v.service_at_location) for v in vs])
            wts = [v.laatste_wachttijd for v in vs if v.laatste_wachttijd]
            conn.execute(
                insert(t.wachttijden),
                [
                    {
                        "service_at_location_id": w.service_at_location_id,
                        "weken": w.weken,
                        "peildatum": w.peildatum,
                        "gemeld_door": "bench",
                        "geregistreerd_op": datetime.now(UTC),
                    }
                    for w in wts
                ],
            )
    engine.dispose()


def _meet(url: str) -> None:
    from planner.kaart import repository
    from planner.kaart.model import WaitingTime
    from planner.kaart.search import Zoekindex
    from planner.kaart.zoekcache import ZoekCache
    from planner.store import make_engine

    engine = make_engine(url)
    cache = ZoekCache(engine)
    t0 = time.perf_counter()
    index = cache.actueel()
    laden = time.perf_counter() - t0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    d = index.diensten[len(index) // 2]  # one record, unpickled
    sal = d.vestigingen[0].service_at_location.id
    repository.add_waiting_time(
        engine, WaitingTime(sal, 1.0, datetime.now(UTC).date()), wie="bench"
    )
    t0 = time.perf_counter()
    cache.actueel()
    bij = time.perf_counter() - t0
    t0 = time.perf_counter()
    Zoekindex.bouw(repository.list_services(engine, alleen_actief=True))
    naief = time.perf_counter() - t0
    print(f"{len(index):,} diensten uit de store gelezen en geïndexeerd in {laden:,.1f} s")
    print(f"RSS van dit proces (piek, met de index): {rss:,.0f} MB")
    print(
        f"na één wijziging: bijwerken {bij * 1000:,.0f} ms | naïef (alles opnieuw lezen en "
        f"bouwen) {naief * 1000:,.0f} ms; volledig gelezen: {cache.volledig_geladen}x"
    )


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--meet":
        _meet(sys.argv[2])
        sys.exit(0)
    aantal = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/store.db"
        t0 = time.perf_counter()
        _vul(url, aantal)
        print(f"store met {aantal:,} diensten gevuld in {time.perf_counter() - t0:,.0f} s")
        subprocess.run([sys.executable, __file__, "--meet", url], check=True)
