"""Wijkprofiel coverage: which map combinations render, and how many areas have a value.

    .venv/bin/python scripts/dekking.py            # every gemeente × scale × indicator
    .venv/bin/python scripts/dekking.py --snel     # a sample of gemeenten (seconds)

For every scale the Wijkprofiel offers, every indicator, and every gemeente (or a sample
with the least data), it builds what the page builds (map input, legend, folium map) and
counts the combinations that raise. Then it prints, per indicator, how many of the 342
gemeenten and 3,393 wijken have a value, and how many maps are wholly "geen gegevens".
Prints only; asserts nothing.
"""

from __future__ import annotations

import sys
import time
import traceback
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from planner import maps
from planner.settings import Settings
from planner.wijken import indicators, weergave
from planner.wijken.cbs import load_cbs

STEEKPROEF = ("GM1930", "GM1992", "GM0088", "GM0363", "GM1896", "GM0193")


def main(argv: list[str]) -> int:
    snel = "--snel" in argv
    t0 = time.perf_counter()
    data = load_cbs(Settings.from_env())
    reeksen = indicators.alle_reeksen(data)
    print(f"CBS-gegevens geladen in {time.perf_counter() - t0:.1f} s")
    gemeenten = [g for g in STEEKPROEF if g in set(data.gemeenten["code"])] if snel else None
    gemeenten = gemeenten or data.gemeente_codes()
    geometrie: dict[tuple[str, str], dict] = {}
    gelukt = mislukt = leeg = 0
    fouten: Counter[str] = Counter()
    leeg_per: Counter[str] = Counter()
    t1 = time.perf_counter()
    for schaal in weergave.schalen(data):
        landelijk = schaal.startswith("nl_")
        for gm in ["GM1930"] if landelijk else gemeenten:
            sleutel = (schaal, "" if landelijk else gm)
            if sleutel not in geometrie:
                geometrie[sleutel] = maps.prepare_geometry(weergave.grenzen(data, schaal, gm))
            for ind_id, reeks in reeksen.items():
                try:
                    k = weergave.kaart_invoer(data, reeks, schaal, gm)
                    if not landelijk or ind_id == "laag_inkomen":  # national maps are large
                        maps.choropleth(
                            geometrie[sleutel],
                            k.waarden,
                            k.breaks,
                            k.tooltips,
                            weergave.TOOLTIP_ALIASES,
                            tiles="geen",
                        )
                    gelukt += 1
                    if getattr(k, "leeg", None):
                        leeg += 1
                        leeg_per[ind_id] += 1
                except Exception as exc:  # counted, not raised: this is a measurement
                    mislukt += 1
                    fouten[f"{type(exc).__name__}: {exc}"[:120]] += 1
                    if mislukt == 1:
                        traceback.print_exc()
    totaal = gelukt + mislukt
    print(
        f"\nKaartcombinaties (schaal × gemeente × indicator): {gelukt} van {totaal} getoond, "
        f"{mislukt} met een fout; {leeg} volledig 'geen gegevens' (met uitleg). "
        f"{len(gemeenten)} gemeenten, {time.perf_counter() - t1:.1f} s"
    )
    for tekst, n in fouten.most_common(5):
        print(f"  {n}× {tekst}")

    n_gm = len(data.gemeenten)
    n_wk = len(data.wijken)
    gm_codes = list(data.gemeenten["code"])
    wk_codes = list(data.wijken["code"])
    print(f"\nDekking per indicator (van {n_gm} gemeenten en {n_wk} wijken)")
    print(f"{'indicator':<26} {'gemeenten':>9} {'wijken':>7} {'lege kaarten':>13}  reden (meest)")
    for ind_id, reeks in reeksen.items():
        gm_n = int(reeks.waarde.reindex(gm_codes).notna().sum())
        wk_n = int(reeks.waarde.reindex(wk_codes).notna().sum())
        redenen = reeks.reden.reindex(wk_codes).dropna()
        top = redenen.value_counts().idxmax() if not redenen.empty else "–"
        print(f"{ind_id:<26} {gm_n:>9} {wk_n:>7} {leeg_per[ind_id]:>13}  {top}")
    return 1 if mislukt else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
