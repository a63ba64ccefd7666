"""The word gate of the extractor's patterns (src/spinemet/extract/gate.py): it may only skip a text
in which the pattern cannot match. Checked against the plain pattern on texts written to hit and to
miss each kind of alternative, and on every pattern of the reader over the development corpus."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from spinemet.extract import reader
from spinemet.extract.gate import Gated, literals


@pytest.mark.parametrize(("pattern", "words"), [
    (r"\bnephrectomy|\bmastectomy", ("nephrectomy", "mastectomy")),
    (r"\b(?:died|death|passed away)\b", ("died", "death", "passed away")),
    (r"\b(?P<drug>dexamethasone|steroids?)\b", ("dexamethasone", "steroid")),  # 's?' may be absent
    (r"\bo?esophagectomy", None),  # the first letter is optional: no safe leading word
    (r"\b(?:hemi)?colectomy", None),  # an optional group first
    (r"\bRT\b|\bradiotherapy", None),  # a two-letter word is not gated
    (r"(?<!non)\bsmall cell", None),  # a look-behind first
])
def test_the_leading_words_are_only_those_every_match_begins_with(pattern: str, words: tuple[str, ...] | None) -> None:
    assert literals(pattern) == words


def test_a_gated_pattern_finds_exactly_what_the_plain_pattern_finds() -> None:
    texts = ["He DIED at home.", "Death followed.", "She passed away.", "Dexamethasone 8 mg", "no such words",
             "Naïve steroid use", "STEROIDS were given"]
    for pattern in (r"\b(?:died|death|passed away)\b", r"\b(?P<drug>dexamethasone|steroids?)\b"):
        gated, plain = Gated(pattern), re.compile(pattern, re.IGNORECASE)
        for t in texts:
            assert [m.span() for m in gated.finditer(t)] == [m.span() for m in plain.finditer(t)], (pattern, t)
            g, p = gated.search(t), plain.search(t)
            assert (g and g.span()) == (p and p.span())


def test_every_reader_pattern_matches_as_the_plain_pattern_on_every_corpus_sentence() -> None:
    corpus = Path(__file__).parent / "corpus"
    sentences = [s for p in sorted(corpus.rglob("*.txt")) for s in re.split(r"(?<=[.!?])\s+", p.read_text("utf-8"))]
    gated = [v for v in vars(reader).values() if isinstance(v, Gated)]
    gated += [row[0] for v in vars(reader).values() if isinstance(v, list) for row in v
              if isinstance(row, tuple) and isinstance(row[0], Gated)]
    assert sum(g.words is not None for g in gated) > 100  # most of the reader's patterns are gated
    for g in gated:
        plain = re.compile(g.pattern, re.IGNORECASE)
        for s in sentences:
            assert [m.span() for m in g.finditer(s)] == [m.span() for m in plain.finditer(s)], g.pattern
