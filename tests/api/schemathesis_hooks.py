"""schemathesis hooks for the API's contract test (``SCHEMATHESIS_HOOKS=schemathesis_hooks``).

One hook, and only for *positive* cases (requests that claim to be valid) of the operations that
carry a case or an event: a generated case is kept only when the record's own validation accepts
it (:func:`spinemet.service.offline.validate_case`). The OpenAPI description states every rule of
a single field (types, enumerations, exact levels and spans, date patterns, the id grammar, every
limit), but some rules of a case hold *between* fields and cannot be written in JSON Schema: a
calendar date needs the index date, an event is dated one way, a range runs forwards, ids are
unique and references name an existing event, at most one death and nothing after it, units per
laboratory analyte, candidate sites only for an unknown primary. schemathesis cannot know them,
so a case breaking one is not a valid request; the API answers it with a located 422, which the
other tests check. Nothing else is filtered: negative cases, every other operation, every check.

An event is checked alone in a case of its own (no index date, no other events), which keeps only
events that are valid in any case; it may still be refused in the case it is appended to (e.g.
after a recorded death) - not by the cases this test creates, which have no death.
"""

from __future__ import annotations

from typing import Any

import schemathesis

from spinemet.errors import ValidationFailed
from spinemet.service.offline import validate_case

_CASE = {("POST", "/cases"), ("POST", "/cases/import")}
_CALCULATOR = {("POST", "/calculator")}
_EVENT = {("POST", "/cases/{case_id}/events"), ("PUT", "/cases/{case_id}/events/{event_key}")}

def _case_of(key: tuple[str, str], body: Any) -> Any:
    if key in _CASE:
        return body
    if key in _CALCULATOR:
        return body.get("case") if isinstance(body, dict) else None
    event = body.get("event") if isinstance(body, dict) else None
    return {"id": "hook-check", "primary": {"site": "breast"}, "timeline": [event]}


@schemathesis.hook
def filter_case(context: Any, case: Any) -> bool:
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive:
        return True
    key = (case.method.upper(), case.operation.path)
    if key not in _CASE | _CALCULATOR | _EVENT or not isinstance(case.body, dict):
        return True
    try:
        validate_case(_case_of(key, case.body))
    except ValidationFailed:
        return False  # (a filter that refused every case would make schemathesis report an error)
    return True
