"""The one place where the web meets the service of issue 6 (:class:`spinemet.service.app.Service`)."""

from __future__ import annotations

from typing import Any

from spinemet.case import Case, Event, case_to_data
from spinemet.errors import NotFound, SpineMetError
from spinemet.service.base import NotAuthenticated
from spinemet.service.roles import Actor, Role
from spinemet.service.views import CaseView
from spinemet.web.backend import Backend, CaseRow, StoredCase, WebUser


def _actor(user: WebUser) -> Actor:
    return Actor(name=user.name, role=Role(user.role), user_id=user.user_id)


def _user(actor: Actor) -> WebUser:
    return WebUser(name=actor.name, role=actor.role.value, user_id=actor.user_id)


def _stored(view: CaseView) -> StoredCase:
    return StoredCase(case=Case.model_validate(view.case), version=view.current_version)


class ServiceBackend:
    """:class:`~spinemet.web.backend.Backend` over the service layer (roles and audit happen there)."""

    def __init__(self, service: Any) -> None:
        self.service = service

    def authenticate(self, username: str, password: str) -> WebUser | None:
        try:
            return _user(self.service.authenticate_password(username, password))
        except (NotAuthenticated, NotFound):
            return None

    def still_active(self, user: WebUser) -> bool:
        """Asked on every request: a user disabled, removed or given another role loses the session."""
        try:
            actor = self.service.session_actor(user.name)
        except SpineMetError:
            return False
        return isinstance(actor, Actor) and actor.role.value == user.role and actor.user_id == user.user_id

    def list_cases(
        self, actor: WebUser, text: str | None, primary_site: str | None, level: str | None, open_alerts: bool
    ) -> tuple[list[CaseRow], int]:
        found = self.service.list_cases(
            _actor(actor), text=text or None, primary_site=primary_site or None, level=level or None,
            open_alerts=True if open_alerts else None, limit=500,
        )
        rows = [
            CaseRow(
                id=i.id, title=i.title, primary_site=i.primary_site, levels=tuple(i.levels), alerts=tuple(i.alerts),
                event_count=i.event_count, version=i.version,
            )
            for i in found.items
        ]
        return rows, int(found.total)

    def get_case(self, actor: WebUser, case_id: str) -> StoredCase:
        return _stored(self.service.get_case(_actor(actor), case_id))

    def create_case(self, actor: WebUser, case: Case) -> StoredCase:
        return _stored(self.service.create_case(_actor(actor), case_to_data(case)))

    def import_case_text(self, actor: WebUser, text: str, fmt: str, source: str) -> StoredCase:
        return _stored(self.service.import_case_text(_actor(actor), text, fmt, source=source))

    def append_event(self, actor: WebUser, case_id: str, event: Event, expected_version: int) -> StoredCase:
        data = event.model_dump(mode="json", exclude_none=True)
        return _stored(self.service.append_event(_actor(actor), case_id, data, expected_version))


def as_backend(service: object) -> Backend:
    """The service wrapped for the web (a ready-made backend passes through)."""
    if isinstance(service, ServiceBackend):
        return service
    return ServiceBackend(service)
