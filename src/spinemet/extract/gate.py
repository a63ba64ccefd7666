"""Case-insensitive word patterns that skip a sentence without their first words (speed, exactly).

Most rules are alternations of words (``\\bnephrectomy|\\bmastectomy``). Python's ``re`` tries every
alternative at every position of a sentence, and with IGNORECASE it has no fast scan for them. A
:class:`Gated` pattern knows, for each top-level alternative, the literal words it must begin with
(read from the pattern itself); when none of them occurs in the lower-cased sentence, the pattern
cannot match and is not run. A pattern whose alternatives do not all begin with a literal of at least
three characters is always run. The answers are those of the plain pattern in every case (the gate
only says "no match possible"); non-ASCII text is always run through the plain pattern.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_META = set("\\()[]{}?*+|.^$")
_QUANTIFIERS = set("?*+{")


def _structure(pattern: str, start: int = 0) -> Iterator[tuple[int, str, int]]:
    """Each ``(``, ``)`` and ``|`` of the pattern from ``start`` that is neither escaped nor inside a
    character class, with the group depth after it; ends with ``(len, "", depth)`` and depth -1 when a
    class is left open, so a caller can tell a pattern whose brackets cannot be followed."""
    depth, in_class, i = 0, False, start
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch in "()|":
            depth += {"(": 1, ")": -1, "|": 0}[ch]
            yield i, ch, depth
        i += 1
    yield len(pattern), "", -1 if in_class else depth


def _top_level_alternatives(pattern: str) -> list[str] | None:
    """The pattern split at its top-level ``|`` (None when its brackets cannot be followed)."""
    out: list[str] = []
    start = 0
    for i, ch, depth in _structure(pattern):
        if ch == "|" and depth == 0:
            out.append(pattern[start:i])
            start = i + 1
        elif ch == "" and depth != 0:
            return None
    out.append(pattern[start:])
    return out


def _group_end(pattern: str, open_at: int) -> int | None:
    """The index of the ``)`` closing the group opened at ``open_at``."""
    for i, ch, depth in _structure(pattern, open_at):
        if ch == ")" and depth == 0:
            return i
    return None


def _leading_words(alternative: str) -> tuple[str, ...] | None:
    """The literal texts (lower-cased) one of which every match of ``alternative`` begins with."""
    rest = alternative[2:] if alternative.startswith("\\b") else alternative
    group = re.match(r"\(\?:|\(\?P<\w+>", rest)
    if group is not None:
        end = _group_end(rest, 0)
        if end is None or rest[end + 1:end + 2] in _QUANTIFIERS:
            return None  # an optional group: what follows may come first
        return literals(rest[group.end():end])
    lit: list[str] = []
    for ch in rest:
        if ch in _META:
            if ch in _QUANTIFIERS and lit:
                lit.pop()  # "o?esophagectomy": the character before a quantifier may be absent
            break
        if not (ch.isascii() and (ch.isalnum() or ch in " -'/")):
            break
        lit.append(ch)
    word = "".join(lit).lower()
    return (word,) if len(word) >= 3 else None


def literals(pattern: str) -> tuple[str, ...] | None:
    """The words one of which every match of ``pattern`` begins with, or None (no gate possible)."""
    alternatives = _top_level_alternatives(pattern)
    if not alternatives:
        return None
    words: list[str] = []
    for alt in alternatives:
        found = _leading_words(alt)
        if found is None:
            return None
        words.extend(found)
    return tuple(dict.fromkeys(words))


class Gated:
    """A compiled case-insensitive pattern that is not run on a text without its leading words."""

    __slots__ = ("pattern", "rx", "words")

    def __init__(self, pattern: str, flags: int = re.IGNORECASE) -> None:
        self.rx = re.compile(pattern, flags)
        self.pattern = pattern
        self.words = literals(pattern) if flags & re.IGNORECASE else None

    def _possible(self, text: str) -> bool:
        if self.words is None or not text.isascii():
            return True
        low = text.lower()
        return any(w in low for w in self.words)

    def search(self, text: str, pos: int = 0, endpos: int = 2**31 - 1) -> re.Match[str] | None:
        return self.rx.search(text, pos, endpos) if self._possible(text) else None

    def match(self, text: str, pos: int = 0, endpos: int = 2**31 - 1) -> re.Match[str] | None:
        return self.rx.match(text, pos, endpos) if self._possible(text) else None

    def finditer(self, text: str, pos: int = 0, endpos: int = 2**31 - 1) -> Iterator[re.Match[str]]:
        return self.rx.finditer(text, pos, endpos) if self._possible(text) else iter(())
