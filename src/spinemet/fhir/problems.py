"""What can be wrong with a bundle given to the import: located problems (entry and element path)."""

from __future__ import annotations

from spinemet.errors import Problem, ValidationFailed

__all__ = ["BundleInvalid", "BundleProblem"]


class BundleProblem(ValueError):
    """One located problem of a bundle (``entry[3].resource.bodySite[0].coding[0].code: ...``)."""


def _located(text: str) -> Problem:
    location, sep, message = text.partition(": ")
    return Problem(location, message) if sep else Problem("", text)


class BundleInvalid(ValidationFailed):
    """The bundle cannot be read: every problem found, each located; nothing is imported."""

    def __init__(self, problems: list[str], source: str = "FHIR bundle") -> None:
        super().__init__([_located(p) for p in problems], source)
