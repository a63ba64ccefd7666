"""Vocabularies of procedures, complications and outcomes added in case-file version 2 (issue 12).

Public keys (``docs/case-file.md``); add, never rename.
"""

from __future__ import annotations

from enum import StrEnum


class SurgicalApproach(StrEnum):
    ANTERIOR = "anterior"
    POSTERIOR = "posterior"
    COMBINED = "combined"
    LATERAL = "lateral"
    POSTEROLATERAL = "posterolateral"


class ResectionExtent(StrEnum):
    """How the tumour was removed: en bloc (one piece, with margin), piecemeal, intralesional, debulking."""

    EN_BLOC = "en_bloc"
    PIECEMEAL = "piecemeal"
    INTRALESIONAL = "intralesional"
    DEBULKING = "debulking"
    GROSS_TOTAL = "gross_total"
    SUBTOTAL = "subtotal"


class EmbolisationPurpose(StrEnum):
    PREOPERATIVE = "preoperative"
    STANDALONE = "standalone"


class AblationMethod(StrEnum):
    RADIOFREQUENCY = "radiofrequency"
    CRYO = "cryo"
    LASER = "laser"
    MICROWAVE = "microwave"


class CementProcedure(StrEnum):
    VERTEBROPLASTY = "vertebroplasty"
    KYPHOPLASTY = "kyphoplasty"
    UNSPECIFIED = "unspecified"


class PrimaryResection(StrEnum):
    """Resection of the primary tumour (or of its organ)."""

    NEPHRECTOMY = "nephrectomy"
    THYROIDECTOMY = "thyroidectomy"
    LOBECTOMY = "lobectomy"
    PNEUMONECTOMY = "pneumonectomy"
    MASTECTOMY = "mastectomy"
    BREAST_CONSERVING = "breast_conserving"
    PROSTATECTOMY = "prostatectomy"
    COLECTOMY = "colectomy"
    RECTAL_RESECTION = "rectal_resection"
    GASTRECTOMY = "gastrectomy"
    OESOPHAGECTOMY = "oesophagectomy"
    PANCREATECTOMY = "pancreatectomy"
    HEPATECTOMY = "hepatectomy"
    SMALL_BOWEL_RESECTION = "small_bowel_resection"
    ADRENALECTOMY = "adrenalectomy"
    CYSTECTOMY = "cystectomy"
    HYSTERECTOMY = "hysterectomy"
    ORCHIDECTOMY = "orchidectomy"
    WIDE_EXCISION = "wide_excision"
    LIVER_TRANSPLANT = "liver_transplant"
    OTHER = "other"


class ComplicationKind(StrEnum):
    """A complication of a procedure: not tumour, and never to be read as recurrence."""

    CEMENT_LEAKAGE = "cement_leakage"
    CEMENT_EXTRUSION = "cement_extrusion"
    CEMENT_EMBOLISM = "cement_embolism"
    HARDWARE_FAILURE = "hardware_failure"
    SCREW_MALPOSITION = "screw_malposition"
    ADJACENT_FRACTURE = "adjacent_fracture"
    WOUND_INFECTION = "wound_infection"
    WOUND_DEHISCENCE = "wound_dehiscence"
    HAEMATOMA = "haematoma"
    CSF_LEAK = "csf_leak"
    DURAL_TEAR = "dural_tear"
    NEUROLOGICAL_DETERIORATION = "neurological_deterioration"
    RADIATION_MYELOPATHY = "radiation_myelopathy"
    VERTEBRAL_COMPRESSION_FRACTURE = "vertebral_compression_fracture"
    THROMBOEMBOLISM = "thromboembolism"
    PNEUMONIA = "pneumonia"
    HAEMORRHAGE = "haemorrhage"
    # Added after the published cases (each a complication a case report names in so many words):
    DELAYED_WOUND_HEALING = "delayed_wound_healing"
    SKIN_DEFECT = "skin_defect"
    HYPOTENSION = "hypotension"
    OTHER = "other"


class StatedComplications(StrEnum):
    """What a source states about an operation's complications as a whole ("no complications")."""

    NONE = "none"


class OutcomeAspect(StrEnum):
    """What an outcome statement is about."""

    OVERALL = "overall"
    NEUROLOGICAL = "neurological"
    PAIN = "pain"
    WALKING = "walking"
    LOCAL_CONTROL = "local_control"
    SYSTEMIC_DISEASE = "systemic_disease"
    QUALITY_OF_LIFE = "quality_of_life"
    # Second pass (issue 12): a source names motor and sensory recovery apart, and the general
    # condition or performance without a score.
    MOTOR = "motor"
    SENSORY = "sensory"
    GENERAL_CONDITION = "general_condition"
    PERFORMANCE = "performance"


class OutcomeCourse(StrEnum):
    """How the course went, as the source says it without saying what changed (added 2026-11-28,
    issue 12 third pass): ``favourable`` ('did well', 'an uneventful recovery'), ``unfavourable``
    ('a poor course'). Not a grade and not a change of a named aspect."""

    FAVOURABLE = "favourable"
    UNFAVOURABLE = "unfavourable"


class OutcomeChange(StrEnum):
    """A change stated in words, without grades."""

    RESOLVED = "resolved"
    PARTIALLY_RESOLVED = "partially_resolved"
    IMPROVED = "improved"
    UNCHANGED = "unchanged"
    WORSE = "worse"


class TreatmentPreference(StrEnum):
    """The patient's informed preference about treatment, as the team recorded it (added 2026-11-28,
    issue 14): ``accepts_surgery``, ``declines_surgery``, ``declines_radiotherapy``, ``comfort_care_only``
    (declines disease-directed treatment), ``undecided`` (discussed, the patient has not decided). LMNOP's "P"
    (patient fitness and wishes; Ivanishvili and Fourney 2014). Not identifying."""

    ACCEPTS_SURGERY = "accepts_surgery"
    DECLINES_SURGERY = "declines_surgery"
    DECLINES_RADIOTHERAPY = "declines_radiotherapy"
    COMFORT_CARE_ONLY = "comfort_care_only"
    UNDECIDED = "undecided"
