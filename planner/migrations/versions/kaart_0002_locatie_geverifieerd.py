"""Sociale kaart: locations get assured_date (last verified), like services.

Revision ID: kaart_0002
Revises: kaart_0001
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "kaart_0002"
down_revision = "kaart_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("kaart_locaties") as batch:
        batch.add_column(sa.Column("assured_date", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("kaart_locaties") as batch:
        batch.drop_column("assured_date")
