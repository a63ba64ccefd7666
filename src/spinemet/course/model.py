"""What the course analysis produces: interventions, derived events, assessments, trajectories.

All types are frozen dataclasses with ``as_dict`` for JSON. "Cannot assess" is a value
(:attr:`LocalStatus.CANNOT_ASSESS`, :attr:`Trend.CANNOT_ASSESS`), never an absence that a
reader could mistake for "nothing happened".
"""

from __future__ import annotations

import dataclasses
from dataclasses import field
from enum import StrEnum
from typing import Any

from spinemet.anatomy import Level
from spinemet.case.timing import DayInterval
from spinemet.evidence import EvidenceStatus
from spinemet.frozen import dataclass, quick_init
from spinemet.pathway.model import Alert


class EventKind(StrEnum):
    """Kinds of derived course events."""

    LOCAL_RECURRENCE = "local_recurrence"
    ADJACENT_PROGRESSION = "adjacent_progression"
    POSSIBLE_PSEUDOPROGRESSION = "possible_pseudoprogression"
    LOCAL_CONTROL = "local_control"
    RESPONSE = "response"
    PAIN_RESPONSE = "pain_response"
    NEURO_CHANGE = "neuro_change"
    NEW_DEFICIT = "new_deficit"
    UNIMAGED_DETERIORATION = "deterioration_without_imaging"
    REHABILITATION_OUTCOME = "rehabilitation_outcome"
    CANNOT_ASSESS = "cannot_assess"
    COMPLICATION_COMPRESSION = "complication_compression"
    """New compression caused by a recorded complication of a procedure (not tumour)."""
    COMPRESSION_CAUSE_UNKNOWN = "compression_cause_unknown"
    """New compression within days of a procedure, no cause recorded: recurrence or complication not yet known."""
    ADJUVANT_RT_TIMING = "adjuvant_rt_timing"
    """When radiotherapy to an operated level started after the operation (early, in time, late)."""
    DISTANT_PROGRESSION = "distant_progression"
    """A new spinal lesion away from the treated, instrumented and adjacent levels."""
    UNTREATED_COMPRESSION = "untreated_compression"
    """Compression seen after treatment that no treatment's field covers and that was not known before it:
    a new MSCC to triage (the lesion may be new or first imaged now)."""


class Trend(StrEnum):
    IMPROVED = "improved"
    STABLE = "stable"
    DETERIORATED = "deteriorated"
    MIXED = "mixed"
    CANNOT_ASSESS = "cannot_assess"


class LocalStatus(StrEnum):
    """The local-control verdict for one treated (or adjacent) level after one intervention."""

    RECURRENCE = "recurrence"
    PROGRESSION_ADJACENT = "progression_adjacent"
    POSSIBLE_PSEUDOPROGRESSION = "possible_pseudoprogression"
    CONTROLLED = "controlled"
    CANNOT_ASSESS = "cannot_assess"
    COMPRESSION_CAUSE_UNKNOWN = "compression_cause_unknown"
    """New compression within days of the procedure without a recorded cause."""


@quick_init
@dataclass(frozen=True)
class Intervention:
    """A treatment on the timeline, reduced to what the course needs.

    ``levels`` are the levels treated (decompressed or irradiated); ``field`` adds the
    instrumented span for surgery. Systemic therapy has no levels (it treats every lesion).
    ``interval`` holds the days within which the treatment happened when it is not dated
    exactly (``day`` is then its placement day).
    """

    key: str
    kind: str
    day: int
    label: str
    end_day: int | None = None
    levels: tuple[Level, ...] = ()
    field: tuple[Level, ...] = ()
    decompressive: bool = False
    radiotherapy: bool = False
    systemic: bool = False
    technique: str | None = None
    interval: DayInterval | None = None
    position: int = dataclasses.field(default=0, compare=False)
    """The treatment's place in the ordered timeline (orders events of the same day)."""
    spinal: bool = dataclasses.field(default=True, compare=False)
    """False for a radiotherapy or embolisation recorded as aimed elsewhere (brain, primary, ...)."""

    @property
    def moment(self) -> tuple[int, int]:
        return (self.day, self.position)

    @property
    def local(self) -> bool:
        return bool(self.levels)

    def covers(self, level: Level) -> bool:
        return level in self.levels

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "key": self.key,
            "kind": self.kind,
            "day": self.day,
            "end_day": self.end_day,
            "label": self.label,
            "levels": [str(lv) for lv in self.levels],
            "field": [str(lv) for lv in self.field],
            "decompressive": self.decompressive,
            "radiotherapy": self.radiotherapy,
            "systemic": self.systemic,
            "technique": self.technique,
        }
        if self.interval is not None:  # only for a treatment not dated exactly (additive key)
            out["interval"] = {"earliest": self.interval.earliest, "latest": self.interval.latest}
        return out


@quick_init
@dataclass(frozen=True)
class CourseEvent:
    """A derived event: something the analysis concluded from the record, dated and explained.

    ``category`` is the verdict in a word (``early``, ``CR``, ``improved`` ...);
    ``certainty`` is ``definite`` when the record states it, ``probable`` or ``possible``
    when the analysis had to read between findings (the detail says why).
    """

    day: int
    kind: EventKind
    title: str
    detail: str
    level: Level | None = None
    intervention: str | None = None
    category: str | None = None
    certainty: str = "definite"
    basis: tuple[str, ...] = ()
    citations: tuple[str, ...] = ()
    evidence_status: EvidenceStatus = EvidenceStatus.DERIVED
    data: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "day": self.day,
            "kind": self.kind.value,
            "title": self.title,
            "detail": self.detail,
            "level": str(self.level) if self.level is not None else None,
            "intervention": self.intervention,
            "category": self.category,
            "certainty": self.certainty,
            "basis": list(self.basis),
            "citations": list(self.citations),
            "evidence_status": self.evidence_status.value,
            "data": self.data,
        }


@quick_init
@dataclass(frozen=True)
class LevelAssessment:
    """Local control at one level after one intervention (up to the next treatment there)."""

    intervention: str
    level: Level
    relation: str  # "treated" | "instrumented" | "adjacent"
    status: LocalStatus
    window_end: int | None
    imaging_days: tuple[int, ...] = ()
    event_day: int | None = None
    interval_days: int | None = None
    timing: str | None = None  # "early" | "late" | "cannot_tell" (the interval straddles the threshold)
    basis: tuple[str, ...] = ()
    interval_range: tuple[int | None, int | None] | None = None
    """Least and greatest days from the intervention to the event when the dates are not exact."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "intervention": self.intervention,
            "level": str(self.level),
            "relation": self.relation,
            "status": self.status.value,
            "window_end": self.window_end,
            "imaging_days": list(self.imaging_days),
            "event_day": self.event_day,
            "interval_days": self.interval_days,
            "timing": self.timing,
            "basis": list(self.basis),
            **({"interval_range": list(self.interval_range)} if self.interval_range is not None else {}),
        }


@quick_init
@dataclass(frozen=True)
class Response:
    """Imaging response at one level on one follow-up study after RT or systemic therapy."""

    intervention: str
    level: Level
    baseline_day: int | None
    day: int
    spino: str | None  # "local_progression" | "local_control" | "possible_pseudoprogression" | None
    mda: str | None  # "CR" | "PR" | "SD" | "PD" | None (cannot assess)
    epidural: Trend
    basis: tuple[str, ...] = ()
    cautions: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "intervention": self.intervention,
            "level": str(self.level),
            "baseline_day": self.baseline_day,
            "day": self.day,
            "spino": self.spino,
            "mda": self.mda,
            "epidural": self.epidural.value,
            "basis": list(self.basis),
            "cautions": list(self.cautions),
        }


@quick_init
@dataclass(frozen=True)
class PainResponse:
    """International-consensus pain response (Chow 2012) between a baseline and a follow-up.

    ``possible`` lists every category the unknown values still allow; ``category`` is set
    when only one remains.
    """

    intervention: str
    baseline_day: int
    day: int
    possible: tuple[str, ...]
    nrs_before: int | None
    nrs_after: int | None
    omed_before: float | None
    omed_after: float | None
    basis: tuple[str, ...] = ()

    @property
    def category(self) -> str | None:
        return self.possible[0] if len(self.possible) == 1 else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "intervention": self.intervention,
            "baseline_day": self.baseline_day,
            "day": self.day,
            "category": self.category,
            "possible": list(self.possible),
            "nrs_before": self.nrs_before,
            "nrs_after": self.nrs_after,
            "omed_before": self.omed_before,
            "omed_after": self.omed_after,
            "basis": list(self.basis),
        }


@quick_init
@dataclass(frozen=True)
class NeuroChange:
    """How one neurological examination compares with an earlier one."""

    before_day: int
    after_day: int
    trend: Trend
    reasons: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "before_day": self.before_day,
            "after_day": self.after_day,
            "trend": self.trend.value,
            "reasons": list(self.reasons),
        }


@quick_init
@dataclass(frozen=True)
class NeuroPoint:
    """The neurological and functional state at one examination."""

    day: int
    exam_id: str | None
    frankel: str | None
    asia: str | None
    mrc_min: int | None
    ambulatory: str | None
    motor_deficit: bool | None
    scorad: tuple[int, ...]
    """SCORAD ambulatory grades (1-4) still possible; one value when settled, empty when unknown."""
    change: NeuroChange | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "day": self.day,
            "exam_id": self.exam_id,
            "frankel": self.frankel,
            "asia": self.asia,
            "mrc_min": self.mrc_min,
            "ambulatory": self.ambulatory,
            "motor_deficit": self.motor_deficit,
            "scorad": list(self.scorad),
            "change": self.change.as_dict() if self.change else None,
        }


@quick_init
@dataclass(frozen=True)
class RehabOutcome:
    """What changed across a rehabilitation episode."""

    intervention: str
    day: int
    end_day: int | None
    change: NeuroChange | None
    barthel: int | None
    fim: int | None
    outcome: str | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "intervention": self.intervention,
            "day": self.day,
            "end_day": self.end_day,
            "change": self.change.as_dict() if self.change else None,
            "barthel": self.barthel,
            "fim": self.fim,
            "outcome": self.outcome,
        }


@quick_init
@dataclass(frozen=True)
class CourseAnalysis:
    """The course of one case: what was done, what followed, and the alerts it raises."""

    case_id: str
    first_day: int
    last_day: int
    interventions: tuple[Intervention, ...]
    events: tuple[CourseEvent, ...]
    alerts: tuple[Alert, ...]
    local: tuple[LevelAssessment, ...]
    responses: tuple[Response, ...]
    pain: tuple[PainResponse, ...]
    neuro: tuple[NeuroPoint, ...]
    rehabilitation: tuple[RehabOutcome, ...]
    thresholds: tuple[dict[str, Any], ...] = ()

    def events_on(self, day: int) -> tuple[CourseEvent, ...]:
        return tuple(e for e in self.events if e.day == day)

    def events_until(self, day: int) -> tuple[CourseEvent, ...]:
        return tuple(e for e in self.events if e.day <= day)

    def alerts_on(self, day: int) -> tuple[Alert, ...]:
        return tuple(a for a in self.alerts if a.active_on(day))

    def local_at(self, level: Level) -> tuple[LevelAssessment, ...]:
        return tuple(a for a in self.local if a.level == level)

    def neuro_on_or_before(self, day: int) -> NeuroPoint | None:
        points = [p for p in self.neuro if p.day <= day]
        return points[-1] if points else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "case_id": self.case_id,
            "first_day": self.first_day,
            "last_day": self.last_day,
            "interventions": [i.as_dict() for i in self.interventions],
            "events": [e.as_dict() for e in self.events],
            "alerts": [a.as_dict() for a in self.alerts],
            "local": [a.as_dict() for a in self.local],
            "responses": [r.as_dict() for r in self.responses],
            "pain": [p.as_dict() for p in self.pain],
            "neuro": [p.as_dict() for p in self.neuro],
            "rehabilitation": [r.as_dict() for r in self.rehabilitation],
            "thresholds": list(self.thresholds),
        }
