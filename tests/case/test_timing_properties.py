"""Interval comparisons checked against brute force over every pair of days each interval allows."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from spinemet.case.timing import (
    DayInterval,
    TimingSpec,
    interval_between,
    is_before,
    is_within,
    resolve_intervals,
    unit_days,
)

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


# ------------------------------------------------------------------ resolving whole timelines

DOMAIN = range(-14, 15)


@st.composite
def timelines(draw: st.DrawFn) -> list[TimingSpec]:
    """Up to four events, each dated exactly, by a range, relative to another event, or not at all.

    Relative times refer only to events earlier in a drawn dependency order (which need not be
    the written order), so there is never a circular 'after'/'before'."""
    n = draw(st.integers(min_value=1, max_value=4))
    rank = draw(st.permutations(range(n)))
    specs: list[TimingSpec] = []
    for i in range(n):
        kind = draw(st.sampled_from(["exact", "range", "relative", "order"]))
        refs = [j for j in range(n) if rank[j] < rank[i]]
        if kind == "exact":
            specs.append(TimingSpec(i, f"e{i}", exact=draw(st.integers(-4, 4))))
        elif kind == "range":
            lo, hi = sorted((draw(st.integers(-4, 4)), draw(st.integers(-4, 4))))
            specs.append(TimingSpec(i, f"e{i}", range=(lo, hi)))
        elif kind == "relative" and refs:
            ref = draw(st.sampled_from(refs))
            least = draw(st.integers(0, 3))
            greatest = draw(st.one_of(st.none(), st.integers(least, least + 3)))
            direction = draw(st.sampled_from(["after", "before"]))
            specs.append(TimingSpec(i, f"e{i}", relative=(f"e{ref}", least, greatest, direction)))
        else:
            specs.append(TimingSpec(i, f"e{i}"))
    return specs


def _allowed(specs: list[TimingSpec], days: dict[int, int], i: int) -> bool:
    """Does day ``days[i]`` satisfy event i's own dating, given the days already chosen?

    An order-only event lies on or after every event written before it and on or before every
    event written after it (the timeline is told in order)."""
    s, d = specs[i], days[i]
    if s.exact is not None:
        return d == s.exact
    if s.range is not None:
        return s.range[0] <= d <= s.range[1]
    if s.relative is not None:
        ref, least, greatest, direction = s.relative
        j = int(ref[1:])
        if j not in days:
            return True
        gap = d - days[j] if direction == "after" else days[j] - d
        return least <= gap and (greatest is None or gap <= greatest)
    return all(days[j] <= d for j in range(i) if j in days) and all(d <= days[j] for j in range(i + 1, len(specs)) if j in days)


def _solutions(specs: list[TimingSpec]) -> list[dict[int, int]]:
    """Every assignment of days in DOMAIN that satisfies every event's dating (backtracking)."""
    found: list[dict[int, int]] = []

    def extend(days: dict[int, int]) -> None:
        i = len(days)
        if i == len(specs):
            found.append(dict(days))
            return
        for d in DOMAIN:
            days[i] = d
            if all(_allowed(specs, days, k) for k in days):
                extend(days)
            del days[i]

    extend({})
    return found


def test_an_order_only_event_followed_by_an_event_dated_from_it_is_not_circular() -> None:
    # The smallest timeline that was once refused: a on day 0; b (surgery) with no day; c after b.
    specs = [TimingSpec(0, "a", exact=0), TimingSpec(1, "b"), TimingSpec(2, "c", relative=("b", 1, 2, "after"))]
    intervals, problems = resolve_intervals(specs)
    assert problems == []
    assert intervals == [DayInterval(0, 0), DayInterval(0, None), DayInterval(1, None)]


@settings(max_examples=150, deadline=None)
@given(timelines())
def test_resolved_intervals_hold_every_day_the_timeline_allows_and_refuse_only_impossible_ones(
        specs: list[TimingSpec]) -> None:
    # Checked against brute force: every assignment of days (in a window) that satisfies every
    # event's dating lies inside the resolved intervals, and a timeline with such an assignment
    # is never refused (in particular never as circular: the drawn references are acyclic).
    intervals, problems = resolve_intervals(specs)
    solutions = _solutions(specs)
    assert not any("circular" in p for p in problems), problems
    assert not (solutions and problems), problems
    assert all(iv.contains(days[i]) for days in solutions for i, iv in enumerate(intervals))
