"""Fixtures for the service tests: SQLite and PostgreSQL databases (see spinemet.store.testing)."""

from spinemet.store.testing import client, db_url, people, service  # noqa: F401
