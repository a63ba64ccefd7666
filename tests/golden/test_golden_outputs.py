"""Every example case gives byte-identical assessment and course JSON to the outputs recorded
before the one-door renovation (issue 11) and the case-record extension (issue 12)."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.golden.golden import DATA, EXAMPLES, encode, outputs


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_outputs_match_the_recorded_golden_json(path: Path) -> None:
    expected = (DATA / f"{path.stem}.json").read_text(encoding="utf-8")
    assert encode(outputs(path)) == expected
