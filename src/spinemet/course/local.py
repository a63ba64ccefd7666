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

from collections.abc import Callable, Iterable, Sequence
from dataclasses import field

from spinemet.anatomy import Level
from spinemet.case.events import Complication, LevelFinding
from spinemet.case.events.findings import compressed_structures
from spinemet.case.timing import DayInterval, days_words
from spinemet.case.vocab_detail import FindingStatus
from spinemet.case.vocab_disease import CompressionCause
from spinemet.course import intervals
from spinemet.course.compare import Delta, compare, compressed, epidural_disease, escc_range, escc_words
from spinemet.course.config import CourseConfig
from spinemet.course.imaging import FindingIndex, Seen
from spinemet.course.intervals import Gap
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
from spinemet.frozen import dataclass

RECURRENCE_CITATIONS = ("thibault_2015_spino", "delayed_rt_2020", "lau_2014_recurrence", "kaliya_perumal_2019")
RESPONSE_CITATIONS = ("hamaoka_2004_mda", "thibault_2015_spino")

Complications = Sequence[tuple[int, Complication]]
"""Complication events (placement day, event) that may explain a new compression."""

NeuroWorse = Callable[[int, DayInterval | None], bool]
"""Whether a neurological deterioration was recorded surely within the attribution window of a study
(its placement day and, when not exactly dated, its interval)."""

StatedGap = Callable[[str | None, str | None], Gap | None]
"""The days between two events (by id) as the sources state them, when a statement links them."""


def _no_statement(_first: str | None, _then: str | None) -> Gap | None:
    return None


@dataclass
class LocalResult:
    assessments: list[LevelAssessment] = field(default_factory=list)
    responses: list[Response] = field(default_factory=list)
    events: list[CourseEvent] = field(default_factory=list)


def _watch(treatment: Intervention, adjacent: int, imaged: Iterable[Level]) -> dict[Level, str]:
    """The levels followed after ``treatment``, cranial to caudal, each with how it relates to the treatment:
    every treated level (a treated level never imaged is still *cannot assess*), and the instrumented and
    adjacent levels among those ``imaged`` (a level never imaged has nothing to follow). Only the imaged
    levels are classified: a long fixation spans many levels, few of which are ever imaged."""
    levels, field = treatment.levels, treatment.field
    watch: dict[Level, str] = {lvl: "treated" for lvl in levels}
    for lvl in imaged:
        if lvl in watch:
            continue
        if lvl in field:
            watch[lvl] = "instrumented"
            continue
        for treated in levels:
            if abs(lvl - treated) <= adjacent:
                watch[lvl] = "adjacent"
                break
    return dict(sorted(watch.items()))


def mda_category(delta: Delta, seen: Seen, since: Gap, config: CourseConfig) -> tuple[str | None, tuple[str, ...]]:
    """The MD Anderson bone-response category of one follow-up finding, with cautions.

    ``since`` is the time from the start of therapy to the study (a range when either is not
    dated exactly); 'no change' is called only when the study is surely 8 weeks in."""
    f = seen.finding
    bone = f.bone_response  # read once (a case record's field costs more to read than a local)
    if f.tumour_resolved or bone == "complete_fill_in":
        return "CR", ()
    if delta.new_lesion or delta.enlarged:
        return "PD", ()
    if bone in {"sclerotic_rim", "partial_fill_in", "regression"} or (delta.improved and any(
        r.startswith("lesion regressed") for r in delta.improved
    )):
        return "PR", ()
    measured_same = bone == "no_change" or (f.lesion_size_mm is not None and not delta.enlarged)
    if measured_same:
        early = intervals.within(since, config.no_change_min_days - 1)
        if early is True:
            return None, (
                f"'no change' is not called before {config.no_change_min_days} days of therapy "
                f"(WHO convention); this study is {days_words(since)} in",
            )
        if early is None:
            return None, (
                f"'no change' is not called before {config.no_change_min_days} days of therapy "
                f"(WHO convention); this study is {days_words(since)} in, so it cannot be told",
            )
        return "SD", ()
    return None, ()


#: The epidural trends (read once: on Python 3.11 a member read through its class, ``Trend.STABLE``, costs about 1,000 instructions).
_CANNOT_ASSESS, _DETERIORATED, _IMPROVED, _STABLE = Trend.CANNOT_ASSESS, Trend.DETERIORATED, Trend.IMPROVED, Trend.STABLE


def _epidural_trend(delta: Delta) -> Trend:
    """How epidural disease changed between the two findings ``delta`` compares (on the ESCC ranks each allows)."""
    b, a = delta.escc_before, delta.escc_after
    if b is None or a is None:
        return _CANNOT_ASSESS
    if a[0] > b[1]:
        return _DETERIORATED
    if a[1] < b[0]:
        return _IMPROVED
    if a == b:
        return _STABLE
    return _CANNOT_ASSESS


_CAUSE_WORDS = {
    CompressionCause.BONE_FRAGMENT: "a bone fragment",
    CompressionCause.COMPLICATION: "a complication of treatment",
    CompressionCause.DEGENERATIVE: "degenerative disease",
    CompressionCause.OTHER: "a cause other than tumour",
}


def complication_words(c: Complication) -> str:
    what = c.kind.value.replace("_", " ")
    return f"{what} (complication of {c.procedure})" if c.procedure else f"{what} (complication)"


class _LevelCourse:
    """The follow-up of one level after one treatment."""

    def __init__(
        self, t: Intervention, level: Level, relation: str, index: FindingIndex, treatments: TreatmentIndex,
        config: CourseConfig, neuro_worse: NeuroWorse, last_day: int, out: LocalResult,
        complications: Complications = (), stated: StatedGap = _no_statement,
    ) -> None:
        self.t, self.level, self.relation, self.config, self.out = t, level, relation, config, out
        self.neuro_worse, self.last_day = neuro_worse, last_day
        self.complications = complications
        self.stated = stated
        nxt = treatments.next_local(t, level)
        self.window_end = nxt.day if nxt else None
        self.next_treatment = nxt
        moment = t.moment
        self.baseline = index.before(level, moment)
        self.series = index.between(level, moment, nxt.moment if nxt else None)
        self._since: tuple[Seen, Gap] | None = None

    def since(self, seen: Seen) -> Gap:
        """Days from the treatment to a study (a range when either is not dated exactly), narrowed by
        what the sources state ("within one month of surgery"). Worked out once per study: the steps
        that judge one study each ask for it."""
        last = self._since
        if last is not None and last[0] is seen:
            return last[1]
        gap = intervals.tighten(intervals.gap(self.t.day, self.t.interval, seen.day, seen.interval),
                                self.stated(self.t.key, seen.study))
        self._since = (seen, gap)
        return gap

    def non_tumour_cause(self, seen: Seen) -> str | None:
        """What the record says compresses this level other than tumour, or None.

        The finding's own ``caused_by`` (a complication event) or ``compression_cause``, else a
        recorded complication of a procedure that causes compression at this level (or, without
        levels, a complication of this treatment) recorded no later than the study.
        """
        f = seen.finding
        if f.caused_by is not None:
            linked = {c.id: c for _, c in self.complications if c.id}.get(f.caused_by)
            return complication_words(linked) if linked is not None else f"complication '{f.caused_by}'"
        if f.compression_cause is not None and f.compression_cause is not CompressionCause.TUMOUR:
            return _CAUSE_WORDS[f.compression_cause]
        for day, c in self.complications:
            if day > seen.day or c.causes_compression is not True:
                continue
            here = self.level in c.levels if c.levels is not None else c.procedure == self.t.key
            if here:
                return complication_words(c)
        return None

    def run(self) -> None:
        if not self.series:
            if self.relation == "treated":
                self._cannot_assess()
            return
        ref, post_ref = self.baseline, False
        status, basis = LocalStatus.CONTROLLED, [f"{len(self.series)} follow-up stud{'y' if len(self.series) == 1 else 'ies'}"]
        event_day = interval = None
        timing = None
        gap: Gap | None = None
        for seen in self.series:
            delta = compare(ref.finding if ref else None, seen.finding, self.config)
            reasons, certainty, caveats = list(delta.reasons), "definite", []
            treated = self.relation == "treated"
            cause = self.non_tumour_cause(seen)
            if cause is not None and (delta.epidural_worse or compressed_structures(seen.finding)
                                      or self.compression_stated(seen)):
                # New compression with a recorded cause other than tumour: the complication, not
                # recurrence. Growth of the lesion itself still counts as tumour.
                self._emit_complication(seen, cause, delta)
                basis.append(f"compression on {intervals.on(seen.day, seen.interval)} caused by {cause}, not tumour")
                reasons = list(delta.enlarged) + (["new lesion (not seen on the previous study)"]
                                                  if delta.new_lesion else [])
            elif treated and self.t.decompressive and not post_ref and compressed(seen.finding) and not delta.epidural_worse:
                reasons.insert(0, f"cord compression ({escc_words(escc_range(seen.finding))}) at the decompressed level")
                certainty = "probable"
                caveats.append(
                    "no post-operative study is recorded, so residual tumour cannot be told apart from regrowth"
                )
            if cause is None and not treated and ref is None and not delta.new_lesion and epidural_disease(seen.finding):
                reasons.append(f"epidural tumour at {self.level}, with no earlier study of this level to compare")
                certainty = "possible"
            if (cause is None and not reasons and treated and ref is not None and self.neuro_worse(seen.day, seen.interval)
                    and epidural_disease(ref.finding)):
                reasons.append(
                    "neurological deterioration with known epidural disease and equivocal imaging (SPINO criterion 3)"
                )
                certainty = "possible"
            if self.t.radiotherapy and treated:
                self._response(ref, seen, delta, reasons, certainty)
            if not reasons:
                ref, post_ref = seen, True
                continue
            gap = self.since(seen)
            interval = intervals.exact(gap)
            if self._pseudoprogression(delta, seen, certainty):
                status = LocalStatus.POSSIBLE_PSEUDOPROGRESSION
                self._emit_pseudo(seen, reasons, gap)
                ref, post_ref = seen, True
                continue
            if (cause is None and treated and seen.finding.compression_cause is None
                    and (delta.epidural_worse or compressed(seen.finding))
                    and intervals.within(gap, self.config.complication_window_days) is True):
                # New compression within days of the procedure and no recorded cause: regrowth that fast
                # is rare, while leaked cement, a haematoma or displaced hardware compress at once.
                status = LocalStatus.COMPRESSION_CAUSE_UNKNOWN
                event_day, basis = seen.day, reasons + caveats
                # The first study after a decompression, still compressed but no worse than before it: the
                # compression may simply never have been relieved, so it is not called new.
                persisting = bool(self.t.decompressive and not post_ref and ref is not None
                              and compressed(ref.finding) and not delta.epidural_worse)
                self._emit_unknown_cause(seen, reasons, gap, persisting)
                break
            if (cause is None and treated and seen.finding.compression_cause is None
                    and intervals.within(gap, self.config.complication_window_days) is None):
                caveats.append(f"it may lie within {self.config.complication_window_days} days of the procedure, "
                               "where a complication is as likely as regrowth, and no cause is recorded")
            timing = intervals.timing(gap, self.config.early_recurrence_days)
            status = LocalStatus.RECURRENCE if treated else LocalStatus.PROGRESSION_ADJACENT
            event_day, basis = seen.day, reasons + caveats
            self._emit_recurrence(seen, status, reasons, caveats, certainty, gap, timing)
            break
        else:
            if status is LocalStatus.CONTROLLED:
                basis.append(f"no progression up to day {self.series[-1].day}")
        uncertain = event_day is not None and gap is not None and interval is None
        self.out.assessments.append(
            LevelAssessment(
                intervention=self.t.key, level=self.level, relation=self.relation, status=status,
                window_end=self.window_end, imaging_days=tuple(s.day for s in self.series), event_day=event_day,
                interval_days=interval if event_day is not None else None, timing=timing, basis=tuple(basis),
                interval_range=gap if uncertain else None,
            )
        )

    def compression_stated(self, seen: Seen) -> bool:
        """Whether the record states that something other than tumour compresses here: a non-tumour
        ``compression_cause``, or a linked complication recorded as causing compression."""
        f = seen.finding
        if f.compression_cause is not None and f.compression_cause is not CompressionCause.TUMOUR:
            return True
        if f.caused_by is not None:
            linked = {c.id: c for _, c in self.complications if c.id}.get(f.caused_by)
            return linked is not None and linked.causes_compression is True
        return False

    def _emit_unknown_cause(self, seen: Seen, reasons: list[str], gap: Gap, persisting: bool = False) -> None:
        window = self.config.complication_window_days
        if persisting:
            title = (f"Compression still present at {self.level}, {days_words(gap)} after {self.t.label}: residual "
                     "compression, complication or regrowth not yet known")
            detail = (
                "; ".join(reasons) + f", on the first study {days_words(gap)} after the {self.t.label} (within {window} "
                "days), no worse than before it, and no cause is recorded. Compression that was never relieved, leaked "
                "cement, a haematoma or displaced hardware are each possible; tumour regrowth this soon is rare. Image and "
                "examine now; record the cause when it is known."
            )
        else:
            title = (f"New compression at {self.level}, {days_words(gap)} after {self.t.label}: recurrence or "
                     "complication not yet known")
            detail = (
                "; ".join(reasons) + f", {days_words(gap)} after the {self.t.label} (within {window} days)"
                + ", and no cause is recorded. Tumour regrowth this soon is rare, while leaked cement, a haematoma, "
                "displaced hardware or infection compress at once: recurrence or complication is not yet known. Image "
                "and examine now; record the cause when it is known."
            )
        self.out.events.append(
            CourseEvent(
                day=seen.day, kind=EventKind.COMPRESSION_CAUSE_UNKNOWN,
                title=title,
                detail=detail, level=self.level, intervention=self.t.key, category="cause_unknown",
                certainty="possible", basis=tuple(reasons),
                citations=("delayed_rt_2020", "kaliya_perumal_2019"), evidence_status=EvidenceStatus.DERIVED,
                data={"intervention_day": self.t.day, "interval_range": intervals.as_list(gap), "study": seen.study,
                      "cord_compression": compressed(seen.finding), "window_days": window, "persisting": persisting,
                      "compressed": sorted(compressed_structures(seen.finding) - {"cord"})},
            )
        )

    def _pseudoprogression(self, delta: Delta, seen: Seen, certainty: str) -> bool:
        """Enlargement early after SBRT without epidural or neurological change (SPINO). Called only
        when the study is surely within the window: a study that may lie beyond it is progression."""
        return (
            self.t.technique == "sbrt"
            and self.relation == "treated"
            and certainty == "definite"
            and bool(delta.enlarged)
            and not delta.epidural_worse
            and not delta.new_lesion
            and intervals.within(self.since(seen), self.config.pseudoprogression_window_days) is True
            and not self.neuro_worse(seen.day, seen.interval)
        )

    def _emit_complication(self, seen: Seen, cause: str, delta: Delta) -> None:
        structures = sorted(compressed_structures(seen.finding))
        what = ", ".join(s.replace("_", " ") for s in structures) or "epidural space"
        gap = self.since(seen)
        detail = (
            f"Compression of the {what} at {self.level} on {intervals.on(seen.day, seen.interval)}, "
            f"{days_words(gap)} after the "
            f"{self.t.label}, is recorded as caused by {cause}: a complication, not tumour recurrence"
            + (f" ({'; '.join(delta.epidural_worse)})" if delta.epidural_worse else "")
            + ". Urgent review by the treating team."
        )
        self.out.events.append(
            CourseEvent(
                day=seen.day, kind=EventKind.COMPLICATION_COMPRESSION,
                title=f"Compression at {self.level} from {cause}, not tumour",
                detail=detail, level=self.level, intervention=self.t.key, category="complication",
                basis=(f"cause recorded: {cause}",), evidence_status=EvidenceStatus.DERIVED,
                data={"cause": cause, "compressed": structures, "study": seen.study, "intervention_day": self.t.day,
                      "interval_range": intervals.as_list(gap)},
            )
        )

    def _cannot_assess(self) -> None:
        end = self.window_end if self.window_end is not None else self.last_day
        nxt = self.next_treatment
        why = (
            f"no imaging of {self.level} is recorded after the {self.t.label} on {intervals.on(self.t.day, self.t.interval)}"
            + (f" and before the {nxt.label} on {intervals.on(nxt.day, nxt.interval)}" if nxt is not None else "")
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
        self, seen: Seen, status: LocalStatus, reasons: list[str], caveats: list[str], certainty: str, gap: Gap,
        timing: str,
    ) -> None:
        if status is LocalStatus.RECURRENCE:
            what = "local recurrence" if not self.t.radiotherapy else "local progression"
            kind = EventKind.LOCAL_RECURRENCE
        else:
            where = "within the instrumented field" if self.relation == "instrumented" else "at an adjacent level"
            what = f"progression {where}"
            kind = EventKind.ADJACENT_PROGRESSION
        interval = intervals.exact(gap)
        threshold = f"early = within {self.config.early_recurrence_days} days of the intervention (derived, configurable)"
        if timing == intervals.CANNOT_TELL:
            title = (f"{what[0].upper()}{what[1:]} at {self.level}, {days_words(gap)} after {self.t.label}: "
                     "early or late cannot be told")
            caveats = [*caveats, f"the dates place it {days_words(gap)} after the intervention, on both sides "
                                 f"of the {self.config.early_recurrence_days}-day threshold"]
        else:
            title = f"{'Early' if timing == 'early' else 'Late'} {what} at {self.level}, {days_words(gap)} after {self.t.label}"
        detail = "; ".join(reasons) + f". {threshold}."
        if caveats:
            detail += " Caution: " + "; ".join(caveats) + "."
        data: dict[str, object] = {
            "interval_days": interval, "timing": timing, "relation": self.relation,
            "intervention_day": self.t.day, "cord_compression": compressed(seen.finding),
            "escc": escc_words(escc_range(seen.finding)), "study": seen.study,
            "early_threshold_days": self.config.early_recurrence_days,
        }
        if interval is None:  # only when the dates are not exact (additive key)
            data["interval_range"] = intervals.as_list(gap)
        roots = sorted(compressed_structures(seen.finding) - {"cord"})
        if roots:  # conus, cauda equina or root compression (additive key)
            data["compressed"] = roots
        self.out.events.append(
            CourseEvent(
                day=seen.day, kind=kind, title=title, detail=detail, level=self.level, intervention=self.t.key,
                category=timing, certainty=certainty, basis=tuple(reasons + caveats), citations=RECURRENCE_CITATIONS,
                evidence_status=EvidenceStatus.DERIVED, data=data,
            )
        )

    def _emit_pseudo(self, seen: Seen, reasons: list[str], gap: Gap) -> None:
        interval = intervals.exact(gap)
        self.out.events.append(
            CourseEvent(
                day=seen.day, kind=EventKind.POSSIBLE_PSEUDOPROGRESSION,
                title=f"Possible pseudoprogression at {self.level}, {days_words(gap)} after {self.t.label}",
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
        mda, cautions = mda_category(delta, seen, self.since(seen), self.config)
        if not reasons:
            spino = "local_control"
        elif self._pseudoprogression(delta, seen, certainty):
            spino = "possible_pseudoprogression"
        else:
            spino = "local_progression"
        epidural = _epidural_trend(delta)
        add_response(self.out, self.t, self.level, ref, seen, spino, mda, epidural, delta, cautions)


#: Each trend's value, and the epidural trends a response names (looked up once: read for every response).
_TREND_VALUE = {trend: trend.value for trend in Trend}
_EPIDURAL_CALLED = frozenset({Trend.IMPROVED, Trend.DETERIORATED, Trend.STABLE})
#: Each level's name as the events print it (``str``; looked up once).
_LEVEL_WORDS = {level: str(level) for level in Level}
#: What a response event is (read once: on Python 3.11 a member read through its class, ``Trend.STABLE``, costs about 1,000 instructions).
_RESPONSE, _UNVERIFIED = EventKind.RESPONSE, EvidenceStatus.UNVERIFIED


def add_response(
    out: LocalResult, t: Intervention, level: Level, ref: Seen | None, seen: Seen, spino: str | None, mda: str | None,
    epidural: Trend, delta: Delta, cautions: tuple[str, ...],
) -> None:
    """Record one response assessment and its derived event."""
    basis = delta.improved + delta.reasons
    baseline_day = ref.day if ref else None
    out.responses.append(Response(t.key, level, baseline_day, seen.day, spino, mda, epidural, basis, cautions))
    parts = []
    if mda:
        parts.append(f"MDA {mda}")
    if spino:
        parts.append("SPINO " + spino.replace("_", " "))
    trend = _TREND_VALUE[epidural]
    if epidural in _EPIDURAL_CALLED:
        parts.append(f"epidural disease {trend}")
    summary = "; ".join(parts) or "response cannot be assessed from the recorded findings"
    said = basis + cautions
    title = f"Response at {_LEVEL_WORDS[level]} after {t.label}: {summary}"
    detail = "; ".join(said) or "no measurement that the response criteria use was recorded"
    data = {"mda": mda, "spino": spino, "epidural": trend, "baseline_day": baseline_day}
    # the fields in their declared order (keyword arguments cost more than the rest of the call, and a long
    # course has hundreds of responses)
    out.events.append(CourseEvent(seen.day, _RESPONSE, title, detail, level, t.key, mda or spino, "definite",
                                  said, RESPONSE_CITATIONS, _UNVERIFIED, data))


def local_course(
    treatments: TreatmentIndex, index: FindingIndex, config: CourseConfig, neuro_worse: NeuroWorse, last_day: int,
    complications: Complications = (), stated: StatedGap = _no_statement,
) -> LocalResult:
    """Recurrence, marginal progression and response for every local treatment; MDA response
    for systemic therapy at every level imaged before it, up to the next local treatment of
    that level or the start of the next systemic line, whichever comes first."""
    out = LocalResult()
    watched: set[Level] = set()
    for t in treatments.treatments:
        if t.local:
            watch = _watch(t, config.adjacent_levels, index.by_level)
            watched.update(watch)
            for level, relation in watch.items():
                _LevelCourse(t, level, relation, index, treatments, config, neuro_worse, last_day, out,
                             complications, stated).run()
        elif t.systemic:
            next_line = treatments.next_systemic(t)
            moment = t.moment
            for level in index.levels():
                ref = index.before(level, moment)
                if ref is None:
                    continue
                nxt = treatments.next_local(t, level)
                ends = [n.moment for n in (nxt, next_line) if n is not None]
                for seen in index.between(level, moment, min(ends) if ends else None):
                    delta = compare(ref.finding, seen.finding, config)
                    since = intervals.gap(t.day, t.interval, seen.day, seen.interval)
                    mda, cautions = mda_category(delta, seen, since, config)
                    add_response(out, t, level, ref, seen, None, mda, _epidural_trend(delta), delta, cautions)
                    ref = seen
    out.events += distant_progression(treatments, index, config, watched)
    return out


def _shows_tumour(f: LevelFinding) -> bool:
    """A finding that states tumour at its level (not one attributed to a complication or other cause)."""
    if f.caused_by is not None or (f.compression_cause is not None and f.compression_cause is not CompressionCause.TUMOUR):
        return False
    if f.tumour_resolved:
        return False
    return bool(f.new_lesion or f.escc is not None or f.cord_compression or f.lesion_type is not None
                or f.epidural_present or f.collapse_present or f.pathological_fracture or f.compartments)


def distant_progression(treatments: TreatmentIndex, index: FindingIndex, config: CourseConfig,
                        watched: set[Level] | None = None) -> list[CourseEvent]:
    """A new spinal lesion away from every treated, instrumented or adjacent level, seen after the first
    local treatment: distant progression (a new lesion is progression in SPINO and MDA), labelled apart
    from local recurrence and adjacent-level progression. A level imaged without tumour before and with
    tumour after, or a finding recorded as a new lesion, counts; a level first imaged after treatment
    counts only when the finding says it is new (it may have been there unseen)."""
    out = _unplaced_compression(treatments, index)
    local = [t for t in treatments.treatments if t.local]
    if not local:
        return out
    if watched is None:  # the treated, instrumented and adjacent levels (as local_course has them; only the imaged count)
        watched = set()
        for t in local:
            watched |= set(_watch(t, config.adjacent_levels, index.by_level))
    first = min(local, key=lambda t: t.moment)
    for level in index.levels():
        if level in watched:
            continue
        before = index.before(level, first.moment)
        for seen in index.between(level, first.moment, None):
            f = seen.finding
            new = f.new_lesion is True or (before is not None and not _shows_tumour(before.finding) and _shows_tumour(f))
            if not new or not _shows_tumour(f):
                if _shows_tumour(f) and _compressing(f) and (before is None or not _compressing(before.finding)):
                    out.append(_untreated_compression(seen, level, first, local))
                    break
                continue
            gap = intervals.gap(first.day, first.interval, seen.day, seen.interval)
            treated = ", ".join(str(lv) for lv in sorted({lv for t in local for lv in t.levels}))
            out.append(CourseEvent(
                day=seen.day, kind=EventKind.DISTANT_PROGRESSION,
                title=f"Distant progression: new lesion at {level}, away from the treated levels ({treated})",
                detail=(f"A new metastasis at {level} on {intervals.on(seen.day, seen.interval)}, "
                        f"{days_words(gap)} after the first local treatment ({first.label}); it lies beyond the "
                        f"treated, instrumented and adjacent levels, so it is neither local recurrence nor "
                        "adjacent-level progression. A new lesion is progression (SPINO; MDA PD)."),
                level=level, intervention=first.key, category="distant", certainty="definite" if f.new_lesion else
                "probable", basis=("new lesion" if f.new_lesion else "no tumour on the earlier study of this level",),
                citations=("thibault_2015_spino", "hamaoka_2004_mda"), evidence_status=EvidenceStatus.UNVERIFIED,
                data={"study": seen.study, "cord_compression": compressed(f), "interval_range": intervals.as_list(gap),
                      "compressed": sorted(compressed_structures(f) - {"cord"})},
            ))
            break
    return out


def _unplaced_compression(treatments: TreatmentIndex, index: FindingIndex) -> list[CourseEvent]:
    """A compressing lesion the record places nowhere (no level, span or region) but states is new, seen after
    the first treatment of the spine (levels recorded or not): not the treated lesion, and no treatment's field
    is known to cover it."""
    given = [t for t in treatments.treatments
             if t.spinal and not t.systemic and t.kind not in ("rehabilitation", "embolisation")]
    if not given:
        return []
    first = min(given, key=lambda t: t.moment)
    out: list[CourseEvent] = []
    for seen in index.unplaced:
        f = seen.finding
        if (seen.moment > first.moment and f.span is None and f.region is None
                and _stated_new(f) and _shows_tumour(f) and _compressing(f)):
            out.append(_untreated_compression(seen, None, first, given))
    return out


def _stated_new(f: LevelFinding) -> bool:
    return f.new_lesion is True or f.status is FindingStatus.NEW


def _compressing(f: LevelFinding) -> bool:
    """Whether the finding shows the cord (ESCC >= 2 or stated), conus, cauda equina or roots compressed."""
    return compressed(f) is True or bool(compressed_structures(f))


def _untreated_compression(seen: Seen, level: Level | None, first: Intervention,
                           local: list[Intervention]) -> CourseEvent:
    """A compression no treatment answered: MSCC by NICE's definition (compression of the cord or cauda equina
    that threatens or causes neurological disability), so its triage opens again (derived)."""
    f = seen.finding
    place = f"at {level}" if level is not None else "at a level the record does not name"
    treated = ", ".join(str(lv) for lv in sorted({lv for t in local for lv in t.levels})) or "levels not recorded"
    gap = intervals.gap(first.day, first.interval, seen.day, seen.interval)
    why = ("stated as a new lesion" if _stated_new(f) else
           "not shown compressed at this level before the first treatment (new, or first imaged now)")
    return CourseEvent(
        day=seen.day, kind=EventKind.UNTREATED_COMPRESSION,
        title=(f"New compression at {level}, outside the treated levels ({treated}): triage again" if level is not None
               else f"New compressing lesion (level not recorded) after {first.label}: triage again"),
        detail=(f"Compression {place} on {intervals.on(seen.day, seen.interval)}, {days_words(gap)} after the first "
                f"local treatment ({first.label}), {why}; no treatment's field is known to cover it. A compression "
                "no treatment answered is MSCC by NICE's definition: examine now and triage it as at presentation."),
        level=level, intervention=first.key, category="untreated",
        certainty="definite" if _stated_new(f) else "probable", basis=(why,),
        citations=("nice_cg75", "nice_ng234"), evidence_status=EvidenceStatus.DERIVED,
        data={"study": seen.study, "cord_compression": compressed(f) is True or f.cord_compression is True,
              "interval_range": intervals.as_list(gap), "compressed": sorted(compressed_structures(f) - {"cord"})},
    )
