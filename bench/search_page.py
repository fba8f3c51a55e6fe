"""Server time per rerun of "Waar verwijs ik naar?" at 200 and 10,000 services, ours vs naive.

Both variants run the whole page through app.py (AppTest, the same process, the same
store): ours (markers as one data layer, made once per result set) and a naive page that
builds a folium.Marker per result and hands it to st_folium on every rerun. Prints the
median of each kind of rerun and the ratio 10,000 / 200. Asserts nothing.

Run: PREVENTIEKAART_DATA_DIR=../shared/data/cbs .venv/bin/python bench/search_page.py
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kaartgen import vul_store
from naive import naive_page

from planner.settings import PROJECT_ROOT

AANTALLEN = (200, 10_000)
WOORDEN = ["opvoeden", "gezin", "schulden", "jongeren", "huiselijk geweld", "training"]


def _ms(fn, n: int) -> float:
    tijden = []
    for i in range(n):
        t = time.perf_counter()
        fn(i)
        tijden.append((time.perf_counter() - t) * 1000)
    return statistics.median(tijden)


def meet(variant: str) -> dict[str, float]:
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
    at.switch_page("pages/verwijzen.py").run()
    at.run()  # warm: index built, first map made
    assert not at.exception, at.exception
    uit = {"rerun": _ms(lambda _i: at.run(), 7)}
    import ui
    from planner.kaart.search import Zoekvraag, search

    index, _ = ui.kaart_index()
    uit["search()"] = _ms(lambda _i: search(index, Zoekvraag(), date.today(), 60), 7)
    uit["zoekwoord"] = _ms(lambda i: at.text_input(key="tekst").input(WOORDEN[i]).run(), 6)
    at.text_input(key="tekst").input("").run()
    uit["filter"] = _ms(lambda i: at.checkbox(key="gratis").set_value(i % 2 == 0).run(), 6)
    assert not at.exception, at.exception
    return uit


def main() -> None:
    os.environ.setdefault("PREVENTIEKAART_DATA_DIR", str(PROJECT_ROOT.parent / "shared/data/cbs"))
    os.environ["PREVENTIEKAART_TILES"] = "geen"
    rows: dict[tuple[str, int], dict[str, float]] = {}
    for n in AANTALLEN:
        home = tempfile.mkdtemp()
        os.environ["PREVENTIEKAART_HOME"] = home
        os.environ["DATABASE_URL"] = f"sqlite:///{home}/store.db"
        vul_store(os.environ["DATABASE_URL"], n)
        rows[("ons", n)] = meet("ons")
        with naive_page():
            rows[("naïef", n)] = meet("naïef")
    print("\nServertijd per rerun van 'Waar verwijs ik naar?' (AppTest via app.py, mediaan, ms)")
    kinds = ["rerun", "zoekwoord", "filter", "search()"]
    print(f"{'variant':8} {'diensten':>9} " + " ".join(f"{k:>10}" for k in kinds))
    for (variant, n), r in rows.items():
        print(f"{variant:8} {n:9,d} " + " ".join(f"{r[k]:10.0f}" for k in kinds))
    for variant in ("ons", "naïef"):
        ratio = " ".join(
            f"{rows[(variant, AANTALLEN[-1])][k] / rows[(variant, AANTALLEN[0])][k]:9.1f}x"
            for k in kinds
        )
        print(f"{variant:8} {'10k/200':>9} {ratio}")


if __name__ == "__main__":
    main()
