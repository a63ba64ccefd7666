"""What the case page shows beyond the record: scores, plan, alerts and course, from the core.

The core is pure and imports nothing from the web; the web calls it on the case the
service returned. Parts of the core that are not installed yet contribute nothing and the
page says so (``missing_parts``) instead of failing.
"""

from __future__ import annotations

import importlib
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from spinemet.case import Case, Snapshot, snapshot
from spinemet.instruments import Result
from spinemet.pathway.model import Alert, Plan, Recommendation


def _core(module: str, name: str) -> Callable[..., Any] | None:
    try:
        found = getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None
    return found if callable(found) else None


@dataclass
class CaseAnalysis:
    day: int
    snapshot: Snapshot
    instruments: list[Result] = field(default_factory=list)
    plan: Plan | None = None
    alerts: list[Alert] = field(default_factory=list)
    course: Any = None
    missing_parts: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    @property
    def recommendations(self) -> tuple[Recommendation, ...]:
        return self.plan.recommendations if self.plan else ()

    def instrument(self, key: str) -> Result | None:
        return next((r for r in self.instruments if r.instrument == key), None)


def _instruments(snap: Snapshot, out: CaseAnalysis) -> None:
    assess_snapshot = _core("spinemet.instruments", "assess_snapshot")
    if assess_snapshot is None:
        out.missing_parts.append("instruments")
        return
    try:
        out.instruments = list(assess_snapshot(snap))
    except ImportError:
        out.missing_parts.append("instruments")


def analyse_case(case: Case, day: int | None = None) -> CaseAnalysis:
    """Snapshot, every instrument, the plan and the course of ``case`` on ``day``."""
    on = case.resolve_day(day)
    snap = snapshot(case, on)
    out = CaseAnalysis(day=on, snapshot=snap)
    assess = _core("spinemet.assessment", "assess")
    if assess is not None:
        assessment = assess(case, on)
        out.instruments = list(getattr(assessment, "instruments", []) or [])
        out.plan = getattr(assessment, "plan", None)
        out.alerts = list(getattr(assessment, "alerts", []) or [])
    else:
        out.missing_parts.append("pathway")
        _instruments(snap, out)
    analyse = _core("spinemet.course", "analyse")
    if analyse is not None:
        out.course = analyse(case)
        if not out.alerts:
            out.alerts = [a for a in getattr(out.course, "alerts", ()) if isinstance(a, Alert) and a.active_on(on)]
    else:
        out.missing_parts.append("course")
    if out.plan is not None and not out.alerts:
        out.alerts = list(out.plan.alerts)
    return out


def analyse_snapshot(snap: Snapshot) -> CaseAnalysis:
    """The calculator: every instrument (and the plan when it can be made) for one state."""
    out = CaseAnalysis(day=snap.day, snapshot=snap)
    _instruments(snap, out)
    return out


def course_picture_available() -> bool:
    return _core("spinemet.report.course_plot", "render_course") is not None and _core("spinemet.course", "analyse") is not None


def course_svg(case: Case) -> bytes | None:
    """The course picture (:mod:`spinemet.report.course_plot`) as SVG, when installed."""
    render = _core("spinemet.report.course_plot", "render_course")
    analyse = _core("spinemet.course", "analyse")
    if render is None or analyse is None or not case.timeline:
        return None
    figure = render(case, analyse(case))
    out = io.BytesIO()
    figure.savefig(out, format="svg")
    return out.getvalue()
