"""Shared test helpers."""

from __future__ import annotations

from spinemet.instruments import get


def points_table(key: str) -> dict[str, dict[str, int]]:
    """{item: {answer: points}} of a declaration, for comparison with a table typed from the source."""
    return {it.key: {a.key: a.points for a in it.answers} for it in get(key).items}


def bands_table(key: str) -> list[tuple[str, int | None, int | None]]:
    return [(b.key, b.low, b.high) for b in get(key).bands]
