"""Sources for the course analysis: recurrence timing, response criteria, outcome measures.

Keys follow the reference index of ``pathway.md``. Several sources are shared with the
pathway (SCORAD, NG234, ASTRO 2017, the recurrence series); to keep one key = one entry,
an entry here is left out when ``refs_pathway`` or ``refs_instruments`` already defines
the same key (the bibliography refuses duplicates).
"""

from __future__ import annotations

import importlib

from spinemet.evidence.model import EvidenceStatus, Reference

_COURSE_REFERENCES: tuple[Reference, ...] = (
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
    Reference(
        key="hoskin_2019_scorad",
        authors="Hoskin PJ, Hopkins K, Misra V, et al",
        year=2019,
        title=(
            "Effect of single-fraction vs multifraction radiotherapy on ambulatory status among patients with "
            "spinal canal compression from metastatic cancer: the SCORAD randomized clinical trial"
        ),
        journal="JAMA 322(21):2084-2094",
        pmid="31794625",
        doi="10.1001/jama.2019.17913",
        status=EvidenceStatus.VERIFIED,
        note="Trial verified; the 4-point ambulatory grade: grades 1-2 seen, grades 3-4 recalled.",
    ),
    Reference(
        key="lau_2014_recurrence",
        authors="Lau D, Than K, La Marca F, Park P",
        year=2014,
        title="Independent predictors for local recurrence following surgery for spinal metastasis",
        journal="Acta Neurochir",
        doi="10.1007/s00701-013-1973-9",
        status=EvidenceStatus.VERIFIED,
        note="99 patients; local recurrence 32.3%, mean time to recurrence 9.8 months.",
    ),
    Reference(
        key="delayed_rt_2020",
        authors="Gong Y, Zhuang H, Chong S, Shi Q, Wei F, Liu Z, Ouyang H, Liu X, Jiang L",
        year=2021,
        title=(
            "Delayed postoperative radiotherapy increases the incidence of radiographic local tumor progression "
            "before radiotherapy and leads to poor prognosis in spinal metastases"
        ),
        journal="Radiat Oncol",
        doi="10.1186/s13014-020-01740-y",
        status=EvidenceStatus.VERIFIED,
        note="89 patients; progression before RT 1.2% at 1 month, 24.1% at 3 months, 45.1% at 6 months.",
    ),
    Reference(
        key="nice_ng234",
        authors="National Institute for Health and Care Excellence",
        year=2023,
        title="Spinal metastases and metastatic spinal cord compression (NG234)",
        guideline="NICE NG234",
        recommendation="1.3.2, 1.5.2",
        status=EvidenceStatus.SECONDARY,
        note="Recommendation numbers seen only as quotations; re-entry after a new deficit is derived (R-SURV-2).",
    ),
    Reference(
        key="lutz_2017_astro",
        authors="Lutz S, Balboni T, Jones J, et al",
        year=2017,
        title="Palliative radiation therapy for bone metastases: update of an ASTRO evidence-based guideline",
        journal="Pract Radiat Oncol 7(1):4-12",
        doi="10.1016/j.prro.2016.08.001",
        status=EvidenceStatus.VERIFIED,
        note="Re-irradiation reasonable for pain persisting or recurring more than one month after EBRT.",
    ),
)


def _defined_elsewhere() -> set[str]:
    keys: set[str] = set()
    for name in ("refs_core", "refs_instruments", "refs_pathway"):
        try:
            module = importlib.import_module(f"spinemet.evidence.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"spinemet.evidence.{name}":
                raise
            continue
        keys.update(ref.key for ref in getattr(module, "REFERENCES", ()))
    return keys


REFERENCES: tuple[Reference, ...] = tuple(r for r in _COURSE_REFERENCES if r.key not in _defined_elsewhere())
