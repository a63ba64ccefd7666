"""Use cases that compute: assessment on a day, course, instrument scoring, the calculator."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Connection

from spinemet.case import Case, parse_case
from spinemet.errors import InvalidValue, Problem, SpineMetError, ValidationFailed
from spinemet.service import core
from spinemet.service.base import AuditNote
from spinemet.service.cases import stored_case_model
from spinemet.service.casework import require_mapping, validate
from spinemet.service.deident import deidentify
from spinemet.service.events import EventUseCases
from spinemet.service.roles import Actor, check
from spinemet.store import cases as store

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
    def of(cls, result: dict[str, Any]) -> EncodedAssessment:
        text = json.dumps(result, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        return cls(int(result["day"]), text.encode("utf-8"))

    def data(self) -> dict[str, Any]:
        """A fresh mapping (the caller may change it)."""
        out: dict[str, Any] = json.loads(self.json)
        return out


class _Miss(Exception):
    """Not cached yet (internal: never leaves the service, never audited)."""

    def __init__(self, key: AssessKey) -> None:
        self.key = key


def resolve_day(case: Case, day: int | None, date: dt.date | str | None) -> int:
    """The day to assess: a day offset, or a calendar date (needs the index date), or the last event."""
    if day is not None and date is not None:
        raise ValidationFailed([Problem("date", "give either 'day' or 'date', not both")])
    if isinstance(date, str):
        try:
            date = dt.date.fromisoformat(date)
        except ValueError:
            raise ValidationFailed([Problem("date", f"'{date}' is not a date; allowed: YYYY-MM-DD")]) from None
    try:
        return case.resolve_day(date if date is not None else day)
    except ValueError as exc:
        raise ValidationFailed([Problem("date", str(exc).replace("--on ", ""))]) from None


class AnalysisUseCases(EventUseCases):
    def _case_for(self, conn: Connection, actor: Actor, case_id: str, note: AuditNote,
                  version: int | None) -> Case:
        stored = self._load(conn, actor, case_id, note, version)
        note.detail["version"] = stored.version
        case = stored_case_model(stored)
        if actor.deidentified:  # researchers compute on the de-identified case: no dates can leak
            case = parse_case(deidentify(case, stored.research_id))
        return case

    def _assessment(self, case: Case, day: int | None, date: dt.date | str | None) -> EncodedAssessment:
        on = resolve_day(case, day, date)
        return EncodedAssessment.of({"case_id": case.id, "day": on, **core.assess(case, on)})

    def assess(self, actor: Actor, case_id: str, day: int | None = None, date: dt.date | str | None = None,
               version: int | None = None) -> dict[str, Any]:
        """Every instrument, the plan and the alerts of the case on a day (default: the last event)."""
        return self._assess(actor, case_id, day, date, version).data()

    def assessment_json(self, actor: Actor, case_id: str, day: int | None = None,
                        date: dt.date | str | None = None, version: int | None = None) -> bytes:
        """:meth:`assess` as JSON (encoded once per case version and day, and kept)."""
        return self._assess(actor, case_id, day, date, version).json

    def _assess(self, actor: Actor, case_id: str, day: int | None, date: dt.date | str | None,
                version: int | None) -> EncodedAssessment:
        """A case version never changes, so its assessment is computed once and kept (LRU); a request
        then costs the version lookup and its audit entry (committed before returning)."""
        date_key = date.isoformat() if isinstance(date, dt.date) else date

        def cached(raw: Any, note: AuditNote) -> EncodedAssessment:
            real, current = self._locate(raw, actor, case_id, note)
            at = store.version_in_range(real, version, current)
            key: AssessKey = (real, at, day, date_key, actor.deidentified)
            hit = self._assessments.get(key)
            if hit is None:
                raise _Miss(key)
            note.detail.update({"version": at, "day": hit.day})
            return hit

        def body(conn: Connection, note: AuditNote) -> EncodedAssessment:
            case = self._case_for(conn, actor, case_id, note, version)
            result = self._assessment(case, day, date)
            note.detail["day"] = result.day
            return result

        for _ in range(2):
            try:
                return self._lookup(actor, "case.assess", cached, case_id=case_id)
            except _Miss as miss:
                if not self._fill(actor, miss.key, day, date):
                    break
        return self._run(actor, "case.assess", body, write=False, case_id=case_id)

    def _fill(self, actor: Actor, key: AssessKey, day: int | None, date: dt.date | str | None) -> bool:
        """Compute and keep an assessment outside any write transaction; False when it fails (the
        caller then runs the audited path, which reports the failure)."""
        real, at = key[0], key[1]
        try:
            with self.db.read() as conn:
                stored = store.load_case(conn, real, at)
            case = stored_case_model(stored)
            if actor.deidentified:
                case = parse_case(deidentify(case, stored.research_id))
            self._assessments.put(key, self._assessment(case, day, date))
        except SpineMetError:
            return False
        return True

    def course(self, actor: Actor, case_id: str, version: int | None = None) -> dict[str, Any]:
        """The course of the case: recurrence, response, recovery and dated alerts."""

        def body(conn: Connection, note: AuditNote) -> dict[str, Any]:
            case = self._case_for(conn, actor, case_id, note, version)
            return {"case_id": case.id, **core.course(case)}

        return self._run(actor, "case.course", body, write=False, case_id=case_id)

    # ---------------------------------------------------------------- no patient data stored
    def instruments(self, actor: Actor) -> list[dict[str, Any]]:
        check(actor, "instrument.read")
        return core.instruments()

    def instrument(self, actor: Actor, key: str) -> dict[str, Any]:
        check(actor, "instrument.read")
        return core.describe_instrument(key)

    def score(self, actor: Actor, key: str, answers: Any) -> dict[str, Any]:
        """One instrument for a set of answers; unknown items give a range."""
        check(actor, "instrument.read")
        given = require_mapping(answers, "answers")
        try:
            return core.score(key, given)
        except InvalidValue as exc:
            raise ValidationFailed([Problem(f"answers.{exc.field}" if exc.field else "answers", exc.detail)]) from None

    def calculate(self, actor: Actor, data: Any, day: int | None = None) -> dict[str, Any]:
        """Every instrument (and the plan, when available) for a case that is not stored."""
        check(actor, "calculator")
        case = validate(require_mapping(data, "case"))
        on = resolve_day(case, day, None)
        if core.has_assessment():
            return {"case_id": case.id, "day": on, **core.assess(case, on)}
        return {"case_id": case.id, "day": on, "instruments": core.assess_instruments(case, on)}
