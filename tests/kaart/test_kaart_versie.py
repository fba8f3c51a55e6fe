"""The change marker never goes backwards: a commit after a later one is still seen.

Issue 11 item 2: the search index cache was keyed on the highest audit id; on PostgreSQL
a transaction that took a lower id but committed *after* a higher one was never shown by
a running instance. Two engines, interleaved commits, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import threading
from dataclasses import replace

from sqlalchemy import text
from sqlalchemy.engine import Engine

from planner.kaart import beheer, repository
from planner.kaart.model import Service
from planner.store import make_engine
from tests.kaart.conftest import ORG_ID, make_kaart


def _tweede_engine(engine: Engine) -> Engine:
    """A second engine (own pool, own connections) on the same store, like a 2nd instance."""
    url = engine.url.render_as_string(hide_password=False)
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            pad = conn.execute(text("SHOW search_path")).scalar_one()
        return make_engine(url, connect_args={"options": f"-csearch_path={pad}"})
    return make_engine(url)


def _dienst(sid: str, naam: str) -> Service:
    return replace(make_kaart().services[0], id=sid, name=naam)


def test_sequential_commits_from_two_engines_always_raise_the_marker(engine):
    repository.save_kaart(engine, make_kaart(), wie="test")
    tweede = _tweede_engine(engine)
    try:
        gezien = [beheer.kaart_versie(engine)]
        for i in range(6):
            schrijver = engine if i % 2 == 0 else tweede
            repository.save_service(schrijver, _dienst(f"s{i}", f"Dienst {i}"), wie=f"w{i}")
            lezer = tweede if i % 2 == 0 else engine  # the *other* instance reads
            versie, gewijzigd = repository.gewijzigd_sinds(lezer, gezien[-1])
            assert versie > gezien[-1]
            assert gewijzigd == {"dienst": {f"s{i}"}}
            gezien.append(versie)
    finally:
        tweede.dispose()


def test_a_transaction_that_commits_after_a_later_one_is_still_picked_up(engine):
    """A writes first but commits last; an instance reading in between must see A later."""
    repository.save_kaart(engine, make_kaart(), wie="test")
    tweede = _tweede_engine(engine)
    fout: list[BaseException] = []
    try:
        with engine.begin() as conn_a:
            repository.save_service(conn_a, _dienst("a", "Eerst begonnen"), wie="a")

            def schrijf_b() -> None:
                try:
                    repository.save_service(tweede, _dienst("b", "Later begonnen"), wie="b")
                except BaseException as exc:  # pragma: no cover - reported below
                    fout.append(exc)

            b = threading.Thread(target=schrijf_b)
            b.start()
            b.join(timeout=1.0)  # PostgreSQL: B waits for A's counter lock; SQLite: for A
            tussenstand = beheer.kaart_versie(tweede)  # what a running instance caches
        b.join(timeout=10)
        assert not b.is_alive()
        if fout and engine.dialect.name == "sqlite":
            # SQLite refuses B while A holds the write lock; B retries, as a user would
            repository.save_service(tweede, _dienst("b", "Later begonnen"), wie="b")
        elif fout:
            raise fout[0]
        assert beheer.kaart_versie(tweede) > tussenstand  # the cache key moves: A is shown
        _, gewijzigd = repository.gewijzigd_sinds(tweede, tussenstand)
        assert "a" in gewijzigd["dienst"]
        namen = {d.service.id for d in repository.list_services(tweede)}
        assert {"a", "b"} <= namen
    finally:
        tweede.dispose()


def test_every_kind_of_write_raises_the_marker(engine):
    kaart = make_kaart()
    v0 = beheer.kaart_versie(engine)
    repository.save_kaart(engine, kaart, wie="import")
    v1 = beheer.kaart_versie(engine)
    org = repository.get_organisation(engine, ORG_ID)
    repository.save_organisation(engine, replace(org, name="Nieuwe naam"), wie="x")
    v2 = beheer.kaart_versie(engine)
    wt = replace(kaart.waiting_times[0], weken=1)
    repository.add_waiting_time(engine, wt, wie="x")
    v3 = beheer.kaart_versie(engine)
    assert v0 < v1 < v2 < v3
    _, gewijzigd = repository.gewijzigd_sinds(engine, v2)
    assert gewijzigd == {"wachttijd": {wt.service_at_location_id}}
    # an import that changes nothing writes no audit and leaves the marker alone
    repository.save_kaart(engine, repository.load_kaart(engine), wie="import")
    assert beheer.kaart_versie(engine) == v3


def test_upgrading_an_existing_store_starts_the_counter_above_the_old_marker(tmp_path):
    """During a rolling upgrade an instance keyed on the highest audit id never goes back."""
    from datetime import UTC, datetime

    from alembic import command
    from sqlalchemy import insert

    from planner.kaart import tables
    from planner.store import _alembic_config, upgrade

    eng = make_engine(f"sqlite:///{tmp_path / 'oud.db'}")
    try:
        with eng.begin() as conn:
            cfg = _alembic_config(eng)
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "kaart_0004")
            conn.execute(
                insert(tables.audit),  # only the columns before kaart_0005 are given
                [
                    {
                        "wanneer": datetime.now(UTC),
                        "wie": "oud",
                        "tabel": "dienst",
                        "record_id": f"s{i}",
                        "veld": "*",
                    }
                    for i in range(7)
                ],
            )
        upgrade(eng)
        assert beheer.kaart_versie(eng) == 8  # max(audit id) + 1
        repository.save_kaart(eng, make_kaart(), wie="test")
        assert beheer.kaart_versie(eng) > 8
    finally:
        eng.dispose()
