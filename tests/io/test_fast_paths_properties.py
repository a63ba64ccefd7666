"""The shortcuts of the case-file reader give the answers of the full checks they stand in for.

* ``limits._surely_within`` answers "within every limit" without keeping locations; whenever it
  does, :func:`spinemet.io.limits.inspect` (the located check) must find nothing. It may answer
  "maybe not" for clean data (the full check then runs), never "clean" for data with a problem.
* :func:`spinemet.io.guard.read_yaml` builds a plain document's data in the pass that checks the
  limits; whenever it builds data (not ``UNUSUAL``), it must equal what the loader the case files
  use (PyYAML's safe loader with the duplicate-key check) builds from the same text.
* :func:`spinemet.io.guard.strict_json` reads a usual JSON text without a call per object and finds a key
  given twice by counting keys; it must refuse exactly the texts that give a key twice.

Small limits make the generated data cross every limit on both sides.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from spinemet.errors import ValidationFailed
from spinemet.io.casefile import _UniqueKeyLoader
from spinemet.io.guard import UNUSUAL, read_yaml, strict_json, strict_json_inspected
from spinemet.io.limits import Limits, _surely_within, inspect

SMALL = Limits(events=3, text_chars=8, depth=4, yaml_nodes=40, int_digits=3, day_offset=100)

_keys = st.sampled_from(["day", "end_day", "start_day", "timeline", "level", "x" * 201, "a\x00b", "note"])
# mostly within the limits, so that a single value over one of them is what decides
_texts = st.one_of(st.text(max_size=8), st.sampled_from(["", "\x00", "\ud800", "é" * 9, "abcdefgh", "abcdefghi"]))
_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-150, max_value=150),
    st.sampled_from([99, 100, 101, -100, -101, 999, 1_000, -999, -1_000]), st.floats(allow_nan=False),
    _texts, st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)),
)
_data = st.recursive(
    _scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=5), st.dictionaries(st.one_of(_keys, _texts), inner, max_size=5)),
    max_leaves=12,
)


@settings(max_examples=600, deadline=None)
@given(_data)
def test_surely_within_never_passes_data_inspect_refuses(data: Any) -> None:
    if _surely_within(data, SMALL):
        assert inspect(data, SMALL) == []


@settings(max_examples=300, deadline=None)
@given(_data)
def test_surely_within_never_passes_data_the_default_limits_refuse(data: Any) -> None:
    if _surely_within(data, Limits()):
        assert inspect(data, Limits()) == []


_yaml_scalars = st.one_of(
    _scalars.filter(lambda v: not (isinstance(v, str) and ("\x00" in v or "\ud800" in v))),
    # plain scalars YAML 1.1 resolves to other types, and look-alikes it does not
    st.sampled_from(["yes", "No", "on", "~", "null", "1e3", "0x1F", "017", "1_000", ".inf", "-.NaN",
                     "2020-01-02", "2020-1-2", "12:30", "+12", "T6", "L1-L3", "3:1", "0o17"]),
)
_yaml_data = st.recursive(
    _yaml_scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.text(min_size=1, max_size=8).filter(lambda k: "\x00" not in k),
                                            inner, max_size=4)),
    max_leaves=25,
)


@settings(max_examples=400, deadline=None)
@given(_yaml_data, st.sampled_from(["block", "flow", "plain-strings"]))
def test_read_yaml_builds_what_the_case_file_loader_builds(data: Any, style: str) -> None:
    if style == "flow":
        text = yaml.safe_dump(data, default_flow_style=True, allow_unicode=True)
    elif style == "plain-strings":  # strings written bare where YAML allows it, so resolvers decide them
        text = yaml.safe_dump(data, default_flow_style=False, allow_unicode=True, default_style=None)
    else:
        text = yaml.safe_dump(data, default_flow_style=False, allow_unicode=True)
    fast = read_yaml(text, "generated.yaml", Limits(), _UniqueKeyLoader)
    if fast is UNUSUAL:
        return
    expected = yaml.load(text, Loader=_UniqueKeyLoader)
    assert fast == expected
    assert type(fast) is type(expected)


def test_read_yaml_reads_bare_words_as_the_loader_resolves_them() -> None:
    text = "a: yes\nb: 0x1F\nc: 2020-01-02\nd: ~\ne: 1_000\nf: .inf\ng: T6\nh: 017\n"
    fast = read_yaml(text, "words.yaml", Limits(), _UniqueKeyLoader)
    assert fast is not UNUSUAL
    assert fast == yaml.load(text, Loader=_UniqueKeyLoader)


def _nested(depth: int) -> Any:
    data: Any = 1
    for _ in range(depth):
        data = [data]
    return data


# (what, within the limit, over it) for every limit the shortcut checks, one step on each side
_BOUNDARIES = [
    ("text length", {"note": "a" * 8}, {"note": "a" * 9}),
    ("text length in a list", {"notes": ["a" * 8]}, {"notes": ["a" * 9]}),
    ("NUL in a text", {"note": "ab"}, {"note": "a\x00b"}),
    ("lone surrogate", {"note": "é"}, {"note": "é\ud800"}),
    ("key length", {"k" * 200: 1}, {"k" * 201: 1}),
    ("NUL in a key", {"ab": 1}, {"a\x00b": 1}),
    ("day offset, after", {"day": 100}, {"day": 101}),
    ("day offset, before", {"end_day": -100}, {"end_day": -101}),
    ("day given as text", {"day": 5}, {"day": "5"}),
    ("integer digits", {"n": 999}, {"n": 1_000}),
    ("integer digits, negative", {"n": -999}, {"n": -1_000}),
    ("depth", {"a": _nested(2)}, {"a": _nested(4)}),
    ("nodes", {"a": list(range(38))}, {"a": list(range(41))}),
    ("events", {"timeline": [{}, {}, {}]}, {"timeline": [{}, {}, {}, {}]}),
]


def test_every_limit_each_side_shortcut_agrees_with_inspect() -> None:
    for what, within, over in _BOUNDARIES:
        assert inspect(within, SMALL) == [], what
        assert _surely_within(within, SMALL), what
        assert inspect(over, SMALL) != [], what
        assert not _surely_within(over, SMALL), what


# JSON texts written by hand, so that a key may be given twice, spaced from its colon, or hold `":` / `\":`
_json_leaves = st.sampled_from(["1", "-7", "2.5", "null", "true", '"t"', '"a\\":"', '"\\u0022:"', '"é"', '":"'])
_json_keys = st.sampled_from(["a", "b", "day", 'q":', 'x\\":y', 'e\\\\', "é", ""])
_colons = st.sampled_from([":", ": ", " :", "\n\t:"])
_json_texts = st.recursive(
    _json_leaves,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4).map(lambda items: "[" + ", ".join(items) + "]"),
        st.lists(st.tuples(_json_keys, _colons, inner), max_size=4).map(
            lambda pairs: "{" + ",".join(json.dumps(k, ensure_ascii=False) + c + v for k, c, v in pairs) + "}")),
    max_leaves=10,
)


class _KeyTwice(Exception):
    pass


def _every_pair_kept(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [k for k, _ in pairs]
    if len(set(keys)) < len(keys):
        raise _KeyTwice(keys)
    return dict(pairs)


@settings(max_examples=1500, deadline=None)
@given(_json_texts)
def test_strict_json_refuses_a_key_given_twice_and_otherwise_reads_what_json_reads(text: str) -> None:
    """The strict reader's quick path (no call per object; the keys counted in the text and in the data) must
    refuse exactly the texts where some object gives a key twice -- however the key is written or spaced, and
    whatever the texts hold -- and otherwise give what ``json`` gives."""
    try:
        expected = json.loads(text, object_pairs_hook=_every_pair_kept)
    except _KeyTwice:
        with pytest.raises(ValidationFailed, match="duplicate key"):
            strict_json(text)
        return
    assert strict_json(text) == expected


@pytest.mark.parametrize("digits", [13, 1_001, 4_300, 4_301, 20_000])
def test_strict_json_names_an_integer_too_long_whatever_its_length(digits: int) -> None:
    """Integers longer than the limit (12 digits) are named with their length and place, whether Python converts
    them (the quick path finds them in the data), refuses to (beyond 4,300 digits), or the reader refuses them
    before converting (beyond 1,000)."""
    text = '{"id": "x", "age": ' + "7" * digits + "}"
    try:
        problems = strict_json_inspected(text, "case.json")[1]
    except ValidationFailed as refused:
        problems = refused.problems
    assert [p.message for p in problems] == [f"an integer of {digits} digits; allowed: at most 12 digits"]
    assert problems[0].location in ("age", "")  # refused before conversion: the reader has no field yet
