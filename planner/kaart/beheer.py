"""The beheer queues: organisation changes awaiting approval and "meld onjuiste informatie".

An *organisatie* account may propose changes to its own services and waiting times; they
are stored here as pending and only reach the sociale kaart when a beheerder approves them
(issue 3). Anyone viewing the public kaart may report an entry as incorrect; the report
lands in the same beheer screen. Both queues keep their history (status, who, when) instead
of deleting rows, so a beheerder can see what was decided.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import (
    Column,
    DateTime,
    Integer,
    String,
    Table,
    Text,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Connection, Engine

from planner.accounts import (
    Account,
    AccountFout,
    controleer_sessie,
    may_approve,
    may_edit,
    needs_approval,
)
from planner.kaart.model import (
    DienstOverzicht,
    Kosten,
    Phone,
    Service,
    Toegang,
    Vestiging,
    WaitingTime,
    validate_service,
)
from planner.store import als_utc, metadata, utc_nu, verbinding
from planner.structuur import naar_dict

T = TypeVar("T")
SOORTEN = ("service", "wachttijd")
MAX_MELDING = 2000
# "Meld onjuiste informatie" is public: at most this many reports per service, and in
# total, per MELDING_VENSTER, so a script cannot bury the beheerder's queue.
MELDING_VENSTER = timedelta(hours=1)
MAX_MELDINGEN_PER_DIENST = 5
MAX_MELDINGEN_TOTAAL = 100

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


class TeVeelMeldingen(ValueError):
    """Too many public reports in a short time (rate limit); the message is Dutch."""


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


def _json_default(value: object) -> str:
    if hasattr(value, "isoformat"):
        return value.isoformat()  # type: ignore[no-any-return]
    raise TypeError(f"niet op te slaan: {type(value).__name__}")


def _uit_rij(cls: type[T], row: Any, **anders: Any) -> T:
    """A queue record from its row; SQLite hands back naive datetimes, stored as UTC."""
    waarden = {k: als_utc(v) if isinstance(v, datetime) else v for k, v in row._mapping.items()}
    return cls(**{**waarden, **anders})


def _to_wijziging(row: Any) -> Wijziging:
    return _uit_rij(Wijziging, row, gegevens=json.loads(row.gegevens))


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
    controleer_sessie(engine, account)
    organisatie_id = eigenaar(engine, soort, service_id, organisatie_id, gegevens)
    if not may_edit(account, organisatie_id):
        raise GeenToegang("U mag alleen gegevens van uw eigen organisatie wijzigen.")
    now = now or utc_nu()
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


def eigenaar(
    bind: Engine | Connection,
    soort: str,
    service_id: str,
    organisatie_id: str | None,
    gegevens: dict[str, Any],
) -> str | None:
    """The organisation a change really touches, read from the store, not from the form.

    The caller's ``organisatie_id`` is only trusted for a service the store does not hold
    (applying such a change fails anyway). A waiting time must belong to a location of
    this very service: an organisation cannot reach another's location via its own service.
    """
    from planner.kaart import tables

    with verbinding(bind) as conn:
        echt = conn.execute(
            select(tables.diensten.c.organization_id).where(tables.diensten.c.id == service_id)
        ).scalar_one_or_none()
        if soort == "wachttijd" and gegevens.get("service_at_location_id") is not None:
            van = conn.execute(
                select(tables.dienst_locaties.c.service_id).where(
                    tables.dienst_locaties.c.id == str(gegevens["service_at_location_id"])
                )
            ).scalar_one_or_none()
            if van is not None and van != service_id:
                raise GeenToegang(
                    "Deze wachttijd hoort bij een locatie van ander aanbod; "
                    "u mag alleen wachttijden van uw eigen aanbod wijzigen."
                )
    if echt is not None and organisatie_id is not None and echt != organisatie_id:
        raise GeenToegang("U mag alleen gegevens van uw eigen organisatie wijzigen.")
    return echt if echt is not None else organisatie_id


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


def _claim(
    conn, change_id: int, account: Account, status: str, toelichting: str | None, now
) -> None:
    """Decide a waiting change; only one decision wins (the row lock serialises them)."""
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


def approve(
    engine: Engine,
    change_id: int,
    account: Account,
    apply: Callable[..., None],
    now: datetime | None = None,
) -> Wijziging:
    """Apply a queued change and mark it approved; only a beheerder may do this.

    ``apply`` writes the change to the sociale kaart (with its audit trail). If it raises
    (for example a conflict because the service changed meanwhile) the change stays in the
    queue, so nothing is lost.
    """
    if not may_approve(account):
        raise GeenToegang("Alleen een beheerder mag wijzigingen goedkeuren.")
    controleer_sessie(engine, account)
    change = get_change(engine, change_id)
    if change.status != "wacht":
        raise AccountFout("Deze wijziging is al beoordeeld.")
    # Checked again now: the service may have moved to another organisation meanwhile.
    eigenaar(engine, change.soort, change.service_id, change.organisatie_id, change.gegevens)
    # Claim and apply in one transaction: a second beheerder approving at the same moment
    # waits for this one and then finds it decided, so a change is never applied twice.
    with engine.begin() as conn:
        _claim(conn, change_id, account, "goedgekeurd", None, now or utc_nu())
        apply(change, account, bind=conn)
    return get_change(engine, change_id)


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
    controleer_sessie(engine, account)
    with engine.begin() as conn:
        _claim(conn, change_id, account, "afgewezen", toelichting or None, now or utc_nu())
    return get_change(engine, change_id)


def route_change(
    engine: Engine,
    account: Account,
    soort: str,
    service_id: str,
    organisatie_id: str | None,
    gegevens: dict[str, Any],
    apply: Callable[..., None],
    now: datetime | None = None,
) -> tuple[str, Wijziging | None]:
    """One entry point for the edit forms: a beheerder's change applies now, others queue.

    Returns ``("toegepast", None)`` or ``("in_wachtrij", wijziging)``.
    """
    controleer_sessie(engine, account)
    organisatie_id = eigenaar(engine, soort, service_id, organisatie_id, gegevens)
    if not may_edit(account, organisatie_id):
        raise GeenToegang("U mag alleen gegevens van uw eigen organisatie wijzigen.")
    if needs_approval(account):
        if soort == "service":
            controleer_dienst(engine, service_id, gegevens)
        return "in_wachtrij", submit_change(
            engine, account, soort, service_id, organisatie_id, gegevens, now
        )
    now = now or utc_nu()
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
    now = now or utc_nu()
    m = meldingen_table.c
    with engine.begin() as conn:
        sinds = now - MELDING_VENSTER
        recent = conn.execute(select(func.count()).where(m.gemeld_op > sinds)).scalar_one()
        voor_dienst = conn.execute(
            select(func.count()).where(m.gemeld_op > sinds, m.service_id == service_id)
        ).scalar_one()
        if voor_dienst >= MAX_MELDINGEN_PER_DIENST or recent >= MAX_MELDINGEN_TOTAAL:
            raise TeVeelMeldingen(
                "Er zijn het afgelopen uur al veel meldingen binnengekomen"
                + (" over dit aanbod" if voor_dienst >= MAX_MELDINGEN_PER_DIENST else "")
                + ". De beheerder kijkt ernaar; probeer het later opnieuw als het dan nog "
                "niet klopt."
            )
        result = conn.execute(
            insert(meldingen_table).values(
                service_id=service_id,
                service_naam=service_naam[:300],
                tekst=tekst,
                gemeld_op=now,
                status="open",
            )
        )
        new_id = result.inserted_primary_key[0]
    return _get_melding(engine, new_id)


def _get_melding(engine: Engine, melding_id: int) -> Melding:
    with engine.connect() as conn:
        row = conn.execute(select(meldingen_table).where(meldingen_table.c.id == melding_id)).one()
    return _uit_rij(Melding, row)


def open_reports(engine: Engine) -> list[Melding]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(meldingen_table)
            .where(meldingen_table.c.status == "open")
            .order_by(meldingen_table.c.gemeld_op)
        ).all()
    return [_uit_rij(Melding, r) for r in rows]


def close_report(
    engine: Engine, melding_id: int, account: Account, now: datetime | None = None
) -> Melding:
    """Mark a report handled; only a beheerder sees and handles the public reports."""
    if not may_approve(account):
        raise GeenToegang("Alleen een beheerder mag meldingen afhandelen.")
    controleer_sessie(engine, account)
    with engine.begin() as conn:
        conn.execute(
            update(meldingen_table)
            .where(meldingen_table.c.id == melding_id)
            .values(
                status="afgehandeld", afgehandeld_door=account.naam, afgehandeld_op=now or utc_nu()
            )
        )
    return _get_melding(engine, melding_id)


# --- applying changes to the sociale kaart ------------------------------------------------

# The fields an edit form may change; everything else (ids, werkgebied, codes) goes
# through an import so a typo in a form cannot detach a service from its organisation.
BEWERKBARE_VELDEN = (
    "name", "description", "application_process", "url", "email", "toegang", "kosten",
    "fees_description", "leeftijd_min", "leeftijd_max", "doelgroep", "telefoon", "assured_date",
)  # fmt: skip


def service_change(service: Service, nieuw: dict[str, Any]) -> dict[str, Any]:
    """The fields that differ from ``service``, plus the version the editor started from."""
    huidig = service_values(service)
    gegevens = {k: v for k, v in nieuw.items() if k in BEWERKBARE_VELDEN and huidig.get(k) != v}
    gegevens["versie"] = service.versie
    return gegevens


def service_values(service: Service) -> dict[str, Any]:
    """The editable fields of a service as plain JSON-able values (what a form shows)."""
    waarden = naar_dict(service, json=True)
    uit = {k: waarden[k] for k in BEWERKBARE_VELDEN if k in waarden}
    uit["telefoon"] = service.phones[0].number if service.phones else None
    return uit


def apply_service_values(service: Service, gegevens: dict[str, Any]) -> Service:
    """A new Service with the changed fields; ``versie`` is the one the editor saw."""
    waarden: dict[str, Any] = {}
    for veld, waarde in gegevens.items():
        if veld not in BEWERKBARE_VELDEN:
            continue
        if veld == "toegang":
            waarden[veld] = Toegang.parse(waarde) if waarde else None
        elif veld == "kosten":
            waarden[veld] = Kosten.parse(waarde) if waarde else None
        elif veld == "assured_date":
            waarden[veld] = date.fromisoformat(waarde) if waarde else None
        elif veld in ("leeftijd_min", "leeftijd_max"):
            waarden[veld] = None if waarde is None else float(waarde)
        elif veld == "telefoon":
            rest = service.phones[1:]
            waarden["phones"] = ((Phone(number=waarde),) if waarde else ()) + rest
        elif veld == "name":
            waarden[veld] = waarde
        else:
            waarden[veld] = waarde or None  # an emptied form field means "unknown"
    return replace(service, versie=int(gegevens.get("versie", service.versie)), **waarden)


def controleer_dienst(engine: Engine, service_id: str, gegevens: dict[str, Any]) -> Service | None:
    """The service as the form would leave it; ``ValueError`` with Dutch messages if invalid.

    Checked before a change is queued as well as when it is applied, so an organisation
    hears about a name that is too long at once, not after a beheerder tried to approve it.
    """
    from planner.kaart import repository

    try:
        current = repository.get_service(engine, service_id)
    except repository.NietGevonden:
        return None  # applying it will say so; the queue may still hold the request
    updated = apply_service_values(current, gegevens)
    fouten = validate_service(updated)
    if fouten:
        raise ValueError("; ".join(str(f) for f in fouten))
    return updated


def make_apply(engine: Engine) -> Callable[..., None]:
    """The writer for approved changes: the repository, with audit trail and version check."""
    from planner.kaart import repository

    def apply(change: Wijziging, account: Account, bind: Engine | Connection = engine) -> None:
        """``bind``: the approval's own transaction, so claim and change commit together."""
        wie = account.naam
        if change.ingediend_door != account.naam:
            wie = f"{change.ingediend_door} (goedgekeurd door {account.naam})"
        if change.soort == "wachttijd":
            g = change.gegevens
            repository.add_waiting_time(
                bind,
                WaitingTime(
                    service_at_location_id=g["service_at_location_id"],
                    weken=float(g["weken"]),
                    peildatum=date.fromisoformat(g["peildatum"]),
                    gemeld_door=change.ingediend_door,
                ),
                wie=wie,
            )
            return
        updated = controleer_dienst(bind, change.service_id, change.gegevens)
        if updated is None:
            raise repository.NietGevonden(f"aanbod {change.service_id} bestaat niet (meer)")
        repository.save_service(bind, updated, wie=wie)

    return apply


def not_verified(
    diensten: Iterable[DienstOverzicht], vandaag: date, maanden: int = 12
) -> list[DienstOverzicht]:
    """Entries whose last verification is older than ``maanden`` (or missing), oldest first."""
    grens = vandaag - timedelta(days=round(maanden * 30.44))
    oud = [d for d in diensten if d.service.assured_date is None or d.service.assured_date < grens]
    return sorted(oud, key=lambda d: (d.service.assured_date or date.min, d.service.name))


def kaart_versie(engine: Engine) -> int:
    """A number that goes up with every write to the kaart and never goes backwards.

    The change counter of ``planner.kaart.repository.volgende_versie``, raised in the same
    transaction as every save, import and waiting time, in commit order: caches keyed on it
    are rebuilt exactly when the kaart changed, also when another instance wrote. (The
    highest audit id, used before, can be committed *after* a higher one on PostgreSQL.)
    """
    from planner.kaart import repository

    return repository.huidige_versie(engine)


# --- what the beheer page shows (plain data, so the page only draws it) ------------------

_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UITKOMST = {
    "toegepast": "Opgeslagen.",
    "in_wachtrij": "Ingediend. De wijziging wacht op goedkeuring door een beheerder.",
}
EXPORTS = (  # (format, name on the button, file name, MIME type)
    ("csv", "CSV", "sociale_kaart.csv", "text/csv"),
    ("xlsx", "Excel", "sociale_kaart.xlsx", _XLSX),
    ("hsds", "HSDS-JSON", "sociale_kaart_hsds.json", "application/json"),
)


def overzicht_rij(d: DienstOverzicht, met_controle: bool = False) -> dict[str, str]:
    """A row of the 'niet gecontroleerd' tables (with the date last checked, if asked)."""
    rij = {"aanbod": d.service.name, "organisatie": d.organisation.name}
    if met_controle:
        datum = d.service.assured_date
        rij["gecontroleerd op"] = f"{datum:%d-%m-%Y}" if datum else "nooit"
    return rij


def vestiging_label(d: DienstOverzicht, v: Vestiging, vandaag: date, max_dagen: int) -> str:
    """'Service – place (nu: 3 weken …)': which location's wait the beheerder updates."""
    from planner.kaart.search import wachttijd_van

    w = wachttijd_van(v.laatste_wachttijd, vandaag, max_dagen)
    nu = w.tekst() if w else "nog geen wachttijd"
    plek = v.location.openbaar().name or v.location.city or ""
    return f"{d.service.name} – {plek} (nu: {nu})"


def wachttijd_gegevens(sal_id: str, weken: float, peildatum: date) -> dict[str, Any]:
    """The payload of a waiting-time change (as ``route_change`` and the queue store it)."""
    return {"service_at_location_id": sal_id, "weken": weken, "peildatum": peildatum.isoformat()}


def wijziging_kop(c: Wijziging, namen: dict[str, str]) -> str:
    """The heading of a queued change: what it is and for which service."""
    wat = "Wachttijd" if c.soort == "wachttijd" else "Wijziging aanbod"
    return f"{wat}: {namen.get(c.service_id, c.service_id)}"


def wijziging_tabel(c: Wijziging) -> dict[str, list[str]]:
    """Field and new value of a queued change, as the table a beheerder approves."""
    return {"veld": list(c.gegevens), "nieuwe waarde": [str(v) for v in c.gegevens.values()]}
