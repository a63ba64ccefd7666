"""The store fixtures (SQLite and the real PostgreSQL) for the cohort taken from the case store."""

from _support.fixtures import db_url, service  # noqa: F401
