"""Store tables of the preventieplan (SQLAlchemy Core on ``planner.store.metadata``).

A plan's content is one JSON document per version (``plan_versies``): versions are only
ever inserted, so an edit can never lose what was there before. ``plan_plannen`` holds
the latest version number, which is what optimistic conflict detection compares.
``plan_gemeenten`` lets the app list every plan that covers a gemeente, regional or not.

Created by Alembic revision ``plan_0001`` (down_revision ``0001_base``);
tests/plan/test_plan_opslag.py checks that this module and the migration agree.
"""

from __future__ import annotations

from sqlalchemy import JSON, Column, DateTime, ForeignKey, Integer, String, Table

from planner.store import metadata

REVISION = "plan_0001"

plannen = Table(
    "plan_plannen",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("naam", String(300), nullable=False),
    Column("status", String(20), nullable=False),
    Column("versie", Integer, nullable=False),
    Column("aangemaakt", DateTime(timezone=True), nullable=False),
    Column("gewijzigd", DateTime(timezone=True), nullable=False),
)

plan_gemeenten = Table(
    "plan_gemeenten",
    metadata,
    Column("plan_id", Integer, ForeignKey("plan_plannen.id"), primary_key=True),
    Column("gemeentecode", String(6), primary_key=True, index=True),
)

plan_versies = Table(
    "plan_versies",
    metadata,
    Column("plan_id", Integer, ForeignKey("plan_plannen.id"), primary_key=True),
    Column("versie", Integer, primary_key=True),
    Column("status", String(20), nullable=False),
    Column("inhoud", JSON, nullable=False),
    Column("opgeslagen", DateTime(timezone=True), nullable=False),
    Column("door", String(200), nullable=False, default=""),
    Column("toelichting", String(500), nullable=False, default=""),
)

# Limits the planner checks before saving, so a too long text gets a Dutch message instead of
# a database error (PostgreSQL refuses it, SQLite would silently accept it).
MAX_NAAM: int = plannen.c.naam.type.length
MAX_DOOR: int = plan_versies.c.door.type.length
MAX_TOELICHTING: int = plan_versies.c.toelichting.type.length
