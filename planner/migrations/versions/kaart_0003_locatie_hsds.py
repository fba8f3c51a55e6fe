"""Sociale kaart: a location keeps its HSDS address fields, further addresses, phones, hours.

Before this an HSDS import lost ``address_type``, ``state_province``, a second (postal)
address and the phones and schedules of a location without any notice (issue 10).

Revision ID: kaart_0003
Revises: kaart_0002
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "kaart_0003"
down_revision = "kaart_0002"
branch_labels = None
depends_on = None

_COLUMNS = (
    ("address_id", sa.String(36)),
    ("address_type", sa.String(20)),
    ("state_province", sa.String(100)),
    ("other_addresses", sa.JSON()),
    ("phones", sa.JSON()),
    ("schedules", sa.JSON()),
)


def upgrade() -> None:
    with op.batch_alter_table("kaart_locaties") as batch:
        for name, type_ in _COLUMNS:
            batch.add_column(sa.Column(name, type_, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("kaart_locaties") as batch:
        for name, _ in reversed(_COLUMNS):
            batch.drop_column(name)
