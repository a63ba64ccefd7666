"""Recurrence, progression and response as mCODE Cancer Disease Status observations (export, derived).

A finding whose ``status`` is stated at a level becomes a Cancer Disease Status (LOINC 97509-4) whose
``focus`` is that vertebra's secondary cancer condition, valued from mCODE's ConditionStatusTrendVS
(SNOMED CT, ``terminology/codes.yaml``):

- ``recurrence``, ``progression`` -> 271299001 "Patient's condition worsened";
- ``stable`` -> 359746009 "Patient's condition stable";
- ``partial_response``, ``complete_response`` -> 268910001 "Patient's condition improved";

with evidence type 363679005 "Imaging (procedure)". ``new`` and ``residual`` are no trend of an
existing condition and make none; a status stated as probable or possible makes none (not guessed).
An outcome stating a local recurrence or local failure (true) is a worsened status without focus: the
outcome does not say which vertebra. These resources are tagged *derived*: the import reads the
findings and outcomes they come from, never these.
"""

from __future__ import annotations

from typing import Any

from spinemet.anatomy import Level
from spinemet.case.events import Imaging, Outcome
from spinemet.case.vocab_detail import FindingStatus
from spinemet.case.vocab_disease import Certainty
from spinemet.fhir import terminology as term
from spinemet.fhir.common import days_extension, ext, full_url, meta
from spinemet.fhir.events_out import Context

__all__ = ["TREND", "status_observations"]

TREND = {
    FindingStatus.RECURRENCE: "status_worsened", FindingStatus.PROGRESSION: "status_worsened",
    FindingStatus.STABLE: "status_stable",
    FindingStatus.PARTIAL_RESPONSE: "status_improved", FindingStatus.COMPLETE_RESPONSE: "status_improved",
}


def _status(ctx: Context, event: Imaging | Outcome, value_key: str, level: Level | None) -> dict[str, Any]:
    obs: dict[str, Any] = {
        "resourceType": "Observation", "meta": meta("cancer_disease_status", derived=True),
        "extension": [ext(term.extension("disease_status_evidence"),
                          valueCodeableConcept={"coding": [term.code("evidence_imaging").as_fhir()]})]
        if isinstance(event, Imaging) else [],
        "status": "final", "code": {"coding": [term.code("cancer_disease_status").as_fhir()]},
        "subject": ctx.patient_ref,
    }
    obs["extension"].extend(days_extension(ctx.case.interval_of(event), event.day))
    if event.date is not None:
        obs["effectiveDateTime"] = event.date.isoformat()
    if level is not None and level in ctx.conditions:
        obs["focus"] = [{"reference": ctx.conditions[level]}]
    obs["valueCodeableConcept"] = {"coding": [term.code(value_key).as_fhir()]}
    return obs


def status_observations(ctx: Context) -> list[tuple[str, dict[str, Any]]]:
    """The disease-status observations of the case, in timeline order."""
    out: list[tuple[str, dict[str, Any]]] = []
    for index, event in enumerate(ctx.case.timeline):
        if isinstance(event, Imaging):
            for n, f in enumerate(event.findings):
                if f.status not in TREND or f.status_certainty not in (None, Certainty.CONFIRMED):
                    continue
                levels = [f.level] if f.level is not None else (list(f.span.levels) if f.span else [None])
                for level in levels:
                    out.append((full_url(f"disease-status/{index}/{n}/{level}"),
                                _status(ctx, event, TREND[f.status], level)))
        elif isinstance(event, Outcome) and (event.local_recurrence or event.local_failure):
            out.append((full_url(f"disease-status/{index}"), _status(ctx, event, "status_worsened", None)))
    return out
