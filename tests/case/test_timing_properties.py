"""Interval comparisons checked against brute force over every pair of days each interval allows."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from spinemet.case.timing import DayInterval, interval_between, is_before, is_within, unit_days

days = st.integers(min_value=-40, max_value=40)


@st.composite
def intervals(draw: st.DrawFn) -> DayInterval:
    a, b = sorted((draw(days), draw(days)))
    return DayInterval(a, b)


@given(intervals(), intervals(), st.integers(min_value=-80, max_value=80))
def test_is_within_agrees_with_every_possible_pair_of_days(a: DayInterval, b: DayInterval, threshold: int) -> None:
    assert a.earliest is not None and a.latest is not None and b.earliest is not None and b.latest is not None
    gaps = {y - x for x in range(a.earliest, a.latest + 1) for y in range(b.earliest, b.latest + 1)}
    assert interval_between(a, b) == (min(gaps), max(gaps))
    truth = {g <= threshold for g in gaps}
    expected = truth.pop() if len(truth) == 1 else None
    assert is_within(interval_between(a, b), threshold) is expected


@given(intervals(), intervals())
def test_is_before_agrees_with_every_possible_pair_of_days(a: DayInterval, b: DayInterval) -> None:
    assert a.earliest is not None and a.latest is not None and b.earliest is not None and b.latest is not None
    truth = {x < y for x in range(a.earliest, a.latest + 1) for y in range(b.earliest, b.latest + 1)}
    expected = truth.pop() if len(truth) == 1 else None
    assert is_before(a, b) is expected


@given(st.integers(min_value=0, max_value=30), st.integers(min_value=0, max_value=30),
       st.sampled_from(["days", "weeks", "months", "years"]))
def test_stated_amounts_widen_to_every_day_they_can_mean(x: int, y: int, unit: str) -> None:
    low, high = sorted((x, y))
    least, greatest = unit_days(low, high, unit)
    shortest, longest = {"days": (1, 1), "weeks": (7, 7), "months": (28, 31), "years": (365, 366)}[unit]
    assert least == low * shortest and greatest == high * longest
