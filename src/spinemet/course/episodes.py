"""Derived events from the neurological record, rehabilitation and pain.

* A neurological deterioration (``neuro.compare_neuro``) or an examiner's "new deficit"
  after any treatment re-enters the suspected-MSCC pathway (R-SURV-2, derived from NICE
  NG234 1.3.2/1.5.2: MRI within 24 h). Without an imaging study within the attribution
  window it is a *deterioration without imaging*: local progression can be neither
  confirmed nor excluded.
* The deterioration is said to follow a treatment only when that treatment is a spinal one
  (surgery, radiotherapy, chemo-radiotherapy, cement augmentation, ablation, embolisation; not one
  recorded as aimed elsewhere) or the record times
  the examination from it (``TreatmentIndex.attributable_before``): a deficit at presentation is
  not a deterioration after a hormonal therapy given years earlier.
* A fall of one Frankel/ASIA grade or one ambulatory grade is the re-triage trigger of
  R-FUNC-2 (derived).
* Rehabilitation outcome = the examination before the episode compared with the first one
  after its end (or the last one after its start when the end is not recorded).
* Pain response after radiotherapy by the international consensus (``pain``).
"""

from __future__ import annotations

from bisect import bisect_right

from spinemet.case.events import NeuroExam, Rehabilitation
from spinemet.course.config import CourseConfig
from spinemet.course.imaging import FindingIndex
from spinemet.course.intervals import gap as gap_of
from spinemet.course.intervals import surely_near, tighten
from spinemet.course.interventions import TreatmentIndex, embolisations
from spinemet.course.model import (
    CourseEvent,
    EventKind,
    Intervention,
    NeuroChange,
    NeuroPoint,
    PainResponse,
    RehabOutcome,
    Trend,
)
from spinemet.course.neuro import compare_neuro
from spinemet.course.pain import PROGRESSION, pain_response
from spinemet.course.timeline import OrderedTimeline
from spinemet.evidence import EvidenceStatus

NEURO_CITATIONS = ("nice_ng234", "hoskin_2019_scorad")
_SCORAD_CITATIONS = ("hoskin_2019_scorad",)
_PAIN_CITATIONS = ("chow_2012_pain",)
#: Each trend's value, and the trends read as "no worse" (looked up once: read for every examination).
_TREND_VALUE = {trend: trend.value for trend in Trend}
_BETTER_OR_SAME = frozenset({Trend.IMPROVED, Trend.STABLE})
_WORSE = frozenset({Trend.DETERIORATED, Trend.MIXED})
_DETERIORATED = Trend.DETERIORATED.value
#: What the events made for every examination and pain score are (read once: on Python 3.11 a member read through its class, ``Trend.STABLE``, costs about 1,000 instructions).
_NEURO_CHANGE, _PAIN_RESPONSE = EventKind.NEURO_CHANGE, EventKind.PAIN_RESPONSE
_DERIVED, _UNVERIFIED = EvidenceStatus.DERIVED, EvidenceStatus.UNVERIFIED


def worsened(point: NeuroPoint, exam: NeuroExam) -> bool:
    """True when the examination is worse than the one before it (or the examiner says so)."""
    if exam.new_deficit:
        return True
    return point.change is not None and point.change.trend in _WORSE


def neuro_events(
    timeline: OrderedTimeline, points: tuple[NeuroPoint, ...], index: FindingIndex, config: CourseConfig,
    treatments: TreatmentIndex,
) -> list[CourseEvent]:
    """Deterioration, new-deficit and improvement events from the examination series."""
    out: list[CourseEvent] = []
    embolised = embolisations(timeline)
    # One point per examination, in recorded order (several examinations may share a placement day).
    for point, (_day, exam) in zip(points, timeline.exams, strict=True):
        change = point.change
        if change is None and not exam.new_deficit:
            continue
        if exam is not None and worsened(point, exam):
            studies = studies_near(timeline, index, point.day, exam, config.attribution_window_days)
            reasons = change.reasons if change else ("examiner recorded a new neurological deficit",)
            position = timeline.position(exam)
            last = treatments.attributable_before(point.day, position, exam.after.event if exam.after else None)
            emb = next((t for t in reversed(embolised) if t.moment < (point.day, position)), None) if embolised else None
            if emb is not None and (last is None or emb.moment > last.moment):
                last = emb
            since = "" if last is None else (
                f" after {last.label} (day {last.day})" if last.day < point.day else f" after {last.label}")
            complication = complication_near(timeline, exam, last, config.attribution_window_days)
            if studies:
                kind = EventKind.NEW_DEFICIT
                title = f"Neurological deterioration{since}"
                detail = "; ".join(reasons) + f". Imaged on day {', '.join(map(str, studies))}."
            else:
                kind = EventKind.UNIMAGED_DETERIORATION
                maybe = studies_near(timeline, index, point.day, exam, config.attribution_window_days, possibly=True)
                if maybe:
                    # Dated by order or by ranges: a study may lie within the window, but the dates cannot say.
                    title = (f"Neurological deterioration{since}: whether it was imaged within "
                             f"{config.attribution_window_days} days cannot be told (the dates are not exact)")
                    detail = ("; ".join(reasons) + f". A study is recorded (placed on day {', '.join(map(str, maybe))}) "
                              f"but whether it lies within {config.attribution_window_days} days of the examination "
                              "cannot be told: local progression is neither confirmed nor excluded by it. Suspected "
                              "MSCC: whole-spine MRI within 24 h unless that study was it (R-SURV-2, derived from NG234).")
                else:
                    title = f"Neurological deterioration without imaging{since}"
                    detail = (
                        "; ".join(reasons)
                        + f". No imaging within {config.attribution_window_days} days: local progression can be neither "
                        "confirmed nor excluded. Suspected MSCC: whole-spine MRI within 24 h (R-SURV-2, derived from NG234)."
                    )
            data: dict[str, object] = {"imaging_days": studies, "scorad": list(point.scorad), "exam": point.exam_id}
            if kind is EventKind.UNIMAGED_DETERIORATION and "cannot be told" in title:
                data["imaging"] = "cannot_tell"
            if complication is not None:
                # A recorded complication of the procedure explains the deficit: never recurrence.
                title = f"New neurological deficit{since}, with a recorded complication: {complication}"
                detail = ("; ".join(reasons) + f". The record names a complication of the procedure ({complication}) "
                          "at the same time: the deficit is read as that complication, not as tumour recurrence. "
                          "Urgent review by the treating team.")
                data["complication"] = complication
            out.append(
                CourseEvent(
                    day=point.day, kind=kind, title=title, detail=detail, category=_DETERIORATED,
                    basis=tuple(reasons), citations=NEURO_CITATIONS, evidence_status=EvidenceStatus.DERIVED,
                    intervention=last.key if last else None, data=data,
                )
            )
        elif change is not None and change.trend in _BETTER_OR_SAME:
            trend = _TREND_VALUE[change.trend]
            title = f"Neurological status {trend} since day {change.before_day}"
            data = {"scorad": list(point.scorad), "exam": point.exam_id}
            # the fields in their declared order (keyword arguments cost more than the rest of the call)
            out.append(CourseEvent(point.day, _NEURO_CHANGE, title, "; ".join(change.reasons), None, None,
                                   trend, "definite", change.reasons, _SCORAD_CITATIONS, _DERIVED, data))
    return out


def studies_near(timeline: OrderedTimeline, index: FindingIndex, day: int, exam: NeuroExam, window: int,
                 possibly: bool = False) -> list[int]:
    """Placement days of the imaging studies surely within ``window`` days of the examination (on the
    days within which each happened, not on placement days alone); with ``possibly``, those that may lie
    within it but not surely (the dates cannot tell)."""
    if timeline.uncertain is None:
        return [] if possibly else index.studies_near(day, window)
    exam_iv = timeline.interval(day, exam)
    out: list[int] = []
    for study_day, study in timeline.imaging_near(day, exam, window):  # the others are surely too far
        gap = tighten(gap_of(day, exam_iv, study_day, timeline.interval(study_day, study)),
                      timeline.stated_gap(exam.id, study.id))
        stated_back = timeline.stated_gap(study.id, exam.id)
        if stated_back is not None and stated_back[0] is not None:
            gap = tighten(gap, (None if stated_back[1] is None else -stated_back[1], -stated_back[0]))
        near = surely_near(gap, window)
        may = not near and (gap[0] is None or gap[0] <= window) and (gap[1] is None or gap[1] >= -window)
        if (may if possibly else near) and study_day not in out:
            out.append(study_day)
    return out


def complication_near(
    timeline: OrderedTimeline, exam: NeuroExam, last: Intervention | None, window: int
) -> str | None:
    """A recorded complication (in words) of a procedure, surely within ``window`` days of the
    examination and recorded before it; None when there is none (or no procedure preceded it)."""
    if last is None:
        return None
    place = timeline.positions.get(id(exam))  # the exam's place: its day without a scan of the exams
    if place is None or timeline.events[place][1] is not exam:
        return None
    exam_day = timeline.events[place][0]
    exam_iv = timeline.interval(exam_day, exam)
    for day, c in timeline.complications:
        if timeline.position(c) > timeline.position(exam):
            continue
        gap = gap_of(day, timeline.interval(day, c), exam_day, exam_iv)
        for anchor in (c.procedure,):
            a = timeline.stated_gap(anchor, c.id) if anchor else None
            b = timeline.stated_gap(anchor, exam.id) if anchor else None
            if a is not None and b is not None and None not in (a[1], b[1]):
                gap = tighten(gap, (b[0] - a[1], b[1] - a[0]))  # type: ignore[operator]
        if surely_near(gap, window):
            what = c.kind.value.replace("_", " ")
            return f"{what} (complication of {c.procedure})" if c.procedure else what
    return None


def rehabilitation_outcomes(
    timeline: OrderedTimeline, treatments: tuple[Intervention, ...]
) -> tuple[list[RehabOutcome], list[CourseEvent]]:
    outcomes: list[RehabOutcome] = []
    events: list[CourseEvent] = []
    rehab_events = {(d, e.id): e for d, e in timeline.rehabilitation}
    first_on_day: dict[int, Rehabilitation] = {}
    for (d, _), e in rehab_events.items():
        first_on_day.setdefault(d, e)
    for t in treatments:
        if t.kind != "rehabilitation":
            continue
        event = rehab_events.get((t.day, t.key)) or first_on_day[t.day]
        before = timeline.exam_on_or_before(t.day)
        if t.end_day is not None:
            after = timeline.exam_from(t.end_day)
        else:
            last_exam = timeline.exams[-1] if timeline.exams else None
            after = last_exam if last_exam is not None and last_exam[0] > t.day else None
        change: NeuroChange | None = None
        if before and after:
            change = compare_neuro(before[1], after[1], before[0], after[0])
        barthel, fim, reported = event.barthel, event.fim, event.outcome  # read once (a case record's field costs more to read than a local)
        outcomes.append(RehabOutcome(t.key, t.day, t.end_day, change, barthel, fim, reported))
        trend: str | None = None
        if change is not None:
            trend = _TREND_VALUE[change.trend]
            parts = [f"neurological status {trend.replace('_', ' ')} (day {change.before_day} → {change.after_day}: "
                     + ("; ".join(change.reasons) or "nothing comparable") + ")"]
        else:
            parts = ["no examination before and after the episode to compare"]
        if barthel is not None:
            parts.append(f"Barthel {barthel}")
        if fim is not None:
            parts.append(f"FIM {fim}")
        if reported:
            parts.append(f"reported outcome: {reported}")
        events.append(
            CourseEvent(
                day=after[0] if after else t.day, kind=EventKind.REHABILITATION_OUTCOME,
                title=f"Rehabilitation outcome: {trend.replace('_', ' ') if trend else 'not measured'}",
                detail="; ".join(parts), intervention=t.key,
                category=trend if trend else _TREND_VALUE[Trend.CANNOT_ASSESS],
                basis=tuple(parts), citations=("hoskin_2019_scorad",), evidence_status=EvidenceStatus.DERIVED,
            )
        )
    return outcomes, events


def pain_responses(
    timeline: OrderedTimeline, treatments: tuple[Intervention, ...]
) -> tuple[list[PainResponse], list[CourseEvent]]:
    records = timeline.pain
    days = [d for d, _ in records]
    scored = [(d, p) for d, p in records if p.nrs is not None]
    scored_days = [d for d, _ in scored]
    rts = [t for t in treatments if t.radiotherapy]
    responses: list[PainResponse] = []
    events: list[CourseEvent] = []
    for i, t in enumerate(rts):
        until = rts[i + 1].day if i + 1 < len(rts) else None
        b = bisect_right(scored_days, t.day)
        if not b:
            continue
        baseline = scored[b - 1]
        score = baseline[1].nrs
        if score is None or score < 2:
            continue  # no response is judged from this baseline (pain_response would answer None to each)
        hi = len(records) if until is None else bisect_right(days, until)
        for follow in records[bisect_right(days, t.day):hi]:
            resp = pain_response(t.key, baseline, follow)
            if resp is None:
                continue
            responses.append(resp)
            category = resp.category
            words = category or " or ".join(resp.possible)
            title = f"Pain response after {t.label}: {words.replace('_', ' ')}"
            data = {"possible": list(resp.possible), "progression_only": resp.possible == (PROGRESSION,)}
            # the fields in their declared order (keyword arguments cost more than the rest of the call)
            events.append(CourseEvent(
                resp.day, _PAIN_RESPONSE, title, "; ".join(resp.basis), None, t.key, category,
                "definite" if category else "possible", resp.basis, _PAIN_CITATIONS, _UNVERIFIED, data,
            ))
    return responses, events
