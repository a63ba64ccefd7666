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
    Reference(
        key="saifuddin1998",
        authors="Saifuddin A, Burnett SJ, White J",
        year=1998,
        title="The variation of position of the conus medullaris in an adult population: a magnetic resonance "
              "imaging study",
        journal="Spine (Phila Pa 1976) 23(13):1452-1456",
        doi="10.1097/00007632-199807010-00005",
        status=EvidenceStatus.SECONDARY,
        note="Abstract read on an index record and the publisher's abstract page: in 504 adults the tip of the "
             "conus lay between the middle third of T12 and the upper third of L3 (mean: lower third of L1). "
             "DOI read from the publisher's address; PMID not seen. Used for the levels a finding 'at the conus' "
             "can lie at (spinemet.case.regions).",
    ),
)
