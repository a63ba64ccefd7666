"""A CARE case-report draft written from a case record: every sentence names the fact it states.

CARE (Gagnier et al. 2013, doi:10.1186/1752-1947-7-223) lists what a case report should contain;
the checklist is kept as data in ``case_report_care.yaml`` (items in our words, with the source).
The draft fills the items the record can fill -- title suggestion, keywords, de-identified patient
information, clinical findings, a timeline as precise as the record, the diagnostic assessment
with the scores at each decision point (the service's assessment of that day), the interventions
(levels, spans, doses), follow-up and outcomes -- and lists every item it cannot fill, with why,
so the author sees what is left to write.

Nothing is invented: a sentence is built only from a recorded value or from the course analysis
and assessment the service computed from them, and carries its source (:class:`Sentence.source`).
Free-text notes of the record are quoted only for a reader who may see identifiers. No calendar
date is printed (days since the index day only), nor a pseudonym: the draft is de-identified.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from spinemet.case import Case, Event
from spinemet.report import present
from spinemet.report.labels import label
from spinemet.service.case_report import CaseReportInputs

CARE_FILE = Path(__file__).with_name("case_report_care.yaml")

#: the course analysis' kinds of event that are outcomes (CARE 10a) and adverse events (CARE 10d)
OUTCOME_KINDS = ("response", "neuro_change", "rehabilitation_outcome", "pain_response", "death", "local_control")
ADVERSE_KINDS = ("local_recurrence", "new_deficit", "progression", "complication", "adjacent_progression")
#: record event types by CARE item
INTERVENTION_TYPES = ("surgery", "radiotherapy", "chemoradiotherapy", "systemic_therapy", "corticosteroids",
                      "rehabilitation", "embolisation", "ablation", "cement_augmentation", "primary_resection",
                      "supportive_care")
DIAGNOSTIC_TYPES = ("imaging", "histopathology", "labs", "disease_burden")
FINDING_TYPES = ("neuro_exam", "performance", "pain", "fitness")
#: scores reported at each decision point (the tumour board's key instruments, then prognosis)
DECISION_SCORES = (*present.KEY_INSTRUMENTS, "tokuhashi_1990", "tomita", "katagiri_new", "bauer_modified", "rades_survival")


@dataclass(frozen=True)
class CareItem:
    number: str
    key: str
    name: str
    asks: str
    fills: str
    why_left: str = ""


@dataclass(frozen=True)
class CareChecklist:
    citation: str
    doi: str
    pmid: str
    items: tuple[CareItem, ...]

    def item(self, key: str) -> CareItem:
        return next(i for i in self.items if i.key == key)


@cache
def care_checklist() -> CareChecklist:
    """The CARE checklist as kept in ``case_report_care.yaml``."""
    data = yaml.safe_load(CARE_FILE.read_text(encoding="utf-8"))
    src = data["source"]
    items = tuple(CareItem(number=str(i["number"]), key=i["key"], name=i["name"], asks=i["asks"], fills=i["fills"],
                           why_left=i.get("why_left", "")) for i in data["items"])
    return CareChecklist(" ".join(str(src["citation"]).split()), str(src["doi"]), str(src["pmid"]), items)


@dataclass(frozen=True)
class Sentence:
    """One generated sentence and where its fact came from (shown on hover and as a footnote)."""

    text: str
    source: str
    refs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Section:
    """The draft's text for one CARE item (empty when the record holds nothing for it)."""

    key: str
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True)
class TimelineRow:
    when: str
    what: str
    details: str
    source: str
    as_recorded: str = ""
    course: tuple[Sentence, ...] = ()


@dataclass(frozen=True)
class ScoreRow:
    name: str
    value: str
    band: str
    state: str
    ref: str | None


@dataclass(frozen=True)
class PointScores:
    day: int
    what: str
    source: str
    scores: tuple[ScoreRow, ...]


@dataclass(frozen=True)
class Missing:
    """A CARE item the record cannot fill, and why."""

    number: str
    name: str
    why: str


@dataclass(frozen=True)
class Draft:
    case_id: str
    origin: str
    version: int | str
    day: int
    identified: bool
    title: Sentence
    keywords: tuple[Sentence, ...]
    sections: tuple[Section, ...]
    timeline: tuple[TimelineRow, ...]
    decision_scores: tuple[PointScores, ...]
    levels: dict[str, tuple[str, ...]]
    missing: tuple[Missing, ...]
    references: tuple[str, ...] = ()
    care: CareChecklist = field(default_factory=care_checklist)

    def section(self, key: str) -> Section:
        return next((s for s in self.sections if s.key == key), Section(key, ()))

    def ref_number(self, key: str) -> int:
        return self.references.index(key) + 1


# ------------------------------------------------------------------ sources and words

def _event_source(case: Case, event: Event, what: str = "") -> str:
    ident = f"'{event.id}'" if event.id else f"#{case.position_of(event) + 1}"
    tail = f": {what}" if what else ""
    return f"record, timeline event {ident} ({label(event.type).lower()}, {case.when_text(event)}){tail}"


def _course_source(kind: str, day: int) -> str:
    return f"course analysis of the timeline ({kind.replace('_', ' ')}, day {day}; derived by SpineMet from the record)"


def _facts(event: Event, identified: bool) -> str:
    skip = {"Timing note", "Note"}
    text = "; ".join(f"{k}: {v}" if k != "Timed" else v for k, v in present.event_facts(event, identified)
                     if k not in skip)
    return text.replace("Escc ", "ESCC ")  # the grade's name as clinicians write it


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


# ------------------------------------------------------------------ the sections

def _title(inputs: CaseReportInputs) -> Sentence:
    case = inputs.case
    primary = _primary_words(case)
    levels = present.levels_text(case)
    interest = [e for e in inputs.course_events() if e.kind.value == "local_recurrence"]
    responses = [e for e in inputs.course_events() if e.kind.value == "response"]
    where = f" ({levels})" if levels != "—" else ""
    parts = [f"Spinal metastasis{where} of {primary}"]
    sources = ["primary tumour (case header)"] + (["imaging findings (levels)"] if where else [])
    if interest:
        parts.append(f"with {interest[0].title[0].lower()}{interest[0].title[1:]}")
        sources.append(_course_source("local recurrence", interest[0].day))
    if responses:
        parts.append("and its response to treatment")
        sources.append(_course_source("response", responses[0].day))
    return Sentence(" ".join(parts) + ": a case report", "; ".join(sources))


def _primary_words(case: Case) -> str:
    """'a neuro-endocrine neoplasm (lung, other)', 'a kidney primary': the recorded site, and the
    neuro-endocrine nature when the record has neuro-endocrine pathology; never a histology guessed."""
    site = case.primary.site_label or label(case.primary.site.value).lower()
    if case.primary.neuroendocrine is not None:
        return f"a neuro-endocrine neoplasm ({site})"
    return f"a {site} primary"


def _keywords(inputs: CaseReportInputs) -> tuple[Sentence, ...]:
    case = inputs.case
    levels = present.levels_text(case)
    out = [Sentence("spinal metastasis", "imaging findings at a vertebral level" if levels != "—"
                    else "the case record (every SpineMet case is a spinal-metastasis case; no level recorded)")]
    out.append(Sentence(case.primary.site_label or label(case.primary.site.value).lower(), "primary tumour (case header)"))
    if case.primary.neuroendocrine is not None:
        out.append(Sentence("neuro-endocrine tumour", "primary tumour: neuro-endocrine pathology recorded"))
    compressed = [(ev, f) for _, ev in inputs.ordered_events() for f in getattr(ev, "findings", None) or ()
                  if f.cord_compression or (f.escc is not None and f.escc.value in ("2", "3"))]
    if compressed:
        out.append(Sentence("spinal cord compression", _event_source(case, compressed[0][0], "cord compression / ESCC")))
    kinds = {e.kind.value: e for e in inputs.course_events()}
    if "local_recurrence" in kinds:
        out.append(Sentence("local recurrence", _course_source("local recurrence", kinds["local_recurrence"].day)))
    for iv in inputs.interventions():
        word = {"chemoradiotherapy": "chemoradiotherapy", "radiotherapy": "radiotherapy", "surgery": "decompression"
                if iv.decompressive else "spine surgery", "systemic_therapy": "systemic therapy"}.get(iv.kind)
        if word and word not in {s.text for s in out}:
            out.append(Sentence(word, f"course analysis: intervention '{iv.key}' (day {iv.day})"))
    return tuple(out[:5])


def _patient(inputs: CaseReportInputs) -> tuple[Sentence, ...]:
    p = inputs.case.patient
    out: list[Sentence] = []
    if p.age is not None:
        out.append(Sentence(f"The patient was {p.age} years old at the index day.", "record, patient: age"))
    elif p.age_group is not None:
        out.append(Sentence(f"The patient's age group is {label(p.age_group.value).lower()}.", "record, patient: age group"))
    if p.sex is not None:
        out.append(Sentence(f"Sex: {label(p.sex.value).lower()}.", "record, patient: sex"))
    if p.previously_healthy is not None:
        out.append(Sentence("Previously healthy." if p.previously_healthy else "Not previously healthy (comorbidity recorded).",
                            "record, patient: previously healthy"))
    return tuple(out)


def _first_day(inputs: CaseReportInputs) -> int:
    days = [d for d, _ in inputs.ordered_events() if d >= 0]
    return min(days) if days else 0


def _symptoms(inputs: CaseReportInputs) -> tuple[Sentence, ...]:
    case = inputs.case
    first = _first_day(inputs)
    out = []
    for at, ev in inputs.ordered_events():
        if at != first or ev.type not in ("neuro_exam", "pain"):
            continue
        if ev.type == "neuro_exam":
            text = f"At presentation ({case.when_text(ev)}) the examination recorded: {present.neuro_text(ev)}."
        else:
            text = f"Pain at presentation ({case.when_text(ev)}): {_facts(ev, inputs.identified) or 'recorded'}."
        out.append(Sentence(text, _event_source(case, ev)))
    return tuple(out)


def _history(inputs: CaseReportInputs) -> tuple[Sentence, ...]:
    case = inputs.case
    pt = case.primary
    out = []
    site = pt.site_label or label(pt.site.value).lower()
    certainty = f" ({label(pt.site_certainty.value).lower()})" if pt.site_certainty is not None else ""
    out.append(Sentence(f"Primary tumour: {site}{certainty}.", "record, primary tumour: site"))
    if pt.histology and inputs.identified:
        out.append(Sentence(f"Histology as recorded: {pt.histology}.", "record, primary tumour: histology (free text)"))
    if pt.known_before_presentation is not None:
        out.append(Sentence("The primary was known before the spinal presentation." if pt.known_before_presentation
                            else "The spinal metastasis was the first presentation of the cancer.",
                            "record, primary tumour: known before presentation"))
    if pt.diagnosis_day is not None:
        out.append(Sentence(f"The primary was diagnosed on day {pt.diagnosis_day}.", "record, primary tumour: diagnosis day"))
    for at, ev in inputs.ordered_events():
        if at < _first_day(inputs) or (at == _first_day(inputs) and ev.type in ("primary_resection",)):
            out.append(Sentence(f"Before presentation ({case.when_text(ev)}): {label(ev.type).lower()}"
                                f"{' — ' + _facts(ev, inputs.identified) if _facts(ev, inputs.identified) else ''}.",
                                _event_source(case, ev)))
    return tuple(out)


def _findings(inputs: CaseReportInputs) -> tuple[Sentence, ...]:
    case = inputs.case
    out = []
    for at, ev in inputs.ordered_events():
        if (ev.type in FINDING_TYPES and ev.type != "neuro_exam") or (ev.type == "neuro_exam" and at > _first_day(inputs)):
            what = present.neuro_text(ev) if ev.type == "neuro_exam" else _facts(ev, inputs.identified)
            out.append(Sentence(f"{_sentence_case(case.when_text(ev))}, {label(ev.type).lower()}: {what or 'recorded'}.",
                                _event_source(case, ev)))
    return tuple(out)


def _diagnostics(inputs: CaseReportInputs) -> tuple[Sentence, ...]:
    case = inputs.case
    out = []
    for _, ev in inputs.ordered_events():
        if ev.type not in DIAGNOSTIC_TYPES:
            continue
        modality = getattr(ev, "modality", None)
        head = f"{label(ev.type)}{' (' + label(modality.value if hasattr(modality, 'value') else str(modality)) + ')' if modality else ''}"
        out.append(Sentence(f"{_sentence_case(case.when_text(ev))}, {head.lower()}: {_facts(ev, inputs.identified) or 'recorded'}.",
                            _event_source(case, ev)))
    return tuple(out)


def _prognosis(inputs: CaseReportInputs) -> tuple[Sentence, ...]:
    out = []
    final = inputs.final
    for r in present.key_results(final, count=len(present.KEY_INSTRUMENTS)):
        if r.not_applicable:
            continue
        bands = ", ".join(present.band_labels(r)) or "no band"
        state = present.result_state(r)[1]
        key = r.citation.get("key")
        out.append(Sentence(f"{r.name} on day {final.day}: {present.value_text(r)} ({bands}; {state}).",
                            f"assessment of the record on day {final.day}: {r.name} ({r.verification})",
                            (str(key),) if key else ()))
    return tuple(out)


def _interventions(inputs: CaseReportInputs) -> tuple[Sentence, ...]:
    case = inputs.case
    out = []
    for _, ev in inputs.ordered_events():
        if ev.type in INTERVENTION_TYPES:
            out.append(Sentence(f"{_sentence_case(case.when_text(ev))}: {label(ev.type).lower()} — "
                                f"{_facts(ev, inputs.identified) or 'no detail recorded'}.", _event_source(case, ev)))
            missing = _missing_detail(ev)
            if missing:
                out.append(Sentence(f"Not in the record for this {label(ev.type).lower()}: {', '.join(missing)}.",
                                    _event_source(case, ev, "fields left empty")))
    return tuple(out)


def _missing_detail(ev: Event) -> list[str]:
    wanted = {"radiotherapy": ("dose_gy", "fractions"), "chemoradiotherapy": ("dose_gy", "fractions", "regimen"),
              "systemic_therapy": ("regimen",), "surgery": ("procedures", "levels")}.get(ev.type, ())
    return [label(f).lower() for f in wanted if getattr(ev, f, None) in (None, [])]


def _changes(inputs: CaseReportInputs) -> tuple[Sentence, ...]:
    case = inputs.case
    out = []
    for _, ev in inputs.ordered_events():
        if ev.type != "decision":
            continue
        rejected = getattr(ev, "rejected_options", None) or []
        if rejected:
            out.append(Sentence(f"{_sentence_case(case.when_text(ev))}: option(s) not taken — "
                                f"{', '.join(label(r).lower() for r in rejected)}.", _event_source(case, ev, "rejected options")))
        if inputs.identified:
            reason = getattr(ev, "reason", None)
            text = f"Decision as recorded: {ev.summary}" + (f" Reason as recorded: {reason}" if reason else "")
            out.append(Sentence(text.rstrip(".") + ".", _event_source(case, ev, "summary and reason (free text)")))
    return tuple(out)


def _course_sentences(inputs: CaseReportInputs, kinds: tuple[str, ...]) -> tuple[Sentence, ...]:
    return tuple(Sentence(f"Day {e.day}: {e.title}" + (f" ({e.detail.split('. ')[0]})" if e.detail else "") + ".",
                          _course_source(e.kind.value, e.day) + (f"; certainty {e.certainty}" if e.certainty != "definite" else ""),
                          tuple(e.citations))
                 for e in inputs.course_events() if e.kind.value in kinds)


def _outcomes(inputs: CaseReportInputs) -> tuple[Sentence, ...]:
    case = inputs.case
    out = list(_course_sentences(inputs, OUTCOME_KINDS))
    last = [ev for _, ev in inputs.ordered_events() if ev.type in ("neuro_exam", "death", "last_contact", "outcome")]
    if last:
        final = last[-1]
        what = present.neuro_text(final) if final.type == "neuro_exam" else (_facts(final, inputs.identified)
                                                                            or label(final.type).lower())
        out.append(Sentence(f"Last recorded status ({case.when_text(final)}): {what}.", _event_source(case, final)))
    for _, ev in inputs.ordered_events():
        outcome = getattr(ev, "outcome", None)
        if ev.type == "rehabilitation" and outcome and inputs.identified:
            out.append(Sentence(f"Rehabilitation outcome as recorded: {outcome}.", _event_source(case, ev, "outcome (free text)")))
    return tuple(out)


def _followup_tests(inputs: CaseReportInputs) -> tuple[Sentence, ...]:
    case = inputs.case
    firsts = [iv.day for iv in inputs.interventions()]
    if not firsts:
        return ()
    start = min(firsts)
    return tuple(Sentence(f"{_sentence_case(case.when_text(ev))}, follow-up {label(ev.type).lower()}: "
                          f"{_facts(ev, inputs.identified) or 'recorded'}.", _event_source(case, ev))
                 for at, ev in inputs.ordered_events() if at > start and ev.type in ("imaging", "labs"))


def _adverse(inputs: CaseReportInputs) -> tuple[Sentence, ...]:
    case = inputs.case
    out = list(_course_sentences(inputs, ADVERSE_KINDS))
    for _, ev in inputs.ordered_events():
        if ev.type == "complication":
            out.append(Sentence(f"{_sentence_case(case.when_text(ev))}: complication — {_facts(ev, inputs.identified)}.",
                                _event_source(case, ev)))
        stated = getattr(ev, "complications_stated", None)
        if stated is not None:
            out.append(Sentence(f"{_sentence_case(case.when_text(ev))}: complications of the {label(ev.type).lower()}: "
                                f"{label(stated.value).lower()}.", _event_source(case, ev, "complications stated")))
    return tuple(out)


def _source_note(inputs: CaseReportInputs) -> tuple[Sentence, ...]:
    src = inputs.case.source
    if src is None or not src.evidence_key:
        return ()
    return (Sentence("The record was taken from a published report of this case.", "record, source: evidence key",
                     (src.evidence_key,)),)


# ------------------------------------------------------------------ timeline, scores, levels

def _timeline(inputs: CaseReportInputs) -> tuple[TimelineRow, ...]:
    case = inputs.case
    by_day: dict[int, list[Sentence]] = {}
    for e in inputs.course_events():
        by_day.setdefault(e.day, []).append(Sentence(e.title, _course_source(e.kind.value, e.day), tuple(e.citations)))
    rows = []
    shown: set[int] = set()
    ordered = inputs.ordered_events()
    for n, (at, ev) in enumerate(ordered):
        last_of_day = n + 1 == len(ordered) or ordered[n + 1][0] != at
        course = tuple(by_day.get(at, ())) if last_of_day and at not in shown else ()
        if course:
            shown.add(at)
        details = present.neuro_text(ev) if ev.type == "neuro_exam" else _facts(ev, inputs.identified)
        rows.append(TimelineRow(case.when_text(ev), label(ev.type), details or "—", _event_source(case, ev),
                                (getattr(ev, "timing_note", None) or "") if inputs.identified else "", course))
    return tuple(rows)


def _decision_scores(inputs: CaseReportInputs) -> tuple[PointScores, ...]:
    out = []
    for point in inputs.points:
        by_key = {r.instrument: r for r in point.assessment.instruments}
        rows = []
        for key in dict.fromkeys(DECISION_SCORES):
            r = by_key.get(key)
            if r is None or r.not_applicable:
                continue
            ref = r.citation.get("key")
            rows.append(ScoreRow(r.name, present.value_text(r), ", ".join(present.band_labels(r)) or "—",
                                 present.result_state(r)[1], str(ref) if ref else None))
        what = "; ".join(f"{label(ev.type).lower()}{' ' + repr(ev.id) if ev.id else ''}" for ev in point.events)
        out.append(PointScores(point.day, what, f"assessment of the record on day {point.day} (SpineMet instruments)",
                               tuple(rows)))
    return tuple(out)


def spine_levels(inputs: CaseReportInputs) -> dict[str, tuple[str, ...]]:
    """Levels by role: 'involved' (a finding at a level or span), 'treated' (surgery, radiotherapy or
    other local treatment levels), 'instrumented' (a fixation span)."""
    involved: set[Any] = set()
    treated: set[Any] = set()
    instrumented: set[Any] = set()
    for iv in inputs.interventions():
        treated.update(iv.levels)
        instrumented.update(iv.field if iv.kind == "surgery" else ())
    for _, ev in inputs.ordered_events():
        for f in getattr(ev, "findings", None) or ():
            if f.level is not None:
                involved.add(f.level)
            if f.span is not None:
                involved.update(f.span.levels)
    return {"involved": tuple(str(lv) for lv in sorted(involved)), "treated": tuple(str(lv) for lv in sorted(treated)),
            "instrumented": tuple(str(lv) for lv in sorted(instrumented))}


# ------------------------------------------------------------------ the draft

SECTION_BUILDERS = (
    ("source", _source_note),
    ("demographics", _patient),
    ("symptoms", _symptoms),
    ("history", _history),
    ("clinical_findings", _findings),
    ("diagnostic_methods", _diagnostics),
    ("prognosis", _prognosis),
    ("intervention_types", _interventions),
    ("intervention_changes", _changes),
    ("outcomes", _outcomes),
    ("followup_tests", _followup_tests),
    ("adverse_events", _adverse),
)
#: record items filled by a table or a figure rather than sentences
FILLED_BY_TABLE = {"timeline", "intervention_administration"}


def _missing(sections: tuple[Section, ...], timeline: tuple[TimelineRow, ...], care: CareChecklist) -> tuple[Missing, ...]:
    filled = {s.key for s in sections if s.sentences} | {"title", "keywords"}
    if timeline:
        filled |= FILLED_BY_TABLE
    if "intervention_types" not in filled:
        filled.discard("intervention_administration")
    out = []
    for item in care.items:
        if item.fills == "author":
            out.append(Missing(item.number, item.name, item.why_left))
        elif item.key not in filled:
            out.append(Missing(item.number, item.name, f"the record holds nothing for it ({item.asks})"))
    return tuple(out)


#: the order of the draft's text blocks (the template renders them in this order too)
HEAD_SECTIONS = ("source", "demographics", "symptoms", "history", "clinical_findings")
TAIL_SECTIONS = ("prognosis", "intervention_types", "intervention_changes", "outcomes", "followup_tests", "adverse_events")


def document_sentences(title: Sentence, keywords: tuple[Sentence, ...], sections: tuple[Section, ...],
                       timeline: tuple[TimelineRow, ...]) -> list[Sentence]:
    """Every generated sentence in the order the draft prints it (title, keywords, sections 5-6, the
    timeline's course readings, section 8a, then 8d-10)."""
    by_key = {s.key: s for s in sections}
    out = [title, *keywords]
    for key in HEAD_SECTIONS:
        out.extend(by_key[key].sentences)
    out.extend(c for row in timeline for c in row.course)
    out.extend(by_key["diagnostic_methods"].sentences)
    for key in TAIL_SECTIONS:
        out.extend(by_key[key].sentences)
    return out


def reference_order(sentences: list[Sentence], scores: tuple[PointScores, ...]) -> tuple[str, ...]:
    """The cited keys numbered in order of first mention (Vancouver): the decision-point score table
    comes after section 8a, before 8d."""
    keys: list[str] = []
    diag_end = 0
    for n, s in enumerate(sentences):
        if s.source.startswith("assessment of the record on day"):
            diag_end = n
            break
    else:
        diag_end = len(sentences)
    for s in sentences[:diag_end]:
        keys.extend(s.refs)
    keys.extend(r.ref for p in scores for r in p.scores if r.ref)
    for s in sentences[diag_end:]:
        keys.extend(s.refs)
    return tuple(dict.fromkeys(k for k in keys if k))


def build_draft(inputs: CaseReportInputs) -> Draft:
    """The CARE draft of ``inputs`` (see the module's docstring)."""
    care = care_checklist()
    sections = tuple(Section(key, build(inputs)) for key, build in SECTION_BUILDERS)
    timeline = _timeline(inputs)
    scores = _decision_scores(inputs)
    title, keywords = _title(inputs), _keywords(inputs)
    sentences = document_sentences(title, keywords, sections, timeline)
    return Draft(case_id=inputs.case.id, origin=inputs.origin, version=inputs.version, day=inputs.final.day,
                 identified=inputs.identified, title=title, keywords=keywords, sections=sections,
                 timeline=timeline, decision_scores=scores, levels=spine_levels(inputs),
                 missing=_missing(sections, timeline, care), references=reference_order(sentences, scores), care=care)
