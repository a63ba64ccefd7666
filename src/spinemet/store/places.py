"""Where an event sits in its case's timeline: a sort key that lets an event be put *between* two others.

A case report often gives only the order of events ("subsequently", "after the embolisation"), and
the timeline's order is then the evidence of when the event happened (see
:func:`spinemet.case.timing.resolve_intervals`). An event appended later but known only to have
happened after an earlier event must land right after it, not at the end, and without rewriting the
rows of the events around it (stored rows are append-only and hashed).

Every event row has an ``ordinal`` (the order it was first stored, which also names generated keys)
and, from store revision 0005, an optional ``place``: a string of decimal digits compared as text.
A row without a place sorts by :func:`base_place` of its ordinal (fixed width, so every stored case
keeps its order after the upgrade). :func:`place_between` gives a key strictly between two keys, so an
event can be put between any two neighbours, as often as needed; keys never end in ``0``, which keeps
room between any key and the next one.
"""

from __future__ import annotations

#: digits of the fixed-width key of an ordinal (ordinals stay far below 10**12)
BASE_WIDTH = 12


def base_place(ordinal: int) -> str:
    """The key of an event placed by its ordinal alone: zero-padded, so text order is number order."""
    if ordinal < 0 or ordinal >= 10**BASE_WIDTH:
        raise ValueError(f"ordinal {ordinal} is outside 0..{10**BASE_WIDTH - 1}")
    return f"{ordinal:0{BASE_WIDTH}d}"


def sort_place(place: str | None, ordinal: int) -> str:
    """The key an event row sorts by: its own place, else the key of its ordinal."""
    return place if place is not None else base_place(ordinal)


def _check(key: str, name: str) -> None:
    if not key or not key.isascii() or not key.isdigit():
        raise ValueError(f"{name}: {key!r} is not a place key (decimal digits)")


def place_between(lower: str, upper: str | None) -> str:
    """A key strictly after ``lower`` and strictly before ``upper`` (``None``: no upper bound), in
    text order; it does not end in ``0``. ``lower`` must sort before ``upper``."""
    _check(lower, "lower")
    if upper is None:
        return lower + "5"
    _check(upper, "upper")
    if not lower < upper:
        raise ValueError(f"lower {lower!r} does not sort before upper {upper!r}")
    i = 0
    while i < len(lower) and lower[i] == upper[i]:
        i += 1
    if i == len(lower):
        # lower is a prefix of upper: go below upper's remaining digits, keeping lower as the prefix
        rest = upper[i:]
        j = 0
        while j < len(rest) and rest[j] == "0":
            j += 1
        if j == len(rest):
            raise ValueError(f"no key fits between {lower!r} and {upper!r} (upper extends lower by zeros only)")
        digit = int(rest[j])
        tail = str(digit // 2) if digit >= 2 else "05"
        return lower + rest[:j] + tail
    low_digit, high_digit = int(lower[i]), int(upper[i])
    if high_digit - low_digit >= 2:
        return lower[:i] + str((low_digit + high_digit) // 2)
    # adjacent digits: any extension of lower still sorts before upper
    return lower + "5"
