"""The one error-collecting reader: every problem becomes a message, none stops reading."""

import pytest

from planner.fouten import Lezer, Ongeldig


def _getal(waarde):
    if not str(waarde).isdigit():
        raise Ongeldig(f"'{waarde}' is geen getal")
    return int(waarde)


def test_collects_every_problem_with_its_place():
    lezer = Lezer()
    assert lezer.lees("Regel 2", "waarde", _getal, "12") == 12
    assert lezer.lees("Regel 3", "waarde", _getal, "twaalf") is None
    lezer.fout("Regel 4", "bron", "de bron ontbreekt", ernst="waarschuwing")
    assert lezer.fouten == ["Regel 3: 'twaalf' is geen getal", "Regel 4: de bron ontbreekt"]
    assert lezer.ok is False


def test_a_warning_does_not_block_and_messages_can_be_objects():
    gedeeld: list = []
    lezer = Lezer(lambda plek, veld, melding, ernst: (plek, veld, ernst), gedeeld)
    lezer.fout(7, "naam", "kort", ernst="waarschuwing")
    assert lezer.ok and gedeeld == [(7, "naam", "waarschuwing")]


@pytest.mark.parametrize(
    ("d", "methode", "verwacht", "melding"),
    [
        ({"n": "x"}, "tekst", "x", None),
        ({"n": 3}, "tekst", "", "P: 'n' moet tekst zijn."),
        ({"n": 2.0}, "geheel_getal", 2, None),
        ({"n": 2.7}, "geheel_getal", None, "P: 'n' moet een geheel getal zijn, niet 2.7."),
        ({"n": True}, "getal", None, "P: 'n' moet een getal zijn."),
        ({"n": float("inf")}, "getal", None, "P: 'n' moet een gewoon getal zijn, niet inf."),
        ({"n": "2026-13-01"}, "datum", None, "P: 'n' is geen datum (JJJJ-MM-DD): '2026-13-01'."),
        ({"n": "a"}, "lijst", [], "P: 'n' moet een lijst zijn."),
        ({"n": ["a", 1]}, "teksten", ("a",), "P: 'n' mag alleen tekst bevatten."),
    ],
)
def test_typed_json_access(d, methode, verwacht, melding):
    lezer = Lezer()
    assert getattr(lezer, methode)(d, "n", "P") == verwacht
    assert lezer.fouten == ([melding] if melding else [])
