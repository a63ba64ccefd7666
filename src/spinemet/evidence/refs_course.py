"""Sources for the course analysis: recurrence timing, response criteria, outcome measures.

Keys follow the reference index of ``pathway.md``. The sources the course shares with the
pathway (SCORAD, NG234, ASTRO 2017, the recurrence and delayed-radiotherapy series) are defined
once, in ``refs_pathway``; the bibliography refuses a key defined twice.
"""

from __future__ import annotations

from spinemet.evidence.model import EvidenceStatus, Reference

REFERENCES: tuple[Reference, ...] = (
    Reference(
        key="thibault_2015_spino",
        authors="Thibault I, Chang EL, Sheehan J, et al",
        year=2015,
        title=(
            "Response assessment after stereotactic body radiotherapy for spinal metastasis: a report from the "
            "SPIne response assessment in Neuro-Oncology (SPINO) group"
        ),
        journal="Lancet Oncol 16(16):e595-e603",
        doi="10.1016/S1470-2045(15)00166-7",
        status=EvidenceStatus.UNVERIFIED,
        note=(
            "Full text not retrieved: the local-progression criteria and the imaging schedule are recalled, not "
            "verified; the definition of pseudoprogression is confirmed by a secondary chapter."
        ),
    ),
    Reference(
        key="hamaoka_2004_mda",
        authors="Hamaoka T, Costelloe CM, Madewell JE, et al",
        year=2004,
        title="Bone imaging in metastatic breast cancer (MD Anderson bone response criteria)",
        journal="J Clin Oncol 22:2942-2953",
        status=EvidenceStatus.SECONDARY,
        note=(
            "Categories seen in Hayashi N et al. Clin Breast Cancer 2013;13(1):24-30 (PMID 23098575), Table 1. "
            "The 25%/50% size thresholds and the 8-week 'no change' rule sit in the UICC/WHO columns of that table."
        ),
    ),
    Reference(
        key="chow_2012_pain",
        authors="Chow E, Hoskin P, Mitera G, et al",
        year=2012,
        title="Update of the international consensus on palliative radiotherapy endpoints for future clinical trials in bone metastases",
        journal="Int J Radiat Oncol Biol Phys 82(5):1730-1737",
        status=EvidenceStatus.UNVERIFIED,
        note="Pain-response definitions recalled (pathway.md 6.4); not found by the verification pass.",
    ),
)

