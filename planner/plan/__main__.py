"""Command line export of a saved Preventieplan, the same document as the page makes.

    python -m planner.plan lijst                      # saved plans with their number
    python -m planner.plan export PLAN_ID plan.docx   # Word; .pdf gives a PDF

The store is ``DATABASE_URL`` (default: SQLite in PREVENTIEKAART_HOME), the CBS data
PREVENTIEKAART_DATA_DIR, as for the app. Exit code 0 on success; 1 when the plan, the
store or the CBS data cannot be used (Dutch message on stderr); 2 for wrong usage.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import SQLAlchemyError

from planner.plan.export import FORMATEN, uit_opslag
from planner.plan.opslag import PlanNietGevonden
from planner.settings import Settings


class Fout(Exception):
    """What the user must fix; the message is Dutch and printed as is."""


def _sqlite_ontbreekt(url: str) -> Path | None:
    """The SQLite file of the store when it does not exist (exporting must not create it)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    pad = Path(parsed.database)
    return None if pad.exists() else pad


def _open(settings: Settings) -> Engine:
    """The app's store; never created here (an export or a list must not make one)."""
    ontbreekt = _sqlite_ontbreekt(settings.database_url)
    if ontbreekt is not None:
        raise Fout(
            f"Er is geen opslag met plannen in {ontbreekt}. Zet DATABASE_URL of "
            "PREVENTIEKAART_HOME op de opslag van de app."
        )
    from planner.store import open_store

    try:
        return open_store(settings.database_url)
    except SQLAlchemyError:
        raise Fout(
            "De opslag met plannen kan niet worden geopend (controleer DATABASE_URL)."
        ) from None


def lijst(settings: Settings) -> list[str]:
    """One line per saved plan: number, name, gemeenten, status and newest version."""
    from planner.plan.model import STATUSSEN
    from planner.plan.opslag import plannen_voor

    engine = _open(settings)
    try:
        return [
            f"{p.id}\t{p.naam}\t{', '.join(p.gemeenten)}\t"
            f"{STATUSSEN.get(p.status, p.status).lower()}\tversie {p.versie}"
            for p in plannen_voor(engine)
        ]
    finally:
        engine.dispose()


def exporteer(plan_id: int, bestand: Path, settings: Settings) -> Path:
    """Write the document of plan ``plan_id`` to ``bestand``; ``Fout`` says what is wrong."""
    formaat = bestand.suffix.lower()
    if formaat not in FORMATEN:
        raise Fout(
            f"Onbekend bestandstype '{bestand.suffix or '(geen)'}': kies een bestandsnaam op "
            ".docx (Word) of .pdf."
        )
    from planner.wijken.cbs import CbsDataError, load_cbs

    engine = _open(settings)
    try:
        from planner.plan.opslag import laad_plan

        laad_plan(engine, plan_id)  # an unknown plan is said before the CBS data is read
        data = load_cbs(settings)
        inhoud = uit_opslag(engine, plan_id, data, formaat)
    except PlanNietGevonden:
        raise Fout(f"Plan {plan_id} bestaat niet in deze opslag.") from None
    except CbsDataError as exc:
        raise Fout(f"De CBS-gegevens kunnen niet worden geladen. {exc}") from None
    finally:
        engine.dispose()
    try:
        bestand.write_bytes(inhoud)
    except OSError as exc:
        raise Fout(f"Het bestand {bestand} kan niet worden geschreven ({exc.strerror}).") from None
    return bestand


def _plannummer(tekst: str) -> int:
    if not tekst.isdigit():
        raise argparse.ArgumentTypeError(f"'{tekst}' is geen plannummer (een getal, zoals 3)")
    return int(tekst)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m planner.plan", description="Een opgeslagen preventieplan exporteren."
    )
    sub = parser.add_subparsers(dest="opdracht", required=True)
    sub.add_parser("lijst", help="opgeslagen plannen met hun nummer")
    exp = sub.add_parser("export", help="plan wegschrijven als Word (.docx) of PDF (.pdf)")
    exp.add_argument("plan_id", type=_plannummer, help="nummer van het plan")
    exp.add_argument("bestand", type=Path, help="doelbestand, .docx of .pdf")
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    try:
        if args.opdracht == "lijst":
            print("\n".join(lijst(settings)) or "Er zijn nog geen opgeslagen plannen.")
            return 0
        pad = exporteer(args.plan_id, args.bestand, settings)
    except Fout as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return 1
    print(f"Geëxporteerd naar {pad}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
