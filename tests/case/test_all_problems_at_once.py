"""Field mistakes and whole-timeline mistakes of one file are reported in a single pass."""

from __future__ import annotations

from typing import Any

import pytest

from spinemet.case import parse_case
from spinemet.errors import ValidationFailed


def _problems(data: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(ValidationFailed) as info:
        parse_case(data)
    return {p.location: p.message for p in info.value.problems}


def test_event_after_death_is_reported_alongside_a_bad_frankel_grade() -> None:
    found = _problems({
        "id": "x", "primary": {"site": "breast"},
        "timeline": [
            {"type": "death", "day": 10},
            {"type": "neuro_exam", "day": 20, "frankel": "F"},
        ],
    })
    assert "allowed: A, B, C, D or E" in found["timeline[1].frankel"]
    assert "after the recorded death on day 10" in found["timeline[1].day"]


def test_duplicate_ids_are_reported_alongside_an_out_of_range_nrs() -> None:
    found = _problems({
        "id": "x", "primary": {"site": "breast"},
        "timeline": [
            {"type": "pain", "day": 5, "id": "a", "nrs": 3},
            {"type": "pain", "day": 6, "id": "a", "nrs": 12},
        ],
    })
    assert "less than or equal to 10" in found["timeline[1].nrs"]
    assert "used more than once" in found["timeline[1].id"]


def test_day_and_date_disagreement_is_reported_with_an_unknown_primary_site() -> None:
    found = _problems({
        "id": "x", "index_date": "2024-01-01", "primary": {"site": "lungs"},
        "timeline": [{"type": "pain", "day": 3, "date": "2024-01-10", "nrs": 2}],
    })
    assert "is not allowed" in found["primary.site"]
    assert "the date is day 9" in found["timeline[0]"]


def test_a_timeline_problem_is_not_reported_twice_when_fields_are_valid() -> None:
    with pytest.raises(ValidationFailed) as info:
        parse_case({"id": "x", "primary": {"site": "breast"},
                    "timeline": [{"type": "death", "day": 1}, {"type": "pain", "day": 2, "nrs": 1}]})
    messages = [str(p) for p in info.value.problems]
    assert len(messages) == len(set(messages)) == 1
