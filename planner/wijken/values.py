"""CBS cell values: numbers, and the reasons a number is missing.

CBS marks suppressed and unknown figures in several ways (StatLine ``.``/``x``, KWB negative
sentinels, empty cells in OData). They must never turn into zeros: a zero on a map reads as
"no problem here", while the truth is "we do not know".
"""

from __future__ import annotations

import math
import re

GEHEIM = "geheim of te klein"
ONBEKEND = "onbekend"
NIET_GELADEN = "niet in de geladen gegevens"
ONLEESBAAR = "onleesbare waarde in het bronbestand"
TE_KLEIN = "te weinig inwoners of huishoudens voor een betrouwbaar cijfer"
ALLEEN_GEMEENTE = "alleen per gemeente beschikbaar"

# KWB sentinels as published in the CBS wijk- en buurtkaart and Excel downloads.
_SENTINELS = {
    -99999999.0: GEHEIM,
    -99999998.0: GEHEIM,
    -99999997.0: ONBEKEND,
    -99997.0: GEHEIM,
    -99995.0: ONBEKEND,
}
_SECRET_MARKS = {".", "x", "X", "geheim", "?"}

_SUFFIX = re.compile(r"_\d+$")


def base_name(key: str) -> str:
    """`HuishoudensMetKinderen_32` → `HuishoudensMetKinderen`; CBS renumbers suffixes."""
    return _SUFFIX.sub("", key.strip())


def parse_value(raw: object, empty_reason: str = ONBEKEND) -> tuple[float | None, str | None]:
    """Parse one CBS cell into (value, reason-if-missing); decimal comma accepted."""
    if raw is None:
        return None, empty_reason
    if isinstance(raw, bool):
        return float(raw), None
    if isinstance(raw, int | float):
        val = float(raw)
        if math.isnan(val):
            return None, empty_reason
        if val in _SENTINELS:
            return None, _SENTINELS[val]
        return val, None
    text = str(raw).strip()
    if text == "":
        return None, empty_reason
    if text in _SECRET_MARKS:
        return None, GEHEIM
    if text == "-":  # StatLine: nihil
        return 0.0, None
    try:
        val = float(text.replace(" ", "").replace(",", "."))
    except ValueError:
        return None, ONLEESBAAR
    if val in _SENTINELS:
        return None, _SENTINELS[val]
    return val, None
