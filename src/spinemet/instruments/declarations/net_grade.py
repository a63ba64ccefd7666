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

from typing import TYPE_CHECKING

from spinemet.instruments.constraints import Interval
from spinemet.instruments.declarations._build import V, a, category, fact, item
from spinemet.instruments.engine import Given, categories_of, possible_rules
from spinemet.instruments.model import Applicability, Direction, Instrument, Kind, rule
from spinemet.instruments.reading import PERCENT, Answers, Reading
from spinemet.instruments.sites import PRIMARY_SITES, site_table

if TYPE_CHECKING:  # pragma: no cover
    from spinemet.case.events import NetPathology

_MIT_LOW = ("under_2", "2_to_10", "over_10_to_20")
_OVER_10 = ("over_10_to_20", "over_20")
_GEP = {"system": "gep_who2019", "differentiation": "well"}
_LUNG = "lung_who2021"


def ki67_bin(percent: float) -> Given:
    """WHO GEP Ki-67 bin: < 3, 3-20, > 20 % (applied exactly: 2.9 -> under_3, 20 -> 3_to_20)."""
    p = PERCENT.check("ki67_percent", percent)
    answer = "under_3" if p < 3 else "3_to_20" if p <= 20 else "over_20"
    return Given(answer, f"derived from Ki-67 {p:g}%")


def mitoses_bin(per_2mm2: float) -> Given:
    """Mitoses per 2 mm²: < 2, 2-10, > 10 to 20, > 20 (serves both WHO GEP and lung cut-offs)."""
    m = Interval(0, None, unit="per 2 mm²").check("mitoses_per_2mm2", per_2mm2)
    answer = "under_2" if m < 2 else "2_to_10" if m <= 10 else "over_10_to_20" if m <= 20 else "over_20"
    return Given(answer, f"derived from {m:g} mitoses per 2 mm²")


#: The lung morphology each lung neuro-endocrine site key implies (WHO 2021).
LUNG_MORPHOLOGY = {"lung_carcinoid": "carcinoid", "lung_lcnec": "large_cell_neuroendocrine",
                   "lung_sclc": "small_cell"}


def _system(site: str) -> Given:
    return Given("lung_who2021" if site.startswith("lung") else "gep_who2019", f"derived from primary site {site}")


def _morphology(site: str) -> Given | None:
    morphology = LUNG_MORPHOLOGY.get(site)
    return None if morphology is None else Given(morphology, f"derived from primary site {site}")


_system_at = site_table(_system)
_morphology_at = site_table(_morphology)


def net_grade_answers(site: str, net: NetPathology) -> Answers:
    """WHO grading items from a pathology block; the system (and lung morphology) follow the primary site."""
    out = _site_answers(site)
    out.update(_pathology(net))
    return out


def _site_answers(site: str) -> Answers:
    """The items the primary site decides: the system, and a lung type's morphology."""
    out: Answers = {}
    system, morphology = _system_at[site], _morphology_at[site]  # the site tables of read_net_grade
    if system is not None:
        out["system"] = system
    if morphology is not None:
        out["morphology"] = morphology
    return out


def _pathology(net: NetPathology) -> Answers:
    out: Answers = {}
    if net.differentiation is not None:
        out["differentiation"] = Given(net.differentiation.value)
    if net.ki67_percent is not None:
        out["ki67"] = ki67_bin(net.ki67_percent)
    if net.mitoses_per_2mm2 is not None:
        out["mitoses"] = mitoses_bin(net.mitoses_per_2mm2)
    if net.necrosis is not None:
        out["necrosis"] = Given(net.necrosis.value)
    return out


def read_net_grade(r: Reading) -> Answers:
    """The grading facts of the latest pathology (else the primary's); nothing without them."""
    net = r.snapshot.net
    if net is None:
        return {}
    out: Answers = {}
    system = r.from_table(_system_at)
    if system is not None:
        out["system"] = system
    morphology = r.from_table(_morphology_at)
    if morphology is not None:
        out["morphology"] = morphology
    out.update(_pathology(net))
    return out


def net_grade_category(r: Reading, site: str) -> tuple[str | None, tuple[str, ...], str]:
    """(category, candidates, source) of the tumour's WHO NEN grade at one candidate primary site:
    the recorded classification, else the category the grading facts give."""
    net = r.snapshot.net
    if net is None:
        return None, (), ""
    if net.classification is not None:
        return net.classification.value, (), f"recorded NEN classification {net.classification.value}"
    # the rules the site leaves possible (worked out at import) and those the pathology leaves possible (once
    # per snapshot): the same categories as possible_categories(NET_GRADE, net_grade_answers(site, net))
    site_rules = _SITE_RULES.get(site)
    if site_rules is None:  # not a primary-site key of the vocabulary
        site_rules = possible_rules(NET_GRADE, _site_answers(site))
    pathology_rules = r.cached("net_grade_pathology_rules", lambda: possible_rules(NET_GRADE, _pathology(net)))
    possible = categories_of(NET_GRADE, site_rules & pathology_rules)
    return (possible[0] if len(possible) == 1 else None), possible, "derived from the WHO grading facts"


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
    reader=read_net_grade,
    applies_to=Applicability("a neuroendocrine neoplasm (WHO 2019 digestive and other sites; WHO 2021 lung)", "who2019_digestive"),
)

#: The WHO rules each primary site leaves possible through the items it decides (:func:`_site_answers`), as
#: :func:`~spinemet.instruments.engine.possible_rules` masks: a candidate site's grade is then one AND with
#: the pathology's mask instead of a look-up of every answer at every site.
_SITE_RULES: dict[str, int] = {site: possible_rules(NET_GRADE, _site_answers(site)) for site in PRIMARY_SITES}
