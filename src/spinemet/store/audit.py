"""The hash-chained audit log: append, list and verify.

Each entry stores ``hash = sha256(prev_hash + canonical(entry))`` where the entry is every column
but the hash. ``audit_head`` keeps the last sequence number and hash; appenders lock it, so the
chain is linear even with many writers, and a deleted tail no longer matches the head.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from spinemet.store.canonical import canonical, sha256_hex
from spinemet.store.cases import now_iso
from spinemet.store.tables import GENESIS_HASH, audit_head, audit_log

_FIELDS = ("seq", "at", "actor", "role", "action", "case_id", "outcome", "detail", "prev_hash")


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: str
    actor: str
    role: str
    action: str
    case_id: str | None
    outcome: str
    detail: dict[str, Any]
    prev_hash: str
    hash: str

    def as_dict(self) -> dict[str, Any]:
        return {f: getattr(self, f) for f in (*_FIELDS, "hash")}


@dataclass(frozen=True)
class Verification:
    ok: bool
    entries: int
    #: sequence number of the first bad entry (or of the missing one), None when the chain verifies
    bad_seq: int | None = None
    reason: str = ""


def entry_hash(row: Mapping[Any, Any]) -> str:
    body = {f: row[f] for f in _FIELDS if f != "prev_hash"}
    return sha256_hex(str(row["prev_hash"]) + canonical(body))


def append(
    conn: Connection, actor: str, role: str, action: str, case_id: str | None, outcome: str,
    detail: Mapping[str, Any] | None = None,
) -> int:
    """Add one entry inside the caller's transaction; return its sequence number."""
    stmt = sa.select(audit_head.c.seq, audit_head.c.hash).where(audit_head.c.id == 1)
    if conn.dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    seq, prev = conn.execute(stmt).one()
    row: dict[str, Any] = {
        "seq": int(seq) + 1,
        "at": now_iso(),
        "actor": actor[:100],
        "role": role[:20],
        "action": action[:40],
        "case_id": case_id[:200] if case_id is not None else None,
        "outcome": outcome[:40],
        "detail": canonical(dict(detail or {})),
        "prev_hash": str(prev),
    }
    row["hash"] = entry_hash(row)
    conn.execute(audit_log.insert().values(**row))
    conn.execute(audit_head.update().where(audit_head.c.id == 1).values(seq=row["seq"], hash=row["hash"]))
    return int(row["seq"])


def _entry(m: Mapping[Any, Any]) -> AuditEntry:
    try:
        detail = json.loads(m["detail"])
    except (TypeError, ValueError):
        detail = {"unreadable": str(m["detail"])}
    return AuditEntry(
        seq=int(m["seq"]), at=str(m["at"]), actor=str(m["actor"]), role=str(m["role"]), action=str(m["action"]),
        case_id=m["case_id"], outcome=str(m["outcome"]), detail=detail, prev_hash=str(m["prev_hash"]),
        hash=str(m["hash"]),
    )


def entries(conn: Connection, case_id: str | None = None, limit: int | None = None,
            newest_first: bool = False) -> list[AuditEntry]:
    stmt = sa.select(audit_log)
    if case_id is not None:
        stmt = stmt.where(audit_log.c.case_id == case_id)
    stmt = stmt.order_by(audit_log.c.seq.desc() if newest_first else audit_log.c.seq)
    if limit is not None:
        stmt = stmt.limit(limit)
    return [_entry(m) for m in conn.execute(stmt).mappings()]


def verify(conn: Connection) -> Verification:
    """Walk the chain from the start: every link, every hash, no gap, and the head matches the tail."""
    prev = GENESIS_HASH
    expected_seq = 1
    count = 0
    for m in conn.execute(sa.select(audit_log).order_by(audit_log.c.seq)).mappings():
        seq = int(m["seq"])
        if seq != expected_seq:
            return Verification(False, count, expected_seq, f"entry {expected_seq} is missing (deleted)")
        if m["prev_hash"] != prev:
            return Verification(False, count, seq, f"entry {seq} does not link to entry {seq - 1} (altered or deleted)")
        if entry_hash(m) != m["hash"]:
            return Verification(False, count, seq, f"entry {seq} was altered (its hash does not match its content)")
        prev = str(m["hash"])
        expected_seq += 1
        count += 1
    head_seq, head_hash = conn.execute(sa.select(audit_head.c.seq, audit_head.c.hash)).one()
    if int(head_seq) != count or head_hash != prev:
        missing = count + 1
        return Verification(False, count, missing, f"entries after {count} are missing (the log ends early; "
                                                    f"the head records {head_seq})")
    return Verification(True, count)
