"""Pain response (Chow 2012), SCORAD ambulatory grade and exam-to-exam comparison."""

from __future__ import annotations

from typing import Any

import pytest

from spinemet.case.events import NeuroExam
from spinemet.course import Trend, alerts_on, analyse, compare_neuro, pain_categories, scorad_grades
from spinemet.course.pain import classify

from .conftest import pain_case


@pytest.mark.parametrize(
    ("nrs_before", "nrs_after", "omed_before", "omed_after", "expected"),
    [
        (8, 0, 60, 60, "complete_response"),
        (8, 0, 60, 30, "complete_response"),
        (8, 0, 60, 90, "indeterminate"),  # pain-free but on more opioid
        (8, 6, 60, 60, "partial_response"),  # down 2 points
        (8, 8, 60, 45, "partial_response"),  # OMED down 25%, pain not up
        (8, 9, 60, 30, "indeterminate"),  # OMED down but pain up
        (8, 7, 60, 70, "indeterminate"),  # down 1 point with a little more opioid
        (6, 8, 60, 60, "pain_progression"),  # up 2 points, stable OMED
        (6, 7, 60, 75, "pain_progression"),  # OMED up 25%, pain up 1
        (6, 9, 60, 90, "indeterminate"),  # both up: neither definition fits
        (6, 7, 60, 60, "indeterminate"),
    ],
)
def test_chow_categories(nrs_before: int, nrs_after: int, omed_before: float, omed_after: float, expected: str) -> None:
    assert classify(nrs_before, nrs_after, omed_before, omed_after) == expected


def test_unknown_omed_gives_every_category_still_possible() -> None:
    assert pain_categories(8, 0, None, None) == ("complete_response", "indeterminate")
    assert pain_categories(8, 8, 60, None) == ("partial_response", "indeterminate", "pain_progression")
    assert pain_categories(8, 8, 60, 60) == ("indeterminate",)


@pytest.mark.parametrize(
    ("after", "category"),
    [
        ({"nrs": 0, "omed_mg": 60}, "complete_response"),
        ({"nrs": 5, "omed_mg": 60}, "partial_response"),
        ({"nrs": 8, "omed_mg": 30}, "partial_response"),
        ({"nrs": 10, "omed_mg": 60}, "pain_progression"),
        ({"nrs": 9, "omed_mg": 60}, "indeterminate"),
    ],
)
def test_pain_response_in_a_case(after: dict[str, Any], category: str) -> None:
    analysis = analyse(pain_case(after))
    [response] = analysis.pain
    assert response.category == category
    assert response.baseline_day == 0 and response.day == 30
    progression_alerts = [a for a in alerts_on(analysis, 30) if a.key == "pain_progression"]
    assert bool(progression_alerts) == (category == "pain_progression")


def test_pain_without_baseline_score_is_not_assessed() -> None:
    assert analyse(pain_case({"nrs": 2}, before={"omed_mg": 60})).pain == ()


def _exam(**fields: Any) -> NeuroExam:
    return NeuroExam(day=0, **fields)


# SCORAD ambulatory grades as the trial's Table 1 defines them (Hoskin 2019, PMC6902166):
# 1 walks without aids, 2 walks with aids, 3 unable to walk, 4 absent/flicker power in any group.
@pytest.mark.parametrize(
    ("fields", "grades"),
    [
        ({"ambulatory": "independent", "mrc": {"left_lower": 5, "right_lower": 5}}, (1,)),
        ({"ambulatory": "independent", "mrc": {"left_lower": 4}}, (1,)),
        ({"ambulatory": "with_aid", "mrc": {"left_lower": 5}}, (2,)),
        ({"ambulatory": "non_ambulatory", "mrc": {"left_lower": 3}}, (3,)),
        ({"ambulatory": "non_ambulatory", "mrc": {"left_lower": 1, "left_upper": 5}}, (4,)),
        ({"ambulatory": "independent"}, (1,)),
        ({"ambulatory": "non_ambulatory"}, (3, 4)),
        ({"motor_deficit": True}, (1, 2, 3, 4)),
        ({"frankel": "D", "motor_deficit": False}, (1, 2)),
        ({}, ()),
    ],
)
def test_scorad_grades(fields: dict[str, Any], grades: tuple[int, ...]) -> None:
    assert scorad_grades(_exam(**fields)) == grades


@pytest.mark.parametrize(
    ("before", "after", "trend"),
    [
        ({"frankel": "C"}, {"frankel": "D"}, Trend.IMPROVED),
        ({"asia": "D"}, {"asia": "C"}, Trend.DETERIORATED),
        ({"mrc": {"left_lower": 3}}, {"mrc": {"left_lower": 3}}, Trend.STABLE),
        ({"mrc": {"left_lower": 3, "right_lower": 4}}, {"mrc": {"left_lower": 4, "right_lower": 3}}, Trend.MIXED),
        ({"ambulatory": "with_aid"}, {"ambulatory": "non_ambulatory"}, Trend.DETERIORATED),
        ({"motor_deficit": True}, {"motor_deficit": True, "new_deficit": True}, Trend.DETERIORATED),
        ({"frankel": "D"}, {"ambulatory": "with_aid"}, Trend.CANNOT_ASSESS),
    ],
)
def test_compare_neuro(before: dict[str, Any], after: dict[str, Any], trend: Trend) -> None:
    assert compare_neuro(_exam(**before), _exam(**after), 0, 10).trend is trend
