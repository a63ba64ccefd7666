"""The features two spinal-metastasis cases are compared on, read from the record, the assessment on
the presentation day and the course of the whole timeline. Unknown stays unknown (``None`` or an
empty set): an unknown feature neither agrees nor disagrees.

Features (each a category, or a set of tokens compared by overlap):

- ``primary``: the primary-site key; ``primary_family``: its organ (``lung`` for ``lung_net`` and
  ``lung_other``); ``neuroendocrine``: yes/no (neuro-endocrine pathology recorded, or a NET/NEC site);
  ``grade``: the WHO neuro-endocrine grade when the instrument settles it.
- ``region`` (cervical, thoracic, lumbar, sacral) and ``compartment`` (vertebral body, epidural,
  intradural, ...) of the findings.
- ``escc``: the highest Bilsky grade recorded, as its band: low (0-1b), 1c, high (2-3); cord
  compression recorded without a grade reads as high, as the ESCC instrument reads it (Bilsky 2010).
- ``sins``, ``tokuhashi``, ``nesms``: the band of SINS, the revised Tokuhashi score and NESMS on the
  presentation day, when settled (a range over several bands is unknown, never a guess).
- ``neurology``: a motor deficit at presentation, or none.
- ``treatments``: decompression, fixation, radiotherapy, SBRT, chemo-radiotherapy, systemic therapy,
  embolisation, ablation, cement augmentation, resection.
- ``course``: local recurrence (and whether after decompression, and early), response, new deficit,
  neurological improvement -- read by the course analysis.
"""

from __future__ import annotations

from dataclasses import dataclass

from spinemet.anatomy import region as level_region
from spinemet.assessment import Assessment
from spinemet.case import Case
from spinemet.course import CourseAnalysis

#: (feature, kind): "category" compares equal values, "set" compares by Jaccard overlap
FEATURES: tuple[tuple[str, str], ...] = (
    ("primary", "category"), ("primary_family", "category"), ("neuroendocrine", "category"), ("grade", "category"),
    ("region", "set"), ("compartment", "set"), ("escc", "category"), ("sins", "category"), ("neurology", "category"),
    ("treatments", "set"), ("course", "set"), ("tokuhashi", "category"), ("nesms", "category"),
)
_NE_WORDS = ("net", "nec", "neuroendocrine", "carcinoid", "sclc", "lcnec", "paraganglioma", "phaeochromocytoma")


@dataclass(frozen=True)
class Outcome:
    """What happened to a case, for the neighbours' summary: follow-up (days from the first event to the
    last), death, local recurrence, walking at the last examination."""

    follow_up_days: int | None
    died: bool
    local_recurrence: bool
    walking_at_last_exam: bool | None


@dataclass(frozen=True)
class CaseFeatures:
    values: dict[str, str | frozenset[str] | None]
    outcome: Outcome

    def get(self, name: str) -> str | frozenset[str] | None:
        return self.values.get(name)


def _band(assessment: Assessment, key: str) -> str | None:
    r = assessment.instrument(key)
    if r is None or r.not_applicable:
        return None
    if r.band is not None:
        return r.band.key
    return r.possible_bands[0] if len(r.possible_bands) == 1 else None


def _escc(case: Case) -> str | None:
    best: int | None = None
    compressed = False
    for ev in case.timeline:
        for f in getattr(ev, "findings", None) or ():
            if f.escc is not None:
                best = max(best or 0, f.escc.rank)
            if f.cord_compression:
                compressed = True
    if best is None:
        return "high" if compressed else None
    if best >= 4 or compressed:
        return "high"
    return "1c" if best == 3 else "low"


def _where(case: Case) -> tuple[frozenset[str], frozenset[str]]:
    regions: set[str] = set()
    compartments: set[str] = set()
    for ev in case.timeline:
        for f in getattr(ev, "findings", None) or ():
            levels = [f.level] if f.level is not None else list(f.span.levels) if f.span is not None else []
            regions.update(level_region(lv).value for lv in levels)
            if f.region is not None:
                regions.add(f.region.value)
            compartments.update(c.value for c in f.compartments or ())
            if f.cord_compression or (f.escc is not None and f.escc.rank >= 1):
                compartments.add("epidural")
    return frozenset(regions), frozenset(compartments)


def _treatments(case: Case, course: CourseAnalysis) -> frozenset[str]:
    out: set[str] = set()
    for ev in case.timeline:
        kind = ev.type
        if kind == "surgery":
            procedures = {p.value for p in getattr(ev, "procedures", None) or ()}
            if course_decompressive(procedures):
                out.add("decompression")
            if getattr(ev, "fixation_span", None) is not None or any("fixation" in p or "fusion" in p for p in procedures):
                out.add("fixation")
            if any("resection" in p or "corpectomy" in p or "spondylectomy" in p for p in procedures):
                out.add("resection")
        elif kind == "radiotherapy":
            technique = getattr(ev, "technique", None)
            out.add("sbrt" if technique is not None and technique.value == "sbrt" else "radiotherapy")
        elif kind in ("chemoradiotherapy", "systemic_therapy", "embolisation", "ablation", "cement_augmentation"):
            out.add({"systemic_therapy": "systemic", "cement_augmentation": "cement"}.get(kind, kind))
    for iv in course.interventions:
        if iv.decompressive:
            out.add("decompression")
    return frozenset(out)


def course_decompressive(procedures: set[str]) -> bool:
    return any(w in p for p in procedures for w in ("decompression", "laminectomy", "corpectomy", "resection"))


def _course(course: CourseAnalysis) -> frozenset[str]:
    out: set[str] = set()
    decompressions = {iv.key for iv in course.interventions if iv.decompressive}
    for e in course.events:
        kind = e.kind.value
        if kind == "local_recurrence":
            out.add("local_recurrence")
            if e.intervention in decompressions:
                out.add("recurrence_after_decompression")
        elif kind == "response":
            out.add("response")
        elif kind == "new_deficit":
            out.add("new_deficit")
        elif kind == "neuro_change" and "improved" in e.title.lower():
            out.add("neuro_improved")
    for la in course.local:
        if la.status.value == "recurrence" and la.timing == "early":
            out.add("early_recurrence")
    return frozenset(out)


def _neurology(case: Case) -> str | None:
    ordered = case.ordered_events()
    if not ordered:
        return None
    first = ordered[0][0]
    for at, ev in ordered:
        if ev.type != "neuro_exam" or at > first + 1:
            continue
        frankel = getattr(ev, "frankel", None)
        if getattr(ev, "motor_deficit", None) is True or (frankel is not None and frankel.value in "ABCD"):
            return "deficit"
        if getattr(ev, "motor_deficit", None) is False or (frankel is not None and frankel.value == "E"):
            return "intact"
    return None


def _outcome(case: Case, course: CourseAnalysis) -> Outcome:
    exact = [d for d, ev in case.ordered_events() if ev.is_exactly_dated]
    undated_after = any(not ev.is_exactly_dated for _, ev in case.ordered_events())
    # follow-up from the first to the last exactly dated event; unknown when events are dated only
    # by order or by interval (the true follow-up could be longer than the dated part)
    follow = (max(exact) - min(exact)) if len(exact) >= 2 and not undated_after else None
    died = case.death_day is not None
    walking = None
    for point in reversed(course.neuro):
        if point.ambulatory is not None:
            walking = point.ambulatory not in ("non_ambulatory",)
            break
    recurrence = any(e.kind.value == "local_recurrence" for e in course.events)
    return Outcome(follow, died, recurrence, walking)


def case_features(case: Case, at_presentation: Assessment, course: CourseAnalysis) -> CaseFeatures:
    """The features of ``case`` (see the module's docstring); ``at_presentation`` is the assessment on
    the case's first day, ``course`` the course of its whole timeline."""
    site = case.primary.site.value
    ne = case.primary.neuroendocrine is not None or any(w in site.split("_") or w == site for w in _NE_WORDS)
    regions, compartments = _where(case)
    values: dict[str, str | frozenset[str] | None] = {
        "primary": site,
        "primary_family": site.split("_")[0],
        "neuroendocrine": "yes" if ne else "no",
        "grade": _band(at_presentation, "net_grade") if ne else None,
        "region": regions or None,
        "compartment": compartments or None,
        "escc": _escc(case),
        "sins": _band(at_presentation, "sins"),
        "neurology": _neurology(case),
        "treatments": _treatments(case, course) or None,
        "course": _course(course) or None,
        "tokuhashi": _band(at_presentation, "tokuhashi_revised"),
        "nesms": _band(at_presentation, "nesms"),
    }
    return CaseFeatures(values, _outcome(case, course))
