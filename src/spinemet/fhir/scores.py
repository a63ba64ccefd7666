"""Instrument results as coded Observations (export only: scores are recomputed from the case on import).

One ``Observation`` per result of the assessment (the public result shape, ``Result.as_dict()``):

- ``code``: the instrument in SpineMet's ``instrument`` CodeSystem, plus LOINC where a code exists
  (ECOG 89247-1, Karnofsky 89243-0, from ``terminology/codes.yaml``);
- the total as ``valueInteger``; when items are unknown, the range of totals still possible as
  ``valueRange`` and each missing item in the ``missing-item`` extension; a classifier's category as
  ``valueCodeableConcept``;
- the band as ``interpretation`` (SpineMet ``band`` codes of the instrument), the bands still possible
  in ``possible-band``;
- one ``component`` per item: the item, its answer (``valueCodeableConcept``), its points and where the
  answer came from (extensions); an item whose answer is unknown has ``dataAbsentReason`` = unknown and,
  when only some answers remain possible (a KPS converted from an ECOG grade spans two bins), each of them
  in a ``possible-answer`` extension — the item's range, never one answer picked;
- when: the ``days-since-index`` extension (the assessment's day) and, when the case has an index date,
  ``effectiveDateTime`` = that day's calendar date (a researcher's de-identified case has none);
- the citation (evidence key, PMID, DOI) and the verification status as extensions;
- outside the instrument's declared disease: ``dataAbsentReason`` = not-applicable, with the reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from spinemet.fhir import terminology as term
from spinemet.fhir.common import BASE, days_extension, ext, meta, sm, sm_system

__all__ = ["SCORE_EXT", "score_observation"]

SCORE_EXT = {name: f"{BASE}/StructureDefinition/{name}" for name in (
    "item-points", "answer-source", "missing-item", "possible-band", "citation", "verification-status",
    "not-applicable-reason", "assessment-day", "possible-answer")}

#: instruments with a LOINC code (codes.yaml keys)
_LOINC = {"ecog": "ecog", "kps": "karnofsky"}

_NOT_APPLICABLE = {"system": "http://terminology.hl7.org/CodeSystem/data-absent-reason", "code": "not-applicable",
                   "display": "Not Applicable"}


def _band(instrument: str, key: object) -> dict[str, Any]:
    return {"coding": [sm(f"band-{instrument}", str(key))]}


_SURVEY = term.code("survey").as_fhir()


def score_observation(result: Mapping[str, Any], day: int, patient_ref: dict[str, str],
                      date: str | None = None) -> dict[str, Any]:
    """The Observation of one instrument result (``Result.as_dict()``) of the assessment on ``day``
    (``effectiveDateTime`` = ``date``, the calendar date of that day when the case has an index date)."""
    key = str(result["instrument"])
    coding = [sm("instrument", key)]
    if key in _LOINC:  # LOINC codes the score; the mCODE profile stays on the recorded observation only
        coding.append(term.code(_LOINC[key]).as_fhir())
    extensions = [*days_extension(None, day)]
    citation = result.get("citation") or {}
    parts = [{"url": k, "valueString": str(v)} for k, v in citation.items() if v]
    if parts:
        extensions.append(ext(SCORE_EXT["citation"], extension=parts))
    extensions.append(ext(SCORE_EXT["verification-status"], valueCode=str(result.get("verification", "unverified"))))
    obs: dict[str, Any] = {
        "resourceType": "Observation", "meta": meta(None, None, derived=True), "extension": extensions,
        "status": "final" if not result.get("missing") else "preliminary",
        "category": [{"coding": [dict(_SURVEY)]}],
        "code": {"coding": coding}, "subject": patient_ref,
    }
    if date is not None:
        obs["effectiveDateTime"] = date
    if result.get("not_applicable"):
        obs["dataAbsentReason"] = {"coding": [dict(_NOT_APPLICABLE)]}
        extensions.append(ext(SCORE_EXT["not-applicable-reason"], valueString=str(result.get("reason"))))
        return obs
    if result.get("kind") == "classifier":
        if result.get("category") is not None:
            obs["valueCodeableConcept"] = {"coding": [sm(f"category-{key}", str(result["category"]))]}
    elif result.get("total") is not None:
        obs["valueInteger"] = int(result["total"])
    elif result.get("min_total") is not None or result.get("max_total") is not None:
        bounds = {}
        if result.get("min_total") is not None:
            bounds["low"] = {"value": result["min_total"]}
        if result.get("max_total") is not None:
            bounds["high"] = {"value": result["max_total"]}
        obs["valueRange"] = bounds
    band = result.get("band")
    if isinstance(band, Mapping) and band.get("key") is not None:
        obs["interpretation"] = [_band(key, band["key"])]
    for possible in result.get("possible_bands") or []:
        extensions.append(ext(SCORE_EXT["possible-band"], valueCoding=sm(f"band-{key}", str(possible))))
    for item in result.get("missing") or []:
        extensions.append(ext(SCORE_EXT["missing-item"], valueCoding=sm(f"item-{key}", str(item))))
    components = []
    item_system, answer_system = sm_system(f"item-{key}"), sm_system(f"answer-{key}")
    for c in result.get("components") or []:
        comp: dict[str, Any] = {"code": {"coding": [{"system": item_system, "code": str(c["item"])}]}}
        comp_ext = []
        if c.get("points") is not None:
            comp_ext.append(ext(SCORE_EXT["item-points"], valueInteger=int(c["points"])))
        if c.get("source"):
            comp_ext.append(ext(SCORE_EXT["answer-source"], valueString=str(c["source"])))
        for possible in c.get("candidates") or []:
            comp_ext.append({"url": SCORE_EXT["possible-answer"],
                             "valueCoding": {"system": answer_system, "code": str(possible)}})
        if comp_ext:
            comp["extension"] = comp_ext
        if c.get("answer") is not None:
            comp["valueCodeableConcept"] = {"coding": [{"system": answer_system, "code": str(c["answer"])}]}
        else:
            comp["dataAbsentReason"] = {"coding": [{"system": _NOT_APPLICABLE["system"], "code": "unknown",
                                                    "display": "Unknown"}]}
        components.append(comp)
    if components:
        obs["component"] = components
    return obs
