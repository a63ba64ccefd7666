"""The case store (adapter): SQLAlchemy 2 on SQLite by default or PostgreSQL by URL."""

from spinemet.store.db import ENV_URL, Database, default_url, sqlite_url
from spinemet.store.migrate import current_revision, head_revision, upgrade

__all__ = ["ENV_URL", "Database", "current_revision", "default_url", "head_revision", "sqlite_url", "upgrade"]
