"""Map builders inspected as folium objects: features, tooltips, styles, no CDN."""

from __future__ import annotations

import json
import re

import pytest

from planner import maps
from planner.wijken import indicators as ind
from planner.wijken import weergave


@pytest.fixture
def nissewaard_map(cbs_real):
    reeks = ind.bereken(cbs_real, ind.by_id("laag_inkomen"))
    areas = weergave.gebieden(cbs_real, "wijken", "GM1930")
    codes = list(areas["code"])
    geom = maps.prepare_geometry(cbs_real.wijken_van("GM1930"))
    vals = weergave.kaart_waarden(reeks, codes)
    m = maps.choropleth(
        geom,
        vals,
        ind.klassen(reeks.waarde.reindex(codes)),
        weergave.tooltips(cbs_real, reeks, areas),
        weergave.TOOLTIP_ALIASES,
        tiles="pdok",
    )
    return m, codes, vals


def _geojson_layer(m):
    return maps.gebieden_laag(m)


def _bestand(bron: maps.Kaartbron):
    """The data a published file gives the browser (window.PK_KAART[sleutel])."""
    from planner import assets

    assert bron.url and bron.url.startswith(assets.KAARTDATA_URL + "/")
    tekst = (assets.KAARTDATA_DIR / bron.url.rsplit("/", 1)[1]).read_text(encoding="utf-8")
    kop, _, data = tekst.partition("] = ")
    assert json.dumps(bron.sleutel) in kop
    return json.loads(data.rstrip().rstrip(";"))


def test_one_feature_per_wijk_with_tooltip_fields(nissewaard_map):
    m, codes, _ = nissewaard_map
    layer = _geojson_layer(m)
    feats = _bestand(layer.geo.bron)["features"]
    assert sorted(f["id"] for f in feats) == sorted(codes)
    assert list(layer.aliases) == ["naam", "waarde", "gemeente", "nl"]
    assert list(layer.aliases.values()) == ["Gebied", "Waarde", "Gemeente", "Nederland"]
    info = _bestand(layer.info)
    assert info == layer.eigenschappen
    assert info["WK193001"]["waarde"] == "54,1%"
    assert info["WK193001"]["nl"] == "40%"


def test_map_script_refers_to_files_and_stays_small(nissewaard_map):
    m, _, _ = nissewaard_map
    layer = _geojson_layer(m)
    rendered = m.get_root().render()
    # geometry and values are loaded as scripts, not pasted into the map
    assert layer.geo.bron.url in rendered and layer.info.url in rendered
    assert "WK193001" not in rendered and "coordinates" not in rendered


def test_missing_values_are_styled_distinctly(nissewaard_map):
    m, _, vals = nissewaard_map
    layer = _geojson_layer(m)
    missing = [c for c, v in vals.items() if v is None]
    assert missing, "WK199233-like suppressed wijken exist in Nissewaard too"
    style = layer.stijl(missing[0])
    assert style["dashArray"] == maps.MISSING_STYLE["dashArray"]
    assert style["fillColor"] == maps.MISSING_FILL
    assert layer.eigenschappen[missing[0]]["waarde"].startswith("geen gegevens")
    present = next(c for c, v in vals.items() if v is not None)
    assert layer.stijl(present)["fillColor"] in maps.PALET


def test_unwritable_disk_sends_the_data_inline(monkeypatch, cbs_real):
    from planner import assets

    def vol(*_a, **_k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(assets, "publiceer", vol)
    geom = maps.prepare_geometry(cbs_real.wijken_van("GM1930"))
    m = maps.choropleth(geom, {}, [], {}, {"naam": "Gebied"}, tiles="geen")
    layer = _geojson_layer(m)
    assert layer.geo.bron.url is None and layer.default_js == []
    assert "WK193001" in m.get_root().render()


def test_no_cdn_assets_only_tiles_are_remote(nissewaard_map):
    m, _, _ = nissewaard_map
    html = m.get_root().render()
    links = maps.asset_links(m)
    assert links and all(
        u.startswith(("/app/static/vendor/", "/app/static/kaartdata/")) for u in links
    )
    remote = re.findall(r'(?:src|href)="(https?://[^"]+)"', html)
    assert remote == [], remote
    assert "service.pdok.nl" in html  # the basemap, with attribution
    assert "Kadaster" in html


def test_without_tiles_there_is_no_remote_request(cbs_real):
    geom = maps.prepare_geometry(cbs_real.wijken_van("GM1930"))
    m = maps.choropleth(geom, {}, [], {}, {"naam": "Gebied"}, tiles="geen")
    assert "http" not in "".join(maps.asset_links(m))
    assert "service.pdok.nl" not in m.get_root().render()


def test_names_are_escaped_in_tooltips(synthetic):
    reeks = ind.bereken(synthetic, ind.by_id("sociaal_minimum"))
    areas = weergave.gebieden(synthetic, "wijken", "GM9999")
    geom = maps.prepare_geometry(synthetic.wijken_van("GM9999"))
    m = maps.choropleth(
        geom,
        weergave.kaart_waarden(reeks, list(areas["code"])),
        [8, 12],
        weergave.tooltips(synthetic, reeks, areas),
        weergave.TOOLTIP_ALIASES,
    )
    props = _geojson_layer(m).eigenschappen["WK999901"]
    assert "<b>" not in props["naam"]
    assert "&lt;b&gt;" in props["naam"]
    assert "<b>" not in json.dumps(_bestand(_geojson_layer(m).info))


def test_prepared_geometry_is_slim_and_rounded(cbs_real):
    geom = maps.prepare_geometry(cbs_real.wijken_van("GM1930"))
    f = geom["features"][0]
    assert set(f["properties"]) == {"code"}
    text = json.dumps(f["geometry"])
    assert not re.search(r"\d\.\d{4,}", text)


@pytest.mark.parametrize(
    ("returned", "code"),
    [
        (None, None),
        ({}, None),
        ({"last_active_drawing": None}, None),
        (
            {"last_active_drawing": {"id": "WK193001", "properties": {"code": "WK193001"}}},
            "WK193001",
        ),
        ({"last_active_drawing": {"properties": {}, "id": "GM1930"}}, "GM1930"),
        ({"last_active_drawing": {"properties": {"code": "<script>"}}}, None),
    ],
)
def test_clicked_area_from_st_folium_dict(returned, code):
    assert maps.gekozen_gebied(returned) == code


@pytest.mark.parametrize(
    ("value", "breaks", "k"),
    [(1, [1, 2, 3], 0), (2, [1, 2, 3], 0), (2.5, [1, 2, 3], 1), (9, [1, 2, 3], 1), (5, [5], 0)],
)
def test_class_index(value, breaks, k):
    assert maps.klasse_index(value, breaks) == k


def test_legend_counts_missing(synthetic):
    leg = maps.legenda({"a": 1.0, "b": None, "c": 3.0}, [1, 2, 3], str)
    assert leg[-1].aantal == 1 and "geen gegevens" in leg[-1].tekst
    assert sum(k.aantal for k in leg) == 3


def _klik(code, lat=51.85, lng=4.3):
    return {
        "last_active_drawing": {"id": code, "properties": {"code": code}},
        "last_object_clicked": {"lat": lat, "lng": lng},
    }


@pytest.mark.parametrize(
    ("returned", "vorige", "gemeente", "keuze"),
    [
        (None, None, "GM1930", None),
        (_klik("WK193012"), None, "GM1930", maps.Keuze(None, "WK193012")),
        # st_folium repeats the last click on every rerun: not a new choice
        (_klik("WK193012"), "WK193012@51.85,4.3", "GM1930", None),
        # the same wijk clicked again at another point after choosing another wijk in the list
        (_klik("WK193012", 51.86), "WK193012@51.85,4.3", "GM1930", maps.Keuze(None, "WK193012")),
        # national view: a wijk of another gemeente selects that gemeente too
        (_klik("WK199200"), None, "GM1930", maps.Keuze("GM1992", "WK199200")),
        (_klik("GM1924"), None, "GM1930", maps.Keuze("GM1924", None)),
        (_klik("BU19300101"), None, "GM1930", maps.Keuze(None, "WK193001")),
    ],
)
def test_click_becomes_a_selection(returned, vorige, gemeente, keuze):
    assert maps.keuze_na_klik(returned, vorige, gemeente)[0] == keuze


def test_outline_from_loaded_geometry_is_a_few_bytes(cbs_real):
    geo = maps.geobron(maps.prepare_geometry(cbs_real.wijken))
    fg = maps.markering(bron=geo, code="WK193001")
    m = maps.base_map(geo.bbox, "geen")
    fg.add_to(m)
    script = m.get_root().render()
    assert json.dumps(geo.bron.sleutel) in script and '"WK193001"' in script
    assert "interactive: false" in script
    # the whole map with the outline stays small: no coordinates of any wijk in it
    assert "coordinates" not in script and len(script) < 5_000


def test_outline_layer_is_not_clickable():
    fg = maps.markering(
        {"type": "MultiPolygon", "coordinates": [[[[4, 52], [4.1, 52], [4.1, 52.1], [4, 52]]]] * 2}
    )
    lines = list(fg._children.values())
    assert len(lines) == 4  # two rings, each a white halo and a black line
    assert all(line.options["interactive"] is False for line in lines)
