"""Load official CBS/PDOK files from a data directory into one tidy structure.

Files are recognised by their *columns*, not their names, so the partial copies that tests
use and the complete official downloads (StatLine CSV, OData TypedDataSet, the CBS
wijk- en buurtkaart GeoPackage) go through the same code. Parsing is slow (geometry, a few MB
of CSV), so the result is cached on disk, keyed by the files' sizes and mtimes.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import hashlib
import io
import json
import logging
import os
import pickle
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd
from shapely import make_valid

from planner.csvdialect import Onleesbaar, lees_tekst, scheidingsteken
from planner.gebieden import gemeente_van, wijk_van
from planner.settings import Settings
from planner.wijken.values import (
    GEHEIM,
    NIET_GELADEN,
    ONBEKEND,
    ONLEESBAAR,
    base_name,
    parse_value,
)

LOADER_VERSION = "4"

logger = logging.getLogger(__name__)

NL_CODE = "NL01"

# Gemeentelijke herindelingen since 2019 that matter for comparing older figures.
HERINDELING: dict[str, str] = {
    "GM0501": "GM1992",  # Brielle → Voorne aan Zee (2023)
    "GM0530": "GM1992",  # Hellevoetsluis → Voorne aan Zee (2023)
    "GM0614": "GM1992",  # Westvoorne → Voorne aan Zee (2023)
}
OUDE_NAMEN: dict[str, str] = {
    "Brielle": "GM0501",
    "Hellevoetsluis": "GM0530",
    "Westvoorne": "GM0614",
}
# Names of the gemeenten that herindeling created (the others keep their name).
NIEUWE_NAMEN: dict[str, str] = {"GM1992": "Voorne aan Zee"}

# StatLine table ids → (title, year), for tables whose files do not state their year.
KNOWN_TABLES: dict[str, tuple[str, str]] = {
    "85984NED": ("Kerncijfers wijken en buurten 2024", "2024"),
    "85618NED": ("Kerncijfers wijken en buurten 2023", "2023"),
    "85318NED": ("Kerncijfers wijken en buurten 2022", "2022"),
    "85039NED": ("Kerncijfers wijken en buurten 2021", "2021"),
    "85990NED": ("Jeugdzorg; wijken en buurten, 1e halfjaar 2024", "1e halfjaar 2024"),
    "85685NED": ("Jeugdzorg; wijken en buurten, 2023", "2023"),
    "85383NED": ("Maatstaven gemeentefonds", ""),
    "85098NED": ("Jeugdzorg; regio (percentages)", ""),
    "85755NED": ("Gebieden in Nederland 2024", "2024"),
    "85385NED": ("Gebieden in Nederland 2023", "2023"),
}

JEUGDZORG_TOTAAL = "Totaal alle jeugdzorg in natura"

# Region prefixes in "Gebieden in Nederland" → our column names (meaning checked per row).
REGIO_PREFIXES: dict[str, str] = {
    "GG": "ggd_regio",
    "JZ": "jeugdzorgregio",
    "VT": "veilig_thuis_regio",
    "VR": "veiligheidsregio",
    "PV": "provincie",
    "CE": "centrumgemeente",
    "ZK": "zorgkantoorregio",
}


class CbsDataError(Exception):
    """The data directory cannot be used; the message is Dutch and says what to do."""


@dataclass(frozen=True)
class Bron:
    """Where a figure comes from: shown next to every number."""

    tabel: str
    titel: str
    jaar: str

    def label(self) -> str:
        jaar = f", {self.jaar}" if self.jaar and self.jaar not in self.titel else ""
        return f"CBS {self.tabel} ({self.titel}{jaar})"


@dataclass
class CbsData:
    """Everything the app knows from CBS, indexed by region code (NL01, GMxxxx, WKxxxxxx)."""

    gemeenten: gpd.GeoDataFrame  # code, naam, geometry
    wijken: gpd.GeoDataFrame  # code, naam, gemeentecode, geometry
    buurten: gpd.GeoDataFrame | None  # code, naam, wijkcode, gemeentecode, geometry
    values: pd.DataFrame  # index code; one column per variable (float, NaN when missing)
    reasons: pd.DataFrame  # same shape: why a value is missing (None where present)
    bronnen: dict[str, Bron]  # variable → source
    regio: pd.DataFrame  # index gemeentecode; *_code / *_naam per REGIO_PREFIXES
    warnings: list[str] = field(default_factory=list)

    def gemeente_naam(self, code: str) -> str:
        row = self.gemeenten.loc[self.gemeenten["code"] == code, "naam"]
        if row.empty:
            raise KeyError(code)
        return str(row.iloc[0])

    def gemeente_codes(self) -> list[str]:
        return sorted(self.gemeenten["code"])

    def wijken_van(self, gemeentecode: str) -> gpd.GeoDataFrame:
        return self.wijken[self.wijken["gemeentecode"] == gemeentecode]

    def value(self, code: str, var: str) -> float | None:
        if var not in self.values.columns or code not in self.values.index:
            return None
        val = self.values.at[code, var]
        return None if pd.isna(val) else float(val)

    def reason(self, code: str, var: str) -> str | None:
        """Why a value is missing (None when present); never supplied → 'niet geladen'."""
        if var not in self.reasons.columns or code not in self.reasons.index:
            return NIET_GELADEN
        if self.value(code, var) is not None:
            return None
        why = self.reasons.at[code, var]
        return NIET_GELADEN if why is None or pd.isna(why) else str(why)


# --------------------------------------------------------------------------- reading


def _sniff_text(path: Path) -> str:
    try:
        return lees_tekst(path.read_bytes())[0]
    except Onleesbaar as exc:
        raise CbsDataError(f"Bestand {path.name}: {exc}") from None


def _read_table(path: Path) -> list[dict[str, str]]:
    """A StatLine/OData CSV as rows of stripped strings (`;` or `,`, BOM, padded codes)."""
    text = _sniff_text(path)
    reader = csv.reader(io.StringIO(text), delimiter=scheidingsteken(text))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        return []
    rows = []
    for rec in reader:
        if not any(c.strip() for c in rec):
            continue
        if len(rec) != len(header):
            # A cut-off row would shift or drop values silently: refuse the file instead.
            raise CbsDataError(
                f"Bestand {path.name}, regel {reader.line_num}: {len(rec)} velden, terwijl de "
                f"kopregel er {len(header)} heeft. Het bestand is beschadigd of afgebroken; "
                "download het opnieuw."
            )
        rows.append({h: rec[i].strip() for i, h in enumerate(header)})
    return rows


def _header(path: Path) -> list[str]:
    with path.open("rb") as fh:
        first = fh.readline(200_000)
    try:
        line = first.decode("utf-8-sig")
    except UnicodeDecodeError:
        line = first.decode("cp1252", errors="replace")
    return [h.strip().strip('"') for h in line.strip().split(scheidingsteken(line))]


def _table_id(path: Path) -> str:
    m = re.search(r"(\d{5}NED)", path.name, re.IGNORECASE)
    return m.group(1).upper() if m else ""


def _year_from_name(path: Path) -> str:
    m = re.search(r"(20\d\d)", path.name)
    return m.group(1) if m else ""


@dataclass
class _Frame:
    """Values and reasons gathered from one file before merging."""

    values: dict[str, dict[str, float | None]] = field(default_factory=dict)
    reasons: dict[str, dict[str, str | None]] = field(default_factory=dict)
    bronnen: dict[str, Bron] = field(default_factory=dict)
    names: dict[str, tuple[str, str]] = field(default_factory=dict)  # code → (naam, soort)
    bestand: str = ""

    onleesbaar: list[tuple[str, str, str]] = field(default_factory=list)  # code, var, raw

    def put(self, var: str, code: str, raw: object, empty_reason: str = ONBEKEND) -> None:
        val, why = parse_value(raw, empty_reason)
        if why == ONLEESBAAR:
            self.onleesbaar.append((code, var, str(raw)))
        self.values.setdefault(var, {})[code] = val
        self.reasons.setdefault(var, {})[code] = why


def _kwb_table(path: Path, rows: list[dict[str, str]]) -> _Frame:
    """KWB (Kerncijfers wijken en buurten) in OData/StatLine layout, any subset of columns."""
    tid = _table_id(path) or "85984NED"
    titel, jaar = KNOWN_TABLES.get(tid, ("Kerncijfers wijken en buurten", _year_from_name(path)))
    jaar = _year_from_name(path) or jaar
    bron = Bron(tid, titel, jaar)
    skip = {
        "ID",
        "WijkenEnBuurten",
        "Gemeentenaam_1",
        "SoortRegio_2",
        "Codering_3",
        "IndelingswijzigingGemeenteWijkBuurt_4",
    }
    keys = [k for k in rows[0] if k not in skip and not k.startswith("Meest")]
    bases = [base_name(k) for k in keys]
    # Ambiguous base names (origin columns repeat) keep their full key.
    names = {k: (b if bases.count(b) == 1 else k) for k, b in zip(keys, bases, strict=True)}
    out = _Frame()
    for row in rows:
        code = row.get("Codering_3", "").strip()
        if not code:
            continue
        soort = row.get("SoortRegio_2", "").strip()
        naam = row.get("WijkenEnBuurten", "").strip()
        if code.startswith("NL"):
            code = NL_CODE
        out.names[code] = (naam, soort)
        for k in keys:
            out.put(names[k], code, row.get(k))
    out.bronnen = dict.fromkeys(out.values, bron)
    return out


def _odata_rows(path: Path) -> list[dict[str, str]]:
    """A CBS OData page (``{"odata.metadata": …, "value": [...]}``) as rows of strings."""
    try:
        data = json.loads(_sniff_text(path))
    except json.JSONDecodeError as exc:
        raise CbsDataError(f"{path.name} is geen geldige JSON (regel {exc.lineno}).") from exc
    rows = data.get("value") if isinstance(data, dict) else None
    if not isinstance(rows, list):
        raise CbsDataError(f"{path.name} lijkt op CBS OData maar heeft geen 'value'-lijst.")
    return [
        {str(k): "" if v is None else str(v).strip() for k, v in row.items()}
        for row in rows
        if isinstance(row, dict)
    ]


def _kwb_json(path: Path) -> _Frame:
    """KWB as a JSON object keyed by region code (the 8-column national extract)."""
    try:
        data = json.loads(_sniff_text(path))
    except json.JSONDecodeError as exc:
        raise CbsDataError(f"{path.name} is geen geldige JSON (regel {exc.lineno}).") from exc
    out = _Frame()
    tid = _table_id(path) or "85984NED"
    titel, jaar = KNOWN_TABLES.get(tid, ("Kerncijfers wijken en buurten", ""))
    bron = Bron(tid, titel, _year_from_name(path) or jaar)
    for code, rec in data.items():
        if not isinstance(rec, dict):
            continue
        for k, v in rec.items():
            out.put(base_name(k), code.strip(), v)
    out.bronnen = dict.fromkeys(out.values, bron)
    return out


def periode_titel(p: str) -> str:
    """OData period keys as StatLine titles: 2024JJ00 → 2024, 2024HJ01 → 1e halfjaar 2024."""
    m = re.fullmatch(r"(\d{4})(JJ|HJ)(\d{2})", p.strip())
    if not m:
        return p.strip()
    jaar, soort, nr = m.groups()
    if soort == "JJ":
        return jaar
    return f"{int(nr)}e halfjaar {jaar}"


def _totaal_vorm(rows: list[dict[str, str]], vorm_col: str) -> str:
    """The 'all jeugdzorg' category: by its title, or (keys only) the largest one.

    Every other category is a part of the total, so the total has the highest count.
    """
    vormen = {r.get(vorm_col, "").strip() for r in rows}
    if JEUGDZORG_TOTAAL in vormen:
        return JEUGDZORG_TOTAAL
    totalen: dict[str, float] = {}
    for r in rows:
        val, _ = parse_value(r.get("TotaalJongerenMetJeugdzorgInNatura_1"))
        v = r.get(vorm_col, "").strip()
        totalen[v] = totalen.get(v, 0.0) + (val or 0.0)
    return max(totalen, key=totalen.get) if totalen else ""


def _jeugdzorg_wijk(path: Path, rows: list[dict[str, str]]) -> _Frame:
    """Youth with jeugdzorg per wijk; only 'Totaal alle jeugdzorg in natura', newest period."""
    vorm_col = "Vormen" if "Vormen" in rows[0] else "VormenVanJeugdzorg"
    rows = [r | {"Perioden": periode_titel(r.get("Perioden", ""))} for r in rows]
    vorm = _totaal_vorm(rows, vorm_col)
    rows = [r for r in rows if r.get(vorm_col, "").strip() == vorm]
    if not rows:
        return _Frame()
    periods = [r.get("Perioden", "") for r in rows]
    # A whole year beats a half year of the same year; else the latest listed.
    period = max(set(periods), key=period_key)
    tid = _table_id(path) or "85990NED"
    titel = KNOWN_TABLES.get(tid, ("Jeugdzorg; wijken en buurten", ""))[0]
    bron = Bron(tid, titel.split(",")[0], period)
    skip = {
        "ID",
        vorm_col,
        "Wijken",
        "Perioden",
        "Gemeentenaam_18",
        "SoortRegio_19",
        "Codering_20",
        "IndelingswijzigingWijken_21",
    }
    keys = [k for k in rows[0] if k not in skip]
    out = _Frame()
    for row in rows:
        if row.get("Perioden") != period:
            continue
        code = row.get("Codering_20", "").strip()
        if not code and row.get("Wijken", "").strip() == "Nederland":
            code = NL_CODE
        if not code:
            continue
        for k in keys:
            # CBS leaves counts under 5 unpublished in this table.
            out.put("JZ_" + base_name(k), code, row.get(k), empty_reason=GEHEIM)
    out.bronnen = dict.fromkeys(out.values, bron)
    return out


def _inkomen_maatwerk(path: Path) -> _Frame:
    """CBS maatwerk income table per gemeente/wijk (original Excel export or a tidy CSV)."""
    rows = _read_table(path)
    out = _Frame()
    jaar = _year_from_name(path) or "2020"
    bron = Bron("maatwerk IIV", "Inkomen per gemeente en wijk, wijkindeling 2023", jaar)
    cols = ("INK_GemPersoonlijkInkomen", "INK_PctLaagste40", "INK_PctHoogste20")
    if rows and "regiocode" in rows[0]:
        src = (
            "gem_persoonlijk_inkomen_per_inwoner_x1000_euro",
            "pct_huishoudens_in_laagste_40pct_besteedbaar_inkomen",
            "pct_huishoudens_in_hoogste_20pct_besteedbaar_inkomen",
        )
        for row in rows:
            code = row["regiocode"].strip()
            code = NL_CODE if code.startswith("NL") else code
            for var, key in zip(cols, src, strict=True):
                out.put(var, code, row.get(key))
    else:
        text = _sniff_text(path)
        for rec in csv.reader(io.StringIO(text), delimiter=";"):
            rec = [c.strip() for c in rec] + [""] * 6
            gm, wk = rec[0], rec[1]
            if gm == "Nederland":
                code = NL_CODE
            elif re.fullmatch(r"GM\d{4}", gm):
                code = gm
            elif re.fullmatch(r"WK\d{4}[0-9A-Z]{2}", wk):
                code = wk
            else:
                continue
            for var, raw in zip(cols, rec[3:6], strict=True):
                out.put(var, code, raw)
    out.bronnen = dict.fromkeys(cols, bron)
    return out


GF_VARS = {
    "InwonersTotaal_1": "GF_InwonersTotaal",
    "InwonersJongerDan18_2": "GF_InwonersJongerDan18",
    "Eenpersoonshuishoudens_19": "GF_Eenpersoonshuishoudens",
    "Eenouderhuishoudens_20": "GF_Eenouderhuishoudens",
    "HuishoudensMetRelatiefLaagInkomen_21": "GF_HuishoudensMetRelatiefLaagInkomen",
    "TotaalBijstandsuitkeringen_22": "GF_TotaalBijstandsuitkeringen",
}


def _gemeentefonds(path: Path, rows: list[dict[str, str]]) -> _Frame:
    """Gemeentefonds maatstaven: per variable the newest year, Definitief before Voorlopig."""
    out = _Frame()
    best: dict[tuple[str, str], tuple[tuple[str, int], object]] = {}
    for row in rows:
        code = row.get("Regiocode_73", "").strip()
        if code.startswith("NL"):
            code = NL_CODE
        if not (code == NL_CODE or code.startswith("GM")):
            continue
        rank_status = 1 if row.get("StatusCijfer", "").strip() == "Definitief" else 0
        year = row.get("Perioden", "").strip()[:4]
        for key, var in GF_VARS.items():
            raw = row.get(key, "")
            if raw.strip() == "":
                continue
            rank = (year, rank_status)
            cur = best.get((var, code))
            if cur is None or rank > cur[0]:
                best[(var, code)] = (rank, raw)
    years: dict[str, set[str]] = {}
    for (var, code), ((year, status), raw) in best.items():
        out.put(var, code, raw)
        years.setdefault(var, set()).add(f"{year}{'' if status else ' voorlopig'}")
    for var, ys in years.items():
        out.bronnen[var] = Bron("85383NED", "Maatstaven gemeentefonds", "/".join(sorted(ys)))
    return out


def _jeugdzorg_pct(path: Path, rows: list[dict[str, str]], naam_to_code: dict[str, str]) -> _Frame:
    """% youth with jeugdhulp/-bescherming/-reclassering per gemeente (names, not codes)."""
    out = _Frame()

    rows = [r | {"Perioden": periode_titel(r.get("Perioden", ""))} for r in rows]
    periods = sorted({r.get("Perioden", "") for r in rows}, key=period_key)
    if not periods:
        return out
    period = periods[-1]
    cols = {
        "JongerenMetJeugdhulpInNatura_1": "JZP_Jeugdhulp",
        "JongerenMetJeugdbescherming_3": "JZP_Jeugdbescherming",
        "JongerenMetJeugdreclassering_5": "JZP_Jeugdreclassering",
    }
    for row in rows:
        if row.get("Perioden") != period:
            continue
        naam = re.sub(r"\s*\(gemeente\)$", "", row.get("RegioS", "").strip())
        if re.fullmatch(r"GM\d{4}", naam):  # OData key instead of the title
            code = naam
        else:
            code = NL_CODE if naam in {"Nederland", "NL01"} else naam_to_code.get(naam)
        if code is None:
            continue
        for key, var in cols.items():
            out.put(var, code, row.get(key))
    out.bronnen = dict.fromkeys(cols.values(), Bron("85098NED", "Jeugdzorg; regio", period))
    return out


def _regio(rows: list[dict[str, str]]) -> pd.DataFrame:
    """Gemeente → regional divisions, recognising each column by its code prefix."""
    recs = []
    for row in rows:
        code = row.get("Code_1", "") or row.get("gemeentecode", "")
        if not code.startswith("GM"):
            continue
        rec: dict[str, str] = {"gemeentecode": code}
        keys = list(row)
        for i, key in enumerate(keys):
            val = row[key]
            if not key.startswith("Code_") or len(val) < 3:
                continue
            name_key = keys[i + 1] if i + 1 < len(keys) else ""
            for prefix, col in REGIO_PREFIXES.items():
                if val.startswith(prefix) and val[2:3].isdigit():
                    rec[f"{col}_code"] = val
                    rec[f"{col}_naam"] = row.get(name_key, "")
        recs.append(rec)
    if not recs:
        return pd.DataFrame()
    return pd.DataFrame(recs).set_index("gemeentecode")


def _regio_tidy(rows: list[dict[str, str]]) -> pd.DataFrame:
    recs = []
    for row in rows:
        rec = {"gemeentecode": row["gemeentecode"]}
        for col in REGIO_PREFIXES.values():
            for suffix in ("code", "naam"):
                for key in (f"{col}_{suffix}", f"{col}_{suffix}_CE"):
                    if key in row:
                        rec[f"{col}_{suffix}"] = row[key]
        recs.append(rec)
    return pd.DataFrame(recs).set_index("gemeentecode")


# --------------------------------------------------------------------------- geometry


def _read_geo(path: Path, layer: str | None = None) -> gpd.GeoDataFrame:
    try:
        gdf = gpd.read_file(path, layer=layer, engine="pyogrio")
    except Exception as exc:  # pyogrio raises several types for corrupt files
        raise CbsDataError(onleesbaar_kaartbestand(path, exc)) from exc
    if gdf.crs is None:
        gdf = gdf.set_crs(4326)
    elif gdf.crs.to_epsg() != 4326:
        gdf = gdf.to_crs(4326)
    # Generalised CBS polygons contain self-intersections; repair before any overlay.
    # method="structure" keeps polygons polygonal (no stray lines or points from repairs).
    gdf["geometry"] = make_valid(gdf.geometry.values, method="structure", keep_collapsed=False)
    return gdf


def onleesbaar_kaartbestand(path: Path, exc: Exception) -> str:
    """A Dutch message for a boundary file GDAL cannot read (cut off, damaged, not GeoJSON)."""
    regel = re.search(r"line (\d+)", str(exc))
    waar = f" (fout bij regel {regel.group(1)})" if regel else ""
    return (
        f"Kaartbestand {path.name} is onleesbaar{waar}: het is afgebroken, beschadigd of geen "
        "GeoJSON/GeoPackage. Download het opnieuw of installeer de bestanden met "
        "`python -m planner.cbs install`."
    )


def _boundaries(gdf: gpd.GeoDataFrame, kind: str) -> gpd.GeoDataFrame:
    """Normalise PDOK GeoJSON and CBS GeoPackage columns to code/naam(/gemeentecode)."""
    cols = {c.lower(): c for c in gdf.columns}

    def pick(*names: str) -> str | None:
        return next((cols[n] for n in names if n in cols), None)

    code = pick("statcode", f"{kind}code")
    naam = pick("statnaam", "name", f"{kind}naam")
    if code is None or naam is None:
        raise CbsDataError(f"Kaartbestand voor {kind}en mist een code- of naamkolom.")
    out = gpd.GeoDataFrame(
        {"code": gdf[code].astype(str).str.strip(), "naam": gdf[naam].astype(str).str.strip()},
        geometry=gdf.geometry.values,
        crs=4326,
    )
    if kind in ("wijk", "buurt"):
        out["gemeentecode"] = out["code"].map(gemeente_van)
    if kind == "buurt":
        out["wijkcode"] = out["code"].map(wijk_van)
    return out


def _geo_year(path: Path) -> str:
    return _year_from_name(path)


# --------------------------------------------------------------------------- loading


def _data_files(data_dir: Path) -> list[Path]:
    exts = {".csv", ".json", ".geojson", ".gpkg"}
    return sorted(p for p in data_dir.rglob("*") if p.is_file() and p.suffix.lower() in exts)


def _fingerprint(files: Iterable[Path]) -> str:
    h = hashlib.sha256(LOADER_VERSION.encode())
    # The parser's own source is part of the key: a code change must never serve stale data.
    for src in (Path(__file__), Path(__file__).with_name("values.py")):
        h.update(src.read_bytes())
    for p in files:
        st = p.stat()
        h.update(f"{p}|{st.st_size}|{st.st_mtime_ns}".encode())
    return h.hexdigest()[:20]


def data_versie(data_dir: Path) -> str:
    """A cheap fingerprint of the data dir (names, sizes, mtimes): changes on reinstall."""
    if not data_dir.is_dir():
        return ""
    return _fingerprint(_data_files(data_dir))


def load_cbs(settings: Settings, use_cache: bool = True) -> CbsData:
    """Parse the data dir once; later calls read the pickled result from the cache dir."""
    data_dir = settings.data_dir
    if not data_dir.is_dir():
        raise CbsDataError(
            f"De map met CBS-gegevens bestaat niet: {data_dir}. Zet PREVENTIEKAART_DATA_DIR "
            "op de juiste map, of installeer de bestanden met "
            "`python -m planner.cbs install --from MAP` (of zonder --from om te downloaden)."
        )
    files = _data_files(data_dir)
    if not files:
        raise CbsDataError(
            f"De map {data_dir} bevat geen CBS-bestanden (.csv, .json, .geojson of .gpkg). "
            "Installeer ze met `python -m planner.cbs install`."
        )
    cache = settings.cache_dir / f"cbs-{_fingerprint(files)}.pickle"
    if use_cache and cache.exists():
        try:
            with cache.open("rb") as fh:
                return pickle.load(fh)
        except Exception:  # a cut-off or old pickle: parse again
            with contextlib.suppress(OSError):
                cache.unlink(missing_ok=True)
    data = parse_files(files)
    if use_cache:
        _write_cache(cache, data)
    return data


def _write_cache(cache: Path, data: CbsData) -> bool:
    """Write the parsed data atomically; a full disk or read-only home means: no cache.

    A unique temp name per writer keeps two processes that start together from writing
    into one file; the rename makes the cache appear whole or not at all.
    """
    tmp: Path | None = None
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=cache.parent, prefix=cache.stem + ".", suffix=".tmp")
        tmp = Path(name)
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(data, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, cache)
        tmp = None
    except OSError as exc:
        logger.warning("CBS-cache niet geschreven (%s); de app werkt zonder cache.", exc)
        return False
    finally:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
    # One parsed copy is enough: older fingerprints will never be asked for again.
    for old in cache.parent.glob("cbs-*.pickle"):
        if old != cache:
            old.unlink(missing_ok=True)
    return True


def parse_files(files: list[Path]) -> CbsData:
    """Recognise each file by its content and merge everything by region code."""
    frames: list[_Frame] = []
    warnings: list[str] = []
    gemeenten: list[tuple[str, gpd.GeoDataFrame]] = []
    wijken: list[tuple[str, gpd.GeoDataFrame]] = []
    buurten: list[tuple[str, gpd.GeoDataFrame]] = []
    regio = pd.DataFrame()
    pct_files: list[tuple[Path, list[dict[str, str]]]] = []

    for path in files:
        suffix = path.suffix.lower()
        n_frames = len(frames)
        try:
            if suffix == ".gpkg":
                import pyogrio

                layers = {name.lower(): name for name, _ in pyogrio.list_layers(path)}
                for kind, target in (("gemeente", gemeenten), ("wijk", wijken), ("buurt", buurten)):
                    layer = next((v for k, v in layers.items() if k.startswith(kind)), None)
                    if layer:
                        target.append((_geo_year(path), _boundaries(_read_geo(path, layer), kind)))
                continue
            if suffix == ".geojson":
                gdf = _read_geo(path)
                rubriek = str(gdf["rubriek"].iloc[0]) if "rubriek" in gdf.columns else ""
                soort_in_naam = (k for k in ("wijk", "buurt") if k in path.name)
                kind = rubriek or next(soort_in_naam, "gemeente")
                target = {"gemeente": gemeenten, "wijk": wijken, "buurt": buurten}.get(kind)
                if target is None:
                    warnings.append(f"{path.name}: onbekend soort gebied '{kind}', overgeslagen.")
                    continue
                target.append((_geo_year(path), _boundaries(gdf, kind)))
                continue
            if suffix == ".json":
                with path.open("rb") as fh:
                    head = fh.read(200).lstrip()
                if b"odata.metadata" in head or head.startswith(b'{"value"'):
                    odata = _odata_rows(path)
                    header = list(odata[0]) if odata else []
                    read_rows = functools.partial(list, odata)
                elif head.startswith(b"{") and (b'"GM' in head or b'"NL' in head):
                    frames.append(_kwb_json(path))
                    continue
                else:
                    continue  # metadata (DataProperties, TableInfos): not figures
            else:
                header = _header(path)
                read_rows = functools.partial(_read_table, path)
            if "Codering_3" in header or "Codering_20" in header:
                lees = _kwb_table if "Codering_3" in header else _jeugdzorg_wijk
                if rows := read_rows():
                    frames.append(lees(path, rows))
            elif "Regiocode_73" in header:
                frames.append(_gemeentefonds(path, read_rows()))
            elif "JongerenMetJeugdhulpInNatura_1" in header:
                pct_files.append((path, read_rows()))
            elif "Code_1" in header and "Naam_2" in header:
                new = _regio(read_rows())
                if regio.empty or _year_from_name(path) >= "2024":
                    regio = new if regio.empty else new.combine_first(regio)
            elif "gemeentecode" in header and "ggd_regio_code" in header:
                if regio.empty:
                    regio = _regio_tidy(read_rows())
            elif "regiocode" in header and any("inkomen" in h for h in header):
                # A tidy derivative of the maatwerk table: only used when the original is absent.
                if not any("ORIGINEEL" in p.name for p in files):
                    frames.append(_inkomen_maatwerk(path))
            elif (header and header[0].startswith("Tabel")) or "inkomen" in path.name.lower():
                frames.append(_inkomen_maatwerk(path))
            elif "GemeentecodeGM" in header:
                pass  # CBS list of gemeenten: names already come with the boundaries
            else:
                warnings.append(f"{path.name}: niet herkend, overgeslagen.")
        except CbsDataError:
            raise
        except OSError as exc:
            raise CbsDataError(
                f"Bestand {path.name} kan niet worden gelezen ({exc.strerror or exc}). "
                "Controleer of het bestaat en leesbaar is, of installeer de bestanden opnieuw."
            ) from exc
        except (json.JSONDecodeError, StopIteration) as exc:
            raise CbsDataError(
                f"Bestand {path.name} is afgebroken of beschadigd ({exc}). Download het opnieuw."
            ) from exc
        except (KeyError, IndexError, ValueError, UnicodeDecodeError, csv.Error) as exc:
            raise CbsDataError(
                f"Bestand {path.name} heeft niet de verwachte indeling ({exc}). "
                "Vervang het door het originele CBS-bestand."
            ) from exc
        finally:
            for fr in frames[n_frames:]:
                fr.bestand = path.name

    for grenzen, gevonden in (("gemeentegrenzen", gemeenten), ("wijkgrenzen", wijken)):
        if not gevonden:
            raise CbsDataError(
                f"Geen {grenzen} gevonden (GeoJSON of GeoPackage van CBS/PDOK). "
                "Installeer ze met `python -m planner.cbs install`."
            )
    _, gem = max(gemeenten, key=lambda t: t[0])
    _, wk = max(wijken, key=lambda t: t[0])
    bu = max(buurten, key=lambda t: t[0])[1] if buurten else None
    naam_to_code = dict(zip(gem["naam"], gem["code"], strict=True))
    for path, rows in pct_files:
        frames.append(_jeugdzorg_pct(path, rows, naam_to_code))
        frames[-1].bestand = path.name

    for fr in frames:
        if fr.onleesbaar:
            code, var, raw = fr.onleesbaar[0]
            warnings.append(
                f"{fr.bestand}: {len(fr.onleesbaar)} onleesbare waarde(n), bijvoorbeeld "
                f"'{raw}' bij {code}, {var}. Die tellen als ontbrekend."
            )
    values, reasons, bronnen = _merge(frames)
    return CbsData(
        gemeenten=gem.reset_index(drop=True),
        wijken=wk.reset_index(drop=True),
        buurten=bu,
        values=values,
        reasons=reasons,
        bronnen=bronnen,
        regio=regio,
        warnings=warnings,
    )


def period_key(jaar: str) -> tuple[str, int]:
    """Sort CBS periods: '2023' < '1e halfjaar 2024' < '2e halfjaar 2024' < '2024'."""
    m = re.search(r"(20\d\d)", jaar)
    half = 1 if "1e" in jaar else 2 if "2e" in jaar else 3
    return (m.group(1) if m else "", half)


def _merge(frames: list[_Frame]) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, Bron]]:
    """Combine files by region code; per variable only the newest period is used.

    Files of the same period complement each other (a present value beats a missing one);
    an older period never fills gaps, so every variable has exactly one source and year.
    """
    values: dict[str, dict[str, float | None]] = {}
    reasons: dict[str, dict[str, str | None]] = {}
    bronnen: dict[str, Bron] = {}
    newest: dict[str, tuple[str, int]] = {}
    for fr in frames:
        for var, bron in fr.bronnen.items():
            newest[var] = max(newest.get(var, ("", 0)), period_key(bron.jaar))
    for fr in frames:
        for var, col in fr.values.items():
            if var in fr.bronnen and period_key(fr.bronnen[var].jaar) < newest.get(var, ("", 0)):
                continue
            tgt_v = values.setdefault(var, {})
            tgt_r = reasons.setdefault(var, {})
            for code, val in col.items():
                if val is not None or code not in tgt_v or tgt_v[code] is None:
                    if val is None and tgt_v.get(code) is not None:
                        continue
                    tgt_v[code] = val
                    tgt_r[code] = fr.reasons[var][code]
            if var in fr.bronnen:
                bronnen[var] = fr.bronnen[var]
    vdf = pd.DataFrame(values, dtype="float64")
    rdf = pd.DataFrame(reasons, dtype="object").reindex(index=vdf.index, columns=vdf.columns)
    return vdf, rdf, bronnen


def map_oude_gemeente(code_of_naam: str) -> str:
    """Map a pre-herindeling gemeente (code or name) to today's gemeente code."""
    code = OUDE_NAMEN.get(code_of_naam, code_of_naam)
    return HERINDELING.get(code, code)


def huidige_naam(naam: str) -> str:
    """Today's name of a gemeente known by an older name (Brielle → Voorne aan Zee)."""
    return NIEUWE_NAMEN.get(map_oude_gemeente(naam), naam)


__all__ = [
    "GEHEIM",
    "HERINDELING",
    "NIET_GELADEN",
    "ONBEKEND",
    "Bron",
    "CbsData",
    "CbsDataError",
    "load_cbs",
    "map_oude_gemeente",
    "parse_files",
]


# Tables the Wijkprofiel leans on, with what goes missing without them.
KERNTABELLEN: list[tuple[tuple[str, ...], str]] = [
    (("AantalInwoners",), "CBS 85984NED Kerncijfers wijken en buurten (inwoners per wijk)"),
    (
        ("GF_InwonersJongerDan18",),
        "CBS 85383NED Maatstaven gemeentefonds (minderjarigen per gemeente; nodig voor de "
        "schatting van het aantal kinderen)",
    ),
    (("JZ_TotaalJongerenMetJeugdzorgInNatura",), "CBS 85990NED Jeugdzorg per wijk"),
    (
        ("INK_PctLaagste40", "k_40HuishoudensMetLaagsteInkomen"),
        "CBS-inkomen per wijk (maatwerktabel of Kerncijfers met inkomen)",
    ),
]


def ontbrekende_tabellen(data: CbsData) -> list[str]:
    """Which core tables have no figures at all: the page says so instead of guessing."""
    out = []
    for variabelen, omschrijving in KERNTABELLEN:
        if not any(v in data.values.columns and data.values[v].notna().any() for v in variabelen):
            out.append(omschrijving)
    return out
