"""The researcher view of the record's third- and fourth-pass keys (published cases, 2026-11-28): codes,
numbers and booleans shown as recorded; the ids a radiotherapy's ``cumulative_with`` names become the
neutral e<n> of those courses (a list of references), so the researcher's case still reads back."""

from __future__ import annotations

from spinemet.case import parse_case
from spinemet.service.deident import deidentify

CASE = {
    "id": "passes", "primary": {"site": "prostate", "gleason_primary": 4, "gleason_secondary": 3},
    "timeline": [
        {"type": "radiotherapy", "id": "rt-first-course-at-st-elsewhere", "day": 0, "levels": "T12-L1"},
        {"type": "radiotherapy", "id": "rt-2", "day": 60, "levels": "T12-L1", "cumulative_dose_gy": 70,
         "cumulative_with": ["rt-first-course-at-st-elsewhere"], "dose_gy": 27, "prescription_isodose_percent": 85},
        {"type": "outcome", "day": 90, "relapse": True},
        {"type": "pain", "day": 0, "present": True, "severity": "severe"},
        {"type": "neuro_exam", "day": 0, "deficits": ["numbness"], "sensory_dermatomes": ["C6"]},
        {"type": "disease_burden", "day": 0, "metastases_extent": "multiple"},
        {"type": "surgery", "day": 61, "region": "lumbar", "emergency": True,
         "intraoperative_findings": [{"level": "L2", "exophytic": True}]},
    ],
}


def test_the_new_codes_pass_and_cumulative_with_becomes_neutral_ids() -> None:
    out = deidentify(parse_case(CASE), "R-TEST")
    rt1, rt2, relapse, pain, exam, burden, op = out["timeline"]
    assert rt1["id"] == "e1" and rt2["cumulative_with"] == ["e1"]
    assert (rt2["cumulative_dose_gy"], rt2["prescription_isodose_percent"]) == (70, 85)
    assert relapse["relapse"] is True and pain["severity"] == "severe"
    assert exam["sensory_dermatomes"] == ["C6"] and burden["metastases_extent"] == "multiple"
    assert op["region"] == "lumbar" and op["emergency"] is True and op["intraoperative_findings"][0]["exophytic"]
    assert (out["primary"]["gleason_primary"], out["primary"]["gleason_secondary"]) == (4, 3)
    assert "elsewhere" not in str(out).lower()
    parse_case(out)  # the researcher's case is itself a valid case
