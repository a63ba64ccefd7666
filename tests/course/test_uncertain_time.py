"""The course on uncertain time: each comparison answers yes, no or cannot tell from the days
within which the events happened (hand-built cases; thresholds from ``CourseConfig``: early
recurrence within 90 days, SBRT pseudoprogression within 180 days, 'no change' not before 56
days, follow-up imaging due 90 days after treatment)."""

from __future__ import annotations

from typing import Any

from tests.course.conftest import make_case

from spinemet.anatomy import Level
from spinemet.case import Case
from spinemet.course import EventKind, LocalStatus, analyse

_BASELINE = {"id": "mri0", "type": "imaging", "day": 0, "modality": "mri", "findings": [{"level": "T10", "escc": "1a"}]}
_SURGERY = {"id": "op", "type": "surgery", "day": 1, "procedures": ["separation_surgery", "posterior_fixation"],
            "levels": "T10", "fixation_span": "T8-T12"}
_POSTOP = {"id": "mri1", "type": "imaging", "day": 7, "modality": "mri", "findings": [{"level": "T10", "escc": "1a"}]}


def _recurrence_after(timing: dict[str, Any], *tail: dict[str, Any]) -> Case:
    """Separation surgery at T10 on day 1, clean MRI on day 7, ESCC 2 at T10 on a study timed by ``timing``."""
    study = {"type": "imaging", "modality": "mri", "findings": [{"level": "T10", "escc": "2"}], **timing}
    return make_case("uncertain-recurrence", [_BASELINE, _SURGERY, _POSTOP, study, *tail])


def _t10(case: Case) -> Any:
    [t10] = [a for a in analyse(case).local if a.level == Level.T10 and a.relation == "treated"]
    return t10


def test_recurrence_surely_within_90_days_of_a_range_is_early() -> None:
    # within one month of the operation on day 1: days 1-32, all within 90 days
    t10 = _t10(_recurrence_after({"after": {"event": "op", "at_least": 0, "at_most": 1, "unit": "months"}}))
    assert t10.status is LocalStatus.RECURRENCE and t10.timing == "early"
    assert t10.interval_days is None and t10.interval_range is not None and t10.interval_range[1] <= 90


def test_recurrence_surely_beyond_90_days_is_late() -> None:
    # four to five months after the operation: at least 112 days (4 x 28)
    case = _recurrence_after({"after": {"event": "op", "at_least": 4, "at_most": 5, "unit": "months"}})
    t10 = _t10(case)
    assert t10.timing == "late" and t10.interval_range == (112, 155)
    [alert] = [a for a in analyse(case).alerts if "recurrence" in a.key]
    assert alert.key == "late_local_recurrence"


def test_recurrence_whose_range_straddles_90_days_cannot_be_told_early_or_late() -> None:
    # two to four months after the operation: 56-124 days, on both sides of 90
    case = _recurrence_after({"after": {"event": "op", "at_least": 2, "at_most": 4, "unit": "months"}})
    t10 = _t10(case)
    assert t10.status is LocalStatus.RECURRENCE
    assert t10.timing == "cannot_tell" and t10.interval_range == (56, 124) and t10.interval_days is None
    analysis = analyse(case)
    [event] = [e for e in analysis.events if e.kind is EventKind.LOCAL_RECURRENCE]
    assert "early or late cannot be told" in event.title and "56–124 days" in event.title
    assert event.data["interval_range"] == [56, 124] and event.category == "cannot_tell"
    [alert] = [a for a in analysis.alerts if "recurrence" in a.key]
    assert alert.key == "local_recurrence"  # neither early_ nor late_


def test_recurrence_known_only_by_its_order_cannot_be_told_early_or_late() -> None:
    # an undated study written between the post-operative MRI (day 7) and a visit on day 400
    case = _recurrence_after({}, {"type": "neuro_exam", "day": 400, "frankel": "E"})
    t10 = _t10(case)
    assert t10.timing == "cannot_tell" and t10.interval_range == (6, 399)


def test_exact_days_give_the_same_answer_as_before() -> None:
    # the operation is on day 1: a study on day 92 is 91 days after it, one on day 91 is 90 days after
    t10 = _t10(_recurrence_after({"day": 92}))
    assert t10.timing == "late" and t10.interval_days == 91 and t10.interval_range is None
    assert _t10(_recurrence_after({"day": 91})).timing == "early"


def _sbrt_then(timing: dict[str, Any], size: float, bone: dict[str, Any] | None = None) -> Case:
    return make_case(
        "sbrt-window",
        [
            {"id": "mri0", "type": "imaging", "day": 0, "modality": "mri",
             "findings": [{"level": "L1", "escc": "1a", "lesion_size_mm": 20}]},
            {"id": "rt", "type": "radiotherapy", "day": 2, "technique": "sbrt", "dose_gy": 24, "fractions": 2,
             "levels": "L1"},
            {"type": "imaging", "modality": "mri", **timing,
             "findings": [{"level": "L1", "escc": "1a", "lesion_size_mm": size, **(bone or {})}]},
        ],
    )


def test_enlargement_after_sbrt_is_pseudoprogression_only_when_surely_within_180_days() -> None:
    inside = analyse(_sbrt_then({"after": {"event": "rt", "at_least": 4, "at_most": 5, "unit": "months"}}, 30))
    assert inside.local[0].status is LocalStatus.POSSIBLE_PSEUDOPROGRESSION
    # five to seven months: 140-217 days, may lie beyond the 180-day window -> progression, timing late
    straddling = analyse(_sbrt_then({"after": {"event": "rt", "at_least": 5, "at_most": 7, "unit": "months"}}, 30))
    assert straddling.local[0].status is LocalStatus.RECURRENCE
    assert straddling.local[0].timing == "late"  # at least 140 days: surely beyond 90


def test_no_change_is_called_only_when_the_study_is_surely_8_weeks_into_therapy() -> None:
    sure = analyse(_sbrt_then({"after": {"event": "rt", "at_least": 9, "at_most": 10, "unit": "weeks"}}, 20))
    assert sure.responses[0].mda == "SD"
    unsure = analyse(_sbrt_then({"after": {"event": "rt", "at_least": 6, "at_most": 10, "unit": "weeks"}}, 20))
    [response] = unsure.responses
    assert response.mda is None
    assert any("cannot be told" in c and "42–70 days" in c for c in response.cautions)
    early = analyse(_sbrt_then({"after": {"event": "rt", "at_least": 2, "at_most": 4, "unit": "weeks"}}, 20))
    assert early.responses[0].mda is None and "cannot be told" not in early.responses[0].cautions[0]


def _rt_without_follow_up(rt_timing: dict[str, Any], last_day: int) -> Case:
    return make_case(
        "overdue",
        [
            {"id": "mri0", "type": "imaging", "day": 0, "modality": "mri", "findings": [{"level": "L2", "escc": "1b"}]},
            {"id": "rt", "type": "radiotherapy", "technique": "cebrt", "levels": "L2", **rt_timing},
            {"type": "neuro_exam", "day": last_day, "frankel": "E"},
        ],
    )


def test_follow_up_imaging_is_overdue_surely_or_maybe_when_the_treatment_date_is_a_range() -> None:
    # RT on days 10-40; 90 days later = days 100-130
    rt = {"day_range": {"earliest": 10, "latest": 40}}
    [sure] = [a for a in analyse(_rt_without_follow_up(rt, 200)).alerts if a.key == "follow_up_imaging_missing"]
    assert sure.day == 130 and "may be overdue" not in sure.title
    [maybe] = [a for a in analyse(_rt_without_follow_up(rt, 115)).alerts if a.key == "follow_up_imaging_missing"]
    assert maybe.day == 100 and "may be overdue" in maybe.title and maybe.data["overdue"] == "cannot_tell"
    assert not [a for a in analyse(_rt_without_follow_up(rt, 95)).alerts if a.key == "follow_up_imaging_missing"]
    # exact days: due on day 3 + 90 as before
    [exact] = [a for a in analyse(_rt_without_follow_up({"day": 3}, 120)).alerts
               if a.key == "follow_up_imaging_missing"]
    assert exact.day == 93


def test_outputs_on_uncertain_dates_match_the_published_course_schema() -> None:
    from spinemet.service.outputs import CourseOut

    cases = [
        _recurrence_after({"after": {"event": "op", "at_least": 2, "at_most": 4, "unit": "months"}}),
        _recurrence_after({}, {"type": "neuro_exam", "day": 400, "frankel": "E"}),
        _rt_without_follow_up({"day_range": {"earliest": 10, "latest": 40}}, 115),
    ]
    for case in cases:
        data = analyse(case).as_dict()
        CourseOut.model_validate(data)
        assert any("interval" in i for i in data["interventions"]) or any("interval_range" in a for a in data["local"])


def test_missing_follow_up_alert_ends_when_a_recurrence_makes_local_control_known() -> None:
    # Surgery at T10 on day 1, no imaging for 300 days, then a recurrence stated at T10 (an outcome) on day 300:
    # 'no follow-up imaging 90 days after the operation' is shown from day 91 and no longer once the recurrence
    # has made local control at T10 known (SPINO surveillance is about unknown local control).
    recurrence = {"id": "rec", "type": "outcome", "day": 300, "aspect": "local_control", "local_recurrence": True,
                  "compared_with": "op"}
    case = make_case("surveillance-then-recurrence", [_BASELINE, _SURGERY, recurrence])
    analysis = analyse(case)
    [alert] = [a for a in analysis.alerts if a.key == "follow_up_imaging_missing"]
    assert alert.active_on(200) and not alert.active_on(300)
