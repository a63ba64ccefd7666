"""The case: patient, primary tumour and a dated timeline of events."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import Field, model_validator

from spinemet.case.events import Death, Event, EventBase, Model, NetPathology
from spinemet.case.fields import LowerInput
from spinemet.case.timeline_checks import TimelineEntry, timeline_problems
from spinemet.case.vocab import PrimarySite, Sex

SCHEMA_VERSION = 1


class Patient(Model):
    """The patient, pseudonymously. Every field is optional; no names or identifiers belong here."""

    pseudonym: str | None = Field(default=None, description="A pseudonymous identifier, never a name.")
    sex: Annotated[Sex | None, LowerInput] = None
    age: Annotated[int, Field(ge=0, le=120)] | None = Field(default=None, description="Age in years at the index date.")
    year_of_birth: Annotated[int, Field(ge=1900, le=2100)] | None = None


class PrimaryTumour(Model):
    """The primary tumour as known at the index date; histopathology events can refine it."""

    site: Annotated[PrimarySite, LowerInput] = Field(description="A primary-site key (vocabulary.md).")
    histology: str | None = None
    neuroendocrine: NetPathology | None = None
    hormone_dependent: bool | None = Field(default=None, description="Breast/prostate: hormone-dependent disease.")
    targeted_therapy: bool | None = Field(
        default=None, description="Lung cancer treated with a molecularly targeted drug (Katagiri 2014)."
    )
    diagnosis_day: int | None = Field(default=None, description="Day of diagnosis of the primary (days since index).")
    diagnosis_date: dt.date | None = None


class CaseSource(Model):
    """Where a case comes from: a publication (for published cases) or a note that it is synthetic."""

    citation: str | None = None
    pmid: str | None = None
    doi: str | None = None
    evidence_key: str | None = None
    note: str | None = None


class Case(Model):
    """A case = patient + primary tumour + an ordered timeline of events.

    Dates: each event has a ``day`` (days since ``index_date``) or a calendar ``date``;
    calendar dates need ``index_date`` so that both become days since index. The timeline
    is kept in the order written; :meth:`ordered_events` sorts it by day.
    """

    schema_version: int = Field(default=SCHEMA_VERSION, description="Case-file format version.")
    id: str = Field(min_length=1, max_length=200, description="Case identifier (pseudonymous).")
    title: str | None = None
    synthetic: bool | None = Field(default=None, description="True for an invented teaching or test case.")
    source: CaseSource | None = None
    index_date: dt.date | None = Field(default=None, description="Day 0 of the timeline (e.g. presentation).")
    patient: Patient = Field(default_factory=Patient)
    primary: PrimaryTumour
    timeline: list[Event] = Field(default_factory=list)

    @model_validator(mode="after")
    def _check_timeline(self) -> Case:
        problems: list[str] = []
        if self.schema_version != SCHEMA_VERSION:
            problems.append(f"schema_version: {self.schema_version} is not supported; allowed: {SCHEMA_VERSION}")
        entries = [
            TimelineEntry(i, e.type, e.day, e.date, e.id, getattr(e, "end_day", None))
            for i, e in enumerate(self.timeline)
        ]
        problems.extend(timeline_problems(self.index_date, entries))
        if problems:
            raise ValueError("\n".join(problems))
        return self

    def _date_to_day(self, date: dt.date) -> int:
        assert self.index_date is not None
        return (date - self.index_date).days

    def day_of(self, event: EventBase) -> int:
        """Days since the index date of ``event`` (its ``day``, or its calendar date converted)."""
        if event.day is not None:
            return event.day
        if event.date is not None and self.index_date is not None:
            return self._date_to_day(event.date)
        raise ValueError("event has no usable date")

    def date_of_day(self, day: int) -> dt.date | None:
        """The calendar date of a day offset, when the index date is known."""
        return self.index_date + dt.timedelta(days=day) if self.index_date else None

    def resolve_day(self, on: int | dt.date | None) -> int:
        """A day offset from a day, a calendar date, or None (= the last event's day)."""
        if on is None:
            days = [self.day_of(e) for e in self.timeline]
            return max(days) if days else 0
        if isinstance(on, dt.date):
            if self.index_date is None:
                raise ValueError(
                    f"--on {on}: this case has no index_date, so calendar dates cannot be placed; give a day number"
                )
            return self._date_to_day(on)
        return on

    def ordered_events(self) -> list[tuple[int, Event]]:
        """(day, event) pairs sorted by day, stable for events on the same day."""
        return sorted(((self.day_of(e), e) for e in self.timeline), key=lambda pair: pair[0])

    @property
    def death_day(self) -> int | None:
        for e in self.timeline:
            if isinstance(e, Death):
                return self.day_of(e)
        return None
