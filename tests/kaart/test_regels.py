"""ONE rule for who a service serves and which ages fit, shared by search and the plan.

Issue 7: a service with only a location in WK193001 was found for that wijk on "Waar
verwijs ik naar?" but counted as zero supply there in the Preventieplan. Each row below
is checked three ways: the rule itself, the search page's index, and the plan's
vraag-aanbod; they must agree.
"""

from __future__ import annotations

from datetime import date

import pytest

from planner.gebieden import Gebiedscode
from planner.kaart.model import (
    DienstOverzicht,
    KaartData,
    Location,
    Organisation,
    Preventieniveau,
    Service,
    ServiceAtLocation,
    Trede,
    Vestiging,
)
from planner.kaart.regels import bedient, leeftijd_past
from planner.kaart.search import Zoekindex, Zoekvraag, search
from planner.plan.aanbod import WijkVraag, vraag_aanbod
from planner.plan.adapters import diensten_uit_kaart

WIJKEN = ("WK193001", "WK193002", "WK199201")


def _dienst(werkgebied=(), locaties=(), vertrouwelijk=False) -> DienstOverzicht:
    """``locaties``: (gemeente, wijk) per location."""
    s = Service(
        id="s",
        organization_id="o",
        name="Hulp",
        werkgebied=tuple(werkgebied),
        trede=Trede.PREVENTIE,
        preventieniveau=Preventieniveau.UNIVERSEEL,
    )
    vestigingen = tuple(
        Vestiging(
            ServiceAtLocation(f"sal{i}", "s", f"l{i}"),
            Location(
                id=f"l{i}",
                gemeente_code=gm,
                wijk_code=wk,
                adres_vertrouwelijk=vertrouwelijk,
                publieke_contactroute="Via Veilig Thuis" if vertrouwelijk else None,
            ),
        )
        for i, (gm, wk) in enumerate(locaties)
    )
    return DienstOverzicht(s, Organisation("o", "Org"), vestigingen)


# (case, service, areas served among WK193001, WK193002, WK199201, GM1930, GM1992)
BEDIENT = [
    ("werkgebied gemeente", _dienst(["GM1930"]), {"WK193001", "WK193002", "GM1930"}),
    ("werkgebied één wijk", _dienst(["WK193001"]), {"WK193001", "GM1930"}),
    (
        "alleen een locatie in een wijk (issue 7)",
        _dienst(locaties=[("GM1930", "WK193001")]),
        {"WK193001", "GM1930"},
    ),
    (
        "locatie zonder wijk: de hele gemeente",
        _dienst(locaties=[("GM1992", None)]),
        {"WK199201", "GM1992"},
    ),
    (
        "werkgebied gaat voor de locatie",
        _dienst(["GM1992"], locaties=[("GM1930", "WK193001")]),
        {"WK199201", "GM1992"},
    ),
    (
        "locaties in twee gemeenten",
        _dienst(locaties=[("GM1930", "WK193002"), ("GM1992", None)]),
        {"WK193002", "GM1930", "WK199201", "GM1992"},
    ),
    (
        "vertrouwelijk adres: alleen de gemeente telt",
        _dienst(locaties=[("GM1930", "WK193001")], vertrouwelijk=True),
        {"WK193001", "WK193002", "GM1930"},
    ),
    (
        "geen werkgebied en geen locatie: landelijk",
        _dienst(),
        {"WK193001", "WK193002", "WK199201", "GM1930", "GM1992"},
    ),
]
GEBIEDEN = (*WIJKEN, "GM1930", "GM1992")


@pytest.mark.parametrize(
    ("dienst", "verwacht"), [b[1:] for b in BEDIENT], ids=[b[0] for b in BEDIENT]
)
def test_search_and_plan_agree_on_who_a_service_serves(dienst, verwacht):
    assert {g for g in GEBIEDEN if bedient(dienst, g)} == verwacht
    # the search page
    index = Zoekindex.bouw([dienst])
    gevonden = set()
    for g in GEBIEDEN:
        vraag = Zoekvraag(wijk=g) if g.startswith("WK") else Zoekvraag(gemeente=g)
        if search(index, vraag, date(2026, 11, 23)):
            gevonden.add(g)
    assert gevonden == verwacht
    # the preventieplan's vraag-aanbod, per wijk, from the same kaart
    kaart = KaartData(
        services=(dienst.service,),
        locations=tuple(v.location for v in dienst.vestigingen),
        service_at_locations=tuple(v.service_at_location for v in dienst.vestigingen),
    )
    diensten, _ = diensten_uit_kaart(kaart.services, kaart)
    wijken = [WijkVraag(w, w, str(Gebiedscode(w).gemeente), 100) for w in WIJKEN]
    geteld = {r.wijk.code for r in vraag_aanbod(wijken, diensten) if r.aantal}
    assert geteld == {g for g in verwacht if g.startswith("WK")}


@pytest.mark.parametrize(
    ("minimum", "maximum", "van", "tot", "past"),
    [
        (0, 4, 4, None, True),  # both limits inclusive
        (0, 4, 4.5, None, False),
        (0.5, 3.9, 0.25, None, False),  # decimal ages: three months is too young
        (0.5, 3.9, 0.5, None, True),
        (None, None, 80, None, True),
        (18, None, 17.9, None, False),
        (0, 0.5, 0, 4, True),  # a band [0, 4): overlap
        (17.5, 23, 12, 18, True),  # 17.5 lies in [12, 18): flooring to 17 is not needed
        (18, 23, 12, 18, False),  # 18 is not in [12, 18)
        (4, 12, 0, 4, False),
    ],
)
def test_one_age_rule(minimum, maximum, van, tot, past):
    assert leeftijd_past(minimum, maximum, van, tot) is past
    if tot is None:
        s = Service(
            id="s", organization_id="o", name="x", leeftijd_min=minimum, leeftijd_max=maximum
        )
        assert s.past_bij_leeftijd(van) is past  # the search filter uses the same rule
        index = Zoekindex.bouw([DienstOverzicht(s, Organisation("o", "Org"))])
        assert bool(search(index, Zoekvraag(leeftijd=van), date(2026, 11, 23))) is past


@pytest.mark.parametrize(
    ("code", "gemeente", "soort"),
    [
        ("WK193001", "GM1930", "wijk"),
        ("GM1930", "GM1930", "gemeente"),
        ("bu19300101", "GM1930", "buurt"),
    ],
)
def test_area_code_knows_its_gemeente(code, gemeente, soort):
    c = Gebiedscode(code)
    assert (c.gemeente, c.soort) == (gemeente, soort)


@pytest.mark.parametrize("fout", ["", "GM193", "WK19300", "1930", "XX193001"])
def test_bad_area_codes_are_refused_in_dutch(fout):
    with pytest.raises(ValueError, match="geen CBS-gebiedscode"):
        Gebiedscode(fout)


@pytest.mark.parametrize(
    ("code", "tekst"),
    [("GM1930", "Nissewaard (GM1930)"), ("GM9999", "GM9999"), ("", "Alle")],
)
def test_a_filter_option_reads_as_name_and_code(code, tekst):
    from planner.gebieden import keuze_naam

    assert keuze_naam({"GM1930": "Nissewaard"}, code) == tekst
