"""Small builders that keep the declarations readable as tables."""

from __future__ import annotations

from spinemet.evidence.model import EvidenceStatus
from spinemet.instruments.model import Answer, Band, Fact, Item

V = EvidenceStatus.VERIFIED
S = EvidenceStatus.SECONDARY
M = EvidenceStatus.UNVERIFIED
D = EvidenceStatus.DERIVED


def a(key: str, label: str, points: int = 0, meaning: str = "", decision: str | None = None) -> Answer:
    """One answer row of a published table."""
    return Answer(key=key, label=label, points=points, meaning=meaning, decision=decision)


def item(key: str, label: str, *answers: Answer, meaning: str = "") -> Item:
    return Item(key=key, label=label, answers=tuple(answers), meaning=meaning)


def yes_no(key: str, label: str, yes_points: int = 1, meaning: str = "") -> Item:
    """A favourable/unfavourable factor scored ``yes_points`` when present, 0 when absent."""
    return item(key, label, a("yes", "Yes", yes_points), a("no", "No", 0), meaning=meaning)


def band(key: str, low: int, high: int, label: str, meaning: str = "") -> Band:
    return Band(key=key, label=label, meaning=meaning, low=low, high=high)


def category(key: str, label: str, meaning: str = "") -> Band:
    return Band(key=key, label=label, meaning=meaning)


def fact(text: str, status: EvidenceStatus, source: str) -> Fact:
    return Fact(text=text, status=status, source=source)
