"""Commands for the pathway: ``assess`` (scores + plan on a day), ``rules`` and ``evidence``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from spinemet.cli.app import app
from spinemet.cli.output import (
    FormatOption,
    OnOption,
    OutputFormat,
    console,
    emit_json,
    friendly_errors,
    parse_on,
)
from spinemet.errors import NotFound

_STATUS = {"decided": "DECIDED", "needs_information": "NEEDS INFORMATION", "not_applicable": "not applicable"}


def _result_line(r: Any) -> str:
    if r.kind.value == "score":
        value = str(r.total) if r.total is not None else f"{r.min_total}-{r.max_total} (range: items unknown)"
    else:
        value = r.category or ("one of: " + ", ".join(r.possible_bands) if r.possible_bands else "unknown")
    band = f" - {r.band.label}" if r.band else ""
    verification = "" if r.verification == "verified" else f"  [{r.verification.upper()}]"
    return f"  {r.name} ({r.instrument}): {value}{band}{verification}"


def _print_assessment(a: Any) -> None:
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
        console.print("  none active" + ("" if a.course_available else " (course analysis not available)"))
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
        for reason in rec.reasons:
            tail = f"  <{reason.threshold}>" if reason.threshold else ""
            console.print(f"      because: {reason.text}{tail}", markup=False)
        for m in rec.missing:
            console.print(f"      needs: {m}", markup=False)
        for o in rec.options:
            console.print(f"      option: {o}", markup=False)
        for c in rec.cautions:
            console.print(f"      caution: {c}", markup=False)
        refs = [BIBLIOGRAPHY[k].short() if k in BIBLIOGRAPHY else k for k in rec.citations]
        for ref in refs:
            console.print(f"      ref: {ref}", markup=False)
    if a.plan.not_applicable:
        console.print("\n[bold]Not applicable today[/]", markup=True)
        for rec in a.plan.not_applicable:
            console.print(f"  {rec.rule}: {rec.statement}", markup=False)
    console.print("\nDecision support only: it informs the team and never replaces clinical judgement.")


@app.command("assess")
def assess_cmd(
    case_file: Path = typer.Argument(..., help="Case file (YAML or JSON)."),
    on: str | None = OnOption,
    fmt: OutputFormat = FormatOption,
) -> None:
    """Scores and the explained, cited plan for a case on a day."""
    from spinemet.assessment import assess
    from spinemet.io.casefile import load_case

    with friendly_errors():
        case = load_case(case_file)
        result = assess(case, parse_on(on))
    if fmt is OutputFormat.json:
        emit_json(result.as_dict())
    else:
        _print_assessment(result)


@app.command("rules")
def rules_cmd(fmt: OutputFormat = FormatOption) -> None:
    """Every pathway rule with its inputs, outputs and sources."""
    from spinemet.evidence import BIBLIOGRAPHY
    from spinemet.pathway import RULES

    if fmt is OutputFormat.json:
        emit_json([r.as_dict() for r in RULES])
        return
    for r in RULES:
        console.print(f"\n[bold]{r.key}[/] ({r.decision_point}) - {r.title} [evidence: {r.evidence_status.value}]",
                      markup=True)
        console.print(f"  {r.summary}", markup=False)
        console.print(f"  inputs: {'; '.join(r.inputs)}", markup=False)
        console.print(f"  outputs: {'; '.join(r.outputs)}", markup=False)
        console.print(f"  pathway.md rules: {', '.join(r.pathway_rules)}", markup=False)
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
