"""Each timeline event as FHIR resources (export), with the fields each resource's elements carry.

One event becomes one **event resource** (it carries the event type in ``meta.tag``, its place in the
timeline and the :data:`~spinemet.fhir.common.DETAIL` extension with the fields no element holds),
sometimes with companion resources (an imaging study's findings, a radiotherapy course's volumes, the
second performance score). :data:`CONSUMED` names, per event type, the case fields written to FHIR
elements; :mod:`spinemet.fhir.events_in` reads exactly those back.

Resources by event type (profiles: mCODE 4.0.0 where one fits, see ``docs/fhir.md``):

- imaging: ``Observation`` (category imaging) with ``hasMember`` → one ``Observation`` per finding:
  the vertebra (SNOMED CT) in ``bodySite`` and components for each level, ESCC grade, collapse,
  alignment, posterolateral involvement, lesion type and compartments (SpineMet CodeSystems);
- performance: mCODE ECOG / Karnofsky Performance Status (LOINC 89247-1 / 89243-0);
- neuro_exam: ``Observation`` with Frankel, ASIA and ambulatory status as components;
- surgery: mCODE Cancer-Related Surgical Procedure; levels and fixation span as ``bodySite`` vertebrae,
  each with its role;
- radiotherapy: mCODE Radiotherapy Course Summary (SNOMED CT 1217123003); per vertebra one mCODE
  Radiotherapy Volume (``BodyStructure``, location = the vertebra) with the dose (cGy) and fractions
  delivered to it;
- systemic therapy, corticosteroids (and radioiodine, PRRT, radium-223 as systemic drug classes):
  ``MedicationStatement`` coded with the drug class;
- embolisation, ablation, cement augmentation, primary resection, chemoradiotherapy, rehabilitation,
  supportive care: ``Procedure`` (vertebrae as ``bodySite``);
- complication: ``Condition`` coded with the complication kind; death: an ``Observation`` (and the
  Patient's ``deceased``); decision: ``Basic``; every other observation: an ``Observation`` coded with
  its event type.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from spinemet.anatomy import Level, Span
from spinemet.case import Case
from spinemet.case.events import (
    Complication,
    Corticosteroids,
    Death,
    Imaging,
    LevelFinding,
    NeuroExam,
    Performance,
    Radiotherapy,
    Surgery,
    SystemicTherapy,
)
from spinemet.case.events.base import EventBase
from spinemet.fhir import terminology as term
from spinemet.fhir.common import (
    SITE_ROLE,
    TIMELINE_ENTRY,
    days_extension,
    detail_extension,
    ext,
    full_url,
    meta,
    sm,
    vertebra_concept,
)

__all__ = ["CONSUMED", "FINDING_CONSUMED", "FINDING_ITEMS", "Context", "encode_event"]

#: finding fields written as components (each coded in the SpineMet CodeSystem of the same name)
FINDING_ITEMS = ("escc", "collapse", "alignment", "posterolateral", "lesion_type")
#: the finding fields FHIR elements carry (the rest travel in the finding's detail extension)
FINDING_CONSUMED = frozenset({"level", "span", "compartments", *FINDING_ITEMS})

#: per event type, the fields written to FHIR elements (beyond type, day and date, which every event
#: resource carries); the rest travel in the detail extension
CONSUMED: dict[str, frozenset[str]] = {
    "imaging": frozenset({"modality", "findings"}),
    "performance": frozenset({"ecog", "kps"}),
    "neuro_exam": frozenset({"frankel", "asia", "ambulatory"}),
    "surgery": frozenset({"levels", "fixation_span", "procedures"}),
    "radiotherapy": frozenset({"levels", "dose_gy", "fractions", "technique", "intent"}),
    "systemic_therapy": frozenset({"drug_class"}),
    "chemoradiotherapy": frozenset({"levels"}),
    "corticosteroids": frozenset({"drug"}),
    "embolisation": frozenset({"levels"}),
    "ablation": frozenset({"levels"}),
    "cement_augmentation": frozenset({"levels"}),
    "complication": frozenset({"kind", "levels"}),
}

#: FHIR resource type per event type (Observation for the rest)
_PROCEDURES = frozenset({"surgery", "radiotherapy", "chemoradiotherapy", "embolisation", "ablation",
                         "cement_augmentation", "primary_resection", "rehabilitation", "supportive_care"})
_MEDICATIONS = frozenset({"systemic_therapy", "corticosteroids"})
#: the element holding the calendar date (identified bundles only), per resource type
DATE_ELEMENT = {"Observation": "effectiveDateTime", "Procedure": "performedDateTime",
                "MedicationStatement": "effectiveDateTime", "Condition": "onsetDateTime", "Basic": "created"}


@dataclass
class Context:
    """What encoding one event needs from the rest of the bundle."""

    case: Case
    identified: bool
    patient_ref: dict[str, str]
    primary_ref: dict[str, str]
    conditions: dict[Level, str] = field(default_factory=dict)


Entry = tuple[str, dict[str, Any]]


def _resource_type(event_type: str) -> str:
    if event_type in _PROCEDURES:
        return "Procedure"
    if event_type in _MEDICATIONS:
        return "MedicationStatement"
    if event_type == "complication":
        return "Condition"
    if event_type == "decision":
        return "Basic"
    return "Observation"


def _skeleton(ctx: Context, event: EventBase, index: int, rtype: str, profile: str | None,
              data: dict[str, Any]) -> dict[str, Any]:
    """An event resource: type tag, place in the timeline, day offset, date (identified only)."""
    event_type = str(data["type"])
    resource: dict[str, Any] = {"resourceType": rtype, "meta": meta(profile, event_type)}
    resource["extension"] = [ext(TIMELINE_ENTRY, valueInteger=index),
                             *days_extension(ctx.case.interval_of(event), event.day)]
    if rtype == "Observation":
        resource["status"] = "final"
    elif rtype == "Procedure":
        resource["status"] = "completed"
    elif rtype == "MedicationStatement":
        resource["status"] = "unknown"  # given, but whether completed or stopped the case does not say
    if "date" in data:
        if profile == "radiotherapy_course_summary":  # mCODE: performed[x] only Period
            resource["performedPeriod"] = {"start": data["date"]}
        else:
            resource[DATE_ELEMENT[rtype]] = data["date"]
    resource["subject"] = ctx.patient_ref
    return resource


def _levels_of(value: Any) -> list[Level]:
    if isinstance(value, Span):
        return list(value.levels)
    if isinstance(value, Level):
        return [value]
    return []


def _body_sites(roles: list[tuple[str, Any]]) -> list[dict[str, Any]]:
    sites = []
    for role, value in roles:
        for level in _levels_of(value):
            site = vertebra_concept(level)
            site["extension"] = [ext(SITE_ROLE, valueCode=role)]
            sites.append(site)
    return sites


def _component(name: str, code: str) -> dict[str, Any]:
    return {"code": {"coding": [sm("item", name)]}, "valueCodeableConcept": {"coding": [sm(name, code)]}}


def _finding(ctx: Context, f: LevelFinding, index: int, n: int, data: dict[str, Any]) -> Entry:
    residual = {k: v for k, v in data.items() if k not in FINDING_CONSUMED}
    obs: dict[str, Any] = {
        "resourceType": "Observation", "meta": meta(None, "imaging_finding"),
        "extension": [ext(TIMELINE_ENTRY, valueInteger=index), detail_extension(residual)],
        "status": "final", "category": [{"coding": [term.code("imaging").as_fhir()]}],
        "code": {"coding": [sm("event-type", "imaging_finding")]}, "subject": ctx.patient_ref,
    }
    components = []
    levels = [f.level] if f.level is not None else (list(f.span.levels) if f.span is not None else [])
    role = "level" if f.level is not None else "span_level"
    for level in levels:
        components.append({"code": {"coding": [sm("item", role)]}, "valueCodeableConcept": vertebra_concept(level)})
    if len(levels) == 1:
        obs["bodySite"] = vertebra_concept(levels[0])
    for name in FINDING_ITEMS:
        if name in data:
            components.append(_component(name, str(data[name])))
    for compartment in data.get("compartments", []):
        components.append(_component("compartment", str(compartment)))
    if components:
        obs["component"] = components
    return full_url(f"timeline/{index}/finding/{n}"), obs


def _imaging(ctx: Context, event: Imaging, index: int, resource: dict[str, Any],
             data: dict[str, Any]) -> list[Entry]:
    resource["category"] = [{"coding": [term.code("imaging").as_fhir()]}]
    if event.modality is not None:
        resource["method"] = {"coding": [sm("modality", event.modality.value)]}
    entries = [_finding(ctx, f, index, n, fd) for n, (f, fd) in enumerate(zip(event.findings, data.get("findings", []),
                                                                               strict=True))]
    if entries:
        resource["hasMember"] = [{"reference": url} for url, _ in entries]
    return entries


def _performance(ctx: Context, event: Performance, index: int, resource: dict[str, Any]) -> list[Entry]:
    scores = [(v, key, prof) for v, key, prof in ((event.ecog, "ecog", "ecog_performance_status"),
                                                   (event.kps, "karnofsky", "karnofsky_performance_status"))
              if v is not None]
    if not scores:
        resource["code"] = {"coding": [sm("event-type", "performance")]}
        return []
    out: list[Entry] = []
    for n, (value, key, profile) in enumerate(scores):
        target: dict[str, Any] = resource if n == 0 else {
            "resourceType": "Observation", "meta": meta(None, "performance_score"),
            "extension": [ext(TIMELINE_ENTRY, valueInteger=index),
                          *days_extension(ctx.case.interval_of(event), event.day)],
            "status": "final", "subject": ctx.patient_ref}
        if n and "effectiveDateTime" in resource:
            target["effectiveDateTime"] = resource["effectiveDateTime"]
        target["meta"]["profile"] = [term.profile(profile)]
        target["category"] = [{"coding": [term.code("survey").as_fhir()]}]
        target["code"] = {"coding": [term.code(key).as_fhir()]}
        target["valueInteger"] = int(value)
        if n:
            out.append((full_url(f"timeline/{index}/score/{key}"), target))
    return out


def _neuro(event: NeuroExam, resource: dict[str, Any]) -> None:
    components = [_component(name, str(getattr(event, name).value))
                  for name in ("frankel", "asia", "ambulatory") if getattr(event, name) is not None]
    if components:
        resource["component"] = components


def _reasons(ctx: Context, levels: list[Level]) -> list[dict[str, str]]:
    refs = [{"reference": ctx.conditions[lv]} for lv in levels if lv in ctx.conditions]
    return refs or [ctx.primary_ref]


def _surgery(ctx: Context, event: Surgery, resource: dict[str, Any]) -> None:
    procs = event.procedures or []
    resource["code"] = {"coding": [sm("surgery-procedure", procs[0].value) if len(procs) == 1
                                   else sm("event-type", "surgery")]}
    sites = _body_sites([("treated", event.levels), ("fixation", event.fixation_span)])
    if sites:
        resource["bodySite"] = sites
    resource["reasonReference"] = _reasons(ctx, _levels_of(event.levels))


def _modality_and_technique(technique: str) -> dict[str, Any]:
    """mCODE's modality-and-technique extension for a record's technique key: modality and technique
    un-encoded (NullFlavor UNC) with their words, as the guide's own example writes what its value sets have
    no code for; SpineMet's rt-technique code as a second coding of the technique (codes.yaml says why)."""
    table = term.rt_technique()
    unc = dict(table["un_encoded"])
    modality = {"coding": [dict(unc)], "text": table["modality_text"]}
    concept = {"coding": [dict(unc), sm("rt-technique", technique)], "text": table["techniques"][technique]}
    return ext(term.extension("rt_modality_and_technique"), extension=[
        ext(term.extension("rt_modality"), valueCodeableConcept=modality),
        ext(term.extension("rt_technique"), valueCodeableConcept=concept)])


def _radiotherapy(ctx: Context, event: Radiotherapy, index: int, resource: dict[str, Any]) -> list[Entry]:
    resource["code"] = {"coding": [term.code("radiotherapy_course").as_fhir()]}
    if event.technique is not None:
        resource["extension"].append(_modality_and_technique(event.technique.value))
    if event.intent is not None:
        key = event.intent.value
        snomed = term.rt_intent()["snomed"].get(key)
        concept = {"coding": [*([dict(snomed)] if snomed else []), sm("rt-intent", key)], "text": key}
        resource["extension"].append(ext(term.extension("procedure_intent"), valueCodeableConcept=concept))
    levels = _levels_of(event.levels)
    resource["reasonReference"] = _reasons(ctx, levels)
    if not levels:
        return []
    resource["bodySite"] = [vertebra_concept(lv) for lv in levels]
    out: list[Entry] = []
    doses = []
    for level in levels:
        url = full_url(f"timeline/{index}/volume/{level}")
        out.append((url, {"resourceType": "BodyStructure", "meta": meta("radiotherapy_volume", "radiotherapy_volume"),
                          "extension": [ext(TIMELINE_ENTRY, valueInteger=index)],
                          "description": str(level), "location": vertebra_concept(level),
                          "patient": ctx.patient_ref}))
        parts: list[dict[str, Any]] = [{"url": "volume", "valueReference": {"reference": url}}]
        if event.dose_gy is not None:
            cgy = term.code("cgy")
            parts.append({"url": "totalDoseDelivered", "valueQuantity": {
                "value": round(event.dose_gy * 100, 6), "unit": cgy.code, "system": cgy.system, "code": cgy.code}})
        if event.fractions is not None:
            parts.append({"url": "fractionsDelivered", "valueUnsignedInt": event.fractions})
        doses.append(ext(term.extension("rt_dose_to_volume"), extension=parts))
    resource["extension"].extend(doses)
    return out


def _medication(event: EventBase, resource: dict[str, Any], ctx: Context) -> None:
    if isinstance(event, SystemicTherapy):
        coding = sm("drug-class", event.drug_class.value) if event.drug_class else sm("event-type", "systemic_therapy")
        resource["reasonReference"] = [ctx.primary_ref]
        resource["medicationCodeableConcept"] = {"coding": [coding]}
    else:  # the drug is the case file's words, not a code: FHIR's text (left out when the drug is not named)
        assert isinstance(event, Corticosteroids)
        concept: dict[str, Any] = {"coding": [sm("event-type", "corticosteroids")]}
        if event.drug is not None:
            concept["text"] = event.drug
        resource["medicationCodeableConcept"] = concept


def _complication(event: Complication, resource: dict[str, Any]) -> None:
    resource["code"] = {"coding": [sm("complication", event.kind.value)]}
    sites = _body_sites([("treated", event.levels)])
    if sites:
        resource["bodySite"] = sites


def _death(ctx: Context, resource: dict[str, Any]) -> None:
    resource["code"] = {"coding": [sm("event-type", "death")]}


Special = Callable[[Context, EventBase, int, dict[str, Any], dict[str, Any]], list[Entry]]


def encode_event(ctx: Context, event: EventBase, index: int) -> list[Entry]:
    """The resources of the ``index``-th timeline event: the event resource first."""
    data: dict[str, Any] = event.model_dump(mode="json", exclude_none=True)
    event_type = str(data["type"])
    rtype = _resource_type(event_type)
    profile = {"surgery": "surgical_procedure", "primary_resection": "surgical_procedure",
               "radiotherapy": "radiotherapy_course_summary"}.get(event_type)
    resource = _skeleton(ctx, event, index, rtype, profile, data)
    extra: list[Entry] = []
    if isinstance(event, Imaging):
        extra = _imaging(ctx, event, index, resource, data)
    elif isinstance(event, Performance):
        extra = _performance(ctx, event, index, resource)
    elif isinstance(event, Radiotherapy):
        extra = _radiotherapy(ctx, event, index, resource)
    elif isinstance(event, Surgery):
        _surgery(ctx, event, resource)
    elif isinstance(event, SystemicTherapy | Corticosteroids):
        _medication(event, resource, ctx)
    elif isinstance(event, Complication):
        _complication(event, resource)
    elif isinstance(event, Death):
        _death(ctx, resource)
    else:
        if isinstance(event, NeuroExam):
            _neuro(event, resource)
        if rtype == "Procedure":
            resource["reasonReference"] = [ctx.primary_ref]
            levels = getattr(event, "levels", None) if event_type in CONSUMED else None
            sites = _body_sites([("treated", levels)])
            if sites:
                resource["bodySite"] = sites
    if rtype != "MedicationStatement":
        resource.setdefault("code", {"coding": [sm("event-type", event_type)]})
    consumed = CONSUMED.get(event_type, frozenset())
    residual = {k: v for k, v in data.items() if k not in consumed and k not in ("type", "day", "date")}
    if event_type == "surgery" and len(data.get("procedures", [])) != 1 and "procedures" in data:
        residual["procedures"] = data["procedures"]
    if event_type == "radiotherapy" and not _levels_of(getattr(event, "levels", None)):
        residual.update({k: data[k] for k in ("dose_gy", "fractions") if k in data})
    resource["extension"].insert(1, detail_extension(residual))
    return [(full_url(f"timeline/{index}"), resource), *extra]
