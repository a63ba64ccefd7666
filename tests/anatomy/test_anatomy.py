"""Vertebral levels and spans: parsing, formatting, regions, SINS location, span arithmetic."""

from __future__ import annotations

import pytest

from spinemet.anatomy import (
    ALLOWED_LEVELS,
    Level,
    Region,
    SinsLocation,
    Span,
    are_contiguous,
    is_junctional,
    parse_level,
    parse_span,
    region,
    sins_location,
)
from spinemet.errors import InvalidValue, SpineMetError

# The canonical spine, written out by hand (not derived from the code under test).
CANONICAL = [
    "C1", "C2", "C3", "C4", "C5", "C6", "C7",
    "T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8", "T9", "T10", "T11", "T12",
    "L1", "L2", "L3", "L4", "L5",
    "S1", "S2", "S3", "S4", "S5",
    "Co",
]

EXPECTED_REGION = {
    **{f"C{i}": "cervical" for i in range(1, 8)},
    **{f"T{i}": "thoracic" for i in range(1, 13)},
    **{f"L{i}": "lumbar" for i in range(1, 6)},
    **{f"S{i}": "sacral" for i in range(1, 6)},
    "Co": "coccygeal",
}

# SINS location, instruments.md §1 (Fisher 2010): junctional occiput-C2, C7-T2, T11-L1, L5-S1;
# mobile C3-C6, L2-L4; semirigid T3-T10; rigid S2-S5. Written level by level.
EXPECTED_SINS = {
    "C1": "junctional", "C2": "junctional",
    "C3": "mobile", "C4": "mobile", "C5": "mobile", "C6": "mobile",
    "C7": "junctional", "T1": "junctional", "T2": "junctional",
    "T3": "semirigid", "T4": "semirigid", "T5": "semirigid", "T6": "semirigid",
    "T7": "semirigid", "T8": "semirigid", "T9": "semirigid", "T10": "semirigid",
    "T11": "junctional", "T12": "junctional", "L1": "junctional",
    "L2": "mobile", "L3": "mobile", "L4": "mobile",
    "L5": "junctional", "S1": "junctional",
    "S2": "rigid", "S3": "rigid", "S4": "rigid", "S5": "rigid",
}


def test_the_spine_has_thirty_levels_in_canonical_order() -> None:
    assert [str(lv) for lv in sorted(Level)] == CANONICAL
    assert len(CANONICAL) == 30


@pytest.mark.parametrize("name", CANONICAL)
def test_every_level_parses_in_upper_lower_and_spaced_forms(name: str) -> None:
    expected = Level[name]
    assert parse_level(name) is expected
    assert parse_level(name.lower()) is expected
    assert parse_level(name.upper()) is expected
    assert parse_level(f"  {name}  ") is expected
    if name != "Co":
        spaced = f"{name[0]} {name[1:]}"
        assert parse_level(spaced) is expected
        assert parse_level(spaced.lower()) is expected


@pytest.mark.parametrize("name", CANONICAL)
def test_canonical_format_round_trips(name: str) -> None:
    level = parse_level(name)
    assert str(level) == name
    assert parse_level(str(level)) is level
    assert str(parse_span(name)) == name


def test_coccyx_spellings() -> None:
    for text in ("Co", "co", "CO", "coccyx", "Coccyx"):
        assert parse_level(text) is Level.Co


def test_parse_level_accepts_a_level() -> None:
    assert parse_level(Level.T6) is Level.T6


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("T6", "T6", "T6"),
        ("t6", "T6", "T6"),
        ("T3-T8", "T3", "T8"),
        ("t3-t8", "T3", "T8"),
        ("T3–T8", "T3", "T8"),  # en dash
        ("T3—T8", "T3", "T8"),  # em dash
        ("T3 - T8", "T3", "T8"),
        ("T12/L1", "T12", "L1"),
        ("C7-T1", "C7", "T1"),
        ("T3 to T8", "T3", "T8"),
        ("T3 TO T8", "T3", "T8"),
        ("T3-8", "T3", "T8"),
        ("L2-4", "L2", "L4"),
        ("L5-S1", "L5", "S1"),
        ("T12–L1", "T12", "L1"),
        ("C7/T1", "C7", "T1"),
        ("T6-T6", "T6", "T6"),
    ],
)
def test_every_span_form(text: str, start: str, end: str) -> None:
    span = parse_span(text)
    assert span == Span(Level[start], Level[end])
    canonical = start if start == end else f"{start}-{end}"
    assert str(span) == canonical
    assert parse_span(str(span)) == span


def test_parse_span_passes_through_spans_and_levels() -> None:
    span = Span(Level.T3, Level.T8)
    assert parse_span(span) is span
    assert parse_span(Level.T6) == Span(Level.T6, Level.T6)
    assert Span.single(Level.L1) == Span(Level.L1, Level.L1)


@pytest.mark.parametrize("name", CANONICAL)
def test_region_of_every_level(name: str) -> None:
    level = Level[name]
    assert region(level) == Region(EXPECTED_REGION[name])
    assert level.region == Region(EXPECTED_REGION[name])


@pytest.mark.parametrize("name", [n for n in CANONICAL if n in EXPECTED_SINS])
def test_sins_location_of_every_level(name: str) -> None:
    level = Level[name]
    assert sins_location(level) == SinsLocation(EXPECTED_SINS[name])
    assert is_junctional(level) == (EXPECTED_SINS[name] == "junctional")


def test_sins_table_covers_every_level_but_the_coccyx() -> None:
    assert set(EXPECTED_SINS) == set(CANONICAL) - {"Co"}


def test_story_level_t6_is_semirigid_not_junctional() -> None:
    assert sins_location(Level.T6) is SinsLocation.SEMIRIGID


def test_coccyx_has_no_sins_location() -> None:
    with pytest.raises(InvalidValue, match="coccyx"):
        sins_location(Level.Co)
    assert not is_junctional(Level.Co)


def test_levels_in_a_span() -> None:
    span = parse_span("T3-T8")
    assert span.levels == (Level.T3, Level.T4, Level.T5, Level.T6, Level.T7, Level.T8)
    assert list(span) == list(span.levels)
    assert len(span) == 6
    assert Level.T6 in span
    assert Level.T2 not in span
    assert Level.T9 not in span
    assert "T6" not in span  # only levels are members
    assert parse_span("C7-T1").levels == (Level.C7, Level.T1)
    assert parse_span("T12/L1").levels == (Level.T12, Level.L1)


def test_levels_above_and_below_the_index_level() -> None:
    span = parse_span("T3-T8")
    assert span.levels_above(Level.T6) == 3
    assert span.levels_below(Level.T6) == 2
    assert span.levels_above(Level.T3) == 0
    assert span.levels_below(Level.T8) == 0
    assert parse_span("T10-L2").levels_above(Level.T12) == 2
    assert parse_span("T10-L2").levels_below(Level.T12) == 2


def test_levels_above_outside_the_span_is_an_error() -> None:
    with pytest.raises(InvalidValue, match="inside the span T3-T8"):
        parse_span("T3-T8").levels_above(Level.T10)
    with pytest.raises(InvalidValue):
        parse_span("T3-T8").levels_below(Level.T1)


def test_contiguity() -> None:
    assert are_contiguous([Level.T5, Level.T6, Level.T7])
    assert are_contiguous([Level.T7, Level.T5, Level.T6, Level.T6])  # order and repeats do not matter
    assert are_contiguous([Level.T12, Level.L1])  # across a region boundary
    assert are_contiguous([Level.T6])
    assert not are_contiguous([Level.T4, Level.T9])
    assert not are_contiguous([Level.T4, Level.T5, Level.T9])
    assert not are_contiguous([])


def test_span_adjacency_and_overlap() -> None:
    assert parse_span("T3-T5").adjacent_to(parse_span("T6-T8"))
    assert parse_span("T6-T8").adjacent_to(parse_span("T3-T5"))
    assert not parse_span("T3-T5").adjacent_to(parse_span("T7-T8"))
    assert parse_span("T3-T6").overlaps(parse_span("T6-T8"))
    assert not parse_span("T3-T5").overlaps(parse_span("T6-T8"))


def test_junction_crossing() -> None:
    assert not parse_span("T3-T8").crosses_junction()  # all semirigid
    assert parse_span("T10-L2").crosses_junction()  # thoracolumbar junction
    assert parse_span("T10-L2").junctional_levels() == (Level.T11, Level.T12, Level.L1)
    assert parse_span("C5-T1").crosses_junction()  # cervicothoracic
    assert not parse_span("L2-L4").crosses_junction()
    assert parse_span("L4-S1").crosses_junction()
    assert not parse_span("S2-S5").crosses_junction()
    assert parse_span("T12").crosses_junction()
    assert parse_span("T3-T11").ends_in_junction()
    assert not parse_span("T3-T8").ends_in_junction()


def test_regions_of_a_span() -> None:
    assert parse_span("T10-L2").regions() == (Region.THORACIC, Region.LUMBAR)
    assert parse_span("C7-T1").regions() == (Region.CERVICAL, Region.THORACIC)
    assert parse_span("T6").regions() == (Region.THORACIC,)


@pytest.mark.parametrize("text", ["T13", "X4", "S6", "L6", "", "   ", "C8", "T0", "6", "T", "T-", "TT6"])
def test_bad_levels_name_the_allowed_levels(text: str) -> None:
    with pytest.raises(InvalidValue) as info:
        parse_span(text)
    assert ALLOWED_LEVELS in str(info.value)
    assert "C1–C7, T1–T12, L1–L5, S1–S5, Co" in str(info.value)
    assert isinstance(info.value, SpineMetError)


@pytest.mark.parametrize("text", ["T13", "X4", "S6", "L6", "C0"])
def test_parse_level_rejects_bad_levels(text: str) -> None:
    with pytest.raises(InvalidValue, match=f"'{text}' is not a vertebral level"):
        parse_level(text)


def test_non_text_level_is_rejected() -> None:
    with pytest.raises(InvalidValue):
        parse_level(6)  # type: ignore[arg-type]


def test_l6_message_explains_the_transitional_anatomy_decision() -> None:
    with pytest.raises(InvalidValue) as info:
        parse_level("L6")
    message = str(info.value)
    assert "transitional" in message
    assert "C2" in message  # number from C2 downwards
    assert "note" in message  # record the transitional vertebra in a note
    with pytest.raises(InvalidValue, match="transitional"):
        parse_level("T13")
    # S6 is simply not a level: no transitional-anatomy advice.
    with pytest.raises(InvalidValue) as s6:
        parse_level("S6")
    assert "transitional" not in str(s6.value)


@pytest.mark.parametrize("text", ["T8-T3", "L1-T12", "T8–T3", "T8 to T3", "T8-3"])
def test_reversed_span_is_rejected_with_the_rule(text: str) -> None:
    with pytest.raises(InvalidValue) as info:
        parse_span(text)
    assert "cranial to the caudal" in str(info.value)
    assert "T3-T8" in str(info.value)


@pytest.mark.parametrize("text", ["T3-T8-T10", "T3//T8", "T3 to to T8", "T3-", "-T8", "T3 to"])
def test_more_than_two_ends_is_rejected(text: str) -> None:
    with pytest.raises(InvalidValue, match="span of two levels"):
        parse_span(text)


@pytest.mark.parametrize("text", ["T13-L1", "T3-X4", "T10-13"])
def test_span_with_a_bad_end_names_the_allowed_levels(text: str) -> None:
    with pytest.raises(InvalidValue, match="C1–C7, T1–T12, L1–L5, S1–S5, Co"):
        parse_span(text)


def test_constructing_a_reversed_span_directly_is_rejected() -> None:
    with pytest.raises(InvalidValue, match="cranial to the caudal"):
        Span(Level.T8, Level.T3)


def test_field_name_is_part_of_the_message() -> None:
    with pytest.raises(InvalidValue) as info:
        parse_span("T13", field="fixation_span")
    assert info.value.field == "fixation_span"
    assert str(info.value).startswith("fixation_span: ")
