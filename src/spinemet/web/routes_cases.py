"""Case pages: the list, a new case or an imported file, the case page, events, the summary."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import replace
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import Response
from markupsafe import Markup
from starlette.datastructures import UploadFile

from spinemet.case import Case, case_to_data
from spinemet.case.vocab import PrimarySite
from spinemet.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from spinemet.report.labels import label
from spinemet.report.present import reference_keys, reference_url
from spinemet.service import Actor, CaseSheet
from spinemet.service.views import CaseSummary, CaseView
from spinemet.web import net_entry
from spinemet.web.context import (
    Refused,
    ctx,
    day_param,
    html_page,
    not_allowed,
    opening_case,
    posted_form,
    redirect,
    render,
    require_user,
    require_writer,
    send,
    session_of,
)
from spinemet.web.form_fields import FormField
from spinemet.web.form_layout import CASE_REQUIRED, QUICK_TYPES, sentences
from spinemet.web.forms import CASE_FIELDS, FORMS_BY_TYPE, place, read_case_form

router = APIRouter(include_in_schema=False)
MAX_UPLOAD = 1_000_000
#: events listed in the first screen's chronology (the last ones up to the day shown)
CHRONOLOGY_LINES = 12
#: events shown with all their facts in the case page's timeline (a longer case: the last ones up to
#: the day shown, and a link to the whole timeline's own page)
TIMELINE_ROWS = 20


def _sheet(request: Request, user: Actor, case_id: str, day: int | None = None) -> CaseSheet:
    """The case with its assessment on ``day``, from the service (computed once per version and day)."""
    with opening_case(user, case_id):
        return ctx(request).service.case_sheet(user, case_id, day)


# ------------------------------------------------------------------ list

@router.get("/cases")
def case_list(request: Request, q: str = "", primary: str = "", level: str = "", alerts: str = "") -> Response:
    user = require_user(request)
    level_error = None
    rows: list[CaseSummary] = []
    total = 0
    try:
        found = ctx(request).service.list_cases(
            user, text=q.strip() or None, primary_site=primary.strip() or None, level=level.strip() or None,
            open_alerts=True if alerts else None, limit=500,
        )
        rows, total = found.items, found.total
    except ValidationFailed as exc:
        level_error = "; ".join(p.message for p in exc.problems)
    except PermissionDenied:
        raise not_allowed(user, "list cases") from None
    return render(
        request, "cases.html", user=user, nav="cases", rows=rows, q=q, primary=primary, level=level,
        alerts=alerts, sites=[s.value for s in PrimarySite], level_error=level_error, total=total,
    )


# ------------------------------------------------------------------ new case / import

def _case_fields() -> tuple[FormField, ...]:
    """The new-case form's fields, the primary-site list with "lung NET, grade unknown" after the
    lung sites (see :mod:`spinemet.web.net_entry`)."""
    out = []
    for f in CASE_FIELDS:
        if f.name == "primary.site":
            opts = list(f.options)
            at = next((i for i, (k, _) in enumerate(opts) if k == "lung_other"), len(opts) - 1) + 1
            opts.insert(at, (net_entry.LUNG_NET, net_entry.LUNG_NET_LABEL))
            f = replace(f, options=tuple(opts))
        out.append(f)
    return tuple(out)


NEW_CASE_FIELDS = _case_fields()


def _new_page(request: Request, user: Actor, status: int = 200, **data: Any) -> Response:
    defaults: dict[str, Any] = {"values": {}, "errors": {}, "form_errors": [], "import_errors": [], "pasted": ""}
    defaults.update(data)
    values = defaults["values"]
    defaults["errors"] = sentences(defaults["errors"], (*NEW_CASE_FIELDS, *net_entry.NET_FIELDS))
    net = net_entry.is_net(str(values.get("primary.site") or ""), str(values.get("primary.histology") or ""))
    return render(request, "case_new.html", status=status, user=user, nav="new", fields=NEW_CASE_FIELDS,
                  main_fields=[f for f in NEW_CASE_FIELDS if not f.section],
                  more_fields=[f for f in NEW_CASE_FIELDS if f.section], net_fields=net_entry.NET_FIELDS,
                  net_open=net or any(values.get(f.name) for f in net_entry.NET_FIELDS),
                  required=CASE_REQUIRED,
                  more_open=any(values.get(f.name) or f.name in defaults["errors"] for f in CASE_FIELDS if f.section),
                  **defaults)


@router.get("/cases/new")
def new_case_form(request: Request) -> Response:
    return _new_page(request, require_writer(request))


def _create(request: Request, user: Actor, case: Case) -> CaseView:
    return ctx(request).service.create_case(user, case_to_data(case))


@router.post("/cases/new")
async def new_case(request: Request) -> Response:
    user = require_writer(request)
    form = await posted_form(request)
    outcome = read_case_form(form)
    if outcome.ok:
        try:
            stored = _create(request, user, outcome.event)
        except ValidationFailed as exc:
            place(outcome, CASE_FIELDS, exc.problems)
        except Conflict as exc:
            outcome.field_errors.setdefault("id", []).append(str(exc) or "a case with this identifier exists")
        else:
            session_of(request).flash(f"Case {stored.id} created. Choose the kind of its first event.")
            return redirect(request, f"/cases/{quote(stored.id)}/events#choose")
    return _new_page(request, user, 422, values=outcome.values, errors=outcome.field_errors, form_errors=outcome.form_errors)


@router.post("/cases/import")
async def import_case(request: Request) -> Response:
    user = require_writer(request)
    form = await posted_form(request)
    upload = form.get("file")
    pasted = str(form.get("text") or "")
    source, text = "pasted text", pasted
    if isinstance(upload, UploadFile) and upload.filename:
        raw = await upload.read(MAX_UPLOAD + 1)
        if len(raw) > MAX_UPLOAD:
            return _new_page(request, user, 413, import_errors=["the file is larger than 1 MB"], pasted=pasted)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            return _new_page(request, user, 422, import_errors=[f"{upload.filename}: not UTF-8 text"], pasted="")
        source = upload.filename
    if not text.strip():
        return _new_page(request, user, 422, import_errors=["choose a case file or paste its text"], pasted=pasted)
    fmt = "json" if source.lower().endswith(".json") or text.lstrip().startswith("{") else "yaml"
    try:
        stored = ctx(request).service.import_case_text(user, text, fmt, source=source)
    except ValidationFailed as exc:
        return _new_page(request, user, 422, import_errors=[str(p) for p in exc.problems], pasted=pasted)
    except Conflict as exc:
        return _new_page(request, user, 409, import_errors=[str(exc) or "a case with this identifier exists"], pasted=pasted)
    session_of(request).flash(f"Case {stored.id} imported from {source}.")
    return redirect(request, f"/cases/{quote(stored.id)}")


# ------------------------------------------------------------------ the case page

def _event_choices(case: Case) -> list[tuple[str, str]]:
    """The events a new event can refer to (timed from, complicating, compared with): those with an id."""
    return [(ev.id, f"{ev.id} · {label(ev.type)} · {case.when_text(ev)}") for ev in case.timeline if ev.id]


def _fresh_id(sheet: CaseSheet, kind: str) -> str:
    """An id for an event entered without one, so that later events can refer to it ('surgery-2')."""
    taken = {ev.id for ev in sheet.case.timeline if ev.id} | {e.key for e in sheet.view.events}
    stem = kind.replace("_", "-")
    n = 1 + sum(1 for ev in sheet.case.timeline if ev.type == kind)
    while f"{stem}-{n}" in taken:
        n += 1
    return f"{stem}-{n}"


#: the case page's sections below the first screen, rendered once per case version, day and view:
#: (template, case id, version, day, identifiers shown, prefix) -> HTML. A stored version never
#: changes (the store is append-only) and these sections show nothing of the user but whether
#: identifiers are shown, so a kept rendering is the one a new rendering would give.
_FRAGMENTS: OrderedDict[tuple[str, str, int, int, bool, str], Markup] = OrderedDict()
_FRAGMENTS_KEPT = 128
_FRAGMENTS_LOCK = threading.Lock()


def _kept_fragment(request: Request, template: str, sheet: CaseSheet, identified: bool,
                   make: Callable[[], dict[str, Any]]) -> Markup:
    """The section(s) of ``template`` for this version, day and view: rendered on the first view, then kept."""
    prefix = ctx(request).prefix
    key = (template, sheet.case.id, sheet.version, sheet.assessment.day, identified, prefix)
    with _FRAGMENTS_LOCK:
        kept = _FRAGMENTS.get(key)
        if kept is not None:
            _FRAGMENTS.move_to_end(key)
            return kept
    data = {"case": sheet.case, "a": sheet.assessment, "version": sheet.version, "identified": identified,
            "P": prefix, "P_CASE": f"{prefix}/cases/{quote(sheet.case.id)}", **make()}
    html = Markup(ctx(request).templates.get_template(template).render(data))  # autoescaped by the template
    with _FRAGMENTS_LOCK:
        _FRAGMENTS[key] = html
        while len(_FRAGMENTS) > _FRAGMENTS_KEPT:
            _FRAGMENTS.popitem(last=False)
    return html


def _case_page(request: Request, user: Actor, sheet: CaseSheet, status: int = 200) -> Response:
    case = sheet.case
    days = sorted({case.placement_day(e) for e in case.timeline})
    identified = user.sees_identifiers

    def record() -> dict[str, Any]:
        refs = reference_keys(sheet.assessment)
        events = case.ordered_events()
        upto = [pair for pair in events if pair[0] <= sheet.assessment.day]
        return {"ref_count": len(refs), "unlinked_refs": [k for k in refs if not reference_url(k)],
                "timeline_rows": events if len(events) <= TIMELINE_ROWS else upto[-TIMELINE_ROWS:]}

    return render(
        request, "case.html", status=status, user=user, nav="cases", case=case, version=sheet.version,
        a=sheet.assessment, days=days, quick=QUICK_TYPES, forms=FORMS_BY_TYPE, chron_last=CHRONOLOGY_LINES,
        identified=identified, case_teams=case_teams(request, user, case.id),
        details_html=_kept_fragment(request, "_case_details.html", sheet, identified,
                                    lambda: {"has_course_picture": bool(case.timeline)}),
        record_html=_kept_fragment(request, "_case_record.html", sheet, identified, record),
    )


@router.get("/cases/{case_id}/timeline")
def timeline_page(request: Request, case_id: str, day: str | None = None) -> Response:
    """Every event of the case with every fact recorded (the case page shows the last ones)."""
    user = require_user(request)
    sheet = _sheet(request, user, case_id, day_param(day))
    return render(request, "timeline.html", user=user, nav="cases", case=sheet.case, a=sheet.assessment,
                  identified=user.sees_identifiers, timeline_rows=sheet.case.ordered_events())


def case_teams(request: Request, user: Actor, case_id: str) -> list[str]:
    """The care teams holding a case, shown to clinicians (researchers see no team names)."""
    if not user.can_write:
        return []
    try:
        return ctx(request).service.case_teams(user, case_id)
    except (PermissionDenied, NotFound):
        return []


@router.get("/cases/{case_id}")
def case_page(request: Request, case_id: str, day: str | None = None) -> Response:
    user = require_user(request)
    return _case_page(request, user, _sheet(request, user, case_id, day_param(day)))


def _board(request: Request, user: Actor, sheet: CaseSheet, picture: bytes | None = None) -> Any:
    from spinemet.report.board import Board

    prefix = ctx(request).prefix
    here = f"{prefix}/cases/{quote(sheet.case.id)}"
    return Board(printed_by=user.name, role=user.role.value, identified=user.sees_identifiers,
                 static=prefix + "/report-static", back=f"{here}?day={sheet.assessment.day}",
                 picture=picture, picture_url=f"{here}/course.svg?v={sheet.version}" if sheet.case.timeline else "",
                 pdf_url=f"{here}/summary.pdf?day={sheet.assessment.day}",
                 refs_url=f"{here}/references?day={sheet.assessment.day}",
                 summary_url=f"{here}/summary?day={sheet.assessment.day}")


@router.get("/cases/{case_id}/summary")
def summary(request: Request, case_id: str, day: str | None = None) -> Response:
    """The tumour-board summary on screen (print it, or download the PDF)."""
    from spinemet.report.board import tumour_board_html

    user = require_user(request)
    sheet = _sheet(request, user, case_id, day_param(day))
    return html_page(request, tumour_board_html(sheet.assessment, sheet.version, _board(request, user, sheet)))


@router.get("/cases/{case_id}/references")
def references(request: Request, case_id: str, day: str | None = None) -> Response:
    """The full numbered reference list of the case on that day (the summary's numbers kept)."""
    from spinemet.report.board import references_html

    user = require_user(request)
    sheet = _sheet(request, user, case_id, day_param(day))
    return html_page(request, references_html(sheet.assessment, sheet.version, _board(request, user, sheet)))


@router.get("/cases/{case_id}/summary.pdf")
def summary_pdf(request: Request, case_id: str, day: str | None = None, appendix: str = "") -> Response:
    """The tumour-board summary as an A4 PDF (at most two pages), as a download; with
    ``appendix=1`` the full reference list follows on its own page(s)."""
    from spinemet.report.board import tumour_board_pdf

    user = require_user(request)
    sheet = _sheet(request, user, case_id, day_param(day))
    picture = _picture(sheet, user) if sheet.case.timeline else None
    with_refs = appendix.strip().lower() in ("1", "yes", "true", "on")
    pdf = tumour_board_pdf(sheet.assessment, sheet.version, _board(request, user, sheet, picture), appendix=with_refs)
    name = f"tumour-board-{sheet.case.id}-day{sheet.assessment.day}-v{sheet.version}{'-refs' if with_refs else ''}.pdf"
    return send(request, Response(pdf, media_type="application/pdf",
                                  headers={"Content-Disposition": f'attachment; filename="{name}"'}))


#: course pictures already drawn: (case id, version, identified) -> SVG. A case version never changes
#: (the store is append-only), so neither does its picture; drawing one takes about half a second.
_PICTURES: OrderedDict[tuple[str, int, bool], bytes] = OrderedDict()
_PICTURES_KEPT = 64
_PICTURES_LOCK = threading.Lock()


@router.get("/cases/{case_id}/course.svg")
def course_picture(request: Request, case_id: str) -> Response:
    """The course picture of the case's current version, drawn once per version and kept; sent with
    an ETag naming the version, so a browser that has it gets 304 and draws nothing."""
    user = require_user(request)
    sheet = _sheet(request, user, case_id)
    if not sheet.case.timeline:
        raise Refused(404, "No course picture", "The course picture is not available.")
    etag = f'"course-{quote(sheet.case.id)}-v{sheet.version}-{"id" if user.sees_identifiers else "deid"}"'
    headers = {"Cache-Control": "private, max-age=3600", "ETag": etag, "Vary": "Cookie"}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    return Response(_picture(sheet, user), media_type="image/svg+xml", headers=headers)


def _picture(sheet: CaseSheet, user: Actor) -> bytes:
    """The course picture of this version, drawn once and kept."""
    from spinemet.report.course_plot import course_svg

    key = (sheet.case.id, sheet.version, user.sees_identifiers)
    with _PICTURES_LOCK:
        svg = _PICTURES.get(key)
        if svg is not None:
            _PICTURES.move_to_end(key)
            return svg
    svg = course_svg(sheet.case, sheet.assessment.course)
    with _PICTURES_LOCK:
        _PICTURES[key] = svg
        while len(_PICTURES) > _PICTURES_KEPT:
            _PICTURES.popitem(last=False)
    return svg
