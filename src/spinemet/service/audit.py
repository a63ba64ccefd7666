"""Use cases on the audit trail (list entries, verify the chain) and checks of what is stored."""

from __future__ import annotations

from spinemet.io.ids import id_problem
from spinemet.service.base import ServiceBase
from spinemet.service.roles import Actor, check
from spinemet.service.views import AuditEntryView, AuditVerification
from spinemet.store import audit as audit_store
from spinemet.store import integrity


class AuditUseCases(ServiceBase):
    def audit_entries(self, actor: Actor, case_id: str | None = None, limit: int | None = None,
                      newest_first: bool = False) -> list[AuditEntryView]:
        check(actor, "audit.read")
        with self.db.read() as conn:
            rows = audit_store.entries(conn, case_id, limit, newest_first)
        return [AuditEntryView(**e.as_dict()) for e in rows]

    def verify_audit(self, actor: Actor) -> AuditVerification:
        check(actor, "audit.read")
        with self.db.read() as conn:
            v = audit_store.verify(conn)
        return AuditVerification(ok=v.ok, entries=v.entries, bad_entry=v.bad_seq, reason=v.reason)

    def check_ids(self, actor: Actor) -> list[str]:
        """Stored case ids and event keys that break the id grammar (:mod:`spinemet.io.ids`), one
        line each (they were stored before the grammar; they stay readable)."""
        check(actor, "audit.read")
        out: list[str] = []
        with self.db.read() as conn:
            for case_id, key in integrity.stored_ids(conn):
                bad = id_problem(key if key is not None else case_id, self.limits)
                if bad:
                    out.append(f"case {case_id!r}: {bad}" if key is None else f"case {case_id!r}, event {key!r}: {bad}")
        return out
