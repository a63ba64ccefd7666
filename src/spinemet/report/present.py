"""Presentation helpers of the report and web templates: labels, days, citations, settling facts."""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any

from markupsafe import Markup

from spinemet.case import Case
from spinemet.errors import NotFound
from spinemet.evidence import cite
from spinemet.instruments import Instrument, Result
from spinemet.report.labels import label
from spinemet.service import offline

#: the declarations by key, for labels of items, answers and bands
INSTRUMENTS: dict[str, Instrument] = {inst.key: inst for inst in offline.declarations()}
#: the pathway's rules by key, for their titles
RULE_TITLES: dict[str, str] = {rule.key: rule.title for rule in offline.rules()}

#: which fact of the record settles an unknown item (shown beside the range it leaves)
SETTLES: dict[str, str] = {
    "location": "the level of the lesion (imaging finding)",
    "pain": "the pain character: mechanical, occasional or none (pain entry)",
    "bone_lesion": "lytic, mixed or blastic on CT (imaging finding)",
    "alignment": "alignment on imaging (imaging finding)",
    "collapse": "vertebral body collapse (imaging finding)",
    "posterolateral": "posterolateral involvement (imaging finding)",
    "escc.grade": "the Bilsky grade on MRI (imaging finding)",
    "frankel.grade": "the Frankel grade (neurological exam)",
    "asia.grade": "the ASIA impairment grade (neurological exam)",
    "score": "KPS or ECOG (performance status)",
    "kps": "KPS (performance status)",
    "general_condition": "KPS (performance status)",
    "extraspinal_bone_mets": "the count of extraspinal bone metastases (disease burden)",
    "vertebral_body_mets": "the count of involved vertebrae (disease burden)",
    "visceral_mets": "visceral metastases and whether removable (disease burden)",
    "no_visceral_mets": "visceral metastases (disease burden)",
    "bone_mets": "the bone metastases: solitary or multiple (disease burden)",
    "multiple_skeletal_mets": "the bone metastases: solitary or multiple (disease burden)",
    "solitary_skeletal_met": "the bone metastases: solitary or multiple (disease burden)",
    "other_bone_mets": "other bone metastases (disease burden)",
    "primary_site": "the primary tumour",
    "primary": "the primary tumour",
    "primary_growth": "the primary tumour and its histology",
    "tumour_type": "the primary tumour",
    "favourable_primary": "the primary tumour",
    "not_lung_cancer": "the primary tumour",
    "palsy": "the Frankel grade (neurological exam)",
    "no_pathological_fracture": "a pathological fracture (imaging finding)",
    "laboratory": "albumin, LDH, platelets, bilirubin, CRP, calcium (labs)",
    "albumin_normal": "serum albumin (labs)",
    "ecog_3_or_4": "ECOG (performance status)",
    "previous_chemotherapy": "earlier systemic therapy (timeline)",
    "bauer_modified_3_or_more": "the modified Bauer items (primary, visceral and bone metastases)",
    "ambulatory": "ambulatory status (neurological exam)",
    "interval_to_mscc": "the day the primary tumour was diagnosed (case header)",
    "motor_deficit_time": "the day the motor deficit began (neurological exam)",
    "system": "the WHO grading system for the primary (histopathology)",
    "differentiation": "differentiation (histopathology)",
    "ki67": "Ki-67 index (histopathology)",
    "mitoses": "mitotic count (histopathology)",
    "necrosis": "necrosis (histopathology)",
    "morphology": "morphology (histopathology)",
    "net_grade": "the neuro-endocrine grade (histopathology)",
}


@cache  # of the bibliography and the declarations: fixed while the process runs
def settles(instrument: str, item: str) -> str:
    return SETTLES.get(f"{instrument}.{item}") or SETTLES.get(item) or "a further fact of the record"


@cache  # of the bibliography and the declarations: fixed while the process runs
def item_label(instrument: str, item: str) -> str:
    inst = INSTRUMENTS.get(instrument)
    if inst is None:
        return label(item)
    try:
        return inst.item(item).label
    except KeyError:
        return label(item)


@cache  # of the bibliography and the declarations: fixed while the process runs
def answer_label(instrument: str, item: str, answer: str | None) -> str:
    if answer is None:
        return "unknown"
    inst = INSTRUMENTS.get(instrument)
    try:
        return inst.item(item).answer(answer).label if inst else answer
    except KeyError:
        return answer


def value_text(result: Result) -> str:
    """'12', '7–12' (a range while items are unknown), or the category of a classifier."""
    if result.kind.value == "classifier":
        if result.category is not None:
            return result.band.label if result.band else result.category
        return "not yet decided" if result.possible_bands else "unknown"
    if result.total is not None:
        return str(result.total)
    if result.min_total is not None and result.max_total is not None:
        return f"{result.min_total}–{result.max_total}"
    return "unknown"


def band_labels(result: Result) -> list[str]:
    inst = INSTRUMENTS.get(result.instrument)
    out = []
    for key in result.possible_bands:
        try:
            out.append(inst.band(key).label if inst else key)
        except KeyError:
            out.append(key)
    return out


@cache  # of the bibliography and the declarations: fixed while the process runs
def reference(key: str) -> str:
    try:
        return cite(key).short()
    except NotFound:
        return key


@cache  # of the bibliography and the declarations: fixed while the process runs
def reference_title(key: str) -> str:
    try:
        return cite(key).title
    except NotFound:
        return ""


_CHECKED = {"verified": "", "secondary": "seen in a secondary source only",
            "unverified": "not yet re-read against the source", "derived": "a rule combining sources"}


@cache  # of the bibliography and the declarations: fixed while the process runs
def reference_checked(key: str) -> str:
    """How far the reference was checked, in words ('' when verified against the primary source)."""
    try:
        return _CHECKED.get(cite(key).status.value, "")
    except NotFound:
        return "not in the bibliography"


def day_text(day: int | None, case: Case | None = None, identified: bool = True) -> str:
    if day is None:
        return "day ?"
    text = f"day {day}"
    if identified and case is not None and case.index_date is not None:
        date = case.date_of_day(day)
        if date is not None:
            text += f" ({date.isoformat()})"
    return text


def neuro_text(exam: Any) -> str:
    """'Frankel D · ASIA D · walks with aid · motor deficit yes' from what the exam recorded."""
    parts = []
    if exam.frankel is not None:
        parts.append(f"Frankel {exam.frankel.value}")
    if exam.asia is not None:
        parts.append(f"ASIA {exam.asia.value}")
    if exam.ambulatory is not None:
        parts.append(label(exam.ambulatory.value).lower())
    if exam.motor_deficit is not None:
        parts.append("motor deficit " + ("yes" if exam.motor_deficit else "no"))
    if exam.new_deficit is not None:
        parts.append("new or worse deficit " + ("yes" if exam.new_deficit else "no"))
    if exam.suspected_instability is not None:
        parts.append("suspected instability " + ("yes" if exam.suspected_instability else "no"))
    return " · ".join(parts) or "examined; no grade recorded"


def levels_text(case: Case) -> str:
    levels = sorted({f.level for e in case.timeline for f in getattr(e, "findings", ()) or () if f.level is not None})
    return ", ".join(str(lv) for lv in levels) or "—"


def event_facts(event: Any, identified: bool = True) -> list[tuple[str, str]]:
    """The known fields of an event as (label, value) pairs, free text hidden when de-identified."""
    hidden = {"type", "id", "day", "date", "findings", "values", "day_range", "date_range"}
    free_text = {"note", "timing_note", "impression", "summary", "reason", "complications", "cause", "outcome", "regimen"}
    out: list[tuple[str, str]] = []
    data = event.model_dump(mode="json", exclude_none=True)
    for key, value in data.items():
        if key in hidden or (not identified and key in free_text):
            continue
        out.append(("Timed", _relative(key, value)) if key in ("after", "before") else (label(key), _fmt(value)))
    for finding in data.get("findings", []):
        place = {"level", "span", "region", "diffuse"}
        parts = [f"{label(k)} {_fmt(v)}" for k, v in finding.items() if k not in place and (identified or k != "note")]
        parts = [p for p in parts if not p.startswith("Note ")] + [p for p in parts if p.startswith("Note ")]
        out.append((_place(finding), "; ".join(parts) or "finding recorded"))
    for lab in data.get("values", []):
        # a bound is said as one ("above 27000"), and a number without its unit says so: neither reads as a
        # measurement (LabValue.bound, unit_not_stated)
        bound = {"above": "above ", "below": "below "}.get(str(lab.get("bound")), "")
        unit = "(unit not stated)" if lab.get("unit_not_stated") else lab.get("unit", "")
        stated = [f"{bound}{lab['value']:g} {unit}".strip()] if "value" in lab else []
        if "statement" in lab:
            stated.append(label(str(lab["statement"])).lower())
        out.append((label(str(lab.get("analyte"))), " · ".join(stated)))
    return out


def _relative(side: str, rel: dict[str, Any]) -> str:
    """'0 to 1 months after surgery-1', 'at least 12 years before presentation' -- as stated."""
    least, most, unit = rel.get("at_least", 0), rel.get("at_most"), rel.get("unit", "days")
    amount = f"at least {least:g}" if most is None else (f"{least:g}" if least == most else f"{least:g} to {most:g}")
    return f"{amount} {unit} {side} {rel['event']}"


def _place(finding: dict[str, Any]) -> str:
    """Where a finding is, as written: 'Level T6', 'Levels T2-T10', 'Thoracic region (diffuse)', 'Diffuse'."""
    if "level" in finding:
        return f"Level {finding['level']}"
    if "span" in finding:
        return f"Levels {finding['span']}"
    diffuse = " (diffuse)" if finding.get("diffuse") else ""
    if "region" in finding:
        return f"{label(str(finding['region']))} region{diffuse}"
    return "Diffuse" if diffuse else "Place not stated"


def _fmt(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(_fmt(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{label(str(k)).lower()} {_fmt(v)}" for k, v in value.items())
    if isinstance(value, str) and _KEYLIKE.match(value):
        return label(value)
    return str(value)


_KEYLIKE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")


@cache  # of the bibliography and the declarations: fixed while the process runs
def rule_title(key: str) -> str:
    """The pathway rule's title ('First measures')."""
    return RULE_TITLES.get(key, "")


def reference_keys(analysis: Any) -> list[str]:
    """Every source the instruments, the plan and the alerts cite, in order of first use."""
    keys: list[str] = []
    for r in analysis.instruments:
        key = r.citation.get("key")
        if key:
            keys.append(key)
    for rec in analysis.recommendations:
        keys.extend(rec.citations)
        keys.extend(why.citation for why in rec.reasons if why.citation)
    for alert in analysis.alerts:
        keys.extend(alert.citations)
    return list(dict.fromkeys(keys))


# ------------------------------------------------------------------ the first screen of a case

#: the instruments that drive the decisions of metastatic spine care, in the order a board reads
#: them: compression and neurology (urgency), stability (surgery), performance and prognosis, the
#: neuro-endocrine grade (systemic options); the first few the record supports are shown
KEY_INSTRUMENTS = ("escc", "frankel", "asia", "sins", "kps", "ecog", "net_grade", "nesms",
                   "tokuhashi_revised", "radiosensitivity")
KEY_COUNT = 6


def key_results(analysis: Any, count: int = KEY_COUNT) -> list[Result]:
    """The handful of results that drive the decisions (see :data:`KEY_INSTRUMENTS`)."""
    by_key = {r.instrument: r for r in analysis.instruments}
    return [by_key[k] for k in KEY_INSTRUMENTS if k in by_key][:count]


def result_state(result: Result) -> tuple[str, str]:
    """(state, words) of a result: 'not_applicable', 'derived' (an answer converted from another
    scale, e.g. ECOG from KPS, never shown as measured), 'range' (items unknown) or 'known'."""
    if result.not_applicable:
        return "not-applicable", "not applicable"
    converted = [c.source for c in result.components if c.source.startswith("converted")]
    if converted:
        return "derived", "derived: " + converted[0]
    if result.missing:
        return "range", ("range: " if result.kind.value == "score" else "undecided: ") + \
            f"{len(result.missing)} item{'' if len(result.missing) == 1 else 's'} unknown"
    return "known", "known"


@cache  # of the bibliography and the declarations: fixed while the process runs
def reference_url(key: str) -> str:
    """The source's address: its DOI, else its PubMed entry; '' when it has neither (a guideline)."""
    try:
        ref = cite(key)
    except NotFound:
        return ""
    if ref.doi:
        return "https://doi.org/" + ref.doi
    if ref.pmid:
        return f"https://pubmed.ncbi.nlm.nih.gov/{ref.pmid}/"
    return ""


@cache  # of the bibliography and the declarations: fixed while the process runs
def cite_link(key: str, refs: str = "#references") -> Markup:
    """A citation as a link: to its DOI or PubMed entry, else to the reference list of the page."""
    href = reference_url(key) or f"{refs}-{key}"
    external = ' rel="noopener"' if href.startswith("http") else ""
    return Markup('<a class="ref" href="{}"{}>{}</a>').format(href, Markup(external), reference(key))


_SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")


@lru_cache(maxsize=8192)  # the same rule texts on every page
def words(text: str) -> str:
    """Text of a rule or an alert with any record key in it put in words: 'see rt_schedule' ->
    'see Radiotherapy schedule (D8)', 'bone_lesion' -> 'bone lesion'."""

    def say(match: re.Match[str]) -> str:
        key = match.group(0)
        if key in RULE_TITLES:
            return f"‘{RULE_TITLES[key]}’"
        return label(key).lower() if label(key) != key else key.replace("_", " ")

    return _SNAKE.sub(say, text)


@lru_cache(maxsize=8192)  # the same rule texts on every page
def first_sentence(text: str, limit: int = 160) -> str:
    """The statement's first sentence (cut at a word near ``limit``), for one-line lists."""
    head = re.split(r"(?<=[a-z0-9)][.;])\s", text.strip(), maxsplit=1)[0].rstrip(";")
    if len(head) > limit:
        head = head[: head.rfind(" ", 0, limit)] + " …"
    return head


_NOT_IN_A_LINE = frozenset({"Note", "Timing note", "Impression", "Reason"})


def event_line(event: Any, identified: bool = True, limit: int = 3) -> str:
    """One line of an event for the chronology: its first few facts (no notes)."""
    facts = [(k, v.split("; Note ")[0]) for k, v in event_facts(event, identified) if k not in _NOT_IN_A_LINE]
    return " · ".join(f"{k}: {v}" if k not in ("Timed",) else v for k, v in facts[:limit])


def chronology(case: Case, day: int, identified: bool = True, last: int | None = None) -> list[tuple[str, str, str, bool]]:
    """(when, what, one line, after the day shown) for every event in time order; with ``last``, only
    the last ``last`` events up to the day shown (the first screen of a long case)."""
    out = []
    events = case.ordered_events()
    if last is not None:
        upto = [pair for pair in events if pair[0] <= day]
        events = upto[-last:]
    for at, ev in events:
        when = day_text(at, case, identified) if ev.is_exactly_dated else case.when_text(ev)
        out.append((when, label(ev.type), event_line(ev, identified), at > day))
    return out


def raised_by(analysis: Any) -> dict[str, list[str]]:
    """Rule key -> the titles of the active alerts that re-open it (the decisions the latest events raise)."""
    out: dict[str, list[str]] = {}
    for alert in analysis.alerts:
        for rule in alert.reopens:
            out.setdefault(rule, []).append(alert.title)
    return out


FILTERS: dict[str, Any] = {"label": label, "reference": reference, "fmt": _fmt, "words": words,
                           "first_sentence": first_sentence, "cite_link": cite_link}
GLOBALS: dict[str, Any] = {
    "settles": settles,
    "item_label": item_label,
    "answer_label": answer_label,
    "value_text": value_text,
    "band_labels": band_labels,
    "reference": reference,
    "reference_title": reference_title,
    "reference_checked": reference_checked,
    "day_text": day_text,
    "levels_text": levels_text,
    "neuro_text": neuro_text,
    "event_facts": event_facts,
    "reference_keys": reference_keys,
    "rule_title": rule_title,
    "key_results": key_results,
    "result_state": result_state,
    "reference_url": reference_url,
    "cite_link": cite_link,
    "chronology": chronology,
    "raised_by": raised_by,
    "event_line": event_line,
}
