"""``spinemet.frozen.dataclass`` makes a frozen class that behaves as :func:`dataclasses.dataclass`
makes it: checked here class by class against the standard decorator (repr, equality, hashing,
fields, replace, immutability, the class's own methods kept, inheritance, recursion, docstring)."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from spinemet import frozen


def _pair(body: dict[str, Any], annotations: dict[str, str], bases: tuple[type, ...] = (), **options: Any
          ) -> tuple[type, type]:
    """The same class made by the standard decorator and by SpineMet's."""
    made = []
    for decorate in (dataclasses.dataclass, frozen.dataclass):
        ns = {"__annotations__": dict(annotations), "__module__": __name__, **body}
        base = tuple(b[len(made)] if isinstance(b, tuple) else b for b in bases)  # type: ignore[misc]
        made.append(decorate(type("Rec", base, ns), frozen=True, **options))
    return made[0], made[1]


FIELDS = {"a": "int", "b": "str", "c": "tuple[int, ...]"}
DEFAULTS = {"b": "x", "c": dataclasses.field(default=(), repr=False)}


def _same(std: type, ours: type, *args: Any) -> None:
    s, o = std(*args), ours(*args)
    assert repr(s) == repr(o)
    assert hash(s) == hash(o)
    assert (s == std(*args)) and (o == ours(*args))
    assert [(f.name, f.repr, f.compare, f.hash) for f in dataclasses.fields(s)] == \
        [(f.name, f.repr, f.compare, f.hash) for f in dataclasses.fields(o)]
    assert std.__doc__ == ours.__doc__ and std.__match_args__ == ours.__match_args__
    ps, po = std.__dataclass_params__, ours.__dataclass_params__  # type: ignore[attr-defined]
    assert (ps.init, ps.repr, ps.eq, ps.frozen) == (po.init, po.repr, po.eq, po.frozen)
    with pytest.raises(dataclasses.FrozenInstanceError):
        o.a = 2
    if "a" in {f.name for f in dataclasses.fields(o)}:
        assert repr(dataclasses.replace(s, a=9)) == repr(dataclasses.replace(o, a=9))
    assert dataclasses.asdict(s) == dataclasses.asdict(o)


def test_plain_fields_defaults_and_a_field_left_out_of_repr() -> None:
    std, ours = _pair(DEFAULTS, FIELDS)
    _same(std, ours, 1, "y", (2, 3))
    assert ours(1) != ours(2) and ours(1) == ours(1, "x", ()) and ours(1).__eq__(object()) is NotImplemented
    assert repr(ours(1, "y", (5,))) == "Rec(a=1, b='y')"


def test_one_field_and_no_field() -> None:
    std, ours = _pair({}, {"a": "float"})
    _same(std, ours, float("nan"))  # a tuple compares NaN by identity first, as the generated code does
    nan = float("nan")
    assert (std(nan) == std(nan)) == (ours(nan) == ours(nan))
    std0, ours0 = _pair({}, {})
    _same(std0, ours0)


def test_fields_left_out_of_comparison_or_hash() -> None:
    body = {"b": dataclasses.field(default="x", compare=False), "c": dataclasses.field(default=(), hash=False)}
    std, ours = _pair(body, FIELDS)
    _same(std, ours, 1, "y", (2,))
    assert ours(1, "y") == ours(1, "z")


def test_the_classs_own_methods_are_kept() -> None:
    def __eq__(self: Any, other: object) -> bool:
        return True

    def __repr__(self: Any) -> str:
        return "mine"

    def __hash__(self: Any) -> int:
        return 7

    std, ours = _pair({"__eq__": __eq__, "__repr__": __repr__}, FIELDS, **{})
    assert repr(ours(1, "x", ())) == "mine" and ours(1, "x", ()) == ours(2, "y", ())
    assert hash(std(1, "x", ())) == hash(ours(1, "x", ()))  # __eq__ without __hash__: a hash is still added
    std, ours = _pair({"__hash__": __hash__}, FIELDS)
    assert hash(ours(1, "x", ())) == 7 == hash(std(1, "x", ()))


def test_a_subclass_compares_only_with_its_own_class() -> None:
    base_std, base_ours = _pair({}, {"a": "int"})
    std, ours = _pair({}, {"b": "int"}, bases=((base_std, base_ours),))
    _same(std, ours, 1, 2)
    assert ours(1, 2) != base_ours(1)


def test_a_recursive_repr_is_cut_as_dataclasses_cuts_it() -> None:
    std, ours = _pair({}, {"items": "list[Any]"})
    s, o = std([]), ours([])
    s.items.append(s)
    o.items.append(o)
    assert repr(s) == repr(o) == "Rec(items=[...])"


def test_other_options_are_the_standard_decorator() -> None:
    cls = frozen.dataclass(type("Mutable", (), {"__annotations__": {"a": "int"}}))
    assert not cls.__dataclass_params__.frozen
    ordered = frozen.dataclass(type("O", (), {"__annotations__": {"a": "int"}}), frozen=True, order=True)
    assert ordered(1) < ordered(2)


def test_assignment_and_deletion_raise_as_the_generated_methods_do() -> None:
    std, ours = _pair(DEFAULTS, FIELDS)
    for cls in (std, ours):
        obj = cls(1)
        with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field 'a'"):
            obj.a = 2
        with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field 'other'"):
            obj.other = 2  # not a field, but an instance of the frozen class itself
        with pytest.raises(dataclasses.FrozenInstanceError, match="cannot delete field 'b'"):
            del obj.b
        # a plain subclass may set a name that is not a field, and not a field
        sub = type("Sub", (cls,), {})(1)
        sub.note = "kept"
        assert sub.note == "kept"
        with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field 'a'"):
            sub.a = 3


def test_a_default_factory_and_no_docstring_give_the_standard_signature_and_docstring() -> None:
    body: dict[str, Any] = {"c": dataclasses.field(default_factory=tuple), "__doc__": None}
    std, ours = _pair(body, {"a": "int", "c": "tuple[int, ...]"})
    assert ours.__doc__ == std.__doc__ == "Rec(a: 'int', c: 'tuple[int, ...]' = <factory>)"
    assert ours(1).c == () and ours(1).c is not ours(1, (2,)).c
    _same(std, ours, 1)


def test_keyword_only_fields_and_init_vars_are_left_to_the_standard_decorator() -> None:
    kw = {"b": dataclasses.field(default="x", kw_only=True)}
    std, ours = _pair(kw, {"a": "int", "b": "str"})
    assert repr(ours(1, b="y")) == repr(std(1, b="y"))
    with pytest.raises(TypeError):
        ours(1, "y")
    std, ours = _pair({"__post_init__": lambda self, scale: None},
                      {"a": "int", "scale": "dataclasses.InitVar[int]"})
    assert repr(ours(1, 2)) == repr(std(1, 2)) == "Rec(a=1)"


def test_computed_once_works_out_a_frozen_records_value_at_the_first_read_only() -> None:
    calls: list[int] = []

    @frozen.dataclass(frozen=True)
    class Record:
        x: int

        @frozen.computed_once
        def doubled(self) -> int:
            """Twice x."""
            calls.append(self.x)
            return 2 * self.x

    r = Record(3)
    assert (r.doubled, r.doubled, calls) == (6, 6, [3])
    assert r == Record(3) and Record.doubled.__doc__ == "Twice x."
