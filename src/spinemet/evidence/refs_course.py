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
    # ------------------------------------------------------------ scope of the pathway (issue 14)
    # Pathway sources added with the scope rules live here, with the course's, so that the two
    # helpers extending refs_pathway in parallel do not collide.
    Reference(
        key="le_rhun_2017_eano_esmo_lm",
        authors="Le Rhun E, Weller M, Brandsma D, Van den Bent M, de Azambuja E, Henriksson R, et al",
        year=2017,
        title=("EANO-ESMO Clinical Practice Guidelines for diagnosis, treatment and follow-up of patients with "
               "leptomeningeal metastasis from solid tumours"),
        journal="Ann Oncol 28(suppl 4):iv84-iv99",
        guideline="EANO-ESMO 2017",
        status=EvidenceStatus.VERIFIED,
        note=("Seen on the ESMO and EANO guideline pages: diagnostic criteria and a neuroimaging- and "
              "cytology-based classification of leptomeningeal metastasis from which pragmatic treatment "
              "algorithms are derived; recommendations rest mostly on expert consensus."),
    ),
    Reference(
        key="le_rhun_2019_how_we_treat_lm",
        authors="Le Rhun E, Preusser M, van den Bent M, Andratschke N, Weller M",
        year=2019,
        title="How we treat patients with leptomeningeal metastases",
        journal="ESMO Open 4:e000507",
        doi="10.1136/esmoopen-2019-000507",
        status=EvidenceStatus.VERIFIED,
        note=("Seen (first page): diagnosis by clinical evaluation, cerebrospinal MRI and CSF analysis; "
              "tumour-specific options are intrathecal pharmacotherapy, systemic pharmacotherapy and focal "
              "radiotherapy."),
    ),
    Reference(
        key="sidhu_2013_cement",
        authors="Sidhu GS, Kepler CK, Savage KE, Eachus B, Albert TJ, Vaccaro AR",
        year=2013,
        title="Neurological deficit due to cement extravasation following a vertebral augmentation procedure",
        journal="J Neurosurg Spine 19(1):61-70",
        pmid="23641675",
        doi="10.3171/2013.4.SPINE12978",
        status=EvidenceStatus.VERIFIED,
        note=("Abstract read on the publisher's page and an index record (PMID 23641675; DOI from a citation index): "
              "a case report and a systematic review of 21 reported cases of neurological deficit after cement "
              "leakage; 15 resolved, 5 changed little, 2 did not improve; the authors conclude that immediate "
              "surgical removal of the cement gave good results, with complete recovery in most. Case-level "
              "evidence, not a guideline; the population is not limited to metastases."),
    ),
    Reference(
        key="hsieh_2019_cement",
        authors="Hsieh MK, Kao FC, Chiu PY, Chen LH, Yu CW, Niu CC, Lai PL, Tsai TT",
        year=2019,
        title="Risk factors of neurological deficit and pulmonary cement embolism after percutaneous vertebroplasty",
        journal="J Orthop Surg Res 14",
        doi="10.1186/s13018-019-1459-4",
        status=EvidenceStatus.VERIFIED,
        note=("Abstract read on the publisher's page: 3,175 vertebroplasties for osteoporotic compression fractures "
              "(one institution, retrospective); cement leaked into the spinal canal in 26 patients (0.7 %), 4 of whom "
              "needed surgical decompression (3 of 9 thoracic, 1 of 17 lumbar canal leaks); most leakage had no "
              "clinical significance. Osteoporotic, not metastatic, fractures. PMID and article number not seen."),
    ),
    Reference(
        key="purvis_2017_intradural",
        authors="Purvis TE, Goodwin CR, Lubelski D, Laufer I, Sciubba DM",
        year=2017,
        title="Review of stereotactic radiosurgery for intradural spine tumors",
        journal="CNS Oncol 6(2):131-138",
        pmid="28425771",
        doi="10.2217/cns-2016-0039",
        status=EvidenceStatus.VERIFIED,
        note=("Practice points seen: surgical resection is the most common treatment for intradural spinal "
              "tumours; radiosurgery may be indicated for older patients, residual disease after surgery or "
              "patients who cannot tolerate surgery; evidence for radiosurgery of intradural metastases is limited."),
    ),
    Reference(
        key="kalita_2011_iscm",
        authors="Kalita O",
        year=2011,
        title="Current insights into surgery for intramedullary spinal cord metastases: a literature review",
        journal="Int J Surg Oncol 2011:989506",
        doi="10.1155/2011/989506",
        status=EvidenceStatus.VERIFIED,
        note=("Seen: intramedullary spinal cord metastases are rare (0.1-0.4% of cancer patients clinically); "
              "a quarter have leptomeningeal and a third brain metastases; optimal management remains ambiguous."),
    ),
)
