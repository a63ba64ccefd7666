"""Commands that follow the course: ``course`` (timeline, derived events, alerts, plot) and
``demo`` (the bundled story case replayed from presentation to final follow-up)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.markup import escape

from spinemet.cli.app import app
from spinemet.cli.case_cmds import describe_event as _describe
from spinemet.cli.output import FormatOption, OutputFormat, console, emit_json, friendly_errors

if TYPE_CHECKING:
    from spinemet.case import Case
    from spinemet.service import Alert, Assessment, CourseAnalysis, Result
    from spinemet.service.demo import Replay

DEFAULT_DEMO_PLOT = "spinemet-demo-course.png"
_SEVERITY_STYLE = {"urgent": "bold red", "warning": "yellow", "info": "cyan"}


def timeline_rows(case: Case) -> list[dict[str, Any]]:
    return [
        {"day": day, "id": e.id, "type": e.type, "summary": _describe(e), "timing_note": e.timing_note}
        for day, e in case.ordered_events()
    ]


def _cite(keys: tuple[str, ...]) -> str:
    return ", ".join(keys) if keys else "—"


def _print_alert(alert: Alert, new: bool = True) -> None:
    style = _SEVERITY_STYLE[alert.severity.value]
    tag = "ALERT" if new else "still active"
    console.print(f"    [{style}]⚠ {tag} ({alert.severity.value})[/] {escape(alert.title)}")
    console.print(f"        {escape(alert.detail)}", style="dim")
    reopens = ", ".join(alert.reopens) or "—"
    console.print(
        f"        re-opens: [bold]{escape(reopens)}[/] · evidence: {alert.evidence_status.value} · "
        f"sources: {escape(_cite(alert.citations))}"
    )


def print_course(case: Case, analysis: CourseAnalysis) -> None:
    """The readable course: timeline with derived events and alerts under their day, then summaries."""
    console.print(f"[bold]Course of {escape(case.id)}[/] — {escape(case.title or '')}")
    console.print(f"days {analysis.first_day} to {analysis.last_day}; day 0 = index date" + (f" ({case.index_date})" if case.index_date else ""))
    days = sorted({d for d, _ in case.ordered_events()} | {e.day for e in analysis.events} | {a.day for a in analysis.alerts})
    events_by_day = case.ordered_events()
    for day in days:
        console.print(f"\n[bold]day {day}[/]")
        for d, event in events_by_day:
            if d == day:
                console.print(f"  {event.type:<18} {escape(_describe(event))}")
                if event.timing_note:
                    console.print(f"  {'':<18} [dim]timing: {escape(event.timing_note)}[/]")
        for e in analysis.events_on(day):
            console.print(f"  [magenta]→ {escape(e.title)}[/]  [dim]({e.certainty}; {e.evidence_status.value})[/]")
            console.print(f"      {escape(e.detail)}", style="dim")
        for a in analysis.alerts:
            if a.day == day:
                _print_alert(a)
    console.print("\n[bold]Local control[/] (per level, per treatment; 'cannot assess' = no follow-up imaging)")
    for la in analysis.local:
        when = f", day {la.event_day} ({la.timing}, {la.interval_days} days)" if la.event_day is not None else ""
        console.print(f"  {la.level} ({la.relation}) after {la.intervention}: [bold]{la.status.value}[/]{when} — {escape('; '.join(la.basis))}")
    if not analysis.local:
        # local control is judged per vertebral level: a treatment recorded by region only (e.g. the conus)
        # or none at all both leave nothing to judge, and the words must not claim there was no treatment
        console.print("  no local treatment at a recorded vertebral level (local control is judged per level)")
    if analysis.responses:
        console.print("\n[bold]Response[/] (MDA bone categories; SPINO local control; epidural ESCC trend)")
        for r in analysis.responses:
            console.print(
                f"  day {r.day} {r.level} after {r.intervention}: MDA {r.mda or 'cannot assess'}; "
                f"SPINO {r.spino or '—'}; epidural {r.epidural.value}"
                + (f" [dim]({escape('; '.join(r.cautions))})[/]" if r.cautions else "")
            )
    if analysis.pain:
        console.print("\n[bold]Pain response[/] (international consensus, Chow 2012; unverified)")
        for p in analysis.pain:
            console.print(f"  day {p.day} after {p.intervention}: {p.category or ' or '.join(p.possible)} — {escape('; '.join(p.basis))}")
    if analysis.neuro:
        console.print("\n[bold]Neurological trajectory[/] (SCORAD ambulatory grade 1-4; a range when inputs are unknown)")
        for n in analysis.neuro:
            grade = "–".join(map(str, (min(n.scorad), max(n.scorad)))) if len(n.scorad) > 1 else (str(n.scorad[0]) if n.scorad else "unknown")
            change = f"; {n.change.trend.value} vs day {n.change.before_day}" if n.change else ""
            console.print(f"  day {n.day}: SCORAD {grade}{change}")
    for rehab in analysis.rehabilitation:
        trend = rehab.change.trend.value if rehab.change else "not measured"
        said = f" — {escape(rehab.outcome)}" if rehab.outcome else ""
        console.print(f"\n[bold]Rehabilitation[/] from day {rehab.day}: {trend}{said}")
    console.print("\n[dim]Thresholds: " + "; ".join(f"{t['name']}={t['value']:g} ({t['status']})" for t in analysis.thresholds) + "[/]")


@app.command("course")
def course_cmd(
    case_file: Path = typer.Argument(..., help="Case file (.yaml, .yml, .json)."),
    fmt: OutputFormat = FormatOption,
    plot: Path | None = typer.Option(None, "--plot", help="Also draw the course to FILE.png or FILE.svg."),
    early_days: int | None = typer.Option(
        None, "--early-days", min=1, help="Days after an intervention within which a recurrence is 'early' (default 90, derived)."
    ),
) -> None:
    """The course of a case: timeline with derived events (recurrence, response, recovery) and alerts."""
    from spinemet.io.casefile import load_case
    from spinemet.service import offline

    with friendly_errors():
        case = load_case(case_file)
        analysis = offline.course(case, early_days)
        written = None
        if plot is not None:
            from spinemet.report.course_plot import write_course_plot

            written = write_course_plot(case, analysis, plot)
    if fmt is OutputFormat.json:
        emit_json({"case_id": case.id, "timeline": timeline_rows(case), **analysis.as_dict(), "plot": str(written) if written else None})
        return
    print_course(case, analysis)
    if written:
        console.print(f"\nplot written to [bold]{escape(str(written))}[/]")


# ---------------------------------------------------------------- demo


def story_case() -> Case:
    """The bundled story case (package data, so it is found when installed, not only in a checkout)."""
    from spinemet.service.demo import story_case as bundled

    return bundled()


def _scores(results: tuple[Result, ...]) -> list[dict[str, Any]]:
    rows = []
    for r in results:
        if r.kind.value == "score":
            value = str(r.total) if r.total is not None else f"{r.min_total}–{r.max_total} (range)"
        else:
            value = r.category or " or ".join(r.possible_bands) or "unknown"
        band = r.band.as_dict().get("label") if r.band else (" / ".join(r.possible_bands) if r.possible_bands else None)
        rows.append({"instrument": r.instrument, "name": r.name, "value": value, "band": band, "missing": list(r.missing)})
    return rows


def _step_title(case: Case, day: int, first: int, last: int, analysis: CourseAnalysis) -> str:
    types = [e.type for d, e in case.ordered_events() if d == day]
    if day == first:
        return "presentation"
    if day == last:
        return "final follow-up"
    if any(a.day == day for a in analysis.alerts):
        return "alert: " + ", ".join(sorted({a.key.replace("_", " ") for a in analysis.alerts if a.day == day}))
    return ", ".join(dict.fromkeys(t.replace("_", " ") for t in types))


def _step(replay: Replay, a: Assessment, rows: list[dict[str, Any]]) -> dict[str, Any]:
    from spinemet.service.demo import snapshot_lines

    analysis, days = replay.course, replay.days
    return {
        "day": a.day,
        "title": _step_title(replay.case, a.day, days[0], days[-1], analysis),
        "events": [r for r in rows if r["day"] == a.day],
        "snapshot": snapshot_lines(a.snapshot),
        "scores": _scores(a.instruments),
        "plan": a.plan.as_dict(),
        "alerts": [al.as_dict() for al in analysis.alerts_on(a.day)],
        "new_alerts": [al.key for al in analysis.alerts if al.day == a.day],
        "course_events": [e.as_dict() for e in analysis.events_on(a.day)],
    }


def demo_steps(replay: Replay) -> list[dict[str, Any]]:
    """One step per dated moment of the story: snapshot, scores, plan, alerts, derived events."""
    rows = timeline_rows(replay.case)
    return [_step(replay, a, rows) for a in replay.assessments]


def _print_scores(scores: list[dict[str, Any]], previous: dict[str, str]) -> None:
    changed = [s for s in scores if previous.get(s["instrument"]) != f"{s['value']}|{s['band']}"]
    if not changed:
        console.print("  [dim]scores: unchanged since the previous step[/]")
        return
    console.print("  [bold]Scores[/] (unknown items give ranges):")
    for s in changed:
        band = f" → {s['band']}" if s["band"] else ""
        missing = f" [dim](unknown: {', '.join(s['missing'][:4])}{'…' if len(s['missing']) > 4 else ''})[/]" if s["missing"] else ""
        console.print(f"    {escape(s['name'])}: {escape(str(s['value']))}{escape(band)}{missing}")
        previous[s["instrument"]] = f"{s['value']}|{s['band']}"


def _print_plan(plan: dict[str, Any]) -> None:
    recs = [r for r in plan.get("recommendations", []) if r.get("status") != "not_applicable"]
    if not recs:
        console.print("  [dim]plan: no applicable recommendation[/]")
        return
    console.print("  [bold]Plan[/]:")
    for r in recs:
        status = "" if r.get("status") == "decided" else f" [yellow]({r.get('status', '').replace('_', ' ')})[/]"
        console.print(f"    • [bold]{escape(str(r.get('rule')))}[/]{status}: {escape(str(r.get('statement', '')))}")
        for reason in r.get("reasons", [])[:3]:
            console.print(f"        because {escape(str(reason.get('text', reason)))}", style="dim")
        if r.get("missing"):
            console.print(f"        needs: {escape(', '.join(map(str, r['missing'])))}", style="dim")
        if r.get("citations"):
            console.print(f"        sources: {escape(', '.join(r['citations']))} · evidence: {r.get('evidence_status')}", style="dim")


@app.command("demo")
def demo_cmd(
    plot: Path = typer.Option(Path(DEFAULT_DEMO_PLOT), "--plot", help="Where to write the course picture (.png or .svg)."),
    no_plot: bool = typer.Option(False, "--no-plot", help="Do not draw the picture."),
    fmt: OutputFormat = FormatOption,
) -> None:
    """Replay the bundled story case (lung NET at T6, early recurrence, chemo-radiotherapy, recovery)."""
    from spinemet.evidence import BIBLIOGRAPHY
    from spinemet.service.demo import outcome as story_outcome
    from spinemet.service.demo import replay

    with friendly_errors():
        replayed = replay(story_case())
        case, analysis = replayed.case, replayed.course
        steps = demo_steps(replayed)
        outcome = story_outcome(case, analysis)
        written = None
        if not no_plot:
            from spinemet.report.course_plot import write_course_plot

            written = write_course_plot(case, analysis, plot)
    if fmt is OutputFormat.json:
        emit_json({"case_id": case.id, "steps": steps, "outcome": outcome, "alerts": [a.as_dict() for a in analysis.alerts], "plot": str(written) if written else None})
        return
    source = case.source
    console.print(f"[bold]SpineMet demo — {escape(case.title or case.id)}[/]")
    if source and source.citation:
        console.print(f"[dim]{escape(source.citation)} (PMID {source.pmid}). Only the abstract's facts; everything else is unknown.[/]")
    console.print("[dim]Decision support for clinicians; it never replaces clinical judgement.[/]")
    previous: dict[str, str] = {}
    for step in steps:
        console.rule(f"[bold]Day {step['day']} — {escape(step['title'])}")
        for row in step["events"]:
            note = f" [dim](timing: {escape(row['timing_note'])})[/]" if row["timing_note"] else ""
            console.print(f"  {row['type']:<18} {escape(row['summary'])}{note}")
        console.print("  [bold]Snapshot[/]: " + escape("; ".join(step["snapshot"])))
        _print_scores(step["scores"], previous)
        _print_plan(step["plan"])
        for e in step["course_events"]:
            console.print(f"  [magenta]→ {escape(e['title'])}[/]")
        for a in analysis.alerts_on(step["day"]):
            _print_alert(a, new=a.day == step["day"])
    console.rule("[bold]Outcome")
    change = outcome["neuro_change"]
    if change:
        console.print(
            f"  Neurological status on day {change['after_day']} versus day {change['before_day']}: "
            f"[bold]{change['trend']}[/] ({escape('; '.join(change['reasons']))})"
        )
    if outcome["final_scorad"]:
        console.print(f"  SCORAD ambulatory grade at final follow-up: {'–'.join(map(str, sorted(set(outcome['final_scorad']))))}")
    for la in analysis.local:
        console.print(f"  Local control at {la.level} after {la.intervention}: {la.status.value}" + (f" ({la.timing}, day {la.event_day})" if la.timing else ""))
    for r in analysis.responses:
        console.print(f"  Response at {r.level} on day {r.day}: MDA {r.mda or 'cannot assess'}, SPINO {r.spino or '—'}, epidural {r.epidural.value}")
    cited = sorted({k for a in analysis.alerts for k in a.citations} | {k for e in analysis.events for k in e.citations})
    console.print("\n[bold]References[/]")
    for key in cited:
        ref = BIBLIOGRAPHY.get(key)
        status = escape(f" [{ref.status.value}]") if ref else ""
        console.print(f"  {key}: {escape(ref.short()) if ref else '(not in the bibliography)'}{status}")
    if written:
        console.print(f"\nCourse picture written to [bold]{escape(str(written.resolve()))}[/]")
