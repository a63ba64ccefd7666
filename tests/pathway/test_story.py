"""The story case (lung NET to T6) through the pathway at presentation and at the recurrence."""

from __future__ import annotations

from spinemet.case.model import Case

from .cases import run


def test_presentation_is_immediate_mscc_with_mri_and_dexamethasone(story: Case) -> None:
    plan = run(story, 0).plan
    urgency = plan.get("mscc_urgency")
    assert urgency is not None and urgency.data["urgency"] == "immediate"
    imaging = plan.get("imaging_due")
    assert imaging is not None and "24 h" in imaging.statement and imaging.data["due_by_day"] == 1
    steroids = plan.get("first_measures")
    assert steroids is not None and steroids.status.value == "decided"
    assert "Dexamethasone 16 mg" in steroids.statement and "proton-pump" in steroids.statement
    order = [r.rule for r in plan.recommendations]
    assert order.index("mscc_urgency") < order.index("first_measures") < order.index("noms")


def test_presentation_surgical_candidacy_names_known_and_missing(story: Case) -> None:
    # Patchell 2005: every criterion the abstract can answer is met; the deficit's severity is not published,
    # so whether a total paraplegia has lasted > 48 h (the trial's exclusion) is laid out as a branch beside
    # fitness and survival. The team's immediate decompression and fixation is the fit, not-paraplegic branch.
    rec = run(story, 0).plan.get("surgical_candidacy")
    assert rec is not None and rec.status.value == "branched", rec.statement
    assert any(f.startswith("whether the patient has been totally paraplegic for more than 48 h") for f in rec.branch_on)
    fit = next(b for b in rec.branches if b.when.get("fit_for_surgery") is True)
    assert "direct decompressive surgery" in fit.statement
    met = {k for k, v in rec.data["criteria"].items() if v is True}
    assert "MRI cord compression (ESCC 2-3)" in met and "single area (one level or contiguous levels)" in met
    assert "at least one neurological sign or symptom" in met
    assert "expected survival (months)" in rec.missing
    assert "fitness for surgery (team assessment)" in rec.missing
    assert any("severity of the deficit" in m for m in rec.missing)
    assert any("Age not recorded" in c for c in rec.cautions)


def test_presentation_fixation_span_matches_t3_t8(story: Case) -> None:
    rec = run(story, 0).plan.get("fixation_span")
    assert rec is not None and rec.status.value == "decided"
    assert (rec.data["above"], rec.data["below"]) == (3, 2)
    assert rec.data["construct"] == "T3-T8" and rec.data["decompressed"] == "T6"
    assert "within the convention" in rec.statement
    assert not any("junction" in r.text for r in rec.reasons)  # T3-T8 stays in the semi-rigid segment


def test_presentation_noms_does_not_guess(story: Case) -> None:
    rec = run(story, 0).plan.get("noms")
    assert rec is not None and rec.status.value == "needs_information"
    assert rec.data["N"] == ["high"]
    assert any("net_grade" in m for m in rec.missing) and any("SINS item" in m for m in rec.missing)


def test_recurrence_day_offers_options_with_reasons(story: Case) -> None:
    a = run(story, 28)
    assert {al.key for al in a.plan.alerts} >= {"early_local_recurrence"}
    rec = a.plan.get("after_local_recurrence")
    assert rec is not None and rec.status.value != "not_applicable"
    texts = " ".join(r.text for r in rec.reasons)
    assert "28 days after the operation" in texts
    assert "Instrumented field (T3-T8)" in texts
    assert "ESCC 3" in texts
    assert "New neurological deficit" in texts
    assert set(rec.data["risks"]) == {"recent surgery (28 days ago)", "instrumented field"}


def test_recurrence_day_does_not_recommend_a_second_operation(story: Case) -> None:
    rec = run(story, 28).plan.get("after_local_recurrence")
    assert rec is not None
    assert rec.data["revision_justified"] is False
    revision = next(o for o in rec.options if o.startswith("Revision decompression"))
    assert revision.startswith("Revision decompression NOT recommended")
    assert "fitness for surgery" in revision and "expected survival" in revision
    assert any("chemo-radiotherapy" in o for o in rec.options)
    # Day 28 is laid out by the lung NEN's class (bounded, not reported): LCNEC/SCLC -> concurrent chemo-RT in
    # preference to revision (R-REC-3, CEPO 2012; what the team gave); carcinoid -> RT with systemic therapy, no
    # revision since no RT has been given (R-REC-1, Laufer 2010). Neither branch turns on fitness.
    assert rec.status.value == "branched"
    assert rec.missing and rec.missing[0].startswith("the WHO class of the neuro-endocrine tumour")
    assert any("concurrent chemo-RT" in b.statement for b in rec.branches)


def test_recurrence_reopens_urgency_and_closes_first_line_choice(story: Case) -> None:
    plan = run(story, 28).plan
    urgency = plan.get("mscc_urgency")
    assert urgency is not None and urgency.data["urgency"] == "immediate"
    assert plan.get("noms") is None  # treatment already given: NOMS is not re-run, the recurrence rule is
    assert any(r.rule == "noms" for r in plan.not_applicable)


def test_final_visit_recovery(story: Case) -> None:
    plan = run(story, 180).plan
    rehab = plan.get("rehabilitation")
    assert rehab is not None and rehab.data == {"scorad": 2, "trend": "better"}
    assert plan.get("after_local_recurrence") is None
    assert plan.get("mscc_urgency") is None
