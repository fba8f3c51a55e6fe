"""The search results on a map: clustered markers with escaped popups, no CDN.

Built on ``planner.maps`` (PDOK tiles or none, every JS/CSS file from the app itself).
Popups and tooltips are HTML in Leaflet, so every value from the store goes through
``html.escape`` here: an organisation called ``<script>…`` shows as text, never runs.
The list next to the map carries the same information, so nothing needs the map (or a
mouse) to be found.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import folium
from branca.element import CssLink, Element, Figure, JavascriptLink, MacroElement
from folium.elements import JSCSSMixin
from jinja2 import Template

from planner import assets
from planner.kaart.contact import kaartregels, naar_html
from planner.kaart.search import VOORBEELD_LABEL, Treffer
from planner.maps import base_map, offline, veilig_json

__all__ = ["veilig_json"]  # re-exported: the same safe JSON as every other map

# Zuid-Hollandse Eilanden (minx, miny, maxx, maxy): the view when nothing has coordinates.
REGIO_BOUNDS = (3.8, 51.65, 4.65, 51.95)
MARKER_LAAG = "Hulpaanbod"
MAX_ZOOM = 19
LEAFLET_IMAGES = f"{assets.URL_PREFIX}/leaflet/images"


class MarkerLaag(JSCSSMixin, MacroElement):
    """All result markers as one clustered layer, built in the browser from a data list.

    Each point is ``[lat, lon, naam, popup, tooltip]``: the popup and tooltip are HTML that
    ``popup_html``/``tooltip_text`` already escaped, the name goes to Leaflet as the marker's
    title/alt (DOM attributes, inert text). The list is written with ``veilig_json``, so no
    name can end the JavaScript string, start a tag or a Jinja expression. One list instead
    of a rendered template per marker keeps a 500-marker map at a few milliseconds.

    Leaflet guesses its image folder from leaflet.css; inside streamlit-folium the CSS may
    not be applied yet when the first marker is drawn, so the icon URLs are explicit.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.markerClusterGroup({{ this.cluster_json }});
        (function (laag, punten, icoon) {
            punten.forEach(function (p) {
                var opties = {title: p[2], alt: p[2], keyboard: true, icon: icoon};
                var m = L.marker([p[0], p[1]], opties);
                m.bindPopup(p[3], {maxWidth: 320});
                m.bindTooltip(p[4]);
                laag.addLayer(m);
            });
        })({{ this.get_name() }}, {{ this.punten_json }}, L.icon({{ this.icoon_json }}));
        {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, punten: Sequence[Sequence[object]], name: str = MARKER_LAAG) -> None:
        super().__init__()
        self._name = "MarkerLaag"
        self.default_js = [assets.MARKERCLUSTER_JS]
        self.default_css = list(assets.MARKERCLUSTER_CSS)
        self.layer_name = name
        self.punten = [list(p) for p in punten]
        self.punten_json = veilig_json(self.punten)  # once: folium renders a map twice

    cluster_json = property(lambda self: veilig_json({"showCoverageOnHover": False}))
    icoon_json = property(lambda self: veilig_json(ICOON))

    def render(self, **kwargs) -> None:
        """As JSCSSMixin + MacroElement, but the rendered script is kept as text.

        branca wraps a macro's output in ``Element(text)``, which compiles that text as a
        Jinja template again: for 500 markers the lexer then reads the whole data list,
        twice per map and per session (a third of a search page's run under load).
        """
        figure = self.get_root()
        assert isinstance(figure, Figure), "MarkerLaag hoort in een kaart (Figure)."
        for name, url in self.default_js:
            figure.header.add_child(JavascriptLink(url), name=name)
        for name, url in self.default_css:
            figure.header.add_child(CssLink(url), name=name)
        script = self._template.module.__dict__["script"]
        figure.script.add_child(_Tekst(script(self, kwargs)), name=self.get_name())
        for element in self._children.values():
            element.render(**kwargs)


class _Tekst(Element):
    """Already rendered JavaScript, added to the page as it is (never compiled again)."""

    def __init__(self, tekst: str) -> None:
        super().__init__()
        self.tekst = tekst

    def render(self, **kwargs) -> str:
        return self.tekst


ICOON = {
    "iconUrl": f"{LEAFLET_IMAGES}/marker-icon.png",
    "iconRetinaUrl": f"{LEAFLET_IMAGES}/marker-icon-2x.png",
    "shadowUrl": f"{LEAFLET_IMAGES}/marker-shadow.png",
    "iconSize": [25, 41],
    "iconAnchor": [12, 41],
    "popupAnchor": [1, -34],
    "tooltipAnchor": [16, -28],
    "shadowSize": [41, 41],
}


@dataclass(frozen=True)
class Marker:
    """One marker as the browser gets it (what tests and the page count)."""

    lat: float
    lon: float
    naam: str
    popup: str
    tooltip: str


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def popup_html(t: Treffer) -> str:
    """What a marker says when opened: name, organisation and the card's lines.

    The lines come from ``planner.kaart.contact.kaartregels`` (as card and verwijskaart).
    """
    s = t.dienst.service
    regels = [f"<strong>{_e(s.name)}</strong>", _e(t.dienst.organisation.name)]
    if t.voorbeeld:
        regels.insert(1, f"<em>{_e(VOORBEELD_LABEL)}, geen echt aanbod</em>")
    regels += [f"{label}: {waarde}" for label, waarde in naar_html(kaartregels(t))]
    loc = t.locatie
    if loc is not None and loc.locatie_benaderd:
        regels.append("<em>Plaats op de kaart bij benadering</em>")
    return "<br>".join(regels)


def tooltip_text(t: Treffer) -> str:
    wacht = t.wachttijd.tekst() if t.wachttijd else "wachttijd onbekend"
    return _e(f"{t.naam} – {wacht}")


def _bounds(punten: Sequence[tuple[float, float]]) -> tuple[float, float, float, float]:
    if not punten:
        return REGIO_BOUNDS
    lats = [p[0] for p in punten]
    lons = [p[1] for p in punten]
    pad = 0.01  # one marker alone still gets a sensible zoom
    return (min(lons) - pad, min(lats) - pad, max(lons) + pad, max(lats) + pad)


def marker_punten(treffers: Sequence[Treffer]) -> list[Marker]:
    """The markers of a result list; confidential locations never appear (no public point)."""
    return [
        Marker(loc.latitude, loc.longitude, t.naam, popup_html(t), tooltip_text(t))
        for t in treffers
        if (loc := t.locatie) is not None and loc.heeft_coordinaten
    ]


def result_map(
    treffers: Sequence[Treffer] | Sequence[Marker],
    tiles: str = "pdok",
    punt: tuple[float, float] | None = None,
    straal_km: float | None = None,
) -> folium.Map:
    """A map of the results (or of markers already made by ``marker_punten``)."""
    punten_ = [t for t in treffers if isinstance(t, Marker)]
    if len(punten_) != len(treffers):
        punten_ = marker_punten(treffers)  # type: ignore[arg-type]
    punten = [(p.lat, p.lon) for p in punten_]
    if punt is not None:
        punten.append(punt)
    m = base_map(_bounds(punten), tiles)  # type: ignore[arg-type]
    # MarkerCluster needs a maximum zoom; without a tile layer Leaflet has none.
    m.options["maxZoom"] = MAX_ZOOM
    MarkerLaag([[p.lat, p.lon, p.naam, p.popup, p.tooltip] for p in punten_]).add_to(m)
    if punt is not None:
        folium.CircleMarker(
            location=list(punt),
            radius=6,
            color="#000000",
            fill=True,
            fill_opacity=1,
            tooltip="Gekozen punt",
        ).add_to(m)
        if straal_km:
            folium.Circle(
                location=list(punt),
                radius=straal_km * 1000,
                color="#08519c",
                weight=2,
                dash_array="6 4",
                fill=False,
                tooltip=f"Straal {straal_km:g} km",
            ).add_to(m)
    return offline(m)


def markers(m: folium.Map) -> list[Marker]:
    """The service markers of a result map (for tests and the page's count)."""
    return [
        Marker(*p)  # type: ignore[arg-type]
        for laag in m._children.values()
        if isinstance(laag, MarkerLaag)
        for p in laag.punten
    ]


def clicked_point(returned: Mapping | None) -> tuple[float, float] | None:
    """The point a user clicked on the map (st_folium's ``last_clicked``), if any."""
    if not returned:
        return None
    klik = returned.get("last_clicked")
    if not isinstance(klik, Mapping):
        return None
    lat, lng = klik.get("lat"), klik.get("lng")
    if not isinstance(lat, int | float) or not isinstance(lng, int | float):
        return None
    if not (-90 <= lat <= 90 and -180 <= lng <= 180):
        return None
    return (round(float(lat), 5), round(float(lng), 5))
