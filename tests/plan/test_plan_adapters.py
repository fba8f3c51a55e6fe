"""The adapters to the Wijkprofiel (real CBS data) and to sociale-kaart services."""

from dataclasses import replace

import pytest

from planner.kaart.model import Preventieniveau, Service, Status, Trede
from planner.plan.aanbod import vraag_aanbod
from planner.plan.adapters import (
    dienst_uit_kaart,
    diensten_uit_kaart,
    kerncijfers,
    regio_gemeenten,
    stap1,
)

SERVICE = Service(
    id="s1",
    organization_id="o1",
    name="Consultatiebureau",
    description="Voorlichting over huilen",
    leeftijd_min=0.5,
    leeftijd_max=3.9,
    trede=Trede.PREVENTIE,
    preventieniveau=Preventieniveau.GEINDICEERD,
    werkgebied=("GM1930", "WK199201"),
)


def test_kaart_service_becomes_dienst():
    d = dienst_uit_kaart(SERVICE)
    # decimal ages kept (the one age rule of planner.kaart.regels): 3.9 is not cut to 3
    assert (d.trede, d.niveau, d.leeftijd_van, d.leeftijd_tot) == (1, "geindiceerd", 0.5, 3.9)
    assert d.gemeenten == frozenset({"GM1930"}) and d.wijken == frozenset({"WK199201"})
    assert "huilen" in d.omschrijving
    assert d.bedient("WK193001", "GM1930") and d.bedient("WK199201", "GM1992")


@pytest.mark.parametrize(
    "wijziging",
    [{"trede": None}, {"preventieniveau": None}, {"status": Status.OPGEHEVEN}],
)
def test_unplaceable_or_inactive_services_are_counted_not_guessed(wijziging):
    diensten, overgeslagen = diensten_uit_kaart([SERVICE, replace(SERVICE, **wijziging)])
    assert len(diensten) == 1 and overgeslagen == 1


@pytest.fixture(scope="module")
def cbs_data(tmp_path_factory, cbs_dir):
    from planner.settings import Settings
    from planner.wijken.cbs import load_cbs
    from planner.wijken.indicators import alle_reeksen

    s = Settings.from_env(
        {
            "PREVENTIEKAART_HOME": str(tmp_path_factory.mktemp("home")),
            "PREVENTIEKAART_DATA_DIR": str(cbs_dir),
        }
    )
    data = load_cbs(s)
    return data, alle_reeksen(data)


def test_stap1_for_nissewaard(cbs_data):
    data, reeksen = cbs_data
    s = stap1(data, ["GM1930"], reeksen)
    assert len(s.wijken) == 23
    assert [w.naam for w in s.wijken] == sorted((w.naam for w in s.wijken), key=str)
    band = s.banden["GM1930"]
    assert round(band.laag) == 456 and round(band.hoog) == 643  # DOMAIN.md worked example
    assert [x.wijknaam for x in s.signalen] == sorted(x.wijknaam for x in s.signalen)
    assert all(x.aantal >= 2 for x in s.signalen)
    cijfers = {k.label: k.waarde for k in kerncijfers(s)}
    assert (
        cijfers["Geschat aantal kinderen per jaar dat kindermishandeling meemaakt – Nissewaard"]
        == "456 tot 643"
    )
    assert s.bronnen  # every figure carries a CBS source
    # Wijk child counts are estimates with their method and source; NL tables say so.
    assert all(w.schatting and "schatting" in w.bron and "CBS" in w.bron for w in s.wijken)
    assert s.kinderen_geschat


def test_regional_plan_and_region(cbs_data):
    data, reeksen = cbs_data
    regio = regio_gemeenten(data, "GM1930")
    assert regio[0] == "GM1930" and {"GM1992", "GM1924"} <= set(regio)
    s = stap1(data, ["GM1930", "GM1992"], reeksen)
    assert {w.gemeentecode for w in s.wijken} == {"GM1930", "GM1992"}
    assert set(s.banden) == {"GM1930", "GM1992"}
    # Services for the whole gemeente reach every one of its wijken.
    [centrum] = [w for w in s.wijken if w.naam == "Centrum" and w.gemeentecode == "GM1930"]
    [uit] = vraag_aanbod([centrum], [dienst_uit_kaart(SERVICE)])
    assert uit.aantal == 1 and "geen universeel preventieaanbod" in uit.tekorten
