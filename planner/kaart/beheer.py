"""The beheer queues: organisation changes awaiting approval and "meld onjuiste informatie".

An *organisatie* account may propose changes to its own services and waiting times; they
are stored here as pending and only reach the sociale kaart when a beheerder approves them
(issue 3). Anyone viewing the public kaart may report an entry as incorrect; the report
lands in the same beheer screen. Both queues keep their history (status, who, when) instead
of deleting rows, so a beheerder can see what was decided.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Column, DateTime, Integer, String, Table, Text, insert, select, update
from sqlalchemy.engine import Engine

from planner.accounts import Account, AccountFout, may_approve, may_edit, needs_approval
from planner.store import metadata

SOORTEN = ("service", "wachttijd")
MAX_MELDING = 2000

wijzigingen_table = Table(
    "kaart_wijzigingen",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("soort", String(20), nullable=False),
    Column("service_id", String(100), nullable=False),
    Column("organisatie_id", String(100), nullable=True),
    Column("gegevens", Text, nullable=False),
    Column("ingediend_door", String(100), nullable=False),
    Column("ingediend_op", DateTime(timezone=True), nullable=False),
    Column(
        "status", String(20), nullable=False, default="wacht", server_default="wacht", index=True
    ),
    Column("beoordeeld_door", String(100), nullable=True),
    Column("beoordeeld_op", DateTime(timezone=True), nullable=True),
    Column("toelichting", Text, nullable=True),
)

meldingen_table = Table(
    "kaart_meldingen",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("service_id", String(100), nullable=False),
    Column("service_naam", String(300), nullable=False),
    Column("tekst", Text, nullable=False),
    Column("gemeld_op", DateTime(timezone=True), nullable=False),
    Column("status", String(20), nullable=False, default="open", server_default="open", index=True),
    Column("afgehandeld_door", String(100), nullable=True),
    Column("afgehandeld_op", DateTime(timezone=True), nullable=True),
)


class GeenToegang(AccountFout):
    """The account's role does not allow this action."""


@dataclass(frozen=True)
class Wijziging:
    """A proposed change: ``gegevens`` holds the new field values (or a waiting time)."""

    id: int
    soort: str
    service_id: str
    organisatie_id: str | None
    gegevens: dict[str, Any] = field(hash=False)
    ingediend_door: str
    ingediend_op: datetime
    status: str
    beoordeeld_door: str | None = None
    beoordeeld_op: datetime | None = None
    toelichting: str | None = None


@dataclass(frozen=True)
class Melding:
    """A report from a user that an entry on the kaart is wrong."""

    id: int
    service_id: str
    service_naam: str
    tekst: str
    gemeld_op: datetime
    status: str
    afgehandeld_door: str | None = None
    afgehandeld_op: datetime | None = None


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(moment: datetime | None) -> datetime | None:
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def _json_default(value: object) -> str:
    if hasattr(value, "isoformat"):
        return value.isoformat()  # type: ignore[no-any-return]
    raise TypeError(f"niet op te slaan: {type(value).__name__}")


def _to_wijziging(row) -> Wijziging:
    return Wijziging(
        id=row.id,
        soort=row.soort,
        service_id=row.service_id,
        organisatie_id=row.organisatie_id,
        gegevens=json.loads(row.gegevens),
        ingediend_door=row.ingediend_door,
        ingediend_op=_aware(row.ingediend_op),  # type: ignore[arg-type]
        status=row.status,
        beoordeeld_door=row.beoordeeld_door,
        beoordeeld_op=_aware(row.beoordeeld_op),
        toelichting=row.toelichting,
    )


def submit_change(
    engine: Engine,
    account: Account,
    soort: str,
    service_id: str,
    organisatie_id: str | None,
    gegevens: dict[str, Any],
    now: datetime | None = None,
) -> Wijziging:
    """Queue a change by an organisation account; refuses services of other organisations."""
    if soort not in SOORTEN:
        raise ValueError(f"onbekende soort wijziging: {soort}")
    if not may_edit(account, organisatie_id):
        raise GeenToegang("U mag alleen gegevens van uw eigen organisatie wijzigen.")
    now = now or _now()
    with engine.begin() as conn:
        result = conn.execute(
            insert(wijzigingen_table).values(
                soort=soort,
                service_id=service_id,
                organisatie_id=organisatie_id,
                gegevens=json.dumps(gegevens, default=_json_default, ensure_ascii=False),
                ingediend_door=account.naam,
                ingediend_op=now,
                status="wacht",
            )
        )
        new_id = result.inserted_primary_key[0]
    return get_change(engine, new_id)


def get_change(engine: Engine, change_id: int) -> Wijziging:
    with engine.connect() as conn:
        row = conn.execute(
            select(wijzigingen_table).where(wijzigingen_table.c.id == change_id)
        ).first()
    if row is None:
        raise KeyError(change_id)
    return _to_wijziging(row)


def pending_changes(engine: Engine, account: Account | None = None) -> list[Wijziging]:
    """What still waits; an organisatie account sees only its own organisation's changes."""
    query = select(wijzigingen_table).where(wijzigingen_table.c.status == "wacht")
    if account is not None and not account.is_beheerder:
        query = query.where(wijzigingen_table.c.organisatie_id == account.organisatie_id)
    with engine.connect() as conn:
        rows = conn.execute(query.order_by(wijzigingen_table.c.ingediend_op)).all()
    return [_to_wijziging(r) for r in rows]


def _decide(
    engine: Engine, change_id: int, account: Account, status: str, toelichting: str | None, now
) -> Wijziging:
    with engine.begin() as conn:
        result = conn.execute(
            update(wijzigingen_table)
            .where(wijzigingen_table.c.id == change_id, wijzigingen_table.c.status == "wacht")
            .values(
                status=status,
                beoordeeld_door=account.naam,
                beoordeeld_op=now,
                toelichting=toelichting,
            )
        )
        if result.rowcount == 0:
            raise AccountFout("Deze wijziging is al beoordeeld.")
    return get_change(engine, change_id)


def approve(
    engine: Engine,
    change_id: int,
    account: Account,
    apply: Callable[[Wijziging, Account], None],
    now: datetime | None = None,
) -> Wijziging:
    """Apply a queued change and mark it approved; only a beheerder may do this.

    ``apply`` writes the change to the sociale kaart (with its audit trail). If it raises
    (for example a conflict because the service changed meanwhile) the change stays in the
    queue, so nothing is lost.
    """
    if not may_approve(account):
        raise GeenToegang("Alleen een beheerder mag wijzigingen goedkeuren.")
    change = get_change(engine, change_id)
    if change.status != "wacht":
        raise AccountFout("Deze wijziging is al beoordeeld.")
    apply(change, account)
    return _decide(engine, change_id, account, "goedgekeurd", None, now or _now())


def reject(
    engine: Engine,
    change_id: int,
    account: Account,
    toelichting: str = "",
    now: datetime | None = None,
) -> Wijziging:
    """Reject a queued change; the row stays with the reason for the organisation to see."""
    if not may_approve(account):
        raise GeenToegang("Alleen een beheerder mag wijzigingen afwijzen.")
    return _decide(engine, change_id, account, "afgewezen", toelichting or None, now or _now())


def route_change(
    engine: Engine,
    account: Account,
    soort: str,
    service_id: str,
    organisatie_id: str | None,
    gegevens: dict[str, Any],
    apply: Callable[[Wijziging, Account], None],
    now: datetime | None = None,
) -> tuple[str, Wijziging | None]:
    """One entry point for the edit forms: a beheerder's change applies now, others queue.

    Returns ``("toegepast", None)`` or ``("in_wachtrij", wijziging)``.
    """
    if not may_edit(account, organisatie_id):
        raise GeenToegang("U mag alleen gegevens van uw eigen organisatie wijzigen.")
    if needs_approval(account):
        return "in_wachtrij", submit_change(
            engine, account, soort, service_id, organisatie_id, gegevens, now
        )
    now = now or _now()
    direct = Wijziging(
        id=0,
        soort=soort,
        service_id=service_id,
        organisatie_id=organisatie_id,
        gegevens=gegevens,
        ingediend_door=account.naam,
        ingediend_op=now,
        status="goedgekeurd",
    )
    apply(direct, account)
    return "toegepast", None


# --- meld onjuiste informatie -------------------------------------------------------------


def report_incorrect(
    engine: Engine, service_id: str, service_naam: str, tekst: str, now: datetime | None = None
) -> Melding:
    """Store a public report; the text is kept as typed and always shown escaped."""
    tekst = tekst.strip()
    if not tekst:
        raise ValueError("Schrijf kort wat er niet klopt.")
    if len(tekst) > MAX_MELDING:
        raise ValueError(f"De melding is te lang (maximaal {MAX_MELDING} tekens).")
    with engine.begin() as conn:
        result = conn.execute(
            insert(meldingen_table).values(
                service_id=service_id,
                service_naam=service_naam[:300],
                tekst=tekst,
                gemeld_op=now or _now(),
                status="open",
            )
        )
        new_id = result.inserted_primary_key[0]
    return _get_melding(engine, new_id)


def _to_melding(row) -> Melding:
    return Melding(
        id=row.id,
        service_id=row.service_id,
        service_naam=row.service_naam,
        tekst=row.tekst,
        gemeld_op=_aware(row.gemeld_op),  # type: ignore[arg-type]
        status=row.status,
        afgehandeld_door=row.afgehandeld_door,
        afgehandeld_op=_aware(row.afgehandeld_op),
    )


def _get_melding(engine: Engine, melding_id: int) -> Melding:
    with engine.connect() as conn:
        row = conn.execute(select(meldingen_table).where(meldingen_table.c.id == melding_id)).one()
    return _to_melding(row)


def open_reports(engine: Engine) -> list[Melding]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(meldingen_table)
            .where(meldingen_table.c.status == "open")
            .order_by(meldingen_table.c.gemeld_op)
        ).all()
    return [_to_melding(r) for r in rows]


def close_report(
    engine: Engine, melding_id: int, account: Account, now: datetime | None = None
) -> Melding:
    """Mark a report handled; only a beheerder sees and handles the public reports."""
    if not may_approve(account):
        raise GeenToegang("Alleen een beheerder mag meldingen afhandelen.")
    with engine.begin() as conn:
        conn.execute(
            update(meldingen_table)
            .where(meldingen_table.c.id == melding_id)
            .values(
                status="afgehandeld", afgehandeld_door=account.naam, afgehandeld_op=now or _now()
            )
        )
    return _get_melding(engine, melding_id)
