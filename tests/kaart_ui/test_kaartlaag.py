"""The result map as a folium object: markers, escaped popups, no CDN — never pixels."""

from __future__ import annotations

import html
import json
import re

import pytest
from kaartvoorbeeld import SPIJKENISSE, VANDAAG, XSS, dienst, voorbeeldkaart

from planner.kaart.kaartlaag import (
    REGIO_BOUNDS,
    TekstBinding,
    clicked_point,
    markers,
    popup_html,
    result_map,
    veilig_json,
)
from planner.kaart.search import Zoekindex, Zoekvraag, search
from planner.maps import asset_links
from planner.settings import PROJECT_ROOT

BINDING_ARG = re.compile(r'\.(?:bindPopup|bindTooltip)\(\s*("(?:[^"\\]|\\.)*")\s*,\s*\{')
REMOTE_ASSET = re.compile(r"""<(?:script|link)[^>]+(?:src|href)=["']?(?:https?:)?//""", re.I)


@pytest.fixture(scope="module")
def treffers():
    return search(Zoekindex.bouw(voorbeeldkaart()), Zoekvraag(), VANDAAG)


def _bindings(marker, methode):
    return [
        c for c in marker._children.values() if isinstance(c, TekstBinding) and c.methode == methode
    ]


def test_one_clustered_marker_per_public_location(treffers):
    m = result_map(treffers, tiles="geen")
    found = markers(m)
    # 8 services; the vrouwenopvang has a confidential address and is never on the map
    assert len(found) == 7
    clusters = [c for c in m._children.values() if type(c).__name__ == "MarkerCluster"]
    assert len(clusters) == 1 and set(clusters[0]._children.values()) == set(found)
    titles = {mk.options["title"] for mk in found}
    assert "Vrouwenopvang regio" not in titles
    assert "Veilig Thuis Rotterdam Rijnmond" in titles


def test_popup_escapes_user_text(treffers):
    m = result_map(treffers, tiles="geen")
    (xss_marker,) = [mk for mk in markers(m) if mk.options["title"] == XSS]
    (popup,) = _bindings(xss_marker, "bindPopup")
    (tooltip,) = _bindings(xss_marker, "bindTooltip")
    assert "&lt;script&gt;" in popup.inhoud and "<script" not in popup.inhoud
    assert "&lt;img" in popup.inhoud and "<img" not in popup.inhoud
    assert "&lt;script&gt;" in tooltip.inhoud
    rendered = m.get_root().render()
    assert "<script>alert" not in rendered
    # What Leaflet will insert as HTML: only escaped text, no live tag.
    shown = [json.loads(a) for a in BINDING_ARG.findall(rendered)]
    assert shown and not any("<script" in h or "<img" in h for h in shown)
    assert any("&lt;script&gt;" in h for h in shown)
    # title/alt go to the marker as DOM attribute values (inert text), as JSON strings.
    assert f"alt: {json.dumps(XSS)}" in rendered.replace('"alt": ', "alt: ").replace(
        "\\u003c", "<"
    ).replace("\\u003e", ">")


@pytest.mark.parametrize(
    "naam", ["`); alert(1); (`", "${alert(1)}", '"); alert(1); ("', "</script>"]
)
def test_names_cannot_break_out_of_javascript(naam):
    t = search(Zoekindex.bouw([dienst("a", naam, org=naam)]), Zoekvraag(), VANDAAG)
    rendered = result_map(t, tiles="geen").get_root().render()
    # Each binding's first argument parses as one JSON string: nothing escapes into code.
    args = [json.loads(a) for a in BINDING_ARG.findall(rendered)]
    assert len(args) == 2 and all(isinstance(a, str) for a in args)
    assert args[0].startswith("<strong>") and html.escape(naam) in args[0]
    assert "</script>" not in "".join(args)


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
    args = [json.loads(a) for a in BINDING_ARG.findall(rendered)]
    assert len(args) == 2 and html.escape(naam) in args[0] and html.escape(naam) in args[1]
    # title and alt of the marker keep the literal name as well
    opties = re.search(r"L\.marker\(\s*\[[^\]]*\],\s*(\{.*?\})\s*\)\.addTo", rendered, re.S)
    assert opties and json.loads(opties.group(1))["title"] == naam
    assert json.loads(opties.group(1))["alt"] == naam
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
