"""The bibliography: one registry of every source an instrument or a rule cites.

Entries live in small data modules by domain (``refs_core``, ``refs_instruments``,
``refs_pathway``) so that each stays readable; this module merges them and refuses
duplicate keys, so a citation key always means one source.
"""

from __future__ import annotations

from types import ModuleType

from spinemet.errors import NotFound
from spinemet.evidence.model import EvidenceStatus, Reference

__all__ = ["BIBLIOGRAPHY", "EvidenceStatus", "Reference", "cite", "references"]


def _collect(*modules: ModuleType) -> dict[str, Reference]:
    merged: dict[str, Reference] = {}
    for module in modules:
        for ref in getattr(module, "REFERENCES", ()):
            if ref.key in merged:
                raise RuntimeError(f"duplicate evidence key {ref.key!r} in {module.__name__}")
            merged[ref.key] = ref
    return merged


def _load() -> dict[str, Reference]:
    import importlib

    modules = []
    for name in ("refs_core", "refs_instruments", "refs_pathway", "refs_course"):
        try:
            modules.append(importlib.import_module(f"spinemet.evidence.{name}"))
        except ModuleNotFoundError as exc:  # a domain not written yet contributes nothing
            if exc.name != f"spinemet.evidence.{name}":
                raise
    return _collect(*modules)


BIBLIOGRAPHY: dict[str, Reference] = _load()


def cite(key: str) -> Reference:
    """The reference for ``key``; a clear error naming the known keys otherwise."""
    try:
        return BIBLIOGRAPHY[key]
    except KeyError:
        raise NotFound(
            f"evidence key '{key}' is not in the bibliography; known keys: {', '.join(sorted(BIBLIOGRAPHY))}"
        ) from None


def references() -> list[Reference]:
    """Every reference, sorted by key."""
    return [BIBLIOGRAPHY[k] for k in sorted(BIBLIOGRAPHY)]
