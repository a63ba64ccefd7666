"""The JSON Schemas SpineMet publishes: of a case file, and of each output (``spinemet schema``)."""

from __future__ import annotations

from typing import Any

from spinemet.errors import Problem, ValidationFailed
from spinemet.io.casefile import case_json_schema
from spinemet.service.outputs import OUTPUTS

NAMES = ("case", *OUTPUTS)


def schema(name: str = "case") -> dict[str, Any]:
    """The JSON Schema named ``name``: ``case`` (a case file) or a published output."""
    if name == "case":
        return case_json_schema()
    model = OUTPUTS.get(name)
    if model is None:
        raise ValidationFailed([Problem("--output", f"'{name}' is not allowed; allowed: {', '.join(NAMES)}")])
    out: dict[str, Any] = model.model_json_schema()
    out.setdefault("$schema", "https://json-schema.org/draft/2020-12/schema")
    return out
