"""Presentation helpers of the report and web templates: labels, days, citations, settling facts."""

from __future__ import annotations

from typing import Any

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


def settles(instrument: str, item: str) -> str:
    return SETTLES.get(f"{instrument}.{item}") or SETTLES.get(item) or "a further fact of the record"


def item_label(instrument: str, item: str) -> str:
    inst = INSTRUMENTS.get(instrument)
    if inst is None:
        return label(item)
    try:
        return inst.item(item).label
    except KeyError:
        return label(item)


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


def reference(key: str) -> str:
    try:
        return cite(key).short()
    except NotFound:
        return key


def reference_title(key: str) -> str:
    try:
        return cite(key).title
    except NotFound:
        return ""


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
        out.append((_place(finding), "; ".join(parts) or "finding recorded"))
    for lab in data.get("values", []):
        stated = [f"{lab['value']} {lab.get('unit', '')}".strip()] if "value" in lab else []
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
    return label(str(value)) if isinstance(value, str) and "_" in value else str(value)


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


FILTERS: dict[str, Any] = {"label": label, "reference": reference, "fmt": _fmt}
GLOBALS: dict[str, Any] = {
    "settles": settles,
    "item_label": item_label,
    "answer_label": answer_label,
    "value_text": value_text,
    "band_labels": band_labels,
    "reference": reference,
    "reference_title": reference_title,
    "day_text": day_text,
    "levels_text": levels_text,
    "neuro_text": neuro_text,
    "event_facts": event_facts,
    "reference_keys": reference_keys,
    "rule_title": rule_title,
}
