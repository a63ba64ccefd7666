"""Case files: YAML or JSON that validate against the published JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from spinemet.case import Case, case_to_data, parse_case
from spinemet.errors import Problem, ValidationFailed

SUFFIXES = (".yaml", ".yml", ".json")


class _UniqueKeyLoader(yaml.SafeLoader):
    """A safe YAML loader that refuses duplicate keys (a silently overwritten field loses data)."""


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    mapping: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key '{key}'", key_node.start_mark
            )
        mapping[key] = loader.construct_object(value_node, deep=deep)
    return mapping


def _construct_timestamp(loader: _UniqueKeyLoader, node: yaml.ScalarNode) -> Any:
    """A YAML date; an impossible one (``2024-13-01``, ``2024-02-30``) stays text so that case
    validation reports it at its location instead of the YAML reader failing without one."""
    try:
        return loader.construct_yaml_timestamp(node)
    except (ValueError, OverflowError):
        return loader.construct_scalar(node)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_UniqueKeyLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def parse_text(text: str, source: str, fmt: str | None = None) -> Any:
    """Parse YAML or JSON text; a syntax error becomes a located :class:`ValidationFailed`."""
    fmt = fmt or ("json" if source.endswith(".json") else "yaml")
    if fmt == "json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValidationFailed(
                [Problem(f"line {exc.lineno}, column {exc.colno}", f"malformed JSON: {exc.msg}")], source
            ) from None
    try:
        return yaml.load(text, Loader=_UniqueKeyLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        what = exc.problem or exc.context or "syntax error"
        raise ValidationFailed([Problem(where, f"malformed YAML: {what}")], source) from None
    except yaml.YAMLError as exc:
        raise ValidationFailed([Problem("", f"malformed YAML: {exc}")], source) from None


def read_data(path: str | Path) -> Any:
    """The parsed content of a case file; missing or unreadable files become a located error."""
    p = Path(path)
    if p.suffix.lower() not in SUFFIXES:
        raise ValidationFailed([Problem("", f"'{p.suffix or p.name}' is not a case-file type; allowed: .yaml, .yml, .json")], str(p))
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ValidationFailed([Problem("", "no such file")], str(p)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ValidationFailed([Problem("", f"cannot be read: {exc}")], str(p)) from None
    return parse_text(text, str(p), "json" if p.suffix.lower() == ".json" else "yaml")


def load_case(path: str | Path) -> Case:
    """Read and validate one case file."""
    return parse_case(read_data(path), source=str(path))


def dumps_case(case: Case, fmt: str = "yaml") -> str:
    """A case as YAML or JSON text that :func:`load_case` reads back to an equal case."""
    data = case_to_data(case)
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def case_json_schema() -> dict[str, Any]:
    """The JSON Schema that every case file validates against (``spinemet schema``)."""
    schema = Case.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://spinemet.org/schema/case-v1.json"
    return schema
