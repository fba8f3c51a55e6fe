"""Placing locations: file coordinates, PDOK (fake HTTP), CBS centroid, confidential addresses."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from planner.kaart.geocode import pdok_geocoder, place
from planner.kaart.model import Location

PDOK_ANTWOORD = {
    "response": {
        "numFound": 1,
        "docs": [
            {
                "weergavenaam": "Markt 1, 3201CZ Spijkenisse",
                "centroide_ll": "POINT(4.3251 51.8447)",
                "gemeentecode": "1930",
                "wijkcode": "WK193001",
            }
        ],
    }
}


class FakeHttp:
    def __init__(self, answer):
        self.answer = answer
        self.urls: list[str] = []

    def __call__(self, url: str):
        self.urls.append(url)
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer


def test_pdok_answer_is_parsed_and_query_sent():
    http = FakeHttp(PDOK_ANTWOORD)
    found = pdok_geocoder(http)("Markt 1 3201 CZ Spijkenisse")
    assert (found.latitude, found.longitude) == (51.8447, 4.3251)
    assert (found.gemeente_code, found.wijk_code) == ("GM1930", "WK193001")
    [url] = http.urls
    assert url.startswith("https://api.pdok.nl/bzk/locatieserver/search/v3_1/free?")
    assert parse_qs(urlparse(url).query)["q"] == ["Markt 1 3201 CZ Spijkenisse"]


def test_pdok_offline_or_empty_gives_none():
    assert pdok_geocoder(FakeHttp(OSError("geen netwerk")))("x") is None
    assert pdok_geocoder(FakeHttp({"response": {"docs": []}}))("x") is None


def test_coordinates_from_file_are_kept():
    loc = Location(id="l", latitude=51.9, longitude=4.1, address_1="Markt 1")
    http = FakeHttp(PDOK_ANTWOORD)
    placed, fouten = place(loc, None, pdok_geocoder(http))
    assert placed == loc and fouten == [] and http.urls == []


def test_online_address_lookup():
    loc = Location(id="l", address_1="Markt 1", postal_code="3201 CZ")
    placed, fouten = place(loc, None, pdok_geocoder(FakeHttp(PDOK_ANTWOORD)))
    assert (placed.latitude, placed.gemeente_code, placed.locatie_benaderd) == (
        51.8447,
        "GM1930",
        False,
    )
    assert fouten == []


def test_offline_falls_back_to_wijk_then_gemeente_centroid(gebieden):
    wijk = next(code for code in gebieden.wijken if code.startswith("WK1930"))
    by_wijk, _ = place(Location(id="l", wijk_code=wijk), gebieden)
    by_gemeente, _ = place(Location(id="l", gemeente_code="GM1930"), gebieden)
    assert by_wijk.locatie_benaderd and by_gemeente.locatie_benaderd
    assert (by_wijk.latitude, by_wijk.longitude) == (
        gebieden.wijken[wijk].latitude,
        gebieden.wijken[wijk].longitude,
    )
    assert (by_gemeente.latitude, by_gemeente.longitude) != (by_wijk.latitude, by_wijk.longitude)
    # A centroid must lie in the region around Spijkenisse, not in the sea.
    assert 51.75 < by_gemeente.latitude < 51.9 and 4.2 < by_gemeente.longitude < 4.4


def test_address_not_found_online_falls_back_with_warning(gebieden):
    loc = Location(id="l", address_1="Onbekend 99", gemeente_code="GM1924")
    placed, fouten = place(loc, gebieden, pdok_geocoder(FakeHttp({"response": {"docs": []}})))
    assert placed.locatie_benaderd
    assert [f.ernst for f in fouten] == ["waarschuwing"]


def test_nothing_to_place_is_an_error():
    _, fouten = place(Location(id="l"), None, None, rij=4)
    assert [(f.rij, f.veld, f.ernst) for f in fouten] == [(4, "latitude", "fout")]


def test_confidential_address_never_sent_to_pdok(gebieden):
    http = FakeHttp(PDOK_ANTWOORD)
    loc = Location(
        id="l",
        address_1="Geheim 1",
        latitude=51.84,
        longitude=4.32,
        gemeente_code="GM1930",
        adres_vertrouwelijk=True,
        publieke_contactroute="Via Veilig Thuis",
    )
    placed, fouten = place(loc, gebieden, pdok_geocoder(http))
    assert http.urls == []
    assert placed.locatie_benaderd
    assert (placed.latitude, placed.longitude) == (
        gebieden.gemeenten["GM1930"].latitude,
        gebieden.gemeenten["GM1930"].longitude,
    )
    assert [f.ernst for f in fouten] == ["waarschuwing"]  # exact coordinates were dropped


def test_gemeente_name_lookup(gebieden):
    assert gebieden.gemeente_code("Voorne aan Zee") == "GM1992"
    assert gebieden.gemeente_code("gm1924") == "GM1924"
    assert gebieden.gemeente_code("Atlantis") is None
