"""Readings that once put values in the draft that the words do not state (issue 15: nothing
invented). Each text is written for the test; the expectation is what the words say and no more."""

from __future__ import annotations

from typing import Any

from spinemet.case import case_to_data
from spinemet.extract import extract


def _events(text: str, etype: str) -> list[dict[str, Any]]:
    return [e for e in case_to_data(extract(text).case)["timeline"] if e["type"] == etype]


def test_three_sessions_of_embolisation_are_three_events_each_after_the_one_before() -> None:
    text = ("MRI showed a metastasis at T7 compressing the spinal cord. She underwent three sessions of "
            "transcatheter arterial embolisation of the spinal tumour.")
    emb = _events(text, "embolisation")
    assert len(emb) == 3
    assert all(e.get("levels") == "T7" for e in emb)
    assert "after" not in emb[0]
    assert emb[1]["after"]["event"] == emb[0]["id"] and emb[2]["after"]["event"] == emb[1]["id"]
    assert all(e["after"].get("at_most") is None for e in emb[1:])  # the interval is not stated


def test_a_total_dose_over_two_courses_is_not_the_dose_of_either_course() -> None:
    x = extract("A metastasis spanning T12 to L1 had received two courses of radiotherapy, 70 Gy in total.")
    assert any(p.path.endswith("cumulative_dose_gy") and p.quote == "70 Gy" for p in x.provenance)
    rt = [e for e in case_to_data(x.case)["timeline"] if e["type"] == "radiotherapy"]
    assert len(rt) == 2
    assert all("dose_gy" not in e and "fractions" not in e for e in rt)
    # the total is recorded as the record holds a total: on the last course, with the courses it counts
    assert "cumulative_dose_gy" not in rt[0]
    assert rt[1]["cumulative_dose_gy"] == 70 and rt[1]["cumulative_with"] == [rt[0]["id"]]


def test_a_single_stated_course_keeps_its_dose() -> None:
    rt = _events("He received radiotherapy to T6, 30 Gy in 10 fractions.", "radiotherapy")
    assert len(rt) == 1 and rt[0]["dose_gy"] == 30 and rt[0]["fractions"] == 10


def test_the_previous_radiotherapy_named_again_is_not_another_course() -> None:
    text = ("The T10 metastasis was treated with radiotherapy. He underwent en bloc spondylectomy of T10. "
            "Delayed wound healing, attributed to the previous radiotherapy, was treated with dressings.")
    assert len(_events(text, "radiotherapy")) == 1


def test_transarterial_chemo_embolisation_is_an_embolisation_not_a_chemotherapy() -> None:
    text = "The liver lesion was treated with transarterial chemo-embolisation."
    assert _events(text, "systemic_therapy") == []
    assert len(_events(text, "embolisation")) == 1


def test_how_long_a_state_lasted_before_admission_is_not_a_date_before_another_event() -> None:
    text = ("A 77-year-old man had been unable to walk for 48 hours before admission. He had metastatic "
            "spinal cord compression from prostate cancer.")
    exam = _events(text, "neuro_exam")[0]
    assert "before" not in exam and exam.get("day") == 0


def test_a_recurrence_before_any_treatment_of_the_spine_is_not_a_local_recurrence() -> None:
    text = ("A phaeochromocytoma was removed laparoscopically. Five years later the phaeochromocytoma recurred "
            "in the spine, pelvis and both femora.")
    assert not any("local_recurrence" in e for e in _events(text, "outcome"))


def test_a_relapse_after_spinal_surgery_is_a_local_recurrence() -> None:
    text = ("She had undergone decompressive surgery for a spinal metastasis. The metastasis relapsed at the "
            "seventh thoracic vertebra.")
    assert [e.get("local_recurrence") for e in _events(text, "outcome")] == [True]


def test_a_side_named_in_another_phrase_is_not_the_side_of_the_weakness() -> None:
    x = extract("He had pain in both shoulders and the left side of the neck, and weakness of the right arm.")
    exam = next(e for e in case_to_data(x.case)["timeline"] if e["type"] == "neuro_exam")
    assert exam.get("deficit_side") == "right"
    side = next(p for p in x.provenance if p.path.endswith("deficit_side"))
    assert side.quote == "right"


def test_neural_compression_does_not_say_which_neural_structure() -> None:
    text = "MRI showed neural compression in the lumbar region."
    assert not any(f.get("nerve_root_compression") for e in _events(text, "imaging") for f in e["findings"])


def test_a_time_word_of_a_later_clause_keeps_the_first_clauses_amount_off_its_events() -> None:
    text = ("A 55-year-old woman presented with left leg sciatica. Two years earlier she had Gamma Knife "
            "radiosurgery for a schwannoma, and she had recently had a lung carcinoma resected.")
    resection = _events(text, "primary_resection")
    assert len(resection) == 1 and "before" not in resection[0]
    rt = _events(text, "radiotherapy")  # the radiosurgery keeps the words that date it
    assert rt and (rt[0].get("before", {}).get("at_least") == 2 or rt[0].get("timing_note") == "Two years earlier")


def test_functionally_independent_does_not_state_walking() -> None:
    assert _events("A 74-year-old functionally independent man presented with hemiparesis.", "neuro_exam")[0].get(
        "walking") is None


def test_en_bloc_removal_of_an_intramedullary_lesion_is_an_intradural_resection() -> None:
    text = ("MRI showed an intramedullary lesion in the conus medullaris at T11-T12. He underwent a T12 "
            "laminectomy with en bloc removal of the lesion.")
    surgery = _events(text, "surgery")[0]
    assert surgery["procedures"] == ["laminectomy", "intradural_resection"] and surgery["extent"] == "en_bloc"


def test_radiotherapy_without_words_tying_it_to_the_lesion_has_no_levels() -> None:
    text = ("MRI showed collapse of the L5 vertebral body. She underwent laminectomy and biopsy. She then received "
            "palliative external beam radiotherapy.")
    assert "levels" not in _events(text, "radiotherapy")[0]
    assert _events(text, "surgery")[0].get("levels") == "L5"


def test_relieved_pain_is_improved_and_pain_free_is_resolved() -> None:
    changes = [e["change"] for e in _events("Her pain was relieved after surgery. Later she was pain free.",
                                            "outcome") if e.get("aspect") == "pain"]
    assert changes == ["improved", "resolved"]


def test_weakness_of_one_leg_keeps_which_leg_and_its_motor_deficit_quotes_the_weakness() -> None:
    x = extract("He presented with weakness of the right leg and paraesthesia.")
    exam = next(e for e in case_to_data(x.case)["timeline"] if e["type"] == "neuro_exam")
    assert exam["deficits"][0] == "monoparesis"
    assert exam["deficit_side"] == "right" and exam["deficit_limbs"] == ["lower"]
    motor = next(p for p in x.provenance if p.path.endswith("motor_deficit"))
    assert motor.quote == "weakness"


def test_paralysed_legs_are_paraplegia_and_difficulty_walking_is_walking_with_difficulty() -> None:
    exams = _events("Immediately afterwards both legs were paralysed. Before that she had difficulty walking.",
                    "neuro_exam")
    assert "paraplegia" in exams[0]["deficits"]
    assert exams[1]["walking"] == "difficulty"
