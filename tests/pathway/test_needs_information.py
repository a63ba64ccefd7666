"""Every rule's needs_information path: remove an input and the rule names it instead of deciding."""

from __future__ import annotations

from typing import Any

import pytest

from spinemet.case.snapshot import snapshot
from spinemet.instruments import assess_snapshot
from spinemet.pathway import Alert, Recommendation, Severity, build_plan

from .cases import fitness, make_case, mri, neuro, pain

SURGERY = {"type": "surgery", "day": 0, "procedures": ["decompression", "posterior_fixation"], "levels": "T9",
           "fixation_span": "T7-T11"}
RECURRENCE = Alert("early_local_recurrence", 20, Severity.URGENT, "recurrence", "ESCC 3",
                   reopens=("after_local_recurrence",))


def rec(case: Any, rule: str, day: int | None = None, alerts: tuple[Alert, ...] = ()) -> Recommendation:
    snap = snapshot(case, day)
    plan = build_plan(snap, assess_snapshot(snap), alerts)
    found = plan.get(rule) or next(r for r in plan.not_applicable if r.rule == rule)
    return found


def _needs(r: Recommendation, fragment: str) -> None:
    assert r.status.value == "needs_information", r.statement
    assert any(fragment in m for m in r.missing), r.missing


def _branches_on(r: Recommendation, fragment: str) -> None:
    """A bedside judgement alone is missing: the rule lays out the branches and names the fact (issue 14)."""
    assert r.status.value == "branched", r.statement
    assert any(fragment in m for m in r.missing), r.missing
    assert any(fragment in b for b in r.branch_on), r.branch_on
    assert len(r.branches) >= 2 and all(b.condition and b.statement for b in r.branches)


@pytest.mark.parametrize("rule", ["mscc_urgency", "first_measures", "imaging_due"])
def test_triage_rules_need_the_neurological_examination(rule: str) -> None:
    case = make_case("breast", mri(0, "T9", escc="2"), pain(0, spinal_region="thoracic"))
    _needs(rec(case, rule), "neurological examination")


def test_triage_with_normal_exam_but_no_pain_record_needs_pain() -> None:
    case = make_case("breast", mri(0, "T9", escc="1a"), neuro(0, motor_deficit=False, frankel="E"))
    _needs(rec(case, "mscc_urgency"), "spinal pain assessment")


FULL = [mri(0, "T9", escc="3", sins=6), pain(0), neuro(0, motor_deficit=True, frankel="C"), fitness(0, True, 12)]


@pytest.mark.parametrize(("drop", "edit", "fragment"), [
    (None, {"escc": None}, "ESCC grade"),
])
def test_noms_names_each_missing_assessment(drop: int | None, edit: dict[str, Any] | None, fragment: str) -> None:
    events = list(FULL)
    if drop is not None:
        events.pop(drop)
    if edit is not None:
        events[0] = mri(0, "T9", escc=edit.get("escc", "3"), sins=edit.get("sins", 6)) if "escc" not in edit or edit[
            "escc"] else mri(0, "T9", sins=6)
        if "sins" in edit:
            events[0] = mri(0, "T9", escc="3")
    _needs(rec(make_case("kidney", *events), "noms"), fragment)


def test_noms_with_sins_unscored_settles_stability_when_every_band_gives_one_kind_laufer2013() -> None:
    # Kidney (radioresistant), ESCC 3, fit, 12 months: separation surgery then SBRT when stable (R-NOMS-4), with
    # stabilisation when unstable (R-NOMS-6); SINS 7-12 asks for a surgical opinion between the two (R-M-2).
    # Every band gives the same kind of treatment, so NOMS decides and still names the SINS items it lacks.
    events = [mri(0, "T9", escc="3"), *FULL[1:]]
    r = rec(make_case("kidney", *events), "noms")
    assert r.status.value == "decided", r.statement
    assert r.data["treatment"] == "separation_sbrt_stabilise_if_unstable"
    assert r.statement.startswith("Separation surgery, then SBRT; with stabilisation if the spine is unstable")
    assert any("SINS item" in m for m in r.missing), r.missing


def test_noms_branches_per_stability_band_when_the_bands_change_the_treatment_laufer2013() -> None:
    # ESCC 1c (grey zone), kidney, not fit: stable -> SRS if cord constraints allow, else palliative cEBRT;
    # unstable and not fit -> RT with bracing or cement if tolerable (NOMS "unstable, not fit" row); SINS 7-12 ->
    # surgical opinion. Different kinds of treatment: one branch per SINS band, named as the deciding fact.
    events = [mri(0, "T9", escc="1c"), FULL[1], FULL[2], fitness(0, False, 12)]
    r = rec(make_case("kidney", *events), "noms")
    assert r.status.value == "branched", r.statement
    assert [b.when["sins_band"] for b in r.branches] == ["stable", "indeterminate", "unstable"]
    assert r.branch_on[0].startswith("spinal stability: the SINS band")
    assert r.branches[0].statement.startswith("MDT (ESCC 1c)") and r.branches[2].statement.startswith("Radiotherapy with")


def test_noms_needs_radiosensitivity_when_histology_unclassified() -> None:
    _needs(rec(make_case("unknown", *FULL), "noms"), "radiosensitivity")


def test_noms_without_fitness_branches_on_it() -> None:
    _branches_on(rec(make_case("kidney", *FULL[:3]), "noms"), "fitness for surgery")


@pytest.mark.parametrize(("replacement", "fragment"), [
    (fitness(0, None, 12), "fitness for surgery"),
    (fitness(0, True, None), "expected survival"),
])
def test_surgical_candidacy_branches_on_the_one_missing_judgement(replacement: dict[str, Any], fragment: str) -> None:
    events = list(FULL)
    events[3] = replacement
    _branches_on(rec(make_case("kidney", *events), "surgical_candidacy"), fragment)


@pytest.mark.parametrize(("replacement", "fragment"), [
    (neuro(0, motor_deficit=True, frankel="A"), "duration of complete paraplegia"),
    (neuro(0, motor_deficit=True), "severity of the deficit"),
])
def test_surgical_candidacy_branches_on_an_open_paraplegia_criterion_patchell2005(replacement: dict[str, Any],
                                                                                 fragment: str) -> None:
    # Patchell 2005 excluded total paraplegia for more than 48 h: when only that recorded fact is open, each
    # answer is laid out and the fact is named (with what the record lacks to answer it), rather than a stop.
    events = list(FULL)
    events[2] = replacement
    _branches_on(rec(make_case("kidney", *events), "surgical_candidacy"), fragment)


def test_fixation_span_needs_the_decompressed_level() -> None:
    surgery = {"type": "surgery", "day": 0, "procedures": ["posterior_fixation"], "fixation_span": "T7-T11"}
    _needs(rec(make_case("kidney", surgery), "fixation_span"), "decompressed level")


def test_adjuvant_timing_has_no_unknown_input_but_names_the_wound() -> None:
    # Its only inputs are the recorded operation and RT days, which are always known once recorded;
    # the wound status (not in the record yet) is named as a caution instead.
    r = rec(make_case("kidney", mri(0, "T9", escc="3"), SURGERY), "adjuvant_rt_timing", 10)
    assert r.status.value == "decided" and any("Wound status" in c for c in r.cautions)
    assert rec(make_case("kidney", mri(0, "T9", escc="3")), "adjuvant_rt_timing").status.value == "not_applicable"


@pytest.mark.parametrize(("events", "fragment"), [
    ([mri(0, "L3", escc="0", sins=6), pain(0), neuro(0, motor_deficit=False, frankel="E")], "ECOG"),
    ([mri(0, "L3", escc="0"), neuro(0, motor_deficit=False, frankel="E"),
      {"type": "performance", "day": 0, "ecog": 1}], "SINS"),
    ([pain(0)], "neurological examination"),
])
def test_rt_schedule_names_what_decides_sbrt(events: list[dict[str, Any]], fragment: str) -> None:
    _needs(rec(make_case("kidney", *events), "rt_schedule"), fragment)


def test_reirradiation_needs_dose_and_fractions() -> None:
    first = {"type": "radiotherapy", "day": 0, "levels": "T9"}
    second = {"type": "radiotherapy", "day": 200, "dose_gy": 9, "fractions": 1, "levels": "T9"}
    r = rec(make_case("kidney", mri(0, "T9", escc="1a"), first, second), "reirradiation_safety", 200)
    _needs(r, "total dose (Gy) of the radiotherapy on day 0")
    assert any("number of fractions" in m for m in r.missing)


@pytest.mark.parametrize(("fit", "months", "fragment"), [
    (None, 12, "fitness for surgery"), (True, None, "expected survival")])
def test_recurrence_names_missing_facts(fit: bool | None, months: float | None, fragment: str) -> None:
    case = make_case("lung_carcinoid", mri(0, "T9", escc="3"), SURGERY, mri(20, "T9", escc="3"),
                     fitness(20, fit, months), net={})
    _needs(rec(case, "after_local_recurrence", 20, (RECURRENCE,)), fragment)


def test_recurrence_branches_on_a_bounded_net_class_lesperance2012_laufer2010() -> None:
    # A lung NEN of unreported type (as in the story) is bounded to the WHO lung classes: a high-grade carcinoma
    # (LCNEC, SCLC) gets systemic therapy with RT before revision (R-REC-3, CEPO 2012); a carcinoid (intermediate
    # radiosensitivity, R-O-3) with no RT yet at the level is not a revision candidate by R-REC-1 (Laufer 2010
    # needs a radioresistant tumour or no further safe RT): RT with systemic therapy. The class picks the branch;
    # fitness does not.
    case = make_case("lung_other", mri(0, "T9", escc="3"), SURGERY, mri(20, "T9", escc="3"), net={})
    r = rec(case, "after_local_recurrence", 20, (RECURRENCE,))
    assert r.status.value == "branched", r.statement
    assert r.branch_on[0].startswith("the WHO class of the neuro-endocrine tumour"), r.branch_on
    assert not any("fitness" in m for m in r.missing), r.missing
    by_class = {tuple(b.when["net_class"]): b for b in r.branches}
    nec = by_class[("lcnec", "sclc")]
    carcinoid = by_class[("typical_carcinoid", "atypical_carcinoid")]
    assert "concurrent chemo-RT" in nec.statement and "lesperance_2012_cepo" in nec.citations
    assert "revision not indicated" in carcinoid.statement and "laufer_2010_repeat" in carcinoid.citations
    assert r.data["revision_justified"] is False


def test_recurrence_with_nothing_recorded_about_the_canal_names_the_escc_grade_laufer2010() -> None:
    # R-REC-1 (Laufer 2010) offers revision only for a high-grade (ESCC >= 2) recurrence: after RT failure of a
    # renal (radioresistant) metastasis with no canal finding, the grade decides and is named, not only fitness.
    case = make_case("kidney", mri(0, "T9", escc="1a"),
                     {"type": "radiotherapy", "day": 1, "levels": "T9", "technique": "cebrt"}, mri(150, "T9"))
    alert = Alert("late_local_recurrence", 150, Severity.URGENT, "recurrence", "progression after RT",
                  reopens=("after_local_recurrence",))
    _needs(rec(case, "after_local_recurrence", 150, (alert,)), "ESCC grade at the recurrence")


def test_recurrence_of_an_unclassified_histology_names_its_radiosensitivity_laufer2010() -> None:
    # Paraganglioma is not classified for radiosensitivity by a source here: "not classified" is not "not
    # radioresistant", so with no RT given the R-REC-1 fact (radioresistant or no further safe RT) stays open.
    case = make_case("paraganglioma", mri(0, "T9", escc="3"), SURGERY, mri(20, "T9", escc="3"), fitness(20))
    _needs(rec(case, "after_local_recurrence", 20, (RECURRENCE,)), "radiosensitivity of the histology")


def test_recurrence_ruled_out_for_revision_by_the_record_decides_without_fitness_laufer2010() -> None:
    # Breast (not radioresistant) with no RT yet at the level: R-REC-1 (Laufer 2010) does not offer revision
    # whatever the team's fitness judgement, so the rule decides non-operative care instead of asking for it.
    case = make_case("breast", mri(0, "T9", escc="3"), SURGERY, mri(20, "T9", escc="3"))
    r = rec(case, "after_local_recurrence", 20, (RECURRENCE,))
    assert r.status.value == "decided", (r.statement, r.missing)
    assert "revision not indicated" in r.statement and not r.missing


def test_net_systemic_needs_the_grade() -> None:
    # a GEP NET without its grade: G1/G2, G3 and NEC lead to different pointers (WHO 2019 digestive). (A lung
    # carcinoid no longer serves here: typical and atypical carcinoid share one branch, test_lung_carcinoid.py.)
    _needs(rec(make_case("gep_net", mri(0, "T6", escc="1a"), net={}), "net_systemic"), "NET grading")


def test_rehabilitation_needs_a_functional_baseline() -> None:
    case = make_case("kidney", mri(0, "T9", escc="3"), SURGERY)
    _needs(rec(case, "rehabilitation", 5), "neurological examination")


def test_noms_branches_per_escc_group_when_the_record_bounds_the_grade_bilsky2010_laufer2013() -> None:
    # "No cord compression" without a grade bounds ESCC to 0-1c (Bilsky 2010: low grade 0-1b, or the 1c grey
    # zone). Kidney is radioresistant: low grade -> SBRT (R-NOMS-2), 1c -> SRS if cord constraints can be met,
    # otherwise separation surgery (MDT): the ESCC group changes the treatment, so it is named as the fact that
    # picks the branch, each group laid out as the NOMS table gives it (pmid37383908, melanoma, is such a case).
    events = [mri(0, "T9", sins=6, cord_compression=False), FULL[1], FULL[2], fitness(0, True, 12)]
    r = rec(make_case("kidney", *events), "noms")
    assert r.status.value == "branched", r.statement
    assert r.branch_on[0].startswith("the ESCC grade at the worst level")
    by_group = {b.when["escc_group"]: b for b in r.branches}
    assert set(by_group) == {"low", "grey"}
    assert by_group["low"].statement.startswith("Stereotactic radiosurgery / SBRT")
    assert by_group["grey"].statement.startswith("MDT (ESCC 1c)")
    assert "ESCC grade at the worst level (axial T2 MRI)" in r.missing


def test_noms_still_needs_the_escc_grade_when_nothing_bounds_it_laufer2013() -> None:
    # No compression statement at all: low, grey and high grade all remain, and for a radioresistant tumour they
    # lead to SBRT or separation surgery: the MRI grade is truly missing (not a bedside judgement).
    events = [mri(0, "T9", sins=6), FULL[1], FULL[2], fitness(0, True, 12)]
    _needs(rec(make_case("kidney", *events), "noms"), "ESCC grade")


def test_recurrence_after_rt_of_an_ungraded_gep_net_nests_the_bedside_branches_lesperance2012_laufer2010() -> None:
    # A GEP NEN without its grade (G1-G3 or NEC, WHO 2019) recurring with ESCC 3 after conventional RT: NEC ->
    # systemic therapy with RT (R-REC-3, CEPO 2012); NET G1-G3 -> R-REC-1 applies (no further safe RT is
    # presumed after an irradiated level's failure), so fitness and survival >= 3 months pick between surgery
    # (Laufer 2010) and non-operative care: the class and then the bedside judgement pick the branch.
    rt = {"type": "radiotherapy", "day": 1, "levels": "T9", "technique": "cebrt", "dose_gy": 30, "fractions": 10}
    case = make_case("gep_net", mri(0, "T9", escc="1a"), rt, mri(200, "T9", escc="3"), net={})
    alert = Alert("late_local_recurrence", 200, Severity.URGENT, "recurrence", "ESCC 3",
                  reopens=("after_local_recurrence",))
    r = rec(case, "after_local_recurrence", 200, (alert,))
    assert r.status.value == "branched", r.statement
    assert r.branch_on[0].startswith("the WHO class") and "fitness" in r.branch_on[1]
    net = [b for b in r.branches if "net_g1" in b.when["net_class"]]
    assert {b.when.get("fit_for_surgery", False) for b in net} == {True, False}
    assert any("Laufer 2010" in b.statement for b in net)
    assert r.survival_offers  # survival offered from the computed scores, not taken as the team's estimate
