"""Pure helpers of the case use cases: validation with event-located problems, keys, search columns."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from spinemet.assessment import Assessment
from spinemet.case import Case, parse_case
from spinemet.errors import Problem, ValidationFailed
from spinemet.io.ids import id_problems
from spinemet.io.limits import DEFAULT, Limits, date_problems, inspect
from spinemet.service import offline
from spinemet.store.cases import Derived, EventRow

_TIMELINE_AT = re.compile(r"^timeline\[(\d+)\]")


def entry_problems(data: Mapping[str, Any], limits: Limits, new_ids: str | int | None) -> list[Problem]:
    """The limits a case breaks (:mod:`spinemet.io.limits`), and ids of new records that break the
    id grammar: the case id and every event id when ``new_ids == "all"`` (a new case), the id of the
    event at that index otherwise (ids stored before the grammar stay valid)."""
    problems = inspect(data, limits) or date_problems(data, limits)
    if problems:
        return problems
    return id_problems(data, limits, new_ids)


def validate(data: Mapping[str, Any], source: str = "", event_index: int | None = None,
             limits: Limits = DEFAULT, new_ids: str | int | None = "all") -> Case:
    """Parse a whole case within ``limits`` (checked first: cheap); problems of the event being
    written are located at ``event…``. A case accepted here can be displayed and assessed: its
    dates and day offsets stay within what the program computes with."""
    try:
        problems = entry_problems(data, limits, new_ids)
        if problems:
            raise ValidationFailed(problems, source)
        return parse_case(dict(data), source=source)
    except ValidationFailed as exc:
        if event_index is None:
            raise
        problems = []
        for p in exc.problems:
            m = _TIMELINE_AT.match(p.location)
            if m and int(m.group(1)) == event_index:
                problems.append(Problem("event" + p.location[m.end():], p.message))
            else:
                problems.append(p)
        raise ValidationFailed(problems, source) from None


def require_mapping(value: Any, location: str) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        raise ValidationFailed([Problem(location, f"must be a mapping of fields, not {type(value).__name__}")])
    return dict(value)


def header_of(data: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != "timeline"}


def case_levels(case: Case) -> tuple[str, ...]:
    """Every vertebral level the case mentions: imaging findings and treated levels."""
    seen: dict[int, str] = {}
    for event in case.timeline:
        for finding in getattr(event, "findings", None) or ():
            # A finding names a level, a span (every level of it counts), or no level at all.
            for lvl in (finding.level,) if finding.level is not None else (finding.span or ()):
                seen[int(lvl)] = str(lvl)
        for span in getattr(event, "spans", None) or ():
            for lvl in span:
                seen[int(lvl)] = str(lvl)
        span = getattr(event, "levels", None)
        if span is not None and not isinstance(span, str):
            try:
                for lvl in span:
                    seen[int(lvl)] = str(lvl)
            except TypeError:
                pass
    return tuple(seen[k] for k in sorted(seen))


@dataclass(frozen=True)
class Written:
    """A case about to be written, validated, with its assessment on the day of its last event
    (computed before the write transaction; its open alerts are stored for the case list)."""

    case: Case
    assessment: Assessment

    @classmethod
    def of(cls, case: Case) -> Written:
        return cls(case, offline.assess(case))

    @property
    def alerts(self) -> tuple[str, ...]:
        """The alerts open on the day of the last event (none while the timeline is empty)."""
        return self.assessment.open_alert_keys() if self.case.timeline else ()


def derive(case: Case, alerts: tuple[str, ...]) -> Derived:
    """The search columns of a case version: title, primary site, levels, open alerts, event count."""
    return Derived(
        title=case.title,
        primary_site=case.primary.site.value,
        levels=case_levels(case),
        alerts=alerts,
        event_count=len(case.timeline),
    )


def initial_rows(timeline: Sequence[Mapping[str, Any]]) -> list[EventRow]:
    """Keys for a new case's events: their own ids, else ``e<n>`` (never colliding with an id)."""
    ids = {str(e["id"]) for e in timeline if e.get("id")}
    rows: list[EventRow] = []
    for i, event in enumerate(timeline, start=1):
        key = str(event["id"]) if event.get("id") else fresh_key(i, ids)
        ids.add(key)
        rows.append(EventRow(key=key, version=1, ordinal=i, data=dict(event)))
    return rows


def fresh_key(ordinal: int, taken: set[str] | Mapping[str, Any]) -> str:
    key = f"e{ordinal}"
    n = 1
    while key in taken:
        n += 1
        key = f"e{ordinal}-{n}"
    return key
