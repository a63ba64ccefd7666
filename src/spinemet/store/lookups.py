"""The single-row lookups on every request's path, as plain SQL on a driver connection.

Each authenticated request checks its token, and each read of a case or of a cached assessment
needs the case's current version. Through SQLAlchemy Core each of these statements costs about
190 µs of CPU, against about 5 µs on the driver (SQLite, measured 2026-11-24): on a two-core
server that difference decides the tail latency under load. The statements mirror the Core
queries in :mod:`spinemet.store.users` and :mod:`spinemet.store.cases` (same tables, same
conditions) and are tested against them on SQLite and PostgreSQL.

Every function takes a connection from :meth:`spinemet.store.db.Database.driver`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class TokenOwner:
    """The active user owning an unrevoked token."""

    user_id: int
    name: str
    role: str
    token_id: int


def _sql(conn: Any, text: str) -> str:
    """``?`` placeholders (sqlite3) as ``%s`` for psycopg (the only two drivers we accept)."""
    return text if _is_sqlite(conn) else text.replace("?", "%s")


def _is_sqlite(conn: Any) -> bool:
    return type(conn).__module__ == "sqlite3"


def _one(conn: Any, text: str, params: tuple[Any, ...]) -> tuple[Any, ...] | None:
    cur = conn.cursor()
    try:
        cur.execute(_sql(conn, text), params)
        row = cur.fetchone()
    finally:
        cur.close()
    return None if row is None else tuple(row)


_TOKEN_OWNER = (
    "SELECT users.id, users.name, users.role, tokens.id FROM tokens JOIN users ON tokens.user_id = users.id "
    "WHERE tokens.token_hash = ? AND tokens.revoked_at IS NULL AND users.disabled = ?"
)


def token_owner(conn: Any, token_hash: str) -> TokenOwner | None:
    """The active user owning an unrevoked token with this hash (as :func:`store.users.user_by_token`)."""
    row = _one(conn, _TOKEN_OWNER, (token_hash, False))
    if row is None:
        return None
    return TokenOwner(user_id=int(row[0]), name=str(row[1]), role=str(row[2]), token_id=int(row[3]))


def case_version(conn: Any, case_id: str) -> int | None:
    """The current version of a case; None when there is no such case."""
    row = _one(conn, "SELECT version FROM cases WHERE case_id = ?", (case_id,))
    return None if row is None else int(row[0])


def case_of_research_id(conn: Any, research_id: str) -> tuple[str, int] | None:
    """The case id and current version behind a research id; None when there is none."""
    row = _one(conn, "SELECT case_id, version FROM cases WHERE research_id = ?", (research_id,))
    return None if row is None else (str(row[0]), int(row[1]))


#: the team condition of :func:`spinemet.store.teams.reaches`, for the lookups of a user limited to their teams
_IN_TEAMS = (" AND EXISTS (SELECT 1 FROM case_teams JOIN team_members ON team_members.team_id = case_teams.team_id"
             " WHERE case_teams.case_id = cases.case_id AND team_members.user_id = ?)")


def case_version_in_teams(conn: Any, case_id: str, user_id: int) -> int | None:
    """As :func:`case_version`, for a case in a team of the user only (None otherwise)."""
    row = _one(conn, "SELECT version FROM cases WHERE case_id = ?" + _IN_TEAMS, (case_id, user_id))
    return None if row is None else int(row[0])


def research_id_in_teams(conn: Any, research_id: str, user_id: int) -> tuple[str, int] | None:
    """As :func:`case_of_research_id`, for a case in a team of the user only (None otherwise)."""
    row = _one(conn, "SELECT case_id, version FROM cases WHERE research_id = ?" + _IN_TEAMS, (research_id, user_id))
    return None if row is None else (str(row[0]), int(row[1]))
