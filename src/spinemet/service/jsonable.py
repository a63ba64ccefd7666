"""Turning core results (dataclasses, enums, pydantic models, levels) into plain JSON data."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from enum import Enum
from typing import Any


def jsonable(obj: Any) -> Any:
    """Plain JSON-compatible data for any core result: ``as_dict()`` first, then structure."""
    if obj is None or isinstance(obj, bool | int | float | str):
        return obj
    if isinstance(obj, Enum):
        if isinstance(obj, str):
            return obj.value
        return str(obj) if isinstance(obj, int) else jsonable(obj.value)
    if isinstance(obj, dt.date | dt.datetime):
        return obj.isoformat()
    if hasattr(obj, "as_dict") and callable(obj.as_dict):
        return jsonable(obj.as_dict())
    if hasattr(obj, "model_dump") and callable(obj.model_dump):
        return obj.model_dump(mode="json", exclude_none=True)
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: jsonable(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, Mapping):
        return {str(jsonable(k)): jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple | set | frozenset):
        items = [jsonable(v) for v in obj]
        return sorted(items, key=str) if isinstance(obj, set | frozenset) else items
    return str(obj)
