"""Bauer score (1995) and modified Bauer score (Leithner 2008).

Provenance
----------
* Original: Bauer HC, Wedin R, Acta Orthop Scand 1995;66:143 (``bauer1995``): five
  favourable factors, 1 point each, 0-5; 1-year survival about 50% for 4-5, about 25% for
  2-3, all died within 6 months for 0-1 (as reproduced in CORR 2015).
* Modified: Leithner A et al., Eur Spine J 2008;17:1488 (``leithner2008``): the
  pathological-fracture item dropped; 0-4; bands 0-1 / 2 / 3-4 with treatment suggestions as
  reproduced by dign.eu. Another reproduction labels the bands '<6 / >6 / >12 months'; the
  dign.eu labels are used and the band meanings are unverified.
* Visceral metastases include brain metastases (Bauer's negative factor was visceral *or*
  brain). Histology counts twice: breast, kidney, lymphoma and myeloma gain both 'not lung
  cancer' and 'favourable primary'; prostate is **not** favourable here.
* The two versions disagree in exactly two situations (tested): no fracture plus one other
  favourable factor (original 2, middle band; modified 1, lowest band), and a fracture with
  three favourable factors (both 3; original middle band, modified top band).
"""

from __future__ import annotations

from spinemet.instruments.declarations._build import S, V, band, fact, yes_no
from spinemet.instruments.model import Direction, Instrument, Kind

_FOUR = (
    yes_no("no_visceral_mets", "No visceral or brain metastases"),
    yes_no("not_lung_cancer", "Primary tumour is not lung cancer"),
    yes_no("favourable_primary", "Primary is breast, kidney, lymphoma or multiple myeloma"),
    yes_no("solitary_skeletal_met", "Solitary skeletal metastasis"),
)

BAUER = Instrument(
    key="bauer",
    name="Bauer score",
    version="Bauer & Wedin 1995",
    kind=Kind.SCORE,
    direction=Direction.HIGHER_IS_BETTER,
    description="Survival after surgery for skeletal metastases; one point per favourable factor.",
    items=(*_FOUR, yes_no("no_pathological_fracture", "No pathological fracture")),
    bands=(
        band("poor_prognosis", 0, 1, "0-1", "All patients died within 6 months."),
        band("intermediate_prognosis", 2, 3, "2-3", "1-year survival about 25%."),
        band("good_prognosis", 4, 5, "4-5", "1-year survival about 50%."),
    ),
    citations=("bauer1995",),
    facts=(
        fact("Five factors (visceral/brain mets, lung cancer, favourable histology, solitary, fracture)", V,
             "bauer1995 abstract"),
        fact("One point per favourable factor; bands 0-1 / 2-3 / 4-5 with 1-year survival", V,
             "bauer1995 via CORR 2015 (doi:10.1007/s11999-015-4446-z)"),
    ),
)

BAUER_MODIFIED = Instrument(
    key="bauer_modified",
    name="Modified Bauer score",
    version="Leithner 2008",
    kind=Kind.SCORE,
    direction=Direction.HIGHER_IS_BETTER,
    description="The Bauer score without the pathological-fracture item.",
    items=_FOUR,
    bands=(
        band("poor_prognosis", 0, 1, "0-1", "Supportive care, no surgery."),
        band("intermediate_prognosis", 2, 2, "2", "Short-term palliation; posterior surgery."),
        band("good_prognosis", 3, 4, "3-4", "Middle-term local control; anterior-posterior surgery."),
    ),
    citations=("leithner2008", "bauer1995"),
    facts=(
        fact("Modification drops the pathological-fracture item", V, "leithner2008 abstract"),
        fact("Bands 0-1 / 2 / 3-4 and their treatment suggestions", S, "leithner2008 via dign.eu"),
    ),
)
