"""Reading untrusted JSON and YAML text within :class:`~spinemet.io.limits.Limits`.

YAML: before any node is built, the text's event stream is scanned (libyaml's parser is a state
machine: no recursion, memory proportional to one event) counting nesting depth, aliases and the
number of nodes the document would have once every alias is expanded. An anchors-and-aliases
bomb (each level listing the previous one nine times: 9**8 nodes from 370 bytes) is refused as
soon as the running count passes the limit, long before anything is expanded. Over-long integer
literals are refused there too (Python refuses to convert more than 4,300 digits, with a
traceback; we allow far fewer). The same pass builds the data of a plain document (PyYAML's
constructors, run node by node in Python, cost twice the scan); anything unusual -- anchors,
tags, a duplicate key -- is left to the loader, which reports it at its place.

JSON: strict. Duplicate keys are refused (as in YAML: a silently overwritten field loses data),
``NaN``/``Infinity`` are not JSON, integers longer than the limit are refused before conversion,
and nesting beyond the limit is refused.
"""

from __future__ import annotations

import json
import re
import sys
from typing import Any, NoReturn

import yaml

from spinemet.errors import Problem, ValidationFailed
from spinemet.io.limits import DEFAULT, Limits, excerpt, inspect, keys_if_surely_within

_INT_TEXT = re.compile(r"^[-+]?(0[xob])?[0-9a-fA-F_]+$")
#: integers longer than this are refused while reading, before they are converted (Python itself
#: refuses 4,300 digits with an error); shorter ones are converted and then held to
#: ``Limits.int_digits`` by :func:`~spinemet.io.limits.inspect`, which names their field
READ_DIGITS = 1_000
#: a run of more than READ_DIGITS digits (found once per run: the look-behind starts a match only
#: at the run's first digit)
_LONG_DIGITS = re.compile(rf"(?<![0-9])[0-9]{{{READ_DIGITS + 1}}}")
#: a key (or any text) followed by white space before a colon: JSON allows it, the key count does not see it
_SPACED_COLON = re.compile(r'"\s+:')
#: Python's own bound on the digits of an integer it converts from text (its default; a deployment that lifts
#: it, ``PYTHONINTMAXSTRDIGITS=0``, gets the search for long runs of digits before any conversion)
_PYTHON_INT_DIGITS = 4_300

try:  # libyaml when present (much faster); the pure-Python parser otherwise
    _Parser: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Parser = yaml.SafeLoader


def _where(event: Any) -> str:
    mark = getattr(event, "start_mark", None)
    return f"line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""


#: what :func:`read_yaml` answers for a document it leaves to the loader (see there)
UNUSUAL: Any = object()
#: an open mapping's key slot while the next scalar is its key
_NO_KEY: Any = object()

_STR, _NULL, _BOOL, _INT = (f"tag:yaml.org,2002:{name}" for name in ("str", "null", "bool", "int"))
_STANDARD = yaml.constructor.SafeConstructor.yaml_constructors


def read_yaml(text: str, source: str, limits: Limits = DEFAULT, loader: type[yaml.SafeLoader] | None = None) -> Any:
    """Raise :class:`ValidationFailed` when the YAML text would break a limit once read; else its data.

    Only the event stream is read; a syntax error is reported here, located. The same single
    pass builds the data as ``loader`` would (its resolvers, its scalar constructors; a mapping is
    a dict, a sequence a list) for a plain document: one document of mappings, sequences and
    untagged scalars, without anchors, aliases, tags, keys that are collections or a key given
    twice. For any other document -- or without ``loader`` -- it answers :data:`UNUSUAL`, and the
    caller reads the text with the loader itself, which says what is wrong where.
    """
    # (size of the collection so far, its anchor) for every open collection
    stack: list[list[Any]] = [[0, None]]
    anchors: dict[str, int] = {}
    aliases = 0
    nodes, deepest = limits.yaml_nodes, limits.depth + 1
    # the data being built: [container, the key waiting for its value] for every open collection
    building = loader is not None and not (loader.yaml_implicit_resolvers.get(None) or loader.yaml_path_resolvers)
    resolvers = loader.yaml_implicit_resolvers if loader is not None else {}
    constructors = loader.yaml_constructors if loader is not None else {}
    bool_values = loader.bool_values if loader is not None else {}
    # the scalar constructors answered here without a node (each only when it is PyYAML's own)
    inline = {tag for tag in (_STR, _NULL, _BOOL, _INT) if constructors.get(tag) is _STANDARD[tag]}
    helper: yaml.SafeLoader | None = None
    #: plain scalars of this document already resolved to text, null, a boolean or an integer
    plain: dict[str, Any] = {}
    frames: list[list[Any]] = []
    data: Any = None
    documents = 0

    def refuse(event: Any, message: str) -> NoReturn:
        raise ValidationFailed([Problem(_where(event), message)], source)

    def add(event: Any, size: int) -> None:
        stack[-1][0] += size
        if stack[-1][0] > nodes or size > nodes:
            refuse(event, f"the document expands to more than {nodes:,} values (anchors and aliases "
                          f"repeat content); allowed: {nodes:,}")

    scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
    mapping_start, sequence_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
    mapping_end, sequence_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
    try:
        parser = _Parser(text)
        next_event = parser.get_event
        while (event := next_event()) is not None:
            kind = type(event)
            if kind is scalar_event:
                value = event.value
                if (len(value) > READ_DIGITS and not event.style and event.implicit[0]
                        and _INT_TEXT.match(value) and any(c.isdigit() for c in value)):
                    refuse(event, f"an integer of {len(value)} digits ('{excerpt(value, 20)}'); allowed: "
                                  f"at most {limits.int_digits} digits")
                item: Any
                anchor = event.anchor
                if anchor:
                    anchors[anchor] = 1
                add(event, 1)
                if not building:
                    continue
                if anchor is not None or event.tag is not None:
                    building = False
                    continue
                # the tag PyYAML's resolver gives the scalar (a quoted one or a block is text),
                # and the value the loader constructs; a plain text met before in this document
                # (a key, a word of the vocabulary) is resolved once
                if not event.implicit[0]:
                    tag, item = _STR, value if _STR in inline else UNUSUAL
                elif value in plain:
                    tag, item = _STR, plain[value]
                else:
                    tag = _STR
                    for candidate, pattern in resolvers.get(value[:1], ()):
                        if pattern.match(value):
                            tag = candidate
                            break
                    if tag not in inline:
                        item = UNUSUAL
                    elif tag == _STR:
                        item = plain[value] = value
                    elif tag == _NULL:
                        item = plain[value] = None
                    elif tag == _BOOL:
                        item = plain[value] = bool_values[value.lower()]
                    elif value.isdigit() and (value[0] != "0" or value == "0"):  # a decimal integer
                        item = plain[value] = int(value)
                    else:
                        item = UNUSUAL
                if item is UNUSUAL:
                    # a date, a number written otherwise: the loader's own constructor
                    if tag not in constructors:
                        building = False
                        continue
                    if helper is None:
                        helper = loader("")  # type: ignore[misc]
                    try:
                        item = constructors[tag](helper, yaml.ScalarNode(tag, value, event.start_mark,
                                                                         event.end_mark, event.style))
                    except Exception:  # the loader reports it when it reads the text
                        building = False
                        continue
                if not frames:
                    data = item
                    continue
                frame = frames[-1]
                container = frame[0]
                if type(container) is list:
                    container.append(item)
                elif frame[1] is _NO_KEY:
                    if item in container:  # a key given twice
                        building = False
                    frame[1] = item
                else:
                    container[frame[1]] = item
                    frame[1] = _NO_KEY
            elif kind is mapping_start or kind is sequence_start:
                stack.append([0, event.anchor])
                if len(stack) > deepest:
                    refuse(event, f"nested more than {limits.depth} levels deep; allowed: {limits.depth}")
                if building:
                    if event.anchor is not None or event.tag is not None or (
                            frames and type(frames[-1][0]) is dict and frames[-1][1] is _NO_KEY):
                        building = False  # anchored, tagged, or a key that is a collection
                    else:
                        frames.append([{} if kind is mapping_start else [], _NO_KEY])
            elif kind is mapping_end or kind is sequence_end:
                size, anchor = stack.pop()
                if anchor:
                    anchors[anchor] = size + 1
                add(event, size + 1)
                if building:
                    item = frames.pop()[0]
                    if not frames:
                        data = item
                    elif type(frames[-1][0]) is list:
                        frames[-1][0].append(item)
                    else:
                        frames[-1][0][frames[-1][1]] = item
                        frames[-1][1] = _NO_KEY
            elif kind is alias_event:
                building = False
                aliases += 1
                if aliases > limits.yaml_aliases:
                    refuse(event, f"more than {limits.yaml_aliases} aliases (*name); allowed: {limits.yaml_aliases}")
                add(event, anchors.get(event.anchor or "", 1))
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                building = building and documents == 1
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
    return data if building else UNUSUAL


def strict_json(text: str | bytes, source: str = "", limits: Limits = DEFAULT) -> Any:
    """Parse JSON strictly (see the module's documentation); :class:`ValidationFailed` otherwise."""
    return strict_json_inspected(text, source, limits)[0]


def strict_json_inspected(text: str | bytes, source: str = "", limits: Limits = DEFAULT) -> tuple[Any, list[Problem]]:
    """:func:`strict_json`, with every limit the data breaks (:func:`~spinemet.io.limits.inspect`
    under ``limits``, which this check computes anyway), so that a caller does not walk it again."""

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out = dict(items)
        if len(out) < len(items):  # a key given twice: name the first one repeated
            seen: set[str] = set()
            for key, _ in items:
                if key in seen:
                    raise _Refused(f"duplicate key '{excerpt(key, limits.excerpt_chars)}' in one object; a key may "
                                   "appear once")
                seen.add(key)
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

    if isinstance(text, bytes):  # (a request body) decoded as json.loads decodes bytes
        try:
            text = text.decode(json.detect_encoding(text), "surrogatepass")
        except UnicodeDecodeError as exc:
            raise ValidationFailed([Problem("", f"not JSON text: {excerpt(str(exc), 80)}")], source) from None
    if 0 < sys.get_int_max_str_digits() <= _PYTHON_INT_DIGITS and not _SPACED_COLON.search(text):
        # The usual file, read without a Python call per object. With no key spaced from its colon, each key
        # written gives one `":` in the text (a text may hold more: `\":`), and the decoder keeps the last of
        # a key given twice: so the data has as many keys as the text has `":` only when no key is given
        # twice (and no text holds `\":`), and the data is then what the reading below gives. An integer
        # is converted without looking for long runs of digits first (a search that costs about as much as
        # the reading): Python itself refuses more than 4,300 digits, so converting one costs at most some
        # tens of microseconds, and one beyond the limit is found in the data. Anything else (a key twice, a
        # broken limit, a syntax error) is left to the reading below, which says what is wrong where.
        try:
            data = json.loads(text, parse_float=number, parse_constant=constant)
        except (ValueError, RecursionError):
            pass
        else:
            if keys_if_surely_within(data, limits) == text.count('":'):
                return data, []
    # Integers are converted by the decoder itself unless the text has a run of digits long
    # enough to need the check before conversion (a Python call per integer otherwise).
    long_digits = _LONG_DIGITS.search(text)
    try:
        data = json.loads(text, object_pairs_hook=pairs, parse_float=number, parse_constant=constant,
                          parse_int=integer if long_digits else None)
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
