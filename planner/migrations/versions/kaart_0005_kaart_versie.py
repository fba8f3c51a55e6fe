"""Sociale kaart: a change counter that cannot go backwards (issue 11 item 2).

Revision ID: kaart_0005
Revises: kaart_0004
Create Date: 2026-12-01

``kaart_versie`` holds one row; every write to the kaart adds one to it in the same
transaction (``planner.kaart.repository``). On PostgreSQL the row lock makes concurrent
writers take their numbers in commit order, so a running instance that has seen number N
has seen every change up to N; the highest audit id (the old marker) can be committed
after a higher one and was then never picked up. Audit rows carry the number
(``kaart_audit.kaart_versie``) so a running search index can load only what changed.
"""

import sqlalchemy as sa
from alembic import op

revision = "kaart_0005"
down_revision = "kaart_0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "kaart_versie",
        sa.Column("id", sa.Integer(), nullable=False, autoincrement=False),
        sa.Column("versie", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_kaart_versie"),
    )
    # Start above every existing audit id, so an instance still keyed on the old marker
    # during a rolling upgrade never sees the number go down.
    op.execute(
        "INSERT INTO kaart_versie (id, versie) "
        "SELECT 1, COALESCE(MAX(id), 0) + 1 FROM kaart_audit"
    )
    with op.batch_alter_table("kaart_audit") as batch:
        batch.add_column(sa.Column("kaart_versie", sa.BigInteger(), nullable=True))
        batch.create_index("ix_kaart_audit_kaart_versie", ["kaart_versie"])


def downgrade() -> None:
    with op.batch_alter_table("kaart_audit") as batch:
        batch.drop_index("ix_kaart_audit_kaart_versie")
        batch.drop_column("kaart_versie")
    op.drop_table("kaart_versie")
