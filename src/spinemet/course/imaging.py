"""Imaging findings of a case arranged by level and day, for comparisons over time."""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from spinemet.anatomy import Level
from spinemet.case.events import LevelFinding
from spinemet.case.timing import DayInterval
from spinemet.course.timeline import OrderedTimeline
from spinemet.frozen import dataclass, quick_init


@quick_init
@dataclass(frozen=True)
class Seen:
    """One finding at one level on one day (with the study it came from)."""

    day: int
    finding: LevelFinding
    study: str | None
    interval: DayInterval | None = None
    """The days within which the study was made, when it is not dated exactly."""
    position: int = 0
    """The study's place in the ordered timeline (orders events of the same day)."""

    @property
    def moment(self) -> Moment:
        return (self.day, self.position)


Moment = tuple[int, int]
"""(placement day, place in the ordered timeline): when an event happened relative to the others,
so that a study recorded after an operation on the same day follows it."""


class FindingIndex:
    """Every level finding of a case, per level in time order (same-day studies in recorded order).

    Look-ups bisect the per-level lists of moments, so following one level after one treatment
    costs a logarithm plus the studies it returns, not a pass over every study of the case.
    """

    def __init__(self, timeline: OrderedTimeline) -> None:
        self.by_level: dict[Level, list[Seen]] = {}
        self._moments: dict[Level, list[Moment]] = {}
        self.study_days: list[int] = []
        #: findings that name no single level (a span, a region, diffuse, or no place at all), in time order
        self.unplaced: list[Seen] = []
        uncertain, positions = timeline.uncertain, timeline.positions
        for day, event in timeline.imaging:
            self.study_days.append(day)
            interval = uncertain.get(id(event)) if uncertain is not None else None
            position = positions[id(event)]
            study = event.id
            for finding in event.findings:
                level = finding.level
                if level is None:  # span/region/diffuse findings are not per level
                    self.unplaced.append(Seen(day, finding, study, interval, position))
                    continue
                seen = self.by_level.get(level)
                if seen is None:
                    seen = self.by_level[level] = []
                    self._moments[level] = []
                seen.append(Seen(day, finding, study, interval, position))
                self._moments[level].append((day, position))
        self._levels = sorted(self.by_level)

    def levels(self) -> list[Level]:
        return list(self._levels)

    def before(self, level: Level, moment: Moment) -> Seen | None:
        """The latest finding at ``level`` before ``moment`` (the pre-treatment baseline: a study of
        the same day counts when it was recorded before the treatment)."""
        moments = self._moments.get(level)
        if not moments:
            return None
        i = bisect_left(moments, moment)
        return self.by_level[level][i - 1] if i else None

    def between(self, level: Level, after: Moment, until: Moment | None) -> list[Seen]:
        """Findings at ``level`` after ``after`` and before ``until`` (None: no end)."""
        moments = self._moments.get(level)
        if not moments:
            return []
        lo = bisect_right(moments, after)
        hi = len(moments) if until is None else bisect_left(moments, until)
        return self.by_level[level][lo:hi]

    def studies_near(self, day: int, window: int) -> list[int]:
        lo = bisect_left(self.study_days, day - window)
        hi = bisect_right(self.study_days, day + window)
        return self.study_days[lo:hi]
