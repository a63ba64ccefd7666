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
- outside the instrument's declared disease: ``dataAbsentReason`` = not-applicable, with the reason;
- each item also as an Observation of its own, a **member** of the score (``hasMember``, full URL
  ``score/<day>/<instrument>/item/<item>``): the same code, answer, points, source and possible answers
  as its component, with the score's subject, day and date. The issue asks for the items as
  ``hasMember``; the components stay, so a reader of one Observation still has the whole score (FHIR R4
  allows both: ``hasMember`` for observations that are read on their own, ``component`` for values of one
  observation; see docs/fhir.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from spinemet.fhir import terminology as term
from spinemet.fhir.common import BASE, DAYS_SINCE_INDEX, DERIVED, full_url, sm_system

__all__ = ["SCORE_EXT", "item_url", "score_entries", "score_observation"]

SCORE_EXT = {name: f"{BASE}/StructureDefinition/{name}" for name in (
    "item-points", "answer-source", "missing-item", "possible-band", "citation", "verification-status",
    "not-applicable-reason", "assessment-day", "possible-answer")}

#: instruments with a LOINC code (codes.yaml keys)
_LOINC = {"ecog": "ecog", "kps": "karnofsky"}

_NOT_APPLICABLE = {"system": "http://terminology.hl7.org/CodeSystem/data-absent-reason", "code": "not-applicable",
                   "display": "Not Applicable"}


_SURVEY = term.code("survey").as_fhir()
_UNKNOWN = {"system": _NOT_APPLICABLE["system"], "code": "unknown", "display": "Unknown"}
_DAYS = DAYS_SINCE_INDEX
_POINTS, _SOURCE, _POSSIBLE = SCORE_EXT["item-points"], SCORE_EXT["answer-source"], SCORE_EXT["possible-answer"]
_CITATION, _VERIFICATION = SCORE_EXT["citation"], SCORE_EXT["verification-status"]
_POSSIBLE_BAND, _MISSING = SCORE_EXT["possible-band"], SCORE_EXT["missing-item"]
_NA_REASON = SCORE_EXT["not-applicable-reason"]


@cache
def _systems(instrument: str) -> tuple[str, str, str, str, str]:
    """The instrument's own CodeSystem URLs: instrument, item, answer, band, category."""
    return (sm_system("instrument"), sm_system(f"item-{instrument}"), sm_system(f"answer-{instrument}"),
            sm_system(f"band-{instrument}"), sm_system(f"category-{instrument}"))


def _derived_meta() -> dict[str, Any]:
    return {"tag": [{"system": DERIVED["system"], "code": DERIVED["code"]}]}


def score_observation(result: Mapping[str, Any], day: int, patient_ref: dict[str, str],
                      date: str | None = None) -> dict[str, Any]:
    """The Observation of one instrument result (``Result.as_dict()``) of the assessment on ``day``
    (``effectiveDateTime`` = ``date``, the calendar date of that day when the case has an index date)."""
    # Built with literals, not the shared helpers: it runs once per instrument per case in a bulk export.
    key = str(result["instrument"])
    instrument_system, item_system, answer_system, band_system, category_system = _systems(key)
    coding = [{"system": instrument_system, "code": key}]
    if key in _LOINC:  # LOINC codes the score; the mCODE profile stays on the recorded observation only
        coding.append(term.code(_LOINC[key]).as_fhir())
    extensions: list[dict[str, Any]] = [{"url": _DAYS, "valueInteger": day}]
    citation = result.get("citation") or {}
    parts = [{"url": k, "valueString": str(v)} for k, v in citation.items() if v]
    if parts:
        extensions.append({"url": _CITATION, "extension": parts})
    extensions.append({"url": _VERIFICATION, "valueCode": str(result.get("verification", "unverified"))})
    missing = result.get("missing")
    obs: dict[str, Any] = {
        "resourceType": "Observation", "meta": _derived_meta(), "extension": extensions,
        "status": "final" if not missing else "preliminary",
        "category": [{"coding": [dict(_SURVEY)]}],
        "code": {"coding": coding}, "subject": patient_ref,
    }
    if date is not None:
        obs["effectiveDateTime"] = date
    if result.get("not_applicable"):
        obs["dataAbsentReason"] = {"coding": [dict(_NOT_APPLICABLE)]}
        extensions.append({"url": _NA_REASON, "valueString": str(result.get("reason"))})
        return obs
    if result.get("kind") == "classifier":
        if result.get("category") is not None:
            obs["valueCodeableConcept"] = {"coding": [{"system": category_system, "code": str(result["category"])}]}
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
        obs["interpretation"] = [{"coding": [{"system": band_system, "code": str(band["key"])}]}]
    for possible in result.get("possible_bands") or ():
        extensions.append({"url": _POSSIBLE_BAND, "valueCoding": {"system": band_system, "code": str(possible)}})
    for item in missing or ():
        extensions.append({"url": _MISSING, "valueCoding": {"system": item_system, "code": str(item)}})
    components = []
    for c in result.get("components") or ():
        comp: dict[str, Any] = {"code": {"coding": [{"system": item_system, "code": str(c["item"])}]}}
        comp_ext = []
        if c.get("points") is not None:
            comp_ext.append({"url": _POINTS, "valueInteger": int(c["points"])})
        if c.get("source"):
            comp_ext.append({"url": _SOURCE, "valueString": str(c["source"])})
        for possible in c.get("candidates") or ():
            comp_ext.append({"url": _POSSIBLE, "valueCoding": {"system": answer_system, "code": str(possible)}})
        if comp_ext:
            comp["extension"] = comp_ext
        if c.get("answer") is not None:
            comp["valueCodeableConcept"] = {"coding": [{"system": answer_system, "code": str(c["answer"])}]}
        else:
            comp["dataAbsentReason"] = {"coding": [dict(_UNKNOWN)]}
        components.append(comp)
    if components:
        obs["component"] = components
    return obs


def item_url(day: int, instrument: str, item: str) -> str:
    """The full URL of the member Observation of one item of one instrument result on ``day``."""
    return full_url(f"score/{day}/{instrument}/item/{item}")


def score_entries(result: Mapping[str, Any], day: int, patient_ref: dict[str, str],
                  date: str | None = None) -> list[tuple[str, dict[str, Any]]]:
    """The score Observation of one result (full URL ``score/<day>/<instrument>``) followed by one member
    Observation per item, which the score lists in ``hasMember`` (in the order of its components)."""
    key = str(result["instrument"])
    obs = score_observation(result, day, patient_ref, date)
    entries: list[tuple[str, dict[str, Any]]] = [(full_url(f"score/{day}/{key}"), obs)]
    components = obs.get("component") or []
    if not components:
        return entries
    category = obs["category"]
    members = []
    for comp in components:
        item = comp["code"]["coding"][0]["code"]
        url = item_url(day, key, item)
        member: dict[str, Any] = {"resourceType": "Observation", "meta": _derived_meta(),
                                  "extension": [{"url": _DAYS, "valueInteger": day}, *comp.get("extension", ())],
                                  "status": obs["status"], "category": category, "code": comp["code"],
                                  "subject": patient_ref}
        if date is not None:
            member["effectiveDateTime"] = date
        if "valueCodeableConcept" in comp:
            member["valueCodeableConcept"] = comp["valueCodeableConcept"]
        else:
            member["dataAbsentReason"] = comp["dataAbsentReason"]
        members.append({"reference": url})
        entries.append((url, member))
    obs["hasMember"] = members
    return entries
