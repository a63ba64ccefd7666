"""The plan of a published case at a decision point: the moment just before or after a named event.

Published cases date most events by relation ("within a month of the operation"), so several events
share a placement day and a plan by day would read the whole story at once. A decision point is
therefore an event of the timeline with ``before`` or ``after``: the snapshot holds every event up
to it in the recorded order (``spinemet.case.snapshot(at=..., when=...)``), the instruments are scored
on that snapshot, and only the course alerts whose triggering treatment is already in the snapshot,
and followed there by a later event, are passed to the rules (an alert about a treatment not yet
given cannot re-open a decision). Used by ``test_expected_rules.py`` and ``rule_figures.py``.
"""

from __future__ import annotations

from typing import Any

from spinemet.case import Case
from spinemet.case.snapshot import snapshot
from spinemet.course import alerts_on, analyse
from spinemet.instruments import assess_snapshot
from spinemet.pathway import Plan, Recommendation, build_plan

#: The rules whose expectations pathA keeps (issue 14 items 1, 4, 5).
RULES = ("noms", "surgical_candidacy", "after_local_recurrence", "reirradiation_safety")


def plan_at(case: Case, event: str, when: str = "after", course: Any = None) -> Plan:
    """The plan at a decision point (``when`` = ``before`` or ``after`` the event ``event``)."""
    snap = snapshot(case, at=event, when="after" if when == "after" else "before")
    analysis = course if course is not None else analyse(case)
    ids = [d.value.id for d in snap.events]
    alerts = []
    for alert in alerts_on(analysis, snap.day):
        trigger = alert.data.get("intervention")
        if trigger is None:
            alerts.append(alert)
            continue
        if trigger in ids and ids.index(trigger) < len(ids) - 1:
            alerts.append(alert)
    return build_plan(snap, assess_snapshot(snap), alerts)


def outcome(plan: Plan, rule: str) -> Recommendation:
    """The recommendation of ``rule`` in ``plan`` (from the plan or from its not-applicable list)."""
    found = plan.get(rule) or next((r for r in plan.not_applicable if r.rule == rule), None)
    if found is None:
        raise KeyError(f"rule {rule!r} gave no answer")
    return found
