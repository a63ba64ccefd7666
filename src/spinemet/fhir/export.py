"""A case as a FHIR R4 ``Bundle`` (type ``collection``) following mCODE, as plain JSON data.

Pure core: no I/O. The bundle is **de-identified** (what a researcher may see): no identifier, no
name, no calendar date (times are day offsets from the case's index date, in the SpineMet extension
:data:`DAYS_SINCE_INDEX`), no free text from the case (notes, histology words, timing notes stay out).

What one case becomes (mCODE 4.0.0 profiles, URLs in ``terminology/codes.yaml``):

- one ``Patient`` (mCODE Cancer Patient): administrative gender only;
- one ``Condition`` for the primary tumour (mCODE Primary Cancer Condition), coded with the case
  file's primary-site key in SpineMet's primary-site code system;
- one ``Condition`` per **involved vertebra** (mCODE Secondary Cancer Condition): a level named by a
  confirmed imaging finding (its level, or every level of its span); ``bodySite`` is the vertebra's
  SNOMED CT code from DICOM CID 7603 (CID 4031 for the sacrum and coccyx), ``code`` is ICD-10-CM
  C79.51, and the condition points at the primary with the ``condition-related`` extension; its
  ``clinicalStatus`` is left out: whether a treated lesion is still active is the disease-status
  mapping's to say (not built yet), and the exporter does not guess it;
- one ``Observation`` per measured performance status (mCODE ECOG / Karnofsky Performance Status,
  LOINC 89247-1 / 89243-0), ``valueInteger`` as recorded.

Findings stated as probable or possible, regions without a level and diffuse disease are not made
into vertebra conditions (a doubted lesion is no diagnosis); ``docs/fhir.md`` lists what is not
exported yet.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from spinemet.anatomy import Level
from spinemet.case import Case
from spinemet.case.events import Imaging, Performance
from spinemet.case.events.base import EventBase
from spinemet.case.vocab_disease import Certainty
from spinemet.fhir import terminology as term

__all__ = ["DAYS_SINCE_INDEX", "case_bundle", "involved_levels"]

#: SpineMet extension: when something happened, in days since the case's index date (valueInteger
#: for an exact day, valueRange for a day known only within a range). Used instead of dates.
DAYS_SINCE_INDEX = "https://spinemet.org/fhir/StructureDefinition/days-since-index"

#: fixed namespace of the bundle's ``urn:uuid`` full URLs (derived from the resource's role in the
#: bundle only, never from the case's identifier, so the URLs carry nothing identifying)
_NAMESPACE = uuid.UUID("6d1f4f3e-2b1a-5c39-9a57-5f0e3c1b7a11")


def _full_url(key: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, key)}"


def _days_extension(case: Case, event: EventBase) -> list[dict[str, Any]]:
    """The day offset of ``event`` as the SpineMet extension (empty when nothing is known)."""
    interval = case.interval_of(event)
    if interval.is_exact:
        return [{"url": DAYS_SINCE_INDEX, "valueInteger": interval.earliest}]
    bounds: dict[str, Any] = {}
    if interval.earliest is not None:
        bounds["low"] = {"value": interval.earliest, "unit": "d", "system": "http://unitsofmeasure.org", "code": "d"}
    if interval.latest is not None:
        bounds["high"] = {"value": interval.latest, "unit": "d", "system": "http://unitsofmeasure.org", "code": "d"}
    return [{"url": DAYS_SINCE_INDEX, "valueRange": bounds}] if bounds else []


def _meta(profile_key: str) -> dict[str, Any]:
    return {"profile": [term.profile(profile_key)]}


def involved_levels(case: Case) -> dict[Level, Imaging]:
    """Each vertebra a confirmed imaging finding names (its level or every level of its span), with
    the first imaging study (in time order) that names it."""
    first: dict[Level, Imaging] = {}
    for _day, event in case.ordered_events():
        if not isinstance(event, Imaging):
            continue
        for finding in event.findings:
            if finding.certainty not in (None, Certainty.CONFIRMED):
                continue
            levels: Iterable[Level] = ()
            if finding.level is not None:
                levels = (finding.level,)
            elif finding.span is not None:
                levels = finding.span
            for level in levels:
                first.setdefault(level, event)
    return dict(sorted(first.items()))


def _patient(case: Case) -> dict[str, Any]:
    sex = case.patient.sex
    patient: dict[str, Any] = {"resourceType": "Patient", "meta": _meta("cancer_patient")}
    patient["gender"] = sex.value if sex is not None else "unknown"
    return patient


def _primary(case: Case, patient_ref: dict[str, str]) -> dict[str, Any]:
    site = case.primary.site
    return {
        "resourceType": "Condition",
        "meta": _meta("primary_cancer_condition"),
        "category": [{"coding": [term.code("problem_list_item").as_fhir()]}],
        "code": {"coding": [{"system": term.spinemet_system("primary_site"), "code": site.value}]},
        "subject": patient_ref,
    }


def _secondary(case: Case, level: Level, seen_in: Imaging, patient_ref: dict[str, str],
               primary_url: str) -> dict[str, Any]:
    # the text keeps the level where the code names only the region (a sacral segment is "Sacrum")
    coding, _whole_region = term.vertebra(level)
    body_site: dict[str, Any] = {"coding": [coding.as_fhir()], "text": str(level)}
    return {
        "resourceType": "Condition",
        "meta": _meta("secondary_cancer_condition"),
        "extension": [{"url": term.extension("condition_related"), "valueReference": {"reference": primary_url}},
                      *_days_extension(case, seen_in)],
        "verificationStatus": {"coding": [term.code("confirmed").as_fhir()]},
        "category": [{"coding": [term.code("problem_list_item").as_fhir()]}],
        "code": {"coding": [term.code("secondary_bone").as_fhir()]},
        "bodySite": [body_site],
        "subject": patient_ref,
    }


def _performance(case: Case, event: Performance, patient_ref: dict[str, str]) -> list[dict[str, Any]]:
    out = []
    for value, key, profile_key in ((event.ecog, "ecog", "ecog_performance_status"),
                                    (event.kps, "karnofsky", "karnofsky_performance_status")):
        if value is None:
            continue
        out.append({
            "resourceType": "Observation",
            "meta": _meta(profile_key),
            "extension": _days_extension(case, event),
            "status": "final",
            "category": [{"coding": [term.code("survey").as_fhir()]}],
            "code": {"coding": [term.code(key).as_fhir()]},
            "subject": patient_ref,
            "valueInteger": int(value),
        })
    return out


def case_bundle(case: Case) -> dict[str, Any]:
    """The de-identified FHIR R4 collection bundle of ``case`` (JSON-ready dicts; see the module doc)."""
    entries: list[tuple[str, dict[str, Any]]] = []
    patient_url = _full_url("patient")
    patient_ref = {"reference": patient_url}
    entries.append((patient_url, _patient(case)))
    primary_url = _full_url("primary-cancer-condition")
    entries.append((primary_url, _primary(case, patient_ref)))
    for level, seen_in in involved_levels(case).items():
        entries.append((_full_url(f"secondary-cancer-condition/{level}"),
                        _secondary(case, level, seen_in, patient_ref, primary_url)))
    n = 0
    for _day, event in case.ordered_events():
        if isinstance(event, Performance):
            for obs in _performance(case, event, patient_ref):
                n += 1
                entries.append((_full_url(f"performance-status/{n}"), obs))
    for _url, resource in entries:
        if not resource.get("extension"):
            resource.pop("extension", None)
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"fullUrl": url, "resource": resource} for url, resource in entries],
    }
