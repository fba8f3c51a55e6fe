"""Frozen dataclasses ⇄ plain dicts in one generic step, instead of a copy per field.

The store keeps a record as one row whose lists (phones, schedules, …) are JSON columns;
``naar_dict`` and ``uit_dict`` read the dataclass fields and their type hints, so a field
added to ``planner.kaart.model`` is stored and read back without touching this code.
Rules: an enum is stored as its ``.value``; a tuple as a list; a nested dataclass as a
dict whose dates and times are ISO text (JSON has no date); top-level dates stay ``date``
(the store's Date columns). Reading undoes that, and a missing, ``None`` or empty value of
a field that is not optional takes the field's default (old rows predate newer fields).
"""

from __future__ import annotations

import functools
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import MISSING, fields, is_dataclass
from datetime import date, datetime, time
from enum import Enum
from typing import Any, TypeVar

T = TypeVar("T")


def naar_dict(obj: Any, *, json: bool = False) -> dict[str, Any]:
    """The fields of dataclass ``obj`` as a dict of plain values (see the module rules)."""
    return {naam: _naar(getattr(obj, naam), json) for naam in veldnamen(type(obj))}


@functools.cache
def veldnamen(cls: type) -> tuple[str, ...]:
    """The field names of dataclass ``cls``, in declaration order."""
    return tuple(f.name for f in fields(cls))


def _naar(waarde: Any, json: bool) -> Any:
    if waarde is None or (isinstance(waarde, (str, int, float)) and not isinstance(waarde, Enum)):
        return waarde
    if isinstance(waarde, Enum):
        return waarde.value
    if isinstance(waarde, (tuple, list)):
        return [_naar(x, True) for x in waarde]
    if is_dataclass(waarde) and not isinstance(waarde, type):
        return naar_dict(waarde, json=True)
    if json and isinstance(waarde, (date, time)):
        return waarde.isoformat()
    return waarde


def uit_dict(cls: type[T], rij: Mapping[str, Any]) -> T:
    """The dataclass ``cls`` from a dict ``naar_dict`` made (keys it does not know ignored)."""
    try:
        return _snel(cls)(rij)
    except KeyError:  # an older row without a newer field: read what is there
        lezers = _lezers(cls)
        waarden = {}
        for naam, waarde in rij.items():
            if naam in lezers:
                lees = lezers[naam]
                waarden[naam] = waarde if lees is None else lees(waarde)
        return cls(**waarden)


@functools.cache
def _snel(cls: type) -> Callable[[Mapping[str, Any]], Any]:
    """``uit_dict`` for a row that has every field, as straight-line code (100,000 rows)."""
    namen: dict[str, Any] = {"cls": cls}
    delen = []
    for naam, lees in _lezers(cls).items():
        if lees is None:
            delen.append(f"{naam}=rij[{naam!r}]")
        else:
            namen[f"lees_{naam}"] = lees
            delen.append(f"{naam}=lees_{naam}(rij[{naam!r}])")
    # Field names are identifiers and the values stay in ``namen``: no data becomes code.
    exec(f"def bouw(rij):\n    return cls({', '.join(delen)})", namen)
    return namen["bouw"]


@functools.cache
def veldsoorten(cls: type) -> dict[str, Any]:
    """Each field's type without ``| None`` (``float`` for ``float | None``), in field order."""
    hints = typing.get_type_hints(cls)
    return {f.name: _zonder_none(hints[f.name])[0] for f in fields(cls)}


@functools.cache
def _lezers(cls: type) -> dict[str, Callable[[Any], Any] | None]:
    """Per field a converter, built once per class (a national kaart has 100,000 rows)."""
    hints = typing.get_type_hints(cls)
    uit = {}
    for f in fields(cls):
        soort, optioneel = _zonder_none(hints[f.name])
        lees: Callable[[Any], Any] | None = _lezer(soort)
        if not optioneel and (f.default is not MISSING or f.default_factory is not MISSING):
            standaard = f.default if f.default is not MISSING else f.default_factory()  # type: ignore[misc]
            lees = _of_standaard(lees or (lambda v: v), standaard)
        uit[f.name] = lees  # None: the value is used as it is
    return uit


def _zonder_none(soort: Any) -> tuple[Any, bool]:
    if typing.get_origin(soort) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(soort) if a is not type(None)]
        return args[0], len(args) < len(typing.get_args(soort))
    return soort, False


def _of_standaard(lees: Callable[[Any], Any], standaard: Any) -> Callable[[Any], Any]:
    return lambda v: standaard if v is None or v == "" else lees(v)


def _lezer(soort: Any) -> Callable[[Any], Any] | None:
    if typing.get_origin(soort) is tuple:
        item = _lezer(typing.get_args(soort)[0]) or (lambda v: v)
        return lambda v: None if v is None else tuple(item(x) for x in v)
    if is_dataclass(soort):
        return lambda v: None if v is None else uit_dict(soort, v)  # type: ignore[arg-type]
    if isinstance(soort, type) and issubclass(soort, Enum):
        return lambda v: None if v is None else soort(v)
    if soort is bool:
        return lambda v: None if v is None else bool(v)
    if soort in (date, time, datetime):
        return lambda v: soort.fromisoformat(v) if isinstance(v, str) else v
    return None
