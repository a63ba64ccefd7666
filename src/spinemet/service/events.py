"""Use cases on a case's timeline: append, amend and retract events, each a new version.

Every write names the version it is based on (``expected_version``). If the case has moved on,
the write is refused with :class:`Conflict` carrying the current version; it is never merged.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.engine import Connection

from spinemet.case import case_to_data
from spinemet.errors import NotFound, Problem, ValidationFailed
from spinemet.service.base import AuditNote
from spinemet.service.cases import CaseUseCases, case_view
from spinemet.service.casework import Written, derive, fresh_key, header_of, require_mapping, validate
from spinemet.service.roles import Actor
from spinemet.service.views import CaseView
from spinemet.store import cases as store
from spinemet.store.cases import EventRow, StoredCase
from spinemet.store.places import place_between


def _check_expected(expected_version: Any) -> int:
    if isinstance(expected_version, bool) or not isinstance(expected_version, int) or expected_version < 1:
        raise ValidationFailed([Problem("expected_version", f"{expected_version!r} is not allowed; allowed: the "
                                                            "case's current version (an integer from 1)")])
    return expected_version


#: the event's key, the new version's header, its event row, and the validated, assessed case
Prepared = tuple[str, dict[str, Any], EventRow, Written]
Make = Callable[[StoredCase], tuple[list[dict[str, Any]], EventRow, int]]


class EventUseCases(CaseUseCases):
    def _write(self, actor: Actor, case_id: str, expected: int, action: str,
               make: Callable[[Connection, AuditNote], tuple[str, Make]]) -> CaseView:
        """One new version: read the version the writer saw and build, validate and assess the new
        one outside the write transaction; then append it if the case is still at ``expected``
        (compare-and-set: otherwise :class:`~spinemet.errors.Conflict`, never a merge)."""

        def prepare(note: AuditNote) -> Prepared:
            def read(conn: Connection) -> Prepared:
                self._case_id(conn, actor, case_id, note)
                store.check_version(conn, case_id, expected)
                key, build = make(conn, note)
                stored = store.load_case(conn, case_id, expected)
                timeline, row, index = build(stored)
                case = validate({**stored.header, "timeline": timeline}, event_index=None if row.retracted else index,
                                limits=self.limits, new_ids=index if action == "append" else None)
                data = case_to_data(case)
                row_data = row.data if row.retracted else data["timeline"][index]
                final = EventRow(key=row.key, version=expected + 1, ordinal=row.ordinal, data=row_data,
                                 retracted=row.retracted, place=row.place)
                return key, header_of(data), final, Written.of(case)

            return self._read(read)

        def commit(conn: Connection, note: AuditNote, prepared: Prepared) -> tuple[CaseView, Written]:
            key, header, final, written = prepared
            self._case_id(conn, actor, case_id, note)  # still in the writer's teams (membership may change)
            store.check_version(conn, case_id, expected)
            new = store.add_version(conn, case_id, expected, header, [final], derive(written.case, written.alerts),
                                    actor.name, action, key)
            note.detail.update({"version": new, "event": key})
            return case_view(store.load_case(conn, case_id), actor, written.alerts, written.case), written

        view, written = self._write_prepared(actor, f"event.{action}", prepare, commit, case_id=case_id)
        self._keep(view, written)
        return view

    def append_event(self, actor: Actor, case_id: str, event: Any, expected_version: int,
                     place_after: Any = None) -> CaseView:
        """Add an event to the timeline (new version). Its key is its ``id``, else a generated ``e<n>``.

        By default the event goes to the end of the timeline. ``place_after`` (the key or id of a
        live event) puts it right after that event instead: a case report that says only "after the
        embolisation" gives the order, and the timeline's order is what places an undated event
        (:func:`spinemet.case.timing.resolve_intervals`). The events around it are not rewritten.
        """
        expected = _check_expected(expected_version)
        after = _check_place_after(place_after)

        def make(conn: Connection, note: AuditNote) -> tuple[str, Make]:
            data = require_mapping(event, "event")
            taken = store.all_event_keys(conn, case_id)
            ordinal = max(taken.values(), default=0) + 1
            given = data.get("id")
            if given is not None and str(given) in taken:
                raise ValidationFailed([Problem("event.id", f"'{given}' is already used in this case; amend that "
                                                            "event instead, or choose another id")])
            key = str(given) if given is not None and isinstance(given, str) and given else fresh_key(ordinal, taken)

            def build(stored: StoredCase) -> tuple[list[dict[str, Any]], EventRow, int]:
                timeline = [r.data for r in stored.events]
                if after is None:
                    return [*timeline, data], EventRow(key, expected + 1, ordinal, data), len(timeline)
                at = _position_after(stored, after)
                upper = stored.events[at + 1].sort_key if at + 1 < len(stored.events) else None
                place = place_between(stored.events[at].sort_key, upper)
                timeline.insert(at + 1, data)
                return timeline, EventRow(key, expected + 1, ordinal, data, place=place), at + 1

            return key, build

        return self._write(actor, case_id, expected, "append", make)

    def amend_event(self, actor: Actor, case_id: str, event_key: str, event: Any, expected_version: int) -> CaseView:
        """Replace an event by a corrected form (new version); the old form stays in the history."""
        expected = _check_expected(expected_version)

        def make(conn: Connection, note: AuditNote) -> tuple[str, Make]:
            data = require_mapping(event, "event")

            def build(stored: StoredCase) -> tuple[list[dict[str, Any]], EventRow, int]:
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
                return timeline, EventRow(event_key, expected + 1, old.ordinal, data, place=old.place), index

            return event_key, build

        return self._write(actor, case_id, expected, "amend", make)

    def retract_event(self, actor: Actor, case_id: str, event_key: str, expected_version: int) -> CaseView:
        """Withdraw an event entered in error (new version); it stays readable in the history."""
        expected = _check_expected(expected_version)

        def make(conn: Connection, note: AuditNote) -> tuple[str, Make]:
            def build(stored: StoredCase) -> tuple[list[dict[str, Any]], EventRow, int]:
                index = _live_index(stored, event_key, case_id)
                old = stored.events[index]
                timeline = [r.data for i, r in enumerate(stored.events) if i != index]
                return timeline, EventRow(event_key, expected + 1, old.ordinal, old.data, retracted=True,
                                          place=old.place), index

            return event_key, build

        return self._write(actor, case_id, expected, "retract", make)


def _check_place_after(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip() or len(value) > 200:
        raise ValidationFailed([Problem("place_after", f"{value!r} is not allowed; allowed: the key or id of an "
                                                       "event of this case (the new event goes right after it), or "
                                                       "nothing (it goes to the end of the timeline)")])
    return value.strip()


def _position_after(stored: StoredCase, after: str) -> int:
    """The index of the live event named ``after`` (its key, else its id); a located problem if none."""
    for i, row in enumerate(stored.events):
        if row.key == after:
            return i
    for i, row in enumerate(stored.events):
        if row.data.get("id") == after:
            return i
    keys = ", ".join(r.key for r in stored.events) or "none (the timeline is empty)"
    raise ValidationFailed([Problem("place_after", f"'{after}' is not an event of this case at version "
                                                   f"{stored.version}; allowed: {keys}")])


def _live_index(stored: StoredCase, key: str, case_id: str) -> int:
    for i, row in enumerate(stored.events):
        if row.key == key:
            return i
    keys = ", ".join(r.key for r in stored.events) or "none"
    raise NotFound(f"case '{case_id}' has no event '{key}' at version {stored.version}; events: {keys}")
