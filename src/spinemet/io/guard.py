"""Reading untrusted JSON and YAML text within :class:`~spinemet.io.limits.Limits`.

YAML: before any node is built, the text's event stream is scanned (libyaml's parser is a state
machine: no recursion, memory proportional to one event) counting nesting depth, aliases and the
number of nodes the document would have once every alias is expanded. An anchors-and-aliases
bomb (each level listing the previous one nine times: 9**8 nodes from 370 bytes) is refused as
soon as the running count passes the limit, long before anything is expanded. Over-long integer
literals are refused there too (Python refuses to convert more than 4,300 digits, with a
traceback; we allow far fewer).

JSON: strict. Duplicate keys are refused (as in YAML: a silently overwritten field loses data),
``NaN``/``Infinity`` are not JSON, integers longer than the limit are refused before conversion,
and nesting beyond the limit is refused.
"""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

from spinemet.errors import Problem, ValidationFailed
from spinemet.io.limits import DEFAULT, Limits, excerpt, inspect

_INT_TEXT = re.compile(r"^[-+]?(0[xob])?[0-9a-fA-F_]+$")
#: integers longer than this are refused while reading, before they are converted (Python itself
#: refuses 4,300 digits with an error); shorter ones are converted and then held to
#: ``Limits.int_digits`` by :func:`~spinemet.io.limits.inspect`, which names their field
READ_DIGITS = 1_000

try:  # libyaml when present (much faster); the pure-Python parser otherwise
    _Parser: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Parser = yaml.SafeLoader


def _where(event: Any) -> str:
    mark = getattr(event, "start_mark", None)
    return f"line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""


def check_yaml(text: str, source: str, limits: Limits = DEFAULT) -> None:
    """Raise :class:`ValidationFailed` when the YAML text would break a limit once read.

    Only the event stream is read; a syntax error is reported here, located."""
    # (size of the collection so far, its anchor) for every open collection
    stack: list[list[Any]] = [[0, None]]
    anchors: dict[str, int] = {}
    aliases = 0

    def refuse(event: Any, message: str) -> None:
        raise ValidationFailed([Problem(_where(event), message)], source)

    def add(event: Any, size: int) -> None:
        stack[-1][0] += size
        if stack[-1][0] > limits.yaml_nodes or size > limits.yaml_nodes:
            refuse(event, f"the document expands to more than {limits.yaml_nodes:,} values (anchors and aliases "
                          f"repeat content); allowed: {limits.yaml_nodes:,}")

    try:
        for event in yaml.parse(text, Loader=_Parser):
            if isinstance(event, yaml.AliasEvent):
                aliases += 1
                if aliases > limits.yaml_aliases:
                    refuse(event, f"more than {limits.yaml_aliases} aliases (*name); allowed: {limits.yaml_aliases}")
                add(event, anchors.get(event.anchor or "", 1))
            elif isinstance(event, yaml.ScalarEvent):
                if (not event.style and event.implicit[0] and len(event.value) > READ_DIGITS
                        and _INT_TEXT.match(event.value) and any(c.isdigit() for c in event.value)):
                    refuse(event, f"an integer of {len(event.value)} digits ('{excerpt(event.value, 20)}'); allowed: "
                                  f"at most {limits.int_digits} digits")
                if event.anchor:
                    anchors[event.anchor] = 1
                add(event, 1)
            elif isinstance(event, yaml.CollectionStartEvent):
                stack.append([0, event.anchor])
                if len(stack) - 1 > limits.depth:
                    refuse(event, f"nested more than {limits.depth} levels deep; allowed: {limits.depth}")
            elif isinstance(event, yaml.CollectionEndEvent):
                size, anchor = stack.pop()
                if anchor:
                    anchors[anchor] = size + 1
                add(event, size + 1)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        what = " ".join(str(exc.problem or exc.context or "syntax error").split())
        if "nesting depth" in what:
            what = f"nested more than {limits.depth} levels deep; allowed: {limits.depth}"
        raise ValidationFailed([Problem(where, f"malformed YAML: {excerpt(what, 120)}")], source) from None
    except yaml.YAMLError as exc:
        raise ValidationFailed([Problem("", f"malformed YAML: {excerpt(str(exc), 120)}")], source) from None
    except RecursionError:  # the pure-Python parser recurses on flow collections ([[[[...)
        raise ValidationFailed([Problem("", f"nested more than {limits.depth} levels deep; allowed: "
                                            f"{limits.depth}")], source) from None


def strict_json(text: str | bytes, source: str = "", limits: Limits = DEFAULT) -> Any:
    """Parse JSON strictly (see the module's documentation); :class:`ValidationFailed` otherwise."""
    return strict_json_inspected(text, source, limits)[0]


def strict_json_inspected(text: str | bytes, source: str = "", limits: Limits = DEFAULT) -> tuple[Any, list[Problem]]:
    """:func:`strict_json`, with every limit the data breaks (:func:`~spinemet.io.limits.inspect`
    under ``limits``, which this check computes anyway), so that a caller does not walk it again."""

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in items:
            if key in out:
                raise _Refused(f"duplicate key '{excerpt(key, limits.excerpt_chars)}' in one object; a key may "
                               "appear once")
            out[key] = value
        return out

    def integer(digits: str) -> int:
        if len(digits.lstrip("-")) > READ_DIGITS:
            raise _Refused(f"an integer of {len(digits.lstrip('-'))} digits; allowed: at most {limits.int_digits} "
                           "digits")
        return int(digits)

    def number(text: str) -> float | int:
        # JSON has one kind of number: 12.0 and 1.2e1 are the integer 12 (as JSON Schema reads
        # them), so a day or a version written so is that integer; 12.5 stays a fraction
        value = float(text)
        if value in (float("inf"), float("-inf")):
            raise _Refused(f"{excerpt(text, limits.excerpt_chars)} is beyond the numbers a computer holds; "
                           "allowed: finite numbers")
        return int(value) if value.is_integer() and abs(value) < 2**53 else value

    def constant(name: str) -> Any:
        raise _Refused(f"{name} is not a JSON number; allowed: finite numbers")

    try:
        data = json.loads(text, object_pairs_hook=pairs, parse_int=integer, parse_float=number,
                          parse_constant=constant)
    except _Refused as exc:
        raise ValidationFailed([Problem("", str(exc))], source) from None
    except RecursionError:
        raise ValidationFailed([Problem("", f"nested more than {limits.depth} levels deep; allowed: "
                                            f"{limits.depth}")], source) from None
    except json.JSONDecodeError as exc:
        raise ValidationFailed(
            [Problem(f"line {exc.lineno}, column {exc.colno}", f"malformed JSON: {exc.msg}")], source) from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise ValidationFailed([Problem("", f"not JSON text: {excerpt(str(exc), 80)}")], source) from None
    problems = inspect(data, limits)
    deep = [p for p in problems if "levels deep" in p.message]
    if deep:
        raise ValidationFailed(deep[:1], source)
    return data, problems


class _Refused(ValueError):
    """A strict-JSON refusal raised from inside the decoder's hooks."""
