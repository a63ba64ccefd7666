"""The CARE case-report draft of a stored case: on screen (HTML), as an A4 PDF, or as Markdown.

The draft is written from the service's assessments of the case (one per decision day), as the
logged-in user may see the case: a researcher's draft is de-identified (no free text).
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import Response

from spinemet.report.case_report import Draft, build_draft
from spinemet.service import Actor
from spinemet.service import case_report as use_case
from spinemet.service.case_report import CaseReportInputs
from spinemet.web.context import ctx, day_param, html_page, opening_case, require_user, send

router = APIRouter(include_in_schema=False)


def _inputs(request: Request, user: Actor, case_id: str, day: str | None) -> CaseReportInputs:
    on = day_param(day)
    with opening_case(user, case_id):
        return use_case.from_store(ctx(request).service, user, case_id, on)


def _picture(inputs: CaseReportInputs) -> bytes | None:
    if not inputs.case.timeline:
        return None
    from spinemet.report.course_plot import course_svg

    return course_svg(inputs.case, inputs.course)


def _name(draft: Draft, suffix: str) -> str:
    return f"case-report-{draft.case_id}-day{draft.day}-v{draft.version}{suffix}"


@router.get("/cases/{case_id}/case-report")
def case_report_page(request: Request, case_id: str, day: str | None = None) -> Response:
    """The draft on screen: every sentence shows its source on hover; links to the PDF and Markdown."""
    from spinemet.report.case_report_render import case_report_html

    user = require_user(request)
    inputs = _inputs(request, user, case_id, day)
    draft = build_draft(inputs)
    prefix = ctx(request).prefix
    here = f"{prefix}/cases/{quote(case_id)}"
    return html_page(request, case_report_html(draft, course_svg=_picture(inputs), back=f"{here}?day={draft.day}",
                                               pdf_url=f"{here}/case-report.pdf?day={draft.day}",
                                               static=prefix + "/report-static"))


@router.get("/cases/{case_id}/case-report.pdf")
def case_report_pdf(request: Request, case_id: str, day: str | None = None) -> Response:
    """The draft as an A4 PDF, as a download."""
    from spinemet.report.case_report_render import case_report_pdf as pdf_of

    user = require_user(request)
    inputs = _inputs(request, user, case_id, day)
    draft = build_draft(inputs)
    return send(request, Response(pdf_of(draft, _picture(inputs)), media_type="application/pdf",
                                  headers={"Content-Disposition": f'attachment; filename="{_name(draft, ".pdf")}"'}))


@router.get("/cases/{case_id}/case-report.md")
def case_report_markdown(request: Request, case_id: str, day: str | None = None) -> Response:
    """The draft as Markdown (to paste into a manuscript), as a download."""
    from spinemet.report.case_report_render import case_report_markdown as md_of

    user = require_user(request)
    draft = build_draft(_inputs(request, user, case_id, day))
    return send(request, Response(md_of(draft), media_type="text/markdown; charset=utf-8",
                                  headers={"Content-Disposition": f'attachment; filename="{_name(draft, ".md")}"'}))
