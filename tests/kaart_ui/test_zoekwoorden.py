"""How professionals type: compounds, everyday words, intervention names (issue 8 §2).

A fixture kaart of 22 services with realistic Dutch texts (not the shipped sample), and a
table of queries with the services each must find and must not find. The thesaurus is
the shipped ``data/zoekthesaurus.json``.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from kaartvoorbeeld import VANDAAG, dienst

from planner.kaart.model import Probleemgebied as P
from planner.kaart.search import (
    THESAURUS,
    Zoekindex,
    Zoekvraag,
    bedoelt_u,
    laad_thesaurus,
    search,
)


def _d(sid, naam, tekst, problemen=(), interventie=None, leeftijd=(0, 18)):
    d = dienst(sid, naam, beschrijving=tekst, probleem=tuple(problemen), leeftijd=leeftijd)
    return replace(d, service=replace(d.service, interventie=interventie))


KAART = [
    _d(
        "cjg-opvoed",
        "Opvoedondersteuning CJG",
        "Gesprekken met een jeugdverpleegkundige over opvoedvragen, slapen, eten en driftbuien.",
        [P.OPVOEDONDERSTEUNING],
    ),
    _d(
        "opvoedpunt",
        "Opvoedpunt Spijkenisse",
        "Spreekuur voor ouders met opvoedproblemen of zorgen over het gedrag van hun kind.",
        [P.OPVOEDONDERSTEUNING],
    ),
    _d(
        "triplep",
        "Positief opvoeden in een groep",
        "Groepscursus voor ouders van kinderen van 2 tot 12 jaar.",
        [P.OPVOEDONDERSTEUNING],
        interventie="Triple P niveau 4",
        leeftijd=(2, 12),
    ),
    _d(
        "vht",
        "Begeleiding aan huis met video",
        "Met korte video-opnamen van het dagelijks leven leren ouders en kinderen beter contact.",
        [P.OPVOEDONDERSTEUNING],
        interventie="Video-hometraining (VHT)",
    ),
    _d(
        "voorzorg",
        "Huisbezoeken voor jonge moeders",
        "Een verpleegkundige komt aan huis tijdens de zwangerschap en tot de baby twee is.",
        [P.ZWANGERSCHAP],
        interventie="VoorZorg",
        leeftijd=(0, 2),
    ),
    _d(
        "stevig",
        "Stevig Ouderschap",
        "Preventief huisbezoekprogramma voor ouders van een pasgeboren baby.",
        [P.ZWANGERSCHAP, P.OPVOEDONDERSTEUNING],
        leeftijd=(0, 1.5),
    ),
    _d(
        "huilspreekuur",
        "Spreekuur huilende baby's",
        "Advies als uw baby veel huilt; wat u kunt doen als het huilen u te veel wordt.",
        [P.OPVOEDONDERSTEUNING],
        leeftijd=(0, 1),
    ),
    _d(
        "schuldhulp",
        "Schuldhulpverlening Nissewaard",
        "Hulp bij schulden, betalingsachterstanden en budgetbeheer.",
        [P.SCHULDEN],
        leeftijd=(18, None),
    ),
    _d(
        "formulieren",
        "Formulierenbrigade",
        "Hulp bij formulieren, toeslagen en post die u niet begrijpt.",
        [P.SCHULDEN],
        leeftijd=(18, None),
    ),
    _d(
        "kiedk",
        "Groep voor kinderen na een conflictscheiding",
        "Groepsprogramma voor kinderen en hun ouders na een vechtscheiding.",
        [P.SCHEIDING],
        interventie="Kinderen uit de Knel",
        leeftijd=(4, 12),
    ),
    _d(
        "scheidingsloket",
        "Scheidingsloket",
        "Informatie en advies bij echtscheiding, omgangsregeling en het ouderschapsplan.",
        [P.SCHEIDING],
    ),
    _d(
        "brijder",
        "Verslavingszorg jeugd",
        "Hulp voor jongeren bij alcohol- en drugsgebruik en gamen.",
        [P.VERSLAVING],
        leeftijd=(12, 23),
    ),
    _d(
        "kopp",
        "Steungroep kinderen van ouders met problemen",
        "Voor kinderen van ouders met psychische problemen of een verslaving.",
        [P.PSYCHISCHE_PROBLEMEN, P.VERSLAVING],
        interventie="KOPP/KVO-groep",
        leeftijd=(8, 18),
    ),
    _d(
        "vt",
        "Veilig Thuis",
        "Advies en melding bij huiselijk geweld en kindermishandeling.",
        [P.KINDERMISHANDELING, P.HUISELIJK_GEWELD, P.PARTNERGEWELD],
        leeftijd=(None, None),
    ),
    _d(
        "lthg",
        "Lokaal Team Huiselijk Geweld",
        "Casusoverleg en aanpak bij geweld in gezinnen.",
        [P.HUISELIJK_GEWELD, P.PARTNERGEWELD],
        leeftijd=(None, None),
    ),
    _d(
        "daderhulp",
        "Agressie de baas",
        "Training voor volwassenen die thuis te ver gaan als ze boos worden.",
        [P.PLEGERHULP],
        leeftijd=(18, None),
    ),
    _d(
        "ggz",
        "Praktijk voor ouders met somberheid",
        "Behandeling bij depressie en angst.",
        [P.PSYCHISCHE_PROBLEMEN],
        leeftijd=(18, None),
    ),
    _d("sport", "Sportief Spijkenisse", "Sporten en bewegen in de wijk.", []),
    _d(
        "peuteropvang",
        "Peuteropvang De Kikker",
        "Spelen en leren met voorschoolse educatie.",
        [],
        leeftijd=(2, 4),
    ),
    _d(
        "jb",
        "Jeugdbescherming west",
        "Een gezinsvoogd begeleidt het gezin bij een ondertoezichtstelling (OTS).",
        [P.JEUGDBESCHERMING],
    ),
    _d(
        "vrouwenopvang",
        "Vrouwenopvang",
        "Veilige opvang bij huiselijk geweld, ook met kinderen.",
        [P.HUISELIJK_GEWELD, P.ACUTE_ONVEILIGHEID],
        leeftijd=(None, None),
    ),
    _d(
        "mim",
        "Bezoek van een ervaren moeder",
        "Een vrijwilliger bezoekt moeders met een baby thuis.",
        [P.ZWANGERSCHAP],
        interventie="Moeders Informeren Moeders",
        leeftijd=(0, 1.5),
    ),
]

# (query, must find, must not find)
ZOEKWOORDEN = [
    # compounds and word forms
    ("opvoedprobleem", {"cjg-opvoed", "opvoedpunt", "triplep", "vht"}, {"schuldhulp", "sport"}),
    ("opvoedproblemen", {"opvoedpunt", "cjg-opvoed"}, {"schuldhulp", "brijder"}),
    ("opvoedcursus", {"triplep"}, {"schuldhulp", "sport", "daderhulp"}),
    ("opvoedvragen", {"cjg-opvoed"}, {"brijder", "schuldhulp"}),
    ("opvoedhulp", {"cjg-opvoed", "opvoedpunt"}, {"daderhulp", "schuldhulp"}),
    ("opvoeding", {"cjg-opvoed", "triplep"}, {"schuldhulp", "vt"}),
    ("opvoedingsondersteuning", {"cjg-opvoed"}, {"schuldhulp"}),
    ("cursus opvoeden", {"triplep"}, {"vht", "schuldhulp"}),
    ("training ouders", {"triplep"}, {"schuldhulp", "sport"}),
    ("thuisbezoek", {"voorzorg", "stevig"}, {"schuldhulp", "sport"}),
    ("huisbezoek baby", {"voorzorg", "stevig"}, {"schuldhulp", "brijder"}),
    ("peuteropvang", {"peuteropvang"}, {"vrouwenopvang"}),
    ("vrouwenopvnag", {"vrouwenopvang"}, {"peuteropvang"}),
    ("formulieren", {"formulieren"}, {"vt"}),
    ("sport", {"sport"}, {"kopp"}),
    # everyday words → problem areas
    ("ruzie thuis", {"vt", "lthg", "kiedk", "scheidingsloket"}, {"schuldhulp", "triplep"}),
    ("geldzorgen", {"schuldhulp", "formulieren"}, {"triplep", "vt"}),
    ("geldproblemen", {"schuldhulp", "formulieren"}, {"vt", "cjg-opvoed"}),
    ("schulden", {"schuldhulp"}, {"cjg-opvoed", "vt"}),
    ("armoede", {"schuldhulp", "formulieren"}, {"sport"}),
    ("huilbaby", {"huilspreekuur", "stevig", "voorzorg"}, {"schuldhulp", "brijder", "vt"}),
    ("huilen", {"huilspreekuur"}, {"schuldhulp", "ggz"}),
    ("scheiding", {"kiedk", "scheidingsloket"}, {"triplep", "schuldhulp"}),
    ("echtscheiding", {"scheidingsloket", "kiedk"}, {"vt", "triplep"}),
    ("vechtscheiding", {"kiedk", "scheidingsloket"}, {"schuldhulp"}),
    ("uit elkaar", {"kiedk", "scheidingsloket"}, {"vht"}),
    ("verslaving ouder", {"brijder", "kopp"}, {"triplep", "schuldhulp", "ggz"}),
    ("verslaafd", {"brijder", "kopp"}, {"cjg-opvoed"}),
    ("alcohol", {"brijder"}, {"schuldhulp"}),
    ("depressie", {"ggz", "kopp"}, {"schuldhulp", "brijder"}),
    ("psychische problemen ouder", {"ggz", "kopp"}, {"schuldhulp", "brijder"}),
    ("gezinsvoogd", {"jb"}, {"vt", "cjg-opvoed"}),
    ("ots", {"jb"}, {"cjg-opvoed"}),
    ("mishandeling", {"vt"}, {"schuldhulp", "triplep"}),
    ("meldcode", {"vt"}, {"triplep", "sport"}),
    ("huiselijk geweld", {"vt", "lthg", "vrouwenopvang"}, {"triplep", "schuldhulp"}),
    ("huiselik gewelt", {"vt", "lthg", "vrouwenopvang"}, {"schuldhulp"}),
    ("agressie", {"daderhulp"}, {"triplep", "vt"}),
    ("dader", {"daderhulp"}, {"vt"}),
    ("zwangerschap", {"voorzorg", "stevig", "mim"}, {"cjg-opvoed", "schuldhulp"}),
    ("tienermoeder", {"voorzorg", "stevig", "mim"}, {"schuldhulp"}),
    ("puber", {"brijder"}, {"voorzorg", "huilspreekuur"}),
    # intervention names in any spelling
    ("Triple P", {"triplep"}, {"vht", "cjg-opvoed", "opvoedpunt"}),
    ("triple-p", {"triplep"}, {"vht", "cjg-opvoed"}),
    ("TripleP", {"triplep"}, {"vht"}),
    ("VoorZorg", {"voorzorg"}, {"stevig", "cjg-opvoed"}),
    ("Stevig Ouderschap", {"stevig"}, {"voorzorg", "triplep", "opvoedpunt"}),
    ("Video-hometraining", {"vht"}, {"triplep", "cjg-opvoed"}),
    ("video hometraining", {"vht"}, {"triplep"}),
    ("VHT", {"vht"}, {"triplep"}),
    ("Kinderen uit de Knel", {"kiedk"}, {"kopp", "scheidingsloket"}),
    ("KOPP", {"kopp"}, {"triplep", "brijder"}),
    ("moeders informeren moeders", {"mim"}, {"voorzorg"}),
]


@pytest.fixture(scope="module")
def index() -> Zoekindex:
    return Zoekindex.bouw(KAART)


@pytest.mark.parametrize(("tekst", "vinden", "niet"), ZOEKWOORDEN, ids=[z[0] for z in ZOEKWOORDEN])
def test_professionals_find_what_they_mean(index, tekst, vinden, niet):
    gevonden = {t.id for t in search(index, Zoekvraag(tekst=tekst), VANDAAG)}
    assert vinden <= gevonden, f"'{tekst}' mist {vinden - gevonden}"
    assert not (niet & gevonden), f"'{tekst}' vindt ten onrechte {niet & gevonden}"


def test_table_is_large_enough():
    assert len(ZOEKWOORDEN) >= 40


@pytest.mark.parametrize(
    ("tekst", "eerste"),
    [
        ("huilbaby", "huilspreekuur"),  # the literal compound beats the problem area
        ("opvoedproblemen", "opvoedpunt"),  # the exact word beats the compound split
        ("Triple P", "triplep"),
    ],
)
def test_literal_matches_rank_first(index, tekst, eerste):
    assert search(index, Zoekvraag(tekst=tekst), VANDAAG)[0].id == eerste


def test_thesaurus_words_combine_with_the_filters(index):
    vraag = Zoekvraag(tekst="opvoedprobleem", leeftijd=13)
    gevonden = {t.id for t in search(index, vraag, VANDAAG)}
    assert "triplep" not in gevonden  # 2-12 jaar
    assert {"cjg-opvoed", "opvoedpunt"} <= gevonden


@pytest.mark.parametrize(
    ("tekst", "voorstel_bevat"),
    [
        ("opvoedingsprobleemm xyz", "opvoedprobleem"),  # typo fixed, 'xyz' left out
        ("peuterspeelzaal", "peuteropvang"),  # same start, on the kaart
        ("schuldhulpverleninkje", "schuldhulpverlening"),
    ],
)
def test_bedoelt_u_when_nothing_matches(index, tekst, voorstel_bevat):
    assert len(search(index, Zoekvraag(tekst=tekst), VANDAAG)) == 0
    voorstellen = bedoelt_u(index, tekst)
    assert voorstel_bevat in voorstellen, voorstellen
    # every suggestion finds something: clicking it never leads to nothing again
    assert all(search(index, Zoekvraag(tekst=v), VANDAAG) for v in voorstellen)


def test_no_suggestion_when_the_query_finds_something(index):
    assert bedoelt_u(index, "scheiding") == []


def test_shipped_thesaurus_loads_and_a_beheerder_can_extend_it(tmp_path: Path):
    import json

    th = laad_thesaurus(THESAURUS)
    assert th.themas and th.synoniemen and th.interventies
    data = json.loads(THESAURUS.read_text(encoding="utf-8"))
    data["themas"].append({"woorden": ["voedselbank"], "probleemgebieden": ["schulden"]})
    eigen = tmp_path / "thesaurus.json"
    eigen.write_text(json.dumps(data), encoding="utf-8")
    idx = Zoekindex.bouw(KAART, laad_thesaurus(eigen))
    assert {"schuldhulp", "formulieren"} <= {
        t.id for t in search(idx, Zoekvraag(tekst="voedselbank"), VANDAAG)
    }


@pytest.mark.parametrize(
    ("inhoud", "melding"),
    [
        ('{"themas": [{"woorden": ["x"], "probleemgebieden": ["geldzorgen"]}]}', "thema 1"),
        ('{"interventies": [{"schrijfwijzen": ["x"]}]}', "interventie 1: de naam ontbreekt"),
        ('{"synoniemen": [["twee woorden", "x"]]}', "synoniemen 1"),
        ("{kapot", "kan het bestand niet lezen"),
    ],
)
def test_a_broken_thesaurus_gets_a_dutch_message_naming_the_entry(tmp_path, inhoud, melding):
    pad = tmp_path / "zoekthesaurus.json"
    pad.write_text(inhoud, encoding="utf-8")
    with pytest.raises(ValueError, match=melding) as exc:
        laad_thesaurus(pad)
    assert "zoekthesaurus.json" in str(exc.value)
