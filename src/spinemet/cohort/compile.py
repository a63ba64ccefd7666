"""A registry table scored by the instruments' own readers, compiled to Polars expressions.

No score and no derivation is written here. The table is read in three steps, each built from
declared data:

1. every dictionary column becomes a small integer *class* (:meth:`RegistryColumn.classes`: a
   code, yes/no, a count up to 4, or the interval between the thresholds the declarations use),
   with a located message for a value the dictionary does not allow;
2. each instrument item's classes (:data:`~spinemet.cohort.dictionary.ITEM_FACTS`) form one
   integer key per row, and the item keys one instrument key;
3. each *distinct* instrument key is evaluated once, the first time a batch meets it: a case is
   written from one representative value per class (:func:`spinemet.cohort.facts.case_from_facts`,
   the same writer the single-case path uses), the instrument's own reader reads it, and the one
   engine (:func:`spinemet.instruments.engine.evaluate`) scores the answers -- unknowns give the
   range of totals and the bands still possible, as for one case. The results are gathered back to
   the rows.

The plan is a lazy query over one table or one chunk of a registry (the per-key tables grow with the
distinct keys, not the rows); :func:`spinemet.service.cohort.scored_frame` scores a registry a chunk at
a time so that memory stays bounded (docs/cohort.md, Scale).
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl

from spinemet.case.snapshot import snapshot
from spinemet.cohort.dictionary import (
    BY_NAME,
    COHORT_INSTRUMENTS,
    INTEGER,
    ITEM_FACTS,
    YES_NO,
    RegistryColumn,
    applies_facts,
)
from spinemet.cohort.facts import NO, VISCERAL_CONTRADICTION, YES, Scored, case_from_facts, scored_of
from spinemet.instruments.engine import MISSING_TOKENS, Given, evaluate, not_applicable
from spinemet.instruments.reading import Reading
from spinemet.instruments.registry import INSTRUMENTS

INVALID = -1
RESULT_FIELDS = ("status", "total", "min_total", "max_total", "band", "possible_bands", "missing")
_RESULT_DTYPE = pl.Struct({"status": pl.String, "total": pl.Int64, "min_total": pl.Int64, "max_total": pl.Int64,
                           "band": pl.String, "possible_bands": pl.String, "missing": pl.String})
_NUMERIC = (pl.Int8, pl.Int16, pl.Int32, pl.Int64, pl.UInt8, pl.UInt16, pl.UInt32, pl.UInt64, pl.Float32,
            pl.Float64)
_MISSING = sorted(MISSING_TOKENS)


def result_column(instrument: str, field: str) -> str:
    """The output column of one result field, e.g. ``tokuhashi_revised_total``."""
    return f"{instrument}_{field}"


def _is_numeric(dtype: pl.DataType) -> bool:
    return isinstance(dtype, _NUMERIC) or dtype in _NUMERIC


def _text(name: str) -> pl.Expr:
    return pl.col(name).cast(pl.String).str.strip_chars()


def lookup(expr: pl.Expr, table: Mapping[Any, Any], default: int | None, dtype: pl.DataType) -> pl.Expr:
    """``expr.replace_strict(table, default=...)`` batch by batch. (Polars runs ``replace`` and
    ``replace_strict`` as a whole-column function, so the streaming engine gathers every row before
    it: memory grew with the rows. Applied to each batch, the lookup streams.)"""

    def per_batch(s: pl.Series) -> pl.Series:
        return s.replace_strict(table, default=default, return_dtype=dtype)

    return expr.map_batches(per_batch, return_dtype=dtype, is_elementwise=True)


def text_table(col: RegistryColumn) -> dict[str, int]:
    """Class of each spelling of a text cell, stripped and lower-cased (the words meaning 'not stated'
    are class 0; any other spelling is :data:`INVALID`)."""
    if col.codes:
        table = {code.lower(): i + 1 for i, code in enumerate(col.codes)}
    else:  # yes/no
        table = {**{t: 1 for t in YES}, **{t: 2 for t in NO}, "nan": 0}
    for token in _MISSING:
        table.setdefault(token, 0)
    return table


def _text_classes(col: RegistryColumn) -> pl.Expr:
    """Class of a text column, batch by batch: the usual spellings by one hash lookup; only the
    other distinct values of the batch (spaces, capitals, typos) are stripped and lower-cased."""
    table = text_table(col)
    exact = {**table, **{code: i + 1 for i, code in enumerate(col.codes)}}

    def classes(raw: pl.Series) -> pl.Series:
        text = raw.cast(pl.String)
        fast = text.replace_strict(exact, default=None, return_dtype=pl.Int64)
        odd = fast.is_null() & text.is_not_null()
        if odd.any():
            extra = {v: table.get(v.strip().lower(), INVALID) for v in text.filter(odd).unique().to_list()}
            slow = text.replace_strict(extra, default=None, return_dtype=pl.Int64)
            fast = pl.select(pl.when(pl.lit(odd)).then(pl.lit(slow)).otherwise(pl.lit(fast))).to_series()
        return fast.fill_null(0)

    return pl.col(col.name).map_batches(classes, return_dtype=pl.Int64, is_elementwise=True)


def _class_of_codes(col: RegistryColumn, dtype: pl.DataType) -> pl.Expr:
    if _is_numeric(dtype):  # KPS / ECOG stored as numbers
        value = pl.col(col.name).cast(pl.Float64)
        numbers = {float(code): i + 1 for i, code in enumerate(col.codes)}
        return pl.when(value.is_null() | value.is_nan()).then(0).otherwise(
            lookup(value, numbers, INVALID, pl.Int64()))
    return _text_classes(col)


def _class_of_yes_no(col: RegistryColumn, dtype: pl.DataType) -> pl.Expr:
    raw = pl.col(col.name)
    if dtype == pl.Boolean:
        return pl.when(raw.is_null()).then(0).when(raw).then(1).otherwise(2)
    if _is_numeric(dtype):
        text = raw.cast(pl.Float64).cast(pl.String).str.to_lowercase()
        table = text_table(col)
        return pl.when(text.is_null()).then(0).otherwise(lookup(text, table, INVALID, pl.Int64()))
    return _text_classes(col)


def _number(col: RegistryColumn, dtype: pl.DataType) -> tuple[pl.Expr, pl.Expr]:
    """(value as Float64 or null, the cell is stated) for a numeric column of any dtype."""
    if _is_numeric(dtype):
        value = pl.col(col.name).cast(pl.Float64)
        return pl.when(value.is_nan()).then(None).otherwise(value), value.is_not_null() & ~value.is_nan()
    if dtype == pl.Boolean:
        return pl.lit(None, pl.Float64), pl.col(col.name).is_not_null()
    text = _text(col.name)
    stated = text.is_not_null() & ~text.str.to_lowercase().is_in(_MISSING)
    return text.cast(pl.Float64, strict=False), stated


def _class_of_number(col: RegistryColumn, dtype: pl.DataType) -> pl.Expr:
    value, stated = _number(col, dtype)
    ok = value.is_not_null() & value.is_finite()
    if col.low is not None:
        ok = ok & (value >= col.low)
    if col.high is not None:
        ok = ok & (value <= col.high)
    if col.kind == INTEGER:
        ok = ok & (value == value.floor())
    if col.cap is not None:
        cls = (pl.min_horizontal(value, pl.lit(float(col.cap))) - (col.low or 0) + 1).cast(pl.Int64)
    else:
        cls = pl.sum_horizontal([(value >= cut).cast(pl.Int64) for cut in col.cuts]) + 1
    return pl.when(~stated).then(0).when(ok).then(cls).otherwise(INVALID)


def class_expr(col: RegistryColumn, dtype: pl.DataType) -> pl.Expr:
    """The class of each cell of ``col`` (0 = not stated, :data:`INVALID` = not allowed)."""
    if col.codes:
        return _class_of_codes(col, dtype)
    if col.kind == YES_NO:
        return _class_of_yes_no(col, dtype)
    return _class_of_number(col, dtype)


def _class_name(column: str) -> str:
    return f"__class_{column}"


@dataclass(frozen=True)
class _ItemPlan:
    key: str
    columns: tuple[str, ...]
    strides: tuple[int, ...]
    size: int


def _item_plan(key: str, columns: tuple[str, ...]) -> _ItemPlan:
    strides, size = [], 1
    for c in columns:
        strides.append(size)
        size *= BY_NAME[c].classes()
    return _ItemPlan(key, columns, tuple(strides), size)


def _applies_plan(inst_key: str) -> _ItemPlan:
    return _item_plan("__applies", applies_facts(inst_key))


#: Distinct answers (an answer, or a set of candidates) one item may take in a table; far more
#: than any item has (its answers and the subsets its readers narrow to).
_ANSWER_CODES = 128


def _decode(key: int, plan: _ItemPlan) -> dict[str, object]:
    facts: dict[str, object] = {}
    for col, stride in zip(plan.columns, plan.strides, strict=True):
        cls = key // stride % BY_NAME[col].classes()
        if cls:
            facts[col] = BY_NAME[col].representative(cls)
    return facts


def _reading(facts: Mapping[str, object]) -> Reading:
    return Reading(snapshot(case_from_facts(facts), 0))


def _read(g: Given | None) -> bool:
    return g is not None and (g.answer is not None or bool(g.candidates))


Answer = tuple[str | None, tuple[str, ...]]


@functools.lru_cache(maxsize=400_000)
def item_answer(inst_key: str, plan: _ItemPlan, key: int) -> Answer | None:
    """The item's answer (or candidates), read by the instrument's own reader from a case of the
    class representatives of ``key``; ``None`` when the reader reads nothing for it."""
    reader = INSTRUMENTS[inst_key].reader
    assert reader is not None
    given = reader(_reading(_decode(key, plan))).get(plan.key)
    if given is None or not _read(given):
        return None
    return (None if given.answer is None else str(given.answer), tuple(given.candidates))


@functools.lru_cache(maxsize=65536)
def outside(inst_key: str, key: int) -> str | None:
    """Why the instrument does not apply to a case of the applicability classes ``key`` (or ``None``)."""
    inst = INSTRUMENTS[inst_key]
    check = inst.applies_to.outside if inst.applies_to else None
    return None if check is None else check(_reading(_decode(key, _applies_plan(inst_key))))


@functools.lru_cache(maxsize=200_000)
def _evaluate(inst_key: str, answers: tuple[tuple[str, str | None, tuple[str, ...]], ...]) -> Scored:
    given = {item: Given(answer, "", (), candidates) for item, answer, candidates in answers}
    return scored_of(evaluate(INSTRUMENTS[inst_key], given)) if given else Scored("unscored")


def _row(s: Scored) -> tuple[object, ...]:
    return (s.status, s.total, s.min_total, s.max_total, s.band, "|".join(s.possible_bands) or None,
            "|".join(s.missing) or None)


_ERROR_ROW = ("error", None, None, None, None, None, None)


class _InstrumentScorer:
    """Scores batches of rows of one instrument from their item keys (called by the streaming engine).

    Level 1: each item key -> an answer code (the reader, once per distinct key, in a dense table).
    Level 2: the answer codes and the applicability key -> the result (the engine, once per distinct
    combination), found by a binary search among the combinations met so far. Both tables only grow
    with distinct keys, never with rows. Row 0 of the results is the row of a bad row ('error').
    """

    def __init__(self, inst_key: str) -> None:
        self.inst_key = inst_key
        self.items = tuple(_item_plan(item, cols) for item, cols in ITEM_FACTS[inst_key].items())
        self.applies = _applies_plan(inst_key)
        self.codes = [np.full(it.size, -1, dtype=np.int64) for it in self.items]
        self.answers: list[list[Answer | None]] = [[None] for _ in self.items]  # code 0 = not read
        self.answer_index: list[dict[Answer | None, int]] = [{None: 0} for _ in self.items]
        self.rows: list[tuple[object, ...]] = [_ERROR_ROW]
        # (combinations met, sorted; their rows in self.rows; the rows as a struct column), replaced
        # as one value: the engine may call the scorer from several threads at once
        self.lookup = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), self._table())
        self.lock = threading.Lock()

    def _table(self) -> pl.Series:
        return pl.DataFrame(self.rows, schema=_RESULT_DTYPE.to_schema(), orient="row").to_struct("r")

    def _answer_codes(self, i: int, keys: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
        table = self.codes[i]
        codes: np.ndarray[Any, Any] = table[keys]
        if (codes >= 0).all():
            return codes
        with self.lock:
            self._read_answers(i, np.unique(keys[codes < 0]).tolist())
        codes = table[keys]
        return codes

    def _read_answers(self, i: int, keys: list[int]) -> None:
        table = self.codes[i]
        for k in keys:
            if table[k] >= 0:
                continue
            answer = item_answer(self.inst_key, self.items[i], k)
            index = self.answer_index[i]
            if answer not in index:
                if len(index) >= _ANSWER_CODES:
                    raise ValueError(f"{self.inst_key}.{self.items[i].key}: more than {_ANSWER_CODES} distinct answers")
                index[answer] = len(index)
                self.answers[i].append(answer)
            table[k] = index[answer]

    def _result(self, combined: int) -> tuple[object, ...]:
        site, rest = divmod(combined, _ANSWER_CODES ** len(self.items))
        reason = outside(self.inst_key, site)
        if reason is not None:
            return _row(scored_of(not_applicable(INSTRUMENTS[self.inst_key], reason)))
        answers = []
        for i, it in enumerate(self.items):
            answer = self.answers[i][rest // _ANSWER_CODES ** i % _ANSWER_CODES]
            if answer is not None:
                answers.append((it.key, answer[0], answer[1]))
        return _row(_evaluate(self.inst_key, tuple(answers)))

    def _rows_of(self, combined: np.ndarray[Any, Any]) -> tuple[np.ndarray[Any, Any], pl.Series]:
        """Each combination's row in the results (new combinations evaluated and added first), and
        the results."""
        known, known_row, table = self.lookup
        at = np.minimum(np.searchsorted(known, combined), max(len(known) - 1, 0))
        if len(known) and (known[at] == combined).all():
            return known_row[at], table
        with self.lock:
            known, known_row, _ = self.lookup
            seen = set(known.tolist())
            new = [k for k in np.unique(combined).tolist() if k not in seen]
            first = len(self.rows)
            self.rows.extend(self._result(k) for k in new)
            known = np.concatenate((known, np.asarray(new, dtype=np.int64)))
            known_row = np.concatenate((known_row, np.arange(first, len(self.rows), dtype=np.int64)))
            order = np.argsort(known)
            self.lookup = (known[order], known_row[order], self._table())
        return self._rows_of(combined)

    def __call__(self, keys: pl.Series) -> pl.Series:
        frame = keys.struct.unnest()
        if frame.height == 0:
            return pl.Series("r", [], dtype=_RESULT_DTYPE)
        valid = frame.get_column("__valid").fill_null(False).to_numpy().astype(bool)
        combined = frame.get_column("__applies").fill_null(0).to_numpy().astype(np.int64) * _ANSWER_CODES ** len(
            self.items)
        for i, it in enumerate(self.items):
            item_keys = frame.get_column(it.key).fill_null(0).to_numpy().astype(np.int64)
            combined = combined + self._answer_codes(i, np.where(valid, item_keys, 0)) * _ANSWER_CODES ** i
        rows, table = self._rows_of(combined)
        if not valid.all():
            rows = np.where(valid, rows, 0)
        return table.gather(pl.Series(rows.astype(np.uint32)))


def _key_expr(columns: Sequence[str], strides: Sequence[int]) -> pl.Expr:
    return pl.sum_horizontal([pl.col(_class_name(c)) * s for c, s in zip(columns, strides, strict=True)])


def score_registry(frame: pl.LazyFrame, instruments: Sequence[str] = COHORT_INSTRUMENTS) -> pl.LazyFrame:
    """Every instrument for every row of a registry table (columns named as the dictionary names them).

    Adds ``error`` (the located problems of a row in the columns the instruments read, or null) and, per instrument, ``<key>_status``
    (exact, range, unscored, not_applicable, or error), ``_total``, ``_min_total``, ``_max_total``,
    ``_band``, ``_possible_bands`` and ``_missing`` (``|``-separated). Columns not in the dictionary
    are carried through untouched.
    """
    schema = frame.collect_schema()
    used = {c for key in instruments for cols in ITEM_FACTS[key].values() for c in cols}
    used |= {c for key in instruments for c in applies_facts(key)}
    used |= {"visceral_mets", "visceral_removable", "visceral_treatable"}  # the row's consistency check
    # Columns the chosen instruments do not read are carried through unchecked.
    present = [c for c in BY_NAME.values() if c.name in schema and c.name in used]
    classes = {_class_name(c.name): class_expr(c, schema[c.name]) for c in present}
    classes.update({_class_name(c): pl.lit(0, pl.Int64) for c in used if c not in schema})
    errors = [pl.when(pl.col(_class_name(c.name)) == INVALID).then(pl.concat_str([
        pl.lit(f"{c.name}: '"), pl.col(c.name).cast(pl.String), pl.lit(f"' is not allowed; allowed: {c.allowed}")]))
        for c in present]
    visceral_no = pl.col(_class_name("visceral_mets")) == 2
    stated_organ = (pl.col(_class_name("visceral_removable")) > 0) | (pl.col(_class_name("visceral_treatable")) > 0)
    errors.append(pl.when(visceral_no & stated_organ).then(pl.lit(VISCERAL_CONTRADICTION)))
    error = pl.concat_str(errors, separator="; ", ignore_nulls=True)
    out = frame.with_columns(**classes).with_columns(pl.when(error != "").then(error).alias("error"))
    structs, results = [], []
    for key in instruments:
        scorer = _InstrumentScorer(key)
        keys = pl.struct(*[_key_expr(it.columns, it.strides).alias(it.key) for it in scorer.items],
                         _key_expr(scorer.applies.columns, scorer.applies.strides).alias("__applies"),
                         pl.col("error").is_null().alias("__valid"))
        # One column per instrument, so that the scorer runs once per batch (not once per field).
        structs.append(keys.map_batches(scorer, return_dtype=_RESULT_DTYPE, is_elementwise=True).alias(f"__r_{key}"))
        for field in RESULT_FIELDS:  # a bad row's status is 'error' (row 0 of the results)
            results.append(pl.col(f"__r_{key}").struct.field(field).alias(result_column(key, field)))
    drop = [*classes, *(f"__r_{key}" for key in instruments)]
    return out.with_columns(structs).with_columns(results).drop(drop)
