"""A new compression outside every treated field re-opens triage (NICE CG75/NG234 definition of MSCC; issue 14).

NICE defines MSCC as compression of the spinal cord or cauda equina by metastasis that threatens or causes
neurological disability. A compression seen a year after treatment at a level no treatment's field covers
(surgery levels or instrumented span, radiotherapy field) is such a compression that no treatment answered,
so ``mscc_urgency`` is read again as at presentation: compression on imaging with no examination made since
-> needs_information naming the examination; with one -> its tier (derived, as the rule says). An
examination made before that imaging does not tell the neurology now, in either direction.
The treated level re-imaged early after surgery is not a new triage of this kind (the course's own labels
for the treated level decide what re-opens there, unchanged here).
"""

from __future__ import annotations

from typing import Any

from spinemet.evidence import EvidenceStatus
from spinemet.pathway import Recommendation

from .cases import make_case, mri, neuro, pain, run

_TREATED_T6 = [
    {**mri(0, "T6", escc="3", sins=7), "id": "mri0"}, pain(0, nrs=6), neuro(0, motor_deficit=False, frankel="E"),
    {"id": "op", "type": "surgery", "day": 2, "levels": "T6", "procedures": ["decompression"]},
    {"id": "rt", "type": "radiotherapy", "day": 20, "levels": "T6", "dose_gy": 20, "fractions": 5},
]


def _rule(events: list[dict[str, Any]], day: int, rule: str = "mscc_urgency") -> Recommendation:
    plan = run(make_case("breast", *events), day).plan
    return plan.get(rule) or next(r for r in plan.not_applicable if r.rule == rule)


def _alerts(events: list[dict[str, Any]], day: int) -> dict[str, Any]:
    return {a.key: a for a in run(make_case("breast", *events), day).course.alerts}


def test_escc2_at_l2_a_year_after_t6_treatment_without_an_exam_needs_the_exam() -> None:
    events = [*_TREATED_T6, {**mri(380, "L2", escc="2"), "id": "mri1"}]
    rec = _rule(events, 380)
    assert rec.status.value == "needs_information"
    assert any("neurological examination" in m for m in rec.missing)
    alert = _alerts(events, 380)["untreated_compression"]
    assert alert.reopens == ("mscc_urgency",) and alert.level == "L2" and alert.severity.value == "urgent"
    assert "nice_cg75" in alert.citations and alert.evidence_status is EvidenceStatus.DERIVED
    assert "at L2" in rec.statement and "T6" not in rec.statement  # T6's compression was treated a year ago
    assert any(r.citation == "nice_cg75" and r.facts.get("alert") == "untreated_compression" for r in rec.reasons)


def test_escc3_at_l2_with_an_exam_after_it_and_no_deficit_is_compression_without_deficit() -> None:
    events = [*_TREATED_T6, {**mri(380, "L2", escc="3"), "id": "mri1"}, neuro(380, motor_deficit=False, frankel="E")]
    rec = _rule(events, 380)
    assert rec.status.value == "decided" and rec.data["urgency"] == "compression_without_deficit"


def test_escc2_at_l2_with_a_deficit_on_the_exam_after_it_is_immediate() -> None:
    events = [*_TREATED_T6, {**mri(380, "L2", escc="2"), "id": "mri1"}, neuro(380, motor_deficit=True, frankel="D")]
    rec = _rule(events, 380)
    assert rec.status.value == "decided" and rec.data["urgency"] == "immediate"


def test_an_exam_older_than_the_new_compression_decides_nothing() -> None:
    # a deficit examined at presentation (day 0) is not the neurology a year later, nor is a normal one
    events = [{**mri(0, "T6", escc="3", sins=7), "id": "mri0"}, pain(0, nrs=6), neuro(0, motor_deficit=True, frankel="D"),
              *_TREATED_T6[3:], {**mri(380, "L2", escc="2"), "id": "mri1"}]
    rec = _rule(events, 380)
    assert rec.status.value == "needs_information" and rec.data["urgency"] is None


def test_a_level_already_compressed_before_the_first_treatment_is_not_a_new_triage() -> None:
    # L2 compressed on the presenting MRI and left untreated: the initial triage covered it; no new alert
    events = [*_TREATED_T6[:3], {**mri(0, "L2", escc="2"), "id": "mri0b"}, *_TREATED_T6[3:],
              {**mri(380, "L2", escc="2"), "id": "mri1"}]
    assert "untreated_compression" not in _alerts(events, 380)
    assert _rule(events, 380).status.value == "not_applicable"


def test_l2_imaged_without_compression_stays_closed() -> None:
    events = [*_TREATED_T6, {**mri(380, "L2", escc="1b"), "id": "mri1"}]
    assert "untreated_compression" not in _alerts(events, 380)
    assert _rule(events, 380).status.value == "not_applicable"


def test_the_treated_level_still_compressed_early_after_surgery_is_not_a_new_triage() -> None:
    # T6 lies in the operated field: what re-opens there is the course's label for the treated level (within
    # days of the operation: recurrence or complication not yet known), not an untreated compression; the
    # recurrence rule is not re-opened by it (no recurrence is known yet).
    events = [*_TREATED_T6[:4], {**mri(5, "T6", escc="2"), "id": "mri1"}]
    alerts = _alerts(events, 5)
    assert "untreated_compression" not in alerts and "new_compression_cause_unknown" in alerts
    assert _rule(events, 5, "after_local_recurrence").status.value == "not_applicable"


def test_an_unplaced_compressing_lesion_stated_new_after_treatment_reopens_triage() -> None:
    # the wilms1981 shape: neither the treatment nor the new lesion has a level; the lesion is stated new
    events = [{"id": "mri0", "type": "imaging", "day": 0, "modality": "mri", "findings": [{"cord_compression": True}]},
              neuro(0, motor_deficit=True, frankel="C"),
              {"id": "op", "type": "surgery", "day": 1, "procedures": ["laminectomy"]},
              {"id": "mri1", "type": "imaging", "day": 400,
               "findings": [{"cord_compression": True, "status": "new"}]}]
    assert "untreated_compression" in _alerts(events, 400)
    rec = _rule(events, 400)
    assert rec.status.value == "needs_information"
    unstated = [e for e in events if e.get("id") != "mri1"] + [
        {"id": "mri1", "type": "imaging", "day": 400, "findings": [{"cord_compression": True}]}]
    assert "untreated_compression" not in _alerts(unstated, 400)  # not stated new: may be the treated lesion
