"""Pictures for the plan: asserted on the matplotlib objects, never on pixels."""

from itertools import pairwise

import geopandas as gpd
import pytest
from shapely.geometry import box

from planner.plan.grafiek import KAART_BRON, kaart_figuur, kaart_nummers

WIJKEN = gpd.GeoDataFrame(
    {
        "code": ["WK01", "WK02", "WK03"],
        "naam": ["Zuid", "Centrum", "Noord"],
        "geometry": [
            box(4.0, 51.0, 4.01, 51.01),
            box(4.01, 51.0, 4.02, 51.01),
            box(4, 51, 4.001, 51.001),
        ],
    },
    crs=4326,
)


def test_signal_wijken_are_numbered_alphabetically_with_a_list():
    assert kaart_nummers(WIJKEN, ["WK01", "WK02"]) == [(1, "WK02", "Centrum"), (2, "WK01", "Zuid")]
    fig = kaart_figuur(WIJKEN, ["WK01", "WK02"], "Wijken", groot=True)
    kaart, lijst = fig.axes
    # On the map only numbers, so labels of small wijken cannot overlap into nonsense.
    assert sorted(t.get_text() for t in kaart.texts) == ["1", "2"]
    [legenda] = lijst.texts
    assert "1  Centrum\n2  Zuid" in legenda.get_text()
    bron = [t.get_text() for t in fig.texts]
    assert bron == [KAART_BRON] and "2024" in KAART_BRON
    assert fig.texts[0].get_fontsize() >= 12


def test_registration_chart_carries_its_source_inside_the_image():
    from planner.plan import registraties
    from planner.plan.grafiek import registratie_figuur

    rijen = [registraties.registratie_vs_prevalentie(r, 2013) for r in registraties.REGISTRATIES]
    fig = registratie_figuur(rijen, bron=registraties.GRAFIEK_BRON)
    teksten = [*fig.texts, *(t for ax in fig.axes for t in ax.texts)]
    tekst = " ".join(t.get_text() for t in teksten).replace("\n", " ")
    assert "Trimbos-instituut" in tekst and "2013" in tekst and "NPM-2017" in tekst


@pytest.mark.parametrize("huidig,groot", [(False, False), (True, True), (False, True)])
def test_registration_chart_legend_source_and_labels_do_not_overlap(huidig, groot):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from planner.plan import grafiek, registraties

    fig = grafiek.registratie_figuur(
        registraties.grafiekrijen(huidig), groot, bron=registraties.GRAFIEK_BRON
    )
    FigureCanvasAgg(fig)
    r = fig.canvas.get_renderer()
    fig.draw(r)
    ax, onder = fig.axes
    legenda = onder.get_legend().get_window_extent(r)
    bron = next(t for t in onder.texts if t.get_text().startswith("Bron")).get_window_extent(r)
    assert not legenda.overlaps(bron)
    labels = [t.get_window_extent(r) for t in ax.get_xticklabels()]
    for links, rechts in pairwise(labels):
        assert links.x1 < rechts.x0, "x-labels lopen in elkaar"
    assert all(not lab.overlaps(legenda) for lab in labels)
    # Names are wrapped at spaces or hyphens, never inside a word.
    woorden = {w for t in ax.get_xticklabels() for w in t.get_text().split()}
    assert "Hellevoetsluis" in woorden or "Nissewaard" in woorden


@pytest.mark.parametrize("groot", [False, True])
def test_numbers_of_small_neighbouring_wijken_do_not_cover_each_other(groot):
    """Five small wijken side by side (as in the centre of Spijkenisse): five readable circles."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    klein = gpd.GeoDataFrame(
        {
            "code": [f"WK{i:02d}" for i in range(6)],
            "naam": ["A", "B", "C", "D", "E", "Buitengebied"],
            "geometry": [box(4 + i * 0.002, 51, 4.002 + i * 0.002, 51.002) for i in range(5)]
            + [box(3.8, 50.9, 4.3, 51.2)],
        },
        crs=4326,
    )
    fig = kaart_figuur(klein, [f"WK{i:02d}" for i in range(5)], "Wijken", groot=groot)
    FigureCanvasAgg(fig)
    r = fig.canvas.get_renderer()
    fig.draw(r)
    kaart = fig.axes[0]
    cirkels = [t.get_bbox_patch().get_window_extent(r) for t in kaart.texts]
    assert len(cirkels) == 5
    for i, a in enumerate(cirkels):
        for b in cirkels[i + 1 :]:
            assert not a.overlaps(b), "genummerde cirkels liggen over elkaar"
    # A moved number keeps a line to its own wijk.
    assert any(t.arrow_patch is not None for t in kaart.texts)


def test_a_lone_number_stays_on_its_wijk():
    fig = kaart_figuur(WIJKEN, ["WK01"], "Wijken")
    [label] = fig.axes[0].texts
    assert label.xyann == label.xy and label.arrow_patch is None
