"""``spinemet cohort``: registry tables of facts -> every prognostic score -> survival validation.

Heavy libraries (Polars, numpy, matplotlib) are imported inside the commands.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import typer

from spinemet.cli.app import app
from spinemet.cli.output import console, emit_json, fail, friendly_errors

cohort = typer.Typer(help="Registries of facts: every prognostic score, and its survival validation.",
                     no_args_is_help=True)
app.add_typer(cohort, name="cohort")

MAX_SHOWN = 20

@cohort.command("dictionary")
def dictionary_cmd(
    fmt: str = typer.Option("text", "--format", "-f", help="text, csv, redcap (a REDCap data dictionary) or json."),
) -> None:
    """The registry dictionary: every column, its type, unit, allowed values and case field."""
    from spinemet.cohort.dictionary import dictionary_rows, redcap_rows

    if fmt not in ("text", "csv", "redcap", "json"):
        fail(f"--format: '{fmt}' is not allowed; allowed: text, csv, redcap, json")
    rows = redcap_rows() if fmt == "redcap" else dictionary_rows()
    if fmt == "json":
        emit_json(rows)
        return
    if fmt in ("csv", "redcap"):
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        typer.echo(buf.getvalue(), nl=False)
        return
    for r in rows:
        unit = f" [{r['unit']}]" if r["unit"] else ""
        console.print(f"{r['column']}{unit} ({r['type']}): {r['label']}", markup=False)
        console.print(f"    allowed: {r['allowed']}", markup=False)
        console.print(f"    case: {r['case_field']}; feeds: {r['instruments'] or '-'}", markup=False)
        for extra in (r["meaning"], r["classes"]):
            if extra:
                console.print(f"    {extra}", markup=False)


def _engine(engine: str) -> None:
    if engine not in ("polars", "spark"):
        fail(f"--engine: '{engine}' is not allowed; allowed: polars, spark")


FromStore = typer.Option(False, "--from-store", help="The cohort is every case of the case store you may see "
                         "(one row of facts at presentation per case), not a registry file.")
DbOption = typer.Option(None, "--db", "--url", "--database", envvar="SPINEMET_DATABASE_URL",
                        help="With --from-store: the database URL (default ./spinemet.sqlite3): sqlite:///PATH or "
                             "postgresql+psycopg://USER@HOST/DB.")
AsOption = typer.Option("researcher", "--as", help="With --from-store: researcher (de-identified: research ids, "
                        "no dates) or clinician (case ids).")
InstrumentsOption = typer.Option(None, "--instruments", help="Comma-separated keys (default: all).")
SparkMasterOption = typer.Option(None, "--spark-master", help="Spark master URL with --engine spark "
                                 "(default local[2], or the one spark-submit gives).")


def _store_source(registry: str | None, from_store: bool, mapping: Path | None, engine: str) -> None:
    """One source: a registry file, or --from-store (whose rows are already in the dictionary's columns)."""
    if from_store and registry is not None:
        fail("--from-store: give no registry file (the cases of the store are the cohort)")
    if not from_store and registry is None:
        fail("registry: a registry file is needed (or --from-store for the cases of the case store)")
    if from_store and mapping is not None:
        fail("--mapping: not with --from-store (the store's rows are in the dictionary's columns)")
    if from_store and engine != "polars":
        fail(f"--engine: '{engine}' is not available with --from-store; allowed: polars")


def _store_service(db: str | None, role: str) -> tuple[Any, Any]:
    """The service on the database and the command-line actor in ``role``; exit 1 with one plain line."""
    from spinemet.service import Role, system_actor
    from spinemet.service.cohort_store import open_store

    if role not in ("researcher", "clinician"):
        fail(f"--as: '{role}' is not allowed; allowed: researcher, clinician")
    with friendly_errors():
        return open_store(db), system_actor(Role(role))
    raise AssertionError("unreachable")  # pragma: no cover - friendly_errors exits


def _left_out(left: list[tuple[str, str]]) -> None:
    if left:
        console.print(f"  {len(left)} case(s) without follow-up, left out of any survival analysis:", markup=False)
    for case_id, why in left[:MAX_SHOWN]:
        console.print(f"    {case_id}: {why}", markup=False)
    if len(left) > MAX_SHOWN:
        console.print(f"    ... {len(left) - MAX_SHOWN} more", markup=False)


@cohort.command("score")
def score_cmd(
    registry: str | None = typer.Argument(None, help="Registry of facts: CSV, Parquet or JSON Lines (with --engine "
                                          "spark also a URL Spark reads, e.g. hdfs://...)."),
    output: str = typer.Option(..., "--output", "-o", help="Scored table (.csv, .parquet or .jsonl; with --engine "
                               "spark a path ending in / is a directory of Parquet parts)."),
    mapping: Path | None = typer.Option(None, "--mapping", "-m", help="Your column names and codes (YAML/JSON, "
                                        "or a REDCap data-dictionary CSV)."),
    instruments: str | None = InstrumentsOption,
    engine: str = typer.Option("polars", "--engine", help="polars (this machine, streaming) or spark (the same "
                               "declarations as Spark column expressions; needs PySpark and Java 17+)."),
    spark_master: str | None = SparkMasterOption,
    fmt: str = typer.Option("text", "--format", "-f", help="text for people, json for scripts."),
    from_store: bool = FromStore,
    db: str | None = DbOption,
    role: str = AsOption,
) -> None:
    """Score every prognostic instrument for every row of a registry, from its facts (or every stored case,
    --from-store: its facts at presentation, survival from presentation in months)."""
    _engine(engine)
    _store_source(registry, from_store, mapping, engine)
    from spinemet.service import cohort as service

    left: list[tuple[str, str]] = []
    with friendly_errors():
        keys = [k.strip() for k in instruments.split(",")] if instruments else None
        if from_store:
            from spinemet.service import cohort_store

            svc, actor = _store_service(db, role)
            summary, store = cohort_store.score_store(svc, actor, Path(output), keys)
            left = store.no_follow_up
        else:
            assert registry is not None
            # Spark reads and writes URLs (hdfs://...) and directories ('out/'): kept as typed
            summary = (service.score_file(registry, output, mapping, keys, engine, spark_master) if engine == "spark"
                       else service.score_file(Path(registry), Path(output), mapping, keys, engine))
    if fmt == "json":
        out: dict[str, Any] = {"rows": summary.rows, "output": summary.output, "counts": summary.counts,
                               "bad_rows": list(summary.bad_rows)}
        if from_store:
            out["time_unit"] = cohort_store.TIME_UNIT
            out["no_follow_up"] = [{"id": i, "reason": why} for i, why in left]
        emit_json(out)
    else:
        console.print(f"scored {summary.rows} rows; wrote {summary.output}", markup=False)
        if from_store:
            console.print(f"  survival_months: {cohort_store.TIME_UNIT}; death: 1 if a death is recorded",
                          markup=False)
            _left_out(left)
        for key, counts in summary.counts.items():
            console.print(f"  {key}: " + ", ".join(f"{s} {n}" for s, n in counts.items() if n), markup=False)
        for bad in summary.bad_rows[:MAX_SHOWN]:
            console.print(f"  row {bad['row']}: {bad['error']}", markup=False)
        if len(summary.bad_rows) > MAX_SHOWN:
            console.print(f"  ... {len(summary.bad_rows) - MAX_SHOWN} more bad rows (see the 'error' column)",
                          markup=False)
    if summary.bad_rows:
        raise typer.Exit(1)


@cohort.command("synth")
def synth_cmd(
    n: int = typer.Argument(..., help="Number of synthetic patients."),
    output: Path = typer.Option(..., "--output", "-o", help="Registry to write (.csv, .parquet or .jsonl)."),
    seed: int = typer.Option(1, "--seed", help="Random seed (the same seed gives the same registry)."),
) -> None:
    """A synthetic registry with a known truth (stated hazard model; no real patient)."""
    from spinemet.service import cohort as service

    with friendly_errors():
        service.synth_file(n, output, seed)
    console.print(f"wrote {n} synthetic patients to {output} (time: survival_months, event: death)", markup=False)


@cohort.command("validate")
def validate_cmd(
    registry: str | None = typer.Argument(None, help="Registry of facts with survival: CSV, Parquet or JSON Lines."),
    time: str | None = typer.Option(None, "--time", help="Column of follow-up time in months (not with "
                                                         "--from-store: survival is read from the record)."),
    event: str | None = typer.Option(None, "--event", help="Column of the event: 1 death, 0 censored."),
    report: Path | None = typer.Option(None, "--report", help="Write the HTML report (pictures beside it)."),
    mapping: Path | None = typer.Option(None, "--mapping", "-m", help="Your column names and codes."),
    instruments: str | None = InstrumentsOption,
    bootstrap: int = typer.Option(200, "--bootstrap", help="Bootstrap draws for the CIs (0: none)."),
    bootstrap_sample: int = typer.Option(20_000, "--bootstrap-sample",
                                         help="Above this many patients each bootstrap draw resamples this many "
                                              "(m-out-of-n bootstrap, CI rescaled by sqrt(m/n)); 0: always all."),
    seed: int = typer.Option(1, "--seed", help="Seed of the bootstrap."),
    engine: str = typer.Option("polars", "--engine", help="polars or spark (scoring; the survival metrics run "
                               "on the collected time, event and score columns)."),
    spark_master: str | None = SparkMasterOption,
    fmt: str = typer.Option("text", "--format", "-f", help="text for people, json for the documented report."),
    from_store: bool = FromStore,
    db: str | None = DbOption,
    role: str = AsOption,
) -> None:
    """Survival validation of every instrument the registry supports (KM, log-rank, C, AUC, calibration)."""
    _engine(engine)
    _store_source(registry, from_store, mapping, engine)
    if from_store and (time is not None or event is not None):
        fail("--time/--event: not with --from-store (survival is counted from presentation in the record)")
    if not from_store and (time is None or event is None):
        fail("--time and --event: both are needed (the registry's columns of follow-up in months and of death)")
    if fmt not in ("text", "json"):
        fail(f"--format: '{fmt}' is not allowed; allowed: text, json")
    if bootstrap < 0:
        fail(f"--bootstrap: {bootstrap} is not allowed; allowed: 0 or more draws")
    if bootstrap_sample < 0 or 0 < bootstrap_sample < 100:
        fail(f"--bootstrap-sample: {bootstrap_sample} is not allowed; allowed: 0 (resample all patients) or 100 "
             "or more patients")
    from spinemet.service import cohort as service

    with friendly_errors():
        keys = [k.strip() for k in instruments.split(",")] if instruments else None
        if from_store:
            from spinemet.service import cohort_store

            svc, actor = _store_service(db, role)
            result, extra, _ = cohort_store.validate_store(svc, actor, keys, bootstrap, seed, bootstrap_sample or None)
        else:
            assert registry is not None and time is not None and event is not None
            result, extra = service.validate_file(registry if engine == "spark" else Path(registry), time, event,
                                                  mapping, keys, bootstrap, seed, engine,
                                                  spark_master, bootstrap_sample or None)
        written = service.write_report(result, extra, report) if report is not None else []
    if fmt == "json":
        typer.echo(service.dumps(result), nl=False)
    else:
        console.print(f"{result['n']} patients analysed ({result['events']} deaths) of {result['n_rows']} rows; "
                      f"{result['n_bad_rows']} bad rows", markup=False)
        for r in result["instruments"]:
            c = r["harrell_c"]
            ci = f" ({c['ci'][0]:.3f}-{c['ci'][1]:.3f})" if c["ci"] else ""
            est = f"{c['estimate']:.3f}{ci}" if c["estimate"] is not None else "-"
            # no p-value when fewer than two bands hold scored patients: shown as '-', as for C
            lr = r["logrank_p"]
            p = "-" if lr is None else "< 0.001" if lr < 0.001 else f"{lr:.3g}"
            console.print(f"  {r['instrument']}: exact {r['n_exact']}, range {r['n_range']}, unscored "
                          f"{r['n_unscored']}; Harrell's C {est}; log-rank p {p}", markup=False)
        for bad in result["bad_rows"][:MAX_SHOWN]:
            console.print(f"  row {bad['row']}: {bad['error']}", markup=False)
        if from_store:
            console.print(f"  time: {result['time_unit']}", markup=False)
            _left_out([(next(v for k, v in r.items() if k != "reason"), r["reason"]) for r in result["left_out"]])
        if written:
            console.print(f"wrote {written[0]} and {len(written) - 1} pictures", markup=False)
