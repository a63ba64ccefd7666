"""The forms that add an event to a timeline: declared as data, rendered by one macro,
read back by one function, and validated by the case model itself.

A field that is left empty is unknown and is not sent. A validation problem located at
``findings[0].escc`` (or ``timeline[7].findings[0].escc`` from the service) is shown next
to the field whose path it names; problems of the whole event are shown above the form.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Literal, get_args, get_origin

from pydantic import TypeAdapter, ValidationError

from spinemet.case import EVENT_TYPES, Event, parse_case
from spinemet.case.events import LevelFinding, Pain, Wound
from spinemet.case.problems import location_text, problems_from
from spinemet.case.units import allowed_units
from spinemet.case.vocab import (
    Alignment,
    Ambulatory,
    Analyte,
    AsiaGrade,
    Collapse,
    Differentiation,
    DrugClass,
    LesionType,
    Modality,
    Necrosis,
    NetClassification,
    PainCharacter,
    Posterolateral,
    PrimarySite,
    RehabSetting,
    RtTechnique,
    Sex,
    Sphincter,
    SurgeryProcedure,
    VisceralOrgan,
)
from spinemet.errors import Problem, ValidationFailed
from spinemet.report.labels import label
from spinemet.service import offline

Path = tuple[str | int, ...]

_EVENT: TypeAdapter[Event] = TypeAdapter(Event)


@dataclass(frozen=True)
class FormField:
    name: str
    label: str
    kind: str  # text | int | number | select | bool | textarea | multi | date | list (several, separated by ';')
    path: Path
    options: tuple[tuple[str, str], ...] = ()
    hint: str = ""

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


@dataclass
class FormOutcome:
    """The result of reading a posted form: the validated record, or the problems by field."""

    event: Any
    values: dict[str, Any]
    field_errors: dict[str, list[str]] = field(default_factory=dict)
    form_errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.event is not None and not self.field_errors and not self.form_errors


# ------------------------------------------------------------------ option lists


def _answer_labels(instrument: str, item: str) -> dict[str, str]:
    """The answers of an instrument's item with their labels, as declared (and cited) there."""
    return {a.key: a.label for a in offline.declaration(instrument).item(item).answers}


#: Bilsky's grades as the ESCC declaration words them (Bilsky 2010)
_ESCC = _answer_labels("escc", "grade")

#: short words that mean something else elsewhere: labelled only on the histopathology form
_NET_LABELS = {"well": "Well differentiated", "poor": "Poorly differentiated"}

#: Frankel's grades as the Frankel declaration words them (Frankel 1969)
_FRANKEL = _answer_labels("frankel", "grade")


def options(enum: type[StrEnum], labels: Mapping[str, str] | None = None) -> tuple[tuple[str, str], ...]:
    return tuple((m.value, (labels or {}).get(m.value, label(m.value))) for m in enum)


YES_NO = (("true", "Yes"), ("false", "No"))


def literal_options(model: type[Any], name: str) -> tuple[tuple[str, str], ...]:
    """The values of a ``Literal[...]`` field of a case model (optional or not), each labelled."""
    found: list[str] = []

    def walk(tp: Any) -> None:
        if get_origin(tp) is Literal:
            found.extend(str(v) for v in get_args(tp))
        else:
            for arg in get_args(tp):
                walk(arg)

    walk(model.model_fields[name].annotation)
    return tuple((v, label(v)) for v in found)


# ------------------------------------------------------------------ field helpers

def _text(name: str, lbl: str, hint: str = "", path: Path | None = None) -> FormField:
    return FormField(name, lbl, "text", path or (name,), hint=hint)


def _int(name: str, lbl: str, hint: str = "", path: Path | None = None) -> FormField:
    return FormField(name, lbl, "int", path or (name,), hint=hint)


def _num(name: str, lbl: str, hint: str = "", path: Path | None = None) -> FormField:
    return FormField(name, lbl, "number", path or (name,), hint=hint)


def _sel(name: str, lbl: str, opts: tuple[tuple[str, str], ...], hint: str = "", path: Path | None = None) -> FormField:
    return FormField(name, lbl, "select", path or (name,), opts, hint)


def _bool(name: str, lbl: str, hint: str = "", path: Path | None = None) -> FormField:
    return FormField(name, lbl, "bool", path or (name,), YES_NO, hint)


def _list(name: str, lbl: str, hint: str = "separate several with ';'", path: Path | None = None) -> FormField:
    return FormField(name, lbl, "list", path or (name,), hint=hint)


_WHEN = (
    _int("day", "Day", "days since the index date (negative before it)"),
    FormField("date", "or calendar date", "date", ("date",), hint="needs the case's index date"),
)
_NOTE = (
    _text("timing_note", "How precisely the day is known", "e.g. 'within one month of surgery'; empty when exact"),
    FormField("note", "Note", "textarea", ("note",)),
)
#: the tri-state 'neuro-endocrine neoplasm' question of the histopathology form: it is not a
#: field of the model but says whether the ``neuroendocrine`` block is present (read_event)
NET_FLAG = "neuroendocrine"
#: MRC power of the four limbs (the model takes any muscle group; these are the usual ones)
MRC_LIMBS = (("left_upper", "left arm"), ("right_upper", "right arm"), ("left_lower", "left leg"), ("right_lower", "right leg"))


def _finding(name: str, lbl: str, kind: str, opts: tuple[tuple[str, str], ...] = (), hint: str = "") -> FormField:
    return FormField(name, lbl, kind, ("findings", 0, name), opts if kind != "bool" else YES_NO, hint)


EVENT_FORMS: tuple[EventForm, ...] = (
    EventForm("imaging", "Imaging finding", "observation", (
        *_WHEN,
        _sel("modality", "Modality", options(Modality)),
        _finding("level", "Level", "text", hint="e.g. T6"),
        _finding("escc", "Bilsky ESCC grade", "select", tuple(_ESCC.items())),
        _finding("cord_compression", "Cord compressed", "bool", hint="when the exact ESCC grade is not known"),
        _finding("lesion_type", "Bone lesion", "select", options(LesionType)),
        _finding("collapse", "Vertebral body collapse", "select", options(Collapse)),
        _finding("collapse_percent", "Vertebral body height loss, %", "number"),
        _finding("body_involvement_percent", "Share of the vertebral body replaced by tumour, %", "number"),
        _finding("alignment", "Alignment", "select", options(Alignment)),
        _finding("posterolateral", "Posterolateral involvement", "select", options(Posterolateral)),
        _finding("pathological_fracture", "Pathological fracture", "bool"),
        _finding("retropulsion", "Retropulsed fragment into the canal", "bool"),
        _finding("canal_compromise_percent", "Spinal canal compromise, %", "number"),
        _finding("epidural_extent", "Epidural tumour extent (levels)", "text", hint="e.g. T5-T7"),
        _finding("soft_tissue_mm", "Paraspinal soft-tissue extension, mm", "number"),
        _finding("lesion_size_mm", "Largest lesion diameter, mm", "number"),
        _finding("new_lesion", "New lesion (not on the previous study)", "bool"),
        _finding("bone_response", "Bone response (MD Anderson)", "select", literal_options(LevelFinding, "bone_response")),
        _finding("tumour_resolved", "No residual tumour at this level", "bool"),
        _finding("instrumented", "Level instrumented", "bool"),
        _bool("whole_spine", "Whole spine imaged"),
        _list("sequences", "Sequences", "e.g. T1; T2; STIR (separate with ';')"),
        _text("tracer", "Tracer", "PET or scintigraphy, e.g. FDG, Ga-68 DOTATATE"),
        _text("impression", "Impression"),
        *_NOTE,
    ), "One level per entry; add another entry for each further level."),
    EventForm("neuro_exam", "Neurological exam", "observation", (
        *_WHEN,
        _sel("frankel", "Frankel grade", tuple(_FRANKEL.items())),
        _sel("asia", "ASIA impairment grade", options(AsiaGrade)),
        _sel("ambulatory", "Ambulatory status", options(Ambulatory)),
        _bool("motor_deficit", "Motor deficit"),
        _int("motor_deficit_onset_day", "Motor deficit began on day", "days since the index date"),
        _bool("new_deficit", "New or worse deficit since the last exam or treatment",
              "the examiner's judgement, e.g. a report's 'new neurological compromise'"),
        _bool("suspected_instability", "Neurological picture suggests spinal instability",
              "the clinician's judgement; 'Yes' triggers immobilisation (NICE NG234)"),
        *(_int(f"mrc.{key}", f"MRC power, {text} (0–5)", path=("mrc", key)) for key, text in MRC_LIMBS),
        _sel("sphincter", "Sphincter function", options(Sphincter)),
        _bool("myelopathy", "Myelopathy"),
        _bool("radiculopathy", "Radiculopathy"),
        _text("sensory_level", "Sensory level", "e.g. T8"),
        _num("complete_paraplegia_hours", "Complete paraplegia for, hours", "only when paraplegia is complete"),
        *_NOTE,
    )),
    EventForm("performance", "Performance status", "observation", (
        *_WHEN,
        _sel("kps", "Karnofsky (KPS)", tuple((str(k), str(k)) for k in range(100, -1, -10))),
        _sel("ecog", "ECOG", tuple((str(k), str(k)) for k in range(6))),
        *_NOTE,
    ), "Record the scale that was measured."),
    EventForm("pain", "Pain", "observation", (
        *_WHEN,
        _sel("character", "Character (SINS pain)", options(PainCharacter)),
        _int("nrs", "NRS 0–10"),
        _num("omed_mg", "Oral morphine equivalent, mg/day"),
        _sel("spinal_region", "Spinal region", literal_options(Pain, "spinal_region")),
        _bool("progressive", "Progressive pain"),
        _bool("night_pain", "Night pain"),
        _bool("worse_on_straining", "Worse on straining, coughing or sneezing"),
        _bool("tenderness", "Localised spinal tenderness"),
        _bool("radicular", "Radicular pain"),
        *_NOTE,
    )),
    EventForm("labs", "Laboratory values", "observation", (
        *_WHEN,
        _bool("calcium_corrected", "Calcium corrected for albumin"),
        *_NOTE,
    ), "Enter the values measured; leave the rest empty."),
    EventForm("disease_burden", "Disease burden", "observation", (
        *_WHEN,
        _int("extraspinal_bone_mets", "Extraspinal bone metastases (count)"),
        _int("vertebral_mets", "Involved vertebrae (count)"),
        _bool("visceral_mets_present", "Visceral metastases"),
        _sel("visceral.organ", "Visceral metastasis: organ", options(VisceralOrgan),
             "one organ here; import a case file for several", path=("visceral", 0, "organ")),
        _bool("visceral.removable", "That visceral metastasis is resectable", path=("visceral", 0, "removable")),
        _bool("visceral.treatable", "That visceral metastasis is treatable", path=("visceral", 0, "treatable")),
        _bool("brain_mets", "Brain metastases"),
        _bool("pleural_or_peritoneal_dissemination", "Pleural or peritoneal dissemination"),
        _bool("leptomeningeal_dissemination", "Leptomeningeal dissemination"),
        *_NOTE,
    )),
    EventForm("fitness", "Fitness for surgery", "observation", (
        *_WHEN,
        _int("asa_class", "ASA class"),
        _bool("fit_for_surgery", "Fit for surgery"),
        _num("expected_survival_months", "Expected survival, months"),
        _bool("diabetes", "Diabetes"),
        _bool("steroid_contraindication", "Contraindication to corticosteroids"),
        _list("comorbidities", "Comorbidities"),
        *_NOTE,
    )),
    EventForm("histopathology", "Histopathology", "observation", (
        *_WHEN,
        _text("histology", "Histology", "e.g. invasive ductal carcinoma"),
        _text("specimen_level", "Specimen from level", "e.g. T6"),
        _bool("hormone_dependent", "Hormone receptor positive / hormone dependent"),
        _bool(NET_FLAG, "Neuro-endocrine neoplasm", "'Yes' records a neuro-endocrine tumour even when its grade is not reported"),
        _sel("neuroendocrine.classification", "WHO neuro-endocrine class", options(NetClassification),
             path=("neuroendocrine", "classification")),
        _sel("neuroendocrine.differentiation", "Differentiation", options(Differentiation, _NET_LABELS),
             path=("neuroendocrine", "differentiation")),
        _num("neuroendocrine.ki67_percent", "Ki-67 index, %", path=("neuroendocrine", "ki67_percent")),
        _num("neuroendocrine.mitoses_per_2mm2", "Mitoses per 2 mm²", path=("neuroendocrine", "mitoses_per_2mm2")),
        _sel("neuroendocrine.necrosis", "Necrosis", options(Necrosis), path=("neuroendocrine", "necrosis")),
        *_NOTE,
    ), "A biopsy or resection report; the neuro-endocrine fields only for neuro-endocrine tumours."),
    EventForm("wound", "Wound check", "observation", (
        *_WHEN,
        _sel("status", "Surgical wound status", literal_options(Wound, "status"),
             "sets when postoperative radiotherapy may start and the risk of re-operation"),
        *_NOTE,
    ), "The state of the surgical wound at this check."),
    EventForm("surgery", "Surgery", "intervention", (
        *_WHEN,
        FormField("procedures", "Procedures", "multi", ("procedures",), options(SurgeryProcedure)),
        _text("levels", "Levels treated", "e.g. T6 or T5-T7"),
        _text("fixation_span", "Fixation span", "e.g. T3-T8"),
        _bool("cement_augmented_screws", "Cement-augmented screws"),
        _bool("anterior_reconstruction", "Anterior column reconstruction"),
        _text("complications", "Complications"),
        *_NOTE,
    )),
    EventForm("radiotherapy", "Radiotherapy", "intervention", (
        *_WHEN,
        _sel("technique", "Technique", options(RtTechnique)),
        _num("dose_gy", "Total dose, Gy"),
        _int("fractions", "Fractions"),
        _text("levels", "Levels", "e.g. T5-T7"),
        _int("end_day", "End day"),
        *_NOTE,
    )),
    EventForm("systemic_therapy", "Systemic therapy", "intervention", (
        *_WHEN,
        _text("regimen", "Regimen"),
        _sel("drug_class", "Drug class", options(DrugClass)),
        _int("end_day", "End day"),
        *_NOTE,
    )),
    EventForm("chemoradiotherapy", "Chemo-radiotherapy", "intervention", (
        *_WHEN,
        _sel("technique", "Technique", options(RtTechnique)),
        _num("dose_gy", "Total dose, Gy"),
        _int("fractions", "Fractions"),
        _text("levels", "Levels", "e.g. T6"),
        _text("regimen", "Regimen"),
        _sel("drug_class", "Drug class", options(DrugClass)),
        _int("end_day", "End day"),
        *_NOTE,
    )),
    EventForm("corticosteroids", "Corticosteroids", "intervention", (
        *_WHEN,
        _text("drug", "Drug"),
        _num("loading_dose_mg", "Loading dose, mg"),
        _num("daily_dose_mg", "Daily dose, mg"),
        *_NOTE,
    )),
    EventForm("rehabilitation", "Rehabilitation", "intervention", (
        *_WHEN,
        _sel("setting", "Setting", options(RehabSetting)),
        _int("barthel", "Barthel index 0–100"),
        _int("fim", "FIM 18–126"),
        _int("end_day", "End day"),
        _text("outcome", "Outcome"),
        *_NOTE,
    )),
    EventForm("decision", "Team decision", "intervention", (
        *_WHEN,
        _text("summary", "Decision"),
        _text("reason", "Reason"),
        _list("rejected_options", "Options considered and rejected"),
        *_NOTE,
    )),
    EventForm("last_contact", "Last contact", "outcome", (
        *_WHEN,
        _sel("alive", "Alive", YES_NO),
        *_NOTE,
    )),
    EventForm("death", "Death", "outcome", (
        *_WHEN,
        _text("cause", "Cause"),
        *_NOTE,
    )),
)

FORMS_BY_TYPE = {f.type: f for f in EVENT_FORMS}

#: the analytes offered on the labs form, each with its accepted units
LAB_ANALYTES: tuple[tuple[str, str, tuple[str, ...]], ...] = tuple(
    (a.value, label(a.value), tuple(allowed_units(a))) for a in Analyte
)


# ------------------------------------------------------------------ reading a form

def set_path(data: dict[str, Any], path: Path, value: Any) -> None:
    node: Any = data
    for here, nxt in itertools.pairwise(path):
        if isinstance(here, int):
            while len(node) <= here:
                node.append({} if not isinstance(nxt, int) else [])
            node = node[here]
        else:
            if here not in node:
                node[here] = [] if isinstance(nxt, int) else {}
            node = node[here]
    last = path[-1]
    if isinstance(last, int):
        while len(node) <= last:
            node.append(None)
    node[last] = value


def _clean(raw: object) -> str:
    return raw.strip() if isinstance(raw, str) else ""


def read_event(form: EventForm, posted: Mapping[str, Any], multi: Mapping[str, list[str]]) -> FormOutcome:
    """Turn the posted fields of ``form`` into a validated event, or located problems."""
    values: dict[str, Any] = {}
    data: dict[str, Any] = {"type": form.type}
    for f in form.fields:
        if f.kind == "multi":
            chosen = [v for v in multi.get(f.name, []) if v]
            values[f.name] = chosen
            if chosen:
                set_path(data, f.path, chosen)
            continue
        text = _clean(posted.get(f.name))
        values[f.name] = text
        if f.name == NET_FLAG and form.type == "histopathology":
            continue
        if text and f.kind == "list":
            items = [part.strip() for part in text.split(";") if part.strip()]
            if items:
                set_path(data, f.path, items)
        elif text:
            set_path(data, f.path, text)
    if form.type == "histopathology":
        flag = values.get(NET_FLAG)
        if flag == "true":
            data.setdefault("neuroendocrine", {})
        elif flag == "false" and "neuroendocrine" in data:
            return FormOutcome(None, values, {NET_FLAG: ["is 'No', but neuro-endocrine grading is entered below"]})
    lab_locations: dict[str, str] = {}
    if form.type == "labs":
        entries: list[dict[str, str]] = []
        for key, _lbl, units in LAB_ANALYTES:
            value = _clean(posted.get(f"lab_{key}"))
            unit = _clean(posted.get(f"lab_{key}_unit")) or units[0]
            values[f"lab_{key}"] = value
            values[f"lab_{key}_unit"] = unit
            if value:
                lab_locations[f"values[{len(entries)}]"] = f"lab_{key}"
                entries.append({"analyte": key, "value": value, "unit": unit})
        data["values"] = entries
    if "findings" in data and not data["findings"][0].get("level"):
        # a finding without a level: say so at the level field rather than as a missing key
        return FormOutcome(None, values, {"level": ["is required: the vertebral level of this finding, e.g. T6"]})
    try:
        event = _EVENT.validate_python(data)  # the discriminated union gives the precise type
    except ValidationError:
        outcome = FormOutcome(None, values)
        try:  # validated again as the event's own class, problems are located without the tag
            EVENT_TYPES[form.type].model_validate(data)
            problems = [Problem("", "the event is not valid")]
        except ValidationError as exc:
            problems = problems_from(exc)
        place(outcome, form.fields, problems, lab_locations)
        if form.type == "labs" and not data["values"]:
            outcome.form_errors.append("enter at least one laboratory value")
        return outcome
    return FormOutcome(event, values)


def _strip_timeline(location: str) -> str:
    if location.startswith("timeline["):
        end = location.find("]")
        rest = location[end + 1 :]
        return rest[1:] if rest.startswith(".") else rest
    return location


def place(
    outcome: FormOutcome,
    fields: Iterable[FormField],
    problems: Iterable[Problem],
    extra: Mapping[str, str] | None = None,
    strip_timeline: bool = True,
) -> None:
    """Attach each problem to the field its location names, else to the whole form."""
    by_location = {f.location: f.name for f in fields}
    by_location.update(extra or {})
    for problem in problems:
        loc = _strip_timeline(problem.location) if strip_timeline else problem.location
        message = problem.message
        head, sep, tail = message.partition(": ")
        if sep and head.isidentifier() and (f"{loc}.{head}" if loc else head) in by_location:
            loc, message = (f"{loc}.{head}" if loc else head), tail
        target = None
        for candidate in sorted(by_location, key=len, reverse=True):
            if loc == candidate or loc.startswith(candidate + ".") or loc.startswith(candidate + "["):
                target = by_location[candidate]
                break
        if target is not None:
            outcome.field_errors.setdefault(target, []).append(message)
        else:
            where = f"{loc}: " if loc else ""
            outcome.form_errors.append(where + message)


# ------------------------------------------------------------------ a new case

CASE_FIELDS: tuple[FormField, ...] = (
    FormField("id", "Case identifier", "text", ("id",), hint="pseudonymous: letters, digits, - _ . (never a name or record number)"),
    FormField("title", "Title", "text", ("title",)),
    FormField("primary.site", "Primary tumour", "select", ("primary", "site"), options(PrimarySite)),
    FormField("primary.histology", "Histology", "text", ("primary", "histology")),
    FormField("index_date", "Index date (day 0)", "date", ("index_date",), hint="optional; events can be dated by day alone"),
    FormField("patient.pseudonym", "Pseudonym", "text", ("patient", "pseudonym")),
    FormField("patient.sex", "Sex", "select", ("patient", "sex"), options(Sex)),
    FormField("patient.age", "Age at index, years", "int", ("patient", "age")),
    FormField("primary.diagnosis_day", "Primary diagnosed on day", "int", ("primary", "diagnosis_day"), hint="negative: before the index date"),
)

_CASE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


def read_case_form(posted: Mapping[str, Any]) -> FormOutcome:
    """A new case from the case form, or the problems located at its fields."""
    values: dict[str, Any] = {}
    data: dict[str, Any] = {}
    for f in CASE_FIELDS:
        text = _clean(posted.get(f.name))
        values[f.name] = text
        if text:
            set_path(data, f.path, text)
    outcome = FormOutcome(None, values)
    if values["id"] and not _CASE_ID.match(values["id"]):
        outcome.field_errors["id"] = [f"'{values['id']}' is not allowed; use letters, digits, '-', '_' or '.' (at most 100)"]
    if not values["primary.site"]:
        outcome.field_errors.setdefault("primary.site", []).append("is required (choose 'unknown' if it is not known)")
    try:
        case = parse_case(data)
    except ValidationFailed as exc:
        place(outcome, CASE_FIELDS, [p for p in exc.problems if p.location != "primary.site" or values["primary.site"]])
        return outcome
    if not outcome.field_errors:
        outcome.event = case
    return outcome
