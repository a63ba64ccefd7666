"""The mCODE profile constraints SpineMet checks on every exported bundle (``terminology/profile_rules.yaml``,
from the guide's FSH): every example and published case keeps them, and breaking each kind of rule in a real
bundle gives a located message naming the profile and its FSH file."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from spinemet.fhir import bundle_problems
from spinemet.fhir.terminology import profile_rules
from spinemet.io.casefile import load_case
from spinemet.service.fhir_export import _bundle, export_bundle

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
PUBLISHED = sorted((ROOT / "tests" / "cases" / "published").glob("*/case.yaml"))
BREAST = ROOT / "examples" / "synthetic-breast-multilevel-visceral.yaml"
STORY = ROOT / "examples" / "story-lung-net-t6.yaml"
MCODE = "http://hl7.org/fhir/us/mcode/StructureDefinition/"
MCODE_COMMIT = "543477b5585f2dcc717820a2bea141ea85f03012"  # HL7/fhir-mCODE-ig, as in codes.yaml


def _index(bundle: dict[str, Any], profile: str) -> int:
    return next(i for i, e in enumerate(bundle["entry"])
                if MCODE + profile in e["resource"].get("meta", {}).get("profile", []))


def _broken(profile: str, change: Any, path: Path = BREAST) -> tuple[int, list[str]]:
    bundle = copy.deepcopy(_bundle(load_case(path), True, None, "last"))
    i = _index(bundle, profile)
    change(bundle["entry"][i]["resource"], bundle)
    return i, bundle_problems(bundle)


@pytest.mark.parametrize("path", EXAMPLES + PUBLISHED, ids=lambda p: p.parent.name if p.name == "case.yaml" else p.stem)
def test_every_example_and_published_case_keeps_the_mcode_profile_rules(path: Path) -> None:
    assert bundle_problems(_bundle(load_case(path), True, None, "decision-points")) == []


def test_every_profile_a_bundle_claims_has_its_rules_with_their_fsh_source() -> None:
    from spinemet.fhir.terminology import profile

    claimed = {p for path in EXAMPLES + PUBLISHED
               for e in export_bundle(load_case(path))["entry"] for p in e["resource"].get("meta", {}).get("profile", [])}
    rules = profile_rules()
    assert claimed == {profile(key) for key in rules}
    assert all(r["source"].startswith("input/fsh/") for r in rules.values())
    text = (ROOT / "src" / "spinemet" / "fhir" / "terminology" / "profile_rules.yaml").read_text(encoding="utf-8")
    assert MCODE_COMMIT in text


def test_an_ecog_with_another_code_or_a_quantity_value_breaks_its_profile() -> None:
    def change(res: dict[str, Any], _b: dict[str, Any]) -> None:
        res["code"] = {"coding": [{"system": "http://loinc.org", "code": "89243-0"}]}
        res["valueQuantity"] = {"value": res.pop("valueInteger")}

    i, problems = _broken("mcode-ecog-performance-status", change)
    assert problems == [
        f"entry[{i}].resource.code: the mCODE profile mcode-ecog-performance-status fixes code "
        "http://loinc.org|89247-1 (input/fsh/SD_PerformanceStatus.fsh)",
        f"entry[{i}].resource.valueQuantity: the mCODE profile mcode-ecog-performance-status allows value[x] only "
        "as valueInteger (input/fsh/SD_PerformanceStatus.fsh)"]


def test_an_ecog_without_subject_breaks_subject_1_1() -> None:
    i, problems = _broken("mcode-ecog-performance-status", lambda res, _b: res.pop("subject"))
    assert problems == [f"entry[{i}].resource.subject: required by the mCODE profile mcode-ecog-performance-status "
                        "(input/fsh/SD_PerformanceStatus.fsh)"]


def test_a_surgery_without_reason_breaks_mcode_reason_required() -> None:
    i, problems = _broken("mcode-cancer-related-surgical-procedure", lambda res, _b: res.pop("reasonReference"), STORY)
    assert problems == [f"entry[{i}].resource: mcode-reason-required: one of reasonCode or reasonReference SHALL "
                        "be present"]


def test_a_secondary_condition_whose_related_primary_is_the_patient_breaks_its_profile() -> None:
    def change(res: dict[str, Any], bundle: dict[str, Any]) -> None:
        related = next(x for x in res["extension"] if x["url"].endswith("condition-related"))
        related["valueReference"] = {"reference": bundle["entry"][0]["fullUrl"]}  # the Patient

    i, problems = _broken("mcode-secondary-cancer-condition", change)
    assert problems == [f"entry[{i}].resource.extension[0].valueReference: relatedPrimaryCancerCondition only "
                        "Reference(PrimaryCancerCondition) (input/fsh/SD_Condition.fsh)"]


def test_a_radiotherapy_volume_without_description_and_a_dose_in_gy_break_their_profiles() -> None:
    bundle = copy.deepcopy(_bundle(load_case(BREAST), True, None, "last"))
    volume = _index(bundle, "mcode-radiotherapy-volume")
    bundle["entry"][volume]["resource"].pop("description")
    course = _index(bundle, "mcode-radiotherapy-course-summary")
    resource = bundle["entry"][course]["resource"]
    dose_ext = next(n for n, x in enumerate(resource["extension"]) if x["url"].endswith("dose-delivered-to-volume"))
    parts = resource["extension"][dose_ext]["extension"]
    dose_part = next(n for n, p in enumerate(parts) if p["url"] == "totalDoseDelivered")
    parts[dose_part]["valueQuantity"]["code"] = "Gy"
    assert bundle_problems(bundle) == [
        f"entry[{course}].resource.extension[{dose_ext}].extension[{dose_part}].valueQuantity: totalDoseDelivered "
        "is fixed to UCUM cGy",
        f"entry[{volume}].resource: mcode-description-or-id-required: one of description or identifier MUST be present"]


def test_a_disease_status_with_a_period_breaks_effective_only_datetime() -> None:
    bundle = copy.deepcopy(export_bundle(load_case(STORY)))
    i = _index(bundle, "mcode-cancer-disease-status")
    bundle["entry"][i]["resource"]["effectivePeriod"] = {"start": "2020-01-01"}
    assert bundle_problems(bundle) == [
        f"entry[{i}].resource.effectivePeriod: the mCODE profile mcode-cancer-disease-status allows effective[x] only "
        "as effectiveDateTime (input/fsh/SD_DiseaseStatus.fsh)"]
