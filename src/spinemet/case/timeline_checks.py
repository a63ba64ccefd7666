"""Whole-timeline consistency checks (dating, death, ids), written once and used twice.

The :class:`~spinemet.case.model.Case` validator runs them on valid events; when some fields
are invalid, :func:`spinemet.case.problems.parse_case` runs them on the raw input as well, so
that a file's timeline mistakes are reported together with its field mistakes instead of one
round after the other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from spinemet.frozen import dataclass, quick_init


@quick_init
@dataclass(frozen=True)
class TimelineEntry:
    """What the checks need of one event: its position, type, dating, id and end day."""

    index: int
    type: str | None
    day: int | None
    date: dt.date | None
    id: str | None
    end_day: int | None


def timeline_problems(index_date: dt.date | None, entries: Sequence[TimelineEntry]) -> list[str]:
    """Located problems ('timeline[3].day: ...') of the whole timeline; empty when consistent."""
    problems: list[str] = []
    days: list[int | None] = []
    for e in entries:
        if e.date is not None and index_date is None:
            problems.append(
                f"timeline[{e.index}].date: a calendar date needs the case's index_date (day 0); "
                "add index_date or give 'day' instead"
            )
            days.append(e.day)
            continue
        from_date = (e.date - index_date).days if e.date is not None and index_date is not None else None
        if e.day is not None and from_date is not None and from_date != e.day:
            problems.append(
                f"timeline[{e.index}]: day {e.day} and date {e.date} disagree "
                f"(the date is day {from_date}); give one of them, or make them agree"
            )
        day = e.day if e.day is not None else from_date
        days.append(day)
        if e.end_day is not None and day is not None and e.end_day < day:
            problems.append(f"timeline[{e.index}].end_day: {e.end_day} is before the event's day {day}")
    deaths = [(e.index, d) for e, d in zip(entries, days, strict=True) if e.type == "death"]
    if len(deaths) > 1:
        problems.append(f"timeline[{deaths[1][0]}]: a second death is recorded; a case has at most one")
    if deaths and deaths[0][1] is not None:
        death_day = deaths[0][1]
        for e, other_day in zip(entries, days, strict=True):
            if other_day is not None and other_day > death_day:
                problems.append(
                    f"timeline[{e.index}].day: the event on day {other_day} is after the recorded death on day {death_day}"
                )
    first_use: dict[str, int] = {}
    for e in entries:
        if not e.id:
            continue
        if e.id in first_use:
            problems.append(
                f"timeline[{e.index}].id: event id '{e.id}' is used more than once "
                f"(first by timeline[{first_use[e.id]}]); ids must be unique within a case"
            )
        else:
            first_use[e.id] = e.index
    return problems


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def raw_entries(timeline: Iterable[Any]) -> list[TimelineEntry]:
    """Timeline entries read leniently from raw input (YAML/JSON); unreadable values count as absent."""
    out: list[TimelineEntry] = []
    for i, raw in enumerate(timeline):
        if not isinstance(raw, Mapping):
            continue
        ident = raw.get("id")
        kind = raw.get("type")
        out.append(
            TimelineEntry(
                index=i,
                type=kind if isinstance(kind, str) else None,
                day=_int(raw.get("day")),
                date=_date(raw.get("date")),
                id=ident if isinstance(ident, str) else None,
                end_day=_int(raw.get("end_day")),
            )
        )
    return out


def raw_timeline_problems(data: Mapping[str, Any]) -> list[str]:
    """The timeline checks on raw case data (used when some fields are invalid)."""
    timeline = data.get("timeline")
    if not isinstance(timeline, list):
        return []
    return timeline_problems(_date(data.get("index_date")), raw_entries(timeline))
