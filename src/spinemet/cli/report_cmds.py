"""``spinemet report summary CASE --output FILE.pdf``: the tumour-board summary of a case file, on a
day, as an A4 PDF (at most two pages for a case like the story case) or as its HTML page."""

from __future__ import annotations

import getpass
from pathlib import Path

import typer

from spinemet.cli.app import app
from spinemet.cli.output import OnOption, console, friendly_errors, parse_on, report_error
from spinemet.errors import InvalidValue, ValidationFailed

report_app = typer.Typer(help="Printable reports of a case (the tumour-board summary, the CARE case-report draft).",
                         no_args_is_help=True)
app.add_typer(report_app, name="report")


@report_app.command("summary")
def summary_cmd(
    case_file: Path = typer.Argument(..., help="A case file (YAML or JSON)."),
    output: Path = typer.Option(..., "--output", "-o",
                                help="Where to write it: FILE.pdf (A4, WeasyPrint) or FILE.html (the printable page)."),
    on: str | None = OnOption,
    printed_by: str = typer.Option("", "--by", help="The name printed as 'printed by' (default: your login name)."),
    appendix: bool = typer.Option(False, "--appendix",
                                  help="Add the full reference list on the pages after the two-page summary."),
) -> None:
    """The tumour-board summary: alerts, current decisions with their reasons, key scores with their
    verification, chronology, course figure, open questions and numbered references, with the print
    date and the case version on every page."""
    from spinemet.cli.pathway_cmds import _assess_file
    from spinemet.report.board import Board, tumour_board_html, tumour_board_pdf

    suffix = output.suffix.lower()
    with friendly_errors():
        if suffix not in (".pdf", ".html"):
            raise InvalidValue("--output", str(output), "a file ending in .pdf or .html")
        if not output.parent.exists():
            raise InvalidValue("--output", str(output), "a file in an existing directory",
                               detail=f"directory '{output.parent}' does not exist")
        try:
            assessment = _assess_file(case_file, on)
        except ValidationFailed as exc:
            report_error(exc)
        board = Board(printed_by=printed_by or _login(), role="command line", static="")
        if suffix == ".pdf":
            output.write_bytes(tumour_board_pdf(assessment, f"from file {case_file.name}", board, appendix=appendix))
        else:
            output.write_text(tumour_board_html(assessment, f"from file {case_file.name}", board, for_pdf=True,
                                               appendix=appendix), encoding="utf-8")
    console.print(f"wrote the tumour-board summary of case '{assessment.case.id}' on day {assessment.day} to {output}",
                  markup=False)


def _login() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown user"


@report_app.command("case-report")
def case_report_cmd(
    case_file: Path = typer.Argument(..., help="A case file (YAML or JSON)."),
    output: Path | None = typer.Option(None, "--output", "-o",
                                       help="FILE.html, FILE.pdf (A4) or FILE.md; default: Markdown on the screen."),
    on: str | None = OnOption,
) -> None:
    """A CARE case-report draft: every item the record fills (title suggestion, keywords, patient,
    findings, timeline, scores at each decision point, interventions, outcomes, course figure and
    spine diagram), each sentence with its source, the CARE items left to write, and numbered
    Vancouver references (docs/case-report.md)."""
    from spinemet.report.case_report_files import write_case_report

    with friendly_errors():
        try:
            written = write_case_report(case_file, output, parse_on(on))
        except ValidationFailed as exc:
            report_error(exc)
    if output is None:
        print(written, end="")
    else:
        console.print(written, markup=False)
