"""The first study after a decompression that still shows compression, no worse than before the operation, is not
called a *new* compression: the compression may never have been relieved. Found on the lead's reading of the
scenario pinned in tests/pathway/test_new_compression_outside_field_nice_cg75.py (T6 ESCC 3 decompressed on day 2,
ESCC 2 on day 5), whose alert title read "New compression at T6". The alert (urgent, recurrence or complication not
yet known) is unchanged; only its words follow what the record shows."""

from __future__ import annotations

from typing import Any

from tests.pathway.cases import make_case, mri, neuro, pain, run

_OPERATED_T6 = [
    {**mri(0, "T6", escc="3", sins=7), "id": "mri0"}, pain(0, nrs=6), neuro(0, motor_deficit=False, frankel="E"),
    {"id": "op", "type": "surgery", "day": 2, "levels": "T6", "procedures": ["decompression"]},
]


def _alert(escc_after: str) -> Any:
    events = [*_OPERATED_T6, {**mri(5, "T6", escc=escc_after), "id": "mri1"}]
    alerts = {a.key: a for a in run(make_case("breast", *events), 5).course.alerts}
    return alerts["new_compression_cause_unknown"]


def test_escc2_three_days_after_decompressing_escc3_is_compression_still_present_not_new() -> None:
    alert = _alert("2")
    assert alert.title.startswith("Compression still present at T6")
    assert "New compression" not in alert.title and "never relieved" in alert.detail
    assert alert.severity.value == "urgent"


def test_escc3_unchanged_after_decompression_is_still_present_too() -> None:
    assert _alert("3").title.startswith("Compression still present at T6")


def test_compression_worse_than_before_the_decompression_is_still_called_new() -> None:
    events = [{**mri(0, "T6", escc="1b", sins=7), "id": "mri0"}, *_OPERATED_T6[1:],
              {**mri(5, "T6", escc="3"), "id": "mri1"}]
    alerts = {a.key: a for a in run(make_case("breast", *events), 5).course.alerts}
    assert alerts["new_compression_cause_unknown"].title.startswith("New compression at T6")
