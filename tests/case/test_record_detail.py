"""The second pass over the published cases (issue 12): details case reports state beyond the grades.

Each new field is checked three ways: a published case that needed it holds it (its ledger says
which fact), the field survives YAML and JSON (the store round trip is in
tests/service/test_record_detail_store.py), and nonsense is refused with a located message. Where
an instrument reads the field, the answer it allows is checked against the instrument's source.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from spinemet.case import parse_case, snapshot
from spinemet.errors import ValidationFailed
from spinemet.instruments import assess_snapshot
from spinemet.instruments.scorad import scorad_grades
from spinemet.io.casefile import dumps_case, load_case, parse_text

PUBLISHED = Path(__file__).resolve().parents[1] / "cases" / "published"

#: a hand-written case holding every field of the second pass at least once
DETAIL: dict[str, Any] = {
    "schema_version": 2, "id": "detail-1",
    "patient": {"sex": "male", "age_group": "middle_aged", "previously_healthy": True},
    "primary": {"site": "lung_nsclc", "known_before_presentation": False, "stage": "iv", "laterality": "left",
                "other_primaries": [{"site": "kidney", "when": "earlier"},
                                    {"site": "breast", "certainty": "possible", "when": "synchronous",
                                     "laterality": "right", "site_label": "breast mass"}]},
    "timeline": [
        {"id": "tx", "type": "primary_resection", "procedure": "liver_transplant", "organ_extent": "total",
         "pathology": "malignant"},
        {"id": "brain-srs", "type": "radiotherapy", "technique": "sbrt", "target": "brain", "target_label": "cerebellum"},
        {"id": "before", "type": "performance", "functionally_independent": True},
        {"id": "pain", "type": "pain", "day": 0, "present": True, "tempo": "chronic", "localised": True,
         "sites": ["shoulder"], "duration": {"at_least": 6, "unit": "months"}},
        {"id": "neuro", "type": "neuro_exam", "day": 0, "deficits": ["unspecified_deficit"], "walking": "difficulty",
         "weak_muscles": [{"muscle": "ankle dorsiflexors", "side": "right"}], "reflexes": "brisk",
         "plantar_response": "extensor", "tempo": "rapidly_progressive",
         "duration": {"at_least": 48, "at_most": 48, "unit": "hours"}},
        {"id": "mri", "type": "imaging", "day": 0, "modality": "mri", "other_modalities": ["ct", "pet"], "findings": [
            {"level": "T10", "status": "progression", "status_certainty": "possible", "destruction": "total",
             "posterior_wall_involved": True, "impending_collapse": True, "canal_stenosis": "severe"},
            {"span": "C1-C2", "compartments": ["intradural_extramedullary"], "cord_mass_effect": True,
             "laterality": "right", "suspected_diagnoses": ["schwannoma"], "haemorrhage": False, "solitary": True},
            {"region": "lumbar", "neural_compression": True},
            {"extraspinal_site": "head_neck"}]},
        {"id": "surgery", "type": "surgery", "after": {"event": "mri", "wording": "immediately"},
         "procedures": ["partial_laminectomy", "biopsy", "soft_tissue_flap", "reconstruction_unspecified"],
         "microsurgical": True, "stages": 1, "biopsy_technique": "percutaneous", "levels": "T10"},
        {"id": "cement", "type": "cement_augmentation", "after": {"event": "mri", "wording": "immediately"},
         "procedure": "unspecified", "levels": "T10", "performed_during": "surgery"},
        {"id": "leak", "type": "complication", "after": {"event": "cement", "at_least": 0, "at_most": 0},
         "kind": "cement_leakage", "procedure": "cement", "leak_sites": ["venous"], "attributed_to": "brain-srs"},
        {"id": "tace", "type": "embolisation", "after": {"event": "surgery", "wording": "soon"},
         "purpose": "standalone", "target": "visceral", "target_label": "hepatic segment seven", "chemoembolisation": True},
        {"id": "chemo", "type": "systemic_therapy", "after": {"event": "surgery"}, "drug_class": "chemotherapy",
         "concurrent_with": "tace"},
        {"id": "follow-up", "type": "imaging", "after": {"event": "surgery", "at_least": 3, "at_most": 3,
                                                          "unit": "months"},
         "findings": [{"level": "T10", "status": "partial_response", "compression_change": "relieved"}]},
        {"id": "outcome", "type": "outcome", "after": {"event": "surgery", "at_least": 3, "at_most": 3,
                                                        "unit": "months"},
         "aspect": "general_condition", "change": "partially_resolved", "local_failure": False,
         "distant_recurrence": True, "disease_free": False, "treatment_free": False},
        {"id": "walk", "type": "outcome", "after": {"event": "surgery", "at_least": 3, "at_most": 3,
                                                     "unit": "months"}, "aspect": "walking", "walking": "wheelchair"},
    ],
}


def _case(data: dict[str, Any]) -> Any:
    return parse_case(data, source="test")


def test_every_second_pass_field_round_trips_in_yaml_and_json() -> None:
    case = _case(DETAIL)
    for fmt in ("yaml", "json"):
        again = parse_case(parse_text(dumps_case(case, fmt), f"x.{fmt}", fmt))
        assert again == case, fmt
    assert case.primary.stage is not None and case.primary.stage.value == "IV"  # 'iv' read as the stage group
    neuro = case.event_by_id("neuro")
    assert neuro.weak_muscles[0].muscle == "ankle_dorsiflexors"  # type: ignore[union-attr]


def test_an_extraspinal_finding_is_kept_apart_and_never_read_as_spinal() -> None:
    s = snapshot(_case(DETAIL), at="mri")
    assert [d.value.extraspinal_site.value for d in s.extraspinal_findings] == ["head_neck"]  # type: ignore[union-attr]
    assert all(d.value.extraspinal_site is None for d in s.all_findings)


@pytest.mark.parametrize(("finding", "location", "words"), [
    ({"level": "T6", "extraspinal_site": "liver"}, "findings[0].extraspinal_site", "outside the spine"),
    ({"level": "T6", "status_certainty": "possible"}, "findings[0].status_certainty", "give the status"),
    ({"level": "T6", "status": "regrowth"}, "findings[0].status", "recurrence"),
    ({"level": "T6", "canal_stenosis": "mild"}, "findings[0].canal_stenosis", "near_total"),
    ({"level": "T6", "suspected_diagnoses": ["tumour"]}, "findings[0].suspected_diagnoses[0]", "schwannoma"),
])
def test_bad_finding_details_are_refused_at_the_field_naming_what_is_allowed(
        finding: dict[str, Any], location: str, words: str) -> None:
    bad = {"schema_version": 2, "id": "b", "primary": {"site": "breast"},
           "timeline": [{"type": "imaging", "day": 0, "findings": [finding]}]}
    with pytest.raises(ValidationFailed) as info:
        _case(bad)
    problem = info.value.problems[0]
    assert problem.location.startswith(f"timeline[0].{location.split('[0].')[0]}")
    assert words in problem.message


@pytest.mark.parametrize(("event", "location", "words"), [
    ({"type": "pain", "day": 0, "duration": {"at_least": 3, "at_most": 2, "unit": "weeks"}}, "duration.at_most",
     "less than"),
    ({"type": "pain", "day": 0, "duration": {"unit": "weeks"}}, "duration.at_least", "needs an amount"),
    ({"type": "pain", "day": 0, "duration": {"at_least": 2, "unit": "fortnights"}}, "duration.unit", "hours"),
    ({"type": "radiotherapy", "day": 0, "target": "brain", "levels": "T6"}, "target", "outside the spine"),
    ({"type": "embolisation", "day": 0, "target": "visceral", "levels": "T6"}, "target", "outside the spine"),
    ({"type": "neuro_exam", "day": 0, "weak_muscles": [{"muscle": "toes"}]}, "weak_muscles[0].muscle", "muscle group"),
    ({"type": "performance", "day": 0}, "", "functionally_independent"),
    ({"type": "neuro_exam", "day": 0, "walking": "crawling"}, "walking", "wheelchair"),
    ({"type": "surgery", "day": 0, "stages": 0}, "stages", "greater than or equal to 1"),
    ({"type": "pain", "day": 0, "concurrent_with": "nowhere"}, "concurrent_with", "not the id"),
])
def test_bad_event_details_are_refused_with_a_located_message(event: dict[str, Any], location: str, words: str) -> None:
    bad = {"schema_version": 2, "id": "b", "primary": {"site": "breast"}, "timeline": [event]}
    with pytest.raises(ValidationFailed) as info:
        _case(bad)
    problem = info.value.problems[0]
    assert problem.location == f"timeline[0].{location}".rstrip("."), problem
    assert words in problem.message, problem.message


def test_a_bad_other_primary_and_stage_are_located() -> None:
    bad = {"schema_version": 2, "id": "b", "primary": {"site": "breast", "stage": "V",
                                                       "other_primaries": [{"site": "spleen"}]}, "timeline": []}
    with pytest.raises(ValidationFailed) as info:
        _case(bad)
    assert {p.location for p in info.value.problems} == {"primary.stage", "primary.other_primaries[0].site"}


# ------------------------------------------------------------------ what the instruments read from them
def _results(*timeline: dict[str, Any]) -> dict[str, Any]:
    case = _case({"schema_version": 2, "id": "r", "primary": {"site": "breast"}, "timeline": list(timeline)})
    return {r.instrument: r for r in assess_snapshot(snapshot(case))}


def test_a_deficit_of_unstated_kind_excludes_frankel_and_asia_e_per_frankel1969_and_kirshblum2011() -> None:
    res = _results({"type": "neuro_exam", "day": 0, "deficits": ["unspecified_deficit"]})
    frankel = {c.item: c for c in res["frankel"].components}["grade"]
    assert (frankel.answer, frankel.candidates) == (None, ("A", "B", "C", "D"))
    asia = {c.item: c for c in res["asia"].components}["grade"]
    assert (asia.answer, asia.candidates) == (None, ("A", "B", "C", "D"))


@pytest.mark.parametrize("walking", ["difficulty", "wheelchair"])
def test_walking_with_difficulty_or_a_wheelchair_leaves_nesms_ambulatory_open(walking: str) -> None:
    res = _results({"type": "neuro_exam", "day": 0, "walking": walking})
    comp = {c.item: c for c in res["nesms"].components}["ambulatory"]
    assert (comp.answer, comp.candidates) == (None, ("yes", "no"))


def test_scorad_reads_difficulty_as_walking_and_a_wheelchair_as_aided_or_not_walking_per_hoskin2019() -> None:
    # SCORAD (Hoskin 2019, table 1) grades walking 1 unaided, 2 with aid, 3 wheelchair/bed-bound
    # with some power, 4 none. Walking with difficulty is grade 1 or 2; a wheelchair user 2 or 3/4.
    case = _case({"schema_version": 2, "id": "s", "primary": {"site": "breast"}, "timeline": [
        {"type": "neuro_exam", "day": 0, "walking": "difficulty"},
        {"type": "neuro_exam", "day": 1, "walking": "wheelchair"}]})
    first, second = (e for e in case.timeline)
    assert set(scorad_grades(first)) == {1, 2}  # type: ignore[arg-type]
    assert 1 not in set(scorad_grades(second))  # type: ignore[arg-type]


def test_destruction_and_canal_stenosis_are_not_read_as_collapse_or_an_escc_grade() -> None:
    res = _results({"type": "imaging", "day": 0, "findings": [
        {"level": "T10", "compartments": ["vertebral_body"], "destruction": "total", "canal_stenosis": "severe",
         "cord_mass_effect": True}]})
    comps = {c.item for c in res["sins"].components}
    assert "collapse" not in comps
    assert "escc" not in res or not res["escc"].components


# ------------------------------------------------------------------ published cases that needed them
@pytest.mark.parametrize(("case_dir", "event_id", "check"), [
    ("kaloostian2013-pheochromocytoma-t10", "presentation-imaging",
     lambda e: (e.findings[0].status.value, e.findings[0].status_certainty.value) == ("progression", "possible")),
    ("makino2019-paraganglioma-t7", "after-embolisation-mri",
     lambda e: e.findings[0].compression_change.value == "reduced"),
    ("nguyen2015-prostate-psa", "admission", lambda e: (e.duration.at_least, e.duration.unit.value) == (48, "hours")),
    ("sasaji2017-lung-adenocarcinoma-intradural-t12", "after-surgery", lambda e: e.after.wording.value == "soon"),
    ("tsimpas2010-lcnec-cauda-equina", "presentation-neuro",
     lambda e: (e.weak_muscles[0].muscle, e.tempo.value) == ("ankle_dorsiflexors", "rapidly_progressive")),
    ("sasaki2013-paraganglioma-c4", "presentation-mri",
     lambda e: e.findings[1].extraspinal_site.value == "head_neck"),
    ("pmid39553048-melanoma-t3", "vertebroplasty", lambda e: e.performed_during == "emergency-surgery"),
    ("okwunodulu2020-breast-l5", "primary-radiotherapy", lambda e: e.target.value == "primary"),
])
def test_published_cases_hold_the_second_pass_facts(case_dir: str, event_id: str, check: Any) -> None:
    case = load_case(PUBLISHED / case_dir / "case.yaml")
    assert check(case.event_by_id(event_id))


def test_published_primaries_hold_stage_side_and_other_primaries() -> None:
    wneu = load_case(PUBLISHED / "wneu2020-pnet-intradural-c1c2" / "case.yaml").primary
    assert wneu.stage is not None and wneu.stage.value == "IV"
    stewart = load_case(PUBLISHED / "stewart2024-nsclc-intramedullary-c3c5" / "case.yaml").primary
    assert [(p.site.value, p.when.value if p.when else None) for p in stewart.other_primaries or ()] == [
        ("kidney", "earlier")]
    kenzhegulov = load_case(PUBLISHED / "kenzhegulov2025-breast-thoracic" / "case.yaml").primary
    assert kenzhegulov.known_before_presentation is False
