"""Case pages: the list, a new case or an imported file, the case page, events, the summary."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import UploadFile

from spinemet.case import Case, case_to_data
from spinemet.case.vocab import PrimarySite
from spinemet.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from spinemet.report.labels import label
from spinemet.service import Actor, CaseSheet
from spinemet.service.views import CaseSummary, CaseView
from spinemet.web.context import (
    Refused,
    ctx,
    html_page,
    posted_form,
    redirect,
    render,
    require_user,
    require_writer,
    session_of,
)
from spinemet.web.form_fields import SECTION_TITLES, TIMING_HINT
from spinemet.web.forms import (
    CASE_FIELDS,
    EVENT_FORMS,
    FORMS_BY_TYPE,
    LAB_ANALYTES,
    LAB_STATEMENTS,
    FormOutcome,
    place,
    read_case_form,
    read_event,
)

router = APIRouter(include_in_schema=False)
MAX_UPLOAD = 1_000_000


def _sheet(request: Request, user: Actor, case_id: str, day: int | None = None) -> CaseSheet:
    """The case with its assessment on ``day``, from the service (computed once per version and day)."""
    try:
        return ctx(request).service.case_sheet(user, case_id, day)
    except NotFound:
        raise Refused(404, "No such case", f"There is no case '{case_id}' (or it is not visible to you).") from None
    except PermissionDenied:
        raise Refused(403, "Not allowed", f"Your role ({user.role.value}) may not open this case.") from None
    except ValidationFailed as exc:
        raise Refused(400, "Day not usable", "; ".join(p.message for p in exc.problems)) from None


def _day(raw: str | None) -> int | None:
    if raw is None or not raw.strip():
        return None
    try:
        return int(raw.strip())
    except ValueError:
        raise Refused(400, "Not a day", f"'{raw}' is not a day number; give days since the index date, e.g. 28.") from None


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
        raise Refused(403, "Not allowed", f"Your role ({user.role.value}) may not list cases.") from None
    return render(
        request, "cases.html", user=user, nav="cases", rows=rows, q=q, primary=primary, level=level,
        alerts=alerts, sites=[s.value for s in PrimarySite], level_error=level_error, total=total,
    )


# ------------------------------------------------------------------ new case / import

def _new_page(request: Request, user: Actor, status: int = 200, **data: Any) -> Response:
    defaults: dict[str, Any] = {"values": {}, "errors": {}, "form_errors": [], "import_errors": [], "pasted": ""}
    defaults.update(data)
    values = defaults["values"]
    return render(request, "case_new.html", status=status, user=user, nav="new", fields=CASE_FIELDS,
                  main_fields=[f for f in CASE_FIELDS if not f.section], more_fields=[f for f in CASE_FIELDS if f.section],
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
            session_of(request).flash(f"Case {stored.id} created. Add its first events below.")
            return redirect(request, f"/cases/{quote(stored.id)}#add-event")
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


def _case_page(
    request: Request, user: Actor, sheet: CaseSheet, status: int = 200,
    open_form: str | None = None, outcome: FormOutcome | None = None, conflict: str | None = None,
) -> Response:
    case = sheet.case
    days = sorted({case.placement_day(e) for e in case.timeline})
    return render(
        request, "case.html", status=status, user=user, nav="cases", case=case, version=sheet.version,
        a=sheet.assessment, days=days, forms=EVENT_FORMS, labs=LAB_ANALYTES, open_form=open_form,
        lab_statements=LAB_STATEMENTS, section_titles=SECTION_TITLES, timing_hint=TIMING_HINT,
        event_choices=_event_choices(case),
        filled={k for k, v in outcome.values.items() if v} if outcome else set(),
        values=outcome.values if outcome else {}, errors=outcome.field_errors if outcome else {},
        form_errors=outcome.form_errors if outcome else [], conflict=conflict,
        identified=user.sees_identifiers, has_course_picture=bool(case.timeline),
        case_teams=case_teams(request, user, case.id),
    )


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
    return _case_page(request, user, _sheet(request, user, case_id, _day(day)))


@router.post("/cases/{case_id}/events")
async def add_event(request: Request, case_id: str) -> Response:
    user = require_writer(request)
    form = await posted_form(request)
    kind = str(form.get("type") or "")
    spec = FORMS_BY_TYPE.get(kind)
    if spec is None:
        raise Refused(400, "Unknown event", f"'{kind}' is not an event type; allowed: {', '.join(FORMS_BY_TYPE)}")
    multi = {f.name: [str(v) for v in form.getlist(f.name)] for f in spec.fields if f.kind == "multi"}
    outcome = read_event(spec, form, multi)
    version_text = str(form.get("version") or "")
    if not outcome.ok:
        return _case_page(request, user, _sheet(request, user, case_id), 422, kind, outcome)
    if not version_text.isdigit():
        _sheet(request, user, case_id)  # an unknown case is a 404, not a complaint about the form
        raise Refused(400, "Missing version", "The form did not say which version of the case it was based on.")
    data = outcome.event.model_dump(mode="json", exclude_none=True)
    if not data.get("id"):
        data["id"] = _fresh_id(_sheet(request, user, case_id), kind)
    try:
        ctx(request).service.append_event(user, case_id, data, int(version_text))
    except ValidationFailed as exc:
        place(outcome, spec.fields, exc.problems, {"event.id": "id"})
        return _case_page(request, user, _sheet(request, user, case_id), 422, kind, outcome)
    except Conflict:
        fresh = _sheet(request, user, case_id)
        message = (
            f"The case changed while you were entering this (now version {fresh.version}); your entry was NOT saved. "
            "The page now shows the current case; check it and save your entry again."
        )
        return _case_page(request, user, fresh, 409, kind, outcome, conflict=message)
    except NotFound:
        raise Refused(404, "No such case", f"There is no case '{case_id}' (or it is not visible to you).") from None
    except PermissionDenied:
        raise Refused(403, "Not allowed", f"Your role ({user.role.value}) may not change cases.") from None
    session_of(request).flash(f"{spec.title} saved; scores and plan are updated.")
    return redirect(request, f"/cases/{quote(case_id)}#scores")


@router.get("/cases/{case_id}/summary")
def summary(request: Request, case_id: str, day: str | None = None) -> Response:
    user = require_user(request)
    from spinemet.report.board import Board, tumour_board_html

    sheet = _sheet(request, user, case_id, _day(day))
    prefix = ctx(request).prefix
    board = Board(printed_by=user.name, role=user.role.value, identified=user.sees_identifiers,
                  static=prefix + "/static", back=f"{prefix}/cases/{quote(case_id)}?day={sheet.assessment.day}")
    return html_page(request, tumour_board_html(sheet.assessment, sheet.version, board))


@router.get("/cases/{case_id}/course.svg")
def course_picture(request: Request, case_id: str) -> Response:
    from spinemet.report.course_plot import course_svg

    user = require_user(request)
    sheet = _sheet(request, user, case_id)
    if not sheet.case.timeline:
        raise Refused(404, "No course picture", "The course picture is not available.")
    svg = course_svg(sheet.case, sheet.assessment.course)
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "no-store"})
