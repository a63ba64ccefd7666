"""Timeline events: observations, interventions, outcomes and complications.

Every event is dated exactly (``day`` or ``date``), by a range, relative to another event, or
only by its place in the timeline (:mod:`spinemet.case.events.base`). Every clinical field is
optional: a field that was not reported is unknown (``None``), never a default.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from spinemet.case.events.base import (
    MAX_DAY_OFFSET,
    DateRange,
    DayRange,
    Duration,
    EventBase,
    Model,
    Mrc,
    Percent,
    RelativeTime,
)
from spinemet.case.events.findings import Imaging, LevelFinding
from spinemet.case.events.interventions import (
    Ablation,
    CementAugmentation,
    ChemoRadiotherapy,
    Corticosteroids,
    Decision,
    Embolisation,
    PrimaryTumourResection,
    Radiotherapy,
    Rehabilitation,
    Spans,
    SupportiveCare,
    Surgery,
    SystemicTherapy,
)
from spinemet.case.events.observations import (
    DiseaseBurden,
    Fitness,
    Histopathology,
    Labs,
    LabValue,
    MuscleGrade,
    NetPathology,
    NeuroExam,
    Pain,
    Performance,
    VisceralMet,
    WeakMuscle,
    Wound,
)
from spinemet.case.events.outcomes import Complication, Death, LastContact, Outcome

Event = Annotated[
    Imaging
    | NeuroExam
    | Performance
    | Pain
    | Labs
    | DiseaseBurden
    | Histopathology
    | Fitness
    | Wound
    | Surgery
    | Radiotherapy
    | SystemicTherapy
    | ChemoRadiotherapy
    | Corticosteroids
    | Rehabilitation
    | Decision
    | Death
    | LastContact
    | Embolisation
    | Ablation
    | CementAugmentation
    | PrimaryTumourResection
    | SupportiveCare
    | Complication
    | Outcome,
    Field(discriminator="type"),
]

EVENT_TYPES: dict[str, type[EventBase]] = {
    cls.model_fields["type"].default: cls
    for cls in (
        Imaging, NeuroExam, Performance, Pain, Labs, DiseaseBurden, Histopathology, Fitness, Wound,
        Surgery, Radiotherapy, SystemicTherapy, ChemoRadiotherapy, Corticosteroids, Rehabilitation,
        Decision, Death, LastContact,
        Embolisation, Ablation, CementAugmentation, PrimaryTumourResection, SupportiveCare, Complication, Outcome,
    )
}

#: Event types that are treatments given (the snapshot's ``treatments``). The version-1 set is
#: kept as :data:`INTERVENTION_TYPES`; the version-2 procedures are in :data:`PROCEDURE_TYPES`.
INTERVENTION_TYPES = frozenset(
    {"surgery", "radiotherapy", "systemic_therapy", "chemoradiotherapy", "corticosteroids", "rehabilitation"}
)
PROCEDURE_TYPES = frozenset({"embolisation", "ablation", "cement_augmentation", "primary_resection"})
OUTCOME_TYPES = frozenset({"death", "last_contact", "outcome"})

__all__ = [
    "EVENT_TYPES",
    "INTERVENTION_TYPES",
    "MAX_DAY_OFFSET",
    "OUTCOME_TYPES",
    "PROCEDURE_TYPES",
    "Ablation",
    "CementAugmentation",
    "ChemoRadiotherapy",
    "Complication",
    "Corticosteroids",
    "DateRange",
    "DayRange",
    "Death",
    "Decision",
    "DiseaseBurden",
    "Duration",
    "Embolisation",
    "Event",
    "EventBase",
    "Fitness",
    "Histopathology",
    "Imaging",
    "LabValue",
    "Labs",
    "LastContact",
    "LevelFinding",
    "Model",
    "Mrc",
    "MuscleGrade",
    "NetPathology",
    "NeuroExam",
    "Outcome",
    "Pain",
    "Percent",
    "Performance",
    "PrimaryTumourResection",
    "Radiotherapy",
    "Rehabilitation",
    "RelativeTime",
    "Spans",
    "SupportiveCare",
    "Surgery",
    "SystemicTherapy",
    "VisceralMet",
    "WeakMuscle",
    "Wound",
]
