"""Cohort use cases: read a registry file, score it (streaming), synthesise one, validate it.

The door between the command line and :mod:`spinemet.cohort` (pure): files are read and written
here. Registries are CSV (every cell read as text, so codes keep their spelling), Parquet or JSON
Lines; a registry is scored a chunk at a time and the scored table is written by a streaming sink
that pulls the chunks, so memory does not grow with the number of rows.
"""

from __future__ import annotations

import csv
import json
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl
import yaml

from spinemet.cohort.compile import RESULT_FIELDS, lookup, result_column, score_registry
from spinemet.cohort.dictionary import COHORT_INSTRUMENTS
from spinemet.cohort.mapping import RegistryMapping, mapping_from_data, mapping_from_redcap
from spinemet.errors import SpineMetError

FORMATS = {".csv": "csv", ".parquet": "parquet", ".jsonl": "jsonl", ".ndjson": "jsonl"}
ROW = "row"
MAX_BAD_ROWS = 1000


class CohortInputError(SpineMetError):
    """A registry, mapping or option that cannot be used (the message names what is allowed)."""


def _format(path: Path, what: str) -> str:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise CohortInputError(f"{what} {path}: '{path.suffix}' is not a registry format; allowed: "
                               f"{', '.join(FORMATS)}")
    return fmt


def _raw_scan(path: Path) -> pl.LazyFrame:
    if not path.exists():
        raise CohortInputError(f"registry {path}: no such file")
    fmt = _format(path, "registry")
    if fmt == "csv":
        return pl.scan_csv(path, infer_schema=False)
    if fmt == "parquet":
        return pl.scan_parquet(path)
    return pl.scan_ndjson(path, infer_schema_length=10_000)


def _with_row(frame: pl.LazyFrame, offset: int = 1) -> pl.LazyFrame:
    if ROW in frame.collect_schema().names():
        frame = frame.rename({ROW: "input_row"})
    return frame.with_row_index(ROW, offset=offset)


def scan_registry(path: Path) -> pl.LazyFrame:
    """The registry as a lazy frame with a ``row`` column (data rows counted from 1)."""
    return _with_row(_raw_scan(path))


def registry_chunks(path: Path, workdir: Path, chunk_rows: int) -> Iterator[pl.LazyFrame]:
    """The registry ``chunk_rows`` rows at a time, each with its ``row`` numbers (bounded memory).

    Parquet is sliced (Polars reads only the row groups of a slice); CSV and JSON Lines are first
    copied to a Parquet file in ``workdir`` by a plain streaming copy, then sliced. (A streaming
    query's own batches, ``collect_batches``, ran ahead of a slow consumer: 0.76 GiB at 4M rows,
    against 0.33 GiB sliced.)
    """
    raw = _raw_scan(path)
    source = path
    if _format(path, "registry") != "parquet":
        source = workdir / "registry.parquet"
        raw.sink_parquet(source)
    total = pl.scan_parquet(source).select(pl.len()).collect().item()
    for offset in range(0, total, chunk_rows):
        yield _with_row(pl.scan_parquet(source).slice(offset, chunk_rows), offset + 1)


def load_mapping(path: Path | None) -> RegistryMapping:
    """A mapping file (YAML/JSON), or a REDCap data-dictionary export (CSV); none: identity."""
    if path is None:
        return RegistryMapping()
    if not path.exists():
        raise CohortInputError(f"mapping {path}: no such file")
    if path.suffix.lower() == ".csv":
        with path.open(newline="", encoding="utf-8-sig") as handle:
            return mapping_from_redcap(list(csv.DictReader(handle)), source=str(path))
    return mapping_from_data(yaml.safe_load(path.read_text(encoding="utf-8")), source=str(path))


def _instruments(keys: Sequence[str] | None) -> tuple[str, ...]:
    if not keys:
        return COHORT_INSTRUMENTS
    bad = [k for k in keys if k not in COHORT_INSTRUMENTS]
    if bad:
        raise CohortInputError(f"--instruments: {', '.join(bad)} not scored from registries; allowed: "
                               f"{', '.join(COHORT_INSTRUMENTS)}")
    return tuple(keys)


ENGINES = ("polars", "spark")


def _engine(engine: str) -> None:
    if engine not in ENGINES:
        raise CohortInputError(f"--engine: '{engine}' is not allowed; allowed: {', '.join(ENGINES)}")


def scored_registry(path: Path, mapping: Path | None = None, instruments: Sequence[str] | None = None,
                    engine: str = "polars", spark_master: str | None = None) -> pl.LazyFrame:
    """The registry with every instrument's results (lazy; nothing is read yet). Polars only: the
    Spark engine writes its table (:func:`score_file`)."""
    if engine != "polars":
        raise CohortInputError(f"--engine: '{engine}' is not available here; allowed: polars")
    frame = load_mapping(mapping).apply(scan_registry(path))
    return score_registry(frame, _instruments(instruments))


#: Rows scored at a time when a registry is scored into a file.
CHUNK_ROWS = 100_000
STATUSES = ("exact", "range", "unscored", "not_applicable", "error")


@dataclass
class _Tally:
    """What a scoring run saw, counted chunk by chunk as the rows pass."""

    keys: tuple[str, ...]
    rows: int = 0
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    bad: list[dict[str, Any]] = field(default_factory=list)

    def add(self, scored: pl.DataFrame) -> None:
        self.rows += scored.height
        sums = scored.select([(pl.col(result_column(k, "status")) == s).sum().alias(f"{k}|{s}")
                              for k in self.keys for s in STATUSES]).row(0, named=True)
        for name, n in sums.items():
            key, status = name.split("|")
            self.counts.setdefault(key, dict.fromkeys(STATUSES, 0))[status] += int(n)
        if len(self.bad) < MAX_BAD_ROWS:
            rows = scored.filter(pl.col("error").is_not_null()).select(ROW, "error").head(MAX_BAD_ROWS - len(self.bad))
            self.bad.extend({"row": int(r), "error": e} for r, e in rows.iter_rows())


def scored_frame(path: Path, workdir: Path, mapping: Path | None = None, instruments: Sequence[str] | None = None,
                 chunk_rows: int = CHUNK_ROWS, tally: _Tally | None = None) -> pl.LazyFrame:
    """The scored registry as a lazy frame that a streaming sink pulls ``chunk_rows`` rows at a time.

    Each chunk is scored on its own, outside any streaming query, and handed to Polars as an IO
    source: the scoring calls the instruments' readers from Python, and a Python function *inside* a
    streaming query lets the engine buffer batches without bound (measured: a trivial one took
    0.42 GiB at 1M rows and 1.15 GiB at 4M), while a sink pulling from a source stays bounded.
    """
    from polars.io.plugins import register_io_source

    keys = _instruments(instruments)
    table = load_mapping(mapping)
    schema = score_registry(table.apply(scan_registry(path)), keys).collect_schema()  # mapping checked here

    def source(with_columns: list[str] | None, predicate: pl.Expr | None, n_rows: int | None,
               batch_size: int | None) -> Iterator[pl.DataFrame]:
        left = n_rows
        for chunk in registry_chunks(path, workdir, chunk_rows):
            scored = score_registry(table.apply(chunk), keys).collect()
            if tally is not None:
                tally.add(scored)
            if predicate is not None:
                scored = scored.filter(predicate)
            if with_columns is not None:
                scored = scored.select(with_columns)
            if left is not None:
                scored = scored.head(left)
                left -= scored.height
            yield scored
            if left is not None and left <= 0:
                return

    return register_io_source(io_source=source, schema=schema)


def _sink(frame: pl.LazyFrame, output: Path) -> None:
    fmt = _format(output, "output")
    output.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        frame.sink_csv(output)
    elif fmt == "parquet":
        frame.sink_parquet(output)
    else:
        frame.sink_ndjson(output)


@dataclass(frozen=True)
class ScoreSummary:
    rows: int
    bad_rows: tuple[dict[str, Any], ...]
    output: str
    counts: dict[str, dict[str, int]]


def score_file(path: Path | str, output: Path | str, mapping: Path | None = None,
               instruments: Sequence[str] | None = None, engine: str = "polars", spark_master: str | None = None,
               chunk_rows: int = CHUNK_ROWS) -> ScoreSummary:
    """Score a registry file into ``output``, a chunk at a time (memory bounded by a chunk); with
    ``engine="spark"``, on Spark (:mod:`spinemet.service.cohort_spark`: paths may be URLs Spark reads)."""
    keys = _instruments(instruments)
    if engine == "spark":
        from spinemet.service.cohort_spark import score_file_spark

        return score_file_spark(path, output, mapping, keys, spark_master)
    _engine(engine)
    path, output = Path(path), Path(output)
    _format(output, "output")
    output.parent.mkdir(parents=True, exist_ok=True)
    tally = _Tally(keys)
    with tempfile.TemporaryDirectory(dir=output.parent, prefix=".spinemet-score-") as tmp:
        _sink(scored_frame(path, Path(tmp), mapping, keys, chunk_rows, tally), output)
    return ScoreSummary(tally.rows, tuple(tally.bad), str(output), {k: tally.counts.get(k, {}) for k in keys})


#: Patients synthesised at a time (each part drawn with its own seed, ``seed + part``).
SYNTH_CHUNK = 1_000_000


def synth_file(n: int, output: Path, seed: int = 1, chunk: int = SYNTH_CHUNK) -> None:
    """A synthetic registry of ``n`` patients (:mod:`spinemet.cohort.synth`) written to ``output``.

    The parts are drawn one at a time and pulled by a streaming sink, so memory holds one part
    whatever ``n`` is (100 million rows are written with the memory of one million)."""
    from polars.io.plugins import register_io_source

    from spinemet.cohort.synth import synthesise_frame

    if n < 1:
        raise CohortInputError(f"N: {n} is not allowed; allowed: a whole number of patients, 1 or more")
    _format(output, "output")
    output.parent.mkdir(parents=True, exist_ok=True)
    digits = max(7, len(str(n)))

    def part(i: int, start: int) -> pl.DataFrame:
        return synthesise_frame(min(chunk, n - start), seed + i, start + 1, digits)

    schema = part(0, n - 1).schema  # one patient: the columns and their types

    def source(with_columns: list[str] | None, predicate: pl.Expr | None, n_rows: int | None,
               batch_size: int | None) -> Iterator[pl.DataFrame]:
        for i, start in enumerate(range(0, n, chunk)):
            frame = part(i, start)
            yield frame if with_columns is None else frame.select(with_columns)

    _sink(register_io_source(io_source=source, schema=schema), output)


# ---------------------------------------------------------------------- validation
def _time_event(frame: pl.LazyFrame, time: str, event: str) -> pl.LazyFrame:
    names = frame.collect_schema().names()
    for option, column in (("--time", time), ("--event", event)):
        if column not in names:
            raise CohortInputError(f"{option}: the registry has no column '{column}'; its columns: "
                                   f"{', '.join(n for n in names if n != ROW)}")
    schema = frame.collect_schema()
    t = pl.col(time).cast(pl.String).str.strip_chars()
    if schema[time].is_numeric():  # read as it is stored (a NaN is not a time)
        t_value = pl.col(time).cast(pl.Float64)
        t_value = pl.when(t_value.is_nan()).then(None).otherwise(t_value)
    else:
        t_value = t.cast(pl.Float64, strict=False)
    e = pl.col(event).cast(pl.String).str.strip_chars().str.to_lowercase()
    if schema[event].is_integer() or schema[event] == pl.Boolean:
        e_value = lookup(pl.col(event).cast(pl.Int64), {1: 1, 0: 0}, None, pl.Int8())
    else:
        e_value = lookup(e, {"1": 1, "0": 0, "1.0": 1, "0.0": 0, "true": 1, "false": 0}, None, pl.Int8())
    problems = pl.concat_str([
        pl.when(t.is_null()).then(pl.lit(f"{time}: empty; allowed: a time in months, 0 or more"))
        .when(t_value.is_null()).then(pl.concat_str([pl.lit(f"{time}: '"), t, pl.lit("' is not a number of months")]))
        .when(t_value < 0).then(pl.concat_str([pl.lit(f"{time}: '"), t, pl.lit("' is negative; allowed: 0 or more")])),
        pl.when(e_value.is_null()).then(pl.concat_str([pl.lit(f"{event}: '"), e.fill_null(""),
                                                       pl.lit("' is not allowed; allowed: 1 (death), 0 (censored)")])),
    ], separator="; ", ignore_nulls=True)
    return frame.with_columns(__time=t_value, __event=e_value, __time_event_error=pl.when(problems != "").then(problems))


def validate_file(path: Path | str, time: str, event: str, mapping: Path | None = None,
                  instruments: Sequence[str] | None = None, draws: int = 200, seed: int = 1,
                  engine: str = "polars", spark_master: str | None = None,
                  max_sample: int | None = 20_000) -> tuple[dict[str, Any], dict[str, Any]]:
    """The validation report of a registry, and what the HTML pictures need (per instrument: time,
    event and band of its exactly scored patients)."""
    keys = _instruments(instruments)
    _engine(engine)
    if engine == "spark":  # scored on Spark; the survival metrics on the collected columns, here
        from spinemet.service.cohort_spark import validation_columns

        with tempfile.TemporaryDirectory(prefix=".spinemet-validate-") as tmp:
            frame = _time_event(validation_columns(path, mapping, keys, time, event, spark_master, Path(tmp)),
                                time, event)
            return _validated(frame, keys, path, draws, seed, max_sample)
    path = Path(path)
    frame = _time_event(load_mapping(mapping).apply(scan_registry(path)), time, event)
    scored = score_registry(frame, keys, ("status", "total", "min_total", "max_total", "band"))
    return _validated(scored, keys, path, draws, seed, max_sample)


def _validated(scored: pl.LazyFrame, keys: Sequence[str], path: Path | str, draws: int, seed: int,
               max_sample: int | None) -> tuple[dict[str, Any], dict[str, Any]]:
    """The validation of a scored registry (either engine's columns: row, time, event, error, results)."""
    import numpy as np

    from spinemet.cohort.report import curves_of
    from spinemet.cohort.validation import STATUSES, band_keys, validate

    columns = [ROW, "__time", "__event", "__time_event_error", "error",
               *[result_column(k, f) for k in keys for f in ("status", "total", "min_total", "max_total", "band")]]
    status_code = {status: i for i, status in enumerate(STATUSES)}
    coded = [pl.col(result_column(k, "status")).replace_strict(status_code, default=-1, return_dtype=pl.Int8)
             .alias(result_column(k, "status")) for k in keys]
    coded += [pl.col(result_column(k, "band")).replace_strict({b: i for i, b in enumerate(band_keys(k))}, default=-1,
                                                              return_dtype=pl.Int8).alias(result_column(k, "band"))
              for k in keys]
    table = scored.select(columns).with_columns(coded).collect(engine="streaming")
    problem = pl.concat_str([pl.col("__time_event_error"), pl.col("error")], separator="; ", ignore_nulls=True)
    table = table.with_columns(problem.alias("__problem"))
    bad = table.filter(pl.col("__problem") != "").select(ROW, "__problem").head(MAX_BAD_ROWS)
    good = table.filter(pl.col("__time_event_error").is_null())
    t = good["__time"].to_numpy().astype(float)
    e = good["__event"].to_numpy().astype(bool)
    per: dict[str, dict[str, Any]] = {}
    for k in keys:
        per[k] = {f: good[result_column(k, f)].fill_null(0).to_numpy() for f in ("total", "min_total", "max_total")}
        per[k]["status"] = good[result_column(k, "status")].fill_null(-1).to_numpy().astype(np.int64)
        per[k]["band"] = good[result_column(k, "band")].fill_null(-1).to_numpy().astype(np.int64)
    n_bad = int((table["__problem"] != "").sum())
    report = validate(t, e, per, draws=draws, seed=seed, max_sample=max_sample,
                      bad_rows=[{"row": int(r), "error": m} for r, m in bad.iter_rows()], n_rows=table.height)
    report["n_bad_rows"] = n_bad
    report["registry"] = str(path).rstrip("/").rpartition("/")[2]
    return report, {"curves": curves_of(keys, t, e, per)}


def write_report(report: dict[str, Any], extra: dict[str, Any], output: Path) -> list[Path]:
    """The HTML report and its pictures (``<name>_figures/``) beside it; returns every file written."""
    from spinemet.cohort.report import render

    figure_dir = f"{output.stem}_figures"
    page, figures = render(report, extra["curves"], figure_dir,
                           title=f"SpineMet cohort validation: {report.get('registry', '')}")
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(page, encoding="utf-8")
    written = [output]
    (output.parent / figure_dir).mkdir(exist_ok=True)
    for name, png in figures.items():
        target = output.parent / figure_dir / name
        target.write_bytes(png)
        written.append(target)
    return written


def dumps(report: dict[str, Any]) -> str:
    return json.dumps(report, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


__all__ = ["RESULT_FIELDS", "CohortInputError", "dumps", "load_mapping", "score_file", "scored_registry",
           "synth_file", "validate_file", "write_report"]
