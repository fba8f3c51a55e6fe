"""Accounts for the beheer, the approval queue for organisation changes, public reports.

Revision ID: accounts_0001
Revises: kaart_0001
Create Date: 2026-11-23

No foreign keys to the kaart tables: a queued change or report must survive even when the
service it names is removed or re-imported, so the beheerder can still read it.
"""

import sqlalchemy as sa
from alembic import op

revision = "accounts_0001"
down_revision = "kaart_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("naam", sa.String(100), nullable=False),
        sa.Column("wachtwoord_hash", sa.String(255), nullable=False),
        sa.Column("rol", sa.String(20), nullable=False),
        sa.Column("organisatie_id", sa.String(100), nullable=True),
        sa.Column("mislukte_pogingen", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("volgende_poging_na", sa.DateTime(timezone=True), nullable=True),
        sa.Column("geblokkeerd_tot", sa.DateTime(timezone=True), nullable=True),
        sa.Column("aangemaakt", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_accounts"),
        sa.UniqueConstraint("naam", name="uq_accounts_naam"),
        sa.CheckConstraint("rol in ('beheerder', 'organisatie')", name="ck_accounts_rol"),
    )
    op.create_table(
        "kaart_wijzigingen",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("soort", sa.String(20), nullable=False),
        sa.Column("service_id", sa.String(100), nullable=False),
        sa.Column("organisatie_id", sa.String(100), nullable=True),
        sa.Column("gegevens", sa.Text(), nullable=False),
        sa.Column("ingediend_door", sa.String(100), nullable=False),
        sa.Column("ingediend_op", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(20), nullable=False, server_default="wacht"),
        sa.Column("beoordeeld_door", sa.String(100), nullable=True),
        sa.Column("beoordeeld_op", sa.DateTime(timezone=True), nullable=True),
        sa.Column("toelichting", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_kaart_wijzigingen"),
    )
    op.create_index("ix_kaart_wijzigingen_status", "kaart_wijzigingen", ["status"])
    op.create_table(
        "kaart_meldingen",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("service_id", sa.String(100), nullable=False),
        sa.Column("service_naam", sa.String(300), nullable=False),
        sa.Column("tekst", sa.Text(), nullable=False),
        sa.Column("gemeld_op", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(20), nullable=False, server_default="open"),
        sa.Column("afgehandeld_door", sa.String(100), nullable=True),
        sa.Column("afgehandeld_op", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_kaart_meldingen"),
    )
    op.create_index("ix_kaart_meldingen_status", "kaart_meldingen", ["status"])


def downgrade() -> None:
    op.drop_index("ix_kaart_meldingen_status", table_name="kaart_meldingen")
    op.drop_table("kaart_meldingen")
    op.drop_index("ix_kaart_wijzigingen_status", table_name="kaart_wijzigingen")
    op.drop_table("kaart_wijzigingen")
    op.drop_table("accounts")
