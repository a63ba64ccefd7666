"""Sources for the case record itself (the bundled story case, anatomy conventions)."""

from spinemet.evidence.model import EvidenceStatus, Reference

REFERENCES: tuple[Reference, ...] = (
    Reference(
        key="kaliya_perumal_2019",
        authors="Kaliya-Perumal AK, Tan M, Tee SW, Achudan S, Yap WM, Oh JYL",
        year=2019,
        title=(
            "Early post-surgical recurrence of metastatic vertebral neuro-endocrine tumour "
            "treated effectively with chemo-radiotherapy"
        ),
        journal="BioMedicine (Taipei) 9(1):5",
        pmid="30794152",
        doi="10.1051/bmdcn/2019090105",
        status=EvidenceStatus.VERIFIED,
        note="The SpineMet story case; only the abstract's facts are used.",
    ),
)
