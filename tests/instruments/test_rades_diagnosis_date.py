"""Rades 2008's interval from the primary's diagnosis to MSCC is read the same whether the record
gives the diagnosis as a day offset or as a calendar date placed by the case's index date (found by
the cohort-from-store work: a clinician's case dated by ``diagnosis_date`` lost the item)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from spinemet.assessment import assess
from spinemet.case import parse_case

STORY = Path(__file__).resolve().parents[2] / "examples" / "story-lung-net-t6.yaml"


def _interval_item(data: dict[str, Any]) -> Any:
    rades = assess(parse_case(data), 0).instrument("rades_survival")
    assert rades is not None
    return {c.item: c for c in rades.components}["interval_to_mscc"]


def _story_with_index_date() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(STORY.read_text())
    data["index_date"] = "2018-03-01"
    return data


def test_a_diagnosis_date_20_months_before_presentation_gives_over_15_months_as_a_day_would() -> None:
    # 2016-07-01 to 2018-03-01 is 608 days = 20.0 months (30.4375 days a month): over 15 months.
    by_date = _story_with_index_date()
    by_date["primary"]["diagnosis_date"] = dt.date(2016, 7, 1).isoformat()
    by_day = _story_with_index_date()
    by_day["primary"]["diagnosis_day"] = -608
    from_date, from_day = _interval_item(by_date), _interval_item(by_day)
    assert from_date.answer == from_day.answer == "over_15_months"
    assert from_date.points == 7  # Rades 2008: interval > 15 months scores 7
    assert "608 days" in str(from_date.source)


def test_a_diagnosis_date_a_year_before_presentation_gives_up_to_15_months() -> None:
    # 2017-03-01 to 2018-03-01 is 365 days = 12.0 months: up to 15 months.
    data = _story_with_index_date()
    data["primary"]["diagnosis_date"] = "2017-03-01"
    assert _interval_item(data).answer == "up_to_15_months"
