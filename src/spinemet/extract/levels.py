"""Finding vertebral levels, spans and lists in text, as clinicians write them.

"T6", "D7" (dorsal = thoracic), "T3-T8", "T3–T8", "T3 to T8", "T3-8", "C7/T1", "T2/3", lists
("T1, T5, T10 and T12", "T2/3 and T9"), and ordinal words ("the seventh thoracic vertebra").
A slash joins adjacent levels only; "T3/T8" (a span or two levels?) is left out, not guessed.
MRI sequence names ("T2-weighted") and TNM stages ("T2N0") are not levels.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spinemet.anatomy import Level, Span
from spinemet.extract.lexicon.levels import (
    LETTERS,
    NOT_A_LEVEL_AFTER,
    NOT_A_LEVEL_BEFORE,
    ORDINAL_REGIONS,
    ORDINALS,
    REGIONS,
)

_COUNT = {"C": 7, "T": 12, "L": 5, "S": 5}
_ATOM = re.compile(
    r"(?<![A-Za-z0-9])(?P<letter>[CTDLS])\s?(?P<num>\d{1,2})(?![\d.,]\d)(?!\d)"
    r"|(?P<ord>" + "|".join(ORDINALS) + r")\s+(?P<reg>" + "|".join(ORDINAL_REGIONS) + r")\s+"
    r"(?:vertebra(?:e|l body)?|vertebral level|level)",
    re.IGNORECASE,
)
#: "the level above L3", "two levels below T12": a level named by its neighbour (above = towards the head)
_NEIGHBOUR = re.compile(r"\b(?:the\s+)?(?:(?P<n>one|two|three|[1-3])\s+)?(?:vertebral\s+)?(?:level|vertebra|vertebral body|"
                        r"segment|body)s?\s+(?P<dir>above|below|cranial to|caudal to)\s+(?:the\s+)?$", re.IGNORECASE)
_NEIGHBOUR_COUNT = {"one": 1, "two": 2, "three": 3, "1": 1, "2": 2, "3": 3}
_NOT_AFTER = re.compile(NOT_A_LEVEL_AFTER, re.IGNORECASE)
_NOT_BEFORE = re.compile(NOT_A_LEVEL_BEFORE, re.IGNORECASE)
_RANGE_JOIN = re.compile(r"\s*(?:-|\u2013|\u2014|\bto\b|\bthrough\b|\bthru\b|\buntil\b|/)\s*"
                         r"(?:(?:the\s+)?(?:lower|upper|mid(?:dle)?|inferior|superior)(?:\s+(?:part|third|half|"
                         r"end|endplate)\s+of)?\s+(?:the\s+)?)?", re.IGNORECASE)
_BARE_END = re.compile(r"(?P<num>\d{1,2})(?![\d.]|\s*(?:gy|mm|cm|%|x|fractions?|days?|weeks?|months?|years?)\b)",
                       re.IGNORECASE)
_LIST_JOIN = re.compile(r"\s*(?:,\s*(?:and|&)?|\band\b|&|\bas well as\b|\bplus\b)\s*(?:(?:at|of|in|to)\s+)?(?:the\s+)?",
                        re.IGNORECASE)
_REGION = re.compile(r"\b(?:" + "|".join(f"(?P<r{i}>{pat})" for i, (pat, _) in enumerate(REGIONS)) + r")\b",
                     re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class LevelMention:
    """Levels named at one place of the text: one level, one span, or a list of them."""

    start: int
    end: int
    spans: tuple[Span, ...]
    #: each span's own character range
    parts: tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class _Atom:
    start: int
    end: int
    level: Level | None  # None: looks like a level but is not one of the standard count
    letter: str


def _atoms(text: str) -> list[_Atom]:
    out: list[_Atom] = []
    for m in _ATOM.finditer(text):
        if m.group("letter"):
            raw = m.group("letter")
            if raw.islower() and not text[m.start():m.end()].isupper():
                # lower-case "t6" is accepted only when the whole token is lower case ("t6 lesion")
                pass
            letter = LETTERS[raw.upper()]
            num = int(m.group("num"))
            if _NOT_AFTER.match(text, m.end()) or _NOT_BEFORE.search(text[max(0, m.start() - 12):m.start()]):
                continue
            if raw.islower() and raw.upper() in ("S", "C", "D") :
                continue  # "s1" and "c5" in lower case are too often something else
            level = Level[f"{letter}{num}"] if 1 <= num <= _COUNT[letter] else None
            near = _NEIGHBOUR.search(text, max(0, m.start() - 45), m.start())
            if near is not None and level is not None:
                # the level the words name is the neighbour, not the level they count from
                steps = _NEIGHBOUR_COUNT[(near.group("n") or "one").lower()]
                up = near.group("dir").lower() in ("above", "cranial to")
                target = int(level) - steps if up else int(level) + steps
                if target not in {int(x) for x in Level}:
                    continue
                level = Level(target)
                out.append(_Atom(near.start(), m.end(), level, level.name[0]))
                continue
            out.append(_Atom(m.start(), m.end(), level, letter))
        else:
            letter = ORDINAL_REGIONS[m.group("reg").lower()]
            num = ORDINALS[m.group("ord").lower()]
            level = Level[f"{letter}{num}"] if 1 <= num <= _COUNT[letter] else None
            out.append(_Atom(m.start(), m.end(), level, letter))
    return out


def find_levels(text: str, offset: int = 0) -> list[LevelMention]:
    """Every level mention in ``text``; offsets are shifted by ``offset`` (the sentence's start)."""
    atoms = _atoms(text)
    items: list[tuple[int, int, Span]] = []
    i = 0
    while i < len(atoms):
        a = atoms[i]
        span: Span | None = None
        end = a.end
        join = _RANGE_JOIN.match(text, a.end)
        slash = bool(join and "/" in join.group(0))
        if join and i + 1 < len(atoms) and atoms[i + 1].start == join.end():
            b = atoms[i + 1]
            i += 1
            end = b.end
            if a.level is not None and b.level is not None:
                span = _span(a.level, b.level, slash)
        elif join and a.level is not None:
            bare = _BARE_END.match(text, join.end())
            if bare:
                num = int(bare.group("num"))
                end = bare.end()
                if 1 <= num <= _COUNT[a.letter]:
                    span = _span(a.level, Level[f"{a.letter}{num}"], slash)
            elif a.level is not None:
                span = Span.single(a.level)
        elif a.level is not None:
            span = Span.single(a.level)
        if span is not None:
            items.append((a.start, end, span))
        i += 1
    # lists: items joined by commas / "and"
    out: list[LevelMention] = []
    group: list[tuple[int, int, Span]] = []
    for item in items:
        if group:
            between = text[group[-1][1]:item[0]]
            joined = _LIST_JOIN.fullmatch(between)
            if joined is None:
                out.append(_mention(group, offset))
                group = []
        group.append(item)
    if group:
        out.append(_mention(group, offset))
    return out


def _span(a: Level, b: Level, slash: bool) -> Span | None:
    if b < a:
        return None  # "T8-T3": reversed, not guessed
    if slash and int(b) - int(a) != 1:
        return None  # "T3/T8": a span or two levels? not guessed
    return Span(a, b)


def _mention(group: list[tuple[int, int, Span]], offset: int) -> LevelMention:
    spans: list[Span] = []
    parts: list[tuple[int, int]] = []
    for s, e, span in group:
        if span not in spans:
            spans.append(span)
            parts.append((s + offset, e + offset))
    return LevelMention(group[0][0] + offset, group[-1][1] + offset, tuple(spans), tuple(parts))


def find_regions(text: str, offset: int = 0) -> list[tuple[int, int, str]]:
    """Spinal regions named in words ("dorsal spine", "lumbar vertebra"): (start, end, region key)."""
    out: list[tuple[int, int, str]] = []
    for m in _REGION.finditer(text):
        for i, (_, key) in enumerate(REGIONS):
            if m.group(f"r{i}"):
                out.append((m.start() + offset, m.end() + offset, key))
                break
    return out
