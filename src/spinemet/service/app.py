"""The :class:`Service`: every use case of SpineMet in one object, used by the CLI, the API and the web."""

from __future__ import annotations

from spinemet.service.analysis import AnalysisUseCases
from spinemet.service.audit import AuditUseCases
from spinemet.service.demo import STORY_CASE_ID, example_path
from spinemet.service.people import PeopleUseCases
from spinemet.service.roles import Actor
from spinemet.service.settings import Settings
from spinemet.service.views import CaseView
from spinemet.store import Database, upgrade
from spinemet.store import cases as case_store


class Service(AnalysisUseCases, PeopleUseCases, AuditUseCases):
    """All use cases. Methods take the acting user first; role checks and the audit happen inside."""

    @classmethod
    def open(cls, settings: Settings) -> Service:
        """Connect to the settings' database, applying migrations first when ``settings.migrate``."""
        db = Database(settings.database_url, pool_size=settings.pool_size)
        if settings.migrate:
            upgrade(db)
        return cls(db)

    def seed_demo_case(self, actor: Actor) -> CaseView | None:
        """Import the bundled story case unless it is already stored; return it when imported."""
        with self.db.read() as conn:
            if case_store.case_exists(conn, STORY_CASE_ID):
                return None
        path = example_path()
        return self.import_case_text(actor, path.read_text(encoding="utf-8"), "yaml", source=path.name)

    def close(self) -> None:
        self.db.dispose()
