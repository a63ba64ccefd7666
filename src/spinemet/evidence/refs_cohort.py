"""Sources cited by the cohort validation (``spinemet.cohort``): band survival and external c-indices.

Figures and identifiers come from ``instruments.md`` (the performance paragraphs of each
instrument); an identifier that was not seen on a PubMed/publisher page is left out rather than
recalled, titles not captured are marked so, and each entry's ``status`` says how far the source itself was checked.
"""

from spinemet.evidence.model import EvidenceStatus, Reference

V = EvidenceStatus.VERIFIED
S = EvidenceStatus.SECONDARY

REFERENCES: tuple[Reference, ...] = (
    Reference("zeng2007", "Zeng et al.", 2007,
              "[title not captured] Revised Tokuhashi score: median survival by group in 447 patients", status=S,
              note="Median survival 4 / 10 / 29 months for 0-8 / 9-11 / 12-15 (abstract as quoted in instruments.md)."),
    Reference("kubota2019", "Kubota et al.", 2019,
              "[title not captured] Validation of the new Katagiri score in 616 patients treated with radiotherapy", "Radiat Oncol 14",
              doi="10.1186/s13014-019-1218-z", status=V,
              note="Survival at 3/6/12 months by risk group, as printed in the abstract."),
    Reference("schoenfeld2022", "Schoenfeld AJ, et al.", 2022,
              "[title not captured] Prospective comparison of NESMS, Tomita, revised Tokuhashi and SINS for 1-year survival (n=202)",
              status=S, note="c = 0.79 (NESMS), 0.69 (Tomita), 0.67 (revised Tokuhashi), 0.54 (SINS); abstract."),
    Reference("bulthuis2023", "Bulthuis et al.", 2023, "[title not captured] External validation of prognostic scores (n=144)",
              "Int J Spine Surg", status=S, note="Bauer c = 0.69; OSRI 0.69."),
)
