"""Fixtures: the service, users and the API client over SQLite and PostgreSQL (see tests/_support)."""

from _support.fixtures import client, db_url, people, service  # noqa: F401
