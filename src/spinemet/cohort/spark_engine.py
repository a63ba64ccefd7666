"""A registry table scored on Apache Spark: the same declarations compiled to Spark column expressions.

Nothing here declares a score, a threshold or a derivation; the Polars engine
(:mod:`spinemet.cohort.compile`) and this one read the same data and share the evaluation:

1. every dictionary column becomes its integer *class* as a chain of ``F.when`` built from its
   :class:`~spinemet.cohort.dictionary.RegistryColumn` (its codes, its yes/no spellings, its
   low/high/step, the cuts the declarations use, its count cap), with the same located message for
   a value the dictionary does not allow;
2. each item's classes form one integer key per row by arithmetic (class times stride, the strides of
   :func:`~spinemet.cohort.compile.item_plans`), and so do the applicability classes;
3. the *distinct* item keys are collected to the driver (one job), where the instruments' own
   readers read each once (:func:`~spinemet.cohort.compile.item_answer`); the answers come back as
   small broadcast tables joined on the keys, and the rows' answer combinations are collected (a
   second job); each distinct combination is scored on the driver by
   :func:`~spinemet.cohort.compile.answers_result` -- the one engine, as for the Polars engine -- and the
   results are joined back as one small broadcast table per instrument.

No Python function runs per row: rows only meet column expressions and broadcast hash joins.
The result has the columns and values of :func:`spinemet.cohort.compile.score_registry` on the same
table (tests compare them cell by cell on random tables with unknowns and bad values).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import reduce
from typing import Any

from pyspark.sql import Column, DataFrame
from pyspark.sql import functions as F
from pyspark.sql import types as T

from spinemet.cohort.compile import (
    _ANSWER_CODES,
    INVALID,
    RESULT_FIELDS,
    Answer,
    answers_result,
    applies_plan,
    item_answer,
    item_plans,
    not_applicable_result,
    result_column,
    text_table,
)
from spinemet.cohort.dictionary import (
    BY_NAME,
    COHORT_INSTRUMENTS,
    INTEGER,
    ITEM_FACTS,
    YES_NO,
    RegistryColumn,
    applies_facts,
)
from spinemet.cohort.facts import VISCERAL_CONTRADICTION, InconsistentRow
from spinemet.cohort.mapping import RegistryMapping
from spinemet.instruments.engine import MISSING_TOKENS

_NUMERIC = (T.ByteType, T.ShortType, T.IntegerType, T.LongType, T.FloatType, T.DoubleType)
_FLOATS = (T.FloatType, T.DoubleType)
_MISSING = sorted(MISSING_TOKENS)
#: What Polars' strip_chars() strips: Unicode White_Space (Python's isspace() less U+001C-U+001F).
_SPACE = "".join(chr(c) for c in range(0x3001) if chr(c).isspace() and not 0x1C <= c <= 0x1F)
#: The spellings Polars' float parser reads as a finite number (checked against Polars on random
#: strings in the tests); Spark's own cast would also read '5d', '5f' and the like.
_DECIMAL = r"^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$"


def col(name: str) -> Column:
    """A column by its exact name (dots, spaces and backticks allowed)."""
    return F.col(_quoted(name))


def _quoted(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def _is_numeric(dtype: T.DataType) -> bool:
    return isinstance(dtype, _NUMERIC)


def _lit_map(table: Mapping[Any, Any]) -> Column:
    return F.create_map(*[F.lit(x) for kv in table.items() for x in kv])


def _let(value: str, name: str, body: str) -> str:
    """SQL evaluating ``value`` once as ``name`` inside ``body`` (a one-element ``transform``)."""
    return f"element_at(transform(array({value}), {name} -> {body}), 1)"


def float_text(name: str) -> Column:
    """A float cell written as Polars writes it (``85.0``, ``0.00001``, ``1e+20``, ``1.5e-7``, ``inf``,
    ``NaN``): the shortest digits that read back as the same double (the first of ``%.0e`` ...
    ``%.16e`` that does; Java's own ``toString`` is not always the shortest before Java 19), written
    plain from 1e-5 up to 1e16, otherwise ``<digits>e<+|-><n>``. Used only where a float becomes text:
    a message about a bad cell, a code mapped from a float column."""
    x = _quoted(name)
    shortest = (f"element_at(filter(transform(sequence(0, 16), q -> format_string(concat('%.', cast(q AS string), "
                f"'e'), abs({x}))), t -> cast(t AS double) = abs({x})), 1)")
    plain = ("CASE WHEN v.p <= 0 THEN concat('0.', repeat('0', -v.p), v.d) "
             "WHEN v.p >= length(v.d) THEN concat(v.d, repeat('0', v.p - length(v.d)), '.0') "
             "ELSE concat(substring(v.d, 1, v.p), '.', substring(v.d, v.p + 1)) END")
    scientific = ("concat(substring(v.d, 1, 1), CASE WHEN length(v.d) > 1 THEN concat('.', substring(v.d, 2)) "
                  "ELSE '' END, 'e', CASE WHEN v.p >= 1 THEN '+' ELSE '-' END, cast(abs(v.p - 1) AS string))")
    body = f"CASE WHEN v.p - 1 BETWEEN -5 AND 15 THEN {plain} ELSE {scientific} END"
    digits = _let("named_struct('d', regexp_replace(replace(substring_index(s, 'e', 1), '.', ''), '0+$', ''), "
                  "'p', cast(substring_index(s, 'e', -1) AS int) + 1)", "v", body)
    number = _let(shortest, "s", digits)
    return F.expr(f"CASE WHEN {x} IS NULL THEN NULL WHEN isnan({x}) THEN 'NaN' "
                  f"WHEN {x} = double('Infinity') THEN 'inf' WHEN {x} = double('-Infinity') THEN '-inf' "
                  f"WHEN {x} = 0 THEN cast({x} AS string) "
                  f"ELSE concat(CASE WHEN {x} < 0 THEN '-' ELSE '' END, {number}) END")


def text_of(name: str, dtype: T.DataType) -> Column:
    """The cell as Polars casts it to text (floats in Polars' notation, the rest as Spark writes them)."""
    return float_text(name) if isinstance(dtype, _FLOATS) else col(name).cast("string")


class _Prepared:
    """The intermediate columns a class is computed from, each computed once (in the projections
    before the classes), so that no expression is copied into every place that reads it."""

    def __init__(self) -> None:
        self.first: dict[str, Column] = {}
        self.second: dict[str, Column] = {}

    def add(self, stage: dict[str, Column], name: str, expr: Column) -> Column:
        stage[name] = expr
        return F.col(name)


def _lookup(key: Column, table: Mapping[str, int]) -> Column:
    return F.when(key.isNull(), 0).otherwise(F.coalesce(F.try_element_at(_lit_map(table), key), F.lit(INVALID)))


def _text_classes(column: RegistryColumn, dtype: T.DataType, prep: _Prepared) -> Column:
    """Class of a text cell: its spelling stripped and lower-cased, looked up in the column's table."""
    key = prep.add(prep.first, f"__key_text_{column.name}", F.lower(F.btrim(text_of(column.name, dtype),
                                                                              F.lit(_SPACE))))
    return _lookup(key, text_table(column))


def _class_of_codes(column: RegistryColumn, dtype: T.DataType, prep: _Prepared) -> Column:
    if _is_numeric(dtype):  # KPS / ECOG stored as numbers
        value = prep.add(prep.first, f"__value_{column.name}", col(column.name).cast("double"))
        chain = F.when(value.isNull() | F.isnan(value), 0)
        for i, code in enumerate(column.codes):
            chain = chain.when(value == float(code), i + 1)
        return chain.otherwise(INVALID)
    return _text_classes(column, dtype, prep)


def _class_of_yes_no(column: RegistryColumn, dtype: T.DataType, prep: _Prepared) -> Column:
    raw = col(column.name)
    if isinstance(dtype, T.BooleanType):
        return F.when(raw.isNull(), 0).when(raw, 1).otherwise(2)
    if _is_numeric(dtype):  # 1 yes, 0 no
        value = prep.add(prep.first, f"__value_{column.name}", raw.cast("double"))
        return F.when(value.isNull() | F.isnan(value), 0).when(value == 1, 1).when(value == 0, 2).otherwise(INVALID)
    return _text_classes(column, dtype, prep)


def _class_of_number(column: RegistryColumn, dtype: T.DataType, prep: _Prepared) -> Column:
    name = column.name
    if _is_numeric(dtype):
        number = col(name).cast("double")
        value_expr = F.when(F.isnan(number), F.lit(None).cast("double")).otherwise(number)
        stated_expr = number.isNotNull() & ~F.isnan(number)
    elif isinstance(dtype, T.BooleanType):
        value_expr, stated_expr = F.lit(None).cast("double"), col(name).isNotNull()
    else:
        text = prep.add(prep.first, f"__text_{name}", F.btrim(text_of(name, dtype), F.lit(_SPACE)))
        value_expr = F.when(text.rlike(_DECIMAL), text.cast("double"))
        stated_expr = text.isNotNull() & ~F.lower(text).isin(_MISSING)
    value = prep.add(prep.second, f"__value_{name}", value_expr)
    stated = prep.add(prep.second, f"__stated_{name}", stated_expr)
    ok = value.isNotNull() & ~F.isnan(value) & (F.abs(value) != float("inf"))
    if column.low is not None:
        ok = ok & (value >= column.low)
    if column.high is not None:
        ok = ok & (value <= column.high)
    if column.kind == INTEGER:  # (Spark's floor() is a long: 1e20 would not equal its floor)
        ok = ok & (value % 1 == 0)
    if column.cap is not None:
        cls = (F.least(value, F.lit(float(column.cap))) - (column.low or 0) + 1).cast("long")
    else:
        cls = reduce(lambda a, b: a + b, [F.when(value >= cut, 1).otherwise(0) for cut in column.cuts], F.lit(1))
    return F.when(~stated, 0).when(ok, cls).otherwise(INVALID)


def _class_expr(column: RegistryColumn, dtype: T.DataType, prep: _Prepared) -> Column:
    if column.codes:
        return _class_of_codes(column, dtype, prep)
    if column.kind == YES_NO:
        return _class_of_yes_no(column, dtype, prep)
    return _class_of_number(column, dtype, prep)


def with_classes(frame: DataFrame, columns: Sequence[RegistryColumn]) -> DataFrame:
    """The frame with ``__class_<name>`` for each column: its class (0 = not stated, :data:`INVALID` =
    not allowed), as :func:`spinemet.cohort.compile.class_expr` reads it."""
    dtypes = {f.name: f.dataType for f in frame.schema.fields}
    prep = _Prepared()
    classes = {_class_name(c.name): _class_expr(c, dtypes[c.name], prep) for c in columns}
    if prep.first:
        frame = frame.withColumns(prep.first)
    if prep.second:
        frame = frame.withColumns(prep.second)
    return frame.withColumns(classes).drop(*prep.first, *prep.second)


def apply_mapping(mapping: RegistryMapping, frame: DataFrame) -> DataFrame:
    """:meth:`RegistryMapping.apply` on a Spark frame: columns renamed, codes translated (a code the
    mapping does not name is kept, stripped, and refused by the dictionary with its row and column)."""
    mapping.check_against(frame.columns)
    if mapping.columns:
        frame = frame.withColumnsRenamed(mapping.columns)
    dtypes = dict(zip(frame.columns, [f.dataType for f in frame.schema.fields], strict=True))
    translated = {}
    for column, table in mapping.codes.items():
        if column in dtypes:
            text = F.btrim(text_of(column, dtypes[column]), F.lit(_SPACE))
            translated[column] = F.coalesce(F.try_element_at(_lit_map(table), text), text) if table else text
    return frame.withColumns(translated) if translated else frame


def _class_name(column: str) -> str:
    return f"__class_{column}"


def _key_name(columns: tuple[str, ...]) -> str:
    return "__key_" + "__".join(columns)


@dataclass(frozen=True)
class _Plan:
    """The key columns of one scoring (one per distinct tuple of registry columns an item or an
    applicability check reads)."""

    instruments: tuple[str, ...]
    #: distinct column tuples whose key some item or applicability check reads
    keys: tuple[tuple[str, ...], ...]


def _key_expr(columns: Sequence[str], strides: Sequence[int]) -> Column:
    return reduce(lambda a, b: a + b, [F.col(_class_name(c)) * s for c, s in zip(columns, strides, strict=True)])


def _strides(columns: tuple[str, ...]) -> list[int]:
    strides, size = [], 1
    for c in columns:
        strides.append(size)
        size *= BY_NAME[c].classes()
    return strides


def _answer_name(inst: str, item: str) -> str:
    return f"__answer_{inst}__{item}"


def _outside_name(inst: str) -> str:
    return f"__outside_{inst}"


_CLASS_ERROR = "__class_error"
_CONTRADICTION = "__contradiction"


def _classified(frame: DataFrame, instruments: Sequence[str]) -> tuple[DataFrame, _Plan]:
    """The table with each used column's class, the located problems of its cells, and each key
    column (null on a row with a bad cell)."""
    dtypes = {f.name: f.dataType for f in frame.schema.fields}
    used = {c for key in instruments for cols in ITEM_FACTS[key].values() for c in cols}
    used |= {c for key in instruments for c in applies_facts(key)}
    used |= {"visceral_mets", "visceral_removable", "visceral_treatable"}  # the row's consistency check
    present = [c for c in BY_NAME.values() if c.name in dtypes and c.name in used]
    absent = {_class_name(c): F.lit(0) for c in sorted(used) if c not in dtypes}
    errors = [F.when(F.col(_class_name(c.name)) == INVALID,
                     F.concat(F.lit(f"{c.name}: '"), text_of(c.name, dtypes[c.name]),
                              F.lit(f"' is not allowed; allowed: {c.allowed}")))
              for c in present]
    visceral_no = F.col(_class_name("visceral_mets")) == 2
    stated_organ = (F.col(_class_name("visceral_removable")) > 0) | (F.col(_class_name("visceral_treatable")) > 0)
    errors.append(F.when(visceral_no & stated_organ, F.lit(VISCERAL_CONTRADICTION)))
    error = F.concat_ws("; ", *errors)
    out = with_classes(frame, present).withColumns(absent) if absent else with_classes(frame, present)
    out = out.withColumn(_CLASS_ERROR, F.when(error != "", error))
    keys: dict[tuple[str, ...], None] = {}
    for inst in instruments:
        for plan in (*item_plans(inst), applies_plan(inst)):
            keys.setdefault(plan.columns)
    out = out.withColumns({_key_name(cols): F.when(F.col(_CLASS_ERROR).isNull(), _key_expr(cols, _strides(cols)))
                           for cols in keys})
    return out, _Plan(tuple(instruments), tuple(keys))


def _distinct(frame: DataFrame, names: Sequence[str]) -> dict[str, list[int]]:
    """The distinct non-null values of each column (one job; each task aggregates its rows first)."""
    if not names:
        return {}
    row = frame.agg(*[F.collect_set(F.col(n)).alias(n) for n in names]).collect()[0]
    return {n: sorted(int(v) for v in row[n]) for n in names}


def _sql_value(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, int):
        return str(value)
    return "'" + str(value).replace("\\", "\\\\").replace("'", "\\'") + "'"


def _table(frame: DataFrame, rows: list[tuple[Any, ...]], schema: T.StructType) -> DataFrame:
    """A small table of the driver's rows, broadcast. Written as an inline ``VALUES`` table: Spark
    holds it in the plan (a local relation), so its broadcast needs no job, where a table made by
    ``createDataFrame`` costs a job per broadcast per pass."""
    spark = frame.sparkSession
    if not rows:
        return F.broadcast(spark.createDataFrame(rows, schema))
    names = [f.name for f in schema.fields]
    values = ", ".join("(" + ", ".join(_sql_value(v) for v in row) + ")" for row in rows)
    table = spark.sql(f"SELECT * FROM VALUES {values} AS t({', '.join(_quoted(n) for n in names)})")
    return F.broadcast(table.select([col(f.name).cast(f.dataType).alias(f.name) for f in schema.fields]))


class SparkScoring:
    """The driver's side of one scoring: the answers of each distinct key and the results of each
    distinct answer combination (filled by the two collecting jobs), and the joins that carry them."""

    def __init__(self, instruments: Sequence[str] = COHORT_INSTRUMENTS) -> None:
        self.instruments = tuple(instruments)
        self.items = {inst: item_plans(inst) for inst in self.instruments}
        self.applies = {inst: applies_plan(inst) for inst in self.instruments}
        #: per instrument and item: the answers met (code 0: nothing read)
        self.answers: dict[tuple[str, str], list[Answer | None]] = {
            (inst, it.key): [None] for inst in self.instruments for it in self.items[inst]}
        #: per instrument: the 'not applicable' results met (reason code n is the n-th)
        self.reasons: dict[str, list[tuple[object, ...]]] = {inst: [] for inst in self.instruments}

    def _answer_code(self, inst: str, item: str, answer: Answer | None) -> int:
        answers = self.answers[(inst, item)]
        if answer not in answers:
            if len(answers) >= _ANSWER_CODES:
                raise ValueError(f"{inst}.{item}: more than {_ANSWER_CODES} distinct answers")
            answers.append(answer)
        return answers.index(answer)

    def _reason_code(self, inst: str, applies_key: int) -> int:
        row = not_applicable_result(inst, applies_key)
        if row is None:
            return 0
        if row not in self.reasons[inst]:
            self.reasons[inst].append(row)
        return self.reasons[inst].index(row) + 1

    def _contradiction_order(self) -> list[str]:
        """The key columns in the order the Polars engine looks for a contradiction: instrument by
        instrument, item by item (a key's contradiction is its facts', whoever reads them)."""
        names = [_key_name(it.columns) for inst in self.instruments for it in self.items[inst]]
        return list(dict.fromkeys(names))

    def answer_tables(self, frame: DataFrame, plan: _Plan, distinct: Mapping[str, list[int]]) -> DataFrame:
        """The frame with each item's answer code, each instrument's reason code (0: applies), and
        ``error``: the bad cells, or the contradiction of the row's facts the case model finds
        (joined from one broadcast table per key column)."""
        for cols in plan.keys:
            name = _key_name(cols)
            outputs: list[tuple[str, Any]] = []
            for inst in self.instruments:
                outputs += [(_answer_name(inst, it.key), (inst, it)) for it in self.items[inst] if it.columns == cols]
                if self.applies[inst].columns == cols:
                    outputs.append((_outside_name(inst), inst))
            rows = []
            for k in distinct[name]:
                values: list[Any] = [k]
                contradiction: str | None = None
                for _, what in outputs:
                    if isinstance(what, str):
                        values.append(self._reason_code(what, k))
                        continue
                    inst, it = what
                    try:
                        values.append(self._answer_code(inst, it.key, item_answer(inst, it, k)))
                    except InconsistentRow as exc:
                        contradiction = str(exc)
                        values.append(0)
                rows.append((*values, contradiction))
            schema = T.StructType([T.StructField(name, T.LongType())] +
                                  [T.StructField(out, T.IntegerType()) for out, _ in outputs] +
                                  [T.StructField(f"{_CONTRADICTION}{name}", T.StringType())])
            frame = frame.join(_table(frame, rows, schema), on=name, how="left")
        found = F.coalesce(*[F.col(f"{_CONTRADICTION}{n}") for n in self._contradiction_order()])
        error = F.concat_ws("; ", F.col(_CLASS_ERROR), found)
        return frame.withColumn("error", F.when(error != "", error))

    def combination(self, inst: str) -> Column:
        """The row's answer combination (null where the instrument does not apply, or a bad row)."""
        codes = [F.col(_answer_name(inst, it.key)).cast("long") * (_ANSWER_CODES ** i)
                 for i, it in enumerate(self.items[inst])]
        combined = reduce(lambda a, b: a + b, codes)
        return F.when(F.col("error").isNull() & (F.col(_outside_name(inst)) == 0), combined)

    def result_table(self, frame: DataFrame, inst: str, combinations: list[int]) -> DataFrame:
        """One instrument's results: each answer combination met (key >= 0) and each reason it does
        not apply (key -n), scored on the driver by the functions the Polars engine takes its results
        from (:func:`answers_result`, :func:`not_applicable_result`: the one engine)."""
        rows: list[tuple[Any, ...]] = [(-n, *row) for n, row in enumerate(self.reasons[inst], start=1)]
        for k in combinations:
            answers = [self.answers[(inst, it.key)][k // _ANSWER_CODES ** i % _ANSWER_CODES]
                       for i, it in enumerate(self.items[inst])]
            rows.append((k, *answers_result(inst, answers)))
        fields = [T.StructField(f"__rkey_{inst}", T.LongType())]
        for field in RESULT_FIELDS:
            dtype = T.LongType() if field in ("total", "min_total", "max_total") else T.StringType()
            fields.append(T.StructField(f"__r_{inst}_{field}", dtype))
        return _table(frame, rows, T.StructType(fields))


def score_registry(frame: DataFrame, instruments: Sequence[str] = COHORT_INSTRUMENTS) -> DataFrame:
    """Every instrument for every row of a registry on Spark (columns named as the dictionary names
    them): the columns of :func:`spinemet.cohort.compile.score_registry`, in the same order.

    Runs two collecting jobs over the table (the distinct item keys; the distinct answer
    combinations); the frame returned is lazy (a third pass computes it where it is written).
    """
    spark = frame.sparkSession
    # Column names as the Polars engine sees them (case matters), and nulls, not errors, from a
    # lookup that misses (the class expressions rely on it).
    spark.conf.set("spark.sql.caseSensitive", "true")
    spark.conf.set("spark.sql.ansi.enabled", "false")
    originals = frame.columns
    scoring = SparkScoring(instruments)
    classified, plan = _classified(frame, instruments)
    distinct = _distinct(classified, [_key_name(cols) for cols in plan.keys])
    answered = scoring.answer_tables(classified, plan, distinct)
    combos = answered.select([scoring.combination(inst).alias(f"__combo_{inst}") for inst in scoring.instruments])
    met = _distinct(combos, [f"__combo_{inst}" for inst in scoring.instruments])
    out = answered
    for inst in scoring.instruments:
        key = F.when(F.col("error").isNull(),
                     F.when(F.col(_outside_name(inst)) > 0, -F.col(_outside_name(inst)).cast("long"))
                     .otherwise(scoring.combination(inst)))
        table = scoring.result_table(frame, inst, met[f"__combo_{inst}"])
        out = out.withColumn(f"__rkey_{inst}", key).join(table, on=f"__rkey_{inst}", how="left")
    results: dict[str, Column] = {}
    for inst in scoring.instruments:
        for field in RESULT_FIELDS:
            value = F.col(f"__r_{inst}_{field}")
            results[result_column(inst, field)] = (F.when(F.col("error").isNotNull(), F.lit("error")).otherwise(value)
                                                   if field == "status" else F.when(F.col("error").isNull(), value))
    names = [*originals, *(n for n in ["error", *results] if n not in originals)]
    return out.withColumns(results).select([col(n) for n in names])


__all__ = ["SparkScoring", "apply_mapping", "col", "float_text", "score_registry", "text_of", "with_classes"]
