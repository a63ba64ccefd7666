"""Synthetic courses: late recurrence, cannot assess, marginal progression, pseudoprogression,
deterioration without imaging."""

from __future__ import annotations

from spinemet.anatomy import Level
from spinemet.case import Case
from spinemet.course import EventKind, LocalStatus, alerts_on, analyse


def test_late_recurrence(late_recurrence: Case) -> None:
    analysis = analyse(late_recurrence)
    [t10] = [a for a in analysis.local if a.level == Level.T10 and a.relation == "treated"]
    assert t10.status is LocalStatus.RECURRENCE
    assert t10.timing == "late"
    assert t10.interval_days == 200
    [event] = [e for e in analysis.events if e.kind is EventKind.LOCAL_RECURRENCE]
    assert event.certainty == "definite"  # compared with the clean post-operative MRI
    assert "ESCC 1a to ESCC 2" in event.detail
    [alert] = alerts_on(analysis, 201)
    assert alert.key == "late_local_recurrence"
    assert alert.reopens == ("after_local_recurrence", "mscc_urgency")  # the cord is compressed again
    assert not alerts_on(analysis, 200)


def test_clean_post_operative_study_is_not_a_recurrence(late_recurrence: Case) -> None:
    analysis = analyse(late_recurrence)
    assert not [e for e in analysis.events if e.day == 7 and e.kind is EventKind.LOCAL_RECURRENCE]


def test_no_follow_up_imaging_means_cannot_assess(no_follow_up_imaging: Case) -> None:
    analysis = analyse(no_follow_up_imaging)
    [l2] = analysis.local
    assert l2.status is LocalStatus.CANNOT_ASSESS
    assert not [e for e in analysis.events if e.kind in (EventKind.LOCAL_RECURRENCE, EventKind.RESPONSE)]
    [event] = [e for e in analysis.events if e.kind is EventKind.CANNOT_ASSESS]
    assert "not 'no recurrence'" in event.detail
    # the surveillance interval has passed in the record: an information alert says imaging is due
    [alert] = [a for a in analysis.alerts if a.key == "follow_up_imaging_missing"]
    assert alert.severity.value == "info" and alert.day == 3 + 90


def test_progression_at_an_adjacent_level_after_sbrt(adjacent_after_sbrt: Case) -> None:
    analysis = analyse(adjacent_after_sbrt)
    by_level = {a.level: a for a in analysis.local}
    assert by_level[Level.T10].status is LocalStatus.CONTROLLED
    assert by_level[Level.T11].status is LocalStatus.PROGRESSION_ADJACENT
    assert by_level[Level.T11].relation == "adjacent"
    [event] = [e for e in analysis.events if e.kind is EventKind.ADJACENT_PROGRESSION]
    assert event.level == Level.T11 and event.category == "early"
    [alert] = alerts_on(analysis, 95)
    assert alert.key == "early_adjacent_progression"
    assert "after_local_recurrence" in alert.reopens
    [response] = analysis.responses
    assert response.level == Level.T10 and response.spino == "local_control" and response.mda == "SD"


def test_pseudoprogression_caution(pseudoprogression: Case) -> None:
    analysis = analyse(pseudoprogression)
    [l1] = analysis.local
    assert l1.status is LocalStatus.POSSIBLE_PSEUDOPROGRESSION
    assert not [e for e in analysis.events if e.kind is EventKind.LOCAL_RECURRENCE]
    [event] = [e for e in analysis.events if e.kind is EventKind.POSSIBLE_PSEUDOPROGRESSION]
    assert "repeat MRI" in event.detail
    [alert] = alerts_on(analysis, 62)
    assert alert.key == "possible_pseudoprogression" and alert.severity.value == "warning"
    assert analysis.responses[0].spino == "possible_pseudoprogression"


def test_enlargement_with_neurological_change_is_progression(enlargement_with_deficit: Case) -> None:
    analysis = analyse(enlargement_with_deficit)
    [l1] = analysis.local
    assert l1.status is LocalStatus.RECURRENCE
    keys = {a.key for a in alerts_on(analysis, 62)}
    assert keys == {"early_local_recurrence", "neurological_deterioration"}


def test_neurological_deterioration_without_imaging(deterioration_without_imaging: Case) -> None:
    analysis = analyse(deterioration_without_imaging)
    [event] = [e for e in analysis.events if e.kind is EventKind.UNIMAGED_DETERIORATION]
    assert event.day == 40
    assert "Frankel E → D" in event.detail and "MRI within 24 h" in event.detail
    [alert] = alerts_on(analysis, 40)
    assert alert.key == "deterioration_without_imaging"
    assert alert.reopens == ("mscc_urgency",) and alert.severity.value == "urgent"
    # local control itself stays unknown: no study after the RT
    assert analysis.local[0].status is LocalStatus.CANNOT_ASSESS
    # SCORAD: walks with an aid -> grade 2
    assert analysis.neuro[-1].scorad == (2,)
