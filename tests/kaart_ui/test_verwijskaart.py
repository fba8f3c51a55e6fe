"""The verwijskaart: contacts, access, dated wait, verified date — and nothing about the family."""

from __future__ import annotations

import inspect
import re
from datetime import date, time

import pytest
from kaartvoorbeeld import VANDAAG, XSS, dienst, voorbeeldkaart

from planner.kaart import verwijskaart
from planner.kaart.model import Schedule
from planner.kaart.search import Zoekindex, Zoekvraag, search
from planner.kaart.verwijskaart import item, items, openingstijden, to_html, to_pdf


@pytest.fixture(scope="module")
def treffers():
    return {t.id: t for t in search(Zoekindex.bouw(voorbeeldkaart()), Zoekvraag(), VANDAAG)}


def pdf_text(data: bytes) -> str:
    """The text a PDF reader extracts (the fonts are embedded with a Unicode map)."""
    import io

    from pypdf import PdfReader

    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def test_card_holds_contact_access_wait_and_verified_date(treffers):
    card = to_html(items([treffers["vt"], treffers["cjg"]]), VANDAAG)
    for expected in (
        "Veilig Thuis Rotterdam Rijnmond",
        "0800-2000",
        "vrij toegankelijk",
        "Bel of mail voor een afspraak",
        "0 weken (peildatum 01-11-2026)",
        "Gegevens gecontroleerd op",
        "01-09-2026",
        "dag en nacht bereikbaar (24/7)",
        "ma, di, wo, do, vr 09:00–17:00",
        "Gemaakt op 23-11-2026",
        "112",
    ):
        assert expected in card, expected


def test_outdated_and_unknown_waits_are_labelled(treffers):
    card = to_html(items([treffers["training"], treffers["amw"]]), VANDAAG)
    assert "verouderd: 2 weken op 01-08-2026" in card
    assert "onbekend – vraag het na bij aanmelden" in card


def test_no_family_data_can_enter_the_card():
    """The API has no parameter for anything about a family, and the card says so."""
    for fn in (to_html, to_pdf):
        assert list(inspect.signature(fn).parameters) == ["kaart", "gemaakt_op"]
    assert list(inspect.signature(item).parameters) == ["t"]
    fields = set(verwijskaart.VerwijsItem.__dataclass_fields__)
    assert fields == {
        "naam",
        "organisatie",
        "regels",  # contact, access, wait, date checked (planner.kaart.contact), nothing else
        "voorbeeld",  # about the entry (sample data), not about a family
    }
    assert verwijskaart.GEEN_GEZINSGEGEVENS in to_html([], VANDAAG)


def test_confidential_address_never_on_the_card(treffers):
    i = item(treffers["opvang"])
    assert "Geheime straat" not in str(i)
    (route,) = [r for r in i.regels if r.soort == "contactroute"]
    assert route.tekst.startswith("Het adres is geheim") and "0800-2000" in route.tekst
    assert "Geheime straat" not in to_html([i], VANDAAG)
    assert "Geheime straat" not in pdf_text(to_pdf([i], VANDAAG))


def test_user_text_is_escaped_in_html(treffers):
    card = to_html([item(treffers["xss"])], VANDAAG)
    assert "<script" not in card and "<img" not in card
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in card
    assert XSS not in card


def test_html_is_self_contained_and_printable(treffers):
    card = to_html(items(list(treffers.values())), VANDAAG)
    assert "@media print" in card and "page-break-inside: avoid" in card
    assert not re.search(r"<[^>]*\bsrc=", card) and "<link" not in card  # no external files
    # the only links are ways to reach a service: call, mail, open its website
    assert set(re.findall(r'href="([a-z]+):', card)) <= {"tel", "mailto", "https", "http"}
    assert "<script" not in card
    assert '<html lang="nl">' in card


def test_pdf_has_the_same_content(treffers):
    data = to_pdf(items([treffers["vt"], treffers["training"], treffers["xss"]]), VANDAAG)
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    for expected in ("Veilig Thuis Rotterdam Rijnmond", "0800-2000", "verouderd", "01-09-2026"):
        assert expected in text, expected
    assert "geen gegevens over u of uw gezin" in text


def test_pdf_prints_every_script_the_kaart_offers():
    """Turkish, Polish, Arabic and typographic signs print as written, not as '?'."""
    naam = "Kadın Danışma – Łódź € “thuis” مساعدة للعائلات"
    t = search(Zoekindex.bouw([dienst("a", naam, org="Aile Danışma Łódź")]), Zoekvraag(), VANDAAG)
    text = pdf_text(to_pdf(items(t), VANDAAG))
    assert not re.search(r"\w\?\w", text)  # no letter printed as "?"
    for deel in ("Kadın Danışma – Łódź € “thuis”", "مساعدة", "للعائلات", "Aile Danışma Łódź"):
        assert deel in text, deel


def test_pdf_uses_the_plan_export_fonts():
    """One PDF path: the card embeds the same DejaVu font as the preventieplan."""
    data = to_pdf([], VANDAAG)
    assert b"DejaVu" in data and b"/Helvetica" not in data


def test_contact_lines_are_links_on_the_card(treffers):
    card = to_html(items([treffers["vt"]]), VANDAAG)
    assert '<a href="tel:08002000">0800-2000' in card


@pytest.mark.parametrize(
    ("schedules", "tekst"),
    [
        ((), None),
        ((Schedule(altijd_open=True),), "dag en nacht bereikbaar (24/7)"),
        (
            (Schedule(byday=("MO", "WE"), opens_at=time(9), closes_at=time(12, 30)),),
            "ma, wo 09:00–12:30",
        ),
        (
            (
                Schedule(byday=("FR",), opens_at=time(13), closes_at=time(17)),
                Schedule(byday=("SA",), description="alleen op afspraak"),
            ),
            "vr 13:00–17:00; za (alleen op afspraak)",
        ),
    ],
)
def test_opening_hours_in_words(schedules, tekst):
    d = dienst("s", "S", schedules=schedules, assured=date(2026, 1, 1))
    assert openingstijden(d.service) == tekst


def test_sample_entries_are_labelled_on_the_card():
    from dataclasses import replace

    echt = dienst("echt", "Echte hulp", wacht=2)
    vb = dienst("vb", "Voorbeeldhulp", wacht=3)
    vb = replace(vb, service=replace(vb.service, voorbeeld=True))
    t = {x.id: x for x in search(Zoekindex.bouw([echt, vb]), Zoekvraag(), VANDAAG)}
    kaart = items([t["echt"], t["vb"]])
    assert [i.voorbeeld for i in kaart] == [False, True]
    (wacht,) = [r.tekst for r in kaart[1].regels if r.soort == "wachttijd"]
    assert "voorbeeldwaarde, geen echte meting" in wacht
    html_kaart = to_html(kaart, VANDAAG)
    # exactly one entry carries the label, the real one does not
    assert html_kaart.count("Voorbeeldgegevens") == 1
    blok_vb = html_kaart.split("<h2>Voorbeeldhulp</h2>")[1].split("</section>")[0]
    assert "Voorbeeldgegevens" in blok_vb
    tekst = pdf_text(to_pdf(kaart, VANDAAG))
    assert "Voorbeeldgegevens" in tekst


def test_card_popup_and_verwijskaart_say_the_same(treffers):
    """One formatter: the result card, the map popup and the verwijskaart show the same lines."""
    from planner.kaart import contact
    from planner.kaart.kaartlaag import popup_html

    for t in treffers.values():
        regels = contact.kaartregels(t, afstand=False)
        kaart = to_html(items([t]), VANDAAG)
        popup = popup_html(t)
        md = "\n".join(contact.naar_markdown(regels))
        for r in regels:
            assert r.label in md and r.label in popup and r.label in kaart, r
        (wacht,) = [r for r in regels if r.soort == "wachttijd"]
        assert wacht.tekst.split(" ")[0] in popup and wacht.tekst.split(" ")[0] in kaart


def test_an_outdated_wait_is_bold_in_every_format(treffers):
    from planner.kaart import contact

    (wacht,) = [r for r in contact.kaartregels(treffers["training"]) if r.soort == "wachttijd"]
    assert wacht.nadruk and "verouderd" in wacht.tekst
    assert any(r.startswith("Wachttijd: **") for r in contact.naar_markdown([wacht]))
    assert contact.naar_html([wacht])[0][1].startswith("<strong>")


def test_the_card_a_professional_builds_up_in_the_session():
    """Tick, untick, add an alternative, empty: the search page's state, without a browser."""
    from planner.kaart import verwijskaart as vk

    state: dict = {"kies_b": True}
    vk.wissel(state, "a")
    vk.kies(state, "b")  # an alternative's button: its own checkbox is re-made ticked
    vk.kies(state, "b")
    assert state[vk.GEKOZEN] == ["a", "b"] and "kies_b" not in state
    vk.wissel(state, "a")
    assert state[vk.GEKOZEN] == ["b"]
    state["kies_b"] = True
    vk.leeg(state)
    assert state == {vk.GEKOZEN: []}


def test_the_chosen_list_marks_sample_entries(treffers):
    from planner.kaart.verwijskaart import gekozen_markdown

    tekst = gekozen_markdown([treffers["vt"]])
    assert tekst.startswith("Gekozen:") and "- Veilig Thuis" in tekst
    assert "voorbeeldgegevens" not in tekst
