"""The snapshot: the state of a case on a given day.

A snapshot holds the latest value of each observation up to that day (per vertebral level
for imaging findings), the pathology as refined by any report so far, and the treatments
given so far. Instruments and the pathway read snapshots, never the raw timeline.
Unknown stays unknown: an observation never made is ``None``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

from spinemet.anatomy import Level
from spinemet.case.events import (
    ChemoRadiotherapy,
    Corticosteroids,
    Decision,
    DiseaseBurden,
    Event,
    Fitness,
    Histopathology,
    Imaging,
    Labs,
    LevelFinding,
    NetPathology,
    NeuroExam,
    Pain,
    Performance,
    Radiotherapy,
    Rehabilitation,
    Surgery,
    SystemicTherapy,
    Wound,
)
from spinemet.case.model import Case, Patient, PrimaryTumour
from spinemet.case.units import canonical_unit
from spinemet.case.vocab import Analyte

T = TypeVar("T")


@dataclass(frozen=True)
class Dated(Generic[T]):
    """A value with the day it was observed (days since index)."""

    day: int
    value: T


@dataclass(frozen=True)
class LabReading:
    analyte: Analyte
    value: float
    unit: str
    canonical_value: float
    canonical_unit: str


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

    # ------------------------------------------------------------ convenience readers

    @property
    def alive(self) -> bool | None:
        return False if self.death_day is not None and self.death_day <= self.day else None

    @property
    def levels(self) -> tuple[Level, ...]:
        """Levels with a recorded imaging finding, cranial to caudal."""
        return tuple(sorted(self.findings))

    def finding(self, level: Level) -> LevelFinding | None:
        dated = self.findings.get(level)
        return dated.value if dated else None

    @property
    def index_level(self) -> Level | None:
        """The level of worst epidural compression (highest ESCC), else the first level recorded."""
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

    def surgeries(self) -> list[Dated[Surgery]]:
        return [Dated(t.day, t.value) for t in self.treatments if isinstance(t.value, Surgery)]

    def radiotherapies(self) -> list[Dated[Radiotherapy | ChemoRadiotherapy]]:
        return [
            Dated(t.day, t.value)
            for t in self.treatments
            if isinstance(t.value, Radiotherapy | ChemoRadiotherapy)
        ]

    def systemic_therapies(self) -> list[Dated[SystemicTherapy | ChemoRadiotherapy]]:
        return [
            Dated(t.day, t.value)
            for t in self.treatments
            if isinstance(t.value, SystemicTherapy | ChemoRadiotherapy)
        ]

    def steroids(self) -> list[Dated[Corticosteroids]]:
        return [Dated(t.day, t.value) for t in self.treatments if isinstance(t.value, Corticosteroids)]

    def rehabilitation(self) -> list[Dated[Rehabilitation]]:
        return [Dated(t.day, t.value) for t in self.treatments if isinstance(t.value, Rehabilitation)]

    def age(self) -> int | None:
        """Age in years at the snapshot day, from the age at index (years since index added)."""
        if self.patient.age is None:
            return None
        return self.patient.age + max(self.day, 0) // 365


_TREATMENTS = (Surgery, Radiotherapy, SystemicTherapy, ChemoRadiotherapy, Corticosteroids, Rehabilitation)


def snapshot(case: Case, day: int | None = None) -> Snapshot:
    """The state of ``case`` on ``day`` (default: the day of its last event).

    Events on ``day`` itself are included. Findings are kept per level: a later study's
    finding at a level replaces the earlier one at that level only.
    """
    on = case.resolve_day(day)
    findings: dict[Level, Dated[LevelFinding]] = {}
    labs: dict[Analyte, Dated[LabReading]] = {}
    imaging = neuro = previous_neuro = kps = ecog = pain = burden = fitness = histo = wound = None
    treatments: list[Dated[Event]] = []
    decisions: list[Dated[Decision]] = []
    events: list[Dated[Event]] = []
    for event_day, event in case.ordered_events():
        if event_day > on:
            break
        events.append(Dated(event_day, event))
        if isinstance(event, Imaging):
            imaging = Dated(event_day, event)
            for finding in event.findings:
                findings[finding.level] = Dated(event_day, finding)
        elif isinstance(event, NeuroExam):
            previous_neuro, neuro = neuro, Dated(event_day, event)
        elif isinstance(event, Performance):
            if event.kps is not None:
                kps = Dated(event_day, event.kps)
            if event.ecog is not None:
                ecog = Dated(event_day, event.ecog)
        elif isinstance(event, Pain):
            pain = Dated(event_day, event)
        elif isinstance(event, Labs):
            for lab in event.values:
                labs[lab.analyte] = Dated(
                    event_day,
                    LabReading(lab.analyte, lab.value, lab.unit, lab.canonical, canonical_unit(lab.analyte)),
                )
        elif isinstance(event, DiseaseBurden):
            burden = Dated(event_day, event)
        elif isinstance(event, Fitness):
            fitness = Dated(event_day, event)
        elif isinstance(event, Histopathology):
            histo = Dated(event_day, event)
        elif isinstance(event, Wound):
            wound = Dated(event_day, event)
        elif isinstance(event, Decision):
            decisions.append(Dated(event_day, event))
        if isinstance(event, _TREATMENTS):
            treatments.append(Dated(event_day, event))
    return Snapshot(
        case_id=case.id,
        day=on,
        patient=case.patient,
        primary=case.primary,
        findings=findings,
        imaging=imaging,
        neuro=neuro,
        previous_neuro=previous_neuro,
        kps=kps,
        ecog=ecog,
        pain=pain,
        labs=labs,
        burden=burden,
        fitness=fitness,
        histopathology=histo,
        wound=wound,
        treatments=tuple(treatments),
        decisions=tuple(decisions),
        events=tuple(events),
        death_day=case.death_day if case.death_day is not None and case.death_day <= on else None,
        index_date_known=case.index_date is not None,
    )
