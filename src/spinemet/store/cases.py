"""Reading and writing cases: append-only versions and events, compare-and-set on the version.

Nothing here validates clinical content; the service does that before it calls these functions.
A case at version N is its header as written at N plus, for each event key, the newest event row
added at or before N (unless that row retracts the event).
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from spinemet.errors import Conflict, NotFound
from spinemet.store.canonical import canonical, sha256_hex
from spinemet.store.places import sort_place
from spinemet.store.tables import case_versions, cases, events


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


@dataclass(frozen=True)
class EventRow:
    key: str
    version: int
    ordinal: int
    data: dict[str, Any]
    retracted: bool = False
    #: where the event sits when it was put between two others (:mod:`spinemet.store.places`); None: by ordinal
    place: str | None = None

    @property
    def sort_key(self) -> str:
        return sort_place(self.place, self.ordinal)


@dataclass(frozen=True)
class Derived:
    """Search columns recomputed on every write."""

    title: str | None
    primary_site: str
    levels: tuple[str, ...]
    alerts: tuple[str, ...] = ()
    event_count: int = 0


@dataclass(frozen=True)
class StoredCase:
    case_id: str
    research_id: str
    version: int
    current_version: int
    header: dict[str, Any]
    events: tuple[EventRow, ...]
    created_at: str
    updated_at: str
    #: the open alerts recorded with the current version (read in the same statement as it)
    alerts: tuple[str, ...] = ()

    def data(self) -> dict[str, Any]:
        """The case as case-file data (header + timeline in written order)."""
        return {**self.header, "timeline": [e.data for e in self.events]}


@dataclass(frozen=True)
class CaseRow:
    case_id: str
    research_id: str
    version: int
    title: str | None
    primary_site: str
    levels: tuple[str, ...]
    alerts: tuple[str, ...]
    event_count: int
    created_at: str
    updated_at: str


@dataclass(frozen=True)
class VersionRow:
    version: int
    created_at: str
    actor: str
    action: str
    event_key: str | None


@dataclass
class Search:
    text: str | None = None
    primary_site: str | None = None
    level: str | None = None
    open_alerts: bool | None = None
    limit: int = 100
    offset: int = 0
    ids: Sequence[str] = field(default_factory=tuple)
    #: match ``text`` against the research id only (researchers never search real case ids)
    research_ids_only: bool = False
    #: only the cases in a care team of this user (None: every case)
    visible_to: int | None = None


def _levels_text(levels: Sequence[str]) -> str:
    return "|" + "|".join(levels) + "|" if levels else ""


def _derived_values(d: Derived) -> dict[str, Any]:
    return {
        "title": d.title,
        "primary_site": d.primary_site,
        "levels": _levels_text(d.levels),
        "open_alerts": len(d.alerts),
        "alerts": json.dumps(list(d.alerts)),
        "event_count": d.event_count,
    }


def _event_values(case_id: str, row: EventRow) -> dict[str, Any]:
    text = canonical(row.data)
    return {
        "case_id": case_id,
        "event_key": row.key,
        "version": row.version,
        "ordinal": row.ordinal,
        "retracted": row.retracted,
        "data": text,
        "content_hash": sha256_hex(text),
        "place": row.place,
    }


def case_exists(conn: Connection, case_id: str) -> bool:
    return conn.execute(sa.select(cases.c.version).where(cases.c.case_id == case_id)).first() is not None


def insert_case(
    conn: Connection, case_id: str, header: dict[str, Any], rows: Sequence[EventRow], derived: Derived,
    actor: str, action: str,
) -> int:
    """Store a new case at version 1; :class:`Conflict` if the id is taken."""
    if case_exists(conn, case_id):
        current = conn.execute(sa.select(cases.c.version).where(cases.c.case_id == case_id)).scalar_one()
        raise Conflict(f"case '{case_id}' already exists (version {current}); choose another id", current)
    at = now_iso()
    conn.execute(cases.insert().values(
        case_id=case_id, research_id="R-" + secrets.token_hex(8), version=1, created_at=at, updated_at=at,
        **_derived_values(derived),
    ))
    _insert_version(conn, case_id, 1, at, actor, action, None, header)
    if rows:
        conn.execute(events.insert(), [_event_values(case_id, r) for r in rows])
    return 1


def _insert_version(conn: Connection, case_id: str, version: int, at: str, actor: str, action: str,
                    event_key: str | None, header: dict[str, Any]) -> None:
    text = canonical(header)
    conn.execute(case_versions.insert().values(
        case_id=case_id, version=version, created_at=at, actor=actor, action=action, event_key=event_key,
        header=text, content_hash=sha256_hex(text), schema_version=document_version(header),
    ))


def document_version(header: dict[str, Any]) -> int:
    """The case-file version a stored header was written in (absent: 1, the version before it was recorded)."""
    version = header.get("schema_version", 1)
    return version if isinstance(version, int) and not isinstance(version, bool) else 1


def current_version(conn: Connection, case_id: str) -> int:
    version = conn.execute(sa.select(cases.c.version).where(cases.c.case_id == case_id)).scalar()
    if version is None:
        raise NotFound(f"case '{case_id}' does not exist")
    return int(version)


def check_version(conn: Connection, case_id: str, expected: int) -> None:
    current = current_version(conn, case_id)
    if current != expected:
        raise Conflict(
            f"case '{case_id}' is at version {current}, not {expected}; reload it and apply the change again",
            current,
        )


def add_version(
    conn: Connection, case_id: str, expected: int, header: dict[str, Any], rows: Sequence[EventRow],
    derived: Derived, actor: str, action: str, event_key: str | None,
) -> int:
    """Append version ``expected + 1`` if the case is still at ``expected`` (compare-and-set)."""
    new = expected + 1
    at = now_iso()
    result = conn.execute(
        cases.update()
        .where(cases.c.case_id == case_id, cases.c.version == expected)
        .values(version=new, updated_at=at, **_derived_values(derived))
    )
    if result.rowcount != 1:
        check_version(conn, case_id, expected)
        raise Conflict(f"case '{case_id}' changed concurrently; reload it", current_version(conn, case_id))
    _insert_version(conn, case_id, new, at, actor, action, event_key, header)
    if rows:
        conn.execute(events.insert(), [_event_values(case_id, r) for r in rows])
    return new


def version_in_range(case_id: str, version: int | None, current: int) -> int:
    """The version to read: ``version`` if the case has it, the current one when None."""
    at = current if version is None else version
    if at < 1 or at > current:
        raise NotFound(f"case '{case_id}' has no version {at}; allowed: 1 to {current}")
    return at


def resolve_research_id(conn: Connection, research_id: str) -> str:
    case_id = conn.execute(sa.select(cases.c.case_id).where(cases.c.research_id == research_id)).scalar()
    if case_id is None:
        raise NotFound(f"case '{research_id}' does not exist")
    return str(case_id)


def load_case(conn: Connection, case_id: str, version: int | None = None) -> StoredCase:
    """The case as of ``version`` (default: current); :class:`NotFound` for an unknown case or version."""
    head = conn.execute(sa.select(cases).where(cases.c.case_id == case_id)).mappings().first()
    if head is None:
        raise NotFound(f"case '{case_id}' does not exist")
    current = int(head["version"])
    at = version_in_range(case_id, version, current)
    header_row = conn.execute(
        sa.select(case_versions.c.header).where(case_versions.c.case_id == case_id, case_versions.c.version == at)
    ).scalar_one()
    rows = conn.execute(
        sa.select(events.c.event_key, events.c.version, events.c.ordinal, events.c.retracted, events.c.data,
                  events.c.place)
        .where(events.c.case_id == case_id, events.c.version <= at)
        .order_by(events.c.ordinal, events.c.version)
    ).all()
    latest: dict[str, EventRow] = {}
    for key, ver, ordinal, retracted, data, place in rows:
        latest[key] = EventRow(key, int(ver), int(ordinal), json.loads(data), bool(retracted), place)
    # sorted in Python, not by the database: text order must not depend on a server's collation
    live = tuple(sorted((r for r in latest.values() if not r.retracted), key=lambda r: (r.sort_key, r.ordinal)))
    return StoredCase(
        case_id=case_id, research_id=str(head["research_id"]), version=at, current_version=current,
        header=json.loads(header_row), events=live, created_at=str(head["created_at"]),
        updated_at=str(head["updated_at"]), alerts=tuple(json.loads(head["alerts"])) if head["alerts"] else (),
    )


def all_event_keys(conn: Connection, case_id: str) -> dict[str, int]:
    """Every event key ever used in the case (retracted or not) and its ordinal."""
    rows = conn.execute(
        sa.select(events.c.event_key, sa.func.min(events.c.ordinal)).where(events.c.case_id == case_id)
        .group_by(events.c.event_key)
    ).all()
    return {str(k): int(o) for k, o in rows}


def event_history(conn: Connection, case_id: str, event_key: str) -> list[EventRow]:
    rows = conn.execute(
        sa.select(events.c.event_key, events.c.version, events.c.ordinal, events.c.retracted, events.c.data,
                  events.c.place)
        .where(events.c.case_id == case_id, events.c.event_key == event_key).order_by(events.c.version)
    ).all()
    return [EventRow(str(k), int(v), int(o), json.loads(d), bool(r), p) for k, v, o, r, d, p in rows]


def versions(conn: Connection, case_id: str) -> list[VersionRow]:
    current_version(conn, case_id)
    rows = conn.execute(
        sa.select(case_versions.c.version, case_versions.c.created_at, case_versions.c.actor,
                  case_versions.c.action, case_versions.c.event_key)
        .where(case_versions.c.case_id == case_id).order_by(case_versions.c.version)
    ).all()
    return [VersionRow(int(v), str(c), str(a), str(ac), k) for v, c, a, ac, k in rows]


def _case_row(m: Any) -> CaseRow:
    levels = tuple(x for x in str(m["levels"]).split("|") if x)
    return CaseRow(
        case_id=str(m["case_id"]), research_id=str(m["research_id"]), version=int(m["version"]),
        title=m["title"], primary_site=str(m["primary_site"]), levels=levels,
        alerts=tuple(json.loads(m["alerts"])), event_count=int(m["event_count"]),
        created_at=str(m["created_at"]), updated_at=str(m["updated_at"]),
    )


def search(conn: Connection, query: Search) -> tuple[list[CaseRow], int]:
    """Cases matching every given criterion, newest first, and the total number matching."""
    conds: list[sa.ColumnElement[bool]] = []
    if query.text:
        pattern = "%" + query.text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        by_research = cases.c.research_id.ilike(pattern, escape="\\")
        conds.append(by_research if query.research_ids_only else sa.or_(cases.c.case_id.ilike(pattern, escape="\\"), by_research))
    if query.primary_site:
        conds.append(cases.c.primary_site == query.primary_site)
    if query.level:
        conds.append(cases.c.levels.contains(f"|{query.level}|", autoescape=True))
    if query.open_alerts is True:
        conds.append(cases.c.open_alerts > 0)
    elif query.open_alerts is False:
        conds.append(cases.c.open_alerts == 0)
    if query.ids:
        conds.append(cases.c.case_id.in_(list(query.ids)))
    if query.visible_to is not None:
        from spinemet.store.teams import visible_cases

        conds.append(cases.c.case_id.in_(visible_cases(query.visible_to)))
    where = sa.and_(sa.true(), *conds)
    total = int(conn.execute(sa.select(sa.func.count()).select_from(cases).where(where)).scalar_one())
    rows = conn.execute(
        sa.select(cases).where(where).order_by(cases.c.updated_at.desc(), cases.c.case_id)
        .limit(query.limit).offset(query.offset)
    ).mappings().all()
    return [_case_row(m) for m in rows], total


def count_cases(conn: Connection) -> int:
    return int(conn.execute(sa.select(sa.func.count()).select_from(cases)).scalar_one())
