"""Case files: YAML or JSON that validate against the published JSON Schema."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml

from spinemet.case import Case, case_to_data, parse_case
from spinemet.case.model import READABLE_VERSIONS, SCHEMA_VERSION
from spinemet.errors import Problem, ValidationFailed
from spinemet.io.guard import UNUSUAL, read_yaml, strict_json, strict_json_inspected
from spinemet.io.ids import id_problems
from spinemet.io.limits import DEFAULT, Limits, inspect

SUFFIXES = (".yaml", ".yml", ".json")


#: libyaml's parser when PyYAML was built with it (about ten times faster than the pure-Python
#: one, which took 96 % of the time of reading a case file); the constructors below are the
#: same Python code on either, so duplicate keys and impossible dates are handled identically.
_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
C_LOADER = _BaseLoader is not yaml.SafeLoader


class _UniqueKeyLoader(_BaseLoader):  # type: ignore[valid-type,misc]
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


def parse_text(text: str, source: str, fmt: str | None = None, limits: Limits = DEFAULT) -> Any:
    """Parse YAML or JSON text within ``limits`` (:mod:`spinemet.io.guard`: no alias bomb, no
    over-deep nesting, no duplicate key, no giant integer); a syntax error or a broken limit
    becomes a located :class:`ValidationFailed`."""
    fmt = fmt or ("json" if source.endswith(".json") else "yaml")
    if fmt == "json":
        return strict_json(text, source, limits)
    data = read_yaml(text, source, limits, _UniqueKeyLoader)
    if data is not UNUSUAL:
        return data
    try:  # anchors, tags, a duplicate key...: the loader reads it, and says what is wrong where
        return yaml.load(text, Loader=_UniqueKeyLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        what = exc.problem or exc.context or "syntax error"
        raise ValidationFailed([Problem(where, f"malformed YAML: {what}")], source) from None
    except yaml.YAMLError as exc:
        raise ValidationFailed([Problem("", f"malformed YAML: {exc}")], source) from None


def _read_text(path: str | Path) -> tuple[Path, str]:
    p = Path(path)
    if p.suffix.lower() not in SUFFIXES:
        raise ValidationFailed([Problem("", f"'{p.suffix or p.name}' is not a case-file type; allowed: .yaml, .yml, .json")], str(p))
    try:
        return p, p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ValidationFailed([Problem("", "no such file")], str(p)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ValidationFailed([Problem("", f"cannot be read: {exc}")], str(p)) from None


def read_data(path: str | Path) -> Any:
    """The parsed content of a case file; missing or unreadable files become a located error."""
    p, text = _read_text(path)
    return parse_text(text, str(p), "json" if p.suffix.lower() == ".json" else "yaml")


def load_case(path: str | Path, limits: Limits = DEFAULT) -> Case:
    """Read and validate one case file (within ``limits``)."""
    p, text = _read_text(path)
    if p.suffix.lower() == ".json" and limits == DEFAULT:
        # the strict JSON reader inspects the data under the default limits anyway: not twice
        data, problems = strict_json_inspected(text, str(p), DEFAULT)
    else:
        data = parse_text(text, str(p), "json" if p.suffix.lower() == ".json" else "yaml")
        problems = inspect(data, limits)
    problems = problems or (id_problems(data, limits) if isinstance(data, dict) else [])
    if problems:
        raise ValidationFailed(problems, str(path))
    return parse_case(data, source=str(path))


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
    schema["$id"] = f"https://spinemet.org/schema/case-v{SCHEMA_VERSION}.json"
    return schema


def upgrade_data(data: Any) -> Any:
    """Case-file data of any readable version as version-2 data (version 2 only adds optional
    fields, so upgrading sets the version); other data is returned unchanged for validation to report."""
    if isinstance(data, dict) and data.get("schema_version") in READABLE_VERSIONS:
        return {**data, "schema_version": SCHEMA_VERSION}
    return data


_YAML_VERSION = re.compile(r"^schema_version[ \t]*:[ \t]*['\"]?(\d+)['\"]?[ \t]*(#.*)?$", re.MULTILINE)
_JSON_VERSION = re.compile(r'("schema_version"\s*:\s*)(\d+)')


def migrated_text(text: str, source: str, fmt: str) -> str:
    """The text of a case file rewritten as version 2, changing only its version line.

    Everything else -- comments, key order, quoting -- is kept as written. The file is validated
    first (a :class:`ValidationFailed` names every problem and nothing is rewritten).
    """
    data = parse_text(text, source, fmt)
    case = parse_case(upgrade_data(data), source=source)
    if fmt == "json":
        new, n = _JSON_VERSION.subn(lambda m: f"{m.group(1)}{SCHEMA_VERSION}", text, count=1)
        if n == 0:
            brace = text.index("{")
            new = f'{text[:brace + 1]}\n  "schema_version": {SCHEMA_VERSION},{text[brace + 1:]}'
    else:
        new, n = _YAML_VERSION.subn(f"schema_version: {SCHEMA_VERSION}", text, count=1)
        if n == 0:
            new = f"schema_version: {SCHEMA_VERSION}\n{text}"
    if parse_case(parse_text(new, source, fmt), source=source) != case:  # pragma: no cover - a safety net
        raise ValidationFailed([Problem("schema_version", "the file could not be rewritten safely; "
                                                          "edit schema_version by hand")], source)
    return new


def migrate_file(path: str | Path, out: str | Path | None = None) -> Case:
    """Rewrite a case file (of any readable version) as a version-2 file, in place or to ``out``.

    Only the ``schema_version`` line changes; comments and layout are kept. The file is validated
    first and nothing is written when it is invalid.
    """
    source = Path(path)
    fmt = "json" if source.suffix.lower() == ".json" else "yaml"
    read_data(source)  # the located errors for a missing, unreadable or wrongly named file
    text = source.read_text(encoding="utf-8")
    new = migrated_text(text, str(source), fmt)
    target = Path(out) if out is not None else source
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_text(new, encoding="utf-8")
    tmp.replace(target)
    return parse_case(parse_text(new, str(target), fmt), source=str(target))
