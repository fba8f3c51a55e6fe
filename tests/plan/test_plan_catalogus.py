"""Every action in data/tien_acties.json is fully documented (datasette test_docs style)."""

import json

import pytest

from planner.plan.catalogus import (
    CATALOGUS_PAD,
    NIVEAUS,
    NOG_NAGAAN,
    SPECTRUM,
    TREDEN,
    catalogus,
    niveau_sleutel,
)

VELDEN = (
    "nummer",
    "titel",
    "bron",
    "uitleg",
    "doelgroep",
    "leeftijd",
    "niveaus",
    "spectrum",
    "treden",
    "trefwoorden",
    "voorbeelden",
    "indicatoren",
)
OFFICIELE_TITELS = {
    1: "Screening en hulp voor zwangere vrouwen in hoog-risicosituaties",
    2: "Alle jonge ouders voorlichten over geweldloos opvoeden",
    3: "Alle jonge ouders leren omgaan met huilgedrag van baby's",
    4: "Gespreksprotocollen en screeningslijsten invoeren in de JGZ",
    5: "Opvoedondersteuning bij ernstige opvoed- en opgroeiproblemen",
    6: "Alle kinderen voorlichten over mishandeling en waar ze voor hulp terecht kunnen",
    7: "Alle professionals leren kindermishandeling te herkennen volgens een meldcode",
    8: "Psycho-educatie na huiselijk geweld",
    9: "Passende zorg voor kinderen in de vrouwenopvang",
    10: "Inwoners voorlichten waar ze terecht kunnen voor advies",
}
RUW = json.loads(CATALOGUS_PAD.read_text(encoding="utf-8"))


@pytest.mark.parametrize("rij", RUW["acties"], ids=lambda r: f"actie{r.get('nummer')}")
def test_every_action_has_every_field(rij):
    for veld in VELDEN:
        assert veld in rij, f"actie {rij.get('nummer')} mist '{veld}'"
        waarde = rij[veld]
        assert waarde not in ("", [], None), f"actie {rij['nummer']}: '{veld}' is leeg"
    assert rij["titel"] == OFFICIELE_TITELS[rij["nummer"]]
    assert rij["bron"] == "Augeo en Kinderombudsman"
    assert set(rij["niveaus"]) <= set(NIVEAUS)
    assert set(rij["spectrum"]) <= set(SPECTRUM)
    assert set(rij["treden"]) <= set(TREDEN)
    for v in rij["voorbeelden"]:
        assert set(v) == {"naam", "oordeel", "oordeel_datum", "bron"}
        # A rating without its date and source would be an unverifiable claim.
        if v["oordeel"]:
            assert v["oordeel_datum"] and v["bron"], v["naam"]


def test_catalogue_has_ten_actions_in_order():
    cat = catalogus()
    assert [a.nummer for a in cat.acties] == list(range(1, 11))
    assert cat.actie(8).titel == OFFICIELE_TITELS[8]
    with pytest.raises(KeyError):
        cat.actie(11)


def test_unrated_examples_say_check_the_databank():
    cat = catalogus()
    voorzorg = next(v for v in cat.actie(1).voorbeelden if v.naam == "VoorZorg")
    assert "2015" in voorzorg.oordeel_tekst
    stevig = next(v for v in cat.actie(1).voorbeelden if v.naam == "Stevig Ouderschap")
    assert stevig.oordeel_tekst == NOG_NAGAAN


def test_checklists_cover_the_domain():
    cat = catalogus()
    ids = {p.id for p in cat.aandachtspunten}
    assert {
        "huiselijk_geweld",
        "korte_lijnen",
        "samen_leren",
        "rol_wijkteam_veilig_thuis",
        "risicogroepen",
        "kindcheck",
        "interventies_die_werken",
        "scholing",
    } == ids
    assert {p.id for p in cat.stuurinstrumenten} == {
        "subsidievoorwaarden",
        "kwaliteitseisen",
        "inkoop",
        "ketensamenwerking",
        "toezicht",
    }
    assert {"stapelingsmonitor", "politie", "ggd", "jgz", "wijkscan", "dialoog"} <= {
        p.id for p in cat.bronnen_stap1
    }
    assert all(p.uitleg for p in cat.aandachtspunten + cat.stuurinstrumenten)


@pytest.mark.parametrize(
    ("tekst", "sleutel"),
    [("Geïndiceerd", "geindiceerd"), (" universeel ", "universeel"), ("SELECTIEF", "selectief")],
)
def test_niveau_sleutel(tekst, sleutel):
    assert niveau_sleutel(tekst) == sleutel


def test_every_suggested_indicator_has_its_own_unit():
    from planner.plan.monitor import EENHEDEN

    for a in catalogus().acties:
        for i in a.indicatoren:
            assert i.eenheid in EENHEDEN, (a.nummer, i.naam)
            if i.naam.startswith("Deel van"):
                assert i.eenheid == "%", (a.nummer, i.naam)
            assert a.eenheid_van(i.naam) == i.eenheid
