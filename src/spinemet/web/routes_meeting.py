"""The tumour-board meeting: the agenda for a date, printable, and the board's decision recorded
back into each case as a ``decision`` event (through the service, like any other event).

The agenda is its address: ``/web/board?date=2026-12-03&case=A&case=B`` lists the cases named, or,
when none is named, every case the user may see that has an open alert (the cases that need the
board). Cases are added from the case list ("Put on the agenda" keeps the ones already chosen), so
an agenda is shared by sending its link and needs no table of its own. Each case shows its
one-line question (its first open alert, else its first decision that needs facts) and the current
decision (the plan's first recommendation, in the service's order).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from spinemet.errors import NotFound, PermissionDenied, ValidationFailed
from spinemet.service import CaseSheet
from spinemet.web.context import Refused, ctx, not_allowed, render, require_user

router = APIRouter(include_in_schema=False)
MAX_AGENDA = 40


@dataclass(frozen=True)
class AgendaItem:
    """One case on the agenda: what the board is asked and what SpineMet currently recommends."""

    sheet: CaseSheet
    question: str
    decision: str
    decision_title: str
    decided_before: str


def _meeting_date(raw: str) -> dt.date:
    if not raw.strip():
        return dt.datetime.now(dt.UTC).date()
    try:
        return dt.date.fromisoformat(raw.strip())
    except ValueError:
        raise Refused(400, "Not a date", f"'{raw}' is not a date; give the meeting's date as YYYY-MM-DD, "
                                         "e.g. 2026-12-03.") from None


def _item(sheet: CaseSheet) -> AgendaItem:
    from spinemet.report.present import first_sentence, rule_title, words

    a = sheet.assessment
    asking = next((r for r in a.recommendations if r.status.value == "needs_information"), None)
    if a.alerts:
        question = f"{words(a.alerts[0].title)}: what now?"
    elif asking is not None:
        question = f"{rule_title(asking.rule) or asking.decision_point}: {first_sentence(words(asking.statement))}"
    else:
        question = "Review of the course"
    first = a.recommendations[0] if a.recommendations else None
    earlier = [e for _d, e in sheet.case.ordered_events() if e.type == "decision"]
    return AgendaItem(
        sheet, question,
        first_sentence(words(first.statement), 220) if first else "No recommendation applies.",
        (rule_title(first.rule) or first.decision_point) if first else "",
        getattr(earlier[-1], "summary", "") if earlier else "",
    )


@router.get("/board")
def meeting(request: Request, date: str = "", case: list[str] = Query(default=[])) -> Response:
    """The agenda of the meeting on ``date`` with each case's question and current decision."""
    user = require_user(request)
    on = _meeting_date(date)
    service = ctx(request).service
    chosen = list(dict.fromkeys(c.strip() for c in case if c.strip()))[:MAX_AGENDA]
    if not chosen:
        try:
            found = service.list_cases(user, open_alerts=True, limit=MAX_AGENDA)
        except PermissionDenied:
            raise not_allowed(user, "list cases") from None
        chosen = [row.id for row in found.items]
        automatic = True
    else:
        automatic = False
    items: list[AgendaItem] = []
    missing: list[str] = []
    for case_id in chosen:
        try:
            items.append(_item(service.case_sheet(user, case_id)))
        except (NotFound, PermissionDenied, ValidationFailed):
            missing.append(case_id)
    return render(request, "meeting.html", user=user, nav="board", on=on, items=items, missing=missing,
                  automatic=automatic, identified=user.sees_identifiers,
                  agenda_query=urlencode([("date", on.isoformat()), *(("case", i.sheet.case.id) for i in items)]),
                  back_path=f"/board?{urlencode([('date', on.isoformat()), *(('case', c) for c in chosen)])}",
                  day_of=lambda s: _day_on(s, on))


def _day_on(sheet: CaseSheet, on: dt.date) -> dict[str, Any]:
    """How the board's decision is dated: the meeting's date when the case has an index date, else
    the day is asked (never guessed)."""
    if sheet.case.index_date is not None:
        return {"date": on.isoformat(), "day": (on - sheet.case.index_date).days}
    return {"date": None, "day": None}
