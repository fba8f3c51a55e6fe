"""The store: one SQLAlchemy engine for SQLite (embedded default) or PostgreSQL.

Tables are declared on ``metadata`` by the domain modules (``planner.kaart.tables``,
``planner.plan.tables``); the schema is created and evolved only by the Alembic
migrations in ``planner/migrations`` so SQLite and PostgreSQL stay identical.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import MetaData, create_engine, event
from sqlalchemy.engine import Connection, Engine, make_url

from planner.settings import PROJECT_ROOT

MIGRATIONS_DIR = PROJECT_ROOT / "planner" / "migrations"

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def make_engine(url: str, **kwargs: object) -> Engine:
    """Create an engine; for SQLite make the folder and enforce foreign keys."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, **kwargs)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # pragma: no cover - trivial
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

        return engine
    return create_engine(url, pool_pre_ping=True, **kwargs)


def _alembic_config(engine: Engine):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest version (all migration heads)."""
    from alembic import command

    with engine.begin() as conn:
        cfg = _alembic_config(engine)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "heads")


def current_revisions(engine: Engine) -> set[str]:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return set(MigrationContext.configure(conn).get_current_heads())


def utc_nu() -> datetime:
    return datetime.now(UTC)


def als_utc(moment: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; everything we store is UTC."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


@contextmanager
def verbinding(bind: Engine | Connection) -> Iterator[Connection]:
    """The caller's own connection as is (inside its transaction), or one from an engine."""
    if isinstance(bind, Connection):
        yield bind
    else:
        with bind.connect() as conn:
            yield conn


@contextmanager
def transactie(bind: Engine | Connection) -> Iterator[Connection]:
    """The caller's transaction when given a connection, else a new one from the engine."""
    if isinstance(bind, Connection):
        yield bind
    else:
        with bind.begin() as conn:
            yield conn


def open_store(url: str) -> Engine:
    """Engine with the schema up to date: what the app and the CLIs call."""
    engine = make_engine(url)
    upgrade(engine)
    return engine
