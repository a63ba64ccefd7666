"""Vertebral anatomy: levels, spans as clinicians write them, regions and SINS location classes.

Levels run C1-C7, T1-T12, L1-L5, S1-S5 and the coccyx (``Co``), in cranio-caudal order.

Transitional anatomy (a lumbosacral transitional ``L6`` or a thirteenth thoracic vertebra
``T13``) is **rejected**, not guessed. The Spinal Instability Neoplastic Score defines its
location classes only for the standard count (Fisher 2010; see ``instruments.md`` §1, trap 7),
and silently mapping ``L6`` to ``L5`` or ``S1`` would change the SINS location points. The
error message tells the user to number the levels by the standard 24-presacral-vertebra
convention (counting down from C2) and to record the transitional anatomy as a note.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from enum import IntEnum, StrEnum

from spinemet.errors import InvalidValue
from spinemet.frozen import dataclass

__all__ = [
    "ALLOWED_LEVELS",
    "Level",
    "Region",
    "SinsLocation",
    "Span",
    "are_contiguous",
    "is_junctional",
    "parse_level",
    "parse_span",
    "region",
    "sins_location",
]


class Level(IntEnum):
    """A vertebral level; the integer value orders levels from cranial (C1) to caudal (Co)."""

    C1 = 1
    C2 = 2
    C3 = 3
    C4 = 4
    C5 = 5
    C6 = 6
    C7 = 7
    T1 = 8
    T2 = 9
    T3 = 10
    T4 = 11
    T5 = 12
    T6 = 13
    T7 = 14
    T8 = 15
    T9 = 16
    T10 = 17
    T11 = 18
    T12 = 19
    L1 = 20
    L2 = 21
    L3 = 22
    L4 = 23
    L5 = 24
    S1 = 25
    S2 = 26
    S3 = 27
    S4 = 28
    S5 = 29
    Co = 30

    def __str__(self) -> str:
        return self._name_  # the name (``Enum.name`` is a slower property; levels are printed often)

    @property
    def region(self) -> Region:
        return region(self)


class Region(StrEnum):
    """The spinal region of a level."""

    CERVICAL = "cervical"
    THORACIC = "thoracic"
    LUMBAR = "lumbar"
    SACRAL = "sacral"
    COCCYGEAL = "coccygeal"


class SinsLocation(StrEnum):
    """SINS location classes (Fisher 2010, Spine 35:E1221; PMID 20562730)."""

    JUNCTIONAL = "junctional"
    MOBILE = "mobile"
    SEMIRIGID = "semirigid"
    RIGID = "rigid"


ALLOWED_LEVELS = "C1–C7, T1–T12, L1–L5, S1–S5, Co"

_REGION_COUNT = {"C": 7, "T": 12, "L": 5, "S": 5}
_REGION_OF_LETTER = {
    "C": Region.CERVICAL,
    "T": Region.THORACIC,
    "L": Region.LUMBAR,
    "S": Region.SACRAL,
}

# SINS location by level, as a table (Fisher 2010): junctional occiput-C2, C7-T2, T11-L1,
# L5-S1; mobile C3-C6, L2-L4; semirigid T3-T10; rigid S2-S5. The coccyx is not classified.
_SINS_LOCATION: dict[Level, SinsLocation] = {}
for _lvl in Level:
    if _lvl in (Level.C1, Level.C2, Level.C7, Level.T1, Level.T2, Level.T11, Level.T12, Level.L1,
                Level.L5, Level.S1):
        _SINS_LOCATION[_lvl] = SinsLocation.JUNCTIONAL
    elif Level.C3 <= _lvl <= Level.C6 or Level.L2 <= _lvl <= Level.L4:
        _SINS_LOCATION[_lvl] = SinsLocation.MOBILE
    elif Level.T3 <= _lvl <= Level.T10:
        _SINS_LOCATION[_lvl] = SinsLocation.SEMIRIGID
    elif Level.S2 <= _lvl <= Level.S5:
        _SINS_LOCATION[_lvl] = SinsLocation.RIGID

_LEVEL_RE = re.compile(r"^\s*([CTLSctls])\s*(\d{1,2})\s*$")
_COCCYX_RE = re.compile(r"^\s*(co|coccyx|cx)\s*$", re.IGNORECASE)
# Separators clinicians use between the two ends of a span.
_SPAN_SPLIT_RE = re.compile(r"\s*(?:-|–|—|/|\bto\b|\.\.)\s*", re.IGNORECASE)


#: each level by its own name (``T6``, ``Co``): what :func:`parse_level` reads from most records, looked up
#: before the patterns that read the other spellings
_LEVEL_BY_NAME: dict[str, Level] = {level.name: level for level in Level}


def _level_error(field: str, text: object, hint: str = "") -> InvalidValue:
    tail = f"; {hint}" if hint else ""
    return InvalidValue(
        field, text, ALLOWED_LEVELS, detail=f"'{text}' is not a vertebral level ({ALLOWED_LEVELS}){tail}"
    )


def parse_level(text: str | Level, field: str = "level") -> Level:
    """Parse a single level as clinicians write it: ``T6``, ``t6``, ``T 6``, ``Co``.

    Raises :class:`InvalidValue` naming the allowed levels for ``T13``, ``L6``, ``S6``, ``X4``.
    """
    if isinstance(text, Level):
        return text
    if not isinstance(text, str):
        raise _level_error(field, text)
    found = _LEVEL_BY_NAME.get(text)  # (most records write the level's own name)
    if found is not None:
        return found
    if _COCCYX_RE.match(text):
        return Level.Co
    match = _LEVEL_RE.match(text)
    if not match:
        raise _level_error(field, text)
    letter, number = match.group(1).upper(), int(match.group(2))
    count = _REGION_COUNT[letter]
    if not 1 <= number <= count:
        hint = ""
        if (letter, number) in (("L", 6), ("T", 13)):
            hint = (
                "transitional anatomy is not numbered beyond the standard count: number levels "
                "from C2 downwards and record the transitional vertebra in a note"
            )
        raise _level_error(field, text, hint)
    return Level[f"{letter}{number}"]


def region(level: Level) -> Region:
    """The spinal region of ``level``."""
    if level is Level.Co:
        return Region.COCCYGEAL
    return _REGION_OF_LETTER[level.name[0]]


def sins_location(level: Level) -> SinsLocation:
    """The SINS location class of a level (Fisher 2010, PMID 20562730).

    T6, the story case's level, is semirigid (1 point), not junctional. The coccyx is not
    defined by SINS and raises :class:`InvalidValue`.
    """
    try:
        return _SINS_LOCATION[level]
    except KeyError:
        raise InvalidValue(
            "level", str(level), "SINS defines a location only for C1–S5; the coccyx is not scored"
        ) from None


def is_junctional(level: Level) -> bool:
    """True where the SINS location class is junctional (occiput–C2, C7–T2, T11–L1, L5–S1)."""
    return level in _JUNCTIONAL


#: The junctional levels, as a set made once from the SINS location classes.
_JUNCTIONAL = frozenset(lvl for lvl, where in _SINS_LOCATION.items() if where is SinsLocation.JUNCTIONAL)


#: The levels of each span asked for (start, end) -> levels; at most 25 x 25 entries.
_SPAN_LEVELS: dict[tuple[Level, Level], tuple[Level, ...]] = {}


@dataclass(frozen=True, order=True)
class Span:
    """A contiguous run of levels from ``start`` to ``end`` inclusive (``start`` is cranial)."""

    start: Level
    end: Level

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise InvalidValue(
                "span",
                f"{self.start}-{self.end}",
                "a span runs from the cranial to the caudal level (e.g. T3-T8, not T8-T3)",
            )

    @classmethod
    def single(cls, level: Level) -> Span:
        return cls(level, level)

    def __str__(self) -> str:
        # the levels' names directly: formatting an enum member calls Enum.__format__ and then Level.__str__
        return self.start._name_ if self.start == self.end else f"{self.start._name_}-{self.end._name_}"

    def __iter__(self) -> Iterator[Level]:
        return iter(self.levels)

    def __len__(self) -> int:
        return self.end - self.start + 1  # levels are integers: their difference is a plain int

    def __contains__(self, level: object) -> bool:
        return isinstance(level, Level) and self.start <= level <= self.end

    @property
    def levels(self) -> tuple[Level, ...]:
        """Every level in the span, cranial to caudal."""
        # keyed by the two levels (an IntEnum hashes and compares as its integer; int() is a call per level)
        bounds = (self.start, self.end)
        found = _SPAN_LEVELS.get(bounds)
        if found is None:  # worked out once per span (calling the enum per level costs a microsecond each)
            found = _SPAN_LEVELS[bounds] = tuple(Level(v) for v in range(bounds[0], bounds[1] + 1))
        return found

    def levels_above(self, index: Level) -> int:
        """How many levels of the span lie above (cranial to) ``index``: T3-T8 around T6 is 3."""
        self._require_inside(index)
        return int(index) - int(self.start)

    def levels_below(self, index: Level) -> int:
        """How many levels of the span lie below (caudal to) ``index``: T3-T8 around T6 is 2."""
        self._require_inside(index)
        return int(self.end) - int(index)

    def junctional_levels(self) -> tuple[Level, ...]:
        """The levels of the span that lie in a junctional zone."""
        return tuple(lvl for lvl in self.levels if lvl in _JUNCTIONAL)

    def crosses_junction(self) -> bool:
        """True where any level of the span lies in a junctional zone (C7–T2, T11–L1, ...)."""
        return bool(self.junctional_levels())

    def ends_in_junction(self) -> bool:
        """True where either end of the span (a construct's end level) is junctional."""
        return is_junctional(self.start) or is_junctional(self.end)

    def regions(self) -> tuple[Region, ...]:
        seen: list[Region] = []
        for lvl in self.levels:
            if region(lvl) not in seen:
                seen.append(region(lvl))
        return tuple(seen)

    def overlaps(self, other: Span) -> bool:
        return self.start <= other.end and other.start <= self.end

    def adjacent_to(self, other: Span) -> bool:
        """True when the spans touch end to end without overlapping (T3-T5 and T6-T8)."""
        return int(self.end) + 1 == int(other.start) or int(other.end) + 1 == int(self.start)

    def _require_inside(self, index: Level) -> None:
        if index not in self:
            raise InvalidValue("index level", str(index), f"a level inside the span {self}")


def parse_span(text: str | Level | Span, field: str = "span") -> Span:
    """Parse a level or a span as clinicians write it.

    Accepted: ``T6``, ``T3-T8``, ``T3–T8`` (en dash), ``T3—T8``, ``T12/L1``, ``C7-T1``,
    ``T3 to T8``, and the shorthand ``T3-8`` (same region). A reversed span (``T8-T3``),
    a slash between levels that are not adjacent (``T3/T8``: a span or two levels?) or an
    unknown level is an :class:`InvalidValue` naming what is allowed.
    """
    if isinstance(text, Span):
        return text
    if isinstance(text, Level):
        return Span.single(text)
    if not isinstance(text, str) or not text.strip():
        raise _level_error(field, text)
    found = _LEVEL_BY_NAME.get(text)  # a single level written as its name: no separator to look for
    if found is not None:
        return Span.single(found)
    # Empty parts are kept: 'T3-' (a span with its end missing) or 'T3//T8' is an error, not T3.
    parts = _SPAN_SPLIT_RE.split(text.strip())
    if len(parts) == 1:
        return Span.single(parse_level(parts[0], field))
    if len(parts) != 2 or not all(p.strip() for p in parts):
        raise InvalidValue(
            field, text, f"a level ({ALLOWED_LEVELS}; e.g. T6) or a span of two levels (T3-T8, T12/L1, T3 to T8)"
        )
    start = parse_level(parts[0], field)
    end_text = parts[1]
    if end_text.strip().isdigit() and start is not Level.Co:
        end_text = start.name[0] + end_text.strip()
    end = parse_level(end_text, field)
    if start > end:
        raise InvalidValue(
            field, text, "a span runs from the cranial to the caudal level (e.g. T3-T8, not T8-T3)"
        )
    if "/" in text and int(end) - int(start) != 1:
        # A slash joins two adjacent levels (the disc or junction between them: T12/L1, C7/T1);
        # 'T3/T8' might mean 'T3 to T8' or 'T3 and T8', so it is refused rather than guessed.
        raise InvalidValue(
            field, text,
            f"a slash joins two adjacent levels (T12/L1, C7/T1); write a span as {start}-{end}, or two separate "
            f"levels as a list of spans ([{start}, {end}])",
        )
    return Span(start, end)


def are_contiguous(levels: Iterable[Level]) -> bool:
    """True when the levels, once sorted and de-duplicated, form one unbroken run."""
    ordered: Sequence[int] = sorted({int(lv) for lv in levels})
    return bool(ordered) and ordered[-1] - ordered[0] + 1 == len(ordered)
