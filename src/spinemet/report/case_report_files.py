"""``spinemet report case-report CASE``: the draft of a case file written as HTML, PDF or Markdown."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from spinemet.errors import InvalidValue, ValidationFailed
from spinemet.io.casefile import load_case
from spinemet.report.case_report import build_draft
from spinemet.report.case_report_render import case_report_html, case_report_markdown, case_report_pdf
from spinemet.service import case_report, offline

SUFFIXES = (".html", ".pdf", ".md")


def write_case_report(case_file: Path, output: Path | None, on: int | dt.date | None) -> str:
    """Write the draft of ``case_file`` to ``output`` (by its suffix) and say what was written; with no
    ``output``, return the Markdown itself. Problems name the option and what is allowed."""
    suffix = output.suffix.lower() if output is not None else ".md"
    if output is not None:
        if suffix not in SUFFIXES:
            raise InvalidValue("--output", str(output), "a file ending in .html, .pdf or .md")
        if not output.parent.exists():
            raise InvalidValue("--output", str(output), "a file in an existing directory",
                               detail=f"directory '{output.parent}' does not exist")
    case = load_case(case_file)
    day, date = offline.day_or_date(on)
    if date is not None:
        day = offline.resolve_day(case, None, date, "--on")
    try:
        inputs = case_report.from_case(case, day, origin=f"case file {case_file.name}")
    except ValidationFailed as exc:
        raise ValidationFailed(exc.problems, str(case_file)) from None
    draft = build_draft(inputs)
    if output is None:
        return case_report_markdown(draft)
    if suffix == ".md":
        output.write_text(case_report_markdown(draft), encoding="utf-8")
    else:
        picture = None
        if case.timeline:
            from spinemet.report.course_plot import course_svg

            picture = course_svg(case, inputs.course)
        if suffix == ".pdf":
            output.write_bytes(case_report_pdf(draft, picture))
        else:
            output.write_text(case_report_html(draft, course_svg=picture), encoding="utf-8")
    return f"wrote the CARE case-report draft of case '{case.id}' (up to day {draft.day}) to {output}"
