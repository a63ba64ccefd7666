"""The base of every timeline event: identity and dating, exact or as uncertain as the source.

An event is dated by one of: ``day`` (days since the index date) and/or a calendar ``date``
(exact); ``day_range`` or ``date_range`` (between two days, inclusive); ``after`` / ``before``
another event by an amount of time ("within one month of surgery", "after 12 years"); or by
nothing at all, when the source gives only the order ("subsequently"): the event is then placed
by its position in the timeline. Nothing forces a made-up day (see :mod:`spinemet.case.timing`).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from spinemet.case.fields import LowerInput
from spinemet.case.vocab_detail import DurationUnit, TimeWording

Percent = Annotated[float, Field(ge=0, le=100)]
#: the largest day offset from the index date accepted (about 150 years either way)
MAX_DAY_OFFSET = 55_000
Day = Annotated[int, Field(ge=-MAX_DAY_OFFSET, le=MAX_DAY_OFFSET)]
Mrc = Annotated[int, Field(ge=0, le=5, description="MRC power grade 0-5")]


class Model(BaseModel):
    """Base for case-record models: immutable, and unknown keys are errors (typos are caught)."""

    # allow_inf_nan=False: YAML reads '.inf' and '.nan' as numbers; no clinical value is either.
    # defer_build: a model's validator is built when it is first used, not when its class is
    # defined. Reading a case builds the Case validator (every nested model inline) and nothing
    # else, so a command that reads one case file no longer builds some 40 validators it never uses.
    model_config = ConfigDict(
        frozen=True, extra="forbid", use_enum_values=False, allow_inf_nan=False, defer_build=True
    )


class DayRange(Model):
    """Between two days since the index date, inclusive ("in the second week": 7..13)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"earliest": 7, "latest": 13}]})

    earliest: Day
    latest: Day

    @model_validator(mode="after")
    def _ordered(self) -> DayRange:
        if self.latest < self.earliest:
            raise ValueError(f"latest: day {self.latest} is before earliest day {self.earliest}; a range runs from "
                             "the earlier to the later day")
        return self


class DateRange(Model):
    """Between two calendar dates, inclusive ("in March 2019": 2019-03-01..2019-03-31); needs index_date."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"earliest": "2019-03-01", "latest": "2019-03-31"}]})

    earliest: dt.date
    latest: dt.date

    @model_validator(mode="after")
    def _ordered(self) -> DateRange:
        if self.latest < self.earliest:
            raise ValueError(f"latest: {self.latest} is before earliest {self.earliest}; a range runs from the "
                             "earlier to the later date")
        return self


TimeUnit = Literal["days", "weeks", "months", "years"]


class RelativeTime(Model):
    """An amount of time after (or before) another event of the case, named by its ``id``.

    "within one month of surgery": ``{event: surgery-1, at_least: 0, at_most: 1, unit: months}``;
    "three months later": ``{event: mri-1, at_least: 3, at_most: 3, unit: months}``;
    "after 12 years": ``{event: diagnosis, at_least: 12, at_most: 12, unit: years}``;
    "some time after": leave ``at_most`` out. Months count 28-31 days and years 365-366, so a
    stated amount widens to the days it can mean and is never rounded to one of them.
    """

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"event": "surgery-1", "at_least": 0, "at_most": 1, "unit": "months"}]}
    )

    event: str = Field(min_length=1, description="The id of the event this one is timed from.")
    at_least: Annotated[int | float, Field(ge=0, le=200 * 366)] = Field(default=0, description="Least amount of time.")
    at_most: Annotated[int | float, Field(ge=0, le=200 * 366)] | None = Field(
        default=None, description="Greatest amount of time; leave out when the source gives no upper bound."
    )
    unit: TimeUnit = "days"
    wording: Annotated[TimeWording | None, LowerInput] = Field(
        default=None, description="The source's word for an amount it does not give: immediately, soon, some "
        "('some months later'). Recorded beside the bounds, never turned into a number of days.",
        json_schema_extra={"examples": ["immediately"]},
    )

    @model_validator(mode="after")
    def _ordered(self) -> RelativeTime:
        if self.at_most is not None and self.at_most < self.at_least:
            raise ValueError(f"at_most: {self.at_most:g} is less than at_least {self.at_least:g}; a range runs from "
                             "the smaller to the larger amount")
        return self


class Duration(Model):
    """How long a stated state lasted ("weakness for 3 weeks", "unable to walk for 48 hours", "lumbar
    pain for 7 years", "for more than six months": ``at_least: 6``, no ``at_most``). It is not a date:
    the event keeps its own dating, and the duration says how long the state had lasted by then
    (or, for a treatment, how long it took)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"at_least": 3, "at_most": 3, "unit": "weeks"},
                                                              {"at_least": 6, "unit": "months"}]})

    at_least: Annotated[int | float, Field(ge=0, le=200 * 366)] = Field(default=0, description="Least amount.")
    at_most: Annotated[int | float, Field(ge=0, le=200 * 366)] | None = Field(
        default=None, description="Greatest amount; leave out when the source gives no upper bound ('more than').")
    unit: Annotated[DurationUnit, LowerInput] = Field(description="hours, days, weeks, months or years.")

    @model_validator(mode="after")
    def _ordered(self) -> Duration:
        if self.at_most is not None and self.at_most < self.at_least:
            raise ValueError(f"at_most: {self.at_most:g} is less than at_least {self.at_least:g}; a range runs from "
                             "the smaller to the larger amount")
        if self.at_most is None and self.at_least == 0:
            raise ValueError("at_least: a duration needs an amount (at_least above 0, or at_most)")
        return self


_TIMING_FORMS = ("day_range", "date_range", "after", "before")


class EventBase(Model):
    id: str | None = Field(default=None, description="Stable identifier of the event within the case.")
    day: Day | None = Field(default=None, description="Days since the index date (negative before it).")
    date: dt.date | None = Field(default=None, description="Calendar date; needs the case's index_date.")
    day_range: DayRange | None = Field(default=None, description="Dated only to a range of days since the index date.")
    date_range: DateRange | None = Field(default=None, description="Dated only to a range of calendar dates.")
    after: RelativeTime | None = Field(default=None, description="Timed after another event (by its id).")
    before: RelativeTime | None = Field(default=None, description="Timed before another event (by its id).")
    timing_note: str | None = Field(default=None, description="How precisely the event is dated, in words.")
    duration: Duration | None = Field(
        default=None, description="How long the stated state had lasted ('weakness for 3 weeks'), or how long a "
        "treatment took; not a date.",
    )
    concurrent_with: str | None = Field(
        default=None, description="The id of an event this one was given or happened together with ('chemotherapy "
        "together with the embolisation'). A link, not a date: the event keeps its own dating.",
    )
    # Fifth pass (2026-11-28): "chemotherapy and nephrectomy" before the presentation, order not stated.
    order_unknown_with: list[Annotated[str, Field(min_length=1)]] | None = Field(
        default=None, min_length=1, max_length=20,
        description="The ids of events whose order relative to this one the source does not state ('treated with "
        "chemotherapy and nephrectomy'). The timeline still lists them in some order; this says that order is not "
        "a fact. Comparisons between them answer from their dates alone.",
        json_schema_extra={"examples": [["nephrectomy-1"]]},
    )
    note: str | None = None

    @model_validator(mode="after")
    def _one_timing(self) -> EventBase:
        if self.day_range is None and self.date_range is None and self.after is None and self.before is None:
            return self  # dated exactly, or by its position: one way at most
        given = [name for name in _TIMING_FORMS if getattr(self, name) is not None]
        exact = [name for name in ("day", "date") if getattr(self, name) is not None]
        if len(given) + bool(exact) > 1:
            named = ", ".join([*exact, *given])
            raise ValueError(
                f"{given[-1]}: an event is dated one way; this one has {named}. Give one of: day (and/or date), "
                "day_range, date_range, after, before -- or none, to place it by its position in the timeline"
            )
        return self

    @model_validator(mode="after")
    def _order_unknown_once(self) -> EventBase:
        named = self.order_unknown_with or []
        if len(set(named)) != len(named):
            raise ValueError("order_unknown_with: an event is named twice")
        return self

    @property
    def is_exactly_dated(self) -> bool:
        return self.day is not None or self.date is not None
