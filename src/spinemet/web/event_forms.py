"""The forms that add an event to a timeline, and the new-case form, declared as data.

Every field of every event model of the case record (version 2) is on its form; the most used
ones are shown, the rest are under "More detail", and the ways of dating an event that is not
known to the day (a range, a time relative to another event) under their own heading. Option
lists are the record's own enumerations with the labels of :mod:`spinemet.report.labels`, or
the answers as an instrument declares them (ESCC, Frankel), never retyped here.
"""

from __future__ import annotations

from pydantic import BaseModel

from spinemet.case import Case
from spinemet.case.events import (
    Ablation,
    CementAugmentation,
    Complication,
    Corticosteroids,
    DiseaseBurden,
    Embolisation,
    Fitness,
    Histopathology,
    LabValue,
    LevelFinding,
    MuscleGrade,
    NeuroExam,
    Outcome,
    Pain,
    PrimaryTumourResection,
    Radiotherapy,
    SupportiveCare,
    Surgery,
    Wound,
)
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
from spinemet.report.labels import label
from spinemet.service import offline
from spinemet.web.form_fields import (
    MORE,
    NOTE,
    WHEN,
    YES_NO,
    EventForm,
    FormField,
    choose,
    event_link,
    integer,
    model_options,
    number,
    options,
    row_model,
    select,
    several,
    text,
    yes_no,
)


def _answer_labels(instrument: str, item: str) -> dict[str, str]:
    """The answers of an instrument's item with their labels, as declared (and cited) there."""
    return {a.key: a.label for a in offline.declaration(instrument).item(item).answers}


#: Bilsky's grades as the ESCC declaration words them (Bilsky 2010)
_ESCC = _answer_labels("escc", "grade")
#: Frankel's grades as the Frankel declaration words them (Frankel 1969)
_FRANKEL = _answer_labels("frankel", "grade")
#: short words that mean something else elsewhere: labelled only on the histopathology form
_NET_LABELS = {"well": "Well differentiated", "poor": "Poorly differentiated"}

#: the tri-state 'neuro-endocrine neoplasm' question of the histopathology form: it is not a
#: field of the model but says whether the ``neuroendocrine`` block is present (read_event)
NET_FLAG = "neuroendocrine"
#: MRC power of the four limbs (version 1's ``mrc`` mapping)
MRC_LIMBS = (("left_upper", "left arm"), ("right_upper", "right arm"), ("left_lower", "left leg"), ("right_lower", "right leg"))
#: rows of MRC power per muscle group and side offered on the neurological form
POWER_ROWS = 3
#: rows of candidate primary sites offered on the new-case form
CANDIDATE_ROWS = 2

_SPAN_HINT = "e.g. T6, T5-T7 or T12/L1"
_SPANS_HINT = "non-contiguous levels, e.g. T2-T3; T9 (instead of 'Levels')"


def _f(name: str, lbl: str, kind: str, opts: tuple[tuple[str, str], ...] = (), hint: str = "",
       section: str = "") -> FormField:
    """A field of the imaging study's first finding (its names are the field names, as before)."""
    return FormField(name, lbl, kind, ("findings", 0, name), opts if kind != "bool" else YES_NO, hint, section)


#: further findings of one study (other levels, spans or regions) offered on the imaging form
FINDING_ROWS = 3


def _finding_row(i: int) -> tuple[FormField, ...]:
    """The main fields of the study's finding ``i + 1`` (``i`` >= 1), under "More detail"; a row left
    empty is dropped, so only the places typed in become findings."""
    n = i + 1

    def f(name: str, lbl: str, kind: str, opts: tuple[tuple[str, str], ...] = (), hint: str = "") -> FormField:
        return FormField(f"findings.{n}.{name}", f"Finding {n}: {lbl}", kind, ("findings", i, name),
                         opts if kind != "bool" else YES_NO, hint, MORE)

    return (
        f("level", "level", "text", hint="e.g. T9"),
        f("span", "or span", "text", hint="e.g. T2-T10"),
        f("region", "or region", "select", _finding_options("region")),
        f("diffuse", "diffuse disease", "bool"),
        f("extraspinal_site", "or outside the spine", "select", _finding_options("extraspinal_site")),
        f("compartments", "compartments", "multi", _finding_options("compartments")),
        f("escc", "Bilsky ESCC grade", "select", tuple(_ESCC.items())),
        f("epidural_present", "epidural tumour", "bool"),
        f("cord_compression", "cord compressed", "bool"),
        f("lesion_type", "bone lesion", "select", options(LesionType)),
        f("collapse_present", "collapse present", "bool"),
        f("pathological_fracture", "pathological fracture", "bool"),
        f("status", "status", "select", _finding_options("status")),
        f("certainty", "how certain", "select", _finding_options("certainty")),
    )


def _finding_options(name: str) -> tuple[tuple[str, str], ...]:
    return model_options(LevelFinding, name)


_IMAGING = EventForm("imaging", "Imaging finding", "observation", (
    *WHEN,
    select("modality", "Modality", options(Modality), "leave unknown when the source does not name it"),
    _f("level", "Level", "text", hint="e.g. T6"),
    _f("span", "or span of levels", "text", hint="one finding over several levels, e.g. T2-T10"),
    _f("region", "or region (no level stated)", "select", _finding_options("region")),
    _f("diffuse", "Diffuse disease (no level named)", "bool"),
    _f("compartments", "Compartments", "multi", _finding_options("compartments")),
    _f("certainty", "How certain is the finding", "select", _finding_options("certainty"),
       hint="empty: stated without doubt; 'suspected' is possible", section=MORE),
    _f("status", "Status of the finding", "select", _finding_options("status"),
       hint="e.g. recurrence, progression, partial response (as stated)"),
    _f("status_certainty", "How certain is the status", "select", _finding_options("status_certainty"),
       hint="e.g. 'worrying for growth': possible", section=MORE),
    _f("extraspinal_site", "or a lesion outside the spine", "select", _finding_options("extraspinal_site"),
       section=MORE),
    _f("escc", "Bilsky ESCC grade", "select", tuple(_ESCC.items())),
    _f("epidural_present", "Epidural tumour", "bool", hint="when the ESCC grade is not known"),
    _f("cord_compression", "Cord compressed", "bool", hint="when the exact ESCC grade is not known"),
    _f("lesion_type", "Bone lesion", "select", options(LesionType)),
    _f("collapse_present", "Collapse present (degree not stated)", "bool",
       hint="'Yes' for 'vertebral collapse' or a wedge deformity without a percentage"),
    _f("collapse", "Vertebral body collapse", "select", options(Collapse)),
    _f("collapse_percent", "Vertebral body height loss, %", "number"),
    _f("alignment", "Alignment", "select", options(Alignment)),
    _f("posterolateral", "Posterolateral involvement", "select", options(Posterolateral)),
    _f("posterior_elements_involved", "Posterior elements involved", "bool", hint="when the side is not known"),
    _f("pathological_fracture", "Pathological fracture", "bool"),
    _f("conus_compression", "Conus compressed", "bool", section=MORE),
    _f("cauda_equina_compression", "Cauda equina compressed", "bool", section=MORE),
    _f("nerve_root_compression", "Nerve root compressed", "bool", section=MORE),
    _f("compression_cause", "Compressed by", "select", _finding_options("compression_cause"), section=MORE),
    FormField("caused_by", "Caused by the complication", "event", ("findings", 0, "caused_by"),
              hint="a complication event of this case", section=MORE),
    _f("body_involvement_percent", "Share of the vertebral body replaced by tumour, %", "number", section=MORE),
    _f("retropulsion", "Retropulsed fragment into the canal", "bool", section=MORE),
    _f("canal_compromise_percent", "Spinal canal compromise, %", "number", section=MORE),
    _f("epidural_extent", "Epidural tumour extent (levels)", "text", hint="e.g. T5-T7", section=MORE),
    _f("soft_tissue_mm", "Paraspinal soft-tissue extension, mm", "number", section=MORE),
    _f("lesion_size_mm", "Largest lesion diameter, mm", "number", section=MORE),
    _f("new_lesion", "New lesion (not on the previous study)", "bool", section=MORE),
    _f("bone_response", "Bone response (MD Anderson)", "select", _finding_options("bone_response"), section=MORE),
    _f("tumour_resolved", "No residual tumour here", "bool", section=MORE),
    _f("instrumented", "Level instrumented", "bool", section=MORE),
    _f("compression_change", "Compression since the last study", "select", _finding_options("compression_change"),
       hint="e.g. 'less pressure on the cord': reduced", section=MORE),
    _f("canal_stenosis", "Canal narrowing in words", "select", _finding_options("canal_stenosis"), section=MORE),
    _f("destruction", "Vertebral body destruction in words", "select", _finding_options("destruction"),
       hint="not a collapse", section=MORE),
    _f("posterior_wall_involved", "Posterior wall of the body involved", "bool", section=MORE),
    _f("impending_collapse", "Risk of collapse stated", "bool", section=MORE),
    _f("cord_mass_effect", "Mass effect on the cord (compression not stated)", "bool", section=MORE),
    _f("neural_compression", "Neural compression (structure not stated)", "bool", section=MORE),
    _f("haemorrhage", "Bleeding in the lesion", "bool", section=MORE),
    _f("solitary", "Solitary lesion", "bool", section=MORE),
    _f("laterality", "Side of the lesion", "select", _finding_options("laterality"), section=MORE),
    _f("suspected_diagnoses", "Thought to be", "multi", _finding_options("suspected_diagnoses"),
       hint="a differential or an initial reading, e.g. schwannoma", section=MORE),
    _f("contrast_enhancing", "Enhances after contrast", "bool", section=MORE),
    _f("exophytic", "Exophytic component", "bool", section=MORE),
    _f("nerve_roots_encased", "Nerve roots encased by tumour", "bool", hint="not read as compression", section=MORE),
    _f("compartments_spared", "Compartments stated spared", "multi", _finding_options("compartments_spared"),
       hint="e.g. 'spared the bone': vertebral body and posterior elements", section=MORE),
    _f("impending_canal_stenosis", "Risk of canal narrowing stated (not present yet)", "bool", section=MORE),
    _f("consistency", "Consistency", "select", _finding_options("consistency"), hint="as felt at operation",
       section=MORE),
    _f("adherent_to_dura", "Adherent to the dura", "bool", section=MORE),
    _f("nerve_roots_invaded", "Nerve roots / cauda equina invaded by tumour", "bool", hint="not read as compression",
       section=MORE),
    _f("expansile", "Expansile lesion", "bool", section=MORE),
    _f("oedema", "Oedema around the lesion", "bool", hint="e.g. peritumoural or cord oedema; not compression",
       section=MORE),
    _f("margins", "Margins", "select", _finding_options("margins"), section=MORE),
    _f("size_in_words", "Size in words", "select", _finding_options("size_in_words"),
       hint="when no measure is given, e.g. 'a huge mass': giant", section=MORE),
    *(f for i in range(1, FINDING_ROWS) for f in _finding_row(i)),
    choose("other_modalities", "Further modalities of the same work-up", options(Modality), section=MORE),
    yes_no("whole_spine", "Whole spine imaged", section=MORE),
    yes_no("normal", "Study stated as normal (no finding)", "e.g. 'plain films were normal'; then no finding",
           section=MORE),
    several("sequences", "Sequences", "e.g. T1; T2; STIR (separate with ';')", section=MORE),
    text("tracer", "Tracer", "PET or scintigraphy, e.g. FDG, Ga-68 DOTATATE", section=MORE),
    text("impression", "Impression", section=MORE),
    *NOTE,
), "One place per finding (a level, a span, a region, or diffuse); further places of the same study as "
   "findings 2 and 3 under More detail.")


def _power_row(i: int) -> tuple[FormField, ...]:
    n = i + 1
    return (
        select(f"power.{n}.muscle", f"Muscle group {n}", model_options(MuscleGrade, "muscle"), path=("power", i, "muscle"),
               section=MORE),
        select(f"power.{n}.side", f"Side {n}", model_options(MuscleGrade, "side"), path=("power", i, "side"), section=MORE),
        text(f"power.{n}.grade", f"MRC grade {n} (0–5)", "e.g. 3 or 3/5", path=("power", i, "grade"), section=MORE),
    )


#: rows of muscle groups stated weak without a grade offered on the neurological form
WEAK_ROWS = 2


def _weak_row(i: int) -> tuple[FormField, ...]:
    n = i + 1
    return (
        select(f"weak_muscles.{n}.muscle", f"Weak without a grade: muscle group {n}",
               model_options(MuscleGrade, "muscle"), "e.g. 'foot drop': ankle dorsiflexors",
               path=("weak_muscles", i, "muscle"), section=MORE),
        select(f"weak_muscles.{n}.side", f"Side {n} (weak)", model_options(MuscleGrade, "side"),
               path=("weak_muscles", i, "side"), section=MORE),
        yes_no(f"weak_muscles.{n}.paralysed", f"Function entirely lost {n}", path=("weak_muscles", i, "paralysed"),
               section=MORE),
    )


_LIMB_REFLEXES = row_model(NeuroExam, "limb_reflexes")


def _limb_reflex_row(i: int) -> tuple[FormField, ...]:
    n = i + 1
    return tuple(select(f"limb_reflexes.{n}.{name}", f"Reflexes by limb {n}: {words}", model_options(_LIMB_REFLEXES, name),
                        hint, path=("limb_reflexes", i, name), section=MORE)
                 for name, words, hint in (("limbs", "limbs", "e.g. 'absent in the legs': lower"),
                                           ("reflexes", "reflexes", ""), ("side", "side", "")))


_NEURO = EventForm("neuro_exam", "Neurological exam", "observation", (
    *WHEN,
    select("frankel", "Frankel grade", tuple(_FRANKEL.items())),
    select("asia", "ASIA impairment grade", options(AsiaGrade)),
    choose("deficits", "Deficits as stated", model_options(NeuroExam, "deficits")),
    select("deficit_side", "Side of the deficit", model_options(NeuroExam, "deficit_side")),
    choose("deficit_limbs", "Limbs affected", model_options(NeuroExam, "deficit_limbs")),
    select("walking", "Walking as stated", model_options(NeuroExam, "walking"), "e.g. 'walks with a frame': with aid"),
    select("ambulatory", "Ambulatory status", options(Ambulatory)),
    yes_no("motor_deficit", "Motor deficit"),
    yes_no("suspected_instability", "Neurological picture suggests spinal instability",
           "the clinician's judgement; 'Yes' triggers immobilisation (NICE NG234)"),
    yes_no("new_deficit", "New or worse deficit since the last exam or treatment",
           "the examiner's judgement, e.g. a report's 'new neurological compromise'"),
    select("sphincter", "Sphincter function", options(Sphincter)),
    text("sensory_level", "Sensory level", "e.g. T8"),
    text("motor_level", "Motor level", "e.g. T10", section=MORE),
    several("sensory_dermatomes", "Dermatomes of the sensory deficit",
            "e.g. C6 ('numbness in the C6 distribution'); not a sensory level; separate several with ';'", section=MORE),
    *(f for i in range(POWER_ROWS) for f in _power_row(i)),
    *(integer(f"mrc.{key}", f"MRC power, {words} (0–5)", path=("mrc", key), section=MORE) for key, words in MRC_LIMBS),
    integer("motor_deficit_onset_day", "Motor deficit began on day", "days since the index date", section=MORE),
    yes_no("myelopathy", "Myelopathy", section=MORE),
    yes_no("radiculopathy", "Radiculopathy", section=MORE),
    yes_no("cauda_equina_syndrome", "Cauda equina syndrome", section=MORE),
    yes_no("conus_syndrome", "Conus syndrome", section=MORE),
    number("complete_paraplegia_hours", "Complete paraplegia for, hours", "only when paraplegia is complete", section=MORE),
    select("tempo", "How it developed", model_options(NeuroExam, "tempo"), "e.g. 'acute', 'rapidly progressive'"),
    *(f for i in range(WEAK_ROWS) for f in _weak_row(i)),
    select("reflexes", "Reflexes", model_options(NeuroExam, "reflexes"), section=MORE),
    *(f for i in range(2) for f in _limb_reflex_row(i)),
    select("plantar_response", "Plantar response", model_options(NeuroExam, "plantar_response"), section=MORE),
    *NOTE,
), "Record what was stated: grades where given, otherwise the deficits and walking in words.")

#: rows of "the side of a pain site" offered on the pain form
SITE_SIDE_ROWS = 2
_SITE_SIDE_MODEL = row_model(Pain, "site_sides")


def _site_side_row(i: int) -> tuple[FormField, ...]:
    n = i + 1
    return (
        select(f"site_sides.{n}.site", f"Side of a site {n}: the site", model_options(_SITE_SIDE_MODEL, "site"),
               "a site ticked under 'Also felt in', e.g. shoulder", path=("site_sides", i, "site"), section=MORE),
        select(f"site_sides.{n}.side", f"Side of a site {n}: the side", model_options(_SITE_SIDE_MODEL, "side"),
               "e.g. 'both shoulders': both", path=("site_sides", i, "side"), section=MORE),
    )


_PAIN = EventForm("pain", "Pain", "observation", (
    *WHEN,
    yes_no("present", "Pain present", "when its character is not stated"),
    select("character", "Character (SINS pain)", options(PainCharacter)),
    yes_no("mechanical", "Stated as mechanical", "'No' for 'non-mechanical pain' when SINS' character is not given"),
    integer("nrs", "NRS 0–10"),
    select("spinal_region", "Spinal region", model_options(Pain, "spinal_region")),
    number("omed_mg", "Oral morphine equivalent, mg/day", section=MORE),
    yes_no("progressive", "Progressive pain", section=MORE),
    yes_no("night_pain", "Night pain", section=MORE),
    yes_no("worse_on_straining", "Worse on straining, coughing or sneezing", section=MORE),
    yes_no("tenderness", "Localised spinal tenderness", section=MORE),
    yes_no("radicular", "Radicular pain", section=MORE),
    select("tempo", "How it developed", model_options(Pain, "tempo"), section=MORE),
    yes_no("localised", "Focal / localised pain", section=MORE),
    choose("sites", "Also felt in", model_options(Pain, "sites"), section=MORE),
    select("severity", "Severity in words", model_options(Pain, "severity"), "when no score is given, e.g. "
           "'severe'; never read as an NRS", section=MORE),
    *(f for i in range(SITE_SIDE_ROWS) for f in _site_side_row(i)),
    choose("restricted_movements", "Movements stated as limited", model_options(Pain, "restricted_movements"),
           section=MORE),
    *NOTE,
))

_COUNT_HINT = "as stated, e.g. 'multiple'"
#: rows of named extraspinal bones offered on the disease-burden form
BONE_ROWS = 3
_BONE_SITE = row_model(DiseaseBurden, "extraspinal_bone_sites")


def _bone_row(i: int) -> tuple[FormField, ...]:
    n = i + 1
    return (
        select(f"bone_sites.{n}.bone", f"Bone outside the spine {n}", model_options(_BONE_SITE, "bone"),
               "a named site, e.g. 'both proximal femora': femur", path=("extraspinal_bone_sites", i, "bone"),
               section=MORE),
        select(f"bone_sites.{n}.side", f"Side {n} (bone)", model_options(_BONE_SITE, "side"),
               "both = two sites", path=("extraspinal_bone_sites", i, "side"), section=MORE),
        select(f"bone_sites.{n}.part", f"Part {n} (bone)", model_options(_BONE_SITE, "part"),
               path=("extraspinal_bone_sites", i, "part"), section=MORE),
    )

_BURDEN = EventForm("disease_burden", "Disease burden", "observation", (
    *WHEN,
    select("bone_mets_extent", "Bone metastases (whole skeleton)", model_options(DiseaseBurden, "bone_mets_extent"),
           _COUNT_HINT),
    integer("extraspinal_bone_mets", "Extraspinal bone metastases (count)"),
    select("extraspinal_bone_mets_extent", "or in words", model_options(DiseaseBurden, "extraspinal_bone_mets_extent")),
    integer("vertebral_mets", "Involved vertebrae (count)"),
    select("vertebral_mets_extent", "or in words", model_options(DiseaseBurden, "vertebral_mets_extent")),
    yes_no("visceral_mets_present", "Visceral metastases"),
    select("visceral_mets_extent", "Visceral metastases in words", model_options(DiseaseBurden, "visceral_mets_extent")),
    select("metastases_extent", "Metastases, no organ named", model_options(DiseaseBurden, "metastases_extent"),
           "e.g. 'multiple metastases'", section=MORE),
    yes_no("brain_mets", "Brain metastases"),
    select("visceral.organ", "Visceral metastasis: organ", options(VisceralOrgan),
           "one organ here; import a case file for several", path=("visceral", 0, "organ"), section=MORE),
    yes_no("visceral.removable", "That visceral metastasis is resectable", path=("visceral", 0, "removable"), section=MORE),
    yes_no("visceral.treatable", "That visceral metastasis is treatable", path=("visceral", 0, "treatable"), section=MORE),
    yes_no("pleural_or_peritoneal_dissemination", "Pleural or peritoneal dissemination", section=MORE),
    yes_no("leptomeningeal_dissemination", "Leptomeningeal dissemination", section=MORE),
    *(f for i in range(BONE_ROWS) for f in _bone_row(i)),
    *NOTE,
), "A count where one is given, else the words of the source ('multiple', 'diffuse').")

_FITNESS = EventForm("fitness", "Fitness for surgery", "observation", (
    *WHEN,
    integer("asa_class", "ASA class"),
    yes_no("fit_for_surgery", "Fit for surgery"),
    number("expected_survival_months", "Expected survival, months"),
    select("preference", "Patient's preference", model_options(Fitness, "preference")),
    yes_no("diabetes", "Diabetes", section=MORE),
    yes_no("steroid_contraindication", "Contraindication to corticosteroids", section=MORE),
    several("comorbidities", "Comorbidities", section=MORE),
    *NOTE,
))

#: rows of stains offered on the histopathology form
STAIN_ROWS = 4
_STAIN = row_model(Histopathology, "markers")


def _stain_row(i: int) -> tuple[FormField, ...]:
    n = i + 1
    return (
        text(f"markers.{n}.marker", f"Stain {n}", "as named, e.g. TTF-1, thyroglobulin, CK7",
             path=("markers", i, "marker"), section=MORE),
        select(f"markers.{n}.result", f"Stain {n}: result", model_options(_STAIN, "result"),
               path=("markers", i, "result"), section=MORE),
    )


_HISTOPATHOLOGY = EventForm("histopathology", "Histopathology", "observation", (
    *WHEN,
    text("histology", "Histology", "e.g. invasive ductal carcinoma"),
    text("specimen_level", "Specimen from level", "e.g. T6"),
    yes_no("hormone_dependent", "Hormone receptor positive / hormone dependent"),
    *(f for i in range(STAIN_ROWS) for f in _stain_row(i)),
    yes_no(NET_FLAG, "Neuro-endocrine neoplasm", "'Yes' records a neuro-endocrine tumour even when its grade is not reported"),
    select("neuroendocrine.classification", "WHO neuro-endocrine class", options(NetClassification),
           path=("neuroendocrine", "classification")),
    select("neuroendocrine.differentiation", "Differentiation", options(Differentiation, _NET_LABELS),
           path=("neuroendocrine", "differentiation")),
    number("neuroendocrine.ki67_percent", "Ki-67 index, %", path=("neuroendocrine", "ki67_percent")),
    number("neuroendocrine.mitoses_per_2mm2", "Mitoses per 2 mm²", path=("neuroendocrine", "mitoses_per_2mm2")),
    select("neuroendocrine.necrosis", "Necrosis", options(Necrosis), path=("neuroendocrine", "necrosis")),
    *NOTE,
), "A biopsy or resection report; the neuro-endocrine fields only for neuro-endocrine tumours.")


def _levels(hint: str = _SPAN_HINT) -> tuple[FormField, ...]:
    return (text("levels", "Levels", hint), several("spans", "or several spans", _SPANS_HINT, section=MORE))


def _no_complications() -> FormField:
    return select("complications_stated", "Complications stated", model_options(Surgery, "complications_stated"),
                  "'none' only when the source says there were none; a complication is its own event", section=MORE)


def _intraoperative_finding() -> tuple[FormField, ...]:
    """One finding seen at the operation (``intraoperative_findings[0]``), under "More detail"; left
    empty, it is dropped."""

    def f(name: str, lbl: str, kind: str, opts: tuple[tuple[str, str], ...] = (), hint: str = "") -> FormField:
        return FormField(f"intraoperative.{name}", f"Seen at operation: {lbl}", kind,
                         ("intraoperative_findings", 0, name), opts if kind != "bool" else YES_NO, hint, MORE)

    return (
        f("level", "level", "text", hint="e.g. T4"),
        f("span", "or span", "text", hint="e.g. T2-T10"),
        f("region", "or region", "select", _finding_options("region")),
        f("compartments", "compartments", "multi", _finding_options("compartments")),
        f("exophytic", "exophytic component", "bool"),
        f("nerve_roots_encased", "nerve roots encased by tumour", "bool"),
        f("compartments_spared", "compartments spared", "multi", _finding_options("compartments_spared")),
        f("epidural_present", "epidural tumour", "bool"),
        f("cord_compression", "cord compressed", "bool"),
        f("laterality", "side of the lesion", "select", _finding_options("laterality")),
        f("status", "status", "select", _finding_options("status"), hint="e.g. recurrence"),
        f("suspected_diagnoses", "thought to be", "multi", _finding_options("suspected_diagnoses")),
        f("consistency", "consistency", "select", _finding_options("consistency"), hint="e.g. brittle cement"),
        f("adherent_to_dura", "adherent to the dura", "bool"),
        f("caused_by", "caused by the complication", "event", hint="e.g. leaked cement: the leak"),
        f("note", "in words", "text", hint="what the surgeon found, e.g. 'dura infiltrated'"),
    )


_SURGERY = EventForm("surgery", "Surgery", "intervention", (
    *WHEN,
    choose("procedures", "Procedures", options(SurgeryProcedure), hint="none ticked: the type of operation was not stated"),
    *_levels(),
    text("fixation_span", "Fixation span", "e.g. T3-T8"),
    select("approach", "Approach", model_options(Surgery, "approach")),
    select("extent", "Extent of resection", model_options(Surgery, "extent")),
    select("region", "or region (no level stated)", model_options(Surgery, "region"), section=MORE),
    yes_no("emergency", "Emergency operation", "as stated; the day goes in the dating", section=MORE),
    yes_no("minimally_invasive", "Minimally invasive", section=MORE),
    event_link("embolised_before", "Embolised before by", "the pre-operative embolisation event", section=MORE),
    yes_no("cement_augmented_screws", "Cement-augmented screws", section=MORE),
    yes_no("anterior_reconstruction", "Anterior column reconstruction", section=MORE),
    yes_no("microsurgical", "Microsurgical", section=MORE),
    integer("stages", "Stages", "'single-stage': 1", section=MORE),
    select("biopsy_technique", "Biopsy technique", model_options(Surgery, "biopsy_technique"), section=MORE),
    _no_complications(),
    text("complications", "Complications (in words)", "or enter each as a Complication event", section=MORE),
    *_intraoperative_finding(),
    *NOTE,
))


def _target(model: type[Radiotherapy | Embolisation]) -> tuple[FormField, ...]:
    return (select("target", "Aimed outside the spine at", model_options(model, "target"),
                   "e.g. radiosurgery of a brain metastasis: brain (then no spinal levels)", section=MORE),
            text("target_label", "That target in words", "e.g. right adrenal", section=MORE))


#: boxes for the earlier courses a cumulative radiotherapy dose covers
CUMULATIVE_ROWS = 3


def _radiation(kind: str, title: str) -> EventForm:
    chemo = kind == "chemoradiotherapy"
    return EventForm(kind, title, "intervention", (
        *WHEN,
        select("technique", "Technique", options(RtTechnique)),
        number("dose_gy", "Total dose, Gy"),
        integer("fractions", "Fractions", "empty when not stated (BED then cannot be computed)"),
        *_levels(),
        *((text("regimen", "Regimen"), select("drug_class", "Drug class", options(DrugClass))) if chemo else
          (select("region", "or region (no level stated)", model_options(Radiotherapy, "region")),
           *_target(Radiotherapy),
           number("cumulative_dose_gy", "Total dose over this and earlier courses, Gy",
                  "when only the sum is stated ('two courses, 70 Gy in total')", section=MORE),
           *(FormField(f"cumulative_with.{i + 1}" if i else "cumulative_with",
                       f"Earlier course in that total{f' ({i + 1})' if i else ''}", "event", ("cumulative_with", i),
                       hint="an earlier radiotherapy course (one per box; several courses: several boxes)",
                       section=MORE) for i in range(CUMULATIVE_ROWS)),
           select("intent", "Intent as stated", model_options(Radiotherapy, "intent"),
                  "e.g. 'salvage re-irradiation': salvage", section=MORE),
           yes_no("benign_indication", "Given for a condition that is not cancer",
                  "e.g. radiosurgery of a schwannoma; never read as a cancer treatment", section=MORE),
           number("prescription_isodose_percent", "Prescribed to the isodose line, %",
                  "e.g. 85 ('27 Gy to the 85 % isodose line'); needs the total dose", section=MORE),
           _no_complications())),
        integer("end_day", "End day", section=MORE),
        *NOTE,
    ))


_SYSTEMIC = EventForm("systemic_therapy", "Systemic therapy", "intervention", (
    *WHEN,
    text("regimen", "Regimen"),
    select("drug_class", "Drug class", options(DrugClass), "also radioiodine, PRRT, somatostatin analogues, "
           "bisphosphonates, denosumab"),
    integer("cycles", "Cycles"),
    number("activity_gbq", "Activity per cycle, GBq", "radionuclide therapy"),
    integer("end_day", "End day", section=MORE),
    *NOTE,
))

_STEROIDS = EventForm("corticosteroids", "Corticosteroids", "intervention", (
    *WHEN,
    text("drug", "Drug", "as stated; leave empty when the drug is not named"),
    number("loading_dose_mg", "Loading dose, mg"),
    number("daily_dose_mg", "Daily dose, mg"),
    select("route", "Route", model_options(Corticosteroids, "route"), section=MORE),
    yes_no("high_dose", "Stated as high-dose", "when no dose in mg is given", section=MORE),
    *NOTE,
))

_EMBOLISATION = EventForm("embolisation", "Embolisation", "intervention", (
    *WHEN,
    select("purpose", "Purpose", model_options(Embolisation, "purpose")),
    *_levels(),
    text("agent", "Agent", "e.g. PVA particles", section=MORE),
    *_target(Embolisation),
    yes_no("chemoembolisation", "Chemo-embolisation", section=MORE),
    _no_complications(),
    *NOTE,
), "Transarterial embolisation; give it an id (More detail) to link the operation to it.")

_ABLATION = EventForm("ablation", "Thermal ablation", "intervention", (
    *WHEN,
    select("method", "Method", model_options(Ablation, "method")),
    *_levels(),
    yes_no("with_cement", "With cement augmentation in the same session"),
    _no_complications(),
    *NOTE,
))

_CEMENT = EventForm("cement_augmentation", "Vertebroplasty / kyphoplasty", "intervention", (
    *WHEN,
    select("procedure", "Procedure", model_options(CementAugmentation, "procedure")),
    *_levels(),
    event_link("performed_during", "During the operation", "when done within an operation", section=MORE),
    yes_no("percutaneous", "Percutaneous", "as stated; not with 'During the operation'", section=MORE),
    _no_complications(),
    *NOTE,
))

_PRIMARY_RESECTION = EventForm("primary_resection", "Resection of the primary", "intervention", (
    *WHEN,
    select("procedure", "Operation", model_options(PrimaryTumourResection, "procedure")),
    text("label", "In words", "e.g. for 'other'"),
    select("organ_extent", "Partial or total", model_options(PrimaryTumourResection, "organ_extent")),
    select("pathology", "The lesion was", model_options(PrimaryTumourResection, "pathology")),
    *NOTE,
))

_SUPPORTIVE = EventForm("supportive_care", "Supportive care", "intervention", (
    *WHEN,
    yes_no("only", "Supportive care only", "'Yes': no anti-cancer treatment was given"),
    select("measure", "A measure not aimed at the cancer", model_options(SupportiveCare, "measure"),
           "e.g. dopamine for hypotension: vasopressor; a collar: orthosis"),
    text("agent", "The drug or device", "as stated, e.g. dopamine, rigid cervical collar"),
    select("effect", "What it did", model_options(SupportiveCare, "effect"), "'did not help': ineffective"),
    text("summary", "Summary"),
    *NOTE,
))

_REHAB = EventForm("rehabilitation", "Rehabilitation", "intervention", (
    *WHEN,
    select("setting", "Setting", options(RehabSetting)),
    integer("barthel", "Barthel index 0–100"),
    integer("fim", "FIM 18–126"),
    integer("end_day", "End day", section=MORE),
    text("outcome", "Outcome", section=MORE),
    *NOTE,
))

_DECISION = EventForm("decision", "Team decision", "intervention", (
    *WHEN,
    text("summary", "Decision"),
    text("reason", "Reason"),
    several("rejected_options", "Options considered and rejected"),
    *NOTE,
))

_COMPLICATION = EventForm("complication", "Complication", "outcome", (
    *WHEN,
    select("kind", "Complication", model_options(Complication, "kind")),
    event_link("procedure", "Of the procedure", "the operation or procedure it complicates"),
    text("levels", "Levels", _SPAN_HINT),
    yes_no("causes_compression", "Causes compression"),
    select("compressed", "What it compresses", model_options(Complication, "compressed")),
    event_link("treated_by", "Treated by", "the event that treated it, if recorded", section=MORE),
    event_link("attributed_to", "Attributed to", "an event the source blames, e.g. earlier radiotherapy",
               section=MORE),
    choose("leak_sites", "Cement leaked into", model_options(Complication, "leak_sites"), section=MORE),
    text("summary", "Summary", section=MORE),
    *NOTE,
), "A complication of a procedure (cement leakage, hardware failure, wound infection ...): never tumour.")

_OUTCOME = EventForm("outcome", "Outcome", "outcome", (
    *WHEN,
    select("aspect", "Aspect", model_options(Outcome, "aspect")),
    select("change", "Change", model_options(Outcome, "change")),
    event_link("compared_with", "Compared with the state before", "e.g. the operation"),
    yes_no("local_recurrence", "Local recurrence by now"),
    select("walking", "Walking", model_options(Outcome, "walking")),
    yes_no("local_failure", "Local failure (not controlled)", section=MORE),
    yes_no("distant_recurrence", "Recurrence away from the treated place", section=MORE),
    yes_no("disease_free", "No sign of disease", section=MORE),
    yes_no("treatment_free", "No anti-cancer treatment", section=MORE),
    yes_no("relapse", "Relapse, site not stated", "'a second relapse'; not a local or distant recurrence",
           section=MORE),
    yes_no("new_lesions", "New lesions", "'no new lesion': No", section=MORE),
    choose("treatments_not_given", "Treatments stated as not given", model_options(Outcome, "treatments_not_given"),
           hint="e.g. 'no radiotherapy after the operation'", section=MORE),
    select("tempo", "How fast (as stated)", model_options(Outcome, "tempo"), "e.g. 'a slow recovery': slow",
           section=MORE),
    select("course", "How it went (nothing more said)", model_options(Outcome, "course"),
           "e.g. 'did well': favourable", section=MORE),
    text("summary", "In words", "e.g. 'walking on the first post-operative day'"),
    *NOTE,
), "An outcome as the source states it; at least one of change, local recurrence, walking or words.")

_LAST_CONTACT = EventForm("last_contact", "Last contact", "outcome", (
    *WHEN,
    select("alive", "Alive", YES_NO),
    *NOTE,
))

_DEATH = EventForm("death", "Death", "outcome", (
    *WHEN,
    text("cause", "Cause"),
    yes_no("disease_related", "Death from the cancer"),
    *NOTE,
))

EVENT_FORMS: tuple[EventForm, ...] = (
    _IMAGING, _NEURO,
    EventForm("performance", "Performance status", "observation", (
        *WHEN,
        select("kps", "Karnofsky (KPS)", tuple((str(k), str(k)) for k in range(100, -1, -10))),
        select("ecog", "ECOG", tuple((str(k), str(k)) for k in range(6))),
        yes_no("functionally_independent", "Functionally independent (no score stated)"),
        *NOTE,
    ), "Record the scale that was measured."),
    _PAIN,
    EventForm("labs", "Laboratory values", "observation", (
        *WHEN,
        yes_no("calcium_corrected", "Calcium corrected for albumin"),
        *NOTE,
    ), "Enter the values measured (or only the word, e.g. 'raised'); leave the rest empty."),
    _BURDEN, _FITNESS, _HISTOPATHOLOGY,
    EventForm("wound", "Wound check", "observation", (
        *WHEN,
        select("status", "Surgical wound status", model_options(Wound, "status"),
               "sets when postoperative radiotherapy may start and the risk of re-operation"),
        *NOTE,
    ), "The state of the surgical wound at this check."),
    _SURGERY, _EMBOLISATION, _CEMENT, _ABLATION,
    _radiation("radiotherapy", "Radiotherapy"), _SYSTEMIC, _radiation("chemoradiotherapy", "Chemo-radiotherapy"),
    _STEROIDS, _PRIMARY_RESECTION, _SUPPORTIVE, _REHAB, _DECISION,
    _COMPLICATION, _OUTCOME, _LAST_CONTACT, _DEATH,
)

FORMS_BY_TYPE = {f.type: f for f in EVENT_FORMS}

#: the analytes offered on the labs form, each with its accepted units
LAB_ANALYTES: tuple[tuple[str, str, tuple[str, ...]], ...] = tuple(
    (a.value, label(a.value), tuple(allowed_units(a))) for a in Analyte
)
#: the words a laboratory result may be stated in when no number is given
LAB_STATEMENTS = model_options(LabValue, "statement")
#: a value stated as a bound ("PSA above 27,000"), never read as the measured value
LAB_BOUNDS = model_options(LabValue, "bound", {"above": "more than this", "below": "less than this"})
#: the unit choice meaning "the source gives the number without its unit"
UNIT_NOT_STATED = "not_stated"


# ------------------------------------------------------------------ a new case

def _candidate_row(i: int) -> tuple[FormField, ...]:
    n = i + 1
    return (
        FormField(f"primary.candidates.{n}.site", f"Candidate site {n}", "select", ("primary", "candidates", i, "site"),
                  options(PrimarySite), "when the primary is unknown", MORE),
        FormField(f"primary.candidates.{n}.certainty", f"Certainty {n}", "select",
                  ("primary", "candidates", i, "certainty"), tuple(o for o in _CERTAINTY if o[0] != "confirmed"),
                  section=MORE),
    )


#: the primary tumour's model, reached through the case (the web imports the record's types by name)
_PRIMARY = Case.model_fields["primary"].annotation
assert isinstance(_PRIMARY, type) and issubclass(_PRIMARY, BaseModel)
_CERTAINTY = model_options(_PRIMARY, "site_certainty")
_PATIENT = Case.model_fields["patient"].annotation
assert isinstance(_PATIENT, type) and issubclass(_PATIENT, BaseModel)
_OTHER_PRIMARY = row_model(_PRIMARY, "other_primaries")

CASE_FIELDS: tuple[FormField, ...] = (
    FormField("id", "Case identifier", "text", ("id",), hint="pseudonymous: letters, digits, - _ . (never a name or record number)"),
    FormField("title", "Title", "text", ("title",)),
    FormField("primary.site", "Primary tumour", "select", ("primary", "site"), options(PrimarySite)),
    FormField("primary.site_certainty", "How certain", "select", ("primary", "site_certainty"), _CERTAINTY,
              "e.g. 'probably lung': probable"),
    FormField("primary.histology", "Histology", "text", ("primary", "histology")),
    FormField("index_date", "Index date (day 0)", "date", ("index_date",), hint="optional; events can be dated by day alone"),
    FormField("patient.pseudonym", "Pseudonym", "text", ("patient", "pseudonym")),
    FormField("patient.sex", "Sex", "select", ("patient", "sex"), options(Sex)),
    FormField("patient.age", "Age at index, years", "int", ("patient", "age")),
    FormField("primary.diagnosis_day", "Primary diagnosed on day", "int", ("primary", "diagnosis_day"), hint="negative: before the index date"),
    FormField("primary.site_label", "Primary site in words", "text", ("primary", "site_label"),
              hint="for 'other', or a finer name", section=MORE),
    *(f for i in range(CANDIDATE_ROWS) for f in _candidate_row(i)),
    FormField("patient.age_group", "Age in words", "select", ("patient", "age_group"), model_options(_PATIENT, "age_group"),
              "when no age in years is given, e.g. 'middle-aged'", MORE),
    FormField("patient.previously_healthy", "Previously healthy", "bool", ("patient", "previously_healthy"), YES_NO,
              section=MORE),
    FormField("patient.ethnicity", "Ethnicity as stated", "text", ("patient", "ethnicity"),
              hint="the source's words; never shown to researchers", section=MORE),
    FormField("patient.smoking", "Smoking", "select", ("patient", "smoking"), model_options(_PATIENT, "smoking"),
              "e.g. 'a nonsmoker': never", MORE),
    FormField("patient.parity", "Parity", "select", ("patient", "parity"), model_options(_PATIENT, "parity"),
              section=MORE),
    FormField("patient.handedness", "Handedness", "select", ("patient", "handedness"),
              model_options(_PATIENT, "handedness"), section=MORE),
    FormField("primary.nodal_metastasis", "Regional lymph-node metastasis", "bool", ("primary", "nodal_metastasis"),
              YES_NO, "e.g. 'axillary nodal disease'; not a visceral metastasis", MORE),
    FormField("primary.occult", "Primary occult (not clinically evident)", "bool", ("primary", "occult"), YES_NO,
              "'Yes': no mass or symptom of the primary when the metastasis presented", MORE),
    FormField("primary.size_in_words", "Size of the primary in words", "select", ("primary", "size_in_words"),
              model_options(_PRIMARY, "size_in_words"), "e.g. 'a large carcinoma'", MORE),
    FormField("primary.known_before_presentation", "Cancer known before the spinal disease", "bool",
              ("primary", "known_before_presentation"), YES_NO, "'No': the spinal metastasis was its first sign", MORE),
    FormField("primary.stage", "Stage group", "select", ("primary", "stage"), model_options(_PRIMARY, "stage"),
              section=MORE),
    FormField("primary.gleason_primary", "Gleason primary pattern (prostate)", "int", ("primary", "gleason_primary"),
              hint="'Gleason 4 + 3': 4", section=MORE),
    FormField("primary.gleason_secondary", "Gleason secondary pattern (prostate)", "int",
              ("primary", "gleason_secondary"), hint="'Gleason 4 + 3': 3", section=MORE),
    FormField("primary.laterality", "Side of the primary", "select", ("primary", "laterality"),
              model_options(_PRIMARY, "laterality"), section=MORE),
    FormField("primary.other_primaries.1.site", "Another primary tumour", "select",
              ("primary", "other_primaries", 0, "site"), options(PrimarySite), "a second primary, e.g. an earlier "
              "renal cell carcinoma", MORE),
    FormField("primary.other_primaries.1.when", "When (relative to this one)", "select",
              ("primary", "other_primaries", 0, "when"), model_options(_OTHER_PRIMARY, "when"), section=MORE),
    FormField("primary.other_primaries.1.certainty", "How certain (other primary)", "select",
              ("primary", "other_primaries", 0, "certainty"), _CERTAINTY, section=MORE),
    FormField("primary.other_primaries.1.site_label", "Other primary in words", "text",
              ("primary", "other_primaries", 0, "site_label"), hint="e.g. clear-cell renal carcinoma", section=MORE),
    FormField("primary.other_primaries.1.laterality", "Side (other primary)", "select",
              ("primary", "other_primaries", 0, "laterality"), model_options(_OTHER_PRIMARY, "laterality"),
              section=MORE),
    FormField("primary.diagnosis_date", "Primary diagnosed on (date)", "date", ("primary", "diagnosis_date"),
              hint="instead of the day; needs the index date", section=MORE),
    FormField("primary.hormone_dependent", "Hormone-dependent (breast, prostate)", "bool",
              ("primary", "hormone_dependent"), YES_NO, section=MORE),
    FormField("primary.targeted_therapy", "Lung cancer treated with a targeted drug", "bool",
              ("primary", "targeted_therapy"), YES_NO, "Katagiri 2014 reads it", MORE),
    FormField("source.citation", "Published source (citation)", "text", ("source", "citation"),
              hint="for a published case; never shown to researchers", section=MORE),
    FormField("source.pmid", "PMID", "text", ("source", "pmid"), section=MORE),
    FormField("source.doi", "DOI", "text", ("source", "doi"), section=MORE),
)
