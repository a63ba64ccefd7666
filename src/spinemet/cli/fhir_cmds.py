"""``spinemet fhir …``: a case as a FHIR R4 / mCODE bundle and back (issue 18)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from spinemet.cli.app import app
from spinemet.cli.output import (
    FormatOption,
    OutputFormat,
    console,
    emit_json,
    err_console,
    fail,
    friendly_errors,
)

if TYPE_CHECKING:
    from spinemet.service.fhir_export import ScoreDays

fhir_app = typer.Typer(help="FHIR R4 / mCODE: export a case as a FHIR bundle, import a bundle as a case.",
                       no_args_is_help=True)
app.add_typer(fhir_app, name="fhir")


def _case_files(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml", ".json") and p.is_file()))
        elif path.is_file():
            files.append(path)
        else:
            fail(f"{path}: no such case file or directory")
    return files


def _bulk(lines: Iterator[str], total: int, directory: Path) -> None:
    """Write ``lines`` (one bundle each) to DIR/Bundle.ndjson with a progress bar; a bad case stops the
    export with its located message (the file written so far is removed)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    target = directory / "Bundle.ndjson"
    try:
        directory.mkdir(parents=True, exist_ok=True)
        out = target.open("w", encoding="utf-8")
    except OSError as exc:
        fail(f"--bulk {directory}: cannot write ({exc.strerror or exc})")
    n = 0
    try:
        with out, Progress(TextColumn("exporting"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                           console=err_console.rich, transient=True, disable=not err_console.is_terminal) as progress:
            task = progress.add_task("export", total=total)
            with friendly_errors():
                for line in lines:
                    out.write(line)
                    n += 1
                    progress.advance(task)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    console.print(f"wrote {target} ({n} bundles, one per line)", markup=False)


def _file_lines(files: list[Path], scores: bool, score_days: ScoreDays) -> Iterator[str]:
    from spinemet.io.casefile import load_case
    from spinemet.service.fhir_export import ndjson_lines

    for path in files:
        yield from ndjson_lines([load_case(path)], scores=scores, score_days=score_days)


def _score_days(value: str, scores: bool) -> ScoreDays:
    """The ``--score-days`` value, checked (a plain message naming what is allowed)."""
    from spinemet.service.fhir_export import SCORE_DAYS

    for allowed in SCORE_DAYS:
        if value == allowed:
            if allowed != "last" and not scores:
                fail(f"--score-days {value}: needs the instrument results; leave out --no-scores")
            return allowed
    fail(f"--score-days {value!r}: allowed are {', '.join(SCORE_DAYS)}")


@fhir_app.command("export")
def fhir_export_cmd(
    case_files: list[Path] = typer.Argument(None, help="The case file (YAML or JSON); with --bulk, case files "
                                                       "and directories of case files."),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Write the bundle to this file (JSON). Default: standard output."),
    bulk: Path | None = typer.Option(
        None, "--bulk", help="Write one bundle per case to DIR/Bundle.ndjson (FHIR bulk-data NDJSON)."),
    scores: bool = typer.Option(True, "--scores/--no-scores",
                                help="Include the instrument results (the assessment on the last day)."),
    score_days: str = typer.Option(
        "last", "--score-days", metavar="last|decision-points",
        help="Whose instrument results: the last day's (default), or also each decision point's (the days the "
             "case report assesses: a treatment decided or given; one assessment per day, slower in bulk)."),
    store: bool = typer.Option(False, "--store", help="With --bulk: every case of the database instead of files."),
    researcher: bool = typer.Option(False, "--researcher",
                                    help="With --store: the researcher's bundles (de-identified cases, research ids)."),
    db: str | None = typer.Option(None, "--db", "--url", envvar="SPINEMET_DATABASE_URL",
                                  help="With --store: the database URL (default ./spinemet.sqlite3)."),
) -> None:
    """Export a case as a FHIR R4 Bundle (collection) following mCODE: the patient, the primary cancer,
    one secondary cancer condition per involved vertebra (SNOMED CT), every event (imaging findings,
    procedures, radiotherapy course summaries, medications, outcomes), disease status and the
    instrument results as coded Observations. The bundle imports back to the same case
    (spinemet fhir import). docs/fhir.md lists the mapping."""
    from spinemet.io.casefile import load_case
    from spinemet.service.fhir_export import export_bundle

    case_files = case_files or []
    days = _score_days(score_days, scores)
    if bulk is not None:
        if output is not None:
            fail("--output and --bulk: give one of them (--bulk writes DIR/Bundle.ndjson)")
        if store:
            if case_files:
                fail("--store: give no case files (every case of the database is exported)")
            _bulk_store(bulk, db, researcher, days)
            return
        files = _case_files(case_files)
        _bulk(_file_lines(files, scores, days), len(files), bulk)
        return
    if store or researcher:
        fail("--store and --researcher: only with --bulk DIR")
    if len(case_files) != 1:
        fail(f"case file: one is needed without --bulk (got {len(case_files)}); use --bulk DIR for many")
    case_file = case_files[0]
    with friendly_errors():
        if not case_file.is_file():
            fail(f"{case_file}: no such case file")
        bundle = export_bundle(load_case(case_file), scores=scores, score_days=days)
    _write_bundle(bundle, output, "resources")


def _bulk_store(directory: Path, db: str | None, researcher: bool, score_days: ScoreDays) -> None:
    from spinemet.service import Role, Service, system_actor
    from spinemet.service.fhir_export import stored_case_ids, stored_ndjson_lines
    from spinemet.service.settings import existing_store_settings

    with friendly_errors():
        service = Service.open(existing_store_settings(db, "--db"))
    try:
        actor = system_actor(Role.researcher if researcher else Role.clinician)
        with friendly_errors():
            ids = stored_case_ids(service, actor)
        _bulk(stored_ndjson_lines(service, actor, ids, score_days), len(ids), directory)
    finally:
        service.close()


def _write_bundle(bundle: dict[str, Any], output: Path | None, entries: str) -> None:
    """A bundle as indented JSON to ``output`` (standard output when None), saying how many ``entries``."""
    text = json.dumps(bundle, indent=2, ensure_ascii=False) + "\n"
    if output is None:
        typer.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        fail(f"--output {output}: cannot write ({exc.strerror or exc})")
    console.print(f"wrote {output} ({len(bundle['entry'])} {entries})", markup=False)


@fhir_app.command("codesystems")
def fhir_codesystems_cmd(
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to this file. Default: standard output."),
) -> None:
    """SpineMet's own CodeSystems (event types, the case file's vocabulary, instruments with their items,
    answers and bands) as FHIR R4 CodeSystem resources in one bundle: every SpineMet code an exported
    bundle carries is a concept of one of them."""
    from spinemet.service.fhir_export import code_systems_bundle

    bundle = code_systems_bundle()
    _write_bundle(bundle, output, "code systems")


@fhir_app.command("import")
def fhir_import_cmd(
    bundle_file: Path = typer.Argument(..., help="A FHIR R4 Bundle (JSON): SpineMet's, or another system's."),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Write the case file here (.json for JSON, else YAML). Default: standard output."),
    fmt: OutputFormat = FormatOption,
) -> None:
    """Read a FHIR bundle into a case file. A SpineMet bundle reads back field for field; other systems'
    mCODE resources are mapped where SpineMet has the field. Lists what was mapped and, resource by
    resource, what was not (on standard error, or in the JSON with --format json)."""
    from spinemet.io.casefile import dumps_case
    from spinemet.service.fhir_import import read_bundle_text

    with friendly_errors():
        if not bundle_file.is_file():
            fail(f"{bundle_file}: no such bundle file")
        try:
            text = bundle_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            fail(f"{bundle_file}: cannot read as UTF-8 text ({exc})")
        case, report = read_bundle_text(text, str(bundle_file))
    case_fmt = "json" if output is not None and output.suffix == ".json" else "yaml"
    case_text = dumps_case(case, case_fmt)
    if output is not None:
        try:
            output.write_text(case_text, encoding="utf-8")
        except OSError as exc:
            fail(f"--output {output}: cannot write ({exc.strerror or exc})")
    if fmt is OutputFormat.json:
        emit_json({"case": json.loads(dumps_case(case, "json")), "report": report})
        return
    if output is None:
        typer.echo(case_text, nl=False)
    target = err_console if output is None else console
    if output is not None:
        target.print(f"wrote {output} (case '{case.id}', {len(case.timeline)} events)", markup=False)
    target.print(f"mapped: {len(report['mapped'])} resources; recomputed (derived): {len(report['derived'])}; "
                 f"not mapped: {len(report['not_mapped'])}", markup=False)
    for item in report["not_mapped"]:
        target.print(f"  not mapped: {item['entry']} {item['resource']}: {item['reason']}", markup=False)
    for note in report["notes"]:
        target.print(f"  note: {note}", markup=False)
