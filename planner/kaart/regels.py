"""Who a service serves and for which ages: ONE rule for search and for the preventieplan.

Both "Waar verwijs ik naar?" (``planner.kaart.search``) and the plan's vraag-aanbod
(``planner.plan.aanbod`` via ``planner.plan.adapters``) ask these functions, so a service
that is found for a wijk also counts as supply in that wijk, and the other way round.

The rule, tested in ``tests/kaart/test_regels.py``:

- A service serves its **werkgebied** (CBS codes). Without a werkgebied, it serves the
  **locations'** areas: the wijk of a location when known, else its gemeente (a
  confidential address counts only with its gemeente). With neither it is a **landelijke** service
  (a national helpline): it serves everywhere.
- A wijk is served by a service for that wijk or for the wijk's gemeente. A gemeente is
  served by a service for the gemeente or for one of its wijken (the service is there,
  even if not for every wijk).
- Ages are decimal years (0.5 is six months) and both limits are inclusive: a service for
  0-4 helps a child of 4, not one of 4.5. An age band ``[van, tot)`` (the plan's gap list)
  fits when the service's ages overlap it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from planner.gebieden import gemeente_van
from planner.kaart.model import DienstOverzicht, Location, Service


@dataclass(frozen=True, slots=True)
class Bereik:
    """The CBS codes a service serves; ``landelijk`` means everywhere."""

    codes: frozenset[str] = frozenset()
    landelijk: bool = False

    @property
    def gemeenten(self) -> frozenset[str]:
        """Every gemeente where the service serves at least one wijk (or all of it)."""
        return frozenset(gemeente_van(c) for c in self.codes)

    def bedient(self, gebied: str) -> bool:
        """Whether a family living in ``gebied`` (a GM or WK code) can go here."""
        if self.landelijk:
            return True
        if gebied.startswith("GM"):
            return any(gemeente_van(c) == gebied for c in self.codes)
        return gebied in self.codes or gemeente_van(gebied) in self.codes


def bereik_van(service: Service, locaties: Iterable[Location] = ()) -> Bereik:
    """The werkgebied when recorded, else the (public) gemeente/wijk of the locations."""
    if service.werkgebied:
        return Bereik(frozenset(service.werkgebied))
    codes: set[str] = set()
    for loc in locaties:
        publiek = loc.openbaar()  # a confidential address gives away at most its gemeente
        code = publiek.wijk_code or publiek.gemeente_code  # the most precise one we know
        if code:
            codes.add(code)
    return Bereik(frozenset(codes), landelijk=not codes)


def bedient(dienst: DienstOverzicht, gebied: str) -> bool:
    """THE rule: does this service (with its locations) serve ``gebied`` (GM/WK code)?"""
    return bereik_van(dienst.service, (v.location for v in dienst.vestigingen)).bedient(gebied)


def leeftijd_past(
    leeftijd_min: float | None,
    leeftijd_max: float | None,
    van: float,
    tot: float | None = None,
) -> bool:
    """Whether the service's ages (inclusive, decimal years; None = no limit) fit.

    With only ``van``: a child of exactly that age. With ``tot``: some age in ``[van, tot)``.
    """
    lo = float("-inf") if leeftijd_min is None else leeftijd_min
    hi = float("inf") if leeftijd_max is None else leeftijd_max
    if tot is None:
        return lo <= van <= hi
    return lo < tot and hi >= van
