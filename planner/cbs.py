"""Install CBS/PDOK data into the app's data dir: from a local download or from the web.

    python -m planner.cbs install --from MAP     copy a local download (any folder layout)
    python -m planner.cbs install [--year 2024]  download the official files from CBS/PDOK

Installation is all-or-nothing: files land in a temporary folder, are parsed once to prove
they are usable, and only then replace the previous data dir. A failed download or a corrupt
file leaves what was installed before untouched.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import shutil
import sys
import tempfile
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from planner.settings import Settings
from planner.wijken.cbs import CbsDataError, parse_files

Getter = Callable[[str], bytes]

KWB_TABELLEN = {"2024": "85984NED", "2023": "85618NED", "2022": "85318NED", "2021": "85039NED"}
ODATA = "https://opendata.cbs.nl/ODataApi/odata/{table}/TypedDataSet?$format=json"
PDOK_WFS = (
    "https://service.pdok.nl/cbs/gebiedsindelingen/{year}/wfs/v1_0?service=WFS&version=2.0.0"
    "&request=GetFeature&typeName=gebiedsindelingen:{layer}&outputFormat=json&srsName=EPSG:4326"
)

# The relative layout a mirror (PREVENTIEKAART_CBS_BASE_URL) serves; the same as the
# documented data dir layout in README.md.
SPIEGEL = [
    "geo/gemeente_2025_wgs84.geojson",
    "geo/wijk_2024_wgs84.geojson",
    "kwb/kwb_2024_gemeente_wijk_basis_8kolommen.json",
    "kwb/kwb_2024_85984NED_PARTIAL_first10000rows.csv",
    "kwb/kwb_2024_wijk_GM1930_GM1992_selectie24kolommen.csv",
    "kwb/inkomen_2020_gemeente_wijk_indeling2023_ORIGINEEL.csv",
    "jeugd/jeugdzorg_wijk_2024h1_85990NED.csv",
    "jeugd/jeugdzorg_gemeente_pct_2021_2024h1_85098NED.csv",
    "gemeente/gemeentefonds_maatstaven_2023_2025_85383NED.csv",
    "regio/gebieden_in_nederland_2024_85755NED.csv",
]


@dataclass(frozen=True)
class Bestand:
    """One file to fetch: where it goes in the data dir, and how to read it."""

    pad: str
    url: str
    soort: str  # "bestand" (copied as is) or "odata" (CBS OData JSON, paged → CSV)


def officiele_bestanden(year: str = "2024") -> list[Bestand]:
    """The official sources for a KWB year: PDOK boundaries and CBS StatLine tables."""
    if year not in KWB_TABELLEN:
        raise ValueError(
            f"Geen Kerncijfers wijken en buurten bekend voor {year}; kies uit "
            + ", ".join(sorted(KWB_TABELLEN))
        )
    kwb = KWB_TABELLEN[year]
    return [
        Bestand(
            f"geo/gemeente_{year}_wgs84.geojson",
            PDOK_WFS.format(year=year, layer="gemeente_gegeneraliseerd"),
            "bestand",
        ),
        Bestand(
            f"geo/wijk_{year}_wgs84.geojson",
            PDOK_WFS.format(year=year, layer="wijk_gegeneraliseerd"),
            "bestand",
        ),
        Bestand(f"kwb/kwb_{year}_{kwb}.csv", ODATA.format(table=kwb), "odata"),
        Bestand("jeugd/jeugdzorg_wijk_85990NED.csv", ODATA.format(table="85990NED"), "odata"),
        Bestand(
            "jeugd/jeugdzorg_gemeente_pct_85098NED.csv", ODATA.format(table="85098NED"), "odata"
        ),
        Bestand("gemeente/gemeentefonds_85383NED.csv", ODATA.format(table="85383NED"), "odata"),
        Bestand(
            "regio/gebieden_in_nederland_2024_85755NED.csv", ODATA.format(table="85755NED"), "odata"
        ),
    ]


def spiegel_bestanden(base_url: str) -> list[Bestand]:
    base = base_url.rstrip("/")
    return [Bestand(p, f"{base}/{p}", "bestand") for p in SPIEGEL]


def http_get(url: str, timeout: float = 60) -> bytes:
    req = urllib.request.Request(url, headers={"User-Agent": "Preventiekaart/0.1"})
    with urllib.request.urlopen(req, timeout=timeout) as resp:
        return resp.read()


def odata_naar_csv(first_url: str, get: Getter) -> bytes:
    """Follow OData paging and write the StatLine CSV layout the loader reads."""
    rows: list[dict] = []
    url: str | None = first_url
    while url:
        page = json.loads(get(url))
        rows.extend(page.get("value", []))
        url = page.get("odata.nextLink")
    if not rows:
        raise CbsDataError(f"CBS gaf geen rijen terug voor {first_url}.")
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), delimiter=";", extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
    return out.getvalue().encode("utf-8")


def _validate_and_swap(staging: Path, target: Path) -> list[Path]:
    files = sorted(p for p in staging.rglob("*") if p.is_file())
    parse_files(files)  # raises CbsDataError with a Dutch message when unusable
    target.parent.mkdir(parents=True, exist_ok=True)
    old = target.with_name(target.name + ".oud")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        target.rename(old)
    shutil.move(str(staging), str(target))
    if old.exists():
        shutil.rmtree(old)
    return sorted(p for p in target.rglob("*") if p.is_file())


def download(bestanden: list[Bestand], target: Path, get: Getter = http_get) -> list[Path]:
    """Fetch every file; only when all arrived and parse does the data dir change."""
    with tempfile.TemporaryDirectory(dir=target.parent if target.parent.exists() else None) as t:
        staging = Path(t) / "cbs"
        for b in bestanden:
            dest = staging / b.pad
            dest.parent.mkdir(parents=True, exist_ok=True)
            try:
                data = odata_naar_csv(b.url, get) if b.soort == "odata" else get(b.url)
            except (OSError, ValueError) as exc:
                raise CbsDataError(
                    f"Downloaden van {b.pad} mislukt ({exc}). Er is niets gewijzigd."
                ) from exc
            if not data:
                raise CbsDataError(f"{b.pad} is leeg gedownload. Er is niets gewijzigd.")
            dest.write_bytes(data)
        return _validate_and_swap(staging, target)


def install_from(source: Path, target: Path) -> list[Path]:
    """Copy a local CBS download (CSV/JSON/GeoJSON/GeoPackage) into the data dir."""
    if not source.is_dir():
        raise CbsDataError(f"De map {source} bestaat niet.")
    exts = {".csv", ".json", ".geojson", ".gpkg"}
    files = [p for p in source.rglob("*") if p.is_file() and p.suffix.lower() in exts]
    if not files:
        raise CbsDataError(f"In {source} staan geen CBS-bestanden (.csv, .json, .geojson, .gpkg).")
    if source.resolve() == target.resolve():
        raise CbsDataError("Bron en doel zijn dezelfde map.")
    with tempfile.TemporaryDirectory() as t:
        staging = Path(t) / "cbs"
        for p in files:
            dest = staging / p.relative_to(source)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(p, dest)
        return _validate_and_swap(staging, target)


def main(argv: list[str] | None = None, get: Getter = http_get) -> int:
    parser = argparse.ArgumentParser(prog="python -m planner.cbs")
    sub = parser.add_subparsers(dest="cmd", required=True)
    inst = sub.add_parser("install", help="CBS-gegevens installeren")
    group = inst.add_mutually_exclusive_group()
    group.add_argument("--from", dest="bron", type=Path, help="map met een lokale download")
    group.add_argument("--year", default="2024", help="jaar van de Kerncijfers (download)")
    inst.add_argument("--to", type=Path, help="doelmap (standaard: PREVENTIEKAART_HOME/cbs)")
    args = parser.parse_args(argv)

    settings = Settings.from_env()
    target = args.to or settings.home / "cbs"
    try:
        if args.bron:
            files = install_from(args.bron, target)
        elif settings.cbs_base_url:
            files = download(spiegel_bestanden(settings.cbs_base_url), target, get)
        else:
            files = download(officiele_bestanden(args.year), target, get)
    except (CbsDataError, ValueError) as exc:
        print(f"Installeren mislukt: {exc}", file=sys.stderr)
        return 1
    print(f"{len(files)} bestanden geïnstalleerd in {target}.")
    print(f"Start de app met PREVENTIEKAART_DATA_DIR={target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
