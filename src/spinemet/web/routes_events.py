"""Adding an event to a case: one short form per event type on its own page.

``GET /cases/ID/events`` lists the event types (and shows the chosen one's form with
``?type=imaging``); ``POST /cases/ID/events`` saves. After a save the browser is sent (303) to the
case page, whose first lines say what was saved and which alerts are now open, with focus on that
message; "Save and add another event on the same day" sends it instead to the list of event kinds,
with the same message focused and each kind's link carrying the saved event's day, which the next
form shows filled in and says so ("Day 0, as the event before - change it if not"); "Save, then
<kind> on the same day" goes straight to that kind's form, the saved message focused above it;
"Save, then add on another day: <kind>" opens that kind's form with the day empty; after a refusal the same page comes back with the problems above the form, focus on their
summary, and everything typed kept. The address bar never shows an address that answers a reload
with anything but this page. An event dated before the index date or after the patient's death is
saved only once the user confirms the date.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import Response

from spinemet.case import Case
from spinemet.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from spinemet.report.labels import label
from spinemet.service import Actor, CaseSheet
from spinemet.web.context import (
    Refused,
    ctx,
    no_such_case,
    not_allowed,
    posted_form,
    redirect,
    render,
    require_writer,
    session_of,
)
from spinemet.web.form_fields import SECTION_TITLES, TIMING_HINT
from spinemet.web.form_layout import QUICK_TYPES, layout, sentences
from spinemet.web.forms import (
    EVENT_FORMS,
    FORMS_BY_TYPE,
    LAB_ANALYTES,
    LAB_BOUNDS,
    LAB_STATEMENTS,
    FormOutcome,
    place,
    read_event,
)
from spinemet.web.routes_cases import _event_choices, _fresh_id, _sheet

router = APIRouter(include_in_schema=False)

CONFIRM_FIELD = "confirm_date"
#: the second save button's name and value: save, then add another event on the same day
THEN_FIELD, SAME_DAY = "then", "same_day"
#: the kinds a form offers as "Save, then ... on the same day" (one click saves and opens the next form):
#: the facts of one visit (imaging, neurology, performance) and what the team makes of them
THEN_KINDS = ("imaging", "neuro_exam", "performance", "decision", "surgery")
#: "Save, then add on another day": the kinds of a timeline entered in order; their form opens with the day
#: EMPTY (it is required and not guessed), the saved message focused above it
NEXT_PREFIX = "next:"
NEXT_KINDS = ("imaging", "neuro_exam", "performance", "decision", "surgery", "radiotherapy", "chemoradiotherapy",
              "systemic_therapy", "rehabilitation")
#: the form's "happened after" choice: where an event without a day goes in the timeline (not a field
#: of the event; the service puts the new event right after the event chosen)
PLACE_AFTER = "place_after"


def _page(request: Request, user: Actor, sheet: CaseSheet, kind: str | None, status: int = 200,
          outcome: FormOutcome | None = None, conflict: str | None = None, confirm: str | None = None,
          position: tuple[str, str | None] = ("", None), same_day: int | None = None) -> Response:
    spec = FORMS_BY_TYPE.get(kind or "")
    errors = sentences(outcome.field_errors, spec.fields) if outcome and spec else {}
    values: dict[str, Any] = dict(outcome.values) if outcome else {}
    carried = same_day is not None and outcome is None and spec is not None and any(f.name == "day" for f in spec.fields)
    if carried:
        values["day"] = str(same_day)
    return render(
        request, "event_new.html", status=status, user=user, nav="cases", case=sheet.case, version=sheet.version,
        forms=EVENT_FORMS, spec=spec, lay=layout(spec) if spec else None, quick=QUICK_TYPES,
        labs=LAB_ANALYTES, lab_statements=LAB_STATEMENTS, lab_bounds=LAB_BOUNDS, section_titles=SECTION_TITLES, timing_hint=TIMING_HINT,
        event_choices=_event_choices(sheet.case), values=values, errors=errors, same_day=same_day, carried=carried,
        form_errors=outcome.form_errors if outcome else [], conflict=conflict, confirm=confirm,
        filled={k for k, v in outcome.values.items() if v} if outcome else set(),
        identified=user.sees_identifiers, place_after=position[0], position_error=position[1],
        then_kinds=[FORMS_BY_TYPE[k] for k in THEN_KINDS if spec and k != spec.type],
        next_kinds=[FORMS_BY_TYPE[k] for k in NEXT_KINDS] if spec else [], next_prefix=NEXT_PREFIX,
    )


@router.get("/cases/{case_id}/events")
def event_page(request: Request, case_id: str, type: str = "", day: str = "") -> Response:
    user = require_writer(request)
    sheet = _sheet(request, user, case_id)
    if type and type not in FORMS_BY_TYPE:
        raise Refused(404, "No such kind of event",
                      f"'{type}' is not a kind of event; choose one from the list on the case page.")
    same_day = None
    if day:
        try:
            same_day = int(day)
        except ValueError:
            raise Refused(400, "Day not understood",
                          f"The address gives the day '{day}'; a day must be a whole number, e.g. 28.") from None
    return _page(request, user, sheet, type or None, same_day=same_day)


def _day_of(case: Case, event: Any) -> int | None:
    if event.day is not None:
        return int(event.day)
    if event.date is not None and case.index_date is not None:
        return int((event.date - case.index_date).days)
    return None


def _death_day(case: Case) -> int | None:
    for ev in case.timeline:
        if ev.type == "death" and (ev.day is not None or (ev.date is not None and case.index_date is not None)):
            return int(case.day_of(ev))
    return None


def _unusual_date(case: Case, event: Any) -> str | None:
    """Why the event's date needs a confirmation: before the index date, or after the death."""
    day = _day_of(case, event)
    if day is None or event.type == "death":
        return None
    when = f"day {day}" + (f" ({(case.index_date + dt.timedelta(days=day)).isoformat()})" if case.index_date else "")
    if day < 0:
        return (f"This event is dated {when}, {-day} day{'s' if day != -1 else ''} before the index date (day 0). "
                "That is right for something that happened before the presentation (e.g. the diagnosis of the "
                "primary); otherwise correct the day.")
    death = _death_day(case)
    if death is not None and day > death:
        return f"This event is dated {when}, after the recorded death on day {death}. Check the day before saving."
    return None


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
    place_after = str(form.get(PLACE_AFTER) or "").strip() or None
    if not outcome.ok:
        return _page(request, user, _sheet(request, user, case_id), kind, 422, outcome, position=(place_after or "", None))
    dated = [name for name in ("day", "date") if getattr(outcome.event, name, None) is not None]
    if place_after and dated:
        return _page(request, user, _sheet(request, user, case_id), kind, 422, outcome, position=(place_after, (
            f"'Happened after' places an event whose day is not known; this one has a {' and a '.join(dated)}. "
            "Clear one of them.")))
    if not version_text.isdigit():
        _sheet(request, user, case_id)  # an unknown case is a 404, not a complaint about the form
        raise Refused(400, "Missing version", "The form did not say which version of the case it was based on.")
    before = _sheet(request, user, case_id)
    unusual = _unusual_date(before.case, outcome.event)
    if unusual and form.get(CONFIRM_FIELD) != "yes":
        return _page(request, user, before, kind, 422, outcome, confirm=unusual)
    data = outcome.event.model_dump(mode="json", exclude_none=True)
    if not data.get("id"):
        data["id"] = _fresh_id(before, kind)
    try:
        ctx(request).service.append_event(user, case_id, data, int(version_text), place_after)
    except ValidationFailed as exc:
        at_position = [p.message for p in exc.problems if p.location == PLACE_AFTER]
        place(outcome, spec.fields, [p for p in exc.problems if p.location != PLACE_AFTER], {"event.id": "id"})
        return _page(request, user, _sheet(request, user, case_id), kind, 422, outcome,
                     position=(place_after or "", " ".join(at_position) or None))
    except Conflict:
        fresh = _sheet(request, user, case_id)
        message = (
            f"The case changed while you were entering this (now version {fresh.version}); your entry was NOT saved. "
            "Check the case below and save your entry again."
        )
        return _page(request, user, fresh, kind, 409, outcome, conflict=message)
    except NotFound:
        raise no_such_case(case_id) from None
    except PermissionDenied:
        raise not_allowed(user, "change cases") from None
    after = _sheet(request, user, case_id)
    old = {al.title for al in before.assessment.alerts}
    new = [al.title for al in after.assessment.alerts if al.title not in old]
    day = _day_of(after.case, outcome.event)
    saved = f"{spec.title} saved" + (f" (day {day})" if day is not None else "") + "; scores and decisions are updated."
    if new:
        saved += " New alert: " + "; ".join(new) + "."
    session_of(request).flash(saved)
    back = str(form.get("back") or "")
    if back.startswith("/board?") and "//" not in back:  # the meeting page the decision was recorded from
        return redirect(request, f"{back}#saved")
    then = str(form.get(THEN_FIELD) or "")
    if day is not None and then == SAME_DAY:  # the user said the next event is on this day too
        return redirect(request, f"/cases/{quote(case_id)}/events?day={day}#saved")
    if day is not None and then in THEN_KINDS:  # ... and which kind it is: its form, the day carried
        return redirect(request, f"/cases/{quote(case_id)}/events?type={then}&day={day}#saved")
    if then.removeprefix(NEXT_PREFIX) in NEXT_KINDS and then.startswith(NEXT_PREFIX):  # another day: no day carried
        return redirect(request, f"/cases/{quote(case_id)}/events?type={then.removeprefix(NEXT_PREFIX)}#saved")
    return redirect(request, f"/cases/{quote(case_id)}#saved")


def kind_label(kind: str) -> str:
    spec = FORMS_BY_TYPE.get(kind)
    return spec.title if spec else label(kind)
