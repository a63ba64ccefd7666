"""WHO classification of neuroendocrine neoplasms (classifier ``net_grade``).

Provenance
----------
* Gastro-entero-pancreatic (GEP) and common framework: WHO Classification of Tumours,
  Digestive System, 5th ed. 2019 (``who2019_digestive``) and Rindi G et al., Mod Pathol 2018
  (``rindi2018``): NET G1 Ki-67 < 3% and < 2 mitoses/2 mm²; G2 3-20% or 2-20 mitoses; G3 > 20%
  or > 20 mitoses; the final grade is the **higher** of the two indices; a poorly
  differentiated neoplasm is a neuroendocrine carcinoma (NEC) whatever its indices.
  (WHO 2010 used Ki-67 <= 2% for G1; one reproduction of WHO 2017 prints '<2' — an error.)
* Lung: WHO Classification of Thoracic Tumours, 5th ed. 2021 (``who2021_thoracic``): typical
  carcinoid < 2 mitoses/2 mm² and no necrosis; atypical carcinoid 2-10 mitoses and/or
  necrosis; LCNEC and SCLC > 10 mitoses with their morphology. Ki-67 is **not** a grading
  criterion for lung NENs. The size criterion of the typical carcinoid (>= 0.5 cm) is not
  modelled.
* ``not_classified`` is our category for answers no WHO category covers (carcinoid
  morphology with > 10 mitoses; large-cell or small-cell morphology with <= 10 mitoses); the
  pathologist decides. Mixed neoplasms (MiNEN) are graded per component and are not
  classified here.

Mitoses are binned so that both systems read the same answer: under 2, 2 to 10, over 10 up
to 20, over 20 (per 2 mm²).
"""

from __future__ import annotations

from spinemet.instruments.declarations._build import V, a, category, fact, item
from spinemet.instruments.model import Direction, Instrument, Kind, rule

_MIT_LOW = ("under_2", "2_to_10", "over_10_to_20")
_OVER_10 = ("over_10_to_20", "over_20")
_GEP = {"system": "gep_who2019", "differentiation": "well"}
_LUNG = "lung_who2021"

NET_GRADE = Instrument(
    key="net_grade",
    name="WHO grade of a neuroendocrine neoplasm",
    version="WHO 2019 (GEP) / WHO 2021 (lung)",
    kind=Kind.CLASSIFIER,
    direction=Direction.HIGHER_IS_WORSE,
    description="Grade or type of a neuroendocrine neoplasm from differentiation, Ki-67, mitoses and necrosis.",
    items=(
        item("system", "Classification system",
             a("gep_who2019", "Gastro-entero-pancreatic and other sites (WHO 2019)"),
             a("lung_who2021", "Lung (WHO 2021 thoracic)")),
        item("differentiation", "Differentiation (GEP)", a("well", "Well differentiated"),
             a("poor", "Poorly differentiated")),
        item("ki67", "Ki-67 index (GEP)", a("under_3", "< 3%"), a("3_to_20", "3-20%"), a("over_20", "> 20%")),
        item("mitoses", "Mitotic count per 2 mm²",
             a("under_2", "< 2"), a("2_to_10", "2-10"), a("over_10_to_20", "> 10 to 20"), a("over_20", "> 20")),
        item("necrosis", "Necrosis (lung)", a("none", "None"), a("punctate", "Punctate / focal"),
             a("extensive", "Extensive")),
        item("morphology", "Morphology (lung)", a("carcinoid", "Carcinoid"),
             a("large_cell_neuroendocrine", "Large-cell neuroendocrine"), a("small_cell", "Small cell")),
    ),
    bands=(
        category("net_g1", "NET G1", "Well differentiated, low grade."),
        category("net_g2", "NET G2", "Well differentiated, intermediate grade."),
        category("net_g3", "NET G3", "Well differentiated, high grade."),
        category("nec", "Neuroendocrine carcinoma (NEC)", "Poorly differentiated, high grade by definition."),
        category("typical_carcinoid", "Typical carcinoid (lung)", "Low grade (~G1)."),
        category("atypical_carcinoid", "Atypical carcinoid (lung)", "Intermediate grade (~G2)."),
        category("lcnec", "Large-cell neuroendocrine carcinoma (lung)", "High grade."),
        category("sclc", "Small-cell lung carcinoma", "High grade."),
        category("not_classified", "Not classified by WHO criteria",
                 "The answers match no WHO category; the pathologist decides."),
    ),
    rules=(
        rule("nec", system="gep_who2019", differentiation="poor"),
        rule("net_g1", **_GEP, ki67="under_3", mitoses="under_2"),
        rule("net_g2", **_GEP, ki67="3_to_20", mitoses=_MIT_LOW),
        rule("net_g2", **_GEP, ki67="under_3", mitoses=("2_to_10", "over_10_to_20")),
        rule("net_g3", **_GEP, ki67="over_20"),
        rule("net_g3", **_GEP, ki67=("under_3", "3_to_20"), mitoses="over_20"),
        rule("typical_carcinoid", system=_LUNG, morphology="carcinoid", mitoses="under_2", necrosis="none"),
        rule("atypical_carcinoid", system=_LUNG, morphology="carcinoid", mitoses="2_to_10"),
        rule("atypical_carcinoid", system=_LUNG, morphology="carcinoid", mitoses="under_2",
             necrosis=("punctate", "extensive")),
        rule("not_classified", system=_LUNG, morphology="carcinoid", mitoses=_OVER_10),
        rule("lcnec", system=_LUNG, morphology="large_cell_neuroendocrine", mitoses=_OVER_10),
        rule("sclc", system=_LUNG, morphology="small_cell", mitoses=_OVER_10),
        rule("not_classified", system=_LUNG, morphology=("large_cell_neuroendocrine", "small_cell"),
             mitoses=("under_2", "2_to_10")),
    ),
    citations=("who2019_digestive", "rindi2018", "who2021_thoracic"),
    facts=(
        fact("GEP thresholds Ki-67 <3 / 3-20 / >20 %, mitoses <2 / 2-20 / >20 per 2 mm²; higher index wins", V,
             "who2019_digestive via SNMMI and WJGO tables"),
        fact("Lung TC/AC/LCNEC/SCLC criteria (mitoses <2, 2-10, >10; necrosis)", V,
             "who2021_thoracic via PMC5359105 and Kasajima 2024"),
    ),
)
