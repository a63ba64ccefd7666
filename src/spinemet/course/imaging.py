"""Imaging findings of a case arranged by level and day, for comparisons over time."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from spinemet.anatomy import Level
from spinemet.case.events import LevelFinding
from spinemet.course.timeline import OrderedTimeline


@dataclass(frozen=True)
class Seen:
    """One finding at one level on one day (with the study it came from)."""

    day: int
    finding: LevelFinding
    study: str | None


class FindingIndex:
    """Every level finding of a case, per level in day order (same-day studies in recorded order).

    Look-ups bisect the per-level day lists, so following one level after one treatment costs
    a logarithm plus the studies it returns, not a pass over every study of the case.
    """

    def __init__(self, timeline: OrderedTimeline) -> None:
        self.by_level: dict[Level, list[Seen]] = {}
        self._days: dict[Level, list[int]] = {}
        self.study_days: list[int] = []
        for day, event in timeline.imaging:
            self.study_days.append(day)
            for finding in event.findings:
                if finding.level is None:  # span/region/diffuse findings are not per level
                    continue
                self.by_level.setdefault(finding.level, []).append(Seen(day, finding, event.id))
                self._days.setdefault(finding.level, []).append(day)
        self._levels = sorted(self.by_level)

    def levels(self) -> list[Level]:
        return list(self._levels)

    def before(self, level: Level, day: int) -> Seen | None:
        """The latest finding at ``level`` on or before ``day`` (the pre-treatment baseline)."""
        days = self._days.get(level)
        if not days:
            return None
        i = bisect_right(days, day)
        return self.by_level[level][i - 1] if i else None

    def between(self, level: Level, after: int, until: int | None) -> list[Seen]:
        """Findings at ``level`` after day ``after`` up to and including ``until`` (None: no end)."""
        days = self._days.get(level)
        if not days:
            return []
        lo = bisect_right(days, after)
        hi = len(days) if until is None else bisect_right(days, until)
        return self.by_level[level][lo:hi]

    def next_study(self, level: Level, after: int) -> Seen | None:
        days = self._days.get(level)
        if not days:
            return None
        i = bisect_right(days, after)
        return self.by_level[level][i] if i < len(days) else None

    def studies_near(self, day: int, window: int) -> list[int]:
        lo = bisect_left(self.study_days, day - window)
        hi = bisect_right(self.study_days, day + window)
        return self.study_days[lo:hi]
