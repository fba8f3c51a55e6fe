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
# The ODataFeed pages with odata.nextLink; the ODataApi stops at 10,000 rows (which is how
# truncated copies of these tables come about).
ODATA_FEED = "https://opendata.cbs.nl/ODataFeed/odata/{table}"
ODATA = ODATA_FEED + "/TypedDataSet?$format=json"
PDOK_WFS = (
    "https://service.pdok.nl/cbs/gebiedsindelingen/{year}/wfs/v1_0?service=WFS&version=2.0.0"
    "&request=GetFeature&typeName=gebiedsindelingen:{layer}&outputFormat=json&srsName=EPSG:4326"
)
WFS_PAGINA = 1000  # PDOK returns at most 1,000 features per request

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
    soort: str  # "bestand" (as is), "odata" (CBS OData, paged → CSV) or "wfs" (paged)


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


def _odata_pages(first_url: str, get: Getter) -> list[dict]:
    rows: list[dict] = []
    url: str | None = first_url
    while url:
        page = json.loads(get(url))
        rows.extend(page.get("value", []))
        url = page.get("odata.nextLink")
    return rows


def _dimensie_titels(table_url: str, get: Getter) -> dict[str, dict[str, str]]:
    """Key → Title for every dimension, so the CSV carries titles as StatLine shows them."""
    props = _odata_pages(f"{table_url}/DataProperties?$format=json", get)
    out: dict[str, dict[str, str]] = {}
    for prop in props:
        if "Dimension" in str(prop.get("Type", "")) or prop.get("Type") == "GeoDetail":
            key = prop.get("Key")
            if key:
                vals = _odata_pages(f"{table_url}/{key}?$format=json", get)
                out[key] = {str(v.get("Key", "")).strip(): str(v.get("Title", "")) for v in vals}
    return out


def odata_naar_csv(first_url: str, get: Getter) -> bytes:
    """Follow OData paging, check the row count, write the StatLine CSV layout.

    Dimension keys (periods such as 2024HJ01, categories such as T001) are replaced by their
    titles when the table's dimension lists can be fetched.
    """
    rows = _odata_pages(first_url, get)
    if not rows:
        raise CbsDataError(f"CBS gaf geen rijen terug voor {first_url}.")
    table_url = first_url.split("/TypedDataSet")[0]
    if table_url != first_url:
        try:
            verwacht = int(get(f"{table_url}/TypedDataSet/$count").decode().strip())
        except (OSError, ValueError):
            verwacht = None
        if verwacht is not None and verwacht != len(rows):
            raise CbsDataError(
                f"Onvolledige download van {table_url}: {len(rows)} van {verwacht} rijen."
            )
        try:
            titels = _dimensie_titels(table_url, get)
        except (OSError, ValueError):
            titels = {}
        for row in rows:
            for key, mapping in titels.items():
                raw = row.get(key)
                if isinstance(raw, str) and raw.strip() in mapping:
                    row[key] = mapping[raw.strip()]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), delimiter=";", extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
    return out.getvalue().encode("utf-8")


def wfs_alle(url: str, get: Getter, pagina: int = WFS_PAGINA) -> bytes:
    """Fetch every feature of a WFS layer page by page; refuse an incomplete result."""
    features: list[dict] = []
    verwacht = None
    start = 0
    while True:
        page = json.loads(get(f"{url}&count={pagina}&startIndex={start}"))
        batch = page.get("features", [])
        features.extend(batch)
        if isinstance(page.get("numberMatched"), int):
            verwacht = page["numberMatched"]
        if len(batch) < pagina or (verwacht is not None and len(features) >= verwacht):
            break
        start += pagina
    if not features:
        raise CbsDataError(f"PDOK gaf geen gebieden terug voor {url}.")
    if verwacht is not None and len(features) != verwacht:
        raise CbsDataError(f"Onvolledige download: {len(features)} van {verwacht} gebieden.")
    return json.dumps({"type": "FeatureCollection", "features": features}).encode("utf-8")


def _validate_and_swap(staging: Path, target: Path) -> list[Path]:
    """Parse the staged files; only then swap them in, restoring the old dir on any error."""
    files = sorted(p for p in staging.rglob("*") if p.is_file())
    parse_files(files)  # raises CbsDataError with a Dutch message when unusable
    old = target.with_name(target.name + ".oud")
    if old.exists():
        shutil.rmtree(old)
    moved = False
    try:
        if target.exists():
            target.rename(old)
            moved = True
        staging.rename(target)  # same folder as target: an atomic rename, never a copy
    except OSError as exc:
        if moved and not target.exists():
            old.rename(target)
        raise CbsDataError(
            f"Installeren in {target} mislukt ({exc}). Er is niets gewijzigd."
        ) from exc
    shutil.rmtree(old, ignore_errors=True)
    return sorted(p for p in target.rglob("*") if p.is_file())


def _staging(target: Path) -> tempfile.TemporaryDirectory:
    """A temporary folder beside the target, so the final swap is a rename."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        return tempfile.TemporaryDirectory(dir=target.parent, prefix=f".{target.name}-")
    except OSError as exc:
        raise CbsDataError(f"Kan niet schrijven in {target.parent} ({exc}).") from exc


def download(bestanden: list[Bestand], target: Path, get: Getter = http_get) -> list[Path]:
    """Fetch every file; only when all arrived and parse does the data dir change."""
    with _staging(target) as t:
        staging = Path(t) / "cbs"
        for b in bestanden:
            dest = staging / b.pad
            dest.parent.mkdir(parents=True, exist_ok=True)
            try:
                if b.soort == "odata":
                    data = odata_naar_csv(b.url, get)
                elif b.soort == "wfs":
                    data = wfs_alle(b.url, get)
                else:
                    data = get(b.url)
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
    with _staging(target) as t:
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
    group.add_argument("--year", help="jaar van de Kerncijfers (download; standaard 2024)")
    inst.add_argument("--to", type=Path, help="doelmap (standaard: PREVENTIEKAART_HOME/cbs)")
    args = parser.parse_args(argv)

    settings = Settings.from_env()
    target = args.to or settings.home / "cbs"
    try:
        if args.bron:
            files = install_from(args.bron, target)
        elif settings.cbs_base_url:
            if args.year:
                raise ValueError(
                    "--year werkt niet met een spiegelserver (PREVENTIEKAART_CBS_BASE_URL); "
                    "de spiegel bepaalt welke bestanden er zijn."
                )
            files = download(spiegel_bestanden(settings.cbs_base_url), target, get)
        else:
            files = download(officiele_bestanden(args.year or "2024"), target, get)
    except (CbsDataError, ValueError, OSError) as exc:
        print(f"Installeren mislukt: {exc}", file=sys.stderr)
        return 1
    print(f"{len(files)} bestanden geïnstalleerd in {target}.")
    print(f"Start de app met PREVENTIEKAART_DATA_DIR={target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
