"""The published development set against expected rule outcomes written from the guideline logic
(issue 14: scope and intradural routing, urgency, first measures, the NET systemic rule, the course
labels). The expectations and their citations live in ``expected_rules_scope_urgency.yaml``; they
were written case by case from the sources' logic, not copied from the program's output."""

from __future__ import annotations

from collections import Counter
from functools import cache
from typing import Any

import pytest
from tests.cases.published._dataset import HERE, case_dirs, read_yaml
from tests.cases.published.test_expected_heldout_style import heldout_style_cases

from spinemet.case.model import Case
from spinemet.case.snapshot import snapshot
from spinemet.course import CourseAnalysis, alerts_on, analyse
from spinemet.evidence import BIBLIOGRAPHY
from spinemet.instruments import assess_snapshot
from spinemet.io.casefile import load_case
from spinemet.pathway.applicability import extradural_disease, intradural_sites
from spinemet.pathway.model import Plan, Recommendation
from spinemet.pathway.plan import build_plan

EXPECTED: dict[str, Any] = read_yaml(HERE / "expected_rules_scope_urgency.yaml")["cases"]
POINTS = [(name, i) for name, spec in EXPECTED.items() for i in range(len(spec["points"]))]


@cache
def _case(name: str) -> tuple[Case, CourseAnalysis]:
    case = load_case(HERE / name / "case.yaml")
    return case, analyse(case)


def _plan_at(name: str, event: str) -> tuple[Plan, Any]:
    case, course = _case(name)
    snap = snapshot(case, at=event)
    return build_plan(snap, tuple(assess_snapshot(snap)), alerts_on(course, snap.day)), snap


def _rec(plan: Plan, key: str) -> Recommendation:
    [rec] = [r for r in (*plan.recommendations, *plan.not_applicable) if r.rule == key]
    return rec


def test_every_published_case_has_expectations_with_known_citations() -> None:
    # the cases added to simulate the held-out measurement keep their expectations in their own file
    names = {d.name for d in case_dirs()}
    assert names - set(heldout_style_cases()) <= set(EXPECTED) <= names
    for name, spec in EXPECTED.items():
        assert spec["points"], name
        for point in spec["points"]:
            assert point["cite"] and set(point["cite"]) <= set(BIBLIOGRAPHY), (name, point["cite"])
            assert point["why"], name


@pytest.mark.parametrize("name, index", POINTS, ids=[f"{n}@{EXPECTED[n]['points'][i]['at']}" for n, i in POINTS])
def test_rule_outcomes_match_the_guideline_logic(name: str, index: int) -> None:
    point = EXPECTED[name]["points"][index]
    plan, snap = _plan_at(name, point["at"])
    urgency = _rec(plan, "mscc_urgency")
    got = urgency.data.get("urgency") or urgency.status.value if urgency.status.value == "decided" else urgency.status.value
    assert got == point["urgency"], urgency.statement
    if "state" in point:
        assert urgency.data.get("state") == point["state"], urgency.statement
    if "first_measures" in point:
        assert _rec(plan, "first_measures").status.value == point["first_measures"]
    if "intradural_referral" in point:
        route = _rec(plan, "intradural_referral")
        routed = "not_applicable" if route.status.value == "not_applicable" else (
            "urgent" if route.data["urgent"] else "routine")
        assert routed == point["intradural_referral"], route.statement
    if "net_systemic" in point:
        net = _rec(plan, "net_systemic")
        branch = net.data.get("branch") if net.status.value == "decided" else net.status.value
        assert branch == point["net_systemic"], net.statement
    if "scope" in point:
        sites, extradural = intradural_sites(snap), extradural_disease(snap)
        scope = ("none" if extradural is None else "mixed" if sites and extradural else
                 "intradural" if sites else "extradural")
        assert scope == point["scope"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_course_labels_match_the_guideline_logic(name: str) -> None:
    expected = EXPECTED[name]["course"]
    course = _case(name)[1]
    kinds = Counter(e.kind.value for e in course.events)
    assert kinds["local_recurrence"] == expected["local_recurrence"], [e.title for e in course.events]
    assert kinds["complication_compression"] == expected["complication_compression"]
    for label in ("adjacent_progression", "distant_progression", "compression_cause_unknown"):
        assert kinds[label] == expected.get(label, 0), (label, [e.title for e in course.events])
    if "local_recurrence_timing" in expected:
        timing = [e.category for e in course.events if e.kind.value == "local_recurrence"]
        assert timing == expected["local_recurrence_timing"]
    deficits = [e for e in course.events if e.data.get("complication")]
    assert len(deficits) == expected.get("deficit_after_complication", 0), [e.title for e in deficits]
    # never a recurrence where a complication is recorded as the cause
    for e in course.events:
        if e.kind.value == "local_recurrence":
            assert "complication" not in e.title.lower()
