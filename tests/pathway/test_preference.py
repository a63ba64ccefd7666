"""The patient's recorded treatment preference (issue 14: "fitness for surgery, expected survival, patient
preference"). LMNOP counts the patient's wishes beside fitness and prognosis (Ivanishvili 2014); a recorded
refusal of surgery takes the NOMS table's non-surgical column (Laufer 2013: "S: no") and the non-surgical side
of candidacy (Patchell 2005 concerns patients who accept surgery). Expectations written from the table.
"""

from __future__ import annotations

from typing import Any

from spinemet.case.model import Case
from spinemet.pathway import Recommendation

from .cases import fitness, make_case, mri, neuro, pain, run


def _rule(case: Case, rule: str, day: int | None = None) -> Recommendation:
    plan = run(case, day).plan
    return plan.get(rule) or next(r for r in plan.not_applicable if r.rule == rule)


def _rcc_escc3(*extra: dict[str, Any]) -> Case:
    # RCC (radioresistant), ESCC 3 (high grade), SINS 6 at T9 (stable), deficit: fit -> separation surgery then
    # SBRT (R-NOMS-4); not a surgical candidate -> palliative cEBRT (R-NOMS-5). Fitness and survival unrecorded.
    return make_case("kidney", mri(0, "T9", escc="3", sins=6), pain(0, nrs=6),
                     neuro(0, motor_deficit=True, frankel="D"), *extra)


def test_without_a_preference_noms_branches_and_names_the_preference_laufer2013() -> None:
    rec = _rule(_rcc_escc3(), "noms")
    assert rec.status.value == "branched"
    assert any("preference" in c and "none is recorded" in c for c in rec.cautions)


def test_declined_surgery_picks_the_non_surgical_noms_cell_with_its_day_laufer2013_ivanishvili2014() -> None:
    rec = _rule(_rcc_escc3({"type": "fitness", "day": 2, "preference": "declines_surgery"}), "noms")
    assert rec.status.value == "decided", rec.statement
    assert rec.data["treatment"] == "palliative_cebrt"
    assert any("the patient declined surgery, recorded day 2" in r.text for r in rec.reasons)
    assert not any("none is recorded" in c for c in rec.cautions)


def test_declined_surgery_outweighs_recorded_fitness_laufer2013() -> None:
    # Fit with 12 months would take separation surgery; the patient's refusal takes the non-surgical cell.
    fit = _rule(_rcc_escc3(fitness(0, True, 12)), "noms")
    assert fit.data["treatment"] != "palliative_cebrt"
    declined = _rule(_rcc_escc3(fitness(0, True, 12, preference="declines_surgery")), "noms")
    assert declined.data["treatment"] == "palliative_cebrt"


def test_a_later_fitness_record_without_preference_keeps_the_recorded_refusal() -> None:
    rec = _rule(_rcc_escc3({"type": "fitness", "day": 1, "preference": "declines_surgery"},
                           {"type": "fitness", "day": 3, "asa_class": 2}), "noms")
    assert rec.data["treatment"] == "palliative_cebrt"


def test_accepted_surgery_keeps_the_branches_without_the_preference_caution() -> None:
    # Accepting surgery does not make the patient fit: S still branches on the team's judgement.
    rec = _rule(_rcc_escc3({"type": "fitness", "day": 0, "preference": "accepts_surgery"}), "noms")
    assert rec.status.value == "branched"
    assert not any("preference" in c for c in rec.cautions)


def test_preference_undecided_keeps_the_caution() -> None:
    rec = _rule(_rcc_escc3({"type": "fitness", "day": 0, "preference": "undecided"}), "noms")
    assert rec.status.value == "branched" and any("none is recorded" in c for c in rec.cautions)


def test_declined_radiotherapy_is_said_beside_a_radiotherapy_answer() -> None:
    rec = _rule(_rcc_escc3(fitness(0, False, 2, preference="declines_radiotherapy")), "noms")
    assert rec.data["treatment"] == "palliative_cebrt"
    assert any("declined radiotherapy, recorded day 0" in c for c in rec.cautions)


def test_declined_surgery_takes_the_non_surgical_candidacy_side_patchell2005() -> None:
    # Without a preference: Patchell-type decompression (single area, deficit, radioresistant) branches on S.
    before = _rule(_rcc_escc3(), "surgical_candidacy")
    assert before.status.value == "branched", before.statement
    rec = _rule(_rcc_escc3({"type": "fitness", "day": 5, "preference": "declines_surgery"}), "surgical_candidacy")
    assert rec.status.value == "decided", rec.statement
    assert rec.statement.startswith("No open operation: the patient declined surgery, recorded day 5.")
    assert "Radiotherapy rather than open decompression" in rec.statement
    assert rec.data["candidate"] is False
    assert "ivanishvili_2014_lmnop" in rec.citations
    assert not any("none is recorded" in c for c in rec.cautions)


def test_declined_surgery_decides_even_when_a_patchell_fact_is_missing() -> None:
    # No ESCC grade nor cord compression on the MRI: decompression cannot be judged; a refusal of surgery makes
    # that moot.
    case = make_case("kidney", mri(0, "T9", sins=6), pain(0, nrs=6))
    assert _rule(case, "surgical_candidacy").status.value == "needs_information"
    declined = make_case("kidney", mri(0, "T9", sins=6), pain(0, nrs=6),
                         {"type": "fitness", "day": 0, "preference": "declines_surgery"})
    assert _rule(declined, "surgical_candidacy").status.value == "decided"


def test_comfort_care_only_is_non_surgical_and_says_radiotherapy_only_if_wished() -> None:
    rec = _rule(_rcc_escc3({"type": "fitness", "day": 0, "preference": "comfort_care_only"}), "noms")
    assert rec.data["treatment"] == "palliative_cebrt"
    assert any("comfort care only" in c and "only if the patient wishes it" in c for c in rec.cautions)


def test_a_bad_preference_is_refused_at_its_field() -> None:
    import pytest
    from pydantic import ValidationError

    with pytest.raises(ValidationError) as err:
        _rcc_escc3({"type": "fitness", "day": 0, "preference": "maybe"})
    text = str(err.value)
    assert "preference" in text and "declines_surgery" in text
