"""The search results on a map: clustered markers with escaped popups, no CDN.

Built on ``planner.maps`` (PDOK tiles or none, every JS/CSS file from the app itself).
Popups and tooltips are HTML in Leaflet, so every value from the store goes through
``html.escape`` here: an organisation called ``<script>…`` shows as text, never runs.
The list next to the map carries the same information, so nothing needs the map (or a
mouse) to be found.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping, Sequence

import folium
from branca.element import MacroElement
from folium.plugins import MarkerCluster
from jinja2 import Template

from planner import assets
from planner.kaart.contact import contactregels, naar_html
from planner.kaart.search import VOORBEELD_LABEL, Treffer
from planner.maps import base_map, offline

# Zuid-Hollandse Eilanden (minx, miny, maxx, maxy): the view when nothing has coordinates.
REGIO_BOUNDS = (3.8, 51.65, 4.65, 51.95)
MARKER_LAAG = "Hulpaanbod"
MAX_ZOOM = 19
LEAFLET_IMAGES = f"{assets.URL_PREFIX}/leaflet/images"


# folium/branca parse every generated script a second time as a Jinja template, so a
# ``{{``, ``{%`` or ``{#`` in a name would run on the server. Inside a JSON string these
# characters (and the HTML-special ones, as Jinja's own ``tojson`` does) become \u escapes.
_JSON_ONVEILIG = str.maketrans({c: f"\\u{ord(c):04x}" for c in "{}#<>&'`$"})


def veilig_json(waarde: object) -> str:
    """JSON for a generated script in which no string can start a Jinja tag or an HTML tag."""
    if isinstance(waarde, str):
        return json.dumps(waarde).translate(_JSON_ONVEILIG)
    if isinstance(waarde, Mapping):
        delen = (f"{veilig_json(str(k))}: {veilig_json(v)}" for k, v in waarde.items())
        return "{" + ", ".join(delen) + "}"
    if isinstance(waarde, list | tuple):
        return "[" + ", ".join(veilig_json(v) for v in waarde) + "]"
    return json.dumps(waarde)


class VeiligeMarker(folium.Marker):
    """``folium.Marker`` whose options (title, alt) are written with ``veilig_json``."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.marker(
                {{ this.location|tojson }},
                {{ this.opties_json }}
            ).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    @property
    def opties_json(self) -> str:
        return veilig_json(dict(self.options))


class TekstBinding(MacroElement):
    """``bindPopup``/``bindTooltip`` with the content as a JSON string literal.

    folium's own Popup wraps content in jQuery (dropped by ``planner.maps.offline``) and its
    Tooltip pastes text into a JavaScript template literal, where a backtick or ``${`` in a
    name would run as code. A JSON string cannot break out; the HTML inside it is already
    escaped by ``popup_html``/``tooltip_text``.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            {{ this._parent.get_name() }}.{{ this.methode }}(
                {{ this.inhoud_json }}, {{ this.opties_json }}
            );
        {% endmacro %}
        """
    )

    def __init__(self, methode: str, inhoud: str, **options: object) -> None:
        super().__init__()
        if methode not in ("bindPopup", "bindTooltip"):
            raise ValueError(methode)
        self._name = "TekstBinding"
        self.methode = methode
        self.inhoud = inhoud
        self.options = options

    @property
    def inhoud_json(self) -> str:
        return veilig_json(self.inhoud)

    @property
    def opties_json(self) -> str:
        return veilig_json(self.options)


class LokaalIcoon(MacroElement):
    """Leaflet's default pin with explicit local URLs.

    Leaflet guesses the image folder from leaflet.css; inside streamlit-folium the CSS may
    not be applied yet when the first marker is drawn, and the guess then misses a '/'
    (404 on ``vendor/leafletmarker-icon.png``). folium's CustomIcon wants a file or an
    absolute URL, so this sets ``L.icon`` with the app-relative URLs itself.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            {{ this._parent.get_name() }}.setIcon(L.icon({{ this.opties_json }}));
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "LokaalIcoon"
        self.options = {
            "iconUrl": f"{LEAFLET_IMAGES}/marker-icon.png",
            "iconRetinaUrl": f"{LEAFLET_IMAGES}/marker-icon-2x.png",
            "shadowUrl": f"{LEAFLET_IMAGES}/marker-shadow.png",
            "iconSize": [25, 41],
            "iconAnchor": [12, 41],
            "popupAnchor": [1, -34],
            "tooltipAnchor": [16, -28],
            "shadowSize": [41, 41],
        }

    @property
    def opties_json(self) -> str:
        return veilig_json(self.options)


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def popup_html(t: Treffer) -> str:
    """What a marker says when opened: name, organisation, contact, access, wait, verified.

    The contact lines come from ``planner.kaart.contact`` (the same as card and verwijskaart).
    """
    s = t.dienst.service
    regels = [f"<strong>{_e(s.name)}</strong>", _e(t.dienst.organisation.name)]
    if t.voorbeeld:
        regels.insert(1, f"<em>{_e(VOORBEELD_LABEL)}, geen echt aanbod</em>")
    contact = contactregels(s, t.dienst.organisation, t.locatie)
    regels += [f"{label}: {waarde}" for label, waarde in naar_html(contact)]
    if s.toegang:
        regels.append(f"Toegang: {_e(s.toegang.label)}")
    regels.append(
        "Wachttijd: " + (_e(t.wachttijd.tekst()) if t.wachttijd else "onbekend, vraag het na")
    )
    verified = s.assured_date.strftime("%d-%m-%Y") if s.assured_date else "onbekend"
    regels.append(f"Gegevens gecontroleerd: {_e(verified)}")
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


def result_map(
    treffers: Sequence[Treffer],
    tiles: str = "pdok",
    punt: tuple[float, float] | None = None,
    straal_km: float | None = None,
) -> folium.Map:
    """A map of the results; confidential locations never appear (they have no public point)."""
    geplaatst = [
        (t, t.locatie) for t in treffers if t.locatie is not None and t.locatie.heeft_coordinaten
    ]
    punten = [(loc.latitude, loc.longitude) for _, loc in geplaatst]
    if punt is not None:
        punten.append(punt)
    m = base_map(_bounds(punten), tiles)  # type: ignore[arg-type]
    # MarkerCluster needs a maximum zoom; without a tile layer Leaflet has none.
    m.options["maxZoom"] = MAX_ZOOM
    cluster = MarkerCluster(name=MARKER_LAAG, options={"showCoverageOnHover": False})
    for t, loc in geplaatst:
        marker = VeiligeMarker(
            location=[loc.latitude, loc.longitude],
            title=t.naam,  # set by Leaflet as an attribute value: the DOM keeps it text
            alt=t.naam,
            keyboard=True,
        )
        marker.add_child(LokaalIcoon())
        marker.add_child(TekstBinding("bindPopup", popup_html(t), maxWidth=320))
        marker.add_child(TekstBinding("bindTooltip", tooltip_text(t)))
        marker.add_to(cluster)
    cluster.add_to(m)
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


def markers(m: folium.Map) -> list[folium.Marker]:
    """The service markers of a result map (for tests and the page's count)."""
    found: list[folium.Marker] = []

    def walk(el) -> None:
        if isinstance(el, folium.Marker):
            found.append(el)
        for child in getattr(el, "_children", {}).values():
            walk(child)

    walk(m)
    return found


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
