"""The service's spine: a database, the audit of every use case, and the role check before it."""

from __future__ import annotations

import getpass
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy.engine import Connection

from spinemet.errors import Conflict, NotFound, PermissionDenied, Problem, SpineMetError, ValidationFailed
from spinemet.io.limits import DEFAULT, Limits
from spinemet.service.cache import LRU
from spinemet.service.roles import Actor, Role, check
from spinemet.service.throttle import Policy
from spinemet.service.views import CachedView

if TYPE_CHECKING:
    from spinemet.assessment import Assessment
    from spinemet.case import Case
    from spinemet.course import CourseAnalysis
    from spinemet.service.assessing import EncodedAssessment
from spinemet.store import Database
from spinemet.store import audit as audit_store
from spinemet.store.audit_key import AuditKeys

T = TypeVar("T")
P = TypeVar("P")


class NotAuthenticated(SpineMetError):
    """No valid credentials (missing, unknown or revoked token; wrong password)."""


class LoginThrottled(NotAuthenticated):
    """Too many failed logins for this user name or address: wait ``retry_after`` seconds (HTTP 429)."""

    def __init__(self, retry_after: float) -> None:
        self.retry_after = max(1, int(retry_after + 0.999))
        super().__init__(f"too many failed logins; try again in {self.retry_after} s (an administrator can "
                         "unlock: spinemet user unlock NAME)")


@dataclass
class AuditNote:
    """What the audit entry of a use case records beyond who, when and what action."""

    case_id: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)


def outcome_of(exc: BaseException) -> str:
    if isinstance(exc, PermissionDenied):
        return "denied"
    if isinstance(exc, NotFound):
        return "not_found"
    if isinstance(exc, Conflict):
        return "conflict"
    if isinstance(exc, ValidationFailed):
        return "invalid"
    if isinstance(exc, NotAuthenticated):
        return "unauthenticated"
    return "error"


def as_shown(exc: SpineMetError, real: str, shown: str) -> SpineMetError:
    """``exc`` as a researcher may read it: the real case id, wherever a message quotes it, becomes the
    reference the researcher used (the research id). The audit entry keeps the real id."""
    quoted, replacement = f"'{real}'", f"'{shown}'"
    if quoted not in str(exc):
        return exc
    if isinstance(exc, ValidationFailed):
        return ValidationFailed([Problem(p.location, p.message.replace(quoted, replacement)) for p in exc.problems],
                                exc.source.replace(real, shown))
    if isinstance(exc, Conflict):
        return Conflict(str(exc).replace(quoted, replacement), exc.current_version)
    # Other errors keep their type (the API maps it to a status); their message is rewritten in place.
    exc.args = tuple(a.replace(quoted, replacement) if isinstance(a, str) else a for a in exc.args)
    return exc


def system_actor(role: Role = Role.admin) -> Actor:
    """The operator at the command line (who has the database itself), named after the OS user."""
    try:
        who = getpass.getuser()
    except (KeyError, OSError):
        who = "unknown"
    return Actor(name=f"cli:{who}", role=role)


class ServiceBase:
    def __init__(self, db: Database, limits: Limits = DEFAULT, audit_keys: AuditKeys | None = None) -> None:
        self.db = db
        #: the audit key(s) sealing the audit chain (outside the database; None: audited work fails closed)
        self.audit_keys = audit_keys
        #: limits on input (:mod:`spinemet.io.limits`), checked before any expensive work
        self.limits = limits
        #: failed-login throttling (:mod:`spinemet.service.throttle`) and its clock (seconds)
        self.login_policy = Policy()
        self.clock: Callable[[], float] = time.time
        #: results computed from one case version (immutable: the store is append-only), keyed by it:
        #: the JSON of assessments (for the API; bytes, which the cycle collector never scans) ...
        self._assessments: LRU[EncodedAssessment] = LRU(2048)
        #: ... the assessments themselves (for pages; fewer, as nested objects cost every full collection)
        self._objects: LRU[Assessment] = LRU(128)
        #: ... and the course analysis of a version, shared by the assessments of all its days
        self._courses: LRU[CourseAnalysis] = LRU(128)
        #: ... the validated case of a version as each kind of reader sees it (a day not asked before
        #: is assessed without loading and validating the version again)
        self._cases: LRU[Case] = LRU(128)
        #: case views with their JSON, keyed by case, version, current version and de-identification
        self._views: LRU[CachedView] = LRU(2048)
        #: audit entries of reads (and of refusals) from concurrent requests share one commit
        self._audit = audit_store.GroupCommit(db.write, db.retrying, keys=audit_keys)

    def _record(self, actor: Actor, action: str, note: AuditNote, outcome: str) -> None:
        """Append an audit entry and return once it is committed (group commit with concurrent callers)."""
        self._audit.append(audit_store.NewEntry.of(actor.name, actor.role.value, action, note.case_id, outcome,
                                                   note.detail))

    def _run(
        self, actor: Actor, action: str, body: Callable[[Connection, AuditNote], T], *, write: bool,
        case_id: str | None = None, permission: str | None = None,
    ) -> T:
        """Check the role, run ``body`` in a transaction and audit the outcome (success or failure).

        A write and its audit entry commit together; a read is audited right after it, before its
        result is returned (if the audit cannot be written, nothing is returned: fail closed). The
        audit entries of concurrent reads are committed together (:class:`~spinemet.store.audit.GroupCommit`),
        each caller still waiting for the commit of its own entry.
        """
        if write:
            def in_write(note: AuditNote) -> T:
                return self._committed(actor, action, note, lambda conn: body(conn, note))

            return self._audited(actor, action, case_id, permission, in_write, audit_success=False)

        return self._audited(actor, action, case_id, permission, self._reading(self.db.read, body),
                             audit_success=True)

    def _write_prepared(
        self, actor: Actor, action: str, prepare: Callable[[AuditNote], P],
        commit: Callable[[Connection, AuditNote, P], T], *, case_id: str | None = None,
    ) -> T:
        """A write whose expensive part runs before its transaction: ``prepare`` (role checked first)
        reads what it needs and computes (validation, the assessment that gives the case list its
        alerts); ``commit`` then writes in a short transaction with the audit entry. ``commit`` must
        re-check what ``prepare`` relied on (the expected version), so a concurrent write is a
        :class:`~spinemet.errors.Conflict`, never a lost update."""

        def work(note: AuditNote) -> T:
            prepared = prepare(note)
            return self._committed(actor, action, note, lambda conn: commit(conn, note, prepared))

        return self._audited(actor, action, case_id, None, work, audit_success=False)

    def _committed(self, actor: Actor, action: str, note: AuditNote, body: Callable[[Connection], T]) -> T:
        """``body`` in a write transaction that also appends the audit entry of its success, so that
        the change and its audit commit together or not at all (run once more if the connection was
        dead). The entry is made after ``body``, which may have filled in ``note``."""

        def attempt() -> T:
            with self.db.write() as conn:
                result = body(conn)
                audit_store.append(conn, self.audit_keys, actor.name, actor.role.value, action, note.case_id, "success",
                                   note.detail)
            return result

        return self.db.retrying(attempt)

    def _read(self, body: Callable[[Connection], T]) -> T:
        """``body`` on a read connection (run once more if the connection was dead)."""

        def attempt() -> T:
            with self.db.read() as conn:
                return body(conn)

        return self.db.retrying(attempt)

    def _lookup(
        self, actor: Actor, action: str, body: Callable[[Any, AuditNote], T], *, case_id: str | None = None,
    ) -> T:
        """As a read of :meth:`_run`, but ``body`` gets a driver connection in autocommit mode
        (:meth:`~spinemet.store.db.Database.driver`) for single-statement lookups on the request path."""

        return self._audited(actor, action, case_id, None, self._reading(self.db.driver, body), audit_success=True)

    def _reading(self, connect: Callable[[], AbstractContextManager[Any]],
                 body: Callable[[Any, AuditNote], T]) -> Callable[[AuditNote], T]:
        """``body`` on a connection from ``connect``, run once more if the connection was dead."""

        def work(note: AuditNote) -> T:
            def attempt() -> T:
                with connect() as conn:
                    return body(conn, note)

            return self.db.retrying(attempt)

        return work

    def _audited(
        self, actor: Actor, action: str, case_id: str | None, permission: str | None,
        work: Callable[[AuditNote], T], *, audit_success: bool,
    ) -> T:
        note = AuditNote(case_id=None if actor.deidentified else case_id)
        if actor.deidentified and case_id is not None:
            note.detail["ref"] = case_id
        try:
            check(actor, permission or action)
            result = work(note)
        except SpineMetError as exc:
            note.detail["error"] = type(exc).__name__
            self._record(actor, action, note, outcome_of(exc))
            if actor.deidentified and note.case_id is not None and case_id is not None:
                raise as_shown(exc, note.case_id, case_id) from None
            raise
        if audit_success:
            self._record(actor, action, note, "success")
        return result
