"""The web forms take the second-pass fields of the case record (issue 12): one imaging study with
several findings, weak muscles without a grade, durations, the source's word for a time, and the
new-case form's stage, side and another primary. Checked through the form readers (no browser)."""

from __future__ import annotations

from spinemet.case.events import Imaging, NeuroExam
from spinemet.web.forms import FORMS_BY_TYPE, read_case_form, read_event


def test_one_imaging_study_carries_several_findings_and_empty_rows_are_dropped() -> None:
    form = FORMS_BY_TYPE["imaging"]
    posted = {"day": "0", "modality": "mri", "level": "T6", "escc": "2",
              "findings.2.span": "T9-T11", "findings.2.epidural_present": "true", "findings.2.status": "recurrence",
              "findings.3.level": ""}
    multi = {"compartments": ["vertebral_body"], "findings.2.compartments": ["epidural"]}
    outcome = read_event(form, posted, multi)
    assert outcome.ok, (outcome.field_errors, outcome.form_errors)
    assert isinstance(outcome.event, Imaging)
    places = [(f.place, f.escc.value if f.escc else None) for f in outcome.event.findings]
    assert places == [("T6", "2"), ("T9-T11", None)]
    assert outcome.event.findings[1].status is not None and outcome.event.findings[1].status.value == "recurrence"


def test_a_bad_second_finding_is_shown_at_its_own_field() -> None:
    form = FORMS_BY_TYPE["imaging"]
    outcome = read_event(form, {"day": "0", "level": "T6", "findings.2.span": "T3/T8"}, {})
    assert not outcome.ok
    assert "findings.2.span" in outcome.field_errors, (outcome.field_errors, outcome.form_errors)


def test_the_neurological_form_takes_weak_muscles_tempo_duration_and_the_time_word() -> None:
    form = FORMS_BY_TYPE["neuro_exam"]
    posted = {"day": "0", "weak_muscles.1.muscle": "ankle_dorsiflexors", "weak_muscles.1.side": "right",
              "tempo": "rapidly_progressive", "duration.at_least": "48", "duration.at_most": "48",
              "duration.unit": "hours"}
    outcome = read_event(form, posted, {"deficits": ["unspecified_deficit"]})
    assert outcome.ok, (outcome.field_errors, outcome.form_errors)
    exam = outcome.event
    assert isinstance(exam, NeuroExam) and exam.weak_muscles is not None and exam.duration is not None
    assert (exam.weak_muscles[0].muscle, exam.duration.unit.value) == ("ankle_dorsiflexors", "hours")


def test_the_new_case_form_takes_stage_side_and_another_primary() -> None:
    outcome = read_case_form({"id": "c-1", "primary.site": "lung_nsclc", "primary.stage": "IV",
                              "primary.laterality": "left", "primary.other_primaries.1.site": "kidney",
                              "primary.other_primaries.1.when": "earlier", "patient.age_group": "middle_aged"})
    assert outcome.ok, (outcome.field_errors, outcome.form_errors)
    primary = outcome.event.primary
    assert primary.stage is not None and primary.stage.value == "IV"
    assert [(p.site.value, p.when.value if p.when else None) for p in primary.other_primaries or ()] == [
        ("kidney", "earlier")]
