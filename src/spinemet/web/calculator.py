"""The calculator: one set of facts for a patient who is not stored -> every instrument.

The facts are read into a one-day case (day 0) that the service validates and assesses, so the
calculator and the case page compute the same way and report problems at the same fields.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from spinemet.case.problems import location_text
from spinemet.case.vocab import Analyte, PrimarySite
from spinemet.errors import Problem
from spinemet.web.forms import FORMS_BY_TYPE, FormField, FormOutcome, options, place, set_path


@dataclass(frozen=True)
class CalcField:
    field: FormField
    event: str  # "" for the primary tumour, else an event type


def _from(event: str, *names: str) -> tuple[CalcField, ...]:
    spec = FORMS_BY_TYPE[event]
    out = []
    for name in names:
        f = next(f for f in spec.fields if f.name == name)
        out.append(CalcField(FormField(f"{event}.{name}", f.label, f.kind, f.path, f.options, f.hint), event))
    return tuple(out)


SECTIONS: tuple[tuple[str, tuple[CalcField, ...]], ...] = (
    ("Primary tumour", (
        CalcField(FormField("primary.site", "Primary tumour", "select", ("primary", "site"), options(PrimarySite)), ""),
        CalcField(FormField("primary.diagnosis_day", "Primary diagnosed, days before today (negative)", "int",
                            ("primary", "diagnosis_day")), ""),
    )),
    ("The lesion (imaging)", _from("imaging", "level", "escc", "cord_compression", "lesion_type", "collapse",
                                   "alignment", "posterolateral", "pathological_fracture")),
    ("Pain", _from("pain", "character")),
    ("Neurology", _from("neuro_exam", "frankel", "asia", "ambulatory", "motor_deficit")),
    ("Performance status", _from("performance", "kps", "ecog")),
    ("Disease burden", _from("disease_burden", "extraspinal_bone_mets", "vertebral_mets", "visceral_mets_present",
                             "brain_mets")),
)

ALBUMIN = FormField("labs.albumin", "Serum albumin, g/dL", "number", ("values", 0, "value"))


@dataclass
class CalculatorInput:
    """The posted facts: the form's values, and the one-day case they make (None when a problem
    was found before the case could be made); ``order`` is the order of its events."""

    outcome: FormOutcome
    data: dict[str, Any] | None
    order: list[str]


def read_calculator(posted: Mapping[str, Any]) -> CalculatorInput:
    """The facts as one-day case data (validated by the service), or the problems at the calculator's fields."""
    values: dict[str, Any] = {}
    primary: dict[str, Any] = {}
    events: dict[str, dict[str, Any]] = {}
    for _, section_fields in SECTIONS:
        for c in section_fields:
            text = str(posted.get(c.field.name) or "").strip()
            values[c.field.name] = text
            if not text:
                continue
            if c.event == "":
                set_path(primary, c.field.path[1:], text)
            else:
                set_path(events.setdefault(c.event, {"type": c.event, "day": 0}), c.field.path, text)
    albumin = str(posted.get(ALBUMIN.name) or "").strip()
    values[ALBUMIN.name] = albumin
    if albumin:
        events["labs"] = {"type": "labs", "day": 0, "values": [{"analyte": Analyte.ALBUMIN.value, "value": albumin, "unit": "g/dL"}]}
    outcome = FormOutcome(None, values)
    if not primary.get("site"):
        primary["site"] = "unknown"
    order = list(events)
    if "imaging" in events:
        events["imaging"]["modality"] = "mri"
        if not events["imaging"].get("findings", [{}])[0].get("level"):
            outcome.field_errors["imaging.level"] = ["is required when lesion facts are given, e.g. T6"]
            return CalculatorInput(outcome, None, order)
    data = {"id": "calculator", "primary": primary, "timeline": [events[k] for k in order]}
    return CalculatorInput(outcome, data, order)


def place_problems(given: CalculatorInput, problems: Sequence[Problem]) -> None:
    """Show each problem the service found at the calculator field it names."""
    extra: dict[str, str] = {}
    header: list[FormField] = []
    order = given.order
    for _, section in SECTIONS:
        for c in section:
            if c.event == "":
                header.append(c.field)
            elif c.event in order:
                loc = f"timeline[{order.index(c.event)}]." + location_text(c.field.path)
                extra[loc] = c.field.name
    if "labs" in order:
        extra[f"timeline[{order.index('labs')}].values[0]"] = ALBUMIN.name
    place(given.outcome, header, problems, extra, strip_timeline=False)
