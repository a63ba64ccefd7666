"""Reading a posted form back into a record: one function for every event form, validated by
the case model itself.

A field that is left empty is unknown and is not sent. A validation problem located at
``findings[0].escc`` (or ``timeline[7].findings[0].escc`` from the service) is shown next
to the field whose path it names; problems of the whole event are shown above the form.
Rows of a repeated block (MRC power per muscle group, candidate primary sites) that are left
empty are dropped, and a problem of a kept row is still shown at the row the user typed in.
The declarations live in :mod:`spinemet.web.event_forms` and :mod:`spinemet.web.form_fields`.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import TypeAdapter, ValidationError

from spinemet.case import EVENT_TYPES, Event, parse_case
from spinemet.case.problems import location_text, problems_from
from spinemet.errors import Problem, ValidationFailed
from spinemet.web.event_forms import (
    CASE_FIELDS,
    EVENT_FORMS,
    FORMS_BY_TYPE,
    LAB_ANALYTES,
    LAB_BOUNDS,
    LAB_STATEMENTS,
    MRC_LIMBS,
    NET_FLAG,
    UNIT_NOT_STATED,
)
from spinemet.web.form_fields import (
    RELATION,
    YES_NO,
    EventForm,
    FormField,
    Path,
    literal_options,
    model_options,
    options,
)

__all__ = [
    "CASE_FIELDS", "EVENT_FORMS", "FORMS_BY_TYPE", "LAB_ANALYTES", "LAB_BOUNDS", "LAB_STATEMENTS", "MRC_LIMBS", "NET_FLAG",
    "YES_NO", "EventForm", "FormField", "FormOutcome", "Path", "literal_options", "model_options", "options",
    "place", "read_case_form", "read_event", "set_path",
]

_EVENT: TypeAdapter[Event] = TypeAdapter(Event)


@dataclass
class FormOutcome:
    """The result of reading a posted form: the validated record, or the problems by field."""

    event: Any
    values: dict[str, Any]
    field_errors: dict[str, list[str]] = field(default_factory=dict)
    form_errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.event is not None and not self.field_errors and not self.form_errors


# ------------------------------------------------------------------ reading a form

def set_path(data: dict[str, Any], path: Path, value: Any) -> None:
    node: Any = data
    for here, nxt in itertools.pairwise(path):
        if isinstance(here, int):
            while len(node) <= here:
                node.append({} if not isinstance(nxt, int) else [])
            node = node[here]
        else:
            if here not in node:
                node[here] = [] if isinstance(nxt, int) else {}
            node = node[here]
    last = path[-1]
    if isinstance(last, int):
        while len(node) <= last:
            node.append(None)
    node[last] = value


def _clean(raw: object) -> str:
    return raw.strip() if isinstance(raw, str) else ""


#: the relative-time fields: read under ``after`` and moved to ``before`` when the selector says so
_RELATIVE = ("event", "at_least", "at_most", "unit")
_RELATIVE_LOCATIONS = {
    "after": RELATION, "before": RELATION,
    **{f"{side}.{part}": f"timing.{part}" for side in ("after", "before") for part in _RELATIVE},
}


def _collect(fields: Iterable[FormField], posted: Mapping[str, Any], multi: Mapping[str, list[str]],
             skip: Iterable[str] = ()) -> tuple[dict[str, Any], dict[str, Any]]:
    """The values as typed (to show again) and the record's data (only what was given)."""
    values: dict[str, Any] = {}
    data: dict[str, Any] = {}
    skipped = set(skip)
    for f in fields:
        if f.kind == "multi":
            chosen = [v for v in multi.get(f.name, []) if v]
            values[f.name] = chosen
            if chosen:
                set_path(data, f.path, chosen)
            continue
        text = _clean(posted.get(f.name))
        values[f.name] = text
        if f.name in skipped or not text:
            continue
        if f.kind == "list":
            items = [part.strip() for part in text.split(";") if part.strip()]
            if items:
                set_path(data, f.path, items)
        else:
            set_path(data, f.path, text)
    return values, data


def _compact_rows(data: dict[str, Any], fields: Iterable[FormField]) -> dict[str, str]:
    """Drop the rows of repeated blocks that were left empty; return where each kept row's fields
    now are (``power[0].grade``) -> the field the user typed in, so problems land there."""
    moved: dict[str, str] = {}
    rows: dict[Path, list[FormField]] = {}
    for f in fields:
        at = next((k for k, part in enumerate(f.path) if isinstance(part, int)), None)
        if at is not None:
            rows.setdefault(f.path[:at], []).append(f)
    for prefix, members in rows.items():
        node: Any = data
        for part in prefix[:-1]:
            node = node.get(part) if isinstance(node, dict) else None
        if not isinstance(node, dict) or not isinstance(node.get(prefix[-1]), list):
            continue
        old = node[prefix[-1]]
        kept = [i for i, row in enumerate(old) if row not in ({}, None)]
        if kept:
            node[prefix[-1]] = [old[i] for i in kept]
        else:
            del node[prefix[-1]]
        if kept:  # a problem of the whole block ('candidates: ...') goes to the first row typed in
            moved[location_text(prefix)] = next(f.name for f in members if f.path[len(prefix)] == kept[0])
        for new_index, old_index in enumerate(kept):
            for f in members:
                path = f.path
                if path[len(prefix)] == old_index:
                    moved[location_text((*prefix, new_index, *path[len(prefix) + 1 :]))] = f.name
    return moved


def _relative_time(data: dict[str, Any], values: Mapping[str, Any]) -> list[str]:
    """Move the relative-time block to ``before`` when the selector says so; a selector without an
    event is a problem at the event field."""
    relation = values.get(RELATION) or ""
    if relation == "before" and "after" in data:
        data["before"] = data.pop("after")
    if relation and relation not in ("after", "before"):
        return [f"'{relation}' is not allowed; allowed: after, before"]
    return []


def _labs(posted: Mapping[str, Any], values: dict[str, Any], data: dict[str, Any]) -> dict[str, str]:
    """The labs table: one entry per analyte given (a value with its unit, or a word alone)."""
    locations: dict[str, str] = {}
    entries: list[dict[str, str]] = []
    for key, _lbl, units in LAB_ANALYTES:
        value = _clean(posted.get(f"lab_{key}"))
        unit = _clean(posted.get(f"lab_{key}_unit")) or (units[0] if units else UNIT_NOT_STATED)
        statement = _clean(posted.get(f"lab_{key}_statement"))
        bound = _clean(posted.get(f"lab_{key}_bound"))
        values[f"lab_{key}"] = value
        values[f"lab_{key}_unit"] = unit
        values[f"lab_{key}_statement"] = statement
        values[f"lab_{key}_bound"] = bound
        if value or statement or bound:
            n = len(entries)
            locations[f"values[{n}].statement"] = f"lab_{key}_statement"
            for at in ("", ".value", ".unit", ".unit_not_stated", ".bound"):
                locations[f"values[{n}]{at}"] = f"lab_{key}"
            entry: dict[str, Any] = {"analyte": key}
            if value:
                entry["value"] = value
                if unit == UNIT_NOT_STATED:
                    entry["unit_not_stated"] = True
                else:
                    entry["unit"] = unit
            if bound:
                entry["bound"] = bound
            if statement:
                entry["statement"] = statement
            entries.append(entry)
    data["values"] = entries
    return locations


def read_event(form: EventForm, posted: Mapping[str, Any], multi: Mapping[str, list[str]]) -> FormOutcome:
    """Turn the posted fields of ``form`` into a validated event, or located problems."""
    values, body = _collect(form.fields, posted, multi, skip=(RELATION, NET_FLAG if form.type == "histopathology" else ""))
    data: dict[str, Any] = {"type": form.type, **body}
    if form.type == "histopathology":
        flag = values.get(NET_FLAG)
        if flag == "true":
            data.setdefault("neuroendocrine", {})
        elif flag == "false" and "neuroendocrine" in data:
            return FormOutcome(None, values, {NET_FLAG: ["is 'No', but neuro-endocrine grading is entered below"]})
    relation_problems = _relative_time(data, values)
    if relation_problems:
        return FormOutcome(None, values, {RELATION: relation_problems})
    if values.get(RELATION) and not any(k in data for k in ("after", "before")):
        return FormOutcome(None, values, {"timing.event": ["is required: the event this one is timed from"]})
    locations = {**_RELATIVE_LOCATIONS, **_compact_rows(data, form.fields)}
    if form.type == "labs":
        locations.update(_labs(posted, values, data))
    try:
        event = _EVENT.validate_python(data)  # the discriminated union gives the precise type
    except ValidationError:
        outcome = FormOutcome(None, values)
        try:  # validated again as the event's own class, problems are located without the tag
            EVENT_TYPES[form.type].model_validate(data)
            problems = [Problem("", "the event is not valid")]
        except ValidationError as exc:
            problems = problems_from(exc)
        place(outcome, form.fields, problems, locations)
        if form.type == "labs" and not data["values"]:
            outcome.form_errors.append("enter at least one laboratory value")
        return outcome
    return FormOutcome(event, values)


def _strip_timeline(location: str) -> str:
    if location.startswith("timeline["):
        end = location.find("]")
        rest = location[end + 1 :]
        return rest[1:] if rest.startswith(".") else rest
    return location


def place(
    outcome: FormOutcome,
    fields: Iterable[FormField],
    problems: Iterable[Problem],
    extra: Mapping[str, str] | None = None,
    strip_timeline: bool = True,
) -> None:
    """Attach each problem to the field its location names, else to the whole form."""
    by_location = {f.location: f.name for f in fields}
    by_location.update(extra or {})
    for problem in problems:
        loc = _strip_timeline(problem.location) if strip_timeline else problem.location
        message = problem.message
        head, sep, tail = message.partition(": ")
        if sep and head.isidentifier() and (f"{loc}.{head}" if loc else head) in by_location:
            loc, message = (f"{loc}.{head}" if loc else head), tail
        target = None
        for candidate in sorted(by_location, key=len, reverse=True):
            if loc == candidate or loc.startswith(candidate + ".") or loc.startswith(candidate + "["):
                target = by_location[candidate]
                break
        if target is not None:
            outcome.field_errors.setdefault(target, []).append(message)
        else:
            where = f"{loc}: " if loc else ""
            outcome.form_errors.append(where + message)


# ------------------------------------------------------------------ a new case

_CASE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


def read_case_form(posted: Mapping[str, Any]) -> FormOutcome:
    """A new case from the case form, or the problems located at its fields. A neuro-endocrine
    primary (chosen or typed) records its ``neuroendocrine`` block with the grade facts given."""
    from spinemet.web import net_entry

    fields = (*CASE_FIELDS, *net_entry.NET_FIELDS)
    values, data = _collect(fields, posted, {})
    net_entry.apply(values, data)
    moved = _compact_rows(data, fields)
    outcome = FormOutcome(None, values)
    if values["id"] and not _CASE_ID.match(values["id"]):
        outcome.field_errors["id"] = [f"'{values['id']}' is not allowed; use letters, digits, '-', '_' or '.' (at most 100)"]
    if not values["primary.site"]:
        outcome.field_errors.setdefault("primary.site", []).append(
            "is required; choose “Unknown primary” when it is not known")
    try:
        case = parse_case(data)
    except ValidationFailed as exc:
        place(outcome, fields, [p for p in exc.problems if p.location != "primary.site" or values["primary.site"]],
              moved)
        return outcome
    if not outcome.field_errors:
        outcome.event = case
    return outcome
