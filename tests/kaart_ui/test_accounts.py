"""Accounts: hashing, roles, throttled and locked logins, the command line."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from planner import accounts
from planner.accounts import (
    BLOKKADE,
    MAX_POGINGEN,
    Account,
    AccountFout,
    create_account,
    login,
    may_edit,
    needs_approval,
    vertraging_na,
)

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
GOED = "een lang geheim wachtwoord"


def test_password_is_stored_as_argon2_hash(engine):
    create_account(engine, "gemeente", GOED, "beheerder", now=T0)
    with engine.connect() as conn:
        stored = conn.execute(select(accounts.accounts_table.c.wachtwoord_hash)).scalar_one()
    assert stored.startswith("$argon2")
    assert GOED not in stored


@pytest.mark.parametrize(
    ("naam", "wachtwoord", "rol", "org", "fout"),
    [
        ("", GOED, "beheerder", None, "naam"),
        ("x", GOED, "superuser", None, "Onbekende rol"),
        ("x", GOED, "organisatie", None, "organisatie-id"),
        ("x", "kort", "beheerder", None, "minstens"),
        ("x", "", "beheerder", None, "minstens"),
    ],
)
def test_create_refuses_bad_input(engine, naam, wachtwoord, rol, org, fout):
    with pytest.raises(AccountFout, match=fout):
        create_account(engine, naam, wachtwoord, rol, org)


def test_duplicate_name_refused(engine):
    create_account(engine, "a", GOED, "beheerder")
    with pytest.raises(AccountFout, match="bestaat al"):
        create_account(engine, "a", GOED, "beheerder")


def test_login_success_and_same_message_for_unknown_name(engine):
    create_account(engine, "org1", GOED, "organisatie", "org-cjg")
    ok = login(engine, "org1", GOED, now=T0)
    assert ok.gelukt and ok.account == Account(ok.account.id, "org1", "organisatie", "org-cjg")
    wrong = login(engine, "org1", "fout wachtwoord!", now=T0)
    unknown = login(engine, "bestaat-niet", "fout wachtwoord!", now=T0)
    assert not wrong.gelukt and not unknown.gelukt
    assert wrong.melding == unknown.melding


@pytest.mark.parametrize(
    ("mislukt", "seconden"), [(0, 0), (1, 1), (2, 2), (3, 4), (4, 8), (10, 30), (50, 30)]
)
def test_delay_grows_per_failure_and_is_capped(mislukt, seconden):
    assert vertraging_na(mislukt) == seconden


def test_failed_logins_slow_down_then_lock(engine):
    create_account(engine, "b", GOED, "beheerder")
    now = T0
    delays = []
    for _ in range(MAX_POGINGEN):
        res = login(engine, "b", "verkeerd wachtwoord", now=now)
        assert not res.gelukt
        delays.append(res.vertraging)
        # An attempt inside the delay is refused without checking the password.
        too_soon = login(engine, "b", GOED, now=now + timedelta(seconds=res.vertraging / 2))
        assert not too_soon.gelukt
        now += timedelta(seconds=res.vertraging)
    assert delays == sorted(delays) and delays[-1] > delays[0]
    assert res.geblokkeerd_tot == T0 + sum((timedelta(seconds=d) for d in delays[:-1]), BLOKKADE)
    # Locked: even the right password is refused until the lock expires.
    locked = login(engine, "b", GOED, now=now + timedelta(minutes=1))
    assert not locked.gelukt and "geblokkeerd" in locked.melding
    after = login(engine, "b", GOED, now=res.geblokkeerd_tot + timedelta(seconds=1))
    assert after.gelukt
    # Success resets the counter: the next failure starts with the shortest delay again.
    again = login(engine, "b", "verkeerd", now=res.geblokkeerd_tot + timedelta(seconds=2))
    assert again.vertraging == vertraging_na(1)


def _acc(rol: str, org: str | None = None) -> Account:
    return Account(id=1, naam="x", rol=rol, organisatie_id=org)


@pytest.mark.parametrize(
    ("account", "organisatie", "mag"),
    [
        (_acc("beheerder"), "org-a", True),
        (_acc("beheerder"), None, True),
        (_acc("organisatie", "org-a"), "org-a", True),
        (_acc("organisatie", "org-a"), "org-b", False),
        (_acc("organisatie", "org-a"), None, False),
        (None, "org-a", False),
    ],
)
def test_role_may_edit(account, organisatie, mag):
    assert may_edit(account, organisatie) is mag


def test_only_organisations_need_approval():
    assert needs_approval(_acc("organisatie", "o")) and not needs_approval(_acc("beheerder"))


def _store_with_organisation(home) -> None:
    from planner.kaart import repository
    from planner.kaart.model import Organisation, stable_id
    from planner.store import open_store

    engine = open_store(f"sqlite:///{home / 'preventiekaart.db'}")
    org_id = stable_id("cjg-nissewaard", soort="organisatie")
    repository.save_organisation(engine, Organisation(id=org_id, name="CJG Nissewaard"), wie="t")
    engine.dispose()


def test_cli_creates_account_from_env_password(tmp_path, capsys):
    from planner.kaart.model import stable_id

    _store_with_organisation(tmp_path)
    env = {"PREVENTIEKAART_HOME": str(tmp_path), "PREVENTIEKAART_PASSWORD": GOED}
    org_id = stable_id("cjg-nissewaard", soort="organisatie")
    # The file id, the stored id and the name all find the same organisation.
    for i, given in enumerate(["cjg-nissewaard", org_id, "cjg nissewaard"]):
        args = ["create", f"wijkteam{i}", "--role", "organisatie", "--organisatie", given]
        assert accounts.main(args, env) == 0
        assert "aangemaakt" in capsys.readouterr().out
    assert accounts.main(["list"], env) == 0
    assert f"wijkteam2\torganisatie ({org_id})" in capsys.readouterr().out
    assert accounts.main(["organisaties"], env) == 0
    assert f"{org_id}\tCJG Nissewaard" in capsys.readouterr().out
    unknown = ["create", "x", "--role", "organisatie", "--organisatie", "bestaat-niet"]
    assert accounts.main(unknown, env) == 1
    assert "staat niet in de sociale kaart" in capsys.readouterr().err
    # A weak password gives no account: there is no default password to fall back on.
    weak = {**env, "PREVENTIEKAART_PASSWORD": "kort"}
    assert accounts.main(["create", "x", "--role", "beheerder"], weak) == 1
    assert "minstens" in capsys.readouterr().err


def test_cli_prompts_when_no_env_password(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(accounts, "_heeft_terminal", lambda: True)
    answers = iter([GOED, GOED])
    monkeypatch.setattr(accounts.getpass, "getpass", lambda prompt="": next(answers))
    env = {"PREVENTIEKAART_HOME": str(tmp_path)}
    assert accounts.main(["create", "beheer", "--role", "beheerder"], env) == 0
    mismatch = iter([GOED, GOED + "x"])
    monkeypatch.setattr(accounts.getpass, "getpass", lambda prompt="": next(mismatch))
    assert accounts.main(["create", "beheer2", "--role", "beheerder"], env) == 1
    assert "niet gelijk" in capsys.readouterr().err


def test_parallel_wrong_passwords_are_all_counted_and_lock(engine, monkeypatch):
    """30 guesses sent at the same moment get at most MAX_POGINGEN real password checks.

    Before issue 11, SQLite let 15 of 30 parallel guesses be checked (limit 5): every
    attempt read 'not locked' before any failure was written.
    """
    from concurrent.futures import ThreadPoolExecutor
    from threading import Barrier, Lock

    # No delay between attempts: only the counter and the lock are under test here.
    monkeypatch.setattr(accounts, "vertraging_na", lambda mislukt: 0.0)
    create_account(engine, "gemeente", GOED, "beheerder", now=T0)
    echte = accounts._hasher
    gecontroleerd: list[str] = []
    slot = Lock()

    class Teller:
        def __getattr__(self, naam):
            return getattr(echte, naam)

        def verify(self, hash_, wachtwoord):
            if hash_ != accounts._DUMMY_HASH:
                with slot:
                    gecontroleerd.append(wachtwoord)
            return echte.verify(hash_, wachtwoord)

    monkeypatch.setattr(accounts, "_hasher", Teller())
    pogingen = 30
    start = Barrier(pogingen)

    def poging(i: int):
        start.wait()
        return login(engine, "gemeente", f"fout wachtwoord {i}", now=T0)

    with ThreadPoolExecutor(pogingen) as pool:
        uitkomsten = list(pool.map(poging, range(pogingen)))
    assert not any(u.gelukt for u in uitkomsten)
    assert 1 <= len(gecontroleerd) <= MAX_POGINGEN
    with engine.connect() as conn:
        row = conn.execute(select(accounts.accounts_table)).one()
    assert row.mislukte_pogingen == len(gecontroleerd)
    if len(gecontroleerd) == MAX_POGINGEN:
        assert row.geblokkeerd_tot is not None
    assert len({u.melding for u in uitkomsten}) == 1  # nothing tells checked from refused


def test_login_does_not_reveal_existing_or_locked_accounts(engine, monkeypatch):
    """Unknown name, wrong password, waiting and locked: one message, one argon2 check each."""
    create_account(engine, "gemeente", GOED, "beheerder", now=T0)
    echte = accounts._hasher
    checks: list[int] = []

    class Teller:
        def __getattr__(self, naam):
            return getattr(echte, naam)

        def verify(self, hash_, wachtwoord):
            checks.append(1)
            return echte.verify(hash_, wachtwoord)

    monkeypatch.setattr(accounts, "_hasher", Teller())
    meldingen = {}
    now = T0
    for _ in range(MAX_POGINGEN):
        res = login(engine, "gemeente", "verkeerd", now=now)
        now += timedelta(seconds=res.vertraging)
    for soort, naam, moment in [
        ("onbekend", "niemand", now),
        ("geblokkeerd", "gemeente", now + timedelta(minutes=1)),
    ]:
        checks.clear()
        meldingen[soort] = login(engine, naam, GOED, now=moment).melding
        assert len(checks) == 1, soort
    create_account(engine, "ander", GOED, "beheerder", now=T0)
    login(engine, "ander", "verkeerd", now=T0)
    checks.clear()
    meldingen["te snel"] = login(engine, "ander", GOED, now=T0).melding
    assert len(checks) == 1
    meldingen["verkeerd"] = login(
        engine, "ander", "nog eens fout", now=T0 + timedelta(hours=1)
    ).melding
    assert len(set(meldingen.values())) == 1, meldingen


@pytest.mark.parametrize("wijziging", ["wachtwoord", "rol", "organisatie", "verwijderd"])
def test_session_ends_when_the_account_changes(engine, wijziging):
    create_account(engine, "cjg", GOED, "organisatie", "org-a", now=T0)
    account = login(engine, "cjg", GOED, now=T0).account
    assert accounts.actueel(engine, account) == account
    if wijziging == "wachtwoord":
        accounts.set_password(engine, "cjg", GOED + " nieuw")
    elif wijziging == "rol":
        accounts.set_role(engine, "cjg", "beheerder")
    elif wijziging == "organisatie":
        accounts.set_role(engine, "cjg", "organisatie", "org-b")
    else:
        accounts.delete_account(engine, "cjg")
    assert accounts.actueel(engine, account) is None
    with pytest.raises(accounts.SessieVerlopen):
        accounts.controleer_sessie(engine, account)


def test_cli_without_terminal_or_env_password_says_what_to_do(tmp_path, capsys):
    """Run from cron or CI: a Dutch message and exit code 2, no traceback, no account."""
    import subprocess
    import sys

    env = {"PREVENTIEKAART_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    proc = subprocess.run(
        [sys.executable, "-m", "planner.accounts", "create", "beheer", "--role", "beheerder"],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        cwd=str(accounts_root()),
    )
    assert proc.returncode == 2, proc.stderr
    assert "PREVENTIEKAART_PASSWORD" in proc.stderr and "Traceback" not in proc.stderr
    assert accounts.main(["list"], {"PREVENTIEKAART_HOME": str(tmp_path)}) == 0
    assert "beheer" not in capsys.readouterr().out


def test_cli_refuses_organisation_for_a_beheerder(tmp_path, capsys):
    env = {"PREVENTIEKAART_HOME": str(tmp_path), "PREVENTIEKAART_PASSWORD": GOED}
    args = ["create", "gemeente", "--role", "beheerder", "--organisatie", "cjg"]
    assert accounts.main(args, env) == 1
    assert "Een beheerder hoort niet bij één organisatie" in capsys.readouterr().err
    assert accounts.main(["list"], env) == 0
    assert "gemeente" not in capsys.readouterr().out


def accounts_root():
    from planner.settings import PROJECT_ROOT

    return PROJECT_ROOT


def test_production_keeps_argon2s_default_cost_only_the_suite_hashes_cheaply():
    """The suite runs with PREVENTIEKAART_ARGON2=test (tests/conftest.py); nobody else does."""
    import argon2

    standaard = argon2.profiles.RFC_9106_LOW_MEMORY  # argon2-cffi's default
    for env in ({}, {"PREVENTIEKAART_ARGON2": ""}, {"PREVENTIEKAART_ARGON2": "tset"}):
        h = accounts.maak_hasher(env)
        assert (
            (h.time_cost, h.memory_cost, h.parallelism)
            == (3, 65536, 4)
            == (
                standaard.time_cost,
                standaard.memory_cost,
                standaard.parallelism,
            )
        )
        assert "$m=65536,t=3,p=4$" in h.hash(GOED)
    goedkoop = accounts.maak_hasher({"PREVENTIEKAART_ARGON2": "test"})
    assert "$m=8,t=1,p=1$" in goedkoop.hash(GOED)
    # The suite really uses the cheap one, and a cheap hash is upgraded at the next login.
    assert accounts._hasher.time_cost == 1
    assert accounts.maak_hasher({}).check_needs_rehash(goedkoop.hash(GOED))
