"""Negation, doubt, hypothesis and other people's history: never recorded as present facts of the
patient (issue 15 item 2). Each sentence is written for the test; the expectation is what it says."""

from __future__ import annotations

from typing import Any

from spinemet.case import case_to_data
from spinemet.extract import extract


def _data(text: str) -> dict[str, Any]:
    return case_to_data(extract(text).case)


def _findings(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [f for e in data["timeline"] if e["type"] == "imaging" for f in e.get("findings", [])]


def _types(data: dict[str, Any]) -> list[str]:
    return [e["type"] for e in data["timeline"]]


def test_no_cord_compression_is_recorded_as_absent_never_present() -> None:
    data = _data("MRI showed a lytic lesion at T9. There was no cord compression at T9.")
    values = [f.get("cord_compression") for f in _findings(data) if "cord_compression" in f]
    assert values == [False]


def test_no_evidence_of_recurrence_is_no_recurrence() -> None:
    data = _data("She underwent decompression at L2. At 2 years there was no evidence of recurrence.")
    outcomes = [e for e in data["timeline"] if e["type"] == "outcome"]
    assert [o["local_recurrence"] for o in outcomes] == [False]


def test_a_possible_recurrence_is_left_out_and_listed() -> None:
    x = extract("He had surgery at T10. Follow-up MRI showed a possible recurrence at T10.")
    data = case_to_data(x.case)
    assert not [e for e in data["timeline"] if e["type"] == "outcome" and e.get("local_recurrence")]
    assert any("recurrence: possible" in lo.reason for lo in x.left_out)


def test_breast_cancer_in_the_mother_is_not_the_patients_primary() -> None:
    x = extract("There is a history of breast cancer in her mother. CT showed a lytic lesion at L3.")
    assert x.case.primary.site.value == "unknown"
    assert any("family" in lo.reason for lo in x.left_out)


def test_a_risk_of_collapse_is_not_a_collapse() -> None:
    data = _data("The T10 body was destroyed, with a risk of vertebral collapse.")
    assert all("collapse_present" not in f for f in _findings(data))


def test_planned_or_considered_treatment_is_not_a_treatment_given() -> None:
    data = _data("Radiotherapy to T6 was considered. Surgery was not performed. Vertebroplasty is planned.")
    assert not {"radiotherapy", "surgery", "cement_augmentation"} & set(_types(data))


def test_an_avoided_second_operation_is_not_an_operation() -> None:
    data = _data("A second operation was avoided because of its risk.")
    assert "surgery" not in _types(data)


def test_probable_lung_origin_keeps_its_doubt() -> None:
    x = extract("Histology showed a neuro-endocrine metastasis, probably of pulmonary origin.")
    assert x.case.primary.site.value == "lung_other"
    assert x.case.primary.site_certainty is not None and x.case.primary.site_certainty.value == "probable"


def test_primary_unknown_likely_renal_gives_candidates_not_a_site() -> None:
    x = extract("Biopsy of the T8 lesion showed carcinoma; primary unknown, likely renal cell carcinoma.")
    primary = x.case.primary
    assert primary.site.value == "unknown"
    assert [(c.site.value, c.certainty.value) for c in primary.candidates or []] == [("kidney", "probable")]


def test_a_suspicious_lesion_is_a_possible_finding() -> None:
    data = _data("MRI: a lesion at T10 suspicious for metastasis.")
    assert [(f.get("level"), f.get("certainty")) for f in _findings(data)] == [("T10", "possible")]


def test_neurologically_intact_is_no_deficit() -> None:
    data = _data("On examination he was neurologically intact.")
    exams = [e for e in data["timeline"] if e["type"] == "neuro_exam"]
    assert [e["deficits"] for e in exams] == [["no_deficit"]]
