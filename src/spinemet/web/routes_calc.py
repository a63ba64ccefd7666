"""The calculator pages: every instrument from one set of facts, or one instrument by its items.

Facts are posted (never put in a URL) and nothing is stored.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from spinemet.case import snapshot
from spinemet.errors import ValidationFailed
from spinemet.instruments import INSTRUMENTS, score
from spinemet.web.analysis import analyse_snapshot
from spinemet.web.calculator import ALBUMIN, SECTIONS, read_calculator
from spinemet.web.context import Refused, posted_form, render, require_user

router = APIRouter(include_in_schema=False)


def _page(request: Request, status: int = 200, **data: object) -> Response:
    user = require_user(request)
    body: dict[str, object] = {"values": {}, "errors": {}, "form_errors": [], "a": None}
    body.update(data)
    return render(
        request, "calculator.html", status=status, user=user, nav="calculator", sections=SECTIONS,
        albumin=ALBUMIN, instruments=list(INSTRUMENTS.values()), **body,
    )


@router.get("/calculator")
def calculator_form(request: Request) -> Response:
    return _page(request)


@router.post("/calculator")
async def calculate(request: Request) -> Response:
    require_user(request)
    form = await posted_form(request)
    outcome, case = read_calculator(form)
    if case is None:
        return _page(request, 422, values=outcome.values, errors=outcome.field_errors, form_errors=outcome.form_errors)
    analysis = analyse_snapshot(snapshot(case, 0))
    return _page(request, values=outcome.values, a=analysis)


def _instrument(key: str) -> object:
    inst = INSTRUMENTS.get(key)
    if inst is None:
        raise Refused(404, "No such instrument", f"'{key}' is not an instrument; known: {', '.join(INSTRUMENTS)}")
    return inst


@router.get("/calculator/{key}")
def instrument_form(request: Request, key: str) -> Response:
    user = require_user(request)
    inst = _instrument(key)
    return render(request, "instrument.html", user=user, nav="calculator", inst=inst, values={}, result=None, errors=[])


@router.post("/calculator/{key}")
async def instrument_score(request: Request, key: str) -> Response:
    user = require_user(request)
    form = await posted_form(request)
    inst = _instrument(key)
    answers = {it.key: str(form.get(it.key) or "") or None for it in INSTRUMENTS[key].items}
    try:
        result = score(key, answers)
    except ValidationFailed as exc:
        return render(
            request, "instrument.html", status=422, user=user, nav="calculator", inst=inst,
            values=answers, result=None, errors=[str(p) for p in exc.problems],
        )
    return render(request, "instrument.html", user=user, nav="calculator", inst=inst, values=answers, result=result, errors=[])
