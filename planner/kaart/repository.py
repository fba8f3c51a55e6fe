"""Reading and writing the sociale kaart, with audit trail and optimistic locking.

Every write runs in one transaction and records each changed field in ``kaart_audit``
(who, when, table, record, field, old → new), stamped with the next number of the change
counter ``kaart_versie`` (``volgende_versie``; one row, raised in the same transaction, so
the number never goes backwards in commit order, also with several app instances).
Editors save with the ``versie`` they loaded; if someone saved in between, ``Conflict``
says who and when instead of silently overwriting. Waiting times are only appended, so
their history stays complete.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import Connection, Engine

from planner.kaart import tables as t
from planner.kaart.model import (
    Address,
    DienstOverzicht,
    KaartData,
    Location,
    Organisation,
    Service,
    ServiceAtLocation,
    Status,
    Vestiging,
    WaitingTime,
    assign_ids,
    validate_waiting_time,
)
from planner.store import als_utc, transactie, utc_nu, verbinding
from planner.structuur import naar_dict, uit_dict


class Conflict(Exception):
    """Someone else saved the record after it was loaded: reload and redo the change."""


class NietGevonden(LookupError):
    """The record does not exist (any more)."""


@dataclass(frozen=True)
class AuditRegel:
    """One changed field: who changed what, when, from which value to which."""

    wanneer: datetime
    wie: str
    tabel: str
    record_id: str
    veld: str
    oud: str | None
    nieuw: str | None


@dataclass(frozen=True)
class Schrijfresultaat:
    """What a bulk write did, for the import summary."""

    nieuw: int = 0
    bijgewerkt: int = 0
    ongewijzigd: int = 0
    wachttijden: int = 0

    def tekst(self) -> str:
        """The one-line summary the command line and the beheer page both print."""
        return (
            f"Geïmporteerd: {self.nieuw} nieuw, {self.bijgewerkt} bijgewerkt, "
            f"{self.ongewijzigd} ongewijzigd, {self.wachttijden} wachttijdmetingen toegevoegd."
        )


_AMSTERDAM = ZoneInfo("Europe/Amsterdam")


# --- rows <-> dataclasses (one generic step: planner.structuur) ---------------------


def organisation_row(o: Organisation) -> dict[str, Any]:
    return naar_dict(o)


def service_row(s: Service) -> dict[str, Any]:
    return naar_dict(assign_ids(s))


def location_row(loc: Location) -> dict[str, Any]:
    return naar_dict(loc)


def sal_row(sal: ServiceAtLocation) -> dict[str, Any]:
    return naar_dict(sal)


_organisation = functools.partial(uit_dict, Organisation)
_service = functools.partial(uit_dict, Service)
_location = functools.partial(uit_dict, Location)
_sal = functools.partial(uit_dict, ServiceAtLocation)


def _waiting_time(row: Mapping[str, Any]) -> WaitingTime:
    return WaitingTime(
        service_at_location_id=row["service_at_location_id"],
        weken=row["weken"],
        peildatum=row["peildatum"],
        gemeld_door=row["gemeld_door"] or None,  # migrated rows without a source hold ""
        id=row["id"],
        geregistreerd_op=als_utc(row["geregistreerd_op"]),
    )


# --- reading --------------------------------------------------------------------------


def load_kaart(engine: Engine | Connection) -> KaartData:
    """The whole kaart (all waiting-time measurements included), ordered by name/date."""
    with verbinding(engine) as conn:
        return _load(conn)


def _load(conn: Connection) -> KaartData:
    def alle(table: Any, van_rij: Any, *volgorde: Any) -> tuple[Any, ...]:
        return tuple(van_rij(r) for r in conn.execute(select(table).order_by(*volgorde)).mappings())

    w = t.wachttijden.c
    return KaartData(
        alle(t.organisaties, _organisation, t.organisaties.c.name),
        alle(t.diensten, _service, t.diensten.c.name, t.diensten.c.id),
        alle(t.locaties, _location, t.locaties.c.id),
        alle(t.dienst_locaties, _sal, t.dienst_locaties.c.id),
        alle(t.wachttijden, _waiting_time, w.service_at_location_id, w.peildatum, w.id),
    )


def is_empty(engine: Engine) -> bool:
    """No organisation and no service yet: the app then loads the sample kaart."""
    with engine.connect() as conn:
        n = conn.execute(select(func.count()).select_from(t.diensten)).scalar_one()
        m = conn.execute(select(func.count()).select_from(t.organisaties)).scalar_one()
    return n == 0 and m == 0


def _get(bind: Engine | Connection, soort: str, record_id: str) -> Any:
    """One record by id (from an engine, or inside the caller's transaction)."""
    table, _ = _TABLES[soort]
    with verbinding(bind) as conn:
        found = conn.execute(select(table).where(table.c.id == record_id)).mappings().first()
    if found is None:
        raise NietGevonden(f"{_LIDWOORD_KLEIN[soort]} {record_id} bestaat niet (meer)")
    return _VAN_RIJ[soort](found)


def get_service(bind: Engine | Connection, service_id: str) -> Service:
    return _get(bind, "dienst", service_id)


def get_organisation(bind: Engine | Connection, organisation_id: str) -> Organisation:
    return _get(bind, "organisatie", organisation_id)


def get_location(bind: Engine | Connection, location_id: str) -> Location:
    return _get(bind, "locatie", location_id)


def list_services(engine: Engine, *, alleen_actief: bool = False) -> list[DienstOverzicht]:
    """Every service with its organisation, locations and newest waiting time per location.

    What the search page indexes: one query per table, not one per service, and only the
    newest waiting time per location (not the whole history).
    """
    return dienst_overzichten(engine, None, alleen_actief=alleen_actief)


def dienst_overzichten(
    bind: Engine | Connection,
    service_ids: Iterable[str] | None,
    *,
    alleen_actief: bool = False,
) -> list[DienstOverzicht]:
    """These services (all when None) as ``DienstOverzicht``, ordered by name and id.

    The lean read behind the search index: after one edit only the changed services are
    read (``planner.kaart.zoekcache``), so the kaart is never loaded again as a whole.
    """
    with verbinding(bind) as conn:
        if service_ids is None:
            rows = conn.execute(
                select(t.diensten).order_by(t.diensten.c.name, t.diensten.c.id)
            ).mappings()
            services = [_service(r) for r in rows]
        else:
            services = [
                _service(r) for r in _existing(conn, t.diensten, list(service_ids)).values()
            ]
            services.sort(key=lambda s: (s.name, s.id))
        if alleen_actief:
            services = [s for s in services if s.status is Status.ACTIEF]
        ids = [s.id for s in services]
        if service_ids is None:
            orgs = {
                r["id"]: _organisation(r) for r in conn.execute(select(t.organisaties)).mappings()
            }
            sals = [
                _sal(r)
                for r in conn.execute(
                    select(t.dienst_locaties).order_by(t.dienst_locaties.c.id)
                ).mappings()
            ]
        else:
            org_ids = list({s.organization_id for s in services})
            orgs = {
                k: _organisation(r) for k, r in _existing(conn, t.organisaties, org_ids).items()
            }
            sals = []
            for chunk in _chunks(ids):
                sals += [
                    _sal(r)
                    for r in conn.execute(
                        select(t.dienst_locaties).where(t.dienst_locaties.c.service_id.in_(chunk))
                    ).mappings()
                ]
            sals.sort(key=lambda x: x.id)
        loc_ids = list({x.location_id for x in sals})
        if service_ids is None:
            locs = {r["id"]: _location(r) for r in conn.execute(select(t.locaties)).mappings()}
        else:
            locs = {k: _location(r) for k, r in _existing(conn, t.locaties, loc_ids).items()}
        latest = _laatste_wachttijden(conn, None if service_ids is None else [x.id for x in sals])
    per_service: dict[str, list[Vestiging]] = {}
    for sal in sals:
        per_service.setdefault(sal.service_id, []).append(
            Vestiging(sal, locs[sal.location_id], latest.get(sal.id))
        )
    return [
        DienstOverzicht(s, orgs[s.organization_id], tuple(per_service.get(s.id, [])))
        for s in services
    ]


def _laatste_wachttijden(conn: Connection, sal_ids: list[str] | None) -> dict[str, WaitingTime]:
    """The newest measurement (by peildatum, then id) per service-at-location."""
    w = t.wachttijden
    rang = (
        func.row_number()
        .over(
            partition_by=w.c.service_at_location_id, order_by=(w.c.peildatum.desc(), w.c.id.desc())
        )
        .label("rang")
    )
    uit: dict[str, WaitingTime] = {}
    for chunk in [None] if sal_ids is None else _chunks(sal_ids):
        sub = select(w, rang)
        if chunk is not None:
            sub = sub.where(w.c.service_at_location_id.in_(chunk))
        sub = sub.subquery()
        for r in conn.execute(select(sub).where(sub.c.rang == 1)).mappings():
            uit[r["service_at_location_id"]] = _waiting_time(r)
    return uit


def diensten_geraakt(
    bind: Engine | Connection, gewijzigd: Mapping[str, set[str]]
) -> set[str] | None:
    """Service ids whose search entry a change touches; None for a kind we cannot place."""
    ids = set(gewijzigd.get("dienst", ()))
    with verbinding(bind) as conn:
        for soort, records in gewijzigd.items():
            records_l = list(records)
            if soort == "dienst":
                continue
            if soort == "organisatie":
                kolom, waar = t.diensten.c.id, t.diensten.c.organization_id
            elif soort == "locatie":
                kolom, waar = t.dienst_locaties.c.service_id, t.dienst_locaties.c.location_id
            elif soort in ("dienst_locatie", "wachttijd"):
                kolom, waar = t.dienst_locaties.c.service_id, t.dienst_locaties.c.id
            else:
                return None
            for chunk in _chunks(records_l):
                ids.update(conn.execute(select(kolom).where(waar.in_(chunk))).scalars())
    return ids


def waiting_time_history(engine: Engine, service_at_location_id: str) -> list[WaitingTime]:
    """All measurements for one service at one location, newest first."""
    with engine.connect() as conn:
        rows = (
            conn.execute(
                select(t.wachttijden)
                .where(t.wachttijden.c.service_at_location_id == service_at_location_id)
                .order_by(t.wachttijden.c.peildatum.desc(), t.wachttijden.c.id.desc())
            )
            .mappings()
            .all()
        )
    return [_waiting_time(r) for r in rows]


def audit_trail(engine: Engine, record_id: str | None = None, limit: int = 500) -> list[AuditRegel]:
    """Changes, newest first; for one record when ``record_id`` is given."""
    query = select(t.audit).order_by(t.audit.c.wanneer.desc(), t.audit.c.id.desc()).limit(limit)
    if record_id is not None:
        query = query.where(t.audit.c.record_id == record_id)
    with engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
    regels = (uit_dict(AuditRegel, r) for r in rows)
    return [replace(a, wanneer=als_utc(a.wanneer)) for a in regels]  # SQLite: naive datetimes


# --- writing --------------------------------------------------------------------------

_TABLES = {
    "organisatie": (t.organisaties, organisation_row),
    "dienst": (t.diensten, service_row),
    "locatie": (t.locaties, location_row),
    "dienst_locatie": (t.dienst_locaties, sal_row),
}
_LIDWOORD_KLEIN = {"dienst": "aanbod", "organisatie": "organisatie", "locatie": "locatie"}
_VAN_RIJ = {"dienst": _service, "organisatie": _organisation, "locatie": _location}


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, (date, datetime, time)):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Fields whose value differs (the version number is bookkeeping, not a change)."""
    return {
        k: (old.get(k), v)
        for k, v in new.items()
        if k != "versie" and old.get(k) != v and _text(old.get(k)) != _text(v)
    }


def volgende_versie(conn: Connection) -> int:
    """Raise the change counter inside the caller's transaction and return the new number.

    The UPDATE takes the counter row's lock until commit (PostgreSQL), so a second writer
    waits and gets the next number only after the first committed: numbers follow commit
    order. SQLite serialises writers anyway. Caches key on ``huidige_versie``.
    """
    versie = conn.execute(
        update(t.versie)
        .where(t.versie.c.id == 1)
        .values(versie=t.versie.c.versie + 1)
        .returning(t.versie.c.versie)
    ).scalar()
    if versie is None:  # a store created without the kaart_0003 seed row
        conn.execute(insert(t.versie).values(id=1, versie=1))
        versie = 1
    return int(versie)


def huidige_versie(bind: Engine | Connection) -> int:
    """The committed change counter: moves with every save, import and waiting time."""
    with verbinding(bind) as conn:
        return int(conn.execute(select(t.versie.c.versie).where(t.versie.c.id == 1)).scalar() or 0)


def _schrijf_audit(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """The only way audit rows are written: each write raises the change counter."""
    if not rows:
        return
    versie = volgende_versie(conn)
    conn.execute(insert(t.audit), [{**r, "kaart_versie": versie} for r in rows])


def gewijzigd_sinds(bind: Engine | Connection, versie: int) -> tuple[int, dict[str, set[str]]]:
    """(current counter, {soort: record ids}) of everything written after ``versie``.

    Committed numbers have no gaps in commit order, so every change up to the returned
    counter is in the answer: a search index can reload just these records.
    """
    with verbinding(bind) as conn:
        nu = huidige_versie(conn)
        rows = conn.execute(
            select(t.audit.c.tabel, t.audit.c.record_id)
            .where(t.audit.c.kaart_versie > versie, t.audit.c.kaart_versie <= nu)
            .distinct()
        ).all()
    out: dict[str, set[str]] = {}
    for tabel, record_id in rows:
        out.setdefault(tabel, set()).add(record_id)
    return nu, out


def _audit(
    conn: Connection,
    soort: str,
    record_id: str,
    changes: Mapping[str, tuple[Any, Any]],
    wie: str,
    wanneer: datetime,
) -> None:
    regels = [
        _audit_row(soort, record_id, veld, oud, nieuw, wie, wanneer)
        for veld, (oud, nieuw) in changes.items()
    ]
    _schrijf_audit(conn, regels)  # nothing changed: nothing written, the counter stays


def _save(
    conn: Connection,
    soort: str,
    obj: Any,
    wie: str,
    wanneer: datetime,
    *,
    check_versie: bool,
    naam: str,
) -> int:
    """Insert or update one record with audit; returns the stored version (0 = unchanged)."""
    table, to_row = _TABLES[soort]
    new = to_row(obj)
    old = conn.execute(select(table).where(table.c.id == new["id"])).mappings().first()
    has_versie = "versie" in table.c
    if old is None:
        if has_versie:
            new["versie"] = 1
        conn.execute(insert(table).values(**new))
        _audit(conn, soort, new["id"], {"*": (None, f"aangemaakt: {naam}")}, wie, wanneer)
        return 1
    if has_versie and check_versie and old["versie"] != new["versie"]:
        raise _conflict(conn, soort, naam, new["id"], old["versie"], new["versie"])
    changes = _changes(old, new)
    if not changes:
        return 0
    values = {k: new[k] for k in changes}
    stmt = update(table).where(table.c.id == new["id"])
    if has_versie:
        stmt = stmt.where(table.c.versie == old["versie"])
        values["versie"] = old["versie"] + 1
    if conn.execute(stmt.values(**values)).rowcount != 1:
        # Someone committed between our read and our write.
        raise _conflict(conn, soort, naam, new["id"], old["versie"] + 1, new.get("versie"))
    _audit(conn, soort, new["id"], changes, wie, wanneer)
    return values.get("versie", 1)


_LIDWOORD = {"dienst": "Het aanbod", "organisatie": "De organisatie", "locatie": "De locatie"}


def _conflict(
    conn: Connection, soort: str, naam: str, record_id: str, stored: int, yours: int | None
) -> Conflict:
    last = (
        conn.execute(
            select(t.audit.c.wie, t.audit.c.wanneer)
            .where(t.audit.c.record_id == record_id)
            .order_by(t.audit.c.wanneer.desc(), t.audit.c.id.desc())
            .limit(1)
        )
        .mappings()
        .first()
    )
    door = ""
    if last is not None:
        wanneer = als_utc(last["wanneer"]).astimezone(_AMSTERDAM)
        door = f" door {last['wie']} op {wanneer:%d-%m-%Y om %H:%M}"
    return Conflict(
        f"{_LIDWOORD.get(soort, soort.capitalize())} '{naam}' is intussen gewijzigd{door} "
        f"(opgeslagen versie {stored}, u bewerkte versie {yours}). Uw wijziging is niet "
        "opgeslagen: laad de gegevens opnieuw en voer uw wijziging nogmaals in."
    )


def save_organisation(
    engine: Engine, org: Organisation, *, wie: str, now: datetime | None = None
) -> Organisation:
    """Create or update an organisation; raises ``Conflict`` on a stale ``versie``."""
    with engine.begin() as conn:
        _save(conn, "organisatie", org, wie, now or utc_nu(), check_versie=True, naam=org.name)
        return _get(conn, "organisatie", org.id)


def save_service(
    engine: Engine | Connection, service: Service, *, wie: str, now: datetime | None = None
) -> Service:
    """Create or update a service; raises ``Conflict`` when ``service.versie`` is stale."""
    with transactie(engine) as conn:
        _save(conn, "dienst", service, wie, now or utc_nu(), check_versie=True, naam=service.name)
        return _get(conn, "dienst", service.id)


def save_location(
    engine: Engine, location: Location, *, wie: str, now: datetime | None = None
) -> Location:
    """Create or update a location; raises ``Conflict`` on a stale ``versie``."""
    with engine.begin() as conn:
        naam = location.name or location.id
        _save(conn, "locatie", location, wie, now or utc_nu(), check_versie=True, naam=naam)
        return _get(conn, "locatie", location.id)


def link_service_location(
    engine: Engine, sal: ServiceAtLocation, *, wie: str, now: datetime | None = None
) -> ServiceAtLocation:
    """Offer a service at a location (or update that link's description)."""
    with engine.begin() as conn:
        _save(conn, "dienst_locatie", sal, wie, now or utc_nu(), check_versie=False, naam=sal.id)
    return sal


def add_waiting_time(
    engine: Engine | Connection, wt: WaitingTime, *, wie: str, now: datetime | None = None
) -> WaitingTime:
    """Append a waiting-time measurement; earlier measurements are never changed."""
    fouten = validate_waiting_time(wt)
    if fouten:
        raise ValueError("; ".join(str(f) for f in fouten))
    with transactie(engine) as conn:
        return _add_waiting_time(conn, wt, wie, now or utc_nu())


def _add_waiting_time(
    conn: Connection, wt: WaitingTime, wie: str, wanneer: datetime
) -> WaitingTime:
    exists = conn.execute(
        select(t.dienst_locaties.c.id).where(t.dienst_locaties.c.id == wt.service_at_location_id)
    ).first()
    if exists is None:
        raise NietGevonden(
            f"aanbod-op-locatie {wt.service_at_location_id} bestaat niet; "
            "de wachttijd is niet opgeslagen"
        )
    bron = wt.gemeld_door or wie
    w = t.wachttijden.c
    # One measurement per (service at location, peildatum, source): the same source
    # reporting again for the same date corrects its number instead of adding a copy.
    eerder = conn.execute(
        select(w.id, w.weken).where(
            w.service_at_location_id == wt.service_at_location_id,
            w.peildatum == wt.peildatum,
            w.gemeld_door == bron,
        )
    ).first()
    if eerder is not None:
        new_id = eerder.id
        if float(eerder.weken) != float(wt.weken):
            conn.execute(
                update(t.wachttijden)
                .where(w.id == eerder.id)
                .values(weken=wt.weken, geregistreerd_op=wanneer)
            )
    else:
        new_id = conn.execute(
            insert(t.wachttijden)
            .values(
                service_at_location_id=wt.service_at_location_id,
                weken=wt.weken,
                peildatum=wt.peildatum,
                gemeld_door=bron,
                geregistreerd_op=wanneer,
            )
            .returning(w.id)
        ).scalar_one()
    if eerder is None or float(eerder.weken) != float(wt.weken):
        _audit(
            conn,
            "wachttijd",
            wt.service_at_location_id,
            {
                "wachttijd_weken": (
                    None if eerder is None else f"{float(eerder.weken):g} weken",
                    f"{wt.weken:g} weken per {wt.peildatum.isoformat()}",
                )
            },
            wie,
            wanneer,
        )
    return replace(wt, id=new_id, gemeld_door=bron, geregistreerd_op=wanneer)


def write_kaart(
    conn: Connection, data: KaartData, *, wie: str, now: datetime | None = None
) -> Schrijfresultaat:
    """Upsert a whole file's worth inside the caller's transaction (the import).

    Versions are not checked: an import is a deliberate overwrite by a beheerder, and each
    changed record still gets a new version, so an editor holding an older one gets a
    ``Conflict``. A confidential location imported without address keeps the stored address
    (a public export never contains it, and re-importing one must not erase it). A waiting
    time already stored with the same date and weeks is not added twice. Existing rows are
    read and new rows written in batches, so 5,000 rows take seconds, not minutes.
    """
    wanneer = now or utc_nu()
    totals = [0, 0, 0]  # nieuw, bijgewerkt, ongewijzigd
    _upsert_many(conn, "organisatie", data.organisations, wie, wanneer, totals)
    stored_locs = _existing(conn, t.locaties, [loc.id for loc in data.locations])
    locations = [_keep_confidential_address(loc, stored_locs.get(loc.id)) for loc in data.locations]
    _upsert_many(conn, "locatie", locations, wie, wanneer, totals, existing=stored_locs)
    _upsert_many(conn, "dienst", data.services, wie, wanneer, totals)
    _upsert_many(conn, "dienst_locatie", data.service_at_locations, wie, wanneer, None)

    aantal = _write_waiting_times(conn, data.waiting_times, wie, wanneer)
    return Schrijfresultaat(totals[0], totals[1], totals[2], aantal)


def _write_waiting_times(
    conn: Connection, waits: Iterable[WaitingTime], wie: str, wanneer: datetime
) -> int:
    """Add a file's measurements; returns how many were added or corrected.

    A measurement already stored with the same date and weeks (from any source) is not
    added again; the same source with another number for the same date corrects it, since
    the store holds one measurement per (service at location, peildatum, source).
    """
    waits = list(waits)
    w = t.wachttijden.c
    zelfde: set[tuple[str, date, float]] = set()
    per_bron: dict[tuple[str, date, str], tuple[int | None, float]] = {}
    for chunk in _chunks(list({wt.service_at_location_id for wt in waits})):
        for r in conn.execute(
            select(w.id, w.service_at_location_id, w.peildatum, w.weken, w.gemeld_door).where(
                w.service_at_location_id.in_(chunk)
            )
        ):
            zelfde.add((r.service_at_location_id, r.peildatum, float(r.weken)))
            per_bron[(r.service_at_location_id, r.peildatum, r.gemeld_door or "")] = (
                r.id,
                float(r.weken),
            )
    rows: dict[tuple[str, date, str], dict[str, Any]] = {}
    updates: list[tuple[int, float]] = []
    audits = []
    for wt in waits:
        if (wt.service_at_location_id, wt.peildatum, float(wt.weken)) in zelfde:
            continue
        bron = wt.gemeld_door or wie
        sleutel = (wt.service_at_location_id, wt.peildatum, bron)
        zelfde.add((wt.service_at_location_id, wt.peildatum, float(wt.weken)))
        oud = per_bron.get(sleutel)
        if oud is not None and oud[0] is not None:
            updates.append((oud[0], wt.weken))
        elif sleutel in rows:
            rows[sleutel]["weken"] = wt.weken  # the file names the same measurement twice
        else:
            rows[sleutel] = {
                "service_at_location_id": wt.service_at_location_id,
                "weken": wt.weken,
                "peildatum": wt.peildatum,
                "gemeld_door": bron,
                "geregistreerd_op": wanneer,
            }
        audits.append(
            _audit_row(
                "wachttijd",
                wt.service_at_location_id,
                "wachttijd_weken",
                None if oud is None else f"{oud[1]:g} weken",
                f"{wt.weken:g} weken per {wt.peildatum.isoformat()}",
                wie,  # who wrote it; who reported the wait stays in gemeld_door
                wanneer,
            )
        )
    for wid, weken in updates:
        conn.execute(
            update(t.wachttijden).where(w.id == wid).values(weken=weken, geregistreerd_op=wanneer)
        )
    if rows:
        conn.execute(insert(t.wachttijden), list(rows.values()))
    if audits:
        _schrijf_audit(conn, audits)
    return len(rows) + len(updates)


def _chunks(ids: list[str], size: int = 900) -> list[list[str]]:
    return [ids[i : i + size] for i in range(0, len(ids), size)]


def _existing(conn: Connection, table: Any, ids: list[str]) -> dict[str, Mapping[str, Any]]:
    found: dict[str, Mapping[str, Any]] = {}
    for chunk in _chunks(ids):
        for r in conn.execute(select(table).where(table.c.id.in_(chunk))).mappings():
            found[r["id"]] = r
    return found


def _audit_row(
    soort: str, record_id: str, veld: str, oud: Any, nieuw: Any, wie: str, wanneer: datetime
) -> dict[str, Any]:
    return {
        "wanneer": wanneer,
        "wie": wie,
        "tabel": soort,
        "record_id": record_id,
        "veld": veld,
        "oud": _text(oud),
        "nieuw": _text(nieuw),
    }


def _upsert_many(
    conn: Connection,
    soort: str,
    objs: Iterable[Any],
    wie: str,
    wanneer: datetime,
    totals: list[int] | None,
    existing: Mapping[str, Mapping[str, Any]] | None = None,
) -> None:
    """Insert new records in one batch; update changed ones one by one, with audit rows."""
    table, to_row = _TABLES[soort]
    rows = [to_row(o) for o in objs]
    if existing is None:
        existing = _existing(conn, table, [r["id"] for r in rows])
    has_versie = "versie" in table.c
    inserts, audits = [], []
    for new in rows:
        old = existing.get(new["id"])
        naam = new.get("name") or new["id"]
        if old is None:
            if has_versie:
                new["versie"] = 1
            inserts.append(new)
            audits.append(
                _audit_row(soort, new["id"], "*", None, f"aangemaakt: {naam}", wie, wanneer)
            )
            if totals is not None:
                totals[0] += 1
            continue
        changes = _changes(old, new)
        if not changes:
            if totals is not None:
                totals[2] += 1
            continue
        values = {k: new[k] for k in changes}
        stmt = update(table).where(table.c.id == new["id"])
        if has_versie:
            stmt = stmt.where(table.c.versie == old["versie"])
            values["versie"] = old["versie"] + 1
        if conn.execute(stmt.values(**values)).rowcount != 1:
            raise _conflict(conn, soort, naam, new["id"], old["versie"] + 1, old["versie"])
        audits += [
            _audit_row(soort, new["id"], veld, oud, nieuw, wie, wanneer)
            for veld, (oud, nieuw) in changes.items()
        ]
        if totals is not None:
            totals[1] += 1
    if inserts:
        conn.execute(insert(table), inserts)
    _schrijf_audit(conn, audits)


def _keep_confidential_address(loc: Location, stored: Mapping[str, Any] | None) -> Location:
    if stored is None or not loc.adres_vertrouwelijk or loc.address_1 or loc.postal_code:
        return loc
    return replace(
        loc,
        address_1=stored["address_1"],
        postal_code=stored["postal_code"],
        city=loc.city or stored["city"],
        address_id=stored["address_id"],
        state_province=stored["state_province"],
        other_addresses=tuple(uit_dict(Address, a) for a in stored["other_addresses"] or []),
    )


def bestaande(conn: Connection, data: KaartData) -> KaartData:
    """The stored records an import would touch: same ids, or the same service+location pair.

    A flat file holds fewer fields than the store; ``planner.kaart.io.tabel.aanvullen``
    fills the rest from these records instead of emptying them.
    """
    orgs = _existing(conn, t.organisaties, [o.id for o in data.organisations])
    services = _existing(conn, t.diensten, [s.id for s in data.services])
    locs = _existing(conn, t.locaties, [loc.id for loc in data.locations])
    sals: dict[str, Mapping[str, Any]] = {}
    service_ids = list({s.service_id for s in data.service_at_locations})
    for chunk in _chunks(service_ids):
        for r in conn.execute(
            select(t.dienst_locaties).where(t.dienst_locaties.c.service_id.in_(chunk))
        ).mappings():
            sals[r["id"]] = r
    return KaartData(
        organisations=tuple(_organisation(r) for r in orgs.values()),
        services=tuple(_service(r) for r in services.values()),
        locations=tuple(_location(r) for r in locs.values()),
        service_at_locations=tuple(_sal(r) for r in sals.values()),
    )


def save_kaart(engine: Engine, data: KaartData, *, wie: str) -> Schrijfresultaat:
    """``write_kaart`` in its own transaction: all records or none."""
    with engine.begin() as conn:
        return write_kaart(conn, data, wie=wie)


def ids_in_store(engine: Engine) -> dict[str, set[str]]:
    """Ids per table, so an import preview can say what is new and what is updated."""
    with engine.connect() as conn:
        return {
            soort: set(conn.execute(select(table.c.id)).scalars())
            for soort, (table, _) in _TABLES.items()
        }
