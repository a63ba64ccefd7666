"""The timeline of a case put in day order once, with the event kinds the course reads.

Every step of the course analysis reads the same ordered events: the treatments, the imaging
findings per level, the neurological examinations, the pain scores and the rehabilitation
episodes. Sorting the timeline once and looking days up by bisection keeps the analysis
linear (plus a logarithm per look-up) in the length of the timeline; events on the same day
keep the order in which they were recorded.

Each event also carries the days within which it happened (:class:`DayInterval`): one day for an
exactly dated event, a range for an event dated "within one month of surgery", and an open
interval for one known only by its place in the timeline. The event's *placement day* orders the
timeline; every comparison of times uses the intervals and may answer "cannot tell".
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import field
from functools import cache
from typing import Any

from spinemet.case.events import (
    Ablation,
    CementAugmentation,
    ChemoRadiotherapy,
    Complication,
    Death,
    Embolisation,
    Event,
    Imaging,
    NeuroExam,
    Outcome,
    Pain,
    Radiotherapy,
    Rehabilitation,
    Surgery,
    SystemicTherapy,
)
from spinemet.case.model import Case
from spinemet.case.timing import DayInterval, unit_days
from spinemet.course.intervals import NearIndex
from spinemet.frozen import dataclass, quick_init

_KINDS = (NeuroExam, Imaging, Pain, Rehabilitation, Complication, Outcome, Embolisation)
#: The event classes whose events are treatments the course follows (:func:`spinemet.course.interventions.interventions`).
TREATMENT_TYPES = (Surgery, ChemoRadiotherapy, Radiotherapy, SystemicTherapy, Rehabilitation, CementAugmentation,
                   Ablation)


@cache
def _kind(cls: type) -> tuple[type | None, bool, bool]:
    """What events of class ``cls`` are to the course: the kind of :data:`_KINDS` (the first that matches,
    as an ``isinstance`` chain would say) or None, whether they are treatments (:data:`TREATMENT_TYPES`),
    and whether they record a death. Kept per class, since an ``isinstance`` that fails costs about 2 µs
    per event on pydantic models: the timeline is sorted into kinds by one look-up per event."""
    return (next((kind for kind in _KINDS if issubclass(cls, kind)), None), issubclass(cls, TREATMENT_TYPES),
            issubclass(cls, Death))


@quick_init
@dataclass(frozen=True)
class OrderedTimeline:
    """(day, event) pairs of one case in day order, and the kinds the course compares."""

    events: tuple[tuple[int, Event], ...]
    exams: tuple[tuple[int, NeuroExam], ...]
    imaging: tuple[tuple[int, Imaging], ...]
    pain: tuple[tuple[int, Pain], ...]
    rehabilitation: tuple[tuple[int, Rehabilitation], ...]
    exam_days: tuple[int, ...]
    complications: tuple[tuple[int, Complication], ...] = ()
    uncertain: dict[int, DayInterval] | None = None
    """Intervals of the events not dated exactly, keyed by ``id()`` of the event (None: all exact)."""
    positions: dict[int, int] = field(default_factory=dict)
    """Each event's place in :attr:`events`, keyed by ``id()`` of the event."""
    treatment_places: tuple[int, ...] = ()
    """The places in :attr:`events` of the treatments the course follows (:data:`TREATMENT_TYPES`)."""
    outcomes: tuple[tuple[int, Outcome], ...] = ()
    embolisations: tuple[tuple[int, Embolisation], ...] = ()
    death: tuple[int, int] | None = None
    """The first recorded death: its placement day and its place in :attr:`events` (None: no death)."""
    ids: dict[str, int] = field(default_factory=dict)
    """Each event id's place in :attr:`events` (the last event recorded with it)."""
    by_id: dict[str, Event] = field(default_factory=dict)
    """Each event id's event (the last event recorded with it, as :attr:`ids` places it)."""

    @classmethod
    def of(cls, case: Case) -> OrderedTimeline:
        """The timeline of ``case`` sorted into the kinds the course reads, in one pass."""
        events: list[tuple[int, Event]] = []
        uncertain: dict[int, DayInterval] = {}
        positions: dict[int, int] = {}
        ids: dict[str, int] = {}
        by_id: dict[str, Event] = {}
        treatment_places: list[int] = []
        death: tuple[int, int] | None = None
        lists: dict[type, list[tuple[int, Any]]] = {kind: [] for kind in _KINDS}
        for i, (day, event, interval) in enumerate(case.dated_in_order()):
            placed = (day, event)
            events.append(placed)
            key = id(event)
            positions[key] = i
            if interval is not None:
                uncertain[key] = interval
            event_id = event.id  # read once (a case record's field costs more to read than a local)
            if event_id:
                ids[event_id] = i
                by_id[event_id] = event
            kind, treatment, died = _kind(type(event))  # looked up once per class
            if kind is not None:
                lists[kind].append(placed)
            if treatment:
                treatment_places.append(i)
            elif died and death is None:
                death = placed[0], i
        exams = tuple(lists[NeuroExam])
        return cls(
            tuple(events), exams, tuple(lists[Imaging]), tuple(lists[Pain]), tuple(lists[Rehabilitation]),
            tuple([d for d, _ in exams]), tuple(lists[Complication]), uncertain or None, positions,
            tuple(treatment_places), tuple(lists[Outcome]), tuple(lists[Embolisation]), death, ids, by_id,
        )

    def stated_gap(self, first: str | None, then: str | None) -> tuple[int | None, int | None] | None:
        """The days from event ``first`` to event ``then`` as the sources state them, when ``then`` is
        timed after ``first`` (directly or through a chain of 'after' events) or ``first`` before
        ``then``: "recurrence within one month of surgery" is 0-31 days after the surgery even when the
        surgery itself is dated only by order. None when no such statement links them."""
        if first is None or then is None:
            return None
        by_id = self.by_id
        least: int = 0
        greatest: int | None = 0
        current = by_id.get(then)
        for _ in range(len(by_id) + 1):
            if current is None or current.after is None:
                break
            rel = current.after
            lo, hi = unit_days(rel.at_least, rel.at_most, rel.unit)
            least += lo
            greatest = None if greatest is None or hi is None else greatest + hi
            if rel.event == first:
                return (least, greatest)
            current = by_id.get(rel.event)
        start = by_id.get(first)
        if start is not None and start.before is not None and start.before.event == then:
            return unit_days(start.before.at_least, start.before.at_most, start.before.unit)
        return None

    def day_of(self) -> dict[str, int]:
        """Each event id's placement day (the last event recorded with it)."""
        events = self.events
        return {key: events[i][0] for key, i in self.ids.items()}

    def imaging_near(self, day: int, event: Event, window: int) -> list[tuple[int, Imaging]]:
        """The imaging studies (in timeline order) not surely more than ``window`` days from ``event``
        (placed on ``day``): the only ones a comparison within ``window`` needs to look at
        (:class:`~spinemet.course.intervals.NearIndex`, built once per timeline)."""
        index: NearIndex | None = self.__dict__.get("_imaging_near")
        if index is None:
            index = NearIndex([(d, self.interval(d, study)) for d, study in self.imaging])
            object.__setattr__(self, "_imaging_near", index)
        return [self.imaging[i] for i in index.candidates(day, self.interval(day, event), window)]

    def position(self, event: Event) -> int:
        """The place of ``event`` in the ordered timeline (orders events of the same day)."""
        return self.positions[id(event)]

    @property
    def record_end(self) -> DayInterval:
        """The days within which the record ends: no earlier than any event can be, no later than
        the latest day any event can have (unbounded when an event has no latest day)."""
        if self.uncertain is None:
            return DayInterval.exact(self.last_day)
        earliest = latest = None
        open_ended = False
        for day, event in self.events:
            iv = self.uncertain.get(id(event)) or DayInterval.exact(day)
            if iv.earliest is not None:
                earliest = iv.earliest if earliest is None else max(earliest, iv.earliest)
            if iv.latest is None:
                open_ended = True
            else:
                latest = iv.latest if latest is None else max(latest, iv.latest)
        return DayInterval(earliest, None if open_ended else latest)

    def interval(self, day: int, event: Event) -> DayInterval | None:
        """The days within which ``event`` (placed on ``day``) happened; None when exactly on ``day``."""
        if self.uncertain is None:
            return None
        return self.uncertain.get(id(event))

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
