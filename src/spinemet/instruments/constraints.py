"""Declared constraints on inputs and their uniform error messages.

Modelled on scikit-survival's parameter constraints (``StrOptions``, ``Interval``): the
allowed values are *declared* and every violation produces the same shape of message,
naming the field, the value and what is allowed, e.g.::

    sins.pain: 'severe' is not an answer; allowed: mechanical, occasional, none
    albumin: -1.0 g/dL is not allowed; allowed: a number in [0, 10] g/dL
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import field
from typing import Literal

from spinemet.errors import InvalidValue, shown_value
from spinemet.frozen import dataclass


class InvalidAnswer(InvalidValue):
    """An answer (or an item key) that an instrument does not define."""

    def __init__(self, field: str, value: object, allowed: Sequence[str], what: str = "an answer") -> None:
        super().__init__(field, value, ", ".join(allowed))
        shown = shown_value(value)
        self.detail = f"{shown} is not {what}; allowed: {', '.join(allowed)}"
        self.args = (f"{field}: {self.detail}",)


@dataclass(frozen=True)
class Interval:
    """A closed or half-open numeric range, with the unit it is expressed in."""

    low: float | None
    high: float | None
    closed: Literal["both", "left", "right", "neither"] = "both"
    unit: str = ""
    integer: bool = False

    def describe(self) -> str:
        lo = "-inf" if self.low is None else _fmt(self.low)
        hi = "inf" if self.high is None else _fmt(self.high)
        left = "[" if self.closed in ("both", "left") and self.low is not None else "("
        right = "]" if self.closed in ("both", "right") and self.high is not None else ")"
        kind = "a whole number" if self.integer else "a number"
        unit = f" {self.unit}" if self.unit else ""
        return f"{kind} in {left}{lo}, {hi}{right}{unit}"

    def check(self, field: str, value: object) -> float:
        """``value`` as a float when inside the interval; :class:`InvalidValue` otherwise."""
        number = _as_number(value)
        ok = number is not None and not math.isnan(number)
        if ok and number is not None:
            if self.integer and not float(number).is_integer():
                ok = False
            if self.low is not None:
                ok = ok and (number >= self.low if self.closed in ("both", "left") else number > self.low)
            if self.high is not None:
                ok = ok and (number <= self.high if self.closed in ("both", "right") else number < self.high)
        if not ok or number is None:
            unit = f" {self.unit}" if self.unit else ""
            err = InvalidValue(field, value, self.describe())
            err.args = (f"{field}: {value!r}{unit} is not allowed; allowed: {self.describe()}",)
            raise err
        return number


@dataclass(frozen=True)
class Options:
    """A closed set of string options (compared case-insensitively)."""

    allowed: tuple[str, ...]
    what: str = "an answer"
    _by_lower: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_lower: dict[str, str] = {}
        for option in self.allowed:
            by_lower.setdefault(option.lower(), option)
        object.__setattr__(self, "_by_lower", by_lower)

    def check(self, field: str, value: object) -> str:
        if isinstance(value, str):
            found = self._by_lower.get(value.strip().lower())
            if found is not None:
                return found
        raise InvalidAnswer(field, value, self.allowed, self.what)


def _as_number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            return None
    return None


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)
