"""Risk indicators per wijk and gemeente, computed from whatever CBS data is loaded.

The catalogue lives in ``data/indicatoren.json`` so that it is declared once and documented.
An indicator is a *signal* for where prevention effort may help, never a verdict on a wijk:
hence no ranking helpers here, only positions relative to the national distribution.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from planner import tekst
from planner.gebieden import gemeente_van
from planner.settings import PROJECT_ROOT
from planner.wijken.cbs import NL_CODE, CbsData
from planner.wijken.values import (
    ALLEEN_GEMEENTE,
    GEHEIM,
    NIET_GELADEN,
    ONBEKEND,
    ONLEESBAAR,
    TE_KLEIN,
)

CATALOGUE = PROJECT_ROOT / "data" / "indicatoren.json"
NIVEAUS = ("ouder", "kind", "gezin", "omgeving")
# A share or rate needs at least this many people/households below the line: Halfweg
# (5 inhabitants) would otherwise read "10.000 per 1.000" for a single youth in care.
MIN_NOEMER = 50


@dataclass(frozen=True)
class Kandidaat:
    """One way to compute an indicator: sum(teller) / noemer x factor."""

    teller: tuple[str, ...]
    noemer: str | None
    factor: float

    def variabelen(self) -> tuple[str, ...]:
        return self.teller + ((self.noemer,) if self.noemer else ())


@dataclass(frozen=True)
class Indicator:
    id: str
    label: str
    eenheid: str
    uitleg: str
    niveau: str
    risicofactor: str
    richting: str  # "hoog": a higher value is the stronger signal; "laag": the reverse
    kandidaten: tuple[Kandidaat, ...]
    standaardgewicht: int = 1  # weight in the aandachtsscore until the user changes it


@dataclass(frozen=True)
class ZonderData:
    niveau: str
    risicofactor: str


_TEKSTVELDEN = ("id", "label", "eenheid", "uitleg", "niveau", "risicofactor", "richting")


@cache
def catalogue(path: Path = CATALOGUE) -> tuple[Indicator, ...]:
    raw = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for rec in raw["indicatoren"]:
        kand = []
        for k in rec["kandidaten"]:
            teller = k["teller"] if isinstance(k["teller"], list) else [k["teller"]]
            kand.append(Kandidaat(tuple(teller), k.get("noemer"), float(k.get("factor", 1))))
        teksten = {v: rec[v] for v in _TEKSTVELDEN}  # a missing one fails loudly
        gewicht = int(rec.get("standaardgewicht", 1))
        out.append(Indicator(**teksten, kandidaten=tuple(kand), standaardgewicht=gewicht))
    return tuple(out)


def zonder_open_data(path: Path = CATALOGUE) -> list[ZonderData]:
    """Risk factors from the seeds for which no open area statistics exist."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    return [ZonderData(r["niveau"], r["risicofactor"]) for r in raw["zonder_open_data"]]


def by_id(indicator_id: str) -> Indicator:
    for ind in catalogue():
        if ind.id == indicator_id:
            return ind
    raise KeyError(indicator_id)


@dataclass(frozen=True)
class Reeks:
    """An indicator for every region code: value, source label, and why a value is missing."""

    indicator: Indicator
    waarde: pd.Series  # float, NaN when missing
    bron: pd.Series  # source label per code (object)
    reden: pd.Series  # reason per code where missing (object)


def _kandidaat_series(data: CbsData, k: Kandidaat) -> pd.Series | None:
    if any(v not in data.values.columns for v in k.variabelen()):
        return None
    teller = data.values[list(k.teller)].sum(axis=1, min_count=len(k.teller))
    teller = teller.where(data.values[list(k.teller)].notna().all(axis=1))
    if k.noemer:
        noemer = data.values[k.noemer].where(data.values[k.noemer] >= MIN_NOEMER)
        return teller / noemer * k.factor
    return teller * k.factor


def _te_klein(data: CbsData, k: Kandidaat) -> pd.Series:
    """Codes where a denominator exists but is too small for an honest share or rate."""
    if not k.noemer or k.noemer not in data.values.columns:
        return pd.Series(False, index=data.values.index)
    noemer = data.values[k.noemer]
    return noemer.notna() & (noemer < MIN_NOEMER)


def _bron_label(data: CbsData, k: Kandidaat) -> str:
    labels = []
    for var in k.variabelen():
        bron = data.bronnen.get(var)
        if bron and bron.label() not in labels:
            labels.append(bron.label())
    return "; ".join(labels)


def _dekking(s: pd.Series) -> tuple[int, int]:
    """How many wijken, then how many regions at all, a candidate covers."""
    present = s.dropna()
    return int(present.index.str.startswith("WK").sum()), len(present)


def bereken(data: CbsData, ind: Indicator) -> Reeks:
    """One candidate for every region: the one with data for the most wijken.

    A wijk, its gemeente, NL and the national distribution must come from the same source
    and year, or a comparison reads 2020 incomes against 2024 ones. A complete table a user
    supplies covers the most wijken, so it takes over automatically.
    """
    index = data.values.index
    gekozen: tuple[Kandidaat, pd.Series] | None = None
    for k in ind.kandidaten:
        s = _kandidaat_series(data, k)
        if s is not None and (gekozen is None or _dekking(s) > _dekking(gekozen[1])):
            gekozen = (k, s)
    if gekozen is None or _dekking(gekozen[1])[1] == 0:
        k = next(
            (c for c in ind.kandidaten if all(v in data.values.columns for v in c.teller)),
            ind.kandidaten[0],
        )
        waarde = pd.Series(np.nan, index=index, dtype="float64")
    else:
        k, waarde = gekozen
    bron = pd.Series(_bron_label(data, k), index=index, dtype="object").where(waarde.notna())
    reden = pd.Series(NIET_GELADEN, index=index, dtype="object")
    if all(v in data.values.columns for v in k.variabelen()):
        reden[_te_klein(data, k)] = TE_KLEIN
    for var in k.variabelen():
        if var in data.reasons.columns:
            r = data.reasons[var]
            take = r.notna() & (reden == NIET_GELADEN)
            reden[take] = r[take]
    reden[waarde.notna()] = None
    return Reeks(ind, waarde.astype("float64"), bron, reden)


def alle_reeksen(data: CbsData) -> dict[str, Reeks]:
    return {ind.id: bereken(data, ind) for ind in catalogue()}


def positie_nl(reeks: Reeks) -> pd.Series:
    """Percentile (0-100) of each wijk among all Dutch wijken with a value.

    Oriented so that a higher number is always the stronger signal for prevention.
    """
    wk = reeks.waarde[reeks.waarde.index.str.startswith("WK")].dropna()
    if reeks.indicator.richting == "laag":
        wk = -wk
    # Share of the other wijken with a weaker signal: 0 for the weakest, 100 for the strongest.
    n = len(wk)
    pct = (wk.rank(method="average") - 1) / max(n - 1, 1) * 100
    return pct.reindex(reeks.waarde.index)


@dataclass(frozen=True)
class Vergelijking:
    """One indicator for one wijk, with the gemeente and the national value beside it."""

    indicator: Indicator
    waarde: float | None
    reden: str | None
    bron: str | None
    gemeente: float | None
    nederland: float | None
    positie_nl: float | None  # 0-100, higher = stronger signal


def _get(s: pd.Series, code: str) -> float | None:
    if code not in s.index:
        return None
    v = s.at[code]
    return None if pd.isna(v) else float(v)


def profiel(
    data: CbsData, code: str, reeksen: dict[str, Reeks], posities: dict[str, pd.Series]
) -> list[Vergelijking]:
    """Every indicator for one wijk (or gemeente) compared with its gemeente and NL."""
    gm = gemeente_van(code)
    out = []
    for ind_id, r in reeksen.items():
        val = _get(r.waarde, code)
        reden = None
        if val is None:
            reden = r.reden.get(code) if code in r.reden.index else NIET_GELADEN
            reden = reden or NIET_GELADEN
        out.append(
            Vergelijking(
                indicator=r.indicator,
                waarde=val,
                reden=reden,
                bron=r.bron.get(code) if val is not None else None,
                gemeente=_get(r.waarde, gm),
                nederland=_get(r.waarde, NL_CODE),
                positie_nl=_get(posities[ind_id], code) if code.startswith("WK") else None,
            )
        )
    return out


def aandachtsscore(
    posities: dict[str, pd.Series], gewichten: dict[str, float], codes: list[str]
) -> pd.DataFrame:
    """A transparent, user-weighted mean of national positions: a signal, not a verdict.

    Returns the score and every part, so the page can show how it was built. Indicators
    without a value for a wijk are left out of that wijk's mean (and counted).
    """
    parts = pd.DataFrame({i: posities[i].reindex(codes) for i in gewichten if gewichten[i] > 0})
    if parts.empty:
        return pd.DataFrame(index=codes, data={"score": np.nan, "aantal_indicatoren": 0})
    w = pd.Series({i: gewichten[i] for i in parts.columns})
    mask = parts.notna()
    weighted = (parts.fillna(0) * w).sum(axis=1)
    total_w = (mask * w).sum(axis=1)
    out = parts.copy()
    out["score"] = (weighted / total_w.where(total_w > 0)).round(0)
    out["aantal_indicatoren"] = mask.sum(axis=1)
    return out


def klassen(waarden: pd.Series, n: int = 5) -> list[float]:
    """Quantile class breaks over the shown wijken (unique, ascending)."""
    v = waarden.dropna()
    if v.empty:
        return []
    qs = np.unique(np.quantile(v, np.linspace(0, 1, n + 1)))
    return [float(q) for q in qs]


def fmt(value: float | None, eenheid: str) -> str:
    """Dutch number format for a display; the one formatter lives in planner.tekst."""
    return tekst.met_eenheid(value, eenheid)


# Which CBS table delivers a variable, by the loader's prefix (cbs.py names them so).
_TABELLEN = {
    "GF_": "CBS 85383NED (Maatstaven gemeentefonds, per gemeente)",
    "JZP_": "CBS 85098NED (Jeugdzorg; regio, percentages per gemeente)",
    "JZ_": "CBS 85990NED (Jeugdzorg per wijk)",
    "INK_": "de CBS-maatwerktabel 'Inkomen per gemeente en wijk'",
}
_KWB = "CBS 85984NED (Kerncijfers wijken en buurten, de volledige download)"


def tabel_voor(var: str) -> str:
    """The CBS table that would deliver a variable (for 'what would fill this map')."""
    return next((t for p, t in _TABELLEN.items() if var.startswith(p)), _KWB)


def waarom_leeg(reeks: Reeks, codes: list[str]) -> str | None:
    """One Dutch sentence on why no shown area has a value, and what would fill the map.

    None when at least one area has a value. The reason is the most common one among the
    shown areas, so a map of mostly suppressed wijken does not claim "not delivered".
    """
    if not codes or reeks.waarde.reindex(codes).notna().any():
        return None
    wijken = [c for c in codes if not c.startswith("GM")]
    gemeente_waarden = reeks.waarde[reeks.waarde.index.str.startswith("GM")].notna().sum()
    wijk_waarden = reeks.waarde[~reeks.waarde.index.str.startswith(("GM", "NL"))].notna().sum()
    if wijken and gemeente_waarden and not wijk_waarden:
        return (
            f"Geen gegevens op de kaart: dit cijfer is {ALLEEN_GEMEENTE}, niet per wijk. "
            "Kies bij 'Wat toont de kaart?' de optie 'Alle gemeenten van Nederland', of zie "
            "de kolom 'Gemeente' in het profiel hieronder."
        )
    redenen = reeks.reden.reindex(codes).fillna(NIET_GELADEN)
    reden = redenen.value_counts().idxmax()
    tabellen = sorted({tabel_voor(v) for k in reeks.indicator.kandidaten for v in k.variabelen()})
    welke = " of ".join(tabellen)
    if reden == GEHEIM:
        return (
            "Geen gegevens op de kaart: het CBS publiceert dit cijfer hier niet, omdat de "
            "aantallen te klein zijn of geheim moeten blijven. Op een hoger niveau (de gemeente) "
            "is er vaak wel een waarde."
        )
    if reden == ONBEKEND:
        return (
            "Geen gegevens op de kaart: de cellen in het CBS-bestand zijn leeg, de waarde is "
            f"onbekend. Een nieuwere of volledige versie van {welke} kan de kaart vullen."
        )
    if reden == TE_KLEIN:
        return (
            "Geen gegevens op de kaart: deze gebieden hebben te weinig inwoners of huishoudens "
            f"(minder dan {MIN_NOEMER}) voor een betrouwbaar cijfer. Kies een groter gebied."
        )
    if reden == ONLEESBAAR:
        return (
            "Geen gegevens op de kaart: de waarden in het bronbestand zijn onleesbaar. "
            f"Vervang het door het originele bestand van {welke}."
        )
    return (
        "Geen gegevens op de kaart: dit cijfer is voor deze gebieden niet aangeleverd in de "
        f"geladen CBS-bestanden. Installeer {welke} met `python -m planner.cbs install` om "
        "de kaart te vullen."
    )
