"""Context triggers: words that change what a mention asserts (negated, uncertain, hypothetical,
history, another person).

Provenance: the trigger/scope design follows the ConText algorithm (Harkema H, Dowling JN,
Thornblade T, Chapman WW. ConText: an algorithm for determining negation, experiencer, and
temporal status from clinical reports. J Biomed Inform 2009;42(5):839-51; PMID 19435614;
doi:10.1016/j.jbi.2009.05.002): a trigger term opens a scope forwards or backwards that ends at
a termination term or the end of the sentence; pseudo-triggers ("no change") are not triggers.
The word lists are SpineMet's own, written for spinal-metastasis letters, imaging and operation
reports (British and American spelling); they are not copied from ConText's lexicon.

Each entry: (regular expression, category, direction). Categories: ``negated``, ``possible``,
``probable``, ``hypothetical``, ``historical``, ``family``. Directions: ``forward`` (the trigger
governs what follows it), ``backward`` (what precedes it), ``both``.
"""

from __future__ import annotations

TRIGGERS: tuple[tuple[str, str, str], ...] = (
    # --- negation, forwards
    (r"\bno\b", "negated", "forward"),
    (r"\bnot\b", "negated", "forward"),
    (r"\bnor\b", "negated", "forward"),
    (r"\bneither\b", "negated", "forward"),
    (r"\bwithout\b", "negated", "forward"),
    (r"\bdenie[sd]\b", "negated", "forward"),
    (r"\bden(?:y|ying)\b", "negated", "forward"),
    (r"\babsence of\b", "negated", "forward"),
    (r"\bnegative for\b", "negated", "forward"),
    (r"\bfree of\b", "negated", "forward"),
    (r"\bnever\b", "negated", "forward"),
    (r"\brather than\b", "negated", "forward"),
    (r"\binstead of\b", "negated", "forward"),
    (r"\bdecided against\b", "negated", "forward"),
    (r"\bavoided\b", "negated", "both"),
    (r"\bdeclined\b", "negated", "both"),
    (r"\bwithheld\b", "negated", "both"),
    # --- negation, backwards ("cord compression was excluded")
    (r"\b(?:was|were|is|are|been)\s+(?:ruled out|excluded)\b", "negated", "backward"),
    (r"\bruled out\b", "negated", "backward"),
    (r"\b(?:is|was|are|were)\s+absent\b", "negated", "backward"),
    (r"\bnot (?:seen|identified|found|possible|feasible|performed|given|done|present|demonstrated)\b",
     "negated", "backward"),
    (r"\b(?:was|were) not\b", "negated", "backward"),
    (r"\bunremarkable\b", "negated", "backward"),
    # --- uncertainty: possible
    (r"\bpossib(?:le|ly)\b", "possible", "forward"),
    (r"\bsuspicious (?:for|of)\b", "possible", "forward"),
    (r"\bsuspect(?:ed)?\b", "possible", "both"),
    (r"\bquery\b", "possible", "forward"),
    (r"\bquestionable\b", "possible", "forward"),
    (r"\bequivocal\b", "possible", "both"),
    (r"\bworrying for\b", "possible", "forward"),
    (r"\bconcerning for\b", "possible", "forward"),
    (r"\bmay\b", "possible", "forward"),
    (r"\bmight\b", "possible", "forward"),
    (r"\bcould\b", "possible", "forward"),
    (r"\bcannot be (?:excluded|ruled out)\b", "possible", "backward"),
    (r"\bnot (?:be )?excluded\b", "possible", "backward"),
    (r"\bdifferential(?: diagnosis)?\b", "possible", "forward"),
    (r"\bthought to be\b", "possible", "forward"),
    (r"\bfirst read as\b", "possible", "forward"),
    (r"\bread as\b", "possible", "forward"),
    (r"\bversus\b|\bvs\.?(?=\s)", "possible", "both"),
    (r"\buncertain\b", "possible", "both"),
    # --- uncertainty: probable
    (r"\bprobabl[ey]\b", "probable", "forward"),
    # "likely to be a schwannoma" doubts what follows, not the finding before it
    (r"\b(?:most |more )?likely to be\b", "probable", "forward"),
    (r"\b(?:most |more )?likely\b(?! to be)", "probable", "both"),
    (r"\bpresum(?:ed|ably|ptive)\b", "probable", "forward"),
    (r"\bfavou?r(?:ed|s|ing)?\b", "probable", "forward"),
    # --- hypothetical: not (yet) happened
    (r"\bif\b", "hypothetical", "forward"),
    (r"\bshould\b", "hypothetical", "forward"),
    (r"\bwould\b", "hypothetical", "forward"),
    (r"\bin case of\b", "hypothetical", "forward"),
    (r"\brisk of\b", "hypothetical", "forward"),
    (r"\bat risk\b", "hypothetical", "both"),
    (r"\bto prevent\b", "hypothetical", "forward"),
    (r"\bprevent(?:ion|ing)? of\b", "hypothetical", "forward"),
    (r"\bplan(?:ned|ning)?\b(?! (?:was|were) (?:carried out|completed|performed))", "hypothetical", "both"),
    (r"\bto be (?:considered|discussed)\b", "hypothetical", "both"),
    (r"\bconsider(?:ed|ing)?\b", "hypothetical", "forward"),
    (r"\brecommend(?:ed|s|ation)?\b", "hypothetical", "forward"),
    (r"\boffered\b", "hypothetical", "both"),
    (r"\breferr?(?:ed|al)? for\b", "hypothetical", "forward"),
    (r"\bawait(?:s|ing)?\b", "hypothetical", "forward"),
    (r"\bcandidate for\b", "hypothetical", "forward"),
    (r"\bwill\b", "hypothetical", "forward"),
    (r"\b(?:was|were|is|are|being|been) (?:considered|discussed|planned|proposed|recommended|suggested|offered|"
     r"scheduled)\b", "hypothetical", "backward"),
    (r"\bwhether\b", "hypothetical", "forward"),
    # --- history (the patient's own past: timing, not truth)
    (r"\bhistory of\b", "historical", "forward"),
    (r"\bprevious(?:ly)?\b", "historical", "forward"),
    (r"\bprior\b", "historical", "forward"),
    (r"\bknown\b", "historical", "forward"),
    # --- another person ("breast cancer in her mother")
    (r"\b(?:his|her|their|the patient's)\s+(?:mother|father|sister|brother|aunt|uncle|grandmother|grandfather|"
     r"son|daughter|cousin|parents?|siblings?|relatives?)\b", "family", "both"),
    (r"\bfamily history\b", "family", "forward"),
    (r"\bfamilial\b", "family", "forward"),
)

#: Pseudo-triggers: contain a trigger word but do not negate or doubt anything.
PSEUDO_TRIGGERS: tuple[str, ...] = (
    r"\bno (?:significant )?(?:interval )?change\b",
    r"\bnot only\b",
    r"\bno longer\b",
    r"\bnot (?:certain|sure) (?:if|whether)\b",
    r"\bgram[- ]negative\b",
    r"\bwithout delay\b",
    r"\bwithout (?:any )?(?:complication|event)s?\b",
    r"\bnot(?: been)? previously\b",
    r"\bif (?:any|needed|required)\b",
    r"\bno further\b(?= (?:events?|complications?)\b)",
    r"\blikelihood\b",
    r"\bknown as\b",
)

#: Termination terms: a scope ends here (a new clause about something else).
TERMINATORS: tuple[str, ...] = (
    r"\bbut\b", r"\bhowever\b", r"\balthough\b", r"\bthough\b", r"\bwhereas\b", r"\bexcept\b",
    r"\bapart from\b", r"\baside from\b", r"\bwhich\b", r"\bwho\b", r"\bwhile\b", r"\byet\b",
    r"\bstill\b", r"\bnevertheless\b", r"\bdespite\b", r"\bthen\b", r"\bafter which\b", r"\bbecause\b",
    r"\bso\b", r"\btherefore\b", r";", r":", r"\bwith\b(?= (?:a |an |the )?(?:new|recurrent|marked|severe|progressive))",
    r"\band (?:she|he|they|the patient) (?:was|were|had|underwent|developed|received)\b",
)

#: How many words a trigger's scope reaches at most (ConText uses the sentence; letters chain
#: long lists, so a cap keeps "no cord compression ... pedicle involvement at T9" in bounds).
SCOPE_WORDS = {"forward": 8, "backward": 6}
