"""One contact formatter: the same ways in on the card, in the popup and on the verwijskaart."""

from __future__ import annotations

from dataclasses import replace

import pytest
from kaartvoorbeeld import ALTIJD, VANDAAG, XSS, dienst, voorbeeldkaart

from planner.kaart import contact, kaartlaag, verwijskaart
from planner.kaart.contact import (
    CONTACT_ONTBREEKT,
    FICTIEF,
    contactregels,
    naar_html,
    naar_markdown,
    tel_link,
    zonder_contact,
)
from planner.kaart.model import Location, Organisation, Phone
from planner.kaart.search import Zoekindex, Zoekvraag, search


def _treffer(d):
    (t,) = search(Zoekindex.bouw([d]), Zoekvraag(), VANDAAG)
    return t


def _volledig():
    d = dienst("vol", "Opvoedsteun", telefoon="0181-000000", schedules=ALTIJD)
    sv = replace(d.service, email="steun@example.org", url="steun.example.org/aanmelden")
    loc = replace(d.vestigingen[0].location, address_1="Markt 1", postal_code=None, city="Plaats")
    return replace(d, service=sv, vestigingen=(replace(d.vestigingen[0], location=loc),))


@pytest.mark.parametrize(
    ("nummer", "link"),
    [
        ("0800-2000", "tel:08002000"),
        ("112", "tel:112"),
        ("+31 (0)10 000 0000", "tel:+31100000000"),
        ("bel de receptie", None),
    ],
)
def test_phone_numbers_become_tel_links(nummer, link):
    assert tel_link(nummer) == link


def test_every_way_in_in_reading_order():
    d = _volledig()
    regels = contactregels(d.service, d.organisation, d.vestigingen[0].location)
    assert [r.soort for r in regels] == ["telefoon", "email", "website", "adres", "openingstijden"]
    assert regels[0].link == "tel:0181000000"
    assert regels[1].link == "mailto:steun@example.org" and regels[1].fictief
    assert regels[2].link == "https://steun.example.org/aanmelden" and regels[2].fictief
    assert regels[3].tekst == "Markt 1, Plaats"


def test_three_places_show_the_same_contact_lines():
    t = _treffer(_volledig())
    md = "\n".join(naar_markdown(contactregels(t.dienst.service, t.dienst.organisation, t.locatie)))
    popup = kaartlaag.popup_html(t)
    card = verwijskaart.to_html(verwijskaart.items([t]), VANDAAG)
    assert "(<tel:0181000000>)" in md
    for out in (popup, card):
        assert '<a href="tel:0181000000">0181-000000</a>' in out
        assert '<a href="mailto:steun@example.org">steun@example.org</a>' in out
        assert "Markt 1, Plaats" in out and "dag en nacht bereikbaar (24/7)" in out
    for out in (md, popup, card):
        assert FICTIEF in out.replace("\\", "")


def test_organisation_website_and_mail_are_used_when_the_service_has_none():
    d = dienst("o", "Hulp")
    org = Organisation(id="org-o", name="Org", website="https://org.example.net", email=None)
    regels = contactregels(d.service, org, None)
    assert [(r.soort, r.link) for r in regels] == [("website", "https://org.example.net")]


def test_confidential_address_becomes_its_public_route():
    (opvang,) = [d for d in voorbeeldkaart() if d.service.id == "opvang"]
    regels = contactregels(opvang.service, opvang.organisation, opvang.vestigingen[0].location)
    tekst = " ".join(r.tekst for r in regels)
    assert "Geheime straat" not in tekst
    assert "Het adres is geheim. Via Veilig Thuis 0800-2000" in tekst


def test_no_route_is_marked_for_the_user_and_listed_for_the_beheerder():
    kaal = dienst("kaal", "Casusoverleg")
    loc = Location(id="loc-kaal", name="ergens", gemeente_code="GM1930")
    kaal = replace(kaal, vestigingen=(replace(kaal.vestigingen[0], location=loc),))
    regels = contactregels(kaal.service, kaal.organisation, loc)
    assert not contact.bereikbaar(regels)
    assert CONTACT_ONTBREEKT in naar_markdown(regels)[0].lower()
    t = _treffer(kaal)
    assert CONTACT_ONTBREEKT in kaartlaag.popup_html(t)
    assert CONTACT_ONTBREEKT in verwijskaart.to_html(verwijskaart.items([t]), VANDAAG)
    # the beheerder's list names exactly this one; opening hours alone are no way in
    alle = [*voorbeeldkaart(), kaal]
    assert [d.service.id for d in zonder_contact(alle)] == ["kaal"]
    alleen_uren = replace(kaal, service=replace(kaal.service, schedules=ALTIJD))
    assert [d.service.id for d in zonder_contact([alleen_uren])] == ["kaal"]


def test_user_text_cannot_become_a_link_or_markup():
    d = dienst("x", "X")
    sv = replace(
        d.service,
        phones=(Phone(number=XSS + " 010"),),
        email=f"a@b.nl{XSS}",
        url="javascript:alert(1)",
    )
    regels = contactregels(sv, d.organisation, None)
    assert [r.link for r in regels if r.soort in ("email", "website")] == [None, None]
    html = " ".join(v for _, v in naar_html(regels))
    assert "<script" not in html and "<img" not in html and "javascript:" not in html.split(">")[0]
    assert not any('href="javascript' in v for _, v in naar_html(regels))
    md = "\n".join(naar_markdown(regels))
    assert "<script" not in md.replace("\\<", "") and "](javascript" not in md
