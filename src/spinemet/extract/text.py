"""Sentences with their character offsets in the text as given (provenance points into it)."""

from __future__ import annotations

import re
from dataclasses import dataclass

#: abbreviations whose full stop does not end a sentence
_ABBREVIATIONS = frozenset({
    "dr", "mr", "mrs", "ms", "prof", "e.g", "i.e", "eg", "ie", "vs", "approx", "fig", "figs", "no", "nos", "etc",
    "al", "cf", "resp", "ca", "st", "mt", "pt", "pts", "yr", "yrs", "mo", "mos", "wk", "wks", "inc", "hx", "dx",
    "tx", "rx", "sx", "c.f", "a.m", "p.m", "vol", "ref", "dept", "min", "max",
})

_CANDIDATE = re.compile(r"[.!?]+[\"')\]]*(?=\s)|\n\s*\n|\n(?=\s*[-*\u2022]\s)|\n(?=[A-Z][A-Za-z ]{1,40}:)")


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence: its index, and ``start``/``end`` offsets into the original text."""

    index: int
    start: int
    end: int
    text: str


def split_sentences(text: str) -> list[Sentence]:
    """The sentences of ``text`` (full stops of abbreviations and decimals do not split; blank
    lines, bullet lines and "Heading:" lines do). Offsets refer to ``text`` unchanged."""
    out: list[Sentence] = []
    start = 0
    for m in _CANDIDATE.finditer(text):
        end = m.end()
        token = m.group(0)
        if token.startswith("."):
            word = re.search(r"([A-Za-z][A-Za-z.]*)$", text[start:m.start()])
            if word and word.group(1).lower().rstrip(".") in _ABBREVIATIONS:
                continue
            if word and len(word.group(1)) == 1 and word.group(1).isupper():
                continue  # an initial ("J. Smith")
        _add(out, text, start, end)
        start = end
    _add(out, text, start, len(text))
    return out


def _add(out: list[Sentence], text: str, start: int, end: int) -> None:
    # trim whitespace but keep the offsets exact
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(len(out), start, end, text[start:end]))
