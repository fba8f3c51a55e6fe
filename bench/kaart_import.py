"""Import time of a generated 5,000-row sociale kaart CSV (prints; asserts nothing).

    .venv/bin/python bench/kaart_import.py [ROWS]

Runs preview (read + validate) and commit (one transaction) into a throwaway SQLite store,
then a second import of the same file (everything unchanged), and prints seconds and rows/s.
"""

from __future__ import annotations

import csv
import io
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from planner.kaart.io import commit_import, preview_import
from planner.store import open_store

GEMEENTEN = [("GM1930", 51.83, 4.29), ("GM1992", 51.88, 4.13), ("GM1924", 51.75, 4.13)]
PROBLEMEN = ["kindermishandeling", "huiselijk_geweld", "opvoedondersteuning", "scheiding"]


def generate(rows: int) -> bytes:
    buf = io.StringIO(newline="")
    cols = [
        "id", "organisatie", "naam", "omschrijving", "toegang", "leeftijd_min", "leeftijd_max",
        "probleemgebieden", "trede", "preventieniveau", "werkgebied", "openingstijden", "talen",
        "gemeente", "latitude", "longitude", "wachttijd_weken", "wachttijd_peildatum",
    ]  # fmt: skip
    writer = csv.DictWriter(buf, fieldnames=cols, delimiter=";")
    writer.writeheader()
    for i in range(rows):
        gm, lat, lon = GEMEENTEN[i % 3]
        writer.writerow(
            {
                "id": f"bench-{i}",
                "organisatie": f"Organisatie {i % 250}",
                "naam": f"Aanbod {i}",
                "omschrijving": "Ondersteuning bij opvoeden en veiligheid thuis. " * 3,
                "toegang": ["vrij_toegankelijk", "via_wijkteam", "beschikking"][i % 3],
                "leeftijd_min": str((i % 4) * 0.5),
                "leeftijd_max": str(12 + i % 7),
                "probleemgebieden": "|".join(PROBLEMEN[: 1 + i % 4]),
                "trede": str(1 + i % 4),
                "preventieniveau": ["universeel", "selectief", "vroegsignalering"][i % 3],
                "werkgebied": gm,
                "openingstijden": "ma-vr 09:00-17:00",
                "talen": "nl|en",
                "gemeente": gm,
                "latitude": f"{lat + (i % 100) / 1000:.4f}",
                "longitude": f"{lon + (i % 77) / 1000:.4f}",
                "wachttijd_weken": str(i % 12),
                "wachttijd_peildatum": "2026-10-01",
            }
        )
    return buf.getvalue().encode("utf-8")


def main(rows: int = 5000) -> None:
    raw = generate(rows)
    with tempfile.TemporaryDirectory() as tmp:
        engine = open_store(f"sqlite:///{Path(tmp) / 'bench.db'}")
        for label in ("eerste import", "zelfde bestand opnieuw"):
            t0 = time.perf_counter()
            preview = preview_import(raw, "bench.csv")
            t1 = time.perf_counter()
            result = commit_import(engine, preview, wie="bench")
            t2 = time.perf_counter()
            assert preview.ok, preview.blokkerend[:3]  # a broken generator, not a timing
            print(
                f"{label}: {rows} rijen ({len(raw) / 1_048_576:.1f} MB) — controleren "
                f"{t1 - t0:.2f} s, opslaan {t2 - t1:.2f} s, totaal {t2 - t0:.2f} s "
                f"({rows / (t2 - t0):,.0f} rijen/s); {result}"
            )
        engine.dispose()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
