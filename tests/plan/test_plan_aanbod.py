"""Vraag-aanbod with small handmade service sets (table-driven)."""

from dataclasses import replace

import pytest

from planner.plan.aanbod import (
    Dienst,
    WijkVraag,
    diensten_in_gebied,
    diensten_voor_actie,
    tekorten,
    vraag_aanbod,
)
from planner.plan.catalogus import catalogus

A = WijkVraag("WK193001", "Centrum", "GM1930", 2000)
B = WijkVraag("WK193002", "Noord", "GM1930", 500)
C = WijkVraag("WK199200", "Hellevoet", "GM1992", 0)


def d(
    id_,
    trede=1,
    niveau="universeel",
    van=0,
    tot=18,
    wijken=(),
    gemeenten=(),
    naam=None,
    omschrijving="",
):
    return Dienst(
        id_,
        naam or id_,
        trede,
        niveau,
        van,
        tot,
        frozenset(wijken),
        frozenset(gemeenten),
        omschrijving,
    )


ALLES_IN_A = [
    d("cb", 1, "universeel", 0, 4, wijken=["WK193001"]),
    d("sel", 1, "selectief", 4, 12, wijken=["WK193001"]),
    d("jgz", 2, "vroegsignalering", 0, 18, wijken=["WK193001"]),
    d("beh", 3, "Geïndiceerd", 12, 17, wijken=["WK193001"]),
    d("naz", 4, "geindiceerd", None, None, wijken=["WK193001"]),
]


@pytest.mark.parametrize(
    ("diensten", "wijk", "aantal", "per_1000", "tekort_bevat", "tekort_niet"),
    [
        ([], A, 0, 0.0, ["geen aanbod gevonden"], []),
        (ALLES_IN_A, A, 5, 2.5, [], ["geen universeel preventieaanbod"]),
        (ALLES_IN_A, B, 0, 0.0, ["geen aanbod gevonden"], []),
        (
            [d("gem", 1, "universeel", 0, 18, gemeenten=["GM1930"])],
            B,
            1,
            2.0,
            ["geen selectief aanbod", "geen aanbod op trede 3 (behandeling en begeleiding)"],
            ["geen universeel preventieaanbod", "geen aanbod voor 0-4 jaar"],
        ),
        (
            [d("tiener", 3, "geindiceerd", 12, 18, wijken=["WK193002"])],
            B,
            1,
            2.0,
            [
                "geen universeel preventieaanbod",
                "geen aanbod voor 0-4 jaar",
                "geen aanbod voor 4-12 jaar",
            ],
            ["geen aanbod voor 12-18 jaar"],
        ),
        (
            [d("peuter", 1, "universeel", 0, 3, wijken=["WK193002"])],
            B,
            1,
            2.0,
            ["geen aanbod voor 4-12 jaar", "geen aanbod voor 12-18 jaar"],
            ["geen aanbod voor 0-4 jaar"],
        ),
        ([d("x", 1, "universeel", gemeenten=["GM1930"])], C, 0, None, ["geen aanbod gevonden"], []),
        ([d("y", 1, "universeel", gemeenten=["GM1992"])], C, 1, None, [], []),
    ],
)
def test_vraag_aanbod(diensten, wijk, aantal, per_1000, tekort_bevat, tekort_niet):
    [uit] = vraag_aanbod([wijk], diensten)
    assert uit.aantal == aantal
    assert uit.per_1000_kinderen == per_1000
    for t in tekort_bevat:
        assert t in uit.tekorten
    for t in tekort_niet:
        assert t not in uit.tekorten


def test_counts_by_trede_and_niveau():
    [uit] = vraag_aanbod([A], ALLES_IN_A)
    assert uit.per_trede == {1: 2, 2: 1, 3: 1, 4: 1}
    assert uit.per_niveau == {
        "universeel": 1,
        "selectief": 1,
        "vroegsignalering": 1,
        "geindiceerd": 2,
    }
    assert uit.tekorten == ()


def test_gaps_list_all_missing_levels_and_treden():
    gaps = tekorten([d("a", 1, "universeel", 0, 18)])
    assert gaps == (
        "geen selectief aanbod",
        "geen vroegsignalering aanbod",
        "geen geïndiceerd aanbod",
        "geen aanbod op trede 2 (signaleren, melden en stoppen)",
        "geen aanbod op trede 3 (behandeling en begeleiding)",
        "geen aanbod op trede 4 (nazorg en herhaling voorkomen)",
    )


@pytest.mark.parametrize(
    ("actie", "diensten", "verwacht"),
    [
        # action 3 (huilen): trede 1, universeel/vroegsignalering, ages 0-1
        (
            3,
            [d("Huilspreekuur", 1, "universeel", 0, 1, omschrijving="hulp bij huilen")],
            [("Huilspreekuur", "huil")],
        ),
        (3, [d("Tienerhulp", 1, "universeel", 12, 18)], []),
        (3, [d("Behandeling", 3, "geindiceerd", 0, 1)], []),
        (
            8,
            [
                d("Groep kinderen", 4, "geïndiceerd", 6, 12, omschrijving="Psycho-educatie"),
                d("Anders", 3, "geindiceerd", 0, 18),
            ],
            # "Anders" only fits trede, level and age: not claimed (see diensten_op_niveau)
            [("Groep kinderen", "psycho-educatie")],
        ),
        (
            8,
            [d("Traumahulp", 3, "geindiceerd", 0, 18, omschrijving="Behandeling")],
            [],
        ),
    ],
)
def test_services_that_deliver_an_action(actie, diensten, verwacht):
    uit = diensten_voor_actie(catalogus().actie(actie), diensten)
    assert [(lev.dienst.naam, lev.trefwoord) for lev in uit] == verwacht


GEBIED = [
    d("gem", gemeenten=["GM1930"]),
    d("wijkdienst", wijken=["WK193001"]),
    d("elders", gemeenten=["GM1992"]),
    d("zonder"),
]


@pytest.mark.parametrize(
    ("gemeenten", "wijken", "verwacht"),
    [
        # a wijk service lies in its gemeente: found there in search, so also in the plan
        (["GM1930"], [], ["gem", "wijkdienst"]),
        (["GM1930"], ["WK193001", "WK193002"], ["gem", "wijkdienst"]),
        (["GM1930", "GM1992"], [], ["elders", "gem", "wijkdienst"]),
        (["GM1924"], [], []),
    ],
)
def test_only_services_in_the_plan_area(gemeenten, wijken, verwacht):
    assert sorted(x.id for x in diensten_in_gebied(GEBIED, gemeenten, wijken)) == verwacht


def test_table_marks_only_estimated_children_and_names_its_sources():
    from datetime import date

    from planner.plan.aanbod import aanbod_bronnen, aanbod_tabel

    geteld = WijkVraag("GM1930", "Nissewaard", "GM1930", 16725, False, "CBS 85383NED, 2024")
    geschat = WijkVraag(
        "WK193001", "Centrum", "GM1930", 2000, True, "CBS 85984NED, 2024 (schatting)"
    )
    dienst = replace(d("x", gemeenten=["GM1930"]), gecontroleerd=date(2026, 3, 1), voorbeeld=True)
    rijen = vraag_aanbod([geteld, geschat], [dienst])
    tabel = aanbod_tabel(rijen)
    assert [r["Kinderen 0-17"] for r in tabel] == ["16.725", "2.000 (schatting)"]
    assert tabel[1]["Aanbod (aantal)"] == "1"
    bronnen = aanbod_bronnen(rijen, [dienst])
    assert bronnen[:2] == [
        "Kinderen 0-17: CBS 85383NED, 2024",
        "Kinderen 0-17: CBS 85984NED, 2024 (schatting)",
    ]
    assert "sociale kaart" in bronnen[2] and "01-03-2026" in bronnen[2]
    assert "voorbeeldgegevens" in bronnen[2]


def _voorbeeldkaart() -> list[Dienst]:
    """The shipped sample sociale kaart, read straight from the CSV (one row per location)."""
    import csv

    from planner.settings import PROJECT_ROOT

    uit: dict[str, Dienst] = {}
    with open(PROJECT_ROOT / "data" / "sociale_kaart_voorbeeld.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            werk = r["werkgebied"].split("|")
            uit.setdefault(
                r["id"],
                Dienst(
                    r["id"],
                    r["naam"],
                    int(r["trede"]),
                    r["preventieniveau"],
                    int(float(r["leeftijd_min"])) if r["leeftijd_min"] else None,
                    int(float(r["leeftijd_max"])) if r["leeftijd_max"] else None,
                    frozenset(c for c in werk if c.startswith("WK")),
                    frozenset(c for c in werk if c.startswith("GM")),
                    " ".join(x for x in (r["omschrijving"], r["interventie"], r["doelgroep"]) if x),
                    frozenset(r["probleemgebieden"].split("|")),
                ),
            )
    return list(uit.values())


# What the sample kaart may claim per action: only services whose text or problem area
# points at the action. Level-only fits (e.g. the shelter for action 5, Veilig Thuis for
# action 4) are not claimed.
VERWACHT_VOORBEELD = {
    1: {"voorzorg"},
    2: {"cjg-jgz"},
    3: {"cjg-jgz"},
    4: {"cjg-jgz"},
    5: {"jot-nissewaard"},
    6: set(),
    7: set(),
    8: set(),
    9: {"vrouwenopvang"},
    10: {"vt-rotterdam-rijnmond", "vt-zuid-holland-zuid"},
}


@pytest.mark.parametrize(("nummer", "verwacht"), VERWACHT_VOORBEELD.items())
def test_sample_kaart_claims_only_matching_services(nummer, verwacht):
    kaart = _voorbeeldkaart()
    actie = catalogus().actie(nummer)
    assert {lev.dienst.id for lev in diensten_voor_actie(actie, kaart)} == verwacht


def test_level_only_fits_are_listed_separately():
    from planner.plan.aanbod import diensten_op_niveau

    kaart = _voorbeeldkaart()
    vijf = catalogus().actie(5)
    assert "vrouwenopvang" in {d.id for d in diensten_op_niveau(vijf, kaart)}
    assert "vt-rotterdam-rijnmond" in {
        d.id for d in diensten_op_niveau(catalogus().actie(4), kaart)
    }


def test_problem_area_counts_only_with_trede_and_level():
    trauma = frozenset({"trauma"})
    past = replace(d("Traumahulp", 3, "geindiceerd"), probleemgebieden=trauma)
    ander_niveau = replace(d("Cursus", 1, "universeel"), probleemgebieden=trauma)
    uit = diensten_voor_actie(catalogus().actie(8), [past, ander_niveau])
    assert [(lev.dienst.naam, lev.probleemgebied) for lev in uit] == [("Traumahulp", "trauma")]


@pytest.mark.parametrize(
    ("wijk", "trede1", "universeel", "trede3"),
    [
        (A, "1 (2)", "0,5 (1)", "0 (0)"),  # 2,000 children
        (B, "4 (2)", "2 (1)", "0 (0)"),  # 500 children
        (C, "2", "1", "0"),  # children unknown (0): counts only
    ],
)
def test_table_gives_treden_and_levels_per_1000_children(wijk, trede1, universeel, trede3):
    from planner.plan.aanbod import aanbod_tabel

    diensten = [
        d("u", 1, "universeel", gemeenten=["GM1930", "GM1992"]),
        d("s", 1, "selectief", gemeenten=["GM1930", "GM1992"]),
    ]
    [rij] = aanbod_tabel(vraag_aanbod([wijk], diensten))
    assert rij["Trede 1 per 1.000"] == trede1
    assert rij["Universeel per 1.000"] == universeel
    assert rij["Trede 3 per 1.000"] == trede3


def test_tiny_wijk_gets_no_rate_but_a_reason():
    """Halfweg (WK193016) has 5 inhabitants: one service must not read '1.000 per 1.000'."""
    from planner.plan.aanbod import aanbod_tabel

    halfweg = WijkVraag("WK193016", "Halfweg", "GM1930", 1, schatting=True)
    [rij] = aanbod_tabel(vraag_aanbod([halfweg], [d("u", 1, "universeel", gemeenten=["GM1930"])]))
    assert rij["Aanbod (aantal)"] == "1"
    assert rij["Aanbod per 1.000 kinderen"].startswith("niet berekend: minder dan 100 kinderen")
    assert rij["Trede 1 per 1.000"] == "1"
    assert "1.000" not in rij["Trede 1 per 1.000"]
