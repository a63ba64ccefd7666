"""The hash-chained audit log: append, list and verify.

Each entry stores ``hash = sha256(prev_hash + canonical(entry))`` where the entry is every column
but the hash. ``audit_head`` keeps the last sequence number and hash; appenders lock it, so the
chain is linear even with many writers, and a deleted tail no longer matches the head.

:class:`GroupCommit` appends the entries of concurrent readers in one transaction (one commit, one
``fsync``) instead of one each: every caller still waits until *its* entry is committed, so nothing
is returned before its audit entry is durable, and a failed commit fails every caller in the batch.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from spinemet.errors import StoreUnavailable
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


@dataclass(frozen=True)
class NewEntry:
    """An entry to append: everything but its sequence number, time and hashes (given when written)."""

    actor: str
    role: str
    action: str
    case_id: str | None
    outcome: str
    detail: str  # canonical JSON

    @classmethod
    def of(cls, actor: str, role: str, action: str, case_id: str | None, outcome: str,
           detail: Mapping[str, Any] | None = None) -> NewEntry:
        return cls(actor[:100], role[:20], action[:40], case_id[:200] if case_id is not None else None,
                   outcome[:40], canonical(dict(detail or {})))


def append(
    conn: Connection, actor: str, role: str, action: str, case_id: str | None, outcome: str,
    detail: Mapping[str, Any] | None = None,
) -> int:
    """Add one entry inside the caller's transaction; return its sequence number."""
    return append_many(conn, [NewEntry.of(actor, role, action, case_id, outcome, detail)])[0]


def append_many(conn: Connection, new: Sequence[NewEntry]) -> list[int]:
    """Add entries, in order, inside the caller's transaction; return their sequence numbers.

    The head row is locked first (``FOR UPDATE`` on PostgreSQL; SQLite write transactions are
    exclusive), so concurrent appenders, in this process or another, extend one linear chain.
    """
    if not new:
        return []
    # Plain SQL on the transaction's own driver connection: this runs for every audited request,
    # where SQLAlchemy Core's per-statement overhead would cost more than the statements.
    raw = conn.connection.driver_connection
    assert raw is not None
    pg = conn.dialect.name == "postgresql"
    mark = "%s" if pg else "?"
    cur = raw.cursor()
    try:
        cur.execute("SELECT seq, hash FROM audit_head WHERE id = 1" + (" FOR UPDATE" if pg else ""))
        head = cur.fetchone()
        if head is None:
            raise RuntimeError("the audit head row is missing: run `spinemet db upgrade`")
        seq, prev = int(head[0]), str(head[1])
        rows: list[dict[str, Any]] = []
        for e in new:
            seq += 1
            row: dict[str, Any] = {
                "seq": seq, "at": now_iso(), "actor": e.actor, "role": e.role, "action": e.action,
                "case_id": e.case_id, "outcome": e.outcome, "detail": e.detail, "prev_hash": prev,
            }
            row["hash"] = prev = entry_hash(row)
            rows.append(row)
        columns = (*_FIELDS, "hash")
        cur.executemany(
            f"INSERT INTO audit_log ({', '.join(columns)}) VALUES ({', '.join([mark] * len(columns))})",
            [tuple(r[c] for c in columns) for r in rows],
        )
        cur.execute(f"UPDATE audit_head SET seq = {mark}, hash = {mark} WHERE id = 1", (seq, prev))
    finally:
        cur.close()
    return [int(r["seq"]) for r in rows]


class AuditWriteFailed(StoreUnavailable):
    """The transaction holding an audit entry failed: the access it records must not go ahead
    (HTTP 503: the data are not returned)."""


@dataclass(eq=False)
class _Slot:
    entry: NewEntry
    done: bool = False
    seq: int = 0
    error: BaseException | None = field(default=None, repr=False)


class GroupCommit:
    """Append audit entries of concurrent callers in shared transactions (leader/follower group commit).

    :meth:`append` queues the entry and blocks until it is committed. The first caller that finds
    no commit in progress becomes the leader: it takes every queued entry, writes them in one
    transaction of ``write()`` and wakes their callers. Callers arriving meanwhile queue up and form
    the next batch. No background thread: a batch is committed by one of its own callers.
    """

    def __init__(self, write: Callable[[], AbstractContextManager[Connection]],
                 retrying: Callable[[Callable[[], list[int]]], list[int]] | None = None,
                 max_batch: int = 256) -> None:
        self._write = write
        #: runs a batch once more after a dead connection (an entry may then be written twice if
        #: the first commit's acknowledgement was lost: recorded twice rather than lost)
        self._retrying = retrying or (lambda work: work())
        self._max_batch = max_batch
        self._cond = threading.Condition(threading.Lock())
        self._queue: list[_Slot] = []
        self._busy = False
        #: number of commits and of entries written (for tests and the benchmark)
        self.commits = 0
        self.entries = 0

    def append(self, entry: NewEntry) -> int:
        """Append one entry; return its sequence number once it is committed (raise if it is not)."""
        slot = _Slot(entry)
        with self._cond:
            self._queue.append(slot)
        while True:
            with self._cond:
                while self._busy and not slot.done:
                    self._cond.wait()
                if slot.done:
                    break
                self._busy = True  # lead: nobody is committing and our entry is still queued
                batch, self._queue = self._queue[:self._max_batch], self._queue[self._max_batch:]
            self._commit(batch)
        if slot.error is not None:
            raise AuditWriteFailed("the audit entry could not be committed; nothing is returned") from slot.error
        return slot.seq

    def _commit(self, batch: list[_Slot]) -> None:
        def attempt() -> list[int]:
            with self._write() as conn:
                return append_many(conn, [s.entry for s in batch])

        try:
            seqs = self._retrying(attempt)
            for s, seq in zip(batch, seqs, strict=True):
                s.seq = seq
        except BaseException as exc:  # fail closed: nobody in the batch may return without its entry
            for s in batch:
                s.error = exc
        finally:
            with self._cond:
                for s in batch:
                    s.done = True
                self.commits += 1
                self.entries += len(batch)
                self._busy = False
                self._cond.notify_all()


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
