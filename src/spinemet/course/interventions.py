"""The treatments on a timeline, reduced to what the course analysis compares against.

A decompressive operation (decompression, separation surgery, corpectomy, en-bloc
resection) is expected to leave the cord free (ESCC 0-1; Barzilai 2019, Al-Omair 2013);
radiotherapy, chemo-radiotherapy, cement augmentation and thermal ablation treat the levels
they name (contiguous or not); systemic therapy treats every lesion. Steroids and embolisation
are not counted as local treatments.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import cache

from spinemet.anatomy import Level, Span
from spinemet.case.events import (
    Ablation,
    CementAugmentation,
    ChemoRadiotherapy,
    Radiotherapy,
    Rehabilitation,
    Surgery,
    SystemicTherapy,
)
from spinemet.case.vocab import SurgeryProcedure
from spinemet.case.vocab_detail import TreatmentTarget
from spinemet.course.model import Intervention
from spinemet.course.timeline import OrderedTimeline

DECOMPRESSIVE = frozenset(
    {
        SurgeryProcedure.DECOMPRESSION,
        SurgeryProcedure.SEPARATION_SURGERY,
        SurgeryProcedure.CORPECTOMY,
        SurgeryProcedure.EN_BLOC_RESECTION,
    }
)

_PROCEDURE_WORDS = {
    SurgeryProcedure.DECOMPRESSION: "decompression",
    SurgeryProcedure.SEPARATION_SURGERY: "separation surgery",
    SurgeryProcedure.CORPECTOMY: "corpectomy",
    SurgeryProcedure.POSTERIOR_FIXATION: "posterior fixation",
    SurgeryProcedure.VERTEBROPLASTY: "vertebroplasty",
    SurgeryProcedure.KYPHOPLASTY: "kyphoplasty",
    SurgeryProcedure.BIOPSY: "biopsy",
    SurgeryProcedure.EMBOLISATION: "embolisation",
    SurgeryProcedure.EN_BLOC_RESECTION: "en-bloc resection",
}


def _rt_words(technique: object, dose: float | None, fractions: int | None) -> str:
    name = {"sbrt": "SBRT", "cebrt": "conventional RT"}.get(str(getattr(technique, "value", "")), "RT")
    if dose is not None and fractions is not None:
        return f"{name} {dose:g} Gy/{fractions}"
    if dose is not None:
        return f"{name} {dose:g} Gy"
    return name


def _levels(spans: tuple[Span, ...]) -> tuple[Level, ...]:
    """Every level of the treated spans (contiguous or not), cranial to caudal, each once."""
    return tuple(dict.fromkeys(lv for span in spans for lv in span.levels))


def _where(spans: tuple[Span, ...]) -> str:
    return " " + ", ".join(str(span) for span in spans) if spans else ""


@cache
def _treatment_kind(cls: type) -> str:
    """The kind of treatment events of class ``cls`` are (the first of :data:`TREATMENT_TYPES` that matches,
    as an ``isinstance`` chain would say; kept per class: an ``isinstance`` that fails costs about 2 µs per
    event on pydantic models)."""
    return next(kind for kind, types in _TREATMENT_KINDS if issubclass(cls, types))


_TREATMENT_KINDS: tuple[tuple[str, type], ...] = (
    ("surgery", Surgery), ("chemoradiotherapy", ChemoRadiotherapy), ("radiotherapy", Radiotherapy),
    ("systemic_therapy", SystemicTherapy), ("rehabilitation", Rehabilitation),
    ("cement_augmentation", CementAugmentation), ("ablation", Ablation),
)


def interventions(timeline: OrderedTimeline) -> tuple[Intervention, ...]:
    """The treatments on ``timeline`` in day order (rehabilitation included, steroids and
    embolisation not: embolisation prepares an operation or palliates, and no local control is
    judged after it)."""
    found: list[Intervention] = []
    uncertain = timeline.uncertain
    events = timeline.events
    for position in timeline.treatment_places:  # the timeline's treatments, sorted out when it was read
        day, event = events[position]
        key = event.id or f"{getattr(event, 'type', 'event')}@{day}"
        interval = uncertain.get(id(event)) if uncertain is not None else None
        kind = _treatment_kind(type(event))
        if kind == "surgery":
            assert isinstance(event, Surgery)
            fixation = event.fixation_span
            field = tuple(fixation.levels) if fixation else ()
            spans = event.all_spans
            levels: tuple[Level, ...] = _levels(spans) if spans else field
            procedures = event.procedures or ()
            words = " + ".join(_PROCEDURE_WORDS.get(p, str(p)) for p in procedures) or "operation (type not stated)"
            span = f" (fixation {fixation})" if fixation else ""
            found.append(
                Intervention(
                    key=key,
                    kind="surgery",
                    day=day,
                    label=f"{words}{_where(spans)}{span}",
                    levels=levels,
                    field=field,
                    decompressive=any(p in DECOMPRESSIVE for p in procedures),
                    interval=interval, position=position,
                )
            )
        elif kind == "chemoradiotherapy":
            assert isinstance(event, ChemoRadiotherapy)
            rt = _rt_words(event.technique, event.dose_gy, event.fractions)
            parts = [p for p in (rt if rt != "RT" else "", event.regimen or "") if p]
            detail = f" ({', '.join(parts)})" if parts else ""
            spans = event.all_spans
            found.append(
                Intervention(
                    key=key,
                    kind="chemoradiotherapy",
                    day=day,
                    end_day=event.end_day,
                    label=f"concurrent chemo-radiotherapy{detail}{_where(spans)}",
                    levels=_levels(spans),
                    radiotherapy=True,
                    systemic=True,
                    technique=event.technique.value if event.technique else None,
                    interval=interval, position=position,
                )
            )
        elif kind == "radiotherapy":
            assert isinstance(event, Radiotherapy)
            spans = event.all_spans
            found.append(
                Intervention(
                    key=key,
                    kind="radiotherapy",
                    day=day,
                    end_day=event.end_day,
                    label=f"{_rt_words(event.technique, event.dose_gy, event.fractions)}{_where(spans)}",
                    levels=_levels(spans),
                    radiotherapy=True,
                    technique=event.technique.value if event.technique else None,
                    interval=interval, position=position,
                    spinal=event.target in (None, TreatmentTarget.SPINE),
                )
            )
        elif kind == "systemic_therapy":
            assert isinstance(event, SystemicTherapy)
            what = event.regimen or (event.drug_class.value.replace("_", " ") if event.drug_class else "systemic therapy")
            found.append(
                Intervention(
                    key=key, kind="systemic_therapy", day=day, end_day=event.end_day, label=what, systemic=True,
                    interval=interval, position=position,
                )
            )
        elif kind == "rehabilitation":
            assert isinstance(event, Rehabilitation)
            setting = f" ({event.setting.value})" if event.setting else ""
            found.append(
                Intervention(key=key, kind="rehabilitation", day=day, end_day=event.end_day,
                             label=f"rehabilitation{setting}", interval=interval, position=position)
            )
        elif kind == "cement_augmentation":
            assert isinstance(event, CementAugmentation)
            what = event.procedure.value if event.procedure and event.procedure.value != "unspecified" else (
                "cement augmentation")
            spans = event.all_spans
            found.append(
                Intervention(key=key, kind="cement_augmentation", day=day, label=f"{what}{_where(spans)}",
                             levels=_levels(spans), interval=interval, position=position)
            )
        else:
            assert isinstance(event, Ablation)
            method = f"{event.method.value} " if event.method else "thermal "
            spans = event.all_spans
            found.append(
                Intervention(key=key, kind="ablation", day=day, label=f"{method}ablation{_where(spans)}",
                             levels=_levels(spans), interval=interval, position=position)
            )
    return tuple(found)


#: Treatments of the spine itself: a neurological deterioration after one of them may be attributed to it
#: (issue 14: a deficit after a systemic therapy given earlier is not "after" that therapy unless the record
#: links them). A radiotherapy aimed elsewhere (brain, primary) is not one. Embolisation is not among the course's
#: interventions (see the module docstring); :func:`embolisations` gives it for this attribution only.
SPINAL_KINDS = frozenset({"surgery", "radiotherapy", "chemoradiotherapy", "cement_augmentation", "ablation"})


def embolisations(timeline: OrderedTimeline) -> tuple[Intervention, ...]:
    """The embolisations of the spine on ``timeline`` (not those aimed elsewhere), as interventions a
    neurological deterioration may be said to follow; they answer no alert and judge no local control."""
    found: list[Intervention] = []
    for day, event in timeline.embolisations:
        if event.target in (None, TreatmentTarget.SPINE):
            purpose = "pre-operative " if event.purpose is not None and event.purpose.value == "preoperative" else ""
            found.append(Intervention(
                key=event.id or f"embolisation@{day}", kind="embolisation", day=day,
                label=f"{purpose}embolisation{_where(event.all_spans)}", levels=_levels(event.all_spans),
                interval=timeline.interval(day, event), position=timeline.position(event)))
    return tuple(found)


class TreatmentIndex:
    """The treatments in day order, with the look-ups the course makes for every treatment.

    Each look-up bisects a day- or position-ordered list, so asking it once per treatment and
    level keeps the analysis linear-logarithmic in the length of the timeline.
    """

    def __init__(self, treatments: tuple[Intervention, ...]) -> None:
        self.treatments = treatments
        # Each treatment's place, or the place of the first treatment equal to it (as a dict keyed by the
        # treatments would say), kept by identity: hashing a treatment hashes all its fields.
        self._first_position: dict[int, int] = {}
        self._covering: dict[Level, list[int]] = {}
        self._by_key: dict[str, Intervention] = {}
        self._systemic: list[int] = []
        # Treatments that answer an alert: everything but rehabilitation; the spinal ones among them.
        self._answering: list[Intervention] = []
        self._answering_days: list[int] = []
        self._spinal: list[Intervention] = []
        self._spinal_days: list[int] = []
        self._answering_covering: dict[Level, list[int]] = {}
        self._answering_non_local: list[int] = []
        same_key: dict[str, list[int]] = {}  # equal treatments have equal keys: only those are compared
        # One pass, each treatment's fields read once (a record's field costs more to read than a local).
        for i, t in enumerate(treatments):
            key, kind, day, levels = t.key, t.kind, t.day, t.levels
            earlier = same_key.get(key)
            if earlier is None:
                same_key[key] = [i]
                self._first_position[id(t)] = i
                self._by_key[key] = t
            else:
                self._first_position[id(t)] = next((j for j in earlier if treatments[j] == t), i)
                earlier.append(i)
            if t.systemic:
                self._systemic.append(i)
            distinct = dict.fromkeys(levels)
            for level in distinct:
                self._covering.setdefault(level, []).append(i)
            if kind == "rehabilitation":
                continue
            j = len(self._answering)
            self._answering.append(t)
            self._answering_days.append(day)
            if kind in SPINAL_KINDS and t.spinal:
                self._spinal.append(t)
                self._spinal_days.append(day)
            if not levels:  # not local
                self._answering_non_local.append(j)
            for level in distinct:
                self._answering_covering.setdefault(level, []).append(j)

    def by_key(self, key: str) -> Intervention:
        """The first treatment recorded with ``key``."""
        return self._by_key[key]

    def next_local(self, after: Intervention, level: Level) -> Intervention | None:
        """The next local treatment of ``level`` after ``after`` (systemic therapy does not count).

        It closes ``after``'s follow-up window at that level: what is seen later belongs to it.
        A treatment on the same day counts when it was recorded after ``after``.
        """
        return self._next_in(self._covering.get(level), after)

    def next_systemic(self, after: Intervention) -> Intervention | None:
        """The next systemic treatment (a new line, or chemo-radiotherapy) after ``after``.

        It closes ``after``'s response window when ``after`` is systemic: a study made once the
        next line has started shows the response to that line, not to ``after``.
        """
        return self._next_in(self._systemic, after)

    def _next_in(self, positions: list[int] | None, after: Intervention) -> Intervention | None:
        """The first treatment at one of ``positions`` recorded after ``after``."""
        if not positions:
            return None
        start = self._place(after)
        for p in positions[bisect_right(positions, start):]:
            other = self.treatments[p]
            if other is after or other.key == after.key:
                continue
            if other.day == after.day and self._place(other) < start:
                continue
            return other
        return None

    def _place(self, t: Intervention) -> int:
        """The place of ``t`` (of the first treatment equal to it) in :attr:`treatments`."""
        found = self._first_position.get(id(t))  # one of the treatments (they are alive: no id is reused)
        if found is not None:
            return found
        for i, other in enumerate(self.treatments):  # a treatment equal to one of these, not one of them
            if other == t:
                return i
        raise KeyError(t)

    def answering_on(self, day: int) -> list[Intervention]:
        """The treatments other than rehabilitation placed on ``day``, in recorded order."""
        days = self._answering_days
        return self._answering[bisect_left(days, day):bisect_right(days, day)]

    def last_before(self, day: int) -> Intervention | None:
        """The last treatment other than rehabilitation given before ``day``."""
        i = bisect_left(self._answering_days, day)
        return self._answering[i - 1] if i else None

    def attributable_before(self, day: int, position: int, linked: str | None = None) -> Intervention | None:
        """The treatment a neurological change examined on ``day`` (at ``position`` in the timeline) may be
        said to follow: the last spinal treatment (:data:`SPINAL_KINDS`) placed before ``day`` or, failing
        that, on ``day`` and recorded before the examination; or the treatment the examination is stated to
        be timed from (``linked``, its id) when that one is later. Systemic therapy is named only when
        linked so: a deficit years after hormonal therapy is not a deterioration after it."""
        i = bisect_left(self._spinal_days, day)
        found = self._spinal[i - 1] if i else None
        if found is None:
            same = [t for t in self._spinal[i:bisect_right(self._spinal_days, day)] if t.position < position]
            found = same[-1] if same else None
        link = self._by_key.get(linked) if linked else None
        if link is not None and link.kind != "rehabilitation" and (link.day, link.position) < (day, position) and (
                found is None or link.moment > found.moment):
            return link
        return found

    def next_answering(self, day: int, level: Level | None) -> Intervention | None:
        """The first treatment on or after ``day`` that answers a finding at ``level``.

        Any treatment but rehabilitation answers a finding without a level; a finding at a level
        is answered by a local treatment of that level or by a treatment without levels.
        """
        start = bisect_left(self._answering_days, day)
        if level is None:
            return self._answering[start] if start < len(self._answering) else None
        found = len(self._answering)
        for positions in (self._answering_non_local, self._answering_covering.get(level, [])):
            j = bisect_left(positions, start)
            if j < len(positions):
                found = min(found, positions[j])
        return self._answering[found] if found < len(self._answering) else None

