"""Use cases on a case's timeline: append, amend and retract events, each a new version.

Every write names the version it is based on (``expected_version``). If the case has moved on,
the write is refused with :class:`Conflict` carrying the current version; it is never merged.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Connection

from spinemet.case import case_to_data
from spinemet.errors import NotFound, Problem, ValidationFailed
from spinemet.service.base import AuditNote
from spinemet.service.cases import CaseUseCases, case_view
from spinemet.service.casework import derive, fresh_key, header_of, require_mapping, validate
from spinemet.service.roles import Actor
from spinemet.service.views import CaseView
from spinemet.store import cases as store
from spinemet.store.cases import EventRow, StoredCase


def _check_expected(expected_version: Any) -> int:
    if isinstance(expected_version, bool) or not isinstance(expected_version, int) or expected_version < 1:
        raise ValidationFailed([Problem("expected_version", f"{expected_version!r} is not allowed; allowed: the "
                                                            "case's current version (an integer from 1)")])
    return expected_version


class EventUseCases(CaseUseCases):
    def _write(
        self, conn: Connection, actor: Actor, note: AuditNote, case_id: str, expected: int, action: str,
        key: str, make: Any,
    ) -> CaseView:
        self._case_id(conn, actor, case_id, note)
        store.check_version(conn, case_id, expected)
        stored = store.load_case(conn, case_id, expected)
        timeline, row, index = make(stored)
        case = validate({**stored.header, "timeline": timeline}, event_index=None if row.retracted else index)
        data = case_to_data(case)
        if row.retracted:
            row_data = row.data
        else:
            row_data = data["timeline"][index]
        final = EventRow(key=row.key, version=expected + 1, ordinal=row.ordinal, data=row_data, retracted=row.retracted)
        derived = derive(case)
        new = store.add_version(conn, case_id, expected, header_of(data), [final], derived, actor.name, action, key)
        note.detail.update({"version": new, "event": key})
        return case_view(store.load_case(conn, case_id), actor, derived.alerts)

    def append_event(self, actor: Actor, case_id: str, event: Any, expected_version: int) -> CaseView:
        """Add an event to the timeline (new version). Its key is its ``id``, else a generated ``e<n>``."""
        expected = _check_expected(expected_version)

        def body(conn: Connection, note: AuditNote) -> CaseView:
            data = require_mapping(event, "event")
            taken = store.all_event_keys(conn, self._case_id(conn, actor, case_id, note))
            ordinal = max(taken.values(), default=0) + 1
            given = data.get("id")
            if given is not None and str(given) in taken:
                raise ValidationFailed([Problem("event.id", f"'{given}' is already used in this case; amend that "
                                                            "event instead, or choose another id")])
            key = str(given) if given is not None and isinstance(given, str) and given else fresh_key(ordinal, taken)

            def make(stored: StoredCase) -> tuple[list[dict[str, Any]], EventRow, int]:
                timeline = [r.data for r in stored.events] + [data]
                return timeline, EventRow(key, expected + 1, ordinal, data), len(timeline) - 1

            return self._write(conn, actor, note, case_id, expected, "append", key, make)

        return self._run(actor, "event.append", body, write=True, case_id=case_id)

    def amend_event(self, actor: Actor, case_id: str, event_key: str, event: Any, expected_version: int) -> CaseView:
        """Replace an event by a corrected form (new version); the old form stays in the history."""
        expected = _check_expected(expected_version)

        def body(conn: Connection, note: AuditNote) -> CaseView:
            data = require_mapping(event, "event")

            def make(stored: StoredCase) -> tuple[list[dict[str, Any]], EventRow, int]:
                index = _live_index(stored, event_key, case_id)
                old = stored.events[index]
                given = data.get("id")
                if given is not None and given != event_key:
                    raise ValidationFailed([Problem("event.id", f"'{given}' differs from the event's key "
                                                                f"'{event_key}'; an event's id cannot change")])
                if given is None and old.data.get("id"):
                    data["id"] = old.data["id"]
                timeline = [r.data for r in stored.events]
                timeline[index] = data
                return timeline, EventRow(event_key, expected + 1, old.ordinal, data), index

            return self._write(conn, actor, note, case_id, expected, "amend", event_key, make)

        return self._run(actor, "event.amend", body, write=True, case_id=case_id)

    def retract_event(self, actor: Actor, case_id: str, event_key: str, expected_version: int) -> CaseView:
        """Withdraw an event entered in error (new version); it stays readable in the history."""
        expected = _check_expected(expected_version)

        def body(conn: Connection, note: AuditNote) -> CaseView:
            def make(stored: StoredCase) -> tuple[list[dict[str, Any]], EventRow, int]:
                index = _live_index(stored, event_key, case_id)
                old = stored.events[index]
                timeline = [r.data for i, r in enumerate(stored.events) if i != index]
                return timeline, EventRow(event_key, expected + 1, old.ordinal, old.data, retracted=True), index

            return self._write(conn, actor, note, case_id, expected, "retract", event_key, make)

        return self._run(actor, "event.retract", body, write=True, case_id=case_id)


def _live_index(stored: StoredCase, key: str, case_id: str) -> int:
    for i, row in enumerate(stored.events):
        if row.key == key:
            return i
    keys = ", ".join(r.key for r in stored.events) or "none"
    raise NotFound(f"case '{case_id}' has no event '{key}' at version {stored.version}; events: {keys}")
