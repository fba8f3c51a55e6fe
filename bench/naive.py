"""Naive baselines the benches compare with: what a straightforward folium page does.

Not used by the app. ``naive_map`` draws a whole GeoDataFrame with ``folium.GeoJson`` (all
columns, embedded in the page); ``naive_result_map`` renders one ``folium.Marker`` with a
popup and tooltip template per result. ``naive_page`` patches the app so that a whole
page through app.py runs with these maps and plain ``st_folium`` on every rerun.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import folium
import geopandas as gpd
from folium.plugins import MarkerCluster


def naive_map(gdf: gpd.GeoDataFrame) -> folium.Map:
    """folium.GeoJson of a whole frame, all columns."""
    m = folium.Map(location=[52.1, 5.3], zoom_start=7)
    folium.GeoJson(gdf).add_to(m)
    return m


def naive_result_map(treffers, tiles: str = "geen", punt=None, straal_km=None) -> folium.Map:
    """One rendered folium.Marker (popup + tooltip template) per result, clustered."""
    from planner.kaart.kaartlaag import popup_html, tooltip_text

    m = folium.Map(location=[51.85, 4.3], zoom_start=11, tiles=None)
    cluster = MarkerCluster().add_to(m)
    for t in treffers:
        loc = t.locatie
        if loc is None or not loc.heeft_coordinaten:
            continue
        folium.Marker(
            [loc.latitude, loc.longitude],
            popup=folium.Popup(popup_html(t), max_width=320),
            tooltip=tooltip_text(t),
        ).add_to(cluster)
    return m


def installeer(frames: dict[str, gpd.GeoDataFrame] | None = None) -> None:
    """Patch the app for good (a naive server process): see ``naive_page``."""
    import ui

    if getattr(ui, "_naief", False):
        return
    ui._naief = True
    if frames is None:
        from planner.settings import Settings

        d = Settings.from_env().data_dir / "geo"
        frames = {
            "wijk": gpd.read_file(d / "wijk_2024_wgs84.geojson"),
            "gemeente": gpd.read_file(d / "gemeente_2025_wgs84.geojson"),
        }
    global _blijvend
    _blijvend = naive_page(frames)  # kept: a collected generator would undo the patches
    _blijvend.__enter__()


_blijvend = None


@contextlib.contextmanager
def naive_page(frames: dict[str, gpd.GeoDataFrame] | None = None) -> Iterator[None]:
    """Run the app's pages with naive maps: built and rendered by st_folium on every rerun.

    ``frames`` holds the raw boundary files ("wijk", "gemeente") for the Wijkprofiel.
    """
    import ui
    from planner import maps
    from planner.kaart import kaartlaag

    saved = (maps.choropleth, kaartlaag.result_map, ui.resultaat_markers)

    def choropleth(geo, values, *_a, **_k):
        raw = frames["gemeente"] if geo.codes[0].startswith("GM") else frames["wijk"]
        frame = raw[raw["statcode"].isin(geo.codes)]
        return naive_map(frame.assign(waarde=[values.get(c) for c in frame["statcode"]]))

    maps.choropleth = choropleth if frames else maps.choropleth
    kaartlaag.result_map = naive_result_map
    ui.resultaat_markers = lambda treffers, *_a: list(treffers)
    try:
        yield
    finally:
        maps.choropleth, kaartlaag.result_map, ui.resultaat_markers = saved
