"""Use cases on the audit trail (list entries, verify the chain) and checks of what is stored."""

from __future__ import annotations

from typing import Any

from spinemet.io.ids import id_problem
from spinemet.service.base import ServiceBase
from spinemet.service.roles import Actor, check
from spinemet.service.views import AuditEntryView, AuditVerification
from spinemet.store import audit as audit_store
from spinemet.store import integrity
from spinemet.store.audit_key import AuditKeyMissing


class AuditUseCases(ServiceBase):
    def audit_entries(self, actor: Actor, case_id: str | None = None, limit: int | None = None,
                      newest_first: bool = False) -> list[AuditEntryView]:
        check(actor, "audit.read")
        with self.db.read() as conn:
            rows = audit_store.entries(conn, case_id, limit, newest_first)
        return [AuditEntryView(**e.as_dict()) for e in rows]

    def verify_audit(self, actor: Actor, anchor: dict[str, Any] | None = None) -> AuditVerification:
        """Check the chain with the audit key; with ``anchor`` (from :meth:`anchor_audit`, kept outside
        the database) also that everything up to the anchored entry is as it was then."""
        check(actor, "audit.read")
        with self.db.read() as conn:
            v = audit_store.verify(conn, self.audit_keys, anchor)
        return AuditVerification(ok=v.ok, entries=v.entries, bad_entry=v.bad_seq, reason=v.reason)

    def anchor_audit(self, actor: Actor) -> dict[str, Any]:
        """The chain head now, signed with the audit key, to keep outside the database."""
        check(actor, "audit.read")
        if self.audit_keys is None:
            raise AuditKeyMissing("no audit key: run `spinemet db upgrade` (it creates one)")
        with self.db.read() as conn:
            return audit_store.make_anchor(conn, self.audit_keys)

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
