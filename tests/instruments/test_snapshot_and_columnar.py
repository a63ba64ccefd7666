"""Snapshot -> results; columnar evaluation agrees with single-case evaluation."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from spinemet.case import parse_case, snapshot
from spinemet.instruments import INSTRUMENTS, assess_snapshot, score, score_frame

STORY = Path(__file__).resolve().parents[2] / "examples" / "story-lung-net-t6.yaml"


def _story(day: int) -> dict[str, dict[str, object]]:
    case = parse_case(yaml.safe_load(STORY.read_text()))
    return {r.instrument: r.as_dict() for r in assess_snapshot(snapshot(case, day))}


def test_story_case_sins_location_t6_is_derived_semirigid() -> None:
    sins = _story(0)["sins"]
    comp = sins["components"][0]  # type: ignore[index]
    assert comp == {"item": "location", "answer": "semirigid", "points": 1, "source": "derived from level T6"}
    assert sins["total"] is None and (sins["min_total"], sins["max_total"]) == (1, 16)


def test_story_case_cord_compression_without_grade_reads_high_grade_escc() -> None:
    assert _story(0)["escc"]["category"] == "high_grade"
    assert _story(28)["escc"]["category"] == "high_grade"  # recurrence read as ESCC 3


def test_story_case_unknowns_are_named_not_guessed() -> None:
    tok = _story(0)["tokuhashi_revised"]
    assert tok["total"] is None
    assert "general_condition" in tok["missing"]  # type: ignore[operator]


def _random_frame(data: st.DataObject, key: str, rows: int) -> pl.DataFrame:
    inst = INSTRUMENTS[key]
    cols = {}
    for it in inst.items:
        values = st.one_of(st.none(), st.sampled_from(it.answer_keys))
        cols[it.key] = data.draw(st.lists(values, min_size=rows, max_size=rows))
    return pl.DataFrame(cols, schema={it.key: pl.String for it in inst.items})


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_columnar_and_single_case_evaluation_agree_on_random_tables(data: st.DataObject) -> None:
    key = data.draw(st.sampled_from(list(INSTRUMENTS)))
    frame = _random_frame(data, key, data.draw(st.integers(1, 25)))
    out = score_frame(key, frame).frame
    for row_in, row_out in zip(frame.iter_rows(named=True), out.iter_rows(named=True), strict=True):
        single = score(key, {k: v for k, v in row_in.items() if v is not None}).as_dict()
        assert row_out["band"] == (single["band"]["key"] if single["band"] else None)  # type: ignore[index]
        assert row_out["possible_bands"] == single["possible_bands"]
        assert row_out["missing"] == single["missing"]
        if "total" in single:
            assert (row_out["total"], row_out["min_total"], row_out["max_total"]) == (
                single["total"], single["min_total"], single["max_total"])
        else:
            assert row_out["category"] == single["category"]


def test_columnar_bad_values_are_row_numbered_and_the_rest_still_scored() -> None:
    frame = pl.DataFrame({"score": ["70", "55", None, "100"]})
    res = score_frame("kps", frame)
    assert [(e.row, e.message.split(";")[0]) for e in res.errors] == [
        (2, "kps.score: '55' is not an answer")]
    assert res.frame["total"].to_list() == [70, None, None, 100]
    assert res.frame["min_total"].to_list() == [70, None, 0, 100]


def test_columnar_reads_booleans_numbers_and_case_like_the_scalar_engine() -> None:
    frame = pl.DataFrame({"bauer_modified_3_or_more": [True, False], "ambulatory": ["Yes", " no "],
                          "albumin_normal": ["yes", "unknown"]})
    assert score_frame("nesms", frame).frame["min_total"].to_list() == [3, 0]
