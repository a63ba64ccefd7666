"""Patchell 2005 excluded patients totally paraplegic for more than 48 h. A deficit the source places on
one side only ("weakness on the right side", jain2012) leaves the other side's power, so it is not a total
paraplegia: the criterion is met from the record. 'both' or 'unspecified' says nothing of completeness.
With every measurable criterion then met, jain2012's candidacy is laid out on the bedside judgements
(fitness, expected survival >= 3 months) instead of "needs information" (issue 14 item 1).
"""

from __future__ import annotations

from typing import Any

from .cases import make_case, mri, pain, run
from .published import rule_at

CRITERION = "not completely paraplegic for > 48 h"


def _criterion(exam: dict[str, Any]) -> bool | None:
    case = make_case("kidney", mri(0, "T9", escc="3", sins=6), pain(0, nrs=6), {"type": "neuro_exam", "day": 0, **exam})
    rec = run(case, 0).plan.get("surgical_candidacy")
    assert rec is not None
    met: bool | None = rec.data["criteria"][CRITERION]
    return met


def test_a_one_sided_deficit_is_not_a_total_paraplegia() -> None:
    assert _criterion({"deficits": ["weakness"], "deficit_side": "right"}) is True
    assert _criterion({"deficits": ["weakness", "numbness"], "deficit_side": "left",
                       "deficit_limbs": ["upper", "lower"]}) is True


def test_both_sides_or_an_unspecified_side_leaves_the_criterion_unknown() -> None:
    # a deficit of unstated kind on both sides says nothing of its completeness ...
    assert _criterion({"deficits": ["unspecified_deficit"], "deficit_side": "both", "deficit_limbs": ["lower"]}) is None
    assert _criterion({"motor_deficit": True, "deficit_side": "unspecified"}) is None
    # ... while 'weakness' is read as motor function preserved (Frankel C or D, the Frankel declaration's reading
    # of the words, ISNCSCI), whatever its side: not a total paraplegia (changed 2026-11-28, pathway helper)
    assert _criterion({"deficits": ["weakness"], "deficit_side": "both", "deficit_limbs": ["lower"]}) is True


def test_jain2012_candidacy_is_laid_out_on_fitness_and_survival() -> None:
    rec = rule_at("jain2012-prostate-cervical-c6", "steroids", "surgical_candidacy", when="before")
    assert rec.data["criteria"][CRITERION] is True
    open_criteria = sorted(k for k, v in rec.data["criteria"].items() if v is None)
    assert open_criteria == ["expected survival >= 3 months", "medically fit for surgery"]
    assert rec.status.value == "branched"
    by_condition = {b.condition: b.statement for b in rec.branches}
    assert "direct decompressive surgery" in by_condition["fit for surgery and expected survival >= 3 months"]
    assert "radiotherapy rather than open decompression" in by_condition[
        "not fit for surgery, or expected survival < 3 months"]
    assert rec.branch_on[0] == "fitness for surgery and expected survival (team assessment)"
    assert "patchell2005" in rec.citations
