"""Saving plans: every save is a new version, and a stale edit is refused, not merged.

Two colleagues may open the same plan; whoever saves second gets ``PlanConflict`` and
can reload, instead of silently overwriting the first one's work.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DatabaseError, OperationalError

from planner.plan.model import (
    Plan,
    PlanbestandFout,
    PlanOngeldig,
    plan_naar_dict,
    plan_problemen,
    plan_uit_dict,
)
from planner.plan.tables import (
    MAX_DOOR,
    MAX_TOELICHTING,
    plan_gemeenten,
    plan_versies,
    plannen,
)
from planner.store import utc_nu


class PlanConflict(RuntimeError):
    """Someone saved a newer version since this one was loaded."""

    def __init__(self, plan_id: int, verwacht: int, huidig: int):
        super().__init__(
            f"Dit plan is intussen opgeslagen door iemand anders (versie {huidig}; u werkte "
            f"in versie {verwacht}). Laad de nieuwste versie en voer uw wijziging opnieuw in."
        )
        self.plan_id, self.verwacht, self.huidig = plan_id, verwacht, huidig


class PlanNietGevonden(LookupError):
    pass


@dataclass(frozen=True)
class PlanInfo:
    id: int
    naam: str
    status: str
    versie: int
    gemeenten: tuple[str, ...]
    gewijzigd: datetime


@dataclass(frozen=True)
class VersieInfo:
    versie: int
    status: str
    opgeslagen: datetime
    door: str
    toelichting: str


def _info(conn: Connection, plan_id: int) -> PlanInfo:
    rij = conn.execute(select(plannen).where(plannen.c.id == plan_id)).mappings().first()
    if rij is None:
        raise PlanNietGevonden(f"Plan {plan_id} bestaat niet.")
    codes = conn.execute(
        select(plan_gemeenten.c.gemeentecode)
        .where(plan_gemeenten.c.plan_id == plan_id)
        .order_by(plan_gemeenten.c.gemeentecode)
    ).scalars()
    return PlanInfo(
        rij["id"], rij["naam"], rij["status"], rij["versie"], tuple(codes), rij["gewijzigd"]
    )


def _schrijf_versie(
    conn: Connection, plan_id: int, versie: int, plan: Plan, door: str, toelichting: str
) -> None:
    conn.execute(
        insert(plan_versies).values(
            plan_id=plan_id,
            versie=versie,
            status=plan.status,
            inhoud=plan_naar_dict(plan),
            opgeslagen=utc_nu(),
            door=door,
            toelichting=toelichting,
        )
    )
    conn.execute(plan_gemeenten.delete().where(plan_gemeenten.c.plan_id == plan_id))
    conn.execute(
        insert(plan_gemeenten),
        [{"plan_id": plan_id, "gemeentecode": g} for g in dict.fromkeys(plan.gemeenten)],
    )


def _controleer(plan: Plan, door: str = "", toelichting: str = "") -> None:
    """Refuse, in Dutch, what the database would refuse (or what must not be stored)."""
    if not plan.gemeenten:
        raise PlanOngeldig(["Een plan hoort bij minstens één gemeente."])
    fouten = plan_problemen(plan)
    if len(door) > MAX_DOOR:
        fouten.append(f"De naam van wie opslaat is te lang (hoogstens {MAX_DOOR} tekens).")
    if len(toelichting) > MAX_TOELICHTING:
        fouten.append(
            f"De toelichting is te lang ({len(toelichting)} tekens); gebruik hoogstens "
            f"{MAX_TOELICHTING} tekens."
        )
    if fouten:
        raise PlanOngeldig(fouten)


class PlanNietOpgeslagen(Exception):
    """The database could not write (full disk, lost connection); nothing was stored.

    The message is Dutch and never contains the SQL statement or the driver's text.
    """

    def __init__(self) -> None:
        super().__init__(
            "Het plan is niet opgeslagen: de database kon op dit moment niet schrijven "
            "(bijvoorbeeld omdat de schijf vol is). Uw invoer staat nog op deze pagina. "
            "Probeer het later opnieuw, of download het plan als JSON en importeer het later."
        )


def _opgeslagen(func: Any) -> Any:
    """Turn a database failure anywhere in a save into ``PlanNietOpgeslagen``."""
    import functools

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (OperationalError, DatabaseError) as exc:
            raise PlanNietOpgeslagen() from exc

    return wrapper


@_opgeslagen
def maak_plan(engine: Engine, plan: Plan, door: str = "", toelichting: str = "") -> PlanInfo:
    """Store a new plan as version 1."""
    _controleer(plan, door, toelichting)
    nu = utc_nu()
    with engine.begin() as conn:
        plan_id = conn.execute(
            insert(plannen).values(
                naam=plan.naam, status=plan.status, versie=1, aangemaakt=nu, gewijzigd=nu
            )
        ).inserted_primary_key[0]
        _schrijf_versie(conn, plan_id, 1, plan, door, toelichting or "Nieuw plan")
        return _info(conn, plan_id)


@_opgeslagen
def sla_op(
    engine: Engine,
    plan_id: int,
    plan: Plan,
    verwachte_versie: int,
    door: str = "",
    toelichting: str = "",
) -> PlanInfo:
    """Save ``plan`` as the next version, if nobody saved since ``verwachte_versie``."""
    _controleer(plan, door, toelichting)
    with engine.begin() as conn:
        nieuw = verwachte_versie + 1
        gewijzigd = conn.execute(
            update(plannen)
            .where(plannen.c.id == plan_id, plannen.c.versie == verwachte_versie)
            .values(naam=plan.naam, status=plan.status, versie=nieuw, gewijzigd=utc_nu())
        ).rowcount
        if gewijzigd != 1:
            huidig = _info(conn, plan_id).versie  # raises PlanNietGevonden if gone
            raise PlanConflict(plan_id, verwachte_versie, huidig)
        _schrijf_versie(conn, plan_id, nieuw, plan, door, toelichting)
        return _info(conn, plan_id)


def laad_plan(engine: Engine, plan_id: int, versie: int | None = None) -> tuple[Plan, PlanInfo]:
    """The latest version, or an older one when ``versie`` is given."""
    with engine.connect() as conn:
        info = _info(conn, plan_id)
        gezocht = info.versie if versie is None else versie
        inhoud = conn.execute(
            select(plan_versies.c.inhoud).where(
                plan_versies.c.plan_id == plan_id, plan_versies.c.versie == gezocht
            )
        ).scalar_one_or_none()
    if inhoud is None:
        raise PlanNietGevonden(f"Plan {plan_id} heeft geen versie {gezocht}.")
    return plan_uit_dict(inhoud, vaststellen_controleren=False), info


def versies(engine: Engine, plan_id: int) -> list[VersieInfo]:
    """All saved versions, newest first."""
    with engine.connect() as conn:
        rijen = conn.execute(
            select(
                plan_versies.c.versie,
                plan_versies.c.status,
                plan_versies.c.opgeslagen,
                plan_versies.c.door,
                plan_versies.c.toelichting,
            )
            .where(plan_versies.c.plan_id == plan_id)
            .order_by(plan_versies.c.versie.desc())
        ).all()
    return [VersieInfo(*r) for r in rijen]


def plannen_voor(engine: Engine, gemeentecode: str | None = None) -> list[PlanInfo]:
    """Plans covering a gemeente (including regional plans), most recently changed first."""
    with engine.connect() as conn:
        query = select(plannen.c.id).order_by(plannen.c.gewijzigd.desc(), plannen.c.id.desc())
        if gemeentecode:
            query = query.where(
                plannen.c.id.in_(
                    select(plan_gemeenten.c.plan_id).where(
                        plan_gemeenten.c.gemeentecode == gemeentecode
                    )
                )
            )
        ids = conn.execute(query).scalars().all()
        return [_info(conn, i) for i in ids]


def exporteer_json(plan: Plan) -> str:
    """The plan file users download and can import elsewhere."""
    return json.dumps(plan_naar_dict(plan), ensure_ascii=False, indent=2, allow_nan=False)


def importeer_json(
    engine: Engine,
    inhoud: str | bytes,
    door: str = "",
    bekende_gemeenten: Collection[str] | None = None,
) -> PlanInfo:
    """Validate a plan file completely, then store it as a new plan; nothing on error."""
    try:
        ruw = json.loads(inhoud)
    except (json.JSONDecodeError, UnicodeDecodeError) as fout:
        raise PlanbestandFout([f"Het bestand is geen geldige JSON: {fout}"]) from None
    plan = plan_uit_dict(ruw, bekende_gemeenten=bekende_gemeenten)
    return maak_plan(engine, plan, door=door, toelichting="Geïmporteerd uit een planbestand")


def laatste_plannen(engine: Engine, gemeentecodes: list[str]) -> list[tuple[PlanInfo, Plan]]:
    """The newest version of every plan that covers any of these gemeenten."""
    gezien: dict[int, PlanInfo] = {}
    for code in gemeentecodes:
        for info in plannen_voor(engine, code):
            gezien.setdefault(info.id, info)
    return [(info, laad_plan(engine, info.id)[0]) for info in gezien.values()]
