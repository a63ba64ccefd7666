"""What a mention asserts, by its context in the sentence (a ConText-style trigger and scope
algorithm; Harkema et al. 2009, PMID 19435614; the word lists are in
:mod:`spinemet.extract.lexicon.context`).

A trigger opens a scope forwards (or backwards) up to a termination term, the end (start) of the
sentence or a word limit. A mention inside a scope takes the trigger's category: ``negated``,
``possible``, ``probable``, ``hypothetical``, ``historical`` or ``family``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spinemet.extract.lexicon.context import PSEUDO_TRIGGERS, SCOPE_WORDS, TERMINATORS, TRIGGERS

_TRIGGERS = [(re.compile(p, re.IGNORECASE), cat, direction) for p, cat, direction in TRIGGERS]
#: every trigger in one expression (one scan of the sentence finds the candidates; each candidate is
#: then matched by every trigger that can start there, so "not" and "not seen" both count)
_ANY = re.compile("|".join(f"(?:{p})" for p, _, _ in TRIGGERS), re.IGNORECASE)
#: the same scan without IGNORECASE over the lower-cased sentence (ASCII: same offsets, same matches,
#: about three times faster); only when the trigger words are written in lower case
_ANY_LOWER = (re.compile(_ANY.pattern) if not any(ch.isupper() for ch in re.sub(r"\\.", "", _ANY.pattern))
              else None)
_PSEUDO = re.compile("|".join(PSEUDO_TRIGGERS), re.IGNORECASE)
_TERMINATOR = re.compile("|".join(TERMINATORS), re.IGNORECASE)
_WORD = re.compile(r"\S+")


@dataclass(frozen=True, slots=True)
class Trigger:
    start: int
    end: int
    category: str
    scope_start: int
    scope_end: int


@dataclass(frozen=True, slots=True)
class Assertion:
    """The categories that govern one mention, with the triggers that set them."""

    triggers: tuple[Trigger, ...]

    def has(self, category: str) -> bool:
        return any(t.category == category for t in self.triggers)

    @property
    def negated(self) -> bool:
        return self.has("negated")

    @property
    def certainty(self) -> str | None:
        """'possible', 'probable', or None (stated without doubt)."""
        if self.has("possible"):
            return "possible"
        if self.has("probable"):
            return "probable"
        return None

    @property
    def hypothetical(self) -> bool:
        return self.has("hypothetical")

    @property
    def family(self) -> bool:
        return self.has("family")

    @property
    def historical(self) -> bool:
        return self.has("historical")

    @property
    def blocking(self) -> str | None:
        """Why the mention is not a present, certain fact of this patient, or None."""
        for cat in ("family", "negated", "hypothetical"):
            if self.has(cat):
                return cat
        return None


class SentenceContext:
    """The triggers of one sentence and their scopes (offsets relative to the sentence)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._triggers: tuple[Trigger, ...] | None = None

    @property
    def triggers(self) -> tuple[Trigger, ...]:
        """The sentence's triggers, found on first use (most sentences of a letter have no mention)."""
        if self._triggers is None:
            self._triggers = self._find(self.text)
        return self._triggers

    @staticmethod
    def _find(text: str) -> tuple[Trigger, ...]:
        pseudo = [(m.start(), m.end()) for m in _PSEUDO.finditer(text)]
        terms = [(m.start(), m.end()) for m in _TERMINATOR.finditer(text)]
        words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
        triggers: list[Trigger] = []
        taken: list[tuple[int, int]] = []
        if _ANY_LOWER is not None and text.isascii():
            starts = sorted({m.start() for m in _ANY_LOWER.finditer(text.lower())})
        else:
            starts = sorted({m.start() for m in _ANY.finditer(text)})
        for rx, cat, direction in _TRIGGERS if starts else ():
            for m in (x for x in (rx.match(text, p) for p in starts) if x is not None):
                s, e = m.start(), m.end()
                if any(ps <= s < pe for ps, pe in pseudo):
                    continue
                if any(ts <= s < te and (ts, te) != (s, e) and cat == "negated" for ts, te in taken):
                    continue
                taken.append((s, e))
                if direction in ("forward", "both"):
                    stop = min([ts for ts, _ in terms if ts >= e] + [len(text)])
                    after = [w for w in words if w[0] >= e]
                    limit = after[SCOPE_WORDS["forward"] - 1][1] if len(after) >= SCOPE_WORDS["forward"] else len(text)
                    triggers.append(Trigger(s, e, cat, e, min(stop, limit)))
                if direction in ("backward", "both"):
                    begin = max([te for _, te in terms if te <= s] + [0])
                    before = [w for w in words if w[1] <= s]
                    limit = before[-SCOPE_WORDS["backward"]][0] if len(before) >= SCOPE_WORDS["backward"] else 0
                    triggers.append(Trigger(s, e, cat, max(begin, limit), s))
        return tuple(triggers)

    def assertion(self, start: int, end: int) -> Assertion:
        """The categories governing the mention at ``start``-``end`` (sentence offsets)."""
        found = tuple(t for t in self.triggers
                      if (t.scope_start <= start < t.scope_end or t.scope_start < end <= t.scope_end)
                      and not (t.start <= start and end <= t.end))
        return Assertion(found)
