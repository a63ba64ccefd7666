"""Primary-site keys shared by every instrument and the case model (``vocabulary.md``)."""

from __future__ import annotations

PRIMARY_SITES: tuple[str, ...] = (
    "breast", "prostate", "thyroid", "kidney", "lung_nsclc", "lung_sclc", "lung_carcinoid",
    "lung_lcnec", "lung_other", "myeloma", "lymphoma", "liver", "gallbladder", "stomach",
    "oesophagus", "pancreas", "colon", "rectum", "bladder", "uterus", "cervix", "ovary",
    "melanoma", "sarcoma", "osteosarcoma", "head_neck", "gep_net", "paraganglioma", "germ_cell",
    "unknown", "other",
)

SITE_LABELS: dict[str, str] = {
    "lung_nsclc": "lung, non-small-cell carcinoma",
    "lung_sclc": "lung, small-cell carcinoma",
    "lung_carcinoid": "lung carcinoid (typical/atypical)",
    "lung_lcnec": "lung, large-cell neuroendocrine carcinoma",
    "lung_other": "lung, other",
    "head_neck": "head and neck",
    "gep_net": "gastro-entero-pancreatic neuroendocrine tumour",
    "germ_cell": "germ-cell tumour",
    "unknown": "unknown primary",
}

LUNG_CANCERS: frozenset[str] = frozenset({"lung_nsclc", "lung_sclc", "lung_lcnec", "lung_other"})
"""Sites counted as 'lung cancer' by every instrument. A lung carcinoid is not: see
:data:`spinemet.instruments.groups.CARCINOID_NOT_LUNG_CANCER`."""


def site_label(key: str) -> str:
    return SITE_LABELS.get(key, key.replace("_", " "))
