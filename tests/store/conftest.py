"""Fixtures: SQLite and PostgreSQL databases, the service, users and the API client (see tests/_support)."""

from _support.fixtures import client, db_url, people, service  # noqa: F401
