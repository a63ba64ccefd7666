"""Commands on case files: ``schema``, ``validate``, ``show``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.markup import escape

from spinemet.cli.app import app
from spinemet.cli.output import (
    FormatOption,
    OnOption,
    OutputFormat,
    console,
    emit_json,
    err_console,
    friendly_errors,
    resolve_on,
)
from spinemet.errors import ValidationFailed

if TYPE_CHECKING:
    from spinemet.case import Case, Dated, Snapshot
    from spinemet.case.events import EventBase

@app.command("schema")
def schema_cmd(
    output: str = typer.Option(
        "case", "--output", "-o",
        help="Which schema: case (a case file, the default) or a published output: assessment, plan, "
             "result (one instrument), course, instrument (a declaration)."),
) -> None:
    """Print a JSON Schema: of a case file (YAML or JSON), or of an output SpineMet publishes."""
    from spinemet.service.schemas import schema

    with friendly_errors():
        emit_json(schema(output))


@app.command("validate")
def validate_cmd(
    files: list[Path] = typer.Argument(..., help="Case files (.yaml, .yml, .json) to check."),
    fmt: OutputFormat = FormatOption,
) -> None:
    """Check case files and report every problem with its location; exit 1 if any file is invalid."""
    from spinemet.io.casefile import load_case

    results: list[dict[str, Any]] = []
    for path in files:
        try:
            case = load_case(path)
            results.append({"file": str(path), "valid": True, "case_id": case.id, "events": len(case.timeline)})
        except ValidationFailed as exc:
            results.append(
                {
                    "file": str(path),
                    "valid": False,
                    "problems": [{"location": p.location, "message": p.message} for p in exc.problems],
                }
            )
    if fmt is OutputFormat.json:
        emit_json(results)
    else:
        for r in results:
            if r["valid"]:
                console.print(f"[green]ok[/]      {r['file']}  (case {r['case_id']}, {r['events']} events)")
            else:
                err_console.print(f"[bold red]invalid[/] {r['file']}: {len(r['problems'])} problem(s)")
                for p in r["problems"]:
                    where = f"{p['location']}: " if p["location"] else ""
                    err_console.print(f"  {where}{p['message']}", markup=False)
    if not all(r["valid"] for r in results):
        raise typer.Exit(1)


def _iso(date: dt.date | None) -> str | None:
    return date.isoformat() if date else None


def _event_line(day: int, event: EventBase, case: Case) -> str:
    if not event.is_exactly_dated:
        # dated by a range or by order only: say so, never print the placement day as if known
        return f"{case.when_text(event)}  {type(event).model_fields['type'].default:<17} {describe_event(event)}"
    date = case.date_of_day(day)
    when = f"day {day:>4}" + (f" ({date.isoformat()})" if date else "")
    return f"{when}  {type(event).model_fields['type'].default:<17} {describe_event(event)}"


def describe_event(event: EventBase) -> str:
    """A one-line human summary of an event: its known facts, never the unknown ones."""
    data = event.model_dump(mode="json", exclude_none=True, exclude={"type", "day", "date", "id", "timing_note"})
    parts: list[str] = []
    for key, value in data.items():
        if key == "findings":
            for f in value:
                # a finding names a level, a span, a region, diffuse disease, or no place (case-file v2)
                place = f.get("level") or f.get("span") or f.get("region") or ("diffuse" if f.get("diffuse") else "place not stated")
                facts = ", ".join(f"{k}={v}" for k, v in f.items() if k not in ("level", "span", "region", "note"))
                parts.append(f"{place}: {facts or 'finding'}")
        elif key == "note":
            continue
        elif isinstance(value, list):
            parts.append(f"{key}={'+'.join(str(v) for v in value)}")
        elif isinstance(value, dict):
            parts.append(f"{key}=" + ",".join(f"{k}:{v}" for k, v in value.items()))
        else:
            parts.append(f"{key}={value}")
    return "; ".join(parts) or (event.note or "")


def snapshot_as_dict(snap: Snapshot) -> dict[str, Any]:
    """A JSON view of the snapshot: each known observation with the day it was observed."""

    def dated(d: Dated[Any] | None) -> dict[str, Any] | None:
        if d is None:
            return None
        value = d.value.model_dump(mode="json", exclude_none=True) if hasattr(d.value, "model_dump") else d.value
        return {"day": d.day, "value": value}

    return {
        "case_id": snap.case_id,
        "day": snap.day,
        "primary": snap.primary.model_dump(mode="json", exclude_none=True),
        "index_level": str(snap.index_level) if snap.index_level else None,
        "findings": {str(lvl): dated(f) for lvl, f in sorted(snap.findings.items())},
        "neuro": dated(snap.neuro),
        "kps": dated(snap.kps),
        "ecog": dated(snap.ecog),
        "pain": dated(snap.pain),
        "labs": {
            a.value: {"day": d.day, "value": d.value.canonical_value, "unit": d.value.canonical_unit,
                      "as_recorded": f"{d.value.value:g} {d.value.unit}"}
            for a, d in snap.labs.items()
        },
        "disease_burden": dated(snap.burden),
        "fitness": dated(snap.fitness),
        "histopathology": dated(snap.histopathology),
        "treatments": [dated(t) for t in snap.treatments],
        "decisions": [dated(d) for d in snap.decisions],
        "dead": snap.death_day is not None,
    }


def _print_snapshot(snap: Snapshot) -> None:
    console.print(f"\n[bold]Snapshot on day {snap.day}[/]  (latest value of each observation up to that day)")
    p = snap.primary
    console.print(f"  primary        {p.site.value}" + (f" — {snap.histology}" if snap.histology else ""))
    if not snap.findings:
        console.print("  imaging        unknown (no imaging recorded yet)")
    for lvl, f in sorted(snap.findings.items()):
        facts = f.value.model_dump(mode="json", exclude_none=True, exclude={"level", "note"})
        shown = ", ".join(f"{k}={v}" for k, v in facts.items()) or "lesion recorded"
        console.print(f"  {lvl!s:<14} {shown}  [dim](day {f.day})[/]")
    neuro = snap.neuro.value.model_dump(mode="json", exclude_none=True, exclude={"type", "day", "date", "id",
                                                                                  "timing_note", "note"}) if snap.neuro else None
    console.print(f"  neurology      {neuro if neuro else 'unknown'}" + (f"  [dim](day {snap.neuro.day})[/]" if snap.neuro else ""))
    console.print(f"  KPS            {snap.kps.value if snap.kps else 'unknown'}")
    console.print(f"  ECOG           {snap.ecog.value if snap.ecog else 'unknown'}")
    console.print(f"  pain           {describe_event(snap.pain.value) if snap.pain else 'unknown'}")
    for analyte, d in snap.labs.items():
        console.print(f"  {analyte.value:<14} {d.value.canonical_value:.3g} {d.value.canonical_unit}")
    console.print(f"  burden         {describe_event(snap.burden.value) if snap.burden else 'unknown'}")
    if snap.treatments:
        console.print("  treatments so far:")
        for t in snap.treatments:
            when = f"day {t.day:>4}" if t.interval is None else str(t.interval)
            console.print(f"    {when}  {t.value.type}: {describe_event(t.value)}")
    else:
        console.print("  treatments so far: none recorded")


@app.command("show")
def show_cmd(
    file: Path = typer.Argument(..., help="A case file (.yaml, .yml, .json)."),
    on: str | None = OnOption,
    fmt: OutputFormat = FormatOption,
) -> None:
    """Print a case's timeline and its snapshot on a day (default: the day of the last event)."""
    from spinemet.io.casefile import load_case
    from spinemet.service import offline

    with friendly_errors():
        case = load_case(file)
        day = resolve_on(case, on)
        snap = offline.snapshot_on(case, day)
    if fmt is OutputFormat.json:
        emit_json(
            {
                "case": case.model_dump(mode="json", exclude_none=True),
                "timeline": [
                    {"day": d, "date": _iso(case.date_of_day(d)),
                     **e.model_dump(mode="json", exclude_none=True, exclude={"day", "date"})}
                    for d, e in case.ordered_events()
                ],
                "snapshot": snapshot_as_dict(snap),
            }
        )
        return
    title = f" — {case.title}" if case.title else ""
    console.print(f"[bold]Case {case.id}[/]{title}")
    if case.synthetic:
        console.print("[yellow]Synthetic case (invented for teaching and testing).[/]")
    if case.source and case.source.citation:
        console.print(f"[dim]Source: {case.source.citation.strip()}[/]")
    console.print("\n[bold]Timeline[/]")
    for d, event in case.ordered_events():
        marker = "" if d <= day else "  [dim](after the snapshot day)[/]"
        console.print(escape(_event_line(d, event, case)) + marker)
    _print_snapshot(snap)
