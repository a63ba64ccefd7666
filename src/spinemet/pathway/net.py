"""D7/D12: systemic pointers for neuro-endocrine neoplasms, by WHO grade and type.

Poorly differentiated NEC, LCNEC and SCLC: platinum + etoposide with RT as indicated (R-NET-6,
unverified); FDG-PET (R-NET-3). Lung carcinoids (typical/atypical): everolimus for progressive
non-functional lung or GI NET (RADIANT-4: PFS 11.0 vs 3.9 months; R-NET-5), PRRT second or
third line with SSTR uptake (ESMO 2021; R-NET-4); SSTR PET staging (Putzer 2009). GEP NET
G1/G2: somatostatin analogues first line (unverified), everolimus, PRRT for progressive midgut
NET after SSA (NETTER-1). NET G3: MDT, SSTR and FDG PET. Pointers, not prescriptions.
"""

from __future__ import annotations

import re

from spinemet.evidence import EvidenceStatus
from spinemet.pathway.applicability import NEURO_ENDOCRINE
from spinemet.pathway.base import DECIDED, NEEDS, RuleSpec, answer, not_applicable
from spinemet.pathway.context import RuleInput, per_input, possible
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
_CARCINOIDS = ("typical_carcinoid", "atypical_carcinoid")
#: Each class's pointers as an option while the class is not known ("If net g2: ...").
_IF_CLASS = {g: f"If {g.replace('_', ' ')}: {BRANCHES[branch][0]}" for g, branch in _GRADE_BRANCH.items()}
#: Every class's pointers, in the classes' order: the options while nothing narrows the class.
_IF_ANY_CLASS = tuple(_IF_CLASS[g] for g in _GRADE_BRANCH)
_NEN_SITES = ("lung_carcinoid", "gep_net", "lung_sclc", "lung_lcnec")
#: Phaeochromocytoma and paraganglioma: neuro-endocrine, but outside the WHO GEP/lung grading.
_PPGL = ("paraganglioma",)

#: WHO class words in a histology text, most specific first (a source's own words, e.g. "NET G2",
#: "atypical carcinoid", "small-cell neuro-endocrine carcinoma"), each with the words one of which any match
#: of its pattern contains (the grade patterns all contain the grade's digit).
_TEXT_CLASSES: tuple[tuple[re.Pattern[str], str, tuple[str, ...]], ...] = (
    (re.compile(r"large[- ]cell neuro[- ]?endocrine|\blcnec\b", re.I), "lcnec", ("large", "lcnec")),
    (re.compile(r"(?<!non-)(?<!non )\bsmall[- ]cell", re.I), "sclc", ("small",)),
    (re.compile(r"\batypical carcinoid", re.I), "atypical_carcinoid", ("atypical carcinoid",)),
    (re.compile(r"(?<!a)\btypical carcinoid", re.I), "typical_carcinoid", ("typical carcinoid",)),
    (re.compile(r"\bnet\s*g\s*3\b|\bg3\b[^.;]*neuro[- ]?endocrine tumou?r|neuro[- ]?endocrine tumou?r[^.;]*\bg(?:rade)?\s*3\b",
                re.I), "net_g3", ("3",)),
    (re.compile(r"\bnet\s*g\s*2\b|neuro[- ]?endocrine tumou?r[^.;]*\bg(?:rade)?\s*2\b", re.I), "net_g2", ("2",)),
    (re.compile(r"\bnet\s*g\s*1\b|neuro[- ]?endocrine tumou?r[^.;]*\bg(?:rade)?\s*1\b", re.I), "net_g1", ("1",)),
    (re.compile(r"poorly[- ]differentiated neuro[- ]?endocrine|neuro[- ]?endocrine carcinoma|\bnec\b", re.I), "nec",
     ("differentiated", "endocrine carcinoma", "nec")),
)
_NEGATED = re.compile(r"\b(not|no|without|excluded?)\b[^.;,]{0,30}$", re.I)
#: All those words: a lower-cased text with none of them names no WHO class.
_CLASS_WORDS = tuple(dict.fromkeys(word for _p, _k, words in _TEXT_CLASSES for word in words))


def class_in_text(text: str | None, site: str) -> str | None:
    """The WHO class a histology text names in so many words (None when it names none).

    Small-cell carcinoma of a non-lung site is read as a neuro-endocrine carcinoma (NEC)."""
    if not text:
        return None
    # A case-insensitive search tries the pattern at every position (slow); in an ASCII text it can only match
    # where the lower-cased text contains one of the pattern's words, which a plain substring test finds at once.
    # (Other texts are searched throughout: a case-insensitive match may pair non-ASCII letters with ASCII ones.)
    lowered = text.lower() if text.isascii() else None
    if lowered is not None and not _has_class_word(lowered):
        return None
    for pattern, klass, words in _TEXT_CLASSES:
        if lowered is not None and not any(word in lowered for word in words):
            continue
        m = pattern.search(text)
        if m is None or _NEGATED.search(text[: m.start()]):
            continue
        if klass == "sclc" and not site.startswith("lung"):
            return "nec"
        return klass
    return None


def _has_class_word(lowered: str) -> bool:
    """Whether a lower-cased text contains any of :data:`_CLASS_WORDS` (a plain loop: most texts contain none,
    and every word is tried)."""
    for word in _CLASS_WORDS:
        if word in lowered:
            return True
    return False


@per_input
def net_class(inp: RuleInput) -> tuple[tuple[str, ...], str]:
    """(WHO classes still possible, where they come from): the recorded class, else the single class
    the grading facts give (Ki-67, mitoses, necrosis, differentiation), else the class the histology
    text of the pathology report or of the primary names, else the classes the facts still allow."""
    s = inp.snapshot
    site = s.primary.site  # a str enum: equal to its value, and a str (``.value`` is a property call per read)
    recorded = s.net  # a property: read once
    if recorded is not None and recorded.classification is not None:
        return (recorded.classification.value,), f"recorded WHO class {recorded.classification.value}"
    if site == "lung_sclc":
        return ("sclc",), "primary site small-cell lung carcinoma"
    result = inp.result("net_grade")
    still = possible(result)
    graded = tuple([g for g in still if g in _GRADE_BRANCH])  # a list first: a generator resumes per item
    if result is not None and len(still) == 1 and graded:
        return graded, "WHO grading facts"
    for text, where in ((s.histology, "histology text"), (s.primary.histology, "histology text of the primary")):
        klass = class_in_text(text, site)
        if klass is not None:
            return (klass,), f"{where}: '{text}'"
        if text is s.primary.histology:
            break  # no pathology report states its own text: the primary's was the one just read
    if site == "lung_lcnec":
        return ("lcnec",), "primary site large-cell neuro-endocrine carcinoma"
    if site == "lung_carcinoid":
        # a lung carcinoid is a well-differentiated lung NET: typical or atypical carcinoid (WHO 2021 thoracic)
        carcinoid = tuple(g for g in (graded or _CARCINOIDS) if g in _CARCINOIDS) or _CARCINOIDS
        return carcinoid, "primary site lung carcinoid (typical or atypical, WHO 2021 thoracic)"
    return graded, "not reported"


#: R-O-3 (pathway reference section 7, derived; the radiosensitivity declaration's NET rows): poorly
#: differentiated NEC, LCNEC and SCLC are radiosensitive; well-differentiated NET G1-G3 and lung carcinoids
#: are intermediate to conventional RT.
CLASS_RADIOSENSITIVITY = {"nec": "sensitive", "lcnec": "sensitive", "sclc": "sensitive",
                          "net_g1": "intermediate", "net_g2": "intermediate", "net_g3": "intermediate",
                          "typical_carcinoid": "intermediate", "atypical_carcinoid": "intermediate"}


def radiosensitivity_from_class(inp: RuleInput) -> tuple[str, str] | None:
    """(radiosensitivity group, where the class was read) when one WHO NEN class is known wherever it is
    recorded (the classification, the grading facts, the histology text or the primary site), or when the
    classes still possible all share one group; None otherwise."""
    classes, where = net_class(inp)
    groups = {CLASS_RADIOSENSITIVITY.get(c) for c in classes}
    if not classes or len(groups) != 1 or None in groups:
        return None
    # one class, or several that share one group (typical or atypical carcinoid: both intermediate)
    return groups.pop() or "", f"{' or '.join(c.replace('_', ' ') for c in classes)} ({where})"


def _history(inp: RuleInput) -> tuple[list[Reason], list[str]]:
    """What the record says of somatostatin-receptor imaging and of SSA / PRRT already given."""
    s = inp.snapshot
    reasons: list[Reason] = []
    notes: list[str] = []
    for dated in s.systemic_therapies():
        drug = getattr(dated.value, "drug_class", None)
        if drug is not None and drug.value in ("somatostatin_analogue", "prrt"):
            words = "somatostatin analogue" if drug.value == "somatostatin_analogue" else "PRRT"
            reasons.append(Reason(f"{words} given (day {dated.day}).", {"given": drug.value, "day": dated.day}))
            notes.append(drug.value)
    sstr = [d for _i, d in s.studies()
            if d.value.modality == "somatostatin_receptor_imaging"]  # a str enum: equal to its value
    if sstr:
        reasons.append(Reason(f"Somatostatin-receptor imaging recorded (day {sstr[-1].day}); uptake on every target "
                              "lesion decides PRRT.", {"sstr_imaging_day": sstr[-1].day}, None, "putzer_2009_ga68"))
        notes.append("sstr_imaging")
    return reasons, notes


def _net(inp: RuleInput) -> Recommendation:
    s = inp.snapshot
    site = s.primary.site  # a str enum: equal to its value
    if site in _PPGL:
        return not_applicable(
            NET_SYSTEMIC, "Phaeochromocytoma / paraganglioma: the WHO GEP and lung grading and the systemic pointers "
            "this rule rests on (carcinoid, GEP NET, NEC) do not cover it; systemic options by a specialist team.")
    if s.net is None and site not in _NEN_SITES and class_in_text(s.histology, site) is None:
        return not_applicable(NET_SYSTEMIC, "Not a neuro-endocrine neoplasm.")
    grades, source = net_class(inp)
    branches = tuple(dict.fromkeys(map(_GRADE_BRANCH.__getitem__, grades)))  # (map: no Python frame per class)
    history, given = _history(inp)
    if grades and len(branches) == 1:
        # one class, or several that lead to the same pointers (typical or atypical carcinoid)
        key = branches[0]
        statement, options, sources, status = BRANCHES[key]
        options = _adjust(key, options, given)
        klass = " or ".join(g.replace("_", " ") for g in grades)
        return answer(NET_SYSTEMIC, DECIDED, statement,
                      [Reason(f"WHO class {klass}, from the {source}.", {"grade": list(grades),
                              "source": source}, None,
                              "who2021_thoracic" if key == "carcinoid" or site.startswith("lung") else
                              "who2019_digestive"), *history],
                      options=options, citations=sources, evidence_status=status,
                      cautions=("Chromogranin A: interpret trends on one assay; PPIs and renal failure raise it; "
                                "not for high-grade NEC (unverified).",),
                      data={"branch": key, "class": " or ".join(grades), "class_source": source,
                            "history": given})
    result = inp.result("net_grade")
    missing = tuple([f"NET grading: {m}" for m in (result.missing if result else ())]) or (
        "WHO grade/type of the neuro-endocrine neoplasm (mitoses, necrosis, Ki-67, differentiation)",)
    options = tuple(map(_IF_CLASS.__getitem__, grades)) if grades else _IF_ANY_CLASS
    return answer(NET_SYSTEMIC, NEEDS,
                  "Systemic options for this neuro-endocrine neoplasm depend on its WHO grade and type, which are "
                  "not known.", [Reason("Grade not reported.", {"possible": list(possible(result))}), *history],
                  missing=missing, options=options, evidence_status=D,
                  citations=("who2021_thoracic", "who2019_digestive", "kaliya_perumal_2019"),
                  data={"history": given})


def _adjust(branch: str, options: tuple[str, ...], given: list[str]) -> tuple[str, ...]:
    """The branch's options in the light of what was given: an SSA already given is not a first line
    any more; PRRT already given is named as such."""
    out = list(options)
    if "somatostatin_analogue" in given and branch in ("gep_low", "carcinoid"):
        out = [o for o in out if not o.startswith("Somatostatin analogue")]
        out.insert(0, "Somatostatin analogue already given: on progression, everolimus or PRRT (NETTER-1: "
                      "midgut NET progressing on SSA).")
    if "prrt" in given:
        out = [o if not o.startswith("PRRT") else o + " -- PRRT already given" for o in out]
    if branch in ("gep_low", "carcinoid", "net_g3") and "sstr_imaging" not in given:
        out.append("Somatostatin-receptor status not recorded: SSTR PET decides SSA and PRRT.")
    return tuple(out)


NET_SYSTEMIC = RuleSpec(
    key="net_systemic",
    decision_point="D7/D12",
    title="Neuro-endocrine neoplasm: systemic pointers",
    summary="By WHO grade/type: NEC/SCLC platinum-etoposide + RT; carcinoid everolimus/PRRT; GEP NET SSA, "
            "everolimus, PRRT; NET G3 MDT.",
    inputs=("recorded WHO class", "net_grade result (mitoses, necrosis, Ki-67, differentiation)",
            "histology text (pathology report, primary)", "primary site", "SSA / PRRT given",
            "somatostatin-receptor imaging"),
    outputs=("systemic pointer", "staging PET"),
    sources=("yao_2016_radiant4", "strosberg_2017_netter1", "baudin_2021_esmo_lung", "putzer_2009_ga68",
             "who2019_digestive", "who2021_thoracic"),
    pathway_rules=("R-NET-3", "R-NET-4", "R-NET-5", "R-NET-6", "R-NET-7"),
    evidence_status=EvidenceStatus.DERIVED,
    evaluate=_net,
    applies_to=NEURO_ENDOCRINE,
    spinal=False,
)
