"""When postoperative radiotherapy started, judged after the fact (the course, not the plan).

After a decompression or stabilisation for a spinal metastasis, radiotherapy to the operated level
follows once the wound is sound: not before about 7 days (Itshayek 2010; the timing survey), and
not later than about 4 weeks, since progression before delayed RT reached 24.1% by 3 months
(Radiat Oncol 2020). The plan tells the team when to start (``adjuvant_rt_timing``); once it has
started, whether it was early, in time or late is a remark about the past and belongs here.

The first radiotherapy to the operated level (or of unstated levels) after the operation is judged
on the interval range (:mod:`spinemet.course.intervals`): *early*, *within the window*, *late*, or
*cannot tell* when the recorded dates straddle a threshold. When a local recurrence at the operated
level was found before it, the detail says so: that radiotherapy answered the recurrence.
"""

from __future__ import annotations

from collections.abc import Sequence

from spinemet.case.timing import days_words
from spinemet.course import intervals
from spinemet.course.config import CourseConfig
from spinemet.course.model import CourseEvent, EventKind, Intervention
from spinemet.evidence import EvidenceStatus

CITATIONS = ("itshayek_2010", "timing_survey", "delayed_rt_2020", "esmo_2020_bone")


def _verdict(gap: intervals.Gap, config: CourseConfig) -> tuple[str, str]:
    """(category, words) of a surgery-to-RT interval range."""
    early = intervals.within(gap, config.adjuvant_rt_earliest_days - 1)
    in_time = intervals.within(gap, config.adjuvant_rt_latest_days)
    if early is True:
        return "early", f"earlier than {config.adjuvant_rt_earliest_days} days (wound risk)"
    if in_time is False:
        return "late", f"later than ~{config.adjuvant_rt_latest_days // 7} weeks (risk of progression before RT)"
    if early is False and in_time is True:
        return "within_window", "within the window"
    return "cannot_tell", (f"whether it was within the {config.adjuvant_rt_earliest_days}-day to "
                           f"~{config.adjuvant_rt_latest_days // 7}-week window cannot be told from the recorded dates")


def adjuvant_timing(
    treatments: tuple[Intervention, ...], config: CourseConfig, recurrences: Sequence[CourseEvent] = (),
) -> list[CourseEvent]:
    """One event per operation followed by radiotherapy to its level: when that radiotherapy started."""
    out: list[CourseEvent] = []
    for i, op in enumerate(treatments):
        if op.kind != "surgery" or not (op.decompressive or op.field):
            continue
        operated = set(op.levels) | set(op.field)
        j = next((j for j in range(i + 1, len(treatments)) if treatments[j].radiotherapy
                  and (not treatments[j].levels or not operated or operated & set(treatments[j].levels))), None)
        if j is None:
            continue
        rt = treatments[j]
        # the treatments are in time order (moments increase): those before rt are those listed before it
        later_op = next((t for t in treatments[i + 1:j] if t.kind == "surgery"
                         and (not t.levels or operated & set(t.levels))), None)
        if later_op is not None:
            continue  # the radiotherapy follows a later operation, which it is judged against
        gap = intervals.gap(op.day, op.interval, rt.day, rt.interval)
        category, words = _verdict(gap, config)
        before = [e for e in recurrences if e.intervention == op.key and e.day <= rt.day]
        kind_words = "chemo-radiotherapy" if rt.kind == "chemoradiotherapy" else "radiotherapy"
        detail = (f"{kind_words.capitalize()} to the operated level started {intervals.on(rt.day, rt.interval)}, "
                  f"{days_words(gap)} after the {op.label} ({intervals.on(op.day, op.interval)}): {words}. "
                  f"Postoperative RT once the wound is sound, from about {config.adjuvant_rt_earliest_days} days, "
                  f"and within about {config.adjuvant_rt_latest_days // 7} weeks (derived).")
        if before:
            detail += (f" A local recurrence at {before[0].level} was found on {intervals.on(before[0].day, None)}, "
                       "before it: this radiotherapy answered the recurrence, and no postoperative radiotherapy "
                       "preceded it.")
        out.append(CourseEvent(
            day=rt.day, kind=EventKind.ADJUVANT_RT_TIMING,
            title=f"{kind_words.capitalize()} after the operation: {words}",
            detail=detail, intervention=op.key, category=category,
            certainty="definite" if category != "cannot_tell" else "possible",
            basis=(f"operation {intervals.on(op.day, op.interval)}", f"{kind_words} {intervals.on(rt.day, rt.interval)}"),
            citations=CITATIONS, evidence_status=EvidenceStatus.DERIVED,
            data={"surgery": op.key, "radiotherapy": rt.key, "interval_days": intervals.exact(gap),
                  "interval_range": intervals.as_list(gap), "after_recurrence": bool(before)},
        ))
    return out
