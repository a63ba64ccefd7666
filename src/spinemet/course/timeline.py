"""The timeline of a case put in day order once, with the event kinds the course reads.

Every step of the course analysis reads the same ordered events: the treatments, the imaging
findings per level, the neurological examinations, the pain scores and the rehabilitation
episodes. Sorting the timeline once and looking days up by bisection keeps the analysis
linear (plus a logarithm per look-up) in the length of the timeline; events on the same day
keep the order in which they were recorded.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from spinemet.case.events import Event, Imaging, NeuroExam, Pain, Rehabilitation
from spinemet.case.model import Case


@dataclass(frozen=True)
class OrderedTimeline:
    """(day, event) pairs of one case in day order, and the kinds the course compares."""

    events: tuple[tuple[int, Event], ...]
    exams: tuple[tuple[int, NeuroExam], ...]
    imaging: tuple[tuple[int, Imaging], ...]
    pain: tuple[tuple[int, Pain], ...]
    rehabilitation: tuple[tuple[int, Rehabilitation], ...]
    exam_days: tuple[int, ...]

    @classmethod
    def of(cls, case: Case) -> OrderedTimeline:
        events = tuple(case.ordered_events())
        exams: list[tuple[int, NeuroExam]] = []
        imaging: list[tuple[int, Imaging]] = []
        pain: list[tuple[int, Pain]] = []
        rehabilitation: list[tuple[int, Rehabilitation]] = []
        for day, event in events:
            if isinstance(event, NeuroExam):
                exams.append((day, event))
            elif isinstance(event, Imaging):
                imaging.append((day, event))
            elif isinstance(event, Pain):
                pain.append((day, event))
            elif isinstance(event, Rehabilitation):
                rehabilitation.append((day, event))
        return cls(
            events, tuple(exams), tuple(imaging), tuple(pain), tuple(rehabilitation), tuple(d for d, _ in exams)
        )

    @property
    def first_day(self) -> int:
        return self.events[0][0] if self.events else 0

    @property
    def last_day(self) -> int:
        """The day of the last event (0 for an empty timeline), as ``Case.resolve_day(None)``."""
        return self.events[-1][0] if self.events else 0

    def exam_on_or_before(self, day: int) -> tuple[int, NeuroExam] | None:
        """The last examination recorded on or before ``day`` (the last of that day's)."""
        i = bisect_right(self.exam_days, day)
        return self.exams[i - 1] if i else None

    def exam_after(self, day: int) -> tuple[int, NeuroExam] | None:
        """The first examination recorded after ``day``."""
        i = bisect_right(self.exam_days, day)
        return self.exams[i] if i < len(self.exams) else None

    def exam_from(self, day: int) -> tuple[int, NeuroExam] | None:
        """The first examination recorded on or after ``day``."""
        i = bisect_left(self.exam_days, day)
        return self.exams[i] if i < len(self.exams) else None
