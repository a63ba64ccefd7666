"""Use cases on the audit trail: list entries, verify the chain."""

from __future__ import annotations

from spinemet.service.base import ServiceBase
from spinemet.service.roles import Actor, check
from spinemet.service.views import AuditEntryView, AuditVerification
from spinemet.store import audit as audit_store


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
