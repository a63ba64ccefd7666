"""'Partial laminectomy' is the record's own procedure key (partial_laminectomy, docs/case-file.md), read as such
with or without levels between the words; a plain laminectomy stays laminectomy. Checked against the wording of the
published case wneu2020 ("partial C1-C2 laminectomy") and plain variants written for this test."""

from __future__ import annotations

import pytest

from spinemet.case import case_to_data
from spinemet.extract import extract


def _procedures(text: str) -> list[list[str]]:
    data = case_to_data(extract(text).case)
    return [e.get("procedures", []) for e in data["timeline"] if e["type"] == "surgery"]


@pytest.mark.parametrize(("text", "expected"), [
    ("Breast cancer metastasis at T6. He underwent partial C1-C2 laminectomy.", "partial_laminectomy"),
    ("Breast cancer metastasis at T6. She had a partial laminectomy at T6.", "partial_laminectomy"),
    ("Breast cancer metastasis at T6. She had a T6 laminectomy.", "laminectomy"),
])
def test_partial_and_plain_laminectomy_are_told_apart(text: str, expected: str) -> None:
    (procedures,) = _procedures(text)
    assert procedures == [expected]
