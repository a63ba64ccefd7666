"""Synthetic cases for the course analysis, one per situation the analysis must recognise."""

from __future__ import annotations

from typing import Any

import pytest

from spinemet.case import Case, parse_case


def make_case(case_id: str, timeline: list[dict[str, Any]], site: str = "kidney") -> Case:
    return parse_case(
        {"id": case_id, "synthetic": True, "primary": {"site": site}, "timeline": timeline}, source=case_id
    )


@pytest.fixture
def late_recurrence() -> Case:
    """Separation surgery at T10, a clean post-operative MRI, recurrence at ESCC 2 after 200 days."""
    return make_case(
        "late-recurrence",
        [
            {"type": "imaging", "day": 0, "modality": "mri", "findings": [{"level": "T10", "escc": "3"}]},
            {"type": "surgery", "day": 1, "procedures": ["separation_surgery", "posterior_fixation"],
             "levels": "T10", "fixation_span": "T8-T12"},
            {"type": "imaging", "day": 7, "modality": "mri", "findings": [{"level": "T10", "escc": "1a"}]},
            {"type": "imaging", "day": 201, "modality": "mri", "findings": [{"level": "T10", "escc": "2"}]},
        ],
    )


@pytest.fixture
def no_follow_up_imaging() -> Case:
    """Conventional RT to L2 and examinations afterwards, but no imaging after the RT."""
    return make_case(
        "no-follow-up-imaging",
        [
            {"type": "imaging", "day": 0, "modality": "mri", "findings": [{"level": "L2", "escc": "1b"}]},
            {"type": "neuro_exam", "day": 0, "frankel": "E", "ambulatory": "independent"},
            {"type": "radiotherapy", "day": 3, "technique": "cebrt", "dose_gy": 20, "fractions": 5, "levels": "L2"},
            {"type": "neuro_exam", "day": 120, "frankel": "E", "ambulatory": "independent"},
        ],
    )


@pytest.fixture
def adjacent_after_sbrt() -> Case:
    """SBRT to T10; three months later T10 is unchanged but new epidural tumour compresses the cord at T11."""
    return make_case(
        "adjacent-after-sbrt",
        [
            {"type": "imaging", "day": 0, "modality": "mri",
             "findings": [{"level": "T10", "escc": "1a", "lesion_size_mm": 20}, {"level": "T11", "escc": "0"}]},
            {"type": "radiotherapy", "day": 5, "technique": "sbrt", "dose_gy": 24, "fractions": 2, "levels": "T10"},
            {"type": "imaging", "day": 95, "modality": "mri",
             "findings": [{"level": "T10", "escc": "1a", "lesion_size_mm": 20}, {"level": "T11", "escc": "2"}]},
        ],
    )


def _pseudo(case_id: str, later_exam: dict[str, Any]) -> Case:
    return make_case(
        case_id,
        [
            {"type": "imaging", "day": 0, "modality": "mri", "findings": [{"level": "L1", "escc": "1a", "lesion_size_mm": 20}]},
            {"type": "neuro_exam", "day": 0, "frankel": "E", "ambulatory": "independent"},
            {"type": "radiotherapy", "day": 2, "technique": "sbrt", "dose_gy": 24, "fractions": 2, "levels": "L1"},
            {"type": "imaging", "day": 62, "modality": "mri", "findings": [{"level": "L1", "escc": "1a", "lesion_size_mm": 30}]},
            {"type": "neuro_exam", "day": 62, **later_exam},
        ],
    )


@pytest.fixture
def pseudoprogression() -> Case:
    """SBRT to L1; two months later the lesion is 50% larger, no epidural change, neurology unchanged."""
    return _pseudo("pseudoprogression", {"frankel": "E", "ambulatory": "independent"})


@pytest.fixture
def enlargement_with_deficit() -> Case:
    """The same enlargement, but the patient now walks only with an aid (Frankel D)."""
    return _pseudo("enlargement-with-deficit", {"frankel": "D", "ambulatory": "with_aid"})


@pytest.fixture
def deterioration_without_imaging() -> Case:
    """After RT the patient loses independent walking; no imaging is recorded around it."""
    return make_case(
        "deterioration-without-imaging",
        [
            {"type": "imaging", "day": 0, "modality": "mri", "findings": [{"level": "T8", "escc": "1c"}]},
            {"type": "neuro_exam", "day": 0, "frankel": "E", "ambulatory": "independent"},
            {"type": "radiotherapy", "day": 2, "technique": "cebrt", "dose_gy": 8, "fractions": 1, "levels": "T8"},
            {"type": "neuro_exam", "day": 40, "frankel": "D", "ambulatory": "with_aid", "mrc": {"left_lower": 4}},
        ],
    )


def pain_case(after: dict[str, Any], before: dict[str, Any] | None = None) -> Case:
    before = before or {"nrs": 8, "omed_mg": 60}
    return make_case(
        "pain",
        [
            {"type": "pain", "day": 0, **before},
            {"type": "radiotherapy", "day": 1, "technique": "cebrt", "dose_gy": 8, "fractions": 1, "levels": "L4"},
            {"type": "pain", "day": 30, **after},
        ],
        site="breast",
    )
