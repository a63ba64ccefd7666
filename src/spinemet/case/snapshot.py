"""The snapshot: the state of a case on a given day.

A snapshot holds the latest value of each observation up to that day (per vertebral level
for imaging findings), the pathology as refined by any report so far, and the treatments
given so far. Instruments and the pathway read snapshots, never the raw timeline.
Unknown stays unknown: an observation never made is ``None``.

Time: events are taken in time order (:meth:`Case.ordered_events`); an event dated only by a
range or by its position is placed on its *placement day* (the earliest day it can have
happened, given the written order) and its :class:`Dated` carries the whole ``interval``. A
snapshot can also be taken at an event (``at='surgery-1'``), before or after it, which keeps
events of the same day in the order they happened.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import field
from typing import Any, Generic, Literal, TypeVar

from spinemet.anatomy import Level
from spinemet.case.events import (
    Ablation,
    CementAugmentation,
    ChemoRadiotherapy,
    Complication,
    Corticosteroids,
    Death,
    Decision,
    DiseaseBurden,
    Embolisation,
    Event,
    Fitness,
    Histopathology,
    Imaging,
    Labs,
    LevelFinding,
    MuscleGrade,
    NetPathology,
    NeuroExam,
    Outcome,
    Pain,
    Performance,
    PrimaryTumourResection,
    Radiotherapy,
    Rehabilitation,
    SupportiveCare,
    Surgery,
    SystemicTherapy,
    Wound,
)
from spinemet.case.events.findings import (
    compartments_of,
    compressed_structures,
    has_collapse,
    has_epidural,
    has_posterior_elements,
)
from spinemet.case.model import Case, Patient, PrimaryTumour
from spinemet.case.timing import DayInterval
from spinemet.case.units import canonical_unit
from spinemet.case.vocab import Ambulatory, Analyte, PainCharacter, PrimarySite
from spinemet.case.vocab_disease import (
    COUNT_RANGE,
    Compartment,
    CountWord,
    DeficitWord,
    LabStatement,
    Walking,
)
from spinemet.frozen import computed_once, dataclass, quick_init

T = TypeVar("T")


@quick_init  # one per event and per finding of every snapshot, and the rules build more
@dataclass(frozen=True)
class Dated(Generic[T]):
    """A value with the day it was observed (days since index).

    ``interval`` is None for an exactly dated value. For a value dated by a range or by order it
    holds the days within which it happened, and ``day`` is its placement day (the earliest day
    it can have happened given the written order): compare times with ``interval``.
    """

    day: int
    value: T
    interval: DayInterval | None = None

    @property
    def when(self) -> DayInterval:
        """The days within which this happened (exact: one day)."""
        return self.interval if self.interval is not None else DayInterval.exact(self.day)


@quick_init
@dataclass(frozen=True)
class LabWords:
    """A laboratory result stated only in words ("thyroglobulin markedly raised")."""

    analyte: Analyte
    statement: LabStatement


#: count kinds of :meth:`Snapshot.count_range` -> (count field, words field) of DiseaseBurden
_COUNT_FIELDS: dict[str, tuple[str | None, str]] = {
    "extraspinal_bone": ("extraspinal_bone_mets", "extraspinal_bone_mets_extent"),
    "vertebral": ("vertebral_mets", "vertebral_mets_extent"),
    "bone": (None, "bone_mets_extent"),
    "visceral": (None, "visceral_mets_extent"),
}

_WALKING_OF_AMBULATORY = {
    Ambulatory.INDEPENDENT: Walking.INDEPENDENT,
    Ambulatory.WITH_AID: Walking.WITH_AID,
    Ambulatory.NON_AMBULATORY: Walking.NON_AMBULATORY,
}


@quick_init
@dataclass(frozen=True)
class LabReading:
    analyte: Analyte
    value: float
    unit: str
    canonical_value: float
    canonical_unit: str


@quick_init  # 28 fields: the dataclass's own __init__ sets each through object.__setattr__
@dataclass(frozen=True)
class Snapshot:
    """The state of a case on ``day`` (days since the index date)."""

    case_id: str
    day: int
    patient: Patient
    primary: PrimaryTumour
    findings: dict[Level, Dated[LevelFinding]] = field(default_factory=dict)
    imaging: Dated[Imaging] | None = None
    neuro: Dated[NeuroExam] | None = None
    previous_neuro: Dated[NeuroExam] | None = None
    kps: Dated[int] | None = None
    ecog: Dated[int] | None = None
    pain: Dated[Pain] | None = None
    labs: dict[Analyte, Dated[LabReading]] = field(default_factory=dict)
    burden: Dated[DiseaseBurden] | None = None
    fitness: Dated[Fitness] | None = None
    histopathology: Dated[Histopathology] | None = None
    wound: Dated[Wound] | None = None
    treatments: tuple[Dated[Event], ...] = ()
    decisions: tuple[Dated[Decision], ...] = ()
    events: tuple[Dated[Event], ...] = ()
    death_day: int | None = None
    index_date_known: bool = False
    # Case-file version 2 (issue 12).
    extent_findings: tuple[Dated[LevelFinding], ...] = ()
    lab_words: dict[Analyte, Dated[LabWords]] = field(default_factory=dict)
    complications: tuple[Dated[Complication], ...] = ()
    outcomes: tuple[Dated[Outcome], ...] = ()
    supportive_care: tuple[Dated[SupportiveCare], ...] = ()
    #: the days within which the snapshot's moment lies, when taken at an event not exactly dated
    day_interval: DayInterval | None = None
    #: findings outside the spine (``extraspinal_site``), latest per site; never read as spinal
    extraspinal_findings: tuple[Dated[LevelFinding], ...] = ()

    # ------------------------------------------------------------ convenience readers

    @property
    def alive(self) -> bool | None:
        return False if self.death_day is not None and self.death_day <= self.day else None

    @computed_once
    def levels(self) -> tuple[Level, ...]:
        """Levels with a recorded imaging finding, cranial to caudal (sorted once per snapshot: the readers and
        the rules ask for it many times; a snapshot does not change)."""
        return tuple(sorted(self.findings))

    def place_of(self, event: object) -> int | None:
        """The first place among :attr:`events` of the recorded event ``event`` (by identity), or None when it is
        not among them. The places are found in one pass at the first question and kept (a snapshot does not
        change): the rules ask for several events' places per plan, and a scan per question read the whole
        timeline each time (a plan on a 1,000-event course cost about as much again as its rules)."""
        return self._places.get(id(event))

    @computed_once
    def _places(self) -> dict[int, int]:
        """Each event's first place among :attr:`events`, keyed by ``id()`` of the event (which the snapshot
        keeps alive): filled from the last event to the first, so that the first place is the one kept."""
        events = self.events
        return {id(events[i].value): i for i in range(len(events) - 1, -1, -1)}

    def place_of_id(self, event_id: object) -> int | None:
        """The place among :attr:`events` of the event with id ``event_id`` (the first, should two share it),
        or None when none has it; the places are found in one pass, once per snapshot."""
        return self._id_places.get(event_id)

    @computed_once
    def _id_places(self) -> dict[object, int]:
        events = self.events
        places: dict[object, int] = {}
        for i in range(len(events) - 1, -1, -1):  # from the last to the first: the first place is kept
            found = getattr(events[i].value, "id", None)
            if found is not None:
                places[found] = i
        return places

    def finding(self, level: Level) -> LevelFinding | None:
        dated = self.findings.get(level)
        return dated.value if dated else None

    @computed_once
    def index_level(self) -> Level | None:
        """The level of worst epidural compression (highest ESCC), else the first level recorded (worked out
        once per snapshot)."""
        graded = [(f.value.escc.rank, lvl) for lvl, f in self.findings.items() if f.value.escc is not None]
        if graded:
            return max(graded, key=lambda pair: (pair[0], -int(pair[1])))[1]
        return self.levels[0] if self.levels else None

    @property
    def net(self) -> NetPathology | None:
        """Neuro-endocrine grading facts: the latest pathology report's, else the primary's."""
        if self.histopathology and self.histopathology.value.neuroendocrine:
            return self.histopathology.value.neuroendocrine
        return self.primary.neuroendocrine

    @property
    def histology(self) -> str | None:
        if self.histopathology and self.histopathology.value.histology:
            return self.histopathology.value.histology
        return self.primary.histology

    @property
    def hormone_dependent(self) -> bool | None:
        if self.histopathology and self.histopathology.value.hormone_dependent is not None:
            return self.histopathology.value.hormone_dependent
        return self.primary.hormone_dependent

    def lab(self, analyte: Analyte) -> LabReading | None:
        dated = self.labs.get(analyte)
        return dated.value if dated else None

    def _kept(self, name: str, build: Callable[[], list[Any]]) -> list[Any]:
        """A list read from the treatments, built once per snapshot (the rules ask for the same list many
        times: on a long course each pass checks every treatment); every caller gets its own copy."""
        found: tuple[Any, ...] | None = self.__dict__.get(name)
        if found is None:
            found = tuple(build())
            object.__setattr__(self, name, found)
        return list(found)

    def surgeries(self) -> list[Dated[Surgery]]:
        """Operations so far, each with its interval when not dated exactly (the timeline's own records:
        a record is immutable, so no copy is needed)."""
        return self._kept("_surgeries", lambda: [t for t in self.treatments if isinstance(t.value, Surgery)])

    def radiotherapies(self) -> list[Dated[Radiotherapy | ChemoRadiotherapy]]:
        """Radiotherapy and chemo-radiotherapy so far, each with its interval when not dated exactly (the
        timeline's own records)."""
        return self._kept("_radiotherapies", lambda: [
            t for t in self.treatments if isinstance(t.value, _RADIOTHERAPIES)])

    def studies(self) -> list[tuple[int, Dated[Imaging]]]:
        """The imaging studies so far with their places among :attr:`events`, in order. Told apart by the
        table of event types (:func:`_kind_of`, once per type): ``isinstance`` on an event model of another
        type costs a pass through pydantic's and the ABC's instance checks, at every event of every scan."""
        kinds = _KINDS  # every type the walk has read is there already; another is added by _kind_entry
        return self._kept("_studies", lambda: [
            (i, dated) for i, dated in enumerate(self.events)
            if (kinds.get(type(dated.value)) or _kind_entry(dated.value))[0] == _IMAGING])

    def systemic_therapies(self) -> list[Dated[SystemicTherapy | ChemoRadiotherapy]]:
        """Systemic therapy and chemo-radiotherapy so far, by day (without the interval)."""
        return self._kept("_systemic", lambda: [
            Dated(t.day, t.value) for t in self.treatments if isinstance(t.value, _SYSTEMIC)])

    def steroids(self) -> list[Dated[Corticosteroids]]:
        """Corticosteroids so far, by day (without the interval)."""
        return self._kept("_steroids", lambda: [
            Dated(t.day, t.value) for t in self.treatments if isinstance(t.value, Corticosteroids)])

    def rehabilitation(self) -> list[Dated[Rehabilitation]]:
        return [Dated(t.day, t.value) for t in self.treatments if isinstance(t.value, Rehabilitation)]

    # ------------------------------------------------------------ version 2: where and how much

    @computed_once
    def all_findings(self) -> tuple[Dated[LevelFinding], ...]:
        """Every current finding: those at one level (cranial to caudal), then spans, regions, diffuse (worked
        out once per snapshot: the rules and readers ask several times)."""
        return tuple(map(self.findings.__getitem__, self.levels)) + self.extent_findings  # (map: no generator)

    def _at(self, level: Level | None) -> LevelFinding | None:
        at = level if level is not None else self.index_level
        return self.finding(at) if at is not None else None

    def collapse_present(self, level: Level | None = None) -> bool | None:
        """Collapse at ``level`` (default: the index level): True / False / None = not stated."""
        f = self._at(level)
        return has_collapse(f) if f else None

    def epidural_present(self, level: Level | None = None) -> bool | None:
        """Epidural tumour at ``level`` (default: the index level): True / False / None = not stated."""
        f = self._at(level)
        return has_epidural(f) if f else None

    def posterior_elements_involved(self, level: Level | None = None) -> bool | None:
        """Posterior elements involved at ``level`` (default: the index level), side not needed."""
        f = self._at(level)
        return has_posterior_elements(f) if f else None

    def compressed_structures(self, level: Level | None = None) -> frozenset[str]:
        """cord / conus / cauda_equina / nerve_root stated as compressed at ``level`` (default: index level)."""
        f = self._at(level)
        return compressed_structures(f) if f else frozenset()

    def compartments(self, level: Level | None = None) -> frozenset[Compartment]:
        """The compartments stated at ``level``; with no level, over every current finding."""
        if level is not None:
            f = self.finding(level)
            return compartments_of(f) if f else frozenset()
        out: set[Compartment] = set()
        for dated in self.all_findings:
            out |= compartments_of(dated.value)
        return frozenset(out)

    @property
    def pain_present(self) -> bool | None:
        """Pain present (True), absent (False) or not recorded (None), whatever its character."""
        if self.pain is None:
            return None
        p = self.pain.value
        if p.present is not None:
            return p.present
        if p.character is not None:
            return p.character is not PainCharacter.NONE
        if p.nrs is not None:
            return p.nrs > 0
        return None

    @property
    def walking(self) -> Walking | None:
        """Walking as stated at the latest examination (from ``walking``, else ``ambulatory``)."""
        if self.neuro is None:
            return None
        n = self.neuro.value
        if n.walking is not None:
            return n.walking
        return _WALKING_OF_AMBULATORY[n.ambulatory] if n.ambulatory is not None else None

    @property
    def deficits(self) -> frozenset[DeficitWord]:
        """Deficits stated in words at the latest examination."""
        return frozenset(self.neuro.value.deficits or ()) if self.neuro else frozenset()

    @property
    def power(self) -> tuple[MuscleGrade, ...]:
        """MRC power per muscle group and side at the latest examination."""
        return tuple(self.neuro.value.power or ()) if self.neuro else ()

    def count_range(self, kind: str) -> tuple[int, int | None] | None:
        """The count of metastases of ``kind`` (extraspinal_bone, vertebral, bone, visceral) that the
        latest disease-burden record allows: (n, n) for a count, a range for words, None if not stated."""
        if kind not in _COUNT_FIELDS:
            raise ValueError(f"'{kind}' is not a count kind; allowed: {', '.join(_COUNT_FIELDS)}")
        if self.burden is None:
            return None
        count_field, words_field = _COUNT_FIELDS[kind]
        b = self.burden.value
        count = getattr(b, count_field) if count_field else None
        if count is not None:
            return (count, count)
        word: CountWord | None = getattr(b, words_field)
        if word is None and kind == "visceral" and b.visceral_mets_present is False:
            return (0, 0)
        stated = COUNT_RANGE[word] if word is not None else None
        named = b.named_extraspinal_sites if kind == "extraspinal_bone" else 0
        if named:
            # named bones are at least that many sites; the source excludes no others
            low, high = stated if stated is not None else (named, None)
            return (max(low, named), high)
        return stated

    @property
    def primary_sites(self) -> tuple[PrimarySite, ...]:
        """The primary sites still possible: the site, or its candidates; empty = any site."""
        return self.primary.possible_sites

    def lab_statement(self, analyte: Analyte) -> LabStatement | None:
        """A laboratory result stated only in words (raised, normal, ...), latest; None if not stated."""
        dated = self.lab_words.get(analyte)
        return dated.value.statement if dated else None

    def procedures(self) -> list[Dated[Embolisation | Ablation | CementAugmentation | PrimaryTumourResection]]:
        """Embolisation, ablation, cement augmentation and resection of the primary given so far."""
        return [Dated(t.day, t.value, t.interval) for t in self.treatments
                if isinstance(t.value, _PROCEDURES)]

    def age(self) -> int | None:
        """Age in years at the snapshot day, from the age at index (years since index added)."""
        if self.patient.age is None:
            return None
        return self.patient.age + max(self.day, 0) // 365


#: Classes of treatment events as tuples made once (``A | B`` in ``isinstance`` builds a union at each call).
_RADIOTHERAPIES = (Radiotherapy, ChemoRadiotherapy)
_SYSTEMIC = (SystemicTherapy, ChemoRadiotherapy)
_PROCEDURES = (Embolisation, Ablation, CementAugmentation, PrimaryTumourResection)
_TREATMENTS = (
    Surgery, Radiotherapy, SystemicTherapy, ChemoRadiotherapy, Corticosteroids, Rehabilitation,
    Embolisation, Ablation, CementAugmentation, PrimaryTumourResection,
)


# What an event of each type fills in a snapshot: (slot, is a treatment), found once per type.
(_OTHER, _IMAGING, _NEURO, _PERFORMANCE, _PAIN, _LABS, _BURDEN, _FITNESS, _HISTOPATHOLOGY, _WOUND, _DECISION,
 _COMPLICATION, _OUTCOME, _SUPPORTIVE) = range(14)
_SLOTS: tuple[tuple[type, int], ...] = (
    (Imaging, _IMAGING), (NeuroExam, _NEURO), (Performance, _PERFORMANCE), (Pain, _PAIN), (Labs, _LABS),
    (DiseaseBurden, _BURDEN), (Fitness, _FITNESS), (Histopathology, _HISTOPATHOLOGY), (Wound, _WOUND),
    (Decision, _DECISION), (Complication, _COMPLICATION), (Outcome, _OUTCOME), (SupportiveCare, _SUPPORTIVE),
)
_KINDS: dict[type, tuple[int, bool, bool]] = {}


def _kind_entry(event: object) -> tuple[int, bool, bool]:
    """The table's entry for an event's type (:func:`_kind_of`), added when the type is met first."""
    kind = _KINDS.get(type(event))
    if kind is None:
        kind = _KINDS[type(event)] = _kind_of(event)
    return kind


def _kind_of(event: object) -> tuple[int, bool, bool]:
    """(slot, is a treatment, is a death) of an event's type."""
    slot = next((slot for cls, slot in _SLOTS if isinstance(event, cls)), _OTHER)
    return slot, isinstance(event, _TREATMENTS), isinstance(event, Death)


def _place_key(f: LevelFinding) -> tuple[str, frozenset[Compartment]]:
    return (f.place, frozenset(f.compartments or ()))


def snapshot(
    case: Case, day: int | None = None, *, at: str | None = None, when: Literal["before", "after"] = "after"
) -> Snapshot:
    """The state of ``case`` on ``day`` (default: the day of its last event), or at an event.

    Events placed on ``day`` itself are included. With ``at`` (an event id) the snapshot holds
    every event up to that event, ``when='after'`` including it or ``'before'`` not: so a plan on
    the day of an operation can be read before or after it. Findings are kept per level: a later
    study's finding at a level replaces the earlier one at that level only (and per place and
    compartments for findings over a span, a region or diffuse).
    """
    if at is not None:
        if day is not None:
            raise ValueError("give a day or an event ('at'), not both")
        target = case.event_by_id(at)
        target_iv = case.interval_of(target)
        stop_at = case.position_of(target) + (1 if when == "after" else 0)
        (snap,) = _walk(case, [case.placement_day(target)], stop_at, None if target_iv.is_exact else target_iv)
        return snap
    (snap,) = _walk(case, [case.resolve_day(day)], None, None)
    return snap


def snapshots(case: Case, days: Iterable[int]) -> dict[int, Snapshot]:
    """The snapshots of ``case`` on each of ``days`` (day -> :func:`snapshot` of that day), read in one
    pass over the timeline: a snapshot per day taken one by one re-reads every event up to each day."""
    on = sorted({case.resolve_day(day) for day in days})
    return dict(zip(on, _walk(case, on, None, None), strict=True)) if on else {}


#: What the walk keeps of an observation until a snapshot is handed out: (day, value, interval), a Dated's fields.
_Seen = tuple[int, T, DayInterval | None]


def _walk(case: Case, days: list[int], stop_at: int | None, day_interval: DayInterval | None) -> Iterator[Snapshot]:
    """The snapshots on ``days`` (ascending), or the one up to the event ranked ``stop_at`` (one day given)."""
    # Findings and performance scores are kept as (day, value, interval) and dated (Dated) only when a snapshot
    # is handed out: a later study replaces most of them first (a long course images each level many times).
    findings: dict[Level, _Seen[LevelFinding]] = {}
    extent: dict[tuple[str, frozenset[Compartment]], _Seen[LevelFinding]] = {}
    extraspinal: dict[str, _Seen[LevelFinding]] = {}
    kps: _Seen[int] | None = None
    ecog: _Seen[int] | None = None
    labs: dict[Analyte, Dated[LabReading]] = {}
    lab_words: dict[Analyte, Dated[LabWords]] = {}
    imaging = neuro = previous_neuro = pain = burden = fitness = histo = wound = None
    treatments: list[Dated[Event]] = []
    decisions: list[Dated[Decision]] = []
    events: list[Dated[Event]] = []
    complications: list[Dated[Complication]] = []
    outcomes: list[Dated[Outcome]] = []
    supportive: list[Dated[SupportiveCare]] = []
    died = False
    primary = _primary_with_day(case)
    k = 0  # the day asked for next: days[k]
    on = days[0]

    case_id, patient, index_date_known = case.id, case.patient, case.index_date is not None

    def state(day: int) -> Snapshot:
        # Passed by position, in the order of Snapshot's fields (by keyword the call costs about twice as much,
        # and every assessment takes a snapshot; the multi-day reading takes one per day asked). An empty
        # collection is passed as it is: a comprehension costs a call even when it has nothing to read.
        return Snapshot(
            case_id,
            day,
            patient,
            primary,
            {level: Dated(*seen) for level, seen in findings.items()},  # findings
            imaging,
            neuro,
            previous_neuro,
            Dated(*kps) if kps is not None else None,  # kps
            Dated(*ecog) if ecog is not None else None,  # ecog
            pain,
            dict(labs),  # labs
            burden,
            fitness,
            histo,  # histopathology
            wound,
            tuple(treatments),  # treatments
            tuple(decisions),  # decisions
            tuple(events),  # events
            case.death_day if died else None,  # death_day
            index_date_known,
            tuple([Dated(*seen) for seen in extent.values()]) if extent else (),  # extent_findings
            dict(lab_words),  # lab_words
            tuple(complications),  # complications
            tuple(outcomes),  # outcomes
            tuple(supportive),  # supportive_care
            day_interval,
            tuple([Dated(*seen) for seen in extraspinal.values()]) if extraspinal else (),  # extraspinal_findings
        )

    for rank, (event_day, event, iv) in enumerate(case.dated_in_order()):
        if stop_at is not None:
            if rank >= stop_at:
                break
        elif event_day > on:
            while k < len(days) and event_day > days[k]:  # every day asked before this event's
                yield state(days[k])
                k += 1
            if k == len(days):
                return
            on = days[k]
        # One Dated per event, shared by the timeline and the slot it fills (it is immutable).
        dated: Dated[Any] = Dated(event_day, event, iv)
        events.append(dated)
        slot, treatment, death = _KINDS.get(type(event)) or _kind_entry(event)
        if death:
            died = True
        if slot == _OTHER:
            pass
        elif slot == _PAIN:
            pain = dated
        elif slot == _NEURO:
            previous_neuro, neuro = neuro, dated
        elif slot == _PERFORMANCE:
            assert isinstance(event, Performance)
            if event.kps is not None:
                kps = (event_day, event.kps, iv)
            if event.ecog is not None:
                ecog = (event_day, event.ecog, iv)
        elif slot == _IMAGING:
            assert isinstance(event, Imaging)
            imaging = dated
            for finding in event.findings:
                if finding.level is not None:
                    findings[finding.level] = (event_day, finding, iv)
                elif finding.extraspinal_site is not None:
                    # a lesion outside the spine: not a spinal finding (the spinal instruments never
                    # read it); kept apart, latest per site
                    extraspinal[finding.extraspinal_site.value] = (event_day, finding, iv)
                else:
                    extent[_place_key(finding)] = (event_day, finding, iv)
        elif slot == _LABS:
            assert isinstance(event, Labs)
            for lab in event.values:
                if lab.is_measurement:
                    assert lab.value is not None and lab.unit is not None
                    labs[lab.analyte] = Dated(
                        event_day,
                        LabReading(lab.analyte, lab.value, lab.unit, lab.canonical, canonical_unit(lab.analyte)),
                        iv,
                    )
                elif lab.statement is not None:
                    lab_words[lab.analyte] = Dated(event_day, LabWords(lab.analyte, lab.statement), iv)
        elif slot == _BURDEN:
            burden = dated
        elif slot == _FITNESS:
            fitness = dated
        elif slot == _HISTOPATHOLOGY:
            histo = dated
        elif slot == _WOUND:
            wound = dated
        elif slot == _DECISION:
            decisions.append(dated)
        elif slot == _COMPLICATION:
            complications.append(dated)
        elif slot == _OUTCOME:
            outcomes.append(dated)
        elif slot == _SUPPORTIVE:
            supportive.append(dated)
        if treatment:
            treatments.append(dated)
    for day in days[k:]:  # the days at or after the last event read (a single snapshot: its day)
        yield state(day)


def _primary_with_day(case: Case) -> PrimaryTumour:
    """The primary tumour with its diagnosis as a day offset when only its calendar date is recorded
    (and the case's index date places it), so every reader of the diagnosis day (Rades' interval
    from diagnosis to MSCC) reads a date the same as a day."""
    primary = case.primary
    if primary.diagnosis_day is None and primary.diagnosis_date is not None and case.index_date is not None:
        return primary.model_copy(update={"diagnosis_day": (primary.diagnosis_date - case.index_date).days})
    return primary

