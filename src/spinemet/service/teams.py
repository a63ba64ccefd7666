"""Use cases on care teams: administrators create teams, add and remove members, and place cases.

What membership allows is decided here and in :mod:`spinemet.service.cases`: a clinician reads and
writes the cases of their teams; a researcher reads the de-identified cases of the teams whose data
they are granted (their membership); an administrator manages teams and sees no case data. The
operator at the command line (an actor that is not a stored user) holds the database itself and is
not limited to teams.
"""

from __future__ import annotations

import re

from pydantic import BaseModel
from sqlalchemy.engine import Connection

from spinemet.errors import NotFound, Problem, ValidationFailed
from spinemet.service.base import AuditNote, ServiceBase
from spinemet.service.roles import Actor, Role
from spinemet.store import cases as case_store
from spinemet.store import teams as store
from spinemet.store import users as user_store

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")


class TeamView(BaseModel):
    name: str
    created_at: str
    members: list[str]
    cases: int


class MembershipView(BaseModel):
    team: str
    user: str
    default: bool


def check_team_name(name: str, location: str = "name") -> str:
    if not isinstance(name, str) or not _NAME.match(name):
        raise ValidationFailed([Problem(location, f"{name!r} is not allowed; allowed: 1-100 letters, digits, "
                                                  "'_', '.', '-', starting with a letter or digit")])
    return name


def place_new_case(conn: Connection, actor: Actor, case_id: str, team_names: list[str] | None) -> list[str]:
    """Put a newly created case in its teams: those named (each one of the actor's teams), else the
    actor's default team; the operator at the command line may name any team (default: ``default``)."""
    if actor.user_id is None:
        ids = [store.team_id(conn, n) for n in team_names] if team_names else [store.default_team_id(conn)]
    elif team_names:
        mine = {name for name, _ in store.teams_of(conn, actor.user_id)}
        outside = [n for n in team_names if n not in mine]
        if outside:
            # like a case outside the user's teams, a team they are not in is not there for them (404)
            raise NotFound(f"team '{outside[0]}' is not one of your teams; yours: "
                           f"{', '.join(sorted(mine)) or 'none (ask an administrator)'}")
        ids = [store.team_id(conn, n) for n in team_names]
    else:
        default = store.default_team(conn, actor.user_id)
        if default is None:
            raise ValidationFailed([Problem("team", "you belong to no care team, so a case cannot be placed; "
                                                    "an administrator adds you: spinemet team add-member TEAM USER")])
        ids = [default]
    for tid in ids:
        store.assign_case(conn, case_id, tid)
    return store.case_team_names(conn, case_id)


def join_teams(conn: Connection, user_id: int, team_names: list[str] | None) -> None:
    """A new user's teams: those named (the first is the default), else the team ``default``."""
    ids = [store.team_id(conn, n) for n in team_names] if team_names else [store.default_team_id(conn)]
    for i, tid in enumerate(ids):
        store.add_member(conn, tid, user_id, default=i == 0)


class TeamUseCases(ServiceBase):
    def create_team(self, actor: Actor, name: str) -> TeamView:
        check_team_name(name)

        def body(conn: Connection, note: AuditNote) -> TeamView:
            store.create_team(conn, name)
            note.detail["team"] = name
            return next(TeamView(**_team(t)) for t in store.list_teams(conn) if t.name == name)

        return self._run(actor, "team.create", body, write=True, permission="team.manage")

    def list_teams(self, actor: Actor) -> list[TeamView]:
        return self._run(actor, "team.list", lambda conn, note: [TeamView(**_team(t)) for t in store.list_teams(conn)],
                         write=False, permission="team.manage")

    def add_member(self, actor: Actor, team: str, user: str, default: bool = False) -> MembershipView:
        """Add a user to a team (a clinician: reads and writes its cases; a researcher: is granted its
        de-identified data). ``default``: where the user's new cases go when they name no team."""

        def body(conn: Connection, note: AuditNote) -> MembershipView:
            tid = store.team_id(conn, team)
            member = user_store.get_user(conn, user)
            store.add_member(conn, tid, member.id, default)
            note.detail.update({"team": team, "user": user, "default": default})
            is_default = dict(store.teams_of(conn, member.id))[team]
            return MembershipView(team=team, user=user, default=is_default)

        return self._run(actor, "team.member.add", body, write=True, permission="team.manage")

    def remove_member(self, actor: Actor, team: str, user: str) -> list[MembershipView]:
        """Take a user out of a team; the user's teams after the change."""

        def body(conn: Connection, note: AuditNote) -> list[MembershipView]:
            tid = store.team_id(conn, team)
            member = user_store.get_user(conn, user)
            try:
                store.remove_member(conn, tid, member.id)
            except NotFound:
                raise NotFound(f"user '{user}' is not a member of team '{team}'") from None
            note.detail.update({"team": team, "user": user})
            return [MembershipView(team=n, user=user, default=d) for n, d in store.teams_of(conn, member.id)]

        return self._run(actor, "team.member.remove", body, write=True, permission="team.manage")

    def teams_of_user(self, actor: Actor, user: str) -> list[MembershipView]:
        def body(conn: Connection, note: AuditNote) -> list[MembershipView]:
            member = user_store.get_user(conn, user)
            return [MembershipView(team=n, user=user, default=d) for n, d in store.teams_of(conn, member.id)]

        return self._run(actor, "team.list", body, write=False, permission="team.manage")

    def set_default_team(self, actor: Actor, team: str, user: str) -> list[MembershipView]:
        """Make one of a user's teams their default (where cases they create without naming a team
        go); the user's teams after the change. A team the user is not in is refused (404)."""

        def body(conn: Connection, note: AuditNote) -> list[MembershipView]:
            tid = store.team_id(conn, team)
            member = user_store.get_user(conn, user)
            if not store.is_member(conn, tid, member.id):
                raise NotFound(f"user '{user}' is not a member of team '{team}'")
            store.add_member(conn, tid, member.id, default=True)
            note.detail.update({"team": team, "user": user, "default": True})
            return [MembershipView(team=n, user=user, default=d) for n, d in store.teams_of(conn, member.id)]

        return self._run(actor, "team.member.default", body, write=True, permission="team.manage")

    def case_teams(self, actor: Actor, case_id: str) -> list[str]:
        """The care teams a case belongs to, for a clinician who reaches the case (one of their teams
        holds it) or an administrator; any other case does not exist for a clinician (404)."""

        def body(conn: Connection, note: AuditNote) -> list[str]:
            _require_case(conn, case_id)
            if actor.user_id is not None and actor.role is Role.clinician and not store.reaches(conn, case_id,
                                                                                               actor.user_id):
                raise NotFound(f"case '{case_id}' does not exist")
            note.case_id = case_id
            return store.case_team_names(conn, case_id)

        # researchers see no team names (they address cases by research id only)
        permission = "event.append" if actor.role is Role.clinician else "team.manage"
        return self._run(actor, "team.case.list", body, write=False, permission=permission)

    def assign_case(self, actor: Actor, team: str, case_id: str) -> list[str]:
        """Add a case to a team (it stays in its other teams); the case's teams after the change."""

        def body(conn: Connection, note: AuditNote) -> list[str]:
            tid = store.team_id(conn, team)
            _require_case(conn, case_id)
            store.assign_case(conn, case_id, tid)
            note.case_id = case_id
            note.detail["team"] = team
            return store.case_team_names(conn, case_id)

        return self._run(actor, "team.case.add", body, write=True, permission="team.manage")

    def unassign_case(self, actor: Actor, team: str, case_id: str) -> list[str]:
        """Take a case out of a team (it must keep one); the case's teams after the change."""

        def body(conn: Connection, note: AuditNote) -> list[str]:
            tid = store.team_id(conn, team)
            _require_case(conn, case_id)
            try:
                store.unassign_case(conn, case_id, tid)
            except NotFound:
                raise NotFound(f"case '{case_id}' is not in team '{team}'") from None
            note.case_id = case_id
            note.detail["team"] = team
            return store.case_team_names(conn, case_id)

        return self._run(actor, "team.case.remove", body, write=True, permission="team.manage")


def _require_case(conn: Connection, case_id: str) -> None:
    if not case_store.case_exists(conn, case_id):
        raise NotFound(f"case '{case_id}' does not exist")


def _team(t: store.TeamRow) -> dict[str, object]:
    return {"name": t.name, "created_at": t.created_at, "members": list(t.members), "cases": t.cases}
