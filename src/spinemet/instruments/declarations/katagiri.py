"""New Katagiri score (2014) for skeletal metastasis.

Provenance
----------
Katagiri H et al., Cancer Med 2014;3:1359 (``katagiri2014``; PMC4302686). Six factors:
primary growth (slow 0 / moderate 2 / rapid 3), visceral metastases (nodular 1 /
disseminated 2), laboratory data (abnormal 1 / critical 2), ECOG 3-4 (1), previous
chemotherapy (1), multiple skeletal metastases (1); total 0-10; higher = worse; 0-3 low,
4-6 intermediate, 7-10 high risk. Derived for skeletal metastases in general, not spine
only. The laboratory item takes the worst category present (critical beats abnormal); its
cut-offs and unit conversions are in :mod:`spinemet.instruments.derive`.
"""

from __future__ import annotations

from spinemet.instruments.declarations._build import M, S, V, a, band, fact, item, yes_no
from spinemet.instruments.model import Direction, Instrument, Kind

KATAGIRI_NEW = Instrument(
    key="katagiri_new",
    name="New Katagiri score",
    version="Katagiri 2014",
    kind=Kind.SCORE,
    direction=Direction.HIGHER_IS_WORSE,
    description="Prognosis of survival in skeletal metastasis; higher = worse.",
    items=(
        item("primary_growth", "Primary lesion",
             a("slow", "Slow growth: hormone-dependent breast/prostate, thyroid, myeloma, lymphoma", 0),
             a("moderate", "Moderate growth: lung with targeted drugs, hormone-independent breast/prostate, "
                           "renal cell, endometrial, ovarian, sarcoma, others", 2),
             a("rapid", "Rapid growth: lung without targeted drugs, colorectal, gastric, pancreatic, head and "
                        "neck, oesophageal, other urological, melanoma, hepatocellular, gallbladder, cervical, "
                        "unknown origin", 3)),
        item("visceral_mets", "Visceral metastases",
             a("none", "None", 0),
             a("nodular", "Nodular visceral or cerebral metastases", 1),
             a("disseminated", "Disseminated (pleural, peritoneal or leptomeningeal dissemination)", 2)),
        item("laboratory", "Laboratory data",
             a("normal", "Normal", 0),
             a("abnormal", "Abnormal: CRP >=0.4 mg/dL, LDH >=250 IU/L or albumin <3.7 g/dL", 1),
             a("critical", "Critical: platelets <100,000/uL, calcium >=10.3 mg/dL or bilirubin >=1.4 mg/dL", 2)),
        yes_no("ecog_3_or_4", "ECOG performance status 3 or 4"),
        yes_no("previous_chemotherapy", "Previous chemotherapy"),
        yes_no("multiple_skeletal_mets", "Multiple skeletal metastases"),
    ),
    bands=(
        band("low_risk", 0, 3, "Low risk (0-3)", "Derivation: 1-year survival 91%, 2-year 78%."),
        band("intermediate_risk", 4, 6, "Intermediate risk (4-6)"),
        band("high_risk", 7, 10, "High risk (7-10)", "Derivation: 6-month survival 27%, 1-year 6%."),
    ),
    citations=("katagiri2014",),
    facts=(
        fact("Six factors; primary, visceral and laboratory weighted more; total 0-10; bands 0-3/4-6/7-10", V,
             "katagiri2014 abstract"),
        fact("Tumour lists of the three growth groups (common members)", S,
             "katagiri2014 via an independent implementation (verification-findings §2)"),
        fact("Tumour list members endometrial, ovarian, others (moderate); other urological, gallbladder, "
             "cervical (rapid)", M, "katagiri2014 (background knowledge)"),
        fact("Laboratory cut-offs (CRP, LDH, albumin; platelets, calcium, bilirubin) and worst-tier rule", S,
             "katagiri2014 via an independent implementation (verification-findings §2)"),
    ),
)
