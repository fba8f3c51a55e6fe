"""Sociale kaart: one waiting-time measurement per service at a location, peildatum, source.

Two imports of the same file at once stored every measurement twice (issue 11). Existing
duplicates are removed first, keeping the earliest registered row of each group (its audit
entry is kept as well: the audit trail records what happened). Then a unique index on
(service_at_location_id, peildatum, coalesce(gemeld_door, '')) makes a second copy
impossible on SQLite and PostgreSQL. Rows without a source get '' first, so they are one
source too (a NULL would never collide).

Revision ID: kaart_0004
Revises: kaart_0003
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "kaart_0004"
down_revision = "kaart_0003"
branch_labels = None
depends_on = None

INDEX = "uq_kaart_wachttijden_meting"


def upgrade() -> None:
    op.execute(sa.text("UPDATE kaart_wachttijden SET gemeld_door = '' WHERE gemeld_door IS NULL"))
    # Keep the row with the lowest id per group; the subquery works on both databases.
    op.execute(
        sa.text(
            """
            DELETE FROM kaart_wachttijden
            WHERE id NOT IN (
                SELECT min(id) FROM kaart_wachttijden
                GROUP BY service_at_location_id, peildatum, gemeld_door
            )
            """
        )
    )
    op.create_index(
        INDEX,
        "kaart_wachttijden",
        ["service_at_location_id", "peildatum", "gemeld_door"],
        unique=True,
    )


def downgrade() -> None:
    op.drop_index(INDEX, table_name="kaart_wachttijden")
