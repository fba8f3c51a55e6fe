"""Sociale kaart: organisations, services, locations, waiting-time history, audit trail.

Revision ID: kaart_0001
Revises: 0001_base
Create Date: 2026-11-23

Mirrors planner/kaart/tables.py (tests/kaart/test_tables.py compares them).
"""

import sqlalchemy as sa
from alembic import op

revision = "kaart_0001"
down_revision = "0001_base"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "kaart_organisaties",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("description", sa.Text()),
        sa.Column("alternate_name", sa.String(300)),
        sa.Column("email", sa.String(300)),
        sa.Column("website", sa.String(500)),
        sa.Column("assured_date", sa.Date()),
        sa.Column("voorbeeld", sa.Boolean(), nullable=False),
        sa.Column("versie", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_kaart_organisaties"),
    )
    op.create_table(
        "kaart_diensten",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("organization_id", sa.String(36), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("description", sa.Text()),
        sa.Column("alternate_name", sa.String(300)),
        sa.Column("url", sa.String(500)),
        sa.Column("email", sa.String(300)),
        sa.Column("status", sa.String(30), nullable=False),
        sa.Column("toegang", sa.String(40)),
        sa.Column("application_process", sa.Text()),
        sa.Column("kosten", sa.String(20)),
        sa.Column("fees_description", sa.Text()),
        sa.Column("cost_options", sa.JSON(), nullable=False),
        sa.Column("leeftijd_min", sa.Float()),
        sa.Column("leeftijd_max", sa.Float()),
        sa.Column("doelgroep", sa.Text()),
        sa.Column("probleemgebieden", sa.JSON(), nullable=False),
        sa.Column("trede", sa.String(1)),
        sa.Column("preventieniveau", sa.String(20)),
        sa.Column("werkgebied", sa.JSON(), nullable=False),
        sa.Column("interventie", sa.String(300)),
        sa.Column("interventie_erkenning", sa.String(30)),
        sa.Column("phones", sa.JSON(), nullable=False),
        sa.Column("contacts", sa.JSON(), nullable=False),
        sa.Column("schedules", sa.JSON(), nullable=False),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("assured_date", sa.Date()),
        sa.Column("voorbeeld", sa.Boolean(), nullable=False),
        sa.Column("versie", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_kaart_diensten"),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["kaart_organisaties.id"],
            name="fk_kaart_diensten_organization_id_kaart_organisaties",
        ),
    )
    op.create_index("ix_kaart_diensten_organization_id", "kaart_diensten", ["organization_id"])
    op.create_table(
        "kaart_locaties",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("name", sa.String(300)),
        sa.Column("organization_id", sa.String(36)),
        sa.Column("location_type", sa.String(20), nullable=False),
        sa.Column("description", sa.Text()),
        sa.Column("address_1", sa.String(300)),
        sa.Column("postal_code", sa.String(20)),
        sa.Column("city", sa.String(200)),
        sa.Column("country", sa.String(2)),
        sa.Column("latitude", sa.Float()),
        sa.Column("longitude", sa.Float()),
        sa.Column("locatie_benaderd", sa.Boolean(), nullable=False),
        sa.Column("adres_vertrouwelijk", sa.Boolean(), nullable=False),
        sa.Column("publieke_contactroute", sa.Text()),
        sa.Column("gemeente_code", sa.String(6)),
        sa.Column("wijk_code", sa.String(8)),
        sa.Column("versie", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_kaart_locaties"),
    )
    op.create_table(
        "kaart_dienst_locaties",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("service_id", sa.String(36), nullable=False),
        sa.Column("location_id", sa.String(36), nullable=False),
        sa.Column("description", sa.Text()),
        sa.PrimaryKeyConstraint("id", name="pk_kaart_dienst_locaties"),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["kaart_diensten.id"],
            name="fk_kaart_dienst_locaties_service_id_kaart_diensten",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["kaart_locaties.id"],
            name="fk_kaart_dienst_locaties_location_id_kaart_locaties",
        ),
    )
    op.create_index("ix_kaart_dienst_locaties_service_id", "kaart_dienst_locaties", ["service_id"])
    op.create_table(
        "kaart_wachttijden",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("service_at_location_id", sa.String(36), nullable=False),
        sa.Column("weken", sa.Float(), nullable=False),
        sa.Column("peildatum", sa.Date(), nullable=False),
        sa.Column("gemeld_door", sa.String(200)),
        sa.Column("geregistreerd_op", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_kaart_wachttijden"),
        sa.ForeignKeyConstraint(
            ["service_at_location_id"],
            ["kaart_dienst_locaties.id"],
            name="fk_kaart_wachttijden_sal_id",
            ondelete="CASCADE",
        ),
    )
    op.create_index(
        "ix_kaart_wachttijden_sal_peildatum",
        "kaart_wachttijden",
        ["service_at_location_id", "peildatum"],
    )
    op.create_table(
        "kaart_audit",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("wanneer", sa.DateTime(timezone=True), nullable=False),
        sa.Column("wie", sa.String(200), nullable=False),
        sa.Column("tabel", sa.String(40), nullable=False),
        sa.Column("record_id", sa.String(36), nullable=False),
        sa.Column("veld", sa.String(60), nullable=False),
        sa.Column("oud", sa.Text()),
        sa.Column("nieuw", sa.Text()),
        sa.PrimaryKeyConstraint("id", name="pk_kaart_audit"),
    )
    op.create_index("ix_kaart_audit_record_id", "kaart_audit", ["record_id"])


def downgrade() -> None:
    op.drop_index("ix_kaart_audit_record_id", table_name="kaart_audit")
    op.drop_table("kaart_audit")
    op.drop_index("ix_kaart_wachttijden_sal_peildatum", table_name="kaart_wachttijden")
    op.drop_table("kaart_wachttijden")
    op.drop_index("ix_kaart_dienst_locaties_service_id", table_name="kaart_dienst_locaties")
    op.drop_table("kaart_dienst_locaties")
    op.drop_table("kaart_locaties")
    op.drop_index("ix_kaart_diensten_organization_id", table_name="kaart_diensten")
    op.drop_table("kaart_diensten")
    op.drop_table("kaart_organisaties")
