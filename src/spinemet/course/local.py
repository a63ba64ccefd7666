"""Local control after each local treatment: recurrence, marginal progression, response.

For every treated level (and the instrumented and adjacent levels around it) the studies
after the treatment, up to the next treatment of that level, are compared in turn with the
last study before them (``compare``). The SPINO definition of local progression is used
(Thibault 2015; ``pathway.md`` §6.1, R-RESP-1 — recalled, not verified): gross increase in
size, new or progressive epidural tumour, or neurological deterioration attributable to
known epidural disease with equivocal imaging. Enlargement alone early after SBRT, without
epidural or neurological change, is labelled *possible pseudoprogression* instead.

After a decompression the cord is expected to be free (ESCC 0-1; Barzilai 2019); cord
compression at the decompressed level afterwards is read as local recurrence even without a
post-operative study to compare with, and the detail says that residual tumour cannot then
be told apart from regrowth. A treated level with no study afterwards is *cannot assess*,
never "no recurrence".

Bone response uses the MD Anderson categories (Hamaoka 2004, table via Hayashi 2013):
CR on disappearance of tumour signal or complete fill-in; PR on sclerotic rim, partial
fill-in or regression; PD on enlargement or a new lesion; SD on no change, not called
before 8 weeks (a WHO convention).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import cast

from spinemet.anatomy import Level
from spinemet.course.compare import Delta, compare, compressed, epidural_disease, escc_range, escc_words
from spinemet.course.config import CourseConfig
from spinemet.course.imaging import FindingIndex, Seen
from spinemet.course.interventions import TreatmentIndex
from spinemet.course.model import (
    CourseEvent,
    EventKind,
    Intervention,
    LevelAssessment,
    LocalStatus,
    Response,
    Trend,
)
from spinemet.evidence import EvidenceStatus

RECURRENCE_CITATIONS = ("thibault_2015_spino", "delayed_rt_2020", "lau_2014_recurrence", "kaliya_perumal_2019")
RESPONSE_CITATIONS = ("hamaoka_2004_mda", "thibault_2015_spino")

NeuroWorse = Callable[[int], bool]
"""Whether a neurological deterioration was recorded within the attribution window of a day."""


@dataclass
class LocalResult:
    assessments: list[LevelAssessment] = field(default_factory=list)
    responses: list[Response] = field(default_factory=list)
    events: list[CourseEvent] = field(default_factory=list)


def _watch(treatment: Intervention, adjacent: int) -> dict[Level, str]:
    watch: dict[Level, str] = {lvl: "treated" for lvl in treatment.levels}
    for lvl in treatment.field:
        watch.setdefault(lvl, "instrumented")
    members = Level._value2member_map_
    for lvl in treatment.levels:
        for step in range(1, adjacent + 1):
            for value in (int(lvl) - step, int(lvl) + step):
                near = cast("Level | None", members.get(value))
                if near is not None:
                    watch.setdefault(near, "adjacent")
    return dict(sorted(watch.items()))


def mda_category(delta: Delta, seen: Seen, start_day: int, config: CourseConfig) -> tuple[str | None, tuple[str, ...]]:
    """The MD Anderson bone-response category of one follow-up finding, with cautions."""
    f = seen.finding
    if f.tumour_resolved or f.bone_response == "complete_fill_in":
        return "CR", ()
    if delta.new_lesion or delta.enlarged:
        return "PD", ()
    if f.bone_response in {"sclerotic_rim", "partial_fill_in", "regression"} or any(
        r.startswith("lesion regressed") for r in delta.improved
    ):
        return "PR", ()
    measured_same = f.bone_response == "no_change" or (f.lesion_size_mm is not None and not delta.enlarged)
    if measured_same:
        if seen.day - start_day < config.no_change_min_days:
            return None, (
                f"'no change' is not called before {config.no_change_min_days} days of therapy "
                f"(WHO convention); this study is {seen.day - start_day} days in",
            )
        return "SD", ()
    return None, ()


def _epidural_trend(before: Seen | None, after: Seen) -> Trend:
    b, a = escc_range(before.finding if before else None), escc_range(after.finding)
    if b is None or a is None:
        return Trend.CANNOT_ASSESS
    if a[0] > b[1]:
        return Trend.DETERIORATED
    if a[1] < b[0]:
        return Trend.IMPROVED
    if a == b:
        return Trend.STABLE
    return Trend.CANNOT_ASSESS


class _LevelCourse:
    """The follow-up of one level after one treatment."""

    def __init__(
        self, t: Intervention, level: Level, relation: str, index: FindingIndex, treatments: TreatmentIndex,
        config: CourseConfig, neuro_worse: NeuroWorse, last_day: int, out: LocalResult,
    ) -> None:
        self.t, self.level, self.relation, self.config, self.out = t, level, relation, config, out
        self.neuro_worse, self.last_day = neuro_worse, last_day
        nxt = treatments.next_local(t, level)
        self.window_end = nxt.day if nxt else None
        self.next_label = nxt.label if nxt else None
        self.baseline = index.before(level, t.day)
        self.series = index.between(level, t.day, self.window_end)

    def run(self) -> None:
        if not self.series:
            if self.relation == "treated":
                self._cannot_assess()
            return
        ref, post_ref = self.baseline, False
        status, basis = LocalStatus.CONTROLLED, [f"{len(self.series)} follow-up stud{'y' if len(self.series) == 1 else 'ies'}"]
        event_day = interval = None
        timing = None
        for seen in self.series:
            delta = compare(ref.finding if ref else None, seen.finding, self.config)
            reasons, certainty, caveats = list(delta.reasons), "definite", []
            treated = self.relation == "treated"
            if treated and self.t.decompressive and not post_ref and compressed(seen.finding) and not delta.epidural_worse:
                reasons.insert(0, f"cord compression ({escc_words(escc_range(seen.finding))}) at the decompressed level")
                certainty = "probable"
                caveats.append(
                    "no post-operative study is recorded, so residual tumour cannot be told apart from regrowth"
                )
            if not treated and ref is None and not delta.new_lesion and epidural_disease(seen.finding):
                reasons.append(f"epidural tumour at {self.level}, with no earlier study of this level to compare")
                certainty = "possible"
            if not reasons and treated and ref is not None and self.neuro_worse(seen.day) and epidural_disease(ref.finding):
                reasons.append(
                    "neurological deterioration with known epidural disease and equivocal imaging (SPINO criterion 3)"
                )
                certainty = "possible"
            if self.t.radiotherapy and treated:
                self._response(ref, seen, delta, reasons, certainty)
            if not reasons:
                ref, post_ref = seen, True
                continue
            interval = seen.day - self.t.day
            if self._pseudoprogression(delta, seen, certainty):
                status = LocalStatus.POSSIBLE_PSEUDOPROGRESSION
                self._emit_pseudo(seen, reasons, interval)
                ref, post_ref = seen, True
                continue
            timing = "early" if interval <= self.config.early_recurrence_days else "late"
            status = LocalStatus.RECURRENCE if treated else LocalStatus.PROGRESSION_ADJACENT
            event_day, basis = seen.day, reasons + caveats
            self._emit_recurrence(seen, status, reasons, caveats, certainty, interval, timing)
            break
        else:
            if status is LocalStatus.CONTROLLED:
                basis.append(f"no progression up to day {self.series[-1].day}")
        self.out.assessments.append(
            LevelAssessment(
                intervention=self.t.key, level=self.level, relation=self.relation, status=status,
                window_end=self.window_end, imaging_days=tuple(s.day for s in self.series), event_day=event_day,
                interval_days=interval if event_day is not None else None, timing=timing, basis=tuple(basis),
            )
        )

    def _pseudoprogression(self, delta: Delta, seen: Seen, certainty: str) -> bool:
        return (
            self.t.technique == "sbrt"
            and self.relation == "treated"
            and certainty == "definite"
            and bool(delta.enlarged)
            and not delta.epidural_worse
            and not delta.new_lesion
            and seen.day - self.t.day <= self.config.pseudoprogression_window_days
            and not self.neuro_worse(seen.day)
        )

    def _cannot_assess(self) -> None:
        end = self.window_end if self.window_end is not None else self.last_day
        why = (
            f"no imaging of {self.level} is recorded after the {self.t.label} on day {self.t.day}"
            + (f" and before the {self.next_label} on day {self.window_end}" if self.window_end is not None else "")
        )
        self.out.assessments.append(
            LevelAssessment(self.t.key, self.level, self.relation, LocalStatus.CANNOT_ASSESS, self.window_end, basis=(why,))
        )
        self.out.events.append(
            CourseEvent(
                day=max(end, self.t.day),
                kind=EventKind.CANNOT_ASSESS,
                title=f"Local control at {self.level} cannot be assessed",
                detail=why + "; local control is unknown (not 'no recurrence').",
                level=self.level,
                intervention=self.t.key,
                category="cannot_assess",
                basis=(why,),
                citations=("thibault_2015_spino",),
                evidence_status=EvidenceStatus.DERIVED,
                data={"intervention_day": self.t.day, "window_end": self.window_end},
            )
        )

    def _emit_recurrence(
        self, seen: Seen, status: LocalStatus, reasons: list[str], caveats: list[str], certainty: str, interval: int, timing: str
    ) -> None:
        early = timing == "early"
        if status is LocalStatus.RECURRENCE:
            what = "local recurrence" if not self.t.radiotherapy else "local progression"
            kind = EventKind.LOCAL_RECURRENCE
        else:
            where = "within the instrumented field" if self.relation == "instrumented" else "at an adjacent level"
            what = f"progression {where}"
            kind = EventKind.ADJACENT_PROGRESSION
        title = f"{'Early' if early else 'Late'} {what} at {self.level}, {interval} days after {self.t.label}"
        threshold = f"early = within {self.config.early_recurrence_days} days of the intervention (derived, configurable)"
        detail = "; ".join(reasons) + f". {threshold}."
        if caveats:
            detail += " Caution: " + "; ".join(caveats) + "."
        self.out.events.append(
            CourseEvent(
                day=seen.day, kind=kind, title=title, detail=detail, level=self.level, intervention=self.t.key,
                category=timing, certainty=certainty, basis=tuple(reasons + caveats), citations=RECURRENCE_CITATIONS,
                evidence_status=EvidenceStatus.DERIVED,
                data={
                    "interval_days": interval, "timing": timing, "relation": self.relation,
                    "intervention_day": self.t.day, "cord_compression": compressed(seen.finding),
                    "escc": escc_words(escc_range(seen.finding)), "study": seen.study,
                    "early_threshold_days": self.config.early_recurrence_days,
                },
            )
        )

    def _emit_pseudo(self, seen: Seen, reasons: list[str], interval: int) -> None:
        self.out.events.append(
            CourseEvent(
                day=seen.day, kind=EventKind.POSSIBLE_PSEUDOPROGRESSION,
                title=f"Possible pseudoprogression at {self.level}, {interval} days after {self.t.label}",
                detail=(
                    "; ".join(reasons) + ", without new epidural tumour or neurological change, within "
                    f"{self.config.pseudoprogression_window_days} days of SBRT. SPINO: transient enlargement after SBRT "
                    "can stabilise or resolve without treatment; repeat MRI at a short interval before calling progression."
                ),
                level=self.level, intervention=self.t.key, category="possible_pseudoprogression", certainty="possible",
                basis=tuple(reasons), citations=("thibault_2015_spino",), evidence_status=EvidenceStatus.UNVERIFIED,
                data={"interval_days": interval, "study": seen.study},
            )
        )

    def _response(self, ref: Seen | None, seen: Seen, delta: Delta, reasons: list[str], certainty: str) -> None:
        mda, cautions = mda_category(delta, seen, self.t.day, self.config)
        if not reasons:
            spino = "local_control"
        elif self._pseudoprogression(delta, seen, certainty):
            spino = "possible_pseudoprogression"
        else:
            spino = "local_progression"
        epidural = _epidural_trend(ref, seen)
        add_response(self.out, self.t, self.level, ref, seen, spino, mda, epidural, delta, cautions)


def add_response(
    out: LocalResult, t: Intervention, level: Level, ref: Seen | None, seen: Seen, spino: str | None, mda: str | None,
    epidural: Trend, delta: Delta, cautions: tuple[str, ...],
) -> None:
    """Record one response assessment and its derived event."""
    basis = tuple(delta.improved) + delta.reasons
    out.responses.append(
        Response(t.key, level, ref.day if ref else None, seen.day, spino, mda, epidural, basis, cautions)
    )
    parts = []
    if mda:
        parts.append(f"MDA {mda}")
    if spino:
        parts.append("SPINO " + spino.replace("_", " "))
    if epidural in (Trend.IMPROVED, Trend.DETERIORATED, Trend.STABLE):
        parts.append(f"epidural disease {epidural.value}")
    summary = "; ".join(parts) or "response cannot be assessed from the recorded findings"
    out.events.append(
        CourseEvent(
            day=seen.day, kind=EventKind.RESPONSE, title=f"Response at {level} after {t.label}: {summary}",
            detail="; ".join(basis + cautions) or "no measurement that the response criteria use was recorded",
            level=level, intervention=t.key, category=mda or spino, basis=basis + cautions,
            citations=RESPONSE_CITATIONS, evidence_status=EvidenceStatus.UNVERIFIED,
            data={"mda": mda, "spino": spino, "epidural": epidural.value, "baseline_day": ref.day if ref else None},
        )
    )


def local_course(
    treatments: TreatmentIndex, index: FindingIndex, config: CourseConfig, neuro_worse: NeuroWorse, last_day: int
) -> LocalResult:
    """Recurrence, marginal progression and response for every local treatment; MDA response
    for systemic therapy at every level imaged before it, up to the next local treatment of
    that level or the start of the next systemic line, whichever comes first."""
    out = LocalResult()
    for t in treatments.treatments:
        if t.local:
            for level, relation in _watch(t, config.adjacent_levels).items():
                if relation != "treated" and level not in index.by_level:
                    continue  # never imaged: nothing to follow (a treated level is still "cannot assess")
                _LevelCourse(t, level, relation, index, treatments, config, neuro_worse, last_day, out).run()
        elif t.systemic:
            next_line = treatments.next_systemic(t)
            for level in index.levels():
                ref = index.before(level, t.day)
                if ref is None:
                    continue
                nxt = treatments.next_local(t, level)
                ends = [n.day for n in (nxt, next_line) if n is not None]
                for seen in index.between(level, t.day, min(ends) if ends else None):
                    delta = compare(ref.finding, seen.finding, config)
                    mda, cautions = mda_category(delta, seen, t.day, config)
                    add_response(out, t, level, ref, seen, None, mda, _epidural_trend(ref, seen), delta, cautions)
                    ref = seen
    return out
