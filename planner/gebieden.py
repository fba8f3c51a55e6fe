"""CBS area codes as a tiny value type: one place that knows WK193001 lies in GM1930."""

from __future__ import annotations

import re
from collections.abc import Mapping

_CODE = re.compile(r"^(GM\d{4}|WK\d{6}|BU\d{8})$")


class Gebiedscode(str):
    """A CBS code of a gemeente (GMxxxx), wijk (WKxxxxxx) or buurt (BUxxxxxxxx).

    A ``str`` so it can be stored, compared and used as a dict key like the plain codes the
    rest of the app passes around; ``.gemeente`` is the gemeente it lies in.
    """

    __slots__ = ()

    def __new__(cls, code: str) -> Gebiedscode:
        tekst = str(code).strip().upper()
        if not _CODE.match(tekst):
            raise ValueError(f"'{code}' is geen CBS-gebiedscode (GMxxxx, WKxxxxxx of BUxxxxxxxx)")
        return super().__new__(cls, tekst)

    @property
    def soort(self) -> str:
        return {"GM": "gemeente", "WK": "wijk", "BU": "buurt"}[self[:2]]

    @property
    def is_gemeente(self) -> bool:
        return self.startswith("GM")

    @property
    def gemeente(self) -> Gebiedscode:
        """The gemeente this area lies in (itself for a gemeente)."""
        return self if self.is_gemeente else Gebiedscode(gemeente_van(self))

    @property
    def wijk(self) -> Gebiedscode | None:
        """The wijk of a buurt or wijk; None for a gemeente."""
        if self.is_gemeente:
            return None
        return Gebiedscode(wijk_van(self))


def gemeente_van(code: str) -> str:
    """The gemeente code of a gemeente, wijk or buurt code (WK193001 → GM1930)."""
    return code if code.startswith("GM") else "GM" + code[2:6]


def wijk_van(code: str) -> str:
    """The wijk code of a wijk or buurt code (BU19300101 → WK193001)."""
    return code if code.startswith("WK") else "WK" + code[2:8]


def keuze_naam(namen: Mapping[str, str], code: str, leeg: str = "Alle") -> str:
    """A filter option as it reads: 'Nissewaard (GM1930)', an unknown code bare, 'Alle' if none."""
    if not code:
        return leeg
    return f"{namen[code]} ({code})" if code in namen else code
