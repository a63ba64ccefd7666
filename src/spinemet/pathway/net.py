"""D7/D12: systemic pointers for neuro-endocrine neoplasms, by WHO grade and type.

Poorly differentiated NEC, LCNEC and SCLC: platinum + etoposide with RT as indicated (R-NET-6,
unverified); FDG-PET (R-NET-3). Lung carcinoids (typical/atypical): everolimus for progressive
non-functional lung or GI NET (RADIANT-4: PFS 11.0 vs 3.9 months; R-NET-5), PRRT second or
third line with SSTR uptake (ESMO 2021; R-NET-4); SSTR PET staging (Putzer 2009). GEP NET
G1/G2: somatostatin analogues first line (unverified), everolimus, PRRT for progressive midgut
NET after SSA (NETTER-1). NET G3: MDT, SSTR and FDG PET. Pointers, not prescriptions.
"""

from __future__ import annotations

from spinemet.evidence import EvidenceStatus
from spinemet.pathway.applicability import NEURO_ENDOCRINE
from spinemet.pathway.base import DECIDED, NEEDS, RuleSpec, answer, not_applicable
from spinemet.pathway.context import RuleInput, possible
from spinemet.pathway.model import Reason, Recommendation

V, D, M = EvidenceStatus.VERIFIED, EvidenceStatus.DERIVED, EvidenceStatus.UNVERIFIED

#: grade -> (statement, options, sources, status)
BRANCHES: dict[str, tuple[str, tuple[str, ...], tuple[str, ...], EvidenceStatus]] = {
    "high_grade": (
        "High-grade neuro-endocrine carcinoma: platinum + etoposide based chemotherapy, with concurrent RT to the "
        "spine as indicated; FDG-PET for staging.",
        ("Platinum + etoposide (doses and regimen to be verified)", "Concurrent RT where indicated",
         "FDG-PET staging"), ("kaliya_perumal_2019", "who2021_thoracic"), M),
    "carcinoid": (
        "Lung carcinoid: SSTR PET staging; if progressive, everolimus 10 mg/day is an option (RADIANT-4); PRRT "
        "second or third line when all target lesions take up SSTR tracer (ESMO 2021).",
        ("SSTR PET/CT (68Ga-DOTATATE/TOC)", "Everolimus 10 mg/day if progressing (PFS 11.0 vs 3.9 months)",
         "PRRT (177Lu-DOTATATE) second/third line with SSTR uptake", "Somatostatin analogue (unverified line)"),
        ("yao_2016_radiant4", "baudin_2021_esmo_lung", "strosberg_2017_netter1", "putzer_2009_ga68"), V),
    "gep_low": (
        "Well-differentiated GEP NET G1/G2: SSTR PET staging; somatostatin analogue first line; everolimus or PRRT "
        "(midgut, after SSA) on progression.",
        ("SSTR PET/CT", "Somatostatin analogue (unverified line)", "Everolimus (RADIANT-4)",
         "PRRT after SSA for midgut NET (NETTER-1)"),
        ("yao_2016_radiant4", "strosberg_2017_netter1", "putzer_2009_ga68", "who2019_digestive"), D),
    "net_g3": (
        "Well-differentiated NET G3: MDT decision; SSTR and FDG PET; temozolomide-based regimens or PRRT are options "
        "(platinum works less well than in NEC).",
        ("SSTR PET and FDG-PET", "Temozolomide-based regimen (unverified)", "PRRT if SSTR-positive (unverified)"),
        ("who2019_digestive", "putzer_2009_ga68"), M),
}
_GRADE_BRANCH = {"nec": "high_grade", "lcnec": "high_grade", "sclc": "high_grade",
                 "typical_carcinoid": "carcinoid", "atypical_carcinoid": "carcinoid",
                 "net_g1": "gep_low", "net_g2": "gep_low", "net_g3": "net_g3"}
_NEN_SITES = ("lung_carcinoid", "gep_net", "lung_sclc", "lung_lcnec")


def _net(inp: RuleInput) -> Recommendation:
    s = inp.snapshot
    if s.net is None and s.primary.site.value not in _NEN_SITES:
        return not_applicable(NET_SYSTEMIC, "Not a neuro-endocrine neoplasm.")
    result = inp.result("net_grade")
    grades = tuple(g for g in possible(result) if g in _GRADE_BRANCH)
    if s.primary.site.value == "lung_sclc":
        grades = ("sclc",)
    branches = tuple(dict.fromkeys(_GRADE_BRANCH[g] for g in grades))
    if len(branches) == 1 and (not result or len(possible(result)) == 1 or s.primary.site.value == "lung_sclc"):
        key = branches[0]
        statement, options, sources, status = BRANCHES[key]
        return answer(NET_SYSTEMIC, DECIDED, statement,
                      [Reason(f"WHO grade/type: {', '.join(grades)}.", {"grade": list(grades)}, None,
                              "who2021_thoracic" if key == "carcinoid" else "who2019_digestive")],
                      options=options, citations=sources, evidence_status=status,
                      cautions=("Chromogranin A: interpret trends on one assay; PPIs and renal failure raise it; "
                                "not for high-grade NEC (unverified).",),
                      data={"branch": key})
    missing = tuple(f"NET grading: {m}" for m in (result.missing if result else ())) or (
        "WHO grade/type of the neuro-endocrine neoplasm (mitoses, necrosis, Ki-67, differentiation)",)
    options = tuple(f"If {g.replace('_', ' ')}: {BRANCHES[_GRADE_BRANCH[g]][0]}" for g in
                    (grades or tuple(_GRADE_BRANCH)))
    return answer(NET_SYSTEMIC, NEEDS,
                  "Systemic options for this neuro-endocrine neoplasm depend on its WHO grade and type, which are "
                  "not known.", [Reason("Grade not reported.", {"possible": list(possible(result))})],
                  missing=missing, options=options, evidence_status=D,
                  citations=("who2021_thoracic", "who2019_digestive", "kaliya_perumal_2019"))


NET_SYSTEMIC = RuleSpec(
    key="net_systemic",
    decision_point="D7/D12",
    title="Neuro-endocrine neoplasm: systemic pointers",
    summary="By WHO grade/type: NEC/SCLC platinum-etoposide + RT; carcinoid everolimus/PRRT; GEP NET SSA, "
            "everolimus, PRRT; NET G3 MDT.",
    inputs=("net_grade result (mitoses, necrosis, Ki-67, differentiation)", "primary site"),
    outputs=("systemic pointer", "staging PET"),
    sources=("yao_2016_radiant4", "strosberg_2017_netter1", "baudin_2021_esmo_lung", "putzer_2009_ga68",
             "who2019_digestive", "who2021_thoracic"),
    pathway_rules=("R-NET-3", "R-NET-4", "R-NET-5", "R-NET-6", "R-NET-7"),
    evidence_status=EvidenceStatus.DERIVED,
    evaluate=_net,
    applies_to=NEURO_ENDOCRINE,
)
