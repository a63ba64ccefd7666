"""Annotated field types of the case record with clinical validation.

Each validator raises a message that names the value and what is allowed; the location in
the case file (``timeline[3].findings[0].level``) is added by :mod:`spinemet.case.problems`.
"""

from __future__ import annotations

import math
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema

from spinemet.anatomy import ALLOWED_LEVELS, Level, Span, parse_level, parse_span
from spinemet.errors import InvalidValue


def _level(value: Any) -> Level:
    try:
        return parse_level(value, field="")
    except InvalidValue as exc:
        raise ValueError(exc.detail) from None


def _span(value: Any) -> Span:
    try:
        return parse_span(value, field="")
    except InvalidValue as exc:
        raise ValueError(exc.detail) from None


LevelField = Annotated[
    Level,
    BeforeValidator(_level),
    PlainSerializer(lambda v: str(v), return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "description": f"A vertebral level ({ALLOWED_LEVELS}), e.g. 'T6'.",
            "pattern": r"^\s*([CcTtLlSs]\s*\d{1,2}|[Cc][Oo])\s*$",
        }
    ),
]

SpanField = Annotated[
    Span,
    BeforeValidator(_span),
    PlainSerializer(lambda v: str(v), return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "description": "A level or a span as clinicians write it: 'T6', 'T3-T8', 'T3–T8', 'T12/L1', 'T3 to T8'.",
        }
    ),
]


def _kps(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError(f"{value!r} is not a Karnofsky score; allowed: 0, 10, 20, ... 100")
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"'{value}' is not a Karnofsky score; allowed: 0, 10, 20, ... 100") from None
    if not math.isfinite(number) or number != int(number) or int(number) % 10 or not 0 <= number <= 100:
        raise ValueError(f"{value} is not a Karnofsky score; allowed: multiples of 10 from 0 to 100")
    return int(number)


KpsField = Annotated[
    int,
    BeforeValidator(_kps),
    WithJsonSchema({"type": "integer", "enum": list(range(0, 101, 10)), "description": "Karnofsky score"}),
]


def _escc_text(value: Any) -> Any:
    # YAML reads 0, 2 and 3 as integers; the grade keys are strings.
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, str):
        return value.strip().lower()
    return value


EsccInput = BeforeValidator(_escc_text)

#: JSON Schema of an optional ESCC grade: the grade keys, and also the integers 0, 2 and 3 that
#: YAML writes for an unquoted ``escc: 3`` (the validator accepts them, so the schema must too).
EsccJsonSchema = WithJsonSchema(
    {
        "anyOf": [
            {"type": "string", "enum": ["0", "1a", "1b", "1c", "2", "3"]},
            {"type": "integer", "enum": [0, 2, 3]},
            {"type": "null"},
        ],
        "description": "Bilsky epidural spinal cord compression grade: 0, 1a, 1b, 1c, 2 or 3.",
    }
)


def _upper(value: Any) -> Any:
    return value.strip().upper() if isinstance(value, str) else value


UpperInput = BeforeValidator(_upper)


def _lower(value: Any) -> Any:
    return value.strip().lower() if isinstance(value, str) else value


LowerInput = BeforeValidator(_lower)
