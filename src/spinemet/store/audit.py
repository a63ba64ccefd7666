"""The hash-chained audit log: append, list, verify, anchor.

Each entry stores ``hash = HMAC-SHA-256(key, prev_hash + canonical(entry))`` where the entry is
every column but the hash, and the key is the audit key (:mod:`spinemet.store.audit_key`), which
does not live in the database: someone who can write to the database but not read the key cannot
make an altered, inserted or deleted entry verify, even by recomputing every hash after it.
``audit_head`` keeps the last sequence number and hash; appenders lock it, so the chain is linear
even with many writers. A deleted *tail* with the head rewritten to match is caught by an
*anchor*: the signed chain head exported to a file outside the database (``spinemet audit
anchor``), which ``verify`` compares with the chain (``--anchor FILE``). Entries written before
the key existed (``key_id`` NULL: unkeyed SHA-256) are sealed with it once, by
:func:`seal_legacy_chain` when ``spinemet db upgrade`` creates the key.

:class:`GroupCommit` appends the entries of concurrent readers in one transaction (one commit, one
``fsync``) instead of one each: every caller still waits until *its* entry is committed, so nothing
is returned before its audit entry is durable, and a failed commit fails every caller in the batch.
"""

from __future__ import annotations

import hmac
import json
import threading
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from spinemet.errors import SpineMetError, StoreUnavailable
from spinemet.store.audit_key import AuditKeyMissing, AuditKeys
from spinemet.store.canonical import canonical, sha256_hex
from spinemet.store.cases import now_iso
from spinemet.store.tables import GENESIS_HASH, audit_head, audit_log

_FIELDS = ("seq", "at", "actor", "role", "action", "case_id", "outcome", "detail", "prev_hash")
_COLUMNS = (*_FIELDS, "hash", "key_id")
ANCHOR_FORMAT = "spinemet-audit-anchor-1"


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
    key_id: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {f: getattr(self, f) for f in _COLUMNS}


@dataclass(frozen=True)
class Verification:
    ok: bool
    entries: int
    #: sequence number of the first bad entry (or of the missing one), None when the chain verifies
    bad_seq: int | None = None
    reason: str = ""


def entry_hash(row: Mapping[Any, Any], keys: AuditKeys | None = None) -> str:
    """The hash an entry must carry: HMAC with the key named by its ``key_id`` (``keys`` needed),
    or the unkeyed SHA-256 of entries from before the audit key (``key_id`` NULL)."""
    body = {f: row[f] for f in _FIELDS if f != "prev_hash"}
    kid = row.get("key_id")
    if kid is None:
        return sha256_hex(str(row["prev_hash"]) + canonical(body))
    if keys is None:
        raise AuditKeyMissing("the audit key is needed to seal or check keyed entries")
    return keys.seal(str(kid), str(row["prev_hash"]) + canonical({**body, "key_id": kid}))


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
    conn: Connection, keys: AuditKeys | None, actor: str, role: str, action: str, case_id: str | None,
    outcome: str, detail: Mapping[str, Any] | None = None,
) -> int:
    """Add one entry inside the caller's transaction; return its sequence number."""
    return append_many(conn, [NewEntry.of(actor, role, action, case_id, outcome, detail)], keys)[0]


def append_many(conn: Connection, new: Sequence[NewEntry], keys: AuditKeys | None) -> list[int]:
    """Add entries, in order, inside the caller's transaction; return their sequence numbers.

    The head row is locked first (``FOR UPDATE`` on PostgreSQL; SQLite write transactions are
    exclusive), so concurrent appenders, in this process or another, extend one linear chain.
    """
    if not new:
        return []
    if keys is None:  # fail closed: an entry that cannot be sealed is not written, nor the access it records
        raise AuditKeyMissing("no audit key: run `spinemet db upgrade` (it creates one) or set SPINEMET_AUDIT_KEY")
    # Plain SQL on the transaction's own driver connection: this runs for every audited request,
    # where SQLAlchemy Core's per-statement overhead would cost more than the statements.
    raw = conn.connection.driver_connection
    assert raw is not None
    pg = conn.dialect.name == "postgresql"
    mark = "%s" if pg else "?"
    # On PostgreSQL the statements go in pipeline mode: the transaction's BEGIN travels with the
    # head's SELECT, and the INSERT with the UPDATE, so a batch waits for the server twice (and
    # once more for the COMMIT) instead of five times. Same statements, same order; an error
    # still fails the whole transaction.
    with raw.pipeline() if pg else nullcontext():
        return _append(raw, new, keys, pg, mark)


def _append(raw: Any, new: Sequence[NewEntry], keys: AuditKeys, pg: bool, mark: str) -> list[int]:
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
                "key_id": keys.current,
            }
            row["hash"] = prev = entry_hash(row, keys)
            rows.append(row)
        columns = _COLUMNS
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
                 max_batch: int = 256, keys: AuditKeys | None = None) -> None:
        self._write = write
        self.keys = keys
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
                return append_many(conn, [s.entry for s in batch], self.keys)

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
        hash=str(m["hash"]), key_id=m["key_id"],
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


def verify(conn: Connection, keys: AuditKeys | None, anchor: Mapping[str, Any] | None = None, *,
           allow_unsealed: bool = False) -> Verification:
    """Walk the chain from the start: every link, every sealed hash, no gap, the head matches the
    tail; with ``anchor`` (see :func:`make_anchor`), also the exported head: its signature, and the
    entry it names still has the hash it had then. Every entry must be sealed with a key given
    (an unsealed one was written, or rewritten, without the audit key) unless ``allow_unsealed``
    (only :func:`seal_legacy_chain`, checking the entries of the previous release before sealing them)."""
    if keys is None and not allow_unsealed:
        return Verification(False, 0, None, "no audit key: the chain cannot be checked without it (see "
                                            "docs/service.md: the audit key)")
    anchored: tuple[int, str] | None = None
    if anchor is not None:
        problem = anchor_problem(anchor, keys)
        if problem:
            return Verification(False, 0, None, problem)
        anchored = (int(anchor["seq"]), str(anchor["hash"]))
    prev = GENESIS_HASH
    expected_seq = 1
    count = 0
    keyed = False
    for m in conn.execute(sa.select(audit_log).order_by(audit_log.c.seq)).mappings():
        seq = int(m["seq"])
        if seq != expected_seq:
            return Verification(False, count, expected_seq, f"entry {expected_seq} is missing (deleted)")
        if m["prev_hash"] != prev:
            return Verification(False, count, seq, f"entry {seq} does not link to entry {seq - 1} (altered or deleted)")
        if m["key_id"] is None and (keyed or not allow_unsealed):
            return Verification(False, count, seq, f"entry {seq} is not sealed with the audit key (written or "
                                                   "rewritten without it)")
        keyed = keyed or m["key_id"] is not None
        if m["key_id"] is not None and (keys is None or m["key_id"] not in keys.keys):
            return Verification(False, count, seq, f"entry {seq} was sealed with audit key {m['key_id']}, which is "
                                                   "not among the keys given (see docs/service.md: the audit key)")
        if entry_hash(m, keys) != m["hash"]:
            return Verification(False, count, seq, f"entry {seq} was altered (its hash does not match its content)")
        if anchored is not None and seq == anchored[0] and m["hash"] != anchored[1]:
            return Verification(False, count, seq, f"entry {seq} differs from the anchor exported at "
                                                   f"{anchor['at'] if anchor else ''}: the chain was rewritten "
                                                   "up to it")
        prev = str(m["hash"])
        expected_seq += 1
        count += 1
    head_seq, head_hash = conn.execute(sa.select(audit_head.c.seq, audit_head.c.hash)).one()
    if int(head_seq) != count or head_hash != prev:
        missing = count + 1
        return Verification(False, count, missing, f"entries after {count} are missing (the log ends early; "
                                                    f"the head records {head_seq})")
    if anchored is not None and anchored[0] > count:
        return Verification(False, count, count + 1, f"entries {count + 1} to {anchored[0]} named by the anchor "
                                                      "are missing (the log was cut and its head rewritten)")
    if anchored is not None and anchored[0] == 0 and anchored[1] != GENESIS_HASH:
        return Verification(False, count, None, "the anchor does not belong to this chain")
    return Verification(True, count)


def _anchor_text(anchor: Mapping[str, Any]) -> str:
    return canonical({k: anchor[k] for k in ("format", "seq", "hash", "at", "key_id")})


def make_anchor(conn: Connection, keys: AuditKeys) -> dict[str, Any]:
    """The chain head now, signed with the current audit key: keep it outside the database."""
    head_seq, head_hash = conn.execute(sa.select(audit_head.c.seq, audit_head.c.hash)).one()
    anchor: dict[str, Any] = {"format": ANCHOR_FORMAT, "seq": int(head_seq), "hash": str(head_hash), "at": now_iso(),
                              "key_id": keys.current}
    anchor["signature"] = keys.seal(keys.current, _anchor_text(anchor))
    return anchor


def anchor_problem(anchor: Mapping[str, Any], keys: AuditKeys | None) -> str | None:
    """Why an anchor cannot be trusted (malformed, unknown key, bad signature), or None."""
    try:
        if anchor.get("format") != ANCHOR_FORMAT or int(anchor["seq"]) < 0:
            return "the anchor file is not a SpineMet audit anchor"
        text = _anchor_text(anchor)
    except (KeyError, TypeError, ValueError):
        return "the anchor file is not a SpineMet audit anchor"
    if keys is None or anchor["key_id"] not in keys.keys:
        return f"the anchor was signed with audit key {anchor.get('key_id')}, which is not among the keys given"
    if not hmac.compare_digest(keys.seal(str(anchor["key_id"]), text), str(anchor.get("signature", ""))):
        return "the anchor's signature does not match (the anchor file was altered)"
    return None


def seal_legacy_chain(conn: Connection, keys: AuditKeys) -> int:
    """Seal entries written before the audit key existed (``key_id`` NULL), once, with the current
    key: each is re-hashed in order (the links follow) after the unkeyed chain has been verified.
    Return how many were sealed. A broken unkeyed chain is not sealed (that would hide the break):
    :class:`AuditChainBroken` names the entry, and nothing changes."""
    legacy = conn.execute(sa.select(sa.func.count()).select_from(audit_log)
                          .where(audit_log.c.key_id.is_(None))).scalar_one()
    if not legacy:
        return 0
    checked = verify(conn, keys, allow_unsealed=True)
    if not checked.ok:
        raise AuditChainBroken(f"the audit chain written before the audit key is broken at entry "
                               f"{checked.bad_seq}: {checked.reason}; nothing was sealed")
    prev = GENESIS_HASH
    old_head = ""
    for m in conn.execute(sa.select(audit_log).order_by(audit_log.c.seq)).mappings().all():
        old_head = str(m["hash"])
        row = {**dict(m), "prev_hash": prev, "key_id": keys.current}
        prev = entry_hash(row, keys)
        conn.execute(audit_log.update().where(audit_log.c.seq == m["seq"])
                     .values(prev_hash=row["prev_hash"], hash=prev, key_id=keys.current))
    conn.execute(audit_head.update().where(audit_head.c.id == 1).values(hash=prev))
    append(conn, keys, "spinemet", "system", "audit.seal", None, "success",
           {"sealed": int(legacy), "unkeyed_head": old_head})
    return int(legacy)


class AuditChainBroken(SpineMetError):
    """The audit chain does not verify where it must (before sealing it)."""
