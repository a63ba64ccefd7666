"""The rules: read each sentence into drafts of events, findings, the primary tumour and the patient.

Every value is set with the character spans it was read from and the rule's name. A mention that
its context negates, doubts where the record cannot hold doubt, makes hypothetical, or places in
another person is not turned into a present fact: it is listed as left out with the reason.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import Any

from spinemet.extract.context import Assertion, SentenceContext
from spinemet.extract.drafts import EventDraft, FindingDraft, Holder, Spans, Timing
from spinemet.extract.gate import Gated
from spinemet.extract.levels import LevelMention, find_levels, find_regions
from spinemet.extract.lexicon import findings as FX
from spinemet.extract.lexicon import sites as SX
from spinemet.extract.lexicon import timing as TX
from spinemet.extract.lexicon import treatments as TR
from spinemet.extract.text import Sentence

_I = re.IGNORECASE


def _c(pattern: str) -> Gated:
    return Gated(pattern, _I)


def _table(rows: tuple[tuple[str, str], ...]) -> list[tuple[Gated, str]]:
    return [(_c(p), key) for p, key in rows]


# compiled once
_SITES = [(_c(p), site, rank, extras) for p, site, rank, extras in SX.SITES]
#: every site in one expression, most specific first (one scan; the leftmost, first-listed match wins)
_SITES_ANY = re.compile("|".join(f"(?P<s{i}>{p})" for i, (p, _, _, _) in enumerate(SX.SITES)), _I)
_NE_TERM = _c(SX.NE_TERM)
_NE_ORGANS = [(_c(p), site, label) for p, site, label in SX.NE_ORGANS]
_UNKNOWN = _c(SX.UNKNOWN_PRIMARY)
_NET_GRADE = _c(SX.NET_GRADE)
_KI67 = _c(SX.KI67)
_DIFF = _c(SX.DIFFERENTIATION)
_METASTASIS = _c(SX.METASTASIS_WORDS)
_SURGERY = _table(TR.SURGERY_PROCEDURES)
_SURGERY_BARE = _c(TR.SURGERY_BARE)
_APPROACH = _table(TR.APPROACH)
_EXTENT = _table(TR.EXTENT)
_MIS = re.compile(TR.MINIMALLY_INVASIVE)
_NO_COMPLICATIONS = _c(TR.NO_COMPLICATIONS)
_CEMENT = _table(TR.CEMENT)
_ABLATION = _table(TR.ABLATION)
_EMBOLISATION = _c(TR.EMBOLISATION)
_PREOP = _c(TR.PREOPERATIVE)
_PRIMARY_RESECTION = _table(TR.PRIMARY_RESECTION)
_CHEMORT = _c(TR.CHEMORADIOTHERAPY)
_RT = re.compile(TR.RADIOTHERAPY, _I)
_SBRT = re.compile(TR.SBRT, _I)
_CEBRT = _c(TR.CEBRT)
_DOSE = _c(TR.DOSE)
_DOSE_TIMES = _c(TR.DOSE_TIMES)
_FRACTIONS = _c(TR.FRACTIONS)
_SYSTEMIC = [(_c(p), key) for p, key in TR.SYSTEMIC]
_CYCLES = _c(TR.CYCLES)
_STEROIDS = _c(TR.STEROIDS)
_STEROID_DOSE = _c(TR.STEROID_DOSE)
_REHAB = _c(TR.REHABILITATION)
_SUPPORTIVE = _c(TR.SUPPORTIVE)
_SUPPORTIVE_ONLY = _c(TR.SUPPORTIVE_ONLY)
_MODALITY = [(re.compile(p), key) if key in ("ct", "pet", "spect") else (_c(p), key) for p, key in FX.MODALITY]
_IMAGING_WORDS = _c(FX.IMAGING_WORDS)
_LESION = _c(FX.LESION)
_COLLAPSE = _c(FX.COLLAPSE)
_PATH_FRACTURE = _c(FX.PATHOLOGICAL_FRACTURE)
_COLLAPSE_PCT = _c(FX.COLLAPSE_PERCENT)
_LESION_TYPE = _table(FX.LESION_TYPE)
_ALIGNMENT = _table(FX.ALIGNMENT)
_POSTERIOR = _c(FX.POSTERIOR)
_POSTERIOR_BOTH = _c(FX.POSTERIOR_BOTH)
_POSTERIOR_ONE = _c(FX.POSTERIOR_ONE)
_EPIDURAL = _c(FX.EPIDURAL)
_CORD = _c(FX.CORD_COMPRESSION)
_CAUDA = _c(FX.CAUDA_COMPRESSION)
_CONUS = _c(FX.CONUS_COMPRESSION)
_ROOT = _c(FX.ROOT_COMPRESSION)
_BILSKY = _c(FX.BILSKY)
_COMPARTMENTS = _table(FX.COMPARTMENTS)
_RESOLVED = _c(FX.RESOLVED)
_NEW_LESION = _c(FX.NEW_LESION)
_FRANKEL = re.compile(FX.FRANKEL)
_ASIA = re.compile(FX.ASIA)
_DEFICITS = _table(FX.DEFICITS)
_NO_DEFICIT = _c(FX.NO_DEFICIT)
_FULL_POWER = _c(FX.FULL_POWER)
_SIDES = _table(FX.SIDES)
_LIMBS = _table(FX.LIMBS)
_MUSCLES = [(re.compile(r"^(?:the\s+)?" + p + r"$", _I), key) for p, key in FX.MUSCLES]
_MRC = _c(FX.MRC)
_WALKING = _table(FX.WALKING)
_SPH_BAD = _c(FX.SPHINCTER_IMPAIRED)
_SPH_OK = _c(FX.SPHINCTER_NORMAL)
_CAUDA_SYN = _c(FX.CAUDA_SYNDROME)
_CONUS_SYN = _c(FX.CONUS_SYNDROME)
_SENSORY_LEVEL = _c(FX.SENSORY_LEVEL)
_NEW_DEFICIT = _c(FX.NEW_DEFICIT)
_KPS = re.compile(FX.KPS)
_ECOG = re.compile(FX.ECOG)
_PAIN = _c(FX.PAIN)
_PAIN_MECH = _c(FX.PAIN_MECHANICAL)
_PAIN_REGION = _table(FX.PAIN_REGION)
_NRS = re.compile(FX.NRS)
_BURDEN_MULTIPLE = _c(FX.BURDEN_MULTIPLE)
_VISCERAL = _table(FX.VISCERAL)
_RECURRENCE = _c(FX.RECURRENCE)
_NO_RECURRENCE = _c(FX.NO_RECURRENCE)
_IMPROVED = _table(FX.IMPROVED)
_DEATH = _c(FX.DEATH)
_DEATH_DISEASE = _c(FX.DEATH_DISEASE)
_ALIVE = _c(FX.ALIVE)
_COMPLICATIONS = _table(FX.COMPLICATIONS)
_WITHIN = _c(TX.WITHIN)
_LATER = _c(TX.LATER)
_AT_FU = _c(TX.AT_FOLLOW_UP)
_FU_OF = _c(TX.FOLLOW_UP_OF)
_BEFORE = _c(TX.BEFORE)
_POD = _c(TX.POST_OP_DAY)
_AFTER_ANCHOR = _c(TX.AFTER_ANCHOR)
_PRESENTATION = _c(TX.PRESENTATION)
_HISTORY = _c(TX.HISTORY)
_DATE_EXACT = _c(TX.DATE_EXACT)
_A_YEAR = re.compile(r"(?:19|20)\d\d")
_SURVIVED = _c(TX.SURVIVED)
_DATE_MONTH = _c(TX.DATE_MONTH)
_DATE_YEAR = _c(TX.DATE_YEAR)
_ANCHOR_TYPES = [(_c(r"^(?:" + p + r")$"), key) for p, key in TX.ANCHORS]
_AGE = _c(r"\b(?P<age>\d{1,3})[- ](?:year|yr)s?[- ]old\b|\baged (?P<age2>\d{1,3})\b|\b(?P<age3>\d{1,3}) ?(?:yo|y/o)\b")
_SEX = [(_c(r"\b(?:man|male|gentleman|boy|mr)\b"), "male"), (_c(r"\b(?:woman|female|lady|girl|mrs|ms)\b"), "female")]
_PRONOUN = _c(r"\b(?:he|his|him|she|her|hers)\b")
_PSA = _c(r"\bPSA(?: level)?(?: of| was| is|:|=|\s)*(?P<cmp>above|over|>)?\s*(?P<v>\d[\d,]*(?:\.\d+)?)\s*(?P<u>ng/ml|"
          r"µg/l|ug/l)?")
_SPINAL = _c(r"\bspin(?:e|al)\b|\bvertebra|\blaminectomy|\bintradural|\bcord\b|\bcauda|\bconus|\bcervical|\bthoracic|"
             r"\blumbar|\bdorsal|\bsacral|\bepidural|\bcanal\b")
_NOT_SPINAL_SURGERY = _c(r"\b(?:gastric|lung|liver|breast|thyroid|kidney|renal|prostate|adrenal|brain|cerebellar|"
                         r"skin|lymph node)\b")
_PRIMARY_SITE_ANY = re.compile("|".join(p for p, _, _, _ in SX.SITES), _I)
_PRIMARY_CUT = _c(r"\b(?:resected|removed|excised|resection|excision|treated (?:\w+ ){0,4}with surgery|underwent surgery)\b")
_MOTOR_DEFICIT = _c(r"\bmotor (?:deficit|weakness|impairment)")
_NEXT_DAY = _c(r"\b(?:the\s+)?(?:next|following|same)\s+day\b|\bimmediately (?:after(?:wards)?|following)\b")
_FOR_DURATION = _c(r"\bfor\s+$")
#: words that name an event told before (a reference, not a new event): "attributed to the previous radiotherapy"
_REFERS_BACK = _c(r"\b(?:the|her|his|their|this|that) (?:previous|prior|earlier|preceding|initial|first|same) $")
#: "three sessions of embolisation", "two courses of radiotherapy": that many events, each after the one before
_SESSIONS = _c(r"\b(?P<n>two|three|four|five|six|[2-9]) (?:separate )?(?:sessions|courses|rounds|procedures) of\s+"
               r"(?:\w+[- ]){0,4}$")
_TOTAL = _c(r"\b(?:in )?total\b|\btotal(?:ling)? (?:dose|of)\b|\bcumulative\b")
#: a time word between a sentence's dating words and an event starts another clause's time
_OTHER_TIME = _c(r"\brecently\b|\bsubsequently\b|\bthen\b|\blater\b|\bafterwards\b|\bnow\b")
#: "at this second operation ...", "at surgery ...": what was found or done during an operation told already
_AT_OPERATION = _c(r"\bat (?:this|that|the)(?: \w+)? (?:operation|surgery|procedure)\b|\bat (?:operation|surgery)\b|"
                   r"\bintra-?operatively\b|\bduring (?:the|this) (?:operation|surgery|procedure)\b")
#: a sentence about the tissue, not the images ("TTF-1 was positive in the intradural tumour")
_PATHOLOGY = _c(r"\bpositive\b|\bnegative\b|\bstain|\bimmunohisto|\bexpress")
_IMAGING_VERB = _c(r"\b(?:showed|shows|revealed|demonstrated|seen|MRI|CT|imaging|scan|PET)\b")
_DOUBTED = _c(r"\bmetasta\w*|\bmalignan\w*|\bdeposits?\b|\bneoplas\w*")
_TUMOUR_RECUR_WORDS = _c(r"\brecurren|\bregrowth|\brelaps")
_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
          "ten": 10, "twelve": 12}

#: Gates: a family's rules run only on a sentence with one of its word stems (speed; each stem is
#: part of every pattern of the family, so a gate never hides a match).
class _Gate:
    """A family's word stems: lower-case substrings (fast) and the few that need a regular expression."""

    def __init__(self, stems: tuple[str, ...], pattern: str) -> None:
        self.stems = stems
        self.rx = _c(pattern) if pattern else None

    def search(self, text: str) -> bool:
        low = text.lower()
        return any(stem in low for stem in self.stems) or bool(self.rx and self.rx.search(text))


_GATE_TREAT = _Gate(('ectom', 'resect', 'whipple', 'radi', 'sbrt', 'srs', 'knife', 'stereot', 'ebrt', 'sabr', 'chemo', 'therap', 'treat', 'iodine', 'radium', 'prrt', 'lutet', 'octreot', 'lanreot', 'somatostatin', 'zoledr', 'bisphos', 'pamidr', 'denos', 'tamox', 'letroz', 'anastr', 'goserel', 'leupro', 'enzalut', 'abirat', 'tsh', 'platin', 'etopos', 'capecit', 'temozol', 'taxel', 'doxor', 'bortez', 'lenalid', 'gemcit', 'folfox', 'strepto', 'medical', 'embol', 'ablat', 'cryo', 'laser', 'cement', 'plast', 'augment', 'decompress', 'lamin', 'corpect', 'vertebrect', 'spondylect', 'fix', 'fusion', 'fused', 'instrument', 'stabil', 'screw', 'excis', 'remov', 'debulk', 'biops', 'dura', 'surg', 'operat', 'steroid', 'dexameth', 'predniso', 'rehab', 'physio', 'supportive', 'palliat', 'hospice', 'comfort care', 'complication', 'uneventful', 'cage', 'reconstruct', 'approach', 'percutan', 'ectomies', 'irradiat'),
    '\\bRT\\b|gy\\b|mab\\b|nib\\b|\\bI-?131|\\bRAI\\b|\\bRa-?223|lu-?177|\\bADT\\b|\\bTKI\\b|\\bTAE|\\bTACE|\\bRFA\\b|\\bLITT\\b|en[- ]bloc|\\bTES\\b|\\bMISS?\\b')
_GATE_NEURO = _Gate(('frankel', 'asia', 'neurolog', 'pleg', 'pare', 'paraly', 'weak', 'numb', 'paraesth', 'paresth', 'tingl', 'pins', 'sensat', 'sensib', 'sensory', 'aesthes', 'esthes', 'gait', 'claudic', 'walk', 'ambula', 'stand', 'mobil', 'bed', 'wheelchair', 'immobile', 'frame', 'stick', 'cane', 'crutch', 'power', 'strength', '/5', 'bladder', 'bowel', 'sphincter', 'urin', 'incontin', 'void', 'catheter', 'retention', 'saddle', 'cauda', 'conus', 'motor', 'foot drop', 'his', 'independent', 'house', 'continent'),
    '\\bAIS\\b|off (?:her|their) legs')
_GATE_FIND = _Gate(('compress', 'cord', 'stenos', 'canal', 'bilsky', 'escc', 'epidural', 'extradural', 'collaps', 'fractur', 'wedg', 'height', 'plana', 'lytic', 'blastic', 'sclerot', 'mixed', 'sublux', 'translat', 'listhes', 'kyphos', 'kyphot', 'scolios', 'deform', 'angulat', 'align', 'pedicl', 'lamin', 'facet', 'posterior', 'spinous', 'costo', 'intradural', 'subarachn', 'intramedull', 'leptomening', 'drop metast', 'paraspinal', 'paravertebr', 'psoas', 'body', 'bodies', 'osseous', 'resol', 'respons', 'residual', 'disappear', 'new ', 'metasta', 'deposit', 'lesion', 'tumo', 'mass', 'involv', 'infiltr', 'destr', 'signal', 'root', 'mass effect', 'obliterat'),
    '')
_GATE_OTHER = _Gate(('karnofsky', 'kps', 'ecog', 'who', 'zubrod', 'pain', 'sciatica', 'backache', 'metasta', 'psa'),
    '')
_GATE_OUT = _Gate(('recurr', 'relaps', 'regrowth', 'failure', 'progress', 'ineffective', 'improv', 'recover', 'regain', 'deteriorat', 'relie', 'resol', 'better', 'reduc', 'eased', 'quality of life', 'died', 'death', 'passed away', 'succumb', 'deceas', 'expired', 'alive', 'surviv', 'leak', 'extravas', 'extrusion', 'embol', 'breakage', 'fracture', 'failure', 'loosen', 'pull', 'subsidence', 'broken', 'malposit', 'misplac', 'infect', 'dehisc', 'breakdown', 'heal', 'csf', 'cerebrospinal', 'dural tear', 'durotomy', 'myelopathy', 'thromb', 'dvt', 'pneumonia', 'hypotens', 'blood pressure', 'skin defect', 'power', 'strength', 'numb', 'weak', 'paraesth', 'paresth', 'symptom', 'deteriorate'),
    'pain[- ]free|ha?ematoma|pin-?hole')
#: the organ and histology stems of every site pattern (sites.py), and of the neuro-endocrine and
#: unknown-primary words: a sentence without one names no site
_GATE_SITE_WORDS = _Gate((
    "breast", "prostat", "thyroid", "renal", "kidney", "rcc", "nephrom", "lung", "pulmon", "bronch", "sclc",
    "lcnec", "liver", "hepat", "hcc", "cholangio", "melanom", "myelom", "lymphom", "colo", "sigmoid", "caec",
    "cecal", "rect", "gastric", "stomach", "esoph", "oesoph", "pancrea", "bladder", "urothel", "endometr", "uter",
    "cervi", "ovar", "sarcom", "chromocyt", "paragangl", "germ", "semin", "testic", "pharyn", "laryn",
    "head and neck", "tonsil", "mesothel", "thym", "adrenocort", "merkel", "pnet", "pannet", "ductal", "lobular",
    "follicul", "papillar", "medullary", "anaplast", "carcinoid", "small cell", "small-cell", "neuroendo",
    "neuro-endo", "net", "nec", "unknown", "cup", "primary", "ki-67", "ki67", "mib"), "")
_GATE_SITE = _Gate(('cancer', 'carcinom', 'neopl', 'malign', 'primar', 'origin', 'lesion', 'carcinoid', 'cell', 'sarcoma', 'pnet', 'unknown'),
    'oma\\b|omas\\b|tumou?r|RCC|HCC|SCLC|NET|NEC|neuro-?endocrine|\\bCUP\\b')

#: treatments of the spine after which a recurrence is local
_SPINE_TREATMENTS = frozenset({"surgery", "radiotherapy", "chemoradiotherapy", "embolisation", "ablation",
                               "cement_augmentation"})
#: event types that are treatments (anchors for "after surgery", etc.)
TREATMENT_TYPES = frozenset({"surgery", "radiotherapy", "chemoradiotherapy", "systemic_therapy", "embolisation",
                             "ablation", "cement_augmentation", "primary_resection", "corticosteroids",
                             "rehabilitation", "supportive_care"})


@dataclass
class SiteMention:
    start: int
    end: int
    site: str
    rank: int
    label: str | None
    ne: dict[str, Any] | None
    certainty: str | None
    historical: bool
    about_metastasis: bool
    sentence: int
    unknown: bool = False
    primary_word: int = 0


@dataclass
class Skipped:
    start: int
    end: int
    reason: str


@dataclass
class ReadState:
    """Everything read so far from one text."""

    text: str = ""
    events: list[EventDraft] = field(default_factory=list)
    sites: list[SiteMention] = field(default_factory=list)
    ne_facts: Holder = field(default_factory=Holder)
    patient: Holder = field(default_factory=Holder)
    skipped: list[Skipped] = field(default_factory=list)
    used_sentences: set[int] = field(default_factory=set)
    treated: bool = False  # a treatment has been read: "presentation" no longer means day 0
    imaging: EventDraft | None = None  # the imaging study findings are being added to
    pronouns: list[tuple[int, int, str]] = field(default_factory=list)


class Reader:
    """Reads sentences into a :class:`ReadState`."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.state = ReadState(text=text)
        self._other_levels = False

    # ------------------------------------------------------------------ helpers

    def _abs(self, s: Sentence, start: int, end: int) -> Spans:
        return ((s.start + start, s.start + end),)

    def _blocked(self, ctx: SentenceContext, s: Sentence, m: re.Match[str] | tuple[int, int], what: str) -> Assertion | None:
        """The mention's assertion; None (and the mention listed as left out) when it is not a
        present fact of this patient."""
        start, end = (m.start(), m.end()) if isinstance(m, re.Match) else m
        a = ctx.assertion(start, end)
        reason = a.blocking
        if reason is not None:
            self.state.skipped.append(Skipped(s.start + start, s.start + end, f"{what}: {reason}"))
            return None
        return a

    def _event(self, s: Sentence, etype: str, start: int, timing: Timing | None, presentation: bool,
               historical: bool) -> EventDraft:
        ev = EventDraft(type=etype, sentence=s.index, sentence_text=s.text, sentence_start=s.start, start=s.start + start, timing=timing,
                        presentation=presentation, historical=historical)
        self.state.events.append(ev)
        return ev

    # ------------------------------------------------------------------ one sentence

    def read(self, s: Sentence) -> None:
        text = s.text
        ctx = SentenceContext(text)
        before = (len(self.state.events), len(self.state.sites), len(self.state.patient.facts),
                  len(self.state.ne_facts.facts), sum(len(e.facts) + sum(len(f.facts) for f in e.findings)
                                                      for e in self.state.events))
        levels = find_levels(text, 0)
        consumed: list[tuple[int, int]] = []
        self._patient(s, ctx)
        if _GATE_SITE_WORDS.search(text) and (_GATE_SITE.search(text) or _KI67.search(text)):
            self._sites(s, ctx)
        timing, historical = self._timing(s, ctx)
        calendar = timing is not None and timing.kind in ("date", "date_range")
        presenting = bool(_PRESENTATION.search(text))
        # the presentation (day 0): its words, or the first events told when nothing dates them
        presentation = (not historical and not self.state.treated
                        and ((timing is None and (presenting or not self.state.events)) or (calendar and presenting)))
        if presentation and timing is None:
            pm = _PRESENTATION.search(text)
            timing = Timing("day0", spans=self._abs(s, pm.start(), pm.end()) if pm else (),
                            rule="time.presentation" if pm else "time.index")
        treat_anchors: list[tuple[int, int]] = []
        if _GATE_TREAT.search(text):
            treat_anchors = self._treatments(s, ctx, levels, timing, historical, presentation, consumed)
        if timing is not None and timing.spans:
            # "two weeks after the radiosurgery": the words that date an event name another one
            ta, tb = timing.spans[0][0] - s.start, timing.spans[0][1] - s.start
            for ev in [e for e in self.state.events if e.sentence == s.index and e.type in TREATMENT_TYPES]:
                opened = ev.start - s.start
                if ta <= opened < tb and not any(f.spans and not (ta <= f.spans[0][0] - s.start < tb)
                                                 for f in ev.facts if f.path != "type"):
                    self.state.events.remove(ev)
        if _GATE_NEURO.search(text):
            self._neuro(s, ctx, levels, timing, historical, presentation, consumed)
        if _GATE_FIND.search(text):
            self._findings(s, ctx, levels, timing, historical, presentation, consumed, treat_anchors)
        if _GATE_OTHER.search(text):
            self._other(s, ctx, timing, historical, presentation)
        if _GATE_OUT.search(text):
            self._outcomes(s, ctx, levels, timing, historical, consumed)
        if timing is not None and timing.rule == "time.survived_more_than":
            # "recovered fully and survived for more than 7.5 years": the time is the survival's only
            for ev in self.state.events:
                if ev.sentence == s.index and ev.timing is timing and ev.type != "last_contact":
                    ev.timing = None
        if timing is not None and timing.spans and timing.kind in ("after", "before"):
            # "Two years earlier she had radiosurgery ..., and she had recently had a lung carcinoma
            # resected": the second clause has its own time; the first clause's amount is not its date
            tb = timing.spans[0][1] - s.start
            for ev in self.state.events:
                if ev.sentence == s.index and ev.timing is timing and ev.start - s.start > tb and \
                        _OTHER_TIME.search(text, tb, ev.start - s.start):
                    ev.timing = None
        after = (len(self.state.events), len(self.state.sites), len(self.state.patient.facts),
                 len(self.state.ne_facts.facts), sum(len(e.facts) + sum(len(f.facts) for f in e.findings)
                                                     for e in self.state.events))
        if after != before:
            self.state.used_sentences.add(s.index)

    # ------------------------------------------------------------------ patient, primary

    def _patient(self, s: Sentence, ctx: SentenceContext) -> None:
        p = self.state.patient
        m = _AGE.search(s.text)
        if m and ctx.assertion(m.start(), m.end()).blocking is None:
            age = int(m.group("age") or m.group("age2") or m.group("age3"))
            if 0 <= age <= 120:
                p.put("age", age, self._abs(s, m.start(), m.end()), "patient.age")
        for rx, sex in _SEX:
            m2 = rx.search(s.text)
            if m2 and not ctx.assertion(m2.start(), m2.end()).family:
                p.put("sex", sex, self._abs(s, m2.start(), m2.end()), "patient.sex")
        for m3 in _PRONOUN.finditer(s.text):
            self.state.pronouns.append((s.start + m3.start(), s.start + m3.end(),
                                        "male" if m3.group(0).lower() in ("he", "his", "him") else "female"))

    def _sites(self, s: Sentence, ctx: SentenceContext) -> None:
        text = s.text
        m: re.Match[str] | None
        about = bool(_METASTASIS.search(text))
        primary_word = 1 if re.search(r"\bprimary\b|\borigin\b", text, _I) else 0
        taken: list[tuple[int, int]] = []
        for m in _SITES_ANY.finditer(text):
            if m.lastgroup is None:
                continue
            _rx, site, rank, extras = _SITES[int(m.lastgroup[1:])]
            a = ctx.assertion(m.start(), m.end())
            if a.family or a.negated:
                self.state.skipped.append(Skipped(s.start + m.start(), s.start + m.end(),
                                                  f"primary site: {'family' if a.family else 'negated'}"))
                taken.append((m.start(), m.end()))
                continue
            if a.hypothetical and not a.certainty:
                continue
            label = extras.get("label")
            if label == "@match":
                label = m.group(0).lower()
            ne = extras.get("ne")
            self.state.sites.append(SiteMention(s.start + m.start(), s.start + m.end(), site, rank, label,
                                                dict(ne) if ne is not None else None, a.certainty,
                                                a.historical, about, s.index, primary_word=primary_word))
            taken.append((m.start(), m.end()))
        # neuro-endocrine words, with the organ when the sentence names one
        for m in _NE_TERM.finditer(text):
            if any(a <= m.start() < b for a, b in taken):
                continue
            a = ctx.assertion(m.start(), m.end())
            if a.family or a.negated or a.hypothetical:
                self.state.skipped.append(Skipped(s.start + m.start(), s.start + m.end(),
                                                  f"neuro-endocrine term: {a.blocking}"))
                continue
            organ: tuple[int, int, str, str | None] | None = None
            for orx, site, label in _NE_ORGANS:
                for om in orx.finditer(text):
                    if abs(om.start() - m.start()) <= 60 and (organ is None or abs(om.start() - m.start()) <
                                                               abs(organ[0] - m.start())):
                        organ = (om.start(), om.end(), site, label)
            start, end = m.start(), m.end()
            site, label, rank = "unknown", None, 0
            if organ is not None:
                start, end = min(start, organ[0]), max(end, organ[1])
                site, label, rank = organ[2], organ[3], 2
                oa = ctx.assertion(organ[0], organ[1])
                certainty = a.certainty or oa.certainty
            else:
                certainty = a.certainty
            carcinoid = "carcinoid" in m.group(0).lower()
            if site == "lung_other" and carcinoid:
                site, rank = "lung_carcinoid", 3
            self.state.sites.append(SiteMention(s.start + start, s.start + end, site, rank, label, {}, certainty,
                                                a.historical, about, s.index))
            taken.append((m.start(), m.end()))
        m = _UNKNOWN.search(text)
        if m:
            self.state.sites.append(SiteMention(s.start + m.start(), s.start + m.end(), "unknown", 0, None, None, None,
                                                False, about, s.index, unknown=True))
        # grade facts of a neuro-endocrine neoplasm
        ne = self.state.ne_facts
        g = _NET_GRADE.search(text)
        if g and ctx.assertion(g.start(), g.end()).blocking is None:
            grade = g.group(1) or g.group(2) or g.group(3)
            ne.put("classification", f"net_g{grade}", self._abs(s, g.start(), g.end()), "ne.who_grade")
        k = _KI67.search(text)
        if k and ctx.assertion(k.start(), k.end()).blocking is None:
            value = float(k.group("num"))
            if value <= 100:
                ne.put("ki67_percent", int(value) if value.is_integer() else value,
                       self._abs(s, k.start(), k.end()), "ne.ki67")
        d = _DIFF.search(text)
        if d and _NE_TERM.search(text):
            ne.put("differentiation", "well" if d.group("which").lower() == "well" else "poor",
                   self._abs(s, d.start(), d.end()), "ne.differentiation")

    # ------------------------------------------------------------------ time

    def _timing(self, s: Sentence, ctx: SentenceContext) -> tuple[Timing | None, bool]:
        text = s.text
        dated = _calendar(text)
        if dated is not None:
            kind, first, last, a, b = dated
            return Timing(kind, spans=self._abs(s, a, b), rule=f"time.{kind}", date=first, date_latest=last), False
        m = _SURVIVED.search(text)
        if m:
            least, least_unit = self._amount(m)
            if least is not None:
                return Timing("after", "presentation", least, None, least_unit, self._abs(s, m.start(), m.end()),
                              "time.survived_more_than"), False
        m = _POD.search(text)
        if m:
            n = m.group("n") or m.group("n2")
            if n is None:
                word = m.group("ord").lower()
                n = str(TX.ORDINAL_DAYS.get(word) or int(re.sub(r"\D", "", word)))
            day = int(n)
            return Timing("after", "surgery", day, day, "days", self._abs(s, m.start(), m.end()), "time.post_op_day"), False
        m = _NEXT_DAY.search(text)
        if m:
            n = 0 if re.match(r"(?:the\s+)?same|immediately", m.group(0), _I) else 1
            return Timing("after", "previous", n, n, "days", self._abs(s, m.start(), m.end()), "time.next_day"), False
        m = _WITHIN.search(text)
        if m:
            n, unit = self._amount(m)
            if n is not None:
                return Timing("after", self._anchor(m.group("anchor")) or "previous", 0, n, unit, self._abs(s, m.start(), m.end()), "time.within"), False
        m = _BEFORE.search(text)
        if m and _FOR_DURATION.search(text, 0, m.start()):
            m = None  # "unable to walk for 48 hours before admission": a duration, not a date
        if m:
            n, unit = self._amount(m)
            if n is not None:
                return Timing("before", "presentation", n, n, unit, self._abs(s, m.start(), m.end()),
                              "time.before"), True
        m = _LATER.search(text)
        if m and re.match(r"by\b", text[max(0, m.start() - 3):m.start()].strip(), _I):
            n, unit = self._amount(m)
            if n is not None:
                return Timing("after", self._anchor(m.group("anchor")) or "previous", 0, n, unit,
                              self._abs(s, m.start() - 3, m.end()), "time.by"), False
        if m:
            n, unit = self._amount(m)
            if n is not None:
                anchor: str | None = self._anchor(m.group("anchor"))
                if anchor is None and "post" in m.group(0).lower():
                    anchor = "surgery"
                return Timing("after", anchor or "previous", n, n, unit, self._abs(s, m.start(), m.end()),
                              "time.later"), False
        m = _AT_FU.search(text) or _FU_OF.search(text)
        if m:
            n, unit = self._amount(m)
            if n is not None:
                least = 0 if m.group(0).lower().startswith("by") else n
                return Timing("after", "treatment", least, n, unit, self._abs(s, m.start(), m.end()),
                              "time.follow_up"), False
        m = _AFTER_ANCHOR.search(text)
        if m:
            named = self._anchor(m.group("anchor")) if m.group("anchor") else "surgery"
            return Timing("after", named or "surgery", None, None, "days", self._abs(s, m.start(), m.end()),
                          "time.after"), False
        h = _HISTORY.search(text)
        if h and not self.state.treated and not _PRESENTATION.search(text):
            return Timing("before", "presentation", None, None, "days", self._abs(s, h.start(), h.end()),
                          "time.history"), True
        return None, False

    @staticmethod
    def _amount(m: re.Match[str]) -> tuple[float | None, str]:
        raw = m.group("n").lower()
        n: float | None = float(TX.NUMBERS[raw]) if raw in TX.NUMBERS else float(raw)
        unit = m.group("u").lower()
        if unit == "hour":
            # hours: whole days only when they are (24 h = 1 day, 48 h = 2 days)
            if n is not None and n % 24 == 0:
                return n / 24, "days"
            return None, "days"
        if n is not None and n.is_integer():
            n = int(n)
        return n, unit + "s"

    @staticmethod
    def _anchor(word: str | None) -> str | None:
        if not word:
            return None
        for rx, key in _ANCHOR_TYPES:
            if rx.match(word.strip()):
                return key
        return None

    # ------------------------------------------------------------------ treatments

    def _treatments(self, s: Sentence, ctx: SentenceContext, levels: list[LevelMention], timing: Timing | None,
                    historical: bool, presentation: bool, consumed: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Treatment events of the sentence; returns the character ranges of their trigger words
        (levels near them belong to the treatment, not to a finding)."""
        text = s.text
        anchors: list[tuple[int, int, EventDraft, str]] = []  # (start, end, event, role)
        m: re.Match[str] | None
        if len(text.split()) < 4 and not levels:
            return []  # a heading ("Radiotherapy summary."), not a statement that something was done
        made: list[EventDraft] = []
        spinal = bool(_SPINAL.search(text)) or bool(levels)

        def new(etype: str, m: re.Match[str]) -> EventDraft:
            ev = self._event(s, etype, m.start(), timing if not presentation else None, False, historical)
            made.append(ev)
            return ev

        # resection of the primary
        for rx, key in _PRIMARY_RESECTION:
            for m in rx.finditer(text):
                if self._blocked(ctx, s, m, "primary resection") is None:
                    continue
                ev = new("primary_resection", m)
                ev.put("procedure", key, self._abs(s, m.start(), m.end()), "treatment.primary_resection")
                anchors.append((m.start(), m.end(), ev, "other"))
        if not spinal and not any(ev.type == "primary_resection" for _, _, ev, _ in anchors) and \
                _GATE_SITE_WORDS.search(text):
            site = _PRIMARY_SITE_ANY.search(text)
            cut = _PRIMARY_CUT.search(text)
            if site and cut and self._blocked(ctx, s, cut, "resection of the primary") is not None:
                ev = new("primary_resection", cut)
                ev.put("procedure", "other", self._abs(s, cut.start(), cut.end()), "treatment.primary_resection_other")
                anchors.append((cut.start(), cut.end(), ev, "other"))
        # chemoradiotherapy before radiotherapy and chemotherapy
        crt_spans: list[tuple[int, int]] = []
        for m in _CHEMORT.finditer(text):
            crt_spans.append((m.start(), m.end()))
            if self._blocked(ctx, s, m, "chemoradiotherapy") is None:
                continue
            ev = new("chemoradiotherapy", m)
            ev.facts.append(_event_fact(self._abs(s, m.start(), m.end()), "treatment.chemoradiotherapy"))
            self._dose(s, ev, text)
            anchors.append((m.start(), m.end(), ev, "levels"))
            break
        # radiotherapy
        rt: EventDraft | None = None
        for m in _RT.finditer(text):
            if any(a <= m.start() < b for a, b in crt_spans):
                continue
            if m.group(0).upper() == "RT" and not re.search(r"Gy|radio|SBRT|fraction", text, _I):
                continue
            if self._told_before(text, m, "radiotherapy"):
                continue
            if self._blocked(ctx, s, m, "radiotherapy") is None:
                continue
            if rt is None:
                rt = new("radiotherapy", m)
                rt.facts.append(_event_fact(self._abs(s, m.start(), m.end()), "treatment.radiotherapy"))
                self._dose(s, rt, text)
                if _SBRT.search(text):
                    sb = _SBRT.search(text)
                    assert sb is not None
                    rt.put("technique", "sbrt", self._abs(s, sb.start(), sb.end()), "treatment.rt_technique")
                elif _CEBRT.search(text):
                    cb = _CEBRT.search(text)
                    assert cb is not None
                    rt.put("technique", "cebrt", self._abs(s, cb.start(), cb.end()), "treatment.rt_technique")
            anchors.append((m.start(), m.end(), rt, "levels"))
        if rt is None and not crt_spans:
            # a dose in Gy is a radiotherapy statement even without the word ("she received 20 Gy in 5 fractions")
            dm = _DOSE_TIMES.search(text) or _DOSE.search(text)
            if dm and self._blocked(ctx, s, dm, "radiotherapy") is not None:
                rt = new("radiotherapy", dm)
                rt.facts.append(_event_fact(self._abs(s, dm.start(), dm.end()), "treatment.radiotherapy_dose"))
                self._dose(s, rt, text)
                anchors.append((dm.start(), dm.end(), rt, "levels"))
        # systemic therapy (one event per drug class named)
        classes: dict[str, EventDraft] = {}
        for rx, key in _SYSTEMIC:
            for m in rx.finditer(text):
                if any(a <= m.start() < b for a, b in crt_spans):
                    continue
                if any(m.start() < a_end and a_start < m.end() for a_start, a_end, _, _ in anchors):
                    continue
                if self._blocked(ctx, s, m, "systemic therapy") is None:
                    continue
                if key == "" and classes:
                    continue
                if key in classes:
                    continue
                if key == "radioiodine" and re.search(r"\bscan|\buptake|\bavid", text, _I):
                    continue
                if re.match(r"-?\s?emboli", text[m.end():m.end() + 8], _I):
                    continue  # chemo-embolisation: the embolisation rule reads it
                if self._told_before(text, m, "systemic_therapy"):
                    continue
                ev = new("systemic_therapy", m)
                classes[key] = ev
                if key:
                    ev.put("drug_class", key, self._abs(s, m.start(), m.end()), "treatment.drug_class")
                else:
                    ev.facts.append(_event_fact(self._abs(s, m.start(), m.end()), "treatment.systemic"))
                c = _CYCLES.search(text)
                if c:
                    n = c.group("n").lower()
                    ev.put("cycles", _WORDS.get(n) or int(n), self._abs(s, c.start(), c.end()), "treatment.cycles")
                anchors.append((m.start(), m.end(), ev, "other"))
        # embolisation, ablation, cement
        for m in _EMBOLISATION.finditer(text):
            if self._blocked(ctx, s, m, "embolisation") is None:
                continue
            ev = new("embolisation", m)
            ev.facts.append(_event_fact(self._abs(s, m.start(), m.end()), "treatment.embolisation"))
            p = _PREOP.search(text)
            if p:
                ev.put("purpose", "preoperative", self._abs(s, p.start(), p.end()), "treatment.embolisation_purpose")
            anchors.append((m.start(), m.end(), ev, "levels"))
            break
        for rx, key in _ABLATION:
            m = rx.search(text)
            if not m or any(a <= m.start() < b for a, b, _, _ in anchors):
                continue
            if self._blocked(ctx, s, m, "ablation") is None:
                continue
            if not spinal and not key:
                continue
            ev = new("ablation", m)
            if key:
                ev.put("method", key, self._abs(s, m.start(), m.end()), "treatment.ablation_method")
            else:
                ev.facts.append(_event_fact(self._abs(s, m.start(), m.end()), "treatment.ablation"))
            anchors.append((m.start(), m.end(), ev, "levels"))
            break
        for rx, key in _CEMENT:
            m = rx.search(text)
            if not m:
                continue
            if self._blocked(ctx, s, m, "cement augmentation") is None:
                continue
            ev = new("cement_augmentation", m)
            ev.put("procedure", key, self._abs(s, m.start(), m.end()), "treatment.cement")
            anchors.append((m.start(), m.end(), ev, "levels"))
            break
        # surgery on the spine
        surgery: EventDraft | None = None
        proc_spans: list[tuple[int, int, str]] = []
        for rx, key in _SURGERY:
            for m in rx.finditer(text):
                if any(a < m.end() and m.start() < b for a, b, _ in proc_spans):
                    continue
                if any(a < m.end() and m.start() < b for a, b, _, _ in anchors):
                    continue
                if key == "tumour_resection" and not spinal:
                    continue
                if key == "tumour_resection" and re.search(r"\bcement\b", text[max(0, m.start() - 30):m.end() + 20], _I):
                    continue  # "the intradural cement was removed": not a tumour
                if key == "biopsy" and not (levels or re.search(
                        r"(?:vertebral|spinal|spine|lumbar puncture|laminectomy|percutaneous|CT-guided)\W+(?:\w+\W+){0,2}"
                        r"biops|biops\w* of the (?:spine|vertebra|lesion)", text, _I)):
                    continue
                if key in ("decompression",) and re.match(r"decompressed", m.group(0), _I) is None and \
                        re.search(r"\bcord (?:was )?decompressed|\bdecompression of the cord was seen", text, _I):
                    pass
                if self._blocked(ctx, s, m, "surgery") is None:
                    proc_spans.append((m.start(), m.end(), "blocked"))
                    continue
                proc_spans.append((m.start(), m.end(), key))
        keys = [k for _, _, k in proc_spans if k != "blocked"]
        if "fixation_unspecified" in keys and ({"posterior_fixation", "anterior_fixation"} & set(keys)):
            proc_spans = [p for p in proc_spans if p[2] != "fixation_unspecified"]
        if "tumour_resection" in keys and ({"en_bloc_resection", "intradural_resection"} & set(keys)):
            proc_spans = [p for p in proc_spans if p[2] != "tumour_resection"]
        live = [p for p in proc_spans if p[2] != "blocked"]
        told = next((e for e in reversed(self.state.events) if e.type == "surgery"), None)
        if live and told is not None and _AT_OPERATION.search(text):
            surgery = told  # what was done during an operation told already, not another operation
        elif live:
            first = min(a for a, _, _ in live)
            surgery = self._event(s, "surgery", first, timing if not presentation else None, False, historical)
            made.append(surgery)
        if live:
            assert surgery is not None
            for a, b, key in sorted(live):
                surgery.put("procedures", key, self._abs(s, a, b), "treatment.surgery_procedure")
                role = "fixation" if key in ("posterior_fixation", "anterior_fixation", "fixation_unspecified") else "levels"
                anchors.append((a, b, surgery, role))
        else:
            m = _SURGERY_BARE.search(text)
            if m and not any(a <= m.start() < b for a, b, _ in proc_spans) and (
                    spinal or not any(ev.type == "primary_resection" for _, _, ev, _ in anchors)):
                if self._blocked(ctx, s, m, "surgery") is not None and (spinal or not _NOT_SPINAL_SURGERY.search(text)):
                    surgery = self._event(s, "surgery", m.start(), timing if not presentation else None, False,
                                          historical)
                    made.append(surgery)
                    surgery.facts.append(_event_fact(self._abs(s, m.start(), m.end()), "treatment.surgery"))
                    anchors.append((m.start(), m.end(), surgery, "levels"))
        if surgery is None and re.search(r"\bapproach\b", text, _I):
            surgery = next((e for e in reversed(self.state.events) if e.type == "surgery"), None)
        if surgery is not None:
            for rx, key in _APPROACH:
                m = rx.search(text)
                if m:
                    surgery.put("approach", key, self._abs(s, m.start(), m.end()), "treatment.approach")
                    break
            for rx, key in _EXTENT:
                m = rx.search(text)
                if m:
                    surgery.put("extent", key, self._abs(s, m.start(), m.end()), "treatment.extent")
                    break
            m = _MIS.search(text) or re.search(r"\bminimally[- ]invasive", text, _I)
            if m:
                surgery.put("minimally_invasive", True, self._abs(s, m.start(), m.end()), "treatment.minimally_invasive")
        # corticosteroids, rehabilitation, supportive care
        m = _STEROIDS.search(text)
        if m and self._blocked(ctx, s, m, "corticosteroids") is not None:
            ev = new("corticosteroids", m)
            ev.put("drug", m.group("drug").lower(), self._abs(s, m.start(), m.end()), "treatment.steroid")
            d = _STEROID_DOSE.search(text, m.end())
            if d and d.start() - m.end() < 20:
                if re.search(r"daily|a day|/day|per day", text[d.end():d.end() + 15], _I):
                    ev.put("daily_dose_mg", float(d.group("mg")), self._abs(s, d.start(), d.end()), "treatment.steroid_dose")
            anchors.append((m.start(), m.end(), ev, "other"))
        m = _REHAB.search(text)
        if m and self._blocked(ctx, s, m, "rehabilitation") is not None:
            ev = new("rehabilitation", m)
            ev.facts.append(_event_fact(self._abs(s, m.start(), m.end()), "treatment.rehabilitation"))
            anchors.append((m.start(), m.end(), ev, "other"))
        m = _SUPPORTIVE.search(text)
        if m and self._blocked(ctx, s, m, "supportive care") is not None:
            ev = new("supportive_care", m)
            only = _SUPPORTIVE_ONLY.search(text)
            if only:
                ev.put("only", True, self._abs(s, only.start(), only.end()), "treatment.supportive_only")
            else:
                ev.put("summary", m.group(0), self._abs(s, m.start(), m.end()), "treatment.supportive")
            anchors.append((m.start(), m.end(), ev, "other"))
        # "no complications" belongs to the procedure of this sentence or the last one
        m = _NO_COMPLICATIONS.search(text)
        if m:
            target = next((e for e in reversed(made) if e.type in ("surgery", "embolisation", "ablation",
                                                                   "cement_augmentation")), None)
            if target is None:
                target = next((e for e in reversed(self.state.events) if e.type in (
                    "surgery", "embolisation", "ablation", "cement_augmentation") and e not in made), None)
            if target is not None and not any(e.type == "complication" for e in self.state.events
                                              if e.refs.get("procedure") is target):
                target.put("complications_stated", "none", self._abs(s, m.start(), m.end()),
                           "treatment.no_complications")
        # levels of the treatments: each level mention goes to the nearest treatment word
        level_anchors = [(a, b, ev, role) for a, b, ev, role in anchors if role in ("levels", "fixation")]
        self._other_levels = len(levels) > 1
        for lm in levels:
            if not level_anchors:
                break
            if self._finding_closer(text, lm, level_anchors):
                continue
            a, b, ev, role = min(level_anchors, key=lambda t: _gap(t[0], t[1], lm.start, lm.end))
            if _gap(a, b, lm.start, lm.end) > 80:
                continue
            self._treated_levels(s, ev, lm, role)
            consumed.append((lm.start, lm.end))
        self._sessions(s, text, made)
        if made:
            self.state.treated = True
            self.state.imaging = None
        return [(a, b) for a, b, _, _ in anchors]

    def _told_before(self, text: str, m: re.Match[str], etype: str) -> bool:
        """"Attributed to the previous radiotherapy": a reference to an event of ``etype`` told already."""
        return bool(_REFERS_BACK.search(text[max(0, m.start() - 30):m.start()])) and any(
            e.type == etype for e in self.state.events)

    def _sessions(self, s: Sentence, text: str, made: list[EventDraft]) -> None:
        """"Three sessions of embolisation", "two courses of radiotherapy, 70 Gy in total": the number
        of events is stated (they are made once the timeline is assembled); a total dose over them is
        not the dose of each, so it is left out and listed."""
        for ev in made:
            if ev.type not in ("radiotherapy", "embolisation", "ablation", "cement_augmentation", "surgery"):
                continue
            m = _SESSIONS.search(text[:ev.start - s.start])
            if m is None:
                continue
            raw = m.group("n").lower()
            n = int(_WORDS.get(raw) or raw)
            ev.sessions = n
            ev.sessions_spans = self._abs(s, m.start(), m.end())
            if "dose_gy" in ev.fields and _TOTAL.search(text):
                # the total of the courses: recorded as such on the last course (cumulative_dose_gy,
                # with the others), never as the dose of one course
                dose = next(f for f in ev.facts if f.path == "dose_gy")
                if ev.type == "radiotherapy":
                    ev.total_dose = (float(ev.fields["dose_gy"]), dose.spans)
                else:
                    self.state.skipped.append(Skipped(dose.spans[0][0], dose.spans[0][1],
                                                      f"dose: the total of {n} courses, not the dose of each"))
                ev.drop("dose_gy")
                ev.drop("fractions")

    def _finding_closer(self, text: str, lm: LevelMention, anchors: list[tuple[int, int, EventDraft, str]]) -> bool:
        """A level nearer to a finding word than to any treatment word ("decompression for cord
        compression at T6" keeps T6 for the operation; "T10 fracture; vertebroplasty" does not)."""
        nearest_treat = min(_gap(a, b, lm.start, lm.end) for a, b, _, _ in anchors)
        if any(re.fullmatch(r"\s+(?:of|to|at)\s+(?:the\s+)?", text[b:lm.start]) for _, b, _, _ in anchors):
            return False  # "ablation of the L2 lesion": the level is the treatment's
        for rx in (_COLLAPSE, _LESION, _EPIDURAL):
            for m in rx.finditer(text):
                if _gap(m.start(), m.end(), lm.start, lm.end) + 1 < nearest_treat and \
                        not re.search(r"\b(?:for|of the)\b", text[min(m.end(), lm.end):max(m.start(), lm.start)]):
                    return True
        return False

    def _treated_levels(self, s: Sentence, ev: EventDraft, lm: LevelMention, role: str) -> None:
        spans = tuple((s.start + a, s.start + b) for a, b in lm.parts)
        single_short = len(lm.spans) == 1 and len(lm.spans[0]) == 1 and not self._other_levels
        if ev.type == "surgery" and role == "fixation" and not single_short and any(
                k in ev.fields.get("procedures", []) for k in ("decompression", "laminectomy", "corpectomy",
                                                                "en_bloc_resection", "tumour_resection",
                                                                "intradural_resection", "separation_surgery")):
            if len(lm.spans) == 1:
                ev.put("fixation_span", str(lm.spans[0]), spans, "treatment.fixation_span")
                return
        if ev.type in ("primary_resection", "systemic_therapy", "corticosteroids", "rehabilitation",
                       "supportive_care"):
            return
        fixing = ("posterior_fixation", "anterior_fixation", "fixation_unspecified")
        if ev.type == "surgery" and ev.fields.get("procedures") and all(
                k in fixing for k in ev.fields["procedures"]) and len(lm.spans) == 1 and not single_short:
            ev.put("fixation_span", str(lm.spans[0]), spans, "treatment.fixation_span")
            return
        if "levels" in ev.fields or "spans" in ev.fields:
            if ev.type == "surgery" and "fixation_span" not in ev.fields and len(lm.spans) == 1:
                ev.put("fixation_span", str(lm.spans[0]), spans, "treatment.fixation_span")
            return
        if ev.type == "radiotherapy" and "region" in ev.fields:
            return
        if len(lm.spans) == 1:
            ev.put("levels", str(lm.spans[0]), spans, "treatment.levels")
        else:
            ordered = sorted(lm.spans)
            if any(a.overlaps(b) for a, b in itertools.pairwise(ordered)):
                return
            for sp, part in zip(lm.spans, lm.parts, strict=True):
                ev.put("spans", str(sp), ((s.start + part[0], s.start + part[1]),), "treatment.spans")

    def _dose(self, s: Sentence, ev: EventDraft, text: str) -> None:
        m = _DOSE_TIMES.search(text)
        if m:
            fr, per = int(m.group("fr")), float(m.group("per"))
            total = round(fr * per, 2)
            if 0 < total <= 100 and 1 <= fr <= 60:
                ev.put("dose_gy", int(total) if float(total).is_integer() else total,
                       self._abs(s, m.start(), m.end()), "treatment.rt_dose")
                ev.put("fractions", fr, self._abs(s, m.start(), m.end()), "treatment.rt_fractions")
            return
        m = _DOSE.search(text)
        if m:
            dose = float(m.group("dose"))
            if 0 < dose <= 100:
                ev.put("dose_gy", int(dose) if dose.is_integer() else dose, self._abs(s, m.start(), m.start()
                                                                                      + len(m.group("dose")) + 3),
                       "treatment.rt_dose")
                if m.group("fr"):
                    fr = int(m.group("fr"))
                    if 1 <= fr <= 60:
                        ev.put("fractions", fr, self._abs(s, m.start(), m.end()), "treatment.rt_fractions")
                elif "single" in m.group(0).lower():
                    ev.put("fractions", 1, self._abs(s, m.start(), m.end()), "treatment.rt_fractions")
                else:
                    f = _FRACTIONS.search(text)
                    if f:
                        ev.put("fractions", int(f.group("fr")), self._abs(s, f.start(), f.end()),
                               "treatment.rt_fractions")
        regions = find_regions(text)
        if "levels" not in ev.fields and regions and ev.type == "radiotherapy" and re.search(
                r"\bto the (?:\w+ )?(?:cervical|thoracic|dorsal|lumbar|sacral|whole)", text, _I):
            a, b, key = regions[0]
            ev.put("region", key, self._abs(s, a, b), "treatment.rt_region")

    # ------------------------------------------------------------------ neurology

    def _neuro(self, s: Sentence, ctx: SentenceContext, levels: list[LevelMention], timing: Timing | None,
               historical: bool, presentation: bool, consumed: list[tuple[int, int]]) -> None:
        text = s.text
        ev: EventDraft | None = None

        def exam() -> EventDraft:
            nonlocal ev
            if ev is None:
                ev = self._event(s, "neuro_exam", 0, timing, presentation, historical)
            return ev

        for grx, key in ((_FRANKEL, "frankel"), (_ASIA, "asia")):
            m = grx.search(text)
            if m and self._blocked(ctx, s, m, key) is not None:
                exam().put(key, m.group("g").upper(), self._abs(s, m.start(), m.end()), f"neuro.{key}")
        nd = _NO_DEFICIT.search(text)
        if nd:
            exam().put("deficits", "no_deficit", self._abs(s, nd.start(), nd.end()), "neuro.no_deficit")
        else:
            motor = False
            for rx, key in _DEFICITS:
                for m in rx.finditer(text):
                    if key == "weakness" and re.search(r"\bweak(?:ness)? (?:of the )?(?:bone|signal|enhancement)",
                                                       text[m.start():m.end() + 20], _I):
                        continue
                    if key == "sensory_loss" and re.match(r"sensory level", m.group(0), _I):
                        continue
                    if self._blocked(ctx, s, m, f"deficit {key}") is None:
                        continue
                    if _improvement_near(text, m):
                        continue
                    exam().put("deficits", key, self._abs(s, m.start(), m.end()), "neuro.deficit")
                    motor = motor or key in FX.MOTOR_WORDS
                    break
            if ev is not None:
                e = ev
                if motor:
                    # the motor word's own spans ("weakness ... and paraesthesia": the weakness)
                    word = next(f for f in e.facts if f.path.startswith("deficits") and f.value in FX.MOTOR_WORDS)
                    e.put("motor_deficit", True, word.spans, "neuro.motor_deficit")
                deficits = e.fields.get("deficits", [])
                if "weakness" in deficits or "numbness" in deficits:
                    self._side_limbs(s, e, text)
        m = _MOTOR_DEFICIT.search(text)
        if m and self._blocked(ctx, s, m, "motor deficit") is not None:
            exam().put("motor_deficit", True, self._abs(s, m.start(), m.end()), "neuro.motor_deficit_stated")
        m = _FULL_POWER.search(text)
        if m and self._blocked(ctx, s, m, "full power") is not None:
            exam().put("motor_deficit", False, self._abs(s, m.start(), m.end()), "neuro.full_power")
        for m in _MRC.finditer(text):
            muscle = _muscle(m.group("muscle"))
            if muscle is None or self._blocked(ctx, s, m, "MRC grade") is None:
                continue
            side = (m.group("side") or "").lower()
            entry: dict[str, Any] = {"muscle": muscle, "grade": int(m.group("g"))}
            if side:
                entry["side"] = "both" if side == "bilateral" else side
            elif re.search(r"bilaterally", text[m.end():m.end() + 14], _I):
                entry["side"] = "both"
            exam().put("power", entry, self._abs(s, m.start(), m.end()), "neuro.mrc")
            limb = {"lower_limb": "lower", "upper_limb": "upper"}.get(muscle)
            side_key = entry.get("side")
            if limb and side_key in ("left", "right", "both"):
                # a whole-limb grade is also the version-1 MRC entry the rules read ({left_lower: 5, ...})
                mrc = dict(exam().fields.get("mrc", {}))
                for sd in (("left", "right") if side_key == "both" else (side_key,)):
                    mrc.setdefault(f"{sd}_{limb}", int(m.group("g")))
                exam().drop("mrc")
                exam().put("mrc", mrc, self._abs(s, m.start(), m.end()), "neuro.mrc_limb")
        for rx, key in _WALKING:
            m = rx.search(text)
            if m:
                if key == "ambulatory_unspecified" and re.search(r"\bwalking (?:distance|aid)", m.group(0), _I):
                    continue
                a = self._blocked(ctx, s, m, f"walking {key}")
                if a is None:
                    if key in ("ambulatory_unspecified", "independent") and ctx.assertion(m.start(), m.end()).negated:
                        # "could not walk", "unable to walk independently" say less than a status
                        pass
                    continue
                if key == "ambulatory_unspecified" and re.search(r"\bdifficult", text, _I):
                    continue
                exam().put("walking", key, self._abs(s, m.start(), m.end()), "neuro.walking")
                if key in ("independent", "with_aid", "non_ambulatory"):
                    # the same statement in the version-1 field the instruments and rules read
                    exam().put("ambulatory", key, self._abs(s, m.start(), m.end()), "neuro.ambulatory")
                break
        m = _SPH_BAD.search(text)
        if m and self._blocked(ctx, s, m, "sphincter") is not None:
            exam().put("sphincter", "impaired", self._abs(s, m.start(), m.end()), "neuro.sphincter")
        else:
            m = _SPH_OK.search(text)
            if m and ctx.assertion(m.start(), m.end()).blocking is None:
                exam().put("sphincter", "normal", self._abs(s, m.start(), m.end()), "neuro.sphincter")
        for rx, key in ((_CAUDA_SYN, "cauda_equina_syndrome"), (_CONUS_SYN, "conus_syndrome")):
            m = rx.search(text)
            if m:
                a = ctx.assertion(m.start(), m.end())
                if a.family or a.hypothetical or a.certainty:
                    self.state.skipped.append(Skipped(s.start + m.start(), s.start + m.end(),
                                                      f"{key}: {a.blocking or a.certainty}"))
                    continue
                exam().put(key, not a.negated, self._abs(s, m.start(), m.end()), f"neuro.{key}")
        m = _SENSORY_LEVEL.search(text)
        if m:
            lm = next((x for x in levels if 0 <= x.start - m.end() <= 3 and len(x.spans) == 1
                       and len(x.spans[0]) == 1), None)
            if lm is not None and self._blocked(ctx, s, m, "sensory level") is not None:
                exam().put("sensory_level", str(lm.spans[0].start), self._abs(s, m.start(), lm.end),
                           "neuro.sensory_level")
                consumed.append((lm.start, lm.end))
        m = _NEW_DEFICIT.search(text)
        if m and self._blocked(ctx, s, m, "new deficit") is not None:
            exam().put("new_deficit", True, self._abs(s, m.start(), m.end()), "neuro.new_deficit")

    def _side_limbs(self, s: Sentence, ev: EventDraft, text: str) -> None:
        anchor = next((f for f in ev.facts if f.path.startswith("deficits")), None)
        if anchor is None:
            return
        a0 = anchor.spans[0][0] - s.start
        window = text[max(0, a0 - 45):a0 + 60]
        off = max(0, a0 - 45)
        limbs: list[tuple[int, int, str]] = []
        for rx, key in _LIMBS:
            m = rx.search(window)
            if m:
                limbs.append((m.start() + off, m.end() + off, key))
        if not limbs:
            return
        side_found = False
        for rx, key in _SIDES:
            for m in rx.finditer(window):
                if m.start() + off < a0 and re.search(r"[,;]", text[m.end() + off:a0]):
                    continue  # "pain in both shoulders and the neck, and weakness ...": another phrase
                ev.put("deficit_side", key, self._abs(s, m.start() + off, m.end() + off), "neuro.deficit_side")
                side_found = True
                break
            if side_found:
                break
        for a, b, key in sorted(limbs, key=lambda t: t[2] != "upper"):
            ev.put("deficit_limbs", key, self._abs(s, a, b), "neuro.deficit_limbs")
        deficits = ev.fields.get("deficits", [])
        side, limb_keys = ev.fields.get("deficit_side"), ev.fields.get("deficit_limbs", [])
        stronger = {"paraplegia", "tetraplegia", "paraparesis", "tetraparesis", "monoparesis"} & set(deficits)
        if "weakness" in deficits and stronger:
            ev.fields["deficits"] = [d for d in deficits if d != "weakness"]
            ev.facts = [f for f in ev.facts if f.value != "weakness"]
            ev.drop("deficit_side")
            ev.drop("deficit_limbs")
            return
        if "weakness" in deficits and limb_keys == ["lower"] and side in ("both", "left", "right"):
            # weakness of both legs is paraparesis; of one leg, monoparesis (the words' meaning)
            word = "paraparesis" if side == "both" else "monoparesis"
            spans = next(f.spans for f in ev.facts if f.value == "weakness")
            ev.fields["deficits"] = [word if d == "weakness" else d for d in deficits]
            for f in ev.facts:
                if f.value == "weakness":
                    f.value, f.rule = word, "neuro.deficit_of_the_limbs"
            if word == "paraparesis":
                # the word says both legs; the side and limbs of one leg are kept (which leg is stated)
                ev.drop("deficit_side")
                ev.drop("deficit_limbs")
            del spans

    # ------------------------------------------------------------------ imaging findings

    def _findings(self, s: Sentence, ctx: SentenceContext, levels: list[LevelMention], timing: Timing | None,
                  historical: bool, presentation: bool, consumed: list[tuple[int, int]],
                  treat_anchors: list[tuple[int, int]]) -> None:
        text = s.text
        attrs: list[tuple[int, int, str, Any, str]] = []  # (start, end, field, value, rule)
        m: re.Match[str] | None

        def add(m: re.Match[str], key: str, value: Any, rule: str, negatable: bool = True) -> None:
            a = ctx.assertion(m.start(), m.end())
            if a.family or a.hypothetical:
                self.state.skipped.append(Skipped(s.start + m.start(), s.start + m.end(), f"{key}: {a.blocking}"))
                return
            if a.negated:
                if not negatable:
                    self.state.skipped.append(Skipped(s.start + m.start(), s.start + m.end(), f"{key}: negated"))
                    return
                value = False if value is True else None
                if value is None:
                    return
            elif a.certainty:
                attrs.append((m.start(), m.end(), "certainty", a.certainty, "finding.certainty"))
            attrs.append((m.start(), m.end(), key, value, rule))

        in_treatment = [(a, b) for a, b in treat_anchors]

        def near_treatment(m: re.Match[str]) -> bool:
            return any(a <= m.start() < b for a, b in in_treatment)

        for m in _CORD.finditer(text):
            if not near_treatment(m):
                add(m, "cord_compression", True, "finding.cord_compression")
        for rx, key in ((_CAUDA, "cauda_equina_compression"), (_CONUS, "conus_compression"),
                        (_ROOT, "nerve_root_compression")):
            for m in rx.finditer(text):
                add(m, key, True, f"finding.{key}")
        m = _BILSKY.search(text)
        if m:
            add(m, "escc", m.group("g").lower(), "finding.bilsky", negatable=False)
        for m in _EPIDURAL.finditer(text):
            if "epidural" in m.group(0).lower() and m.group(0).lower() == "epidural" and not _LESION.search(text):
                continue
            add(m, "epidural_present", True, "finding.epidural")
            add(m, "compartments", "epidural", "finding.compartment")
        for m in _COLLAPSE.finditer(text):
            if near_treatment(m) or re.search(r"\brisk of\b", text[max(0, m.start() - 25):m.start()], _I):
                if re.search(r"\brisk of\b", text[max(0, m.start() - 25):m.start()], _I):
                    self.state.skipped.append(Skipped(s.start + m.start(), s.start + m.end(), "collapse: hypothetical"))
                continue
            if re.match(r"fractured?$", m.group(0), _I) and not re.search(r"vertebra|body|level|[CTLS]\d", text):
                continue
            if _PATH_FRACTURE.match(text, m.start()):
                # a pathological fracture states the fracture; its collapse is left to the reader
                add(m, "pathological_fracture", True, "finding.pathological_fracture")
            elif not re.match(r"fractured?$", m.group(0), _I):
                add(m, "collapse_present", True, "finding.collapse")
        m = _COLLAPSE_PCT.search(text)
        if m:
            pct = int(m.group("pct") or m.group("pct2"))
            if 0 < pct <= 100:
                add(m, "collapse_percent", pct, "finding.collapse_percent", negatable=False)
        for rx, key in _LESION_TYPE:
            m2 = rx.search(text)
            if m2:
                add(m2, "lesion_type", key, "finding.lesion_type", negatable=False)
                break
        for rx, key in _ALIGNMENT:
            m2 = rx.search(text)
            if m2:
                add(m2, "alignment", key, "finding.alignment", negatable=False)
                break
        m = _POSTERIOR_BOTH.search(text) or _POSTERIOR_ONE.search(text)
        if m and not near_treatment(m) and not re.search(r"screw", text[m.start():m.end() + 12], _I):
            side = "bilateral" if _POSTERIOR_BOTH.match(text, m.start()) else "unilateral"
            add(m, "posterolateral", side, "finding.posterolateral", negatable=False)
        else:
            m = _POSTERIOR.search(text)
            if m and not near_treatment(m) and _LESION.search(text) and not re.search(
                    r"screw|via|through the", text[max(0, m.start() - 15):m.end() + 12], _I):
                add(m, "posterior_elements_involved", True, "finding.posterior_elements")
        for rx, key in _COMPARTMENTS:
            for m2 in rx.finditer(text):
                if key == "vertebral_body" and not (_LESION.search(text) or _COLLAPSE.search(text)):
                    continue
                if near_treatment(m2) and key != "intradural_extramedullary":
                    continue
                if key == "intradural_extramedullary" and (near_treatment(m2) or re.search(
                        r"resection|removal|removed|cement", text[m2.end():m2.end() + 25], _I)):
                    continue
                add(m2, "compartments", key, "finding.compartment", negatable=False)
                break
        m = _RESOLVED.search(text)
        if m:
            attrs.append((m.start(), m.end(), "tumour_resolved", True, "finding.tumour_resolved"))
        m = _NEW_LESION.search(text)
        if m and ctx.assertion(m.start(), m.end()).blocking is None:
            attrs.append((m.start(), m.end(), "new_lesion", True, "finding.new_lesion"))
        # a lesion at a level with no other attribute: a finding that only places the disease
        if not attrs:
            m = _LESION.search(text)
            free = [lm for lm in levels if (lm.start, lm.end) not in consumed]
            if m and free and re.search(r"metasta|deposit|lesion|tumou?r|mass|destruction|destroyed|signal", m.group(0),
                                        _I):
                a = ctx.assertion(m.start(), m.end())
                if a.blocking:
                    self.state.skipped.append(Skipped(s.start + m.start(), s.start + m.end(), f"lesion: {a.blocking}"))
                    return
                doubt = next(((x, ctx.assertion(x.start(), x.end()).certainty) for x in _DOUBTED.finditer(text)
                              if ctx.assertion(x.start(), x.end()).certainty), None)
                if a.certainty or doubt:
                    dm = m if a.certainty else doubt[0] if doubt else m
                    attrs.append((dm.start(), dm.end(), "certainty", a.certainty or (doubt[1] if doubt else None),
                                  "finding.certainty"))
                attrs.append((m.start(), m.end(), "", None, "finding.lesion"))
        if not attrs:
            return
        if not _IMAGING_VERB.search(text) and (_PATHOLOGY.search(text) or (
                all(k in ("", "certainty") for _, _, k, _, _ in attrs) and _RECURRENCE.search(text))):
            # "TTF-1 was positive in the intradural tumour", "the tumour recurred at L3": no imaging stated
            return
        if treat_anchors and not [lm for lm in levels if (lm.start, lm.end) not in consumed] and not re.search(
                r"\b(?:showed|shows|revealed|demonstrated|found|seen|MRI|CT|imaging|scan)\b", text, _I):
            return  # "operated on for the intramedullary metastasis": the lesion named, not a new finding
        modality = self._modality(s, text)
        img = self._imaging_for(s, timing, historical, presentation, modality)
        free_levels = [lm for lm in levels if (lm.start, lm.end) not in consumed]
        # each attribute goes to the nearest level mention; a list gives one finding per level
        targets: dict[int, list[tuple[int, int, str, Any, str]]] = {}
        unplaced: list[tuple[int, int, str, Any, str]] = []
        for at in attrs:
            if free_levels:
                i = min(range(len(free_levels)), key=lambda j: _attr_gap(text, at, free_levels[j]))
                targets.setdefault(i, []).append(at)
            else:
                unplaced.append(at)
        for i, lm in enumerate(free_levels):
            if i in targets:
                continue
            lesion = [x for x in _LESION.finditer(text) if 0 <= lm.start - x.end() <= 25
                      and re.search(r"metasta|deposit|lesion|tumou?r|mass|signal", x.group(0), _I)]
            if lesion and ctx.assertion(lesion[-1].start(), lesion[-1].end()).blocking is None:
                targets[i] = [(lesion[-1].start(), lesion[-1].end(), "", None, "finding.lesion")]
        for i, group in targets.items():
            lm = free_levels[i]
            for sp, part in zip(lm.spans, lm.parts, strict=True):
                f = self._finding(img, str(sp))
                f.put("level" if len(sp) == 1 else "span", str(sp), ((s.start + part[0], s.start + part[1]),),
                      "finding.level")
                for fa, fb, fkey, fvalue, frule in group:
                    if fkey:
                        f.put(fkey, fvalue, self._abs(s, fa, fb), frule)
        if unplaced:
            single = [f for f in img.findings if f.place is not None and not f.place.startswith("region:")]
            positive = all(v is not False for _, _, _, v, _ in unplaced)
            if len(single) == 1 and positive and not any(k == "" for _, _, k, _, _ in unplaced):
                f = single[0]
            else:
                regions = find_regions(text)
                study = False
                if not regions and not positive:
                    regions, study = img_regions(img, self.text), True
                place = f"region:{regions[0][2]}" if regions else None
                f = self._finding(img, place)
                if regions and "region" not in f.fields:
                    ra, rb, rkey = regions[0]
                    f.put("region", rkey, ((ra, rb),) if study else self._abs(s, ra, rb),
                          "finding.region_of_the_study" if study else "finding.region")
            for fa, fb, fkey, fvalue, frule in unplaced:
                if fkey:
                    f.put(fkey, fvalue, self._abs(s, fa, fb), frule)
        for f in img.findings:
            _settle(f)

    def _modality(self, s: Sentence, text: str) -> tuple[str, Spans] | None:
        for rx, key in _MODALITY:
            m = rx.search(text)
            if m:
                return key, self._abs(s, m.start(), m.end())
        return None

    def _imaging_for(self, s: Sentence, timing: Timing | None, historical: bool, presentation: bool,
                     modality: tuple[str, Spans] | None) -> EventDraft:
        img = self.state.imaging
        last = self.state.events[-1] if self.state.events else None
        continues = (img is not None and timing is None
                     and (last is img or (last is not None and last.type in ("neuro_exam", "pain", "performance")
                                          and last.sentence == s.index))
                     and (modality is None or img.fields.get("modality") in (None, modality[0])))
        if not continues or img is None:
            img = self._event(s, "imaging", 0, timing, presentation, historical)
            self.state.imaging = img
        if modality is not None:
            img.put("modality", modality[0], modality[1], "imaging.modality")
        return img

    @staticmethod
    def _finding(img: EventDraft, place: str | None) -> FindingDraft:
        for f in img.findings:
            if f.place == place:
                return f
        f = FindingDraft(place=place)
        img.findings.append(f)
        return f

    # ------------------------------------------------------------------ performance, pain, burden, labs

    def _other(self, s: Sentence, ctx: SentenceContext, timing: Timing | None, historical: bool,
               presentation: bool) -> None:
        text = s.text
        m: re.Match[str] | None
        m = _KPS.search(text)
        if m and self._blocked(ctx, s, m, "KPS") is not None:
            v = int(m.group("v"))
            if 0 <= v <= 100 and v % 10 == 0:
                ev = self._event(s, "performance", m.start(), timing, presentation, historical)
                ev.put("kps", v, self._abs(s, m.start(), m.end()), "performance.kps")
        m = _ECOG.search(text)
        if m and self._blocked(ctx, s, m, "ECOG") is not None and not re.match(r"WHO (?:grade|class)", m.group(0), _I):
            if m.group(0).upper().startswith("WHO") and "perform" not in m.group(0).lower() and " PS" not in m.group(0):
                pass
            else:
                ev = self._event(s, "performance", m.start(), timing, presentation, historical)
                ev.put("ecog", int(m.group("v")), self._abs(s, m.start(), m.end()), "performance.ecog")
        m = _PAIN.search(text)
        if m and not _improvement_near(text, m) and not re.search(r"\bpain[- ]free|\bpain relief|\bpain (?:was |were )?"
                                                                  r"(?:\w+ )?(?:relieved|resolved|improved|reduced|"
                                                                  r"decreased|better|eased)", text, _I):
            a = ctx.assertion(m.start(), m.end())
            if a.blocking is None and not a.certainty:
                ev = self._event(s, "pain", m.start(), timing, presentation, historical)
                ev.put("present", True, self._abs(s, m.start(), m.end()), "pain.present")
                mech = _PAIN_MECH.search(text)
                if mech:
                    ev.drop("present")
                    ev.put("character", "mechanical", self._abs(s, mech.start(), mech.end()), "pain.mechanical")
                for rx, key in _PAIN_REGION:
                    r = rx.search(text)
                    if r:
                        ev.put("spinal_region", key, self._abs(s, r.start(), r.end()), "pain.region")
                        break
                n = _NRS.search(text)
                if n and int(n.group("v")) <= 10:
                    ev.put("nrs", int(n.group("v")), self._abs(s, n.start(), n.end()), "pain.nrs")
            elif a.blocking == "negated":
                self.state.skipped.append(Skipped(s.start + m.start(), s.start + m.end(), "pain: negated"))
        burden: EventDraft | None = None
        m = _BURDEN_MULTIPLE.search(text)
        if m and self._blocked(ctx, s, m, "bone metastases") is not None:
            burden = self._event(s, "disease_burden", m.start(), timing, presentation, historical)
            burden.put("bone_mets_extent", "multiple" if not re.search(r"diffuse|widespread|disseminated|extensive",
                                                                       m.group(0), _I)
                       else ("diffuse" if "diffuse" in m.group(0).lower() else "widespread"),
                       self._abs(s, m.start(), m.end()), "burden.bone")
        for rx, organ in _VISCERAL:
            m = rx.search(text)
            if m and self._blocked(ctx, s, m, f"{organ} metastasis") is not None:
                if burden is None:
                    burden = self._event(s, "disease_burden", m.start(), timing, presentation, historical)
                burden.put("visceral_mets_present", True, self._abs(s, m.start(), m.end()), "burden.visceral")
                burden.put("visceral", {"organ": organ}, self._abs(s, m.start(), m.end()), "burden.visceral_organ")
        m = _PSA.search(text)
        if m and m.group("u") and not m.group("cmp") and self._blocked(ctx, s, m, "PSA") is not None:
            psa = float(m.group("v").replace(",", ""))
            ev = self._event(s, "labs", m.start(), timing, presentation, historical)
            ev.put("values", {"analyte": "psa", "value": int(psa) if psa.is_integer() else psa, "unit": "ng/mL"},
                   self._abs(s, m.start(), m.end()), "labs.psa")

    # ------------------------------------------------------------------ outcomes, recurrence, complications

    def _outcomes(self, s: Sentence, ctx: SentenceContext, levels: list[LevelMention], timing: Timing | None,
                  historical: bool, consumed: list[tuple[int, int]]) -> None:
        text = s.text
        m: re.Match[str] | None
        m = _NO_RECURRENCE.search(text)
        if m and not ctx.assertion(m.start(), m.end()).hypothetical:
            ev = self._event(s, "outcome", m.start(), timing, False, historical)
            ev.put("aspect", "local_control", self._abs(s, m.start(), m.end()), "outcome.aspect")
            ev.put("local_recurrence", False, self._abs(s, m.start(), m.end()), "outcome.no_recurrence")
        else:
            m = _RECURRENCE.search(text)
            if m and not re.search(r"\brecurrence of (?:the )?(?:pain|symptoms)", text[m.start():m.end() + 20], _I):
                a = ctx.assertion(m.start(), m.end())
                if a.blocking or a.certainty:
                    self.state.skipped.append(Skipped(s.start + m.start(), s.start + m.end(),
                                                      f"recurrence: {a.blocking or a.certainty}"))
                elif not any(e.type in _SPINE_TREATMENTS for e in self.state.events):
                    self.state.skipped.append(Skipped(s.start + m.start(), s.start + m.end(),
                                                      "recurrence: no treatment of the spine told before it, so not "
                                                      "a local recurrence"))
                elif not (a.historical and not self.state.treated):
                    ev = self._event(s, "outcome", m.start(), timing, False, historical)
                    ev.put("aspect", "local_control", self._abs(s, m.start(), m.end()), "outcome.aspect")
                    ev.put("local_recurrence", True, self._abs(s, m.start(), m.end()), "outcome.recurrence")
        aspects: set[str] = set()
        for rx, key in _IMPROVED:
            m = rx.search(text)
            if not m or key.split(":")[0] in aspects:
                continue
            a = ctx.assertion(m.start(), m.end())
            if a.hypothetical or a.family or a.certainty:
                self.state.skipped.append(Skipped(s.start + m.start(), s.start + m.end(), f"outcome: {a.blocking or a.certainty}"))
                continue
            aspect, change = key.split(":")
            if a.negated and change != "unchanged":
                continue
            aspects.add(aspect)
            ev = self._event(s, "outcome", m.start(), timing, False, historical)
            ev.put("aspect", aspect, self._abs(s, m.start(), m.end()), "outcome.aspect")
            ev.put("change", change, self._abs(s, m.start(), m.end()), "outcome.change")
        m = _DEATH.search(text)
        if m and not re.search(r"\bdeath (?:rate|risk)|\bcause of death|\brisk of death", text, _I):
            a = ctx.assertion(m.start(), m.end())
            if a.blocking or a.certainty:
                self.state.skipped.append(Skipped(s.start + m.start(), s.start + m.end(), f"death: {a.blocking or a.certainty}"))
            else:
                ev = self._event(s, "death", m.start(), timing, False, historical)
                ev.facts.append(_event_fact(self._abs(s, m.start(), m.end()), "outcome.death"))
                d = _DEATH_DISEASE.search(text, m.end())
                if d and d.start() - m.end() < 15:
                    ev.put("disease_related", True, self._abs(s, d.start(), d.end()), "outcome.death_cause")
        else:
            m = _ALIVE.search(text)
            if m and timing is not None and timing.at_least is not None and self._blocked(ctx, s, m, "alive") is not None:
                ev = self._event(s, "last_contact", m.start(), timing, False, historical)
                ev.put("alive", True, self._abs(s, m.start(), m.end()), "outcome.alive")
        for rx, kind in _COMPLICATIONS:
            m = rx.search(text)
            if not m:
                continue
            a = ctx.assertion(m.start(), m.end())
            if a.blocking or a.certainty:
                self.state.skipped.append(Skipped(s.start + m.start(), s.start + m.end(),
                                                  f"complication {kind}: {a.blocking or a.certainty}"))
                continue
            procedure = next((e for e in reversed(self.state.events) if e.type in (
                "surgery", "cement_augmentation", "embolisation", "ablation")), None)
            if timing is None and any(e.type == "complication" and e.fields.get("kind") == kind for e in
                                      self.state.events):
                continue  # the same complication told again ("... with intradural cement leakage")
            ev = self._event(s, "complication", m.start(), timing, False, historical)
            ev.put("kind", kind, self._abs(s, m.start(), m.end()), "complication.kind")
            if procedure is not None and procedure.fields.get("complications_stated") != "none":
                ev.refs["procedure"] = procedure
            if kind.startswith("cement") and re.search(r"\b(?:spinal )?canal|\bcord|\bintradural", text, _I) and \
                    re.search(r"compress|paraly|pleg", text, _I):
                ev.put("causes_compression", True, self._abs(s, m.start(), m.end()), "complication.compression")


# ------------------------------------------------------------------ small helpers


def _calendar(text: str) -> tuple[str, str, str | None, int, int] | None:
    """The calendar date a sentence states: ('date', ISO day, None, start, end) or ('date_range',
    first ISO day, last ISO day, start, end) for a month or a year; None when there is none or the
    words are not a real date (31 February)."""
    import calendar as cal
    import datetime as dt

    if _A_YEAR.search(text) is None:
        return None  # every date read here names its year (a fast, exact pre-check)
    m = _DATE_EXACT.search(text)
    if m:
        try:
            if m.group("y3"):
                day = dt.date(int(m.group("y3")), int(m.group("m3")), int(m.group("d3")))
            else:
                month = TX.MONTHS[(m.group("m") or m.group("m2")).lower()]
                day = dt.date(int(m.group("y") or m.group("y2")), month, int(m.group("d") or m.group("d2")))
        except ValueError:
            return None
        return "date", day.isoformat(), None, m.start(), m.end()
    m = _DATE_MONTH.search(text)
    # "may" is also a verb: a month only after "in"/"during"
    if m is not None and (m.group("m").lower() != "may" or re.match(r"(?:in|during)\b", m.group(0).strip(), _I)):
        year, month = int(m.group("y")), TX.MONTHS[m.group("m").lower()]
        last = cal.monthrange(year, month)[1]
        lead = len(m.group(0)) - len(m.group(0).lstrip())
        return ("date_range", dt.date(year, month, 1).isoformat(), dt.date(year, month, last).isoformat(),
                m.start() + lead, m.end())
    m = _DATE_YEAR.search(text)
    if m:
        year = int(m.group("y"))
        return "date_range", f"{year}-01-01", f"{year}-12-31", m.start(), m.end()
    return None


def _event_fact(spans: Spans, rule: str) -> Any:
    from spinemet.extract.drafts import Fact

    return Fact("type", None, spans, rule)


def _gap(a: int, b: int, c: int, d: int) -> int:
    if b <= c:
        return c - b
    if d <= a:
        return a - d
    return 0


_STUDY_REGION = _c(r"\b(?:MRI|MR|CT|imaging|scan)\s+(?:of\s+)?(?:the\s+)?(?P<r>whole|entire|cervical|thoracic|"
                   r"dorsal|lumbar|lumbosacral|sacral)\b")


def img_regions(img: EventDraft, text: str) -> list[tuple[int, int, str]]:
    """The region an imaging study covers, from its heading ("MRI lumbar spine"): absolute offsets."""
    start = max(0, img.sentence_start - 160)
    found = list(_STUDY_REGION.finditer(text, start, img.sentence_start + len(img.sentence_text)))
    if not found:
        return []
    m = found[-1]  # the nearest heading before the findings
    word = m.group("r").lower()
    key = {"whole": "whole_spine", "entire": "whole_spine", "dorsal": "thoracic"}.get(word, word)
    return [(m.start("r"), m.end("r"), key)]


def _attr_gap(text: str, at: tuple[int, int, str, Any, str], lm: LevelMention) -> int:
    """How far a finding's words are from a level; "collapse of the L5 body" binds to L5 whatever
    stands before the words."""
    if lm.start >= at[1] and re.fullmatch(r"\s+(?:of|at|in|involving)\s+(?:the\s+)?", text[at[1]:lm.start], _I):
        return 0
    return _gap(at[0], at[1], lm.start, lm.end)


def _improvement_near(text: str, m: re.Match[str]) -> bool:
    """A deficit or pain word inside an improvement statement ("weakness improved") is an outcome."""
    tail = text[m.end():m.end() + 40]
    head = text[max(0, m.start() - 30):m.start()]
    return bool(re.search(r"^\W*(?:\w+\W+){0,3}(?:improved|resolved|resolving|recovered|relieved|better|"
                          r"reduced|improving|disappeared)", tail, _I)) or bool(
        re.search(r"(?:improvement|recovery|resolution|relief|reduction|improved|resolved)(?: of| in)?\s*(?:\w+\s+){0,2}$",
                  head, _I))


def _muscle(words: str) -> str | None:
    words = words.strip().lower()
    for rx, key in _MUSCLES:
        if rx.match(words):
            return key
    return None


def _settle(f: FindingDraft) -> None:
    """Keep a finding's values in agreement: an ESCC grade states the cord compression; a
    percentage states the collapse."""
    escc = f.fields.get("escc")
    if escc is not None:
        cord = f.fields.get("cord_compression")
        if cord is not None and cord != (escc in ("2", "3")):
            f.drop("cord_compression")
        if f.fields.get("epidural_present") is not None and f.fields["epidural_present"] != (escc != "0"):
            f.drop("epidural_present")
    pct = f.fields.get("collapse_percent")
    if pct is not None and f.fields.get("collapse_present") is not None:
        f.drop("collapse_present")  # the percentage states it (and a disagreement is not guessed away)
    if f.fields.get("epidural_present") is False and f.fields.get("cord_compression"):
        f.drop("epidural_present")
