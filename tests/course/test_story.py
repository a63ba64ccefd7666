"""The story case end to end: early recurrence, re-opened decisions, response, recovery."""

from __future__ import annotations

from pathlib import Path

import pytest

from spinemet.anatomy import Level
from spinemet.case import Case
from spinemet.course import CourseConfig, LocalStatus, Trend, alerts_on, analyse, neuro_change
from spinemet.io.casefile import load_case

ROOT = Path(__file__).resolve().parents[2]
STORY = ROOT / "examples" / "story-lung-net-t6.yaml"


@pytest.fixture(scope="module")
def story() -> Case:
    return load_case(STORY)


def test_bundled_story_case_is_identical_to_the_example() -> None:
    bundled = ROOT / "src" / "spinemet" / "data" / "story-lung-net-t6.yaml"
    assert bundled.read_bytes() == STORY.read_bytes(), "copy examples/story-lung-net-t6.yaml to src/spinemet/data/"


def test_bundled_story_case_loads_as_package_data() -> None:
    from spinemet.cli.course_cmds import story_case

    assert story_case() == load_case(STORY)


def test_early_local_recurrence_alert_at_the_recurrence_visit(story: Case) -> None:
    analysis = analyse(story)
    recurrence_day = story.day_of(next(e for e in story.timeline if e.id == "recurrence-mri"))
    active = alerts_on(analysis, recurrence_day)
    early = [a for a in active if a.key == "early_local_recurrence"]
    assert len(early) == 1
    alert = early[0]
    assert alert.day == recurrence_day
    assert alert.level == "T6"
    assert alert.severity.value == "urgent"
    assert "after_local_recurrence" in alert.reopens
    assert "kaliya_perumal_2019" in alert.citations
    assert alert.evidence_status.value == "derived"
    assert alert.data["interval_days"] == recurrence_day
    # not active before the recurrence was seen
    assert not [a for a in alerts_on(analysis, recurrence_day - 1) if a.key == "early_local_recurrence"]


def test_new_deficit_reopens_mscc_urgency(story: Case) -> None:
    active = alerts_on(analyse(story), 28)
    assert any(a.key == "neurological_deterioration" and a.reopens == ("mscc_urgency",) for a in active)


def test_recurrence_rule_is_in_the_plan_that_day(story: Case) -> None:
    assessment = pytest.importorskip("spinemet.assessment")
    plan = assessment.assess(story, 28)
    plan = getattr(plan, "plan", plan)
    assert any("after_local_recurrence" in a.reopens for a in plan.alerts)
    assert plan.get("after_local_recurrence") is not None


def test_the_recurrence_is_local_and_early_with_its_caveat(story: Case) -> None:
    analysis = analyse(story)
    [after_surgery] = [a for a in analysis.local if a.intervention == "index-surgery" and a.level == Level.T6]
    assert after_surgery.status is LocalStatus.RECURRENCE
    assert after_surgery.timing == "early"
    assert any("residual tumour cannot be told apart" in b for b in after_surgery.basis)


def test_early_threshold_is_configurable(story: Case) -> None:
    analysis = analyse(story, CourseConfig(early_recurrence_days=14))
    assert [a.key for a in analysis.alerts if a.day == 28 and "recurrence" in a.key] == ["late_local_recurrence"]


def test_response_recorded_after_chemoradiotherapy(story: Case) -> None:
    analysis = analyse(story)
    [response] = [r for r in analysis.responses if r.intervention == "chemoradiotherapy"]
    assert response.level == Level.T6
    assert response.day == 90
    assert response.mda == "CR"
    assert response.spino == "local_control"
    assert response.epidural is Trend.IMPROVED
    [after_crt] = [a for a in analysis.local if a.intervention == "chemoradiotherapy"]
    assert after_crt.status is LocalStatus.CONTROLLED


def test_final_neurological_status_improved_versus_the_recurrence(story: Case) -> None:
    change = neuro_change(story, 28, 180)
    assert change is not None
    assert change.trend is Trend.IMPROVED
    analysis = analyse(story)
    assert analysis.neuro[-1].scorad == (2,)  # full power, walks with support
    [rehab] = analysis.rehabilitation
    assert rehab.change is not None and rehab.change.trend is Trend.IMPROVED


def test_alerts_are_answered_by_the_chemoradiotherapy(story: Case) -> None:
    analysis = analyse(story)
    assert alerts_on(analysis, 30)  # still shown on the day treatment starts
    assert not alerts_on(analysis, 31)
    assert not alerts_on(analysis, 180)
