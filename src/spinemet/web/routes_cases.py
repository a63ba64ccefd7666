"""Case pages: the list, a new case or an imported file, the case page, events, the summary."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import UploadFile

from spinemet.case import Case
from spinemet.case.vocab import PrimarySite
from spinemet.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from spinemet.web.analysis import analyse_case, course_picture_available, course_svg
from spinemet.web.backend import CaseRow, StoredCase, WebUser
from spinemet.web.context import (
    Refused,
    ctx,
    posted_form,
    redirect,
    render,
    require_user,
    require_writer,
    session_of,
)
from spinemet.web.forms import (
    CASE_FIELDS,
    EVENT_FORMS,
    FORMS_BY_TYPE,
    LAB_ANALYTES,
    FormOutcome,
    place,
    read_case_form,
    read_event,
)

router = APIRouter(include_in_schema=False)
MAX_UPLOAD = 1_000_000


def _load(request: Request, user: WebUser, case_id: str) -> StoredCase:
    try:
        return ctx(request).backend.get_case(user, case_id)
    except NotFound:
        raise Refused(404, "No such case", f"There is no case '{case_id}' (or it is not visible to you).") from None
    except PermissionDenied:
        raise Refused(403, "Not allowed", f"Your role ({user.role}) may not open this case.") from None


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
    rows: list[CaseRow] = []
    total = 0
    try:
        rows, total = ctx(request).backend.list_cases(user, q.strip(), primary.strip(), level.strip(), bool(alerts))
    except ValidationFailed as exc:
        level_error = "; ".join(p.message for p in exc.problems)
    except PermissionDenied:
        raise Refused(403, "Not allowed", f"Your role ({user.role}) may not list cases.") from None
    return render(
        request, "cases.html", user=user, nav="cases", rows=rows, q=q, primary=primary, level=level,
        alerts=alerts, sites=[s.value for s in PrimarySite], level_error=level_error, total=total,
    )


# ------------------------------------------------------------------ new case / import

def _new_page(request: Request, user: WebUser, status: int = 200, **data: Any) -> Response:
    defaults: dict[str, Any] = {"values": {}, "errors": {}, "form_errors": [], "import_errors": [], "pasted": ""}
    defaults.update(data)
    return render(request, "case_new.html", status=status, user=user, nav="new", fields=CASE_FIELDS, **defaults)


@router.get("/cases/new")
def new_case_form(request: Request) -> Response:
    return _new_page(request, require_writer(request))


def _create(request: Request, user: WebUser, case: Case) -> StoredCase:
    return ctx(request).backend.create_case(user, case)


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
            session_of(request).flash(f"Case {stored.case.id} created. Add its first events below.")
            return redirect(request, f"/cases/{quote(stored.case.id)}#add-event")
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
        stored = ctx(request).backend.import_case_text(user, text, fmt, source)
    except ValidationFailed as exc:
        return _new_page(request, user, 422, import_errors=[str(p) for p in exc.problems], pasted=pasted)
    except Conflict as exc:
        return _new_page(request, user, 409, import_errors=[str(exc) or "a case with this identifier exists"], pasted=pasted)
    session_of(request).flash(f"Case {stored.case.id} imported from {source}.")
    return redirect(request, f"/cases/{quote(stored.case.id)}")


# ------------------------------------------------------------------ the case page

def _case_page(
    request: Request, user: WebUser, stored: StoredCase, day: int | None, status: int = 200,
    open_form: str | None = None, outcome: FormOutcome | None = None, conflict: str | None = None,
) -> Response:
    case = stored.case
    try:
        analysis = analyse_case(case, day)
    except ValueError as exc:
        raise Refused(400, "Day not usable", str(exc)) from None
    days = sorted({case.day_of(e) for e in case.timeline})
    return render(
        request, "case.html", status=status, user=user, nav="cases", case=case, version=stored.version,
        a=analysis, days=days, forms=EVENT_FORMS, labs=LAB_ANALYTES, open_form=open_form,
        values=outcome.values if outcome else {}, errors=outcome.field_errors if outcome else {},
        form_errors=outcome.form_errors if outcome else [], conflict=conflict,
        identified=user.sees_identifiers, has_course_picture=course_picture_available() and bool(case.timeline),
    )


@router.get("/cases/{case_id}")
def case_page(request: Request, case_id: str, day: str | None = None) -> Response:
    user = require_user(request)
    return _case_page(request, user, _load(request, user, case_id), _day(day))


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
    stored = _load(request, user, case_id)
    if not outcome.ok:
        return _case_page(request, user, stored, None, 422, kind, outcome)
    if not version_text.isdigit():
        raise Refused(400, "Missing version", "The form did not say which version of the case it was based on.")
    try:
        ctx(request).backend.append_event(user, case_id, outcome.event, int(version_text))
    except ValidationFailed as exc:
        place(outcome, spec.fields, exc.problems)
        return _case_page(request, user, stored, None, 422, kind, outcome)
    except Conflict:
        fresh = _load(request, user, case_id)
        message = (
            f"The case changed while you were entering this (now version {fresh.version}); your entry was NOT saved. "
            "The page now shows the current case; check it and save your entry again."
        )
        return _case_page(request, user, fresh, None, 409, kind, outcome, conflict=message)
    except PermissionDenied:
        raise Refused(403, "Not allowed", f"Your role ({user.role}) may not change cases.") from None
    session_of(request).flash(f"{spec.title} saved; scores and plan are updated.")
    return redirect(request, f"/cases/{quote(case_id)}#scores")


@router.get("/cases/{case_id}/summary")
def summary(request: Request, case_id: str, day: str | None = None) -> Response:
    user = require_user(request)
    stored = _load(request, user, case_id)
    try:
        analysis = analyse_case(stored.case, _day(day))
    except ValueError as exc:
        raise Refused(400, "Day not usable", str(exc)) from None
    return render(
        request, "summary.html", user=user, case=stored.case, version=stored.version, a=analysis,
        identified=user.sees_identifiers, body_class="print",
    )


@router.get("/cases/{case_id}/course.svg")
def course_picture(request: Request, case_id: str) -> Response:
    user = require_user(request)
    stored = _load(request, user, case_id)
    svg = course_svg(stored.case)
    if svg is None:
        raise Refused(404, "No course picture", "The course picture is not available.")
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "no-store"})
