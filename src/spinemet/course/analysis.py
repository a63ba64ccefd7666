"""The course analysis entry points: :func:`analyse` and :func:`alerts_on`.

``analyse(case)`` reads the whole timeline once and returns a :class:`CourseAnalysis`:
the treatments, the derived events (recurrence, progression, response, pain response,
neurological change, rehabilitation outcome, cannot-assess), the per-level local-control
verdicts, the neurological trajectory with SCORAD ambulatory grades, and the dated alerts.
The pathway calls ``alerts_on(analysis, day)`` to put the alerts active on a day into its
plan. Sources: ``pathway.md`` §5 (recurrence), §6 (SPINO, MDA, pain response), §8 and
R-FUNC (outcome measures); thresholds in :mod:`spinemet.course.config`.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Any

from spinemet.anatomy import Level
from spinemet.case.model import Case
from spinemet.case.timing import DayInterval
from spinemet.course import intervals
from spinemet.course.adjuvant import adjuvant_timing
from spinemet.course.alerts import build_alerts
from spinemet.course.complications import cement_in_canal
from spinemet.course.config import DEFAULT_CONFIG, CourseConfig, thresholds
from spinemet.course.episodes import neuro_events, pain_responses, rehabilitation_outcomes, worsened
from spinemet.course.imaging import FindingIndex
from spinemet.course.interventions import TreatmentIndex, interventions
from spinemet.course.local import local_course
from spinemet.course.model import CourseAnalysis, EventKind, NeuroChange
from spinemet.course.neuro import compare_neuro, trajectory
from spinemet.course.stated import stated_recurrences
from spinemet.course.timeline import OrderedTimeline
from spinemet.pathway.model import Alert
from spinemet.pathway.plan import scoped_to_its_moment

_ORDER = {kind: i for i, kind in enumerate(EventKind)}
#: How the derived events of one day are ordered by level: by the level's name (``str``), looked up.
_LEVEL_WORDS: dict[Level | None, str] = {None: str(None), **{level: str(level) for level in Level}}


def analyse(case: Case, config: CourseConfig | None = None) -> CourseAnalysis:
    """The course of ``case``: derived events, local control, response, trajectory and alerts.

    The timeline is put in day order once (:class:`OrderedTimeline`) and every step reads it
    through indexes that bisect by day, so the cost grows with the length of the timeline
    (times a logarithm), not with its square.
    """
    config = config or DEFAULT_CONFIG
    timeline = OrderedTimeline.of(case)
    last_day = timeline.last_day
    treatments = interventions(timeline)
    treatment_index = TreatmentIndex(treatments)
    index = FindingIndex(timeline)
    points = trajectory(timeline)
    worse_exams = [(d, e) for p, (d, e) in zip(points, timeline.exams, strict=True) if worsened(p, e)]
    worse_days = [d for d, _ in worse_exams]
    window = config.attribution_window_days

    def neuro_worse(day: int, interval: DayInterval | None = None) -> bool:
        """A deterioration surely within the attribution window of a study (on the days within which
        each happened: placement days alone can put ranged events side by side)."""
        if worse_near is None:
            i = bisect_left(worse_days, day - window)
            return i < len(worse_days) and worse_days[i] <= day + window
        return any(intervals.surely_near(intervals.gap(d, timeline.interval(d, e), day, interval), window)
                   for d, e in (worse_exams[i] for i in worse_near.candidates(day, interval, window)))

    # the deteriorations by their days, when some event is not dated exactly: a study looks only at those
    # that may lie within the window (exactly dated ones bisect their days)
    worse_near = None if timeline.uncertain is None else intervals.NearIndex(
        [(d, timeline.interval(d, e)) for d, e in worse_exams])

    local = local_course(treatment_index, index, config, neuro_worse, last_day, timeline.complications,
                         timeline.stated_gap)
    events = list(local.events)
    events += stated_recurrences(timeline, treatments, config, local.events)
    recurrence = EventKind.LOCAL_RECURRENCE  # read once, not per event (a member read through its class is slow)
    events += adjuvant_timing(treatments, config, [e for e in events if e.kind is recurrence])
    events += neuro_events(timeline, points, index, config, treatment_index)
    rehab, rehab_events = rehabilitation_outcomes(timeline, treatments)
    pain, pain_events = pain_responses(timeline, treatments)
    events += rehab_events + pain_events
    events.sort(key=lambda e: (e.day, _ORDER[e.kind], _LEVEL_WORDS[e.level]))
    # (an exactly dated record ends on its last day: build_alerts' default)
    record_end = timeline.record_end if timeline.uncertain is not None else None
    alerts = build_alerts(events, treatment_index, points, local.assessments, config, last_day, record_end,
                          timeline.ids, timeline.death)
    if timeline.complications:  # a cement leak may raise an alert of its own
        alerts = sorted([*alerts, *cement_in_canal(timeline.complications, treatment_index, timeline.day_of(), alerts)],
                        key=lambda al: (al.day, al.key))
    # An alert re-opens only the rules that apply to the case when it was raised (inside the dura, the
    # intradural referral instead of the extradural MSCC rules): the plan's own check, applied here too.
    alerts = list(scoped_to_its_moment(case, alerts))
    return CourseAnalysis(
        case_id=case.id,
        first_day=timeline.first_day,
        last_day=last_day,
        interventions=treatments,
        events=tuple(events),
        alerts=tuple(alerts),
        local=tuple(local.assessments),
        responses=tuple(local.responses),
        pain=tuple(pain),
        neuro=points,
        rehabilitation=tuple(rehab),
        thresholds=_thresholds(config),
    )


_THRESHOLDS: dict[CourseConfig, tuple[dict[str, Any], ...]] = {}



def _thresholds(config: CourseConfig) -> tuple[dict[str, Any], ...]:
    """The thresholds of ``config`` as published (the same for every analysis with it: worded once and
    shared, read-only)."""
    if config is DEFAULT_CONFIG:  # the usual case, without hashing the configuration's eleven fields
        return _DEFAULT_THRESHOLDS
    found = _THRESHOLDS.get(config)
    if found is None:
        found = _THRESHOLDS[config] = tuple(t.as_dict() for t in thresholds(config))
    return found


#: The default configuration's thresholds as published, worded once (at import).
_DEFAULT_THRESHOLDS = _THRESHOLDS[DEFAULT_CONFIG] = tuple(t.as_dict() for t in thresholds(DEFAULT_CONFIG))


def alerts_on(analysis: CourseAnalysis, day: int) -> tuple[Alert, ...]:
    """The alerts active on ``day`` (raised on or before it and not yet answered)."""
    return analysis.alerts_on(day)


def neuro_change(case: Case, before_day: int, after_day: int) -> NeuroChange | None:
    """Neurological status at ``after_day`` versus ``before_day`` (latest examination on or
    before each day); None when either has no examination."""
    timeline = OrderedTimeline.of(case)
    before, after = timeline.exam_on_or_before(before_day), timeline.exam_on_or_before(after_day)
    if before is None or after is None or before[0] == after[0]:
        return None
    return compare_neuro(before[1], after[1], before[0], after[0])
