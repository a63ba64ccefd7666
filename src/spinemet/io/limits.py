"""Limits on input, so that hostile input is cheap to refuse.

Every limit is checked before the expensive work it protects (parsing, YAML alias expansion,
validation, assessment, storage) and answered with a located problem naming the field, the
limit and a short excerpt of the offending value (never the value itself: an expanded alias
bomb quoted in full was a 580 MB error message). Each limit can be changed by an environment
variable (``SPINEMET_LIMIT_<NAME>``, e.g. ``SPINEMET_LIMIT_EVENTS=5000``); docs/service.md lists them.

The defaults are far above any real case (the longest published case in the development set has
fewer than 40 events and no text longer than a few hundred characters) and far below what would
tie up a server: a case of 2,000 events assesses in well under a second.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import fields, replace
from itertools import repeat
from typing import Any

from spinemet.errors import Problem
from spinemet.frozen import dataclass

ENV_PREFIX = "SPINEMET_LIMIT_"


@dataclass(frozen=True)
class Limits:
    """The limits on one input (a request body, a case file, a case)."""

    #: bytes of one HTTP request body (every route; 413 beyond it)
    body_bytes: int = 4_000_000
    #: events in one case's timeline
    events: int = 2_000
    #: characters of one text value (a note, a title, a histology)
    text_chars: int = 20_000
    #: characters of a case id or event id (see :mod:`spinemet.io.ids`)
    id_chars: int = 64
    #: nesting of mappings and lists (a case file needs about 6 levels)
    depth: int = 32
    #: YAML aliases (``*name``) in one file
    yaml_aliases: int = 200
    #: nodes of one YAML document once every alias is expanded
    yaml_nodes: int = 500_000
    #: digits of one integer (no clinical integer has more than 6)
    int_digits: int = 12
    #: the earliest and latest calendar date accepted anywhere in a case: with day offsets of at
    #: most 55,000 days either way every date the program computes stays within years 1750-2350
    earliest_date: dt.date = dt.date(1900, 1, 1)
    latest_date: dt.date = dt.date(2199, 12, 31)
    #: days from the index date of any day offset (``day``, ``end_day``, ``*_day``): about 150
    #: years either way, the record's own bound (``MAX_DAY_OFFSET``)
    day_offset: int = 55_000
    #: characters of an offending value quoted in a message
    excerpt_chars: int = 40
    #: characters of one text read into a draft case (``spinemet extract``, ``POST /extract``):
    #: a long published case report is about 40,000
    extract_chars: int = 100_000

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Limits:
        """The defaults, each replaced by ``SPINEMET_LIMIT_<NAME>`` when set (dates as YYYY-MM-DD)."""
        env = os.environ if environ is None else environ
        changes: dict[str, Any] = {}
        for f in fields(cls):
            raw = env.get(ENV_PREFIX + f.name.upper())
            if raw is None or not raw.strip():
                continue
            try:
                value: Any = dt.date.fromisoformat(raw.strip()) if f.name.endswith("_date") else int(raw)
            except ValueError:
                raise ValueError(f"{ENV_PREFIX}{f.name.upper()}: '{excerpt(raw)}' is not "
                                 f"{'a date (YYYY-MM-DD)' if f.name.endswith('_date') else 'a whole number'}") from None
            if isinstance(value, int) and value < 1:
                raise ValueError(f"{ENV_PREFIX}{f.name.upper()}: {value} is not allowed; allowed: 1 or more")
            changes[f.name] = value
        return replace(cls(), **changes)


DEFAULT = Limits()


def excerpt(value: object, chars: int = 40) -> str:
    """A short, printable excerpt of a value for a message: never its repr in full."""
    text = value if isinstance(value, str) else type(value).__name__
    text = "".join(c if c.isprintable() and not 0xD800 <= ord(c) <= 0xDFFF else "?" for c in text[: chars + 1])
    return text if len(text) <= chars else text[:chars] + "…"


def _bad_char(text: str) -> str | None:
    """What is wrong with a string's characters: a NUL, a lone surrogate, or nothing."""
    if "\x00" in text:
        return "contains a NUL character (\\u0000); remove it"
    if _SURROGATE.search(text):
        return "contains a lone surrogate (not a character; the text is not valid Unicode)"
    return None


_SURROGATE = re.compile("[\ud800-\udfff]")


def text_problem(text: str, limits: Limits = DEFAULT, max_chars: int | None = None) -> str | None:
    """The problem of one text value (characters, length), or None."""
    bad = _bad_char(text)
    if bad:
        return bad
    most = max_chars if max_chars is not None else limits.text_chars
    if len(text) > most:
        return f"{len(text):,} characters, more than the {most:,} allowed ('{excerpt(text, limits.excerpt_chars)}')"
    return None


def _is_day_key(key: object) -> bool:
    return isinstance(key, str) and (key == "day" or key.endswith("_day"))


def inspect(data: Any, limits: Limits = DEFAULT, root: str = "") -> list[Problem]:
    """Every limit ``data`` (parsed JSON or YAML) breaks, located; empty when within them.

    Walks iteratively (no recursion, however deep the input) and stops at the first 50 problems.
    Checks: nesting depth, text characters (NUL, lone surrogates) and length, integer size,
    number of events, and that day offsets are JSON integers (a boolean is not a day, "12" is
    not an integer: each would otherwise be silently converted). A value's location text
    (``timeline[3].findings[0].escc``) is written only for a value that breaks a limit.
    """
    if _surely_within(data, limits):
        return []
    problems: list[Problem] = []
    stack: list[tuple[_Loc, Any, int, object]] = [(root, data, 0, None)]
    nodes = 0
    while stack and len(problems) < 50:
        loc, value, depth, key = stack.pop()
        nodes += 1
        if nodes > limits.yaml_nodes:
            problems.append(Problem(root, f"more than {limits.yaml_nodes:,} values; allowed: at most that many"))
            break
        if depth > limits.depth:
            problems.append(Problem(_where(loc), f"nested more than {limits.depth} levels deep; allowed: {limits.depth}"))
            continue
        if _is_day_key(key) and value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            shown = str(value).lower() if isinstance(value, bool) else f"'{excerpt(value, limits.excerpt_chars)}'"
            problems.append(Problem(_where(loc), f"{shown} is not a day; allowed: a whole number of days "
                                                 "(a JSON integer, not text or true/false)"))
            continue
        if _is_day_key(key) and isinstance(value, int) and abs(value) > limits.day_offset:
            shown = str(value) if abs(value) < 10**30 else f"an integer of {len(str(abs(value)))} digits"
            problems.append(Problem(_where(loc), f"{shown} is not allowed; allowed: -{limits.day_offset:,} to "
                                                 f"{limits.day_offset:,} days from the index date"))
            continue
        if isinstance(value, str):
            bad = text_problem(value, limits)
            if bad:
                problems.append(Problem(_where(loc), bad))
        elif isinstance(value, bool) or value is None or isinstance(value, float | dt.date):
            continue
        elif isinstance(value, int):
            if abs(value) >= 10 ** limits.int_digits:
                problems.append(Problem(_where(loc), f"an integer of {len(str(abs(value)))} digits; allowed: at most "
                                                     f"{limits.int_digits} digits"))
        elif type(value) is dict or isinstance(value, Mapping):
            if loc is root and isinstance(value.get("timeline"), list) and len(value["timeline"]) > limits.events:
                problems.append(Problem(_join(root, "timeline"), f"{len(value['timeline']):,} events; allowed: at "
                                                                 f"most {limits.events:,} per case"))
                continue
            for k, v in reversed(list(value.items())):
                if isinstance(k, str):
                    bad = text_problem(k, limits, 200)
                    if bad:
                        problems.append(Problem(_where(loc) or "(key)", f"a key {bad}"))
                        continue
                stack.append(((loc, k, False), v, depth + 1, k))
        elif isinstance(value, list | tuple):
            for i in range(len(value) - 1, -1, -1):
                stack.append(((loc, i, True), value[i], depth + 1, None))
    return problems


#: the types of values that :func:`inspect` passes without a look (besides texts, integers and containers)
_PLAIN = frozenset({bool, float, type(None), dt.date, dt.datetime})


def _surely_within(data: Any, limits: Limits) -> bool:
    """True when ``data`` breaks none of the limits :func:`inspect` checks; False when it may.

    The same checks as :func:`inspect`, on plain JSON and YAML data (texts, integers, dicts,
    lists...), without keeping anyone's location: nearly every case file is within its limits,
    and this answers so at a fraction of the cost. Anything else (another type, a possible
    problem) answers False, and :func:`inspect` then walks the data again to locate what it finds.
    """
    return keys_if_surely_within(data, limits) is not None


def keys_if_surely_within(data: Any, limits: Limits) -> int | None:
    """:func:`_surely_within` that also counts: the number of keys of all the mappings in ``data`` when it
    surely breaks no limit, ``None`` when it may (the strict JSON reader compares the count with the keys
    written in the text, :func:`spinemet.io.guard.strict_json_inspected`)."""
    if type(data) is dict and type(data.get("timeline")) is list and len(data["timeline"]) > limits.events:
        return None
    most, top, days = limits.text_chars, 10 ** limits.int_digits, limits.day_offset
    nodes = 1
    keys = 0
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        container, depth = stack.pop()
        depth += 1
        if type(container) is dict:
            items: Iterable[tuple[object, Any]] = container.items()
            keys += len(container)
        elif type(container) is list:
            items = zip(repeat(None), container)
        elif type(container) is str:
            clean = not (len(container) > most or "\x00" in container
                         or (not container.isascii() and _SURROGATE.search(container)))
            return 0 if clean else None
        else:  # the root is a number or some other value: inspect looks at it
            return 0 if type(container) in _PLAIN else None
        if container and depth > limits.depth:
            return None
        nodes += len(container)
        if nodes > limits.yaml_nodes:
            return None
        for key, value in items:
            kind = type(value)
            if type(key) is str:
                if len(key) > 200 or "\x00" in key or (not key.isascii() and _SURROGATE.search(key)):
                    return None
                if (key == "day" or key.endswith("_day")) and value is not None and (
                        kind is not int or not -days <= value <= days):
                    return None
            if kind is str:
                if len(value) > most or "\x00" in value or (not value.isascii() and _SURROGATE.search(value)):
                    return None
            elif kind is int:
                if not -top < value < top:
                    return None
            elif kind is dict or kind is list:
                stack.append((value, depth))
            elif kind not in _PLAIN:
                return None
    return keys


_Loc = str | tuple[Any, object, bool]
"""Where a value is: the root's text, or (the parent's place, the key or index, whether an index)."""


def _where(loc: _Loc) -> str:
    """The text of a place (``timeline[3].findings[0].escc``), written from the root down."""
    steps: list[tuple[object, bool]] = []
    while not isinstance(loc, str):
        loc, step, index = loc
        steps.append((step, index))
    where = loc
    for step, index in reversed(steps):
        where = f"{where}[{step}]" if index else _join(where, step)
    return where


def _join(where: str, key: object) -> str:
    name = excerpt(key, 40) if isinstance(key, str) else str(key)
    return f"{where}.{name}" if where else name


def dates_in(data: Any) -> Iterator[tuple[str, dt.date]]:
    """Every calendar date in parsed data (dates, or ISO date texts under a ``date`` key), located."""
    stack: list[tuple[str, Any, object]] = [("", data, None)]
    while stack:
        where, value, key = stack.pop()
        if isinstance(value, dt.date):
            yield where, value
        elif isinstance(value, str) and isinstance(key, str) and (key.endswith("date") or key in ("earliest", "latest")):
            try:
                yield where, dt.date.fromisoformat(value)
            except ValueError:
                continue
        elif isinstance(value, Mapping):
            stack.extend((_join(where, k), v, k) for k, v in value.items())
        elif isinstance(value, list | tuple):
            stack.extend((f"{where}[{i}]", v, None) for i, v in enumerate(value))


def date_problems(data: Any, limits: Limits = DEFAULT) -> list[Problem]:
    """Calendar dates outside the range the program computes with (see :class:`Limits`)."""
    return [
        Problem(where, f"{d.isoformat()} is outside the dates allowed; allowed: {limits.earliest_date.isoformat()} "
                       f"to {limits.latest_date.isoformat()}")
        for where, d in dates_in(data)
        if not limits.earliest_date <= d <= limits.latest_date
    ]
