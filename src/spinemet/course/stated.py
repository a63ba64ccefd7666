"""Recurrences the sources state in words ("tumour recurrence at L3 nine months after excision").

Case reports often say that the tumour recurred without the follow-up images. An outcome recorded
with ``local_recurrence: true`` is a local recurrence *as stated*: it is labelled as such, tied to the
treatment it is timed from (``compared_with``, or the event its timing is relative to, or else the last
local treatment recorded before it), and judged early or late on the interval range like a recurrence
seen on imaging (``early_recurrence_days``, derived). A recurrence already found on imaging after the
same treatment is not counted twice.
"""

from __future__ import annotations

from collections.abc import Sequence

from spinemet.case.events import Outcome
from spinemet.case.timing import days_words
from spinemet.course import intervals
from spinemet.course.config import CourseConfig
from spinemet.course.model import CourseEvent, EventKind, Intervention
from spinemet.course.timeline import OrderedTimeline
from spinemet.evidence import EvidenceStatus

CITATIONS = ("thibault_2015_spino", "lau_2014_recurrence")


def _anchor(outcome: Outcome, position: int, treatments: Sequence[Intervention]) -> Intervention | None:
    by_key = {t.key: t for t in treatments}
    for ref in (outcome.compared_with, outcome.after.event if outcome.after else None):
        if ref is not None and ref in by_key and by_key[ref].local:
            return by_key[ref]
    earlier = [t for t in treatments if t.local and t.position < position]
    return earlier[-1] if earlier else None


def stated_recurrences(
    timeline: OrderedTimeline, treatments: Sequence[Intervention], config: CourseConfig,
    found: Sequence[CourseEvent] = (),
) -> list[CourseEvent]:
    """One local-recurrence event per outcome that states a recurrence, unless imaging already showed it."""
    recurrence = EventKind.LOCAL_RECURRENCE  # read once, not per event (a member read through its class is slow)
    seen = {e.intervention for e in found if e.kind is recurrence}
    out: list[CourseEvent] = []
    for day, event in timeline.outcomes:
        if event.local_recurrence is not True:
            continue
        t = _anchor(event, timeline.position(event), treatments)
        if t is None or t.key in seen:
            continue
        seen.add(t.key)
        gap = intervals.tighten(intervals.gap(t.day, t.interval, day, timeline.interval(day, event)),
                                timeline.stated_gap(t.key, event.id))
        timing = intervals.timing(gap, config.early_recurrence_days)
        level = t.levels[0] if t.levels else None
        where = f" at {level}" if level is not None else ""
        what = "local progression" if t.radiotherapy else "local recurrence"
        if timing == intervals.CANNOT_TELL:
            title = f"{what.capitalize()}{where}, {days_words(gap)} after {t.label} (stated): early or late cannot be told"
        else:
            title = f"{'Early' if timing == 'early' else 'Late'} {what}{where}, {days_words(gap)} after {t.label} (stated)"
        detail = ("The source states a local recurrence" + (f": {event.summary}" if event.summary else "")
                  + f". early = within {config.early_recurrence_days} days of the intervention (derived, configurable).")
        out.append(CourseEvent(
            day=day, kind=EventKind.LOCAL_RECURRENCE, title=title, detail=detail, level=level, intervention=t.key,
            category=timing, certainty="definite", basis=("stated by the source (outcome)",), citations=CITATIONS,
            evidence_status=EvidenceStatus.DERIVED,
            data={"interval_days": intervals.exact(gap), "interval_range": intervals.as_list(gap), "timing": timing,
                  "relation": "treated", "intervention_day": t.day, "cord_compression": None, "stated": True,
                  "outcome": event.id, "early_threshold_days": config.early_recurrence_days},
        ))
    return out
