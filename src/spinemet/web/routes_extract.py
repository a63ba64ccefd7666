"""'New case from text': paste a letter or report, review every value beside the words it came from
(keep, edit or delete each), then save the case. The text is stored only if the user asks, in the
case's source (never part of what researchers see)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import Response
from markupsafe import Markup, escape

from spinemet.errors import Conflict, PermissionDenied, ValidationFailed
from spinemet.report.labels import label
from spinemet.service.extracting import reviewed_case
from spinemet.web.context import Refused, ctx, posted_form, redirect, render, require_writer, session_of

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True)
class Row:
    """One value of the draft on the review page."""

    index: int
    path: str
    where: str
    value: str
    quote: str
    rule: str


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


def _rows(result: dict[str, Any]) -> list[Row]:
    return [Row(i, p["path"], _where(p["path"], result["case"]), json.dumps(p["value"], ensure_ascii=False),
                p["quote"], p["rule"]) for i, p in enumerate(result["provenance"])]


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
    values: dict[str, Any] = {"text": "", "case_id": "", "result": None, "rows": [], "errors": [],
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
        raise Refused(403, "Not allowed", f"Your role ({user.role.value}) may not enter cases.") from None
    keep_text = form.get("keep_text") == "yes"
    if form.get("action") != "save":
        return _page(request, text=text, case_id=case_id, result=result, rows=_rows(result),
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
            value = raw  # plain words typed without quotes
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
    return _page(request, 422, text=text, case_id=case_id, result=result, rows=_rows(result),
                 highlighted=_highlighted(text, result), keep_text=keep_text, errors=errors)
