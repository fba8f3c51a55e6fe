"""Start the read-only HSDS 3.0 API: ``python -m planner.api [--host H] [--port P] [--online]``.

Behind nginx (``scripts/serve.sh``) it runs with ``--root-path /api``: nginx strips the
prefix, and the API puts it back in the links it returns (e.g. ``profile``).

The store is ``DATABASE_URL`` (the same as the app's). ``--online`` lets the API look up
postcodes that no location in the kaart has at PDOK Locatieserver (cached per postcode).
"""

from __future__ import annotations

import argparse
import functools
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m planner.api",
        description="HSDS 3.0-API van de sociale kaart (alleen lezen).",
    )
    parser.add_argument("--host", default="127.0.0.1", help="adres (standaard 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8502, help="poort (standaard 8502)")
    parser.add_argument("--online", action="store_true", help="onbekende postcodes bij PDOK")
    parser.add_argument(
        "--root-path",
        default="",
        help="voorvoegsel achter een proxy, bv. /api (nginx van scripts/serve.sh)",
    )
    args = parser.parse_args(argv)

    import uvicorn

    from planner.api.app import maak_app
    from planner.settings import Settings
    from planner.store import open_store

    engine = open_store(Settings.from_env().database_url)
    geocoder = None
    if args.online:
        from planner.kaart.geocode import pdok_geocoder

        geocoder = functools.lru_cache(maxsize=10_000)(pdok_geocoder())
    uvicorn.run(
        maak_app(engine, geocoder=geocoder),
        host=args.host,
        port=args.port,
        log_level="warning",
        access_log=False,
        root_path=args.root_path.rstrip("/"),  # links in answers carry the proxy's prefix
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
