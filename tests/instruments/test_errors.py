"""Bad input gives one uniform message naming the item and the allowed answers."""

from __future__ import annotations

import pytest

from spinemet.errors import NotFound, SpineMetError, ValidationFailed
from spinemet.instruments import Given, InvalidAnswer, score


def test_bad_answer_names_item_and_allowed_answers() -> None:
    with pytest.raises(InvalidAnswer, match=r"^sins\.pain: 'severe' is not an answer; allowed: mechanical, occasional, none$"):
        score("sins", {"pain": "severe"})


def test_unknown_item_names_the_items() -> None:
    with pytest.raises(InvalidAnswer, match=r"sins: 'pian' is not an item; allowed: location, pain, bone_lesion"):
        score("sins", {"pian": "mechanical"})


def test_several_problems_are_reported_together() -> None:
    with pytest.raises(ValidationFailed) as exc:
        score("tomita", {"primary_growth": "fast", "bone_mets": "many"})
    assert len(exc.value.problems) == 2
    assert "tomita.primary_growth: 'fast' is not an answer; allowed: slow, moderate, rapid" in str(exc.value)


def test_unknown_instrument_is_not_found_and_lists_keys() -> None:
    with pytest.raises(NotFound, match="known: sins, escc"):
        score("sinss", {})


def test_osri_is_explained_as_not_implemented() -> None:
    with pytest.raises(NotFound, match="PTP"):
        score("osri", {})


def test_every_error_is_a_spinemet_error() -> None:
    assert issubclass(InvalidAnswer, SpineMetError)


def test_answers_are_case_and_space_insensitive_and_booleans_read_as_yes_no() -> None:
    assert score("sins", {"pain": " Mechanical "}).components[0].answer == "mechanical"
    assert score("frankel", {"grade": "c"}).category == "C"
    assert score("nesms", {"ambulatory": True}).components[0].answer == "yes"
    assert score("kps", {"score": 70.0}).total == 70


def test_unknown_tokens_mean_unknown() -> None:
    res = score("sins", {"pain": "unknown", "location": None, "collapse": ""})
    assert set(res.missing) == {"location", "pain", "bone_lesion", "alignment", "collapse", "posterolateral"}


def test_bad_candidate_is_rejected() -> None:
    with pytest.raises(InvalidAnswer, match=r"kps\.score: '75' is not an answer"):
        score("kps", {"score": Given(None, "x", candidates=("70", "75"))})
