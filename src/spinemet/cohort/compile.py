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

The plan is a lazy query: scanned, scored and written in streaming batches, so memory stays bounded
whatever the number of rows (the per-key tables grow with the distinct keys, not the rows).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import polars as pl

from spinemet.case.snapshot import snapshot
from spinemet.cohort.dictionary import (
    APPLICABILITY_FACTS,
    BY_NAME,
    COHORT_INSTRUMENTS,
    INTEGER,
    ITEM_FACTS,
    YES_NO,
    RegistryColumn,
)
from spinemet.cohort.facts import NO, YES, Scored, case_from_facts, scored_of
from spinemet.instruments.engine import MISSING_TOKENS, Given, evaluate, not_applicable
from spinemet.instruments.model import Instrument
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


def _class_of_codes(col: RegistryColumn, dtype: pl.DataType) -> pl.Expr:
    if _is_numeric(dtype):  # KPS / ECOG stored as numbers
        value = pl.col(col.name).cast(pl.Float64)
        numbers = {float(code): i + 1 for i, code in enumerate(col.codes)}
        return pl.when(value.is_null() | value.is_nan()).then(0).otherwise(
            value.replace_strict(numbers, default=INVALID, return_dtype=pl.Int64))
    text = _text(col.name).str.to_lowercase()
    table = {code.lower(): i + 1 for i, code in enumerate(col.codes)}
    for token in _MISSING:
        table.setdefault(token, 0)
    return pl.when(text.is_null()).then(0).otherwise(text.replace_strict(table, default=INVALID, return_dtype=pl.Int64))


def _class_of_yes_no(col: RegistryColumn, dtype: pl.DataType) -> pl.Expr:
    raw = pl.col(col.name)
    if dtype == pl.Boolean:
        return pl.when(raw.is_null()).then(0).when(raw).then(1).otherwise(2)
    text = (raw.cast(pl.Float64).cast(pl.String) if _is_numeric(dtype) else _text(col.name)).str.to_lowercase()
    table = {**{t: 1 for t in YES}, **{t: 2 for t in NO}, **{t: 0 for t in _MISSING}, "nan": 0}
    return pl.when(text.is_null()).then(0).otherwise(text.replace_strict(table, default=INVALID, return_dtype=pl.Int64))


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


@dataclass(frozen=True)
class _InstrumentPlan:
    inst: Instrument
    items: tuple[_ItemPlan, ...]
    item_strides: tuple[int, ...]
    site_stride: int


def _item_plan(key: str, columns: tuple[str, ...]) -> _ItemPlan:
    strides, size = [], 1
    for c in columns:
        strides.append(size)
        size *= BY_NAME[c].classes()
    return _ItemPlan(key, columns, tuple(strides), size)


@functools.cache
def _plan(key: str) -> _InstrumentPlan:
    inst = INSTRUMENTS[key]
    items = tuple(_item_plan(item, cols) for item, cols in ITEM_FACTS[key].items())
    strides, size = [], 1
    for it in items:
        strides.append(size)
        size *= it.size
    site = _item_plan("__applies", APPLICABILITY_FACTS)
    if size * site.size >= 1 << 62:
        raise ValueError(f"{key}: too many classes to key one row")
    return _InstrumentPlan(inst, items, tuple(strides), size)


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


@functools.lru_cache(maxsize=200_000)
def _item_given(inst_key: str, item: str, key: int) -> Given | None:
    """The item's answer, read by the instrument's reader from a case of the class representatives."""
    plan = next(it for it in _plan(inst_key).items if it.key == item)
    reader = INSTRUMENTS[inst_key].reader
    assert reader is not None
    given = reader(_reading(_decode(key, plan))).get(item)
    return given if _read(given) else None


@functools.lru_cache(maxsize=4096)
def _outside(inst_key: str, key: int) -> str | None:
    inst = INSTRUMENTS[inst_key]
    outside = inst.applies_to.outside if inst.applies_to else None
    if outside is None:
        return None
    return outside(_reading(_decode(key, _item_plan("__applies", APPLICABILITY_FACTS))))


@functools.lru_cache(maxsize=200_000)
def _evaluate(inst_key: str, answers: tuple[tuple[str, str | None, tuple[str, ...]], ...]) -> Scored:
    inst = INSTRUMENTS[inst_key]
    given = {item: Given(answer, "", (), candidates) for item, answer, candidates in answers}
    return scored_of(evaluate(inst, given)) if given else Scored("unscored")


def scored_of_key(inst_key: str, key: int) -> Scored:
    """The result of one instrument key (every item's classes and the applicability classes)."""
    plan = _plan(inst_key)
    site_key, items_key = divmod(key, plan.site_stride)
    reason = _outside(inst_key, site_key)
    if reason is not None:
        return scored_of(not_applicable(plan.inst, reason))
    answers = []
    for it, stride in zip(plan.items, plan.item_strides, strict=True):
        g = _item_given(inst_key, it.key, items_key // stride % it.size)
        if g is not None:
            answers.append((it.key, g.answer, tuple(g.candidates)))
    return _evaluate(inst_key, tuple(answers))


def _row(s: Scored) -> dict[str, object]:
    return {"status": s.status, "total": s.total, "min_total": s.min_total, "max_total": s.max_total,
            "band": s.band, "possible_bands": "|".join(s.possible_bands) or None,
            "missing": "|".join(s.missing) or None}


def _scorer(inst_key: str) -> Callable[[pl.Series], pl.Series]:
    table: dict[int, dict[str, object]] = {}

    def score(keys: pl.Series) -> pl.Series:
        distinct = keys.drop_nulls().unique().to_list()
        for k in distinct:
            if k not in table:
                table[k] = _row(scored_of_key(inst_key, k))
        rows = pl.DataFrame([table[k] for k in distinct], schema=_RESULT_DTYPE.to_schema())
        index = keys.replace_strict(distinct, list(range(len(distinct))), default=None, return_dtype=pl.UInt32)
        return rows.to_struct("r").gather(index) if len(distinct) else pl.Series(
            "r", [None] * len(keys), dtype=_RESULT_DTYPE)

    return score


def _key_expr(columns: Sequence[str], strides: Sequence[int]) -> pl.Expr:
    return pl.sum_horizontal([pl.col(_class_name(c)) * s for c, s in zip(columns, strides, strict=True)])


def score_registry(frame: pl.LazyFrame, instruments: Sequence[str] = COHORT_INSTRUMENTS) -> pl.LazyFrame:
    """Every instrument for every row of a registry table (columns named as the dictionary names them).

    Adds ``error`` (the located problems of a row, or null) and, per instrument, ``<key>_status``
    (exact, range, unscored, not_applicable, or error), ``_total``, ``_min_total``, ``_max_total``,
    ``_band``, ``_possible_bands`` and ``_missing`` (``|``-separated). Columns not in the dictionary
    are carried through untouched.
    """
    schema = frame.collect_schema()
    present = [c for c in BY_NAME.values() if c.name in schema]
    used = {c for key in instruments for cols in ITEM_FACTS[key].values() for c in cols} | set(APPLICABILITY_FACTS)
    classes = {_class_name(c.name): class_expr(c, schema[c.name]) for c in present}
    classes.update({_class_name(c): pl.lit(0, pl.Int64) for c in used if c not in schema})
    errors = [pl.when(pl.col(_class_name(c.name)) == INVALID).then(pl.concat_str([
        pl.lit(f"{c.name}: '"), pl.col(c.name).cast(pl.String), pl.lit(f"' is not allowed; allowed: {c.allowed}")]))
        for c in present]
    visceral_no = pl.col(_class_name("visceral_mets")) == 2
    stated_organ = (pl.col(_class_name("visceral_removable")) > 0) | (pl.col(_class_name("visceral_treatable")) > 0)
    errors.append(pl.when(visceral_no & stated_organ).then(pl.lit(
        "visceral_removable/visceral_treatable: stated while visceral_mets is 'no' (the row contradicts itself)")))
    error = pl.concat_str(errors, separator="; ", ignore_nulls=True)
    out = frame.with_columns(**classes).with_columns(pl.when(error != "").then(error).alias("error"))
    results = []
    for key in instruments:
        plan = _plan(key)
        item_keys = [_key_expr(it.columns, it.strides) * stride for it, stride in zip(plan.items, plan.item_strides,
                                                                                         strict=True)]
        site = _item_plan("__applies", APPLICABILITY_FACTS)
        inst_key = pl.sum_horizontal(item_keys) + _key_expr(site.columns, site.strides) * plan.site_stride
        keyed = pl.when(pl.col("error").is_null()).then(inst_key)
        struct = keyed.map_batches(_scorer(key), return_dtype=_RESULT_DTYPE, is_elementwise=True)
        for field in RESULT_FIELDS:
            expr = struct.struct.field(field)
            if field == "status":
                expr = pl.when(pl.col("error").is_not_null()).then(pl.lit("error")).otherwise(expr)
            results.append(expr.alias(result_column(key, field)))
    drop = [c for c in (*classes,)]
    return out.with_columns(results).drop(drop)
