"""After a local recurrence, a definitive treatment of the level started on the snapshot's day answers the
decision: the plan shows it in progress with the follow-up due (issue 14, item 2; response judged by SPINO,
Thibault 2015), not the open decision again. Found on the story case's day 30, where chemo-radiotherapy had
started and the plan still led with the branches of day 28."""

from __future__ import annotations

from pathlib import Path

from spinemet.assessment import assess
from spinemet.io.casefile import load_case

STORY = Path(__file__).resolve().parents[2] / "examples" / "story-lung-net-t6.yaml"


def _recurrence(day: int) -> object:
    plan = assess(load_case(STORY), day).plan
    return plan.get("after_local_recurrence") or next(r for r in plan.not_applicable
                                                       if r.rule == "after_local_recurrence")


def test_story_day_30_chemoradiotherapy_started_answers_the_recurrence() -> None:
    rec = _recurrence(30)
    assert rec.status.value == "decided"  # type: ignore[attr-defined]
    assert rec.statement.startswith("IN PROGRESS: chemo-radiotherapy started today")  # type: ignore[attr-defined]
    assert rec.data["answered_by"] == ["chemo-radiotherapy"]  # type: ignore[attr-defined]
    assert not rec.branches  # type: ignore[attr-defined]


def test_story_day_28_before_treatment_the_decision_is_still_open() -> None:
    assert _recurrence(28).status.value == "branched"  # type: ignore[attr-defined]
