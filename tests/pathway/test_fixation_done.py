"""A fixation already given is not planned again (fixation_span: Barzilai 2019 2-above / 2-below convention).

Checked against the published case Jain 2012 (prostate, C6: tumour resection and fusion, region cervical, no
construct span stated): after the operation the plan said "If posterior instrumentation is chosen for C6: at
least C4-T1" (cases3 item 6).
"""

from __future__ import annotations

from .published import rule_at

JAIN = "jain2012-prostate-cervical-c6"


def test_jain2012_after_the_fusion_no_construct_is_planned() -> None:
    before = rule_at(JAIN, "surgery", "fixation_span", when="before")
    assert before.status.value == "decided" and "at least C4-T1" in before.statement
    after = rule_at(JAIN, "psa-2", "fixation_span")
    assert after.status.value == "not_applicable"
    assert after.statement.startswith("Fixation already done") and "C4-T1" not in after.statement
