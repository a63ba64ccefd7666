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
outcome does not say which vertebra.

SpineMet's course analysis (``spinemet.course``: what it concludes from the timeline, each event with its
level, day and certainty) gives the rest, focused on the level's condition: a local recurrence, an
adjacent or distant progression -> worsened; a response graded CR or PR -> improved; local control ->
stable; a possible pseudoprogression -> undetermined. Its certainty (definite, probable, possible) is in
the ``certainty`` extension, the kind of course event in ``method`` (SpineMet ``course-event`` codes).

These resources are tagged *derived*: the import reads the findings and outcomes they come from (and
recomputes the course), never these.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from spinemet.anatomy import Level, parse_level
from spinemet.case.events import Imaging, Outcome
from spinemet.case.vocab_detail import FindingStatus
from spinemet.case.vocab_disease import Certainty
from spinemet.fhir import terminology as term
from spinemet.fhir.common import BASE, days_extension, ext, full_url, meta, sm
from spinemet.fhir.events_out import Context

__all__ = ["CERTAINTY", "TREND", "course_status_observations", "status_observations"]

#: the certainty of a status the course analysis concluded (definite, probable, possible)
CERTAINTY = f"{BASE}/StructureDefinition/certainty"

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


def _course_trend(event: Mapping[str, Any]) -> str | None:
    kind, category = event.get("kind"), event.get("category")
    if kind in ("local_recurrence", "adjacent_progression", "distant_progression"):
        return "status_worsened"
    if kind == "response" and category in ("CR", "PR"):
        return "status_improved"
    if kind == "local_control" or (kind == "response" and category == "local_control"):
        return "status_stable"
    if kind == "possible_pseudoprogression":
        return "status_undetermined"
    return None


def course_status_observations(ctx: Context, events: Sequence[Mapping[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    """Disease status from the course analysis's events (``CourseEvent.as_dict()``) that name a level."""
    out: list[tuple[str, dict[str, Any]]] = []
    for n, event in enumerate(events):
        trend = _course_trend(event)
        if trend is None or event.get("level") is None:
            continue
        level = parse_level(str(event["level"]))
        obs: dict[str, Any] = {
            "resourceType": "Observation", "meta": meta("cancer_disease_status", derived=True),
            "extension": [ext(term.extension("disease_status_evidence"),
                              valueCodeableConcept={"coding": [term.code("evidence_imaging").as_fhir()]}),
                          ext(CERTAINTY, valueCode=str(event.get("certainty", "definite"))),
                          *days_extension(None, int(event["day"]))],
            "status": "final", "code": {"coding": [term.code("cancer_disease_status").as_fhir()]},
            "subject": ctx.patient_ref,
            "method": {"coding": [sm("course-event", str(event["kind"]))]},
        }
        if level in ctx.conditions:
            obs["focus"] = [{"reference": ctx.conditions[level]}]
        obs["valueCodeableConcept"] = {"coding": [term.code(trend).as_fhir()]}
        out.append((full_url(f"course-status/{n}/{event['kind']}/{level}"), obs))
    return out
