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
from typing import Any, TypeVar

T = TypeVar("T")

_FACTORY = object()  # stands for "use the default factory" in a generated signature


def quick_init(cls: type[T]) -> type[T]:
    """Replace the ``__init__`` of the frozen dataclass ``cls`` (see the module docstring).

    Only plain fields are supported (no ``kw_only``, ``InitVar`` or slots); a ``__post_init__``
    is still called. Apply it on top of ``@dataclass(frozen=True)``.
    """
    params = getattr(cls, "__dataclass_params__", None)
    if params is None or not params.frozen or "__slots__" in cls.__dict__:
        raise TypeError(f"quick_init needs a frozen dataclass without slots, not {cls.__qualname__}")
    names: dict[str, Any] = {"_FACTORY": _FACTORY}
    signature: list[str] = []
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
    cls.__init__ = init  # type: ignore[method-assign]
    return cls
