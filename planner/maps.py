"""Folium map builders: choropleths of wijken/gemeenten, served without any CDN.

Maps are built from *prepared* GeoJSON dicts: geometry is converted once per area and reused
for every indicator, so switching an indicator only swaps a few small properties.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import Any

import folium
import geopandas as gpd
from branca.element import MacroElement
from folium.elements import JSCSSMixin
from folium.template import Template

from planner import assets
from planner.gebieden import gemeente_van, wijk_van

PDOK_TILES = (
    "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/grijs/EPSG:3857/{z}/{x}/{y}.png"
)
PDOK_ATTRIBUTION = (
    'Achtergrond: <a href="https://www.pdok.nl/">PDOK</a> BRT-Achtergrondkaart, © Kadaster; '
    "grenzen: CBS/PDOK, CC BY 4.0"
)
GEEN_TILES_ATTRIBUTION = "Grenzen: CBS/PDOK, CC BY 4.0"

# ColorBrewer "Blues" (single hue, sequential): safe for colour-blind readers, and every
# class is also named in the tooltip and legend, so nothing relies on colour alone. The
# lightest class is not near-white, so it stays apart from "geen gegevens" (white, dashed)
# and from the bare background when tiles do not load; every polygon has a dark outline.
PALET = ["#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"]
OUTLINE = "#333333"
MISSING_FILL = "#ffffff"
MISSING_STYLE = {
    "fillColor": MISSING_FILL,
    "fillOpacity": 0.6,
    "color": "#555555",
    "weight": 1.5,
    "dashArray": "4 4",
}

_LOCAL_JS = {
    "leaflet": assets.LEAFLET_JS,
    "markerclusterjs": assets.MARKERCLUSTER_JS,
}
_LOCAL_CSS = {"leaflet_css": assets.LEAFLET_CSS} | {n: (n, u) for n, u in assets.MARKERCLUSTER_CSS}


def elementen(el: Any) -> Iterator[Any]:
    """A folium element and everything below it (children live in ``_children``)."""
    yield el
    for child in getattr(el, "_children", {}).values():
        yield from elementen(child)


def offline(m: folium.Map) -> folium.Map:
    """Point every element's JS/CSS at the app's own copies; drop what the maps don't use.

    jQuery, Bootstrap and awesome-markers are folium defaults we never need; keeping them
    would make a gemeente network with a strict CSP or no internet show a blank map.
    """
    for el in elementen(m):
        if hasattr(el, "default_js"):
            el.default_js = [
                _LOCAL_JS.get(n, (n, u))
                for n, u in el.default_js
                if n in _LOCAL_JS or u.startswith(assets.KAARTDATA_URL)
            ]
        if hasattr(el, "default_css"):
            el.default_css = [_LOCAL_CSS[n] for n, _ in el.default_css if n in _LOCAL_CSS]
    return m


def asset_links(m: folium.Map) -> list[str]:
    """All JS/CSS URLs a rendered map will load (what a test checks for CDN hosts)."""
    soorten = ("default_js", "default_css")
    return [u for el in elementen(m) for soort in soorten for _, u in getattr(el, soort, [])]


class Toegankelijk(folium.MacroElement):
    """WCAG fixes inside the map frame: zoomable page, Dutch control texts, fewer tab stops.

    folium's header forbids zooming (``user-scalable=no``, WCAG 1.4.4); Leaflet's controls
    say "Zoom in"/"Zoom out" and its attribution is an extra link. The map itself takes
    focus (one tab stop): arrow keys pan and + and - zoom there, so the zoom buttons stay for
    the mouse and leave the tab order.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            document.querySelectorAll('meta[name="viewport"]').forEach(function (m) {
                m.setAttribute("content", "width=device-width, initial-scale=1");
            });
            document.documentElement.lang = "nl";
            var kaart = {{ this._parent.get_name() }};
            kaart.attributionControl.setPrefix(false);
            L.control.scale({ imperial: false }).addTo(kaart);
            var knoppen = {
                ".leaflet-control-zoom-in": "Inzoomen",
                ".leaflet-control-zoom-out": "Uitzoomen"
            };
            Object.keys(knoppen).forEach(function (sel) {
                kaart.getContainer().querySelectorAll(sel).forEach(function (a) {
                    a.title = knoppen[sel];
                    a.setAttribute("aria-label", knoppen[sel]);
                    a.setAttribute("tabindex", "-1");
                });
            });
            var c = kaart.getContainer();
            c.setAttribute("role", "region");
            c.setAttribute("aria-label", {{ this.naam|tojson }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, naam: str) -> None:
        super().__init__()
        self._name = "Toegankelijk"
        self.naam = naam


TOEGANKELIJK_CSS = (
    "<style>"
    ".leaflet-container a{text-decoration:underline}"
    ".leaflet-container:focus-visible,.leaflet-container a:focus-visible,"
    ".leaflet-marker-icon:focus-visible{outline:3px solid #1f4e79!important;"
    "outline-offset:-3px}"
    ".leaflet-container .leaflet-control-attribution{color:#333}"
    "</style>"
)
KAART_NAAM = "Kaart. Pijltjestoetsen schuiven de kaart, plus en min zoomen."


def base_map(bounds: Sequence[float], tiles: str = "pdok") -> folium.Map:
    """An empty map fitted to (minx, miny, maxx, maxy) with the PDOK basemap or none."""
    minx, miny, maxx, maxy = bounds
    m = folium.Map(
        location=[(miny + maxy) / 2, (minx + maxx) / 2],
        tiles=None,
        control_scale=False,  # added by Toegankelijk, metric only
        prefer_canvas=False,
        zoom_snap=0.25,
    )
    if tiles == "pdok":
        folium.TileLayer(
            tiles=PDOK_TILES,
            attr=PDOK_ATTRIBUTION,
            name="Achtergrondkaart (PDOK)",
            max_zoom=19,
            min_zoom=6,
        ).add_to(m)
    else:
        m.get_root().header.add_child(
            folium.Element("<style>.leaflet-container{background:#f4f4f4}</style>")
        )
        m.get_root().header.add_child(folium.Element(f"<!-- {GEEN_TILES_ATTRIBUTION} -->"))
    m.get_root().header.add_child(folium.Element(TOEGANKELIJK_CSS))
    Toegankelijk(KAART_NAAM).add_to(m)
    m.fit_bounds([[miny, minx], [maxy, maxx]])
    return offline(m)


def prepare_geometry(gdf: gpd.GeoDataFrame, precision: int = 3) -> dict:
    """GeoJSON with only id + geometry, coordinates rounded: parsed once, reused per indicator.

    The CBS generalised boundaries are already rounded to 0.001°, so 3 decimals lose nothing.
    """
    slim = gpd.GeoDataFrame({"code": gdf["code"].values}, geometry=gdf.geometry.values, crs=4326)
    raw = json.loads(slim.to_json(drop_id=True, to_wgs84=False))
    for feat, code in zip(raw["features"], gdf["code"], strict=True):
        feat["id"] = code
        feat["properties"] = {"code": code}
        feat["geometry"] = _round_geometry(feat["geometry"], precision)
    raw["bbox"] = [round(float(b), 4) for b in gdf.total_bounds]
    return raw


def _round_geometry(geom: dict, precision: int) -> dict:
    def rnd(coords):
        if isinstance(coords[0], int | float):
            return [round(coords[0], precision), round(coords[1], precision)]
        return [rnd(c) for c in coords]

    return {"type": geom["type"], "coordinates": rnd(geom["coordinates"])}


@dataclass(frozen=True)
class Klasse:
    """One legend entry: colour, range text, and the count of areas in it."""

    kleur: str
    tekst: str
    aantal: int
    ontbreekt: bool = False  # the "geen gegevens" entry, drawn with a dashed swatch


def klasse_index(value: float, breaks: Sequence[float]) -> int:
    """Which class a value falls in, for quantile breaks [b0, b1, ..., bn]."""
    n = max(len(breaks) - 1, 1)
    for i in range(1, len(breaks)):
        if value <= breaks[i]:
            return min(i - 1, n - 1)
    return n - 1


def kleuren(n_klassen: int) -> list[str]:
    """Spread the palette over fewer classes so contrast between classes stays large."""
    if n_klassen >= len(PALET):
        return PALET
    if n_klassen <= 1:
        return [PALET[2]]
    step = (len(PALET) - 1) / (n_klassen - 1)
    return [PALET[round(i * step)] for i in range(n_klassen)]


def legenda(values: Mapping[str, float | None], breaks: Sequence[float], fmt) -> list[Klasse]:
    """Legend entries: one per class, then 'geen gegevens'; only the latter without breaks."""
    missing_entry = Klasse(MISSING_FILL, "geen gegevens (gestippelde rand)", 0, True)
    if not breaks:  # no area has a value: the whole map is "geen gegevens"
        return [replace(missing_entry, aantal=len(values))]
    n = max(len(breaks) - 1, 1)
    pal = kleuren(n)
    counts = [0] * n
    missing = 0
    for v in values.values():
        if v is None:
            missing += 1
        else:
            counts[klasse_index(v, breaks)] += 1
    paren = list(pairwise(breaks)) or [(breaks[0], breaks[0])]
    out = [Klasse(pal[i], f"{fmt(lo)} – {fmt(hi)}", counts[i]) for i, (lo, hi) in enumerate(paren)]
    return [*out, replace(missing_entry, aantal=missing)]


# ----------------------------------------------------------------------------- data as files
# A national map is ~1.4 MB of geometry. It goes to the browser once, as a static file named
# by its content (``assets.publiceer``), and the map script only refers to it; the values per
# indicator are a second, much smaller file. A rerun, a click or a new selection then sends
# a few kB instead of the whole map.

# folium/branca parse every generated script a second time as a Jinja template, so a
# ``{{``, ``{%`` or ``{#`` in a name would run on the server. Inside a JSON string these
# characters (and the HTML-special ones, as Jinja's own ``tojson`` does) become \u escapes.
# Outside strings JSON has only ``{}[]:,"``, digits and words, so these characters can
# only be inside strings and are escaped everywhere in one pass; ``{{`` (never structural:
# an object starts with ``{"`` or ``{}``) is broken up the same way.
_JSON_ONVEILIG = [(c, f"\\u{ord(c):04x}") for c in "#%<>&'`$"] + [("{{", "{\\u007b")]


def veilig_json(waarde: object) -> str:
    """JSON for a generated script in which no string can start a Jinja tag or an HTML tag."""
    tekst = json.dumps(waarde)
    for teken, escape in _JSON_ONVEILIG:  # str.replace: a few ms for a 500-marker map
        tekst = tekst.replace(teken, escape)
    return tekst


@dataclass(frozen=True)
class Kaartbron:
    """Data a map script reads from ``window.PK_KAART[sleutel]``: a static file or inline."""

    sleutel: str
    url: str | None  # None when the file could not be written: the data goes inline
    inline: str | None = None

    @property
    def js_link(self) -> tuple[str, str] | None:
        return (self.sleutel, self.url) if self.url else None

    def script(self) -> str:
        """What the map script runs first: define the data when it is not a file."""
        if self.inline is None:
            return ""
        doel = f"(window.PK_KAART = window.PK_KAART || {{}})[{json.dumps(self.sleutel)}]"
        return f"{doel} = {self.inline};"


def kaartbron(soort: str, payload: object) -> Kaartbron:
    """Publish ``payload`` as a content-named static file; inline when the disk refuses."""
    import hashlib
    import logging

    tekst = json.dumps(payload, separators=(",", ":"), ensure_ascii=False)
    sleutel = f"{soort}-{hashlib.sha256(tekst.encode('utf-8')).hexdigest()[:20]}"
    inhoud = f"(window.PK_KAART = window.PK_KAART || {{}})[{json.dumps(sleutel)}] = {tekst};\n"
    try:
        url = assets.publiceer(sleutel, inhoud)
    except OSError as exc:
        logging.getLogger(__name__).warning("Kaartdata niet als bestand bewaard: %s", exc)
        return Kaartbron(sleutel, None, veilig_json(payload))
    return Kaartbron(sleutel, url)


@dataclass(frozen=True)
class Geobron:
    """Prepared geometry of an area set, published once: what a map needs to refer to it."""

    bron: Kaartbron
    bbox: tuple[float, float, float, float]
    codes: tuple[str, ...]


def geobron(geometry: dict) -> Geobron:
    """Publish prepared geometry (``prepare_geometry``); keeps only its key, bbox and codes."""
    return Geobron(
        kaartbron("geo", geometry),
        tuple(geometry["bbox"]),  # type: ignore[arg-type]
        tuple(f["id"] for f in geometry["features"]),
    )


def choropleth_eigenschappen(
    codes: Sequence[str],
    values: Mapping[str, float | None],
    breaks: Sequence[float],
    labels: Mapping[str, Mapping[str, str]],
    aliases: Mapping[str, str],
) -> dict[str, dict[str, object]]:
    """Per area: its class (-1 = no data) and the escaped tooltip texts."""
    out: dict[str, dict[str, object]] = {}
    for code in codes:
        v = values.get(code)
        props: dict[str, object] = dict.fromkeys(aliases, "–")
        props.update({k: html.escape(str(t)) for k, t in labels.get(code, {}).items()})
        # Without breaks no area has a class: all are drawn in the "geen gegevens" style.
        props["klasse"] = -1 if v is None or not breaks else klasse_index(v, breaks)
        out[code] = props
    return out


def choropleth_stijl(klasse: int, n_klassen: int) -> dict:
    """Leaflet style of one area (the same rule the browser applies)."""
    if klasse < 0:
        return dict(MISSING_STYLE)
    return {
        "fillColor": kleuren(n_klassen)[klasse],
        "fillOpacity": 0.75,
        "color": OUTLINE,
        "weight": 1,
    }


class GebiedenLaag(JSCSSMixin, MacroElement):
    """A choropleth drawn in the browser from published geometry and values.

    Both files are listed as the element's JS (streamlit-folium loads them before the map
    script runs), so the map script itself holds only styles and field names.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this.geo.bron.script() }}
        {{ this.info.script() }}
        var {{ this.get_name() }} = (function (kaart) {
            var geo = window.PK_KAART[{{ this.geo_sleutel }}];
            var info = window.PK_KAART[{{ this.info_sleutel }}];
            var velden = {{ this.velden_json }};
            var palet = {{ this.palet_json }};
            var ontbreekt = {{ this.ontbreekt_json }};
            var laag = L.geoJson(geo, {
                style: function (f) {
                    var p = info[f.id];
                    var k = p ? p.klasse : -1;
                    if (k < 0) { return ontbreekt; }
                    return {
                        fillColor: palet[k], fillOpacity: 0.75,
                        color: {{ this.rand_json }}, weight: 1
                    };
                },
                onEachFeature: function (f, l) {
                    var p = info[f.id] || {};
                    var rijen = velden.map(function (v) {
                        var w = p[v[0]] || "\\u2013";
                        return "<tr><th>" + v[1] + "</th><td>" + w + "</td></tr>";
                    });
                    l.bindTooltip("<table>" + rijen.join("") + "</table>", {sticky: true});
                    l.on("mouseover", function (e) {
                        e.target.setStyle({weight: 3, color: "black"});
                    });
                    l.on("mouseout", function (e) { laag.resetStyle(e.target); });
                }
            });
            return laag.addTo(kaart);
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        geo: Geobron,
        info: Kaartbron,
        aliases: Mapping[str, str],
        n_klassen: int,
        name: str = "Indicator",
        eigenschappen: Mapping[str, Mapping[str, object]] | None = None,
    ) -> None:
        super().__init__()
        self._name = "GebiedenLaag"
        self.layer_name = name
        self.geo = geo
        self.info = info
        self.aliases = dict(aliases)
        self.n_klassen = n_klassen
        self.eigenschappen = eigenschappen  # kept for inspection when built here
        self.default_js = [b for b in (geo.bron.js_link, info.js_link) if b]
        self.default_css = []

    geo_sleutel = property(lambda self: veilig_json(self.geo.bron.sleutel))
    info_sleutel = property(lambda self: veilig_json(self.info.sleutel))
    velden_json = property(lambda self: veilig_json([[k, v] for k, v in self.aliases.items()]))
    palet_json = property(lambda self: veilig_json(kleuren(self.n_klassen)))
    ontbreekt_json = property(lambda self: veilig_json(MISSING_STYLE))
    rand_json = property(lambda self: veilig_json(OUTLINE))

    def stijl(self, code: str) -> dict:
        """The style the browser gives ``code`` (for tests; needs ``eigenschappen``)."""
        props = (self.eigenschappen or {}).get(code)
        return choropleth_stijl(int(props["klasse"]) if props else -1, self.n_klassen)  # type: ignore[arg-type]


def choropleth(
    geometry: dict | Geobron,
    values: Mapping[str, float | None],
    breaks: Sequence[float],
    labels: Mapping[str, Mapping[str, str]],
    aliases: Mapping[str, str],
    tiles: str = "pdok",
    layer_name: str = "Indicator",
    info: Kaartbron | None = None,
) -> folium.Map:
    """A choropleth; tooltips carry text so colour is never needed.

    ``labels[code]`` gives the tooltip texts per field (e.g. naam, waarde, gemeente, nl);
    they are escaped here, so a name from an upload can never inject markup. Pass an
    already published ``info`` (``choropleth_info``) to skip re-serialising the values.
    """
    geo = geometry if isinstance(geometry, Geobron) else geobron(geometry)
    eigenschappen = None
    if info is None:
        eigenschappen = choropleth_eigenschappen(geo.codes, values, breaks, labels, aliases)
        info = kaartbron("info", eigenschappen)
    m = base_map(geo.bbox, tiles)
    laag = GebiedenLaag(
        geo, info, aliases, max(len(breaks) - 1, 1), layer_name, eigenschappen=eigenschappen
    )
    laag.add_to(m)
    return offline(m)


def choropleth_info(
    geo: Geobron,
    values: Mapping[str, float | None],
    breaks: Sequence[float],
    labels: Mapping[str, Mapping[str, str]],
    aliases: Mapping[str, str],
) -> Kaartbron:
    """The per-indicator values of a choropleth, published once per indicator and area set."""
    return kaartbron("info", choropleth_eigenschappen(geo.codes, values, breaks, labels, aliases))


def gebieden_laag(m: folium.Map) -> GebiedenLaag:
    """The choropleth layer of a map built by ``choropleth`` (for tests and the bench)."""
    return next(c for c in m._children.values() if isinstance(c, GebiedenLaag))


def gekozen_gebied(returned: Mapping | None) -> str | None:
    """The area code a user clicked, from st_folium's returned dict (None if nothing)."""
    if not returned:
        return None
    drawing = returned.get("last_active_drawing")
    if isinstance(drawing, Mapping):
        props = drawing.get("properties") or {}
        code = props.get("code") or drawing.get("id")
        if isinstance(code, str) and code[:2] in {"WK", "GM", "BU"}:
            return code
    return None


def klik_sleutel(returned: Mapping | None) -> str | None:
    """Identify one click: the area plus the clicked point.

    st_folium keeps returning the last click on every rerun; comparing this key with the
    previous one tells a new click (even on the same wijk) from a repeat.
    """
    code = gekozen_gebied(returned)
    if code is None:
        return None
    punt = (returned or {}).get("last_object_clicked") or {}
    return f"{code}@{punt.get('lat')},{punt.get('lng')}"


@dataclass(frozen=True)
class Keuze:
    """What a new click on the map asks the page to select."""

    gemeente: str | None
    wijk: str | None


def keuze_na_klik(
    returned: Mapping | None, vorige_sleutel: str | None, gemeente: str
) -> tuple[Keuze | None, str | None]:
    """Turn a map click into a selection; None when nothing new was clicked.

    A wijk in another gemeente (national view) selects that gemeente too; a gemeente
    (national gemeenten view) selects the gemeente.
    """
    sleutel = klik_sleutel(returned)
    if sleutel is None or sleutel == vorige_sleutel:
        return None, vorige_sleutel if sleutel is None else sleutel
    code = gekozen_gebied(returned)
    assert code is not None
    if code.startswith("GM"):
        return Keuze(code, None), sleutel
    gm, wijk = gemeente_van(code), wijk_van(code)
    return Keuze(gm if gm != gemeente else None, wijk), sleutel


class Omtrek(MacroElement):
    """The outline of one area taken from geometry the browser already holds."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (groep, geo, code) {
            var f = geo && geo.features.filter(function (x) { return x.id === code; })[0];
            if (!f) { return; }
            [["white", 8], ["black", 4]].forEach(function (s) {
                L.geoJson(f, {interactive: false, style: {color: s[0], weight: s[1], fill: false}})
                    .addTo(groep);
            });
        })(
            {{ this._parent.get_name() }},
            (window.PK_KAART || {})[{{ this.bron_json }}],
            {{ this.code_json }}
        );
        {% endmacro %}
        """
    )

    def __init__(self, bron: str, code: str) -> None:
        super().__init__()
        self._name = "Omtrek"
        self.bron, self.code = bron, code

    bron_json = property(lambda self: veilig_json(self.bron))
    code_json = property(lambda self: veilig_json(self.code))


def markering(
    geometry: dict | None = None,
    naam: str = "Gekozen gebied",
    *,
    bron: Geobron | None = None,
    code: str | None = None,
) -> folium.FeatureGroup:
    """A thick outline (white halo, black line) around the chosen area; not clickable.

    Drawn as a separate layer so the cached base map does not change when a wijk is chosen.
    With ``bron``/``code`` the outline comes from geometry the browser already loaded
    (a few bytes); ``geometry`` sends the area's own coordinates (e.g. a wijk around buurten).
    """
    fg = folium.FeatureGroup(name=naam, control=False)
    if bron is not None and code is not None:
        Omtrek(bron.bron.sleutel, code).add_to(fg)
        return fg
    assert geometry is not None
    polys = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    for poly in polys:
        for ring in poly:
            latlon = [[y, x] for x, y in ring]
            for kleur, dikte in (("#ffffff", 8), ("#000000", 4)):
                lijn = folium.PolyLine(latlon, color=kleur, weight=dikte)
                # folium drops Leaflet's `interactive`; set it so clicks reach the wijk below.
                lijn.options["interactive"] = False
                lijn.add_to(fg)
    return fg
