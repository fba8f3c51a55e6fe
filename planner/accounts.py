"""Beheer accounts: who may log in, what each role may change, and login throttling.

Two roles (issue 3): a *beheerder* (the gemeente) may change everything; an *organisatie*
account may only touch its own organisation's services and waiting times, and those changes
wait in a queue until a beheerder approves them (``planner.kaart.beheer``).

Passwords are hashed with argon2 (argon2-cffi). There is no default password anywhere:
accounts are created from the command line, with the password from a prompt or from
``PREVENTIEKAART_PASSWORD``::

    python -m planner.accounts create NAAM --role beheerder|organisatie [--organisatie ID]
    python -m planner.accounts role NAAM --role ... [--organisatie ID]   # sessions end
    python -m planner.accounts delete NAAM

Repeated failed logins slow down (each failure sets a waiting time before the next attempt
is even checked) and, after ``MAX_POGINGEN`` failures, lock the account for ``BLOKKADE``.
The clock is a parameter so tests never sleep.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import hashlib
import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import (
    CheckConstraint,
    Column,
    DateTime,
    Integer,
    String,
    Table,
    case,
    delete,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.engine import Engine

from planner.store import als_utc, metadata, utc_nu

ROLLEN = ("beheerder", "organisatie")
MAX_POGINGEN = 5
BLOKKADE = timedelta(minutes=15)
MAX_VERTRAGING = 30  # seconds; the delay doubles per failure up to this ceiling
MIN_WACHTWOORD = 10

accounts_table = Table(
    "accounts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("naam", String(100), nullable=False, unique=True),
    Column("wachtwoord_hash", String(255), nullable=False),
    Column("rol", String(20), nullable=False),
    Column("organisatie_id", String(100), nullable=True),
    Column("mislukte_pogingen", Integer, nullable=False, default=0, server_default="0"),
    Column("volgende_poging_na", DateTime(timezone=True), nullable=True),
    Column("geblokkeerd_tot", DateTime(timezone=True), nullable=True),
    Column("aangemaakt", DateTime(timezone=True), nullable=False),
    CheckConstraint("rol in ('beheerder', 'organisatie')", name="rol"),
)


def maak_hasher(environ: Mapping[str, str] | None = None) -> PasswordHasher:
    """argon2-cffi's default cost (RFC 9106 low-memory profile: t=3, 64 MiB, p=4).

    Only the test suite sets ``PREVENTIEKAART_ARGON2=test`` (one pass over 8 KiB), so its
    hundreds of hashes cost milliseconds; any other value keeps the default, so a typo can
    never weaken production. A hash made cheaply is upgraded at the next login
    (``check_needs_rehash``).
    """
    env = os.environ if environ is None else environ
    if env.get("PREVENTIEKAART_ARGON2", "").strip().lower() == "test":
        return PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    return PasswordHasher()


_hasher = maak_hasher()
# Verified against for unknown names so a login takes as long whether the name exists or not.
_DUMMY_HASH = _hasher.hash("geen-account-met-deze-naam")


class AccountFout(ValueError):
    """A Dutch message meant for the person creating or using an account."""


@dataclass(frozen=True)
class Account:
    """A logged-in user as the pages see it: no hash, just who and what they may do."""

    id: int
    naam: str
    rol: str
    organisatie_id: str | None = None
    # Fingerprint of the stored account at login (``sessie_van``): a password, role or
    # organisation change, or deleting the account, makes it stale (``actueel``). Empty for
    # an Account built in code (command line, tests), which no browser session holds.
    sessie: str = field(default="", compare=False, repr=False)

    @property
    def is_beheerder(self) -> bool:
        return self.rol == "beheerder"


@dataclass(frozen=True)
class LoginResultaat:
    """Outcome of one login attempt; ``vertraging`` is how long the next attempt must wait."""

    account: Account | None
    melding: str
    vertraging: float = 0.0
    geblokkeerd_tot: datetime | None = None

    @property
    def gelukt(self) -> bool:
        return self.account is not None


def vertraging_na(mislukt: int) -> float:
    """Seconds to wait after ``mislukt`` consecutive failures: 1, 2, 4, … capped."""
    if mislukt <= 0:
        return 0.0
    return float(min(2 ** (mislukt - 1), MAX_VERTRAGING))


def sessie_van(row) -> str:
    """What a session is bound to: id, name, role, organisation and the password hash."""
    sleutel = f"{row.id}|{row.naam}|{row.rol}|{row.organisatie_id}|{row.wachtwoord_hash}"
    return hashlib.sha256(sleutel.encode()).hexdigest()[:32]


def _row_to_account(row) -> Account:
    return Account(row.id, row.naam, row.rol, row.organisatie_id, sessie=sessie_van(row))


def actueel(engine: Engine, account: Account | None) -> Account | None:
    """The session's account if it still holds: same password, role and organisation.

    Every page run and every domain action that a session performs asks this, so a changed
    password, a new role or organisation, or a deleted account ends the session at once.
    """
    if account is None:
        return None
    with engine.connect() as conn:
        row = conn.execute(select(accounts_table).where(accounts_table.c.id == account.id)).first()
    if row is None or sessie_van(row) != account.sessie:
        return None
    return account


class SessieVerlopen(AccountFout):
    """The session's account was changed or deleted; log in again."""


def controleer_sessie(engine: Engine, account: Account) -> None:
    """Raise ``SessieVerlopen`` for a stale browser session (see ``Account.sessie``)."""
    if account.sessie and actueel(engine, account) is None:
        raise SessieVerlopen(
            "Uw account is gewijzigd of verwijderd sinds u inlogde. Log opnieuw in."
        )


def create_account(
    engine: Engine,
    naam: str,
    wachtwoord: str,
    rol: str,
    organisatie_id: str | None = None,
    now: datetime | None = None,
) -> Account:
    """Create an account; refuses weak input so no account exists with a trivial password."""
    naam = naam.strip()
    if not naam:
        raise AccountFout("Geef een naam voor het account.")
    if rol not in ROLLEN:
        raise AccountFout(f"Onbekende rol '{rol}'. Kies uit: {', '.join(ROLLEN)}.")
    if rol == "organisatie" and not organisatie_id:
        raise AccountFout("Een account met rol 'organisatie' hoort bij een organisatie-id.")
    if rol == "beheerder":
        organisatie_id = None
    if len(wachtwoord) < MIN_WACHTWOORD:
        raise AccountFout(f"Het wachtwoord moet minstens {MIN_WACHTWOORD} tekens hebben.")
    with engine.begin() as conn:
        bestaand = conn.execute(
            select(accounts_table.c.id).where(accounts_table.c.naam == naam)
        ).first()
        if bestaand is not None:
            raise AccountFout(f"Er bestaat al een account met de naam '{naam}'.")
        result = conn.execute(
            insert(accounts_table).values(
                naam=naam,
                wachtwoord_hash=_hasher.hash(wachtwoord),
                rol=rol,
                organisatie_id=organisatie_id,
                mislukte_pogingen=0,
                aangemaakt=now or utc_nu(),
            )
        )
        account_id = result.inserted_primary_key[0]
    return Account(id=account_id, naam=naam, rol=rol, organisatie_id=organisatie_id)


def list_accounts(engine: Engine) -> list[Account]:
    with engine.connect() as conn:
        rows = conn.execute(select(accounts_table).order_by(accounts_table.c.naam)).all()
    return [_row_to_account(r) for r in rows]


FOUT = (
    "Naam of wachtwoord klopt niet, of het account is tijdelijk geblokkeerd na te veel "
    "pogingen. Controleer uw gegevens en probeer het over een paar minuten opnieuw."
)


def login(
    engine: Engine, naam: str, wachtwoord: str, now: datetime | None = None
) -> LoginResultaat:
    """Check a password, enforcing the delay after failures and the temporary lock.

    Every failure gets the same message and costs one argon2 check, whether the name is
    unknown, the password wrong, or the account waiting or locked: neither the text nor the
    time tells which accounts exist or are locked. An attempt is *claimed* before the
    password is checked (one atomic UPDATE that counts it, and only while the account is not
    locked and not waiting), so 30 guesses at once get at most ``MAX_POGINGEN`` checks, on
    SQLite as on PostgreSQL.
    """
    now = now or utc_nu()
    c = accounts_table.c
    with engine.begin() as conn:
        row = conn.execute(select(accounts_table).where(c.naam == naam.strip())).first()
        geclaimd = False
        if row is not None:
            verlopen = c.geblokkeerd_tot.is_not(None) & (c.geblokkeerd_tot <= now)
            result = conn.execute(
                update(accounts_table)
                .where(
                    c.id == row.id,
                    or_(c.geblokkeerd_tot.is_(None), c.geblokkeerd_tot <= now),
                    or_(c.volgende_poging_na.is_(None), c.volgende_poging_na <= now),
                    or_(func.coalesce(c.mislukte_pogingen, 0) < MAX_POGINGEN, verlopen),
                )
                .values(
                    mislukte_pogingen=case(
                        (verlopen, 1), else_=func.coalesce(c.mislukte_pogingen, 0) + 1
                    ),
                    geblokkeerd_tot=case((verlopen, None), else_=c.geblokkeerd_tot),
                )
            )
            geclaimd = result.rowcount == 1
    if row is None or not geclaimd:
        with contextlib.suppress(VerificationError, InvalidHashError):
            _hasher.verify(_DUMMY_HASH, wachtwoord)  # the same work as a real check
        if row is None:
            return LoginResultaat(account=None, melding=FOUT)
        return _geweigerd(engine, row.id, now)
    try:
        _hasher.verify(row.wachtwoord_hash, wachtwoord)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        with engine.begin() as conn:
            mislukt = conn.execute(select(c.mislukte_pogingen).where(c.id == row.id)).scalar_one()
            vertraging = vertraging_na(mislukt)
            blokkeer = now + BLOKKADE if mislukt >= MAX_POGINGEN else None
            waarden: dict[str, object] = {"volgende_poging_na": now + timedelta(seconds=vertraging)}
            if blokkeer is not None:  # never lift a lock a parallel attempt just set
                waarden["geblokkeerd_tot"] = blokkeer
            conn.execute(update(accounts_table).where(c.id == row.id).values(**waarden))
        return LoginResultaat(None, FOUT, vertraging, blokkeer)
    herstel: dict[str, object] = {
        "mislukte_pogingen": 0,
        "volgende_poging_na": None,
        "geblokkeerd_tot": None,
    }
    if _hasher.check_needs_rehash(row.wachtwoord_hash):
        herstel["wachtwoord_hash"] = _hasher.hash(wachtwoord)
    with engine.begin() as conn:
        conn.execute(update(accounts_table).where(c.id == row.id).values(**herstel))
        nu = conn.execute(select(accounts_table).where(c.id == row.id)).first()
    if nu is None:  # deleted while logging in
        return LoginResultaat(account=None, melding=FOUT)
    return LoginResultaat(account=_row_to_account(nu), melding="Ingelogd.")


def _geweigerd(engine: Engine, account_id: int, now: datetime) -> LoginResultaat:
    """A refused attempt on a waiting or locked account; the page shows only ``melding``."""
    c = accounts_table.c
    with engine.connect() as conn:
        row = conn.execute(
            select(c.volgende_poging_na, c.geblokkeerd_tot).where(c.id == account_id)
        ).first()
    volgende = als_utc(row.volgende_poging_na) if row else None
    geblokkeerd = als_utc(row.geblokkeerd_tot) if row else None
    wacht = max(0.0, (volgende - now).total_seconds()) if volgende else 0.0
    if geblokkeerd is not None and geblokkeerd <= now:  # an old lock has already ended
        geblokkeerd = None
    return LoginResultaat(None, FOUT, wacht, geblokkeerd)


def set_password(engine: Engine, naam: str, wachtwoord: str) -> None:
    """Replace a password and lift any lock (used by a beheerder from the command line)."""
    if len(wachtwoord) < MIN_WACHTWOORD:
        raise AccountFout(f"Het wachtwoord moet minstens {MIN_WACHTWOORD} tekens hebben.")
    with engine.begin() as conn:
        result = conn.execute(
            update(accounts_table)
            .where(accounts_table.c.naam == naam)
            .values(
                wachtwoord_hash=_hasher.hash(wachtwoord),
                mislukte_pogingen=0,
                volgende_poging_na=None,
                geblokkeerd_tot=None,
            )
        )
        if result.rowcount == 0:
            raise AccountFout(f"Geen account met de naam '{naam}'.")


def set_role(engine: Engine, naam: str, rol: str, organisatie_id: str | None = None) -> None:
    """Give an account another role or organisation; its open sessions end."""
    if rol not in ROLLEN:
        raise AccountFout(f"Onbekende rol '{rol}'. Kies uit: {', '.join(ROLLEN)}.")
    if rol == "organisatie" and not organisatie_id:
        raise AccountFout("Een account met rol 'organisatie' hoort bij een organisatie-id.")
    with engine.begin() as conn:
        result = conn.execute(
            update(accounts_table)
            .where(accounts_table.c.naam == naam)
            .values(rol=rol, organisatie_id=organisatie_id if rol == "organisatie" else None)
        )
        if result.rowcount == 0:
            raise AccountFout(f"Geen account met de naam '{naam}'.")


def delete_account(engine: Engine, naam: str) -> None:
    """Remove an account; a session that was logged in with it ends at its next action."""
    with engine.begin() as conn:
        result = conn.execute(delete(accounts_table).where(accounts_table.c.naam == naam))
        if result.rowcount == 0:
            raise AccountFout(f"Geen account met de naam '{naam}'.")


# --- what a role may do -------------------------------------------------------------------


def may_edit(account: Account | None, organisatie_id: str | None) -> bool:
    """Beheerders edit everything; an organisatie only its own organisation's entries."""
    if account is None:
        return False
    if account.is_beheerder:
        return True
    return (
        account.rol == "organisatie"
        and organisatie_id is not None
        and account.organisatie_id == organisatie_id
    )


def needs_approval(account: Account) -> bool:
    """Changes by an organisation wait for a beheerder; a beheerder's apply at once."""
    return not account.is_beheerder


def may_approve(account: Account | None) -> bool:
    return account is not None and account.is_beheerder


def resolve_organisation(engine: Engine, raw: str) -> tuple[str, str]:
    """(stored id, name) for an organisation given by stored id, file id or name.

    Imports turn a file id such as ``cjg-nissewaard`` into a stable UUID; a beheerder should
    not have to know that UUID to create an account, so any of the three forms works.
    """
    from planner.kaart import tables
    from planner.kaart.model import stable_id

    org = tables.organisaties
    with engine.connect() as conn:
        rows = conn.execute(select(org.c.id, org.c.name).order_by(org.c.name)).all()
    wanted = raw.strip()
    kandidaten = {wanted, stable_id(wanted, soort="organisatie")}
    for row in rows:
        if row.id in kandidaten:
            return row.id, row.name
    op_naam = [r for r in rows if r.name.strip().lower() == wanted.lower()]
    if len(op_naam) == 1:
        return op_naam[0].id, op_naam[0].name
    raise AccountFout(
        f"Organisatie '{raw}' staat niet in de sociale kaart. Bekijk de organisaties met "
        "'python -m planner.accounts organisaties'."
    )


# --- command line -------------------------------------------------------------------------


class GeenTerminal(AccountFout):
    """No password in the environment and no terminal to ask for one (exit code 2)."""


def _heeft_terminal() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def _read_password(environ: dict[str, str] | os._Environ) -> str:
    from_env = environ.get("PREVENTIEKAART_PASSWORD")
    if from_env:
        return from_env
    if not _heeft_terminal():
        raise GeenTerminal(
            "Geen wachtwoord: er is geen terminal om ernaar te vragen. Zet het wachtwoord in "
            "de omgevingsvariabele PREVENTIEKAART_PASSWORD of start het commando in een terminal."
        )
    eerste = getpass.getpass("Wachtwoord: ")
    tweede = getpass.getpass("Herhaal wachtwoord: ")
    if eerste != tweede:
        raise AccountFout("De twee wachtwoorden zijn niet gelijk.")
    return eerste


def main(argv: Sequence[str] | None = None, environ: dict[str, str] | None = None) -> int:
    from planner.settings import Settings
    from planner.store import open_store

    env = os.environ if environ is None else environ
    parser = argparse.ArgumentParser(
        prog="python -m planner.accounts", description="Accounts voor het beheer."
    )
    sub = parser.add_subparsers(dest="commando", required=True)
    maak = sub.add_parser("create", help="maak een account")
    maak.add_argument("naam")
    maak.add_argument("--role", required=True, choices=ROLLEN)
    maak.add_argument("--organisatie", default=None, help="organisatie-id (rol organisatie)")
    ww = sub.add_parser("password", help="zet een nieuw wachtwoord en hef een blokkade op")
    ww.add_argument("naam")
    rol = sub.add_parser("role", help="geef een account een andere rol of organisatie")
    rol.add_argument("naam")
    rol.add_argument("--role", required=True, choices=ROLLEN)
    rol.add_argument("--organisatie", default=None, help="organisatie-id (rol organisatie)")
    weg = sub.add_parser("delete", help="verwijder een account (de sessie eindigt meteen)")
    weg.add_argument("naam")
    sub.add_parser("list", help="toon alle accounts")
    sub.add_parser("organisaties", help="toon de organisaties in de sociale kaart met hun id")
    args = parser.parse_args(argv)

    engine = open_store(Settings.from_env(env).database_url)
    try:
        if args.commando == "list":
            for acc in list_accounts(engine):
                org = f" ({acc.organisatie_id})" if acc.organisatie_id else ""
                print(f"{acc.naam}\t{acc.rol}{org}")
            return 0
        if args.commando == "organisaties":
            from planner.kaart import tables

            org = tables.organisaties
            with engine.connect() as conn:
                for row in conn.execute(select(org.c.id, org.c.name).order_by(org.c.name)):
                    print(f"{row.id}\t{row.name}")
            return 0
        if args.commando == "delete":
            delete_account(engine, args.naam)
            print(f"Account '{args.naam}' verwijderd.")
            return 0
        if args.commando == "role":
            org_id = resolve_organisation(engine, args.organisatie)[0] if args.organisatie else None
            set_role(engine, args.naam, args.role, org_id)
            print(f"Account '{args.naam}' heeft nu rol {args.role}; opnieuw inloggen is nodig.")
            return 0
        organisatie_id = None
        if args.commando == "create" and args.organisatie and args.role == "beheerder":
            raise AccountFout(
                "Een beheerder hoort niet bij één organisatie: laat --organisatie weg, of kies "
                "--role organisatie."
            )
        if args.commando == "create" and args.organisatie:
            organisatie_id, org_naam = resolve_organisation(engine, args.organisatie)
            print(f"Organisatie: {org_naam} ({organisatie_id})")
        wachtwoord = _read_password(env)
        if args.commando == "password":
            set_password(engine, args.naam, wachtwoord)
            print(f"Nieuw wachtwoord ingesteld voor '{args.naam}'.")
            return 0
        acc = create_account(engine, args.naam, wachtwoord, args.role, organisatie_id)
        print(f"Account '{acc.naam}' aangemaakt met rol {acc.rol}.")
        return 0
    except GeenTerminal as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except AccountFout as exc:
        print(str(exc), file=sys.stderr)
        return 1
    finally:
        engine.dispose()


if __name__ == "__main__":
    raise SystemExit(main())
