"""Counters of failed logins, per key (a hashed user name or client address)."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from spinemet.store.tables import login_throttle


@dataclass(frozen=True)
class Failures:
    key: str
    failures: int
    last_failure: float
    locked_until: float | None


def get(conn: Connection, keys: list[str]) -> dict[str, Failures]:
    rows = conn.execute(sa.select(login_throttle).where(login_throttle.c.key.in_(keys))).mappings()
    return {str(m["key"]): Failures(str(m["key"]), int(m["failures"]), float(m["last_failure"]),
                                    None if m["locked_until"] is None else float(m["locked_until"])) for m in rows}


def put(conn: Connection, row: Failures) -> None:
    """Insert or replace the counter of ``row.key`` (inside the caller's write transaction)."""
    values = {"failures": row.failures, "last_failure": row.last_failure, "locked_until": row.locked_until}
    done = conn.execute(login_throttle.update().where(login_throttle.c.key == row.key).values(**values)).rowcount
    if not done:
        conn.execute(login_throttle.insert().values(key=row.key, **values))


def clear(conn: Connection, keys: list[str]) -> int:
    return int(conn.execute(login_throttle.delete().where(login_throttle.c.key.in_(keys))).rowcount)
