"""Every pathway rule declares the disease it applies to, and outside it answers *not applicable*
with the reason (issue 12 item 3). Intradural extramedullary, intramedullary and leptomeningeal
metastases do not get the extradural MSCC pathway, NOMS, Patchell candidacy, a fixation span or
bone-metastasis RT schedules; cauda equina compression stays an MSCC emergency (NICE CG75
defines MSCC as cord or cauda equina compression) but is outside Patchell's population, which
excluded cauda-equina- and root-only compression."""

from __future__ import annotations

from typing import Any

import pytest
from tests.pathway.cases import STORY, fitness, make_case, neuro, pain, run

from spinemet.pathway.model import Plan, Recommendation, RecommendationStatus
from spinemet.pathway.rules import RULES

NA = RecommendationStatus.NOT_APPLICABLE
#: Rules written for vertebral and epidural (extradural) disease.
EXTRADURAL_RULES = ("mscc_urgency", "first_measures", "noms", "surgical_candidacy", "fixation_span",
                    "after_local_recurrence", "adjuvant_rt_timing", "rt_schedule")
#: Rules whose disease includes every compartment.
ANY_COMPARTMENT_RULES = ("imaging_due", "reirradiation_safety", "net_systemic", "rehabilitation")
#: Rules for disease inside the dura only (issue 14 item 2).
INTRADURAL_RULES = ("intradural_referral",)


def _rule(plan: Plan, key: str) -> Recommendation:
    [rec] = [r for r in (*plan.recommendations, *plan.not_applicable) if r.rule == key]
    return rec


def _imaging(*findings: dict[str, Any], day: int = 0) -> dict[str, Any]:
    return {"type": "imaging", "day": day, "modality": "mri", "whole_spine": True, "findings": list(findings)}


def _work_up(*findings: dict[str, Any], site: str = "breast", surgery: dict[str, Any] | None = None) -> Plan:
    """Presentation with a motor deficit, pain and a fit patient; the imaging findings given; an
    operation (and RT) on day 2 when given, assessed on day 3."""
    events = [_imaging(*findings), neuro(0, motor_deficit=True, frankel="C"), pain(0, nrs=7),
              fitness(0, True, 12)]
    if surgery is not None:
        events += [surgery, {"type": "radiotherapy", "day": 2, "levels": "T8"}]
    return run(make_case(site, *events), 3 if surgery else 0).plan


def test_every_rule_declares_the_disease_it_applies_to() -> None:
    assert {spec.key for spec in RULES} == set(EXTRADURAL_RULES) | set(ANY_COMPARTMENT_RULES) | set(INTRADURAL_RULES)
    for spec in RULES:
        assert len(spec.applies_to.disease) > 20, spec.key
        assert spec.as_dict()["applies_to"] == spec.applies_to.disease


@pytest.mark.parametrize("compartment, words", [
    ("intramedullary", "intramedullary metastasis at T8"),
    ("intradural_extramedullary", "intradural extramedullary metastasis at T8"),
    ("leptomeningeal", "leptomeningeal metastasis at T8"),
])
def test_intradural_disease_gets_no_extradural_rule_with_the_reason(compartment: str, words: str) -> None:
    plan = _work_up({"level": "T8", "compartments": [compartment]})
    for key in ("mscc_urgency", "first_measures", "noms", "surgical_candidacy", "fixation_span", "rt_schedule"):
        rec = _rule(plan, key)
        assert rec.status is NA, key
        assert rec.statement.startswith(words[0].upper() + words[1:] + ":"), (key, rec.statement)
    assert "the extradural MSCC pathway does not apply" in _rule(plan, "mscc_urgency").statement
    # the rules for any compartment still run: whole-spine MRI is due for the new deficit (NICE QS56 st. 3: the
    # deadline is set by the symptoms, before imaging shows their cause), and the rule says that no source read
    # gives intradural disease a deadline of its own
    imaging = _rule(plan, "imaging_due")
    assert imaging.status is RecommendationStatus.DECIDED
    assert any("no source read here sets a separate imaging deadline for intradural disease" in c
               for c in imaging.cautions), imaging.cautions
    for key in ANY_COMPARTMENT_RULES:
        assert not any("This rule applies to" in r.text for r in _rule(plan, key).reasons), key
    # and the intradural rule routes it, with its own sources, at the head of the plan
    route = _rule(plan, "intradural_referral")
    assert route.status is RecommendationStatus.DECIDED and plan.recommendations[0].rule == "intradural_referral"
    assert route.statement.startswith("URGENT") and words in route.statement  # motor deficit (Frankel C)
    expected = {"le_rhun_2017_eano_esmo_lm"} if compartment == "leptomeningeal" else {"purvis_2017_intradural"}
    assert expected <= set(route.citations)


def test_intradural_disease_after_an_operation_gets_no_recurrence_or_postoperative_rt_rule() -> None:
    plan = _work_up({"level": "T8", "compartments": ["intramedullary"]},
                    surgery={"type": "surgery", "day": 2, "procedures": ["decompression"], "levels": "T8"})
    for key in ("adjuvant_rt_timing", "rt_schedule", "fixation_span"):
        rec = _rule(plan, key)
        assert rec.status is NA and rec.statement.startswith("Intramedullary metastasis at T8:"), key


def test_the_same_work_up_with_extradural_disease_gets_the_extradural_rules() -> None:
    plan = _work_up({"level": "T8", "compartments": ["vertebral_body", "epidural"], "escc": "3"})
    assert _rule(plan, "mscc_urgency").data["urgency"] == "immediate"
    assert _rule(plan, "first_measures").status is RecommendationStatus.DECIDED
    for key in ("noms", "surgical_candidacy", "fixation_span"):
        assert "metastasis at" not in _rule(plan, key).statement, key
    assert _rule(plan, "fixation_span").status is RecommendationStatus.DECIDED


def test_vertebral_disease_beside_an_intramedullary_metastasis_keeps_the_extradural_rules() -> None:
    plan = _work_up({"level": "T8", "compartments": ["intramedullary"]},
                    {"level": "T4", "compartments": ["vertebral_body", "epidural"], "escc": "2"})
    assert _rule(plan, "mscc_urgency").data["urgency"] == "immediate"
    assert _rule(plan, "surgical_candidacy").status is not NA


def test_a_version_1_finding_without_compartments_is_read_as_extradural() -> None:
    plan = _work_up({"level": "T8", "escc": "3"})
    assert _rule(plan, "surgical_candidacy").status is not NA


def test_cauda_equina_compression_is_mscc_urgent_but_outside_patchell() -> None:
    plan = _work_up({"level": "L3", "compartments": ["vertebral_body", "epidural"], "epidural_present": True,
                     "cauda_equina_compression": True})
    assert _rule(plan, "mscc_urgency").data["urgency"] == "immediate"
    candidacy = _rule(plan, "surgical_candidacy")
    # decompression is outside Patchell; stabilisation, excision and cement are still weighed (issue 14 item 4)
    assert candidacy.status is not NA and candidacy.data["indications"]["decompression"] == "not_in_question"
    assert candidacy.statement.startswith("Cauda equina compression at L3, not the spinal cord: Patchell 2005 excluded")
    # cord compression elsewhere brings the patient back inside Patchell's population
    plan = _work_up({"level": "L3", "epidural_present": True, "cauda_equina_compression": True},
                    {"level": "T10", "escc": "3"})
    assert _rule(plan, "surgical_candidacy").status is not NA


def test_root_compression_is_not_cord_compression() -> None:
    plan = _work_up({"level": "L5", "epidural_present": True, "nerve_root_compression": True})
    assert _rule(plan, "surgical_candidacy").statement.startswith("Nerve root compression at L5, not the spinal cord")


def test_a_fixation_span_needs_a_known_vertebral_level() -> None:
    plan = _work_up({"region": "thoracic", "pathological_fracture": True, "collapse_present": True,
                     "cord_compression": True})
    rec = _rule(plan, "fixation_span")
    assert rec.status is NA
    assert rec.statement.startswith("No vertebral level is recorded (thoracic): a fixation span is planned")
    plan = _work_up({"level": "T8", "cord_compression": True})
    assert _rule(plan, "fixation_span").status is RecommendationStatus.DECIDED


def test_the_story_case_is_inside_every_rule_that_it_reaches() -> None:
    from spinemet.io.casefile import load_case

    plan = run(load_case(STORY), 28).plan
    for key in EXTRADURAL_RULES:
        reasons = " ".join(r.text for r in _rule(plan, key).reasons)
        assert "This rule applies to" not in reasons, key
    assert _rule(plan, "after_local_recurrence").status is not NA


def test_cauda_equina_compression_is_named_in_the_triage_reasons_not_as_cord_compression() -> None:
    plan = _work_up({"level": "L3", "epidural_present": True, "cauda_equina_compression": True})
    texts = [r.text for r in _rule(plan, "mscc_urgency").reasons]
    assert any(t.startswith("Imaging shows cauda equina compression at L3 (not the spinal cord)") for t in texts)
    assert "Imaging shows spinal cord compression." not in texts


def test_growth_of_an_irradiated_intramedullary_metastasis_gets_no_extradural_recurrence_rule() -> None:
    case = make_case(
        "lung_nsclc",
        _imaging({"level": "T8", "compartments": ["intramedullary"], "lesion_size_mm": 10}),
        neuro(0, motor_deficit=True, frankel="D"),
        {"type": "radiotherapy", "day": 3, "levels": "T8", "technique": "cebrt", "dose_gy": 30, "fractions": 10},
        _imaging({"level": "T8", "compartments": ["intramedullary"], "lesion_size_mm": 16}, day=120),
    )
    assessment = run(case, 120)
    # the course sees the growth (its alert re-opens the recurrence decision) ...
    assert any(a.key == "late_local_recurrence" for a in assessment.plan.alerts)
    # ... but the extradural recurrence options do not apply to it
    rec = _rule(assessment.plan, "after_local_recurrence")
    assert rec.status is NA and rec.statement.startswith("Intramedullary metastasis at T8: the recurrence options")
    # with the same growth in a vertebral metastasis the rule answers
    vertebral = make_case(
        "lung_nsclc",
        _imaging({"level": "T8", "compartments": ["vertebral_body"], "lesion_size_mm": 10}),
        neuro(0, motor_deficit=True, frankel="D"),
        {"type": "radiotherapy", "day": 3, "levels": "T8", "technique": "cebrt", "dose_gy": 30, "fractions": 10},
        _imaging({"level": "T8", "compartments": ["vertebral_body"], "lesion_size_mm": 16}, day=120),
    )
    assert _rule(run(vertebral, 120).plan, "after_local_recurrence").status is not NA


def test_an_intramedullary_metastasis_without_a_level_is_named_as_such() -> None:
    plan = _work_up({"compartments": ["intramedullary"]})
    assert _rule(plan, "noms").statement.startswith("Intramedullary metastasis (level not stated): NOMS")


def test_a_finding_with_no_compartment_and_nothing_vertebral_is_not_assumed_vertebral_issue14() -> None:
    # PET uptake "in the cervical region" beside an intradural extramedullary C1-C2 metastasis (as in the
    # published wneu2020 case): nothing places disease in bone or the epidural space, so the extradural
    # rules do not apply and the reason names the unplaced finding.
    plan = _work_up({"span": "C1-C2", "compartments": ["intradural_extramedullary"]}, {"region": "cervical"})
    for key in ("noms", "surgical_candidacy", "mscc_urgency"):
        rec = _rule(plan, key)
        assert rec.status is NA, (key, rec.statement)
        assert "cervical finding states no compartment" in rec.statement


def test_a_finding_with_no_compartment_but_vertebral_facts_stays_vertebral_issue14() -> None:
    # A collapse (or an ESCC grade) is something only a vertebral/epidural lesion has: read as extradural.
    plan = _work_up({"span": "C1-C2", "compartments": ["intradural_extramedullary"]},
                    {"level": "C5", "collapse_present": True})
    assert _rule(plan, "noms").status is not NA
