"""The result map as a folium object: markers, escaped popups, no CDN — never pixels."""

from __future__ import annotations

import html
import json
import re

import pytest
from kaartvoorbeeld import SPIJKENISSE, VANDAAG, XSS, dienst, voorbeeldkaart

from planner.kaart.kaartlaag import (
    REGIO_BOUNDS,
    MarkerLaag,
    clicked_point,
    marker_punten,
    markers,
    popup_html,
    result_map,
    veilig_json,
)
from planner.kaart.search import Zoekindex, Zoekvraag, search
from planner.maps import asset_links
from planner.settings import PROJECT_ROOT

PUNTEN = re.compile(r"\}\)\(marker_laag_\w+, (\[.*?\]), L\.icon\(", re.S)
REMOTE_ASSET = re.compile(r"""<(?:script|link)[^>]+(?:src|href)=["']?(?:https?:)?//""", re.I)


@pytest.fixture(scope="module")
def treffers():
    return search(Zoekindex.bouw(voorbeeldkaart()), Zoekvraag(), VANDAAG)


def _punten(rendered: str) -> list[list]:
    """The marker data list exactly as the browser's script receives it."""
    (lijst,) = PUNTEN.findall(rendered)
    punten = json.loads(lijst)
    assert all(isinstance(p, list) and len(p) == 5 for p in punten)
    return punten


def test_one_clustered_marker_per_public_location(treffers):
    m = result_map(treffers, tiles="geen")
    found = markers(m)
    # 8 services; the vrouwenopvang has a confidential address and is never on the map
    assert len(found) == 7
    lagen = [c for c in m._children.values() if isinstance(c, MarkerLaag)]
    assert len(lagen) == 1  # one clustered layer holding every marker as data
    rendered = m.get_root().render()
    assert rendered.count("L.markerClusterGroup(") == 1 and "L.marker(" in rendered
    assert len(_punten(rendered)) == 7
    titles = {mk.naam for mk in found}
    assert "Vrouwenopvang regio" not in titles
    assert "Veilig Thuis Rotterdam Rijnmond" in titles


def test_prebuilt_markers_give_the_same_map(treffers):
    a = result_map(treffers, tiles="geen")
    b = result_map(marker_punten(treffers), tiles="geen")
    assert markers(a) == markers(b)


def test_popup_escapes_user_text(treffers):
    m = result_map(treffers, tiles="geen")
    (xss_marker,) = [mk for mk in markers(m) if mk.naam == XSS]
    assert "&lt;script&gt;" in xss_marker.popup and "<script" not in xss_marker.popup
    assert "&lt;img" in xss_marker.popup and "<img" not in xss_marker.popup
    assert "&lt;script&gt;" in xss_marker.tooltip
    rendered = m.get_root().render()
    assert "<script>alert" not in rendered
    # What Leaflet will insert as HTML (popup, tooltip): only escaped text, no live tag.
    shown = [h for p in _punten(rendered) for h in p[3:]]
    assert shown and not any("<script" in h or "<img" in h for h in shown)
    assert any("&lt;script&gt;" in h for h in shown)
    # The name itself goes to title/alt (DOM attribute values, inert text), unchanged.
    assert XSS in [p[2] for p in _punten(rendered)]


@pytest.mark.parametrize(
    "naam", ["`); alert(1); (`", "${alert(1)}", '"); alert(1); ("', "</script>"]
)
def test_names_cannot_break_out_of_javascript(naam):
    t = search(Zoekindex.bouw([dienst("a", naam, org=naam)]), Zoekvraag(), VANDAAG)
    rendered = result_map(t, tiles="geen").get_root().render()
    # The data list parses as JSON with the name as a string: nothing escapes into code.
    ((lat, lon, titel, popup, tooltip),) = _punten(rendered)
    assert titel == naam and isinstance(lat, float) and isinstance(lon, float)
    assert popup.startswith("<strong>") and html.escape(naam) in popup
    assert "</script>" not in popup + tooltip
    assert "</script>" not in PUNTEN.findall(rendered)[0]


def test_popup_has_contact_access_wait_and_verified_date(treffers):
    (vt,) = [t for t in treffers if t.id == "vt"]
    text = popup_html(vt)
    for expected in (
        "0800-2000",
        "vrij toegankelijk",
        "0 weken (peildatum 01-11-2026)",
        "01-09-2026",
    ):
        assert expected in text
    (training,) = [t for t in treffers if t.id == "training"]
    assert "verouderd" in popup_html(training)
    (amw,) = [t for t in treffers if t.id == "amw"]
    assert "onbekend" in popup_html(amw)


@pytest.mark.parametrize("tiles", ["geen", "pdok"])
def test_no_cdn_assets_only_tiles_may_be_remote(treffers, tiles):
    m = result_map(treffers, tiles=tiles, punt=SPIJKENISSE, straal_km=5)
    assert asset_links(m) and all(u.startswith("/app/static/vendor/") for u in asset_links(m))
    rendered = m.get_root().render()
    assert not REMOTE_ASSET.search(rendered)
    assert "markercluster" in rendered.lower()
    remote = set(re.findall(r"https?://[^\s\"'`)]+", rendered))
    if tiles == "geen":
        assert remote == set()
    else:
        assert remote and all(
            u.startswith(("https://service.pdok.nl/", "https://www.pdok.nl/")) for u in remote
        )


def test_point_and_radius_are_drawn(treffers):
    m = result_map(treffers, tiles="geen", punt=SPIJKENISSE, straal_km=5)
    kinds = [type(c).__name__ for c in m._children.values()]
    assert "Circle" in kinds and "CircleMarker" in kinds
    (circle,) = [c for c in m._children.values() if type(c).__name__ == "Circle"]
    assert circle.options["radius"] == 5000


def test_empty_results_show_the_region():
    m = result_map([], tiles="geen")
    assert markers(m) == []
    minx, miny, maxx, maxy = REGIO_BOUNDS
    assert m.location == [(miny + maxy) / 2, (minx + maxx) / 2]


@pytest.mark.parametrize(
    ("returned", "punt"),
    [
        (None, None),
        ({}, None),
        ({"last_clicked": None}, None),
        ({"last_clicked": {"lat": 51.8451234, "lng": 4.3291234}}, (51.84512, 4.32912)),
        ({"last_clicked": {"lat": "51", "lng": 4}}, None),
        ({"last_clicked": {"lat": 95, "lng": 4}}, None),
    ],
)
def test_clicked_point_from_st_folium(returned, punt):
    assert clicked_point(returned) == punt


TEMPLATE_NAMEN = [
    "Hulp {{7*7}} gezin",
    "Hulp {{ lipsum.__globals__.os.getcwd() }}",
    "Hulp {% bij %} gezin",
    "Hulp {# gezin",
    "Hulp #} {%- raw %} gezin",
    "Hulp `${7*7}` gezin",
]


@pytest.mark.parametrize("naam", TEMPLATE_NAMEN)
def test_names_are_never_evaluated_as_templates(naam):
    """folium re-parses generated scripts as Jinja: a name must stay literal text."""
    t = search(Zoekindex.bouw([dienst("a", naam, org=naam)]), Zoekvraag(), VANDAAG)
    rendered = result_map(t, tiles="geen").get_root().render()
    assert "Hulp 49" not in rendered
    assert str(PROJECT_ROOT) not in rendered
    ((_, _, titel, popup, tooltip),) = _punten(rendered)
    # title and alt of the marker keep the literal name; popup and tooltip its escaped text
    assert titel == naam
    assert html.escape(naam) in popup and html.escape(naam) in tooltip
    # no Jinja delimiter survives anywhere in the page
    assert not re.search(r"\{\{|\{%|\{#", rendered)


def test_safe_json_escapes_template_and_html_characters():
    uit = veilig_json({"t": "{{x}} {% y %} {# z <b> & ' ` ${a}", "n": [1, None, True]})
    assert not set("#<>&'`$") & set(uit) and "{{" not in uit and "{%" not in uit
    assert json.loads(uit) == {"t": "{{x}} {% y %} {# z <b> & ' ` ${a}", "n": [1, None, True]}


def test_popup_labels_sample_entries():
    from dataclasses import replace

    vb = dienst("vb", "Voorbeeldhulp", wacht=3)
    vb = replace(vb, service=replace(vb.service, voorbeeld=True))
    treffers = {
        t.id: t for t in search(Zoekindex.bouw([vb, dienst("echt", "Echt")]), Zoekvraag(), VANDAAG)
    }
    assert "Voorbeeldgegevens" in popup_html(treffers["vb"])
    assert "voorbeeldwaarde, geen echte meting" in popup_html(treffers["vb"])
    assert "oorbeeld" not in popup_html(treffers["echt"])


def test_marker_script_is_added_as_text_not_compiled_again(treffers, monkeypatch):
    """Issue 13: the rendered marker script is big (all points); branca would compile it as
    a Jinja template once more on every render. Same page, without that compile."""
    import jinja2
    from branca.element import MacroElement
    from folium.elements import JSCSSMixin

    from planner.kaart import kaartlaag

    kaart = result_map(treffers, tiles="geen")
    bronnen: list[str] = []
    origineel = jinja2.Environment.from_string

    def telt(self, source, *args, **kwargs):
        bronnen.append(str(source))
        return origineel(self, source, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "from_string", telt)
    nu = kaart.get_root().render()
    assert not any("markerClusterGroup" in b for b in bronnen)
    assert issubclass(kaartlaag.MarkerLaag, (JSCSSMixin, MacroElement))
    monkeypatch.setattr(kaartlaag.MarkerLaag, "render", JSCSSMixin.render)  # branca's own way
    assert kaart.get_root().render() == nu
    assert any("markerClusterGroup" in b for b in bronnen)  # …which does compile it
