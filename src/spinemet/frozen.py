"""A faster ``__init__`` for the core's frozen dataclasses (results, derived events, findings seen).

A frozen dataclass's generated ``__init__`` stores each field through ``object.__setattr__``
(frozen forbids plain assignment): a CourseEvent of 12 fields costs about 6 µs to build, and one
assessment builds hundreds of such records (a 1,000-event course about 2,500). :func:`quick_init`
gives the class an ``__init__`` with the same signature, defaults and default factories that
writes the fields into the instance's ``__dict__`` directly, as :mod:`dataclasses` itself builds
its ``__init__`` (source text compiled once per class). Everything else stays the dataclass's:
assignment still raises ``FrozenInstanceError``, equality, hashing, ``repr`` and
:func:`dataclasses.replace` are unchanged.
"""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Callable
from operator import attrgetter
from reprlib import recursive_repr
from typing import TYPE_CHECKING, Any, TypeVar

T = TypeVar("T")

class _Factory:
    """Stands for "use the default factory" in a generated signature; shown as :mod:`dataclasses` shows it."""

    def __repr__(self) -> str:
        return "<factory>"


_FACTORY = _Factory()


def quick_init(cls: type[T]) -> type[T]:
    """Replace the ``__init__`` of the frozen dataclass ``cls`` (see the module docstring).

    Only plain fields are supported (no ``kw_only``, ``InitVar`` or slots); a ``__post_init__``
    is still called. Apply it on top of ``@dataclass(frozen=True)``.
    """
    if getattr(cls.__dict__.get("__init__"), "_quick", False):
        return cls  # made by :func:`dataclass` with this very __init__
    params = getattr(cls, "__dataclass_params__", None)
    if params is None or not params.frozen or "__slots__" in cls.__dict__:
        raise TypeError(f"quick_init needs a frozen dataclass without slots, not {cls.__qualname__}")
    names: dict[str, Any] = {"_FACTORY": _FACTORY}
    signature: list[str] = []
    annotations: dict[str, Any] = {}
    body: list[str] = ["d = self.__dict__"]
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        if f.kw_only:
            raise TypeError(f"quick_init does not support keyword-only fields ({cls.__qualname__}.{f.name})")
        has_default = f.default is not dataclasses.MISSING
        has_factory = f.default_factory is not dataclasses.MISSING
        if not f.init:
            if has_factory:
                names[f"_factory_{f.name}"] = f.default_factory
                body.append(f"d[{f.name!r}] = _factory_{f.name}()")
            elif has_default:
                names[f"_default_{f.name}"] = f.default
                body.append(f"d[{f.name!r}] = _default_{f.name}")
            continue
        annotations[f.name] = f.type
        if has_factory:
            names[f"_factory_{f.name}"] = f.default_factory
            signature.append(f"{f.name}=_FACTORY")
            body.append(f"d[{f.name!r}] = _factory_{f.name}() if {f.name} is _FACTORY else {f.name}")
        else:
            if has_default:
                names[f"_default_{f.name}"] = f.default
                signature.append(f"{f.name}=_default_{f.name}")
            else:
                signature.append(f.name)
            body.append(f"d[{f.name!r}] = {f.name}")
    if hasattr(cls, "__post_init__"):
        body.append("self.__post_init__()")
    source = f"def __init__(self, {', '.join(signature)}):\n" + "".join(f"    {line}\n" for line in body)
    exec(source, names)  # generated from the class's own field names, as dataclasses does
    init = names["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    init.__doc__ = cls.__init__.__doc__
    init.__annotations__ = {**annotations, "return": None}  # as the generated one's (signatures, docstrings)
    init._quick = True
    cls.__init__ = init  # type: ignore[method-assign]
    return cls


if TYPE_CHECKING:
    from dataclasses import dataclass as dataclass
else:
    def dataclass(cls: Any = None, /, **options: Any) -> Any:
        """:func:`dataclasses.dataclass`, with the methods of a frozen class made without compiling
        source text where that is possible.

        :mod:`dataclasses` writes each generated method as source text and compiles it: about 60 µs
        of CPU per method, six methods per frozen class, some 27 ms of a cold ``spinemet assess``
        for the core's 63 frozen records. Here, for a frozen class:

        * equality, hashing and ``repr`` are made from the class's fields with no generated code,
          with the same meaning (fields compared as a tuple, only with an object of the same class;
          the hash of the same tuple; ``repr`` as ``Name(field=value, ...)``, guarded against
          recursion), and only where the class does not define its own, as :mod:`dataclasses` does;
        * the frozen ``__setattr__`` and ``__delattr__`` are made the same way, raising
          :class:`dataclasses.FrozenInstanceError` for a field or on an instance of the class itself,
          as the generated ones do;
        * ``__init__`` is :func:`quick_init`'s (one compiled function, writing the instance's
          ``__dict__``), when the class has no dataclass base, no keyword-only field and no
          ``InitVar``; otherwise :mod:`dataclasses` makes it, with the frozen methods.

        Any other use (not frozen, ``order``, ``unsafe_hash``, ``repr=False``, ``eq=False``,
        ``slots``) is :mod:`dataclasses` alone. ``tests/core/test_frozen_dataclass.py`` compares both.
        """
        if cls is None:
            return lambda c: dataclass(c, **options)
        if not options.get("frozen") or set(options) - {"frozen", "init", "kw_only", "match_args"}:
            return dataclasses.dataclass(cls, **options)
        own = cls.__dict__
        class_hash = own.get("__hash__", dataclasses.MISSING)
        explicit_hash = not (class_hash is dataclasses.MISSING or (class_hash is None and "__eq__" in own))
        has_repr, has_eq = "__repr__" in own, "__eq__" in own
        if _plain(cls, options):
            cls = _frozen_without_source(cls, options)
        else:
            cls = dataclasses.dataclass(cls, **options, repr=False, eq=False)
        fields = dataclasses.fields(cls)
        if not has_repr:
            _attach(cls, "__repr__", _repr([f.name for f in fields if f.repr]))
        compared = _tuple_of([f.name for f in fields if f.compare])
        if not has_eq:
            _attach(cls, "__eq__", _eq(compared))
        if not explicit_hash:
            _attach(cls, "__hash__", _hash(_tuple_of([f.name for f in fields
                                                       if (f.compare if f.hash is None else f.hash)])))
        params = cls.__dataclass_params__
        params.repr = params.eq = True  # what the class has, as dataclasses would record it
        return cls


def _plain(cls: type, options: dict[str, Any]) -> bool:
    """Whether a frozen class can be made by :func:`_frozen_without_source`: no dataclass base (whose
    frozen flag :mod:`dataclasses` checks against the subclass's), not keyword-only, ``__init__`` wanted,
    and no field annotated as an ``InitVar`` (read as text: the core's modules postpone annotations)."""
    if options.get("kw_only") or options.get("init") is False or "__setattr__" in cls.__dict__ \
            or "__delattr__" in cls.__dict__:
        return False
    if any(hasattr(base, "__dataclass_fields__") for base in cls.__mro__[1:]):
        return False
    if any(isinstance(v, dataclasses.Field) and v.kw_only is True for v in cls.__dict__.values()):
        return False
    return not any("InitVar" in str(a) or "KW_ONLY" in str(a)
                   for a in inspect.get_annotations(cls).values())


def _frozen_without_source(cls: type[T], options: dict[str, Any]) -> type[T]:
    """``cls`` made a frozen dataclass with no compiled method but ``__init__`` (see :func:`dataclass`)."""
    had_doc = bool(cls.__doc__)
    cls = dataclasses.dataclass(cls, init=False, repr=False, eq=False, frozen=False,
                                match_args=options.get("match_args", True))
    field_names = frozenset(f.name for f in dataclasses.fields(cls))  # type: ignore[arg-type]
    _attach(cls, "__setattr__", _frozen_setattr(cls, field_names))
    _attach(cls, "__delattr__", _frozen_delattr(cls, field_names))
    params = cls.__dataclass_params__  # type: ignore[attr-defined]
    params.frozen = params.init = True
    quick_init(cls)
    if not had_doc:  # the docstring dataclasses writes from the signature, now that __init__ exists
        cls.__doc__ = cls.__name__ + str(inspect.signature(cls)).replace(" -> None", "")
    return cls


def _frozen_setattr(cls: type, field_names: frozenset[str]) -> Callable[[Any, str, Any], None]:
    owner: Any = cls  # the class whose base's __setattr__ is called for a name that is not a field

    def __setattr__(self: Any, name: str, value: Any) -> None:
        if type(self) is owner or name in field_names:
            raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")
        super(owner, self).__setattr__(name, value)

    return __setattr__


def _frozen_delattr(cls: type, field_names: frozenset[str]) -> Callable[[Any, str], None]:
    owner: Any = cls

    def __delattr__(self: Any, name: str) -> None:
        if type(self) is owner or name in field_names:
            raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")
        super(owner, self).__delattr__(name)

    return __delattr__


def _attach(cls: type, name: str, fn: Any) -> None:
    fn.__qualname__ = f"{cls.__qualname__}.{name}"
    fn.__module__ = cls.__module__
    setattr(cls, name, fn)


def _tuple_of(names: list[str]) -> Callable[[Any], tuple[Any, ...]]:
    """The fields ``names`` of an object as a tuple (as the generated methods compare and hash them)."""
    if len(names) > 1:
        return attrgetter(*names)
    if len(names) == 1:
        one = attrgetter(names[0])
        return lambda obj: (one(obj),)
    return lambda obj: ()


def _eq(key: Callable[[Any], tuple[Any, ...]]) -> Callable[[Any, Any], Any]:
    def __eq__(self: Any, other: Any) -> Any:
        if other.__class__ is self.__class__:
            return key(self) == key(other)
        return NotImplemented

    return __eq__


def _hash(key: Callable[[Any], tuple[Any, ...]]) -> Callable[[Any], int]:
    def __hash__(self: Any) -> int:
        return hash(key(self))

    return __hash__


def _repr(names: list[str]) -> Callable[[Any], str]:
    @recursive_repr()
    def __repr__(self: Any) -> str:
        return f"{self.__class__.__qualname__}({', '.join(f'{n}={getattr(self, n)!r}' for n in names)})"

    return __repr__


if TYPE_CHECKING:
    from functools import cached_property

    computed_once = cached_property  # (mypy reads it as functools' own)
else:
    class computed_once:  # (lower case: used as a decorator, as functools.cached_property)
        """:func:`functools.cached_property` for a frozen record, without its lock.

        The value is worked out at the first read and kept in the instance's ``__dict__``, which
        every later read finds first (this is a non-data descriptor), as with ``cached_property``.
        Python 3.11's ``cached_property`` takes a re-entrant lock around the first read (3.12
        dropped it): about a microsecond per value, and each snapshot works out several. A frozen
        record's value is the same whoever works it out first, so no lock is needed.
        """

        def __init__(self, func: Callable[[Any], Any]) -> None:
            self.func = func
            self.attrname: str | None = None
            self.__doc__ = func.__doc__
            self.__module__ = func.__module__

        def __set_name__(self, owner: type, name: str) -> None:
            self.attrname = name

        def __get__(self, instance: Any, owner: type | None = None) -> Any:
            if instance is None:
                return self
            value = instance.__dict__[self.attrname] = self.func(instance)
            return value
