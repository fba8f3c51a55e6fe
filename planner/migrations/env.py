"""Alembic environment: the connection comes from planner.store.upgrade()."""

from alembic import context

import planner.store as store

config = context.config
target_metadata = store.metadata

connection = config.attributes.get("connection")
if connection is None:
    engine = config.attributes.get("engine")
    if engine is None:
        from planner.settings import Settings

        engine = store.make_engine(Settings.from_env().database_url)
    with engine.begin() as connection:
        context.configure(
            connection=connection, target_metadata=target_metadata, render_as_batch=True
        )
        with context.begin_transaction():
            context.run_migrations()
else:
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
