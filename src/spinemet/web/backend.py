"""What the web pages need from the service layer (issue 6), as one small protocol.

Routes never touch the store: they call a :class:`Backend`. :mod:`spinemet.web.adapter`
adapts the service's :class:`~spinemet.service.app.Service` to it, so the mapping of names
lives in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from spinemet.case import Case, Event

ROLES = ("clinician", "researcher", "admin")


@dataclass(frozen=True)
class WebUser:
    """The acting user as the pages see it."""

    name: str
    role: str
    user_id: int | None = None

    @property
    def id(self) -> str:
        return self.name

    @property
    def can_write(self) -> bool:
        """Clinicians enter and change cases."""
        return self.role == "clinician"

    @property
    def can_read_cases(self) -> bool:
        return self.role in ("clinician", "researcher")

    @property
    def sees_identifiers(self) -> bool:
        """A researcher sees the de-identified view only."""
        return self.role != "researcher"


@dataclass(frozen=True)
class StoredCase:
    """A case as stored (de-identified for a researcher), with the version a write must name."""

    case: Case
    version: int


@dataclass(frozen=True)
class CaseRow:
    """One line of the case list."""

    id: str
    title: str | None
    primary_site: str
    levels: tuple[str, ...]
    alerts: tuple[str, ...]
    event_count: int
    version: int


class Backend(Protocol):
    def authenticate(self, username: str, password: str) -> WebUser | None: ...

    def still_active(self, user: WebUser) -> bool: ...

    def list_cases(
        self, actor: WebUser, text: str | None, primary_site: str | None, level: str | None, open_alerts: bool
    ) -> tuple[list[CaseRow], int]: ...

    def get_case(self, actor: WebUser, case_id: str) -> StoredCase: ...

    def create_case(self, actor: WebUser, case: Case) -> StoredCase: ...

    def import_case_text(self, actor: WebUser, text: str, fmt: str, source: str) -> StoredCase: ...

    def append_event(self, actor: WebUser, case_id: str, event: Event, expected_version: int) -> StoredCase: ...
