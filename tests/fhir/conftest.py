"""Fixtures for the API tests of FHIR: SQLite and PostgreSQL databases, the service, users, the API client."""

from _support.fixtures import client, db_url, people, service  # noqa: F401
