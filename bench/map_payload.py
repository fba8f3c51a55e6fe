"""Map payload and rerun cost of the Wijkprofiel: ours versus a naive folium page.

Naive: ``folium.GeoJson`` of the loaded boundary frame (all columns + the value), built and
handed to ``st_folium`` on every rerun (``bench/naive.py``). Both are measured the same way
in the same run:

1. bytes of one map as the page sends it, raw and deflated (what the websocket's
   permessage-deflate sends), and for ours the static files the browser fetches once;
2. server time per rerun of the whole page through app.py (AppTest, median): no change,
   another indicator, another wijk, and a wijk in another gemeente in the national view;
3. live: a real server per variant, one websocket session, a click on a wijk in another
   gemeente of the national wijken map: bytes on the wire (counted after compression)
   and seconds until the page settled.

Run: PREVENTIEKAART_DATA_DIR=../shared/data/cbs .venv/bin/python bench/map_payload.py
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from naive import naive_map, naive_page
from stclient import Sessie, Teller

from planner import assets, maps
from planner.settings import PROJECT_ROOT, Settings
from planner.wijken import indicators, weergave
from planner.wijken.cbs import load_cbs

SCALES = [
    ("Nissewaard (wijken)", "wijken"),
    ("Nederland (gemeenten)", "nl_gemeenten"),
    ("Nederland (alle wijken)", "nl_wijken"),
]
INDICATOR = "laag_inkomen"
KLIK = {  # a wijk in Hellevoetsluis while Nissewaard is chosen
    "last_object_clicked": {"lat": 51.82, "lng": 4.13},
    "last_active_drawing": {
        "type": "Feature",
        "id": "WK199200",
        "properties": {"code": "WK199200"},
        "geometry": None,
    },
}


def deflated(b: bytes) -> int:
    """Bytes after raw deflate with a sync flush: what permessage-deflate puts on the wire."""
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    return len(c.compress(b) + c.flush(zlib.Z_SYNC_FLUSH))


def frames(settings):
    import geopandas as gpd

    return {
        "wijk": gpd.read_file(settings.data_dir / "geo" / "wijk_2024_wgs84.geojson"),
        "gemeente": gpd.read_file(settings.data_dir / "geo" / "gemeente_2025_wgs84.geojson"),
    }


def sizes(data, raw) -> list[dict]:
    reeks = indicators.alle_reeksen(data)[INDICATOR]
    rows = []
    for label, schaal in SCALES:
        areas = weergave.gebieden(data, schaal, "GM1930")
        codes = list(areas["code"])
        geom = maps.prepare_geometry(weergave.grenzen(data, schaal, "GM1930"))
        m = maps.choropleth(
            geom,
            weergave.kaart_waarden(reeks, codes),
            indicators.klassen(reeks.waarde.reindex(codes)),
            weergave.tooltips(data, reeks, areas),
            weergave.TOOLTIP_ALIASES,
            tiles="geen",
        )
        ours = m.get_root().render().encode()
        laag = maps.gebieden_laag(m)
        files = [
            (assets.KAARTDATA_DIR / b.url.rsplit("/", 1)[1]).read_bytes()
            for b in (laag.geo.bron, laag.info)
        ]
        frame = raw["gemeente"] if schaal == "nl_gemeenten" else raw["wijk"]
        frame = frame[frame["statcode"].isin(codes)]
        frame = frame.assign(waarde=reeks.waarde.reindex(frame["statcode"]).to_numpy())
        naive = naive_map(frame).get_root().render().encode()
        rows.append(
            dict(
                label=label,
                n=len(codes),
                ours=len(ours),
                ours_w=deflated(ours),
                files=sum(len(f) for f in files),
                files_w=sum(deflated(f) for f in files),
                naive=len(naive),
                naive_w=deflated(naive),
            )
        )
    return rows


def _ms(fn, keys) -> float:
    tijden = []
    for k in keys:
        t = time.perf_counter()
        fn(k)
        tijden.append((time.perf_counter() - t) * 1000)
    return statistics.median(tijden)


def reruns(schaal: str) -> dict[str, float]:
    import streamlit as st
    import streamlit.testing.v1.app_test as app_test
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import AppTest

    # AppTest compiles the page on every run; a server keeps the bytecode. Share one cache
    # so the figure is the page's own server time.
    gedeeld = ScriptCache()
    app_test.ScriptCache = lambda: gedeeld
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=300).run()
    at.switch_page("pages/wijkprofiel.py").run()
    at.selectbox(key="schaal").select(schaal).run()
    at.run()
    uit = {"rerun": _ms(lambda _k: at.run(), range(5))}
    ind = ["jeugdzorg", "inkomen_per_inwoner", "corporatiewoningen", "dichtheid", INDICATOR]
    uit["indicator"] = _ms(lambda k: at.selectbox(key="indicator").select(k).run(), ind)
    if schaal != "nl_gemeenten":
        wijken = ["WK193012", "WK193001", "WK193005", "WK193006", "WK193002"]
        uit["wijk"] = _ms(lambda k: at.selectbox(key="wijk").select(k).run(), wijken)
    if schaal.startswith("nl_"):
        gms = ["GM1992", "GM0599", "GM0363", "GM0344", "GM1930"]
        uit["gemeente"] = _ms(lambda k: at.selectbox(key="gemeente").select(k).run(), gms)
    if schaal == "nl_wijken":
        # Memory while visiting gemeenten one after another in the national view.
        import re

        opties = at.selectbox(key="gemeente").options
        codes = [m.group(1) for o in opties if (m := re.search(r"\((GM\d+)\)$", o))]
        rss = []
        for i, gm in enumerate(codes[:30]):
            at.selectbox(key="gemeente").select(gm).run()
            if i in (9, 29):
                rss.append(_rss_mb())
        uit["rss_10_30"] = rss
    assert not at.exception, at.exception
    return uit


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


NAIVE_APP = """
import sys
sys.path[:0] = [{root!r}, {bench!r}]
import naive
naive.installeer()
exec(compile(open({app!r}).read(), {app!r}, "exec"))
"""


def live(variant: str, env: dict[str, str]) -> dict[str, float]:
    """One real server, one session: load, national wijken, a click elsewhere (x3)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app = PROJECT_ROOT / "app.py"
    cwd = PROJECT_ROOT
    env = dict(env, PYTHONPATH=f"{PROJECT_ROOT}{os.pathsep}{PROJECT_ROOT / 'bench'}")
    if variant == "naïef":
        cwd = Path(tempfile.mkdtemp())
        for name in ("pages", "static", ".streamlit"):
            (cwd / name).symlink_to(PROJECT_ROOT / name)
        app = cwd / "naive_app.py"
        app.write_text(
            NAIVE_APP.format(
                root=str(PROJECT_ROOT),
                bench=str(PROJECT_ROOT / "bench"),
                app=str(PROJECT_ROOT / "app.py"),
            )
        )
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(app), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        return asyncio.run(_live_sessie(port))
    finally:
        proc.terminate()
        proc.wait(30)


async def _live_sessie(port: int) -> dict[str, float]:
    import urllib.request

    for _ in range(240):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2)
            break
        except OSError:
            await asyncio.sleep(0.5)
    teller = Teller(port)
    s = Sessie(f"ws://127.0.0.1:{await teller.start()}/_stcore/stream", page="wijkprofiel")
    await s.connect()
    await s.run()
    s.set_string("Wat toont de kaart?", weergave.SCHALEN["nl_wijken"])
    await s.run()
    gm = s.widgets["Gemeente (typ om te zoeken)"][0]
    wire, tijd = [], []
    for wijk in ("WK199200", "WK059901", "WK036301", "WK034401"):
        # back to Nissewaard first (not counted), then the click into another gemeente
        s.set_string("Gemeente (typ om te zoeken)", "Nissewaard (GM1930)")
        await s.run()
        s.state.pop(gm, None)
        klik = dict(KLIK, last_active_drawing=dict(KLIK["last_active_drawing"], id=wijk))
        klik["last_active_drawing"]["properties"] = {"code": wijk}
        klik["last_object_clicked"] = {"lat": 52.0 + len(wire) / 100, "lng": 4.5}
        s.set_component(klik)
        voor = teller.down
        r = await s.run()
        wire.append(teller.down - voor)
        tijd.append(r.seconds * 1000)
    await s.close()
    await teller.stop()
    return {"wire": statistics.median(wire[1:]), "ms": statistics.median(tijd[1:])}


def main() -> None:
    os.environ.setdefault("PREVENTIEKAART_DATA_DIR", str(PROJECT_ROOT.parent / "shared/data/cbs"))
    os.environ.setdefault("PREVENTIEKAART_HOME", tempfile.mkdtemp())
    os.environ["PREVENTIEKAART_TILES"] = "geen"
    settings = Settings.from_env()
    data = load_cbs(settings)
    raw = frames(settings)

    print("\nBytes van één kaart (deflate = wat de gecomprimeerde websocket verstuurt)")
    print(
        f"{'gebied':26} {'n':>5} {'ons':>9} {'ons defl':>9} {'bestanden':>10} {'best. defl':>10}"
        f" {'naïef':>10} {'naïef defl':>10} {'ons/naïef defl':>15}"
    )
    for r in sizes(data, raw):
        print(
            f"{r['label']:26} {r['n']:5d} {r['ours']:9,d} {r['ours_w']:9,d} {r['files']:10,d}"
            f" {r['files_w']:10,d} {r['naive']:10,d} {r['naive_w']:10,d}"
            f" {r['ours_w'] / r['naive_w']:14.1%}"
        )
    print("(bestanden: geometrie + waarden, één keer per browser opgehaald en bewaard)")

    print("\nServertijd per rerun van het hele Wijkprofiel via app.py (AppTest, mediaan, ms)")
    kinds = ["rerun", "indicator", "wijk", "gemeente"]
    print(f"{'gebied':26} {'variant':8} " + " ".join(f"{k:>10}" for k in kinds))
    for label, schaal in SCALES:
        ons = reruns(schaal)
        with naive_page(raw):
            naief = reruns(schaal)
        for variant, r in (("ons", ons), ("naïef", naief)):
            cells = " ".join(f"{r[k]:10.0f}" if k in r else f"{'–':>10}" for k in kinds)
            print(f"{label:26} {variant:8} {cells}")
            if "rss_10_30" in r:
                a, b = r["rss_10_30"]
                print(f"{'':26} {variant:8} RSS na 10 gemeenten {a:.0f} MB, na 30: {b:.0f} MB")

    print("\nLive: klik op een wijk in een andere gemeente, alle wijken van NL (mediaan van 3)")
    env = dict(os.environ)  # the same home: the CBS cache written above is reused
    for variant in ("ons", "naïef"):
        r = live(variant, env)
        print(
            f"{variant:8} {r['wire']:10,.0f} bytes op de lijn"
            f"  {r['ms']:8.0f} ms tot de pagina klaarstaat"
        )


if __name__ == "__main__":
    main()
