"""Radiosensitivity to conventional external-beam radiotherapy (classifier, derived rule).

Provenance
----------
A **derived** rule: no single source states this table. Histology groups as used with
conventional radiotherapy in the NOMS framework (Laufer I et al., Oncologist 2013;
``laufer2013``) and the AO Surgery Reference: lymphoma, myeloma and seminoma sensitive;
breast and prostate intermediate; renal cell, melanoma, thyroid, colorectal, sarcoma,
hepatocellular and gastrointestinal resistant; non-small-cell lung ('moderately resistant')
is folded into resistant. Neuroendocrine tumours are not listed by these sources and are read
**grade-aware** as ``instruments.md`` §14 proposes: small-cell lung carcinoma and
neuroendocrine carcinomas (NEC, LCNEC) sensitive; well-differentiated NETs (G1/G2/G3, typical
and atypical carcinoid) ``intermediate``. The two reference notes differ here: ``instruments.md``
§14 calls G1-G2 NETs 'historically radioresistant' (PMID 31360808) while reporting that
palliative radiotherapy relieves pain in about 90% of treated sites; ``pathway.md`` rule R-O-3
(derived from Guan 2019) reads NET G1/G2 and carcinoids as intermediate and NET G3 as
intermediate-to-high for MDT review. SpineMet follows R-O-3 so that the classifier and the NOMS
rule agree; the decision text says so. MiNEN and unreported grades are ``not_classified``.
"""

from __future__ import annotations

from spinemet.instruments.declarations._build import D, M, S, a, category, fact, item
from spinemet.instruments.declarations.net_grade import net_grade_category
from spinemet.instruments.engine import Given
from spinemet.instruments.model import Applicability, Decision, Direction, Instrument, Kind, Rule, rule
from spinemet.instruments.reading import Answers, Reading
from spinemet.instruments.sites import PRIMARY_SITES, site_itself, site_label

NET_GRADES = ("net_g1", "net_g2", "net_g3", "nec", "minen", "typical_carcinoid", "atypical_carcinoid",
              "lcnec", "sclc", "not_classified")

_SENSITIVE = ("lymphoma", "myeloma", "germ_cell", "lung_sclc", "lung_lcnec")
_INTERMEDIATE = ("breast", "prostate")
_RESISTANT = ("kidney", "melanoma", "thyroid", "colon", "rectum", "sarcoma", "osteosarcoma", "liver",
              "lung_nsclc", "stomach", "oesophagus", "pancreas", "gallbladder")
_NET_SITES = ("lung_carcinoid", "gep_net")
_NOT_CLASSIFIED = tuple(s for s in PRIMARY_SITES if s not in _SENSITIVE + _INTERMEDIATE + _RESISTANT + _NET_SITES)

NET_GRADE_AWARE = Decision(
    "radiosensitivity_net_grade_aware",
    "Neuroendocrine tumours are read by grade (pathway rule R-O-3, derived): NEC, LCNEC and SCLC as sensitive; "
    "NET G1/G2 and typical or atypical carcinoid as intermediate (historically called radioresistant, yet "
    "palliative radiotherapy relieves pain in about 90% of treated sites); NET G3 as intermediate, to be "
    "reviewed by the MDT; MiNEN and unclassified grades as not classified. No radiosensitivity table lists "
    "neuroendocrine tumours.",
    ("laufer2013", "net_rt_2019"),
)
NEC_SENSITIVE = Decision(
    "radiosensitivity_lcnec_like_sclc",
    "Small-cell lung carcinoma is read as radiosensitive and a large-cell neuroendocrine carcinoma is managed "
    "like a high-grade neuroendocrine carcinoma; no spine-specific evidence for LCNEC was found.",
    ("laufer2013",),
)
GERM_CELL_SEMINOMA = Decision(
    "radiosensitivity_germ_cell_sensitive",
    "Germ-cell tumours are read as sensitive (seminoma is listed; Patchell 2005 excluded germ-cell tumours as "
    "radiosensitive).",
    ("laufer2013", "patchell2005"),
)
MODERATELY_RESISTANT = Decision(
    "radiosensitivity_moderately_resistant_is_resistant",
    "'Moderately resistant' histologies (colon, non-small-cell lung) are folded into 'resistant', as NOMS "
    "treats them for conventional radiotherapy.",
    ("laufer2013",),
)

_SITE_DECISION = {"lung_sclc": NEC_SENSITIVE.key, "lung_lcnec": NEC_SENSITIVE.key,
                  "germ_cell": GERM_CELL_SEMINOMA.key, "colon": MODERATELY_RESISTANT.key,
                  "lung_nsclc": MODERATELY_RESISTANT.key, "lung_carcinoid": NET_GRADE_AWARE.key,
                  "gep_net": NET_GRADE_AWARE.key}

_RULES: tuple[Rule, ...] = (
    rule("sensitive", primary_site=_SENSITIVE),
    rule("intermediate", primary_site=_INTERMEDIATE),
    rule("resistant", primary_site=_RESISTANT),
    rule("not_classified", primary_site=_NOT_CLASSIFIED),
    rule("sensitive", primary_site=_NET_SITES, net_grade=("nec", "lcnec", "sclc")),
    rule("intermediate", primary_site=_NET_SITES,
         net_grade=("net_g1", "net_g2", "net_g3", "typical_carcinoid", "atypical_carcinoid")),
    rule("not_classified", primary_site=_NET_SITES, net_grade=("minen", "not_classified")),
)


def _net_grade(r: Reading, site: str) -> Given | None:
    category, candidates, source = net_grade_category(r, site)
    if category is not None:
        return Given(category, source)
    if candidates:
        return Given(None, source, candidates=candidates)
    return None


def read_radiosensitivity(r: Reading) -> Answers:
    """The primary site and, for a neuro-endocrine neoplasm, its WHO grade (recorded or graded)."""
    out: Answers = {}
    site = r.from_table(site_itself)
    if site is not None:
        out["primary_site"] = site
    grade = r.by_site(lambda site: _net_grade(r, site))
    if grade is not None:
        out["net_grade"] = grade
    return out


RADIOSENSITIVITY = Instrument(
    key="radiosensitivity",
    name="Radiosensitivity to conventional radiotherapy (derived)",
    version="SpineMet derived rule (NOMS groups + grade-aware NETs)",
    kind=Kind.CLASSIFIER,
    direction=Direction.NOT_ORDERED,
    description="Expected response of the histology to conventional external-beam radiotherapy (NOMS 'O').",
    derived=True,
    items=(
        item("primary_site", "Primary site",
             *(a(s, site_label(s), decision=_SITE_DECISION.get(s)) for s in PRIMARY_SITES)),
        item("net_grade", "WHO grade of a neuroendocrine neoplasm (only read for NET sites)",
             *(a(g, g.replace("_", " ")) for g in NET_GRADES)),
    ),
    bands=(
        category("sensitive", "Radiosensitive", "Conventional radiotherapy regardless of ESCC grade (NOMS)."),
        category("intermediate", "Intermediate", "Usually responds to conventional radiotherapy."),
        category("resistant", "Radioresistant",
                 "Stereotactic radiosurgery; separation surgery first if high-grade ESCC (NOMS)."),
        category("not_classified", "Not classified",
                 "No radiosensitivity source classifies this histology or grade; the clinician decides."),
    ),
    rules=_RULES,
    citations=("laufer2013", "net_rt_2019", "patchell2005"),
    decisions=(NET_GRADE_AWARE, NEC_SENSITIVE, GERM_CELL_SEMINOMA, MODERATELY_RESISTANT),
    facts=(
        fact("Lymphoma, myeloma, seminoma radiosensitive; renal, melanoma, thyroid, colorectal resistant", S,
             "AO Surgery Reference"),
        fact("Breast/prostate intermediate; NSCLC and colon moderately resistant; sarcoma, HCC, GI resistant", M,
             "laufer2013 (background knowledge)"),
        fact("Well-differentiated NETs historically considered radioresistant; palliative RT effective", S,
             "net_rt_2019"),
        fact("Grade-aware reading of neuroendocrine tumours", D, "instruments.md section 14 proposal"),
    ),
    reader=read_radiosensitivity,
    applies_to=Applicability("any histology considered for conventional external-beam radiotherapy", "laufer2013"),
)
