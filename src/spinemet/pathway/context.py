"""What a rule reads: the snapshot, the instrument results and the alerts of the day.

The helpers here turn the raw record into the handful of facts the rules share (worst ESCC
group, SINS band, radiosensitivity, fitness, neurological signs). Each returns ``None`` when the
fact is unknown, and the set of still-possible values where an instrument gives a range, so
a rule can say *which* fact it lacks instead of guessing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import field
from functools import wraps
from typing import Any, TypeVar

from spinemet.anatomy import Level, Span
from spinemet.case.events import ChemoRadiotherapy, Fitness, Radiotherapy, Surgery
from spinemet.case.snapshot import Dated, Snapshot
from spinemet.case.timing import DayInterval, interval_between, when_words
from spinemet.case.vocab import EsccGrade, FrankelGrade, Sphincter
from spinemet.case.vocab_detail import TreatmentTarget
from spinemet.case.vocab_disease import DeficitWord, Walking
from spinemet.case.vocab_treatment import TreatmentPreference
from spinemet.frozen import dataclass, quick_init
from spinemet.instruments.result import Result
from spinemet.pathway.model import Alert

T = TypeVar("T")

#: Procedures that count as an operation on the spine at a level (not a biopsy or embolisation).
OPEN_PROCEDURES = frozenset(
    {"decompression", "separation_surgery", "corpectomy", "posterior_fixation", "en_bloc_resection"}
)


@quick_init
@dataclass(frozen=True)
class RuleInput:
    """Everything a rule may read on one day.

    One input serves every rule of one plan: the facts several rules share (the treatments given in this
    episode, the failures, the WHO class ...) are worked out once per input (:meth:`fact`, :func:`per_input`)
    and kept with it, never beyond it. A shared fact is a tuple or another value nobody modifies."""

    snapshot: Snapshot
    results: Mapping[str, Result] = field(default_factory=dict)
    alerts: tuple[Alert, ...] = ()
    _facts: dict[Callable[..., Any], Any] = field(default_factory=dict, compare=False, repr=False)

    def fact(self, read: Callable[[Snapshot], T]) -> T:
        """``read(snapshot)``, worked out once per input and shared by every rule that asks."""
        try:
            known: T = self._facts[read]
        except KeyError:
            known = self._facts[read] = read(self.snapshot)
        return known

    @property
    def day(self) -> int:
        return self.snapshot.day

    def result(self, key: str) -> Result | None:
        return self.results.get(key)

    def reopened(self, rule: str) -> tuple[Alert, ...]:
        """The active alerts that send the team back to ``rule``."""
        if not self.alerts:
            return ()  # most days (asked by several rules)
        return tuple(a for a in self.alerts if rule in a.reopens and a.active_on(self.day))


def per_input(read: Callable[[RuleInput], T]) -> Callable[[RuleInput], T]:
    """``read`` worked out once per :class:`RuleInput` (one plan) and shared by every rule that asks; the
    same answer as calling it each time, since an input does not change."""

    @wraps(read)
    def once(inp: RuleInput) -> T:
        try:
            known: T = inp._facts[once]
        except KeyError:
            known = inp._facts[once] = read(inp)
        return known

    return once


def results_by_key(results: Sequence[Result] | Mapping[str, Result]) -> dict[str, Result]:
    """Instrument results keyed by instrument key (accepts a list as ``assess_snapshot`` returns it)."""
    if isinstance(results, (tuple, list)):  # the usual case, told apart without the Mapping ABC's slower check
        return {r.instrument: r for r in results}
    if isinstance(results, Mapping):
        return dict(results)
    return {r.instrument: r for r in results}


# ------------------------------------------------------------------ instrument readings


def possible(result: Result | None) -> tuple[str, ...]:
    """The bands/categories still possible for ``result`` (empty when the instrument is absent)."""
    if result is None:
        return ()
    if result.band is not None:
        return (result.band.key,)
    if result.category is not None:
        return (result.category,)
    return tuple(result.possible_bands)


def known(result: Result | None) -> str | None:
    """The single band/category of ``result``, or None while more than one remains."""
    values = possible(result)
    return values[0] if len(values) == 1 else None


def describe(result: Result | None) -> str:
    """A short human reading of a result: total/category and band, or the range still possible."""
    if result is None:
        return "not assessed"
    if result.total is not None:
        band = f" ({result.band.label})" if result.band else ""
        return f"{result.total}{band}"
    if result.category is not None:
        return result.category.replace("_", " ")
    rng = f"{result.min_total}-{result.max_total}" if result.min_total is not None else "unknown"
    bands = " or ".join(b.replace("_", " ") for b in result.possible_bands)
    return f"range {rng} ({bands}); missing: {', '.join(result.missing)}"


# ------------------------------------------------------------------ record readings


def index_level(s: Snapshot) -> Level | None:
    """The level of worst epidural compression, else the first recorded (:attr:`Snapshot.index_level`, which
    works it out at each reading: rules read it once per plan with ``inp.fact(index_level)``)."""
    return s.index_level


#: ESCC 2 and 3: the cord compressed (Bilsky 2010): the grades ranked at or above ESCC 2, as a set (a grade's
#: ``rank`` is a property worked out at each read).
HIGH_GRADE_ESCC = frozenset({EsccGrade.G2, EsccGrade.G3})


def worst_escc(s: Snapshot) -> EsccGrade | None:
    """The highest ESCC grade recorded at any level (None when no exact grade is recorded)."""
    grades = [f.value.escc for f in s.findings.values() if f.value.escc is not None]
    return max(grades, key=lambda g: g.rank) if grades else None


def cord_compressed(s: Snapshot) -> bool | None:
    """True when any level shows cord compression (ESCC 2-3), False when all graded levels show none."""
    flags: list[bool | None] = []
    # Findings over a span or a region count as well ("epidural mass from T2 to T10 compressing the cord";
    # "no cord compression" stated for the lumbar region): they say as much about the cord as a level does.
    for dated in (*s.findings.values(), *s.extent_findings):
        f = dated.value
        if f.escc is not None:
            flags.append(f.escc in HIGH_GRADE_ESCC)
        else:
            flags.append(f.cord_compression)
    if any(flag is True for flag in flags):
        return True
    if flags and all(flag is False for flag in flags):
        return False
    return None


def compressed_levels(s: Snapshot) -> tuple[Level, ...]:
    out = []
    for level, dated in sorted(s.findings.items()):
        f = dated.value
        if f.escc in HIGH_GRADE_ESCC or f.cord_compression:
            out.append(level)
    return tuple(out)


NEURO_SIGNS = ("motor_deficit", "myelopathy", "radiculopathy", "sensory_level", "sphincter", "ambulatory", "grade")

#: Walking as stated that is a difficulty walking (CG75: "difficulty in walking").
_WALKING_DIFFICULTY = frozenset({Walking.WITH_AID, Walking.LIMITED, Walking.NON_AMBULATORY})


def neuro_signs(s: Snapshot) -> tuple[list[str], list[str]]:
    """(signs present, signs not recorded) at the latest neurological examination.

    A sign is present when the examination records it in whatever grading it was written:
    Frankel or ASIA below E, MRC power below 5 (by limb or per muscle group), a deficit in words
    (paraplegia, weakness, numbness ...), radicular signs, myelopathy, a sensory level, sphincter
    dysfunction, difficulty walking (stated as ``ambulatory`` or as ``walking``), a cauda equina or
    conus syndrome, or an examiner's "new deficit" (CG75 key priority: neurological symptoms and
    signs of cord or cauda equina compression).
    """
    if s.neuro is None:
        return [], ["neurological examination"]
    n = s.neuro.value
    present: list[str] = []
    unknown: list[str] = []
    walking = s.walking
    checks: list[tuple[str, bool | None]] = [
        ("motor deficit", n.motor_deficit),
        ("myelopathy", n.myelopathy),
        ("radiculopathy", n.radiculopathy),
        ("sphincter dysfunction", None if n.sphincter is None else n.sphincter is Sphincter.IMPAIRED),
        ("difficulty walking", None if walking is None or walking is Walking.AMBULATORY_UNSPECIFIED
         else walking in _WALKING_DIFFICULTY),
    ]
    grade = n.frankel or n.asia
    checks.append(("Frankel/ASIA grade below E", None if grade is None else grade.value != FrankelGrade.E.value))
    if n.sensory_level is not None:
        checks.append((f"sensory level at {n.sensory_level}", True))
    if n.new_deficit:
        checks.append(("new neurological deficit", True))
    if n.mrc:
        checks.append(("reduced MRC power", any(v < 5 for v in n.mrc.values())))
    if n.power:
        weak = sorted({f"{g.muscle.replace('_', ' ')} {g.grade}/5" for g in n.power if g.grade < 5})
        checks.append((f"reduced MRC power ({', '.join(weak)})" if weak else "reduced MRC power", bool(weak)))
    words = [w for w in (n.deficits or ()) if w is not DeficitWord.NO_DEFICIT]
    if words:
        checks.append(("deficit stated in words: " + ", ".join(w.value.replace("_", " ") for w in words), True))
    if n.cauda_equina_syndrome:
        checks.append(("cauda equina syndrome", True))
    if n.conus_syndrome:
        checks.append(("conus medullaris syndrome", True))
    for name, value in checks:
        if value is True:
            present.append(name)
        elif value is None:
            unknown.append(name)
    return present, unknown


def exam_records_no_deficit(s: Snapshot) -> bool:
    """Whether the latest examination states, in any grading, that there is no deficit: 'no deficit' in
    words, no motor deficit, Frankel/ASIA E, full MRC power, or walking independently."""
    if s.neuro is None:
        return False
    n = s.neuro.value
    grade = n.frankel or n.asia
    return bool(
        n.motor_deficit is False
        or (grade is not None and grade.value == FrankelGrade.E.value)
        or (n.deficits and set(n.deficits) == {DeficitWord.NO_DEFICIT})
        or (n.mrc and all(v == 5 for v in n.mrc.values()))
        or (n.power and all(g.grade == 5 for g in n.power))
        or s.walking is Walking.INDEPENDENT
    )


def has_deficit(s: Snapshot) -> bool | None:
    """True with any neurological sign, False when the exam records none, None without an exam."""
    present, _unknown = neuro_signs(s)
    if present:
        return True
    if s.neuro is None:
        return None
    return False if exam_records_no_deficit(s) else None


def fit_for_surgery(s: Snapshot) -> bool | None:
    return s.fitness.value.fit_for_surgery if s.fitness else None


def expected_survival_months(s: Snapshot) -> float | None:
    return s.fitness.value.expected_survival_months if s.fitness else None


def preference(s: Snapshot) -> Dated[TreatmentPreference] | None:
    """The patient's treatment preference as last recorded (a later fitness record that does not
    state one does not erase it), with its day; None when none is recorded."""
    for dated in reversed(s.events):
        if isinstance(dated.value, Fitness) and dated.value.preference is not None:
            return Dated(dated.day, dated.value.preference, dated.interval)
    return None


#: Preferences that set surgery aside (LMNOP "patient wishes", Ivanishvili 2014).
DECLINES_SURGERY = (TreatmentPreference.DECLINES_SURGERY, TreatmentPreference.COMFORT_CARE_ONLY)


def surgery_declined(s: Snapshot) -> Dated[TreatmentPreference] | None:
    """The recorded preference when it declines surgery (or chooses comfort care only), else None."""
    pref = preference(s)
    return pref if pref is not None and pref.value in DECLINES_SURGERY else None


def preference_words(pref: Dated[TreatmentPreference]) -> str:
    """"the patient declined surgery, recorded day 12" (the day, or the days within which it was recorded)."""
    what = {TreatmentPreference.ACCEPTS_SURGERY: "the patient accepts surgery",
            TreatmentPreference.DECLINES_SURGERY: "the patient declined surgery",
            TreatmentPreference.DECLINES_RADIOTHERAPY: "the patient declined radiotherapy",
            TreatmentPreference.COMFORT_CARE_ONLY: "the patient chose comfort care only",
            TreatmentPreference.UNDECIDED: "the patient has not decided"}[pref.value]
    return f"{what}, recorded {pref.when}"


def treatment_levels(event: Surgery | Radiotherapy | ChemoRadiotherapy) -> Span | None:
    return event.levels


def touches(span: Span | None, level: Level | None) -> bool | None:
    """Whether a treated span includes ``level`` (None when either is unknown)."""
    if span is None or level is None:
        return None
    return level in span


def before_now(s: Snapshot, dated: Dated[Any]) -> bool:
    """Whether a recorded event was given before the snapshot's moment: on an earlier day, or earlier in
    the recorded order with a later event already in the snapshot (the state *after* the day's events:
    in a record dated by order or by ranges many events share a placement day, and a treatment followed
    by its post-treatment study has been given, whatever day they share). The last event of the
    snapshot is the moment itself ("started today")."""
    if dated.day < s.day:
        return True
    at = position(s, dated.value)
    return at is not None and at < len(s.events) - 1


@per_input
def open_surgeries_given(inp: RuleInput) -> list[Dated[Surgery]]:
    """Operations on the spine given before the snapshot's moment (:func:`before_now`); once per plan, from the
    plan's shared operations (not to be modified)."""
    s = inp.snapshot
    return [d for d in inp.fact(open_surgeries) if before_now(s, d)]


def radiotherapies_given(s: Snapshot, level: Level | None) -> list[Dated[Radiotherapy | ChemoRadiotherapy]]:
    """RT courses including ``level`` (or whose levels are not recorded) given before the snapshot's moment."""
    return [d for d in radiotherapies_at(s, level) if before_now(s, d)]


#: Operations that leave a spinal wound to heal before radiotherapy, beyond OPEN_PROCEDURES: a laminectomy, a
#: tumour resection or debulking, any fixation; and an operation whose type the source does not state.
WOUND_PROCEDURES = OPEN_PROCEDURES | {"laminectomy", "partial_laminectomy", "tumour_resection", "anterior_fixation",
                                      "fixation_unspecified"}


def spinal_operations(s: Snapshot) -> list[Dated[Surgery]]:
    """Operations on the spine that postoperative radiotherapy waits for (Itshayek 2010: a sound wound),
    including those of unstated type; not a biopsy, an embolisation or cement alone."""
    out = []
    for dated in s.surgeries():
        kinds = set(dated.value.procedures or ())  # str enums, equal to their values
        if not kinds or kinds & WOUND_PROCEDURES:
            out.append(dated)
    return out


def open_surgeries(s: Snapshot, before: int | None = None) -> list[Dated[Surgery]]:
    """Operations on the spine (not biopsy/embolisation), optionally only those before day ``before``."""
    out = []
    for dated in s.surgeries():
        if before is not None and dated.day >= before:
            continue
        if not OPEN_PROCEDURES.isdisjoint(dated.value.procedures or ()):  # procedures are str enums
            out.append(dated)
    return out


def radiotherapies_at(
    s: Snapshot, level: Level | None, before: int | None = None
) -> list[Dated[Radiotherapy | ChemoRadiotherapy]]:
    """RT courses that include ``level`` (or whose levels are not recorded), optionally before a day.
    A course aimed outside the spine (``target``: brain, primary, ...) or given for a condition that is
    not cancer (``benign_indication``) irradiated no spinal level and is left out."""
    out = []
    for dated in s.radiotherapies():
        if before is not None and dated.day >= before:
            continue
        if isinstance(dated.value, Radiotherapy) and (
            dated.value.target not in (None, TreatmentTarget.SPINE) or dated.value.benign_indication
        ):
            continue
        inside = touches(dated.value.levels, level)
        if inside is not False:
            out.append(dated)
    return out


def definitive_before_today(s: Snapshot) -> list[str]:
    """Definitive treatments (open surgery, RT) given before the snapshot day, as short labels."""
    labels = [f"surgery on day {d.day}" for d in open_surgeries(s, before=s.day)]
    labels += [f"{d.value.type} on day {d.day}" for d in s.radiotherapies() if d.day < s.day]
    return labels


_PRESENTING = ("neuro_exam", "pain", "imaging")


def episode_start(s: Snapshot) -> int | None:
    """The placement day of the first examination, pain record or imaging study: where the record's
    presentation begins (None when it holds none)."""
    # the events are in time order (placement days never decrease): the first such event has the least day
    for d in s.events:  # a plain loop: a generator costs a frame and a resumption per event
        if getattr(d.value, "type", None) in _PRESENTING:
            return d.day
    return None


@per_input
def treated_in_this_episode(inp: RuleInput) -> tuple[str, ...]:
    """Definitive treatments given before the snapshot day *since the presentation began*.

    A treatment the sources date only as before the presentation ("radiotherapy years earlier",
    "a previous decompression") is history: it does not close the triage of a new presentation. A
    treatment with no presentation recorded before it still does. Worked out once per plan, from the plan's
    shared operations."""
    s = inp.snapshot
    out: list[str] = []
    # Operations, then radiotherapy, given on an earlier day; then those of the snapshot's own day (events dated
    # by order or by ranges share placement days): a treatment that answered an examination recorded before it,
    # and is followed by a later observation, has been given; the later observation is follow-up (a new deficit
    # there re-opens triage through the course alerts). A deficit first examined after a same-day treatment is
    # not answered by it.
    treatments: list[Dated[Surgery] | Dated[Radiotherapy | ChemoRadiotherapy]] = [
        *inp.fact(open_surgeries), *s.radiotherapies()]
    given: list[Dated[Surgery] | Dated[Radiotherapy | ChemoRadiotherapy]] = []
    today: list[Dated[Surgery] | Dated[Radiotherapy | ChemoRadiotherapy]] = []
    for dated in treatments:
        if dated.day < s.day:
            given.append(dated)
        elif dated.day == s.day and _observed_after(s, dated.value):
            today.append(dated)
    given += today
    start = episode_start(s) if given else None
    for dated in given:
        # the treatment lists keep each event's interval (what when(s, dated) would look up); None: exactly dated
        iv = dated.interval
        earliest = dated.day if iv is None else iv.earliest
        if start is not None and (earliest is None or earliest < start):
            continue
        what = "surgery" if isinstance(dated.value, Surgery) else dated.value.type
        # on_words(s, dated): when_words of the interval, "day N" for an exact day
        out.append(f"{what} on day {dated.day}" if iv is None else f"{what} on {when_words(iv)}")
    return tuple(out)


def _observed_after(s: Snapshot, event: object) -> bool:
    """Whether a neurological examination is recorded before ``event`` in the snapshot and an examination,
    pain record or imaging study after it."""
    at = position(s, event)
    if at is None:
        return False
    examined_before = any(getattr(d.value, "type", None) == "neuro_exam" for d in s.events[:at])
    return examined_before and any(getattr(d.value, "type", None) in _PRESENTING for d in s.events[at + 1:])


#: Procedures that do not by themselves treat a compression (a biopsy alone, embolisation).
_NOT_DEFINITIVE = frozenset({"biopsy"})


def position(s: Snapshot, event: object) -> int | None:
    """The place of a recorded event in the snapshot's ordered events (orders events of one day): the first
    place, found by identity (:meth:`Snapshot.place_of`)."""
    return s.place_of(event)


def started_today(s: Snapshot, after: object | None = None) -> list[tuple[Dated[Any], str]]:
    """Definitive treatments (an operation other than a biopsy alone, radiotherapy, chemo-radiotherapy)
    placed on the snapshot's day, recorded after ``after`` (an event) when given, as (event, label).

    The snapshot holds the state *after* the day's events in their recorded order: a treatment
    recorded after the examination or study that raised an emergency has started to answer it."""
    events = s.events
    # The events are in time order and none is placed after the snapshot's day: the day's events are the last ones.
    first = len(events)
    while first > 0 and events[first - 1].day == s.day:
        first -= 1
    floor = position(s, after) if after is not None else None
    if floor is not None and floor > first:
        first = floor
    out: list[tuple[Dated[Any], str]] = []
    for dated in events[first:]:
        event = dated.value
        if isinstance(event, Surgery):
            kinds = [p.value for p in event.procedures or ()]
            if kinds and set(kinds) <= _NOT_DEFINITIVE:
                continue
            words = ", ".join(k.replace("_", " ") for k in kinds) if kinds else "an operation (type not stated)"
            out.append((dated, words))
        elif isinstance(event, ChemoRadiotherapy):
            out.append((dated, "chemo-radiotherapy"))
        elif isinstance(event, Radiotherapy):
            technique = event.technique.value.upper() if event.technique is not None else "radiotherapy"
            out.append((dated, technique if technique != "radiotherapy" else "radiotherapy"))
    return out


def wound_after(s: Snapshot, surgery_day: int) -> str | None:
    """The latest recorded wound status on or after the operation day (``healed``,
    ``not_healed``, ``infected``, ``dehiscence``), or None when no wound check is recorded since."""
    if s.wound is None or s.wound.day < surgery_day:
        return None
    return s.wound.value.status


# ------------------------------------------------------------------ time on ranges


def when(s: Snapshot, dated: Dated[Any]) -> DayInterval:
    """The days within which a recorded event happened (its day when exactly dated).

    Treatment lists of the snapshot may drop the interval; it is looked up on the snapshot's
    treatments and events by identity of the recorded event."""
    if dated.interval is not None:
        return dated.interval
    event = dated.value
    for t in s.treatments:  # the treatments first (the few a rule asks about), without copying the events
        if t.value is event:
            return t.when
    at = position(s, event)  # then the events, by the places found once per snapshot
    return s.events[at].when if at is not None else DayInterval.exact(dated.day)


def now_interval(s: Snapshot) -> DayInterval:
    """The days within which the snapshot's moment lies: its own interval when taken at an event; read by day,
    its day, unless the last event recorded that day is dated only by order or by a range (the moment is then
    at or after that event, with no upper bound the record gives)."""
    if s.day_interval is not None:
        return s.day_interval
    if s.events and s.events[-1].day == s.day:
        last = when(s, s.events[-1])
        if not last.is_exact:
            return DayInterval(last.earliest, None)
    return DayInterval.exact(s.day)


def days_between(s: Snapshot, first: Dated[Any], then: Dated[Any] | None = None) -> tuple[int | None, int | None]:
    """(least, greatest) days from ``first`` to ``then`` (default: the snapshot's moment, :func:`now_interval`)."""
    if then is None and s.events and s.events[-1].value is first.value:
        return (0, 0)  # the snapshot's moment is this very event ("started today")
    later = when(s, then) if then is not None else now_interval(s)
    return interval_between(when(s, first), later)


def on_words(s: Snapshot, dated: Dated[Any]) -> str:
    """When a dated fact happened, in words: 'day 3', 'days 2 to 16', 'day 40 or later'."""
    return when_words(when(s, dated))
