"""The cases added to simulate the held-out measurement (helper cases3) against expectations written
from the guideline logic (``expected_rules_heldout_style.yaml``).

One test per case, decision point and rule: the rule's outcome at the point (``rule_points.plan_at``)
must equal the guideline reading. Where the program is known to be wrong, the expectation carries
``wrong: <reason>`` and the test still asserts the guideline outcome, marked ``xfail(strict=True)``: it
fails the build the day the program gets it right, so the mark has to be removed then.
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from spinemet.case import Case
from spinemet.course import CourseAnalysis, analyse
from spinemet.evidence import BIBLIOGRAPHY
from spinemet.io.casefile import load_case
from spinemet.pathway import Plan

from ._dataset import HERE, case_dirs
from .rule_points import outcome, plan_at

EXPECTED_FILE = Path(__file__).with_name("expected_rules_heldout_style.yaml")
#: what each expectation compares (see the yaml header)
FIELDS = ("scope", "mscc_urgency", "state", "first_measures", "intradural_referral", "net_systemic",
          "noms", "surgical_candidacy", "after_local_recurrence", "reirradiation_safety")
STATUS_RULES = ("first_measures", "noms", "surgical_candidacy", "after_local_recurrence", "reirradiation_safety")
COURSE_LABELS = ("local_recurrence", "complication_compression", "adjacent_progression", "distant_progression",
                 "compression_cause_unknown", "untreated_compression")


def heldout_style_cases() -> dict[str, Any]:
    """The expectations by case name (also read by the other expectation tests, to know these cases are covered)."""
    data: dict[str, Any] = yaml.safe_load(EXPECTED_FILE.read_text(encoding="utf-8"))["cases"]
    return data


EXPECTED = heldout_style_cases()


@cache
def _case(name: str) -> tuple[Case, CourseAnalysis]:
    case = load_case(HERE / name / "case.yaml")
    return case, analyse(case)


@cache
def _plan(name: str, when: str, event: str) -> Plan:
    case, course = _case(name)
    return plan_at(case, event, when, course)


def _moment(point: dict[str, Any]) -> tuple[str, str]:
    return ("before", point["before"]) if "before" in point else ("after", point["after"])


def _got(name: str, when: str, event: str, field: str) -> str:
    """What the program answers for one expectation field at a decision point."""
    plan = _plan(name, when, event)
    if field == "scope":
        from spinemet.case.snapshot import snapshot
        from spinemet.pathway.applicability import extradural_disease, intradural_sites

        snap = snapshot(_case(name)[0], at=event, when=when)
        sites, extradural = intradural_sites(snap), extradural_disease(snap)
        return ("none" if extradural is None else "mixed" if sites and extradural else
                "intradural" if sites else "extradural")
    if field in ("mscc_urgency", "state"):
        rec = outcome(plan, "mscc_urgency")
        if field == "state":
            return str(rec.data.get("state"))
        return str(rec.data.get("urgency")) if rec.status.value == "decided" else rec.status.value
    rec = outcome(plan, field)
    if field == "intradural_referral":
        if rec.status.value != "decided":
            return rec.status.value
        return "urgent" if rec.data["urgent"] else "routine"
    if field == "net_systemic":
        return str(rec.data.get("branch")) if rec.status.value == "decided" else rec.status.value
    assert field in STATUS_RULES, field
    return rec.status.value


def _params() -> list[Any]:
    params = []
    for name, spec in EXPECTED.items():
        for point in spec["points"]:
            when, event = _moment(point)
            for field in FIELDS:
                if field not in point:
                    continue
                entry = point[field]
                marks = [pytest.mark.xfail(strict=True, reason=entry["wrong"])] if "wrong" in entry else []
                params.append(pytest.param(name, when, event, field, entry["expect"], marks=marks,
                                           id=f"{name}-{when}-{event}-{field}"))
    return params


def test_the_file_covers_cases_of_the_set_with_known_moments_reasons_and_sources() -> None:
    names = {d.name for d in case_dirs()}
    assert set(EXPECTED) <= names
    assert len(EXPECTED) >= 6
    for name, spec in EXPECTED.items():
        ids = {e.id for e in _case(name)[0].timeline}
        assert spec["points"], name
        for point in spec["points"]:
            assert _moment(point)[1] in ids, (name, point)
            assert set(point) <= {"before", "after", "team", *FIELDS}, (name, set(point))
            for field in FIELDS:
                if field in point:
                    entry = point[field]
                    assert entry["why"].strip() and entry["cite"], (name, field)
                    assert set(entry["cite"]) <= set(BIBLIOGRAPHY), (name, field, entry["cite"])


@pytest.mark.parametrize(("name", "when", "event", "field", "expected"), _params())
def test_rule_outcome_matches_the_guideline_reading(name: str, when: str, event: str, field: str,
                                                    expected: str) -> None:
    assert _got(name, when, event, field) == expected


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_course_labels_match_the_guideline_reading(name: str) -> None:
    expected = EXPECTED[name].get("course") or {}
    kinds = Counter(e.kind.value for e in _case(name)[1].events)
    for label in COURSE_LABELS:
        assert kinds[label] == expected.get(label, 0), (label, [e.title for e in _case(name)[1].events])
    # a complication is never a recurrence
    for e in _case(name)[1].events:
        if e.kind.value == "local_recurrence":
            assert "complication" not in e.title.lower()
