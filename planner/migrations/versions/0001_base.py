"""Base revision: domain migrations (kaart, plan) branch from here.

Revision ID: 0001_base
Revises:
Create Date: 2026-11-23
"""

revision = "0001_base"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
