"""Observations: neurological examination, performance, pain, laboratory values, disease burden,
pathology, fitness and the wound.

Partial knowledge is a value: deficits and walking in words, MRC power per muscle group and
side, pain present without its character, tumour markers stated only as "raised", counts of
metastases in words. Every field is optional; unknown is ``None``.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from spinemet.case.events.base import EventBase, Model, Mrc, Percent
from spinemet.case.fields import KpsField, LevelField, LowerInput, UpperInput
from spinemet.case.muscles import MUSCLE_GROUPS, allowed_muscles
from spinemet.case.units import WORDS_ONLY, allowed_units, to_canonical
from spinemet.case.vocab import (
    Ambulatory,
    Analyte,
    AsiaGrade,
    Differentiation,
    FrankelGrade,
    Necrosis,
    NetClassification,
    PainCharacter,
    Sphincter,
    VisceralOrgan,
)
from spinemet.case.vocab_detail import (
    Bone,
    BonePart,
    LabBound,
    PainSeverity,
    PlantarResponse,
    Reflexes,
    SpineMovement,
    StainOutcome,
    Tempo,
)
from spinemet.case.vocab_disease import COUNT_RANGE, CountWord, DeficitWord, LabStatement, Limb, Side, Walking
from spinemet.case.vocab_treatment import TreatmentPreference

#: the ``ambulatory`` grades each walking statement agrees with
_WALKING_AMBULATORY: dict[Walking, frozenset[Ambulatory]] = {
    Walking.INDEPENDENT: frozenset({Ambulatory.INDEPENDENT}),
    Walking.WITH_AID: frozenset({Ambulatory.WITH_AID}),
    Walking.AMBULATORY_UNSPECIFIED: frozenset({Ambulatory.INDEPENDENT, Ambulatory.WITH_AID}),
    Walking.LIMITED: frozenset({Ambulatory.INDEPENDENT, Ambulatory.WITH_AID}),
    Walking.NON_AMBULATORY: frozenset({Ambulatory.NON_AMBULATORY}),
    Walking.DIFFICULTY: frozenset({Ambulatory.INDEPENDENT, Ambulatory.WITH_AID}),
    Walking.WHEELCHAIR: frozenset({Ambulatory.WITH_AID, Ambulatory.NON_AMBULATORY}),
}


def _mrc_text(value: Any) -> Any:
    # Letters write "3/5"; the grade is the numerator.
    if isinstance(value, str):
        text = value.strip()
        if text.endswith("/5"):
            text = text[:-2].strip()
        if text.isdigit():
            return int(text)
        raise ValueError(f"'{value}' is not an MRC grade; allowed: 0, 1, 2, 3, 4, 5 (or '3/5')")
    return value


def _muscle(value: Any) -> Any:
    if isinstance(value, str):
        key = value.strip().lower().replace(" ", "_").replace("-", "_")
        if key in MUSCLE_GROUPS:
            return key
        raise ValueError(f"'{value}' is not a muscle group; allowed: {allowed_muscles()}")
    raise ValueError(f"{value!r} is not a muscle group; allowed: {allowed_muscles()}")


class MuscleGrade(Model):
    """MRC power (0-5) of one muscle group on one side (ISNCSCI key muscles or a common group)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"muscle": "hip_flexors", "side": "left", "grade": 3}]})

    muscle: Annotated[str, BeforeValidator(_muscle)] = Field(
        description="A muscle-group key (docs/case-file.md): the ten ISNCSCI key muscles (elbow_flexors ... "
        "ankle_plantar_flexors) or a common group (grip, lower_limb, ...).",
        json_schema_extra={"enum": list(MUSCLE_GROUPS)},
    )
    side: Annotated[Side | None, LowerInput] = Field(default=None, description="left, right, both or unspecified.")
    grade: Annotated[Mrc, BeforeValidator(_mrc_text)] = Field(description="MRC grade 0-5 ('3/5' is read as 3).")


class WeakMuscle(Model):
    """A muscle group stated as weak, without an MRC grade ("right foot drop": ankle dorsiflexors, right)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"muscle": "ankle_dorsiflexors", "side": "right"}]})

    muscle: Annotated[str, BeforeValidator(_muscle)] = Field(
        description="A muscle-group key (as in power).", json_schema_extra={"enum": list(MUSCLE_GROUPS)})
    side: Annotated[Side | None, LowerInput] = Field(default=None, description="left, right, both or unspecified.")
    paralysed: bool | None = Field(
        default=None, description="Function stated as entirely lost ('foot function entirely lost'), without a grade.")


class LimbReflexes(Model):
    """Tendon reflexes of the upper or the lower limbs, when a source states them apart ("hypoactive in the arms,
    absent in the legs")."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"limbs": "lower", "reflexes": "absent"}]})

    limbs: Annotated[Limb, LowerInput] = Field(description="upper or lower.")
    reflexes: Annotated[Reflexes, LowerInput] = Field(description="brisk, normal, reduced or absent.")
    side: Annotated[Side | None, LowerInput] = Field(default=None, description="left, right, both or unspecified.")


class NeuroExam(EventBase):
    """A neurological examination."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"type": "neuro_exam", "day": 0, "frankel": "D", "ambulatory": "with_aid"},
        {"type": "neuro_exam", "day": 0, "deficits": ["paraparesis", "numbness"], "sensory_level": "T10",
         "power": [{"muscle": "hip_flexors", "side": "left", "grade": 3}], "walking": "ambulatory_unspecified"},
        {"type": "neuro_exam", "day": 0, "deficits": ["weakness"], "deficit_side": "left",
         "deficit_limbs": ["upper", "lower"]},
    ]})

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
    # Case-file version 2 (issue 12): what sources say in words.
    deficits: list[Annotated[DeficitWord, LowerInput]] | None = Field(
        default=None, description="Deficits stated in words: paraplegia, tetraplegia, paraparesis, tetraparesis, "
        "monoparesis, motor_complete, motor_incomplete, weakness, numbness, sensory_loss, gait_disturbance, no_deficit.",
    )
    deficit_side: Annotated[Side | None, LowerInput] = Field(
        default=None, description="The side of the stated deficit: left, right, both or unspecified "
        "(e.g. 'left arm and leg weakness' -> left).", json_schema_extra={"examples": ["left", "both"]},
    )
    deficit_limbs: list[Annotated[Limb, LowerInput]] | None = Field(
        default=None, min_length=1, description="The limbs the stated deficit affects: upper, lower "
        "(e.g. 'weakness of both lower limbs' -> [lower], with deficit_side both).",
        json_schema_extra={"examples": [["lower"], ["upper", "lower"]]},
    )
    motor_level: LevelField | None = Field(default=None, description="Motor level, when stated (e.g. 'T10').")
    power: list[MuscleGrade] | None = Field(
        default=None, description="MRC power per muscle group and side, e.g. hip_flexors left 3.",
    )
    walking: Annotated[Walking | None, LowerInput] = Field(
        default=None, description="Walking as stated: independent, with_aid, ambulatory_unspecified, limited, non_ambulatory.",
    )
    cauda_equina_syndrome: bool | None = None
    conus_syndrome: bool | None = None
    # Second pass (issue 12).
    weak_muscles: list[WeakMuscle] | None = Field(
        default=None, description="Muscle groups stated as weak without an MRC grade ('right foot drop').")
    reflexes: Annotated[Reflexes | None, LowerInput] = Field(
        default=None, description="Tendon reflexes in words: brisk, normal, reduced, absent.")
    limb_reflexes: list[LimbReflexes] | None = Field(
        default=None, min_length=1, max_length=8,
        description="Reflexes stated limb by limb ('hypoactive in the upper, absent in the lower extremities'); "
        "reflexes holds one word for all.",
        json_schema_extra={"examples": [[{"limbs": "upper", "reflexes": "reduced"},
                                         {"limbs": "lower", "reflexes": "absent"}]]},
    )
    plantar_response: Annotated[PlantarResponse | None, LowerInput] = Field(
        default=None, description="extensor ('extensor plantars', Babinski sign), flexor or equivocal.")
    tempo: Annotated[Tempo | None, LowerInput] = Field(
        default=None, description="How the deficit developed, in the source's word: acute, subacute, chronic, "
        "progressive, rapidly_progressive.",
    )
    # Fourth pass (2026-11-28).
    sensory_dermatomes: list[LevelField] | None = Field(
        default=None, min_length=1, description="Dermatomes of a stated sensory deficit ('numbness in the right "
        "C6 distribution' -> [C6], with deficit_side right); not a sensory level, read by no instrument.",
        json_schema_extra={"examples": [["C6"]]},
    )

    @model_validator(mode="after")
    def _words_agree(self) -> NeuroExam:
        if self.sensory_dermatomes is not None:
            named = [str(d) for d in self.sensory_dermatomes]
            if "C1" in named:
                raise ValueError("sensory_dermatomes: C1 has no dermatome; allowed: C2 to S5")
            if len(set(named)) != len(named):
                raise ValueError("sensory_dermatomes: list each dermatome once")
            if self.deficits and set(self.deficits) == {DeficitWord.NO_DEFICIT}:
                raise ValueError("sensory_dermatomes: 'no_deficit' has no dermatomes; leave sensory_dermatomes out")
        if self.walking is not None and self.ambulatory is not None:
            allowed = _WALKING_AMBULATORY[self.walking]
            if self.ambulatory not in allowed:
                raise ValueError(
                    f"walking: '{self.walking.value}' disagrees with ambulatory '{self.ambulatory.value}'"
                )
        if self.deficits and DeficitWord.NO_DEFICIT in self.deficits and len(set(self.deficits)) > 1:
            raise ValueError("deficits: 'no_deficit' cannot be listed with a deficit")
        if self.deficits and set(self.deficits) == {DeficitWord.NO_DEFICIT}:
            for name in ("deficit_side", "deficit_limbs"):
                if getattr(self, name) is not None:
                    raise ValueError(f"{name}: 'no_deficit' has no side or limbs; leave {name} out")
        if self.deficit_limbs is not None and len(set(self.deficit_limbs)) != len(self.deficit_limbs):
            raise ValueError("deficit_limbs: list each limb once (allowed: upper, lower)")
        return self


class Performance(EventBase):
    """Performance status as measured: KPS or ECOG (record which was measured)."""

    type: Literal["performance"] = "performance"
    kps: KpsField | None = None
    ecog: Annotated[int, Field(ge=0, le=5)] | None = None
    functionally_independent: bool | None = Field(
        default=None, description="Independent in daily life, stated in words without a KPS or ECOG "
        "('functionally independent'); no score is read from it.",
    )

    @model_validator(mode="after")
    def _one_scale(self) -> Performance:
        if self.kps is None and self.ecog is None and self.functionally_independent is None:
            raise ValueError("a performance event needs 'kps' (0-100 in steps of 10), 'ecog' (0-5) or "
                             "'functionally_independent' (true/false)")
        return self


PainSite = Literal["neck", "shoulder", "chest_wall", "arm", "leg", "buttock", "hip", "other"]


class PainSiteSide(Model):
    """The side of a pain site listed in ``sites`` ("pain in both shoulders": shoulder, both)."""

    site: Annotated[PainSite, LowerInput] = Field(description="A site of the pain event's sites.")
    side: Annotated[Side, LowerInput] = Field(description="left, right, both or unspecified.")


class Pain(EventBase):
    """Pain: its SINS character when known; ``present`` records pain whose character is not stated."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"type": "pain", "day": 0, "present": True}, {"type": "pain", "day": 0, "character": "mechanical", "nrs": 7},
    ]})

    type: Literal["pain"] = "pain"
    present: bool | None = Field(default=None, description="Pain present (true) or absent, character not stated.")
    character: Annotated[PainCharacter | None, LowerInput] = None
    nrs: Annotated[int, Field(ge=0, le=10)] | None = None
    omed_mg: Annotated[float, Field(ge=0)] | None = Field(default=None, description="Oral morphine equivalent, mg/day.")
    spinal_region: Literal["cervical", "thoracic", "lumbar", "sacral"] | None = None
    progressive: bool | None = None
    night_pain: bool | None = None
    worse_on_straining: bool | None = None
    tenderness: bool | None = None
    radicular: bool | None = None
    # Second pass (issue 12).
    tempo: Annotated[Tempo | None, LowerInput] = Field(
        default=None, description="How the pain developed: acute, subacute, chronic, progressive, rapidly_progressive.")
    localised: bool | None = Field(default=None, description="Stated as focal or localised pain.")
    sites: list[Annotated[PainSite, LowerInput]] | None = Field(
        default=None, description="Where the pain is felt besides the spine: neck, shoulder, chest_wall, arm, leg, "
        "buttock, other.",
    )
    # Fourth pass (2026-11-28).
    severity: Annotated[PainSeverity | None, LowerInput] = Field(
        default=None, description="Severity in the source's word when no score is given: mild, moderate, severe "
        "('severe neck pain'); never read as an NRS.", json_schema_extra={"examples": ["severe"]},
    )
    # Fifth pass (2026-11-28).
    mechanical: bool | None = Field(
        default=None, description="The pain stated as mechanical (true) or as not mechanical (false, 'non-mechanical "
        "back pain') without SINS' character; SINS reads false as its one painful non-mechanical row "
        "(occasional, not mechanical). Must agree with character when both are given.",
        json_schema_extra={"examples": [False]},
    )
    site_sides: list[PainSiteSide] | None = Field(
        default=None, min_length=1, description="The side of sites listed in sites ('both shoulders').",
        json_schema_extra={"examples": [[{"site": "shoulder", "side": "both"}]]},
    )
    restricted_movements: list[Annotated[SpineMovement, LowerInput]] | None = Field(
        default=None, min_length=1, description="Movements of the spine stated as limited with the pain ('limited "
        "rotation of the neck'): flexion, extension, rotation, lateral_flexion, unspecified. Not read as a SINS "
        "pain character.", json_schema_extra={"examples": [["rotation"]]},
    )

    @model_validator(mode="after")
    def _mechanical_agrees(self) -> Pain:
        if self.mechanical is not None and self.character is not None:
            if self.mechanical != (self.character is PainCharacter.MECHANICAL) or self.character is PainCharacter.NONE:
                raise ValueError(f"mechanical: {str(self.mechanical).lower()} disagrees with character "
                                 f"'{self.character.value}'")
        if self.mechanical is not None and self.present is False:
            raise ValueError("mechanical: a pain's kind is stated, but present is false (no pain)")
        return self

    @model_validator(mode="after")
    def _sides_of_listed_sites(self) -> Pain:
        listed = set(self.sites or ())
        for j, row in enumerate(self.site_sides or ()):
            if row.site not in listed:
                raise ValueError(f"site_sides[{j}].site: '{row.site}' is not in sites; list it there too (allowed: "
                                 f"{', '.join(sorted(listed)) or 'none listed'})")
        named = [row.site for row in self.site_sides or ()]
        if len(set(named)) != len(named):
            raise ValueError("site_sides: a site is given a side twice")
        moves = self.restricted_movements or []
        if len(set(moves)) != len(moves):
            raise ValueError("restricted_movements: a movement is named twice")
        return self

    @model_validator(mode="after")
    def _present_agrees(self) -> Pain:
        if self.present is not None and self.character is not None:
            if (self.character is not PainCharacter.NONE) != self.present:
                raise ValueError(f"present: {str(self.present).lower()} disagrees with character "
                                 f"'{self.character.value}'")
        return self


class LabValue(Model):
    """A laboratory value with its unit, or -- where only that is stated -- a word (raised, normal)."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"analyte": "psa", "value": 412, "unit": "ng/mL"}, {"analyte": "thyroglobulin", "statement": "markedly_raised"},
    ]})

    analyte: Annotated[Analyte, LowerInput]
    value: Annotated[float, Field(ge=0)] | None = None
    unit: str | None = None
    statement: Annotated[LabStatement | None, LowerInput] = Field(
        default=None, description="normal, raised, markedly_raised or low, when no number is given."
    )
    # Fifth pass (2026-11-28): "PSA above 27,000" (unit not given).
    bound: Annotated[LabBound | None, LowerInput] = Field(
        default=None, description="The value is a bound, not a measurement: above (more than it) or below (less than "
        "it). A bounded value is kept and shown, never read as the measured value.",
        json_schema_extra={"examples": ["above"]},
    )
    unit_not_stated: bool | None = Field(
        default=None, description="true: the source gives the number without its unit; the value is kept as "
        "stated and never converted or compared (leave unit out).", json_schema_extra={"examples": [True]},
    )

    @field_validator("unit")
    @classmethod
    def _unit_known(cls, unit: str | None, info: ValidationInfo) -> str | None:
        # A field validator (not a model validator) so the problem is located at '.unit'.
        analyte = info.data.get("analyte")
        if unit is not None and isinstance(analyte, Analyte):
            to_canonical(analyte, 1.0, unit)
        return unit

    @model_validator(mode="after")
    def _value_or_statement(self) -> LabValue:
        if self.value is None and self.statement is None:
            raise ValueError("value: a laboratory result needs a value with its unit, or a statement "
                             "(normal, raised, markedly_raised, low)")
        if self.analyte in WORDS_ONLY and self.value is not None:
            raise ValueError(f"value: {self.analyte.value} is a panel stated in words only; give statement (normal, "
                             "raised, markedly_raised, low) and no value")
        if self.unit_not_stated and self.unit is not None:
            raise ValueError("unit_not_stated: true says the source gives no unit; leave unit out (or leave "
                             "unit_not_stated out)")
        if self.value is not None and self.unit is None and not self.unit_not_stated:
            raise ValueError(f"unit: a value needs its unit; allowed: {', '.join(allowed_units(self.analyte))} "
                             "(or unit_not_stated: true when the source gives none)")
        if self.bound is not None and self.value is None:
            raise ValueError("bound: a bound qualifies a value; give value too ('above 27000': value 27000, "
                             "bound above)")
        return self

    @property
    def is_measurement(self) -> bool:
        """A measured value with its unit (not a bound, not a number without its unit)."""
        return self.value is not None and self.unit is not None and self.bound is None

    @property
    def canonical(self) -> float:
        if self.value is None or self.unit is None:
            raise ValueError(f"{self.analyte.value} was stated only as '{self.statement}', without a value")
        return to_canonical(self.analyte, self.value, self.unit)


class Labs(EventBase):
    type: Literal["labs"] = "labs"
    values: list[LabValue]
    calcium_corrected: bool | None = Field(default=None, description="Calcium corrected for albumin.")


class VisceralMet(Model):
    organ: Annotated[VisceralOrgan, LowerInput]
    removable: bool | None = Field(default=None, description="Surgically resectable (Tokuhashi).")
    treatable: bool | None = Field(default=None, description="Amenable to treatment (Tomita).")


class BoneSite(Model):
    """A bone outside the spine named as a site of metastasis ("both proximal femora")."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"bone": "femur", "side": "both", "part": "proximal"}]})

    bone: Annotated[Bone, LowerInput] = Field(description="skull, rib, pelvis, femur, humerus, ... or other.")
    side: Annotated[Side | None, LowerInput] = Field(
        default=None, description="left, right, both (two sites: one each side) or unspecified.")
    part: Annotated[BonePart | None, LowerInput] = Field(default=None, description="proximal, shaft or distal.")

    @property
    def count(self) -> int:
        """The sites this names: two for 'both', else one."""
        return 2 if self.side is Side.BOTH else 1


class DiseaseBurden(EventBase):
    """Extent of metastatic disease at the time of the event."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"type": "disease_burden", "day": 0, "extraspinal_bone_mets": 2, "visceral_mets_present": False},
        {"type": "disease_burden", "day": 0, "bone_mets_extent": "multiple", "visceral_mets_extent": "none"},
    ]})

    type: Literal["disease_burden"] = "disease_burden"
    extraspinal_bone_mets: Annotated[int, Field(ge=0)] | None = Field(default=None, description="Count of extraspinal bone foci.")
    vertebral_mets: Annotated[int, Field(ge=1)] | None = Field(default=None, description="Count of involved vertebrae.")
    visceral_mets_present: bool | None = None
    visceral: list[VisceralMet] | None = None
    brain_mets: bool | None = None
    pleural_or_peritoneal_dissemination: bool | None = None
    leptomeningeal_dissemination: bool | None = None
    # Case-file version 2 (issue 12): counts stated in words.
    bone_mets_extent: Annotated[CountWord | None, LowerInput] = Field(
        default=None, description="Bone metastases of the whole skeleton (spine included) in words: none, solitary, "
        "multiple, diffuse, widespread.",
    )
    extraspinal_bone_mets_extent: Annotated[CountWord | None, LowerInput] = Field(
        default=None, description="Extraspinal bone metastases in words."
    )
    metastases_extent: Annotated[CountWord | None, LowerInput] = Field(
        default=None, description="Metastases in words when the source names no organ ('multiple metastases'; "
        "fourth pass, 2026-11-28); read as no organ's count.",
    )
    vertebral_mets_extent: Annotated[CountWord | None, LowerInput] = Field(
        default=None, description="Vertebral metastases in words."
    )
    visceral_mets_extent: Annotated[CountWord | None, LowerInput] = Field(
        default=None, description="Visceral metastases in words."
    )
    # Fifth pass (2026-11-28).
    extraspinal_bone_sites: list[BoneSite] | None = Field(
        default=None, min_length=1, max_length=40,
        description="The bones outside the spine named as metastatic sites ('pelvis, both proximal femora and the "
        "right humerus'). Each is at least one site (both sides: two), so they set the least extraspinal count "
        "the prognostic scores read; others are not excluded.",
        json_schema_extra={"examples": [[{"bone": "pelvis"}, {"bone": "femur", "side": "both", "part": "proximal"}]]},
    )

    @property
    def named_extraspinal_sites(self) -> int:
        """How many extraspinal bone sites are named (0 when none)."""
        return sum(site.count for site in self.extraspinal_bone_sites or ())

    @model_validator(mode="after")
    def _consistent(self) -> DiseaseBurden:
        if self.visceral and self.visceral_mets_present is False:
            raise ValueError("visceral metastases are listed but visceral_mets_present is false")
        problems: list[str] = []
        for count_field, word_field in (("extraspinal_bone_mets", "extraspinal_bone_mets_extent"),
                                        ("vertebral_mets", "vertebral_mets_extent")):
            count, word = getattr(self, count_field), getattr(self, word_field)
            if count is not None and word is not None:
                low, high = COUNT_RANGE[word]
                if count < low or (high is not None and count > high):
                    problems.append(f"{word_field}: '{word.value}' disagrees with {count_field} {count}")
        named = self.named_extraspinal_sites
        if named and self.extraspinal_bone_mets is not None and self.extraspinal_bone_mets < named:
            problems.append(f"extraspinal_bone_sites: {named} named sites, more than extraspinal_bone_mets "
                            f"{self.extraspinal_bone_mets}")
        if named and self.extraspinal_bone_mets_extent in (CountWord.NONE, CountWord.SOLITARY) and named > 1:
            problems.append(f"extraspinal_bone_sites: {named} named sites disagree with extraspinal_bone_mets_extent "
                            f"'{self.extraspinal_bone_mets_extent.value}'")
        if named and self.extraspinal_bone_mets_extent is CountWord.NONE:
            problems.append("extraspinal_bone_sites: named sites disagree with extraspinal_bone_mets_extent 'none'")
        word = self.visceral_mets_extent
        if word is not None and self.visceral_mets_present is not None:
            if (word is not CountWord.NONE) != self.visceral_mets_present:
                problems.append(f"visceral_mets_extent: '{word.value}' disagrees with visceral_mets_present "
                                f"{str(self.visceral_mets_present).lower()}")
        if problems:
            raise ValueError("\n".join(problems))
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


class StainResult(Model):
    """One immunohistochemical (or other) stain of a specimen and its result, as stated ("TTF-1 positive")."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"marker": "TTF-1", "result": "positive"}]})

    marker: Annotated[str, Field(min_length=1, max_length=40)] = Field(
        description="The marker as named (TTF-1, thyroglobulin, CK7, GATA3, PSA, chromogranin A, ...).")
    result: Annotated[StainOutcome, LowerInput] = Field(description="positive or negative.")


class Histopathology(EventBase):
    """A pathology report (biopsy or resection) that refines the primary tumour's histology."""

    type: Literal["histopathology"] = "histopathology"
    histology: str | None = None
    neuroendocrine: NetPathology | None = None
    specimen_level: LevelField | None = None
    hormone_dependent: bool | None = None
    # Fifth pass (2026-11-28): "positive for TTF-1, thyroglobulin and CK-7" (ramezani2018).
    markers: list[StainResult] | None = Field(
        default=None, min_length=1, max_length=40,
        description="Immunohistochemical stains and their results as stated; read by no instrument (the histology "
        "and the neuro-endocrine block carry what the instruments read).",
        json_schema_extra={"examples": [[{"marker": "TTF-1", "result": "positive"},
                                         {"marker": "thyroglobulin", "result": "positive"}]]},
    )


class Fitness(EventBase):
    """The team's assessment of fitness for surgery and of expected survival, and the patient's
    recorded treatment preference (``preference``; LMNOP's "patient wishes", Ivanishvili 2014)."""

    type: Literal["fitness"] = "fitness"
    asa_class: Annotated[int, Field(ge=1, le=6)] | None = None
    fit_for_surgery: bool | None = None
    expected_survival_months: Annotated[float, Field(ge=0)] | None = None
    comorbidities: list[str] | None = None
    diabetes: bool | None = None
    steroid_contraindication: bool | None = None
    preference: TreatmentPreference | None = None


class Wound(EventBase):
    """The state of a surgical wound: whether it is sound enough for radiotherapy or re-operation."""

    type: Literal["wound"] = "wound"
    status: Literal["healed", "not_healed", "infected", "dehiscence"]


