"""Step 1 summaries built from plain values, so they work with any indicator source.

The wijken where several indicators point the same way are returned in alphabetical
order on purpose: they are places to look at together with the wijk, not a ranking.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class IndicatorWaarde:
    """One indicator in one wijk, with the national value to compare against."""

    wijkcode: str
    wijknaam: str
    indicator: str
    label: str
    waarde: float | None
    nl_waarde: float | None
    hoger_vraagt_aandacht: bool = True


@dataclass(frozen=True)
class WijkSignalen:
    wijkcode: str
    wijknaam: str
    indicatoren: tuple[str, ...]

    @property
    def aantal(self) -> int:
        return len(self.indicatoren)


def wijst_op_aandacht(w: IndicatorWaarde, marge: float = 0.10) -> bool:
    """True when a wijk differs from NL by more than ``marge`` in the direction of need."""
    if w.waarde is None or w.nl_waarde is None or w.nl_waarde == 0:
        return False
    verschil = (w.waarde - w.nl_waarde) / abs(w.nl_waarde)
    return verschil > marge if w.hoger_vraagt_aandacht else verschil < -marge


def wijken_met_meerdere_signalen(
    waarden: Iterable[IndicatorWaarde], minimum: int = 2, marge: float = 0.10
) -> list[WijkSignalen]:
    """Wijken where at least ``minimum`` indicators point the same way, alphabetical."""
    per_wijk: dict[str, tuple[str, list[str]]] = {}
    for w in waarden:
        _naam, labels = per_wijk.setdefault(w.wijkcode, (w.wijknaam, []))
        if wijst_op_aandacht(w, marge):
            labels.append(w.label)
    uit = [
        WijkSignalen(code, naam, tuple(labels))
        for code, (naam, labels) in per_wijk.items()
        if len(labels) >= minimum
    ]
    return sorted(uit, key=lambda s: s.wijknaam.lower())


UITLEG_SIGNALEN = (
    "In deze wijken wijken meerdere cijfers in dezelfde richting af van het landelijke "
    "gemiddelde. Dat zegt iets over waar preventie mogelijk extra nodig is, niet over de "
    "gezinnen die er wonen. De volgorde is alfabetisch, het is geen rangorde."
)
UITLEG_WIJKTABEL = (
    "▲ = meer dan 10% hoger dan landelijk, ▼ = meer dan 10% lager waar een laag cijfer "
    "op meer zorg wijst."
)


def wijktabel(
    waarden: Iterable[IndicatorWaarde],
    marge: float = 0.10,
    eenheden: Mapping[str, str] | None = None,
) -> list[dict[str, str]]:
    """One row per wijk (alphabetical), one column per indicator, with NL as the first row.

    A value that points at extra attention gets '▲' (or '▼' where lower needs attention),
    so the table does not rely on colour. The unit is in the column name ("… (%)").
    """
    from planner.plan.monitor import toon_getal

    eenheden = eenheden or {}
    rijen: dict[str, dict[str, str]] = {}
    nl: dict[str, str] = {"Wijk": "Nederland"}
    for w in waarden:
        eenheid = eenheden.get(w.indicator)
        kolom = f"{w.label} ({eenheid})" if eenheid else w.label
        rij = rijen.setdefault(w.wijkcode, {"Wijk": w.wijknaam})
        if w.waarde is None:
            rij[kolom] = "geen gegevens"
        else:
            teken = ""
            if wijst_op_aandacht(w, marge):
                teken = " ▲" if w.hoger_vraagt_aandacht else " ▼"
            rij[kolom] = toon_getal(w.waarde) + teken
        nl[kolom] = toon_getal(w.nl_waarde) if w.nl_waarde is not None else "geen gegevens"
    return [nl, *sorted(rijen.values(), key=lambda r: r["Wijk"].lower())]
