"""The published development set against expectations written from the guideline logic (issue 14, pathA).

``expected_rules_decisions.yaml`` holds, for every case and decision point, the expected outcome of
NOMS, surgical candidacy, the after-failure rule and the re-irradiation check, each with the reason
and the evidence keys that support it. An expectation marked ``known_gap`` is one the program does
not meet yet: the test asserts that it still differs, so whoever closes the gap must remove the mark.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from spinemet.case import Case
from spinemet.evidence import BIBLIOGRAPHY
from spinemet.io.casefile import load_case

from ._dataset import HERE, published_cases
from .rule_points import RULES, outcome, plan_at
from .test_expected_heldout_style import heldout_style_cases

EXPECTED = Path(__file__).with_name("expected_rules_decisions.yaml")
STATUSES = {"decided", "branched", "needs_information", "not_applicable"}


@cache
def _expected() -> dict[str, list[dict[str, Any]]]:
    data: dict[str, list[dict[str, Any]]] = yaml.safe_load(EXPECTED.read_text(encoding="utf-8"))["cases"]
    return data


@cache
def _case(name: str) -> Case:
    return load_case(HERE / name / "case.yaml")


def _points() -> list[tuple[str, int]]:
    return [(name, i) for name, points in _expected().items() for i in range(len(points))]


def test_every_published_case_has_expectations_at_one_decision_point_at_least() -> None:
    # the cases added to simulate the held-out measurement keep their expectations in their own file
    names = {c.name for c in published_cases()} - set(heldout_style_cases())
    assert names <= set(_expected()), sorted(names - set(_expected()))
    assert len(names) >= 30


@pytest.mark.parametrize(("name", "index"), _points())
def test_each_expectation_names_a_real_moment_a_status_a_reason_and_known_sources(name: str, index: int) -> None:
    point = _expected()[name][index]
    moment = point.get("before") or point.get("after")
    assert moment in {e.id for e in _case(name).timeline}, moment
    for rule in RULES:
        entry = point[rule]
        assert entry["expect"] in STATUSES, (rule, entry)
        assert entry["why"].strip(), rule
        assert entry["cite"] and all(key in BIBLIOGRAPHY for key in entry["cite"]), (rule, entry["cite"])


@pytest.mark.parametrize(("name", "index"), _points())
def test_rules_give_the_guideline_outcome_at_each_decision_point(name: str, index: int) -> None:
    point = _expected()[name][index]
    when, event = ("before", point["before"]) if "before" in point else ("after", point["after"])
    plan = plan_at(_case(name), event, when)
    gaps = point.get("known_gap") or {}
    for rule in RULES:
        got = outcome(plan, rule).status.value
        expected = point[rule]["expect"]
        if rule in gaps:
            assert got != expected, f"{name} {when} {event}: {rule} now gives {got}; remove its known_gap mark"
        else:
            assert got == expected, f"{name} {when} {event}: {rule} gave {got}, guideline reading {expected} " \
                                    f"({point[rule]['why']})"
