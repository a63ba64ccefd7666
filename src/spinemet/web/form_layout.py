"""How an event form is laid out on its own page: the fields that matter first, the rest behind
"More details"; which fields are required; problems worded as sentences.

The fields themselves are declared in :mod:`spinemet.web.event_forms` (one declaration per model
field). This module only decides their order and grouping on the page, so a field added to a
declaration appears on its form without a change here. Required means required by the record's
own model (``Wound.status``, ``Decision.summary``, ``Complication.kind``, a case's primary site),
never a choice of this page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spinemet.case import EVENT_TYPES, Case
from spinemet.web.form_fields import MAIN, MORE, TIMING, EventForm, FormField

#: fields a clinician reaches for first that their declaration keeps under "More detail": shown
#: with the main fields (the imaging finding's response after treatment, a level instrumented)
PROMOTED: dict[str, frozenset[str]] = {
    "imaging": frozenset({"tumour_resolved", "instrumented"}),
}

#: the event types offered as one-click links at the top of a case, most used first
QUICK_TYPES = ("imaging", "neuro_exam", "performance", "surgery", "radiotherapy", "chemoradiotherapy",
               "systemic_therapy", "rehabilitation", "decision", "histopathology", "pain")


@dataclass(frozen=True)
class Layout:
    """One event form as its page shows it."""

    form: EventForm
    main: tuple[FormField, ...]
    timing: tuple[FormField, ...]
    more: tuple[FormField, ...]
    required: frozenset[str]


def _required(kind: str) -> frozenset[str]:
    model = EVENT_TYPES.get(kind)
    if model is None:
        return frozenset()
    return frozenset(name for name, f in model.model_fields.items() if f.is_required() and name != "type")


def layout(form: EventForm) -> Layout:
    """The main fields (the day first), the other ways of dating, and the rest ("More details")."""
    promoted = PROMOTED.get(form.type, frozenset())
    required = _required(form.type)
    main, timing, more = [], [], []
    for f in form.fields:
        top = str(f.path[0])
        if f.section == MAIN or (f.section == MORE and f.path[-1] in promoted) or top in required:
            main.append(f)
        elif f.section == TIMING:
            timing.append(f)
        else:
            more.append(f)
    main.sort(key=lambda f: 0 if f.name == "day" else 1)  # stable: the declared order otherwise
    return Layout(form, tuple(main), tuple(timing), tuple(more),
                  frozenset(f.name for f in form.fields if str(f.path[0]) in required and len(f.path) == 1))


#: the new-case form's required fields, from the record's model
CASE_REQUIRED = frozenset({"id", "primary.site"}) if "primary" in Case.model_fields else frozenset({"id"})

_EXAMPLES = {"day": "28", "age": "61", "fractions": "5", "cycles": "4", "barthel": "80", "asa_class": "3"}


def sentence(f: FormField | None, message: str) -> str:
    """A problem of a field as a sentence: 'Day must be a whole number, e.g. 28.'"""
    name = f.label if f else "This field"
    example = _EXAMPLES.get(str(f.path[-1]) if f else "", "3")
    low = message.lower()
    if "valid integer" in low or "whole number" in low:
        text = f"{name} must be a whole number, e.g. {example}"
    elif "valid number" in low:
        text = f"{name} must be a number, e.g. 12.5"
    elif "valid date" in low:
        text = f"{name} must be a date, e.g. 2026-03-14"
    elif low == "field required":
        text = f"{name} is required"
    elif low.startswith(("is ", "must ")):
        text = f"{name} {message}"
    elif "should be 'true' or 'false'" in low or "valid boolean" in low:
        text = f"{name} must be yes or no"
    else:
        cleaned = re.sub(r"^(value error|assertion failed),\s*", "", message, flags=re.IGNORECASE).strip()
        text = f"{name}: {cleaned[:1].upper()}{cleaned[1:]}" if cleaned else f"{name} is not valid"
    return text if text.endswith((".", "?", "!")) else text + "."


def sentences(errors: dict[str, list[str]], fields: tuple[FormField, ...]) -> dict[str, list[str]]:
    """Every field problem reworded by :func:`sentence` (the field named by its label)."""
    by_name = {f.name: f for f in fields}
    return {name: [sentence(by_name.get(name), m) for m in msgs] for name, msgs in errors.items()}
