"""Command line import/export of the sociale kaart, for scheduled syncs.

    python -m planner.kaart import FILE      # .csv, .xlsx, .json (HSDS), datapackage.json, .zip
    python -m planner.kaart export FILE      # format from the extension
    python -m planner.kaart voorbeeld        # load the sample kaart into an empty store

The store is ``DATABASE_URL`` (default: SQLite in PREVENTIEKAART_HOME). Exit code 0 on
success; 1 when the import is refused (Dutch messages per row and field on stderr, store
unchanged); 2 for wrong usage.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from planner.kaart.geocode import Gebieden, load_gebieden, pdok_geocoder
from planner.kaart.io import ImportGeweigerd, export_file
from planner.settings import Settings
from planner.store import open_store


def _gebieden(settings: Settings) -> Gebieden | None:
    try:
        return load_gebieden(settings.data_dir)
    except Exception as exc:  # missing or unreadable files: import still works, less checked
        print(
            f"Let op: geen bruikbare CBS-gemeentegrenzen in {settings.data_dir} ({exc}); "
            "gemeentecodes worden "
            "niet gecontroleerd en locaties zonder coördinaten niet geplaatst.",
            file=sys.stderr,
        )
        return None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m planner.kaart", description="Sociale kaart importeren of exporteren."
    )
    sub = parser.add_subparsers(dest="opdracht", required=True)
    imp = sub.add_parser("import", help="bestand inlezen (alles of niets)")
    imp.add_argument("bestand")
    imp.add_argument("--wie", default="import (opdrachtregel)", help="naam in de audittrail")
    imp.add_argument("--online", action="store_true", help="adressen opzoeken bij PDOK")
    imp.add_argument("--controleer", action="store_true", help="alleen controleren, niet opslaan")
    exp = sub.add_parser("export", help="sociale kaart wegschrijven (.csv, .xlsx, .json)")
    exp.add_argument("bestand")
    exp.add_argument(
        "--intern",
        action="store_true",
        help="inclusief vertrouwelijke adressen (alleen voor een interne back-up)",
    )
    sub.add_parser("voorbeeld", help="voorbeeldkaart laden als de kaart leeg is")
    args = parser.parse_args(argv)

    settings = Settings.from_env()
    engine = open_store(settings.database_url)
    try:
        if args.opdracht == "export":
            try:
                path = export_file(engine, args.bestand, openbaar=not args.intern)
            except ValueError as exc:
                print(f"Fout: {exc}", file=sys.stderr)
                return 2
            print(f"Geëxporteerd naar {path}")
            return 0
        if args.opdracht == "voorbeeld":
            from planner.kaart.voorbeeld import seed_if_empty

            result = seed_if_empty(engine, gebieden=_gebieden(settings))
            print("De kaart had al gegevens." if result is None else f"Voorbeeld geladen: {result}")
            return 0
        from planner.kaart.io import commit_import, preview_import

        geocoder = pdok_geocoder() if args.online else None
        gebieden = _gebieden(settings)
        preview = preview_import(args.bestand, gebieden=gebieden, geocoder=geocoder, engine=engine)
        if args.controleer:
            for fout in preview.fouten:
                print(f"{preview.bestand}: {fout}", file=sys.stderr)
            for regel in preview.niet_bewaard_tekst():
                print(regel)
            print(preview.samenvatting())
            return 0 if preview.ok else 1
        # What the kaart will not keep is said before anything is written.
        for regel in preview.niet_bewaard_tekst():
            print(regel)
        try:
            result = commit_import(engine, preview, wie=args.wie)
        except ImportGeweigerd as exc:
            for fout in exc.fouten:
                print(f"{preview.bestand}: {fout}", file=sys.stderr)
            print(
                f"Import geweigerd: {len(exc.fouten)} fout(en). Er is niets veranderd.",
                file=sys.stderr,
            )
            return 1
        for fout in preview.waarschuwingen:
            print(f"{preview.bestand}: {fout}", file=sys.stderr)
        print(result.tekst())
        return 0
    finally:
        engine.dispose()


if __name__ == "__main__":
    sys.exit(main())
