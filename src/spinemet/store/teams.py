"""Care teams: which cases a user may reach. A case belongs to one or more teams; a user to any number.

The service decides what membership allows (a clinician reads and writes the cases of their teams;
a researcher reads those cases de-identified); this module only keeps and answers the membership.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from spinemet.errors import Conflict, NotFound
from spinemet.store.cases import now_iso
from spinemet.store.tables import DEFAULT_TEAM, case_teams, team_members, teams, users


@dataclass(frozen=True)
class TeamRow:
    id: int
    name: str
    created_at: str
    members: tuple[str, ...]
    cases: int


def team_id(conn: Connection, name: str) -> int:
    found = conn.execute(sa.select(teams.c.id).where(teams.c.name == name)).scalar()
    if found is None:
        raise NotFound(f"team '{name}' does not exist")
    return int(found)


def create_team(conn: Connection, name: str) -> int:
    if conn.execute(sa.select(teams.c.id).where(teams.c.name == name)).first() is not None:
        raise Conflict(f"team '{name}' already exists")
    result = conn.execute(teams.insert().values(name=name, created_at=now_iso()))
    pk = result.inserted_primary_key
    assert pk is not None
    return int(pk[0])


def list_teams(conn: Connection) -> list[TeamRow]:
    members: dict[int, list[str]] = {}
    for tid, name in conn.execute(sa.select(team_members.c.team_id, users.c.name)
                                  .join(users, users.c.id == team_members.c.user_id).order_by(users.c.name)):
        members.setdefault(int(tid), []).append(str(name))
    counts: dict[int, int] = {int(t): int(n) for t, n in conn.execute(
        sa.select(case_teams.c.team_id, sa.func.count()).group_by(case_teams.c.team_id))}
    return [TeamRow(int(t.id), str(t.name), str(t.created_at), tuple(members.get(int(t.id), ())),
                    counts.get(int(t.id), 0))
            for t in conn.execute(sa.select(teams).order_by(teams.c.name))]


def add_member(conn: Connection, team: int, user_id: int, default: bool = False) -> None:
    """Add a user to a team (again: no change but the default). ``default``: cases this user creates
    without naming a team go here; a user's first team is their default."""
    first = conn.execute(sa.select(team_members.c.team_id).where(team_members.c.user_id == user_id)).first() is None
    if default or first:
        conn.execute(team_members.update().where(team_members.c.user_id == user_id).values(is_default=False))
    present = conn.execute(sa.select(team_members.c.team_id).where(
        team_members.c.team_id == team, team_members.c.user_id == user_id)).first() is not None
    if present:
        if default:
            conn.execute(team_members.update().where(team_members.c.team_id == team, team_members.c.user_id == user_id)
                         .values(is_default=True))
        return
    conn.execute(team_members.insert().values(team_id=team, user_id=user_id, is_default=default or first))


def remove_member(conn: Connection, team: int, user_id: int) -> None:
    deleted = conn.execute(team_members.delete().where(team_members.c.team_id == team,
                                                       team_members.c.user_id == user_id)).rowcount
    if not deleted:
        raise NotFound("the user is not a member of this team")
    remaining = conn.execute(sa.select(team_members.c.team_id, team_members.c.is_default)
                             .where(team_members.c.user_id == user_id).order_by(team_members.c.team_id)).all()
    if remaining and not any(d for _, d in remaining):  # the default went: the oldest remaining team takes over
        conn.execute(team_members.update().where(team_members.c.team_id == remaining[0][0],
                                                 team_members.c.user_id == user_id).values(is_default=True))


def teams_of(conn: Connection, user_id: int) -> list[tuple[str, bool]]:
    """The user's teams by name, each with whether it is the default."""
    return [(str(n), bool(d)) for n, d in conn.execute(
        sa.select(teams.c.name, team_members.c.is_default).join(team_members, team_members.c.team_id == teams.c.id)
        .where(team_members.c.user_id == user_id).order_by(teams.c.name))]


def default_team(conn: Connection, user_id: int) -> int | None:
    found = conn.execute(sa.select(team_members.c.team_id).where(
        team_members.c.user_id == user_id).order_by(team_members.c.is_default.desc(), team_members.c.team_id)).first()
    return None if found is None else int(found[0])


def default_team_id(conn: Connection) -> int:
    """The team named ``default`` (created by revision 0003; recreated if an administrator removed it)."""
    found = conn.execute(sa.select(teams.c.id).where(teams.c.name == DEFAULT_TEAM)).scalar()
    return int(found) if found is not None else create_team(conn, DEFAULT_TEAM)


def is_member(conn: Connection, team: int, user_id: int) -> bool:
    return conn.execute(sa.select(team_members.c.team_id).where(
        team_members.c.team_id == team, team_members.c.user_id == user_id)).first() is not None


def assign_case(conn: Connection, case_id: str, team: int) -> None:
    present = conn.execute(sa.select(case_teams.c.team_id).where(
        case_teams.c.case_id == case_id, case_teams.c.team_id == team)).first() is not None
    if not present:
        conn.execute(case_teams.insert().values(case_id=case_id, team_id=team))


def unassign_case(conn: Connection, case_id: str, team: int) -> None:
    """Take a case out of a team; a case keeps at least one team (it would be unreachable otherwise)."""
    held = [int(t) for t in conn.execute(sa.select(case_teams.c.team_id).where(case_teams.c.case_id == case_id))
            .scalars()]
    if team not in held:
        raise NotFound("the case is not in this team")
    if len(held) == 1:
        raise Conflict("a case belongs to at least one team: add it to another team first")
    conn.execute(case_teams.delete().where(case_teams.c.case_id == case_id, case_teams.c.team_id == team))


def case_team_names(conn: Connection, case_id: str) -> list[str]:
    return [str(n) for n in conn.execute(sa.select(teams.c.name).join(case_teams, case_teams.c.team_id == teams.c.id)
                                         .where(case_teams.c.case_id == case_id).order_by(teams.c.name)).scalars()]


def visible_cases(user_id: int) -> sa.Select[tuple[str]]:
    """The ids of the cases in any team of the user (a subquery for searches)."""
    return (sa.select(case_teams.c.case_id).join(team_members, team_members.c.team_id == case_teams.c.team_id)
            .where(team_members.c.user_id == user_id))


def reaches(conn: Connection, case_id: str, user_id: int) -> bool:
    """Whether the case is in a team of the user."""
    return conn.execute(visible_cases(user_id).where(case_teams.c.case_id == case_id).limit(1)).first() is not None
