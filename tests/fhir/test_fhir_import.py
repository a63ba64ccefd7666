"""``spinemet fhir import``: other systems' bundles (the mCODE guide's example resources, a partial
bundle) are mapped where the record has the field, the rest reported resource by resource; bad input
is a located message, exit 1, and no case file is written.

Test data and its source: tests/fhir/data/SOURCE.md."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from spinemet.cli import app
from spinemet.cli.app import _register
from spinemet.errors import ValidationFailed
from spinemet.io.casefile import load_case
from spinemet.service.fhir_export import export_bundle
from spinemet.service.fhir_import import read_bundle_data, read_bundle_text

DATA = Path(__file__).resolve().parent / "data"
STORY = Path(__file__).resolve().parents[2] / "examples" / "story-lung-net-t6.yaml"


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    _register()
    return CliRunner()


def _load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA / name).read_text(encoding="utf-8"))
    return data


def _by_resource(report: dict[str, Any], kind: str) -> dict[str, str]:
    return {item["resource"]: item.get("to") or item["reason"] for item in report[kind]}


def test_mcode_example_john_anyperson_maps_patient_primary_ecog_karnofsky_status_and_brain_metastasis() -> None:
    case, report = read_bundle_data(_load("mcode-john-anyperson.json"))
    assert case.patient.sex is not None and case.patient.sex.value == "male"
    assert case.patient.year_of_birth == 1951  # the year only of birthDate 1951-01-20
    assert case.primary.site.value == "lung_nsclc"  # SNOMED CT 254637007, listed in terminology/foreign.yaml
    by_type = {e.type: e for e in case.timeline}
    perf = [e for e in case.timeline if e.type == "performance"]
    assert {(e.ecog, e.kps) for e in perf} == {(0, None), (None, 90)}  # type: ignore[attr-defined]
    assert by_type["disease_burden"].brain_mets is True  # type: ignore[union-attr]
    outcome = by_type["outcome"]
    assert (outcome.aspect.value, outcome.change.value) == ("systemic_disease", "improved")  # type: ignore[union-attr]
    mapped = _by_resource(report, "mapped")
    assert "not imported: identifier, name" in mapped["Patient/cancer-patient-john-anyperson"]
    not_mapped = _by_resource(report, "not_mapped")
    assert set(not_mapped) == {"Practitioner/us-core-practitioner-kyle-anydoc",
                               "Procedure/cancer-related-surgical-procedure-lobectomy"}
    # nothing identifying reaches the case
    text = json.dumps(case.model_dump(mode="json"))
    assert "Anyperson" not in text and "m123" not in text and "555-555-5555" not in text


def test_mcode_example_jenny_m_reports_the_chest_wall_course_and_the_er_marker_as_not_mapped() -> None:
    case, report = read_bundle_data(_load("mcode-jenny-m.json"))
    assert (case.primary.site.value, case.primary.laterality.value) == ("breast", "left")  # type: ignore[union-attr]
    assert case.timeline == []  # no spinal radiotherapy, no mapped marker: nothing invented
    not_mapped = _by_resource(report, "not_mapped")
    assert "no vertebra among its volumes" in not_mapped["Procedure/radiotherapy-treatment-summary-other-with-text"]
    assert "85337-4" in not_mapped["Observation/tumor-marker-test-er-jenny-m"]
    assert {"BodyStructure/jenny-m-chest-wall-treatment-volume",
            "BodyStructure/jenny-m-chest-wall-lymph-nodes-treatment-volume"} <= set(not_mapped)
    # every entry is accounted for
    assert len(report["mapped"]) + len(report["not_mapped"]) == len(_load("mcode-jenny-m.json")["entry"])


def test_a_partial_bundle_gives_a_t6_finding_and_the_ecog_with_their_dates() -> None:
    case, report = read_bundle_data(_load("partial-t6-ecog.json"))
    assert case.primary.site.value == "unknown"
    assert any("no mCODE primary cancer condition" in n for n in report["notes"])
    (perf,) = [e for e in case.timeline if e.type == "performance"]
    (imaging,) = [e for e in case.timeline if e.type == "imaging"]
    assert perf.ecog == 2 and case.day_of(perf) == 0  # type: ignore[attr-defined]
    (finding,) = imaging.findings  # type: ignore[attr-defined]
    assert str(finding.level) == "T6" and case.day_of(imaging) == 1
    assert str(case.index_date) == "2026-03-01"


def test_cli_import_writes_the_case_file_and_lists_what_was_not_mapped(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "john.yaml"
    result = runner.invoke(app, ["fhir", "import", str(DATA / "mcode-john-anyperson.json"), "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert load_case(out).primary.site.value == "lung_nsclc"
    assert "not mapped: entry[7] Procedure/cancer-related-surgical-procedure-lobectomy" in result.stdout


def test_cli_export_then_import_gives_the_story_case_back(runner: CliRunner, tmp_path: Path) -> None:
    bundle, back = tmp_path / "story.json", tmp_path / "story.yaml"
    assert runner.invoke(app, ["fhir", "export", str(STORY), "-o", str(bundle)]).exit_code == 0
    result = runner.invoke(app, ["fhir", "import", str(bundle), "-o", str(back)])
    assert result.exit_code == 0, result.output
    assert load_case(back) == load_case(STORY)


# ------------------------------------------------------------------ bad input

def _story_bundle() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(json.dumps(export_bundle(load_case(STORY))))
    return data


def _entry(bundle: dict[str, Any], pred: Any) -> tuple[int, dict[str, Any]]:
    return next((i, e["resource"]) for i, e in enumerate(bundle["entry"]) if pred(e["resource"]))


def _secondary(r: dict[str, Any]) -> bool:
    return "mcode-secondary-cancer-condition" in str(r.get("meta"))


def _finding(r: dict[str, Any]) -> bool:
    return "imaging_finding" in str(r.get("meta")) and "component" in r


def _broken_reference(b: dict[str, Any]) -> str:
    i, res = _entry(b, _secondary)
    res["subject"] = {"reference": "urn:uuid:00000000-0000-0000-0000-000000000000"}
    return f"entry[{i}].resource.subject.reference"


def _unknown_type(b: dict[str, Any]) -> str:
    b["entry"].append({"fullUrl": "urn:uuid:1", "resource": {"resourceType": "Vertebra"}})
    return f"entry[{len(b['entry']) - 1}].resource.resourceType"


def _unknown_system(b: dict[str, Any]) -> str:
    i, res = _entry(b, _finding)
    res["component"][0]["valueCodeableConcept"]["coding"][0]["system"] = "http://example.org/vertebrae"
    return f"entry[{i}].resource.component[0].valueCodeableConcept.coding[0].system"


def _no_such_vertebra(b: dict[str, Any]) -> str:
    i, res = _entry(b, _finding)
    res["component"][0]["valueCodeableConcept"]["coding"][0]["code"] = "999999999"
    return f"entry[{i}].resource.component[0].valueCodeableConcept.coding[0].code"


def _not_a_bundle(b: dict[str, Any]) -> str:
    b["resourceType"] = "Patient"
    return "resourceType"


@pytest.mark.parametrize("spoil", [_broken_reference, _unknown_type, _unknown_system, _no_such_vertebra,
                                   _not_a_bundle], ids=lambda f: f.__name__.strip("_"))
def test_bad_bundles_are_refused_with_the_entry_and_element_path(spoil: Any, runner: CliRunner,
                                                                  tmp_path: Path) -> None:
    bundle = _story_bundle()
    where = spoil(bundle)
    with pytest.raises(ValidationFailed) as caught:
        read_bundle_data(bundle)
    assert where in [p.location for p in caught.value.problems], caught.value
    path, out = tmp_path / "bad.json", tmp_path / "case.yaml"
    path.write_text(json.dumps(bundle), encoding="utf-8")
    result = runner.invoke(app, ["fhir", "import", str(path), "--output", str(out)])
    assert result.exit_code == 1
    assert where in result.stderr and "Traceback" not in result.output
    assert not out.exists()  # nothing written


def test_text_that_is_not_json_is_refused_with_line_and_column(runner: CliRunner, tmp_path: Path) -> None:
    with pytest.raises(ValidationFailed) as caught:
        read_bundle_text('{"resourceType": "Bundle",\n  "entry": [}')
    (problem,) = caught.value.problems
    assert problem.location == "line 2, column 13" and "not JSON" in problem.message
    path = tmp_path / "bad.json"
    path.write_text("not json", encoding="utf-8")
    result = runner.invoke(app, ["fhir", "import", str(path)])
    assert result.exit_code == 1 and "not JSON" in result.stderr and "Traceback" not in result.output


def test_a_bundle_reading_to_an_invalid_case_names_the_case_field() -> None:
    breast = STORY.parent / "synthetic-breast-multilevel-visceral.yaml"
    bundle: dict[str, Any] = json.loads(json.dumps(export_bundle(load_case(breast))))
    _i, perf = _entry(bundle, lambda r: "mcode-ecog-performance-status" in str(r.get("meta")))
    perf["valueInteger"] = 9  # ECOG is 0-5
    with pytest.raises(ValidationFailed) as caught:
        read_bundle_data(bundle)
    assert any(p.location.endswith(".ecog") for p in caught.value.problems), caught.value


def test_a_partial_bundle_of_spinal_treatments_maps_surgery_radiotherapy_and_local_status() -> None:
    case, report = read_bundle_data(_load("partial-spine-treatments.json"))
    assert report["not_mapped"] == []
    by_type = {e.type: e for e in case.timeline}
    (finding,) = by_type["imaging"].findings  # type: ignore[union-attr]
    assert (str(finding.level), finding.certainty.value) == ("T6", "probable")  # type: ignore[union-attr]
    # T3, T6, T8 are not one run: three spans, not an invented T3-T8
    assert [str(s) for s in by_type["surgery"].spans] == ["T3", "T6", "T8"]  # type: ignore[union-attr]
    assert by_type["surgery"].levels is None  # type: ignore[union-attr]
    rt = by_type["radiotherapy"]
    assert (str(rt.levels), rt.dose_gy, rt.fractions) == ("T6", 20.0, 5)  # type: ignore[union-attr]
    outcome = by_type["outcome"]
    assert (outcome.aspect.value, outcome.change.value) == ("local_control", "worse")  # type: ignore[union-attr]


def test_a_spinemet_bundle_whose_fixation_vertebrae_skip_a_level_is_refused_at_the_body_site() -> None:
    bundle = _story_bundle()
    i, surgery = _entry(bundle, lambda r: "surgery" in str(r.get("meta", {}).get("tag")))
    surgery["bodySite"] = [s for s in surgery["bodySite"] if s["text"] != "T5"]  # T3-T8 without T5
    with pytest.raises(ValidationFailed) as caught:
        read_bundle_data(bundle)
    (problem,) = caught.value.problems
    assert problem.location == f"entry[{i}].resource.bodySite" and "not one unbroken run" in problem.message
