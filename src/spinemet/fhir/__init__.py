"""FHIR R4 / mCODE: a case as a de-identified FHIR bundle, and SpineMet's checks of such bundles.

Pure core (no I/O): :func:`case_bundle` builds the bundle as JSON-ready data,
:func:`bundle_problems` lists what breaks SpineMet's invariants. Adapters reach it through
:mod:`spinemet.service.fhir_export`. Codes and their sources live in ``terminology/``.
"""

from __future__ import annotations

from spinemet.fhir.export import DAYS_SINCE_INDEX, case_bundle, involved_levels
from spinemet.fhir.invariants import bundle_problems

__all__ = ["DAYS_SINCE_INDEX", "bundle_problems", "case_bundle", "involved_levels"]
