"""FHIR R4 / mCODE: a case as a FHIR bundle and back, and SpineMet's checks of such bundles.

No I/O: :func:`case_bundle` builds the bundle as JSON-ready data, :func:`bundle_problems` lists what
breaks SpineMet's invariants, :func:`spinemet.fhir.importer.read_bundle` reads a bundle (SpineMet's or
another system's) back into case-file data with a report. Adapters reach it through
:mod:`spinemet.service.fhir_export` and :mod:`spinemet.service.fhir_import`. Codes and their sources
live in ``terminology/``.
"""

from __future__ import annotations

from spinemet.fhir.export import DAYS_SINCE_INDEX, case_bundle, involved_levels
from spinemet.fhir.invariants import bundle_problems

__all__ = ["DAYS_SINCE_INDEX", "bundle_problems", "case_bundle", "involved_levels"]
