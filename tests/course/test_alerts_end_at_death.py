"""The course's own alert list stops at a recorded death (issue 14: no alert after the death; those
raised before stay as history).

Checked against published cases whose source records the death:
- Koyama 2019 (breast, cauda equina): operated, no follow-up imaging recorded, died 9 months after the
  operation (placement day 252). The follow-up-imaging alert falls due 90 days after the operation,
  before the death: it stays in the history but is no longer active after the death.
- Albarbarawi 2024 (RCC, conus): died 3 months after the operation (placement day 84). Follow-up
  imaging falls due 90 days after the operation, later than the death: no alert is raised at all.
"""

from __future__ import annotations

from pathlib import Path

from spinemet.course import alerts_on, analyse
from spinemet.io.casefile import load_case

PUBLISHED = Path(__file__).resolve().parents[1] / "cases" / "published"


def test_alerts_raised_before_the_death_end_at_it_koyama2019() -> None:
    case = load_case(PUBLISHED / "koyama2019-breast-cauda-equina" / "case.yaml")
    assert case.death_day == 252
    course = analyse(case)
    follow_up = [a for a in course.alerts if a.key == "follow_up_imaging_missing"]
    assert {a.level for a in follow_up} == {"L1", "L2", "L3"}  # history kept: raised on day 90, before the death
    assert all(a.day == 90 and a.active_until == 252 and a.data["ended_by"] == "death" for a in follow_up)
    assert alerts_on(course, 120)  # alive and without follow-up imaging: the alert is active
    assert alerts_on(course, 253) == () and alerts_on(course, 400) == ()


def test_no_alert_falls_due_after_the_death_albarbarawi2024() -> None:
    case = load_case(PUBLISHED / "albarbarawi2024-rcc-conus" / "case.yaml")
    assert case.death_day == 84
    course = analyse(case)
    assert all(a.day <= 84 for a in course.alerts)
    assert not any(a.key == "follow_up_imaging_missing" for a in course.alerts)
    assert alerts_on(course, 90) == ()
