"""The calculator pages: every instrument from one set of facts, or one instrument by its items.

Facts are posted (never put in a URL) and nothing is stored. The pages' script (static/live-scores.js)
posts the same forms in the background as the fields change and asks for the results alone
(header ``X-SpineMet-Fragment: results``); without it, the button posts the whole page. Both pages call the service's use
cases (``calculate``, ``describe_instrument``, ``score``) as the logged-in user.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from spinemet.errors import NotFound, PermissionDenied, ValidationFailed
from spinemet.service import Actor, Instrument, Service
from spinemet.web.calculator import ALBUMIN, SECTIONS, place_problems, read_calculator
from spinemet.web.context import (
    Refused,
    ctx,
    not_allowed,
    posted_form,
    render,
    render_fragment,
    require_user,
    wants_fragment,
)

router = APIRouter(include_in_schema=False)


def _refused(user: Actor) -> Refused:
    return not_allowed(user, "use the calculator")


#: the calculator's field names -> their labels (the live results name a field that needs correcting)
LABELS = {c.field.name: c.field.label for _, fields in SECTIONS for c in fields} | {ALBUMIN.name: ALBUMIN.label}


def _page(request: Request, user: Actor, status: int = 200, **data: object) -> Response:
    service: Service = ctx(request).service
    body: dict[str, object] = {"values": {}, "errors": {}, "form_errors": [], "a": None, "live": False}
    body.update(data)
    if wants_fragment(request):
        return render_fragment(request, "_calc_results.html", status=status, labels=LABELS,
                               **{k: body[k] for k in ("errors", "form_errors", "a")})
    try:
        declarations = service.declarations(user)
    except PermissionDenied:
        raise _refused(user) from None
    return render(
        request, "calculator.html", status=status, user=user, nav="calculator", sections=SECTIONS,
        albumin=ALBUMIN, instruments=declarations, **body,
    )


@router.get("/calculator")
def calculator_form(request: Request) -> Response:
    return _page(request, require_user(request))


@router.post("/calculator")
async def calculate(request: Request) -> Response:
    user = require_user(request)
    form = await posted_form(request)
    given = read_calculator(form)
    outcome = given.outcome
    if given.data is None:
        return _page(request, user, 422, values=outcome.values, errors=outcome.field_errors,
                     form_errors=outcome.form_errors)
    try:
        assessment = ctx(request).service.calculate(user, given.data)
    except ValidationFailed as exc:
        place_problems(given, exc.problems)
        return _page(request, user, 422, values=outcome.values, errors=outcome.field_errors,
                     form_errors=outcome.form_errors)
    except PermissionDenied:
        raise _refused(user) from None
    return _page(request, user, values=outcome.values, a=assessment)


def _instrument(request: Request, user: Actor, key: str) -> Instrument:
    try:
        return ctx(request).service.describe_instrument(user, key)
    except NotFound as exc:
        raise Refused(404, "No such instrument", str(exc)) from None
    except PermissionDenied:
        raise _refused(user) from None


@router.get("/calculator/{key}")
def instrument_form(request: Request, key: str) -> Response:
    user = require_user(request)
    inst = _instrument(request, user, key)
    return render(request, "instrument.html", user=user, nav="calculator", inst=inst, values={}, result=None, errors=[])


@router.post("/calculator/{key}")
async def instrument_score(request: Request, key: str) -> Response:
    user = require_user(request)
    form = await posted_form(request)
    inst = _instrument(request, user, key)
    answers = {it.key: str(form.get(it.key) or "") or None for it in inst.items}
    try:
        result = ctx(request).service.score(user, key, answers)
    except ValidationFailed as exc:
        errors = [str(p) for p in exc.problems]
        if wants_fragment(request):
            return render_fragment(request, "_instrument_result.html", status=422, result=None, errors=errors)
        return render(
            request, "instrument.html", status=422, user=user, nav="calculator", inst=inst,
            values=answers, result=None, errors=errors,
        )
    if wants_fragment(request):
        return render_fragment(request, "_instrument_result.html", result=result, errors=[])
    return render(request, "instrument.html", user=user, nav="calculator", inst=inst, values=answers, result=result, errors=[])
