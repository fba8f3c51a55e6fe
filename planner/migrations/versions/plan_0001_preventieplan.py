"""Preventieplan: plans, the gemeenten they cover, and every saved version.

Revision ID: plan_0001
Revises: 0001_base
Create Date: 2026-11-23

Mirrors planner/plan/tables.py (tests/plan/test_plan_opslag.py compares them).
"""

import sqlalchemy as sa
from alembic import op

revision = "plan_0001"
down_revision = "0001_base"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "plan_plannen",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("naam", sa.String(300), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("versie", sa.Integer(), nullable=False),
        sa.Column("aangemaakt", sa.DateTime(timezone=True), nullable=False),
        sa.Column("gewijzigd", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_plan_plannen"),
    )
    op.create_table(
        "plan_gemeenten",
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("gemeentecode", sa.String(6), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plan_plannen.id"], name="fk_plan_gemeenten_plan_id_plan_plannen"
        ),
        sa.PrimaryKeyConstraint("plan_id", "gemeentecode", name="pk_plan_gemeenten"),
    )
    op.create_index(
        "ix_plan_gemeenten_gemeentecode", "plan_gemeenten", ["gemeentecode"], unique=False
    )
    op.create_table(
        "plan_versies",
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("versie", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("inhoud", sa.JSON(), nullable=False),
        sa.Column("opgeslagen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("door", sa.String(200), nullable=False),
        sa.Column("toelichting", sa.String(500), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plan_plannen.id"], name="fk_plan_versies_plan_id_plan_plannen"
        ),
        sa.PrimaryKeyConstraint("plan_id", "versie", name="pk_plan_versies"),
    )


def downgrade() -> None:
    op.drop_table("plan_versies")
    op.drop_index("ix_plan_gemeenten_gemeentecode", table_name="plan_gemeenten")
    op.drop_table("plan_gemeenten")
    op.drop_table("plan_plannen")
