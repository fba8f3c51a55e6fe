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


def matrix_html(rijen: Sequence[MatrixRij], titels: dict[int, str] | None = None) -> str:
    """The matrix as a large-type HTML table for a projector; every text is escaped.

    Each cell carries a symbol *and* a word (✔ vastgesteld, ○ concept, – geen), so the table
    reads without colour; the action numbers have their title as a tooltip.
    """
    from html import escape

    tabel = matrix_tabel(rijen)
    if not tabel:
        return "<p>Geen gemeenten in deze regio.</p>"
    kolommen = list(tabel[0])
    titels = titels or {}
    sr = '<span class="pk-sr">'
    koppen = []
    for k in kolommen:
        nummer = k.removeprefix("Actie ")
        titel = titels.get(int(nummer)) if nummer.isdigit() else None
        attr = f' title="{escape(titel)}"' if titel else ""
        # On the slide the column shows "1"; a screen reader hears "Actie 1".
        tekst = f"{sr}Actie </span>{escape(nummer)}" if nummer.isdigit() else escape(k)
        koppen.append(f'<th scope="col"{attr}>{tekst}</th>')

    def cel(waarde: str) -> str:
        # Symbol on screen (explained under the table), the word for a screen reader too.
        symbool, _, woord = waarde.partition(" ")
        if woord and waarde in SYMBOOL.values():
            teken = f'<span aria-hidden="true">{escape(symbool)}</span>'
            return f"<td>{teken}{sr}{escape(woord)}</span></td>"
        return f"<td>{escape(waarde)}</td>"

    regels = []
    for rij in tabel:
        cellen = [f'<th scope="row">{escape(rij[kolommen[0]])}</th>']
        cellen += [cel(rij[k]) for k in kolommen[1:]]
        regels.append("<tr>" + "".join(cellen) + "</tr>")
    stijl = (
        "<style>.pk-matrix{border-collapse:collapse;font-size:1.5rem;line-height:1.3;width:100%}"
        ".pk-matrix th,.pk-matrix td{border:2px solid #000;padding:.3em .45em;"
        "text-align:left;vertical-align:top;color:#000;background:#fff}"
        ".pk-matrix td{text-align:center}"
        ".pk-matrix thead th{background:#eee}"
        ".pk-sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);"
        "white-space:nowrap}</style>"
    )
    return (
        stijl + '<table class="pk-matrix"><caption style="caption-side:top;text-align:left;'
        'font-size:1.4rem;color:#000">Welke van de tien acties elke gemeente in een plan '
        "heeft</caption><thead><tr>"
        + "".join(koppen)
        + "</tr></thead><tbody>"
        + "".join(regels)
        + "</tbody></table>"
    )
