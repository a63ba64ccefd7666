"""Patchell 2005 excluded patients paraplegic for more than 48 hours. An examination's stated duration
("unable to walk for 48 hours", nguyen2015) bounds how long any paraplegia can have lasted: at most 48 h
meets the criterion whatever the completeness; a longer deficit says nothing of how long it has been complete.
"""

from __future__ import annotations

from typing import Any

from .cases import make_case, mri, pain, run


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


def test_an_unknown_paraplegia_criterion_still_needs_information_as_the_story_does() -> None:
    # Same, but the deficit's severity and duration are not recorded (the story's day 0): not laid out.
    case = make_case("kidney", {"type": "imaging", "day": 0, "findings": [{"cord_compression": True}]},
                     {"type": "neuro_exam", "day": 0, "motor_deficit": True})
    rec = run(case, 0).plan.get("surgical_candidacy")
    assert rec is not None and rec.status.value == "needs_information"
