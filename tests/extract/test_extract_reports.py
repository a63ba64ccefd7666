"""Whole texts read field by field: the story case told in our own words, an MRI report and an
operation note written for these tests. Every expected value is written from the text."""

from __future__ import annotations

from typing import Any

from spinemet.case import case_to_data
from spinemet.extract import extract

STORY = (
    "A man presented with severe compression of the spinal cord by a metastasis at T6, with a neurological "
    "deficit. Biopsy showed a neuro-endocrine tumour of lung origin. He underwent immediate decompression and "
    "posterior fixation from T3 to T8. Within one month of surgery, MRI showed recurrent tumour at T6 nearly "
    "obliterating the spinal canal, with significant new neurological compromise. A second operation was avoided "
    "because of its risk, and concurrent chemoradiotherapy to T6 was given instead. On subsequent follow-up visits "
    "the tumour resolved rapidly. He regained full power with rehabilitation and walks with support."
)

MRI = (
    "MRI whole spine, 3 March.\n"
    "Findings: There is a pathological fracture of D9 with 40% loss of height and retropulsion. Osteolytic "
    "lesion involving both pedicles. Epidural extension with compression of the cord, Bilsky grade 2. "
    "Alignment is maintained. No other lesion; in particular no cord compression at L2.\n"
    "Impression: T9 metastasis with MSCC."
)

OP_NOTE = (
    "Operation note. Procedure: T9 decompressive laminectomy and posterior instrumented fusion T7-T11 via a "
    "posterior approach. There were no complications. On the first post-operative day she was walking with a "
    "frame. Postoperatively she received 20 Gy in 5 fractions to T9."
)


def _data(text: str) -> dict[str, Any]:
    return case_to_data(extract(text).case)


def _events(data: dict[str, Any], etype: str) -> list[dict[str, Any]]:
    return [e for e in data["timeline"] if e["type"] == etype]


def test_the_story_case_in_our_words_gives_its_primary_levels_and_treatments() -> None:
    data = _data(STORY)
    assert data["primary"]["site"] == "lung_other"
    assert data["primary"]["neuroendocrine"] == {}
    (surgery,) = _events(data, "surgery")
    assert surgery["procedures"] == ["decompression", "posterior_fixation"]
    assert surgery["fixation_span"] == "T3-T8"
    (crt,) = _events(data, "chemoradiotherapy")
    assert crt["levels"] == "T6"
    assert "dose_gy" not in crt  # the text states no dose


def test_the_story_case_times_the_recurrence_within_one_month_of_the_operation() -> None:
    data = _data(STORY)
    (surgery,) = _events(data, "surgery")
    (recurrence,) = [e for e in _events(data, "outcome") if e.get("local_recurrence") is True]
    assert recurrence["after"] == {"event": surgery["id"], "at_least": 0, "at_most": 1, "unit": "months"}
    mris = [e for e in _events(data, "imaging") if e.get("modality") == "mri"]
    assert [f["level"] for f in mris[0]["findings"]] == ["T6"]
    assert mris[0]["after"]["event"] == surgery["id"]


def test_the_story_case_ends_with_full_power_walking_with_support() -> None:
    data = _data(STORY)
    last_exam = _events(data, "neuro_exam")[-1]
    assert last_exam["motor_deficit"] is False
    assert last_exam["walking"] == "with_aid"


def test_an_mri_report_gives_one_finding_at_t9_with_each_stated_feature() -> None:
    data = _data(MRI)
    findings = [f for e in _events(data, "imaging") for f in e["findings"] if f.get("level") == "T9"]
    merged: dict[str, Any] = {}
    for f in findings:
        merged.update(f)
    assert merged["collapse_percent"] == 40
    assert merged["pathological_fracture"] is True
    assert merged["lesion_type"] == "lytic"
    assert merged["posterolateral"] == "bilateral"
    assert merged["escc"] == "2"
    assert merged["alignment"] == "normal"
    assert merged.get("cord_compression") in (None, True)  # ESCC 2 states it; never contradicted
    l2 = [f for e in _events(data, "imaging") for f in e["findings"] if f.get("level") == "L2"]
    assert all(f.get("cord_compression") is not True for f in l2)


def test_an_operation_note_gives_the_operation_its_levels_and_the_radiotherapy_dose() -> None:
    data = _data(OP_NOTE)
    (surgery,) = _events(data, "surgery")
    assert set(surgery["procedures"]) == {"decompression", "laminectomy", "posterior_fixation"}
    assert surgery["levels"] == "T9"
    assert surgery["fixation_span"] == "T7-T11"
    assert surgery["approach"] == "posterior"
    assert surgery["complications_stated"] == "none"
    (rt,) = _events(data, "radiotherapy")
    assert (rt["dose_gy"], rt["fractions"], rt["levels"]) == (20, 5, "T9")
    walking = [e for e in _events(data, "neuro_exam") if e.get("walking")]
    assert walking[0]["walking"] == "with_aid"
    assert walking[0]["after"] == {"event": surgery["id"], "at_least": 1, "at_most": 1, "unit": "days"}


def test_every_value_has_provenance_that_quotes_the_text() -> None:
    x = extract(STORY)
    assert x.provenance
    for p in x.provenance:
        assert p.spans, p
        for a, b in p.spans:
            assert 0 <= a <= b <= len(STORY)
        assert p.quote == " ... ".join(STORY[a:b] for a, b in p.spans)
        assert p.rule


def test_a_text_with_no_clinical_fact_gives_an_empty_draft_and_says_so() -> None:
    x = extract("Thank you for the referral; the clinic will write again after the appointment.")
    assert x.case.primary.site.value == "unknown"
    assert x.case.timeline == []
    assert x.messages[0].startswith("no clinical facts were recognised")
