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
        assert set(v) == {"naam", "soort", "oordeel", "oordeel_datum", "bron", "nagegaan"}
        # A rating without its date and source would be an unverifiable claim.
        if v["oordeel"]:
            assert v["oordeel_datum"] and v["bron"], v["naam"]


def test_catalogue_has_ten_actions_in_order():
    cat = catalogus()
    assert [a.nummer for a in cat.acties] == list(range(1, 11))
    assert cat.actie(8).titel == OFFICIELE_TITELS[8]
    with pytest.raises(KeyError):
        cat.actie(11)


def _voorbeeld(naam: str):
    return next(v for a in catalogus().acties for v in a.voorbeelden if v.naam.startswith(naam))


def test_unrated_examples_say_check_the_databank():
    pmto = _voorbeeld("Parent Management Training Oregon")
    assert pmto.oordeel is None and pmto.oordeel_tekst == NOG_NAGAAN
    assert "niet offline nagegaan" in pmto.nagegaan
    assert not pmto.voorgesteld


def test_rating_list_includes_niet_erkend():
    from planner.kaart.model import Erkenning

    assert Erkenning.parse("niet erkend") is Erkenning.NIET_ERKEND
    assert not Erkenning.NIET_ERKEND.minstens_goed_onderbouwd
    assert all(e.minstens_goed_onderbouwd for e in Erkenning if e is not Erkenning.NIET_ERKEND)


def test_voorzorg_rating_is_dated_2021_with_its_source():
    voorzorg = _voorbeeld("VoorZorg")
    assert voorzorg.oordeel_datum == "2021" and "2021" in voorzorg.oordeel_tekst
    assert "Databank Effectieve Jeugdinterventies" in voorzorg.bron
    assert voorzorg.voorgesteld


def test_marietje_kessels_is_niet_erkend_and_never_suggested():
    from planner.kaart.model import Erkenning
    from planner.plan.weergave import voorbeelden

    mkp = _voorbeeld("Marietje Kessels")
    assert (mkp.oordeel, mkp.oordeel_datum) == (Erkenning.NIET_ERKEND, "2015")
    assert not mkp.voorgesteld
    tekst = voorbeelden(catalogus().actie(6))
    aanbevolen = tekst.split("**Niet voorgesteld:**")[0]
    assert "Marietje" not in aanbevolen
    assert "Marietje Kessels Project (weerbaarheid op school) (niet erkend" in tekst


def test_every_offered_intervention_is_at_least_goed_onderbouwd_with_date_and_source():
    from planner.plan.weergave import voorbeelden

    for actie in catalogus().acties:
        tekst = voorbeelden(actie)
        deel = tekst.split("**Interventies (minstens 'goed onderbouwd')**")
        aangeboden = deel[1].split("\n\n")[0] if len(deel) > 1 else ""
        for v in actie.voorbeelden:
            if f"- {v.naam}:" in aangeboden:
                assert v.voorgesteld and v.oordeel_datum and v.bron, v.naam
            if v.soort == "interventie" and v.oordeel is not None:
                assert v.oordeel_datum and v.bron, v.naam


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
