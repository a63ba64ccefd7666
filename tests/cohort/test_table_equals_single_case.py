"""Scoring a registry table equals scoring each of its rows as one case (the single-case path).

Random tables (hypothesis) draw every dictionary column as absent, empty, a valid value (numbers
just below, at and above each threshold the declarations use) or, now and then, a value the
dictionary does not allow; each row's results from :func:`spinemet.cohort.compile.score_registry`
must equal :func:`spinemet.cohort.facts.assess_facts` on that row -- status, total, range, band,
possible bands and missing items -- and a bad row must carry the same located message.
"""

from __future__ import annotations

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spinemet.cohort.compile import RESULT_FIELDS, result_column, score_registry
from spinemet.cohort.dictionary import BY_NAME, COHORT_INSTRUMENTS, COLUMNS, INTEGER, YES_NO, RegistryColumn
from spinemet.cohort.facts import FactError, InconsistentRow, Scored, assess_facts, read_row


def _values(col: RegistryColumn) -> st.SearchStrategy[object]:
    if col.codes:
        return st.sampled_from(col.codes) | st.sampled_from(col.codes).map(str.lower)
    if col.kind == YES_NO:
        return st.sampled_from(["yes", "no", "true", "0", "1", "N"])
    low = col.low or 0
    points: list[float] = [low, low + 1, low + 2, low + 3, low + 7, 40.0]
    for cut in col.cuts:
        points += [cut - 0.1, cut, cut + 0.1, cut - 1, cut + 1]
    if col.kind == INTEGER:
        return st.sampled_from([str(int(p)) for p in points if p >= low and p == int(p)])
    return st.sampled_from([f"{p:g}" for p in points if p >= low])


def _cell(col: RegistryColumn) -> st.SearchStrategy[object]:
    bad = st.sampled_from(["banana", "-3", "7.5"] if col.kind != YES_NO else ["maybe", "2"])
    return st.one_of(st.none(), st.just("unknown"), _values(col), _values(col), _values(col), bad)


_ROW = st.fixed_dictionaries({c.name: _cell(c) for c in COLUMNS})


def _expected(row: dict[str, object]) -> tuple[dict[str, Scored] | None, str | None]:
    try:
        return assess_facts(read_row(row)), None
    except (FactError, InconsistentRow) as exc:
        return None, str(exc)


def _as_row(s: Scored) -> dict[str, object]:
    return {"status": s.status, "total": s.total, "min_total": s.min_total, "max_total": s.max_total,
            "band": s.band, "possible_bands": "|".join(s.possible_bands) or None, "missing": "|".join(s.missing) or None}


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(_ROW, min_size=1, max_size=12))
def test_every_row_of_a_random_registry_scores_as_the_same_row_scored_as_one_case(rows: list[dict[str, object]]) -> None:
    frame = pl.DataFrame([{k: None if v is None else str(v) for k, v in r.items()} for r in rows],
                         schema={c.name: pl.String for c in COLUMNS})
    out = score_registry(frame.lazy()).collect()
    for i, row in enumerate(rows):
        expected, message = _expected(row)
        if expected is None:
            assert out["error"][i] is not None, (row, message)
            assert message is not None and message.split(":")[0] in out["error"][i]
            assert all(out[result_column(k, "status")][i] == "error" for k in COHORT_INSTRUMENTS)
            continue
        assert out["error"][i] is None, (row, out["error"][i])
        for key in COHORT_INSTRUMENTS:
            got = {f: out[result_column(key, f)][i] for f in RESULT_FIELDS}
            assert got == _as_row(expected[key]), (key, row)


def test_typed_parquet_style_columns_score_as_their_text(tmp_path: object) -> None:
    """Numbers, booleans and text of the same facts score alike (a Parquet registry is typed)."""
    typed = pl.DataFrame({"primary_site": ["kidney", None], "kps": [60, None], "visceral_mets": [True, None],
                          "extraspinal_bone_mets": [0, 3], "vertebral_mets": [1, 2], "albumin": [3.5, 3.69]})
    text = typed.select(pl.all().cast(pl.String))
    a = score_registry(typed.lazy()).collect()
    b = score_registry(text.lazy()).collect()
    for key in COHORT_INSTRUMENTS:
        for f in RESULT_FIELDS:
            assert a[result_column(key, f)].to_list() == b[result_column(key, f)].to_list()


def test_each_reading_class_reads_alike_at_every_value_of_a_fine_grid() -> None:
    """Every value of a numeric column scores as the single-case path scores it, on a grid through and
    around each threshold the readers use (the classes are the intervals between those thresholds: a
    threshold changed in a declaration fails here)."""
    base = {"primary_site": "breast", "kps": "70", "extraspinal_bone_mets": "1", "vertebral_mets": "1",
            "visceral_mets": "no", "brain_mets": "no", "ambulatory": "independent", "index_level": "T6"}
    for col in COLUMNS:
        if col.codes or col.kind == YES_NO:
            continue
        low = col.low or 0
        step = 1.0 if col.kind == INTEGER else 0.01
        grid = {low + i * step for i in range(6)} | {low + 7.0, low + 40.0}
        for cut in col.cuts:  # every value within five steps of each threshold, both sides
            grid |= {round(cut + i * step, 2) for i in range(-5, 6) if cut + i * step >= low}
        grid = sorted(grid)
        rows = [{**base, col.name: f"{v:g}"} for v in grid]
        frame = pl.DataFrame(rows, schema={c: pl.String for c in rows[0]})
        out = score_registry(frame.lazy()).collect()
        for i, row in enumerate(rows):
            expected = assess_facts(read_row(row))
            for key in COHORT_INSTRUMENTS:
                got = {f: out[result_column(key, f)][i] for f in RESULT_FIELDS}
                assert got == _as_row(expected[key]), (col.name, row[col.name], key)
    assert BY_NAME["albumin"].cuts == (3.5, 3.7)


def test_typed_columns_with_values_not_allowed_give_the_messages_of_their_text() -> None:
    """Whole numbers are read by integer arithmetic, text by comparisons: a value the dictionary does
    not allow gives the same located message and 'error' rows either way (and as the single-case
    reader words it: :func:`spinemet.cohort.facts.read_value`)."""
    typed = pl.DataFrame({"kps": [85, 70, None, 110, 60], "ecog": [1, 7, None, 2, -1],
                          "extraspinal_bone_mets": [0, -1, 9, 2, 1], "vertebral_mets": [1, 0, 3, None, 2],
                          "days_since_diagnosis": [10, -3, 400, 500, 0], "index_level": ["T4"] * 5})
    text = typed.select(pl.all().cast(pl.String))
    a = score_registry(typed.lazy()).collect()
    b = score_registry(text.lazy()).collect()
    assert a["error"].to_list() == b["error"].to_list()
    for i, row in enumerate(text.to_dicts()):
        try:
            read_row(row)
            assert a["error"][i] is None
        except FactError as exc:
            assert str(exc).split(":")[0] in a["error"][i]
    assert a["error"][2] is None and all(a["error"][i] is not None for i in (0, 1, 3, 4))
    for key in COHORT_INSTRUMENTS:
        for f in RESULT_FIELDS:
            assert a[result_column(key, f)].to_list() == b[result_column(key, f)].to_list()
