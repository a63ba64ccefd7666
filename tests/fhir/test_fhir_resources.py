"""One test per resource kind: the codes each carries, checked against the sources named in
``terminology/codes.yaml`` (mCODE 4.0.0 FSH files) and the case the bundle was exported from."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from spinemet.io.casefile import load_case
from spinemet.service.fhir_export import export_bundle

ROOT = Path(__file__).resolve().parents[2]
STORY = ROOT / "examples" / "story-lung-net-t6.yaml"
BREAST = ROOT / "examples" / "synthetic-breast-multilevel-visceral.yaml"
MCODE = "http://hl7.org/fhir/us/mcode/StructureDefinition/"
SM = "https://spinemet.org/fhir/"


def _tagged(bundle: dict[str, Any], event_type: str) -> list[dict[str, Any]]:
    tag = {"system": SM + "CodeSystem/event-type", "code": event_type}
    return [e["resource"] for e in bundle["entry"] if tag in e["resource"].get("meta", {}).get("tag", [])]


def _profiled(bundle: dict[str, Any], profile: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if MCODE + profile in e["resource"].get("meta", {}).get("profile", [])]


def _resolve(bundle: dict[str, Any], ref: str) -> dict[str, Any]:
    return next(e["resource"] for e in bundle["entry"] if e["fullUrl"] == ref)


def test_story_recurrence_mri_finding_is_t6_snomed_45296009_with_escc_3() -> None:
    bundle = export_bundle(load_case(STORY))
    imaging = _tagged(bundle, "imaging")
    assert [i["method"]["coding"][0]["code"] for i in imaging] == ["mri", "mri", "mri"]
    finding = _resolve(bundle, imaging[1]["hasMember"][0]["reference"])  # day 28
    assert finding["bodySite"]["coding"][0] == {"system": "http://snomed.info/sct", "code": "45296009",
                                                "display": "T6 vertebra"}
    items = {c["code"]["coding"][0]["code"]: c["valueCodeableConcept"]["coding"][0] for c in finding["component"]}
    assert items["escc"] == {"system": SM + "CodeSystem/escc", "code": "3"}
    assert items["level"]["code"] == "45296009"


def test_story_surgery_is_an_mcode_surgical_procedure_with_t6_treated_and_t3_t8_fixed() -> None:
    bundle = export_bundle(load_case(STORY))
    (surgery,) = _tagged(bundle, "surgery")
    assert surgery["meta"]["profile"] == [MCODE + "mcode-cancer-related-surgical-procedure"]
    roles = [(s["extension"][0]["valueCode"], s["coding"][0]["code"]) for s in surgery["bodySite"]]
    # T6 treated; T3..T8 fixed (DICOM CID 7603 codes: T3 1626008 ... T8 11068009)
    assert roles == [("treated", "45296009"), ("fixation", "1626008"), ("fixation", "73071006"),
                     ("fixation", "56401006"), ("fixation", "45296009"), ("fixation", "62487009"),
                     ("fixation", "11068009")]
    (secondary,) = _profiled(bundle, "mcode-secondary-cancer-condition")
    assert _resolve(bundle, surgery["reasonReference"][0]["reference"]) == secondary


def test_radiotherapy_is_an_mcode_course_summary_with_the_dose_in_cgy_per_vertebra_volume() -> None:
    bundle = export_bundle(load_case(BREAST))  # 20 Gy in 5 fractions to T4
    (rt,) = _tagged(bundle, "radiotherapy")
    assert rt["meta"]["profile"] == [MCODE + "mcode-radiotherapy-course-summary"]
    assert rt["code"]["coding"][0]["code"] == "1217123003"  # SD_Radiotherapy.fsh
    (dose,) = [e for e in rt["extension"] if e["url"] == MCODE + "mcode-radiotherapy-dose-delivered-to-volume"]
    parts = {p["url"]: p for p in dose["extension"]}
    assert parts["totalDoseDelivered"]["valueQuantity"] == {"value": 2000, "unit": "cGy",
                                                            "system": "http://unitsofmeasure.org", "code": "cGy"}
    assert parts["fractionsDelivered"]["valueUnsignedInt"] == 5
    volume = _resolve(bundle, parts["volume"]["valueReference"]["reference"])
    assert volume["resourceType"] == "BodyStructure"
    assert volume["meta"]["profile"] == [MCODE + "mcode-radiotherapy-volume"]
    assert volume["location"]["coding"][0]["code"] == "73071006"  # T4


def test_story_recurrence_and_response_are_cancer_disease_status_loinc_97509_4_at_t6() -> None:
    bundle = export_bundle(load_case(STORY))
    statuses = _profiled(bundle, "mcode-cancer-disease-status")
    (secondary,) = _profiled(bundle, "mcode-secondary-cancer-condition")
    secondary_url = next(e["fullUrl"] for e in bundle["entry"] if e["resource"] is secondary)
    seen = []
    for s in statuses:
        assert s["code"]["coding"][0]["code"] == "97509-4"
        assert s["focus"] == [{"reference": secondary_url}]
        day = next(e["valueInteger"] for e in s["extension"] if e["url"].endswith("days-since-index"))
        certainty = next(e["valueCode"] for e in s["extension"] if e["url"].endswith("certainty"))
        seen.append((day, s["valueCodeableConcept"]["coding"][0]["code"], certainty))
    # early recurrence on day 28 (probable: read from the findings), complete response on day 90
    assert seen == [(28, "271299001", "probable"), (90, "268910001", "definite")]


@pytest.mark.parametrize("path", [BREAST, STORY])
def test_every_instrument_result_is_an_observation_with_components_citation_and_verification(path: Path) -> None:
    """Against the assessment (``assess``): total or range, points, and for an unknown item the answers still
    possible (the story's ESCC grade 0-1c, the breast case's KPS 70 or 80 converted from ECOG)."""
    from spinemet.assessment import assess

    case = load_case(path)
    results = {r.instrument: r for r in assess(case).instruments}
    bundle = export_bundle(case)
    observations = {c["code"]: e["resource"] for e in bundle["entry"]
                    for c in e["resource"].get("code", {}).get("coding", []) if c["system"] == SM + "CodeSystem/instrument"}
    assert set(observations) == set(results)
    for key, obs in observations.items():
        result = results[key]
        ext = {e["url"].rsplit("/", 1)[1]: e for e in obs["extension"]}
        assert ext["verification-status"]["valueCode"] == result.verification
        assert {p["url"]: p["valueString"] for p in ext["citation"]["extension"]} == {
            k: v for k, v in result.citation.items() if v}
        if result.not_applicable:
            assert obs["dataAbsentReason"]["coding"][0]["code"] == "not-applicable"
            continue
        if result.total is not None:
            assert obs["valueInteger"] == result.total
        elif result.min_total is not None:
            assert obs["valueRange"] == {"low": {"value": result.min_total}, "high": {"value": result.max_total}}
        points = [next((x["valueInteger"] for x in c.get("extension", []) if x["url"].endswith("item-points")), None)
                  for c in obs.get("component", [])]
        assert points == [c.points for c in result.components]
        possible = [[x["valueCoding"]["code"] for x in c.get("extension", []) if x["url"].endswith("possible-answer")]
                    for c in obs.get("component", [])]
        assert possible == [list(c.candidates) for c in result.components]
        for comp, c in zip(obs.get("component", []), result.components, strict=True):
            assert ("valueCodeableConcept" in comp) is (c.answer is not None)
            assert ("dataAbsentReason" in comp) is (c.answer is None)
    if path == BREAST:  # ECOG stated there; LOINC 89247-1 from codes.yaml
        ecog = observations["ecog"]
        assert {"system": "http://loinc.org", "code": "89247-1", "display": "ECOG Performance Status score"} in \
            ecog["code"]["coding"]


def test_systemic_therapy_is_a_medication_statement_coded_with_its_drug_class() -> None:
    case = load_case(BREAST)
    bundle = export_bundle(case)
    given = [e.drug_class.value for e in case.timeline if e.type == "systemic_therapy" and e.drug_class]  # type: ignore[attr-defined]
    statements = _tagged(bundle, "systemic_therapy")
    assert given and [s["medicationCodeableConcept"]["coding"][0]["code"] for s in statements] == given
    assert all(s["resourceType"] == "MedicationStatement" for s in statements)


def test_the_exported_scores_and_course_are_those_of_the_assessment() -> None:
    from spinemet.assessment import assess
    from spinemet.service.fhir_export import _scores

    for path in sorted([*ROOT.glob("examples/*.yaml"), *ROOT.glob("tests/cases/published/*/case.yaml")])[:12]:
        case = load_case(path)
        assessment = assess(case)
        assert _scores(case) == (assessment.day, [r.as_dict() for r in assessment.instruments],
                                 [e.as_dict() for e in assessment.course.events])
