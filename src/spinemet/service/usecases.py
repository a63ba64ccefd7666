"""The :class:`Service`: every use case on stored cases in one object, used by the CLI, the API and the web."""

from __future__ import annotations

from pathlib import Path

from spinemet.service.assessing import AssessmentUseCases
from spinemet.service.audit import AuditUseCases
from spinemet.service.demo import STORY_CASE_ID, example_path
from spinemet.service.extracting import ExtractUseCases
from spinemet.service.people import PeopleUseCases
from spinemet.service.roles import Actor
from spinemet.service.settings import Settings
from spinemet.service.teams import TeamUseCases
from spinemet.service.views import CaseView
from spinemet.store import Database, audit_key, current_revision, upgrade
from spinemet.store import audit as audit_store
from spinemet.store import cases as case_store
from spinemet.store.db import DEFAULT_FILE, sqlite_url


class Service(AssessmentUseCases, PeopleUseCases, AuditUseCases, TeamUseCases, ExtractUseCases):
    """All use cases. Methods take the acting user first; role checks and the audit happen inside."""

    @classmethod
    def open(cls, settings: Settings) -> Service:
        """Connect to the settings' database, applying migrations first when ``settings.migrate``."""
        db = Database(settings.database_url, pool_size=settings.pool_size)
        keys = _upgrade(db) if settings.migrate else audit_key.load(db.url)
        return cls(db, settings.limits, keys)

    @staticmethod
    def upgrade_database(url: str | None) -> str | None:
        """Apply the migrations to the database at ``url`` (created if needed), create its audit key
        when it has none and seal the entries written before it; the revision reached."""
        db = Database(url)
        try:
            _upgrade(db)
            return current_revision(db)
        finally:
            db.dispose()

    @staticmethod
    def audit_key_path(url: str | None) -> str:
        """Where the audit key of the database at ``url`` is kept (see docs/service.md)."""
        return str(audit_key.key_path(Database(url).url))

    @staticmethod
    def rotate_audit_key(url: str | None) -> str:
        """Add a new audit key (current from now on; the older ones still verify older entries);
        return a description of the keys."""
        return audit_key.rotate(Database(url).url).description

    @staticmethod
    def sqlite_url(path: str | Path) -> str:
        """The database URL of a SQLite file."""
        return sqlite_url(path)

    #: the database file used when no URL is given (in the working directory)
    DEFAULT_FILE = DEFAULT_FILE

    def seed_demo_case(self, actor: Actor) -> CaseView | None:
        """Import the bundled story case unless it is already stored; return it when imported."""
        with self.db.read() as conn:
            if case_store.case_exists(conn, STORY_CASE_ID):
                return None
        path = example_path()
        return self.import_case_text(actor, path.read_text(encoding="utf-8"), "yaml", source=path.name)

    def close(self) -> None:
        self.db.dispose()


def _upgrade(db: Database) -> audit_key.AuditKeys:
    """Migrate, make sure the audit key exists (created on first upgrade) and seal older entries."""
    upgrade(db)
    keys = audit_key.ensure(db.url)
    with db.write() as conn:
        audit_store.seal_legacy_chain(conn, keys)
    return keys
