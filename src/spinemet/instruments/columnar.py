"""Columnar evaluation: the same declarations compiled to Polars expressions.

A whole table (one row per patient, one column per item key) is scored without a Python loop
over rows:

* each item column becomes an *answer code* column (the index of the answer in the
  declaration, null when unknown or invalid). Raw values are read with the *same*
  normalisation as the scalar engine (:func:`spinemet.instruments.engine.normalise`, applied
  once per distinct value), so ``'Mechanical '`` and ``'mechanical'`` score alike in both
  paths. Fast path: a text column whose non-null values are all exact answer keys (the usual
  case) is coded by a single cast to an ``Enum`` of the answer keys — an exact key is its own
  normal form, so no per-value normalisation is needed. Any other value (other case, spaces,
  ``'unknown'``, a typo) or a non-text column (booleans, numbers) sends the column down the
  general path: its distinct values are normalised one by one and mapped to codes;
* a score's points are gathered from the declaration's point table by answer code; the
  known points are summed and, with the mask of unknown items, form one small integer key
  per row. Everything else — total (after any cap), ``min_total``/``max_total``, band,
  reachable bands, missing items — is looked up per *distinct* key in a table computed from
  the declaration by the scalar engine's own subset-sum
  (:func:`spinemet.instruments.engine.achievable_sums`) and gathered back to the rows;
* a classifier's answer codes form one integer key per row (unknown counts as one more
  code); each distinct combination is evaluated once by the scalar engine
  (:func:`spinemet.instruments.engine.evaluate`) and gathered back.

No score is written twice: every table is computed from the declaration, and per distinct
key rather than per row.

Bad values never stop the table: the row gets an ``error`` message (naming the item and the
allowed answers) and null results; :class:`ColumnarResult.errors` lists them by row number.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import polars as pl

from spinemet.instruments.engine import (
    Given,
    achievable_sums,
    bands_reached,
    evaluate,
    is_missing_token,
    normalise,
)
from spinemet.instruments.model import Instrument, Item, Kind

RESULT_COLUMNS_SCORE = ("total", "min_total", "max_total", "band", "possible_bands", "missing", "error")
RESULT_COLUMNS_CLASSIFIER = ("category", "band", "possible_bands", "missing", "error")

_CODE = pl.UInt32
_DENSE_LIMIT = 1 << 16  # keys below this index the lookup table directly
_TEXT_TYPES = (pl.String, pl.Categorical, pl.Enum)


def _select(frame: pl.DataFrame, exprs: dict[str, pl.Expr]) -> pl.DataFrame:
    """``frame.select(**exprs)`` with literal expressions broadcast to the height of ``frame``."""
    return frame.select(pl.repeat(None, pl.len(), dtype=_CODE).alias("_"), **exprs).drop("_")


@dataclass(frozen=True)
class RowError:
    """A bad value in one row (``row`` counts data rows from 1)."""

    row: int
    message: str


@dataclass(frozen=True)
class ColumnarResult:
    frame: pl.DataFrame
    errors: tuple[RowError, ...]
    unknown_columns: tuple[str, ...]


def _answer_of(item: Item, raw: object) -> str | bool | None:
    """The answer key for a raw cell; ``None`` for unknown; ``False`` when invalid."""
    text = normalise(raw)
    if text is None:
        return None
    try:
        return item.answer(text).key
    except KeyError:
        return None if is_missing_token(text) else False


@functools.cache
def _exact_keys(item: Item) -> bool:
    """True when every answer key is its own normal form (so an exact key needs no normalising)."""
    return all(_answer_of(item, k) == k for k in item.answer_keys)


def _raw(frame: pl.DataFrame, key: str) -> pl.Expr:
    dtype = frame.schema[key]
    return pl.col(key).cast(pl.String) if isinstance(dtype, (pl.Categorical, pl.Enum)) else pl.col(key)


def _fast_code(item: Item, raw: pl.Expr) -> pl.Expr:
    """Answer code of a text column by exact key; null for anything else (checked afterwards)."""
    return raw.cast(pl.Enum(list(item.answer_keys)), strict=False).to_physical().cast(_CODE)


def _general_code(inst: Instrument, item: Item, frame: pl.DataFrame) -> tuple[pl.Expr, pl.Expr | None]:
    """Answer code via the scalar normalisation of each distinct value, and the error expression."""
    raw = _raw(frame, item.key)
    index = {k: i for i, k in enumerate(item.answer_keys)}
    to_code: dict[object, int] = {}
    invalid: list[object] = []
    for value in frame.select(raw.unique()).to_series().to_list():
        ans = _answer_of(item, value)
        if ans is False:
            invalid.append(value)
        elif ans is not None:
            to_code[value] = index[str(ans)]
    code = raw.replace_strict(to_code, default=None, return_dtype=_CODE) if to_code else pl.lit(None, _CODE)
    error = None
    if invalid:
        allowed = ", ".join(item.answer_keys)
        error = pl.when(raw.is_in(invalid)).then(
            pl.concat_str([pl.lit(f"{inst.key}.{item.key}: '"), raw.cast(pl.String),
                           pl.lit(f"' is not an answer; allowed: {allowed}")])
        )
    return code, error


def _codes(inst: Instrument, frame: pl.DataFrame) -> tuple[pl.DataFrame, pl.Expr | None]:
    """One answer-code column per item (named by item key) and the row error expression."""
    exprs: dict[str, pl.Expr] = {}
    fast: list[Item] = []
    for item in inst.items:
        if item.key not in frame.columns:
            exprs[item.key] = pl.lit(None, _CODE)
        elif isinstance(frame.schema[item.key], _TEXT_TYPES) and _exact_keys(item):
            exprs[item.key] = _fast_code(item, _raw(frame, item.key))
            fast.append(item)
        else:
            exprs[item.key] = _general_code(inst, item, frame)[0]
    codes = _select(frame, exprs)
    errors: list[pl.Expr] = []
    redo: dict[str, pl.Expr] = {}
    for item in inst.items:
        if item.key not in frame.columns:
            continue
        # A fast-coded column whose codes have more nulls than its raw values holds something
        # other than exact keys: code it again through the scalar normalisation.
        if item in fast and codes.get_column(item.key).null_count() == frame.get_column(item.key).null_count():
            continue
        code, error = _general_code(inst, item, frame)
        if item in fast:
            redo[item.key] = code
        if error is not None:
            errors.append(error)
    if redo:
        codes = codes.with_columns(_select(frame, redo))
    if not errors:
        return codes, None
    error_expr = pl.concat_str(errors, separator="; ", ignore_nulls=True).replace("", None)
    return codes.with_columns(frame.select(error_expr.alias("error"))), pl.col("error")


@functools.lru_cache(maxsize=4096)
def _range_entry(inst: Instrument, mask: int, known: int) -> tuple[int, int, tuple[str, ...]]:
    """(min_total, max_total, reachable band keys) for a missing-item mask and a known sum."""
    candidates: dict[str, tuple[str, ...]] = {}
    for i, item in enumerate(inst.items):
        candidates[item.key] = item.answer_keys if mask >> i & 1 else (item.answers[0].key,)
    # Known items are represented by their first answer; shift by the difference to ``known``.
    base = sum(it.answers[0].points for i, it in enumerate(inst.items) if not mask >> i & 1)
    raw_offsets = achievable_sums(inst, candidates)
    totals = frozenset(inst.total.apply(t - base + known) for t in raw_offsets)
    reached = bands_reached(inst.bands, totals)
    return min(totals), max(totals), tuple(b.key for b in reached)


@functools.lru_cache(maxsize=65536)
def _class_entry(inst: Instrument, combo: tuple[str | None, ...]) -> tuple[str | None, tuple[str, ...],
                                                                         tuple[str, ...]]:
    """(category, possible categories, missing items) of one combination of answers."""
    res = evaluate(inst, {it.key: Given(a) for it, a in zip(inst.items, combo, strict=True) if a is not None})
    return res.category, res.possible_bands, res.missing


def _lookup(keys: pl.Series, table: Mapping[int, Sequence[object]], schema: Mapping[str, pl.DataType]) -> list[pl.Expr]:
    """Columns of ``table`` (key -> one value per schema column) gathered to the rows of ``keys``."""
    top = max(table, default=-1)
    dense = top < _DENSE_LIMIT
    order = list(range(top + 1)) if dense else sorted(table)
    filler = [None] * len(schema)
    columns = [[table.get(k, filler)[j] for k in order] for j in range(len(schema))]
    if dense:
        index = pl.lit(keys)
    else:
        index = pl.lit(keys).replace_strict({k: i for i, k in enumerate(order)}, return_dtype=_CODE)
    return [pl.lit(pl.Series(name, col, dtype=dtype)).gather(index).alias(name)
            for (name, dtype), col in zip(schema.items(), columns, strict=True)]


def score_frame(inst: Instrument, frame: pl.DataFrame) -> ColumnarResult:
    """Score every row of ``frame`` (columns named by item key) with ``inst``.

    Returns the input columns followed by the result columns (``RESULT_COLUMNS_SCORE`` or
    ``RESULT_COLUMNS_CLASSIFIER``) and the row-numbered errors.
    """
    codes, error = _codes(inst, frame)
    unknown = tuple(c for c in frame.columns if c not in inst.item_keys)
    clash = [c for c in frame.columns if c in (*RESULT_COLUMNS_SCORE, *RESULT_COLUMNS_CLASSIFIER, "_row")]
    if clash:
        frame = frame.rename({c: f"input_{c}" for c in clash})
    if inst.kind is Kind.SCORE:
        results = _score(inst, codes)
        names: tuple[str, ...] = RESULT_COLUMNS_SCORE
    else:
        results = _classify(inst, codes)
        names = RESULT_COLUMNS_CLASSIFIER
    if error is None:
        out = frame.with_columns(*results, pl.lit(None, pl.String).alias("error"))
        return ColumnarResult(out.select(*frame.columns, *names), (), unknown)
    errs = codes.get_column("error")
    bad = pl.lit(errs).is_not_null()
    nulled = (pl.when(bad).then(None).otherwise(r).alias(n) for r, n in zip(results, names[:-1], strict=True))
    out = frame.with_columns(*nulled, pl.lit(errs).alias("error"))
    rows = errs.to_frame().with_row_index("row", offset=1).filter(pl.col("error").is_not_null())
    errors = tuple(RowError(int(r), str(m)) for r, m in rows.iter_rows())
    return ColumnarResult(out.select(*frame.columns, *names), errors, unknown)


def _score(inst: Instrument, codes: pl.DataFrame) -> list[pl.Expr]:
    low = sum(min(0, *it.points) for it in inst.items)  # bounds of a sum of known points
    span = sum(max(0, *it.points) for it in inst.items) - low + 1
    points = [pl.lit(pl.Series(it.points, dtype=pl.Int64)).gather(pl.col(it.key)) for it in inst.items]
    known = pl.sum_horizontal(points)  # nulls (unknown items) count 0
    mask = pl.sum_horizontal([pl.col(it.key).is_null().cast(pl.Int64) * (1 << i) for i, it in enumerate(inst.items)])
    keys = codes.select((mask * span + known - low).alias("_key")).to_series()
    table: dict[int, tuple[object, ...]] = {}
    for key in keys.unique().to_list():
        m, k = divmod(key, span)
        lo, hi, reached = _range_entry(inst, m, k + low)
        missing = [it.key for i, it in enumerate(inst.items) if m >> i & 1 and len(it.answers) > 1]
        table[key] = (lo if lo == hi else None, lo, hi, reached[0] if len(reached) == 1 else None,
                      list(reached), missing)
    schema: dict[str, pl.DataType] = {
        "total": pl.Int64(), "min_total": pl.Int64(), "max_total": pl.Int64(), "band": pl.String(),
        "possible_bands": pl.List(pl.String), "missing": pl.List(pl.String),
    }
    return _lookup(keys, table, schema)


def _classify(inst: Instrument, codes: pl.DataFrame) -> list[pl.Expr]:
    strides: list[int] = []
    size = 1
    for it in inst.items:  # unknown is one more code per item: len(answers)
        strides.append(size)
        size *= len(it.answers) + 1
    key = pl.sum_horizontal([pl.col(it.key).cast(pl.Int64).fill_null(len(it.answers)) * s
                             for it, s in zip(inst.items, strides, strict=True)])
    keys = codes.select(key.alias("_key")).to_series()
    table: dict[int, tuple[object, ...]] = {}
    for k in keys.unique().to_list():
        combo = tuple(it.answer_keys[c] if c < len(it.answers) else None
                      for it, s in zip(inst.items, strides, strict=True) for c in [k // s % (len(it.answers) + 1)])
        category, possible, missing = _class_entry(inst, combo)
        table[k] = (category, category, list(possible), list(missing))
    schema: dict[str, pl.DataType] = {
        "category": pl.String(), "band": pl.String(), "possible_bands": pl.List(pl.String),
        "missing": pl.List(pl.String),
    }
    return _lookup(keys, table, schema)
