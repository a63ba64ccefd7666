"""What can be wrong with a bundle given to the import: located problems (entry and element path)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from spinemet.errors import Problem, ValidationFailed

__all__ = ["BundleInvalid", "BundleProblem", "located_at"]


@contextmanager
def located_at(path: str) -> Iterator[None]:
    """Turn a malformed element met while reading the resource at ``path`` (a string where an object
    belongs, a missing value) into a :class:`BundleProblem` located at that resource."""
    try:
        yield
    except BundleProblem:
        raise
    except (AttributeError, KeyError, TypeError, ValueError, IndexError) as exc:
        raise BundleProblem(f"{path}: an element is malformed ({type(exc).__name__}: {exc}); see the FHIR R4 "
                            "definition of the resource") from exc


class BundleProblem(ValueError):
    """One located problem of a bundle (``entry[3].resource.bodySite[0].coding[0].code: ...``)."""


def _located(text: str) -> Problem:
    location, sep, message = text.partition(": ")
    return Problem(location, message) if sep else Problem("", text)


class BundleInvalid(ValidationFailed):
    """The bundle cannot be read: every problem found, each located; nothing is imported."""

    def __init__(self, problems: list[str], source: str = "FHIR bundle") -> None:
        super().__init__([_located(p) for p in problems], source)
