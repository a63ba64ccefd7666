"""An MRI done is done even when a staging CT follows it (NICE QS56 st. 3: whole-spine MRI within 24 h for
suspected MSCC; the deadline is met by the MRI, not by the latest study).

Checked against the published case Koyama 2019 (breast, cauda equina): MRI on day 0, then a chest CT; the plan
said "Whole-spine MRI NOW (within 24 h): due by day 1" after the CT and even after the operation.
"""

from __future__ import annotations

from .published import rule_at

KOYAMA = "koyama2019-breast-cauda-equina"


def test_koyama2019_mri_then_chest_ct_reads_the_mri_as_done() -> None:
    for moment in ("chest-ct", "surgery"):
        rec = rule_at(KOYAMA, moment, "imaging_due")
        assert "NOW" not in rec.statement, (moment, rec.statement)
        if rec.status.value == "decided":
            assert "MRI done on day 0" in rec.statement and rec.data["done_day"] == 0
