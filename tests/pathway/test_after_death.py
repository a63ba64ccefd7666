"""After a recorded death no rule recommends an action and the course's alerts stop.

Checked against two published cases whose source records the death: Koyama 2019 (breast, cauda
equina; death 9 months after surgery, placement day 252) and Abdullah 2025 (male breast, intradural
extramedullary L1-L2; death after pulmonary embolism). Before the death both plans ask for an urgent
assessment (the deficit); after it no assessment, imaging or treatment is due.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from spinemet.case.snapshot import snapshot
from spinemet.course import alerts_on, analyse
from spinemet.instruments import assess_snapshot
from spinemet.io.casefile import load_case
from spinemet.pathway import build_plan
from spinemet.pathway.rules import RULES

PUBLISHED = Path(__file__).resolve().parents[1] / "cases" / "published"


@pytest.mark.parametrize("name", ["koyama2019-breast-cauda-equina", "abdullah2025-male-breast-intradural-l1l2"])
def test_after_the_recorded_death_no_rule_recommends_anything_published_cases(name: str) -> None:
    case = load_case(PUBLISHED / name / "case.yaml")
    course = analyse(case)
    before = snapshot(case, at="death", when="before")
    alive = build_plan(before, assess_snapshot(before), alerts_on(course, before.day))
    assert not any("died" in r.statement for r in (*alive.recommendations, *alive.not_applicable))
    snap = snapshot(case, at="death", when="after")
    assert snap.death_day is not None
    plan = build_plan(snap, assess_snapshot(snap), alerts_on(course, snap.day))
    assert plan.recommendations == ()
    assert plan.alerts == ()
    assert {r.rule for r in plan.not_applicable} == {spec.key for spec in RULES}
    for rec in plan.not_applicable:
        assert rec.statement.startswith(f"The patient died on day {snap.death_day}"), rec.statement
        assert not rec.options and "URGENT" not in rec.statement and "MRI" not in rec.statement


def test_koyama2019_at_day_252_the_plan_states_the_death_not_an_mri() -> None:
    # the day-based reading (the web and the CLI take a plan by day): day 252 is the death's placement day
    case = load_case(PUBLISHED / "koyama2019-breast-cauda-equina" / "case.yaml")
    snap = snapshot(case, day=252)
    plan = build_plan(snap, assess_snapshot(snap), alerts_on(analyse(case), 252))
    assert plan.recommendations == () and plan.alerts == ()
    assert all("died on day 252" in r.statement for r in plan.not_applicable)


def test_a_death_dated_only_by_relation_is_not_given_a_day_abdullah2025() -> None:
    # the death is dated "after the pulmonary embolism" (no interval): placed on its earliest day, 0, it is
    # said as "day 0 or later", never "died on day 0"
    case = load_case(PUBLISHED / "abdullah2025-male-breast-intradural-l1l2" / "case.yaml")
    snap = snapshot(case, at="death")
    plan = build_plan(snap, assess_snapshot(snap), ())
    assert all(r.statement.startswith("The patient died on day 0 or later:") for r in plan.not_applicable)
