"""Roles, the acting user, and which role may do what. Every use case checks here, never in routes."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from spinemet.errors import PermissionDenied


class Role(StrEnum):
    clinician = "clinician"
    researcher = "researcher"
    admin = "admin"


ROLES = tuple(r.value for r in Role)


@dataclass(frozen=True)
class Actor:
    """Who is acting: a named user with one role (HIPAA unique user identification)."""

    name: str
    role: Role
    user_id: int | None = None
    token_id: int | None = None

    @property
    def deidentified(self) -> bool:
        """Researchers see de-identified cases only."""
        return self.role is Role.researcher

    @property
    def in_teams(self) -> bool:
        """Limited to the cases of the user's care teams: every stored user. The operator at the command
        line (no user id: :func:`~spinemet.service.base.system_actor`) holds the database itself."""
        return self.user_id is not None

    @property
    def sees_identifiers(self) -> bool:
        return not self.deidentified

    @property
    def can_write(self) -> bool:
        """May enter and change cases (clinicians)."""
        return allowed(self, "event.append")


#: action -> roles allowed. Anything not listed is denied (fail closed).
PERMISSIONS: dict[str, frozenset[Role]] = {
    "case.create": frozenset({Role.clinician}),
    "case.import": frozenset({Role.clinician}),
    "case.extract": frozenset({Role.clinician}),
    "case.read": frozenset({Role.clinician, Role.researcher}),
    "case.list": frozenset({Role.clinician, Role.researcher}),
    "case.history": frozenset({Role.clinician}),
    "case.export": frozenset({Role.clinician}),
    "case.assess": frozenset({Role.clinician, Role.researcher}),
    "case.course": frozenset({Role.clinician, Role.researcher}),
    "event.append": frozenset({Role.clinician}),
    "event.amend": frozenset({Role.clinician}),
    "event.retract": frozenset({Role.clinician}),
    "instrument.read": frozenset({Role.clinician, Role.researcher, Role.admin}),
    "calculator": frozenset({Role.clinician, Role.researcher}),
    "user.manage": frozenset({Role.admin}),
    "team.manage": frozenset({Role.admin}),
    "audit.read": frozenset({Role.admin}),
}


def allowed(actor: Actor, action: str) -> bool:
    return actor.role in PERMISSIONS.get(action, frozenset())


def check(actor: Actor, action: str) -> None:
    if not allowed(actor, action):
        raise PermissionDenied(f"role '{actor.role.value}' may not {action.replace('.', ' ')}")
