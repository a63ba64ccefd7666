"""Timeline events: observations, interventions and outcomes.

Every event is dated either by a calendar ``date`` or by ``day`` (days since the case's index
date; negative before it). Case reports and de-identified data give intervals, not dates:
``timing_note`` records how precise the dating is ("within one month of surgery").
Every clinical field is optional: a field that was not reported is unknown (``None``), never
a default.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from spinemet.case.fields import (
    EsccInput,
    EsccJsonSchema,
    KpsField,
    LevelField,
    LowerInput,
    SpanField,
    UpperInput,
)
from spinemet.case.units import to_canonical
from spinemet.case.vocab import (
    Alignment,
    Ambulatory,
    Analyte,
    AsiaGrade,
    Collapse,
    Differentiation,
    DrugClass,
    EsccGrade,
    FrankelGrade,
    LesionType,
    Modality,
    Necrosis,
    NetClassification,
    PainCharacter,
    Posterolateral,
    RehabSetting,
    RtTechnique,
    Sphincter,
    SurgeryProcedure,
    VisceralOrgan,
)

Percent = Annotated[float, Field(ge=0, le=100)]
#: the largest day offset from the index date accepted (about 150 years either way)
MAX_DAY_OFFSET = 55_000
Mrc = Annotated[int, Field(ge=0, le=5, description="MRC power grade 0-5")]


class Model(BaseModel):
    """Base for case-record models: immutable, and unknown keys are errors (typos are caught)."""

    # allow_inf_nan=False: YAML reads '.inf' and '.nan' as numbers; no clinical value is either.
    model_config = ConfigDict(frozen=True, extra="forbid", use_enum_values=False, allow_inf_nan=False)


class EventBase(Model):
    id: str | None = Field(default=None, description="Stable identifier of the event within the case.")
    day: Annotated[int, Field(ge=-MAX_DAY_OFFSET, le=MAX_DAY_OFFSET)] | None = Field(
        default=None, description="Days since the index date (negative before it)."
    )
    date: dt.date | None = Field(default=None, description="Calendar date; needs the case's index_date.")
    timing_note: str | None = Field(default=None, description="How precisely the event is dated.")
    note: str | None = None

    @model_validator(mode="after")
    def _dated(self) -> EventBase:
        if self.day is None and self.date is None:
            raise ValueError("an event needs a 'day' (days since the index date) or a calendar 'date'")
        return self


# ---------------------------------------------------------------- observations


class LevelFinding(Model):
    """What one imaging study shows at one vertebral level."""

    level: LevelField
    lesion_type: Annotated[LesionType | None, LowerInput] = None
    collapse_percent: Percent | None = Field(default=None, description="Vertebral body height loss, %.")
    body_involvement_percent: Percent | None = Field(default=None, description="Share of the body replaced by tumour, %.")
    collapse: Annotated[Collapse | None, LowerInput] = None
    alignment: Annotated[Alignment | None, LowerInput] = None
    posterolateral: Annotated[Posterolateral | None, LowerInput] = None
    escc: Annotated[EsccGrade | None, EsccInput, EsccJsonSchema] = None
    cord_compression: bool | None = Field(
        default=None,
        description=(
            "The spinal cord is compressed (Bilsky ESCC 2 or 3) when the exact grade is not known; "
            "false = no cord compression (ESCC 0-1c)."
        ),
    )
    canal_compromise_percent: Percent | None = None
    epidural_extent: SpanField | None = Field(default=None, description="Levels the epidural tumour spans.")
    soft_tissue_mm: Annotated[float, Field(ge=0)] | None = None
    lesion_size_mm: Annotated[float, Field(ge=0)] | None = Field(default=None, description="Largest lesion diameter, mm.")
    pathological_fracture: bool | None = None
    retropulsion: bool | None = None
    new_lesion: bool | None = Field(default=None, description="Not seen on the previous study.")
    bone_response: Literal["sclerotic_rim", "partial_fill_in", "complete_fill_in", "regression", "no_change", "enlargement"] | None = Field(
        default=None, description="Bone-response pattern for MD Anderson criteria."
    )
    tumour_resolved: bool | None = Field(default=None, description="No residual tumour visible at this level.")
    instrumented: bool | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _escc_agrees(self) -> LevelFinding:
        if self.escc is not None and self.cord_compression is not None:
            compressed = self.escc.rank >= EsccGrade.G2.rank
            if compressed != self.cord_compression:
                raise ValueError(
                    f"cord_compression: {str(self.cord_compression).lower()} disagrees with ESCC grade "
                    f"'{self.escc.value}' (cord compression means ESCC 2 or 3)"
                )
        if self.collapse_percent is not None and self.collapse is not None:
            expected = "at_least_50" if self.collapse_percent >= 50 else ("under_50" if self.collapse_percent > 0 else None)
            if expected and self.collapse.value != expected:
                raise ValueError(
                    f"collapse: '{self.collapse.value}' disagrees with collapse_percent {self.collapse_percent:g}"
                )
        return self


class Imaging(EventBase):
    type: Literal["imaging"] = "imaging"
    modality: Annotated[Modality, LowerInput]
    sequences: list[str] | None = None
    tracer: str | None = None
    whole_spine: bool | None = None
    findings: list[LevelFinding] = Field(default_factory=list)
    impression: str | None = None


class NeuroExam(EventBase):
    """A neurological examination."""

    type: Literal["neuro_exam"] = "neuro_exam"
    frankel: Annotated[FrankelGrade | None, UpperInput] = None
    asia: Annotated[AsiaGrade | None, UpperInput] = None
    mrc: dict[str, Mrc] | None = Field(
        default=None, description="MRC power by limb or key muscle, e.g. {left_lower: 3, right_lower: 4}."
    )
    ambulatory: Annotated[Ambulatory | None, LowerInput] = None
    sphincter: Annotated[Sphincter | None, LowerInput] = None
    motor_deficit: bool | None = None
    sensory_level: LevelField | None = None
    myelopathy: bool | None = None
    radiculopathy: bool | None = None
    motor_deficit_onset_day: int | None = Field(default=None, description="Day the motor deficit began.")
    suspected_instability: bool | None = Field(
        default=None,
        description="The clinician judges that the neurological picture suggests spinal instability (NICE NG234 immobilisation trigger).",
    )
    # Added by the course engineer (issue 5; additive, optional; see docs/requests-case.md):
    # case reports say "new neurological compromise" without grades or an onset day.
    new_deficit: bool | None = Field(
        default=None,
        description=(
            "The examiner judged the deficit new or worse since the previous examination or "
            "intervention (e.g. a report's 'new neurological compromise'), when grades are not recorded."
        ),
    )
    complete_paraplegia_hours: Annotated[float, Field(ge=0)] | None = Field(
        default=None, description="How long a complete paraplegia has lasted, hours."
    )


class Performance(EventBase):
    """Performance status as measured: KPS or ECOG (record which was measured)."""

    type: Literal["performance"] = "performance"
    kps: KpsField | None = None
    ecog: Annotated[int, Field(ge=0, le=5)] | None = None

    @model_validator(mode="after")
    def _one_scale(self) -> Performance:
        if self.kps is None and self.ecog is None:
            raise ValueError("a performance event needs 'kps' (0-100 in steps of 10) or 'ecog' (0-5)")
        return self


class Pain(EventBase):
    type: Literal["pain"] = "pain"
    character: Annotated[PainCharacter | None, LowerInput] = None
    nrs: Annotated[int, Field(ge=0, le=10)] | None = None
    omed_mg: Annotated[float, Field(ge=0)] | None = Field(default=None, description="Oral morphine equivalent, mg/day.")
    spinal_region: Literal["cervical", "thoracic", "lumbar", "sacral"] | None = None
    progressive: bool | None = None
    night_pain: bool | None = None
    worse_on_straining: bool | None = None
    tenderness: bool | None = None
    radicular: bool | None = None


class LabValue(Model):
    analyte: Annotated[Analyte, LowerInput]
    value: Annotated[float, Field(ge=0)]
    unit: str

    @field_validator("unit")
    @classmethod
    def _unit_known(cls, unit: str, info: ValidationInfo) -> str:
        # A field validator (not a model validator) so the problem is located at '.unit'.
        analyte = info.data.get("analyte")
        if isinstance(analyte, Analyte):
            to_canonical(analyte, 1.0, unit)
        return unit

    @property
    def canonical(self) -> float:
        return to_canonical(self.analyte, self.value, self.unit)


class Labs(EventBase):
    type: Literal["labs"] = "labs"
    values: list[LabValue]
    calcium_corrected: bool | None = Field(default=None, description="Calcium corrected for albumin.")


class VisceralMet(Model):
    organ: Annotated[VisceralOrgan, LowerInput]
    removable: bool | None = Field(default=None, description="Surgically resectable (Tokuhashi).")
    treatable: bool | None = Field(default=None, description="Amenable to treatment (Tomita).")


class DiseaseBurden(EventBase):
    """Extent of metastatic disease at the time of the event."""

    type: Literal["disease_burden"] = "disease_burden"
    extraspinal_bone_mets: Annotated[int, Field(ge=0)] | None = Field(default=None, description="Count of extraspinal bone foci.")
    vertebral_mets: Annotated[int, Field(ge=1)] | None = Field(default=None, description="Count of involved vertebrae.")
    visceral_mets_present: bool | None = None
    visceral: list[VisceralMet] | None = None
    brain_mets: bool | None = None
    pleural_or_peritoneal_dissemination: bool | None = None
    leptomeningeal_dissemination: bool | None = None

    @model_validator(mode="after")
    def _consistent(self) -> DiseaseBurden:
        if self.visceral and self.visceral_mets_present is False:
            raise ValueError("visceral metastases are listed but visceral_mets_present is false")
        return self


class NetPathology(Model):
    """Neuro-endocrine grading facts (WHO 2019 GEP; WHO 2021 thoracic).

    The presence of this block states that the tumour is a neuro-endocrine neoplasm; a field
    left out is unknown (e.g. a lung NET whose grade was not reported: an empty block).
    """

    classification: Annotated[NetClassification | None, LowerInput] = None
    differentiation: Annotated[Differentiation | None, LowerInput] = None
    ki67_percent: Percent | None = None
    mitoses_per_2mm2: Annotated[float, Field(ge=0)] | None = None
    necrosis: Annotated[Necrosis | None, LowerInput] = None


class Histopathology(EventBase):
    """A pathology report (biopsy or resection) that refines the primary tumour's histology."""

    type: Literal["histopathology"] = "histopathology"
    histology: str | None = None
    neuroendocrine: NetPathology | None = None
    specimen_level: LevelField | None = None
    hormone_dependent: bool | None = None


class Fitness(EventBase):
    """The team's assessment of fitness for surgery and of expected survival."""

    type: Literal["fitness"] = "fitness"
    asa_class: Annotated[int, Field(ge=1, le=6)] | None = None
    fit_for_surgery: bool | None = None
    expected_survival_months: Annotated[float, Field(ge=0)] | None = None
    comorbidities: list[str] | None = None
    diabetes: bool | None = None
    steroid_contraindication: bool | None = None


class Wound(EventBase):
    """The state of a surgical wound: whether it is sound enough for radiotherapy or re-operation."""

    type: Literal["wound"] = "wound"
    status: Literal["healed", "not_healed", "infected", "dehiscence"]


# ---------------------------------------------------------------- interventions


class Surgery(EventBase):
    type: Literal["surgery"] = "surgery"
    procedures: list[Annotated[SurgeryProcedure, LowerInput]] = Field(min_length=1)
    levels: SpanField | None = Field(default=None, description="Levels decompressed or treated.")
    fixation_span: SpanField | None = Field(default=None, description="Posterior instrumentation span.")
    cement_augmented_screws: bool | None = None
    anterior_reconstruction: bool | None = None
    complications: str | None = None


class Radiotherapy(EventBase):
    type: Literal["radiotherapy"] = "radiotherapy"
    technique: Annotated[RtTechnique | None, LowerInput] = None
    dose_gy: Annotated[float, Field(gt=0, le=100)] | None = Field(default=None, description="Total dose, Gy.")
    fractions: Annotated[int, Field(ge=1, le=60)] | None = None
    levels: SpanField | None = None
    end_day: int | None = None


class SystemicTherapy(EventBase):
    type: Literal["systemic_therapy"] = "systemic_therapy"
    regimen: str | None = None
    drug_class: Annotated[DrugClass | None, LowerInput] = None
    end_day: int | None = None


class ChemoRadiotherapy(EventBase):
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
    drug: str = "dexamethasone"
    loading_dose_mg: Annotated[float, Field(gt=0)] | None = None
    daily_dose_mg: Annotated[float, Field(gt=0)] | None = None


class Rehabilitation(EventBase):
    type: Literal["rehabilitation"] = "rehabilitation"
    setting: Annotated[RehabSetting | None, LowerInput] = None
    end_day: int | None = None
    barthel: Annotated[int, Field(ge=0, le=100)] | None = None
    fim: Annotated[int, Field(ge=18, le=126)] | None = None
    outcome: str | None = None


class Decision(EventBase):
    """A recorded team decision (e.g. 'revision surgery judged too risky')."""

    type: Literal["decision"] = "decision"
    summary: str
    rejected_options: list[str] | None = None
    reason: str | None = None


# ---------------------------------------------------------------- outcomes


class Death(EventBase):
    type: Literal["death"] = "death"
    cause: str | None = None


class LastContact(EventBase):
    type: Literal["last_contact"] = "last_contact"
    alive: bool = True


Event = Annotated[
    Imaging
    | NeuroExam
    | Performance
    | Pain
    | Labs
    | DiseaseBurden
    | Histopathology
    | Fitness
    | Wound
    | Surgery
    | Radiotherapy
    | SystemicTherapy
    | ChemoRadiotherapy
    | Corticosteroids
    | Rehabilitation
    | Decision
    | Death
    | LastContact,
    Field(discriminator="type"),
]

EVENT_TYPES: dict[str, type[EventBase]] = {
    cls.model_fields["type"].default: cls
    for cls in (
        Imaging, NeuroExam, Performance, Pain, Labs, DiseaseBurden, Histopathology, Fitness, Wound,
        Surgery, Radiotherapy, SystemicTherapy, ChemoRadiotherapy, Corticosteroids, Rehabilitation,
        Decision, Death, LastContact,
    )
}

INTERVENTION_TYPES = frozenset(
    {"surgery", "radiotherapy", "systemic_therapy", "chemoradiotherapy", "corticosteroids", "rehabilitation"}
)
OUTCOME_TYPES = frozenset({"death", "last_contact"})
