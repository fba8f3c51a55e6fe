"""Regional matrix: which of the ten actions each gemeente in a region covers.

A gemeente covers an action when any of its plans (its own or a regional plan that
includes it) has chosen that action; the matrix says whether that plan is vastgesteld,
so a concept is never presented as settled policy.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from planner.plan.model import Plan

VASTGESTELD = "vastgesteld"
CONCEPT = "concept"


@dataclass(frozen=True)
class MatrixRij:
    gemeentecode: str
    gemeentenaam: str
    acties: dict[int, str | None]  # action -> "vastgesteld" / "concept" / None
    plannen: tuple[str, ...]

    @property
    def aantal_gedekt(self) -> int:
        return sum(1 for v in self.acties.values() if v)


def regionale_matrix(
    gemeenten: Sequence[tuple[str, str]],
    plannen: Iterable[Plan],
    acties: Sequence[int] = tuple(range(1, 11)),
) -> list[MatrixRij]:
    """One row per gemeente (in the given order); a settled plan outranks a concept."""
    alle = list(plannen)
    rijen = []
    for code, naam in gemeenten:
        eigen = [p for p in alle if code in p.gemeenten]
        dekking: dict[int, str | None] = {n: None for n in acties}
        for p in eigen:
            for a in p.acties:
                if a.nummer not in dekking:
                    continue
                if p.status == VASTGESTELD or dekking[a.nummer] is None:
                    dekking[a.nummer] = VASTGESTELD if p.status == VASTGESTELD else CONCEPT
        rijen.append(MatrixRij(code, naam, dekking, tuple(p.naam for p in eigen)))
    return rijen


SYMBOOL = {VASTGESTELD: "✔ vastgesteld", CONCEPT: "○ concept", None: "– geen"}


def matrix_tabel(rijen: Sequence[MatrixRij]) -> list[dict[str, str]]:
    """Rows for display: symbol *and* word per cell, so nothing relies on colour."""
    uit = []
    for r in rijen:
        rij = {"Gemeente": r.gemeentenaam}
        for n, v in r.acties.items():
            rij[f"Actie {n}"] = SYMBOOL[v]
        rij["Aantal acties"] = str(r.aantal_gedekt)
        uit.append(rij)
    return uit
