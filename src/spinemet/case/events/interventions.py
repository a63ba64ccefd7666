"""Interventions: operations, radiotherapy, drugs and radionuclides, embolisation, ablation, cement,
resection of the primary, supportive care, rehabilitation and team decisions.

Levels may be non-contiguous ("T2-T3 and T9"): ``spans`` lists them; ``levels`` keeps one
contiguous span as before. Every field is optional; unknown is ``None``.
"""

from __future__ import annotations

import itertools
from typing import Annotated, Literal

from pydantic import ConfigDict, Field, model_validator

from spinemet.anatomy import Span
from spinemet.case.events.base import EventBase, Model
from spinemet.case.events.findings import LevelFinding
from spinemet.case.fields import LowerInput, SpanField
from spinemet.case.vocab import DrugClass, RehabSetting, RtTechnique, SurgeryProcedure
from spinemet.case.vocab_detail import (
    BiopsyTechnique,
    MeasureEffect,
    OrganResectionExtent,
    ResectionPathology,
    RtIntent,
    SupportiveMeasure,
    TreatmentTarget,
)
from spinemet.case.vocab_disease import SpinalRegion
from spinemet.case.vocab_treatment import (
    AblationMethod,
    CementProcedure,
    EmbolisationPurpose,
    PrimaryResection,
    ResectionExtent,
    StatedComplications,
    SurgicalApproach,
)

# Where a radiotherapy course or an embolisation was aimed when not at the spine (one declaration for both).
TargetField = Annotated[TreatmentTarget | None, LowerInput, Field(
    description="Where the treatment was aimed when not at the spine: brain, primary, other_bone, "
    "visceral, soft_tissue, other (left out = the spine). A treatment aimed elsewhere names no spinal level.",
    json_schema_extra={"examples": ["brain"]},
)]
TargetLabelField = Annotated[str | None, Field(description="The target in words ('right adrenal').")]


def _no_spinal_levels(event: Spans) -> None:
    """A treatment aimed outside the spine names no spinal level."""
    target = getattr(event, "target", None)
    if target is not None and target is not TreatmentTarget.SPINE and event.all_spans:
        raise ValueError(f"target: '{target.value}' is outside the spine; leave levels and spans out (or give "
                         "target: spine)")


class Spans(Model):
    """Mixin: treated levels as a list of spans, for non-contiguous levels ("T2-T3 and T9")."""

    spans: list[SpanField] | None = Field(
        default=None, description="Non-contiguous levels as a list of spans, e.g. ['T2-T3', 'T9'].",
        json_schema_extra={"examples": [["T2-T3", "T9"]]},
    )

    @model_validator(mode="after")
    def _spans_agree(self) -> Spans:
        levels = getattr(self, "levels", None)
        if self.spans is not None and levels is not None:
            raise ValueError("spans: give 'levels' (one span) or 'spans' (several), not both")
        if self.spans:
            ordered = sorted(self.spans)
            for a, b in itertools.pairwise(ordered):
                if a.overlaps(b):
                    raise ValueError(f"spans: {a} and {b} overlap; list each level once")
        return self

    @property
    def all_spans(self) -> tuple[Span, ...]:
        """Every treated span: ``spans``, or ``levels`` as one span; empty when not stated."""
        if self.spans:
            return tuple(sorted(self.spans))
        levels = getattr(self, "levels", None)
        return (levels,) if isinstance(levels, Span) else ()


class ComplicationsStated(Model):
    """Mixin: what the source states about the procedure's complications as a whole."""

    complications_stated: Annotated[StatedComplications | None, LowerInput] = Field(
        default=None, description="'none' when the source states there were no complications; left out = not "
        "stated. A complication that did happen is its own 'complication' event.",
        json_schema_extra={"examples": ["none"]},
    )


class Surgery(EventBase, Spans, ComplicationsStated):
    """An operation on the spine. ``procedures`` left out = an operation whose type was not stated."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"type": "surgery", "day": 2, "procedures": ["decompression", "posterior_fixation"], "levels": "T6",
         "fixation_span": "T4-T8", "approach": "posterior", "extent": "intralesional"},
        {"type": "surgery", "after": {"event": "mri-1", "at_least": 0, "at_most": 7}, "spans": ["T2-T3", "T9"]},
    ]})

    type: Literal["surgery"] = "surgery"
    procedures: list[Annotated[SurgeryProcedure, LowerInput]] | None = Field(
        default=None, min_length=1, description="What was done; leave out when the type of operation is not stated."
    )
    levels: SpanField | None = Field(default=None, description="Levels decompressed or treated.")
    fixation_span: SpanField | None = Field(default=None, description="Posterior instrumentation span.")
    cement_augmented_screws: bool | None = None
    anterior_reconstruction: bool | None = None
    complications: str | None = None
    approach: Annotated[SurgicalApproach | None, LowerInput] = Field(
        default=None, description="anterior, posterior, combined, lateral or posterolateral."
    )
    extent: Annotated[ResectionExtent | None, LowerInput] = Field(
        default=None, description="en_bloc, piecemeal, intralesional, debulking, gross_total or subtotal."
    )
    minimally_invasive: bool | None = None
    embolised_before: str | None = Field(default=None, description="The id of a pre-operative embolisation event.")
    microsurgical: bool | None = Field(default=None, description="Done under the operating microscope ('microsurgical').")
    stages: Annotated[int, Field(ge=1, le=5)] | None = Field(
        default=None, description="Number of stages of the operation ('single-stage' = 1).")
    biopsy_technique: Annotated[BiopsyTechnique | None, LowerInput] = Field(
        default=None, description="How the biopsy was taken: percutaneous, open or excisional (the whole lesion "
        "removed) (with procedure 'biopsy').")
    region: Annotated[SpinalRegion | None, LowerInput] = Field(
        default=None, description="The spinal region operated on when no level is stated ('lumbar spine surgery'); "
        "not with levels or spans.", json_schema_extra={"examples": ["lumbar"]},
    )
    emergency: bool | None = Field(
        default=None, description="Stated as an emergency operation ('emergency decompression'); not a day or an "
        "interval (give those as the event's dating).", json_schema_extra={"examples": [True]},
    )
    intraoperative_findings: list[LevelFinding] | None = Field(
        default=None, min_length=1, max_length=20,
        description="What was seen at this operation ('the tumour had an exophytic component', 'the roots were "
        "encased by tumour'): findings whose source is the operation, each with its place as for an imaging "
        "finding. Recorded and shown; the instruments read imaging studies, not these.",
        json_schema_extra={"examples": [[{"level": "T4", "compartments": ["intramedullary"], "exophytic": True}]]},
    )

    @model_validator(mode="after")
    def _region_or_levels(self) -> Surgery:
        if self.region is not None and (self.levels is not None or self.spans is not None):
            raise ValueError("region: a region is for an operation without stated levels; this one has levels or "
                             "spans already")
        return self


#: the most earlier courses a cumulative radiotherapy dose may name
MAX_CUMULATIVE_COURSES = 10


class Radiotherapy(EventBase, Spans, ComplicationsStated):
    """External-beam radiotherapy. A total dose without fractions is kept as stated (BED/EQD2 then
    cannot be computed, and every dose calculation says so)."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"type": "radiotherapy", "day": 20, "technique": "cebrt", "dose_gy": 20, "fractions": 5, "levels": "T6"},
        {"type": "radiotherapy", "dose_gy": 30, "spans": ["T2-T3", "T9"]},
        {"type": "radiotherapy", "region": "thoracic", "technique": "sbrt"},
    ]})

    type: Literal["radiotherapy"] = "radiotherapy"
    technique: Annotated[RtTechnique | None, LowerInput] = None
    dose_gy: Annotated[float, Field(gt=0, le=100)] | None = Field(default=None, description="Total dose, Gy.")
    fractions: Annotated[int, Field(ge=1, le=60)] | None = None
    levels: SpanField | None = None
    region: Annotated[SpinalRegion | None, LowerInput] = Field(
        default=None, description="The spinal region treated when no level is stated ('dorsal spine' -> "
        "thoracic): cervical, cervicothoracic, thoracic, thoracolumbar, lumbar, lumbosacral, sacral, whole_spine.",
        json_schema_extra={"examples": ["thoracic"]},
    )
    end_day: int | None = None
    target: TargetField = None
    target_label: TargetLabelField = None
    cumulative_dose_gy: Annotated[float, Field(gt=0, le=100 * (1 + MAX_CUMULATIVE_COURSES))] | None = Field(
        default=None, description="The total dose over this course and the earlier courses named in "
        "cumulative_with, when the source gives only the sum ('two courses, 70 Gy in total'); not this course's "
        "dose. Kept as stated: no BED/EQD2 is computed from it (that needs each course's dose and fractions).",
        json_schema_extra={"examples": [70]},
    )
    cumulative_with: list[Annotated[str, Field(min_length=1)]] | None = Field(
        default=None, min_length=1, max_length=MAX_CUMULATIVE_COURSES,
        description="The ids of the earlier radiotherapy courses that cumulative_dose_gy includes.",
        json_schema_extra={"examples": [["radiotherapy-1"]]},
    )

    # Fourth pass (2026-11-28).
    prescription_isodose_percent: Annotated[float, Field(gt=0, le=100)] | None = Field(
        default=None, description="The isodose line the dose was prescribed to, % ('27 Gy to the 85 % isodose "
        "line'); recorded and shown, not used for BED/EQD2.",
        json_schema_extra={"examples": [85]},
    )
    # Fifth pass (2026-11-28).
    intent: Annotated[RtIntent | None, LowerInput] = Field(
        default=None, description="Why the course was given, in the source's word: palliative, definitive, adjuvant "
        "or salvage ('salvage re-irradiation'; the failure itself, when stated, is an outcome event).",
        json_schema_extra={"examples": ["salvage"]},
    )
    benign_indication: bool | None = Field(
        default=None, description="true: given for a condition that is not cancer ('radiosurgery of a vestibular "
        "schwannoma'); recorded and shown, never read as an anti-cancer treatment.",
        json_schema_extra={"examples": [True]},
    )

    @model_validator(mode="after")
    def _cumulative(self) -> Radiotherapy:
        if self.prescription_isodose_percent is not None and self.dose_gy is None:
            raise ValueError("prescription_isodose_percent: an isodose line is the prescription of a dose; give "
                             "dose_gy too (or leave the isodose out)")
        if (self.cumulative_dose_gy is None) != (self.cumulative_with is None):
            # located at the field that was given (the one the user typed), naming the one missing
            given, missing = (("cumulative_dose_gy", "cumulative_with") if self.cumulative_with is None
                              else ("cumulative_with", "cumulative_dose_gy"))
            raise ValueError(f"{given}: needs {missing} too (the total dose over the courses and the ids of the "
                             "earlier courses it covers go together)")
        if self.cumulative_dose_gy is not None and self.cumulative_with is not None:
            courses = 1 + len(self.cumulative_with)
            if self.cumulative_dose_gy > 100 * courses:
                raise ValueError(f"cumulative_dose_gy: {self.cumulative_dose_gy:g} Gy over {courses} courses is more "
                                 f"than {courses} x 100 Gy (the most one course may record); allowed: above 0 up "
                                 f"to {100 * courses} Gy")
            if self.dose_gy is not None and self.cumulative_dose_gy < self.dose_gy:
                raise ValueError(f"cumulative_dose_gy: {self.cumulative_dose_gy:g} Gy is less than this course's "
                                 f"dose_gy {self.dose_gy:g} Gy; the total over the courses includes this one")
            if len(set(self.cumulative_with)) != len(self.cumulative_with):
                raise ValueError("cumulative_with: a course is named twice")
        return self

    @model_validator(mode="after")
    def _region_without_levels(self) -> Radiotherapy:
        if self.region is not None and (self.levels is not None or self.spans is not None):
            raise ValueError("region: a region is for radiotherapy without stated levels; this one has "
                             "levels or spans already")
        _no_spinal_levels(self)
        if self.region is not None and self.target not in (None, TreatmentTarget.SPINE):
            raise ValueError(f"target: '{self.target.value}' is outside the spine; a spinal region does not go "
                             "with it")
        return self


class SystemicTherapy(EventBase):
    """Drug or radionuclide therapy: chemotherapy, hormonal, targeted, immunotherapy, somatostatin
    analogue, PRRT, radioiodine, radium-223, bone-modifying agents (bisphosphonate, denosumab)."""

    type: Literal["systemic_therapy"] = "systemic_therapy"
    regimen: str | None = None
    drug_class: Annotated[DrugClass | None, LowerInput] = None
    end_day: int | None = None
    cycles: Annotated[int, Field(ge=1, le=200)] | None = Field(default=None, description="Number of cycles.")
    activity_gbq: Annotated[float, Field(gt=0, le=100)] | None = Field(
        default=None, description="Administered activity per cycle, GBq (radionuclide therapy)."
    )


class ChemoRadiotherapy(EventBase, Spans):
    """Concurrent chemo-radiotherapy: radiotherapy given with systemic therapy."""

    type: Literal["chemoradiotherapy"] = "chemoradiotherapy"
    technique: Annotated[RtTechnique | None, LowerInput] = None
    dose_gy: Annotated[float, Field(gt=0, le=100)] | None = None
    fractions: Annotated[int, Field(ge=1, le=60)] | None = None
    levels: SpanField | None = None
    regimen: str | None = None
    drug_class: Annotated[DrugClass | None, LowerInput] = None
    end_day: int | None = None


class Corticosteroids(EventBase):
    type: Literal["corticosteroids"] = "corticosteroids"
    # Unknown is a value (issue 12): a drug the source does not name is left out, never filled in with
    # dexamethasone (until 2026-11-28 the format did, an invented value for "high-dose steroids").
    drug: str | None = Field(
        default=None, description="The corticosteroid as stated (e.g. dexamethasone); left out when not named.",
        json_schema_extra={"examples": ["dexamethasone"]},
    )
    loading_dose_mg: Annotated[float, Field(gt=0)] | None = None
    daily_dose_mg: Annotated[float, Field(gt=0)] | None = None
    # Fourth pass (2026-11-28): "high-dose intravenous steroids" (jain2012).
    route: Literal["oral", "intravenous"] | None = Field(
        default=None, description="How it was given, as stated: oral or intravenous.",
        json_schema_extra={"examples": ["intravenous"]},
    )
    high_dose: bool | None = Field(
        default=None, description="Stated as 'high-dose' without a dose in mg (no number is read from it).",
        json_schema_extra={"examples": [True]},
    )


class Rehabilitation(EventBase):
    type: Literal["rehabilitation"] = "rehabilitation"
    setting: Annotated[RehabSetting | None, LowerInput] = None
    end_day: int | None = None
    barthel: Annotated[int, Field(ge=0, le=100)] | None = None
    fim: Annotated[int, Field(ge=18, le=126)] | None = None
    outcome: str | None = None


class Embolisation(EventBase, Spans, ComplicationsStated):
    """Transarterial embolisation of a spinal metastasis: before an operation, or on its own."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"type": "embolisation", "id": "emb-1", "day": -1, "purpose": "preoperative", "levels": "L1"}]})

    type: Literal["embolisation"] = "embolisation"
    purpose: Annotated[EmbolisationPurpose | None, LowerInput] = Field(default=None, description="preoperative or standalone.")
    levels: SpanField | None = None
    agent: str | None = None
    target: TargetField = None
    target_label: TargetLabelField = None
    chemoembolisation: bool | None = Field(default=None, description="Transarterial chemo-embolisation (with a drug).")

    @model_validator(mode="after")
    def _target_has_no_level(self) -> Embolisation:
        _no_spinal_levels(self)
        return self


class Ablation(EventBase, Spans, ComplicationsStated):
    """Percutaneous thermal ablation of a spinal metastasis."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"type": "ablation", "day": 5, "method": "radiofrequency", "levels": "T12", "with_cement": True}]})

    type: Literal["ablation"] = "ablation"
    method: Annotated[AblationMethod | None, LowerInput] = Field(
        default=None, description="radiofrequency, cryo, laser or microwave."
    )
    levels: SpanField | None = None
    with_cement: bool | None = Field(default=None, description="Combined with cement augmentation in the same session.")


class CementAugmentation(EventBase, Spans, ComplicationsStated):
    """Vertebroplasty or kyphoplasty as a procedure in its own right."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"type": "cement_augmentation", "id": "vp-1", "day": 5, "procedure": "kyphoplasty", "levels": "L1"}]})

    type: Literal["cement_augmentation"] = "cement_augmentation"
    procedure: Annotated[CementProcedure | None, LowerInput] = Field(
        default=None, description="vertebroplasty, kyphoplasty or unspecified."
    )
    levels: SpanField | None = None
    performed_during: str | None = Field(
        default=None, description="The id of the operation within which the augmentation was done (e.g. cement "
        "augmentation of a screw level during a fixation).",
    )
    percutaneous: bool | None = Field(
        default=None, description="Stated as percutaneous (through the skin, not within an open operation); not "
        "with performed_during.", json_schema_extra={"examples": [True]},
    )

    @model_validator(mode="after")
    def _percutaneous_or_during(self) -> CementAugmentation:
        if self.percutaneous and self.performed_during is not None:
            raise ValueError("percutaneous: a percutaneous augmentation is not done within an operation; leave out "
                             "percutaneous or performed_during")
        return self


class PrimaryTumourResection(EventBase):
    """Resection of the primary tumour (nephrectomy, thyroidectomy, ...)."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"type": "primary_resection", "before": {"event": "presentation", "at_least": 12, "at_most": 12,
                                                 "unit": "years"}, "procedure": "nephrectomy"}]})

    type: Literal["primary_resection"] = "primary_resection"
    procedure: Annotated[PrimaryResection | None, LowerInput] = Field(default=None, description="e.g. nephrectomy.")
    label: str | None = Field(default=None, description="The operation in words, e.g. for 'other'.")
    organ_extent: Annotated[OrganResectionExtent | None, LowerInput] = Field(
        default=None, description="partial or total ('partial thyroidectomy').")
    pathology: Annotated[ResectionPathology | None, LowerInput] = Field(
        default=None, description="What the resected lesion was, when stated: benign or malignant.")


class SupportiveCare(EventBase):
    """Supportive or palliative care; ``only: true`` = no anti-cancer treatment was given. A single measure
    not aimed at the cancer ("dopamine for hypotension", "chiropractic manipulation", "a rigid collar") is
    ``measure`` with its ``agent`` and, when stated, its ``effect``; a complication it treated names it in
    ``treated_by``."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"type": "supportive_care", "day": 10, "only": True},
        {"type": "supportive_care", "id": "dopamine-1", "measure": "vasopressor", "agent": "dopamine",
         "effect": "effective"},
    ]})

    type: Literal["supportive_care"] = "supportive_care"
    only: bool | None = Field(default=None, description="Supportive or palliative care only, no anti-cancer treatment.")
    summary: str | None = None
    # Fifth pass (2026-11-28).
    measure: Annotated[SupportiveMeasure | None, LowerInput] = Field(
        default=None, description="The kind of measure: medication, analgesia, vasopressor, manual_therapy, "
        "physiotherapy, orthosis, wound_care or other.", json_schema_extra={"examples": ["vasopressor"]},
    )
    agent: Annotated[str, Field(min_length=1, max_length=120)] | None = Field(
        default=None, description="The drug or device as stated ('dopamine', 'rigid cervical collar').",
        json_schema_extra={"examples": ["dopamine"]},
    )
    effect: Annotated[MeasureEffect | None, LowerInput] = Field(
        default=None, description="What it did, as stated: effective or ineffective ('did not help').",
        json_schema_extra={"examples": ["ineffective"]},
    )

    @model_validator(mode="after")
    def _agent_or_effect_of_a_measure(self) -> SupportiveCare:
        if (self.agent is not None or self.effect is not None) and self.measure is None:
            given = "agent" if self.agent is not None else "effect"
            raise ValueError(f"{given}: belongs to a measure; give measure too (allowed: "
                             f"{', '.join(m.value for m in SupportiveMeasure)})")
        return self



class Decision(EventBase):
    """A recorded team decision (e.g. 'revision surgery judged too risky')."""

    type: Literal["decision"] = "decision"
    summary: str
    rejected_options: list[str] | None = None
    reason: str | None = None


