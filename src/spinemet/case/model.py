"""The case: patient, primary tumour and a timeline of events dated as precisely as the sources."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Annotated, Any, cast

from pydantic import ConfigDict, Field, PrivateAttr, model_validator

from spinemet.case.events import (
    EVENT_TYPES,
    CementAugmentation,
    ChemoRadiotherapy,
    Complication,
    Death,
    Event,
    EventBase,
    Imaging,
    Model,
    NetPathology,
    Outcome,
    Radiotherapy,
    Surgery,
)
from spinemet.case.fields import LowerInput, UpperInput
from spinemet.case.timeline_checks import TimelineEntry, timeline_problems
from spinemet.case.timing import (
    DayInterval,
    TimingSpec,
    placement_keys,
    resolve_intervals,
    unit_days,
    when_words,
)
from spinemet.case.vocab import PrimarySite, Sex
from spinemet.case.vocab_detail import (
    AgeGroup,
    Handedness,
    Laterality,
    Parity,
    PrimaryTiming,
    SizeWord,
    SmokingStatus,
    Stage,
)
from spinemet.case.vocab_disease import Certainty
from spinemet.case.vocab_treatment import StatedComplications

#: the case-file format version written by this release
SCHEMA_VERSION = 2
#: versions read (a version-1 file is read as version 2: version 2 only adds optional fields)
READABLE_VERSIONS = (1, 2)


class UncertainDay(ValueError):
    """Asked for the exact day of an event that the sources date only to a range or by order."""


class Patient(Model):
    """The patient, pseudonymously. Every field is optional; no names or identifiers belong here."""

    pseudonym: str | None = Field(default=None, description="A pseudonymous identifier, never a name.")
    sex: Annotated[Sex | None, LowerInput] = None
    age: Annotated[int, Field(ge=0, le=120)] | None = Field(default=None, description="Age in years at the index date.")
    year_of_birth: Annotated[int, Field(ge=1900, le=2100)] | None = None
    age_group: Annotated[AgeGroup | None, LowerInput] = Field(
        default=None, description="Age in words when no number is given: child, adolescent, young_adult, "
        "middle_aged, elderly.",
    )
    previously_healthy: bool | None = Field(
        default=None, description="Stated as previously healthy (no illness known before this one).")
    # Fifth pass (2026-11-28): stated in case reports, read by no instrument.
    ethnicity: Annotated[str, Field(min_length=1, max_length=80)] | None = Field(
        default=None, description="Ethnicity or ancestry in the source's words ('African American'); recorded as "
        "stated, read by no instrument, never shown to researchers.",
        json_schema_extra={"examples": ["African American"]},
    )
    smoking: Annotated[SmokingStatus | None, LowerInput] = Field(
        default=None, description="Smoking as stated: never ('a nonsmoker'), former or current.",
        json_schema_extra={"examples": ["never"]},
    )
    parity: Annotated[Parity | None, LowerInput] = Field(
        default=None, description="Births as stated: nulliparous, primiparous or multiparous.",
        json_schema_extra={"examples": ["multiparous"]},
    )
    handedness: Annotated[Handedness | None, LowerInput] = Field(
        default=None, description="The dominant hand, as stated: right, left or ambidextrous.",
        json_schema_extra={"examples": ["right"]},
    )


class OtherPrimary(Model):
    """Another primary tumour of the patient, besides the one whose metastasis is recorded ("a history
    of renal cell carcinoma", "an incidental mass in the left kidney")."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"site": "breast", "when": "earlier"},
        {"site": "kidney", "certainty": "possible", "when": "synchronous", "laterality": "left"},
    ]})

    site: Annotated[PrimarySite, LowerInput] = Field(description="A primary-site key.")
    site_label: str | None = Field(default=None, description="The site in words.")
    certainty: Annotated[Certainty | None, LowerInput] = Field(
        default=None, description="confirmed, probable or possible ('an incidental renal mass': possible).")
    when: Annotated[PrimaryTiming | None, LowerInput] = Field(
        default=None, description="earlier, synchronous or later than the recorded primary.")
    laterality: Annotated[Laterality | None, LowerInput] = None


class CandidateSite(Model):
    """A primary site the source considers possible ("primary unknown, likely renal")."""

    site: Annotated[PrimarySite, LowerInput]
    certainty: Annotated[Certainty, LowerInput] = Field(description="probable or possible.")


#: primary-site keys that may list candidate sites
_UNCERTAIN_SITES = (PrimarySite.UNKNOWN,)


class PrimaryTumour(Model):
    """The primary tumour as known at the index date; histopathology events can refine it.

    A site stated with uncertainty: ``site_certainty: probable`` ("probably lung"), or
    ``site: unknown`` with ``candidates`` ("primary unknown, likely renal").
    """

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"site": "kidney"},
        {"site": "lung_other", "site_certainty": "probable"},
        {"site": "unknown", "candidates": [{"site": "kidney", "certainty": "probable"},
                                           {"site": "lung_other", "certainty": "possible"}]},
        {"site": "other", "site_label": "ameloblastoma"},
    ]})

    site: Annotated[PrimarySite, LowerInput] = Field(description="A primary-site key (vocabulary.md).")
    site_label: str | None = Field(default=None, description="The site in words (for 'other', or a finer name).")
    site_certainty: Annotated[Certainty | None, LowerInput] = Field(
        default=None, description="confirmed, probable or possible; unknown when not stated."
    )
    candidates: list[CandidateSite] | None = Field(
        default=None, description="Sites considered when the primary is unknown, each with its certainty."
    )
    histology: str | None = None
    neuroendocrine: NetPathology | None = None
    hormone_dependent: bool | None = Field(default=None, description="Breast/prostate: hormone-dependent disease.")
    targeted_therapy: bool | None = Field(
        default=None, description="Lung cancer treated with a molecularly targeted drug (Katagiri 2014)."
    )
    diagnosis_day: int | None = Field(default=None, description="Day of diagnosis of the primary (days since index).")
    diagnosis_date: dt.date | None = None
    # Second pass (issue 12).
    known_before_presentation: bool | None = Field(
        default=None, description="The cancer was known before the spinal disease presented (false: 'no known "
        "cancer', the spinal metastasis was its first sign).",
    )
    stage: Annotated[Stage | None, UpperInput] = Field(
        default=None, description="The stage group as stated: I, II, III, IV.")
    laterality: Annotated[Laterality | None, LowerInput] = Field(
        default=None, description="The side of the primary: left, right, bilateral, midline ('left breast cancer').")
    other_primaries: list[OtherPrimary] | None = Field(
        default=None, description="Other primary tumours of the patient (a second primary), each with its site.")
    # Fourth pass (2026-11-28): "Gleason 4 + 3" (prostate only; recorded and shown, read by no instrument).
    gleason_primary: Annotated[int, Field(ge=1, le=5)] | None = Field(
        default=None, description="Prostate: the primary (most common) Gleason pattern, 1-5 ('Gleason 4 + 3' -> 4).",
        json_schema_extra={"examples": [4]},
    )
    gleason_secondary: Annotated[int, Field(ge=1, le=5)] | None = Field(
        default=None, description="Prostate: the secondary Gleason pattern, 1-5 ('Gleason 4 + 3' -> 3).",
        json_schema_extra={"examples": [3]},
    )
    # Fifth pass (2026-11-28): "a large follicular carcinoma" (no measure given).
    nodal_metastasis: bool | None = Field(
        default=None, description="Regional lymph-node metastasis of the primary stated (true: 'axillary nodal "
        "disease'; false: node-negative); not a distant (visceral) metastasis.",
        json_schema_extra={"examples": [True]},
    )
    occult: bool | None = Field(
        default=None, description="true: the primary was not clinically evident (no mass, no symptoms) when the "
        "metastasis presented, and was found by the work-up ('an occult follicular carcinoma').",
        json_schema_extra={"examples": [True]},
    )
    size_in_words: Annotated[SizeWord | None, LowerInput] = Field(
        default=None, description="The primary's size when stated only in words: small, large or giant (never "
        "turned into a measure).", json_schema_extra={"examples": ["large"]},
    )

    @model_validator(mode="after")
    def _candidates_fit(self) -> PrimaryTumour:
        if self.candidates and self.site not in _UNCERTAIN_SITES:
            raise ValueError(
                f"candidates: list candidate sites only when site is {_UNCERTAIN_SITES[0].value}; "
                f"for a site that is itself uncertain give site_certainty (e.g. site '{self.site.value}', "
                "site_certainty: probable)"
            )
        if self.site_certainty is not None and self.site in (PrimarySite.UNKNOWN,):
            raise ValueError("site_certainty: an unknown site has no certainty; list candidates instead")
        if (self.gleason_primary is None) != (self.gleason_secondary is None):
            given = "gleason_primary" if self.gleason_secondary is None else "gleason_secondary"
            missing = "gleason_secondary" if given == "gleason_primary" else "gleason_primary"
            raise ValueError(f"{given}: needs {missing} too (a Gleason score is two patterns, e.g. 4 + 3); when only "
                             "the sum is stated, keep it in histology")
        if self.gleason_primary is not None and self.site is not PrimarySite.PROSTATE:
            raise ValueError(f"gleason_primary: a Gleason grade is given for prostate cancer; the site is "
                             f"'{self.site.value}' (allowed only with site: prostate)")
        return self

    @property
    def possible_sites(self) -> tuple[PrimarySite, ...]:
        """The sites this primary may be: the site itself, or its candidates; empty = any site."""
        if self.candidates:
            return tuple(dict.fromkeys(c.site for c in self.candidates))
        if self.site is PrimarySite.UNKNOWN:
            return ()
        return (self.site,)


class CaseSource(Model):
    """Where a case comes from: a publication (for published cases) or a note that it is synthetic."""

    citation: str | None = None
    pmid: str | None = None
    doi: str | None = None
    evidence_key: str | None = None
    note: str | None = None


#: fields that name another event of the case by its id, per event type
_REFERENCES: tuple[tuple[type[EventBase], str], ...] = (
    (Complication, "procedure"), (Complication, "treated_by"), (Outcome, "compared_with"),
    (Surgery, "embolised_before"),
    (EventBase, "concurrent_with"), (CementAugmentation, "performed_during"), (Complication, "attributed_to"),
)
#: the same, as the reference fields of each event type, in that order (looked up once per event)
_REFERENCE_FIELDS: dict[type[EventBase], tuple[str, ...]] = {
    event_type: tuple(name for cls, name in _REFERENCES if issubclass(event_type, cls))
    for event_type in EVENT_TYPES.values()
}


class _EventPlaces:
    """Each event's place in a case's timeline, found once by identity (two events may be equal).

    Derived from the timeline, so it is no part of the case's value: any two compare equal.
    """

    __slots__ = ("places",)

    def __init__(self, events: Sequence[EventBase]) -> None:
        self.places = {id(e): i for i, e in enumerate(events)}

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _EventPlaces)

    __hash__ = None  # type: ignore[assignment]


class Case(Model):
    """A case = patient + primary tumour + an ordered timeline of events.

    Dating: each event has an exact ``day`` (days since ``index_date``) or ``date``, a range, a
    time relative to another event, or only its position in the timeline; each resolves to a
    :class:`~spinemet.case.timing.DayInterval` (:meth:`interval_of`). The timeline is kept in the
    order written; :meth:`ordered_events` sorts it in time, keeping the written order where the
    days do not decide (presentation -> decision -> surgery on the same day).
    """

    schema_version: int = Field(
        default=SCHEMA_VERSION, description="Case-file format version (2; version-1 files are read as version 2)."
    )
    id: str = Field(min_length=1, max_length=200, description="Case identifier (pseudonymous).")
    title: str | None = None
    synthetic: bool | None = Field(default=None, description="True for an invented teaching or test case.")
    source: CaseSource | None = None
    index_date: dt.date | None = Field(default=None, description="Day 0 of the timeline (e.g. presentation).")
    patient: Patient = Field(default_factory=Patient)
    primary: PrimaryTumour
    timeline: list[Event] = Field(default_factory=list)

    _intervals: list[DayInterval] = PrivateAttr(default_factory=list)
    _keys: list[int] = PrivateAttr(default_factory=list)
    _rank: list[int] = PrivateAttr(default_factory=list)
    _in_order: list[tuple[int, Event, DayInterval | None]] = PrivateAttr(default_factory=list)
    _positions: _EventPlaces = PrivateAttr(default_factory=lambda: _EventPlaces(()))

    @model_validator(mode="before")
    @classmethod
    def _upgrade(cls, data: Any) -> Any:
        # A version-1 document is a valid version-2 document: version 2 only adds optional
        # fields and looser dating, so reading one is upgrading it.
        if isinstance(data, dict) and data.get("schema_version") == 1:
            return {**data, "schema_version": SCHEMA_VERSION}
        return data

    @model_validator(mode="after")
    def _check_timeline(self) -> Case:
        problems: list[str] = []
        if self.schema_version != SCHEMA_VERSION:
            allowed = ", ".join(str(v) for v in READABLE_VERSIONS)
            problems.append(f"schema_version: {self.schema_version} is not supported; allowed: {allowed}")
        entries = [
            # the end day read from the event's fields: asking a model for a field its type lacks
            # raises (and getattr catches) an AttributeError, a cost paid for nearly every event
            TimelineEntry(i, e.type, e.day, e.date, e.id, e.__dict__.get("end_day"))
            for i, e in enumerate(self.timeline)
        ]
        problems.extend(timeline_problems(self.index_date, entries))
        intervals = self._exact_intervals()
        if intervals is None:  # some event dated by a range, by another event or by its place only
            specs, spec_problems = self._timing_specs()
            problems.extend(spec_problems)
            intervals, interval_problems = resolve_intervals(specs)
            problems.extend(interval_problems)
        problems.extend(self._reference_problems())
        problems.extend(_after_death_problems(self.timeline, intervals))
        if problems:
            raise ValueError("\n".join(problems))
        keys = placement_keys(intervals)
        self._intervals = intervals
        self._keys = keys
        order = sorted(range(len(self.timeline)), key=lambda i: (keys[i], i))
        rank = [0] * len(order)
        for r, i in enumerate(order):
            rank[i] = r
        self._rank = rank
        timeline = self.timeline
        self._in_order = [(keys[i], timeline[i], None if timeline[i].is_exactly_dated else intervals[i])
                          for i in order]
        # Each event's place in the timeline, found once (by identity: two events may be equal).
        self._positions = _EventPlaces(self.timeline)
        return self

    def _exact_intervals(self) -> list[DayInterval] | None:
        """Every event's day when each is dated exactly (a day, or a date the index date places): what
        :func:`resolve_intervals` gives such a timeline, without its specifications; ``None`` otherwise."""
        intervals = []
        for e in self.timeline:
            day = e.day
            if day is None:
                if e.date is None or self.index_date is None:
                    return None
                day = self._date_to_day(e.date)
            intervals.append(DayInterval(day, day))
        return intervals

    def _timing_specs(self) -> tuple[list[TimingSpec], list[str]]:
        specs: list[TimingSpec] = []
        problems: list[str] = []
        for i, e in enumerate(self.timeline):
            if e.day is not None or e.date is not None:
                day = e.day if e.day is not None else (
                    self._date_to_day(e.date) if e.date is not None and self.index_date is not None else None
                )
                specs.append(TimingSpec(i, e.id, exact=day) if day is not None else TimingSpec(i, e.id))
            elif e.day_range is not None:
                specs.append(TimingSpec(i, e.id, range=(e.day_range.earliest, e.day_range.latest)))
            elif e.date_range is not None:
                if self.index_date is None:
                    problems.append(f"timeline[{i}].date_range: calendar dates need the case's index_date (day 0); "
                                    "add index_date or give day_range instead")
                    specs.append(TimingSpec(i, e.id))
                else:
                    specs.append(TimingSpec(i, e.id, range=(self._date_to_day(e.date_range.earliest),
                                                            self._date_to_day(e.date_range.latest))))
            elif e.after is not None or e.before is not None:
                rel, direction = (e.after, "after") if e.after is not None else (e.before, "before")
                assert rel is not None
                least, greatest = unit_days(rel.at_least, rel.at_most, rel.unit)
                specs.append(TimingSpec(i, e.id, relative=(rel.event, least, greatest, direction),  # type: ignore[arg-type]
                                        field=f".{direction}"))
            else:
                specs.append(TimingSpec(i, e.id))
        return specs, problems

    def _reference_problems(self) -> list[str]:
        ids = {e.id: e for e in self.timeline if e.id}
        problems: list[str] = []
        for i, e in enumerate(self.timeline):
            names = _REFERENCE_FIELDS.get(type(e))
            if names is None:
                names = tuple(name for cls, name in _REFERENCES if isinstance(e, cls))
            # Only the references given, each place worded only then: most events and findings refer to nothing
            # (plain loops: on Python 3.11 each comprehension is a call, four per event).
            refs: list[tuple[str, str]] = []
            for name in names:
                ref = getattr(e, name)
                if ref is not None:
                    refs.append((name, ref))
            if isinstance(e, Imaging):
                for j, f in enumerate(e.findings):
                    if f.caused_by is not None:
                        refs.append((f"findings[{j}].caused_by", f.caused_by))
            if isinstance(e, Surgery) and e.intraoperative_findings:
                for j, f in enumerate(e.intraoperative_findings):
                    if f.caused_by is not None:
                        refs.append((f"intraoperative_findings[{j}].caused_by", f.caused_by))
            courses = (e.cumulative_with or []) if isinstance(e, Radiotherapy) else []
            for j, ref in enumerate(courses):
                refs.append((f"cumulative_with[{j}]", ref))
            if e.order_unknown_with:
                for j, ref in enumerate(e.order_unknown_with):
                    refs.append((f"order_unknown_with[{j}]", ref))
            for j, ref in enumerate(courses):
                if ref in ids and ref != e.id and not isinstance(ids[ref], Radiotherapy | ChemoRadiotherapy):
                    problems.append(f"timeline[{i}].cumulative_with[{j}]: '{ref}' is a {ids[ref].type} event; "
                                    "allowed: the id of an earlier radiotherapy course of this case")
            for name, ref in refs:
                if ref is None:
                    continue
                if ref not in ids:
                    known = ", ".join(sorted(ids)) or "none (give events an 'id')"
                    problems.append(f"timeline[{i}].{name}: '{ref}' is not the id of an event of this case; "
                                    f"allowed: {known}")
                elif ref == e.id:
                    problems.append(f"timeline[{i}].{name}: an event cannot refer to itself")
                elif isinstance(e, Complication) and name == "procedure" and \
                        getattr(ids[ref], "complications_stated", None) is StatedComplications.NONE:
                    problems.append(f"timeline[{i}].procedure: '{ref}' is recorded with complications_stated: "
                                    "none; a complication of it contradicts that (leave one of them out)")
        return problems

    # ------------------------------------------------------------------ time

    @property
    def _derived(self) -> dict[str, Any]:
        """What validation worked out from the timeline (``_intervals``, ``_keys``, ``_rank``, ``_in_order``,
        ``_positions``), read from pydantic's private store directly: its look-up of a private attribute by
        name (``self._keys``) runs Python code costing about 2 µs, and every snapshot and assessment asks."""
        return cast("dict[str, Any]", self.__pydantic_private__)

    def _date_to_day(self, date: dt.date) -> int:
        assert self.index_date is not None
        return (date - self.index_date).days

    def _index(self, event: EventBase) -> int:
        """The place of ``event`` in the timeline (indexed when the case was validated)."""
        timeline = self.timeline
        places: _EventPlaces = self._derived["_positions"]
        i = places.places.get(id(event))
        if i is not None and i < len(timeline) and timeline[i] is event:
            return i
        for i, e in enumerate(timeline):  # a timeline changed after validation: look it up
            if e is event:
                return i
        raise ValueError("the event is not part of this case")

    def interval_of(self, event: EventBase) -> DayInterval:
        """The days (since index) within which ``event`` happened, as precisely as the sources say."""
        if event.day is not None:
            return DayInterval.exact(event.day)
        if event.date is not None and self.index_date is not None:
            return DayInterval.exact(self._date_to_day(event.date))
        return self._derived["_intervals"][self._index(event)]  # type: ignore[no-any-return]

    def day_of(self, event: EventBase) -> int:
        """Days since the index date of an exactly dated ``event`` (its ``day``, or its date converted).

        An event dated only by a range or by its order has no single day: :class:`UncertainDay`
        (a ValueError) is raised; use :meth:`interval_of`, or :meth:`placement_day` for ordering.
        """
        if event.day is not None:
            return event.day
        if event.date is not None and self.index_date is not None:
            return self._date_to_day(event.date)
        if event.date is not None:
            raise ValueError("event has no usable date")
        iv = self.interval_of(event)
        raise UncertainDay(f"the {getattr(event, 'type', 'event')} event is dated only to {iv}; it has no single day "
                           "(use interval_of)")

    def placement_day(self, event: EventBase) -> int:
        """The day an event is placed on for ordering and snapshots: its exact day, or else the earliest
        day it can have happened given its interval and the order the timeline was written in."""
        if event.day is not None or (event.date is not None and self.index_date is not None):
            return self.day_of(event)
        return self._derived["_keys"][self._index(event)]  # type: ignore[no-any-return]

    def when_text(self, event: EventBase) -> str:
        """How an event is dated, in words for display (:func:`~spinemet.case.timing.when_words`)."""
        return when_words(self.interval_of(event))

    def date_of_day(self, day: int) -> dt.date | None:
        """The calendar date of a day offset, when the index date is known."""
        return self.index_date + dt.timedelta(days=day) if self.index_date else None

    def resolve_day(self, on: int | dt.date | None) -> int:
        """A day offset from a day, a calendar date, or None (= the last event's placement day)."""
        if on is None:
            keys = self._derived["_keys"]
            return max(keys) if keys else 0
        if isinstance(on, dt.date):
            if self.index_date is None:
                # Neutral wording: each adapter (CLI option, API field, web form) words its own message.
                raise ValueError(
                    f"date {on}: this case has no index_date, so calendar dates cannot be placed; give a day number"
                )
            return self._date_to_day(on)
        return on

    def ordered_events(self) -> list[tuple[int, Event]]:
        """(placement day, event) pairs in time order; the written order where days do not decide.

        The day is exact for an exactly dated event; for an event dated by a range or by order it is
        :meth:`placement_day` (the earliest possible day given the written order): compare times with
        :meth:`interval_of`, never with this day.
        """
        return [(day, event) for day, event, _ in self.dated_in_order()]

    def dated_in_order(self) -> list[tuple[int, Event, DayInterval | None]]:
        """(placement day, event, interval) in time order, as :meth:`ordered_events`; the interval
        is None for an exactly dated event, else the days within which it happened
        (:meth:`interval_of`). Built once when the case is validated; do not change the list."""
        return cast("list[tuple[int, Event, DayInterval | None]]", self._derived["_in_order"])

    def event_by_id(self, event_id: str) -> Event:
        for e in self.timeline:
            if e.id == event_id:
                return e
        known = ", ".join(e.id for e in self.timeline if e.id) or "none"
        raise KeyError(f"'{event_id}' is not the id of an event of this case; allowed: {known}")

    def position_of(self, event: EventBase) -> int:
        """The rank of ``event`` in :meth:`ordered_events`."""
        return self._derived["_rank"][self._index(event)]  # type: ignore[no-any-return]

    @property
    def death_day(self) -> int | None:
        death = self._death()
        return None if death is None else self.placement_day(death)

    @property
    def death_interval(self) -> DayInterval | None:
        death = self._death()
        return None if death is None else self.interval_of(death)

    def _death(self) -> Death | None:
        return next((e for e in self.timeline if isinstance(e, Death)), None)


def _after_death_problems(timeline: list[Event], intervals: list[DayInterval]) -> list[str]:
    """Events that can only have happened after the recorded death (ranged dating; exact days are
    checked by :func:`timeline_problems`)."""
    deaths = [i for i, e in enumerate(timeline) if isinstance(e, Death)]
    if not deaths or intervals[deaths[0]].latest is None:
        return []
    last = intervals[deaths[0]].latest
    assert last is not None
    out: list[str] = []
    death_exact = timeline[deaths[0]].is_exactly_dated
    for i, (e, iv) in enumerate(zip(timeline, intervals, strict=True)):
        if (e.is_exactly_dated and death_exact) or iv.earliest is None:
            continue  # exact against exact is checked (and reported) by timeline_problems
        if iv.earliest > last:
            out.append(f"timeline[{i}]: the event can only have happened from day {iv.earliest}, after the "
                       f"recorded death (by day {last})")
    return out
