"""A case as a FHIR R4 ``Bundle`` (type ``collection``) following mCODE, as plain JSON data.

Pure core (no I/O). The bundle carries the whole case, every fact in a FHIR element where FHIR or
mCODE has one and the rest in SpineMet's detail extension (:mod:`spinemet.fhir.common`), so that
:func:`spinemet.fhir.importer.read_bundle` gives back the same case. The researcher's bundle is the
bundle of the de-identified case (the service de-identifies first, by its allow-list): then no name,
no date, no free text is in it.

What one case becomes (mCODE 4.0.0 profiles, URLs in ``terminology/codes.yaml``):

- ``Bundle.identifier``: the case id (the research id in a researcher's bundle);
- one ``Patient`` (mCODE Cancer Patient): gender, year of birth, ``deceased``; the case's own fields
  (title, source, index date) in its detail extension;
- one ``Condition`` for the primary tumour (mCODE Primary Cancer Condition), coded with the case
  file's primary-site key in SpineMet's primary-site code system, the stage in ``stage.summary``;
- one ``Condition`` per **involved vertebra** (mCODE Secondary Cancer Condition, derived): a level
  named by a confirmed imaging finding; ``bodySite`` is the vertebra's SNOMED CT code (DICOM CID 7603,
  CID 4031 for the sacrum and coccyx), ``code`` ICD-10-CM C79.51, pointing at the primary with the
  ``condition-related`` extension;
- each timeline event as its resources (:mod:`spinemet.fhir.events_out`);
- recurrence, progression and response at a level (stated in a finding, or concluded by the course
  analysis) as mCODE Cancer Disease Status (LOINC 97509-4, derived), ``focus`` = that vertebra's
  secondary condition (:mod:`spinemet.fhir.disease_status`);
- every instrument result of the assessment as a coded Observation (:mod:`spinemet.fhir.scores`): of the
  last day, and of each earlier decision point the caller assessed (one Observation per instrument and
  day; full URL ``score/<day>/<instrument>``, stable and unique).

Findings stated as probable or possible, regions without a level and diffuse disease make no vertebra
condition (a doubted lesion is no diagnosis); a condition's ``clinicalStatus`` is left out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from spinemet.anatomy import Level
from spinemet.case import Case
from spinemet.case.events import Death, Imaging
from spinemet.case.vocab_disease import Certainty
from spinemet.fhir import terminology as term
from spinemet.fhir.common import (
    BASE,
    DAYS_SINCE_INDEX,
    days_extension,
    detail_extension,
    ext,
    full_url,
    meta,
    sm,
)
from spinemet.fhir.disease_status import course_status_observations, status_observations
from spinemet.fhir.events_out import Context, encode_event
from spinemet.fhir.scores import score_entries

__all__ = ["CASE_ID_SYSTEM", "DAYS_SINCE_INDEX", "case_bundle", "involved_levels"]

#: Bundle.identifier system of the case id
CASE_ID_SYSTEM = f"{BASE}/case-id"
#: the case-level fields the Patient's and the primary's elements carry
PATIENT_CONSUMED = frozenset({"sex", "year_of_birth", "pseudonym"})
PRIMARY_CONSUMED = frozenset({"site", "stage", "diagnosis_day", "diagnosis_date"})


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
    data = case.patient.model_dump(mode="json", exclude_none=True)
    patient: dict[str, Any] = {"resourceType": "Patient", "meta": meta("cancer_patient")}
    case_fields = case.model_dump(mode="json", exclude_none=True, exclude={"id", "patient", "primary", "timeline"})
    residual = {k: v for k, v in data.items() if k not in PATIENT_CONSUMED}
    patient["extension"] = [detail_extension({"case": case_fields, "patient": residual})]
    if case.patient.pseudonym is not None:
        patient["identifier"] = [{"system": f"{BASE}/pseudonym", "value": case.patient.pseudonym}]
    patient["gender"] = case.patient.sex.value if case.patient.sex is not None else "unknown"
    if case.patient.year_of_birth is not None:
        patient["birthDate"] = f"{case.patient.year_of_birth:04d}"
    death = next((e for e in case.timeline if isinstance(e, Death)), None)
    if death is not None:
        if death.date is not None:
            patient["deceasedDateTime"] = death.date.isoformat()
        else:
            patient["deceasedBoolean"] = True
    return patient


def _primary(case: Case, patient_ref: dict[str, str]) -> dict[str, Any]:
    p = case.primary
    data = p.model_dump(mode="json", exclude_none=True)
    condition: dict[str, Any] = {
        "resourceType": "Condition", "meta": meta("primary_cancer_condition"),
        "extension": [detail_extension({k: v for k, v in data.items() if k not in PRIMARY_CONSUMED}),
                      *days_extension(None, p.diagnosis_day)],
        "category": [{"coding": [term.code("problem_list_item").as_fhir()]}],
        "code": {"coding": [{"system": term.spinemet_system("primary_site"), "code": p.site.value}]},
        "subject": patient_ref,
    }
    if p.diagnosis_date is not None:
        condition["onsetDateTime"] = p.diagnosis_date.isoformat()
    if p.stage is not None:
        condition["stage"] = [{"summary": {"coding": [sm("stage", p.stage.value)]}}]
    # ICD-O-3 morphology only where a key of the record names one verified code (terminology/icdo3.yaml);
    # derived from the keys, so the import reads the keys back, not this
    classification = p.neuroendocrine.classification if p.neuroendocrine is not None else None
    morphology = term.icdo3_morphology(classification.value if classification is not None else None, p.site.value)
    if morphology is not None:
        condition["extension"].append(ext(term.extension("histology_morphology_behavior"),
                                          valueCodeableConcept={"coding": [morphology.as_fhir()]}))
    return condition


def _secondary(case: Case, level: Level, seen_in: Imaging, patient_ref: dict[str, str],
               primary_url: str) -> dict[str, Any]:
    # the text keeps the level where the code names only the region (a sacral segment is "Sacrum")
    coding, _whole_region = term.vertebra(level)
    codings = [coding.as_fhir()]
    topography = term.icdo3_topography(level)  # mCODE's cancer body location may also be ICD-O-3 topography
    if topography is not None:
        codings.append(topography.as_fhir())
    body_site: dict[str, Any] = {"coding": codings, "text": str(level)}
    return {
        "resourceType": "Condition",
        "meta": meta("secondary_cancer_condition", derived=True),
        "extension": [ext(term.extension("condition_related"), valueReference={"reference": primary_url}),
                      *days_extension(case.interval_of(seen_in), seen_in.day)],
        "verificationStatus": {"coding": [term.code("confirmed").as_fhir()]},
        "category": [{"coding": [term.code("problem_list_item").as_fhir()]}],
        "code": {"coding": [term.code("secondary_bone").as_fhir()]},
        "bodySite": [body_site],
        "subject": patient_ref,
    }


def case_bundle(case: Case, results: Sequence[Mapping[str, Any]] = (), assessed_day: int | None = None,
                identified: bool = True, course_events: Sequence[Mapping[str, Any]] = (),
                earlier: Sequence[tuple[int, Sequence[Mapping[str, Any]]]] = ()) -> dict[str, Any]:
    """The FHIR R4 collection bundle of ``case`` (JSON-ready dicts; see the module doc).

    ``results`` are the assessment's instrument results (``Result.as_dict()``) on ``assessed_day``,
    ``earlier`` the results of the assessments on earlier days (day, results; the decision points),
    ``course_events`` the course analysis's events (``CourseEvent.as_dict()``);
    ``identified`` False leaves the pseudonym out (the researcher's bundle of a de-identified case).
    """
    entries: list[tuple[str, dict[str, Any]]] = []
    patient_url = full_url("patient")
    patient_ref = {"reference": patient_url}
    patient = _patient(case)
    if not identified:
        patient.pop("identifier", None)
    entries.append((patient_url, patient))
    primary_url = full_url("primary-cancer-condition")
    entries.append((primary_url, _primary(case, patient_ref)))
    ctx = Context(case, identified, patient_ref, {"reference": primary_url})
    for level, seen_in in involved_levels(case).items():
        url = full_url(f"secondary-cancer-condition/{level}")
        ctx.conditions[level] = url
        entries.append((url, _secondary(case, level, seen_in, patient_ref, primary_url)))
    for index, event in enumerate(case.timeline):
        entries.extend(encode_event(ctx, event, index))
    entries.extend(status_observations(ctx))
    entries.extend(course_status_observations(ctx, course_events))
    last = assessed_day if assessed_day is not None else 0
    scored = [(day, day_results) for day, day_results in sorted(earlier, key=lambda e: e[0]) if day != last]
    for day, day_results in [*scored, (last, results)]:
        date = case.date_of_day(day)
        when = date.isoformat() if date is not None else None
        for result in day_results:
            entries.extend(score_entries(result, day, patient_ref, when))
    for _url, resource in entries:
        if not resource.get("extension"):
            resource.pop("extension", None)
    bundle: dict[str, Any] = {"resourceType": "Bundle"}
    bundle["identifier"] = {"system": CASE_ID_SYSTEM, "value": case.id}
    bundle["type"] = "collection"
    bundle["entry"] = [{"fullUrl": url, "resource": resource} for url, resource in entries]
    return bundle
