"""Time spans between events whose days may be known only to a range or by their order.

The course compares times (a recurrence within 90 days of the operation, a study 8 weeks into
therapy, follow-up imaging due 90 days after treatment) on the days within which each event
happened, using the case record's interval arithmetic (:mod:`spinemet.case.timing`): the answer
is yes, no, or *cannot tell* when the range straddles the threshold. For exactly dated events
every answer is the same as comparing their days.
"""

from __future__ import annotations

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
    return when_words(when(day, interval))


def as_list(g: Gap) -> list[int | None]:
    return [g[0], g[1]]
