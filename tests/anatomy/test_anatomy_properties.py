"""Property tests (hypothesis) for level ordering and spans."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from spinemet.anatomy import Level, Span, parse_level, parse_span
from spinemet.errors import InvalidValue

# The canonical spine, by hand.
SPINE = (
    [f"C{i}" for i in range(1, 8)]
    + [f"T{i}" for i in range(1, 13)]
    + [f"L{i}" for i in range(1, 6)]
    + [f"S{i}" for i in range(1, 6)]
    + ["Co"]
)

levels = st.sampled_from(list(Level))


@st.composite
def spans(draw: st.DrawFn) -> Span:
    a = draw(levels)
    b = draw(levels)
    return Span(min(a, b), max(a, b))


@given(levels, levels)
def test_level_order_is_total_and_follows_the_spine(a: Level, b: Level) -> None:
    # exactly one of <, ==, > holds
    assert [a < b, a == b, a > b].count(True) == 1
    # and it agrees with the position in the canonical spine, written as text
    assert (a < b) == (SPINE.index(str(a)) < SPINE.index(str(b)))
    assert (a == b) == (str(a) == str(b))


@given(levels, levels, levels)
def test_level_order_is_transitive(a: Level, b: Level, c: Level) -> None:
    if a <= b and b <= c:
        assert a <= c


@given(levels)
def test_level_text_round_trips(level: Level) -> None:
    assert parse_level(str(level)) is level
    assert parse_level(str(level).lower()) is level


@given(spans(), st.sampled_from(["-", "–", "—", "/", " to ", " - "]))
def test_any_span_formats_and_reparses_to_itself(span: Span, separator: str) -> None:
    assert parse_span(str(span)) == span
    written = str(span.start) if span.start == span.end else f"{span.start}{separator}{span.end}"
    if separator == "/" and len(span) > 2:
        # A slash joins adjacent levels only (T12/L1); 'T3/T8' is ambiguous and refused (issue 12).
        with pytest.raises(InvalidValue, match="adjacent levels"):
            parse_span(written)
        return
    assert parse_span(written) == span
    assert parse_span(written.lower()) == span


@given(spans())
def test_length_is_the_number_of_levels(span: Span) -> None:
    assert len(span) == len(span.levels) == len(list(span))
    assert span.levels[0] == span.start
    assert span.levels[-1] == span.end
    assert list(span.levels) == sorted(span.levels)
    assert len(set(span.levels)) == len(span)


@given(st.data())
def test_levels_above_plus_below_plus_one_is_the_length(data: st.DataObject) -> None:
    span = data.draw(spans())
    index = data.draw(st.sampled_from(span.levels))
    assert span.levels_above(index) + span.levels_below(index) + 1 == len(span)
    assert span.levels_above(index) == span.levels.index(index)


@given(spans())
def test_span_levels_are_contiguous_and_inside(span: Span) -> None:
    from spinemet.anatomy import are_contiguous

    assert are_contiguous(span.levels)
    assert all(level in span for level in span.levels)
    assert all(level not in span for level in Level if level < span.start or level > span.end)
