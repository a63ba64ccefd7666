"""The pieces the web forms are declared with: a field, a form, option lists and the timing block.

Option lists come from the record's own declarations (the enumerations and ``Literal`` types of
the case models, walked from a field's annotation) and are labelled by
:func:`spinemet.report.labels.label`, so a key added to the record appears on its form with the
same words as everywhere else. A field belongs to a *section*: the main fields, the timing
alternatives ("day not known exactly") or "more detail"; the two last are collapsed until used.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel

from spinemet.case.events import Duration, EventBase, RelativeTime
from spinemet.case.problems import location_text
from spinemet.report.labels import label

Path = tuple[str | int, ...]

#: sections of a form: "" = always shown; the others are collapsed (opened when they hold a value or a problem)
MAIN, TIMING, MORE = "", "timing", "more"
SECTION_TITLES = {
    TIMING: "Day not known exactly? A range, or a time relative to another event",
    MORE: "More detail",
}


@dataclass(frozen=True)
class FormField:
    name: str
    label: str
    # text | int | number | select | bool | textarea | multi | date
    # | list (several, separated by ';') | event (an event of this case, by its id)
    kind: str
    path: Path
    options: tuple[tuple[str, str], ...] = ()
    hint: str = ""
    section: str = MAIN

    @property
    def location(self) -> str:
        return location_text(self.path)


@dataclass(frozen=True)
class EventForm:
    type: str
    title: str
    group: str
    fields: tuple[FormField, ...]
    summary: str = ""

    @property
    def blocks(self) -> tuple[tuple[str, tuple[FormField, ...]], ...]:
        """The fields as the page shows them: the day, the other ways of dating (collapsed), the
        main fields, then "more detail" (collapsed); each section once, fields in declared order."""

        def rank(f: FormField) -> int:
            if f.section == MAIN:
                return 0 if f.name in _WHEN_MAIN else 2
            return 1 if f.section == TIMING else 3

        ordered = sorted(self.fields, key=rank)  # stable: the declared order within a rank
        return tuple((section, tuple(run)) for section, run in itertools.groupby(ordered, key=lambda f: f.section))


# ------------------------------------------------------------------ option lists


def options(enum: type[StrEnum], labels: dict[str, str] | None = None) -> tuple[tuple[str, str], ...]:
    return tuple((m.value, (labels or {}).get(m.value, label(m.value))) for m in enum)


YES_NO = (("true", "Yes"), ("false", "No"))


def _values_of(annotation: Any) -> list[str]:
    """The allowed values an annotation names: a ``Literal``'s values or a ``StrEnum``'s members."""
    found: list[str] = []

    def walk(tp: Any) -> None:
        if isinstance(tp, type) and issubclass(tp, StrEnum):
            found.extend(m.value for m in tp)
        elif get_origin(tp) is Literal:
            found.extend(str(v) for v in get_args(tp))
        else:
            for arg in get_args(tp):
                walk(arg)

    walk(annotation)
    return list(dict.fromkeys(found))


def row_model(model: type[BaseModel], name: str) -> type[BaseModel]:
    """The model of one row of a list field (``list[Row] | None``) of a case model: a form offers a
    few rows of it, each field named after its place in the list."""
    return next(a for a in get_args(get_args(model.model_fields[name].annotation)[0])
                if isinstance(a, type) and issubclass(a, BaseModel))


def model_options(model: type[BaseModel], name: str, labels: dict[str, str] | None = None) -> tuple[tuple[str, str], ...]:
    """The values a field of a case model allows (an enumeration or ``Literal``), each labelled."""
    values = _values_of(model.model_fields[name].annotation)
    if not values:
        extra = model.model_fields[name].json_schema_extra
        declared = extra.get("enum") if isinstance(extra, dict) else None
        values = [str(v) for v in declared] if isinstance(declared, list) else []
    if not values:
        raise ValueError(f"{model.__name__}.{name} declares no allowed values")
    return tuple((v, (labels or {}).get(v, label(v))) for v in values)


#: the old name: the values of a ``Literal[...]`` field of a case model
literal_options = model_options


# ------------------------------------------------------------------ field helpers

def text(name: str, lbl: str, hint: str = "", path: Path | None = None, section: str = MAIN) -> FormField:
    return FormField(name, lbl, "text", path or (name,), hint=hint, section=section)


def integer(name: str, lbl: str, hint: str = "", path: Path | None = None, section: str = MAIN) -> FormField:
    return FormField(name, lbl, "int", path or (name,), hint=hint, section=section)


def number(name: str, lbl: str, hint: str = "", path: Path | None = None, section: str = MAIN) -> FormField:
    return FormField(name, lbl, "number", path or (name,), hint=hint, section=section)


def select(name: str, lbl: str, opts: tuple[tuple[str, str], ...], hint: str = "", path: Path | None = None,
           section: str = MAIN) -> FormField:
    return FormField(name, lbl, "select", path or (name,), opts, hint, section)


def yes_no(name: str, lbl: str, hint: str = "", path: Path | None = None, section: str = MAIN) -> FormField:
    return FormField(name, lbl, "bool", path or (name,), YES_NO, hint, section)


def several(name: str, lbl: str, hint: str = "separate several with ';'", path: Path | None = None,
            section: str = MAIN) -> FormField:
    return FormField(name, lbl, "list", path or (name,), hint=hint, section=section)


def choose(name: str, lbl: str, opts: tuple[tuple[str, str], ...], path: Path | None = None, section: str = MAIN,
           hint: str = "") -> FormField:
    """Tick boxes: several values of one list field (deficits, compartments, procedures)."""
    return FormField(name, lbl, "multi", path or (name,), opts, hint, section)


def event_link(name: str, lbl: str, hint: str = "", path: Path | None = None, section: str = MAIN) -> FormField:
    """An event of this case, chosen by its id (the page lists the events that have one)."""
    return FormField(name, lbl, "event", path or (name,), hint=hint, section=section)


# ------------------------------------------------------------------ when, and the note

#: the relative-time selector: whether the amount is after or before the linked event. It is not a
#: field of the model; :func:`spinemet.web.forms.read_event` moves the ``after`` block to ``before``.
RELATION = "timing.relation"

WHEN: tuple[FormField, ...] = (
    integer("day", "Day", "days since the index date (negative before it)"),
    FormField("date", "or calendar date", "date", ("date",), hint="exact; needs the case's index date", section=TIMING),
    integer("day_range.earliest", "Between day", "earliest possible day", ("day_range", "earliest"), TIMING),
    integer("day_range.latest", "and day", "latest possible day", ("day_range", "latest"), TIMING),
    select(RELATION, "Relative to another event", (("after", "after it"), ("before", "before it")),
           "e.g. 'within one month of surgery': after, 0 to 1 months", ("timing_relation",), TIMING),
    event_link("timing.event", "That event", "events with an id are listed", ("after", "event"), TIMING),
    number("timing.at_least", "At least", "empty = 0", ("after", "at_least"), TIMING),
    number("timing.at_most", "At most", "empty = no upper bound", ("after", "at_most"), TIMING),
    select("timing.unit", "Unit", model_options(RelativeTime, "unit"), "days when empty", ("after", "unit"), TIMING),
    select("timing.wording", "The source's word for it", model_options(RelativeTime, "wording"),
           "e.g. 'immediate' or 'soon' when no amount is given (kept as the word)", ("after", "wording"), TIMING),
    FormField("date_range.earliest", "Between date", "date", ("date_range", "earliest"), section=TIMING),
    FormField("date_range.latest", "and date", "date", ("date_range", "latest"), section=TIMING),
    text("timing_note", "How the source words the time", "e.g. 'within one month of surgery'", section=TIMING),
)
#: the main fields of the timing block, shown before its collapsed alternatives
_WHEN_MAIN = frozenset({"day"})
TIMING_HINT = ("Give one way of dating. Leave every date field empty when only the order is known: the event is "
               "placed after the last one, or after the event chosen in 'Happened after'.")

NOTE: tuple[FormField, ...] = (
    number("duration.at_least", "Lasted at least", "how long the stated state had lasted, e.g. 'weakness for 3 "
           "weeks': 3", ("duration", "at_least"), MORE),
    number("duration.at_most", "Lasted at most", "empty for 'more than'", ("duration", "at_most"), MORE),
    select("duration.unit", "Duration unit", model_options(Duration, "unit"), path=("duration", "unit"), section=MORE),
    event_link("concurrent_with", "Together with", "an event this one was given or happened together with",
               section=MORE),
    *(event_link(f"order_unknown_with.{i + 1}", f"Order not stated relative to {i + 1}",
                 "an event the source does not say came before or after this one",
                 ("order_unknown_with", i), MORE) for i in range(2)),
    text("id", "Event id", "a short name later events can refer to, e.g. surgery-1; given automatically when empty",
         section=MORE),
    FormField("note", "Note", "textarea", ("note",), section=MORE),
)

#: the model fields of every event that the timing block and the note cover
BASE_FIELDS = frozenset(EventBase.model_fields)
