"""Streamlit glue shared by pages: cached loaders and widgets. No domain logic here."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from planner import maps
from planner.settings import Settings
from planner.wijken import indicators
from planner.wijken.cbs import CbsData, CbsDataError, data_versie, load_cbs

VEILIG_THUIS = "0800-2000"


def _navigatie_via_app() -> None:
    """Make a deep link (e.g. /wijkprofiel) run app.py's st.navigation, not the bare page.

    Streamlit 1.67 starts a fresh server in its old multipage mode when a ``pages/`` folder
    exists, until app.py has called st.navigation once; a first visitor arriving on a deep
    link would then get the page without sidebar and page config. Switching the flag and
    rerunning lets app.py resolve the same URL.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


_navigatie_via_app()


@st.cache_resource
def settings() -> Settings:
    return Settings.from_env()


def sidebar() -> None:
    """Help numbers stay visible on every page, whatever a user is doing."""
    with st.sidebar:
        st.markdown(
            f"**Zorgen over een kind of gezin?**  \n"
            f"Veilig Thuis: **{VEILIG_THUIS}** (gratis, 24/7)  \n"
            f"Acuut gevaar: **112**"
        )


# ----------------------------------------------------------------------------- CBS data
# Parsed once per process (and from the on-disk cache after a restart): a widget change
# never re-reads a file or re-converts geometry.


@st.cache_resource(show_spinner="CBS-gegevens laden…")
def _cbs(data_dir: str, home: str, versie: str = "") -> CbsData:
    return load_cbs(settings())


def cbs() -> CbsData | None:
    """The CBS data, or None after showing a Dutch message that says how to fix it."""
    s = settings()
    try:
        return _cbs(str(s.data_dir), str(s.home), data_versie(s.data_dir))
    except CbsDataError as exc:
        st.error(f"De CBS-gegevens kunnen niet worden geladen. {exc}")
        st.markdown(
            "Zo lost u het op: zet de omgevingsvariabele `PREVENTIEKAART_DATA_DIR` op de map "
            "met de CBS-bestanden, of voer `python -m planner.cbs install` uit. "
            "Zie de README voor de bestanden die nodig zijn."
        )
        return None


def data_key() -> str:
    """Cache key for everything derived from the CBS data: changes when the data changes."""
    s = settings()
    return f"{s.data_dir}#{data_versie(s.data_dir)}"


@st.cache_resource
def reeksen(data_dir: str) -> tuple[dict[str, indicators.Reeks], dict[str, pd.Series]]:
    data = cbs()
    assert data is not None
    rs = indicators.alle_reeksen(data)
    return rs, {k: indicators.positie_nl(r) for k, r in rs.items()}


@st.cache_resource
def geometrie(data_dir: str, schaal: str, gemeentecode: str) -> dict:
    """Prepared GeoJSON per area set; shared by every indicator and every session."""
    from planner.wijken.weergave import grenzen

    data = cbs()
    assert data is not None
    return maps.prepare_geometry(grenzen(data, schaal, gemeentecode))


def map_assets_ok() -> bool:
    """Tell the user how to install the map files instead of showing a blank map."""
    from planner import assets

    missing = assets.missing_assets()
    if missing:
        st.error(
            "De kaartbestanden (Leaflet) ontbreken, daarom kan de kaart niet worden getoond. "
            "Voer `python -m planner.assets install` uit (of `bash scripts/setup.sh`)."
        )
    return not missing


# ----------------------------------------------------------------------------- sociale kaart
# One engine per database URL; the search index is rebuilt only when the kaart changed
# (the newest audit entry moves with every save, import and waiting time).


@st.cache_resource
def _kaart_engine(url: str):
    from planner.kaart.io import ImportGeweigerd
    from planner.kaart.voorbeeld import seed_if_empty
    from planner.store import open_store

    engine = open_store(url)
    try:
        seed_if_empty(engine, gebieden=kaart_gebieden())
    except ImportGeweigerd as exc:  # the app must still open; the page says the kaart is empty
        import logging

        logging.getLogger(__name__).error("Voorbeeldkaart niet geladen: %s", exc)
    return engine


def kaart_engine():
    """The store of the sociale kaart, migrated; an empty store gets the sample kaart."""
    return _kaart_engine(settings().database_url)


@st.cache_resource(max_entries=2)
def _kaart_index(url: str, versie: int):
    from planner.kaart import repository
    from planner.kaart.search import Zoekindex

    diensten = repository.list_services(_kaart_engine(url), alleen_actief=True)
    return Zoekindex.bouw(diensten), any(d.service.voorbeeld for d in diensten)


def kaart_index():
    """(Zoekindex, holds sample data?) for the current state of the kaart."""
    from planner.kaart import beheer

    url = settings().database_url
    return _kaart_index(url, beheer.kaart_versie(_kaart_engine(url)))


@st.cache_resource
def _gebiedsnamen(data_dir: str, home: str) -> tuple[dict[str, str], dict[str, list[str]]]:
    try:
        data = _cbs(data_dir, home, data_versie(Path(data_dir)))
    except CbsDataError:
        return {}, {}
    gm, wk = data.gemeenten, data.wijken
    namen = {str(c): str(n) for c, n in zip(gm["code"], gm["naam"], strict=True)}
    namen |= {str(c): str(n) for c, n in zip(wk["code"], wk["naam"], strict=True)}
    per_gemeente: dict[str, list[str]] = {}
    for code, gemeente in zip(wk["code"], wk["gemeentecode"], strict=True):
        per_gemeente.setdefault(str(gemeente), []).append(str(code))
    return namen, per_gemeente


def gebiedsnamen() -> tuple[dict[str, str], dict[str, list[str]]]:
    """Names of gemeenten/wijken and the wijken per gemeente; empty without CBS data."""
    s = settings()
    return _gebiedsnamen(str(s.data_dir), str(s.home))


def kaart_gebieden():
    """Gemeente/wijk centroids for import (check codes, place rows); None without CBS data."""
    from planner.kaart.geocode import load_gebieden

    try:
        return load_gebieden(settings().data_dir)
    except (OSError, ValueError):
        return None


# ----------------------------------------------------------------------------- preventieplan


@st.cache_resource(show_spinner=False)
def _plan_store(database_url: str):
    from planner.store import open_store

    return open_store(database_url)


def plan_store():
    """The migrated store the planner saves plans in (shared by every session)."""
    return _plan_store(settings().database_url)


@st.cache_resource(show_spinner="Situatie samenvatten…")
def plan_stap1(data_dir: str, gemeentecodes: tuple[str, ...]):
    from planner.plan.adapters import stap1

    data = cbs()
    assert data is not None
    return stap1(data, list(gemeentecodes), reeksen(data_dir)[0])


@st.cache_data(show_spinner="Kaart tekenen…", max_entries=32)
def plan_kaart_png(
    data_dir: str, gemeentecodes: tuple[str, ...], signaal: tuple[str, ...], titel: str, groot: bool
) -> bytes:
    from planner.plan.grafiek import kaart_png

    data = cbs()
    assert data is not None
    wijken = data.wijken[data.wijken["gemeentecode"].isin(gemeentecodes)]
    return kaart_png(wijken, signaal, titel, groot=groot)


@st.cache_data(show_spinner=False, max_entries=256)
def plan_monitor_png(indicator, titel: str, groot: bool = False) -> bytes:
    """Charts are redrawn only when an indicator changes, not on every widget change."""
    from planner.plan.grafiek import monitor_png

    return monitor_png(indicator, titel, groot)


@st.cache_data(show_spinner=False)
def plan_registratie_png(huidige_gemeenten: bool, groot: bool = False) -> bytes:
    from planner.plan import grafiek, registraties

    vergelijking = registraties.grafiekrijen(huidige_gemeenten)
    return grafiek.registratie_png(vergelijking, groot, bron=registraties.GRAFIEK_BRON)


def plan_diensten():
    """Services from the sociale kaart as planner records, plus how many lack trede/level."""
    from planner.plan.adapters import diensten_uit_kaart

    try:
        from planner.kaart.repository import load_kaart

        services = load_kaart(kaart_engine()).services  # seeds the sample kaart when empty
    except Exception as exc:  # the sociale kaart may be absent or mid-migration
        st.warning(f"De sociale kaart kon niet worden gelezen ({type(exc).__name__}).")
        return [], 0
    return diensten_uit_kaart(services)


# ----------------------------------------------------------------------------- maps
# st_folium re-renders a folium map to HTML/JS on every rerun (for all Dutch wijken that is
# ~1.4 MB of GeoJSON serialised again). The component arguments only depend on the map's
# inputs, so we build them once per input set and hand the cached arguments to the same
# streamlit-folium component. Pinned to streamlit-folium 0.27.4 (requirements.txt); the
# browser test checks the polygons really appear.


def _component_args(m, returned_objects: list[str]) -> dict:
    import streamlit_folium as sf

    m.get_root().render()
    m.render()
    leaflet = sf._get_map_string(m)
    css_links: list[str] = []
    js_links: list[str] = []

    def walk(el):
        css_links.extend(u for _, u in getattr(el, "default_css", []))
        js_links.extend(u for _, u in getattr(el, "default_js", []))
        for child in getattr(el, "_children", {}).values():
            walk(child)

    walk(m)
    (s, w), (n, e) = m.get_bounds()
    return dict(
        script=leaflet,
        header=sf._get_header(m),
        html=sf._get_html(m),
        id=sf.get_full_id(m),
        map_id=m._id,
        hash=sf.generate_js_hash(leaflet, None, False),
        default={
            k: v
            for k, v in {
                "last_active_drawing": None,
                "last_object_clicked": None,
                "bounds": {"_southWest": {"lat": s, "lng": w}, "_northEast": {"lat": n, "lng": e}},
                "zoom": m.options.get("zoom"),
            }.items()
            if k in returned_objects
        },
        css_links=list(dict.fromkeys(css_links)),
        js_links=list(dict.fromkeys(js_links)),
    )


@st.cache_resource(max_entries=48, show_spinner=False)
def _cached_component_args(cache_key: str, returned: tuple[str, ...], _build) -> dict:
    return _component_args(_build(), list(returned))


def folium_map(
    cache_key: str,
    build,
    *,
    key: str,
    height: int = 560,
    returned_objects: tuple[str, ...] = ("last_active_drawing",),
    laag=None,
) -> dict | None:
    """Show a folium map built by ``build()``; rebuilt only when ``cache_key`` changes.

    ``returned_objects`` limits what a map interaction sends back, so panning or zooming
    does not rerun the page. ``laag`` (a folium.FeatureGroup, e.g. the chosen wijk's
    outline) is added to the live map without rebuilding or re-sending the base map.
    """
    import hashlib

    import folium
    import streamlit_folium as sf

    args = _cached_component_args(cache_key, tuple(returned_objects), build)
    hash_key = hashlib.sha256(f"{args['hash']}|{key}".encode()).hexdigest()
    feature_group = None
    if laag is not None:
        host = folium.Map(tiles=None)
        host._id = args["map_id"]
        feature_group = sf._get_feature_group_string(laag, host)
    return sf._component_func(
        script=args["script"],
        header=args["header"],
        html=args["html"],
        id=args["id"],
        key=hash_key,
        height=height,
        width=None,
        returned_objects=list(returned_objects),
        default=args["default"],
        zoom=None,
        center=None,
        feature_group=feature_group,
        return_on_hover=False,
        layer_control=None,
        pixelated=False,
        css_links=args["css_links"],
        js_links=args["js_links"],
        wrap_longitude=False,
    )


@st.cache_resource(max_entries=32, show_spinner=False)
def wijk_download_tabel(data_dir: str, gemeentecode: str) -> pd.DataFrame:
    """The all-wijken table of a gemeente: computed once, not on every widget change."""
    from planner.wijken.weergave import download_tabel

    data = cbs()
    assert data is not None
    rs, _ = reeksen(data_dir)
    return download_tabel(data, data.wijken_van(gemeentecode), rs)


@st.cache_resource(max_entries=64, show_spinner=False)
def kaart_invoer(data_dir: str, schaal: str, gemeentecode: str, indicator_id: str):
    from planner.wijken.weergave import kaart_invoer as build

    data = cbs()
    assert data is not None
    rs, _ = reeksen(data_dir)
    return build(data, rs[indicator_id], schaal, gemeentecode)


def gebied_geometrie(data_dir: str, code: str | None) -> dict | None:
    """The prepared geometry of one wijk or gemeente (for the chosen-area outline)."""
    if not code:
        return None
    schaal, gm = ("nl_gemeenten", "") if code.startswith("GM") else ("wijken", "GM" + code[2:6])
    for feat in geometrie(data_dir, schaal, gm)["features"]:
        if feat["id"] == code:
            return feat["geometry"]
    return None


# ----------------------------------------------------------------------------- toegankelijkheid

_STATIC = Path(__file__).parent / "static"


@st.cache_resource
def _nl_component():
    return st.components.v2.component(
        "preventiekaart_nl",
        js=(_STATIC / "toegankelijkheid.js").read_text(encoding="utf-8"),
        css=(_STATIC / "toegankelijkheid.css").read_text(encoding="utf-8"),
        isolate_styles=False,
    )


def toegankelijkheid() -> None:
    """lang="nl", Dutch Streamlit widget texts, contrast and focus styles (WCAG 2.1 AA).

    Streamlit's page shell says lang="en" and its widgets speak English whatever the app
    says; a components.v2 script in the page itself (no iframe) fixes both on every page.
    """
    _nl_component()(key="preventiekaart-nl")


@st.cache_resource
def _dia_component():
    return st.components.v2.component(
        "preventiekaart_dia",
        html='<button class="volledig" type="button">Volledig scherm (F)</button>',
        css=(
            "button.volledig{width:100%;min-height:2.5rem;font:inherit;border:1px solid #555;"
            "border-radius:0.5rem;background:#fff;color:#2f2d2b;cursor:pointer}"
            "button.volledig:focus-visible{outline:3px solid #1f4e79;outline-offset:2px}"
        ),
        js=(_STATIC / "presentatie.js").read_text(encoding="utf-8"),
    )


def presentatie_toetsen() -> None:
    """Presenter keys (arrows, PageDown/PageUp of a clicker, Space, Home/End, F) and full screen."""
    _dia_component()(key="presentatie-toetsen", height=48)
