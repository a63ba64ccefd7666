"""Use cases that need no store: the door to the core for a case in memory.

The stored use cases (:class:`spinemet.service.Service`) add roles, the audit and the cache on
top of these; the offline commands (``spinemet assess FILE``, ``score``, ``course``, ``demo``)
call them directly on a case read from a file. Either way one function computes one thing:
an assessment is :func:`assess`, an instrument's score is :func:`score`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from spinemet.assessment import Assessment
from spinemet.assessment import assess as assess_case
from spinemet.case import Case, Snapshot, parse_case, snapshot
from spinemet.course import CourseAnalysis, CourseConfig, analyse
from spinemet.errors import NotFound, NotPlaceable, Problem, ValidationFailed
from spinemet.instruments import INSTRUMENTS, NOT_IMPLEMENTED, Instrument, Result
from spinemet.instruments import score as score_answers
from spinemet.instruments.docs import catalogue, describe, render_markdown
from spinemet.instruments.engine import MISSING_TOKENS
from spinemet.pathway import RULES
from spinemet.pathway.base import RuleSpec

if TYPE_CHECKING:
    from spinemet.instruments.columnar import ColumnarResult


#: the answers that mean "not known" for every instrument item (besides null): the result is a range
UNKNOWN_ANSWERS: frozenset[str] = MISSING_TOKENS


def resolve_day(case: Case, day: int | None = None, date: dt.date | str | None = None,
                field: str = "date") -> int:
    """The day to look at: a day offset, a calendar date (needs the case's index date), or the day
    of the last event. Bad input is a located :class:`ValidationFailed` at ``field``."""
    if day is not None and date is not None:
        raise ValidationFailed([Problem(field, "give either 'day' or 'date', not both")])
    if isinstance(date, str):
        try:
            date = dt.date.fromisoformat(date)
        except ValueError:
            raise ValidationFailed([Problem(field, f"'{date}' is not a date; allowed: YYYY-MM-DD")]) from None
    if date is not None and case.index_date is None:
        raise NotPlaceable([Problem(field, f"{date}: this case has no index_date, so calendar dates cannot "
                                               "be placed; give a day number")])
    return case.resolve_day(date if date is not None else day)


def day_or_date(on: int | dt.date | None) -> tuple[int | None, dt.date | None]:
    """Split a command-line day (a day offset or a date) into ``(day, date)``."""
    if isinstance(on, dt.date):
        return None, on
    return on, None


def assess(case: Case, day: int | None = None, date: dt.date | str | None = None,
           course: CourseAnalysis | None = None, field: str = "date") -> Assessment:
    """Every instrument, the course's alerts and the plan of ``case`` on a day (default: last event)."""
    return assess_case(case, resolve_day(case, day, date, field), course)


def course(case: Case, early_recurrence_days: int | None = None) -> CourseAnalysis:
    """The course of the case: recurrence, response, recovery and dated alerts."""
    config = CourseConfig(early_recurrence_days=early_recurrence_days) if early_recurrence_days else None
    return analyse(case, config)


def snapshot_on(case: Case, day: int) -> Snapshot:
    """The state of the case on ``day``: the latest value of each observation up to that day."""
    return snapshot(case, day)


def validate_case(data: Any, source: str = "case") -> Case:
    """Case-file data as a case; every problem located."""
    if not isinstance(data, Mapping):
        raise ValidationFailed([Problem(source, f"must be a mapping of fields, not {type(data).__name__}")])
    return parse_case(dict(data), source="" if source == "case" else source)


def calculate(data: Any, day: int | None = None) -> Assessment:
    """Every instrument and the plan for a case that is not stored (the calculator)."""
    case = data if isinstance(data, Case) else validate_case(data)
    return assess(case, day, None, field="day")


# ------------------------------------------------------------------ instruments (no patient data)

def declarations() -> list[Instrument]:
    """Every implemented instrument's declaration, in catalogue order."""
    return list(INSTRUMENTS.values())


def declaration(key: str) -> Instrument:
    """One instrument's declaration; :class:`NotFound` naming the known keys."""
    inst = INSTRUMENTS.get(key)
    if inst is None:
        raise NotFound(f"'{key}' is not an instrument; known: {', '.join(INSTRUMENTS)}")
    return inst


def describe_instrument(key: str) -> dict[str, Any]:
    """One instrument's declaration as published data: items, answers, points, bands, citation."""
    inst = declaration(key)
    out = dict(describe(inst))
    out.setdefault("implemented", True)
    return out


def instrument_list() -> list[dict[str, Any]]:
    """Every instrument (implemented ones described; the others with the reason they are not)."""
    out = [describe_instrument(key) for key in INSTRUMENTS]
    out.extend({"key": ni.key, "name": ni.name, "implemented": False, "reason": ni.reason} for ni in NOT_IMPLEMENTED)
    return out


def not_implemented() -> list[tuple[str, str, str]]:
    """(key, name, reason) of each instrument SpineMet knows of but does not compute."""
    return [(ni.key, ni.name, ni.reason) for ni in NOT_IMPLEMENTED]


def instrument_catalogue() -> dict[str, object]:
    """The whole catalogue as data (``spinemet instruments --format json``)."""
    return catalogue()


def instrument_markdown() -> str:
    """The catalogue as Markdown (docs/instruments.md)."""
    return render_markdown()


def score(key: str, answers: Mapping[str, Any]) -> Result:
    """One instrument for a set of answers; unknown items give a range of totals and bands."""
    return score_answers(declaration(key), answers)


def score_table(key: str, frame: Any) -> ColumnarResult:
    """One instrument for every row of a Polars frame of answers (the declaration compiled to columns)."""
    from spinemet.instruments.columnar import score_frame

    return score_frame(declaration(key), frame)


def rules() -> tuple[RuleSpec, ...]:
    """The pathway's rules, in plan order, with inputs, outputs and sources."""
    return tuple(RULES)
