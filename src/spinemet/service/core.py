"""The service's window onto the pure core: instruments, the assessment and the course.

These modules are imported lazily; while one of them is not part of the installation the
use case that needs it reports :class:`Unavailable` (a 404 problem in the API), never a crash.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from types import ModuleType
from typing import Any

from spinemet.case import Case
from spinemet.errors import NotFound
from spinemet.service.jsonable import jsonable


class Unavailable(NotFound):
    """A core capability (assessment, course) is not installed in this build."""


def _module(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name and name.startswith(exc.name):
            return None
        raise


def preload() -> None:
    """Import the core modules the use cases load lazily (a long-running server does it at start,
    so that its first requests don't pay for it and the heap can be settled; see
    :func:`spinemet.api.app.settle_heap`)."""
    for name in ("spinemet.assessment", "spinemet.course", "spinemet.instruments", "spinemet.pathway"):
        _module(name)


def has_assessment() -> bool:
    return _module("spinemet.assessment") is not None


def has_course() -> bool:
    mod = _module("spinemet.course")
    return mod is not None and hasattr(mod, "analyse")


def assess(case: Case, day: int) -> dict[str, Any]:
    """Instruments, plan and alerts of the case on ``day``."""
    mod = _module("spinemet.assessment")
    if mod is None:
        raise Unavailable("the assessment (spinemet.assessment) is not available in this build")
    result = jsonable(mod.assess(case, day))
    out: dict[str, Any] = result if isinstance(result, dict) else {"result": result}
    return out


def course(case: Case) -> dict[str, Any]:
    mod = _module("spinemet.course")
    if mod is None or not hasattr(mod, "analyse"):
        raise Unavailable("the course analysis (spinemet.course.analyse) is not available in this build")
    result = jsonable(mod.analyse(case))
    out: dict[str, Any] = result if isinstance(result, dict) else {"result": result}
    return out


def open_alerts(case: Case) -> tuple[str, ...]:
    """Keys of the alerts active on the day of the last event (``Alert.as_dict()["key"]``, with the
    level when the alert names one: ``early_local_recurrence@T6``); empty while the assessment is
    not available."""
    if not case.timeline or not has_assessment():
        return ()
    try:
        on = case.resolve_day(None)
        data = assess(case, on)
    except Exception:
        return ()
    alerts = data.get("alerts") or []
    names: list[str] = []
    for alert in alerts if isinstance(alerts, list) else []:
        if not isinstance(alert, Mapping):
            continue
        until = alert.get("active_until")
        if isinstance(until, int) and until < on:
            continue
        key = str(alert.get("key") or alert.get("title") or "alert")
        level = alert.get("level")
        name = f"{key}@{level}" if level else key
        if name not in names:
            names.append(name)
    return tuple(names)


def instruments() -> list[dict[str, Any]]:
    from spinemet.instruments import INSTRUMENTS, NOT_IMPLEMENTED

    out = [describe_instrument(key) for key in INSTRUMENTS]
    out.extend({"key": ni.key, "name": ni.name, "implemented": False, "reason": ni.reason} for ni in NOT_IMPLEMENTED)
    return out


def describe_instrument(key: str) -> dict[str, Any]:
    from spinemet.instruments import get

    inst = get(key)
    items = [
        {"key": it.key, "label": getattr(it, "label", it.key),
         "answers": [jsonable(a) for a in getattr(it, "answers", ())]}
        for it in inst.items
    ]
    return {
        "key": inst.key, "name": inst.name, "version": inst.version, "kind": jsonable(inst.kind),
        "implemented": True, "description": inst.description, "items": items,
        "bands": [jsonable(b) for b in inst.bands], "citations": list(inst.citations),
    }


def score(key: str, answers: Mapping[str, Any]) -> dict[str, Any]:
    from spinemet.instruments import score as _score

    result = jsonable(_score(key, answers))
    out: dict[str, Any] = result if isinstance(result, dict) else {"result": result}
    return out


def assess_instruments(case: Case, day: int) -> list[Any]:
    """Every instrument the snapshot on ``day`` supports (for the calculator without the plan)."""
    from spinemet.case import snapshot
    from spinemet.instruments import assess_snapshot

    return [jsonable(r) for r in assess_snapshot(snapshot(case, day))]
