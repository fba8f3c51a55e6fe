"""The meldcode content (data/meldcode.json): validated, documented, and a route that ends well."""

from __future__ import annotations

import copy
import json

import pytest

from planner import meldcode
from planner.kaart.model import Probleemgebied
from planner.settings import PROJECT_ROOT

RUW = json.loads(meldcode.MELDCODE_JSON.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def mc() -> meldcode.Meldcode:
    return meldcode.laad()


def test_the_shipped_file_has_the_five_steps_and_five_questions(mc):
    assert [s.nummer for s in mc.stappen] == [1, 2, 3, 4, 5]
    assert "signalen" in mc.stappen[0].titel.lower()
    assert "collega" in mc.stappen[1].titel.lower() and "Veilig Thuis" in mc.stappen[1].titel
    assert "gesprek" in mc.stappen[2].titel.lower()
    assert "weeg" in mc.stappen[3].titel.lower()
    assert mc.stappen[4].titel == "Beslis: hulp organiseren of melden"
    assert len(mc.afwegingsvragen) == 5
    assert {b.nummer for b in mc.bellen} >= {"112", "0800-2000", None}
    assert any("Rijksoverheid" in b.uitgever for b in mc.bronnen)
    assert mc.kindcheck.vragen


@pytest.mark.parametrize(
    ("antwoorden", "uitkomst"),
    [
        ([False], "afsluiten"),  # no suspicion
        ([True, True], "melden"),  # acute or structural unsafety: always report
        ([True, False, False], "melden"),  # cannot organise help
        ([True, False, True, False], "melden"),  # help not accepted
        ([True, False, True, True, False], "melden"),  # help does not make it safe
        ([True, False, True, True, True], "hulp"),
    ],
)
def test_afwegingskader_route(mc, antwoorden, uitkomst):
    positie = meldcode.route(mc, antwoorden)
    assert positie.vraag is None and positie.uitkomst.id == uitkomst
    assert len(positie.beantwoord) == len(antwoorden)


def test_route_waits_for_the_next_answer_and_ignores_stale_ones(mc):
    assert meldcode.route(mc, []).vraag.nummer == 1
    assert meldcode.route(mc, [True, False, None]).vraag.nummer == 3
    # an early 'nee' ends the route even if later answers are still in the session
    assert meldcode.route(mc, [False, False, True, True, True]).uitkomst.id == "afsluiten"


def test_every_beroepsgroep_names_help_and_who_to_consult(mc):
    ids = {g.id for g in mc.beroepsgroepen}
    assert {"onderwijs", "kinderopvang", "jgz", "huisarts", "wijkteam"} <= ids
    for g in mc.beroepsgroepen:
        assert g.overleg and g.bijzonder and g.probleemgebieden
        assert all(isinstance(p, Probleemgebied) for p in g.probleemgebieden)
    # staff violence in school and childcare follows the meldplicht, not the meldcode
    for gid in ("onderwijs", "kinderopvang"):
        assert any("meldplicht" in t for t in mc.beroepsgroep(gid).bijzonder)
    assert mc.beroepsgroep("ggz").kindcheck and not mc.beroepsgroep("onderwijs").kindcheck


def _kapot(pad: list, waarde) -> dict:
    doc = copy.deepcopy(RUW)
    obj = doc
    for p in pad[:-1]:
        obj = obj[p]
    if waarde is KeyError:
        del obj[pad[-1]]
    else:
        obj[pad[-1]] = waarde
    return doc


@pytest.mark.parametrize(
    ("pad", "waarde", "melding"),
    [
        (["stappen"], RUW["stappen"][:4], "veld 'stappen': de meldcode heeft vijf stappen"),
        (["afwegingsvragen", 1, "ja"], "bellen", "veld 'afwegingsvragen[1].ja': 'bellen'"),
        (["afwegingsvragen", 4, "ja"], "volgende", "afwegingsvragen[4]"),
        (["beroepsgroepen", 2, "probleemgebieden", 0], "opvoeden", "'opvoeden' is geen probleem"),
        (["beroepsgroepen", 1, "id"], "algemeen", "id algemeen staat er meer dan één keer in"),
        (["beroepsgroepen", 0, "kindcheck"], "ja", "beroepsgroepen[0].kindcheck"),
        (["bellen", 1, "nummer"], "0800-1234", "het nummer 0800-2000 ontbreekt"),
        (["uitkomsten", "hulp"], KeyError, "veld 'uitkomsten.hulp'"),
        (["stappen", 2, "titel"], "  ", "veld 'stappen[2].titel': hier hoort een tekst"),
        (["bronnen", 0, "uitgever"], "iemand", None),  # others still name the Rijksoverheid
    ],
)
def test_a_broken_file_gets_a_dutch_message_naming_the_field(pad, waarde, melding):
    doc = _kapot(pad, waarde)
    if melding is None:
        meldcode.parse(doc)
        return
    with pytest.raises(meldcode.MeldcodeFout, match=r"data/meldcode\.json") as exc:
        meldcode.parse(doc)
    assert melding in str(exc.value)


def test_unreadable_file_is_refused_in_dutch(tmp_path):
    kapot = tmp_path / "meldcode.json"
    kapot.write_text('{"versie": ', encoding="utf-8")
    with pytest.raises(meldcode.MeldcodeFout, match=r"meldcode\.json is geen geldige JSON"):
        meldcode.laad(kapot)
    with pytest.raises(meldcode.MeldcodeFout, match="kan niet worden gelezen"):
        meldcode.laad(tmp_path / "bestaat-niet.json")


def test_data_readme_describes_the_file_and_every_field():
    readme = (PROJECT_ROOT / "data" / "README.md").read_text(encoding="utf-8")
    assert "`meldcode.json`" in readme
    velden = set(RUW) | set(RUW["beroepsgroepen"][0]) | set(RUW["afwegingsvragen"][0])
    for veld in sorted(velden):
        assert f"`{veld}`" in readme, veld
