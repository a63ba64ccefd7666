"""Export -> import gives back the same case, field for field, and the same assessment: the story case,
every example and every case of the published development set (tests/cases/published/*/case.yaml).

The import reads each mapped field from its FHIR element (not from a copy of the case), so a mapping
that loses or changes a field fails here; the last tests show that by changing one element."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from spinemet.assessment import assess
from spinemet.case import Case, case_to_data
from spinemet.io.casefile import load_case
from spinemet.service.fhir_export import deidentified_case, export_bundle
from spinemet.service.fhir_import import read_bundle_data

ROOT = Path(__file__).resolve().parents[2]
CASES = sorted([*ROOT.glob("examples/*.yaml"), *ROOT.glob("examples/v2/*.yaml"),
                *ROOT.glob("tests/cases/published/*/case.yaml")])
STORY = ROOT / "examples" / "story-lung-net-t6.yaml"


def _round_trip(case: Case, **options: Any) -> tuple[Case, dict[str, Any], dict[str, Any]]:
    bundle = json.loads(json.dumps(export_bundle(case, **options)))  # as it travels: JSON text
    back, report = read_bundle_data(bundle)
    return back, report, bundle


def test_the_development_set_and_examples_are_all_here() -> None:
    assert len([p for p in CASES if "published" in p.parts]) >= 30
    assert STORY in CASES


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.parent.name if p.name == "case.yaml" else p.stem)
def test_export_then_import_gives_the_same_case_and_the_same_assessment(path: Path) -> None:
    case = load_case(path)
    back, report, bundle = _round_trip(case)
    assert case_to_data(back) == case_to_data(case)
    assert back == case
    assert assess(back).as_dict() == assess(case).as_dict()
    # every resource is accounted for: read back, or derived and recomputed; none unmapped
    assert report["not_mapped"] == []
    assert len(report["mapped"]) + len(report["derived"]) == len(bundle["entry"])


@pytest.mark.parametrize("path", [STORY, ROOT / "examples" / "synthetic-breast-multilevel-visceral.yaml"],
                         ids=lambda p: p.stem)
def test_the_researchers_bundle_imports_back_to_the_de_identified_case(path: Path) -> None:
    case = load_case(path)
    back, _report, _bundle = _round_trip(case, research_id="r-7f3a")
    assert case_to_data(back) == case_to_data(deidentified_case(case, "r-7f3a"))


def _event_resource(bundle: dict[str, Any], event_type: str) -> dict[str, Any]:
    return next(e["resource"] for e in bundle["entry"]
                if {"system": "https://spinemet.org/fhir/CodeSystem/event-type", "code": event_type}
                in e["resource"].get("meta", {}).get("tag", []))


def test_the_import_reads_the_fixation_span_from_the_procedures_body_sites() -> None:
    case = load_case(STORY)
    bundle = json.loads(json.dumps(export_bundle(case)))
    surgery = _event_resource(bundle, "surgery")
    fixation = [s for s in surgery["bodySite"] if s["extension"][0]["valueCode"] == "fixation"]
    assert [s["text"] for s in fixation] == ["T3", "T4", "T5", "T6", "T7", "T8"]  # the story's T3-T8
    surgery["bodySite"] = [s for s in surgery["bodySite"] if s["text"] != "T8"]  # one vertebra less
    back, _report = read_bundle_data(bundle)
    (op,) = [e for e in back.timeline if e.type == "surgery"]
    assert str(op.fixation_span) == "T3-T7"


def test_the_import_reads_the_radiotherapy_dose_from_the_mcode_dose_extension() -> None:
    case = load_case(ROOT / "examples" / "synthetic-breast-multilevel-visceral.yaml")
    bundle = json.loads(json.dumps(export_bundle(case)))
    rt = _event_resource(bundle, "radiotherapy")
    doses = [p for e in rt["extension"] if e["url"].endswith("mcode-radiotherapy-dose-delivered-to-volume")
             for p in e["extension"] if p["url"] == "totalDoseDelivered"]
    (original,) = [e for e in case.timeline if e.type == "radiotherapy"]
    assert doses and all(p["valueQuantity"]["value"] == original.dose_gy * 100 for p in doses)  # type: ignore[attr-defined]
    for p in doses:
        p["valueQuantity"]["value"] = 3000
    back, _report = read_bundle_data(bundle)
    (rt_back,) = [e for e in back.timeline if e.type == "radiotherapy"]
    assert rt_back.dose_gy == 30.0 != original.dose_gy  # type: ignore[attr-defined]
