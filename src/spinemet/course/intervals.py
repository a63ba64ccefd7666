"""Time spans between events whose days may be known only to a range or by their order.

The course compares times (a recurrence within 90 days of the operation, a study 8 weeks into
therapy, follow-up imaging due 90 days after treatment) on the days within which each event
happened, using the case record's interval arithmetic (:mod:`spinemet.case.timing`): the answer
is yes, no, or *cannot tell* when the range straddles the threshold. For exactly dated events
every answer is the same as comparing their days.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from spinemet.case.timing import DayInterval, interval_between, is_within, when_words

Gap = tuple[int | None, int | None]
"""The least and greatest number of days between two events (None: unbounded)."""

EARLY, LATE, CANNOT_TELL = "early", "late", "cannot_tell"


def when(day: int, interval: DayInterval | None) -> DayInterval:
    """The days within which an event placed on ``day`` happened (``interval`` None: exactly ``day``)."""
    return interval if interval is not None else DayInterval.exact(day)


def gap(a_day: int, a_interval: DayInterval | None, b_day: int, b_interval: DayInterval | None) -> Gap:
    """Days from event a to event b: (least, greatest)."""
    if a_interval is None and b_interval is None:
        return (b_day - a_day, b_day - a_day)
    return interval_between(when(a_day, a_interval), when(b_day, b_interval))


def tighten(g: Gap, stated: Gap | None) -> Gap:
    """The gap narrowed by what the sources state directly ("within one month of surgery"): both hold,
    so the days lie in their intersection."""
    if stated is None:
        return g
    lows = [x for x in (g[0], stated[0]) if x is not None]
    highs = [x for x in (g[1], stated[1]) if x is not None]
    return (max(lows) if lows else None, min(highs) if highs else None)


def surely_near(g: Gap, window: int) -> bool:
    """Whether two events surely lie within ``window`` days of each other (either order)."""
    return g[0] is not None and g[1] is not None and g[0] >= -window and g[1] <= window


def exact(g: Gap) -> int | None:
    """The number of days when the gap is known exactly, else None."""
    return g[0] if g[0] is not None and g[0] == g[1] else None


def within(g: Gap, threshold: int) -> bool | None:
    """Is the gap at most ``threshold`` days? True / False / None (cannot tell)."""
    return is_within(g, threshold)


def timing(g: Gap, early_days: int) -> str:
    """``early`` (surely within ``early_days``), ``late`` (surely after) or ``cannot_tell``."""
    inside = within(g, early_days)
    return EARLY if inside else (LATE if inside is False else CANNOT_TELL)


def on(day: int, interval: DayInterval | None) -> str:
    """When an event placed on ``day`` happened, in words (:func:`spinemet.case.timing.when_words`)."""
    if interval is None:  # exactly on its day: what when_words says of one day
        return f"day {day}"
    return when_words(interval)


def as_list(g: Gap) -> list[int | None]:
    return [g[0], g[1]]


class NearIndex:
    """Events placed by day and interval, found by "may lie within ``window`` days of these days".

    :meth:`candidates` returns, in the given order, every event whose gap to the asked days is not
    surely longer than ``window`` in either direction: a superset of those :func:`surely_near` (or a
    tighter, stated gap) can call near, since narrowing a gap by what the sources state never brings
    a surely distant event nearer. It lets a comparison of every examination with every study look at
    the few studies around each examination instead of all of them (the cost of a ranged timeline
    grew with its square).
    """

    def __init__(self, placed: list[tuple[int, DayInterval | None]]) -> None:
        self._bounds = [(day, day) if iv is None else (iv.earliest, iv.latest) for day, iv in placed]
        bounded = sorted((lo, i) for i, (lo, hi) in enumerate(self._bounds) if lo is not None and hi is not None)
        self._los = [lo for lo, _ in bounded]
        self._order = [i for _, i in bounded]
        self._width = max((hi - lo for lo, hi in self._bounds if lo is not None and hi is not None), default=0)
        self._open = [i for i, (lo, hi) in enumerate(self._bounds) if lo is None or hi is None]

    def candidates(self, day: int, interval: DayInterval | None, window: int) -> list[int]:
        """Indexes (in the given order) of the events not surely more than ``window`` days from the
        days within which an event placed on ``day`` (``interval``) happened."""
        e_lo, e_hi = (day, day) if interval is None else (interval.earliest, interval.latest)
        start = 0 if e_lo is None else bisect_left(self._los, e_lo - window - self._width)
        stop = len(self._los) if e_hi is None else bisect_right(self._los, e_hi + window)
        found = [i for i in self._order[start:stop] if self._keeps(i, e_lo, e_hi, window)]
        found += [i for i in self._open if self._keeps(i, e_lo, e_hi, window)]
        found.sort()
        return found

    def _keeps(self, i: int, e_lo: int | None, e_hi: int | None, window: int) -> bool:
        lo, hi = self._bounds[i]
        return ((lo is None or e_hi is None or lo - e_hi <= window)
                and (hi is None or e_lo is None or hi - e_lo >= -window))
