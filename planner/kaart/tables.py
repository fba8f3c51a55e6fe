"""Store tables of the sociale kaart (SQLAlchemy Core on ``planner.store.metadata``).

Column names equal the field names in ``planner.kaart.model`` so rows and dataclasses map
one to one; nested HSDS objects (phones, schedules, …) and lists of codes are JSON columns
because the pages read whole services, never query inside those lists.

The schema is created by Alembic revisions ``kaart_0001`` (down_revision ``0001_base``),
``kaart_0002`` (locations get ``assured_date``), ``kaart_0003`` (HSDS address fields,
phones and schedules of a location), ``kaart_0004`` (one waiting time per measurement) and
``kaart_0005`` (the change counter ``kaart_versie``, stamped on every audit row);
``tests/kaart/test_tables.py`` checks that this module and the migration agree.
The "meld onjuiste informatie" table ``kaart_meldingen`` and ``kaart_wijzigingen`` belong
to ``planner.kaart.beheer`` (migration ``accounts_0001``), not to this module.
"""

from __future__ import annotations

from functools import cache

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
)

from planner.store import metadata

REVISION = "kaart_0005"  # newest kaart migration

organisaties = Table(
    "kaart_organisaties",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("name", String(300), nullable=False),
    Column("description", Text),
    Column("alternate_name", String(300)),
    Column("email", String(300)),
    Column("website", String(500)),
    Column("assured_date", Date),
    Column("voorbeeld", Boolean, nullable=False, default=False),
    Column("versie", Integer, nullable=False, default=1),
)

diensten = Table(
    "kaart_diensten",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("organization_id", String(36), ForeignKey("kaart_organisaties.id"), nullable=False),
    Column("name", String(300), nullable=False),
    Column("description", Text),
    Column("alternate_name", String(300)),
    Column("url", String(500)),
    Column("email", String(300)),
    Column("status", String(30), nullable=False, default="active"),
    Column("toegang", String(40)),
    Column("application_process", Text),
    Column("kosten", String(20)),
    Column("fees_description", Text),
    Column("cost_options", JSON, nullable=False, default=list),
    Column("leeftijd_min", Float),
    Column("leeftijd_max", Float),
    Column("doelgroep", Text),
    Column("probleemgebieden", JSON, nullable=False, default=list),
    Column("trede", String(1)),
    Column("preventieniveau", String(20)),
    Column("werkgebied", JSON, nullable=False, default=list),
    Column("interventie", String(300)),
    Column("interventie_erkenning", String(30)),
    Column("phones", JSON, nullable=False, default=list),
    Column("contacts", JSON, nullable=False, default=list),
    Column("schedules", JSON, nullable=False, default=list),
    Column("languages", JSON, nullable=False, default=list),
    Column("assured_date", Date),
    Column("voorbeeld", Boolean, nullable=False, default=False),
    Column("versie", Integer, nullable=False, default=1),
    Index("ix_kaart_diensten_organization_id", "organization_id"),
)

# No foreign key to organisaties: HSDS files may name an organisation they do not contain
# (the official CSV example does), and a location must still import.
locaties = Table(
    "kaart_locaties",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("name", String(300)),
    Column("organization_id", String(36)),
    Column("location_type", String(20), nullable=False, default="physical"),
    Column("description", Text),
    Column("address_1", String(300)),
    Column("postal_code", String(20)),
    Column("city", String(200)),
    Column("country", String(2)),
    Column("latitude", Float),
    Column("longitude", Float),
    Column("locatie_benaderd", Boolean, nullable=False, default=False),
    Column("adres_vertrouwelijk", Boolean, nullable=False, default=False),
    Column("publieke_contactroute", Text),
    Column("gemeente_code", String(6)),
    Column("wijk_code", String(8)),
    Column("assured_date", Date),  # added in kaart_0002
    # added in kaart_0003 (HSDS without loss): the address's own HSDS fields, further
    # addresses (postal), and phones and opening hours of the location itself.
    Column("address_id", String(36)),
    Column("address_type", String(20)),
    Column("state_province", String(100)),
    Column("other_addresses", JSON),
    Column("phones", JSON),
    Column("schedules", JSON),
    Column("versie", Integer, nullable=False, default=1),
)

dienst_locaties = Table(
    "kaart_dienst_locaties",
    metadata,
    Column("id", String(36), primary_key=True),
    Column(
        "service_id",
        String(36),
        ForeignKey("kaart_diensten.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("location_id", String(36), ForeignKey("kaart_locaties.id"), nullable=False),
    Column("description", Text),
    Index("ix_kaart_dienst_locaties_service_id", "service_id"),
)

# Waiting times are history: rows are only ever inserted (repository.add_waiting_time).
wachttijden = Table(
    "kaart_wachttijden",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "service_at_location_id",
        String(36),
        # The conventional name would exceed PostgreSQL's 63 characters.
        ForeignKey(
            "kaart_dienst_locaties.id", ondelete="CASCADE", name="fk_kaart_wachttijden_sal_id"
        ),
        nullable=False,
    ),
    Column("weken", Float, nullable=False),
    Column("peildatum", Date, nullable=False),
    Column("gemeld_door", String(200)),
    Column("geregistreerd_op", DateTime(timezone=True), nullable=False),
    Index("ix_kaart_wachttijden_sal_peildatum", "service_at_location_id", "peildatum"),
)
# One measurement per service at a location, peildatum and source (who reported it): two
# imports of the same file at once cannot store it twice (migration kaart_0004).
# The code always stores a source (the importer or editor when the file names none).
Index(
    "uq_kaart_wachttijden_meting",
    wachttijden.c.service_at_location_id,
    wachttijden.c.peildatum,
    wachttijden.c.gemeld_door,
    unique=True,
)

audit = Table(
    "kaart_audit",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("wanneer", DateTime(timezone=True), nullable=False),
    Column("wie", String(200), nullable=False),
    Column("tabel", String(40), nullable=False),
    Column("record_id", String(36), nullable=False),
    Column("veld", String(60), nullable=False),
    Column("oud", Text),
    Column("nieuw", Text),
    Column("kaart_versie", BigInteger),  # added in kaart_0003: the change counter's number
    Index("ix_kaart_audit_record_id", "record_id"),
    Index("ix_kaart_audit_kaart_versie", "kaart_versie"),
)

# One row (id 1): the change counter, +1 in the transaction of every write (kaart_0003).
versie = Table(
    "kaart_versie",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("versie", BigInteger, nullable=False),
)


@cache
def max_lengtes(tabel: str) -> dict[str, int]:
    """Column → maximum length of the text columns of ``tabel`` (for validation)."""
    return {
        c.name: c.type.length
        for c in metadata.tables[tabel].columns
        if isinstance(c.type, String) and c.type.length
    }
