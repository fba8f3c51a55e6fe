"""AppTest of "Waar verwijs ik naar?": help numbers, filters, escaping, verwijskaart, meldingen."""

from __future__ import annotations

import re

import pytest
from kaartvoorbeeld import XSS, store_voorbeeld
from streamlit.testing.v1 import AppTest

from planner.settings import PROJECT_ROOT, Settings

APP = str(PROJECT_ROOT / "app.py")


@pytest.fixture(autouse=True)
def _clear_caches():
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("PREVENTIEKAART_HOME", str(tmp_path))
    monkeypatch.setenv("PREVENTIEKAART_TILES", "geen")
    # No CBS files: names fall back to codes, and the page must still work.
    monkeypatch.setenv("PREVENTIEKAART_DATA_DIR", str(tmp_path / "geen-cbs"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    return tmp_path


def _page(home, with_data: bool = True) -> AppTest:
    if with_data:
        store_voorbeeld(Settings.from_env().database_url)
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("pages/verwijzen.py").run()
    assert not at.exception
    return at


def _text(at: AppTest) -> str:
    """All visible text, with Markdown backslash escapes removed (as a browser shows it)."""
    parts = [m.value for m in at.markdown] + [i.value for i in at.info]
    parts += [w.value for w in at.warning] + [c.value for c in at.caption]
    return re.sub(r"\\(.)", r"\1", "\n".join(parts))


def _results(at: AppTest) -> int:
    (header,) = [h.value for h in at.subheader if h.value.endswith("resultaten")]
    return int(header.split()[0])


def test_help_numbers_always_visible_even_with_no_results(home):
    def hulpbalk(at) -> str:
        (balk,) = [h.proto.body for h in at.get("html") if "pk-hulpbalk" in h.proto.body]
        return balk

    at = _page(home)
    assert 'href="tel:08002000"' in hulpbalk(at) and 'href="tel:112"' in hulpbalk(at)
    at.text_input(key="tekst").input("xyzzy bestaat niet").run()
    assert not at.exception and _results(at) == 0
    assert 'href="tel:08002000"' in hulpbalk(at) and 'href="tel:112"' in hulpbalk(at)
    # Once on the page itself (the bar), not again as a box of its own.
    assert not any("0800-2000" in i.value for i in at.info)


def test_empty_store_gets_the_sample_clearly_labelled(home):
    at = _page(home, with_data=False)
    assert "0800-2000" in _text(at)
    assert "Voorbeeldgegevens, te vervangen" in _text(at)
    assert _results(at) > 0


def test_own_data_is_not_labelled_as_sample(home):
    assert "Voorbeeldgegevens" not in _text(_page(home))


def test_filters_narrow_the_results(home):
    at = _page(home)
    assert _results(at) == 8
    at.checkbox(key="altijd").check().run()
    assert _results(at) == 2
    at.checkbox(key="altijd").uncheck().run()
    at.selectbox(key="gemeente").select("GM1992").run()
    assert _results(at) == 3
    at.number_input(key="leeftijd").set_value(25.0).run()
    assert _results(at) == 2  # the JOT (0-23) drops out
    at.text_input(key="tekst").input("opvnag").run()  # typo
    assert _results(at) == 1
    assert "Vrouwenopvang regio" in _text(at)


def test_outdated_wait_and_alternatives_are_shown(home):
    at = _page(home)
    text = _text(at)
    assert "verouderd: 2 weken op" in text
    assert "Kortere wachttijd in de buurt" in text


def test_user_text_is_inert(home):
    at = _page(home)
    text = _text(at)
    assert XSS not in text and "<script" not in text
    assert "&lt;script" in text  # shown literally, as text


def test_verwijskaart_download_after_ticking(home):
    at = _page(home)
    assert not at.get("download_button")
    at.checkbox(key="kies_cjg").check().run()
    at.checkbox(key="kies_vt").check().run()
    assert not at.exception
    assert "Centrum voor Jeugd en Gezin Nissewaard" in _text(at).split("Gekozen:")[1]
    downloads = at.get("download_button")
    assert len(downloads) == 2
    # Filtering the chosen services away keeps them on the card.
    at.text_input(key="tekst").input("vrouwenopvang").run()
    assert "Veilig Thuis Rotterdam Rijnmond" in _text(at).split("Gekozen:")[1]
    at.button(key="leegmaken").click().run()
    assert not at.get("download_button")


def test_report_incorrect_information_lands_in_queue(home):
    from planner.kaart import beheer
    from planner.store import open_store

    at = _page(home)
    assert not [t for t in at.text_area if t.key == "meldtekst_amw"]  # closed: no form drawn
    at.session_state["meldopen_amw"] = True  # the user opens the expander
    at.run()
    at.text_area(key="meldtekst_amw").input("Telefoonnummer klopt niet <b>")
    (submit,) = [b for b in at.button if b.proto.form_id == "meld_amw"]
    submit.click().run()
    assert not at.exception
    assert any("Dank u" in s.value for s in at.success)
    engine = open_store(Settings.from_env().database_url)
    (melding,) = beheer.open_reports(engine)
    engine.dispose()
    assert melding.service_id == "amw" and melding.tekst == "Telefoonnummer klopt niet <b>"


def test_wijk_choice_follows_the_gemeente(home):
    at = _page(home)
    at.selectbox(key="gemeente").select("GM1930").run()
    assert at.selectbox(key="wijk").options == ["Alle", "WK193001"]
    at.selectbox(key="wijk").select("WK193001").run()
    assert _results(at) == 6
    at.selectbox(key="gemeente").select("GM1992").run()
    assert not at.exception
    assert at.selectbox(key="wijk").value == ""
    assert _results(at) == 3


def test_area_names_come_from_cbs_when_present(home, monkeypatch, cbs_dir):
    monkeypatch.setenv("PREVENTIEKAART_DATA_DIR", str(cbs_dir))
    at = _page(home)
    assert "Nissewaard (GM1930)" in at.selectbox(key="gemeente").options
    at.selectbox(key="gemeente").select("GM1930").run()
    wijken = at.selectbox(key="wijk").options
    assert len(wijken) == 24  # 'Alle' + the 23 wijken of Nissewaard in the CBS boundaries
    assert all(w == "Alle" or w.endswith(")") for w in wijken)


def test_template_syntax_in_a_name_renders_as_text(home):
    """A name with Jinja syntax must neither crash the page nor run on the server."""
    from kaartvoorbeeld import dienst

    namen = ["Hulp {% bij %} gezin", "Hulp {{7*7}} gezin", "Hulp {# gezin"]
    store_voorbeeld(
        Settings.from_env().database_url,
        [dienst(f"t{i}", naam, org=naam) for i, naam in enumerate(namen)],
    )
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("pages/verwijzen.py").run()
    assert not at.exception
    text = _text(at)
    assert all(naam in text for naam in namen) and "Hulp 49 gezin" not in text


def test_mixed_kaart_labels_each_sample_entry(home):
    """Real and sample entries together: the banner says 'bevat', each sample is marked."""
    from dataclasses import replace

    from kaartvoorbeeld import dienst

    vb = dienst("vb", "Voorbeeld opvoedhulp", wacht=2)
    vb = replace(vb, service=replace(vb.service, voorbeeld=True))
    store_voorbeeld(
        Settings.from_env().database_url, [vb, dienst("echt", "Echte opvoedhulp", wacht=9)]
    )
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("pages/verwijzen.py").run()
    assert not at.exception
    text = _text(at)
    assert "bevat voorbeeldgegevens" in text and "Deze sociale kaart is een voorbeeld" not in text
    labels = [c.value for c in at.caption if c.value.startswith("Voorbeeldgegevens")]
    assert len(labels) == 1
    assert "voorbeeldwaarde, geen echte meting" in text
    # the sample's 2 weeks are never offered as a shorter wait for the real service
    assert "Kortere wachttijd in de buurt" not in text
    at.checkbox(key="kies_vb").check().run()
    assert "Voorbeeld opvoedhulp (voorbeeldgegevens)" in _text(at).split("Gekozen:")[1]


def test_controls_name_their_result_and_languages_show_names(home):
    """WCAG 2.4.6/4.1.2: a list of controls says which result each one belongs to."""
    at = _page(home)
    naam = "Centrum voor Jeugd en Gezin Nissewaard"
    assert at.checkbox(key="kies_cjg").label == f"Zet {naam} op de verwijskaart"
    assert f"Meld onjuiste informatie over {naam}" in [e.label for e in at.expander]
    at.session_state["meldopen_cjg"] = True
    at.run()
    assert any(b.label == f"Melding over {naam} versturen" for b in at.button)
    opties = at.selectbox(key="taal").options
    assert "Arabisch (ar)" in opties and "ar" not in opties


def test_bedoelt_u_offers_a_query_that_finds_something(home):
    at = _page(home)
    at.text_input(key="tekst").input("vrouwenopvangcentrumm").run()
    assert _results(at) == 0
    assert "Bedoelt u" in _text(at)
    (knop,) = [b for b in at.button if b.key == "bedoelt_0"]
    knop.click().run()
    assert not at.exception
    assert at.text_input(key="tekst").value == knop.label
    assert _results(at) > 0


def test_a_shorter_wait_nearby_is_a_real_alternative_and_goes_on_the_verwijskaart(home):
    at = _page(home)
    at.number_input(key="leeftijd").set_value(1.0).run()
    tekst = _text(at)
    # xss (12 weeks, opvoedondersteuning, WK193001) → CJG Nissewaard (1 week, same area)
    assert "Kortere wachttijd in de buurt" in tekst
    assert "Centrum voor Jeugd en Gezin Nissewaard – Organisatie" in tekst
    assert "1 week (peildatum" in tekst
    knoppen = [b for b in at.button if b.key and b.key.startswith("alt_")]
    assert knoppen and all("op de verwijskaart" in b.label for b in knoppen)
    knoppen[0].click().run()
    assert not at.exception
    assert knoppen[0].key.split("_", 2)[2] in at.session_state["gekozen"]
    assert at.checkbox(key="kies_cjg").value is True
