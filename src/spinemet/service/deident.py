"""De-identification for researchers, by allow-list: only what is listed may pass.

The researcher view of a case is built field by field from ``deident.yaml`` beside this module,
which classifies every field of every model of the case record (codes, grades, numbers, day
offsets and booleans pass; free text is dropped or replaced by a marker; text from a short list
of generic clinical terms passes; the case id becomes the random research id; calendar dates
become day offsets from the index date; event ids become neutral ``e<n>`` or go). A field that is
not classified never reaches a researcher: a new field of the record stays invisible until
someone classifies it (and ``tests/service/test_deident_allow_list.py`` fails until then).

Because everything derived for a researcher (the assessment, the course and its labels, the
page, the course picture) is computed from this de-identified case, free text cannot reach a
derived label either. Ages over 89 are shown as 90 (HIPAA Safe Harbor, 45 CFR 164.514(b)(2)).
"""

from __future__ import annotations

import re
import types
import typing
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

import yaml
from pydantic import BaseModel

from spinemet.case import EVENT_TYPES, Case, case_to_data
from spinemet.case.events import EventBase
from spinemet.case.muscles import MUSCLE_GROUPS
from spinemet.case.units import UNITS, normalise_unit

REDACTED = "(redacted)"
MAX_AGE = 90

KINDS = frozenset({
    "pass", "drop", "marker", "model", "research_id", "age", "event_day", "event_day_range", "diagnosis_day",
    "event_id", "reference", "unit", "muscle", "terms", "keys",
})


@dataclass(frozen=True)
class Rule:
    """How one field reaches a researcher (see ``deident.yaml`` for the meaning of each kind)."""

    kind: str
    terms: str | None = None
    otherwise: str | None = None
    prefix: str | None = None


@dataclass(frozen=True)
class AllowList:
    fields: dict[str, dict[str, Rule]]
    terms: dict[str, frozenset[str]]

    def rule(self, cls: type[BaseModel], name: str) -> Rule | None:
        """The rule for field ``name`` of ``cls`` (a field inherited from a base is classified there)."""
        for klass in cls.__mro__:
            rules = self.fields.get(klass.__name__)
            if rules is not None and name in rules:
                return rules[name]
        return None


def _rule(where: str, raw: Any) -> Rule:
    if isinstance(raw, str):
        rule = Rule(raw)
    elif isinstance(raw, dict) and "terms" in raw:
        rule = Rule("terms", terms=raw["terms"], otherwise=raw.get("otherwise"))
        if rule.otherwise not in ("marker", "drop"):
            raise ValueError(f"{where}: 'otherwise' must be marker or drop")
    elif isinstance(raw, dict) and "keys" in raw:
        rule = Rule("keys", terms=raw["keys"], prefix=raw.get("prefix") or "key")
    else:
        raise ValueError(f"{where}: {raw!r} is not a classification")
    if rule.kind not in KINDS:
        raise ValueError(f"{where}: '{rule.kind}' is not a classification; allowed: {', '.join(sorted(KINDS))}")
    return rule


@cache
def allow_list() -> AllowList:
    """The classification of every field (``deident.yaml``), read once."""
    raw = yaml.safe_load(files("spinemet.service").joinpath("deident.yaml").read_text(encoding="utf-8"))
    terms = {name: frozenset(_words(t) for t in items) for name, items in raw["terms"].items()}
    fields = {
        cls: {name: _rule(f"{cls}.{name}", r) for name, r in rules.items()} for cls, rules in raw["fields"].items()
    }
    for cls, rules in fields.items():
        for name, rule in rules.items():
            if rule.terms is not None and rule.terms not in terms:
                raise ValueError(f"{cls}.{name}: no term list '{rule.terms}'")
    return AllowList(fields, terms)


def _words(text: str) -> str:
    return " ".join(text.lower().split())


# ------------------------------------------------------------------ the models of the record


def models_in(annotation: Any) -> list[type[BaseModel]]:
    """The pydantic models named in a field's type (inside Optional, list, dict, Annotated, unions)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    out: list[type[BaseModel]] = []
    for arg in typing.get_args(annotation):
        for found in models_in(arg):
            if found not in out:
                out.append(found)
    return out


def record_models() -> dict[str, type[BaseModel]]:
    """Every model class of the case record, by name: the case and what it holds, every event type."""
    found: dict[str, type[BaseModel]] = {}

    def walk(cls: type[BaseModel]) -> None:
        if cls.__name__ in found:
            return
        found[cls.__name__] = cls
        for info in cls.model_fields.values():
            for inner in models_in(info.annotation):
                walk(inner)

    walk(Case)
    for event_cls in EVENT_TYPES.values():
        walk(event_cls)
    return found


def is_text(annotation: Any) -> bool:
    """Whether a field's type admits arbitrary text (a plain ``str`` anywhere in it, map keys included)."""
    if annotation is str:
        return True
    if typing.get_origin(annotation) is typing.Literal:
        return False
    if isinstance(annotation, type) and not isinstance(annotation, types.GenericAlias):
        return False
    return any(is_text(arg) for arg in typing.get_args(annotation))


# ------------------------------------------------------------------ the walk

_KEY_WORDS = re.compile(r"[\s_\-/]+")
_UNITS = frozenset(u for _canonical, table in UNITS.values() for u in table)


class _Deidentifier:
    def __init__(self, case: Case, research_id: str) -> None:
        self.case = case
        self.research_id = research_id
        self.rules = allow_list()
        #: event id -> neutral e<n> (the position in the timeline as written)
        self.neutral = {e.id: f"e{i}" for i, e in enumerate(case.timeline, start=1) if e.id}
        self.referenced: set[str] = set()
        #: (prefix, key as recorded) -> replacement key, the same throughout the case
        self.keys: dict[tuple[str, str], str] = {}
        self._event_index = 0

    def run(self) -> dict[str, Any]:
        data = case_to_data(self.case)
        out = self.model(Case, data, None)
        out["id"] = self.research_id
        timeline = out.get("timeline", [])
        for item in timeline:
            if item.get("id") not in self.referenced:
                item.pop("id", None)
        return out

    def model(self, cls: type[BaseModel], data: dict[str, Any], event: EventBase | None) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, value in data.items():
            rule = self.rules.rule(cls, name)
            if rule is None or rule.kind == "drop":
                continue  # not classified: never shown (fail closed)
            self.field(cls, name, value, rule, event, out)
        return out

    def field(self, cls: type[BaseModel], name: str, value: Any, rule: Rule, event: EventBase | None,
              out: dict[str, Any]) -> None:
        kind = rule.kind
        if kind == "pass":
            out[name] = value
        elif kind == "marker":
            out[name] = REDACTED
        elif kind == "research_id":
            out[name] = self.research_id
        elif kind == "age":
            out[name] = min(int(value), MAX_AGE)
        elif kind == "model":
            out[name] = self.nested(cls, name, value)
        elif kind == "event_day":
            if event is not None and event.is_exactly_dated:
                out["day"] = self.case.day_of(event)
        elif kind == "event_day_range":
            if event is not None:
                interval = self.case.interval_of(event)
                out["day_range"] = {"earliest": interval.earliest, "latest": interval.latest}
        elif kind == "diagnosis_day":
            if self.case.primary.diagnosis_date is not None and self.case.index_date is not None:
                out["diagnosis_day"] = (self.case.primary.diagnosis_date - self.case.index_date).days
        elif kind == "event_id":
            if isinstance(value, str) and value in self.neutral:
                out[name] = self.neutral[value]
        elif kind == "reference":
            if isinstance(value, str) and value in self.neutral:
                out[name] = self.neutral[value]
                self.referenced.add(self.neutral[value])
            elif isinstance(value, list) and value and all(isinstance(v, str) and v in self.neutral for v in value):
                # a list of event ids (a radiotherapy's cumulative_with): each becomes its neutral e<n>
                out[name] = [self.neutral[v] for v in value]
                self.referenced.update(out[name])
        elif kind == "muscle":
            if value in MUSCLE_GROUPS:
                out[name] = value
        elif kind == "unit":
            unit = normalise_unit(value) if isinstance(value, str) else None
            if unit in _UNITS:
                out[name] = unit
        elif kind == "terms":
            self.terms(name, value, rule, out)
        elif kind == "keys":
            self.mapping(name, value, rule, out)

    def nested(self, cls: type[BaseModel], name: str, value: Any) -> Any:
        if isinstance(value, list):
            return [self.nested(cls, name, v) for v in value]
        if not isinstance(value, dict):
            return value
        if cls is Case and name == "timeline":
            event_cls = EVENT_TYPES[value["type"]]
            return self.model(event_cls, value, self.current_event(value))
        inner = models_in(cls.model_fields[name].annotation)
        return self.model(inner[0], value, None) if len(inner) == 1 else {}

    def current_event(self, value: dict[str, Any]) -> EventBase:
        # The timeline is walked in order; the n-th dict is the n-th event.
        index = self._event_index
        self._event_index += 1
        event = self.case.timeline[index]
        assert event.type == value["type"]
        return event

    def terms(self, name: str, value: Any, rule: Rule, out: dict[str, Any]) -> None:
        allowed = self.rules.terms[rule.terms or ""]

        def one(text: Any) -> str | None:
            if isinstance(text, str) and _words(text) in allowed:
                return _words(text)
            return REDACTED if rule.otherwise == "marker" else None

        if isinstance(value, list):
            kept = [t for t in (one(v) for v in value) if t is not None]
            if kept:
                out[name] = kept
        else:
            shown = one(value)
            if shown is not None:
                out[name] = shown

    def mapping(self, name: str, value: Any, rule: Rule, out: dict[str, Any]) -> None:
        if not isinstance(value, dict):
            return
        allowed = self.rules.terms[rule.terms or ""]
        prefix = rule.prefix or "key"
        shown: dict[str, Any] = {}
        for key, inner in value.items():
            if not isinstance(inner, int | float) or isinstance(inner, bool):
                continue
            words = [w for w in _KEY_WORDS.split(str(key).lower()) if w]
            if words and all(w in allowed for w in words):
                new = "_".join(words)
            else:
                new = self.keys.setdefault((prefix, str(key)), f"{prefix}_{len(self.keys) + 1}")
            shown[new] = inner
        out[name] = shown


def deidentify(case: Case, research_id: str) -> dict[str, Any]:
    """The case as de-identified case-file data, built from the allow-list (it still validates as a case)."""
    return _Deidentifier(case, research_id).run()
