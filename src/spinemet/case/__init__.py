"""The case record (pure core): models, timeline, snapshot."""

from spinemet.case.events import EVENT_TYPES, Event
from spinemet.case.model import Case, CaseSource, Patient, PrimaryTumour
from spinemet.case.problems import case_to_data, parse_case
from spinemet.case.snapshot import Dated, Snapshot, snapshot

__all__ = [
    "EVENT_TYPES",
    "Case",
    "CaseSource",
    "Dated",
    "Event",
    "Patient",
    "PrimaryTumour",
    "Snapshot",
    "case_to_data",
    "parse_case",
    "snapshot",
]
