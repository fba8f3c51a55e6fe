"""What the Wijkprofiel shows, as plain data: tooltips, tables and downloads.

Kept out of the page so it is tested without a browser; every number leaves here with its
source and year, and small counts are suppressed.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from planner import tekst
from planner.wijken import estimates
from planner.wijken.cbs import NL_CODE, CbsData
from planner.wijken.indicators import Reeks, Vergelijking, fmt

SCHALEN = {
    "wijken": "Wijken van de gekozen gemeente",
    "buurten": "Buurten van de gekozen gemeente",
    "nl_gemeenten": "Alle gemeenten van Nederland",
    "nl_wijken": "Alle wijken van Nederland",
}


def schalen(data: CbsData) -> list[str]:
    """The scales the loaded data supports: buurten only when buurt boundaries are loaded."""
    return [k for k in SCHALEN if k != "buurten" or data.buurten is not None]


def grenzen(data: CbsData, schaal: str, gemeentecode: str):
    """The boundary frame behind a scale (for preparing map geometry)."""
    if schaal == "nl_gemeenten":
        return data.gemeenten
    if schaal == "buurten" and data.buurten is not None:
        return data.buurten[data.buurten["gemeentecode"] == gemeentecode]
    if schaal == "nl_wijken":
        return data.wijken
    return data.wijken_van(gemeentecode)


TOOLTIP_ALIASES = {
    "naam": "Gebied",
    "waarde": "Waarde",
    "gemeente": "Gemeente",
    "nl": "Nederland",
}


def gebieden(data: CbsData, schaal: str, gemeentecode: str) -> pd.DataFrame:
    """code/naam/gemeentecode of the areas shown at a scale."""
    if schaal == "nl_gemeenten":
        df = data.gemeenten[["code", "naam"]].copy()
        df["gemeentecode"] = df["code"]
        return df
    if schaal == "nl_wijken":
        return data.wijken[["code", "naam", "gemeentecode"]]
    if schaal == "buurten" and data.buurten is not None:
        bu = data.buurten
        return bu.loc[bu["gemeentecode"] == gemeentecode, ["code", "naam", "gemeentecode"]]
    return data.wijken_van(gemeentecode)[["code", "naam", "gemeentecode"]]


def kaart_waarden(reeks: Reeks, codes: list[str]) -> dict[str, float | None]:
    w = reeks.waarde.reindex(codes)
    return {c: (None if pd.isna(v) else float(v)) for c, v in w.items()}


def tooltips(data: CbsData, reeks: Reeks, areas: pd.DataFrame) -> dict[str, dict[str, str]]:
    """Per area: name, its value (or why missing), its gemeente's value and NL's."""
    ind = reeks.indicator
    nl = reeks.waarde.get(NL_CODE)
    gm_names = dict(zip(data.gemeenten["code"], data.gemeenten["naam"], strict=True))
    out: dict[str, dict[str, str]] = {}
    for code, naam, gm in areas[["code", "naam", "gemeentecode"]].itertuples(index=False):
        v = reeks.waarde.get(code)
        if v is None or pd.isna(v):
            why = reeks.reden.get(code) or "niet in de geladen gegevens"
            waarde = f"geen gegevens ({why})"
        else:
            waarde = f"{fmt(float(v), ind.eenheid)} {_unit_suffix(ind.eenheid)}".strip()
        gv = reeks.waarde.get(gm)
        out[code] = {
            "naam": naam if code == gm else f"{naam} ({gm_names.get(gm, gm)})",
            "waarde": waarde,
            "gemeente": fmt(None if gv is None or pd.isna(gv) else float(gv), ind.eenheid),
            "nl": fmt(None if nl is None or pd.isna(nl) else float(nl), ind.eenheid),
        }
    return out


def _unit_suffix(eenheid: str) -> str:
    return "" if eenheid.startswith("%") else eenheid


def positie_tekst(p: float | None, richting: str = "hoog") -> str:
    """Describe a national position without ranking wijken against each other.

    ``p`` is oriented (higher = stronger signal); the words follow the indicator's direction,
    so a low income reads "lager dan …", never "hoger dan …".
    """
    if p is None:
        return "–"
    woord = "lager" if richting == "laag" else "hoger"
    if p >= 80:
        return f"{woord} dan {tekst.getal(p, 0)}% van de wijken in NL: sterk signaal"
    if p >= 60:
        return f"{woord} dan {tekst.getal(p, 0)}% van de wijken in NL: signaal"
    if p > 40:
        return "rond het landelijke midden"
    return "geen bijzonder signaal ten opzichte van NL"


def profiel_tabel(rows: list[Vergelijking]) -> pd.DataFrame:
    """The profile of one area as a table; missing values say why."""
    recs = []
    for r in rows:
        ind = r.indicator
        recs.append(
            {
                "Indicator": ind.label,
                "Waarde": fmt(r.waarde, ind.eenheid),
                "Gemeente": fmt(r.gemeente, ind.eenheid),
                "Nederland": fmt(r.nederland, ind.eenheid),
                "Eenheid": ind.eenheid,
                "Positie t.o.v. NL": positie_tekst(r.positie_nl, ind.richting),
                "Waarom geen waarde": r.reden or "",
                "Bron": r.bron or "–",
                "Risicofactor": f"{ind.niveau}: {ind.risicofactor}",
            }
        )
    return pd.DataFrame(recs)


@dataclass(frozen=True)
class Schatting:
    """The estimate band as display strings, with its assumptions beside it."""

    kinderen: str
    kinderen_methode: str
    band: str
    per_1000_2011: str
    kosten: str
    aannames: list[str]


def schatting(data: CbsData, code: str) -> Schatting | None:
    b = estimates.band_voor(data, code)
    if b is None:
        return None
    return Schatting(
        kinderen=estimates.fmt_aantal(b.kinderen.aantal),
        kinderen_methode=b.kinderen.methode,
        band=f"{estimates.fmt_aantal(b.laag)} tot {estimates.fmt_aantal(b.hoog)} kinderen per jaar",
        per_1000_2011=f"{estimates.fmt_aantal(b.per_1000_2011)} kinderen per jaar",
        kosten=f"{estimates.fmt_euro(b.kosten_laag)} tot {estimates.fmt_euro(b.kosten_hoog)} "
        "per jaar",
        aannames=b.aannames(),
    )


def download_tabel(data: CbsData, areas: pd.DataFrame, reeksen: dict[str, Reeks]) -> pd.DataFrame:
    """All areas with every indicator, its source, and the estimate band; for CSV export.

    Sorted by name, never by a score. Children estimates below 5 are written as "< 5".
    """
    wijken = areas[["code", "naam", "gemeentecode"]].sort_values(["gemeentecode", "naam"])
    # The gemeente(n) and NL on top: the comparison travels with the download.
    gms = list(dict.fromkeys(wijken["gemeentecode"]))
    namen = dict(zip(data.gemeenten["code"], data.gemeenten["naam"], strict=True))
    top = pd.DataFrame(
        {
            "code": [*gms, NL_CODE],
            "naam": [f"Gemeente {namen.get(g, g)}" for g in gms] + ["Nederland"],
            "gemeentecode": [*gms, ""],
        }
    )
    df = pd.concat([top, wijken], ignore_index=True)
    for r in reeksen.values():
        label = f"{r.indicator.label} ({r.indicator.eenheid})"
        df[label] = r.waarde.reindex(df["code"]).round(2).to_numpy()
        df[f"bron: {r.indicator.label}"] = r.bron.reindex(df["code"]).to_numpy()
        reden = r.reden.reindex(df["code"]).to_numpy()
        df[f"geen waarde: {r.indicator.label}"] = [x if isinstance(x, str) else "" for x in reden]
    kids, lo, hi, meth = [], [], [], []
    aantal = estimates.fmt_aantal
    for code in df["code"]:
        b = estimates.band_voor(data, code)
        if b is None:
            cellen = ("geen gegevens", "", "", "")
        else:
            cellen = (aantal(b.kinderen.aantal), aantal(b.laag), aantal(b.hoog), b.kinderen.methode)
        for kolom, cel in zip((kids, lo, hi, meth), cellen, strict=True):
            kolom.append(cel)
    df["kinderen 0-17"] = kids
    df["methode kinderen"] = meth
    df["verwacht slachtoffer per jaar (laag)"] = lo
    df["verwacht slachtoffer per jaar (hoog)"] = hi
    df["bron schatting"] = estimates.PREVALENTIE_BRON
    return df.rename(columns={"code": "CBS-code", "naam": "naam", "gemeentecode": "gemeente"})


@dataclass(frozen=True)
class KaartInvoer:
    """Everything the map and its legend need for one scale, gemeente and indicator."""

    areas: pd.DataFrame
    codes: list[str]
    waarden: dict[str, float | None]
    breaks: list[float]
    legenda: list
    bronnen: list[str]
    tooltips: dict[str, dict[str, str]]
    leeg: str | None = None  # why no area has a value, and what would fill the map


def kaart_invoer(data: CbsData, reeks: Reeks, schaal: str, gemeentecode: str) -> KaartInvoer:
    from planner import maps
    from planner.wijken.indicators import klassen, waarom_leeg

    areas = gebieden(data, schaal, gemeentecode)
    codes = list(areas["code"])
    waarden = kaart_waarden(reeks, codes)
    breaks = klassen(reeks.waarde.reindex(codes))
    eenheid = reeks.indicator.eenheid
    return KaartInvoer(
        areas=areas,
        codes=codes,
        waarden=waarden,
        breaks=breaks,
        legenda=maps.legenda(waarden, breaks, lambda v: fmt(v, eenheid)),
        bronnen=sorted(set(reeks.bron.reindex(codes).dropna())),
        tooltips=tooltips(data, reeks, areas),
        leeg=waarom_leeg(reeks, codes),
    )


def download_tabel_van(alle: pd.DataFrame, gemeentecode: str) -> pd.DataFrame:
    """One gemeente's rows of the national ``download_tabel``: the same table, by slicing.

    Built once for every wijk in the country, a gemeente visited later costs a filter,
    not a recomputation of every indicator and estimate.
    """
    code, gm = alle["CBS-code"], alle["gemeente"]
    rijen = (
        (code == gemeentecode) | (code == NL_CODE) | ((gm == gemeentecode) & (code != gemeentecode))
    )
    return alle[rijen].reset_index(drop=True)
