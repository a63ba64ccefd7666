"""De-identification for researchers: no identifiers, no free text, no calendar dates.

What a researcher receives: the research id (a random ``R-…`` handle, never the case id),
sex and age (ages over 89 shown as 90, HIPAA Safe Harbor), the primary tumour and every clinical
fact of the timeline with its day offset from the index date. Removed: the case id and title, the
source, the pseudonym and year of birth, the index date and every calendar date (converted to day
offsets; a calendar date range becomes a day range), event ids (an id that another event refers
to is replaced by a neutral ``e<n>``), and every free-text note (notes, timing notes, impressions, reasons,
complications, causes, outcomes); a decision's summary is replaced by a placeholder. As a last
guard, any remaining string that looks like a calendar date is redacted.
"""

from __future__ import annotations

import re
from typing import Any

from spinemet.case import Case, case_to_data

REDACTED = "(redacted)"
FREE_TEXT = frozenset({"note", "timing_note", "impression", "reason", "complications", "cause", "outcome", "title"})
REPLACED = frozenset({"summary"})
_DATE = re.compile(r"\d{4}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2}|\d{1,2}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{4}")
MAX_AGE = 90


def _scrub(value: Any) -> Any:
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, inner in value.items():
            if key in FREE_TEXT or key == "date" or key.endswith("_date"):
                continue
            out[key] = REDACTED if key in REPLACED else _scrub(inner)
        return out
    if isinstance(value, list):
        return [_scrub(v) for v in value]
    if isinstance(value, str) and _DATE.search(value):
        return REDACTED
    return value


#: fields that name another event by its id (case-file version 2)
_ID_FIELDS = frozenset({"procedure", "treated_by", "compared_with", "embolised_before", "caused_by"})


def _renamed(key: str, value: Any, neutral: dict[str, str]) -> Any:
    if key in ("after", "before") and isinstance(value, dict) and "event" in value:
        return {**value, "event": neutral.get(value["event"], value["event"])}
    if key in _ID_FIELDS and isinstance(value, str) and value in neutral:
        return neutral[value]
    if key == "findings" and isinstance(value, list):
        return [{k: _renamed(k, v, neutral) for k, v in f.items()} if isinstance(f, dict) else f for f in value]
    return value


def _referenced(timeline: list[dict[str, Any]]) -> set[str]:
    out: set[str] = set()
    for item in timeline:
        for key in ("after", "before"):
            if isinstance(item.get(key), dict):
                out.add(item[key]["event"])
        out.update(v for k, v in item.items() if k in _ID_FIELDS and isinstance(v, str))
        for f in item.get("findings") or ():
            if isinstance(f, dict) and isinstance(f.get("caused_by"), str):
                out.add(f["caused_by"])
    return out


def deidentify(case: Case, research_id: str) -> dict[str, Any]:
    """The case as de-identified case-file data (it still validates as a case)."""
    data = case_to_data(case)
    patient: dict[str, Any] = {}
    if case.patient.sex is not None:
        patient["sex"] = data["patient"]["sex"]
    if case.patient.age is not None:
        patient["age"] = min(case.patient.age, MAX_AGE)
    primary = dict(data["primary"])
    if case.primary.diagnosis_date is not None and case.index_date is not None:
        primary["diagnosis_day"] = (case.primary.diagnosis_date - case.index_date).days
    primary.pop("diagnosis_date", None)
    timeline: list[dict[str, Any]] = []
    # Event ids may carry identifying text: an id that other events refer to (case-file version 2:
    # 'after', complications, outcomes) is replaced by a neutral one, every other id is dropped.
    neutral = {e.id: f"e{i}" for i, e in enumerate(case.timeline, start=1) if e.id}
    for event, raw in zip(case.timeline, data["timeline"], strict=True):
        item = {k: _renamed(k, v, neutral) for k, v in raw.items() if k not in ("id", "date", "date_range")}
        if event.is_exactly_dated:
            item["day"] = case.day_of(event)
        elif event.date_range is not None:
            iv = case.interval_of(event)
            item["day_range"] = {"earliest": iv.earliest, "latest": iv.latest}
        timeline.append(item)
    referenced = _referenced(timeline)
    for event, item in zip(case.timeline, timeline, strict=True):
        if event.id and neutral[event.id] in referenced:
            item["id"] = neutral[event.id]
    out: dict[str, Any] = {"schema_version": data["schema_version"], "id": research_id}
    if case.synthetic is not None:
        out["synthetic"] = case.synthetic
    out["patient"] = patient
    out["primary"] = primary
    out["timeline"] = timeline
    scrubbed: dict[str, Any] = _scrub(out)
    scrubbed["id"] = research_id
    return scrubbed
