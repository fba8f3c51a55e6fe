"""Search filters, Dutch free text, sorting, outdated waits and alternatives (table-driven)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from kaartvoorbeeld import HELLEVOETSLUIS, SPIJKENISSE, VANDAAG, voorbeeldkaart

from planner.kaart.model import Preventieniveau, Probleemgebied, Toegang, Trede
from planner.kaart.search import (
    Zoekindex,
    Zoekvraag,
    alternatives,
    heeft_lange_wachttijd,
    search,
    stem,
    woorden,
)

ALLE = {"vt", "cjg", "voorzorg", "jot", "training", "opvang", "amw", "xss"}
MAANDAG_10 = datetime(2026, 11, 23, 10, 0)
MAANDAG_20 = datetime(2026, 11, 23, 20, 0)
ZONDAG_10 = datetime(2026, 11, 22, 10, 0)


@pytest.fixture(scope="module")
def index() -> Zoekindex:
    return Zoekindex.bouw(voorbeeldkaart())


def ids(treffers) -> list[str]:
    return [t.id for t in treffers]


FILTERS = [
    ("niets", Zoekvraag(), ALLE),
    ("gemeente Voorne aan Zee", Zoekvraag(gemeente="GM1992"), {"vt", "jot", "opvang"}),
    (
        "gemeente Nissewaard",
        Zoekvraag(gemeente="GM1930"),
        {"vt", "cjg", "voorzorg", "training", "opvang", "xss"},
    ),
    (
        "wijk in Nissewaard: gemeentebrede diensten en die wijk",
        Zoekvraag(gemeente="GM1930", wijk="WK193001"),
        {"vt", "cjg", "voorzorg", "training", "opvang", "xss"},
    ),
    ("andere wijk", Zoekvraag(wijk="WK193002"), {"vt", "cjg", "voorzorg", "training", "opvang"}),
    ("wijk Goeree", Zoekvraag(wijk="WK192401"), {"amw", "opvang"}),
    (
        "straal 5 km rond Spijkenisse",
        Zoekvraag(punt=SPIJKENISSE, straal_km=5),
        {"vt", "cjg", "voorzorg", "training", "xss"},
    ),
    (
        "straal 14 km: Hellevoetsluis (13,5) wel, Middelharnis (15,0) niet",
        Zoekvraag(punt=SPIJKENISSE, straal_km=14),
        {"vt", "cjg", "voorzorg", "training", "xss", "jot"},
    ),
    (
        "baby van zes maanden",
        Zoekvraag(leeftijd=0.5),
        {"vt", "cjg", "voorzorg", "jot", "opvang", "xss"},
    ),
    ("jongvolwassene van 19", Zoekvraag(leeftijd=19), {"vt", "jot", "opvang", "amw"}),
    ("precies de ondergrens", Zoekvraag(leeftijd=2), ALLE - {"amw"}),
    ("precies de bovengrens", Zoekvraag(leeftijd=18), ALLE - {"voorzorg", "training"}),
    (
        "probleem huiselijk geweld",
        Zoekvraag(probleemgebieden=(Probleemgebied.HUISELIJK_GEWELD,)),
        {"vt", "opvang", "amw"},
    ),
    (
        "een van twee problemen",
        Zoekvraag(probleemgebieden=(Probleemgebied.SCHULDEN, Probleemgebied.ZWANGERSCHAP)),
        {"amw", "voorzorg"},
    ),
    ("trede 2", Zoekvraag(treden=(Trede.SIGNALEREN,)), {"vt"}),
    (
        "selectieve preventie",
        Zoekvraag(preventieniveaus=(Preventieniveau.SELECTIEF,)),
        {"voorzorg", "amw"},
    ),
    ("via wijkteam", Zoekvraag(toegang=(Toegang.WIJKTEAM,)), {"jot"}),
    ("alleen gratis", Zoekvraag(alleen_gratis=True), ALLE - {"training"}),
    ("taal Arabisch (code)", Zoekvraag(taal="ar"), {"cjg"}),
    ("taal in hoofdletters", Zoekvraag(taal=" EN "), {"amw"}),
    ("24/7", Zoekvraag(alleen_24_7=True), {"vt", "opvang"}),
    ("maandag 10 uur open", Zoekvraag(open_op=MAANDAG_10), {"vt", "opvang", "cjg"}),
    ("maandag 20 uur open", Zoekvraag(open_op=MAANDAG_20), {"vt", "opvang"}),
    ("zondag open", Zoekvraag(open_op=ZONDAG_10), {"vt", "opvang"}),
    (
        "wachttijd hoogstens 2 weken: verouderde 2 weken telt niet",
        Zoekvraag(max_wachttijd_weken=2),
        {"vt", "cjg", "opvang"},
    ),
    (
        "wachttijd hoogstens 3 weken",
        Zoekvraag(max_wachttijd_weken=3),
        {"vt", "cjg", "opvang", "jot"},
    ),
    (
        "filters samen",
        Zoekvraag(gemeente="GM1930", probleemgebieden=(Probleemgebied.HUISELIJK_GEWELD,)),
        {"vt", "opvang"},
    ),
]


@pytest.mark.parametrize(
    ("vraag", "verwacht"), [f[1:] for f in FILTERS], ids=[f[0] for f in FILTERS]
)
def test_filters(index, vraag, verwacht):
    assert set(ids(search(index, vraag, VANDAAG))) == verwacht


TEKST = [
    ("vrouwenopvang", {"opvang"}),
    ("Vrouwenopvnag", {"opvang"}),  # typo
    ("huisbezoek", {"voorzorg"}),  # singular finds 'Huisbezoeken'
    ("gezin", {"cjg", "jot"}),  # 'Gezin' and 'gezinnen'
    ("gezinnen", {"cjg", "jot"}),
    ("mishandeling", {"vt"}),  # part of 'kindermishandeling'
    ("schuld", {"amw"}),
    ("geweld huiselijk", {"vt", "opvang", "amw"}),  # every word must match, any order
    ("huiselijk schulden", {"amw"}),
    ("jeugdverpleegkundige", {"voorzorg"}),
    ("JEUGDVERPLEEGKUNDIGEN", {"voorzorg"}),
    ("zwangerschap", {"voorzorg"}),
    ("de en het", ALLE),  # only stop words: no text filter
    ("xyzzy", set()),
]


@pytest.mark.parametrize(("tekst", "verwacht"), TEKST)
def test_free_text(index, tekst, verwacht):
    assert set(ids(search(index, Zoekvraag(tekst=tekst), VANDAAG))) == verwacht


@pytest.mark.parametrize(
    ("woord", "stam"),
    [
        ("gezinnen", "gezin"),
        ("gezinnetje", "gezin"),
        ("problemen", "problem"),
        ("probleem", "problem"),
        ("ouders", "ouder"),
        ("kinderen", "kind"),
        ("huisje", "huis"),
        ("huis", "huis"),
        ("wijken", "wijk"),
        ("baby's", "baby"),
    ],
)
def test_dutch_stemming(woord, stam):
    assert stem(woord) == stam


def test_words_fold_diacritics_and_drop_stop_words():
    assert woorden("Geïndiceerd en de Zorg") == woorden("geindiceerd zorg")


def test_sort_by_waiting_time_puts_outdated_and_unknown_last(index):
    result = search(index, Zoekvraag(sorteer="wachttijd"), VANDAAG)
    assert ids(result) == ["vt", "cjg", "opvang", "jot", "voorzorg", "xss", "training", "amw"]


def test_sort_by_distance_from_a_point(index):
    result = search(index, Zoekvraag(punt=HELLEVOETSLUIS, sorteer="afstand"), VANDAAG)
    assert ids(result) == ["jot", "amw", "vt", "cjg", "voorzorg", "xss", "training", "opvang"]
    assert result[0].afstand_km == pytest.approx(0, abs=0.01)
    assert result[1].afstand_km == pytest.approx(8.6, abs=0.1)
    assert result[-1].afstand_km is None


def test_text_relevance_ranks_exact_above_typo():
    from kaartvoorbeeld import dienst

    idx = Zoekindex.bouw([dienst("a", "Opvoedpunt"), dienst("b", "Opvoedpunten centrum")])
    assert ids(search(idx, Zoekvraag(tekst="opvoedpunt"), VANDAAG))[0] == "a"


@pytest.mark.parametrize(
    ("dienst_id", "max_dagen", "verouderd", "tekst_bevat"),
    [
        ("cjg", 60, False, "1 week (peildatum 01-11-2026)"),
        ("cjg", 10, True, "verouderd: 1 week op 01-11-2026"),
        ("training", 60, True, "verouderd: 2 weken op 01-08-2026"),
        ("training", 200, False, "2 weken (peildatum 01-08-2026)"),
    ],
)
def test_outdated_waiting_time(index, dienst_id, max_dagen, verouderd, tekst_bevat):
    (treffer,) = [t for t in search(index, Zoekvraag(), VANDAAG, max_dagen) if t.id == dienst_id]
    assert treffer.wachttijd.verouderd is verouderd
    assert tekst_bevat in treffer.wachttijd.tekst()


def test_unknown_wait_has_no_waiting_time(index):
    (amw,) = [t for t in search(index, Zoekvraag(), VANDAAG) if t.id == "amw"]
    assert amw.wachttijd is None


def test_confidential_location_never_exposes_address_or_coordinates(index):
    (opvang,) = [t for t in search(index, Zoekvraag(punt=SPIJKENISSE), VANDAAG) if t.id == "opvang"]
    assert opvang.afstand_km is None
    assert opvang.locatie.address_1 is None and opvang.locatie.latitude is None
    assert "0800-2000" in opvang.locatie.publieke_contactroute
    # and a radius search cannot find it by its hidden coordinates
    near = search(index, Zoekvraag(punt=SPIJKENISSE, straal_km=50), VANDAAG)
    assert "opvang" not in ids(near)


@pytest.mark.parametrize(
    ("dienst_id", "verwacht"),
    [
        ("voorzorg", ["cjg"]),  # 8 weeks; training is comparable but its wait is outdated
        ("xss", ["cjg", "voorzorg"]),  # 12 weeks: both shorter, nearest the same place
        ("cjg", []),  # 1 week: nothing shorter that is comparable
        ("amw", []),  # unknown wait: no claim of "shorter"
    ],
)
def test_alternatives_for_long_waits(index, dienst_id, verwacht):
    (t,) = [t for t in search(index, Zoekvraag(), VANDAAG) if t.id == dienst_id]
    assert ids(alternatives(index, t, VANDAAG)) == verwacht


def test_alternatives_respect_radius_and_age():
    from kaartvoorbeeld import MIDDELHARNIS, dienst

    lang = dienst("lang", "Lang wachten", wacht=10)
    ver = dienst("ver", "Ver weg", wacht=1, punt=MIDDELHARNIS)
    oud = dienst("oud", "Alleen tieners", wacht=1, leeftijd=(12, 18))
    dichtbij_andere_vestiging = dienst(
        "twee",
        "Twee vestigingen",
        wacht=12,
        punt=MIDDELHARNIS,
        extra_vestigingen=(("loc-dichtbij", SPIJKENISSE, 2),),
    )
    idx = Zoekindex.bouw([lang, ver, oud, dichtbij_andere_vestiging])
    (t,) = [t for t in search(idx, Zoekvraag(), VANDAAG) if t.id == "lang"]
    assert heeft_lange_wachttijd(t)
    alt = alternatives(idx, t, VANDAAG, straal_km=10, leeftijd=3)
    assert ids(alt) == ["twee"]
    assert alt[0].vestiging.location.id == "loc-dichtbij" and alt[0].wachttijd.weken == 2
    assert ids(alternatives(idx, t, VANDAAG, straal_km=50)) == ["oud", "ver", "twee"]


def test_nearest_location_is_shown_for_a_point():
    from kaartvoorbeeld import MIDDELHARNIS, dienst

    d = dienst(
        "d",
        "Twee plekken",
        punt=MIDDELHARNIS,
        wacht=1,
        extra_vestigingen=(("loc-2", HELLEVOETSLUIS, 4),),
    )
    (t,) = search(Zoekindex.bouw([d]), Zoekvraag(punt=HELLEVOETSLUIS), VANDAAG)
    assert t.vestiging.location.id == "loc-2" and t.wachttijd.weken == 4
    (t,) = search(Zoekindex.bouw([d]), Zoekvraag(), VANDAAG)
    assert t.vestiging.location.id == "loc-d"  # without a point: the shortest wait


@pytest.mark.parametrize("bad", [{"sorteer": "prijs"}, {"straal_km": 0}, {"straal_km": -1}])
def test_invalid_queries_are_refused(bad):
    with pytest.raises(ValueError):
        Zoekvraag(**bad)


def test_search_is_pure(index):
    before = ids(search(index, Zoekvraag(sorteer="naam"), date(2026, 11, 23)))
    search(index, Zoekvraag(tekst="geweld", leeftijd=3), VANDAAG)
    assert ids(search(index, Zoekvraag(sorteer="naam"), date(2026, 11, 23))) == before


@pytest.mark.parametrize(
    ("tekst", "veilig"),
    [
        (None, ""),
        ("Gewoon", "Gewoon"),
        ("<script>x</script>", "&lt;script\\>x&lt;/script\\>"),  # no '<' left: no tag
        ("[klik](javascript:alert(1))", "\\[klik\\]\\(javascript:alert\\(1\\)\\)"),
        ("**vet** _schuin_ # kop", "\\*\\*vet\\*\\* \\_schuin\\_ \\# kop"),
        ("$x$ en 0800-2000", "\\$x\\$ en 0800\\-2000"),
        ("regel\nregel", "regel regel"),
        ("A & B", "A &amp; B"),
    ],
)
def test_markdown_text_is_literal(tekst, veilig):
    from planner.kaart.search import markdown_tekst

    assert markdown_tekst(tekst) == veilig


def _drie_vestigingen():
    """One service in three gemeenten: Spijkenisse (8 wk), Hellevoetsluis (1), Middelharnis (4)."""
    from dataclasses import replace

    from kaartvoorbeeld import MIDDELHARNIS, dienst

    d = dienst(
        "d",
        "Drie plekken",
        punt=SPIJKENISSE,
        wacht=8,
        extra_vestigingen=(("loc-hvs", HELLEVOETSLUIS, 1), ("loc-mh", MIDDELHARNIS, 4)),
        werkgebied=("GM1930", "GM1992", "GM1924"),
    )
    codes = {
        "loc-d": ("GM1930", "WK193001"),
        "loc-hvs": ("GM1992", "WK199201"),
        "loc-mh": ("GM1924", "WK192401"),
    }
    vestigingen = tuple(
        replace(
            v,
            location=replace(
                v.location,
                gemeente_code=codes[v.location.id][0],
                wijk_code=codes[v.location.id][1],
            ),
        )
        for v in d.vestigingen
    )
    return Zoekindex.bouw([replace(d, vestigingen=vestigingen)])


@pytest.mark.parametrize(
    ("vraag", "locatie"),
    [
        (Zoekvraag(), "loc-hvs"),  # no area chosen: the shortest current wait
        (Zoekvraag(gemeente="GM1930"), "loc-d"),  # inside the gemeente, despite 8 weeks
        (Zoekvraag(gemeente="GM1924"), "loc-mh"),
        (Zoekvraag(gemeente="GM1992"), "loc-hvs"),
        (Zoekvraag(gemeente="GM1930", wijk="WK193001"), "loc-d"),
        (Zoekvraag(wijk="WK192401"), "loc-mh"),
        (Zoekvraag(wijk="WK193099"), "loc-d"),  # another wijk: at least its gemeente
        (Zoekvraag(punt=HELLEVOETSLUIS, straal_km=5), "loc-hvs"),
        # a point and a gemeente: inside the radius first, then inside the gemeente
        (Zoekvraag(punt=SPIJKENISSE, straal_km=50, gemeente="GM1924"), "loc-mh"),
        (Zoekvraag(punt=SPIJKENISSE, straal_km=5, gemeente="GM1924"), "loc-d"),
    ],
    ids=lambda x: repr(x) if isinstance(x, str) else "",
)
def test_shown_location_follows_the_area_filter(vraag, locatie):
    (t,) = search(_drie_vestigingen(), vraag, VANDAAG)
    assert t.vestiging.location.id == locatie
    assert t.wachttijd.weken == {"loc-d": 8, "loc-hvs": 1, "loc-mh": 4}[locatie]


def test_sample_entries_are_flagged_and_their_waits_labelled():
    from dataclasses import replace

    from kaartvoorbeeld import dienst

    echt = dienst("echt", "Echte hulp", wacht=10)
    voorbeeld = dienst("vb", "Voorbeeldhulp", wacht=1)
    voorbeeld = replace(
        voorbeeld,
        service=replace(voorbeeld.service, voorbeeld=True),
        organisation=replace(voorbeeld.organisation, voorbeeld=True),
    )
    idx = Zoekindex.bouw([echt, voorbeeld])
    treffers = {t.id: t for t in search(idx, Zoekvraag(), VANDAAG)}
    assert treffers["vb"].voorbeeld and not treffers["echt"].voorbeeld
    assert "voorbeeldwaarde, geen echte meting" in treffers["vb"].wachttijd.tekst()
    assert "voorbeeld" not in treffers["echt"].wachttijd.tekst()
    # A sample wait never suggests a "shorter wait" for a real service …
    assert heeft_lange_wachttijd(treffers["echt"])
    assert alternatives(idx, treffers["echt"], VANDAAG) == []
    # … but a real one may be suggested next to a sample entry.
    lang_vb = replace(voorbeeld, service=replace(voorbeeld.service, id="vb2"))
    lang_vb = replace(
        lang_vb,
        vestigingen=tuple(
            replace(v, laatste_wachttijd=replace(v.laatste_wachttijd, weken=20))
            for v in lang_vb.vestigingen
        ),
    )
    idx = Zoekindex.bouw([echt, lang_vb])
    (t,) = [t for t in search(idx, Zoekvraag(), VANDAAG) if t.id == "vb2"]
    assert ids(alternatives(idx, t, VANDAAG)) == ["echt"]


@pytest.mark.parametrize(
    ("voorbeelden", "melding"),
    [
        ((False, False), None),
        ((True, True), "Voorbeeldgegevens, te vervangen"),
        ((True, False), "bevat voorbeeldgegevens"),
    ],
)
def test_sample_banner_says_all_or_some(voorbeelden, melding):
    from dataclasses import replace

    from kaartvoorbeeld import dienst

    from planner.kaart.search import voorbeeld_melding

    diensten = [
        replace(d, service=replace(d.service, voorbeeld=vb))
        for d, vb in zip([dienst("a", "A"), dienst("b", "B")], voorbeelden, strict=True)
    ]
    tekst = voorbeeld_melding(Zoekindex.bouw(diensten))
    if melding is None:
        assert tekst is None
    else:
        assert melding in tekst
