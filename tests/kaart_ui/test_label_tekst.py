"""Widget labels: user text stays literal without escapes a screen reader would read out."""

from planner.kaart.search import label_tekst


def test_hyphen_colon_and_period_stay_as_written():
    assert label_tekst("Jeugd- en gezinscoach") == "Jeugd- en gezinscoach"
    assert label_tekst("Jeugdgezondheidszorg: consultatiebureau") == (
        "Jeugdgezondheidszorg: consultatiebureau"
    )
    assert label_tekst("1. Hulp + steun #2!") == "1. Hulp + steun #2!"


def test_markdown_that_would_change_the_label_is_escaped():
    assert label_tekst("a*b*") == r"a\*b\*"
    assert label_tekst("[klik](https://x.nl)") == r"\[klik\]\(https://x.nl\)"
    assert label_tekst(":material/home: huis") == r"\:material/home: huis"
    assert label_tekst("<b>x</b>") == "&lt;b\\>x&lt;/b\\>"
