"""The columnar fast path (exact answer keys, coded by one Enum cast) and the general path
(values normalised one by one as the single-case engine does) give the same results."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from spinemet.instruments import INSTRUMENTS, score, score_frame
from spinemet.instruments.model import Item

RESULTS = ["total", "min_total", "max_total", "category", "band", "possible_bands", "missing", "error"]


def _results(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.select(c for c in RESULTS if c in frame.columns)


def _messy(item: Item, value: str | None, how: int) -> str | None:
    """The same answer as the scalar engine reads it, spelled differently (or unknown).

    A word for 'unknown' that is also an answer of the item ('unknown' primary) is an answer."""
    if value is None:
        tokens = [t for t in ("unknown", "", " NA ", "?") if t.strip().lower() not in item.answer_keys]
        return [*tokens, None][how % (len(tokens) + 1)]
    return [value.upper(), f" {value} ", value.title(), value][how % 4]


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_exact_keys_and_values_needing_normalisation_score_alike(data: st.DataObject) -> None:
    key = data.draw(st.sampled_from(list(INSTRUMENTS)))
    inst = INSTRUMENTS[key]
    rows = data.draw(st.integers(1, 30))
    exact: dict[str, list[str | None]] = {}
    messy: dict[str, list[str | None]] = {}
    for it in inst.items:
        values = data.draw(st.lists(st.one_of(st.none(), st.sampled_from(it.answer_keys)), min_size=rows,
                                    max_size=rows))
        hows = data.draw(st.lists(st.integers(0, 3), min_size=rows, max_size=rows))
        exact[it.key] = values
        messy[it.key] = [_messy(it, v, h) for v, h in zip(values, hows, strict=True)]
    schema = {it.key: pl.String for it in inst.items}
    fast = score_frame(key, pl.DataFrame(exact, schema=schema)).frame
    general = score_frame(key, pl.DataFrame(messy, schema=schema)).frame
    assert_frame_equal(_results(fast), _results(general))
    categorical = score_frame(key, pl.DataFrame(exact, schema={k: pl.Categorical for k in schema})).frame
    assert_frame_equal(_results(fast), _results(categorical))


def test_one_messy_value_sends_only_its_column_down_the_general_path() -> None:
    frame = pl.DataFrame({
        "location": ["junctional", "mobile", "rigid", "semirigid"],
        "pain": ["mechanical", "Mechanical ", "unknown", None],
        "bone_lesion": ["lytic", "mixed", "blastic", "lytic"],
        "alignment": ["normal", "normal", "deformity", "subluxation"],
        "collapse": ["none", "under_50", "at_least_50", "none"],
        "posterolateral": ["none", "bilateral", "unilateral", "none"],
    })
    out = score_frame("sins", frame)
    assert out.errors == ()
    for row_in, row_out in zip(frame.iter_rows(named=True), out.frame.iter_rows(named=True), strict=True):
        single = score("sins", {k: v for k, v in row_in.items() if v is not None})
        assert (row_out["total"], row_out["min_total"], row_out["max_total"]) == (
            single.total, single.min_total, single.max_total)
        assert row_out["band"] == (single.band.key if single.band else None)
        assert row_out["possible_bands"] == list(single.possible_bands)
        assert row_out["missing"] == list(single.missing)
    assert out.frame["total"].to_list()[:2] == [3 + 2 + 0 + 0 + 0 + 3, 2 + 3 + 1 + 0 + 2 + 3]


def test_invalid_value_in_an_otherwise_exact_column_is_reported_and_nulls_only_its_row() -> None:
    frame = pl.DataFrame({"location": ["junctional", "lumbar", "rigid"], "pain": ["none"] * 3,
                          "bone_lesion": ["lytic"] * 3, "alignment": ["normal"] * 3, "collapse": ["none"] * 3,
                          "posterolateral": ["none"] * 3})
    out = score_frame("sins", frame)
    assert [(e.row, e.message.split(";")[0]) for e in out.errors] == [
        (2, "sins.location: 'lumbar' is not an answer")]
    assert out.frame["total"].to_list() == [5, None, 2]
    assert out.frame["possible_bands"].to_list() == [["stable"], None, ["stable"]]
    assert out.frame["error"].to_list()[0] is None


@pytest.mark.parametrize("column", [
    pl.Series("score", [70, 100, None]),
    pl.Series("score", [70.0, 100.0, None]),
    pl.Series("score", ["70", "100", None]),
    pl.Series("score", ["70", "100", None], dtype=pl.Categorical),
])
def test_numbers_and_text_of_the_same_answers_score_alike(column: pl.Series) -> None:
    out = score_frame("kps", column.to_frame()).frame
    assert out["total"].to_list() == [70, 100, None]
    assert out["missing"].to_list() == [[], [], ["score"]]


def test_empty_table_and_missing_columns() -> None:
    empty = score_frame("sins", pl.DataFrame({"location": pl.Series([], dtype=pl.String)})).frame
    assert empty.height == 0 and empty.schema["possible_bands"] == pl.List(pl.String)
    none = score_frame("escc", pl.DataFrame({"id": [1, 2]})).frame
    assert none["category"].to_list() == [None, None]
    assert none["missing"].to_list() == [list(score("escc", {}).missing)] * 2
