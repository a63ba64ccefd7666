"""Time as uncertain as the sources: ranges, relative times, order only, same-day order."""

from __future__ import annotations

from typing import Any

import pytest

from spinemet.case import parse_case, snapshot
from spinemet.case.model import UncertainDay
from spinemet.case.timing import (
    DayInterval,
    days_words,
    interval_between,
    is_before,
    is_within,
    unit_days,
    when_words,
)
from spinemet.errors import ValidationFailed


def case(*timeline: dict[str, Any], **extra: Any) -> Any:
    return parse_case({"id": "t", "primary": {"site": "kidney"}, "timeline": list(timeline), **extra})


def test_within_one_month_of_surgery_is_days_0_to_31_after_it() -> None:
    # A month is 28-31 days: "within one month" widens to the longest month, never a guessed 30.
    c = case({"type": "surgery", "id": "op", "day": 10},
             {"type": "imaging", "id": "mri", "after": {"event": "op", "at_least": 0, "at_most": 1, "unit": "months"}})
    mri = c.event_by_id("mri")
    assert c.interval_of(mri) == DayInterval(10, 41)


def test_after_12_years_is_4380_to_4392_days() -> None:
    # 12 years of 365-366 days: 4380..4392 (12 x 366); nothing narrower is invented.
    assert unit_days(12, 12, "years") == (4380, 4392)


def test_three_months_later_is_84_to_93_days() -> None:
    assert unit_days(3, 3, "months") == (84, 93)


def test_relative_time_without_an_upper_bound_is_open() -> None:
    c = case({"type": "surgery", "id": "op", "day": 0}, {"type": "death", "after": {"event": "op", "at_least": 7}})
    assert c.interval_of(c.timeline[1]) == DayInterval(7, None)


def test_before_an_event_counts_backwards() -> None:
    c = case({"type": "surgery", "id": "op", "day": 100},
             {"type": "pain", "character": "mechanical", "before": {"event": "op", "at_least": 2, "at_most": 3, "unit": "weeks"}})
    assert c.interval_of(c.timeline[1]) == DayInterval(79, 86)


def test_relative_to_a_ranged_event_adds_both_uncertainties() -> None:
    c = case({"type": "surgery", "id": "op", "day_range": {"earliest": 5, "latest": 9}},
             {"type": "imaging", "id": "mri", "after": {"event": "op", "at_least": 1, "at_most": 2}})
    assert c.interval_of(c.timeline[1]) == DayInterval(6, 11)


def test_order_only_event_is_bounded_by_its_dated_neighbours() -> None:
    c = case({"type": "imaging", "day": 3}, {"type": "surgery"}, {"type": "radiotherapy", "day": 40})
    assert c.interval_of(c.timeline[1]) == DayInterval(3, 40)
    assert c.when_text(c.timeline[1]) == "days 3 to 40"


def test_order_only_events_at_the_ends_are_open_on_that_side() -> None:
    c = case({"type": "pain", "present": True}, {"type": "imaging", "day": 0}, {"type": "surgery"})
    assert c.interval_of(c.timeline[0]) == DayInterval(None, 0)
    assert c.interval_of(c.timeline[2]) == DayInterval(0, None)


def test_a_wholly_undated_case_is_valid_and_keeps_its_order() -> None:
    c = case({"type": "pain", "present": True, "id": "p"}, {"type": "surgery", "id": "s"}, {"type": "death", "id": "d"})
    assert [e.id for _, e in c.ordered_events()] == ["p", "s", "d"]
    assert all(c.interval_of(e) == DayInterval(None, None) for e in c.timeline)
    assert c.when_text(c.timeline[1]) == "an undated day (order only)"


def test_day_of_refuses_a_ranged_event_instead_of_inventing_a_day() -> None:
    c = case({"type": "surgery", "id": "op", "day_range": {"earliest": 5, "latest": 9}})
    with pytest.raises(UncertainDay, match=r"days 5\.\.9"):
        c.day_of(c.timeline[0])
    assert c.placement_day(c.timeline[0]) == 5


def test_exact_days_are_unchanged() -> None:
    c = case({"type": "surgery", "day": 4}, {"type": "imaging", "day": 2})
    assert [d for d, _ in c.ordered_events()] == [2, 4]
    assert c.day_of(c.timeline[0]) == 4


def test_an_uncertain_event_written_after_another_stays_after_it() -> None:
    # MRI on day 14; "within a month of surgery" (days 0..31) written after it: placed on day 14, after it.
    c = case({"type": "surgery", "id": "op", "day": 0}, {"type": "imaging", "id": "mri", "day": 14},
             {"type": "neuro_exam", "id": "exam", "after": {"event": "op", "at_most": 1, "unit": "months"}})
    assert [e.id for _, e in c.ordered_events()] == ["op", "mri", "exam"]
    assert c.placement_day(c.event_by_id("exam")) == 14


def test_same_day_events_keep_written_order_and_snapshot_can_be_taken_before_the_operation() -> None:
    c = case({"type": "neuro_exam", "id": "presentation", "day": 0, "frankel": "C"},
             {"type": "decision", "id": "mdt", "day": 0, "summary": "operate"},
             {"type": "surgery", "id": "op", "day": 0, "procedures": ["decompression"]},
             {"type": "neuro_exam", "id": "postop", "day": 0, "frankel": "D"})
    before = snapshot(c, at="op", when="before")
    after = snapshot(c, at="op")
    assert before.surgeries() == [] and len(before.decisions) == 1
    assert len(after.surgeries()) == 1 and after.neuro is not None and after.neuro.value.id == "presentation"
    assert snapshot(c, 0).neuro.value.id == "postop"  # type: ignore[union-attr]


def test_snapshot_dated_values_carry_their_interval() -> None:
    c = case({"type": "surgery", "id": "op", "day": 0},
             {"type": "imaging", "id": "mri", "after": {"event": "op", "at_least": 1, "at_most": 30},
              "findings": [{"level": "T9", "escc": "2"}]})
    s = snapshot(c)
    assert s.imaging is not None and s.imaging.interval == DayInterval(1, 30) and s.imaging.day == 1
    assert snapshot(c, at="mri").day_interval == DayInterval(1, 30)
    exact = snapshot(c, at="op")
    assert exact.treatments[0].interval is None and exact.treatments[0].when == DayInterval(0, 0)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (DayInterval(0, 0), DayInterval(20, 40), (20, 40)),
        (DayInterval(0, 10), DayInterval(30, 30), (20, 30)),
        (DayInterval(0, 0), DayInterval(5, None), (5, None)),
        (DayInterval(None, 3), DayInterval(10, 10), (7, None)),
    ],
)
def test_interval_between_is_least_and_greatest_gap(a: DayInterval, b: DayInterval, expected: tuple[int | None, int | None]) -> None:
    assert interval_between(a, b) == expected


@pytest.mark.parametrize(
    ("gap", "threshold", "answer"),
    [((20, 40), 90, True), ((100, 200), 90, False), ((60, 120), 90, None), ((60, None), 90, None),
     ((None, 80), 90, True), ((91, None), 90, False), ((90, 90), 90, True)],
)
def test_is_within_answers_yes_no_or_cannot_tell(gap: tuple[int | None, int | None], threshold: int, answer: bool | None) -> None:
    assert is_within(gap, threshold) is answer


def test_is_before_cannot_tell_when_intervals_overlap() -> None:
    assert is_before(DayInterval(0, 5), DayInterval(6, 9)) is True
    assert is_before(DayInterval(6, 9), DayInterval(0, 5)) is False
    assert is_before(DayInterval(0, 10), DayInterval(5, 6)) is None


def _problems(*timeline: dict[str, Any], **extra: Any) -> list[str]:
    with pytest.raises(ValidationFailed) as info:
        case(*timeline, **extra)
    return [f"{p.location}: {p.message}" for p in info.value.problems]


def test_circular_relative_times_are_refused_with_location() -> None:
    problems = _problems({"type": "surgery", "id": "a", "after": {"event": "b", "at_most": 2}},
                         {"type": "imaging", "id": "b", "after": {"event": "a", "at_most": 2}})
    assert any("circular" in p for p in problems)


def test_order_only_event_between_contradicting_neighbours_is_refused() -> None:
    problems = _problems({"type": "imaging", "day": 50}, {"type": "surgery"}, {"type": "radiotherapy", "day": 10})
    assert any(p.startswith("timeline[1]") and "placed by its position" in p for p in problems)


def test_date_range_needs_index_date() -> None:
    problems = _problems({"type": "surgery", "date_range": {"earliest": "2019-03-01", "latest": "2019-03-31"}})
    assert any(p.startswith("timeline[0].date_range") and "index_date" in p for p in problems)


def test_date_range_becomes_days() -> None:
    c = case({"type": "surgery", "date_range": {"earliest": "2019-03-01", "latest": "2019-03-31"}},
             index_date="2019-02-01")
    assert c.interval_of(c.timeline[0]) == DayInterval(28, 58)


def test_a_ranged_event_that_can_only_follow_death_is_refused() -> None:
    problems = _problems({"type": "death", "id": "d", "day": 10},
                         {"type": "imaging", "after": {"event": "d", "at_least": 1, "at_most": 2}})
    assert any("after the recorded death" in p for p in problems)


def test_an_undated_surgery_followed_by_an_event_timed_after_it_is_accepted_not_called_circular() -> None:
    # "Imaging on day 0; surgery (no date); two to three days after the surgery a CT": the CT is
    # dated from the surgery, so it cannot place the surgery; nothing here is circular.
    c = case({"type": "imaging", "id": "a", "day": 0}, {"type": "surgery", "id": "b"},
             {"type": "imaging", "after": {"event": "b", "at_least": 2, "at_most": 3}},
             {"type": "radiotherapy", "day": 30})
    assert [c.interval_of(e) for e in c.timeline] == [DayInterval(0, 0), DayInterval(0, 30), DayInterval(2, 33),
                                                      DayInterval(30, 30)]


def test_one_wording_of_spans_and_days_says_ranges_as_ranges() -> None:
    # Spans: exact, both bounds (a negative least bound is clipped to 0: the order is known), one bound, none.
    assert days_words((28, 28)) == "28 days"
    assert days_words((-5, 40)) == "0–40 days"
    assert days_words((20, None)) == "at least 20 days"
    assert days_words((None, 5)) == "at most 5 days"
    assert days_words((None, None)) == "an undated interval"
    # Days: never a single day for an event the sources date to a range.
    assert when_words(DayInterval.exact(3)) == "day 3"
    assert when_words(DayInterval(1, 31)) == "days 1 to 31"
    assert when_words(DayInterval(40, None)) == "day 40 or later"
    assert when_words(DayInterval(None, 9)) == "day 9 or earlier"
    assert when_words(DayInterval(None, None)) == "an undated day (order only)"
