"""The plan of a published case (tests/cases/published) at the moment before or after a named event.

The alerts passed are those of the course on that day whose triggering treatment is already in the
snapshot and followed there by a later event (as ``tests/cases/published/rule_points.plan_at``)."""

from __future__ import annotations

from pathlib import Path

from spinemet.case import Case
from spinemet.case.snapshot import snapshot
from spinemet.course import alerts_on, analyse
from spinemet.instruments import assess_snapshot
from spinemet.io.casefile import load_case
from spinemet.pathway import Plan, Recommendation, build_plan

PUBLISHED = Path(__file__).resolve().parents[1] / "cases" / "published"


def published(name: str) -> Case:
    return load_case(PUBLISHED / name / "case.yaml")


def plan_at(case: Case, event: str, when: str = "after") -> Plan:
    snap = snapshot(case, at=event, when="after" if when == "after" else "before")
    ids = [d.value.id for d in snap.events]
    alerts = [a for a in alerts_on(analyse(case), snap.day)
              if a.data.get("intervention") is None
              or (a.data["intervention"] in ids and ids.index(a.data["intervention"]) < len(ids) - 1)]
    return build_plan(snap, assess_snapshot(snap), alerts)


def rule_at(name: str, event: str, rule: str, when: str = "after") -> Recommendation:
    plan = plan_at(published(name), event, when)
    found = plan.get(rule) or next((r for r in plan.not_applicable if r.rule == rule), None)
    assert found is not None, rule
    return found
