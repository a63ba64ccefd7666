"""One case on one day: snapshot, every instrument, the course and its alerts, and the plan (pure core).

``assess(case, day)`` is the single computation behind every adapter: the service calls it once
per case version and day and shares the result with the API, the web pages and the commands.
It puts the whole picture in front of a team: what the record says that day, what the scores
say (with ranges for the unknown), what the course shows (recurrence, response, recovery) and
which of its alerts are active, and the plan that follows.

The course analysis reads the whole timeline and does not depend on the day, so a caller that
assesses several days of one case passes it in (``assess(case, day, course=...)``) and the
timeline is analysed once.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from spinemet.case.model import Case
from spinemet.case.snapshot import Snapshot, snapshot
from spinemet.course import CourseAnalysis, alerts_on, analyse
from spinemet.frozen import dataclass
from spinemet.instruments import assess_snapshot
from spinemet.instruments.result import Result
from spinemet.pathway.model import Alert, Plan, Recommendation
from spinemet.pathway.plan import build_plan


@dataclass(frozen=True)
class Assessment:
    """The state of ``case`` on ``day`` and everything SpineMet derives from it."""

    case: Case
    day: int
    snapshot: Snapshot
    instruments: tuple[Result, ...]
    alerts: tuple[Alert, ...]
    plan: Plan
    course: CourseAnalysis

    @property
    def date(self) -> dt.date | None:
        return self.case.date_of_day(self.day)

    @property
    def recommendations(self) -> tuple[Recommendation, ...]:
        return self.plan.recommendations

    def instrument(self, key: str) -> Result | None:
        """The result of one instrument (None when the snapshot does not support it)."""
        return next((r for r in self.instruments if r.instrument == key), None)

    def open_alert_keys(self) -> tuple[str, ...]:
        """The alerts active on the assessed day, as search keys: the alert's key, with the level
        when the alert names one (``early_local_recurrence@T6``); each once, in plan order."""
        names: list[str] = []
        for alert in self.alerts:
            data = alert.as_dict()
            until = data.get("active_until")
            if isinstance(until, int) and until < self.day:
                continue
            key = str(data.get("key") or data.get("title") or "alert")
            level = data.get("level")
            name = f"{key}@{level}" if level else key
            if name not in names:
                names.append(name)
        return tuple(names)

    def as_dict(self) -> dict[str, Any]:
        """The assessment as published JSON data (the course is published on its own)."""
        return {
            "case_id": self.case.id,
            "title": self.case.title,
            "day": self.day,
            "date": self.date.isoformat() if self.date else None,
            "instruments": [r.as_dict() for r in self.instruments],
            "alerts": [a.as_dict() for a in self.alerts],
            "plan": self.plan.as_dict(),
        }


def assess(case: Case, day: int | dt.date | None = None, course: CourseAnalysis | None = None) -> Assessment:
    """Snapshot, instruments, course alerts and plan of ``case`` on ``day`` (default: its last event).

    ``course`` is the course analysis of this very case when the caller already has it.
    """
    on = case.resolve_day(day)
    snap = snapshot(case, on)
    results = tuple(assess_snapshot(snap))
    analysis = course if course is not None else analyse(case)
    plan = build_plan(snap, results, tuple(alerts_on(analysis, on)))
    return Assessment(case, on, snap, results, plan.alerts, plan, analysis)
