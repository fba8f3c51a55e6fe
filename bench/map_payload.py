"""Map payload and rerun cost: ours versus a naive folium.GeoJson of the loaded frame.

Prints, for Nissewaard's wijken, all gemeenten of NL and all wijken of NL:
- raw bytes of the map HTML and bytes on the wire (gzip, as Streamlit's websocket
  compression sends it), ours and naive, and their ratio;
- seconds to build the map (ours: geometry prepared once, then per indicator);
- server seconds per Streamlit rerun of the Wijkprofiel page (AppTest), for a rerun that
  changes no map input and one that switches the indicator; naive: building and rendering
  the naive map, which a page without caching does on every rerun.

Run: PREVENTIEKAART_DATA_DIR=../shared/data/cbs .venv/bin/python bench/map_payload.py
"""

from __future__ import annotations

import gzip
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from planner import maps
from planner.settings import PROJECT_ROOT, Settings
from planner.wijken import indicators, weergave
from planner.wijken.cbs import load_cbs

SCALES = [
    ("Nissewaard (wijken)", "wijken"),
    ("Nederland (gemeenten)", "nl_gemeenten"),
    ("Nederland (alle wijken)", "nl_wijken"),
]
INDICATOR = "laag_inkomen"


def timed(fn, repeat: int = 3):
    times = []
    out = None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return out, statistics.median(times)


def map_html(m) -> bytes:
    return m.get_root().render().encode("utf-8")


def main() -> None:
    os.environ.setdefault("PREVENTIEKAART_DATA_DIR", str(PROJECT_ROOT.parent / "shared/data/cbs"))
    os.environ.setdefault("PREVENTIEKAART_HOME", tempfile.mkdtemp())
    os.environ["PREVENTIEKAART_TILES"] = "geen"
    settings = Settings.from_env()
    data = load_cbs(settings)
    reeksen = indicators.alle_reeksen(data)
    reeks = reeksen[INDICATOR]
    import geopandas as gpd

    raw_wijk = gpd.read_file(settings.data_dir / "geo" / "wijk_2024_wgs84.geojson")
    raw_gem = gpd.read_file(settings.data_dir / "geo" / "gemeente_2025_wgs84.geojson")
    rows = []
    for label, schaal in SCALES:
        areas = weergave.gebieden(data, schaal, "GM1930")
        codes = list(areas["code"])
        gdf = (
            data.gemeenten
            if schaal == "nl_gemeenten"
            else data.wijken[data.wijken["code"].isin(codes)]
        )
        geom, t_geom = timed(lambda gdf=gdf: maps.prepare_geometry(gdf), 1)

        def ours(geom=geom, codes=codes, areas=areas):
            m = maps.choropleth(
                geom,
                weergave.kaart_waarden(reeks, codes),
                indicators.klassen(reeks.waarde.reindex(codes)),
                weergave.tooltips(data, reeks, areas),
                weergave.TOOLTIP_ALIASES,
                tiles="geen",
            )
            return map_html(m)

        def naive(codes=codes, schaal=schaal):
            # The loaded boundary frame with all its columns, plus the indicator value.
            frame = (
                raw_gem if schaal == "nl_gemeenten" else raw_wijk[raw_wijk["statcode"].isin(codes)]
            )
            frame = frame.assign(waarde=reeks.waarde.reindex(frame["statcode"]).to_numpy())
            return map_html(maps.naive_map(frame))

        ours_html, t_ours = timed(ours)
        naive_html, t_naive = timed(naive)
        rows.append(
            dict(
                label=label,
                n=len(codes),
                t_geom=t_geom,
                ours_raw=len(ours_html),
                ours_gz=len(gzip.compress(ours_html, 6)),
                t_ours=t_ours,
                naive_raw=len(naive_html),
                naive_gz=len(gzip.compress(naive_html, 6)),
                t_naive=t_naive,
            )
        )

    print("\nKaart-HTML: onze choropleth versus naïeve folium.GeoJson van het geladen frame")
    print(
        f"{'gebied':26} {'n':>5} {'ons raw':>10} {'ons gzip':>10} {'naïef raw':>11} "
        f"{'naïef gzip':>11} {'gzip/naïef raw':>15} {'bouw ons s':>11} {'naïef s':>8}"
    )
    for r in rows:
        print(
            f"{r['label']:26} {r['n']:5d} {r['ours_raw']:10,d} {r['ours_gz']:10,d} "
            f"{r['naive_raw']:11,d} {r['naive_gz']:11,d} "
            f"{r['ours_gz'] / r['naive_raw']:14.1%} {r['t_ours']:11.3f} {r['t_naive']:8.3f}"
        )
    print(
        "(geometrie één keer voorbereiden: "
        + ", ".join(f"{r['label']} {r['t_geom']:.2f} s" for r in rows)
        + ")"
    )

    reruns(rows)


def reruns(rows) -> None:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    print("\nServertijd per Streamlit-rerun van het Wijkprofiel (AppTest, mediaan van 5)")
    print(
        f"{'gebied':26} {'rerun zonder kaartwijziging':>28} {'nieuwe indicator':>17} "
        f"{'andere wijk kiezen':>19} {'naïef per rerun':>16} {'verhouding':>11}"
    )
    for r, (_label, schaal) in zip(rows, SCALES, strict=True):
        st.cache_data.clear()
        st.cache_resource.clear()
        at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=300).run()
        at.switch_page("pages/wijkprofiel.py").run()
        at.selectbox(key="schaal").select(schaal).run()
        at.run()  # warm
        same = []
        for _ in range(5):
            t = time.perf_counter()
            at.run()
            same.append(time.perf_counter() - t)
        switch = []
        # Each indicator once: the first time it is shown, so its map is really built.
        for ind in (
            "jeugdzorg",
            "inkomen_per_inwoner",
            "corporatiewoningen",
            "dichtheid",
            "jeugdzorg_eenouder",
        ):
            t = time.perf_counter()
            at.selectbox(key="indicator").select(ind).run()
            switch.append(time.perf_counter() - t)
        kies = []
        for wijk in ("WK193012", "WK193001", "WK193005", "WK193006", "WK193002"):
            t = time.perf_counter()
            at.selectbox(key="wijk").select(wijk).run()
            kies.append(time.perf_counter() - t)
        assert not at.exception, at.exception
        m_same = statistics.median(same)
        print(
            f"{r['label']:26} {m_same * 1000:25.0f} ms {statistics.median(switch) * 1000:14.0f}"
            f" ms {statistics.median(kies) * 1000:16.0f} ms {r['t_naive'] * 1000:13.0f} ms"
            f" {m_same / r['t_naive']:10.1%}"
        )


if __name__ == "__main__":
    main()
