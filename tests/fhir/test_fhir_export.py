"""The case as a FHIR R4 / mCODE bundle: structure (the FHIR resource models of ``fhir.resources``),
SpineMet's invariants, the codes per resource kind, and de-identification."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle

from spinemet.case import Case
from spinemet.fhir import DAYS_SINCE_INDEX, bundle_problems, case_bundle
from spinemet.io.casefile import load_case
from spinemet.service.fhir_export import export_bundle

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
STORY = EXAMPLES / "story-lung-net-t6.yaml"
BREAST = EXAMPLES / "synthetic-breast-multilevel-visceral.yaml"
RCC = EXAMPLES / "synthetic-rcc-t12-unstable.yaml"
MCODE = "http://hl7.org/fhir/us/mcode/StructureDefinition/"


def _resources(bundle: dict[str, Any], profile: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if MCODE + profile in e["resource"].get("meta", {}).get("profile", [])]


def _case(path: Path, **changes: Any) -> Case:
    case = load_case(path)
    return case.model_validate({**case.model_dump(mode="json", exclude_none=True), **changes})


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_example_bundle_parses_as_fhir_r4b_resources_and_keeps_spinemet_invariants(path: Path) -> None:
    bundle = export_bundle(load_case(path))
    parsed = Bundle.model_validate(bundle)  # raises on a wrong element, type or cardinality
    assert parsed.type == "collection"
    assert len(parsed.entry or []) == len(bundle["entry"])
    assert bundle_problems(bundle) == []


def test_story_case_t6_becomes_one_secondary_condition_coded_snomed_45296009() -> None:
    bundle = export_bundle(load_case(STORY))
    (secondary,) = _resources(bundle, "mcode-secondary-cancer-condition")
    (site,) = secondary["bodySite"]
    assert site["coding"] == [{"system": "http://snomed.info/sct", "code": "45296009", "display": "T6 vertebra"},
                              {"system": "http://terminology.hl7.org/CodeSystem/icd-o-3", "code": "C41.2",
                               "display": "Vertebral column"}]
    assert site["text"] == "T6"
    assert secondary["code"]["coding"][0]["code"] == "C79.51"
    # the T6 lesion resolved on day 90: no "active" status is claimed while disease status is not mapped
    assert "clinicalStatus" not in secondary
    # first seen on the presentation MRI, day 0
    assert {"url": DAYS_SINCE_INDEX, "valueInteger": 0} in secondary["extension"]


def test_secondary_conditions_point_at_the_primary_and_the_patient() -> None:
    bundle = export_bundle(load_case(BREAST))
    urls = {e["resource"]["resourceType"] + "/" + e["resource"]["meta"]["profile"][0].rsplit("/", 1)[1]: e["fullUrl"]
            for e in bundle["entry"] if e["resource"].get("meta", {}).get("profile")}
    primary_url = urls["Condition/mcode-primary-cancer-condition"]
    patient_url = urls["Patient/mcode-cancer-patient"]
    secondaries = _resources(bundle, "mcode-secondary-cancer-condition")
    assert [s["bodySite"][0]["text"] for s in secondaries] == ["T4", "T9", "L2"]
    for s in secondaries:
        related = [x for x in s["extension"] if x["url"] == "http://hl7.org/fhir/StructureDefinition/condition-related"]
        assert related == [{"url": "http://hl7.org/fhir/StructureDefinition/condition-related",
                            "valueReference": {"reference": primary_url}}]
        assert s["subject"] == {"reference": patient_url}


def test_a_span_finding_makes_one_condition_per_level_and_a_possible_lesion_none() -> None:
    case = _case(STORY, timeline=[
        {"type": "imaging", "day": 3, "findings": [{"span": "L5-S2"}, {"level": "C1", "certainty": "possible"}]},
    ])
    secondaries = _resources(case_bundle(case), "mcode-secondary-cancer-condition")
    assert [(s["bodySite"][0]["text"], s["bodySite"][0]["coding"][0]["code"]) for s in secondaries] == [
        ("L5", "49668003"), ("S1", "54735007"), ("S2", "54735007")]


def test_ecog_observation_is_loinc_89247_1_with_the_recorded_grade() -> None:
    bundle = export_bundle(load_case(BREAST))
    (ecog,) = _resources(bundle, "mcode-ecog-performance-status")
    assert ecog["code"]["coding"][0]["system"] == "http://loinc.org"
    assert ecog["code"]["coding"][0]["code"] == "89247-1"
    assert ecog["valueInteger"] == 1
    assert ecog["status"] == "final"


def test_karnofsky_observation_is_loinc_89243_0_with_the_recorded_score_and_day() -> None:
    bundle = export_bundle(load_case(RCC))
    (kps,) = _resources(bundle, "mcode-karnofsky-performance-status")
    assert kps["code"]["coding"][0]["code"] == "89243-0"
    assert kps["valueInteger"] == 70
    assert {"url": DAYS_SINCE_INDEX, "valueInteger": 0} in kps["extension"]


def test_researchers_patient_is_the_mcode_cancer_patient_with_gender_and_no_identifier_or_birth_year() -> None:
    case = load_case(BREAST)
    assert case.patient.pseudonym and case.patient.year_of_birth  # the case file has both
    bundle = export_bundle(case, research_id="r-0001")
    (patient,) = _resources(bundle, "mcode-cancer-patient")
    assert patient["gender"] == "female"
    assert "identifier" not in patient and "birthDate" not in patient
    assert bundle["identifier"]["value"] == "r-0001"


def test_clinicians_patient_carries_the_pseudonym_and_year_of_birth_of_the_case_file() -> None:
    case = load_case(BREAST)
    (patient,) = _resources(export_bundle(case), "mcode-cancer-patient")
    assert patient["identifier"] == [{"system": "https://spinemet.org/fhir/pseudonym", "value": case.patient.pseudonym}]
    assert patient["birthDate"] == f"{case.patient.year_of_birth:04d}"


def test_primary_condition_is_coded_with_the_case_files_primary_site_key() -> None:
    bundle = export_bundle(load_case(STORY))
    (primary,) = _resources(bundle, "mcode-primary-cancer-condition")
    assert primary["code"]["coding"] == [{"system": "https://spinemet.org/fhir/CodeSystem/primary-site",
                                          "code": "lung_other"}]


def test_researchers_bundle_carries_no_pseudonym_date_birth_year_or_free_text() -> None:
    case = load_case(BREAST)
    text = json.dumps(export_bundle(case, research_id="r-0001"))
    assert case.patient.pseudonym and case.patient.pseudonym not in text
    assert "2024" not in text and "1961" not in text  # the case's dates and year of birth
    assert case.id not in text
    story = load_case(STORY)
    story_text = json.dumps(export_bundle(story, research_id="r-0002"))
    words = [story.primary.histology, *(e.note for e in story.timeline if e.note)]
    assert len(words) > 3 and all(w and w not in story_text for w in words)  # histology words, notes
    # the clinician's bundle is the whole case: the same words are there
    clinician_text = json.dumps(export_bundle(story), ensure_ascii=False)
    assert all(w and w in clinician_text for w in words)


def test_a_day_known_only_as_a_range_is_exported_as_a_range_of_days() -> None:
    case = _case(STORY, timeline=[{"type": "imaging", "day_range": {"earliest": 7, "latest": 13},
                                   "findings": [{"level": "T6"}]}])
    (secondary,) = _resources(case_bundle(case), "mcode-secondary-cancer-condition")
    (days,) = [x for x in secondary["extension"] if x["url"] == DAYS_SINCE_INDEX]
    assert days["valueRange"]["low"]["value"] == 7 and days["valueRange"]["high"]["value"] == 13


def test_invariants_catch_a_broken_reference_and_a_secondary_condition_without_vertebra_code() -> None:
    bundle = export_bundle(load_case(STORY))
    (secondary,) = _resources(bundle, "mcode-secondary-cancer-condition")
    secondary["subject"] = {"reference": "urn:uuid:00000000-0000-0000-0000-000000000000"}
    secondary["bodySite"] = [{"coding": [{"system": "http://snomed.info/sct", "code": "39607008"}]}]
    problems = bundle_problems(bundle)
    assert any(".subject.reference: 'urn:uuid:00000000" in p and "does not resolve" in p for p in problems)
    assert any(p.endswith("exactly one body site coded with a vertebra's SNOMED CT code") for p in problems)


def test_invariants_refuse_what_is_not_a_collection_bundle() -> None:
    assert bundle_problems({"resourceType": "Patient"}) == ["resourceType: 'Patient' is not allowed; allowed: Bundle"]
    assert bundle_problems({"resourceType": "Bundle", "type": "batch", "entry": []}) == [
        "type: 'batch' is not allowed; allowed: collection"]


@pytest.mark.parametrize("path", [STORY, BREAST, RCC], ids=lambda p: p.stem)
def test_a_deep_reference_broken_anywhere_is_located_by_the_invariants(path: Path) -> None:
    """The reference check's fast walk finds every reference the located walk finds: break each reference
    of the bundle in turn (``hasMember``, ``focus``, extension ``valueReference``, ``subject`` …) and the
    problem names exactly that element."""
    from spinemet.fhir.invariants import _references

    bundle = export_bundle(load_case(path))
    located = [(i, where, ref) for i, e in enumerate(bundle["entry"])
               for where, ref in _references(e["resource"], f"entry[{i}].resource")]
    assert len({where.rsplit(".", 2)[-2] for _i, where, _r in located}) >= 3  # several kinds of reference
    for i, where, _ref in located:
        broken = json.loads(json.dumps(bundle))
        target = broken["entry"][i]["resource"]
        steps = where.split(".")[2:]  # after entry[i].resource
        node: Any = target
        for step in steps[:-1]:
            name, _, index = step.partition("[")
            node = node[name]
            if index:
                node = node[int(index.rstrip("]"))]
        node[steps[-1]] = "urn:uuid:00000000-0000-0000-0000-000000000000"
        expected = [f"{where}: 'urn:uuid:00000000-0000-0000-0000-000000000000' does not resolve to an entry of "
                    "this bundle"]
        assert bundle_problems(broken) == expected
        # the bulk path reads the references from the written line: the same problem, located the same way
        assert bundle_problems(broken, json.dumps(broken, ensure_ascii=False, separators=(",", ":"))) == expected


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_the_references_read_from_the_json_text_are_those_of_the_resources(path: Path) -> None:
    from spinemet.fhir.invariants import _references, references_in_json

    bundle = export_bundle(load_case(path))
    walked = sorted(ref for e in bundle["entry"] for _w, ref in _references(e["resource"], ""))
    assert walked and sorted(references_in_json(json.dumps(bundle, ensure_ascii=False))) == walked
    assert sorted(references_in_json(json.dumps(bundle, indent=2))) == walked


def test_a_reference_written_inside_a_free_text_field_is_text_not_a_reference() -> None:
    """A title quoting a FHIR reference travels escaped inside the case-detail JSON string: not a reference."""
    from spinemet.service.fhir_export import ndjson_lines

    case = _case(STORY, title='copied from {"reference": "urn:uuid:nowhere"} and "reference":"x\\"')
    (line,) = list(ndjson_lines([case], scores=True))
    assert json.loads(line) == export_bundle(case)


def test_references_read_from_json_text_match_the_parsed_data_with_escapes_spaces_and_quoted_text() -> None:
    """The text scan (``str.find``, not a regex since the members made bundles longer) against the parsed
    data's walk: quotes and backslashes inside a reference, non-ASCII, spaces around the colon, a reference
    quoted inside free text (not one), a ``reference`` key whose value is not a string (not one)."""
    from spinemet.fhir.invariants import _references, references_in_json

    data = {"a": {"reference": 'urn:"q"\\x\\'}, "b": [{"reference": "Patient/é"}, {"reference": ""}],
            "note": 'copied {"reference": "urn:uuid:nowhere"} and "reference":"x\\"', "n": {"reference": 5},
            "c": {"display": "reference", "reference": "urn:uuid:1"}}
    walked = [ref for _where, ref in _references(data, "")]
    assert sorted(walked) == sorted(['urn:"q"\\x\\', "Patient/é", "", "urn:uuid:1"])
    for text in (json.dumps(data), json.dumps(data, indent=3), json.dumps(data, ensure_ascii=False, separators=(",", ":")),
                 json.dumps(data, separators=(" , ", " : "))):
        assert sorted(references_in_json(text)) == sorted(walked), text
