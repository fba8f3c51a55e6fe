"""Reading files without stopping at the first problem: one home for Dutch read errors.

Every reader of user files (the kaart's CSV/Excel and HSDS, a saved plan, the meldcode) asks
``Lezer`` for its values; a value that cannot be read becomes a message that names the
file, row and field, so a gemeente fixes the whole file in one go.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any


class Ongeldig(ValueError):
    """A value that cannot be read; the message is Dutch and names the value."""


Plek = Any  # where a problem is: "Plan", "stappen[2]", a row number, ("services.csv", 3)


def _als_tekst(plek: Plek, veld: str | None, melding: str, ernst: str) -> str:
    return f"{plek}: {melding}"


class Lezer:
    """Collects every problem found while reading a file instead of stopping at the first.

    ``maak(plek, veld, melding, ernst)`` turns one problem into the reader's message: a
    ``planner.kaart.model.Fout`` for the kaart's row/field messages, or text
    ``"Plan: 'naam' ontbreekt."`` (the default) for a plan file. ``ok`` is False after the
    first problem of ``ernst`` "fout" (a "waarschuwing" does not block).
    """

    def __init__(
        self,
        maak: Callable[[Plek, str | None, str, str], Any] = _als_tekst,
        fouten: list[Any] | None = None,
    ) -> None:
        self.maak = maak
        self.fouten: list[Any] = [] if fouten is None else fouten
        self.ok = True

    def fout(self, plek: Plek, veld: str | None, melding: str, ernst: str = "fout") -> None:
        self.fouten.append(self.maak(plek, veld, melding, ernst))
        if ernst == "fout":
            self.ok = False

    def lees(self, plek: Plek, veld: str | None, parser: Callable[..., Any], *waarden: Any) -> Any:
        """``parser(*waarden)``; an ``Ongeldig`` becomes a message at plek/veld and None."""
        try:
            return parser(*waarden)
        except Ongeldig as exc:
            self.fout(plek, veld, str(exc))
            return None

    # typed access to a decoded JSON object: a wrong type is a message, never an exception

    def tekst(self, d: Mapping[str, Any], sleutel: str, plek: Plek, verplicht: bool = False) -> str:
        waarde = d.get(sleutel, "")
        if waarde is None:
            waarde = ""
        if not isinstance(waarde, str):
            self.fout(plek, sleutel, f"'{sleutel}' moet tekst zijn.")
            return ""
        if verplicht and not waarde.strip():
            self.fout(plek, sleutel, f"'{sleutel}' ontbreekt.")
        return waarde

    def getal(self, d: Mapping[str, Any], sleutel: str, plek: Plek) -> float | None:
        waarde = d.get(sleutel)
        if waarde is None or waarde == "":
            return None
        if isinstance(waarde, bool) or not isinstance(waarde, (int, float)):
            self.fout(plek, sleutel, f"'{sleutel}' moet een getal zijn.")
            return None
        if not math.isfinite(waarde):
            self.fout(plek, sleutel, f"'{sleutel}' moet een gewoon getal zijn, niet {waarde!r}.")
            return None
        return float(waarde)

    def geheel_getal(self, d: Mapping[str, Any], sleutel: str, plek: Plek) -> int | None:
        """A whole number; 2.7 is refused rather than quietly becoming 2."""
        waarde = self.getal(d, sleutel, plek)
        if waarde is None:
            return None
        if not waarde.is_integer():
            self.fout(plek, sleutel, f"'{sleutel}' moet een geheel getal zijn, niet {waarde}.")
            return None
        return int(waarde)

    def datum(
        self, d: Mapping[str, Any], sleutel: str, plek: Plek, verplicht: bool = False
    ) -> date | None:
        waarde = d.get(sleutel)
        if waarde in (None, ""):
            if verplicht:
                self.fout(plek, sleutel, f"'{sleutel}' ontbreekt.")
            return None
        try:
            return date.fromisoformat(str(waarde))
        except ValueError:
            self.fout(plek, sleutel, f"'{sleutel}' is geen datum (JJJJ-MM-DD): {waarde!r}.")
            return None

    def lijst(self, d: Mapping[str, Any], sleutel: str, plek: Plek) -> list[Any]:
        waarde = d.get(sleutel, [])
        if waarde is None:
            return []
        if not isinstance(waarde, list):
            self.fout(plek, sleutel, f"'{sleutel}' moet een lijst zijn.")
            return []
        return waarde

    def teksten(self, d: Mapping[str, Any], sleutel: str, plek: Plek) -> tuple[str, ...]:
        uit = []
        for x in self.lijst(d, sleutel, plek):
            if isinstance(x, str):
                uit.append(x)
            else:
                self.fout(plek, sleutel, f"'{sleutel}' mag alleen tekst bevatten.")
        return tuple(uit)
