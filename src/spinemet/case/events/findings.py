"""Imaging studies and their findings: where the disease is and what it does there.

A finding names its place by one ``level``, a ``span`` of levels (an epidural mass from T2 to
T10 is one finding), a ``region`` without a level ("thoracic pathological fracture"), or
``diffuse`` disease -- or, where the source does not say, none of them. It carries the
``compartments`` it occupies. Partial knowledge is recorded as stated: ``collapse_present``
without a percentage, ``posterior_elements_involved`` without a side, ``epidural_present``
without a grade; compression of the conus, cauda equina or roots is not cord compression.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, model_validator

from spinemet.case.events.base import EventBase, Model, Percent
from spinemet.case.fields import EsccInput, EsccJsonSchema, LevelField, LowerInput, SpanField
from spinemet.case.vocab import Alignment, Collapse, EsccGrade, LesionType, Modality, Posterolateral
from spinemet.case.vocab_detail import (
    BoneDestruction,
    CanalStenosis,
    CompressionChange,
    ExtraspinalSite,
    FindingStatus,
    Laterality,
    LesionDiagnosis,
    LesionMargins,
    SizeWord,
    TissueConsistency,
)
from spinemet.case.vocab_disease import Certainty, Compartment, CompressionCause, SpinalRegion

_FINDING_EXAMPLES: list[Any] = [
    {"level": "T6", "compartments": ["vertebral_body", "epidural"], "collapse_present": True, "epidural_present": True},
    {"span": "T2-T10", "compartments": ["epidural"], "cord_compression": True},
    {"level": "T8", "compartments": ["intramedullary"]},
    {"region": "thoracic", "pathological_fracture": True, "collapse_present": True},
    {"diffuse": True, "lesion_type": "blastic"},
    {"level": "T10", "certainty": "possible", "note": "lesion suspicious for metastasis"},
]


class LevelFinding(Model):
    """What one imaging study shows at one place of the spine (a level, a span, a region, or diffusely)."""

    model_config = ConfigDict(json_schema_extra={"examples": _FINDING_EXAMPLES})

    level: LevelField | None = Field(default=None, description="The vertebral level, e.g. 'T6'.")
    span: SpanField | None = Field(
        default=None, description="A contiguous span of levels for one finding, e.g. 'T2-T10' (one epidural mass)."
    )
    region: Annotated[SpinalRegion | None, LowerInput] = Field(
        default=None, description="A spinal region named without a level, e.g. 'thoracic'."
    )
    diffuse: bool | None = Field(default=None, description="Diffuse disease, no level named ('diffuse sclerotic metastases').")
    compartments: list[Annotated[Compartment, LowerInput]] | None = Field(
        default=None, description="Where the lesion lies: vertebral_body, posterior_elements, epidural, "
        "intradural_extramedullary, intramedullary, leptomeningeal, paraspinal.",
    )
    lesion_type: Annotated[LesionType | None, LowerInput] = None
    collapse_present: bool | None = Field(
        default=None, description="Vertebral collapse or pathological fracture present (true) or absent, when the "
        "percentage is not known.",
    )
    collapse_percent: Percent | None = Field(default=None, description="Vertebral body height loss, %.")
    body_involvement_percent: Percent | None = Field(default=None, description="Share of the body replaced by tumour, %.")
    collapse: Annotated[Collapse | None, LowerInput] = None
    alignment: Annotated[Alignment | None, LowerInput] = None
    posterolateral: Annotated[Posterolateral | None, LowerInput] = None
    posterior_elements_involved: bool | None = Field(
        default=None, description="Pedicle, lamina, facet or other posterior elements involved, side not known."
    )
    epidural_present: bool | None = Field(
        default=None, description="Epidural tumour present (true) or absent, when the ESCC grade is not known."
    )
    escc: Annotated[EsccGrade | None, EsccInput, EsccJsonSchema] = None
    cord_compression: bool | None = Field(
        default=None,
        description=(
            "The spinal cord is compressed (Bilsky ESCC 2 or 3) when the exact grade is not known; "
            "false = no cord compression (ESCC 0-1c)."
        ),
    )
    conus_compression: bool | None = Field(default=None, description="The conus medullaris is compressed.")
    cauda_equina_compression: bool | None = Field(default=None, description="The cauda equina is compressed.")
    nerve_root_compression: bool | None = Field(default=None, description="One or more nerve roots are compressed.")
    compression_cause: Annotated[CompressionCause | None, LowerInput] = Field(
        default=None, description="What compresses: tumour, bone_fragment, complication, degenerative, other."
    )
    caused_by: str | None = Field(
        default=None, description="The id of the complication event that caused this finding (e.g. cement leakage)."
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
    # Second pass over the published cases (issue 12): what reports state beyond the grades.
    status: Annotated[FindingStatus | None, LowerInput] = Field(
        default=None, description="What the finding is relative to earlier disease or treatment at its place: new, "
        "recurrence, progression, stable, residual, partial_response, complete_response (as stated, not a graded "
        "response criterion).", json_schema_extra={"examples": ["recurrence"]},
    )
    status_certainty: Annotated[Certainty | None, LowerInput] = Field(
        default=None, description="How sure the source is of the status (not of the lesion): 'worrying for growth "
        "despite treatment' is status progression, status_certainty possible. Needs status.",
    )
    compression_change: Annotated[CompressionChange | None, LowerInput] = Field(
        default=None, description="How compression changed since the previous study, without a grade: worse, "
        "unchanged, reduced ('less pressure on the cord'), relieved ('the cord decompressed').",
    )
    canal_stenosis: Annotated[CanalStenosis | None, LowerInput] = Field(
        default=None, description="Narrowing of the canal in words: present, severe, near_total ('nearly "
        "obliterating the canal'); no ESCC grade is read from it.",
    )
    destruction: Annotated[BoneDestruction | None, LowerInput] = Field(
        default=None, description="Destruction of the vertebral body in words: present, severe, total; not a "
        "collapse (SINS collapse is not read from it).",
    )
    posterior_wall_involved: bool | None = Field(
        default=None, description="The posterior wall of the vertebral body is involved.")
    impending_collapse: bool | None = Field(
        default=None, description="A risk of collapse is stated (collapse itself not present or not stated).")
    cord_mass_effect: bool | None = Field(
        default=None, description="Mass effect on the cord stated without 'compression' (e.g. an intradural mass "
        "displacing the cord); not read as cord compression.",
    )
    neural_compression: bool | None = Field(
        default=None, description="'Neural compression' without saying which structure (cord, conus, cauda "
        "equina or roots); not read as cord compression.",
    )
    haemorrhage: bool | None = Field(default=None, description="Bleeding within the lesion.")
    solitary: bool | None = Field(default=None, description="Stated as a solitary lesion ('a solitary mass').")
    laterality: Annotated[Laterality | None, LowerInput] = Field(
        default=None, description="The side of the lesion: left, right, bilateral, midline ('right-sided mass').")
    suspected_diagnoses: list[Annotated[LesionDiagnosis, LowerInput]] | None = Field(
        default=None, description="What the imaging suggested the lesion was (a differential or an initial reading, "
        "e.g. [schwannoma]): metastasis, myeloma, lymphoma, schwannoma, meningioma, ependymoma, "
        "primary_bone_tumour, haemangioma, infection, osteoporotic_fracture, degenerative, other.",
        json_schema_extra={"examples": [["schwannoma"], ["myeloma", "metastasis"]]},
    )
    extraspinal_site: Annotated[ExtraspinalSite | None, LowerInput] = Field(
        default=None, description="A lesion outside the spine seen on the study (brain, head_neck, lung, liver, "
        "adrenal, kidney, lymph_node, other_bone, soft_tissue, other); such a finding names no spinal place and "
        "is not read by the spinal instruments.",
    )
    # Third pass (issue 12): what operations see.
    exophytic: bool | None = Field(
        default=None, description="Part of the lesion grows out beyond the structure it arises in ('an exophytic "
        "component' of an intramedullary tumour); seen on imaging or at operation.",
        json_schema_extra={"examples": [True]},
    )
    contrast_enhancing: bool | None = Field(
        default=None, description="The lesion enhances after contrast ('an enhancing intramedullary mass'); false = "
        "stated not to enhance.", json_schema_extra={"examples": [True]},
    )
    nerve_roots_encased: bool | None = Field(
        default=None, description="Nerve roots are encased (surrounded) by tumour ('roots encased by tumour'); not "
        "read as compression of the roots.", json_schema_extra={"examples": [True]},
    )
    certainty: Annotated[Certainty | None, LowerInput] = Field(
        default=None, description="How sure the source is of this finding: confirmed, probable or possible "
        "(the primary site's certainty words; 'suspected' is possible); it doubts the finding itself, not a change "
        "in it. Left out = stated without doubt. "
        "Recorded and shown; the instruments read the finding as stated.",
        json_schema_extra={"examples": ["possible"]},
    )
    # Fifth pass (2026-11-28).
    compartments_spared: list[Annotated[Compartment, LowerInput]] | None = Field(
        default=None, min_length=1,
        description="Compartments stated to be free of the lesion ('an epidural mass that spared the bone': "
        "vertebral_body, posterior_elements). Not with the same key in compartments. A spared vertebral body means "
        "no collapse from this lesion and spared posterior elements no posterolateral involvement (SINS reads both).",
        json_schema_extra={"examples": [["vertebral_body", "posterior_elements"]]},
    )
    impending_canal_stenosis: bool | None = Field(
        default=None, description="A stated risk of spinal canal narrowing that is not yet present ('risk of spinal "
        "stenosis'); no stenosis or ESCC grade is read from it.", json_schema_extra={"examples": [True]},
    )
    consistency: Annotated[TissueConsistency | None, LowerInput] = Field(
        default=None, description="How the lesion (or cement, in a finding of an operation) felt: soft, firm, hard, "
        "brittle or friable.", json_schema_extra={"examples": ["brittle"]},
    )
    nerve_roots_invaded: bool | None = Field(
        default=None, description="Tumour invades (infiltrates) the nerve roots or the cauda equina ('invading the "
        "cauda equina nerves'); not read as compression, and no compartment is inferred from it.",
        json_schema_extra={"examples": [True]},
    )
    oedema: bool | None = Field(
        default=None, description="Oedema around the lesion stated ('peritumoural oedema', cord oedema on T2); not "
        "read as compression.", json_schema_extra={"examples": [True]},
    )
    expansile: bool | None = Field(
        default=None, description="An expansile lesion (expanding the bone's contour), as imaging states it.",
        json_schema_extra={"examples": [True]},
    )
    margins: Annotated[LesionMargins | None, LowerInput] = Field(
        default=None, description="The lesion's margins: well_defined or ill_defined ('an ill-limited process').",
        json_schema_extra={"examples": ["ill_defined"]},
    )
    size_in_words: Annotated[SizeWord | None, LowerInput] = Field(
        default=None, description="The lesion's size in words when no measure is given ('a huge mass': giant); "
        "never turned into millimetres.", json_schema_extra={"examples": ["giant"]},
    )
    adherent_to_dura: bool | None = Field(
        default=None, description="Adherent to the dura (true) or stated not to be (false), as seen at operation.",
        json_schema_extra={"examples": [False]},
    )
    note: str | None = None

    @model_validator(mode="after")
    def _agrees(self) -> LevelFinding:
        problems = [*self._place_problems(), *self._partial_knowledge_problems()]
        if self.escc is not None and self.cord_compression is not None:
            compressed = self.escc.rank >= EsccGrade.G2.rank
            if compressed != self.cord_compression:
                problems.append(
                    f"cord_compression: {str(self.cord_compression).lower()} disagrees with ESCC grade "
                    f"'{self.escc.value}' (cord compression means ESCC 2 or 3)"
                )
        if self.collapse_percent is not None and self.collapse is not None:
            expected = "at_least_50" if self.collapse_percent >= 50 else ("under_50" if self.collapse_percent > 0 else None)
            if expected and self.collapse.value != expected:
                problems.append(
                    f"collapse: '{self.collapse.value}' disagrees with collapse_percent {self.collapse_percent:g}"
                )
        if self.status_certainty is not None and self.status is None:
            problems.append("status_certainty: give the status it qualifies (e.g. status: progression)")
        problems += self._spared_problems()
        if problems:
            raise ValueError("\n".join(problems))
        return self

    def _place_problems(self) -> list[str]:
        out: list[str] = []
        if self.extraspinal_site is not None and (
            self.level is not None or self.span is not None or self.region is not None or self.diffuse
        ):
            out.append("extraspinal_site: a lesion outside the spine has no spinal level, span, region or diffuse "
                       "flag; record the spinal lesion as its own finding")
        if self.level is not None and self.span is not None:
            out.append("span: a finding names one level or one span, not both (for one level, give 'level')")
        if self.region is not None and (self.level is not None or self.span is not None):
            out.append("region: a region is for a finding without a level; this one has a level or span already")
        return out

    def _partial_knowledge_problems(self) -> list[str]:
        out: list[str] = []
        if self.collapse_present is not None:
            if self.collapse_percent is not None and (self.collapse_percent > 0) != self.collapse_present:
                out.append(f"collapse_present: {str(self.collapse_present).lower()} disagrees with collapse_percent "
                           f"{self.collapse_percent:g}")
            if self.collapse is not None:
                says_collapse = self.collapse in (Collapse.AT_LEAST_50, Collapse.UNDER_50)
                if says_collapse != self.collapse_present:
                    out.append(f"collapse_present: {str(self.collapse_present).lower()} disagrees with collapse "
                               f"'{self.collapse.value}'")
        if self.posterior_elements_involved is False and self.posterolateral in (
            Posterolateral.UNILATERAL, Posterolateral.BILATERAL
        ):
            out.append(f"posterior_elements_involved: false disagrees with posterolateral '{self.posterolateral.value}'")
        if self.epidural_present is not None and self.escc is not None:
            if (self.escc is not EsccGrade.G0) != self.epidural_present:
                out.append(f"epidural_present: {str(self.epidural_present).lower()} disagrees with ESCC grade "
                           f"'{self.escc.value}' (ESCC 0 means no epidural tumour)")
        if self.epidural_present is False and self.cord_compression and self.compression_cause in (
            None, CompressionCause.TUMOUR
        ):
            out.append("epidural_present: false disagrees with cord_compression by tumour; give compression_cause "
                       "(bone_fragment, complication, ...) if the cord is compressed by something else")
        return out

    def _spared_problems(self) -> list[str]:
        spared = set(self.compartments_spared or ())
        out: list[str] = []
        if len(spared) != len(self.compartments_spared or ()):
            out.append("compartments_spared: a compartment is named twice")
        both = spared & set(self.compartments or ())
        if both:
            out.append(f"compartments_spared: '{sorted(c.value for c in both)[0]}' is also in compartments; a "
                       "compartment is involved or spared, not both")
        if Compartment.VERTEBRAL_BODY in spared and self.collapse_present:
            out.append("compartments_spared: a spared vertebral body disagrees with collapse_present: true")
        if Compartment.POSTERIOR_ELEMENTS in spared and (
            self.posterior_elements_involved or self.posterolateral in (Posterolateral.UNILATERAL,
                                                                       Posterolateral.BILATERAL)):
            out.append("compartments_spared: spared posterior elements disagree with posterior-element involvement")
        if Compartment.EPIDURAL in spared and (self.epidural_present or (self.escc is not None and
                                                                         self.escc is not EsccGrade.G0)):
            out.append("compartments_spared: a spared epidural space disagrees with epidural tumour")
        return out

    @property
    def place(self) -> str:
        """The place as written: 'T6', 'T2-T10', 'thoracic', 'diffuse' or 'unstated'."""
        if self.level is not None:
            return str(self.level)
        if self.span is not None:
            return str(self.span)
        if self.region is not None:
            return f"{self.region.value}{' (diffuse)' if self.diffuse else ''}"
        if self.extraspinal_site is not None:
            return f"outside the spine ({self.extraspinal_site.value})"
        return "diffuse" if self.diffuse else "unstated"


class Imaging(EventBase):
    type: Literal["imaging"] = "imaging"
    modality: Annotated[Modality | None, LowerInput] = Field(
        default=None, description="mri, ct, xray, pet, pet_ct, bone_scan, ...; leave out when the source does not say."
    )
    sequences: list[str] | None = None
    tracer: str | None = None
    whole_spine: bool | None = None
    other_modalities: list[Annotated[Modality, LowerInput]] | None = Field(
        default=None, description="Further modalities of the same work-up reported as one ('CT, MRI and PET "
        "showed ...'): the study's findings are what they showed together.",
    )
    findings: list[LevelFinding] = Field(default_factory=list)
    impression: str | None = None
    # Fifth pass (2026-11-28): "plain films of the spine were normal".
    normal: bool | None = Field(
        default=None, description="true: the study showed no abnormality ('normal plain films'); then it lists no "
        "finding. Left out = not stated (a study without findings says nothing about normality).",
        json_schema_extra={"examples": [True]},
    )

    @model_validator(mode="after")
    def _normal_has_no_findings(self) -> Imaging:
        if self.normal and self.findings:
            raise ValueError("normal: a study stated as normal lists no finding; leave normal out, or the findings")
        return self


# ------------------------------------------------------------ what a finding states, combined


def has_collapse(f: LevelFinding) -> bool | None:
    """Collapse present (True), absent (False) or not stated (None), from collapse_present, the
    percentage or the SINS collapse key. A pathological fracture alone is left to the reader."""
    if f.collapse_present is not None:
        return f.collapse_present
    if f.collapse_percent is not None:
        return f.collapse_percent > 0
    if f.collapse is not None:
        return f.collapse in (Collapse.AT_LEAST_50, Collapse.UNDER_50)
    if f.compartments_spared and Compartment.VERTEBRAL_BODY in f.compartments_spared:
        return False  # the lesion spares the body: it has collapsed nothing
    return None


def has_epidural(f: LevelFinding) -> bool | None:
    """Epidural tumour present / absent / not stated (from epidural_present, ESCC, cord compression
    by tumour, or the epidural compartment)."""
    if f.epidural_present is not None:
        return f.epidural_present
    if f.escc is not None:
        return f.escc is not EsccGrade.G0
    if f.compartments and Compartment.EPIDURAL in f.compartments:
        return True
    if f.cord_compression and f.compression_cause in (None, CompressionCause.TUMOUR):
        return True
    return None


def has_posterior_elements(f: LevelFinding) -> bool | None:
    """Posterior elements involved / not / not stated (side not needed)."""
    if f.posterolateral in (Posterolateral.UNILATERAL, Posterolateral.BILATERAL):
        return True
    if f.posterior_elements_involved is not None:
        return f.posterior_elements_involved
    if f.compartments and Compartment.POSTERIOR_ELEMENTS in f.compartments:
        return True
    if f.posterolateral is Posterolateral.NONE:
        return False
    if f.compartments_spared and Compartment.POSTERIOR_ELEMENTS in f.compartments_spared:
        return False
    return None


def compressed_structures(f: LevelFinding) -> frozenset[str]:
    """The neural structures stated to be compressed: cord, conus, cauda_equina, nerve_root."""
    flags = {"cord": f.cord_compression or (f.escc is not None and f.escc.rank >= EsccGrade.G2.rank),
             "conus": f.conus_compression, "cauda_equina": f.cauda_equina_compression,
             "nerve_root": f.nerve_root_compression}
    return frozenset(k for k, v in flags.items() if v)


def compartments_of(f: LevelFinding) -> frozenset[Compartment]:
    """The compartments stated, plus the epidural space where the finding grades epidural tumour."""
    out = set(f.compartments or ())
    if has_epidural(f):
        out.add(Compartment.EPIDURAL)
    return frozenset(out)
