"""The keys case-file version 1 had, frozen: the baseline against which the keys added since are listed.

Keys are a public contract (``vocabulary.md``: add, don't rename). The list of keys added since
version 1 (``docs/vocabulary-additions.md``) is generated from the code by comparing each
enumeration of the case record with this baseline, so the two cannot drift: a key added to the
code appears there, and a key of version 1 removed from the code fails the check.

Read from the repository at the last commit before case-file version 2 (git ``60122af^``,
``src/spinemet/case/vocab.py`` and the event types of ``src/spinemet/case/events.py``).
"""

from __future__ import annotations

#: every value key of the version-1 enumerations, by enumeration name
V1_KEYS: dict[str, tuple[str, ...]] = {
    "PrimarySite": tuple((
        "breast prostate thyroid kidney lung_nsclc lung_sclc lung_carcinoid lung_lcnec lung_other myeloma "
        "lymphoma liver gallbladder stomach oesophagus pancreas colon rectum bladder uterus cervix ovary "
        "melanoma sarcoma osteosarcoma head_neck gep_net paraganglioma germ_cell unknown other"
    ).split()),
    "Sex": tuple("female male other".split()),
    "NetClassification": tuple("net_g1 net_g2 net_g3 nec minen typical_carcinoid atypical_carcinoid lcnec sclc".split()),
    "Differentiation": tuple("well poor".split()),
    "Necrosis": tuple("none punctate extensive".split()),
    "Modality": tuple("mri ct xray pet pet_ct bone_scan".split()),
    "LesionType": tuple("lytic mixed blastic".split()),
    "Collapse": tuple("at_least_50 under_50 none_over_50_involved none".split()),
    "Alignment": tuple("subluxation deformity normal".split()),
    "Posterolateral": tuple("bilateral unilateral none".split()),
    "EsccGrade": tuple("0 1a 1b 1c 2 3".split()),
    "FrankelGrade": tuple("A B C D E".split()),
    "AsiaGrade": tuple("A B C D E".split()),
    "Ambulatory": tuple("independent with_aid non_ambulatory".split()),
    "Sphincter": tuple("normal impaired".split()),
    "PainCharacter": tuple("mechanical occasional none".split()),
    "Analyte": tuple("albumin crp ldh platelets calcium bilirubin haemoglobin chromogranin_a".split()),
    "VisceralOrgan": tuple("lung liver kidney adrenal brain pleura peritoneum lymph_nodes other".split()),
    "SurgeryProcedure": tuple((
        "decompression separation_surgery corpectomy posterior_fixation vertebroplasty kyphoplasty biopsy "
        "embolisation en_bloc_resection"
    ).split()),
    "RtTechnique": tuple("cebrt sbrt".split()),
    "DrugClass": tuple((
        "chemotherapy hormonal targeted immunotherapy somatostatin_analogue prrt bisphosphonate denosumab "
        "other"
    ).split()),
    "RehabSetting": tuple("inpatient outpatient home".split()),
}

#: the event types of case-file version 1
V1_EVENT_TYPES: tuple[str, ...] = (
    "imaging", "neuro_exam", "performance", "pain", "labs", "disease_burden", "histopathology", "fitness", "wound",
    "surgery", "radiotherapy", "systemic_therapy", "chemoradiotherapy", "corticosteroids", "rehabilitation",
    "decision", "death", "last_contact",
)

#: keys added by the third pass over the published cases (2026-11-28), still within case-file version 2
THIRD_PASS_KEYS: dict[str, tuple[str, ...]] = {
    "SpinalRegion": tuple("conus".split()),
    "OutcomeCourse": ("favourable", "unfavourable"),
    "TreatmentPreference": ("accepts_surgery", "declines_surgery", "declines_radiotherapy", "comfort_care_only",
                            "undecided"),
}

#: keys added by the fourth pass (2026-11-28: cases entered to simulate the held-out set)
FOURTH_PASS_KEYS: dict[str, tuple[str, ...]] = {
    "CementLeakSite": ("spinal_canal",),
    "PainSeverity": ("mild", "moderate", "severe"),
}

#: keys added by the fifth pass (2026-11-28: the losses left after the fourth pass, and the cases added then)
FIFTH_PASS_KEYS: dict[str, tuple[str, ...]] = {
    "BiopsyTechnique": ("excisional",),
    "Handedness": ("right", "left", "ambidextrous"),
    "SizeWord": ("small", "large", "giant"),
    "TissueConsistency": ("soft", "firm", "hard", "brittle", "friable"),
    "SpineMovement": ("flexion", "extension", "rotation", "lateral_flexion", "unspecified"),
    "LabBound": ("above", "below"),
    "RtIntent": ("palliative", "definitive", "adjuvant", "salvage"),
    "SupportiveMeasure": ("medication", "analgesia", "vasopressor", "manual_therapy", "physiotherapy", "orthosis",
                          "wound_care", "other"),
    "MeasureEffect": ("effective", "ineffective"),
    "WithheldTreatment": ("surgery", "radiotherapy", "systemic_therapy", "chemoradiotherapy", "corticosteroids",
                          "embolisation", "ablation", "cement_augmentation", "primary_resection", "rehabilitation"),
    "Bone": ("skull", "mandible", "clavicle", "scapula", "sternum", "rib", "humerus", "radius", "ulna", "hand",
             "pelvis", "femur", "tibia", "fibula", "foot", "other"),
    "BonePart": ("proximal", "shaft", "distal"),
    "SpinalRegion": ("craniocervical",),
    "Analyte": ("thyroid_function",),
    "Tempo": ("slow",),
    "Parity": ("nulliparous", "primiparous", "multiparous"),
    "SmokingStatus": ("never", "former", "current"),
    "StainOutcome": ("positive", "negative"),
    "VisceralOrgan": ("spleen",),
    "LesionMargins": ("well_defined", "ill_defined"),
}
