"""Patchell 2005 excluded patients paraplegic for more than 48 hours. An examination's stated duration
("unable to walk for 48 hours", nguyen2015) bounds how long any paraplegia can have lasted: at most 48 h
meets the criterion whatever the completeness; a longer deficit says nothing of how long it has been complete.
"""

from __future__ import annotations

from typing import Any

from .cases import fitness, make_case, mri, neuro, pain, run


def _criterion(exam: dict[str, Any]) -> bool | None:
    case = make_case("kidney", mri(0, "T9", escc="3", sins=6), pain(0, nrs=6), {"type": "neuro_exam", "day": 0, **exam})
    rec = run(case, 0).plan.get("surgical_candidacy")
    assert rec is not None
    met: bool | None = rec.data["criteria"]["not completely paraplegic for > 48 h"]
    return met


def test_a_deficit_of_at_most_48_hours_meets_the_patchell_paraplegia_criterion() -> None:
    assert _criterion({"walking": "non_ambulatory", "duration": {"at_least": 48, "at_most": 48, "unit": "hours"}})
    assert _criterion({"motor_deficit": True, "duration": {"at_least": 1, "at_most": 2, "unit": "days"}})


def test_a_longer_or_unbounded_deficit_leaves_the_criterion_unknown() -> None:
    # Three days of weakness, or "for more than a day": how long it has been complete is not stated.
    assert _criterion({"motor_deficit": True, "duration": {"at_least": 3, "at_most": 3, "unit": "days"}}) is None
    assert _criterion({"motor_deficit": True, "duration": {"at_least": 1, "unit": "days"}}) is None
    assert _criterion({"frankel": "A", "duration": {"at_least": 5, "at_most": 5, "unit": "days"}}) is None


def test_a_sensory_only_duration_does_not_bound_a_paraplegia() -> None:
    assert _criterion({"deficits": ["numbness"], "duration": {"at_least": 1, "at_most": 1, "unit": "days"}}) is None


def test_without_a_duration_the_criterion_stays_as_before() -> None:
    assert _criterion({"motor_deficit": True}) is None
    assert _criterion({"frankel": "D"}) is True


def test_compression_without_a_level_lays_out_where_it_is_patchell2005() -> None:
    # Cord compression recorded without a level, a deficit of 48 h, kidney: every Patchell fact but the site
    # (single area; cord vs cauda equina) is known, so the site is laid out as a branch, not asked for.
    case = make_case("kidney", {"type": "imaging", "day": 0, "findings": [{"cord_compression": True}]},
                     {"type": "neuro_exam", "day": 0, "walking": "non_ambulatory",
                      "duration": {"at_least": 48, "at_most": 48, "unit": "hours"}},
                     {"type": "fitness", "day": 0, "fit_for_surgery": True, "expected_survival_months": 12})
    rec = run(case, 0).plan.get("surgical_candidacy")
    assert rec is not None and rec.status.value == "branched", rec.statement
    assert rec.data["indications"]["decompression"] == "depends_on_compression_site"
    assert rec.branch_on[0].startswith("where the compression is")
    statements = {b.condition: b.statement for b in rec.branches}
    cord = next(v for k, v in statements.items() if k.startswith("the spinal cord is compressed in one area"))
    assert "direct decompressive surgery" in cord
    other = next(v for k, v in statements.items() if k.startswith("the compression is of the cauda equina"))
    assert "decompressive" not in other
    assert "levels of cord compression" in rec.missing


def _cord_compression_with(*events: dict[str, Any]) -> Any:
    case = make_case("kidney", mri(0, "T9", escc="3", sins=6), *events)
    rec = run(case, 0).plan.get("surgical_candidacy")
    assert rec is not None
    return rec


def test_a_deficit_of_unrecorded_severity_branches_on_total_paraplegia_over_48_h_patchell2005() -> None:
    # The story's day 0: cord compression at one thoracic level, a motor deficit without grade or duration.
    # Patchell 2005 excluded only patients totally paraplegic for more than 48 h: the one recorded fact open
    # is laid out (inside the trial's population: decompression then RT if fit and >= 3 months; outside: RT),
    # not asked for as a stop.
    rec = _cord_compression_with(neuro(0, motor_deficit=True))
    assert rec.status.value == "branched", rec.statement
    assert rec.data["criteria"]["not completely paraplegic for > 48 h"] is None
    assert rec.data["indications"]["decompression"] == "depends_on_open_patchell_criteria"
    assert any(f.startswith("whether the patient has been totally paraplegic for more than 48 h") for f in rec.branch_on)
    assert "severity of the deficit (Frankel/ASIA grade) and, if complete, its duration" in rec.missing
    fit = next(b for b in rec.branches if b.when.get("fit_for_surgery") is True)
    assert fit.statement.startswith("if the patient has not been totally paraplegic for more than 48 h")
    assert "direct decompressive surgery" in fit.statement and "otherwise radiotherapy" in fit.statement
    unfit = next(b for b in rec.branches if b.when.get("fit_for_surgery_or_survival") is False)
    assert "decompressive surgery" not in unfit.statement
    assert rec.data["candidate"] is None


def test_with_fitness_recorded_each_answer_on_paraplegia_is_its_own_branch_patchell2005() -> None:
    rec = _cord_compression_with(neuro(0, motor_deficit=True), fitness(0, True, 12))
    assert rec.status.value == "branched", rec.statement
    by_answer = {b.when["paraplegia_over_48_h"][0]: b for b in rec.branches}
    assert set(by_answer) == {"inside_patchell", "outside_patchell"}
    assert "direct decompressive surgery" in by_answer["inside_patchell"].statement
    outside = by_answer["outside_patchell"]
    assert "decompressive" not in outside.statement
    assert outside.condition == "the patient has been totally paraplegic for more than 48 h"
    assert any("Outside Patchell's population" in r.text for r in outside.reasons)


def test_without_an_examination_the_branch_is_the_neurological_examination_patchell2005() -> None:
    # petrucci2021: cord compression at T5 with no examination recorded. Patchell required a neurological sign
    # or symptom (pain counts) and excluded total paraplegia > 48 h: both read the examination.
    rec = _cord_compression_with()
    assert rec.status.value == "branched", rec.statement
    assert any(f.startswith("the neurological examination") for f in rec.branch_on)
    fit = next(b for b in rec.branches if b.when.get("fit_for_surgery") is True)
    assert fit.statement.startswith("if there is a neurological sign or symptom (pain included) and no total "
                                    "paraplegia for more than 48 h")


def test_a_recorded_answer_still_decides_patchell2005() -> None:
    # Frankel D (not complete), fit, 12 months: decided; complete paraplegia for 72 h: outside Patchell, decided.
    inside = _cord_compression_with(neuro(0, motor_deficit=True, frankel="D"), fitness(0, True, 12))
    assert inside.status.value == "decided" and inside.data["candidate"] is True
    outside = _cord_compression_with(neuro(0, motor_deficit=True, frankel="A", complete_paraplegia_hours=72),
                                     fitness(0, True, 12))
    assert outside.status.value == "decided" and outside.data["candidate"] is False


def test_weakness_in_words_is_motor_function_preserved_not_a_total_paraplegia_patchell2005() -> None:
    # hadgaonkar2020: "weakness of both lower limbs". Patchell excluded total paraplegia (no motor function); the
    # Frankel declaration reads 'weakness' and '-paresis' as C or D (motor function preserved), so the criterion
    # is met; 'paraplegia' in words (A to D) leaves it open.
    assert _criterion({"motor_deficit": True, "deficits": ["weakness"], "deficit_side": "both"}) is True
    assert _criterion({"deficits": ["paraparesis"]}) is True
    assert _criterion({"motor_deficit": True, "deficits": ["paraplegia"]}) is None
