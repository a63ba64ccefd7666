"""Primary sites and histology in words -> primary-site keys (vocabulary.md) and neuro-endocrine facts.

Provenance: site keys and their scope are SpineMet's (docs/case-file.md "Primary tumour stated with
uncertainty"; a phaeochromocytoma is the adrenal paraganglioma, a pancreatic NET is ``gep_net``);
the neuro-endocrine categories are WHO 2019 (digestive system; Nagtegaal ID et al. Histopathology
2020;76:182-8, PMID 31433515) and WHO 2021 thoracic (typical/atypical carcinoid, LCNEC, SCLC;
Nicholson AG et al. J Thorac Oncol 2022;17:362-87, PMID 34808341). Synonyms and abbreviations
(RCC, HCC, NSCLC, SCLC, LCNEC, pNET) are the usual clinical ones.

Each entry: (regular expression, site key, rank, extras). ``rank`` orders specificity within one
organ (a small-cell lung carcinoma is more specific than a lung cancer). ``extras`` may give
``label`` (site_label), ``ne`` (a neuro-endocrine block: {} or with ``classification``).
"""

from __future__ import annotations

from typing import Any

_CA = r"(?:cancers?|carcinomas?|adenocarcinomas?|malignanc(?:y|ies)|primary|primaries|neoplasms?|tumou?rs?)"

SITES: tuple[tuple[str, str, int, dict[str, Any]], ...] = (
    # lung, most specific first
    (r"(?<!non[- ])(?<!non)\bsmall[- ]cell (?:neuro-?endocrine )?(?:lung )?(?:carcinoma|cancer)|\bSCLC\b|\boat[- ]cell",
     "lung_sclc", 3, {"ne": {"classification": "sclc"}}),
    (r"\blarge[- ]cell neuro-?endocrine carcinoma|\bLCNEC\b", "lung_lcnec", 3, {"ne": {"classification": "lcnec"}}),
    (r"\btypical (?:pulmonary |bronchial |lung )?carcinoid", "lung_carcinoid", 3,
     {"ne": {"classification": "typical_carcinoid"}}),
    (r"\batypical (?:pulmonary |bronchial |lung )?carcinoid", "lung_carcinoid", 4,
     {"ne": {"classification": "atypical_carcinoid"}}),
    (r"\b(?:bronchial|pulmonary|lung) carcinoid", "lung_carcinoid", 3, {"ne": {}}),
    (r"\bnon[- ]?small[- ]cell (?:lung )?(?:cancer|carcinoma)|\bNSCLC\b|\b(?:lung|pulmonary) (?:adenocarcinoma|squamous"
     r" cell carcinoma)|\badenocarcinoma (?:of|from) (?:the )?lung|\badenocarcinoma of pulmonary origin",
     "lung_nsclc", 2, {}),
    (r"\b(?:lung|pulmonary|bronchogenic|bronchial) " + _CA + r"|\b" + _CA + r" of (?:the )?(?:left |right )?lung"
     r"|\b(?:lung|pulmonary) origin|\bprimary (?:in the )?lung", "lung_other", 1, {}),
    # other organs
    (r"\bbreast " + _CA + r"|\b(?:carcinoma|cancer|adenocarcinoma) (?:of|from) the (?:left |right )?breast"
     r"|\b(?:invasive )?(?:ductal|lobular) carcinoma|\bbreast origin|\bmetabolically active breast lesion",
     "breast", 1, {}),
    (r"\bprostat(?:e|ic) " + _CA + r"|\bcarcinoma of the prostate", "prostate", 1, {}),
    (r"\b(?:follicular|papillary|medullary|anaplastic) (?:thyroid )?(?:carcinoma|cancer)|\bthyroid (?:cancer|carcinoma|"
     r"primary|origin)|\bcarcinoma of (?:the )?thyroid", "thyroid", 1, {}),
    (r"\brenal[- ]cell (?:carcinoma|cancer)|\bRCC\b|\brenal (?:cancer|carcinoma|primary|origin)|\bclear[- ]cell renal"
     r"|\bkidney cancer|\bhypernephroma", "kidney", 1, {}),
    (r"\bclear[- ]cell carcinoma of the liver", "liver", 2, {"label": "clear cell carcinoma of the liver"}),
    (r"\bhepatocellular (?:carcinoma|cancer)|\bHCC\b|\bhepatoma|\bliver (?:cancer|carcinoma)", "liver", 1, {}),
    (r"\bcholangiocarcinoma", "cholangiocarcinoma", 1, {}),
    (r"\bmelanomas?\b", "melanoma", 1, {}),
    (r"\b(?:multiple )?myeloma", "myeloma", 1, {}),
    (r"\blymphomas?\b", "lymphoma", 1, {}),
    (r"\bcolorectal (?:cancer|carcinoma|adenocarcinoma)", "other", 1, {"label": "colorectal"}),
    (r"\b(?:colon|colonic|sigmoid|caecal|cecal) " + _CA + r"|\b(?:carcinoma|cancer) of the colon", "colon", 1, {}),
    (r"\brectal " + _CA + r"|\b(?:carcinoma|cancer) of the rectum", "rectum", 1, {}),
    (r"\b(?:gastric|stomach) (?:cancer|carcinoma|adenocarcinoma)", "stomach", 1, {}),
    (r"\bo?esophageal (?:cancer|carcinoma|adenocarcinoma)", "oesophagus", 1, {}),
    (r"\bpancreatic (?:ductal )?(?:adenocarcinoma|cancer|carcinoma)", "pancreas", 1, {}),
    (r"\b(?:bladder|urothelial) (?:cancer|carcinoma)", "bladder", 1, {}),
    (r"\b(?:endometrial|uterine) (?:cancer|carcinoma)", "uterus", 1, {}),
    (r"\bcervical (?:cancer|carcinoma)|\bcarcinoma of the cervix", "cervix", 1, {}),
    (r"\bovarian (?:cancer|carcinoma)", "ovary", 1, {}),
    (r"\bosteosarcoma", "osteosarcoma", 2, {}),
    (r"\b(?:lipo|leiomyo|rhabdomyo|chondro|angio|fibro)sarcoma|\b(?:synovial|Ewing'?s?) sarcoma",
     "sarcoma", 2, {"label": "@match"}),
    (r"\bsarcoma\b", "sarcoma", 1, {}),
    (r"\b(?:pheo|phaeo)chromocytoma", "paraganglioma", 2, {"label": "phaeochromocytoma", "ne": {}}),
    (r"\bparaganglioma", "paraganglioma", 1, {"ne": {}}),
    (r"\bgerm[- ]cell tumou?r|\bseminoma|\btesticular (?:cancer|tumou?r)", "germ_cell", 1, {}),
    (r"\b(?:nasopharyngeal|oropharyngeal|laryngeal|head and neck|tonsillar) (?:squamous cell )?(?:cancer|carcinoma)",
     "head_neck", 1, {}),
    (r"\bmesothelioma", "mesothelioma", 1, {}),
    (r"\bthym(?:oma|ic carcinoma)", "thymus", 1, {}),
    (r"\badrenocortical carcinoma", "adrenal", 1, {}),
    (r"\bmerkel[- ]cell", "merkel_cell", 1, {}),
    (r"\bpNET\b|\bPanNET\b", "gep_net", 2, {"label": "pancreas", "ne": {}}),
)

#: neuro-endocrine words without an organ
NE_TERM = (r"\bneuro-?endocrine (?:tumou?rs?|carcinomas?|neoplasms?|metastas[ie]s|differentiation|origin|lesion)"
           r"|\bNETs?\b|\bNEC\b|\bcarcinoid(?: tumou?r)?")
#: organs that turn a neuro-endocrine word into a site: (regex, site key, site_label)
NE_ORGANS: tuple[tuple[str, str, str | None], ...] = (
    (r"\b(?:lung|pulmonary|bronch(?:ial|us)|thoracic origin)", "lung_other", None),
    (r"\bpancrea(?:s|tic)", "gep_net", "pancreas"),
    (r"\b(?:small (?:bowel|intestine)|ileal|ileum|jejunal|midgut)", "gep_net", "small intestine"),
    (r"\b(?:gastric|stomach)", "gep_net", "stomach"),
    (r"\b(?:rectal|rectum)", "gep_net", "rectum"),
    (r"\b(?:appendi(?:x|ceal))", "gep_net", "appendix"),
    (r"\b(?:duoden(?:al|um))", "gep_net", "duodenum"),
    (r"\b(?:gastro-?entero-?pancreatic|GEP)\b", "gep_net", None),
)

UNKNOWN_PRIMARY = (r"\b(?:unknown primary|primary (?:site )?(?:was |is |remained |remains )?(?:unknown|not (?:found|"
                   r"identified|known))|carcinoma of unknown primary|\bCUP\b|no primary (?:lesion |tumou?r |site )?"
                   r"(?:was |could be )?(?:found|identified|detected))")

#: WHO grade of a (GEP) neuro-endocrine tumour, and Ki-67
NET_GRADE = r"\b(?:NET\s*(?:grade\s*|G\s?)([123])|G([123])\s*NET|(?:WHO )?grade\s*([123]) (?:neuro-?endocrine|NET))"
KI67 = r"\b(?:Ki-?67|MIB-?1)(?:\s+(?:proliferation\s+)?(?:index|labell?ing index|rate))?(?:\s*(?:of|was|is|at|:|=|about|approximately|around|~))*\s*(?P<num>\d{1,3}(?:\.\d+)?)\s?%"
DIFFERENTIATION = r"\b(?P<which>well|poorly)[- ]differentiated"
#: words that say a sentence is about the metastasis itself (its histology)
METASTASIS_WORDS = r"\bmetasta|\bdeposit|\bspinal|\bvertebra|\bbiopsy|\bhistolog|\bspecimen|\bpatholog|\bconfirm"
