"""Time as uncertain as the sources: day intervals, their resolution and honest comparisons.

An event is dated exactly (a day or a calendar date), by a range ("in March 2019"), relative
to another event ("within one month of surgery", "after 12 years"), or only by its place in
the timeline ("subsequently"). Each becomes a :class:`DayInterval` of days since the index
date: ``earliest`` and ``latest`` (inclusive; ``None`` = unbounded on that side). Nothing is
narrowed to a made-up day.

Comparisons on intervals answer yes, no or *cannot tell* (``None``): see
:func:`interval_between` and :func:`is_within`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Literal

from spinemet.frozen import dataclass, quick_init

#: Calendar units in days: the shortest and longest length of each, so that "three months"
#: becomes 84-93 days, never a single guessed number.
UNIT_DAYS: dict[str, tuple[int, int]] = {"days": (1, 1), "weeks": (7, 7), "months": (28, 31), "years": (365, 366)}


@quick_init
@dataclass(frozen=True)
class DayInterval:
    """Days since the index date within which an event happened (inclusive; None = unbounded)."""

    earliest: int | None
    latest: int | None

    @classmethod
    def exact(cls, day: int) -> DayInterval:
        return cls(day, day)

    @property
    def is_exact(self) -> bool:
        return self.earliest is not None and self.earliest == self.latest

    @property
    def day(self) -> int | None:
        """The day when it is known exactly, else None."""
        return self.earliest if self.is_exact else None

    def contains(self, day: int) -> bool:
        return (self.earliest is None or self.earliest <= day) and (self.latest is None or day <= self.latest)

    def surely_before(self, day: int) -> bool | None:
        """True if the whole interval lies before ``day``, False if it lies on or after it, else None."""
        if self.latest is not None and self.latest < day:
            return True
        if self.earliest is not None and self.earliest >= day:
            return False
        return None

    def __str__(self) -> str:
        if self.is_exact:
            return f"day {self.earliest}"
        lo = "?" if self.earliest is None else str(self.earliest)
        hi = "?" if self.latest is None else str(self.latest)
        return f"days {lo}..{hi}"


def interval_between(a: DayInterval, b: DayInterval) -> tuple[int | None, int | None]:
    """The (least, greatest) number of days from ``a`` to ``b`` (None = unbounded).

    From surgery on day 0 to a recurrence on days 20-40: (20, 40). From a surgery on days 0-10
    to an MRI on day 30: (20, 30).
    """
    least = None if b.earliest is None or a.latest is None else b.earliest - a.latest
    greatest = None if b.latest is None or a.earliest is None else b.latest - a.earliest
    return least, greatest


def is_within(gap: tuple[int | None, int | None], threshold: int) -> bool | None:
    """Is the gap at most ``threshold`` days? True / False / None (cannot tell).

    True when even the greatest possible gap is within the threshold, False when even the
    least possible gap exceeds it; otherwise the sources do not decide it.
    """
    least, greatest = gap
    if greatest is not None and greatest <= threshold:
        return True
    if least is not None and least > threshold:
        return False
    return None


def is_before(a: DayInterval, b: DayInterval) -> bool | None:
    """Did ``a`` happen strictly before ``b``? True / False / None (cannot tell from days alone)."""
    least, greatest = interval_between(a, b)
    if least is not None and least > 0:
        return True
    if greatest is not None and greatest <= 0:
        return False
    return None


def days_words(gap: tuple[int | None, int | None]) -> str:
    """A span of days in words, as every output says it: '28 days', '20–40 days', 'at least 20
    days', 'at most 5 days', 'an undated interval' (never one guessed number for a range)."""
    least, greatest = gap
    if least is not None and least == greatest:
        return f"{least} days"
    if least is not None and greatest is not None:
        return f"{max(least, 0)}–{greatest} days"
    if least is not None:
        return f"at least {max(least, 0)} days"
    if greatest is not None:
        return f"at most {greatest} days"
    return "an undated interval"


def when_words(interval: DayInterval) -> str:
    """When an event happened, in words: 'day 3', 'days 1 to 31', 'day 40 or later', 'day 9 or
    earlier', 'an undated day (order only)' -- never a single day the sources do not give."""
    if interval.is_exact:
        return f"day {interval.earliest}"
    if interval.earliest is not None and interval.latest is not None:
        return f"days {interval.earliest} to {interval.latest}"
    if interval.earliest is not None:
        return f"day {interval.earliest} or later"
    if interval.latest is not None:
        return f"day {interval.latest} or earlier"
    return "an undated day (order only)"


# ------------------------------------------------------------------ resolving a timeline


@quick_init
@dataclass(frozen=True)
class TimingSpec:
    """How one event is dated, as written: exactly, by a range, relative to an event, or not at all.

    ``relative``: (event id, least days, greatest days or None, direction).
    """

    index: int
    id: str | None
    exact: int | None = None
    range: tuple[int, int] | None = None
    relative: tuple[str, int, int | None, Literal["after", "before"]] | None = None
    field: str = ""


def unit_days(least: float, greatest: float | None, unit: str) -> tuple[int, int | None]:
    """A stated amount of time in ``unit`` as a (least, greatest) number of days, widened, never rounded in."""
    short, long = UNIT_DAYS[unit]
    return math.floor(least * short), None if greatest is None else math.ceil(greatest * long)


def resolve_intervals(specs: Sequence[TimingSpec]) -> tuple[list[DayInterval], list[str]]:
    """Every event's day interval, and located problems (unknown or circular references,
    an order-only event whose neighbours leave no room for it)."""
    n = len(specs)
    by_id = {s.id: i for i, s in enumerate(specs) if s.id}
    done: dict[int, DayInterval] = {}
    problems: list[str] = []
    visiting: set[int] = set()

    def get(i: int) -> DayInterval:
        if i in done:
            return done[i]
        if i in visiting:
            problems.append(f"timeline[{specs[i].index}]{specs[i].field}: the timing refers back to itself "
                            "through other events (a circular 'after'/'before'); date one of them")
            done[i] = DayInterval(None, None)
            return done[i]
        visiting.add(i)
        s = specs[i]
        if s.exact is not None:
            out = DayInterval.exact(s.exact)
        elif s.range is not None:
            out = DayInterval(*s.range)
        elif s.relative is not None:
            ref, least, greatest, direction = s.relative
            j = by_id.get(ref)
            if j is None:
                known = ", ".join(sorted(x for x in by_id if x)) or "none (give events an 'id')"
                problems.append(f"timeline[{s.index}]{s.field}.event: '{ref}' is not the id of an event of "
                                f"this case; allowed: {known}")
                out = DayInterval(None, None)
            else:
                r = get(j)
                if direction == "after":
                    lo = None if r.earliest is None else r.earliest + least
                    hi = None if r.latest is None or greatest is None else r.latest + greatest
                else:
                    lo = None if r.earliest is None or greatest is None else r.earliest - greatest
                    hi = None if r.latest is None else r.latest - least
                out = DayInterval(lo, hi)
        else:
            out = _between_neighbours(i)
        visiting.discard(i)
        done[i] = out
        return out

    def dated_from_unresolved(j: int) -> bool:
        """Is event ``j`` dated (through its chain of 'after'/'before') from an event still being
        resolved? Such an event cannot bound its neighbour: its own day waits on that neighbour."""
        seen: set[int] = set()
        while j not in seen:
            if j in visiting:
                return True
            seen.add(j)
            rel = specs[j].relative
            k = None if rel is None else by_id.get(rel[0])
            if k is None:
                return False
            j = k
        return False  # a true cycle among other events: resolving them reports it

    def nearest_bound(neighbours: range, bound: Literal["earliest", "latest"]) -> int | None:
        # The first neighbour, walking away from the event, whose bound is known: the earliest day of
        # the one before it, the latest day of the one after it.
        for j in neighbours:
            if not dated_from_unresolved(j):
                got: int | None = getattr(get(j), bound)
                if got is not None:
                    return got
        return None

    def _between_neighbours(i: int) -> DayInterval:
        # Neighbours dated from this event ("b, then 3 days after b: c") are passed over: they
        # follow from it, they do not place it (and asking them would loop back here).
        lo = nearest_bound(range(i - 1, -1, -1), "earliest")
        hi = nearest_bound(range(i + 1, n), "latest")
        if lo is not None and hi is not None and lo > hi:
            problems.append(
                f"timeline[{specs[i].index}]: this event has no day and is placed by its position, but the "
                f"event before it is not earlier than day {lo} and the one after it is not later than day {hi}; "
                "give it a day or a range, or put the timeline in the order things happened"
            )
            return DayInterval(lo, lo)
        return DayInterval(lo, hi)

    intervals = [get(i) for i in range(n)]
    return intervals, problems


def placement_keys(intervals: Sequence[DayInterval]) -> list[int]:
    """A day to sort each event by (never shown as a date): the exact day; for an uncertain event
    the earliest day at which it can follow the event written before it, within its interval.

    The written order is evidence of the order of events (case reports are told in order), so an
    uncertain event written after another stays after it when its interval allows. A timeline
    with no bounded day at all is placed on day 0 in its written order.
    """
    keys: list[int] = []
    previous: int | None = None
    for iv in intervals:
        if iv.is_exact:
            key = iv.earliest
        else:
            lo = iv.earliest
            candidate = previous if lo is None else (lo if previous is None else max(lo, previous))
            if candidate is None:
                candidate = iv.latest if iv.latest is not None else 0
            if iv.latest is not None and candidate > iv.latest:
                candidate = iv.latest if lo is None else max(lo, min(candidate, iv.latest))
            key = candidate
        assert key is not None
        keys.append(key)
        previous = key
    return keys
