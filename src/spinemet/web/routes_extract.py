"""'New case from text': paste a letter or report, review the draft as the event forms pre-filled --
every value in its event's form field (the same labels and choices as the event forms), beside the
words it came from, to keep, edit or delete -- then save the case. The text is stored only if the
user asks, in the case's source (never part of what researchers see)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import Response
from markupsafe import Markup, escape

from spinemet.errors import Conflict, PermissionDenied, ValidationFailed
from spinemet.report.labels import label
from spinemet.service.extracting import reviewed_case
from spinemet.web.context import (
    ctx,
    not_allowed,
    posted_form,
    redirect,
    render,
    require_writer,
    session_of,
)
from spinemet.web.event_forms import CASE_FIELDS, FORMS_BY_TYPE
from spinemet.web.form_fields import FormField

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True)
class Row:
    """One value of the draft on the review page, in its event form's field where there is one."""

    index: int
    path: str
    where: str
    value: str
    quote: str
    rule: str
    label: str = ""
    #: the field's choices (a select), each (value, label); empty: typed in (JSON for lists and objects)
    options: tuple[tuple[str, str], ...] = ()
    event: int | None = None
    whole_event: bool = False


@dataclass(frozen=True)
class Group:
    """The pre-filled form of one event (or of the patient and primary tumour)."""

    key: str
    title: str
    when: str
    whole: Row | None
    rows: tuple[Row, ...]


def _where(path: str, case: dict[str, Any]) -> str:
    """A reviewed value's place in words: 'imaging (event 3) · findings 1 · level'."""
    if path.startswith("timeline["):
        head, _, rest = path.partition("]")
        i = int(head[len("timeline["):])
        events = case.get("timeline", [])
        kind = label(events[i]["type"]) if i < len(events) else "event"
        detail = rest.lstrip(".").replace("[", " ").replace("]", "").replace(".", " · ").replace("_", " ")
        return f"{kind} (event {i + 1})" + (f" · {detail}" if detail else " (the whole event)")
    return path.replace(".", " · ").replace("_", " ")


_TOKEN = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def _field(event_type: str, tokens: list[str | int]) -> FormField | None:
    """The event form's field a value of the draft goes in (``findings[2].level`` -> the finding's
    level field; ``procedures[1]`` -> the procedures field), or None."""
    form = FORMS_BY_TYPE.get(event_type)
    if form is None or not tokens:
        return None
    wanted = tuple(0 if isinstance(t, int) and i == 1 and tokens[0] == "findings" else t
                   for i, t in enumerate(tokens))
    if isinstance(wanted[-1], int):
        wanted = wanted[:-1]  # one item of a list field: the list's field
    return next((f for f in form.fields if f.path == wanted), None)


def _value_text(value: Any, field: FormField | None) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The value as the field shows it, and the field's choices when it is a choice."""
    if field is not None and field.kind in ("select", "bool", "multi") and field.options:
        shown = ("true" if value else "false") if isinstance(value, bool) else str(value)
        opts = field.options
        if shown not in {k for k, _ in opts}:
            opts = ((shown, shown), *opts)  # a value the form does not list is shown, not lost
        return shown, opts
    if isinstance(value, str):
        return value, ()  # words as they are (saved as words unless they read as JSON)
    return json.dumps(value, ensure_ascii=False), ()


def _rows(result: dict[str, Any]) -> list[Row]:
    events = result["case"].get("timeline", [])
    rows: list[Row] = []
    for i, p in enumerate(result["provenance"]):
        path = p["path"]
        event: int | None = None
        field: FormField | None = None
        whole = False
        if path.startswith("timeline["):
            head, _, rest = path.partition("]")
            event = int(head[len("timeline["):])
            tokens = [int(n) if n else name for name, n in _TOKEN.findall(rest.lstrip("."))]
            whole = not tokens
            if event < len(events) and tokens:
                field = _field(events[event]["type"], tokens)
        else:
            # the patient and primary tumour: the new-case form's own field ("Primary tumour", "Sex", ...)
            case_path = tuple(int(n) if n else name for name, n in _TOKEN.findall(path))
            field = next((f for f in CASE_FIELDS if f.path == case_path), None)
        value, opts = _value_text(p["value"], field)
        where = _where(path, result["case"])
        if field is not None:
            lbl = field.label
        elif event is None:
            lbl = where.replace(" · ", " ").capitalize()  # "primary · site" -> "Primary site"
        else:
            last = where.split(" · ")[-1]
            lbl = _TIMING_LABELS.get(last, last.capitalize())
        rows.append(Row(i, path, where, value, p["quote"], p["rule"], lbl, opts, event, whole))
    return rows


_TIMING_LABELS = {"after": "Time after another event", "before": "Time before another event", "day": "Day",
                  "date": "Date", "date range": "Between the dates", "timing note": "Time, as written"}


def _when(event: dict[str, Any], ids: dict[str, int]) -> str:
    """How the draft dates an event, in words ('day 0', '2019-03-03', '3-3 months after event 4')."""
    if "day" in event:
        return f"day {event['day']}"
    if "date" in event:
        return str(event["date"])
    if "date_range" in event:
        r = event["date_range"]
        return f"between {r.get('earliest')} and {r.get('latest')}"
    for k in ("after", "before"):
        rel = event.get(k)
        if isinstance(rel, dict):
            target = ids.get(str(rel.get("event")))
            name = f"event {target + 1}" if target is not None else str(rel.get("event"))
            lo, hi, unit = rel.get("at_least"), rel.get("at_most"), rel.get("unit", "days")
            if not lo and hi is None:
                amount = ""
            elif hi is None:
                amount = f"at least {lo} {unit} "
            else:
                amount = f"{lo} {unit} " if lo == hi else f"{lo or 0}-{hi} {unit} "
            return f"{amount}{k} {name}"
    return "order only"


def _groups(result: dict[str, Any], rows: list[Row]) -> list[Group]:
    """The rows as forms: the patient and primary tumour, then each event of the draft in order."""
    events = result["case"].get("timeline", [])
    ids = {str(e["id"]): i for i, e in enumerate(events) if e.get("id")}
    out = [Group("case", "Patient and primary tumour", "", None, tuple(r for r in rows if r.event is None))]
    for i, ev in enumerate(events):
        mine = [r for r in rows if r.event == i]
        whole = next((r for r in mine if r.whole_event), None)
        form = FORMS_BY_TYPE.get(ev["type"])
        title = f"Event {i + 1}: {form.title if form is not None else label(ev['type'])}"
        out.append(Group(f"event-{i}", title, _when(ev, ids), whole, tuple(r for r in mine if not r.whole_event)))
    return [g for g in out if g.rows or g.whole is not None]


def _highlighted(text: str, result: dict[str, Any]) -> Markup:
    """The text with each value's source words marked (linked to its row)."""
    marks: dict[tuple[int, int], int] = {}
    for i, p in enumerate(result["provenance"]):
        for a, b in p["spans"]:
            if b > a:
                marks.setdefault((a, b), i)
    out: list[str] = []
    pos = 0
    for (a, b), i in sorted(marks.items()):
        if a < pos:
            continue  # overlapping words are marked once
        out.append(str(escape(text[pos:a])))
        out.append(f'<mark id="src-{i}"><a href="#row-{i}">{escape(text[a:b])}</a></mark>')
        pos = b
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))


def _page(request: Request, status: int = 200, **data: Any) -> Response:
    user = require_writer(request)
    values: dict[str, Any] = {"text": "", "case_id": "", "result": None, "rows": [], "groups": [], "errors": [],
                              "highlighted": None, "keep_text": False}
    values.update(data)
    return render(request, "case_from_text.html", status=status, user=user, nav="new", **values)


@router.get("/cases/from-text")
def from_text_form(request: Request) -> Response:
    return _page(request)


@router.post("/cases/from-text")
async def from_text(request: Request) -> Response:
    user = require_writer(request)
    form = await posted_form(request)
    text = str(form.get("text") or "").replace("\r\n", "\n")  # a form sends CRLF; the text as pasted
    case_id = str(form.get("case_id") or "").strip()
    service = ctx(request).service
    try:
        result = service.extract(user, text, case_id or "draft").as_dict()
    except ValidationFailed as exc:
        return _page(request, 422, text=text, case_id=case_id, errors=[p.message for p in exc.problems])
    except PermissionDenied:
        raise not_allowed(user, "enter cases") from None
    keep_text = form.get("keep_text") == "yes"
    if form.get("action") != "save":
        rows = _rows(result)
        return _page(request, text=text, case_id=case_id, result=result, rows=rows, groups=_groups(result, rows),
                     highlighted=_highlighted(text, result), keep_text=keep_text)
    # save: the draft read again from the same text, with the person's decision on every value
    errors: list[str] = []
    decisions: list[tuple[str, Any, bool]] = []
    for i, p in enumerate(result["provenance"]):
        keep = form.get(f"keep-{i}") == "yes"
        raw = str(form.get(f"value-{i}", json.dumps(p["value"], ensure_ascii=False)))
        try:
            value = json.loads(raw)
        except json.JSONDecodeError:
            value = raw  # plain words typed without quotes, or a choice of the form
        if isinstance(p["value"], str) and not isinstance(value, str):
            value = raw  # words (or a choice that looks like a number: "3" for an ESCC grade) stay words
        decisions.append((p["path"], value, keep))
    if not case_id:
        errors.append("Case identifier: give one (letters, digits, '-', '_' or '.'), e.g. the clinic's pseudonym")
    if not errors:
        try:
            data = reviewed_case(result["case"], decisions, case_id, text if keep_text else None, service.limits)
            stored = service.create_case(user, data)
        except ValidationFailed as exc:
            errors.extend(f"{p.location}: {p.message}" if p.location else p.message for p in exc.problems)
        except Conflict as exc:
            errors.append(str(exc) or f"a case '{case_id}' exists already: choose another identifier")
        else:
            session_of(request).flash(f"Case {stored.id} created from the text: check it against the source.")
            return redirect(request, f"/cases/{quote(stored.id)}")
    rows = _rows(result)
    return _page(request, 422, text=text, case_id=case_id, result=result, rows=rows, groups=_groups(result, rows),
                 highlighted=_highlighted(text, result), keep_text=keep_text, errors=errors)
