"""Use cases on cases: create, import, read (as of a version), list and search, history, export."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.engine import Connection

from spinemet.case import Case, case_to_data
from spinemet.errors import NotFound, Problem, ValidationFailed
from spinemet.io.casefile import dumps_case, parse_text
from spinemet.service.base import AuditNote, ServiceBase
from spinemet.service.casework import Written, derive, header_of, initial_rows, require_mapping, validate
from spinemet.service.deident import deidentify
from spinemet.service.roles import Actor
from spinemet.service.teams import place_new_case
from spinemet.service.views import (
    CachedView,
    CaseList,
    CaseSummary,
    CaseView,
    EventHistoryEntry,
    EventView,
    VersionView,
)
from spinemet.store import cases as store
from spinemet.store import lookups, teams
from spinemet.store.cases import Search, StoredCase

FORMATS = ("yaml", "json")


class _ViewMiss(Exception):
    """Not cached yet (internal: never leaves the service, never audited)."""


def stored_case_model(stored: StoredCase) -> Case:
    """The stored data as a case (it was validated when written)."""
    return Case.model_validate(stored.data())


def case_view(stored: StoredCase, actor: Actor, alerts: tuple[str, ...] = (), case: Case | None = None) -> CaseView:
    """The stored case as the actor may see it; ``case`` is the stored data already validated."""
    if case is None:
        case = stored_case_model(stored)
    if actor.deidentified:
        data = deidentify(case, stored.research_id)
        events = [
            # placement_day: the exact day, or for an event dated by a range or order the earliest day it
            # can have happened given the written order (case-file version 2; the event's data keep its range).
            EventView(key=f"e{i}", version=row.version, day=case.placement_day(ev), type=item["type"], data=item)
            for i, (row, ev, item) in enumerate(zip(stored.events, case.timeline, data["timeline"], strict=True),
                                                start=1)
        ]
        return CaseView(id=stored.research_id, version=stored.version, current_version=stored.current_version,
                        deidentified=True, alerts=list(alerts), case=data, events=events)
    data = case_to_data(case)
    events = [
        EventView(key=row.key, version=row.version, day=case.placement_day(ev), type=item["type"], data=item)
        for row, ev, item in zip(stored.events, case.timeline, data["timeline"], strict=True)
    ]
    return CaseView(id=stored.case_id, version=stored.version, current_version=stored.current_version,
                    deidentified=False, updated_at=stored.updated_at, alerts=list(alerts), case=data, events=events)


#: (case id, version shown, current version, de-identified)
ViewKey = tuple[str, int, int, bool]


class CaseUseCases(ServiceBase):
    # ------------------------------------------------------------------ helpers
    def _locate(self, raw: Any, actor: Actor, ref: str, note: AuditNote) -> tuple[str, int]:
        """The real case id and current version for a reference (researchers use research ids only),
        with the driver lookups of :mod:`spinemet.store.lookups`; :class:`NotFound` when unknown."""
        if actor.deidentified:
            found = (lookups.research_id_in_teams(raw, ref, actor.user_id) if actor.user_id is not None
                     else lookups.case_of_research_id(raw, ref))
        else:
            current = (lookups.case_version_in_teams(raw, ref, actor.user_id) if actor.user_id is not None
                       else lookups.case_version(raw, ref))
            found = None if current is None else (ref, current)
        if found is None:
            raise NotFound(f"case '{ref}' does not exist")
        note.case_id = found[0]
        return found

    def _case_id(self, conn: Connection, actor: Actor, ref: str, note: AuditNote) -> str:
        """The real case id for a reference (researchers use research ids only); a case outside the
        actor's care teams does not exist for them (the same answer as an unknown id)."""
        case_id = store.resolve_research_id(conn, ref) if actor.deidentified else ref
        if actor.user_id is not None and not teams.reaches(conn, case_id, actor.user_id):
            raise NotFound(f"case '{ref}' does not exist")
        note.case_id = case_id
        return case_id

    def _load(self, conn: Connection, actor: Actor, ref: str, note: AuditNote, version: int | None) -> StoredCase:
        return store.load_case(conn, self._case_id(conn, actor, ref, note), version)

    def _view_of(self, stored: StoredCase, actor: Actor, alerts: tuple[str, ...], case: Case) -> CaseView:
        return case_view(stored, actor, alerts, case)

    def _keep(self, view: CaseView, written: Written) -> None:
        """Keep what a write made, after its commit (a version never committed must not be in a
        cache): the view it returned and the assessment computed for it, so the page that follows a
        write (and the API's next read) find both made."""
        self._views.put((view.id, view.version, view.current_version, False), CachedView(view))
        self._objects.put((view.id, view.version, None, None, False), written.assessment)
        self._courses.put((view.id, view.version, False), written.assessment.course)
        from spinemet.service import similar  # the similar-cases index takes the written case's row

        similar.on_write(self, view.id, view.version, written.case, written.assessment.course)

    def _store_new(self, actor: Actor, action: str, source: str, read: Callable[[], Case],
                   team_names: list[str] | None = None) -> CaseView:
        def prepare(note: AuditNote) -> Written:
            if source:
                note.detail["source"] = source[-200:]
            return Written.of(read())

        def commit(conn: Connection, note: AuditNote, written: Written) -> tuple[CaseView, Written]:
            case = written.case
            data = case_to_data(case)
            rows = initial_rows(data["timeline"])
            store.insert_case(conn, case.id, header_of(data), rows, derive(case, written.alerts), actor.name, action)
            note.case_id = case.id
            note.detail["version"] = 1
            note.detail["teams"] = place_new_case(conn, actor, case.id, team_names)
            return case_view(store.load_case(conn, case.id), actor, written.alerts, case), written

        view, written = self._write_prepared(actor, f"case.{action}", prepare, commit)
        self._keep(view, written)
        return view

    # ------------------------------------------------------------------ use cases
    def create_case(self, actor: Actor, data: Any, teams: list[str] | None = None) -> CaseView:
        """Store a new case from case-file data (a mapping); version 1. It goes to the care ``teams``
        named (each one of the creator's), else to the creator's default team."""
        return self._store_new(actor, "create", "", lambda: validate(require_mapping(data, "case"),
                                                                          limits=self.limits), teams)

    def import_case_text(self, actor: Actor, text: str, fmt: str | None = None, source: str = "",
                         teams: list[str] | None = None) -> CaseView:
        """Store a case from YAML or JSON text (in ``teams``, as :meth:`create_case`). A failing import
        stores nothing."""
        if fmt is not None and fmt not in FORMATS:
            raise ValidationFailed([Problem("format", f"'{fmt}' is not allowed; allowed: {', '.join(FORMATS)}")])

        def read() -> Case:
            raw = parse_text(text, source or "case file", fmt or "yaml", self.limits)
            return validate(require_mapping(raw, ""), source, limits=self.limits)

        return self._store_new(actor, "import", source, read, teams)

    def get_case(self, actor: Actor, case_id: str, version: int | None = None) -> CaseView:
        """The case now, or as it was at ``version``; de-identified for researchers."""
        return self._case_view(actor, case_id, version).view

    def case_json(self, actor: Actor, case_id: str, version: int | None = None) -> bytes:
        """:meth:`get_case` as JSON (encoded once per view and kept, like the view)."""
        return self._case_view(actor, case_id, version).json

    def _case_view(self, actor: Actor, case_id: str, version: int | None) -> CachedView:
        """A read costs two lookups and the audit entry once the view is made: the view of a case
        version is kept (LRU), keyed by everything it shows."""

        def cached(raw: Any, note: AuditNote) -> CachedView:
            real, current = self._locate(raw, actor, case_id, note)
            at = store.version_in_range(real, version, current)
            hit = self._views.get((real, at, current, actor.deidentified))
            if hit is None:
                raise _ViewMiss
            note.detail["version"] = at
            return hit

        def body(conn: Connection, note: AuditNote) -> CachedView:
            stored = self._load(conn, actor, case_id, note, version)
            note.detail["version"] = stored.version
            current = stored.version == stored.current_version
            made = CachedView(case_view(stored, actor, stored.alerts if current else ()))  # validates once
            key = (stored.case_id, stored.version, stored.current_version, actor.deidentified)
            self._views.put(key, made)
            return made

        try:
            return self._lookup(actor, "case.read", cached, case_id=case_id)
        except _ViewMiss:
            return self._run(actor, "case.read", body, write=False, case_id=case_id)

    def list_cases(
        self, actor: Actor, text: str | None = None, primary_site: str | None = None, level: str | None = None,
        open_alerts: bool | None = None, limit: int = 50, offset: int = 0,
    ) -> CaseList:
        """Search cases by id (substring), primary site, vertebral level and open alerts."""
        problems = []
        if not 1 <= limit <= 500:
            problems.append(Problem("limit", f"{limit} is not allowed; allowed: 1 to 500"))
        if offset < 0:
            problems.append(Problem("offset", f"{offset} is not allowed; allowed: 0 or more"))
        if level:
            from spinemet.anatomy import parse_level
            from spinemet.errors import InvalidValue

            try:
                level = str(parse_level(level, field="level"))
            except InvalidValue as exc:
                problems.append(Problem("level", exc.detail))
        if problems:
            raise ValidationFailed(problems)

        def body(conn: Connection, note: AuditNote) -> CaseList:
            query = Search(text=text or None, primary_site=primary_site or None, level=level or None,
                           open_alerts=open_alerts, limit=limit, offset=offset,
                           research_ids_only=actor.deidentified, visible_to=actor.user_id)
            rows, total = store.search(conn, query)
            note.detail["returned"] = len(rows)
            items = [
                CaseSummary(
                    id=r.research_id if actor.deidentified else r.case_id, version=r.version,
                    title=None if actor.deidentified else r.title, primary_site=r.primary_site,
                    levels=list(r.levels), alerts=list(r.alerts), event_count=r.event_count,
                    updated_at=None if actor.deidentified else r.updated_at,
                )
                for r in rows
            ]
            return CaseList(total=total, offset=offset, limit=limit, items=items)

        return self._run(actor, "case.list", body, write=False)

    def case_history(self, actor: Actor, case_id: str) -> list[VersionView]:
        """Every version of the case: when, by whom, what changed."""

        def body(conn: Connection, note: AuditNote) -> list[VersionView]:
            self._case_id(conn, actor, case_id, note)
            return [VersionView(version=v.version, created_at=v.created_at, actor=v.actor, action=v.action,
                                event_key=v.event_key) for v in store.versions(conn, case_id)]

        return self._run(actor, "case.history", body, write=False, case_id=case_id)

    def event_history(self, actor: Actor, case_id: str, event_key: str) -> list[EventHistoryEntry]:
        """Every form an event has had (amendments and retraction), oldest first."""

        def body(conn: Connection, note: AuditNote) -> list[EventHistoryEntry]:
            self._case_id(conn, actor, case_id, note)
            store.current_version(conn, case_id)
            rows = store.event_history(conn, case_id, event_key)
            if not rows:
                from spinemet.errors import NotFound

                raise NotFound(f"case '{case_id}' has no event '{event_key}'")
            return [EventHistoryEntry(version=r.version, retracted=r.retracted, data=r.data) for r in rows]

        return self._run(actor, "case.history", body, write=False, case_id=case_id)

    def export_case(self, actor: Actor, case_id: str, fmt: str = "yaml", version: int | None = None) -> str:
        """The case as a YAML or JSON case file that imports back to an equal case."""
        if fmt not in FORMATS:
            raise ValidationFailed([Problem("format", f"'{fmt}' is not allowed; allowed: {', '.join(FORMATS)}")])

        def body(conn: Connection, note: AuditNote) -> str:
            stored = self._load(conn, actor, case_id, note, version)
            note.detail["version"] = stored.version
            return dumps_case(stored_case_model(stored), fmt)

        return self._run(actor, "case.export", body, write=False, case_id=case_id)

    def count_cases(self) -> int:
        """How many cases are stored (no patient data; not audited)."""
        with self.db.read() as conn:
            return store.count_cases(conn)
