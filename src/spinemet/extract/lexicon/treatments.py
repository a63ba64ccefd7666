"""Treatments in words -> event types and their keys (docs/case-file.md "Operations and procedures").

Provenance: the event types and keys are the case record's (case-file version 2); the words are the
usual clinical terms in British and American spelling (decompression, laminectomy, corpectomy,
vertebrectomy/spondylectomy, pedicle screw fixation, vertebroplasty, kyphoplasty, radiofrequency
ablation, SBRT/SRS/radiosurgery, chemoradiotherapy, drug and radionuclide names). Radiotherapy dose
is read in Gy with its fractions as written ("30 Gy in 10 fractions", "8 Gy single fraction",
"20 Gy/5", "5 x 4 Gy").
"""

from __future__ import annotations

#: surgery procedure words -> surgery procedure keys
SURGERY_PROCEDURES: tuple[tuple[str, str], ...] = (
    (r"\bseparation surgery", "separation_surgery"),
    (r"\b(?:total )?en[- ]bloc (?:tumou?r )?(?:spondylectomy|vertebrectomy|resection|removal|excision)|\bTES\b",
     "en_bloc_resection"),
    (r"\bdecompress(?:ion|ive)\b|\bsurgically decompressed", "decompression"),
    # "partial laminectomy" first: a procedure key of its own (the plain laminectomy pattern then skips the span)
    (r"\bpartial (?:[CTLS]\d{1,2}(?:\s*[-\u2013/]\s*[CTLS]?\d{1,2})?\s+)?(?:hemi)?laminectom(?:y|ies)",
     "partial_laminectomy"),
    (r"\b(?:hemi)?laminectom(?:y|ies)|\blaminotom(?:y|ies)|\blaminoplasty", "laminectomy"),
    (r"\bcorpectom(?:y|ies)|\bvertebrectom(?:y|ies)|\bspondylectom(?:y|ies)", "corpectomy"),
    (r"\banterior[- ]posterior (?:spinal )?(?:reconstruction|fixation|fusion|stabili[sz]ation)|"
     r"\b(?:posterior|dorsal|pedicle[- ]screw) (?:instrumented )?(?:spinal )?(?:instrumentation|fixation|fusion|stabili[sz]ation|"
     r"screw fixation)|\bpedicle screws?\b|\bposterior (?:short )?(?:segment )?fixation|\bposterior short fixation",
     "posterior_fixation"),
    (r"\banterior (?:spinal )?(?:instrumentation|fixation|fusion|plat(?:e|ing)|stabili[sz]ation)|\banterior[- ]"
     r"posterior (?:spinal )?(?:reconstruction|fixation|fusion|stabili[sz]ation)", "anterior_fixation"),
    (r"\b(?:instrumentation|instrumented|fixation|fusion|stabili[sz]ation|stabili[sz]ed)\b", "fixation_unspecified"),
    # opening the dura is the way in, not a resection: what was removed is read from its own words
    (r"\bintradural (?:tumou?r )?(?:resection|removal|excision)", "intradural_resection"),
    (r"\b(?:tumou?r )?(?:resection|excision|removal|debulking)\b|\b(?:resected|excised|removed)\b", "tumour_resection"),
    (r"\bbiops(?:y|ies|ied)\b", "biopsy"),
)
#: an operation whose type is not stated
SURGERY_BARE = (r"\b(?:underwent|had|required|needed|received) (?:an? )?(?:urgent |emergency |emergent |spinal |spine |lumbar |"
                r"thoracic |cervical |neurosurgical |further |palliative |two-stage |salvage )*(?:surgery|operation|"
                r"surgical (?:treatment|management|intervention))|\bwas operated|\boperated on\b|\b(?:urgent|emergency|"
                r"emergent|spinal|spine|lumbar|neurosurgical|palliative|two-stage) (?:surgery|surgical (?:treatment|"
                r"intervention))|\bneurosurgical (?:treatment|intervention|management)|\bsurgical (?:treatment|management|intervention) (?:was|were) (?:performed|undertaken|"
                r"carried out|given)")
APPROACH: tuple[tuple[str, str], ...] = (
    (r"\b(?:combined|anterior[- ]posterior|antero-?posterior|circumferential|360)\b(?:[- ]degree)?(?: (?:approach|"
     r"reconstruction|surgery|fixation))?", "combined"),
    (r"\bposterolateral (?:approach|transpedicular)|\bcostotransversectomy|\btranspedicular", "posterolateral"),
    (r"\bposterior (?:approach|midline|only)|\bvia a posterior|\bsingle-stage posterior|\bposterior (?:en[- ]bloc|"
     r"decompression|laminectomy)", "posterior"),
    (r"\banterior (?:approach|corpectomy|decompression)|\bvia an anterior|\btransthoracic|\bthoracotomy", "anterior"),
    (r"\blateral (?:approach|extracavitary)", "lateral"),
)
EXTENT: tuple[tuple[str, str], ...] = (
    (r"\ben[- ]bloc\b", "en_bloc"),
    (r"\bpiecemeal\b", "piecemeal"),
    (r"\bintralesional\b", "intralesional"),
    (r"\bdebulk(?:ing|ed)\b|\bpartial (?:tumou?r )?(?:resection|removal)", "debulking"),
    (r"\bgross[- ]total\b|\btotal (?:tumou?r )?(?:resection|removal)|\bcomplete(?:ly)? (?:resection|removal|removed|"
     r"resected)", "gross_total"),
    (r"\bsub-?total\b", "subtotal"),
)
MINIMALLY_INVASIVE = r"\bminimally[- ]invasive|\bpercutaneous (?:pedicle )?(?:screws?|fixation|instrumentation)|\bMISS?\b"
NO_COMPLICATIONS = (r"\bno (?:peri-?operative |post-?operative |intra-?operative |procedural |major )?complications?\b|"
                    r"\bwithout (?:any )?complications?\b|\buneventful(?:ly)?\b")

CEMENT: tuple[tuple[str, str], ...] = (
    (r"\bkyphoplast(?:y|ies)", "kyphoplasty"),
    (r"\bvertebroplast(?:y|ies)", "vertebroplasty"),
    (r"\b(?:cement|vertebral) augmentation|\baugment(?:ed|ation) with (?:bone )?cement|\bcement(?:ed)? augment",
     "unspecified"),
)
ABLATION: tuple[tuple[str, str], ...] = (
    (r"\bradio-?frequency (?:tumou?r )?ablation|\bRFA\b", "radiofrequency"),
    (r"\bcryo-?ablation|\bcryotherapy", "cryo"),
    (r"\blaser (?:interstitial )?(?:thermal )?(?:ablation|therapy)|\bLITT\b", "laser"),
    (r"\bmicrowave ablation", "microwave"),
    (r"\bablat(?:ion|ed)\b(?! (?:of the thyroid|with radioiodine))", ""),
)
EMBOLISATION = r"\b(?:chemo-?)?emboli[sz](?:ation|ed)\b|\bTAE\b|\bTACE\b"
PREOPERATIVE = r"\bpre-?operative(?:ly)?|\bbefore (?:the )?(?:surgery|operation|resection)|\bprior to (?:the )?(?:surgery|operation|resection)"

PRIMARY_RESECTION: tuple[tuple[str, str], ...] = (
    (r"\bnephrectomy", "nephrectomy"),
    (r"\bthyroidectomy|\bresection of the thyroid", "thyroidectomy"),
    (r"\blobectomy", "lobectomy"),
    (r"\bpneumonectomy", "pneumonectomy"),
    (r"\bmastectomy", "mastectomy"),
    (r"\blumpectomy|\bwide local excision of the breast|\bbreast[- ]conserving", "breast_conserving"),
    (r"\bprostatectomy", "prostatectomy"),
    (r"\b(?:hemi)?colectomy", "colectomy"),
    (r"\banterior resection|\babdominoperineal resection", "rectal_resection"),
    (r"\bgastrectomy", "gastrectomy"),
    (r"\bo?esophagectomy", "oesophagectomy"),
    (r"\bpancreatectomy|\bpancreaticoduodenectomy|\bWhipple", "pancreatectomy"),
    (r"\bhepatectomy|\bliver resection", "hepatectomy"),
    (r"\badrenalectomy", "adrenalectomy"),
    (r"\bcystectomy", "cystectomy"),
    (r"\bhysterectomy", "hysterectomy"),
    (r"\borchi(?:d)?ectomy", "orchidectomy"),
)

CHEMORADIOTHERAPY = (r"\bchemo-?radio-?therapy|\bchemo-?radiation|\bconcurrent chemotherapy and radio(?:therapy|"
                     r"tion)|\bradio-?chemotherapy|\bchemotherapy (?:with|and) concurrent radio(?:therapy|tion)")
RADIOTHERAPY = (r"\b(?:re-?)?irradiat(?:ion|ed)|\bradiotherapy|\bradiation (?:therapy|treatment)|\bradiation\b(?! "
                r"(?:myelopathy|necrosis|injury|induced|oncolog))|\bEBRT\b|\bSBRT\b|\bSRS\b|\bRT\b|"
                r"\bradiosurgery|\bcyber-?knife|\bgamma[- ]?knife|\bstereotactic (?:body )?radi")
SBRT = r"\bSBRT\b|\bSRS\b|\bradiosurgery|\bcyber-?knife|\bgamma[- ]?knife|\bstereotactic|\bSABR\b"
CEBRT = r"\bconventional (?:external[- ]beam )?radi|\bcEBRT\b|\bexternal[- ]beam radi|\bEBRT\b"
DOSE = (r"(?P<dose>\d{1,3}(?:\.\d+)?)\s?Gy\b(?:\s*(?:in|/|over|x)\s*(?P<fr>\d{1,2})\s*(?:fractions?|fr|#|daily fractions)?"
        r"|\s*(?:as a|in a|in one|as one)?\s*single[- ]fraction)?")
DOSE_TIMES = r"(?P<fr>\d{1,2})\s?(?:x|×)\s?(?P<per>\d{1,2}(?:\.\d+)?)\s?Gy\b"
FRACTIONS = r"\b(?P<fr>\d{1,2}) fractions\b"

#: systemic therapy words -> drug_class key ('' = class not stated)
SYSTEMIC: tuple[tuple[str, str], ...] = (
    (r"\bradio-?iodine|\bradioactive iodine|\bI-?131\b|\bRAI\b", "radioiodine"),
    (r"\bradium-?223|\bRa-?223", "radium_223"),
    (r"\bPRRT\b|\bpeptide receptor radionuclide|\blutetium|\bLu-?177|\b177Lu", "prrt"),
    (r"\boctreotide|\blanreotide|\bsomatostatin analogue", "somatostatin_analogue"),
    (r"\bzoledron(?:ic acid|ate)|\bbisphosphonates?|\bpamidronate", "bisphosphonate"),
    (r"\bdenosumab", "denosumab"),
    (r"\bimmunotherapy|\bpembrolizumab|\bnivolumab|\bipilimumab|\batezolizumab|\bdurvalumab|\bcheckpoint inhibitor",
     "immunotherapy"),
    (r"\btargeted therapy|\btyrosine kinase inhibitor|\bTKI\b|\bosimertinib|\bgefitinib|\berlotinib|\bsunitinib|"
     r"\bpazopanib|\bcabozantinib|\bsorafenib|\blenvatinib|\beverolimus|\btrastuzumab|\bpalbociclib", "targeted"),
    (r"\bhormon(?:e|al) (?:therapy|treatment)|\bandrogen deprivation|\bADT\b|\btamoxifen|\bletrozole|\banastrozole|"
     r"\bgoserelin|\bleuprorelin|\benzalutamide|\babiraterone|\bTSH[- ]suppress\w*", "hormonal"),
    (r"\bchemotherapy|\bchemo\b|\bcisplatin|\bcarboplatin|\betoposide|\bcapecitabine|\btemozolomide|\bdocetaxel|"
     r"\bpaclitaxel|\bdoxorubicin|\bbortezomib|\blenalidomide|\bgemcitabine|\bFOLFOX|\bstreptozocin", "chemotherapy"),
    (r"\bsystemic (?:therapy|treatment)|\bmedical (?:treatment|therapy)", ""),
)
CYCLES = r"\b(?P<n>\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|twelve) cycles?\b"
STEROIDS = r"\b(?P<drug>dexamethasone|methylprednisolone|prednisolone|corticosteroids?|steroids?)\b"
STEROID_DOSE = r"(?P<mg>\d{1,3}(?:\.\d+)?)\s?mg"
REHABILITATION = r"\brehabilitation|\bphysiotherapy|\brehab\b"
SUPPORTIVE = r"\b(?:best )?supportive care|\bpalliative care|\bhospice|\bcomfort care"
SUPPORTIVE_ONLY = r"\bbest supportive care|\b(?:supportive|palliative) care (?:only|alone)|\bno (?:further )?(?:anti-?cancer|oncological) treatment"
