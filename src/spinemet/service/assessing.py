"""Use cases that compute: a stored case assessed on a day, its course, the case page, the calculator,
and the instruments (with role checks and the audit).

A case version never changes (the store is append-only), so what is computed from it is computed
once and kept: the :class:`~spinemet.assessment.Assessment` of a version and day (objects, for
pages), its JSON (for the API), and the course analysis of the version (shared by every day).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy.engine import Connection

from spinemet.assessment import Assessment
from spinemet.case import Case, parse_case
from spinemet.course import CourseAnalysis
from spinemet.errors import InvalidValue, Problem, SpineMetError, ValidationFailed
from spinemet.instruments import Instrument, Result
from spinemet.service import offline
from spinemet.service.base import AuditNote
from spinemet.service.cache import LRU
from spinemet.service.cases import stored_case_model
from spinemet.service.casework import require_mapping
from spinemet.service.deident import deidentify
from spinemet.service.events import EventUseCases
from spinemet.service.jsonable import jsonable
from spinemet.service.roles import Actor, check
from spinemet.service.views import CachedView, CaseView
from spinemet.store import cases as store
from spinemet.store.cases import StoredCase

#: (case id, version, day, date, de-identified) -> assessment; versions are immutable, so never stale
AssessKey = tuple[str, int, int | None, str | None, bool]


@dataclass(frozen=True)
class EncodedAssessment:
    """An assessment kept as its JSON text (compact UTF-8, as Starlette's ``JSONResponse`` renders
    it): a cached assessment is shared by every request for the same case version and day, so it
    is encoded once; and bytes are invisible to Python's cycle collector, whereas thousands of
    cached nested dicts would lengthen every full collection (a pause on every request in flight)."""

    day: int
    json: bytes

    @classmethod
    def of(cls, assessment: Assessment) -> EncodedAssessment:
        # as_dict() is plain JSON data already (checked on every example and published case): it is
        # encoded as it is, and a value JSON cannot hold fails here instead of becoming a string
        text = json.dumps(assessment.as_dict(), ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        return cls(assessment.day, text.encode("utf-8"))

    def data(self) -> dict[str, Any]:
        """A fresh mapping (the caller may change it)."""
        out: dict[str, Any] = json.loads(self.json)
        return out


#: What is kept of an assessment: the objects (for pages) or the JSON (for the API).
Kept = TypeVar("Kept", Assessment, EncodedAssessment)


@dataclass(frozen=True)
class CaseSheet:
    """What a case page shows: the case as stored (with the version a write must name) and its
    assessment on the day asked for (the case, the scores, the plan, the course)."""

    view: CaseView
    assessment: Assessment

    @property
    def case(self) -> Case:
        return self.assessment.case

    @property
    def version(self) -> int:
        return self.view.current_version


class _Miss(Exception):
    """Not cached yet (internal: never leaves the service, never audited)."""

    def __init__(self, key: AssessKey) -> None:
        self.key = key


def _date_key(date: dt.date | str | None) -> str | None:
    return date.isoformat() if isinstance(date, dt.date) else date


class AssessmentUseCases(EventUseCases):
    # ---------------------------------------------------------------- computing, once per version
    def _computed(self, case: Case, key: AssessKey, day: int | None, date: dt.date | str | None,
                  keep: bool = True) -> Assessment:
        """The assessment of ``case`` (the version named in ``key``) on a day: from the cache, or
        computed with the version's course analysis (itself computed once per version) and, for
        pages (``keep``), kept; the API keeps its JSON instead."""
        hit = self._objects.get(key)
        if hit is not None:
            return hit
        course = self._course_of(case, (key[0], key[1], key[4]))
        made = offline.assess(case, day, date, course)
        if keep:
            self._objects.put(key, made)
        return made

    def _course_of(self, case: Case, key: Hashable) -> CourseAnalysis:
        course = self._courses.get(key)
        if course is None:
            course = offline.course(case)
            self._courses.put(key, course)
        return course

    def _remember(self, key: AssessKey, assessment: Assessment) -> None:
        """Keep an assessment computed on a write (after its commit): the page after the write needs it."""
        self._objects.put(key, assessment)
        self._courses.put((key[0], key[1], key[4]), assessment.course)

    def _case_for(self, conn: Connection, actor: Actor, case_id: str, note: AuditNote,
                  version: int | None) -> tuple[StoredCase, Case]:
        stored = self._load(conn, actor, case_id, note, version)
        note.detail["version"] = stored.version
        return stored, self._as_seen_by(actor, stored, stored_case_model(stored))

    @staticmethod
    def _as_seen_by(actor: Actor, stored: StoredCase, case: Case) -> Case:
        if actor.deidentified:  # researchers compute on the de-identified case: no dates can leak
            return parse_case(deidentify(case, stored.research_id))
        return case

    def _kept(self, kept: LRU[Kept], actor: Actor, case_id: str, day: int | None, date: dt.date | str | None,
              version: int | None) -> Callable[[Any, AuditNote], Kept]:
        """The lookup of an assessment already kept in ``kept`` (objects or JSON) for the version
        asked for; raises :class:`_Miss` (with the key to fill) when it is not kept yet."""

        def cached(raw: Any, note: AuditNote) -> Kept:
            real, current = self._locate(raw, actor, case_id, note)
            at = store.version_in_range(real, version, current)
            key: AssessKey = (real, at, day, _date_key(date), actor.deidentified)
            hit = kept.get(key)
            if hit is None:
                raise _Miss(key)
            note.detail.update({"version": at, "day": hit.day})
            return hit

        return cached

    # ---------------------------------------------------------------- the assessment
    def assessment(self, actor: Actor, case_id: str, day: int | None = None, date: dt.date | str | None = None,
                   version: int | None = None) -> Assessment:
        """Every instrument, the course, its alerts and the plan of the case on a day (default: the last
        event), as objects (for pages and commands)."""

        cached = self._kept(self._objects, actor, case_id, day, date, version)

        def body(conn: Connection, note: AuditNote) -> Assessment:
            stored, case = self._case_for(conn, actor, case_id, note, version)
            key: AssessKey = (stored.case_id, stored.version, day, _date_key(date), actor.deidentified)
            made = self._computed(case, key, day, date)
            note.detail["day"] = made.day
            return made

        try:
            return self._lookup(actor, "case.assess", cached, case_id=case_id)
        except _Miss:
            return self._run(actor, "case.assess", body, write=False, case_id=case_id)

    def assess(self, actor: Actor, case_id: str, day: int | None = None, date: dt.date | str | None = None,
               version: int | None = None) -> dict[str, Any]:
        """:meth:`assessment` as published JSON data."""
        return self._assess(actor, case_id, day, date, version).data()

    def assessment_json(self, actor: Actor, case_id: str, day: int | None = None,
                        date: dt.date | str | None = None, version: int | None = None) -> bytes:
        """:meth:`assess` as JSON (encoded once per case version and day, and kept)."""
        return self._assess(actor, case_id, day, date, version).json

    def _assess(self, actor: Actor, case_id: str, day: int | None, date: dt.date | str | None,
                version: int | None) -> EncodedAssessment:
        """A request for a kept assessment costs the version lookup and its audit entry (committed
        before returning); the first request for a version and day computes it outside any transaction
        and is audited on what its lookup found (one lookup, not a second after the computation)."""

        cached = self._kept(self._assessments, actor, case_id, day, date, version)

        def body(conn: Connection, note: AuditNote) -> EncodedAssessment:
            stored, case = self._case_for(conn, actor, case_id, note, version)
            key: AssessKey = (stored.case_id, stored.version, day, _date_key(date), actor.deidentified)
            encoded = EncodedAssessment.of(self._computed(case, key, day, date, keep=False))
            self._assessments.put(key, encoded)
            note.detail["day"] = encoded.day
            return encoded

        try:
            return self._lookup(actor, "case.assess", cached, case_id=case_id)
        except _Miss as miss:
            key = miss.key
        filled = self._fill(actor, key, day, date)
        if filled is None:
            return self._run(actor, "case.assess", body, write=False, case_id=case_id)

        def found(note: AuditNote) -> EncodedAssessment:
            # What the lookup that missed found (the case and its version, the actor's reach
            # checked): audited as a lookup that hits, without asking the database a second time.
            note.case_id = key[0]
            note.detail.update({"version": key[1], "day": filled.day})
            return filled

        return self._audited(actor, "case.assess", case_id, None, found, audit_success=True)

    def _fill(self, actor: Actor, key: AssessKey, day: int | None,
              date: dt.date | str | None) -> EncodedAssessment | None:
        """Compute and keep an assessment's JSON outside any transaction. None when that fails: the
        caller then runs the audited path, which reports the failure (nothing is swallowed)."""
        real, at = key[0], key[1]
        try:
            made = self._objects.get(key)
            if made is None:
                made = self._computed(self._version_case(actor, real, at), key, day, date, keep=False)
            encoded = EncodedAssessment.of(made)
        except SpineMetError:
            return None
        self._assessments.put(key, encoded)
        return encoded

    def _version_case(self, actor: Actor, case_id: str, version: int) -> Case:
        """The case of one stored version as ``actor`` sees it (de-identified for researchers):
        loaded and validated once per version, then kept (a version never changes)."""
        key = (case_id, version, actor.deidentified)
        case = self._cases.get(key)
        if case is None:
            with self.db.read() as conn:
                stored = store.load_case(conn, case_id, version)
            case = self._as_seen_by(actor, stored, stored_case_model(stored))
            self._cases.put(key, case)
        return case

    def case_sheet(self, actor: Actor, case_id: str, day: int | None = None) -> CaseSheet:
        """The case page: the current case with its assessment on ``day`` (default: the last event),
        read and audited as one access (``case.read``)."""
        deid = actor.deidentified

        def cached(raw: Any, note: AuditNote) -> CaseSheet:
            real, current = self._locate(raw, actor, case_id, note)
            view = self._views.get((real, current, current, deid))
            hit = self._objects.get((real, current, day, None, deid))
            if view is None or hit is None:
                raise _Miss((real, current, day, None, deid))
            note.detail.update({"version": current, "day": hit.day})
            return CaseSheet(view.view, hit)

        def body(conn: Connection, note: AuditNote) -> CaseSheet:
            stored = self._load(conn, actor, case_id, note, None)
            note.detail["version"] = stored.version
            case = stored_case_model(stored)
            view_key = (stored.case_id, stored.version, stored.current_version, deid)
            view = self._views.get(view_key)
            if view is None:
                view = CachedView(self._view_of(stored, actor, stored.alerts, case))
                self._views.put(view_key, view)
            key: AssessKey = (stored.case_id, stored.version, day, None, deid)
            made = self._objects.get(key) or self._computed(self._as_seen_by(actor, stored, case), key, day, None)
            note.detail["day"] = made.day
            return CaseSheet(view.view, made)

        try:
            return self._lookup(actor, "case.read", cached, case_id=case_id)
        except _Miss:
            return self._run(actor, "case.read", body, write=False, case_id=case_id)

    def course(self, actor: Actor, case_id: str, version: int | None = None) -> dict[str, Any]:
        """The course of the case: recurrence, response, recovery and dated alerts."""
        shown_id, analysis = self.course_analysis(actor, case_id, version)
        return {"case_id": shown_id, **jsonable(analysis.as_dict())}

    def course_analysis(self, actor: Actor, case_id: str, version: int | None = None) -> tuple[str, CourseAnalysis]:
        """The case's id (as the actor sees it) and its course analysis (computed once per version)."""

        def body(conn: Connection, note: AuditNote) -> tuple[str, CourseAnalysis]:
            stored, case = self._case_for(conn, actor, case_id, note, version)
            return case.id, self._course_of(case, (stored.case_id, stored.version, actor.deidentified))

        return self._run(actor, "case.course", body, write=False, case_id=case_id)

    # ---------------------------------------------------------------- no patient data stored
    def instruments(self, actor: Actor) -> list[dict[str, Any]]:
        """Every instrument as published data (implemented or not, with the reason)."""
        check(actor, "instrument.read")
        return offline.instrument_list()

    def instrument(self, actor: Actor, key: str) -> dict[str, Any]:
        """One instrument's declaration as published data."""
        check(actor, "instrument.read")
        return offline.describe_instrument(key)

    def describe_instrument(self, actor: Actor, key: str) -> Instrument:
        """One instrument's declaration (items, answers, bands, citation) for a form."""
        check(actor, "instrument.read")
        return offline.declaration(key)

    def declarations(self, actor: Actor) -> list[Instrument]:
        check(actor, "instrument.read")
        return offline.declarations()

    def score(self, actor: Actor, key: str, answers: Any) -> Result:
        """One instrument for a set of answers; unknown items give a range."""
        check(actor, "instrument.read")
        given = require_mapping(answers, "answers")
        try:
            return offline.score(key, given)
        except InvalidValue as exc:
            # the engine names the item as 'sins.location'; in this request it is 'answers.location'
            item = exc.field.removeprefix(f"{key}.")
            raise ValidationFailed([Problem(f"answers.{item}" if item else "answers", exc.detail)]) from None
        except ValidationFailed as exc:
            raise ValidationFailed([Problem(f"answers.{p.location.removeprefix(f'{key}.')}", p.message)
                                    for p in exc.problems]) from None

    def calculate(self, actor: Actor, data: Any, day: int | None = None) -> Assessment:
        """Every instrument and the plan for a case that is not stored (nothing is kept)."""
        check(actor, "calculator")
        case = offline.validate_case(require_mapping(data, "case"))
        return offline.assess(case, day, None, field="day")
