"""Columnar evaluation: the same declarations compiled to Polars expressions.

A whole table (one row per patient, one column per item key) is scored without a Python loop
over rows:

* each item column becomes a points column through ``replace_strict`` with the declaration's
  answer -> points table. Raw values are read with the *same* normalisation as the scalar
  engine (:func:`spinemet.instruments.engine.normalise`, applied once per distinct value), so
  ``'Mechanical '`` and ``'mechanical'`` score alike in both paths;
* the total is ``sum_horizontal`` of the points, capped with ``min_horizontal`` where the
  declaration caps it; the band is a ``replace_strict`` over the declared total -> band table;
* rows with unknown items get their range and reachable bands from a small table keyed by
  (which items are missing, sum of the known points), computed from the declaration by the
  scalar engine's own subset-sum (:func:`spinemet.instruments.engine.achievable_totals`) and
  joined back — one entry per distinct key, not per row;
* classifiers compile their decision table to a ``when/then`` chain; rows with unknown items
  are looked up per distinct combination of answers.

Bad values never stop the table: the row gets an ``error`` message (naming the item and the
allowed answers) and null results; :class:`ColumnarResult.errors` lists them by row number.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
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


@dataclass(frozen=True)
class _ItemPlan:
    points: pl.Expr  # null when unknown or invalid
    answer: pl.Expr  # answer key (String), null when unknown or invalid
    error: pl.Expr | None  # message when invalid, else null
    has_null: bool


def _plan_item(inst: Instrument, item: Item, frame: pl.DataFrame) -> _ItemPlan:
    if item.key not in frame.columns:
        return _ItemPlan(pl.lit(None, pl.Int64), pl.lit(None, pl.String), None, True)
    col = pl.col(item.key)
    values = frame.get_column(item.key).unique().to_list()
    to_key: dict[object, str] = {}
    invalid: list[object] = []
    has_null = False
    for raw in values:
        ans = _answer_of(item, raw)
        if ans is None:
            has_null = True
        elif ans is False:
            invalid.append(raw)
        else:
            to_key[raw] = str(ans)
    if invalid:
        has_null = True
    pts = {raw: item.answer(k).points for raw, k in to_key.items()}
    points = col.replace_strict(pts, default=None, return_dtype=pl.Int64) if pts else pl.lit(None, pl.Int64)
    answer = col.replace_strict(to_key, default=None, return_dtype=pl.String) if to_key else pl.lit(None, pl.String)
    error = None
    if invalid:
        allowed = ", ".join(item.answer_keys)
        error = pl.when(col.is_in(invalid)).then(
            pl.concat_str([pl.lit(f"{inst.key}.{item.key}: '"), col.cast(pl.String),
                           pl.lit(f"' is not an answer; allowed: {allowed}")])
        )
    return _ItemPlan(points, answer, error, has_null)


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


def _errors_expr(plans: Iterable[_ItemPlan]) -> pl.Expr:
    errs = [p.error for p in plans if p.error is not None]
    if not errs:
        return pl.lit(None, pl.String)
    return pl.concat_str(errs, separator="; ", ignore_nulls=True).replace("", None)


def _missing_expr(inst: Instrument, plans: list[_ItemPlan]) -> pl.Expr:
    parts = [pl.when(p.answer.is_null()).then(pl.lit(it.key)) for it, p in zip(inst.items, plans, strict=True)
             if p.has_null]
    if not parts:
        return pl.lit([], pl.List(pl.String))
    return pl.concat_list(parts).list.drop_nulls()


def score_frame(inst: Instrument, frame: pl.DataFrame) -> ColumnarResult:
    """Score every row of ``frame`` (columns named by item key) with ``inst``.

    Returns the input columns followed by the result columns (``RESULT_COLUMNS_SCORE`` or
    ``RESULT_COLUMNS_CLASSIFIER``) and the row-numbered errors.
    """
    plans = [_plan_item(inst, it, frame) for it in inst.items]
    unknown = tuple(c for c in frame.columns if c not in inst.item_keys)
    clash = [c for c in frame.columns if c in (*RESULT_COLUMNS_SCORE, *RESULT_COLUMNS_CLASSIFIER, "_row")]
    if clash:
        frame = frame.rename({c: f"input_{c}" for c in clash})
    error = _errors_expr(plans)
    if inst.kind is Kind.SCORE:
        out = _score(inst, frame, plans, error)
    else:
        out = _classify(inst, frame, plans, error)
    errs = out.select(pl.int_range(1, pl.len() + 1).alias("row"), "error").filter(pl.col("error").is_not_null())
    errors = tuple(RowError(r, m) for r, m in errs.iter_rows())
    return ColumnarResult(out, errors, unknown)


def _score(inst: Instrument, frame: pl.DataFrame, plans: list[_ItemPlan], error: pl.Expr) -> pl.DataFrame:
    raw = pl.sum_horizontal([p.points for p in plans])
    total_expr = raw if inst.total.cap is None else pl.min_horizontal(raw, pl.lit(inst.total.cap))
    band_map = {t: inst.band_for(t).key for t in inst.reachable_totals()}
    if not any(p.has_null for p in plans):
        total = total_expr.cast(pl.Int64)
        band = total.replace_strict(band_map, return_dtype=pl.String)
        return frame.with_columns(
            total.alias("total"), total.alias("min_total"), total.alias("max_total"), band.alias("band"),
            pl.concat_list([band]).alias("possible_bands"),
            pl.lit([], pl.List(pl.String)).alias("missing"), pl.lit(None, pl.String).alias("error"),
        )
    mask = pl.sum_horizontal([p.points.is_null().cast(pl.Int64) * (1 << i) for i, p in enumerate(plans)])
    work = frame.with_columns(mask.alias("_mask"), raw.cast(pl.Int64).alias("_known"), error.alias("error"),
                              _missing_expr(inst, plans).alias("missing"))
    keys = work.select("_mask", "_known").unique()
    rows = []
    for m, k in keys.iter_rows():
        lo, hi, reached = _range_entry(inst, m, k)
        rows.append((m, k, lo, hi, list(reached)))
    table = pl.DataFrame(rows, schema={"_mask": pl.Int64, "_known": pl.Int64, "min_total": pl.Int64,
                                       "max_total": pl.Int64, "possible_bands": pl.List(pl.String)}, orient="row")
    work = work.join(table, on=["_mask", "_known"], how="left", maintain_order="left")
    bad = pl.col("error").is_not_null()
    single = pl.col("min_total") == pl.col("max_total")
    return work.with_columns(
        pl.when(bad).then(None).otherwise(pl.when(single).then(pl.col("min_total"))).alias("total"),
        pl.when(bad).then(None).otherwise(pl.col("min_total")).alias("min_total"),
        pl.when(bad).then(None).otherwise(pl.col("max_total")).alias("max_total"),
        pl.when(bad | (pl.col("possible_bands").list.len() != 1)).then(None)
        .otherwise(pl.col("possible_bands").list.first()).alias("band"),
        pl.when(bad).then(None).otherwise(pl.col("possible_bands")).alias("possible_bands"),
        pl.when(bad).then(None).otherwise(pl.col("missing")).alias("missing"),
    ).select(*frame.columns, *RESULT_COLUMNS_SCORE)


def _classify(inst: Instrument, frame: pl.DataFrame, plans: list[_ItemPlan], error: pl.Expr) -> pl.DataFrame:
    answers = {it.key: p.answer for it, p in zip(inst.items, plans, strict=True)}
    chain: pl.Expr = pl.lit(None, pl.String)
    for r in reversed(inst.rules):  # rules are disjoint: nesting order does not matter
        cond = pl.all_horizontal([answers[i].is_in(list(a)) for i, a in r.when])
        chain = pl.when(cond).then(pl.lit(r.category)).otherwise(chain)
    complete = pl.all_horizontal([a.is_not_null() for a in answers.values()])
    work = frame.with_columns(
        *(a.alias(f"_a_{k}") for k, a in answers.items()), error.alias("error"),
        pl.when(complete).then(chain).alias("_direct"),
    )
    acols = [f"_a_{k}" for k in answers]
    incomplete = work.filter(pl.col("_direct").is_null()).select(acols).unique()
    rows = []
    for combo in incomplete.iter_rows():
        res = evaluate(inst, {k: Given(v) for k, v in zip(answers, combo, strict=True) if v is not None})
        rows.append((*combo, res.category, list(res.possible_bands), list(res.missing)))
    schema: dict[str, pl.DataType] = {c: pl.String() for c in acols}
    schema |= {"_cat": pl.String(), "_pb": pl.List(pl.String), "_miss": pl.List(pl.String)}
    table = pl.DataFrame(rows, schema=schema, orient="row")
    work = work.join(table, on=acols, how="left", maintain_order="left", nulls_equal=True)
    bad = pl.col("error").is_not_null()
    direct = pl.col("_direct").is_not_null()
    return work.with_columns(
        pl.when(bad).then(None).when(direct).then(pl.col("_direct")).otherwise(pl.col("_cat")).alias("category"),
        pl.when(bad).then(None).when(direct).then(pl.concat_list([pl.col("_direct")]))
        .otherwise(pl.col("_pb")).alias("possible_bands"),
        pl.when(bad).then(None).when(direct).then(pl.lit([], pl.List(pl.String)))
        .otherwise(pl.col("_miss")).alias("missing"),
    ).with_columns(pl.col("category").alias("band")).select(*frame.columns, *RESULT_COLUMNS_CLASSIFIER)
