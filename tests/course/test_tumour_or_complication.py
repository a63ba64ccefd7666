"""The course tells tumour from complication (issue 14 item 6). Hand-built cases:

* a new compression within days of a procedure with no recorded cause is "recurrence or complication
  not yet known" (window = ``complication_window_days``, 14, derived: progression before delayed
  postoperative RT was 1.2% at one month, Radiat Oncol 2020), never an early recurrence;
* the same compression on day 28 (the story's interval) is still an early recurrence (90 days, derived);
* a new deficit after a procedure with a recorded complication is read as that complication;
* a finding whose compression the record attributes to a complication (``caused_by`` a leak recorded
  as causing compression) is that complication even without a compression flag on the finding;
* a recurrence the source states in words is labelled, early or late on the interval range;
* a new lesion away from the treated, instrumented and adjacent levels is distant progression, labelled
  apart from local recurrence and adjacent-level progression (SPINO / MDA: a new lesion is progression).
"""

from __future__ import annotations

from typing import Any

from tests.course.conftest import make_case

from spinemet.course import EventKind, LocalStatus, analyse

_RECURRENCE_KINDS = (EventKind.LOCAL_RECURRENCE, EventKind.ADJACENT_PROGRESSION)


def _decompression_then_mri(day: int, **finding: Any) -> list[dict[str, Any]]:
    return [
        {"id": "mri0", "type": "imaging", "day": 0, "modality": "mri", "findings": [{"level": "T10", "escc": "3"}]},
        {"id": "op", "type": "surgery", "day": 1, "procedures": ["decompression", "posterior_fixation"],
         "levels": "T10", "fixation_span": "T8-T12"},
        {"id": "mri1", "type": "imaging", "day": 3, "modality": "mri", "findings": [{"level": "T10", "escc": "0"}]},
        {"id": "mri2", "type": "imaging", "day": day, "modality": "mri",
         "findings": [{"level": "T10", "escc": "3", **finding}]},
    ]


def test_compression_days_after_surgery_without_a_cause_is_not_yet_known() -> None:
    analysis = analyse(make_case("cause-unknown", _decompression_then_mri(6)))
    assert not [e for e in analysis.events if e.kind in _RECURRENCE_KINDS]
    [event] = [e for e in analysis.events if e.kind is EventKind.COMPRESSION_CAUSE_UNKNOWN]
    assert event.title == ("New compression at T10, 5 days after decompression + posterior fixation T10 (fixation "
                           "T8-T12): recurrence or complication not yet known")
    [t10] = [a for a in analysis.local if a.relation == "treated"]
    assert t10.status is LocalStatus.COMPRESSION_CAUSE_UNKNOWN
    [alert] = [a for a in analysis.alerts if a.key == "new_compression_cause_unknown"]
    assert alert.reopens == ("mscc_urgency", "imaging_due") and "after_local_recurrence" not in alert.reopens


def test_the_same_compression_recorded_as_tumour_is_an_early_recurrence() -> None:
    analysis = analyse(make_case("stated-tumour", _decompression_then_mri(6, compression_cause="tumour")))
    [event] = [e for e in analysis.events if e.kind is EventKind.LOCAL_RECURRENCE]
    assert event.category == "early"


def test_compression_four_weeks_after_surgery_is_an_early_recurrence() -> None:
    analysis = analyse(make_case("four-weeks", _decompression_then_mri(29)))
    [event] = [e for e in analysis.events if e.kind is EventKind.LOCAL_RECURRENCE]
    assert event.category == "early" and not [e for e in analysis.events
                                              if e.kind is EventKind.COMPRESSION_CAUSE_UNKNOWN]


def test_a_deficit_after_a_procedure_with_a_recorded_complication_is_that_complication() -> None:
    analysis = analyse(make_case("hypotension", [
        {"id": "mri0", "type": "imaging", "day": 0, "modality": "mri", "findings": [{"level": "T10", "escc": "1a"}]},
        {"type": "neuro_exam", "day": 0, "frankel": "E"},
        {"id": "op", "type": "surgery", "day": 1, "procedures": ["en_bloc_resection"], "levels": "T10"},
        {"id": "low-bp", "type": "complication", "day": 2, "kind": "hypotension", "procedure": "op"},
        {"type": "neuro_exam", "day": 2, "frankel": "C", "deficits": ["paraparesis"]},
    ]))
    [event] = [e for e in analysis.events if e.kind in (EventKind.NEW_DEFICIT, EventKind.UNIMAGED_DETERIORATION)]
    assert event.data["complication"] == "hypotension (complication of op)"
    assert "not as tumour recurrence" in event.detail
    assert not [e for e in analysis.events if e.kind in _RECURRENCE_KINDS]


def test_a_deficit_without_a_recorded_complication_names_none() -> None:
    analysis = analyse(make_case("no-complication", [
        {"type": "neuro_exam", "day": 0, "frankel": "E"},
        {"id": "op", "type": "surgery", "day": 1, "procedures": ["en_bloc_resection"], "levels": "T10"},
        {"type": "neuro_exam", "day": 2, "frankel": "C"},
    ]))
    [event] = [e for e in analysis.events if e.kind in (EventKind.NEW_DEFICIT, EventKind.UNIMAGED_DETERIORATION)]
    assert "complication" not in event.data


def test_cement_in_the_canal_attributed_to_a_compressing_leak_is_the_complication() -> None:
    # the CT names neither ESCC nor cord compression: the linked leak says it compresses
    analysis = analyse(make_case("leak", [
        {"id": "fracture", "type": "imaging", "day": 0, "findings": [{"level": "L1", "lesion_type": "lytic"}]},
        {"id": "vp", "type": "cement_augmentation", "day": 1, "levels": "L1"},
        {"id": "leak", "type": "complication", "day": 1, "kind": "cement_leakage", "procedure": "vp", "levels": "L1",
         "causes_compression": True},
        {"id": "ct", "type": "imaging", "day": 1, "modality": "ct",
         "findings": [{"level": "L1", "compartments": ["epidural", "intradural_extramedullary"],
                       "compression_cause": "complication", "caused_by": "leak"}]},
    ]))
    [event] = [e for e in analysis.events if e.kind is EventKind.COMPLICATION_COMPRESSION]
    assert "cement leakage (complication of vp)" in event.title
    assert not [e for e in analysis.events if e.kind in _RECURRENCE_KINDS]


def test_a_recurrence_stated_in_words_is_labelled_late_on_its_interval() -> None:
    analysis = analyse(make_case("stated", [
        {"id": "op", "type": "surgery", "day": 0, "procedures": ["tumour_resection"], "levels": "L3"},
        {"id": "rec", "type": "outcome", "after": {"event": "op", "at_least": 9, "at_most": 9, "unit": "months"},
         "aspect": "local_control", "local_recurrence": True},
    ]))
    [event] = [e for e in analysis.events if e.kind is EventKind.LOCAL_RECURRENCE]
    assert event.category == "late" and event.data["stated"] is True and event.data["interval_range"] == [252, 279]
    assert "(stated)" in event.title


def test_a_stated_recurrence_straddling_90_days_cannot_be_told_early_or_late() -> None:
    analysis = analyse(make_case("stated-range", [
        {"id": "op", "type": "surgery", "day": 0, "procedures": ["decompression"], "levels": "L3"},
        {"id": "rec", "type": "outcome", "after": {"event": "op", "at_least": 2, "at_most": 4, "unit": "months"},
         "aspect": "local_control", "local_recurrence": True},
    ]))
    [event] = [e for e in analysis.events if e.kind is EventKind.LOCAL_RECURRENCE]
    assert event.category == "cannot_tell" and "early or late cannot be told" in event.title


def _treated_t10_then(*findings: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"id": "mri0", "type": "imaging", "day": 0, "modality": "mri",
         "findings": [{"level": "T10", "escc": "2"}, {"level": "L4", "escc": "0", "tumour_resolved": True}]},
        {"id": "rt", "type": "radiotherapy", "day": 1, "levels": "T10", "dose_gy": 20, "fractions": 5},
        {"id": "mri1", "type": "imaging", "day": 120, "modality": "mri", "findings": list(findings)},
    ]


def test_recurrence_adjacent_and_distant_progression_are_each_labelled() -> None:
    analysis = analyse(make_case("three-labels", _treated_t10_then(
        {"level": "T10", "escc": "3"},                 # the treated level: local progression
        {"level": "T11", "escc": "2"},                 # the adjacent level
        {"level": "L4", "escc": "1a", "lesion_type": "lytic"},  # clean before, tumour now: distant
        {"level": "T2", "new_lesion": True, "lesion_type": "lytic"},  # stated new: distant
    )))
    kinds = {(e.kind, str(e.level)) for e in analysis.events if e.kind in (
        EventKind.LOCAL_RECURRENCE, EventKind.ADJACENT_PROGRESSION, EventKind.DISTANT_PROGRESSION)}
    assert kinds == {(EventKind.LOCAL_RECURRENCE, "T10"), (EventKind.ADJACENT_PROGRESSION, "T11"),
                     (EventKind.DISTANT_PROGRESSION, "L4"), (EventKind.DISTANT_PROGRESSION, "T2")}
    assert {a.key for a in analysis.alerts} >= {"distant_progression"}


def test_a_level_first_imaged_after_treatment_is_not_called_new_unless_stated() -> None:
    analysis = analyse(make_case("first-seen", _treated_t10_then(
        {"level": "T10", "escc": "2"}, {"level": "T4", "lesion_type": "lytic"})))
    assert not [e for e in analysis.events if e.kind is EventKind.DISTANT_PROGRESSION]
