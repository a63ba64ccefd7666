"""One case on one day: snapshot, every instrument, the course's alerts and the plan (pure core).

``assess(case, day)`` is the single call the commands, the API and the web use to put the
whole picture in front of a team: what the record says that day, what the scores say (with
ranges for the unknown), which alerts the course raises, and the plan that follows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from spinemet.case.model import Case
from spinemet.case.snapshot import Snapshot, snapshot
from spinemet.instruments import assess_snapshot
from spinemet.instruments.result import Result
from spinemet.pathway.model import Alert, Plan
from spinemet.pathway.plan import build_plan


@dataclass(frozen=True)
class Assessment:
    case: Case
    day: int
    snapshot: Snapshot
    instruments: tuple[Result, ...]
    alerts: tuple[Alert, ...]
    plan: Plan
    course_available: bool = True

    @property
    def date(self) -> dt.date | None:
        return self.case.date_of_day(self.day)

    def as_dict(self) -> dict[str, Any]:
        return {
            "case_id": self.case.id,
            "title": self.case.title,
            "day": self.day,
            "date": self.date.isoformat() if self.date else None,
            "instruments": [r.as_dict() for r in self.instruments],
            "alerts": [a.as_dict() for a in self.alerts],
            "plan": self.plan.as_dict(),
            "course_available": self.course_available,
        }


def course_alerts(case: Case, day: int) -> tuple[tuple[Alert, ...], bool]:
    """The course's alerts active on ``day`` (and whether the course analysis is available)."""
    try:
        from spinemet.course import alerts_on, analyse
    except ImportError:  # pragma: no cover - the course module ships with the package
        return (), False
    return tuple(alerts_on(analyse(case), day)), True


def assess(case: Case, day: int | dt.date | None = None) -> Assessment:
    """Snapshot, instruments, alerts and plan of ``case`` on ``day`` (default: its last event)."""
    on = case.resolve_day(day)
    snap = snapshot(case, on)
    results = tuple(assess_snapshot(snap))
    alerts, available = course_alerts(case, on)
    plan = build_plan(snap, results, alerts)
    return Assessment(case, on, snap, results, plan.alerts, plan, available)
