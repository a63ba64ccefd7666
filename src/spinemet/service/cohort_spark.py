"""Cohort use cases on Apache Spark (``--engine spark``): a registry read, scored and written by Spark.

The door between the command line and :mod:`spinemet.cohort.spark_engine`. Spark reads the registry
(CSV as text, Parquet, JSON Lines), numbers its rows as the Polars path does (data rows from 1, in
file order), applies the mapping and scores it with the same declarations and readers; the scored
table is written by Spark's own writer, a partition per file, then copied into the one output file
by a streaming Polars sink (so the file holds what ``--engine polars`` writes, column for column).
An output path ending in ``/`` is left as Spark's directory of Parquet parts (on a cluster: a path
every executor can write, e.g. ``hdfs://`` or ``s3a://``).

Survival validation runs on the driver, on the collected time, event and score columns.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from spinemet.service.cohort import (
    FORMATS,
    ROW,
    CohortInputError,
    ScoreSummary,
    _format,
    _instruments,
    _sink,
    _Tally,
    load_mapping,
    scan_registry,
)

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

#: The master used when none is given and the program was not started by ``spark-submit``.
LOCAL_MASTER = "local[2]"
_MASTER = re.compile(r"^(local(\[(\d+|\*)(,\s*\d+)?\])?|spark://\S+|yarn|k8s://\S+|mesos://\S+)$")
#: Spark reads this cell text as null; no registry writes it (Spark's default, "", also nulls a quoted "").
_NO_NULL_TEXT = "\u0000spinemet:no-null-text\u0000"
MASTER_ALLOWED = "local, local[N], local[*], spark://HOST:PORT, yarn, k8s://URL"


def _pyspark() -> None:
    try:
        import pyspark  # noqa: F401
    except ImportError:
        raise CohortInputError("--engine spark: PySpark is not installed; install it with "
                               "pip install 'spinemet[spark]' (it needs a Java 17 or 21 runtime), "
                               "or use --engine polars") from None


def java_found() -> bool:
    """A Java runtime for Spark: ``$JAVA_HOME/bin/java`` or ``java`` on the PATH."""
    home = os.environ.get("JAVA_HOME")
    if home and Path(home, "bin", "java").exists():
        return True
    return shutil.which("java") is not None


def _under_spark_submit() -> bool:
    # spark-submit starts the JVM first and hands the Python driver its gateway
    return "PYSPARK_GATEWAY_PORT" in os.environ


def spark_session(master: str | None = None) -> SparkSession:
    """The Spark session (created once per process): ``master`` if given; else the one
    ``spark-submit`` chose; else :data:`LOCAL_MASTER`. A plain, located error when PySpark or Java
    is missing or the master cannot be used."""
    if master is not None and not _MASTER.match(master.strip()):
        raise CohortInputError(f"--spark-master: '{master}' is not a Spark master URL; allowed: {MASTER_ALLOWED}")
    _pyspark()
    if not _under_spark_submit() and not java_found():
        raise CohortInputError("--engine spark: no Java runtime was found (JAVA_HOME or java on the PATH); Spark "
                               "needs Java 17 or 21 (e.g. apt-get install openjdk-17-jre-headless), or use "
                               "--engine polars")
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("spinemet-cohort")
    chosen = master.strip() if master is not None else None if _under_spark_submit() else LOCAL_MASTER
    if chosen is not None:
        builder = builder.master(chosen)
    if chosen is None or chosen.startswith("local"):
        # one machine: no web UI or progress bar, few shuffle partitions, and no adaptive re-planning
        # between stages (the jobs are small; measured: about a fifth less CPU per scoring). The
        # scored table has ~100 columns and its generated code is large: whole-stage code generation
        # is kept above Spark's 100 fields, and the JVM compiles the large generated methods instead
        # of interpreting them (measured together, 200,000 rows warm: 33.6 -> 25.6 s of JVM CPU).
        builder = (builder.config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
                   .config("spark.sql.shuffle.partitions", "4").config("spark.sql.adaptive.enabled", "false")
                   .config("spark.sql.codegen.maxFields", "1000")
                   .config("spark.driver.extraJavaOptions", "-XX:-DontCompileHugeMethods"))
    builder = builder.config("spark.log.level", "ERROR").config("spark.sql.caseSensitive", "true")
    try:
        return builder.getOrCreate()
    except Exception as exc:  # the JVM's own words, first line: a refused master, no memory, ...
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise CohortInputError(f"--spark-master: Spark could not start on '{chosen or 'spark-submit'}': "
                               f"{first[:300]}") from None


def _spark_schema_of_json(path: Path) -> Any:
    """The JSON Lines registry's columns and types as Polars infers them (so that Spark reads the same
    columns, in the same order: Spark alone would sort them and read numbers its own way)."""
    from pyspark.sql import types as T

    fields = []
    for name, dtype in scan_registry(path).collect_schema().items():
        if name == ROW:
            continue
        spark_type: Any = (T.LongType() if dtype.is_integer() else T.DoubleType() if dtype.is_float()
                           else T.BooleanType() if dtype == pl.Boolean else T.StringType())
        fields.append(T.StructField("row" if name == "input_row" else name, spark_type))
    return T.StructType(fields)


def read_registry(spark: SparkSession, path: Path | str) -> DataFrame:
    """The registry as a Spark frame with its ``row`` column first (data rows counted from 1, in file
    order, as :func:`spinemet.service.cohort.scan_registry` numbers them)."""
    text = str(path)
    local = "://" not in text
    if local and not Path(text).exists():
        raise CohortInputError(f"registry {text}: no such file")
    fmt = _format(Path(text), "registry")
    reader = spark.read
    if fmt == "csv":  # every cell as text; quotes doubled inside quotes; an empty cell is null and a
        # quoted empty one "" is an empty text (as Polars reads CSV: Spark's default reads both as null)
        frame = reader.csv(text, header=True, inferSchema=False, escape='"', enforceSchema=False,
                           nullValue=_NO_NULL_TEXT)
    elif fmt == "parquet":
        frame = reader.parquet(text)
    else:
        frame = reader.json(text, schema=_spark_schema_of_json(Path(text))) if local else reader.json(text)
    return with_row_numbers(frame)


def with_row_numbers(frame: DataFrame) -> DataFrame:
    """``row`` (1, 2, ... in the order the rows are read) as the first column; a registry's own ``row``
    column becomes ``input_row``. The rows of each partition are counted (one small job) and each
    row's number is its partition's offset plus its place in the partition -- no single-partition sort."""
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    from spinemet.cohort.spark_engine import col

    if ROW in frame.columns:
        frame = frame.withColumnRenamed(ROW, "input_row")
    columns = frame.columns
    tagged = frame.withColumn("__mid", F.monotonically_increasing_id()).withColumn(
        "__part", F.shiftright(F.col("__mid"), 33))
    counts = sorted((int(r["__part"]), int(r["count"])) for r in tagged.groupBy("__part").count().collect())
    offsets, total = [], 0
    for part, n in counts:
        offsets.append((part, total))
        total += n
    table = frame.sparkSession.createDataFrame(offsets, T.StructType([T.StructField("__part", T.LongType()),
                                                                     T.StructField("__offset", T.LongType())]))
    numbered = tagged.join(F.broadcast(table), on="__part", how="left")
    row = (F.col("__offset") + F.col("__mid") - F.shiftleft(F.col("__part"), 33) + 1).alias(ROW)
    return numbered.select(row, *[col(c) for c in columns])


def scored_spark(spark: SparkSession, path: Path | str, mapping: Path | None,
                 instruments: Sequence[str]) -> DataFrame:
    """The registry with every instrument's results on Spark (lazy except for the collecting jobs)."""
    from spinemet.cohort.spark_engine import apply_mapping, score_registry

    frame = apply_mapping(load_mapping(mapping), read_registry(spark, path))
    return score_registry(frame, instruments)


def _parts(directory: Path) -> list[Path]:
    return sorted(directory.glob("part-*.parquet"))


def _as_polars_schema(frame: pl.LazyFrame, schema: pl.Schema) -> pl.LazyFrame:
    """Spark's Parquet read with the Polars engine's column types (``row`` is Polars' UInt32 index;
    a type Spark widened, such as an unsigned integer, is cast back)."""
    have = frame.collect_schema()
    casts = [pl.col(n).cast(t) for n, t in schema.items() if n in have and have[n] != t
             and (t.is_numeric() or isinstance(t, (pl.Enum, pl.Categorical)) or t in (pl.String, pl.Boolean))]
    return frame.with_columns(casts) if casts else frame


@contextmanager
def _workdir(near: Path) -> Iterator[Path]:
    near.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=near, prefix=".spinemet-spark-") as tmp:
        yield Path(tmp)


def score_file_spark(path: Path | str, output: Path | str, mapping: Path | None = None,
                     instruments: Sequence[str] | None = None, master: str | None = None) -> ScoreSummary:
    """Score a registry on Spark into ``output``: one file (.csv, .parquet, .jsonl) as the Polars engine
    writes it, or, for a path ending in ``/``, Spark's directory of Parquet parts."""
    keys = _instruments(instruments)
    directory = str(output).endswith("/")
    if not directory:
        _format(Path(output), "output")
    spark = spark_session(master)
    scored = scored_spark(spark, path, mapping, keys)
    tally = _Tally(keys)
    wanted = [ROW, "error", *[f"{k}_status" for k in keys]]
    if directory:
        scored.write.mode("errorifexists").parquet(str(output))
        rows, bad, counts = _spark_tally(spark.read.parquet(str(output)), keys)
        return ScoreSummary(rows, tuple(bad), str(output), counts)
    target = Path(output)
    # the Polars engine's column types, when Polars can read the registry (a local file)
    schema = _polars_schema(Path(path), mapping, keys) if "://" not in str(path) else None
    with _workdir(target.parent) as tmp:
        scored.write.parquet(str(tmp / "parts"))
        parts = _parts(tmp / "parts")
        for part in parts:
            tally.add(pl.read_parquet(part, columns=wanted))
        if not parts:
            raise CohortInputError(f"registry {path}: Spark wrote no rows")
        frame = pl.scan_parquet(parts)
        frame = _as_polars_schema(frame, schema) if schema is not None else frame.with_columns(
            pl.col(ROW).cast(pl.UInt32))
        _sink(frame, target)
    return ScoreSummary(tally.rows, tuple(tally.bad), str(target), {k: tally.counts.get(k, {}) for k in keys})


def _spark_tally(written: DataFrame, keys: Sequence[str]) -> tuple[int, list[dict[str, Any]], dict[str, dict[str, int]]]:
    """A written directory's rows, first bad rows and counts per status, aggregated by Spark."""
    from pyspark.sql import functions as F

    from spinemet.service.cohort import MAX_BAD_ROWS, STATUSES

    sums = written.agg(F.count(F.lit(1)).alias("__rows"),
                       *[F.sum(F.when(F.col(f"{k}_status") == s, 1).otherwise(0)).alias(f"{k}|{s}")
                         for k in keys for s in STATUSES]).collect()[0].asDict()
    bad = written.filter(F.col("error").isNotNull()).orderBy(ROW).limit(MAX_BAD_ROWS).select(ROW, "error").collect()
    counts = {k: {s: int(sums[f"{k}|{s}"] or 0) for s in STATUSES} for k in keys}
    return int(sums["__rows"]), [{"row": int(r[ROW]), "error": r["error"]} for r in bad], counts


def _polars_schema(path: Path, mapping: Path | None, keys: Sequence[str]) -> pl.Schema:
    from spinemet.cohort.compile import score_registry

    return score_registry(load_mapping(mapping).apply(scan_registry(path)), keys).collect_schema()


def validation_columns(path: Path | str, mapping: Path | None, instruments: Sequence[str], time: str, event: str,
                       master: str | None, workdir: Path) -> pl.LazyFrame:
    """The row, time, event, ``error`` and result columns of a registry scored on Spark, written by
    Spark into ``workdir`` and read back lazily (what :func:`spinemet.service.cohort.validate_file`
    validates on the driver)."""
    from spinemet.cohort.compile import result_column
    from spinemet.cohort.spark_engine import apply_mapping, col, score_registry
    from spinemet.service.cohort import _time_event

    spark = spark_session(master)
    frame = apply_mapping(load_mapping(mapping), read_registry(spark, path))
    # the same located message as the Polars path for a missing --time/--event column, before any job
    _time_event(pl.LazyFrame(schema=dict.fromkeys(frame.columns, pl.String)), time, event)
    scored = score_registry(frame, instruments)
    fields = [result_column(k, f) for k in instruments for f in ("status", "total", "min_total", "max_total", "band")]
    columns = list(dict.fromkeys([ROW, time, event, "error", *fields]))
    scored.select(*[col(c) for c in columns]).write.parquet(str(workdir / "parts"))
    parts = _parts(workdir / "parts")
    if not parts:
        raise CohortInputError(f"registry {path}: Spark wrote no rows")
    return pl.scan_parquet(parts).with_columns(pl.col(ROW).cast(pl.UInt32))


__all__ = ["FORMATS", "LOCAL_MASTER", "java_found", "read_registry", "score_file_spark", "scored_spark",
           "spark_session", "validation_columns", "with_row_numbers"]
