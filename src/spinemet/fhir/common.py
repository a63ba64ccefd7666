"""What every part of SpineMet's FHIR mapping shares: SpineMet's URLs, the bundle's full URLs, the
day-offset extension, SpineMet's own codings and the detail extension that carries what FHIR has no
element for.

The lossless rule: each case fact is written to a FHIR element where FHIR (or mCODE) has one, and the
import reads it back from that element. A field with no FHIR element travels in the resource's
:data:`DETAIL` extension (a JSON object of the case file's own field names and values), so an exported
bundle reads back to the same case, field for field, and nothing is dropped on the way.
"""

from __future__ import annotations

import json
import uuid
from functools import cache
from typing import Any

from spinemet.anatomy import Level, Span, are_contiguous
from spinemet.case.timing import DayInterval
from spinemet.fhir import terminology as term

__all__ = [
    "BASE",
    "DAYS_SINCE_INDEX",
    "DERIVED",
    "DETAIL",
    "EVENT_TYPE",
    "SITE_ROLE",
    "TIMELINE_ENTRY",
    "days_extension",
    "detail_extension",
    "ext",
    "full_url",
    "levels_fields",
    "meta",
    "runs_of",
    "sm",
    "sm_system",
    "span_of",
    "vertebra_concept",
]

#: SpineMet's FHIR base URL (its own CodeSystems and StructureDefinitions live under it; see docs/fhir.md)
BASE = "https://spinemet.org/fhir"

#: when something happened, in days since the case's index date (valueInteger: the day the case states;
#: valueRange with low/high in days: the days within which it happened, as resolved from the case's dating)
DAYS_SINCE_INDEX = f"{BASE}/StructureDefinition/days-since-index"
#: the case file's fields of the event (or patient, primary) that no FHIR element carries, as JSON
DETAIL = f"{BASE}/StructureDefinition/case-detail"
#: the place (0-based) of the event in the case's timeline, on every resource written for that event
TIMELINE_ENTRY = f"{BASE}/StructureDefinition/timeline-entry"
#: what a vertebra in a procedure's bodySite is: the levels treated or the fixation span
SITE_ROLE = f"{BASE}/StructureDefinition/body-site-role"
#: meta.tag system: the case event type a resource was written for
EVENT_TYPE = f"{BASE}/CodeSystem/event-type"
#: meta.tag code of resources derived from the case (scores, conditions, disease status): recomputed
#: from the case on import, never read back as facts
DERIVED = {"system": f"{BASE}/CodeSystem/resource-role", "code": "derived"}

_NAMESPACE = uuid.UUID("6d1f4f3e-2b1a-5c39-9a57-5f0e3c1b7a11")


@cache
def full_url(key: str) -> str:
    """An entry's ``urn:uuid`` full URL, derived from the resource's role in the bundle only (never from
    the case's identifier, so the URLs carry nothing identifying)."""
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, key)}"


def sm_system(name: str) -> str:
    """The URL of one of SpineMet's CodeSystems (its codes are the case file's vocabulary keys)."""
    return f"{BASE}/CodeSystem/{name}"


def sm(name: str, code: str) -> dict[str, str]:
    """A coding of SpineMet's CodeSystem ``name``."""
    return {"system": sm_system(name), "code": code}


def ext(url: str, **value: Any) -> dict[str, Any]:
    return {"url": url, **value}


def meta(profile: str | None, event_type: str | None = None, derived: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if profile:
        out["profile"] = [profile if "://" in profile else term.profile(profile)]
    tags = []
    if event_type:
        tags.append({"system": EVENT_TYPE, "code": event_type})
    if derived:
        tags.append(dict(DERIVED))
    if tags:
        out["tag"] = tags
    return out


def _days(value: int) -> dict[str, Any]:
    return {"value": value, "unit": "d", "system": "http://unitsofmeasure.org", "code": "d"}


def days_extension(interval: DayInterval | None, stated_day: int | None) -> list[dict[str, Any]]:
    """The day offset as the SpineMet extension: ``valueInteger`` for a day the case states, else the
    interval the case's dating resolves to (``valueRange``; low = high for a day found from other
    events); empty when nothing is known."""
    if stated_day is not None:
        return [ext(DAYS_SINCE_INDEX, valueInteger=stated_day)]
    if interval is None:
        return []
    bounds: dict[str, Any] = {}
    if interval.earliest is not None:
        bounds["low"] = _days(interval.earliest)
    if interval.latest is not None:
        bounds["high"] = _days(interval.latest)
    return [ext(DAYS_SINCE_INDEX, valueRange=bounds)] if bounds else []


#: ``json.dumps(..., sort_keys=True, separators=(",", ":"), ensure_ascii=False)``, the encoder made once
_DETAIL_JSON = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False, check_circular=False).encode


def detail_extension(fields: dict[str, Any]) -> dict[str, Any]:
    """The case-detail extension: the fields FHIR has no element for, as compact JSON."""
    return ext(DETAIL, valueString=_DETAIL_JSON(fields))


def vertebra_concept(level: Level) -> dict[str, Any]:
    """A vertebra as a CodeableConcept: its SNOMED CT code (DICOM) and the level as text."""
    coding, _whole = term.vertebra(level)
    return {"coding": [coding.as_fhir()], "text": str(level)}


def span_of(levels: list[Level]) -> Span:
    """The span of ``levels``, which must be one unbroken run (a SpineMet span never skips a level)."""
    if not are_contiguous(levels):
        raise ValueError(f"vertebrae {', '.join(str(lv) for lv in sorted(set(levels)))} are not one unbroken run; "
                         "a span names every level from one end to the other")
    return Span(min(levels), max(levels))


def runs_of(levels: list[Level]) -> list[Span]:
    """``levels`` as unbroken runs, cranial to caudal (T3, T6, T7, T8 -> T3, T6-T8)."""
    runs: list[list[Level]] = []
    for level in sorted(set(levels)):
        if runs and int(level) == int(runs[-1][-1]) + 1:
            runs[-1].append(level)
        else:
            runs.append([level])
    return [Span(run[0], run[-1]) for run in runs]


def levels_fields(levels: list[Level]) -> dict[str, Any]:
    """The case file's way of naming treated vertebrae: ``levels`` (one run) or ``spans`` (several)."""
    runs = runs_of(levels)
    return {"levels": str(runs[0])} if len(runs) == 1 else {"spans": [str(r) for r in runs]}
