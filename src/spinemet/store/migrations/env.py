"""Alembic environment: runs on the connection handed over by :func:`spinemet.store.migrate.upgrade`."""

from __future__ import annotations

from alembic import context

from spinemet.store.tables import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only the programmatic path is supported
    raise RuntimeError("run migrations through spinemet.store.migrate.upgrade (spinemet db upgrade)")

context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
