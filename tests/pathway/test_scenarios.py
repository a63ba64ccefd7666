"""Synthetic scenarios, one per branch of the pathway."""

from __future__ import annotations

from typing import Any

from spinemet.case.snapshot import snapshot
from spinemet.evidence import EvidenceStatus
from spinemet.instruments import assess_snapshot
from spinemet.pathway import Alert, Severity, build_plan

from .cases import fitness, make_case, mri, neuro, pain, run, standard


def _rt(day: int, dose: float, fractions: int, level: str = "L2", technique: str = "cebrt") -> dict[str, Any]:
    return {"type": "radiotherapy", "day": day, "technique": technique, "dose_gy": dose, "fractions": fractions,
            "levels": level}


def test_myeloma_escc3_stable_gets_cebrt() -> None:
    rec = run(standard("myeloma", "3", 6, deficit=True)).plan.get("noms")
    assert rec is not None and rec.data["treatment"] == "cebrt"
    assert any("Chemosensitive histology" in o for o in rec.options)


def test_rcc_escc1a_stable_gets_sbrt() -> None:
    rec = run(standard("kidney", "1a", 6)).plan.get("noms")
    assert rec is not None and rec.data["treatment"] == "sbrt" and rec.evidence_status is EvidenceStatus.VERIFIED


def test_rcc_escc3_fit_gets_separation_surgery_then_sbrt_and_is_a_patchell_candidate() -> None:
    plan = run(standard("kidney", "3", 6, deficit=True, level="T9")).plan  # T9: cord, not cauda equina
    noms = plan.get("noms")
    assert noms is not None and noms.data["treatment"] == "separation_sbrt"
    cand = plan.get("surgical_candidacy")
    assert cand is not None and cand.status.value == "decided" and cand.data["candidate"] is True


def test_sins14_unfit_gets_rt_with_bracing() -> None:
    a = run(standard("breast", "1a", 14, fit=False, months=2))
    assert next(r for r in a.instruments if r.instrument == "sins").total == 14
    rec = a.plan.get("noms")
    assert rec is not None and rec.data["treatment"] == "rt_bracing_bsc"


def test_rcc_low_grade_unstable_fit_gets_stabilisation_then_sbrt() -> None:
    rec = run(standard("kidney", "1a", 13)).plan.get("noms")
    assert rec is not None and rec.data["treatment"] == "stabilisation_sbrt"


def test_breast_low_grade_stable_is_intermediate_and_derived() -> None:
    rec = run(standard("breast", "1a", 6)).plan.get("noms")
    assert rec is not None and rec.data["treatment"] == "cebrt_or_sbrt"
    assert rec.evidence_status is EvidenceStatus.DERIVED


def test_reirradiation_at_three_months_is_an_unsafe_interval() -> None:
    case = make_case("kidney", mri(0, "L2", escc="1a"), _rt(0, 30, 10), _rt(91, 9, 1, technique="sbrt"))
    rec = run(case, 91).plan.get("reirradiation_safety")
    assert rec is not None and rec.status.value == "decided"
    assert rec.data["checks"]["interval since previous RT"] is False
    assert rec.data["safe"] is False and "interval" in rec.statement


def test_reirradiation_after_eight_months_within_limits() -> None:
    case = make_case("kidney", mri(0, "L2", escc="1a"), _rt(0, 30, 10), _rt(245, 9, 1, technique="sbrt"))
    rec = run(case, 245).plan.get("reirradiation_safety")
    assert rec is not None and rec.data["safe"] is True


def test_reirradiation_cumulative_dose_too_high() -> None:
    # 30 Gy/10 (EQD2 37.5) then SBRT 12 Gy/1 (EQD2 42): cumulative 79.5 > 70, share 53% > 50%.
    case = make_case("kidney", mri(0, "L2", escc="1a"), _rt(0, 30, 10), _rt(245, 12, 1, technique="sbrt"))
    rec = run(case, 245).plan.get("reirradiation_safety")
    assert rec is not None
    assert rec.data["checks"] == {"interval since previous RT": True, "retreatment Pmax nBED": False,
                                  "cumulative Pmax nBED": False, "SBRT share of cumulative": False}


def test_pain_only_is_within_24h_and_mri_within_a_week() -> None:
    case = make_case("breast", pain(0, spinal_region="thoracic", night_pain=True), neuro(0, motor_deficit=False,
                     frankel="E"))
    plan = run(case).plan
    urgency, imaging = plan.get("mscc_urgency"), plan.get("imaging_due")
    assert urgency is not None and urgency.data["urgency"] == "within_24h"
    assert imaging is not None and imaging.data["due_by_day"] == 7
    steroids = next(r for r in plan.not_applicable if r.rule == "first_measures")
    assert "not started routinely" in steroids.statement


def test_possible_lymphoma_without_tissue_warns_before_steroids() -> None:
    case = make_case("lymphoma", mri(0, "T9", escc="2"), neuro(0, motor_deficit=True))
    plan = run(case).plan
    steroids = plan.get("first_measures")
    assert steroids is not None and any("Lymphoma is possible" in c for c in steroids.cautions)
    cand = plan.get("surgical_candidacy")
    assert cand is not None and cand.data["candidate"] is False  # Patchell excluded radiosensitive tumours


def test_compression_from_l4_down_is_cauda_equina_outside_patchell_saifuddin1998() -> None:
    # No conus tip lay below the upper third of L3 in 504 adults (Saifuddin 1998): at L4 the compression is of
    # the cauda equina, which Patchell 2005 excluded.
    cand = run(standard("kidney", "3", 6, deficit=True, level="L4")).plan.get("surgical_candidacy")
    assert cand is not None and cand.data["indications"]["decompression"] == "not_in_question"
    assert cand.data["criteria"]["spinal cord, not cauda equina / roots only"] is False
    assert "below the end of the spinal cord" in cand.statement
    assert "saifuddin1998" in cand.citations


def test_compression_at_l3_may_be_the_conus_and_is_laid_out_saifuddin1998() -> None:
    # The conus tip lies anywhere from the middle third of T12 to the upper third of L3: at L3 the level alone
    # cannot tell cord from cauda equina (the rule used to read everything below L1 as cauda equina). Fit, 12
    # months, Frankel D: only that fact is open, so each answer is a branch.
    cand = run(standard("kidney", "3", 6, deficit=True)).plan.get("surgical_candidacy")  # L3
    assert cand is not None and cand.status.value == "branched", cand.statement
    assert cand.data["criteria"]["spinal cord, not cauda equina / roots only"] is None
    assert "what is compressed at L1-L3 (the conus, or the cauda equina only)" in cand.missing
    by_answer = {b.when["compression_site"][0]: b.statement for b in cand.branches}
    assert "direct decompressive surgery" in by_answer["inside_patchell"]
    assert "decompressive" not in by_answer["outside_patchell"]


def test_a_named_conus_compression_is_the_cord_saifuddin1998() -> None:
    case = make_case("kidney", mri(0, "L2", escc="3", conus_compression=True), pain(0, nrs=6),
                     neuro(0, motor_deficit=True, frankel="D"), fitness(0))
    cand = run(case).plan.get("surgical_candidacy")
    assert cand is not None and cand.data["criteria"]["spinal cord, not cauda equina / roots only"] is True


def test_complete_paraplegia_beyond_48h_is_outside_patchell() -> None:
    case = make_case("kidney", mri(0, "T9", escc="3"), neuro(0, motor_deficit=True, frankel="A",
                     complete_paraplegia_hours=72), fitness(0))
    cand = run(case).plan.get("surgical_candidacy")
    assert cand is not None and cand.data["candidate"] is False
    assert "paraplegic" in cand.statement


def test_age_interaction_is_shown_without_veto() -> None:
    cand = run(standard("kidney", "3", 6, deficit=True, age=72, level="T9")).plan.get("surgical_candidacy")
    assert cand is not None and cand.data["candidate"] is True
    assert any("Age 72" in r.text and r.citation == "chi_2009_age" for r in cand.reasons)


def test_postoperative_rt_overdue_after_four_weeks() -> None:
    surgery = {"type": "surgery", "day": 0, "procedures": ["decompression", "posterior_fixation"], "levels": "T10",
               "fixation_span": "T8-L1"}
    case = make_case("breast", mri(0, "T10", escc="2"), neuro(0, motor_deficit=True), surgery, neuro(35, frankel="E"))
    plan = run(case, 35).plan
    timing = plan.get("adjuvant_rt_timing")
    assert timing is not None and "OVERDUE" in timing.statement
    span = plan.get("fixation_span")
    assert span is not None and any("junctional" in r.text for r in span.reasons)  # L1 / T11-L1


def test_uncomplicated_spine_met_sbrt_eligible() -> None:
    case = make_case("kidney", mri(0, "L3", escc="0", sins=6), pain(0, nrs=5), neuro(0, motor_deficit=False,
                     frankel="E"), {"type": "performance", "day": 0, "ecog": 1})
    rec = run(case).plan.get("rt_schedule")
    assert rec is not None and rec.data == {"situation": "uncomplicated", "sbrt_eligible": True}


def test_lung_carcinoid_and_sclc_systemic_pointers() -> None:
    carcinoid = make_case("lung_carcinoid", mri(0, "T6", escc="1a"),
                          net={"mitoses_per_2mm2": 4, "necrosis": "punctate", "differentiation": "well"})
    rec = run(carcinoid).plan.get("net_systemic")
    assert rec is not None and rec.status.value == "decided" and rec.data["branch"] == "carcinoid"
    sclc = run(make_case("lung_sclc", mri(0, "T6", escc="1a"))).plan.get("net_systemic")
    assert sclc is not None and sclc.data["branch"] == "high_grade"
    assert sclc.evidence_status is EvidenceStatus.UNVERIFIED


def test_recurrence_in_sclc_prefers_chemoradiotherapy() -> None:
    surgery = {"type": "surgery", "day": 0, "procedures": ["decompression", "posterior_fixation"], "levels": "T6",
               "fixation_span": "T4-T8"}
    case = make_case("lung_sclc", mri(0, "T6", escc="3"), surgery, mri(40, "T6", escc="3"),
                     neuro(40, motor_deficit=True), fitness(40, True, 8))
    snap = snapshot(case, 40)
    alert = Alert("early_local_recurrence", 40, Severity.URGENT, "recurrence at T6", "ESCC 3",
                  reopens=("after_local_recurrence", "mscc_urgency"))
    plan = build_plan(snap, assess_snapshot(snap), [alert])
    rec = plan.get("after_local_recurrence")
    assert rec is not None and rec.status.value == "decided"
    assert "chemo-RT" in rec.statement and rec.data["chemo_radiosensitive"] is True
    assert plan.alerts == (alert,)


def test_inactive_alert_is_not_in_the_plan() -> None:
    case = make_case("kidney", mri(0, "L3", escc="1a"))
    snap = snapshot(case, 0)
    future = Alert("early_local_recurrence", 10, Severity.URGENT, "later", "later", reopens=("after_local_recurrence",))
    plan = build_plan(snap, assess_snapshot(snap), [future])
    assert plan.alerts == () and plan.get("after_local_recurrence") is None
