"""Drafts of events and findings while a text is read: values with the words they came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Spans = tuple[tuple[int, int], ...]

#: fields that hold a list: a second value is added, not a replacement
LIST_FIELDS = frozenset({"procedures", "compartments", "deficits", "deficit_limbs", "spans", "power", "visceral",
                         "values"})


@dataclass
class Fact:
    """One value read from the text: where it goes (relative to its owner), its words and its rule."""

    path: str
    value: Any
    spans: Spans
    rule: str


@dataclass
class Holder:
    """Fields and the facts that set them."""

    fields: dict[str, Any] = field(default_factory=dict)
    facts: list[Fact] = field(default_factory=list)

    def put(self, key: str, value: Any, spans: Spans, rule: str) -> None:
        """Set ``key`` (or add to it, for list fields); the first value of a scalar field is kept."""
        if key in LIST_FIELDS:
            current = self.fields.setdefault(key, [])
            if value in current:
                return
            current.append(value)
            self.facts.append(Fact(f"{key}[{len(current) - 1}]", value, spans, rule))
            return
        if key in self.fields:
            return
        self.fields[key] = value
        self.facts.append(Fact(key, value, spans, rule))

    def drop(self, key: str) -> None:
        self.fields.pop(key, None)
        self.facts = [f for f in self.facts if f.path != key and not f.path.startswith(f"{key}[")]


@dataclass
class Timing:
    """How an event is dated, before the event it refers to has an id."""

    kind: str  # 'day0', 'after', 'before', 'date', 'date_range', 'note'
    anchor: str | None = None  # an anchor type ('surgery', 'previous', 'presentation', ...)
    at_least: float | None = None
    at_most: float | None = None
    unit: str = "days"
    spans: Spans = ()
    rule: str = ""
    note: str | None = None
    #: a calendar date (kind 'date') or the first and last day of a month or year (kind 'date_range'), ISO
    date: str | None = None
    date_latest: str | None = None


@dataclass
class FindingDraft(Holder):
    place: str | None = None  # span text, region key, or None


@dataclass
class EventDraft(Holder):
    type: str = ""
    sentence: int = 0
    sentence_text: str = ""
    sentence_start: int = 0
    start: int = 0  # offset of the words that opened the event
    findings: list[FindingDraft] = field(default_factory=list)
    timing: Timing | None = None
    presentation: bool = False
    historical: bool = False
    id: str | None = None
    #: event drafts this one refers to by field name (filled in once ids are given)
    refs: dict[str, EventDraft] = field(default_factory=dict)
    anchor_of: EventDraft | None = None
    #: "three sessions of ...": how many events the words state, and those words
    sessions: int = 1
    sessions_spans: Spans = ()
    #: a total dose over the stated courses ("two courses, 70 Gy in total"), with its words
    total_dose: tuple[float, Spans] | None = None
    #: event drafts this one names in a list field (``cumulative_with``), filled in once ids are given
    list_refs: dict[str, list[EventDraft]] = field(default_factory=dict)

    def has_content(self) -> bool:
        return bool(self.fields) or bool(self.findings)
