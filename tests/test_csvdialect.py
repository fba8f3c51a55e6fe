"""One rule for encoding and delimiter of every CSV the app reads (kaart, CBS, monitor)."""

import pytest

from planner.csvdialect import Onleesbaar, lees_tekst, scheidingsteken


@pytest.mark.parametrize(
    ("tekst", "teken"),
    [
        ("naam;gemeente;leeftijd\n", ";"),
        ("naam,gemeente,leeftijd\n", ","),
        ("naam\tgemeente\tleeftijd\n", "\t"),
        ("naam|gemeente\n", "|"),
        ('"naam, kort";gemeente\n', ";"),  # a comma inside quotes does not count
        ('"a;b",c,d\n', ","),
        ("a;b,c\n", ";"),  # a tie: Dutch Excel's ';'
        ("naam\n", ";"),  # one column
        ("\n\nnaam,gemeente\n", ","),  # leading empty lines are skipped
        ("", ";"),
    ],
)
def test_delimiter_of_the_header_line(tekst, teken):
    assert scheidingsteken(tekst) == teken


@pytest.mark.parametrize(
    ("raw", "tekst", "codering"),
    [
        ("Zoë;café".encode(), "Zoë;café", "utf-8"),
        (b"\xef\xbb\xbfZo\xc3\xab", "Zoë", "utf-8-sig"),
        ("Zoë;€".encode("cp1252"), "Zoë;€", "cp1252"),  # Excel on Windows
        ("Zoë".encode("utf-16"), "Zoë", "utf-16"),
    ],
)
def test_text_from_bytes_other_systems_wrote(raw, tekst, codering):
    assert lees_tekst(raw) == (tekst, codering)


def test_utf8_bom_with_a_windows_byte_is_refused_with_its_line():
    with pytest.raises(Onleesbaar, match="regel 2"):
        lees_tekst(b"\xef\xbb\xbfnaam\nZo\xeb\n")
