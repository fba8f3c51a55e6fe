"""Dutch numbers for every screen, table and export: one formatter for the whole app.

``7``, ``85.000``, ``36,8``, ``€ 1,2 miljoen``: a decimal comma, a thousands dot, and never
``None``, ``nan``, ``7.00`` or ``85000.00``. Missing values get a word instead of a number.
Small counts (1-4) that could point at a family are shown as ``< 5`` by :func:`aantal`.

Babel's ``nl_NL`` patterns give the same output for these cases; the few rules below are
kept here instead, so the app does not carry a locale database for six functions.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

import pandas as pd

KLEIN = 5  # counts below this are shown as "< 5"
GEEN = "geen gegevens"
STREEP = "–"


def ontbreekt(x: object) -> bool:
    """None, NaN, pd.NA and empty strings all mean: no value."""
    if x is None:
        return True
    if isinstance(x, str):
        return x.strip() == "" or x.strip().lower() in {"nan", "none"}
    try:
        return bool(pd.isna(x))
    except (TypeError, ValueError):
        return False


def getal(x: object, decimalen: int | None = None, leeg: str = STREEP) -> str:
    """A number in Dutch notation; ``decimalen=None``: whole numbers without decimals.

    With ``decimalen=None`` an integer value shows as ``7`` and a fraction with one decimal
    (``36,8``); values of 100 and more are rounded to whole numbers (``1.195``). Decimals
    that are all zero are dropped (``7``, not ``7,00``).
    """
    if ontbreekt(x):
        return leeg
    v = float(x)  # type: ignore[arg-type]
    if math.isinf(v):
        return leeg
    if decimalen is None:
        decimalen = 0 if v.is_integer() or abs(v) >= 100 else 1
    tekst = f"{v:,.{decimalen}f}"
    if decimalen and set(tekst.rsplit(".", 1)[-1]) == {"0"}:
        tekst = tekst.rsplit(".", 1)[0]  # 7.00 → 7: zeros after the comma say nothing
    tekst = tekst.replace(",", "X").replace(".", ",").replace("X", ".")
    return "0" if tekst in {"-0", "-0,0"} else tekst


def aantal(x: object, leeg: str = STREEP) -> str:
    """A count of people, rounded; 1-4 becomes '< 5' so no family can be recognised."""
    if ontbreekt(x):
        return leeg
    v = float(x)  # type: ignore[arg-type]
    if 0 < v < KLEIN:
        return f"< {KLEIN}"
    return getal(round(v), 0, leeg)


def procent(fractie: float | None, decimalen: int = 1, leeg: str = STREEP) -> str:
    """A fraction (0.368) as a Dutch percentage ('36,8%')."""
    if ontbreekt(fractie):
        return leeg
    return f"{getal(float(fractie) * 100, decimalen)}%"  # type: ignore[arg-type]


def euro(x: float | None, leeg: str = STREEP) -> str:
    """Amounts: '€ 11.875', or '€ 1,2 miljoen' from a million up."""
    if ontbreekt(x):
        return leeg
    v = float(x)  # type: ignore[arg-type]
    if abs(v) >= 1_000_000:
        return f"€ {getal(v / 1_000_000, 1)} miljoen"
    return f"€ {getal(round(v), 0)}"


def met_eenheid(x: object, eenheid: str, leeg: str = GEEN) -> str:
    """A value with its unit as the Wijkprofiel shows it: '36,8%', '12,3 per 1.000'."""
    if ontbreekt(x):
        return leeg
    eenheid = eenheid.strip()
    if eenheid.startswith("aantal"):
        return aantal(x, leeg)
    s = getal(x)
    if eenheid.startswith("%"):
        return f"{s}%"
    return s


def tabel(df: pd.DataFrame, kolommen: Iterable[str] | None = None) -> pd.DataFrame:
    """A copy of a table for the screen: numbers as Dutch text, gaps as 'geen gegevens'.

    Streamlit shows floats as ``36.8`` and missing cells as ``None``; text cells are shown
    as they are, so formatting here is the only way the screen stays Dutch.
    """
    out = df.copy()
    for col in kolommen if kolommen is not None else out.columns:
        reeks = out[col]
        if (
            pd.api.types.is_numeric_dtype(reeks)
            or reeks.map(lambda v: isinstance(v, int | float) or ontbreekt(v)).all()
        ):
            out[col] = [GEEN if ontbreekt(v) else getal(v) for v in reeks]
        else:
            out[col] = [
                GEEN if ontbreekt(v) else (getal(v) if isinstance(v, int | float) else str(v))
                for v in reeks
            ]
    return out


# --- reading numbers ---------------------------------------------------------------------

_HEEL = re.compile(r"[+-]?[0-9]+")
_DUIZENDTALLEN = re.compile(r"[+-]?[0-9]{1,3}(\.[0-9]{3})+")
_KOMMA_DECIMAAL = re.compile(r"[+-]?([0-9]+|[0-9]{1,3}(\.[0-9]{3})+),[0-9]+")
_PUNT_DECIMAAL = re.compile(r"[+-]?[0-9]+\.[0-9]+")
# Machine notation (our CSV export, coordinates): '.' or ',' before the decimals, no
# thousands, an exponent allowed (1e-05); ASCII digits only, so '1_0' and '١٢' are refused.
_MACHINE = re.compile(r"[+-]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)(?:[eE][+-]?[0-9]+)?")


def lees_getal(waarde: object, *, punt_is_decimaal: bool = False) -> float:
    """A number typed by a person, read in one documented way; ``Ongeldig`` otherwise.

    Dutch (default): ``1.234`` is 1234, ``1,5`` is 1.5, ``1.234,5`` is 1234.5; ``1.5`` and
    ``1,234.5`` are refused as unclear instead of guessed. With ``punt_is_decimaal`` (the
    kaart's CSV/Excel, whose export writes ``0.5`` and ``52.0116``) a point and a comma are
    both the decimal separator and there are no thousands: ``1.234`` is 1.234. Spaces are
    ignored; NaN and infinity are never numbers. Real numbers (Excel cells) pass unchanged.
    """
    from planner.fouten import Ongeldig

    if isinstance(waarde, bool):
        raise Ongeldig(f"'{waarde}' is geen getal")
    if isinstance(waarde, int | float):
        uit = float(waarde)
    else:
        t = str(waarde).strip().replace(" ", "").replace("\u00a0", "")
        if punt_is_decimaal:
            if not _MACHINE.fullmatch(t):
                raise Ongeldig(f"'{waarde}' is geen getal")
            uit = float(t.replace(",", "."))
        elif _HEEL.fullmatch(t) or _DUIZENDTALLEN.fullmatch(t):
            uit = float(t.replace(".", ""))
        elif _KOMMA_DECIMAAL.fullmatch(t):
            uit = float(t.replace(".", "").replace(",", "."))
        elif _PUNT_DECIMAAL.fullmatch(t) or ("," in t and "." in t):
            raise Ongeldig(
                f"'{waarde}' is onduidelijk: gebruik een komma voor decimalen (1,5) en een punt "
                "alleen voor duizendtallen (1.234)"
            )
        else:
            raise Ongeldig(f"'{waarde}' is geen getal")
    if not math.isfinite(uit):
        raise Ongeldig(f"'{waarde}' is geen getal")
    return uit
