"""Use case: a case as a de-identified FHIR R4 / mCODE bundle (issue 18, export).

The bundle is what a researcher may see (no identifier, day offsets instead of dates, no free
text; see :mod:`spinemet.fhir.export`). Before it leaves, it is checked against SpineMet's own
invariants; a broken bundle is an error, never written.
"""

from __future__ import annotations

from typing import Any

from spinemet.case import Case
from spinemet.errors import SpineMetError

__all__ = ["BundleBroken", "export_bundle"]


class BundleBroken(SpineMetError):
    """The exported bundle breaks one of SpineMet's invariants (a defect of SpineMet, not of the case)."""


def export_bundle(case: Case) -> dict[str, Any]:
    """The de-identified FHIR R4 collection bundle of ``case``, checked against the invariants."""
    from spinemet.fhir import bundle_problems, case_bundle

    bundle = case_bundle(case)
    problems = bundle_problems(bundle)
    if problems:
        raise BundleBroken("the exported FHIR bundle is inconsistent: " + "; ".join(problems))
    return bundle
