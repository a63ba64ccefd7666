"""Issue 14 scenarios (pathA): branches on bedside judgements, candidacy beyond Patchell, failure after treatment.

Each expectation is written from the guideline logic named in the test (NOMS, Laufer 2013; Patchell 2005;
SINS, Fisher 2010; Tomita 2001; R-NOMS-7 and the CAFE trial; Sahgal 2012; ASTRO 2024), not from what the
program prints.
"""

from __future__ import annotations

from typing import Any

from spinemet.pathway import Recommendation

from .cases import fitness, make_case, mri, neuro, pain, run, standard


def _rule(case: Any, rule: str, day: int | None = None) -> Recommendation:
    plan = run(case, day).plan
    found = plan.get(rule) or next(r for r in plan.not_applicable if r.rule == rule)
    return found


def _burden(day: int, extent: str = "solitary", visceral: bool = False) -> dict[str, Any]:
    return {"type": "disease_burden", "day": day, "bone_mets_extent": extent, "visceral_mets_present": visceral}


# ------------------------------------------------------------------ item 1: branches


def test_noms_without_fitness_or_survival_branches_per_laufer2013_table() -> None:
    # RCC (radioresistant), ESCC 3 (high grade), SINS 6 (stable): fit -> separation surgery then SBRT
    # (R-NOMS-4); not fit -> palliative cEBRT (R-NOMS-5). Only S is missing, so the rule branches on it.
    rec = _rule(standard("kidney", "3", 6, fit=None, months=None, level="T9", deficit=True), "noms")
    assert rec.status.value == "branched"
    assert rec.branch_on == ("fitness for surgery and expected survival of at least 3 months (team assessment)",)
    fit, unfit = rec.branches
    assert fit.when["fit_for_surgery"] is True and fit.when["expected_survival_at_least_months"] == 3.0
    assert fit.statement == "Separation surgery, then SBRT."
    assert unfit.statement.startswith("Palliative cEBRT")
    assert all(b.citations and b.reasons for b in rec.branches)


def test_branch_names_only_the_judgement_still_missing_patchell2005() -> None:
    # Fit is recorded, survival is not: only expected survival (>= 3 months, Patchell 2005) picks the branch.
    rec = _rule(standard("kidney", "3", 6, fit=True, months=None, level="T9", deficit=True), "noms")
    assert rec.status.value == "branched"
    assert rec.branch_on == ("expected survival of at least 3 months (team estimate)",)
    assert [b.condition for b in rec.branches] == ["expected survival >= 3 months", "expected survival < 3 months"]


def test_recorded_fitness_and_survival_decide_instead_of_branching() -> None:
    rec = _rule(standard("kidney", "3", 6, fit=False, months=2, level="T9", deficit=True), "noms")
    assert rec.status.value == "decided" and rec.data["treatment"] == "palliative_cebrt" and not rec.branches


def test_survival_is_offered_from_the_scores_never_used_as_the_estimate() -> None:
    # Revised Tokuhashi 12-15 = predicted survival >= 1 year (NICE CG75 reproduction): offered as "at least"
    # 3 months, with the instrument's verification status, while the branch stays open.
    case = make_case("breast", mri(0, "T9", escc="3", sins=6), pain(0, nrs=2), neuro(0, motor_deficit=True,
                     frankel="D"), _burden(0), {"type": "performance", "day": 0, "kps": 90},
                     {"type": "disease_burden", "day": 0, "vertebral_mets": 1, "extraspinal_bone_mets": 0,
                      "visceral_mets_present": False})
    rec = _rule(case, "surgical_candidacy")
    assert rec.status.value == "branched"
    # breast 5 + KPS 90 (2) + solitary spine and no extraspinal bone metastasis (2 + 2) + Frankel D (1)
    # = at least 12: the >= 1 year band whatever the visceral item.
    tokuhashi = next(o for o in rec.survival_offers if o.instrument == "tokuhashi_revised")
    assert tokuhashi.survival.startswith("Predicted survival >= 1 year (12-15)")
    assert tokuhashi.supports == "at_least" and tokuhashi.threshold_months == 3.0
    assert tokuhashi.verification == "unverified"  # the instrument's own status, shown as is
    bauer = next(o for o in rec.survival_offers if o.instrument == "bauer")
    assert bauer.supports == "cannot_tell"  # "1-year survival about 25%/50%" states no bound: never turned into one
    assert all(o.instrument != "tomita" for o in rec.survival_offers)
    assert "fitness for surgery (team assessment)" in rec.missing and "expected survival (months)" in rec.missing


# ------------------------------------------------------------------ item 4: candidacy beyond Patchell


def test_instability_without_deficit_is_a_stabilisation_candidate_per_noms_and_sins() -> None:
    # SINS 14 (unstable, Fisher 2010), ESCC 1a, intact neurology: no decompression in question, but
    # stabilisation is indicated whatever N and O (NOMS); unfit -> percutaneous/cement/bracing.
    case = standard("breast", "1a", 14, fit=None, months=None, level="T8", deficit=False)
    rec = _rule(case, "surgical_candidacy")
    assert rec.status.value == "branched"
    assert rec.data["indications"]["stabilisation"] == "indicated"
    assert rec.data["indications"]["decompression"] == "not_in_question"
    fit, unfit = rec.branches
    assert "stabilisation (open or percutaneous" in fit.statement
    assert "percutaneous fixation or cement augmentation if tolerable" in unfit.statement
    decided = _rule(standard("breast", "1a", 14, fit=True, months=12, level="T8"), "surgical_candidacy")
    assert decided.status.value == "decided" and any("stabilisation (open" in op
                                                     for op in decided.data["operations"])


def test_solitary_rcc_with_good_prognosis_is_an_excision_candidate_per_tomita2001() -> None:
    # Kidney = moderate growth (2), no visceral metastases (0), solitary (1): Tomita 3 -> wide or
    # marginal excision (en bloc) for long-term control; revised Tokuhashi 12-15 -> excisional surgery.
    events = [mri(0, "L2", escc="1a", sins=6), pain(0, character="occasional", nrs=3),
              neuro(0, motor_deficit=False, frankel="E"), _burden(0), {"type": "performance", "day": 0, "kps": 90}]
    branched = _rule(make_case("kidney", *events), "surgical_candidacy")
    assert branched.data["indications"]["excision"] == "indicated"
    assert branched.status.value == "branched"
    long, *rest = branched.branches
    assert long.when["expected_survival_at_least_months"] == 12.0 and "en bloc" in long.statement
    assert all("no excisional surgery" in b.statement for b in rest)
    decided = _rule(make_case("kidney", *events, fitness(0, True, 24)), "surgical_candidacy")
    assert decided.status.value == "decided" and any("en bloc" in op for op in decided.data["operations"])


def test_multiple_metastases_are_not_excision_candidates_per_tomita2001() -> None:
    events = [mri(0, "L2", escc="1a", sins=6), pain(0, character="occasional", nrs=3),
              neuro(0, motor_deficit=False, frankel="E"), _burden(0, "multiple", True), fitness(0, True, 24)]
    rec = _rule(make_case("lung_nsclc", *events), "surgical_candidacy")
    assert rec.data["indications"]["excision"] == "not_indicated"


def test_painful_fracture_without_compression_gets_cement_per_r_noms_7() -> None:
    case = make_case("breast", mri(0, "L1", escc="0", sins=7, pathological_fracture=True, retropulsion=False),
                     pain(0, nrs=7), neuro(0, motor_deficit=False, frankel="E"), fitness(0, True, 12))
    rec = _rule(case, "surgical_candidacy")
    assert rec.data["indications"]["cement"] == "indicated"
    assert any("vertebral augmentation" in op for op in rec.data["operations"])


def test_non_contiguous_compression_is_handled_not_excluded() -> None:
    case = make_case("kidney", {"type": "imaging", "day": 0, "modality": "mri", "findings": [
        {"level": "T4", "escc": "3", "lesion_type": "lytic", "alignment": "normal", "collapse": "none",
         "posterolateral": "none"},
        {"level": "T10", "escc": "2", "lesion_type": "lytic", "alignment": "normal", "collapse": "none",
         "posterolateral": "none"}]}, pain(0, character="occasional", nrs=4),
        neuro(0, motor_deficit=True, frankel="D"), fitness(0, True, 12))
    rec = _rule(case, "surgical_candidacy")
    assert rec.status.value != "not_applicable"
    assert rec.data["indications"]["decompression"] == "not_indicated"
    assert any("non-contiguous" in r.text.lower() for r in rec.reasons)


# ------------------------------------------------------------------ item 5: after treatment fails


def _sbrt(day: int, dose: float | None, fractions: int | None) -> dict[str, Any]:
    event: dict[str, Any] = {"type": "radiotherapy", "day": day, "technique": "sbrt", "levels": "L2"}
    if dose is not None:
        event.update(dose_gy=dose, fractions=fractions)
    return event


def _failed_sbrt(dose: float | None, fractions: int | None) -> Any:
    return make_case("kidney", mri(0, "L2", escc="1a", sins=6), _sbrt(0, dose, fractions),
                     mri(240, "L2", escc="2", sins=6), pain(240, character="occasional", nrs=5),
                     neuro(240, motor_deficit=False, frankel="E"),
                     {"type": "outcome", "day": 240, "aspect": "local_control", "local_recurrence": True})


def test_failure_after_sbrt_with_known_dose_checks_the_cord_budget_per_sahgal2012() -> None:
    # 24 Gy/2 -> EQD2 (alpha/beta 2) = 24 x (1 + 12/2) / 2 = 84 Gy2/2, above the ~70 Gy2/2 cumulative limit.
    case = _failed_sbrt(24, 2)
    reirr = _rule(case, "reirradiation_safety", 240)
    assert reirr.status.value == "decided" and reirr.data["safe"] is False
    assert "no dose budget left" in reirr.statement
    assert any("derived for SBRT after conventional RT" in c for c in reirr.cautions)
    rec = _rule(case, "after_local_recurrence", 240)
    assert rec.data["history"] == ["sbrt"]
    assert any(o.startswith("Conventional re-irradiation of the spine: 8 Gy/1, 20 Gy/5, 24 Gy/6 or 20 Gy/8")
               for o in rec.options)
    assert any("Systemic therapy appropriate to the histology (kidney)" in o for o in rec.options)


def test_failure_after_sbrt_without_dose_says_the_cord_dose_cannot_be_checked() -> None:
    case = _failed_sbrt(None, None)
    reirr = _rule(case, "reirradiation_safety", 240)
    assert reirr.status.value == "needs_information"
    assert "not recorded" in reirr.statement and "total dose (Gy) of the radiotherapy on day 0" in reirr.missing
    rec = _rule(case, "after_local_recurrence", 240)
    assert rec.status.value != "not_applicable"


def test_high_grade_failure_after_sbrt_branches_on_fitness_per_laufer2010_and_patchell2005() -> None:
    rec = _rule(_failed_sbrt(24, 2), "after_local_recurrence", 240)
    assert rec.status.value == "branched"
    operate, conservative = rec.branches
    assert operate.statement.startswith("Surgery after SBRT failure") and "irradiated field" in operate.statement
    assert conservative.statement.startswith("Non-operative")


def test_failure_after_cement_starts_radiotherapy_first() -> None:
    case = make_case("breast", mri(0, "L1", escc="0", sins=7, pathological_fracture=True),
                     {"type": "cement_augmentation", "day": 1, "levels": "L1"},
                     mri(120, "L1", escc="1b"),
                     {"type": "outcome", "day": 120, "aspect": "local_control", "local_recurrence": True})
    rec = _rule(case, "after_local_recurrence", 120)
    assert rec.data["history"] == ["cement"]
    assert any(o.startswith("Cement augmentation did not treat the tumour") for o in rec.options)


def test_second_failure_is_counted_and_read_as_such() -> None:
    case = make_case("kidney", mri(0, "L2", escc="1a", sins=6),
                     {"type": "radiotherapy", "day": 0, "technique": "cebrt", "levels": "L2", "dose_gy": 30,
                      "fractions": 10},
                     {"type": "outcome", "day": 200, "aspect": "local_control", "local_recurrence": True},
                     _sbrt(210, 9, 1),
                     mri(400, "L2", escc="2", sins=6),
                     {"type": "outcome", "day": 400, "aspect": "local_control", "local_recurrence": True})
    rec = _rule(case, "after_local_recurrence", 400)
    assert rec.data["failures"] == 2
    assert rec.data["history"] == ["cebrt", "sbrt"]
    assert any("Failure number 2" in r.text for r in rec.reasons)


# ------------------------------------------------------------------ item 1: stability not settled


def test_candidacy_without_sins_branches_per_sins_band_per_noms_and_fisher2010() -> None:
    # Breast, ESCC 0 (no cord compression: decompression not in question), fit and 12 months recorded, SINS
    # not scored (no SINS item recorded; pain character not stated): what to do is stabilisation by the SINS
    # band, NOMS R-NOMS-6 (13-18 stabilise whatever N and O) and R-M-2 (7-12 spinal surgical opinion), Fisher 2010
    # bands. The band picks the branch; nothing is assumed about it.
    case = make_case("breast", mri(0, "T8", escc="0"), neuro(0, motor_deficit=False, frankel="E"), fitness(0, True, 12))
    rec = _rule(case, "surgical_candidacy")
    assert rec.status.value == "branched", rec.statement
    assert rec.data["indications"]["stabilisation"] == "depends_on_sins_band"
    assert rec.branch_on[0].startswith("spinal stability: the SINS band")
    conditions = [b.condition for b in rec.branches]
    assert conditions[-1] == "SINS 13-18 (unstable)"
    assert "stabilisation (open or percutaneous" in rec.branches[-1].statement
    assert "SINS 0-6 (stable)" in conditions[0] and "open" not in rec.branches[0].statement
    assert any("SINS" in m for m in rec.missing)


def test_candidacy_without_sins_or_fitness_names_both_facts_patchell2005_fisher2010() -> None:
    case = make_case("breast", mri(0, "T8", escc="0"), neuro(0, motor_deficit=False, frankel="E"))
    rec = _rule(case, "surgical_candidacy")
    assert rec.status.value == "branched", rec.statement
    assert len(rec.branch_on) == 2 and rec.branch_on[1].startswith("spinal stability")
    fit, unfit = rec.branches
    assert "if SINS 13-18 (unstable): stabilisation (open" in fit.statement
    assert "percutaneous fixation or cement augmentation if tolerable" in unfit.statement
    assert any("preference" in c for c in rec.cautions)


# ------------------------------------------------------------------ item 5: failures stated on imaging


def _rt_then_study(finding: dict[str, Any], *extra: dict[str, Any]) -> Any:
    return make_case("kidney", mri(0, "T9", escc="1a"),
                     {"id": "rt", "type": "radiotherapy", "day": 10, "levels": "T9"},
                     {"id": "study", "type": "imaging", "day": 200, "modality": "mri",
                      "findings": [{"level": "T9", **finding}]}, *extra)


def test_progression_stated_in_an_imaging_findings_status_reopens_the_decision_laufer2010() -> None:
    # A progression at an irradiated level, stated in the finding's structured status, is a failure after RT
    # (D12): the recurrence rule re-opens (Laufer 2010; Sahgal 2012); free text alone is never read.
    rec = _rule(_rt_then_study({"status": "progression", "status_certainty": "possible"}), "after_local_recurrence",
                200)
    assert rec.status.value != "not_applicable", rec.statement
    assert any("progression (possible, as stated) at T9, stated on imaging" in r.text for r in rec.reasons)
    note_only = _rule(_rt_then_study({"note": "worrying for tumour growth"}), "after_local_recurrence", 200)
    assert note_only.status.value == "not_applicable"


def test_progression_of_an_untreated_level_is_not_a_treatment_failure() -> None:
    case = make_case("kidney", mri(0, "T9", escc="1a"),
                     {"id": "study", "type": "imaging", "day": 200, "modality": "mri",
                      "findings": [{"level": "T9", "status": "progression"}]})
    assert _rule(case, "after_local_recurrence", 200).status.value == "not_applicable"


def test_an_outcome_and_the_study_of_one_recurrence_count_once() -> None:
    from spinemet.case.snapshot import snapshot
    from spinemet.instruments import assess_snapshot
    from spinemet.pathway.context import RuleInput, results_by_key
    from spinemet.pathway.failure import failure_count

    case = _rt_then_study({"status": "recurrence"}, {"type": "outcome", "day": 200, "aspect": "local_control",
                                                     "local_recurrence": True})
    snap = snapshot(case, 200)
    assert failure_count(RuleInput(snap, results_by_key(assess_snapshot(snap)))) == 1
