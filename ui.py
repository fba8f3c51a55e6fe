"""Streamlit glue shared by pages: cached loaders and widgets. No domain logic here."""

from __future__ import annotations

import streamlit as st


def _alleen_via_app(*, bij_import: bool = False) -> None:
    """Never run a screen in Streamlit's legacy ``pages/`` mode: rerun it through app.py.

    Streamlit 1.67 starts every fresh server process in its legacy multipage mode when a
    ``pages/`` folder sits next to app.py, until some run has called st.navigation. The
    first visitor to a deep link (e.g. /wijkprofiel) would then get the bare screen,
    without app.py's navigation, page config and error net. Every screen imports ui first,
    so switching the flag here, before the slow imports below, and rerunning lets app.py
    resolve the same URL. app.py calls this again on each run (the module runs only once).

    During the import of ui the rerun is only queued, never raised: an exception would
    abort the import, and another session importing ui at that moment (a cold process
    with many visitors) would keep the half-initialised module (``ui`` without ``cbs``).
    The page's next Streamlit call then ends the run and app.py takes over.
    """
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if not (PagesManager.uses_pages_directory and ctx is not None):
        return
    PagesManager.uses_pages_directory = False
    if not bij_import:
        st.rerun()
    if ctx.script_requests is not None:
        from streamlit.runtime.scriptrunner_utils.script_requests import RerunData

        ctx.script_requests.request_rerun(
            RerunData(
                query_string=ctx.query_string,
                page_script_hash=ctx.page_script_hash,
                cached_message_hashes=ctx.cached_message_hashes,
                context_info=ctx.context_info,
            )
        )


_alleen_via_app(bij_import=True)

import logging  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import TYPE_CHECKING  # noqa: E402

import pandas as pd  # noqa: E402

from planner import maps  # noqa: E402
from planner.settings import Settings  # noqa: E402
from planner.wijken import indicators  # noqa: E402
from planner.wijken.cbs import CbsData, CbsDataError, data_versie, load_cbs  # noqa: E402

if TYPE_CHECKING:
    from streamlit.navigation.page import StreamlitPage

VEILIG_THUIS = "0800-2000"


@st.cache_resource
def settings() -> Settings:
    return Settings.from_env()


HULPBALK = (
    '<div class="pk-hulpbalk" role="note" aria-label="Hulpnummers">'
    '<strong>Acuut gevaar?</strong> Bel <a href="tel:112">112</a>. '
    "<strong>Zorgen over een kind of gezin?</strong> Veilig Thuis: "
    f'<a href="tel:{VEILIG_THUIS.replace("-", "")}">{VEILIG_THUIS}</a> (gratis, 24/7)'
    "</div>"
    "<style>.pk-hulpbalk{font-size:0.9rem;line-height:1.35;padding:0.35rem 0.6rem;"
    "border-left:4px solid #b00020;background:#fff4f4;color:#000;margin:0 0 0.25rem 0;}"
    ".pk-hulpbalk a{color:#8a0018;font-weight:700;white-space:nowrap;}</style>"
)


def sidebar() -> None:
    """Help numbers stay visible on every page, whatever a user is doing.

    In the sidebar, and as a one-line bar on top of the page itself: on a phone the sidebar
    starts closed, and 112 and 0800-2000 must be on screen without opening it.
    """
    with st.sidebar:
        st.markdown(
            f"**Zorgen over een kind of gezin?**  \n"
            f"Veilig Thuis: **{VEILIG_THUIS}** (gratis, 24/7)  \n"
            f"Acuut gevaar: **112**"
        )
    st.html(HULPBALK)


# ----------------------------------------------------------------------------- navigation
# Streamlit's automatic menu is off (client.showSidebarNavigation = false in
# .streamlit/config.toml), also in its legacy pages/ mode, so no file name from pages/ is
# ever a link; the app draws its own links from app.py's list of pages.

FOUTMELDING = (
    "Er ging iets mis bij het tonen van deze pagina. De fout is vastgelegd, zodat de "
    "beheerder hem kan oplossen. Probeer het opnieuw of kies een andere pagina in het menu."
)
_log = logging.getLogger("preventiekaart")


def _foutmelding_buiten_pagina() -> None:
    """An error outside a page run (a widget callback) gets the same Dutch text.

    With showErrorDetails = "none" Streamlit replaces the message by a fixed English
    sentence (and logs the traceback itself); pinned to Streamlit 1.67, checked by a test.
    """
    from streamlit.elements import exception

    exception._GENERIC_UNCAUGHT_EXCEPTION_TEXT = FOUTMELDING  # type: ignore[misc]


_foutmelding_buiten_pagina()


def _gevraagde_pagina(paginas: list[StreamlitPage]) -> str | None:
    """The typed URL path when it names no page (Streamlit would show an English dialog).

    A slash or capital too many (/Wijkprofiel/) still finds the page. Anything else is
    redirected to the default page; the caller shows a Dutch note.
    """
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is None:
        return None
    pm = ctx.pages_manager
    gevraagd = pm.intended_page_name or ""
    if pm.intended_page_script_hash or not gevraagd:
        return None  # a click on a link, or the root URL
    paden = {p.url_path for p in paginas}
    schoon = gevraagd.strip("/").lower()
    if schoon in paden:
        if schoon != gevraagd:
            pm.set_script_intent("", schoon)
        return None
    pm.set_script_intent("", "")
    return gevraagd


def navigatie(paginas: list[StreamlitPage]) -> StreamlitPage:
    """Register the pages, draw the app's own links in the sidebar; return the page to run."""
    _alleen_via_app()
    onbekend = _gevraagde_pagina(paginas)
    pagina = st.navigation(paginas, position="hidden")
    with st.sidebar, st.container(key="app_navigatie"):
        # The links arrive one by one over the websocket: shown only once the last one is
        # there, so nobody sees half a menu on a busy server.
        laatste = paginas[-1].url_path
        st.html(
            f'<style>.st-key-app_navigatie:not(:has(a[href$="{laatste}"])) a'
            "{visibility:hidden}</style>"
        )
        for p in paginas:
            st.page_link(p)
    if onbekend is not None:
        letterlijk = onbekend.replace("`", "")[:80]  # typed text: a code span stays literal
        st.info(
            f"De pagina `/{letterlijk}` bestaat niet (meer). U bent op de startpagina; "
            "kies in het menu waar u heen wilt."
        )
    return pagina


def toon_pagina(pagina: StreamlitPage) -> None:
    """Run a page; an unexpected error is logged with its traceback, the user reads Dutch."""
    try:
        pagina.run()
    except Exception:  # st.stop/st.rerun/st.switch_page are BaseExceptions and pass
        _log.exception("Onverwachte fout op pagina '%s'", pagina.title)
        st.error(FOUTMELDING, icon=":material/error:")


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


def kaart_gemeente(schaal: str, gemeentecode: str) -> str:
    """The gemeente a map of ``schaal`` depends on: none for the national views.

    Keeping the chosen gemeente out of the cache keys of national maps means a click on a
    wijk elsewhere in the country reuses the same map (and sends nothing big again).
    """
    return "" if schaal.startswith("nl_") else gemeentecode


@st.cache_resource(max_entries=24, show_spinner=False)
def _geobron(data_dir: str, schaal: str, gemeentecode: str) -> maps.Geobron:
    from planner.wijken.weergave import grenzen

    data = cbs()
    assert data is not None
    # The prepared GeoJSON is written to a static file and dropped: only its key, bbox and
    # codes stay in memory, whatever the number of gemeenten visited.
    return maps.geobron(maps.prepare_geometry(grenzen(data, schaal, gemeentecode)))


def geobron(data_dir: str, schaal: str, gemeentecode: str) -> maps.Geobron:
    """The published geometry of an area set (shared by every indicator and session)."""
    return _geobron(data_dir, schaal, kaart_gemeente(schaal, gemeentecode))


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
# One engine per database URL; the search index follows the kaart's change counter and
# reads only what changed (planner.kaart.zoekcache).


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


@st.cache_resource
def _zoekcache(url: str):
    from planner.kaart.zoekcache import ZoekCache

    return ZoekCache(_kaart_engine(url))


def kaart_index():
    """(Zoekindex, holds sample data?) for the current state of the kaart.

    Built once per process; after an edit (here or in another instance) only the changed
    services are read again (planner.kaart.zoekcache, keyed on the kaart's change counter).
    """
    index = _zoekcache(settings().database_url).actueel()
    return index, index.heeft_voorbeelden


def kaart_versie() -> int:
    """The kaart's change marker (moves with every write, in any process)."""
    from planner.kaart import beheer

    return beheer.kaart_versie(kaart_engine())


@st.cache_resource(max_entries=2)
def _kaart_keuzes(url: str, versie: int) -> tuple[list[str], list[str], dict[str, str]]:
    from planner.kaart.search import gemeenten_in, taalnamen_in, talen_in

    index = _zoekcache(url).actueel()
    return gemeenten_in(index), talen_in(index), taalnamen_in(index)


def kaart_keuzes() -> tuple[list[str], list[str], dict[str, str]]:
    """(gemeenten, talen, taalnamen) in the kaart: once per kaart version, not per rerun."""
    return _kaart_keuzes(settings().database_url, kaart_versie())


@st.cache_resource(show_spinner="Namen van gemeenten en wijken laden…")
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


@st.cache_resource(max_entries=2, show_spinner=False)
def _plan_diensten(url: str, versie: int):
    from planner.kaart.repository import load_kaart
    from planner.plan.adapters import diensten_uit_kaart

    kaart = load_kaart(kaart_engine())  # seeds the sample kaart when empty
    return diensten_uit_kaart(kaart.services, kaart)  # locations: same rule as search


def plan_diensten():
    """Services from the sociale kaart as planner records, plus how many lack trede/level.

    Loaded once per kaart version (any process's write moves it), not on every rerun of
    the plan page: a regional kaart takes seconds to load.
    """
    try:
        return _plan_diensten(settings().database_url, kaart_versie())
    except Exception as exc:  # the sociale kaart may be absent or mid-migration
        st.warning(f"De sociale kaart kon niet worden gelezen ({type(exc).__name__}).")
        return [], 0


# ----------------------------------------------------------------------------- maps
# Maps go through streamlit-folium's public st_folium. What makes them cheap is what the map
# holds: geometry and values are static files the browser fetches once (maps.Kaartbron), so
# the folium object built on each rerun is a few kB, and an unchanged map is sent as a
# reference only (Streamlit's message cache). The chosen area is a separate small layer.


def folium_map(
    m,
    *,
    key: str,
    height: int = 560,
    returned_objects: tuple[str, ...] = ("last_active_drawing",),
    laag=None,
    on_change=None,
) -> dict | None:
    """Show folium map ``m``; ``returned_objects`` limits which interactions rerun the page.

    ``laag`` (a folium.FeatureGroup, e.g. the chosen wijk's outline) is swapped on the live
    map without re-creating it. ``on_change`` runs before the next script run, with the
    map's new value in ``st.session_state[key]``.
    """
    from streamlit_folium import st_folium

    return st_folium(
        m,
        key=key,
        height=height,
        use_container_width=True,
        returned_objects=list(returned_objects),
        feature_group_to_add=laag,
        on_change=on_change,
    )


@st.cache_resource(max_entries=64, show_spinner=False)
def _resultaat_markers(sleutel: str, _treffers: tuple) -> list:
    from planner.kaart.kaartlaag import marker_punten

    return marker_punten(_treffers)


def resultaat_markers(treffers, vandaag, max_dagen: int) -> list:
    """The markers of a result list, made once per result set (not on every rerun).

    The key is what a marker shows: the service and its location, in the kaart's current
    version, on this day with this staleness rule.
    """
    import hashlib

    delen = [str(kaart_versie()), vandaag.isoformat(), str(max_dagen)]
    delen += [f"{t.id}@{getattr(t.locatie, 'id', '')}" for t in treffers]
    sleutel = hashlib.sha256("|".join(delen).encode()).hexdigest()
    return _resultaat_markers(sleutel, tuple(treffers))


@st.cache_resource(show_spinner="Tabel van alle wijken maken…")
def _download_tabel_nl(data_dir: str) -> pd.DataFrame:
    from planner.wijken.weergave import download_tabel

    data = cbs()
    assert data is not None
    rs, _ = reeksen(data_dir)
    return download_tabel(data, data.wijken, rs)


def wijk_download_tabel(data_dir: str, gemeentecode: str) -> pd.DataFrame:
    """The all-wijken table of a gemeente: sliced from one national table (memory stays flat)."""
    from planner.wijken.weergave import download_tabel_van

    return download_tabel_van(_download_tabel_nl(data_dir), gemeentecode)


@st.cache_resource(max_entries=32, show_spinner=False)
def _kaart_invoer(data_dir: str, schaal: str, gemeentecode: str, indicator_id: str):
    from planner.wijken.weergave import kaart_invoer as build

    data = cbs()
    assert data is not None
    rs, _ = reeksen(data_dir)
    return build(data, rs[indicator_id], schaal, gemeentecode)


def kaart_invoer(data_dir: str, schaal: str, gemeentecode: str, indicator_id: str):
    """Values, classes, legend and tooltips of one map (national views: one per indicator)."""
    return _kaart_invoer(data_dir, schaal, kaart_gemeente(schaal, gemeentecode), indicator_id)


@st.cache_resource(max_entries=32, show_spinner=False)
def _choropleth_info(data_dir: str, schaal: str, gemeentecode: str, indicator_id: str):
    from planner.wijken.weergave import TOOLTIP_ALIASES

    k = _kaart_invoer(data_dir, schaal, gemeentecode, indicator_id)
    geo = _geobron(data_dir, schaal, gemeentecode)
    return maps.choropleth_info(geo, k.waarden, k.breaks, k.tooltips, TOOLTIP_ALIASES)


def choropleth_info(data_dir: str, schaal: str, gemeentecode: str, indicator_id: str):
    """The published per-indicator values of a map (see maps.choropleth_info)."""
    return _choropleth_info(data_dir, schaal, kaart_gemeente(schaal, gemeentecode), indicator_id)


def wijk_omtrek(code: str) -> dict | None:
    """The geometry of one wijk (outline around a gemeente's buurten); None if unknown."""
    data = cbs()
    if data is None:
        return None
    rij = data.wijken[data.wijken["code"] == code]
    if rij.empty:
        return None
    return maps.prepare_geometry(rij)["features"][0]["geometry"]


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
