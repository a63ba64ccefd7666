"""Pathway rules that compare times answer on ranges: postoperative RT inside or outside the
7-day to ~4-week window (Itshayek 2010; delayed RT 2020), and a recurrence within 4 weeks of the
operation (R-REC-2, derived), each 'cannot tell' when the recorded dates straddle the threshold."""

from __future__ import annotations

from typing import Any

from tests.pathway.cases import make_case, mri, neuro, run

from spinemet.pathway.model import Plan, Recommendation


def _rule(plan: Plan, key: str) -> Recommendation:
    [rec] = [r for r in (*plan.recommendations, *plan.not_applicable) if r.rule == key]
    return rec


def _operated_then_rt(rt_timing: dict[str, Any]) -> Plan:
    case = make_case(
        "breast",
        mri(-1, "T8", escc="3"), neuro(-1, motor_deficit=True),
        {"id": "op", "type": "surgery", "day": 0, "procedures": ["decompression", "posterior_fixation"],
         "levels": "T8", "fixation_span": "T6-T10"},
        {"id": "rt", "type": "radiotherapy", "levels": "T8", **rt_timing},
        neuro(60, motor_deficit=False),
    )
    return run(case, 60).plan


def test_postoperative_rt_surely_inside_the_window_on_a_range() -> None:
    rec = _rule(_operated_then_rt({"after": {"event": "op", "at_least": 2, "at_most": 3, "unit": "weeks"}}),
                "adjuvant_rt_timing")
    assert rec.statement.startswith("Postoperative radiotherapy started days 14 to 21, 14–21 days after surgery")
    assert rec.statement.endswith(": within the window.") and rec.data["interval_range"] == [14, 21]


def test_postoperative_rt_on_a_range_straddling_the_window_cannot_be_told() -> None:
    rec = _rule(_operated_then_rt({"after": {"event": "op", "at_least": 1, "at_most": 6, "unit": "weeks"}}),
                "adjuvant_rt_timing")
    assert "cannot be told from the recorded dates" in rec.statement and rec.data["interval"] is None


def test_postoperative_rt_surely_late_on_a_range() -> None:
    rec = _rule(_operated_then_rt({"after": {"event": "op", "at_least": 5, "at_most": 6, "unit": "weeks"}}),
                "adjuvant_rt_timing")
    assert rec.statement.endswith("later than ~4 weeks (risk of progression before RT).")


def test_postoperative_rt_on_an_exact_day_reads_as_before() -> None:
    rec = _rule(_operated_then_rt({"day": 10}), "adjuvant_rt_timing")
    assert rec.statement == "Postoperative radiotherapy started day 10, 10 days after surgery: within the window."
    assert rec.data["interval"] == 10 and "interval_range" not in rec.data


def _recurrence_after_surgery(surgery_timing: dict[str, Any], recurrence_day: int) -> Recommendation:
    case = make_case(
        "kidney",
        mri(-5, "T6", escc="3"), neuro(-5, motor_deficit=True),
        {"id": "op", "type": "surgery", "procedures": ["decompression", "posterior_fixation"], "levels": "T6",
         "fixation_span": "T4-T8", **surgery_timing},
        mri(recurrence_day, "T6", escc="3"), neuro(recurrence_day, motor_deficit=True, new_deficit=True),
    )
    return _rule(run(case, recurrence_day).plan, "after_local_recurrence")


def test_recurrence_after_an_operation_dated_to_a_range_is_possibly_recent() -> None:
    # operation on days 0-40, recurrence on day 45: 5-45 days after it, on both sides of 4 weeks
    rec = _recurrence_after_surgery({"day_range": {"earliest": 0, "latest": 40}}, 45)
    assert any(r.startswith("possibly recent surgery (5–45 days ago") for r in rec.data["risks"])


def test_recurrence_surely_within_4_weeks_of_a_ranged_operation_is_recent() -> None:
    rec = _recurrence_after_surgery({"day_range": {"earliest": 10, "latest": 20}}, 30)
    assert "recent surgery (10–20 days ago)" in rec.data["risks"]


def test_recurrence_surely_beyond_4_weeks_is_not_recent() -> None:
    rec = _recurrence_after_surgery({"day_range": {"earliest": 0, "latest": 10}}, 60)
    assert not [r for r in rec.data["risks"] if "recent" in r]
    assert "recent surgery (20 days ago)" in _recurrence_after_surgery({"day": 10}, 30).data["risks"]
