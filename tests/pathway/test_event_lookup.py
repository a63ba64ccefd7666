"""The rules' look-ups of a recorded event by identity (``position``, ``when``) answer from an index built once
per snapshot (``context._places``) after a scan of the treatments: the same answers as the scans of the snapshot's events they stand in for,
on every event of every day of the examples and of a ranged course, for events the snapshot does not hold, and
where one event is recorded twice (the first place, the treatment before the event)."""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path
from typing import Any

import pytest

from spinemet.case.snapshot import Dated, Snapshot, snapshots
from spinemet.case.timing import DayInterval
from spinemet.io.casefile import load_case
from spinemet.pathway.context import position, when

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("**/*.yaml"))


def scanned_position(s: Snapshot, event: object) -> int | None:
    """The scan ``position`` stands in for: the first place of the event in the snapshot's events."""
    for i, dated in enumerate(s.events):
        if dated.value is event:
            return i
    return None


def scanned_when(s: Snapshot, dated: Dated[Any]) -> DayInterval:
    """The scan ``when`` stands in for: the treatments, then the events, first match by identity."""
    if dated.interval is not None:
        return dated.interval
    for t in (*s.treatments, *s.events):
        if t.value is dated.value:
            return t.when
    return DayInterval.exact(dated.day)


def _check(s: Snapshot, strangers: list[Any]) -> None:
    for dated in (*s.events, *s.treatments):
        assert position(s, dated.value) == scanned_position(s, dated.value)
        bare = Dated(dated.day, dated.value)  # as the rules' lists keep them: the interval dropped
        assert when(s, bare) == scanned_when(s, bare)
        assert when(s, dated) == scanned_when(s, dated)
    for value in strangers:  # events of other days or cases: not in this snapshot
        assert position(s, value) is None
        stranger = Dated(s.day, value)
        assert when(s, stranger) == scanned_when(s, stranger) == DayInterval.exact(s.day)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_index_answers_as_the_scan_on_every_day(path: Path) -> None:
    case = load_case(path)
    days = sorted({day for day, _, _ in case.dated_in_order()})
    for day, s in snapshots(case, days).items():
        later = [event for d, event, _ in case.dated_in_order() if d > day]
        _check(s, [*later, object()])


def test_index_answers_as_the_scan_on_a_ranged_course() -> None:
    import sys

    sys.path.insert(0, str(ROOT / "bench"))
    import bench_core

    case = bench_core.ranged_course(200)
    rng = random.Random(11)
    days = sorted({day for day, _, _ in case.dated_in_order()})
    chosen = sorted({*rng.sample(days, 12), days[0], days[-1]})
    for day, s in snapshots(case, chosen).items():
        _check(s, [event for d, event, _ in case.dated_in_order() if d > day][:20])


def test_an_event_recorded_twice_is_found_where_the_scan_finds_it() -> None:
    case = load_case(ROOT / "examples" / "story-lung-net-t6.yaml")
    (s,) = snapshots(case, [case.resolve_day(None)]).values()
    first, second = s.events[1], s.events[-1]
    twice = Dated(90, first.value, DayInterval(80, 95))  # the same event again, later and dated by a range
    treatment = Dated(3, second.value, DayInterval(1, 5))  # a treatment list that dates an event otherwise
    odd = dataclasses.replace(s, events=(*s.events, twice), treatments=(treatment, *s.treatments))
    for value in (first.value, second.value):
        assert position(odd, value) == scanned_position(odd, value)
        bare = Dated(0, value)
        assert when(odd, bare) == scanned_when(odd, bare)
    assert when(odd, Dated(0, second.value)) == DayInterval(1, 5)  # the treatment comes first
    assert position(odd, first.value) == 1  # the first place
