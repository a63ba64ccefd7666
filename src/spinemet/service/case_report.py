"""What a CARE case-report draft needs from the service: the case as its reader may see it, the
course of the whole timeline, and the one assessment of the case at each decision point.

A *decision point* is a day on which the record shows a treatment decided or given (surgery,
radiotherapy, chemo-radiotherapy, systemic therapy, embolisation, ablation, cement augmentation,
primary resection, or a recorded decision). The draft reports the scores of the assessment on that
day -- the same assessment the case page and the tumour-board summary show for that day -- so the
diagnostic assessment of the report (CARE item 8) says what was known when each step was taken.

Two doors, like every use case: :func:`from_case` for a case in memory (a case file, the command
line) and :func:`from_store` for a stored case (role checks and the audit are the service's).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from spinemet.service import offline

if TYPE_CHECKING:
    from spinemet.assessment import Assessment
    from spinemet.case import Case, Event
    from spinemet.course import CourseAnalysis
    from spinemet.service.roles import Actor
    from spinemet.service.usecases import Service

#: event types that mark a decision point (a treatment decided or given)
DECISION_TYPES = frozenset({"surgery", "radiotherapy", "chemoradiotherapy", "systemic_therapy", "embolisation",
                            "ablation", "cement_augmentation", "primary_resection", "decision"})
#: at most this many decision points are assessed (the first ones, in time order)
MOST_DECISION_POINTS = 12


@dataclass(frozen=True)
class DecisionPoint:
    """One day on which a treatment was decided or given, with the events of that kind that day and
    the assessment of the case on that day."""

    day: int
    events: tuple[Event, ...]
    assessment: Assessment


@dataclass(frozen=True)
class CaseReportInputs:
    """Everything the draft is written from (it computes nothing itself)."""

    case: Case
    course: CourseAnalysis
    final: Assessment
    points: tuple[DecisionPoint, ...]
    identified: bool
    origin: str
    version: int | str

    @property
    def day(self) -> int:
        """The day the draft reports up to (events after it are left out)."""
        return self.final.day

    def ordered_events(self) -> list[tuple[int, Event]]:
        """The record's events up to :attr:`day`, in time order."""
        return [(at, ev) for at, ev in self.case.ordered_events() if at <= self.day]

    def course_events(self) -> tuple[Any, ...]:
        """The course analysis' events up to :attr:`day`."""
        return tuple(e for e in self.course.events if e.day <= self.day)

    def interventions(self) -> tuple[Any, ...]:
        """The course analysis' interventions begun up to :attr:`day`."""
        return tuple(i for i in self.course.interventions if i.day <= self.day)


def decision_days(case: Case, until: int | None = None) -> list[tuple[int, tuple[Event, ...]]]:
    """The decision points of ``case`` (day, events), in time order, up to ``until``."""
    days: dict[int, list[Event]] = {}
    for at, event in case.ordered_events():
        if event.type in DECISION_TYPES and (until is None or at <= until):
            days.setdefault(at, []).append(event)
    return [(d, tuple(evs)) for d, evs in sorted(days.items())][:MOST_DECISION_POINTS]


def from_case(case: Case, on: int | None = None, *, origin: str = "case file", identified: bool = True) -> CaseReportInputs:
    """The draft's inputs for a case in memory, reported up to day ``on`` (default: its last event)."""
    final = offline.assess(case, on, field="--on")
    course = final.course
    points = tuple(DecisionPoint(day, events, offline.assess(case, day, course=course) if day != final.day else final)
                   for day, events in decision_days(case, final.day))
    return CaseReportInputs(case, course, final, points, identified, origin, origin)


def from_store(service: Service, actor: Actor, case_id: str, on: int | None = None) -> CaseReportInputs:
    """The draft's inputs for a stored case, as ``actor`` may see it (de-identified for a researcher);
    each assessment comes from the service's kept assessments (one per case version and day)."""
    sheet = service.case_sheet(actor, case_id, on)
    final = sheet.assessment
    case = final.case
    points = tuple(DecisionPoint(day, events, service.assessment(actor, case_id, day, version=sheet.version) if day != final.day else final)
                   for day, events in decision_days(case, final.day))
    return CaseReportInputs(case, final.course, final, points, actor.sees_identifiers, f"stored case version {sheet.version}",
                            sheet.version)
