"""Every instrument declares the disease it applies to (issue 12 item 3); outside it the result is
'not applicable' with the reason, never a score or a range, and the JSON of an applicable result
is unchanged (no new keys)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from spinemet.evidence import BIBLIOGRAPHY
from spinemet.instruments import INSTRUMENTS, score
from spinemet.instruments.engine import not_applicable

SINS = INSTRUMENTS["sins"]


def test_every_declaration_states_its_disease_with_a_source_in_the_bibliography() -> None:
    for key, inst in INSTRUMENTS.items():
        assert inst.applies_to is not None, key
        assert inst.applies_to.disease.strip(), key
        assert inst.applies_to.citation in BIBLIOGRAPHY, key


def test_a_declaration_without_applicability_is_refused_when_built() -> None:
    with pytest.raises(ValueError, match="declaration sins: states no applicability"):
        replace(SINS, applies_to=None)


def test_a_not_applicable_result_carries_the_reason_and_no_score_range_or_band() -> None:
    reason = "intramedullary metastasis at T8: SINS applies to vertebral lesions"
    data = not_applicable(SINS, reason).as_dict()
    assert data["not_applicable"] is True and data["reason"] == reason
    assert SINS.applies_to is not None and data["applies_to"] == SINS.applies_to.disease
    assert (data["total"], data["min_total"], data["max_total"], data["band"]) == (None, None, None, None)
    assert (data["possible_bands"], data["components"], data["missing"]) == ([], [], [])


def test_an_applicable_result_has_no_applicability_keys() -> None:
    data = score("sins", {"location": "semirigid"}).as_dict()
    assert not {"not_applicable", "reason", "applies_to"} & set(data)
