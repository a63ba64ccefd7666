"""After radiotherapy has failed at a level, re-irradiation is in question before a second course is given
(Sahgal 2012: its safety rests on the cumulative cord dose, so the first course's dose and fractions are
what is needed).

Checked against the published case Clin Neurol Neurosurg 2009 (RCC, intramedullary C5): symptoms
progressed after conventional RT (outcome ``local_failure: true``), and the team gave fractionated
radiosurgery; the first course's dose is not stated in the source.
"""

from __future__ import annotations

from .published import rule_at

CLINEURO = "clineuro2009-rcc-intramedullary-c5"


def test_clineuro2009_failure_after_rt_puts_reirradiation_in_question_and_asks_for_the_first_dose() -> None:
    before_failure = rule_at(CLINEURO, "ebrt", "reirradiation_safety")
    assert before_failure.status.value == "not_applicable"
    rec = rule_at(CLINEURO, "progression-exam", "reirradiation_safety")
    assert rec.status.value == "needs_information"
    assert any(m.startswith("total dose (Gy) of the radiotherapy") for m in rec.missing), rec.missing
    assert any(m.startswith("number of fractions of the radiotherapy") for m in rec.missing), rec.missing
    assert "sahgal_2012_reirr" in rec.citations


def test_clineuro2009_the_stated_failure_is_not_read_before_it_is_recorded() -> None:
    # the outcome stating the failure comes after the RT in the recorded order: just before it, nothing failed
    assert rule_at(CLINEURO, "failure", "reirradiation_safety", when="before").status.value == "not_applicable"


def test_failure_stated_as_local_failure_with_known_first_course_is_assessed_against_sahgal2012() -> None:
    # 30 Gy/10 cEBRT at L2 (EQD2 alpha/beta 2 = 30 x (1 + 3/2) / 2 = 37.5 Gy2/2, hand-computed), then a stated
    # local failure 200 days later: the budget left for SBRT is min(25, 70 - 37.5, 37.5) = 25 Gy2/2 and the
    # interval 200 days = 6.6 months >= 5 (Sahgal 2012) -> decided, within the limits.
    from .cases import make_case, mri, run

    case = make_case("kidney", mri(0, "L2", escc="1a", sins=6),
                     {"type": "radiotherapy", "day": 0, "technique": "cebrt", "levels": "L2", "dose_gy": 30,
                      "fractions": 10},
                     {"type": "outcome", "day": 200, "aspect": "local_control", "local_failure": True})
    plan = run(case, 200).plan
    rec = plan.get("reirradiation_safety")
    assert rec is not None and rec.status.value == "decided", rec
    assert rec.data["checks"] == {"interval since previous RT": True, "dose budget left for SBRT": True}
    assert any("37.5 Gy2/2" in r.text for r in rec.reasons)
    assert any("25.0 Gy2/2 Pmax nBED" in r.text for r in rec.reasons)
