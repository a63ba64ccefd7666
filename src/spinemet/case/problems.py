"""Turning a dictionary (from YAML, JSON, a form or an API body) into a :class:`Case`,
reporting *every* problem with its location in the input."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import ValidationError

from spinemet.case.events import EVENT_TYPES, Model
from spinemet.case.model import Case
from spinemet.case.timeline_checks import raw_timeline_problems
from spinemet.case.vocab import SurgeryProcedure
from spinemet.errors import Problem, ValidationFailed

_LOCATED_LINE = re.compile(r"^(?P<loc>[A-Za-z_][\w\[\]\.]*)(?::\s+|\s*:\s*)(?P<msg>.+)$")


def location_text(loc: Sequence[int | str]) -> str:
    """('timeline', 3, 'imaging', 'findings', 0, 'level') -> 'timeline[3].findings[0].level'.

    The discriminator tag that pydantic inserts after a union member's index is dropped.
    """
    out = ""
    previous: int | str | None = None
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif isinstance(previous, int) and part in EVENT_TYPES:
            pass  # the union tag, not a field
        elif part.startswith("function-") or part in ("tagged-union",):
            pass
        else:
            out += f".{part}" if out else part
        previous = part
    return out


def _message(error: Mapping[str, Any]) -> str:
    kind = error.get("type", "")
    value = error.get("input")
    msg = str(error.get("msg", ""))
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, ") :]
    shown = f"'{value}'" if isinstance(value, str) else repr(value)
    if kind in ("enum", "literal_error"):
        expected = str(error.get("ctx", {}).get("expected", "")).replace("'", "")
        return f"{shown} is not allowed; allowed: {expected}"
    if kind == "extra_forbidden":
        return "is not a field of this record (check the spelling)"
    if kind == "missing":
        return "is required"
    if kind == "union_tag_invalid":
        expected = str(error.get("ctx", {}).get("expected_tags", "")).replace("'", "")
        tag = error.get("ctx", {}).get("tag")
        return f"'{tag}' is not an event type; allowed: {expected}"
    if kind == "union_tag_not_found":
        return f"an event needs a 'type'; allowed: {', '.join(EVENT_TYPES)}"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return f"{shown}: {msg.lower()}"
    if kind.endswith("_parsing") or kind.endswith("_type") or kind in ("finite_number", "int_from_float"):
        return f"{shown}: {msg.lower()}"
    if kind == "too_short":
        loc = error.get("loc", ())
        if loc and loc[-1] == "procedures":
            return f"a surgery needs at least one procedure; allowed: {', '.join(p.value for p in SurgeryProcedure)}"
        least = error.get("ctx", {}).get("min_length", 1)
        return f"needs at least {least} item(s); none given" if not value else f"needs at least {least} item(s)"
    return msg


def _record_field_names() -> frozenset[str]:
    """Field names of every case-record model (for messages that name a field of their record)."""
    names: set[str] = set()
    pending: list[type[Model]] = [Model]
    while pending:
        cls = pending.pop()
        names.update(cls.model_fields)
        pending.extend(cls.__subclasses__())
    return frozenset(names)


_FIELD_NAMES = _record_field_names()


def problems_from(exc: ValidationError) -> list[Problem]:
    """Every problem of a pydantic validation error, located in the input."""
    problems: list[Problem] = []
    for error in exc.errors(include_url=False):
        base = location_text(error.get("loc", ()))
        message = _message(error)
        for line in message.splitlines() or [""]:
            match = _LOCATED_LINE.match(line)
            # A record-level check names the field it is about ("cord_compression: true disagrees
            # ..."): the problem is located at that field.
            if match and ("[" in match["loc"] or match["loc"] in Case.model_fields or match["loc"] in _FIELD_NAMES):
                loc = match["loc"] if not base else f"{base}.{match['loc']}"
                problems.append(Problem(loc, match["msg"]))
            else:
                problems.append(Problem(base, line))
    return problems


def parse_case(data: Any, source: str = "") -> Case:
    """Validate ``data`` as a case; raise :class:`ValidationFailed` listing every located problem."""
    if not isinstance(data, Mapping):
        raise ValidationFailed([Problem("", f"a case must be a mapping of fields, not {type(data).__name__}")], source)
    try:
        return Case.model_validate(data)
    except ValidationError as exc:
        problems = problems_from(exc)
        # Field errors stop pydantic before the whole-timeline checks; run those on the raw
        # input too, so every problem of the file is reported in one pass.
        seen = {(p.location, p.message) for p in problems}
        for line in raw_timeline_problems(data):
            match = _LOCATED_LINE.match(line)
            extra = Problem(match["loc"], match["msg"]) if match else Problem("", line)
            if (extra.location, extra.message) not in seen:
                problems.append(extra)
                seen.add((extra.location, extra.message))
        raise ValidationFailed(problems, source) from None


def case_to_data(case: Case) -> dict[str, Any]:
    """A case as plain JSON-compatible data, without unknown (None) fields."""
    return case.model_dump(mode="json", exclude_none=True, exclude_defaults=False)
