"""Imaging findings of a case arranged by level and day, for comparisons over time."""

from __future__ import annotations

from dataclasses import dataclass

from spinemet.anatomy import Level
from spinemet.case.events import Imaging, LevelFinding
from spinemet.case.model import Case


@dataclass(frozen=True)
class Seen:
    """One finding at one level on one day (with the study it came from)."""

    day: int
    finding: LevelFinding
    study: str | None


class FindingIndex:
    """Every level finding of a case, per level in day order."""

    def __init__(self, case: Case) -> None:
        self.by_level: dict[Level, list[Seen]] = {}
        self.study_days: list[int] = []
        for day, event in case.ordered_events():
            if isinstance(event, Imaging):
                self.study_days.append(day)
                for finding in event.findings:
                    self.by_level.setdefault(finding.level, []).append(Seen(day, finding, event.id))

    def levels(self) -> list[Level]:
        return sorted(self.by_level)

    def before(self, level: Level, day: int) -> Seen | None:
        """The latest finding at ``level`` on or before ``day`` (the pre-treatment baseline)."""
        found = [s for s in self.by_level.get(level, []) if s.day <= day]
        return found[-1] if found else None

    def between(self, level: Level, after: int, until: int | None) -> list[Seen]:
        """Findings at ``level`` after day ``after`` up to and including ``until`` (None: no end)."""
        return [s for s in self.by_level.get(level, []) if s.day > after and (until is None or s.day <= until)]

    def next_study(self, level: Level, after: int) -> Seen | None:
        later = [s for s in self.by_level.get(level, []) if s.day > after]
        return later[0] if later else None

    def studies_near(self, day: int, window: int) -> list[int]:
        return [d for d in self.study_days if abs(d - day) <= window]
