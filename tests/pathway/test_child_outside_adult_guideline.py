"""A child is outside the adult MSCC guideline: the scope of NICE NG234 (section 3.2.4) leaves out children and young
people under 18. Found on a published paediatric case (wilms1981) entered this session: the plan applied the
adult pathway with no word about age."""

from __future__ import annotations

from typing import Any

from spinemet.assessment import assess
from spinemet.case import parse_case


def _case(**patient: Any) -> Any:
    return parse_case({
        "id": "child-1", "patient": patient, "primary": {"site": "kidney"},
        "timeline": [{"day": 0, "type": "imaging", "modality": "mri",
                      "findings": [{"level": "T10", "escc": "3", "lesion_type": "lytic"}]},
                     {"day": 0, "type": "neuro_exam", "frankel": "C", "motor_deficit": True}],
    })


def _cautions(case: Any) -> list[tuple[str, ...]]:
    plan = assess(case).plan
    return [rec.cautions for rec in plan.recommendations]


def test_a_patient_aged_17_gets_the_ng234_scope_caution_on_every_applying_rule() -> None:
    cautions = _cautions(_case(age=17))
    assert cautions, "the compression case must give applying rules"
    assert all(any("NICE NG234 does not cover children" in c and "aged 17" in c for c in rec) for rec in cautions)


def test_a_patient_aged_18_is_inside_the_adult_scope_boundary_of_ng234() -> None:
    assert not any("NICE NG234 does not cover children" in c for rec in _cautions(_case(age=18)) for c in rec)


def test_a_child_in_words_without_an_age_gets_the_caution() -> None:
    assert all(any("recorded as a child" in c for c in rec) for rec in _cautions(_case(age_group="child")))


def test_no_age_recorded_gives_no_age_caution() -> None:
    assert not any("NICE NG234 does not cover children" in c for rec in _cautions(_case()) for c in rec)
