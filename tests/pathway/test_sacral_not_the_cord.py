"""A lesion wholly from L4 down (the sacrum or coccyx included) cannot compress the spinal cord: Patchell's "spinal cord, not
cauda equina" criterion is not met and its decompression criteria do not apply (cases3 item 8).

Checked against the published case khera2021-follicular-thyroid-sacral (J Family Med Prim Care
2021;10(2):1047-9): a solitary sacral metastasis of a follicular thyroid carcinoma, recorded by region
(no level), with no compression graded. The program left the criterion "unknown". The conus tip lies
between the middle third of T12 and the upper third of L3 in adults (Saifuddin 1998, saifuddin1998); the inference
is made wholly from L4 down (L4, L5, sacrum, coccyx), never where the conus may end (L1-L3, or the lumbar region).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from spinemet.case.snapshot import snapshot
from spinemet.instruments import assess_snapshot
from spinemet.io.casefile import parse_case
from spinemet.pathway import build_plan
from spinemet.pathway.model import Recommendation

CASE = Path(__file__).resolve().parents[1] / "cases" / "published" / "khera2021-follicular-thyroid-sacral" / "case.yaml"
CORD = "spinal cord, not cauda equina / roots only"


def _candidacy(finding: dict[str, Any] | None = None) -> Recommendation:
    data = yaml.safe_load(CASE.read_text())
    if finding is not None:
        imaging = next(e for e in data["timeline"] if e.get("id") == "imaging")
        imaging["findings"][0] = {**{k: v for k, v in imaging["findings"][0].items() if k != "region"}, **finding}
    snap = snapshot(parse_case(data), at="burden")
    plan = build_plan(snap, assess_snapshot(snap), ())
    return next(r for r in (*plan.recommendations, *plan.not_applicable) if r.rule == "surgical_candidacy")


def test_a_sacral_lesion_cannot_compress_the_cord_khera2021() -> None:
    rec = _candidacy()
    assert rec.data["criteria"][CORD] is False
    assert rec.data["indications"]["decompression"] == "not_in_question"
    assert "saifuddin1998" in rec.citations
    assert "below the end of the spinal cord" in rec.statement and "not the spinal cord" in rec.statement
    assert "still needed" not in rec.statement  # no Patchell checklist asked for a sacral lesion


def test_a_lesion_at_a_sacral_level_is_read_the_same_khera2021_variant() -> None:
    rec = _candidacy({"level": "S2"})
    assert rec.data["criteria"][CORD] is False
    assert "Lesion at S2" in rec.statement


def test_no_inference_where_the_conus_may_end_khera2021_variant() -> None:
    # the conus tip lies anywhere from the middle third of T12 to the upper third of L3 (Saifuddin 1998): a lesion
    # that may lie at L1-L3 (the lumbar region, L3) keeps the criterion unknown
    for finding in ({"region": "lumbar"}, {"level": "L3"}, {"span": "L3-L4"}):
        rec = _candidacy(finding)
        assert rec.data["criteria"][CORD] is None, finding
        assert "saifuddin1998" not in rec.citations, finding


def test_a_lesion_wholly_from_l4_down_is_below_the_cord_saifuddin1998() -> None:
    # no conus tip lay below the upper third of L3 in Saifuddin's 504 adults: L4, L5 and L5-S1 are cauda equina
    for finding in ({"level": "L4"}, {"level": "L5"}, {"span": "L5-S1"}):
        rec = _candidacy(finding)
        assert rec.data["criteria"][CORD] is False, finding
        assert rec.data["indications"]["decompression"] == "not_in_question", finding
        assert "saifuddin1998" in rec.citations, finding
