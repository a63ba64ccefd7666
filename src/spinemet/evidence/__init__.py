"""The bibliography: one registry of every source an instrument or a rule cites.

Entries live in small data modules by domain (``refs_core``, ``refs_instruments``,
``refs_pathway``, ``refs_course``) so that each stays readable; this module merges them and
refuses a key defined twice (:class:`DuplicateReference`, raised at import), so a citation key
always means one source and no entry is silently dropped.
"""

from __future__ import annotations

from collections.abc import Iterable

from spinemet.errors import NotFound, SpineMetError
from spinemet.evidence import refs_cohort, refs_core, refs_course, refs_instruments, refs_pathway
from spinemet.evidence.model import EvidenceStatus, Reference

__all__ = ["BIBLIOGRAPHY", "DuplicateReference", "EvidenceStatus", "Reference", "cite", "merge", "references"]


class DuplicateReference(SpineMetError):
    """Two bibliography entries share a key: one source must have one entry."""


def merge(*domains: tuple[str, Iterable[Reference]]) -> dict[str, Reference]:
    """Every reference of the ``(domain name, entries)`` pairs by key; a key defined twice
    raises :class:`DuplicateReference` naming both places."""
    merged: dict[str, Reference] = {}
    where: dict[str, str] = {}
    for domain, refs in domains:
        for ref in refs:
            if ref.key in merged:
                raise DuplicateReference(
                    f"evidence key {ref.key!r} is defined twice ({where[ref.key]} and {domain}); "
                    "merge the two entries into one")
            merged[ref.key] = ref
            where[ref.key] = domain
    return merged


BIBLIOGRAPHY: dict[str, Reference] = merge(
    ("refs_core", refs_core.REFERENCES),
    ("refs_instruments", refs_instruments.REFERENCES),
    ("refs_pathway", refs_pathway.REFERENCES),
    ("refs_course", refs_course.REFERENCES),
    ("refs_cohort", refs_cohort.REFERENCES),
)


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
