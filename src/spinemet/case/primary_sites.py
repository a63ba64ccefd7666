"""Primary-site keys and their ICD-O-3 topography codes, as data.

Topography codes are from the International Classification of Diseases for Oncology, third
edition (WHO 2000; ICD-O-3.2, 2019): the C-codes name an organ, so a key defined by its
morphology (melanoma, sarcoma, myeloma, lymphoma, germ-cell tumour, a neuro-endocrine tumour
whose organ is unknown) has none and says why. ``other`` carries a free label on the primary
(``site_label``).
"""

from __future__ import annotations

from spinemet.case.vocab import PrimarySite

#: where these codes come from (shown with them)
PROVENANCE = "ICD-O-3 topography (WHO, ICD-O third edition 2000; ICD-O-3.2 2019)"

_MORPHOLOGY = "defined by morphology, not by an organ: no single topography"

#: key -> (topography code or None, the organ or why there is no code)
TOPOGRAPHY: dict[PrimarySite, tuple[str | None, str]] = {
    PrimarySite.BREAST: ("C50.9", "breast"),
    PrimarySite.PROSTATE: ("C61.9", "prostate gland"),
    PrimarySite.THYROID: ("C73.9", "thyroid gland"),
    PrimarySite.KIDNEY: ("C64.9", "kidney"),
    PrimarySite.LUNG_NSCLC: ("C34.9", "lung"),
    PrimarySite.LUNG_SCLC: ("C34.9", "lung"),
    PrimarySite.LUNG_CARCINOID: ("C34.9", "lung"),
    PrimarySite.LUNG_LCNEC: ("C34.9", "lung"),
    PrimarySite.LUNG_OTHER: ("C34.9", "lung"),
    PrimarySite.MYELOMA: ("C42.1", "bone marrow"),
    PrimarySite.LYMPHOMA: (None, _MORPHOLOGY),
    PrimarySite.LIVER: ("C22.0", "liver"),
    PrimarySite.GALLBLADDER: ("C23.9", "gallbladder"),
    PrimarySite.STOMACH: ("C16.9", "stomach"),
    PrimarySite.OESOPHAGUS: ("C15.9", "oesophagus"),
    PrimarySite.PANCREAS: ("C25.9", "pancreas"),
    PrimarySite.COLON: ("C18.9", "colon"),
    PrimarySite.RECTUM: ("C20.9", "rectum"),
    PrimarySite.BLADDER: ("C67.9", "urinary bladder"),
    PrimarySite.UTERUS: ("C55.9", "uterus"),
    PrimarySite.CERVIX: ("C53.9", "cervix uteri"),
    PrimarySite.OVARY: ("C56.9", "ovary"),
    PrimarySite.MELANOMA: (None, _MORPHOLOGY),
    PrimarySite.SARCOMA: (None, _MORPHOLOGY),
    PrimarySite.OSTEOSARCOMA: (None, _MORPHOLOGY),
    PrimarySite.HEAD_NECK: ("C76.0", "head, face or neck"),
    PrimarySite.GEP_NET: (None, "gastro-entero-pancreatic: the organ is recorded in the histology"),
    PrimarySite.PARAGANGLIOMA: (None, _MORPHOLOGY),
    PrimarySite.GERM_CELL: (None, _MORPHOLOGY),
    PrimarySite.UNKNOWN: ("C80.9", "unknown primary site"),
    PrimarySite.OTHER: (None, "free label in site_label"),
    PrimarySite.CHOLANGIOCARCINOMA: ("C22.1", "intrahepatic bile duct (extrahepatic: C24.0)"),
    PrimarySite.SMALL_INTESTINE: ("C17.9", "small intestine"),
    PrimarySite.APPENDIX: ("C18.1", "appendix"),
    PrimarySite.ANUS: ("C21.0", "anus"),
    PrimarySite.ADRENAL: ("C74.0", "adrenal cortex"),
    PrimarySite.THYMUS: ("C37.9", "thymus"),
    PrimarySite.MESOTHELIOMA: ("C38.4", "pleura"),
    PrimarySite.SKIN_OTHER: ("C44.9", "skin"),
    PrimarySite.EPENDYMOMA: (None, "central nervous system tumour: brain C71, spinal cord C72.0"),
    PrimarySite.GLIOMA: (None, "central nervous system tumour: brain C71, spinal cord C72.0"),
    PrimarySite.MENINGIOMA: ("C70.9", "meninges"),
    PrimarySite.MERKEL_CELL: ("C44.9", "skin"),
}


def topography(site: PrimarySite) -> str | None:
    """The ICD-O-3 topography code of a primary-site key, or None where the key has none."""
    return TOPOGRAPHY[site][0]
