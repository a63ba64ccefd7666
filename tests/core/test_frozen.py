"""``quick_init`` gives a frozen dataclass the same constructor and semantics as ``@dataclass`` does,
checked against a twin class built by :mod:`dataclasses` alone."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import pytest

from spinemet.frozen import quick_init


def _pair() -> tuple[type, type]:
    def body(cls: type) -> type:
        return dataclass(frozen=True)(cls)

    class Plain:
        __annotations__ = {"day": "int", "title": "str", "level": "str | None", "tags": "tuple[str, ...]",
                           "data": "dict[str, int]", "position": "int", "derived": "int"}
        level = None
        tags = ()
        data = field(default_factory=dict)
        position = field(default=0, compare=False)
        derived = field(init=False, default=-1)

    class Quick:
        __annotations__ = dict(Plain.__annotations__)
        level = None
        tags = ()
        data = field(default_factory=dict)
        position = field(default=0, compare=False)
        derived = field(init=False, default=-1)

    return body(Plain), quick_init(body(Quick))


def test_same_fields_defaults_and_factories_as_the_dataclass_init() -> None:
    plain, quick = _pair()
    for args, kwargs in [((1, "a"), {}), ((2, "b", "T6"), {"tags": ("x",)}), ((3,), {"title": "c", "data": {"n": 1}}),
                         ((4, "d"), {"position": 7})]:
        p, q = plain(*args, **kwargs), quick(*args, **kwargs)
        assert dataclasses.asdict(p) == dataclasses.asdict(q)
        assert repr(p).split("(", 1)[1] == repr(q).split("(", 1)[1]
    a, b = quick(1, "a"), quick(1, "a")
    assert a == b and a != quick(1, "b")
    assert a.data is not b.data  # a fresh dict from the factory each time


def test_still_frozen_and_replace_works() -> None:
    _, quick = _pair()
    q = quick(1, "a")
    with pytest.raises(dataclasses.FrozenInstanceError):
        q.day = 2
    assert dataclasses.replace(q, day=5).day == 5


def test_missing_and_unknown_arguments_are_refused_as_by_dataclass() -> None:
    plain, quick = _pair()
    for cls in (plain, quick):
        with pytest.raises(TypeError):
            cls(1)
        with pytest.raises(TypeError):
            cls(1, "a", nope=3)


def test_post_init_still_runs() -> None:
    @quick_init
    @dataclass(frozen=True)
    class Sized:
        items: tuple[int, ...]
        count: int = field(init=False)

        def __post_init__(self) -> None:
            object.__setattr__(self, "count", len(self.items))

    assert Sized((1, 2, 3)).count == 3
    assert hash(Sized((1, 2))) == hash(Sized((1, 2)))


def test_refuses_what_it_does_not_support() -> None:
    @dataclass
    class Mutable:
        x: int

    with pytest.raises(TypeError):
        quick_init(Mutable)

    @dataclass(frozen=True, kw_only=True)
    class KeywordOnly:
        x: int

    with pytest.raises(TypeError):
        quick_init(KeywordOnly)
