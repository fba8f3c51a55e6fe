"""Latency of the HSDS API's ``/service_at_locations?postcode=…&proximity=5000`` (ms).

Builds a deterministic kaart of 10,000 services (one location each, spread over the
Netherlands, Randstad denser; seeded random) in a SQLite store, starts the real server
(uvicorn, as ``python -m planner.api``) three times on free ports on 127.0.0.1 — the API
with its grid index; a naive baseline that keeps the documents but measures the distance
to every location; and one that also rebuilds the documents from the store on each
request (no cache) — and times the same postcode queries over HTTP against each.
Prints median and p95 side by side; asserts nothing. Target: p95 ≤ 50 ms.

Run: .venv/bin/python bench/api.py [aantal] [verzoeken]
"""

from __future__ import annotations

import random
import socket
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import uvicorn

from planner.api.app import maak_app
from planner.kaart import repository
from planner.kaart.model import (
    KaartData,
    Location,
    Organisation,
    Preventieniveau,
    Service,
    ServiceAtLocation,
    Toegang,
    Trede,
)
from planner.store import make_engine, upgrade

# (pc4 prefix range, centre lat, lon, spread in degrees, weight)
STEDEN = [
    ("30", 51.92, 4.48, 0.08, 5),  # Rotterdam
    ("10", 52.37, 4.90, 0.08, 5),  # Amsterdam
    ("25", 52.08, 4.30, 0.06, 3),  # Den Haag
    ("35", 52.09, 5.12, 0.06, 3),  # Utrecht
    ("97", 53.22, 6.57, 0.05, 1),  # Groningen
    ("56", 51.44, 5.48, 0.05, 1),  # Eindhoven
    ("32", 51.85, 4.32, 0.05, 1),  # Spijkenisse
]


def kaart(n: int, seed: int = 10) -> KaartData:
    rng = random.Random(seed)
    orgs = [
        Organisation(id=f"00000000-0000-4000-8000-{i:012d}", name=f"Org {i}") for i in range(50)
    ]
    services, locs, sals = [], [], []
    weights = [w for *_, w in STEDEN]
    for i in range(n):
        prefix, lat, lon, spread, _ = rng.choices(STEDEN, weights)[0]
        sid = f"10000000-0000-4000-8000-{i:012d}"
        lid = f"20000000-0000-4000-8000-{i:012d}"
        org = orgs[i % len(orgs)]
        services.append(
            Service(
                id=sid,
                organization_id=org.id,
                name=f"Aanbod {i}",
                description="Ondersteuning bij opvoeden en gezin",
                toegang=rng.choice(list(Toegang)),
                trede=rng.choice(list(Trede)),
                preventieniveau=rng.choice(list(Preventieniveau)),
            )
        )
        pc = f"{prefix}{rng.randint(0, 99):02d} {rng.choice('ABCDEFGH')}{rng.choice('ABCDEFGH')}"
        locs.append(
            Location(
                id=lid,
                name=f"Locatie {i}",
                organization_id=org.id,
                address_1=f"Straat {i}",
                postal_code=pc,
                city="Stad",
                latitude=lat + rng.uniform(-spread, spread),
                longitude=lon + rng.uniform(-spread, spread),
            )
        )
        sals.append(
            ServiceAtLocation(
                id=f"30000000-0000-4000-8000-{i:012d}", service_id=sid, location_id=lid
            )
        )
    return KaartData(tuple(orgs), tuple(services), tuple(locs), tuple(sals))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(app: object) -> tuple[str, uvicorn.Server]:
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)
    )
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", server


def timed(url: str) -> float:
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as r:
        r.read()
    return (time.perf_counter() - start) * 1000


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 20 else max(values)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    verzoeken = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'bench.db'}")
        upgrade(engine)
        t0 = time.perf_counter()
        data = kaart(n)
        repository.save_kaart(engine, data, wie="bench")
        print(f"{n} diensten opgeslagen in {time.perf_counter() - t0:.1f} s")
        postcodes = sorted({loc.postal_code for loc in data.locations if loc.postal_code})
        rng = random.Random(11)
        queries = [
            "/service_at_locations?postcode="
            + rng.choice(postcodes).replace(" ", "")
            + "&proximity=5000"
            for _ in range(verzoeken)
        ]
        varianten = {
            "geïndexeerd (API)": (maak_app(engine), len(queries)),
            "naïef: elke locatie meten": (maak_app(engine, naief=True), len(queries)),
            "naïef + zonder cache": (maak_app(engine, naief=True, herbouw=True), 5),
        }
        results: dict[str, list[float]] = {}
        servers = []
        for name, (app, aantal) in varianten.items():
            base, server = serve(app)
            servers.append(server)
            t0 = time.perf_counter()
            timed(base + queries[0])  # the first request builds the index
            eerste = (time.perf_counter() - t0) * 1000
            print(f"{name}: eerste verzoek (bouwt de index) {eerste:.0f} ms")
            results[name] = [timed(base + q) for q in queries[:aantal]]
        print(f"\n/service_at_locations?postcode=…&proximity=5000 over {n} diensten (ms)")
        print(f"{'variant':28} {'verzoeken':>9} {'mediaan':>9} {'p95':>9}")
        for name, values in results.items():
            print(
                f"{name:28} {len(values):>9} {statistics.median(values):>9.1f} {p95(values):>9.1f}"
            )
        print("doel: p95 ≤ 50 ms")
        for server in servers:
            server.should_exit = True
        time.sleep(0.5)
        engine.dispose()


if __name__ == "__main__":
    main()
