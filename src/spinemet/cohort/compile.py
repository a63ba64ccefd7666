"""A registry table scored by the instruments' own readers, through tables applied natively.

No score and no derivation is written here. The table is read in three steps, each built from
declared data:

1. every dictionary column becomes a small integer *class* (:meth:`RegistryColumn.classes`: a
   code, yes/no, a count up to 4, or the interval between the thresholds the declarations use),
   with a located message for a value the dictionary does not allow (:func:`column_classes`: native
   Polars comparisons and arithmetic; only cells spelled otherwise than the dictionary spells them
   are stripped and lower-cased, where they occur);
2. each instrument item's classes (:data:`~spinemet.cohort.dictionary.ITEM_FACTS`) form one
   integer key per row, and a table gives each item key its answer: the instrument's own reader
   reads a case written from one representative value per class (:func:`item_answer`, with
   :func:`spinemet.cohort.facts.case_from_facts`, the writer the single-case path uses). Item key
   spaces up to :data:`WHOLE_SPACE` keys are read whole when the instrument is first used; a larger
   one at the keys met;
3. the items' answer codes form one combination per row, and a table gives each combination its
   result, scored by the one engine (:func:`spinemet.instruments.engine.evaluate`) the first time a
   table meets it -- unknowns give the range of totals and the bands still possible, as for one case;
   where the instrument does not apply (:func:`outside`) the result says so.

Python runs once per distinct key (a few hundred per instrument, whatever the rows); the rows go
through array lookups and gathers (numpy ``take``, Polars ``gather``), never a Python call per row
or per batch of rows. :func:`score_frame` scores a table in memory; :func:`score_registry` is the same
on a lazy frame, batch by batch (the streaming engine may split it anywhere: each row is scored on
its own). :func:`spinemet.service.cohort.scored_frame` scores a registry a chunk at a time so that
memory stays bounded (docs/cohort.md, Scale).
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl

from spinemet.case.snapshot import snapshot
from spinemet.cohort.dictionary import (
    BY_NAME,
    COHORT_INSTRUMENTS,
    COLUMNS,
    INTEGER,
    ITEM_FACTS,
    YES_NO,
    RegistryColumn,
    applies_facts,
)
from spinemet.cohort.facts import (
    NO,
    VISCERAL_CONTRADICTION,
    YES,
    InconsistentRow,
    Scored,
    case_from_facts,
    scored_of,
)
from spinemet.instruments.engine import MISSING_TOKENS, Given, evaluate, not_applicable
from spinemet.instruments.reading import Reading
from spinemet.instruments.registry import INSTRUMENTS

INVALID = -1
RESULT_FIELDS = ("status", "total", "min_total", "max_total", "band", "possible_bands", "missing")
_RESULT_DTYPE = pl.Struct({"status": pl.String, "total": pl.Int64, "min_total": pl.Int64, "max_total": pl.Int64,
                           "band": pl.String, "possible_bands": pl.String, "missing": pl.String})
#: What ``<key>_status`` may hold.
STATUSES = ("exact", "range", "unscored", "not_applicable", "error")


@functools.cache
def result_dtypes(inst_key: str) -> dict[str, pl.DataType]:
    """The type of each result field of an instrument: the status and the band are categories fixed
    by the declaration (an enum: its statuses, its bands in declared order); the possible bands and
    missing items are ``|``-separated text, held as categories (few distinct values, so every row
    holds a small code, not its own copy of the text); totals are whole numbers."""
    bands = tuple(b.key for b in INSTRUMENTS[inst_key].bands)
    return {"status": pl.Enum(STATUSES), "total": pl.Int64(), "min_total": pl.Int64(), "max_total": pl.Int64(),
            "band": pl.Enum(bands), "possible_bands": pl.Categorical(), "missing": pl.Categorical()}
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


#: Up to this many codes a text column is matched by comparisons; above, by a cast to an enum.
_COMPARED_CODES = 6


def _fast_text_class(col: RegistryColumn, raw: pl.Expr) -> pl.Expr:
    """Class of a text cell spelled exactly as the dictionary spells it (a code, 'yes', 'no'), 0 when
    empty; null for any other spelling (read by :func:`_slow_text_classes`, only where it occurs)."""
    text = raw.cast(pl.String)
    if col.codes and len(col.codes) > _COMPARED_CODES:
        matched = text.cast(pl.Enum(col.codes), strict=False).to_physical().cast(pl.Int32) + 1
        return pl.when(text.is_null()).then(pl.lit(0, pl.Int32)).otherwise(matched)
    spellings = col.codes or ("yes", "no")
    chain: Any = pl.when(text.is_null()).then(pl.lit(0, pl.Int32))
    for i, spelling in enumerate(spellings):
        chain = chain.when(text == spelling).then(pl.lit(i + 1, pl.Int32))
    result: pl.Expr = chain.otherwise(pl.lit(None, pl.Int32))
    return result


def _slow_text_classes(col: RegistryColumn, raw: pl.Series) -> pl.Series:
    """Class of text cells in any spelling: stripped and lower-cased, then looked up."""
    return raw.cast(pl.String).str.strip_chars().str.to_lowercase().replace_strict(
        text_table(col), default=INVALID, return_dtype=pl.Int32)


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
    if dtype.is_integer() and (col.low is None or col.low == int(col.low)):  # whole numbers: no floats needed
        value = pl.col(col.name).cast(pl.Int64)
        ok = pl.lit(True)
        if col.low is not None:
            ok = ok & (value >= int(col.low))
        if col.high is not None:
            ok = ok & (value <= col.high)
        stated = value.is_not_null()
    else:
        value, stated = _number(col, dtype)
        ok = value.is_not_null() & value.is_finite()
        if col.low is not None:
            ok = ok & (value >= col.low)
        if col.high is not None:
            ok = ok & (value <= col.high)
        if col.kind == INTEGER:
            ok = ok & (value == value.floor())
    if col.cap is not None:
        cls = (pl.min_horizontal(value, pl.lit(col.cap)) - int(col.low or 0) + 1).cast(pl.Int32)
    else:
        cls = pl.sum_horizontal([(value >= cut).cast(pl.Int32) for cut in col.cuts]) + 1
    return pl.when(~stated).then(pl.lit(0, pl.Int32)).when(ok).then(cls.cast(pl.Int32)).otherwise(
        pl.lit(INVALID, pl.Int32))


def _class_of_numeric_codes(col: RegistryColumn) -> pl.Expr:
    """Class of whole-number codes stored as numbers (KPS, ECOG): a value that is one of the codes."""
    value = pl.col(col.name).cast(pl.Float64)
    table = np.full(int(max(float(c) for c in col.codes)) + 1, INVALID, dtype=np.int32)
    for i, code in enumerate(col.codes):
        table[int(code)] = i + 1
    whole = value.is_finite() & (value == value.floor()) & (value >= 0) & (value < len(table))
    index = pl.when(whole).then(value).otherwise(0).cast(pl.Int64)
    return (pl.when(value.is_null() | value.is_nan()).then(pl.lit(0, pl.Int32))
            .when(whole).then(pl.lit(pl.Series(table)).gather(index)).otherwise(pl.lit(INVALID, pl.Int32)))


def _fast_class(col: RegistryColumn, dtype: pl.DataType) -> pl.Expr:
    """The class of each cell of ``col`` (0 = not stated, :data:`INVALID` = not allowed); null where a
    text cell is spelled otherwise than the dictionary spells it (:func:`_slow_text_classes`)."""
    raw = pl.col(col.name)
    if col.codes:
        if _is_numeric(dtype) and col.kind == INTEGER:
            return _class_of_numeric_codes(col)
        return _fast_text_class(col, raw)
    if col.kind == YES_NO:
        if dtype == pl.Boolean:
            return pl.when(raw.is_null()).then(pl.lit(0, pl.Int32)).when(raw).then(pl.lit(1, pl.Int32)).otherwise(
                pl.lit(2, pl.Int32))
        if _is_numeric(dtype):
            value = raw.cast(pl.Float64)
            return (pl.when(value.is_null() | value.is_nan()).then(pl.lit(0, pl.Int32))
                    .when(value == 1).then(pl.lit(1, pl.Int32)).when(value == 0).then(pl.lit(2, pl.Int32))
                    .otherwise(pl.lit(INVALID, pl.Int32)))
        return _fast_text_class(col, raw)
    return _class_of_number(col, dtype)


def _whole_number_class(col: RegistryColumn) -> pl.Expr:
    """Class of a column stored as whole numbers (KPS, ECOG, counts, days), by integer arithmetic:
    a code's class, a count capped, or the interval between the thresholds."""
    v = pl.col(col.name).cast(pl.Int64)
    if col.codes:
        values = [int(c) for c in col.codes]
        step = values[1] - values[0] if len(values) > 1 else 1
        if values != list(range(values[0], values[-1] + 1, step)):  # not evenly spaced: look each up
            return pl.when(v.is_null()).then(pl.lit(0, pl.Int32)).otherwise(v.replace_strict(
                {x: i + 1 for i, x in enumerate(values)}, default=INVALID, return_dtype=pl.Int32))
        ok = (v >= values[0]) & (v <= values[-1]) & ((v - values[0]) % step == 0)
        within = (v - values[0]) // step + 1
    else:
        ok = pl.lit(True) if col.low is None else v >= int(col.low)
        if col.high is not None:
            ok = ok & (v <= col.high)
        if col.cap is not None:
            within = v.clip(upper_bound=col.cap) - int(col.low or 0) + 1
        else:
            within = pl.sum_horizontal([(v >= cut).cast(pl.Int32) for cut in col.cuts]) + 1
    return (pl.when(v.is_null()).then(pl.lit(0, pl.Int32)).when(ok).then(within.cast(pl.Int32))
            .otherwise(pl.lit(INVALID, pl.Int32)))


def _is_whole_number(col: RegistryColumn, dtype: pl.DataType) -> bool:
    kind_ok = col.kind == INTEGER if col.codes else col.kind != YES_NO
    return dtype.is_integer() and dtype != pl.UInt64 and kind_ok and (col.low is None or col.low == int(col.low))


def column_classes(frame: pl.DataFrame, columns: Sequence[RegistryColumn]) -> dict[str, np.ndarray[Any, Any]]:
    """The class of every cell of ``columns`` of ``frame`` (0 = not stated, :data:`INVALID` = not
    allowed), as int32 arrays: whole numbers by array arithmetic, text in the usual spellings by
    native comparisons; only cells spelled otherwise (spaces, capitals, 'Y', '1') are stripped and
    lower-cased, where they occur."""
    out: dict[str, np.ndarray[Any, Any]] = {}
    if not columns:
        return out
    schema = frame.schema
    fast = frame.select([(_whole_number_class(c) if _is_whole_number(c, schema[c.name]) else
                          _fast_class(c, schema[c.name])).alias(c.name) for c in columns])
    for c in columns:
        cls = fast.get_column(c.name)
        if cls.null_count():
            odd = cls.is_null()
            fixed = _slow_text_classes(c, frame.get_column(c.name).filter(odd))
            cls = cls.scatter(odd.arg_true(), fixed)
        out[c.name] = cls.to_numpy()
    return out


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


_ERROR_ROW: tuple[object, ...] = ("error", None, None, None, None, None, None)


@functools.cache
def item_plans(inst_key: str) -> tuple[_ItemPlan, ...]:
    """The instrument's items, each with the registry columns it is read from and their strides (an
    item key is the sum of each column's class times its stride)."""
    return tuple(_item_plan(item, cols) for item, cols in ITEM_FACTS[inst_key].items())


def applies_plan(inst_key: str) -> _ItemPlan:
    """The columns where the instrument applies is read from, and their strides."""
    return _applies_plan(inst_key)


def not_applicable_result(inst_key: str, applies_key: int) -> tuple[object, ...] | None:
    """The result fields (:data:`RESULT_FIELDS`) of a row outside the instrument's disease (its
    applicability classes form ``applies_key``), or ``None`` where the instrument applies."""
    reason = outside(inst_key, applies_key)
    return None if reason is None else _row(scored_of(not_applicable(INSTRUMENTS[inst_key], reason)))


def answers_result(inst_key: str, answers: Sequence[Answer | None]) -> tuple[object, ...]:
    """The result fields of a row whose items were read as ``answers`` (in the order of
    :func:`item_plans`, each from :func:`item_answer`; ``None``: not read), by the one engine."""
    read = tuple((it.key, a[0], a[1]) for it, a in zip(item_plans(inst_key), answers, strict=True) if a is not None)
    return _row(_evaluate(inst_key, read))


def key_result(inst_key: str, answers: Sequence[Answer | None], applies_key: int) -> tuple[object, ...]:
    """The result fields of a row: not applicable (:func:`not_applicable_result`), or the one engine's
    result of its answers (:func:`answers_result`). Every engine (Polars, Spark) takes its rows'
    results from these functions."""
    return not_applicable_result(inst_key, applies_key) or answers_result(inst_key, answers)


#: An item key space up to this size is read whole when the instrument is first used (about 0.2 ms a
#: key); a larger one -- NESMS's modified-Bauer item, 44 sites x 81 visceral x 30 counts -- only at
#: the keys a table holds.
WHOLE_SPACE = 4096
_NOT_READ = -1
_INCONSISTENT = -2  # the key's facts contradict each other: its rows are bad rows
_APPLIES = -2  # in the applicability table: the instrument applies


def item_keys(classes: Mapping[str, np.ndarray[Any, Any]], plan: _ItemPlan) -> np.ndarray[Any, Any]:
    """Each row's key of ``plan`` (mixed radix of the classes of its columns)."""
    first, *rest = zip(plan.columns, plan.strides, strict=True)
    key = classes[first[0]] if first[1] == 1 else classes[first[0]] * np.int32(first[1])
    for column, stride in rest:
        key = key + classes[column] * np.int32(stride)
    return key


class _Item:
    """One item of an instrument: item key -> answer code (0: not read), read by the instrument's
    own reader once per key."""

    def __init__(self, inst_key: str, plan: _ItemPlan) -> None:
        self.inst_key, self.plan = inst_key, plan
        self.codes = np.full(plan.size, _NOT_READ, dtype=np.int32)
        self.answers: list[Answer | None] = [None]
        self.index: dict[Answer | None, int] = {None: 0}
        self.contradictions: dict[int, str] = {}
        self.whole = plan.size <= WHOLE_SPACE
        if self.whole:
            self.read(range(plan.size))
        #: distinct answer codes (the radix of this item in the instrument's combinations)
        self.radix = len(self.answers) if self.whole else _ANSWER_CODES

    def read(self, keys: Iterable[int]) -> None:
        for k in keys:
            if self.codes[k] != _NOT_READ:
                continue
            try:
                answer = item_answer(self.inst_key, self.plan, k)
            except InconsistentRow as exc:
                self.contradictions[k] = str(exc)
                self.codes[k] = _INCONSISTENT
                continue
            if answer not in self.index:
                if len(self.index) >= _ANSWER_CODES:
                    raise ValueError(f"{self.inst_key}.{self.plan.key}: more than {_ANSWER_CODES} distinct answers")
                self.index[answer] = len(self.answers)
                self.answers.append(answer)
            self.codes[k] = self.index[answer]


class _Instrument:
    """One instrument's tables, each filled once per key by the instrument's readers and the one
    engine, and applied to a table's rows by array lookups (no Python per row):

    * per item: item key -> answer code (:class:`_Item`);
    * applicability key -> applies, or the row of its 'not applicable' result (:func:`outside`);
    * the combination of answer codes -> the row of its result (:func:`evaluate` via ``_evaluate``),
      a dense table over every combination, filled at the combinations met.

    Row 0 of the results is a bad row's ('error').
    """

    def __init__(self, inst_key: str) -> None:
        self.inst_key = inst_key
        self.items = tuple(_Item(inst_key, plan) for plan in item_plans(inst_key))
        self.applies = applies_plan(inst_key)
        self.applies_rows = np.full(self.applies.size, _NOT_READ, dtype=np.int32)
        self.mults: list[int] = []
        size = 1
        for it in self.items:
            self.mults.append(size)
            size *= it.radix
        self.results = np.full(size, _NOT_READ, dtype=np.int32)
        self.rows: list[tuple[object, ...]] = [_ERROR_ROW]
        self.row_index: dict[tuple[object, ...], int] = {_ERROR_ROW: 0}
        self.frame = self._frame()
        self.lock = threading.Lock()  # the streaming engine may score batches in several threads

    def _frame(self) -> pl.DataFrame:
        return pl.DataFrame(self.rows, schema=_RESULT_DTYPE.to_schema(), orient="row").cast(
            pl.Schema(result_dtypes(self.inst_key)))

    def _row_of(self, row: tuple[object, ...]) -> int:
        if row not in self.row_index:
            self.row_index[row] = len(self.rows)
            self.rows.append(row)
        return self.row_index[row]

    def _answers(self, combined: int) -> list[Answer | None]:
        return [it.answers[combined // mult % it.radix] for it, mult in zip(self.items, self.mults, strict=True)]

    def _fill_applies(self, keys: list[int]) -> None:
        for k in keys:
            if self.applies_rows[k] == _NOT_READ:
                row = not_applicable_result(self.inst_key, k)
                self.applies_rows[k] = _APPLIES if row is None else self._row_of(row)

    def _fill_results(self, combinations: list[int]) -> None:
        for k in combinations:
            if self.results[k] == _NOT_READ:
                self.results[k] = self._row_of(answers_result(self.inst_key, self._answers(k)))

    def codes(self, classes: Mapping[str, np.ndarray[Any, Any]]) -> list[np.ndarray[Any, Any]]:
        """Each item's answer code of every row (the classes of a bad row are all 0: nothing stated)."""
        out = []
        for it in self.items:
            keys = item_keys(classes, it.plan)
            codes = it.codes.take(keys)
            if not it.whole and (codes == _NOT_READ).any():
                with self.lock:
                    it.read(np.unique(keys[codes == _NOT_READ]).tolist())
                codes = it.codes.take(keys)
            out.append(codes)
        return out

    def contradiction(self, classes: Mapping[str, np.ndarray[Any, Any]], codes: Sequence[np.ndarray[Any, Any]],
                      row: int) -> str:
        """Why the facts of ``row`` contradict each other (as the single-case path words it)."""
        for it, c in zip(self.items, codes, strict=True):
            if c[row] == _INCONSISTENT:
                return it.contradictions[int(item_keys({k: v[row:row + 1] for k, v in classes.items()}, it.plan)[0])]
        return "the row's facts contradict each other"

    def result_rows(self, classes: Mapping[str, np.ndarray[Any, Any]], valid: np.ndarray[Any, Any],
                    codes: Sequence[np.ndarray[Any, Any]], fields: Sequence[str] = RESULT_FIELDS) -> pl.DataFrame:
        """The results of the rows (bad rows: 'error'), the result ``fields`` asked for."""
        applies_key = item_keys(classes, self.applies)
        applies_rows = self.applies_rows.take(applies_key)
        if (applies_rows == _NOT_READ).any():
            with self.lock:
                self._fill_applies(np.unique(applies_key[applies_rows == _NOT_READ]).tolist())
            applies_rows = self.applies_rows.take(applies_key)
        applies = applies_rows == _APPLIES
        combined = codes[0]
        for c, mult in zip(codes[1:], self.mults[1:], strict=True):
            combined = combined + c * np.int32(mult)
        everywhere = bool(applies.all())
        if not everywhere:  # outside the instrument's disease nothing is evaluated
            combined = np.where(applies, combined, 0)
        rows = self.results.take(combined)
        if (rows == _NOT_READ).any():
            with self.lock:
                self._fill_results(np.unique(combined[rows == _NOT_READ]).tolist())
            rows = self.results.take(combined)
        if not everywhere:
            rows = np.where(applies, rows, applies_rows)
        if not valid.all():
            rows = np.where(valid, rows, 0)
        frame = self.frame
        if frame.height != len(self.rows):  # rows were added (a new result, or a new reason not to apply)
            with self.lock:
                self.frame = frame = self._frame()
        return frame.select(pl.col(fields).gather(pl.Series(rows.astype(np.int32, copy=False).view(np.uint32))))


@functools.cache
def instrument_tables(inst_key: str) -> _Instrument:
    """The tables of one instrument (built once per process)."""
    return _Instrument(inst_key)


def _used(instruments: Sequence[str]) -> set[str]:
    used = {c for key in instruments for cols in ITEM_FACTS[key].values() for c in cols}
    used |= {c for key in instruments for c in applies_facts(key)}
    return used | {"visceral_mets", "visceral_removable", "visceral_treatable"}  # the row's consistency check


def _errors(frame: pl.DataFrame, present: Sequence[RegistryColumn], classes: Mapping[str, np.ndarray[Any, Any]],
            bad: np.ndarray[Any, Any], other: Mapping[int, str]) -> pl.Series:
    """The located problems of each bad row (null for a good row)."""
    error = pl.Series("error", [], dtype=pl.String).extend_constant(None, frame.height)
    if not bad.any():
        return error
    where = np.flatnonzero(bad)
    sub = frame.select([c.name for c in present])[where].with_columns(
        [pl.Series(_class_name(name), values[where]) for name, values in classes.items()])
    messages: list[pl.Expr] = [pl.when(pl.col(_class_name(c.name)) == INVALID).then(pl.concat_str([
        pl.lit(f"{c.name}: '"), pl.col(c.name).cast(pl.String), pl.lit(f"' is not allowed; allowed: {c.allowed}")]))
        for c in present]
    visceral_no = pl.col(_class_name("visceral_mets")) == 2
    stated_organ = (pl.col(_class_name("visceral_removable")) > 0) | (pl.col(_class_name("visceral_treatable")) > 0)
    messages.append(pl.when(visceral_no & stated_organ).then(pl.lit(VISCERAL_CONTRADICTION)))
    other_at = [other.get(int(i)) for i in where]
    messages.append(pl.lit(pl.Series(other_at, dtype=pl.String)))
    text = sub.select(pl.concat_str(messages, separator="; ", ignore_nulls=True)).to_series()
    return error.scatter(where, text)


def _nothing_stated(classes: dict[str, np.ndarray[Any, Any]], bad: np.ndarray[Any, Any]
                    ) -> dict[str, np.ndarray[Any, Any]]:
    """The classes with every cell of a bad row read as not stated (its keys are then valid keys)."""
    if not bad.any():
        return classes
    return {c: np.where(bad, 0, v).astype(np.int32) for c, v in classes.items()}


def score_frame(frame: pl.DataFrame, instruments: Sequence[str] = COHORT_INSTRUMENTS,
                fields: Sequence[str] = RESULT_FIELDS) -> pl.DataFrame:
    """Every instrument for every row of a registry table held in memory (see :func:`score_registry`)."""
    n = frame.height
    used = _used(instruments)
    schema = frame.schema
    present = [c for c in COLUMNS if c.name in schema and c.name in used]
    classes = column_classes(frame, present)
    zero = np.zeros(n, dtype=np.int32)
    classes.update({c: zero for c in used if c not in classes})
    bad = np.zeros(n, dtype=bool)
    for c in present:
        bad |= classes[c.name] == INVALID
    bad |= (classes["visceral_mets"] == 2) & ((classes["visceral_removable"] > 0) | (classes["visceral_treatable"] > 0))
    tables = [instrument_tables(key) for key in instruments]
    read = _nothing_stated(classes, bad)
    codes: list[list[np.ndarray[Any, Any]]] = [t.codes(read) for t in tables]
    other: dict[int, str] = {}  # rows whose facts contradict each other in a way only the case model sees
    for t, item_codes in zip(tables, codes, strict=True):
        if min(int(x.min(initial=0)) for x in item_codes) >= 0:
            continue
        for i in np.flatnonzero(np.logical_or.reduce([x == _INCONSISTENT for x in item_codes])).tolist():
            other.setdefault(i, t.contradiction(read, item_codes, i))
    if other:
        bad[list(other)] = True
        read = _nothing_stated(classes, bad)
        codes = [t.codes(read) for t in tables]
    columns = [_errors(frame, present, classes, bad, other)]
    for key, t, item_codes in zip(instruments, tables, codes, strict=True):
        results = t.result_rows(read, ~bad, item_codes, fields)
        columns.extend(results.get_column(f).alias(result_column(key, f)) for f in fields)
    return frame.with_columns(columns)


def scored_schema(schema: Mapping[str, pl.DataType], instruments: Sequence[str] = COHORT_INSTRUMENTS,
                  fields: Sequence[str] = RESULT_FIELDS) -> pl.Schema:
    """The columns of a scored table: the registry's, ``error``, then each instrument's results."""
    out: dict[str, Any] = dict(schema)
    out["error"] = pl.String()
    for key in instruments:
        out.update({result_column(key, f): result_dtypes(key)[f] for f in fields})
    return pl.Schema(out)


def score_registry(frame: pl.LazyFrame, instruments: Sequence[str] = COHORT_INSTRUMENTS,
                   fields: Sequence[str] = RESULT_FIELDS) -> pl.LazyFrame:
    """Every instrument for every row of a registry table (columns named as the dictionary names them).

    Adds ``error`` (the located problems of a row in the columns the instruments read, or null) and, per instrument, ``<key>_status``
    (exact, range, unscored, not_applicable, or error), ``_total``, ``_min_total``, ``_max_total``,
    ``_band``, ``_possible_bands`` and ``_missing`` (``|``-separated). Columns not in the dictionary
    are carried through untouched; ``fields`` chooses the result columns (all by default). Each batch
    the engine hands over is scored by :func:`score_frame` (each row on its own, so the streaming
    engine may split the table anywhere).
    """
    keys, wanted = tuple(instruments), tuple(fields)
    bad = [f for f in wanted if f not in RESULT_FIELDS]
    if bad:
        raise ValueError(f"result fields {bad}: not among {RESULT_FIELDS}")
    return frame.map_batches(functools.partial(score_frame, instruments=keys, fields=wanted),
                             schema=scored_schema(frame.collect_schema(), keys, wanted), streamable=True)
