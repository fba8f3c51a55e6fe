"""The store migrates to the newest schema on both SQLite and PostgreSQL."""

from planner.settings import normalise_database_url
from planner.store import MIGRATIONS_DIR, current_revisions


def _heads() -> set[str]:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return set(ScriptDirectory.from_config(cfg).get_heads())


def test_store_is_at_all_migration_heads(engine):
    assert current_revisions(engine) == _heads()


def test_postgres_urls_get_a_driver():
    assert normalise_database_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_database_url("sqlite:///x.db") == "sqlite:///x.db"
