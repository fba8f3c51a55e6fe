"""CBS missing-value markers become missing with a reason, never zero."""

import pytest

from planner.wijken.values import GEHEIM, ONBEKEND, ONLEESBAAR, base_name, parse_value


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12.5", (12.5, None)),
        ("12,5", (12.5, None)),
        (" 7 ", (7.0, None)),
        (3, (3.0, None)),
        ("-", (0.0, None)),
        (".", (None, GEHEIM)),
        ("x", (None, GEHEIM)),
        ("-99999999", (None, GEHEIM)),
        (-99999999, (None, GEHEIM)),
        ("-99999997", (None, ONBEKEND)),
        ("", (None, ONBEKEND)),
        (None, (None, ONBEKEND)),
        (float("nan"), (None, ONBEKEND)),
        ("abc", (None, ONLEESBAAR)),
        ("12.5.3", (None, ONLEESBAAR)),
    ],
)
def test_parse_value(raw, expected):
    assert parse_value(raw) == expected


def test_empty_reason_can_be_set_per_table():
    assert parse_value("", empty_reason=GEHEIM) == (None, GEHEIM)


@pytest.mark.parametrize(
    ("key", "base"),
    [
        ("HuishoudensMetKinderen_32", "HuishoudensMetKinderen"),
        ("GemiddeldInkomenPerInwoner_78", "GemiddeldInkomenPerInwoner"),
        ("GemiddeldInkomenPerInwoner_83", "GemiddeldInkomenPerInwoner"),
        ("k_0Tot15Jaar_8", "k_0Tot15Jaar"),
        ("Codering", "Codering"),
    ],
)
def test_base_name_drops_renumbered_suffix(key, base):
    assert base_name(key) == base
