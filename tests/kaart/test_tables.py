"""planner/kaart/tables.py and its Alembic migration describe the same schema."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from planner.kaart import tables
from planner.store import metadata

KAART_TABLES = {
    tables.organisaties.name,
    tables.diensten.name,
    tables.locaties.name,
    tables.dienst_locaties.name,
    tables.wachttijden.name,
    tables.audit.name,
    tables.versie.name,
}


def _table_of(diff) -> str | None:
    for item in diff if isinstance(diff, list) else [diff]:
        for part in item[1:] if isinstance(item, tuple) else []:
            name = getattr(part, "name", None)
            table = getattr(part, "table", None)
            if table is not None and getattr(table, "name", None):
                return table.name
            if isinstance(part, str) and part in KAART_TABLES:
                return part
            if name in KAART_TABLES:
                return name
    return None


def test_migration_matches_table_definitions(engine):
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diffs = compare_metadata(ctx, metadata)
    ours = [d for d in diffs if _table_of(d) in KAART_TABLES]
    assert ours == []
    assert tables.REVISION == "kaart_0005"
