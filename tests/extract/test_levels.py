"""Levels as clinicians write them, read into the record's spans (hand-written expectations from
docs/case-file.md's span grammar and the issue's list of spellings)."""

from __future__ import annotations

import pytest

from spinemet.extract.levels import find_levels, find_regions


def _spans(text: str) -> list[list[str]]:
    return [[str(s) for s in m.spans] for m in find_levels(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("metastasis at T6", [["T6"]]),
    ("collapse of D7", [["T7"]]),  # dorsal = thoracic
    ("epidural disease T3–T8", [["T3-T8"]]),  # en dash
    ("fixation from T3 to T8", [["T3-T8"]]),
    ("fixation T3-8", [["T3-T8"]]),  # shorthand end
    ("junction C7/T1", [["C7-T1"]]),
    ("decompression at T2/3 and T9", [["T2-T3", "T9"]]),
    ("lesions of T1, T5, T10 and T12", [["T1", "T5", "T10", "T12"]]),
    ("mass at L2/L3", [["L2-L3"]]),
    ("the seventh thoracic vertebra", [["T7"]]),
    ("T12-L1", [["T12-L1"]]),
    ("C5-C7 laminectomy and C3-T2 fusion", [["C5-C7"], ["C3-T2"]]),
])
def test_each_spelling_of_a_level_reads_as_the_span_it_names(text: str, expected: list[list[str]]) -> None:
    assert _spans(text) == expected


@pytest.mark.parametrize("text", [
    "T2-weighted images were normal",  # an MRI sequence
    "T1 hypointense marrow",
    "staged T2N0M0",  # a TNM stage
    "T3/T8",  # a slash joins adjacent levels only: a span or two levels? not guessed
    "T8-T3",  # reversed
    "T13 and L6",  # beyond the standard count
])
def test_what_only_looks_like_a_level_is_not_read_as_one(text: str) -> None:
    assert _spans(text) == []


def test_the_character_offsets_point_at_the_words_of_each_level() -> None:
    text = "Osteolytic lesions of T1, T5 and T12."
    (m,) = find_levels(text)
    assert [text[a:b] for a, b in m.parts] == ["T1", "T5", "T12"]


def test_regions_in_words_are_the_records_region_keys() -> None:
    found = [key for _, _, key in find_regions("pain in the dorsal spine and a lumbosacral mass; whole spine MRI")]
    assert found == ["thoracic", "lumbosacral", "whole_spine"]
