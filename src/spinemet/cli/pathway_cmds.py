"""Commands for the pathway: ``assess`` (scores + plan on a day), ``rules`` and ``evidence``."""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from spinemet.cli.app import app
from spinemet.cli.output import (
    FormatOption,
    OnOption,
    OutputFormat,
    console,
    emit_json,
    err_console,
    friendly_errors,
    json_line_encoder,
    parse_on,
    report_error,
)
from spinemet.errors import NotFound, SpineMetError, ValidationFailed

if TYPE_CHECKING:
    from spinemet.service import Assessment

_STATUS = {"decided": "DECIDED", "branched": "BRANCHES (one fact decides: see 'decided by')",
           "needs_information": "NEEDS INFORMATION", "not_applicable": "not applicable"}


def _result_line(r: Any) -> str:
    if r.not_applicable is not None:
        # outside its domain an instrument has no score and no range: say so, with the reason
        return f"  {r.name} ({r.instrument}): not applicable - {r.not_applicable}"
    if r.kind.value == "score":
        value = str(r.total) if r.total is not None else f"{r.min_total}-{r.max_total} (range: items unknown)"
    else:
        value = r.category or ("one of: " + ", ".join(r.possible_bands) if r.possible_bands else "unknown")
    band = f" - {r.band.label}" if r.band else ""
    verification = "" if r.verification == "verified" else f"  [{r.verification.upper()}]"
    return f"  {r.name} ({r.instrument}): {value}{band}{verification}"


def _print_assessment(a: Assessment) -> None:
    from spinemet.evidence import BIBLIOGRAPHY

    date = f" ({a.date})" if a.date else ""
    console.print(f"[bold]{a.case.title or a.case.id}[/] - day {a.day}{date}", markup=True)
    console.print("\n[bold]Instruments[/]", markup=True)
    for r in a.instruments:
        console.print(_result_line(r), markup=False)
        for c in r.components:
            # A classifier's components carry no points worth showing (only the answer's rank).
            pts = "" if r.kind.value == "classifier" else ("?; " if c.points is None else f"{c.points}; ")
            console.print(f"      {c.item}: {c.answer or '/'.join(c.candidates) or 'unknown'} ({pts}{c.source})",
                          markup=False)
        if r.missing:
            console.print(f"      missing: {', '.join(r.missing)}", markup=False)
    console.print("\n[bold]Alerts[/]", markup=True)
    if not a.alerts:
        console.print("  none active")
    for al in a.alerts:
        console.print(f"  [{al.severity.value.upper()}] day {al.day}: {al.title}", markup=False)
        console.print(f"      {al.detail}", markup=False)
        if al.reopens:
            console.print(f"      re-opens: {', '.join(al.reopens)}", markup=False)
    console.print("\n[bold]Plan[/]", markup=True)
    for i, rec in enumerate(a.plan.recommendations, 1):
        console.print(f"\n {i}. {rec.rule} ({rec.decision_point}) - {_STATUS[rec.status.value]} "
                      f"[evidence: {rec.evidence_status.value}]", markup=False)
        console.print(f"    {rec.statement}", markup=False)
        if rec.branches:
            console.print(f"    decided by: {'; '.join(rec.branch_on)}", markup=False)
        for branch in rec.branches:
            console.print(f"      if {branch.condition}: {branch.statement} [evidence: {branch.evidence_status.value}]",
                          markup=False)
        for offer in rec.survival_offers:
            console.print(f"      survival offered (not assumed): {offer.name} {offer.reading}: {offer.survival} "
                          f"[{offer.verification}]", markup=False)
        for reason in rec.reasons:
            tail = f"  <{reason.threshold}>" if reason.threshold else ""
            console.print(f"      because: {reason.text}{tail}", markup=False)
        for m in rec.missing:
            console.print(f"      needs: {m}", markup=False)
        for o in rec.options:
            console.print(f"      option: {o}", markup=False)
        for caution in rec.cautions:
            console.print(f"      caution: {caution}", markup=False)
        refs = [BIBLIOGRAPHY[k].short() if k in BIBLIOGRAPHY else k for k in rec.citations]
        for ref in refs:
            console.print(f"      ref: {ref}", markup=False)
    if a.plan.not_applicable:
        console.print("\n[bold]Not applicable today[/]", markup=True)
        for rec in a.plan.not_applicable:
            console.print(f"  {rec.rule}: {rec.statement}", markup=False)
    console.print("\nDecision support only: it informs the team and never replaces clinical judgement.")


class AssessFormat(StrEnum):
    text = "text"
    json = "json"
    jsonl = "jsonl"


def _assess_file(path: Path, on: str | None) -> Assessment:
    """One case file assessed on ``--on`` (default: its last event); errors name the file and field."""
    from spinemet.io.casefile import load_case
    from spinemet.service import offline

    case = load_case(path)
    day, date = offline.day_or_date(parse_on(on))
    try:
        return offline.assess(case, day, date, field="--on")
    except ValidationFailed as exc:
        raise ValidationFailed(exc.problems, str(path)) from None


def _failure(path: Path, exc: SpineMetError | OSError) -> dict[str, Any]:
    if isinstance(exc, ValidationFailed):
        return {"file": str(path), "error": str(exc),
                "problems": [{"location": p.location, "message": p.message} for p in exc.problems]}
    return {"file": str(path), "error": str(exc)}


def _batch_lines(files: list[Path], on: str | None, failed: list[Path]) -> Iterator[str]:
    """One JSON line per case file: ``{"file", "assessment"}``, or ``{"file", "error", "problems"}``
    for a file that cannot be assessed (the batch goes on)."""
    encode = json_line_encoder()
    for path in files:
        try:
            line: dict[str, Any] = {"file": str(path), "assessment": _assess_file(path, on).as_dict()}
        except (SpineMetError, OSError) as exc:
            failed.append(path)
            line = _failure(path, exc)
        yield encode(line)


def _run_batch(files: list[Path], on: str | None) -> None:
    from rich.progress import Progress

    # The objects made before the batch (modules, classes, declarations and their tables) outlive it: frozen
    # out of the collector's generations, the collections a long batch needs do not walk them again (about 3 %
    # of a batch of small cases, measured in process). Thawed after, for a caller that goes on (a test).
    gc.freeze()
    gc.enable()  # paused for a brief command (spinemet.cli.app.main); a batch runs as long as its files
    failed: list[Path] = []
    out = sys.stdout
    show = err_console.is_terminal and len(files) > 1
    try:
        with Progress(console=err_console.rich, disable=not show, transient=True) as progress:
            task = progress.add_task("assessing", total=len(files))
            for line in _batch_lines(files, on, failed):
                out.write(line + "\n")
                progress.advance(task)
        out.flush()
    finally:
        gc.unfreeze()
    if failed:
        err_console.print(f"{len(failed)} of {len(files)} case file(s) could not be assessed", markup=False)
        raise typer.Exit(1)


@app.command("assess")
def assess_cmd(
    case_files: list[Path] = typer.Argument(..., help="Case files (YAML or JSON); several with --format jsonl."),
    on: str | None = OnOption,
    fmt: AssessFormat = typer.Option(
        AssessFormat.text, "--format", "-f",
        help="text for people, json for scripts, jsonl for many files (one line per file; a file that fails "
             "gives a line naming its problems and the batch goes on; a progress bar on a terminal)."),
) -> None:
    """Scores and the explained, cited plan for a case on a day (or for many case files at once)."""
    if fmt is AssessFormat.jsonl:
        _run_batch(case_files, on)
        return
    if len(case_files) > 1:
        err_console.print(f"{len(case_files)} files given: use --format jsonl to assess several at once",
                          markup=False)
        raise typer.Exit(2)
    with friendly_errors():
        try:
            result = _assess_file(case_files[0], on)
        except ValidationFailed as exc:
            if [p.location for p in exc.problems] == ["--on"]:
                err_console.print(f"[bold red]error:[/] --on {exc.problems[0].message}", markup=True)
                raise typer.Exit(1) from None
            report_error(exc)
    if fmt is AssessFormat.json:
        emit_json(result.as_dict())
    else:
        _print_assessment(result)


@app.command("rules")
def rules_cmd(fmt: OutputFormat = FormatOption) -> None:
    """Every pathway rule with its inputs, outputs and sources."""
    from spinemet.evidence import BIBLIOGRAPHY
    from spinemet.service import offline

    RULES = offline.rules()
    if fmt is OutputFormat.json:
        emit_json([r.as_dict() for r in RULES])
        return
    for r in RULES:
        console.print(f"\n[bold]{r.key}[/] ({r.decision_point}) - {r.title} [evidence: {r.evidence_status.value}]",
                      markup=True)
        console.print(f"  {r.summary}", markup=False)
        console.print(f"  applies to: {r.applies_to.disease}", markup=False)
        console.print(f"  inputs: {'; '.join(r.inputs)}", markup=False)
        console.print(f"  outputs: {'; '.join(r.outputs)}", markup=False)
        console.print(f"  pathway.md rules: {', '.join(r.pathway_rules) or '(none; sources below)'}", markup=False)
        for key in r.sources:
            console.print(f"  source: {BIBLIOGRAPHY[key].short() if key in BIBLIOGRAPHY else key}", markup=False)


@app.command("evidence")
def evidence_cmd(
    key: str | None = typer.Argument(None, help="One evidence key (default: the whole bibliography)."),
    fmt: OutputFormat = FormatOption,
) -> None:
    """The bibliography behind every instrument and rule, with its verification status."""
    from spinemet.evidence import cite, references

    with friendly_errors():
        refs = [cite(key)] if key else references()
    if fmt is OutputFormat.json:
        emit_json([r.as_dict() for r in refs] if key is None else refs[0].as_dict())
        return
    for r in refs:
        console.print(f"[bold]{r.key}[/] [{r.status.value}]", markup=True)
        console.print(f"  {r.short()}", markup=False)
        console.print(f"  {r.title}", markup=False)
        if r.note:
            console.print(f"  note: {r.note}", markup=False)


__all__ = ["NotFound", "assess_cmd", "evidence_cmd", "rules_cmd"]
