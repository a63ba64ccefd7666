"""Alerts from the course: dated signals that send the team back to a decision point.

=================================  ========  ==========================================
Derived event                      Severity  Re-opens (pathway rule keys)
=================================  ========  ==========================================
local recurrence (early or late)   urgent*   ``after_local_recurrence`` (+ ``mscc_urgency``
                                             when the cord is compressed)
progression adjacent / in field    urgent*   same
neurological deterioration         urgent    ``mscc_urgency`` (R-SURV-2, R-FUNC-2)
new compression, cause unknown     urgent    ``mscc_urgency``, ``imaging_due`` (recurrence or
                                             complication not yet known; not the recurrence rule)
compression from a complication    urgent    nothing (the treating team reviews the complication)
cement leaked into the canal       warning   nothing (what to do turns on the neurology: Sidhu 2013,
                                             Hsieh 2019; urgent when recorded as compressing;
                                             ``spinemet.course.complications``)
distant progression (new lesion)   warning*  ``imaging_due`` (``mscc_urgency`` when it compresses)
compression outside every field    urgent    ``mscc_urgency`` (not known compressed before the first
                                             treatment: new, or first imaged now; NICE's MSCC, derived)
possible pseudoprogression         warning   ``imaging_due`` (short-interval MRI, SPINO)
pain progression after RT          warning   ``rt_schedule`` (re-irradiation for pain; Lutz 2017)
no follow-up imaging (overdue)     info      ``imaging_due``
=================================  ========  ==========================================

\\* warning when the cord is not compressed and no neurological change was recorded.

The table names the rules for the whole case; a plan keeps only those that apply to the snapshot's
disease (:func:`spinemet.pathway.plan.reopening_in_scope`, the rules' own ``applies_to``): inside the
dura an alert re-opens ``intradural_referral`` instead of the extradural MSCC rules.

An alert is active from its day until the next treatment that answers it (the next
treatment of the level, or any treatment for a neurological deterioration), or until a
later examination shows the deficit no worse; with no such event it stays active.

After a recorded death nothing is due: no alert is raised after it (a later placement day, or
the same day but raised by an event recorded after the death), and the alerts raised before it
stay as history, active until the day of death at the latest (``data["ended_by"] = "death"``).
"After" is judged on placement days, as the record's own check does (no event may lie after the
death, :mod:`spinemet.case.timeline_checks`).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from dataclasses import replace
from functools import partial
from typing import Any

from spinemet.anatomy import Level
from spinemet.case.timing import DayInterval
from spinemet.course.complications import AFTER_A_LEAK, is_cement
from spinemet.course.config import CourseConfig
from spinemet.course.intervals import when
from spinemet.course.interventions import TreatmentIndex
from spinemet.course.model import (
    CourseEvent,
    EventKind,
    Intervention,
    LevelAssessment,
    LocalStatus,
    NeuroPoint,
    Trend,
)
from spinemet.pathway.model import Alert, Severity

AFTER_RECURRENCE = "after_local_recurrence"
MSCC_URGENCY = "mscc_urgency"
IMAGING_DUE = "imaging_due"
RT_SCHEDULE = "rt_schedule"


def _raised_by(event: CourseEvent) -> Any:
    """The recorded event (id) that raised ``event``: its study, examination or stated outcome."""
    data = event.data
    return data.get("study") or data.get("exam") or data.get("outcome")


def _answering(
    treatments: TreatmentIndex, day: int, event: CourseEvent, positions: Mapping[str, int] | None = None,
    raised_by: Any = None,
) -> Intervention | None:
    """The first treatment from ``day`` on that answers ``event`` (rehabilitation does not); ``raised_by`` is
    :func:`_raised_by` of it, when already known.

    Events dated only by order or by ranges often share a placement day: a treatment placed on the
    event's own day and recorded after the study or examination that raised it answers it too."""
    raised_by = str((raised_by if raised_by is not None else _raised_by(event)) or "")
    at = positions.get(raised_by) if positions and raised_by else None
    if at is not None:
        level = event.level
        for t in treatments.answering_on(day - 1):  # the first such treatment of that day, in recorded order
            if t.position > at and (level is None or not t.levels or level in t.levels):
                return t
    return treatments.next_answering(day, event.level)


def _neuro_resolved_day(resolved_days: list[int], day: int) -> int | None:
    """The first examination after ``day`` that is no worse than the one before it."""
    i = bisect_right(resolved_days, day)
    return resolved_days[i] if i < len(resolved_days) else None


def _near(days: list[int], day: int, window: int) -> bool:
    """Whether a day in sorted ``days`` lies within ``window`` days of ``day``."""
    i = bisect_left(days, day - window)
    return i < len(days) and days[i] <= day + window


def _min_day(*days: int | None) -> int | None:
    known = [d for d in days if d is not None]
    return min(known) if known else None


#: The event kinds and severities an alert is built from, read once: on Python 3.11 a member read through its class
#: (``EventKind.NEW_DEFICIT``) costs about 1,000 instructions, and :func:`_event_alert` tests up to ten per event.
_LOCAL_RECURRENCE, _ADJACENT_PROGRESSION = EventKind.LOCAL_RECURRENCE, EventKind.ADJACENT_PROGRESSION
_NEW_DEFICIT, _UNIMAGED_DETERIORATION = EventKind.NEW_DEFICIT, EventKind.UNIMAGED_DETERIORATION
_COMPLICATION_COMPRESSION, _COMPRESSION_CAUSE_UNKNOWN = EventKind.COMPLICATION_COMPRESSION, EventKind.COMPRESSION_CAUSE_UNKNOWN
_DISTANT_PROGRESSION, _UNTREATED_COMPRESSION = EventKind.DISTANT_PROGRESSION, EventKind.UNTREATED_COMPRESSION
_POSSIBLE_PSEUDOPROGRESSION, _PAIN_RESPONSE = EventKind.POSSIBLE_PSEUDOPROGRESSION, EventKind.PAIN_RESPONSE
_URGENT, _WARNING = Severity.URGENT, Severity.WARNING
_DETERIORATION = (_NEW_DEFICIT, _UNIMAGED_DETERIORATION)
#: The derived events that may raise an alert (:func:`_event_alert`); the others are passed over at one look-up.
_RAISING = frozenset({
    _LOCAL_RECURRENCE, _ADJACENT_PROGRESSION, *_DETERIORATION, _COMPLICATION_COMPRESSION, _COMPRESSION_CAUSE_UNKNOWN,
    _DISTANT_PROGRESSION, _UNTREATED_COMPRESSION, _POSSIBLE_PSEUDOPROGRESSION, _PAIN_RESPONSE,
})
#: The trends of an examination no worse than the one before it (it ends a deterioration's alert).
_NO_WORSE = frozenset({Trend.IMPROVED, Trend.STABLE})


def build_alerts(
    events: list[CourseEvent], treatments: TreatmentIndex, points: tuple[NeuroPoint, ...],
    local: list[LevelAssessment], config: CourseConfig, last_day: int, record_end: DayInterval | None = None,
    positions: Mapping[str, int] | None = None, death: tuple[int, int] | None = None,
) -> list[Alert]:
    """The course's alerts; ``record_end`` = the days within which the record ends (default: ``last_day``);
    ``death`` = the recorded death's placement day and its place in the recorded order (see the module
    docstring: nothing is raised after it, and what was raised before ends with it)."""
    alerts: list[Alert] = []
    raising = [e for e in events if e.kind in _RAISING]
    neuro_days = sorted({e.day for e in raising if e.kind in _DETERIORATION})
    resolved_days = [p.day for p in points if p.change is not None and p.change.trend in _NO_WORSE]
    for e in raising:
        alert = _event_alert(e, treatments, config, neuro_days, resolved_days, positions)
        if alert is not None:
            alerts.append(alert)
    _surveillance(alerts, treatments, local, config, last_day, record_end, events)
    if death is not None:
        alerts = _until_death(alerts, death, positions)
    return sorted(alerts, key=lambda al: (al.day, al.key))


def _until_death(alerts: list[Alert], death: tuple[int, int], positions: Mapping[str, int] | None) -> list[Alert]:
    """The alerts raised before the recorded death, each ending at the death at the latest."""
    day, place = death
    kept: list[Alert] = []
    for al in alerts:
        raised_by = al.data.get("raised_by")
        at = positions.get(str(raised_by)) if positions and raised_by else None
        if al.day > day or (al.day == day and at is not None and at > place):
            continue  # raised after the death: nothing is due any more
        if al.active_until is None or al.active_until > day:
            al = replace(al, active_until=day, data={**al.data, "ended_by": "death"})
        kept.append(al)
    return kept


def _raised(e: CourseEvent, extra: dict[str, Any], key: str, severity: Severity, reopens: tuple[str, ...],
            active_until: int | None, *, detail: str | None = None, citations: tuple[str, ...] | None = None,
            data: dict[str, Any] | None = None, located: bool = True) -> Alert:
    """The alert ``e`` raises: its day, title and evidence, with what differs per kind; ``extra`` (the events
    that raise and answer it) is added to its data."""
    data = dict(e.data) if data is None else data  # a new dict either way
    data.update(extra)
    # key, day, severity, title, detail, reopens, citations, evidence_status, level, active_until, data (in their
    # declared order: keyword arguments cost more than the rest of the call)
    return Alert(key, e.day, severity, e.title, e.detail if detail is None else detail, reopens,
                 e.citations if citations is None else citations, e.evidence_status,
                 str(e.level) if located and e.level is not None else None, active_until, data)


def _event_alert(e: CourseEvent, treatments: TreatmentIndex, config: CourseConfig,
                 neuro_days: list[int], resolved_days: list[int], positions: Mapping[str, int] | None) -> Alert | None:
    """The alert one derived course event raises, if any.

    Its data names the recorded events that open and close it, by id (``raised_by``: the study or
    examination; ``answered_by``: the treatment that answers it), so that a plan read at an event of an
    order-only or range-dated record (where many events share a placement day) can tell, from the
    recorded order, whether the alert has happened yet and whether it has been answered. Most alerts end
    with that treatment (of the level, when the event has one)."""
    kind = e.kind
    if kind is _PAIN_RESPONSE and not e.data.get("progression_only"):
        return None
    raised_by = _raised_by(e)
    answer = _answering(treatments, e.day + 1, e, positions, raised_by)
    until = answer.day if answer is not None else None
    extra: dict[str, Any] = {}  # the recorded events that raise and answer it (when known)
    if raised_by:
        extra["raised_by"] = raised_by
    if answer is not None and answer.key:
        extra["answered_by"] = answer.key
    alert = partial(_raised, e, extra)
    if kind is _LOCAL_RECURRENCE or kind is _ADJACENT_PROGRESSION:
        # the cord, or the conus / cauda equina / roots (an MSCC emergency too, CG75)
        cord = e.data.get("cord_compression") is True or bool(e.data.get("compressed"))
        neuro = _near(neuro_days, e.day, config.attribution_window_days)
        reopens = (AFTER_RECURRENCE, MSCC_URGENCY) if cord or neuro else (AFTER_RECURRENCE,)
        timing = e.category or "late"
        # early_/late_ when the dates decide it; no prefix when they cannot (the interval
        # straddles the threshold).
        prefix = {"early": "early_", "cannot_tell": ""}.get(timing, "late_")
        base = "local_recurrence" if kind is _LOCAL_RECURRENCE else "adjacent_progression"
        return alert(
            prefix + base, _URGENT if cord or neuro else _WARNING, reopens, until,
            detail=e.detail + (" With neurological deterioration at the same visit." if neuro else ""),
            data={**e.data, "certainty": e.certainty, "intervention": e.intervention})
    if kind is _NEW_DEFICIT or kind is _UNIMAGED_DETERIORATION:
        key = "neurological_deterioration" if kind is _NEW_DEFICIT else (
            "deterioration_imaging_cannot_tell" if e.data.get("imaging") == "cannot_tell"
            else "deterioration_without_imaging")
        return alert(key, _URGENT, (MSCC_URGENCY,), _min_day(until, _neuro_resolved_day(resolved_days, e.day)),
                     data={**e.data, "intervention": e.intervention}, located=False)
    if kind is _COMPLICATION_COMPRESSION:
        # a compressing cement leak: what the sources say of a deficit after a leak (Sidhu 2013)
        cement = is_cement(e.data.get("cause"))
        return alert("compression_from_complication", _URGENT, (), until,
                     detail=e.detail + (" " + AFTER_A_LEAK if cement else ""),
                     citations=(*e.citations, "sidhu_2013_cement") if cement else e.citations)
    if kind is _COMPRESSION_CAUSE_UNKNOWN:
        return alert("new_compression_cause_unknown", _URGENT, (MSCC_URGENCY, IMAGING_DUE), until)
    if kind is _DISTANT_PROGRESSION:
        compressing = e.data.get("cord_compression") is True or bool(e.data.get("compressed"))
        return alert("distant_progression", _URGENT if compressing else _WARNING,
                     (MSCC_URGENCY,) if compressing else (IMAGING_DUE,), until)
    if kind is _UNTREATED_COMPRESSION:
        return alert("untreated_compression", _URGENT, (MSCC_URGENCY,), until)
    if kind is _POSSIBLE_PSEUDOPROGRESSION:
        return alert("possible_pseudoprogression", _WARNING, (IMAGING_DUE,), until)
    # pain progression after radiotherapy (the other pain responses were passed over above)
    return alert("pain_progression", _WARNING, (RT_SCHEDULE,), until,
                 detail=e.detail + ". Re-irradiation for pain recurring more than a month after RT is an option "
                 "(Lutz 2017).", citations=(*e.citations, "lutz_2017_astro"), located=False)


#: Course events that make local control at a level known again (a recurrence or progression stated or seen).
_LOCAL_CONTROL_KNOWN = (_LOCAL_RECURRENCE, _ADJACENT_PROGRESSION)
#: The verdict of a level whose follow-up is missing (read once, as the kinds above: tested for every level).
_CANNOT_ASSESS = LocalStatus.CANNOT_ASSESS


def _known_again(known_days: dict[Level | None, list[int]], level: Level, due: int) -> int | None:
    """The last day the surveillance alert is shown: the day before a recurrence or progression at ``level``
    (from the due day on) makes local control known again (the due day itself at the earliest).
    ``known_days``: the days of the recurrences and progressions at each level, in the order of the events."""
    known = next((day for day in known_days.get(level, ()) if day >= due), None)
    return None if known is None else max(due, known - 1)


def _surveillance(alerts: list[Alert], treatments: TreatmentIndex, local: list[LevelAssessment],
                  config: CourseConfig, last_day: int, record_end: DayInterval | None,
                  events: tuple[CourseEvent, ...] | list[CourseEvent] = ()) -> None:
    """Follow-up imaging missing (or possibly overdue) after a treated level; the alert ends with the next
    treatment of the level or when a recurrence or progression there makes local control known again."""
    interval = config.surveillance_interval_days
    known_days: dict[Level | None, list[int]] | None = None
    for a in local:
        if a.status is not _CANNOT_ASSESS or a.relation != "treated":
            continue
        if known_days is None:  # the recurrences and progressions by level, read once
            known_days = {}
            for e in events:
                if e.kind in _LOCAL_CONTROL_KNOWN:
                    known_days.setdefault(e.level, []).append(e.day)
        t = treatments.by_key(a.intervention)
        nxt = treatments.next_local(t, a.level) if a.window_end is not None else None
        end = when(nxt.day, nxt.interval) if nxt is not None else (record_end or DayInterval.exact(last_day))
        given = when(t.day, t.interval)
        due_first = None if given.earliest is None else given.earliest + interval
        due_last = None if given.latest is None else given.latest + interval
        surely = due_last is not None and end.earliest is not None and end.earliest >= due_last
        possibly = not surely and (due_first is None or end.latest is None or end.latest >= due_first)
        if not (surely or possibly):
            continue
        if surely:
            assert due_last is not None
            day, title = due_last, f"No follow-up imaging of {a.level} recorded {interval} days after {t.label}"
        else:
            day = due_first if due_first is not None else t.day
            title = (f"Follow-up imaging of {a.level} may be overdue: {interval} days after {t.label} may have "
                     "passed (the dates are not exact)")
        alerts.append(
            Alert(
                key="follow_up_imaging_missing", day=day, severity=Severity.INFO, title=title,
                detail=(
                    f"Local control at {a.level} is unknown. Surveillance MRI every 2-3 months in the first year "
                    "(SPINO schedule, recalled; derived for post-operative follow-up)."
                ),
                reopens=(IMAGING_DUE,), citations=("thibault_2015_spino",), level=str(a.level),
                active_until=_min_day(a.window_end, _known_again(known_days, a.level, day)),
                data={"intervention": t.key} if surely else {"intervention": t.key, "overdue": "cannot_tell"},
            )
        )
