"""What the extractor returns: a draft case, the provenance of every value, and what it left out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from spinemet.case import Case


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where one value of the draft comes from.

    ``path`` locates the value in the case file (``timeline[2].findings[0].level``); ``spans`` are
    character ranges (start inclusive, end exclusive) of the text it was read from; ``rule`` names
    the rule that read it; ``quote`` is the text of the spans, joined with " ... ".
    """

    path: str
    value: Any
    spans: tuple[tuple[int, int], ...]
    rule: str
    quote: str

    def as_dict(self) -> dict[str, Any]:
        return {"path": self.path, "value": self.value, "spans": [list(s) for s in self.spans], "rule": self.rule,
                "quote": self.quote}


@dataclass(frozen=True, slots=True)
class LeftOut:
    """A sentence (or a mention in it) the extractor did not turn into a value, and why."""

    start: int
    end: int
    text: str
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "reason": self.reason}


@dataclass(frozen=True)
class Extraction:
    """A draft case read from text: every value traced to its words; nothing the text does not say."""

    case: Case
    provenance: tuple[Provenance, ...]
    left_out: tuple[LeftOut, ...]
    messages: tuple[str, ...] = field(default=())

    @property
    def found(self) -> int:
        """How many values were read from the text."""
        return len(self.provenance)

    def as_dict(self) -> dict[str, Any]:
        from spinemet.case import case_to_data

        return {
            "case": case_to_data(self.case),
            "provenance": [p.as_dict() for p in self.provenance],
            "left_out": [x.as_dict() for x in self.left_out],
            "messages": list(self.messages),
        }
