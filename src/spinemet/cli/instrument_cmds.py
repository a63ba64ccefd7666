"""Commands for the scoring instruments: ``spinemet instruments`` and ``spinemet score``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from spinemet.cli.app import app
from spinemet.cli.output import console, emit_json, fail, friendly_errors

if TYPE_CHECKING:
    import polars as pl

    from spinemet.service import Result

CHUNK_ROWS = 200_000
MAX_ERRORS_SHOWN = 20


@app.command("instruments")
def instruments_cmd(
    fmt: str = typer.Option("text", "--format", "-f", help="text, json or markdown."),
) -> None:
    """List every instrument with its items, answers, points, bands, citation and verification."""
    from spinemet.service import offline

    if fmt == "json":
        emit_json(offline.instrument_catalogue())
    elif fmt == "markdown":
        typer.echo(offline.instrument_markdown(), nl=False)
    elif fmt == "text":
        for inst in offline.declarations():
            flag = "" if inst.verification == "verified" else "  [UNVERIFIED]"
            console.print(f"[bold]{inst.key}[/]  {inst.name} ({inst.kind.value}){flag}", markup=True)
            for item in inst.items:
                answers = ", ".join(f"{a.key}={a.points}" if inst.kind.value == "score" else a.key
                                    for a in item.answers)
                console.print(f"    {item.key}: {answers}", markup=False)
        for key, name, reason in offline.not_implemented():
            console.print(f"[dim]{key}  {name}: not implemented — {reason}[/]", markup=True)
    else:
        fail(f"--format: '{fmt}' is not allowed; allowed: text, json, markdown")


def _parse_assignments(assignments: list[str]) -> dict[str, str]:
    answers: dict[str, str] = {}
    for text in assignments:
        key, sep, value = text.partition("=")
        if not sep or not key.strip():
            fail(f"'{text}' is not an item=answer pair (e.g. pain=mechanical)")
        answers[key.strip()] = value.strip()
    return answers


def _print_result(result: Result) -> None:
    d = result.as_dict()
    if result.kind.value == "score":
        head = (f"total {d['total']}" if d["total"] is not None
                else f"total unknown: {d['min_total']}-{d['max_total']}")
    else:
        head = f"category {d['category']}" if d["category"] is not None else "category unknown"
    band = result.band.label if result.band else "one of " + ", ".join(result.possible_bands)
    console.print(f"[bold]{result.name}[/] ({result.instrument}): {head}; band: {band}", markup=True)
    if result.verification != "verified":
        console.print("[bold yellow]UNVERIFIED:[/] some point values or thresholds were not confirmed against "
                      "the primary source (see docs/instruments.md).", markup=True)
    for c in result.components:
        shown = c.answer if c.answer is not None else "one of " + "/".join(c.candidates)
        pts = "" if c.points is None else f" = {c.points}"
        console.print(f"  {c.item}: {shown}{pts}  ({c.source})", markup=False)
    if result.missing:
        console.print(f"  missing: {', '.join(result.missing)}", markup=False)
    for dec in result.decisions:
        console.print(f"  decision [{dec.key}]: {dec.text}", markup=False)
    cit = result.citation
    ids = ", ".join(f"{k.upper()} {v}" for k, v in cit.items() if k != "key" and v)
    console.print(f"  source: {cit['key']}" + (f" ({ids})" if ids else ""), markup=False)


def _read(path: Path) -> pl.DataFrame:
    import polars as pl

    suffix = path.suffix.lower()
    if not path.exists():
        fail(f"--input: '{path}' does not exist")
    try:
        if suffix == ".csv":
            return pl.read_csv(path, infer_schema=False)
        if suffix == ".parquet":
            return pl.read_parquet(path)
        if suffix in (".jsonl", ".ndjson"):
            return pl.read_ndjson(path)
    except (pl.exceptions.PolarsError, OSError) as exc:
        fail(f"--input: '{path}' could not be read: {exc}")
    fail(f"--input: '{path}' has an unknown extension; allowed: .csv, .parquet, .jsonl, .ndjson")


def _write(frame: pl.DataFrame, path: Path) -> None:
    import polars as pl

    suffix = path.suffix.lower()
    if suffix == ".parquet":
        frame.write_parquet(path)
        return
    if suffix in (".jsonl", ".ndjson"):
        frame.write_ndjson(path)
        return
    if suffix == ".csv":
        lists = [c for c, t in frame.schema.items() if isinstance(t, pl.List)]
        frame.with_columns(pl.col(c).list.join(";") for c in lists).write_csv(path)
        return
    fail(f"--output: '{path}' has an unknown extension; allowed: .csv, .parquet, .jsonl, .ndjson")


def _score_file(key: str, input_path: Path, output_path: Path | None, fmt: str) -> None:
    import polars as pl
    from rich.progress import Progress

    from spinemet.service import offline

    inst = offline.declaration(key)
    frame = _read(input_path)
    parts: list[pl.DataFrame] = []
    errors: list[tuple[int, str]] = []  # (row, message)
    unknown: tuple[str, ...] = ()
    offsets = range(0, max(frame.height, 1), CHUNK_ROWS)
    with Progress(console=console.rich, disable=frame.height <= CHUNK_ROWS, transient=True) as progress:
        task = progress.add_task(f"scoring {inst.key}", total=frame.height)
        for start in offsets:
            res = offline.score_table(key, frame.slice(start, CHUNK_ROWS))
            parts.append(res.frame)
            errors.extend((e.row + start, e.message) for e in res.errors)
            unknown = res.unknown_columns
            progress.advance(task, min(CHUNK_ROWS, frame.height - start))
    out = pl.concat(parts) if parts else frame
    if output_path is not None:
        _write(out, output_path)
    summary: dict[str, Any] = {
        "instrument": inst.key, "rows": frame.height, "scored": frame.height - len(errors),
        "bad_rows": [{"row": row, "error": message} for row, message in errors],
        "passed_through_columns": list(unknown), "output": str(output_path) if output_path else None,
        "verification": inst.verification,
    }
    if fmt == "json":
        emit_json(summary)
    else:
        console.print(f"{inst.key}: scored {summary['scored']} of {frame.height} rows"
                      + (f"; wrote {output_path}" if output_path else ""), markup=False)
        if unknown:
            console.print(f"columns that are not items of {inst.key} were passed through: {', '.join(unknown)}",
                          markup=False)
        for row, message in errors[:MAX_ERRORS_SHOWN]:
            console.print(f"  row {row}: {message}", markup=False)
        if len(errors) > MAX_ERRORS_SHOWN:
            console.print(f"  ... and {len(errors) - MAX_ERRORS_SHOWN} more bad rows (see the 'error' column)",
                          markup=False)
        if output_path is None:
            console.print(out, markup=False)
    if errors:
        raise typer.Exit(1)


@app.command("score")
def score_cmd(
    instrument: str = typer.Argument(..., help="Instrument key, e.g. sins (see `spinemet instruments`)."),
    assignments: list[str] | None = typer.Argument(None, help="item=answer pairs; unknown items may be left out."),
    input_path: Path | None = typer.Option(None, "--input", "-i", help="CSV, Parquet or JSON Lines of answers."),
    output_path: Path | None = typer.Option(None, "--output", "-o", help="Where to write results (.csv/.parquet/.jsonl)."),
    fmt: str = typer.Option("text", "--format", "-f", help="text for people, json for scripts."),
) -> None:
    """Score one patient (item=answer ...) or a whole table (--input FILE --output FILE)."""
    if fmt not in ("text", "json"):
        fail(f"--format: '{fmt}' is not allowed; allowed: text, json")
    from spinemet.service import offline

    with friendly_errors():
        if input_path is not None:
            if assignments:
                fail("give either item=answer pairs or --input, not both")
            _score_file(instrument, input_path, output_path, fmt)
            return
        result = offline.score(instrument, _parse_assignments(assignments or []))
        if fmt == "json":
            emit_json(result.as_dict())
        else:
            _print_result(result)
