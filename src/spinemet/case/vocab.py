"""Controlled vocabularies of the case record.

The values are public keys (``../shared/clinical/vocabulary.md``): users type them in case
files, CSV headers and API calls, so they stay stable once released.
"""

from __future__ import annotations

from enum import StrEnum


class PrimarySite(StrEnum):
    """Primary-site keys shared by every instrument and the case model (vocabulary.md)."""

    BREAST = "breast"
    PROSTATE = "prostate"
    THYROID = "thyroid"
    KIDNEY = "kidney"
    LUNG_NSCLC = "lung_nsclc"
    LUNG_SCLC = "lung_sclc"
    LUNG_CARCINOID = "lung_carcinoid"
    LUNG_LCNEC = "lung_lcnec"
    LUNG_OTHER = "lung_other"
    MYELOMA = "myeloma"
    LYMPHOMA = "lymphoma"
    LIVER = "liver"
    GALLBLADDER = "gallbladder"
    STOMACH = "stomach"
    OESOPHAGUS = "oesophagus"
    PANCREAS = "pancreas"
    COLON = "colon"
    RECTUM = "rectum"
    BLADDER = "bladder"
    UTERUS = "uterus"
    CERVIX = "cervix"
    OVARY = "ovary"
    MELANOMA = "melanoma"
    SARCOMA = "sarcoma"
    OSTEOSARCOMA = "osteosarcoma"
    HEAD_NECK = "head_neck"
    GEP_NET = "gep_net"
    PARAGANGLIOMA = "paraganglioma"
    GERM_CELL = "germ_cell"
    UNKNOWN = "unknown"
    OTHER = "other"
    # Added in case-file version 2 (issue 12): sites that published spinal-metastasis series
    # contain; each has its ICD-O-3 topography, where one exists, in spinemet.case.primary_sites.
    # Not added, because a key exists: endometrium (uterus), testis (germ_cell), phaeochromocytoma
    # (paraganglioma, the adrenal one), a neuro-endocrine tumour of unknown primary (site unknown
    # with a 'neuroendocrine' block, which states that the tumour is a neuro-endocrine neoplasm).
    CHOLANGIOCARCINOMA = "cholangiocarcinoma"
    SMALL_INTESTINE = "small_intestine"
    APPENDIX = "appendix"
    ANUS = "anus"
    ADRENAL = "adrenal"
    THYMUS = "thymus"
    MESOTHELIOMA = "mesothelioma"
    SKIN_OTHER = "skin_other"
    EPENDYMOMA = "ependymoma"
    GLIOMA = "glioma"
    MENINGIOMA = "meningioma"
    MERKEL_CELL = "merkel_cell"


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"
    OTHER = "other"


class NetClassification(StrEnum):
    """WHO categories of neuro-endocrine neoplasms: GEP/common framework (WHO 2019) and lung (WHO 2021)."""

    NET_G1 = "net_g1"
    NET_G2 = "net_g2"
    NET_G3 = "net_g3"
    NEC = "nec"
    MINEN = "minen"
    TYPICAL_CARCINOID = "typical_carcinoid"
    ATYPICAL_CARCINOID = "atypical_carcinoid"
    LCNEC = "lcnec"
    SCLC = "sclc"


class Differentiation(StrEnum):
    WELL = "well"
    POOR = "poor"


class Necrosis(StrEnum):
    """Necrosis in a lung neuro-endocrine tumour (WHO thoracic): absent, punctate/focal, extensive."""

    NONE = "none"
    PUNCTATE = "punctate"
    EXTENSIVE = "extensive"


class Modality(StrEnum):
    MRI = "mri"
    CT = "ct"
    XRAY = "xray"
    PET = "pet"
    PET_CT = "pet_ct"
    BONE_SCAN = "bone_scan"
    # Added in case-file version 2 (issue 12).
    SPECT = "spect"
    SOMATOSTATIN_RECEPTOR_IMAGING = "somatostatin_receptor_imaging"
    MYELOGRAPHY = "myelography"
    ANGIOGRAPHY = "angiography"


class LesionType(StrEnum):
    """Bone lesion quality on CT (the SINS bone-lesion item)."""

    LYTIC = "lytic"
    MIXED = "mixed"
    BLASTIC = "blastic"


class Collapse(StrEnum):
    """SINS vertebral body collapse categories (Fisher 2010)."""

    AT_LEAST_50 = "at_least_50"
    UNDER_50 = "under_50"
    NONE_OVER_50_INVOLVED = "none_over_50_involved"
    NONE = "none"


class Alignment(StrEnum):
    """SINS radiographic alignment."""

    SUBLUXATION = "subluxation"
    DEFORMITY = "deformity"
    NORMAL = "normal"


class Posterolateral(StrEnum):
    """SINS posterolateral involvement of the spinal elements."""

    BILATERAL = "bilateral"
    UNILATERAL = "unilateral"
    NONE = "none"


class EsccGrade(StrEnum):
    """Bilsky epidural spinal cord compression grade (Bilsky 2010), ordered 0 < 1a < 1b < 1c < 2 < 3."""

    G0 = "0"
    G1A = "1a"
    G1B = "1b"
    G1C = "1c"
    G2 = "2"
    G3 = "3"

    @property
    def rank(self) -> int:
        return _ESCC_ORDER.index(self)


_ESCC_ORDER = [EsccGrade.G0, EsccGrade.G1A, EsccGrade.G1B, EsccGrade.G1C, EsccGrade.G2, EsccGrade.G3]


class FrankelGrade(StrEnum):
    """Frankel grade (Frankel 1969): A complete ... E normal."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"
    E = "E"


class AsiaGrade(StrEnum):
    """ASIA Impairment Scale grade (ISNCSCI)."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"
    E = "E"


class Ambulatory(StrEnum):
    """Ambulatory status: walks independently, walks with an aid or support, cannot walk.

    Walking as sources state it, including "ambulatory" without detail, is the separate
    ``walking`` field (:class:`spinemet.case.vocab_disease.Walking`)."""

    INDEPENDENT = "independent"
    WITH_AID = "with_aid"
    NON_AMBULATORY = "non_ambulatory"


class Sphincter(StrEnum):
    NORMAL = "normal"
    IMPAIRED = "impaired"


class PainCharacter(StrEnum):
    """The SINS pain item: mechanical, occasional non-mechanical, or pain-free."""

    MECHANICAL = "mechanical"
    OCCASIONAL = "occasional"
    NONE = "none"


class Analyte(StrEnum):
    ALBUMIN = "albumin"
    CRP = "crp"
    LDH = "ldh"
    PLATELETS = "platelets"
    CALCIUM = "calcium"
    BILIRUBIN = "bilirubin"
    HAEMOGLOBIN = "haemoglobin"
    CHROMOGRANIN_A = "chromogranin_a"
    # Tumour markers added in case-file version 2 (issue 12).
    PSA = "psa"
    THYROGLOBULIN = "thyroglobulin"
    NSE = "nse"
    URINE_5_HIAA = "urine_5_hiaa"
    CALCITONIN = "calcitonin"
    CEA = "cea"
    #: fifth pass (2026-11-28): thyroid function tests as a panel ("a normal thyroid profile"), stated in words
    #: only; it has no unit, so it takes a statement, never a value
    THYROID_FUNCTION = "thyroid_function"


class VisceralOrgan(StrEnum):
    LUNG = "lung"
    LIVER = "liver"
    KIDNEY = "kidney"
    ADRENAL = "adrenal"
    BRAIN = "brain"
    PLEURA = "pleura"
    PERITONEUM = "peritoneum"
    LYMPH_NODES = "lymph_nodes"
    OTHER = "other"
    #: fifth pass (2026-11-28): "lesions in the lungs, liver, spleen" (walid2010)
    SPLEEN = "spleen"


class SurgeryProcedure(StrEnum):
    DECOMPRESSION = "decompression"
    SEPARATION_SURGERY = "separation_surgery"
    CORPECTOMY = "corpectomy"
    POSTERIOR_FIXATION = "posterior_fixation"
    VERTEBROPLASTY = "vertebroplasty"
    KYPHOPLASTY = "kyphoplasty"
    BIOPSY = "biopsy"
    EMBOLISATION = "embolisation"
    EN_BLOC_RESECTION = "en_bloc_resection"
    # Added in case-file version 2 (issue 12). An operation whose type is not stated has no
    # ``procedures`` at all (unknown), never a made-up one.
    LAMINECTOMY = "laminectomy"
    INTRADURAL_RESECTION = "intradural_resection"
    ANTERIOR_FIXATION = "anterior_fixation"
    FIXATION_UNSPECIFIED = "fixation_unspecified"
    TUMOUR_RESECTION = "tumour_resection"
    OTHER = "other"
    # Added in the second pass over the published cases (each named so in a case report):
    PARTIAL_LAMINECTOMY = "partial_laminectomy"
    RECONSTRUCTION_UNSPECIFIED = "reconstruction_unspecified"
    SOFT_TISSUE_FLAP = "soft_tissue_flap"


class RtTechnique(StrEnum):
    """Conventional external-beam RT, or stereotactic body RT / radiosurgery."""

    CEBRT = "cebrt"
    SBRT = "sbrt"


class DrugClass(StrEnum):
    CHEMOTHERAPY = "chemotherapy"
    HORMONAL = "hormonal"
    TARGETED = "targeted"
    IMMUNOTHERAPY = "immunotherapy"
    SOMATOSTATIN_ANALOGUE = "somatostatin_analogue"
    PRRT = "prrt"
    BISPHOSPHONATE = "bisphosphonate"
    DENOSUMAB = "denosumab"
    OTHER = "other"
    # Added in case-file version 2 (issue 12).
    RADIOIODINE = "radioiodine"
    RADIUM_223 = "radium_223"


class RehabSetting(StrEnum):
    INPATIENT = "inpatient"
    OUTPATIENT = "outpatient"
    HOME = "home"
