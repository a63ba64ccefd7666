"""The published shapes of SpineMet's outputs: an assessment, its plan, one instrument's result, the
course, and an instrument's description.

These models describe what the core's ``as_dict()`` gives (they never compute anything): the API
names them as ``response_model`` and ``spinemet schema --output NAME`` prints their JSON Schema.
Unknown keys are refused (``extra="forbid"``), so a test that validates every example's output
against these schemas fails when an output grows a field the schema does not publish. Free-form
``data``/``facts`` maps carry the numbers a rule or an alert used, named by the rule.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


# ------------------------------------------------------------------ instruments

class BandOut(Out):
    key: str
    label: str
    low: int | None = Field(default=None, description="Lowest total of the band (scores).")
    high: int | None = Field(default=None, description="Highest total of the band (scores).")
    meaning: str | None = Field(default=None, description="What the band means (e.g. a survival estimate).")


class ComponentOut(Out):
    item: str
    answer: str | None = Field(description="The answer used; null while unknown.")
    points: int | None = Field(description="Its points; null while unknown (or for a classifier).")
    source: str = Field(description="Given directly, or derived from which fact of the record.")
    candidates: list[str] | None = Field(default=None, description="The answers still possible while unknown.")


class DecisionOut(Out):
    key: str
    text: str
    citations: list[str]


class AlternativeBandOut(Out):
    set: str
    band: BandOut | None
    possible_bands: list[str]


class ResultOut(Out):
    """One instrument evaluated: a total (or a range while items are unknown) or a category, the band."""

    instrument: str
    name: str
    kind: Literal["score", "classifier"]
    total: int | None = Field(default=None, description="Scores: the total, null while items are unknown.")
    min_total: int | None = Field(default=None, description="Scores: the lowest total still possible.")
    max_total: int | None = Field(default=None, description="Scores: the highest total still possible.")
    category: str | None = Field(default=None, description="Classifiers: the category, null while undecided.")
    band: BandOut | None
    possible_bands: list[str]
    missing: list[str] = Field(description="Items whose answer is unknown.")
    components: list[ComponentOut]
    decisions: list[DecisionOut]
    citation: dict[str, str | None] = Field(description="The evidence key and its PMID/DOI.")
    verification: str
    alternative_bands: list[AlternativeBandOut] | None = None
    not_applicable: bool | None = Field(
        default=None, description="Present (true) only when the case lies outside the disease the instrument applies to."
    )
    reason: str | None = Field(
        default=None, description="Why the instrument does not apply (only on a not-applicable result)."
    )
    applies_to: str | None = Field(
        default=None, description="The disease the instrument applies to (only on a not-applicable result)."
    )


class InstrumentOut(BaseModel):
    """An instrument's declaration as published (``spinemet instruments --format json``), or, for an
    instrument SpineMet knows of but does not compute, its name and the reason."""

    model_config = ConfigDict(extra="forbid")

    key: str
    name: str
    implemented: bool
    reason: str | None = None
    version: str | None = None
    kind: str | None = None
    direction: str | None = None
    description: str | None = None
    items: list[dict[str, Any]] | None = None
    bands: list[dict[str, Any]] | None = None
    citations: list[dict[str, Any]] | None = None
    decisions: list[dict[str, Any]] | None = None
    facts: list[dict[str, Any]] | None = None
    verification: str | None = None
    derived: bool | None = None
    total: str | None = None
    min_total: int | None = None
    max_total: int | None = None
    alternative_bands: list[dict[str, Any]] | None = None
    applies_to: dict[str, str] | None = Field(
        default=None, description="The disease the instrument applies to and the evidence key that defines it."
    )


# ------------------------------------------------------------------ pathway

class AlertOut(Out):
    key: str
    title: str
    detail: str
    day: int
    active_until: int | None
    level: str | None
    severity: str
    reopens: list[str]
    citations: list[str]
    evidence_status: str
    data: dict[str, Any]


class ReasonOut(Out):
    text: str
    facts: dict[str, Any]
    threshold: str | None
    citation: str | None


class BranchOut(Out):
    """One way the decision goes once the team has answered the bedside judgement ``branch_on`` names."""

    condition: str = Field(description="The answer that leads here, in words (e.g. 'fit for surgery and expected "
                                       "survival >= 3 months').")
    statement: str = Field(description="What to do on this branch.")
    when: dict[str, Any] = Field(description="The same answer as data (e.g. {'fit_for_surgery': true}).")
    reasons: list[ReasonOut]
    citations: list[str]
    evidence_status: str


class SurvivalOfferOut(Out):
    """Expected survival as one prognostic score's band states it: offered, never the team's estimate."""

    instrument: str
    name: str
    reading: str = Field(description="The score (or its range while items are missing).")
    survival: str = Field(description="The band's published survival (or the bands still possible).")
    verification: str = Field(description="The instrument's verification status.")
    threshold_months: float = Field(description="The survival threshold the branch uses.")
    supports: Literal["at_least", "below", "cannot_tell"] = Field(
        description="How the band's stated bound reads against the threshold.")
    citations: list[str]


class RecommendationOut(Out):
    rule: str
    decision_point: str
    status: Literal["decided", "branched", "needs_information", "not_applicable"] = Field(
        description="decided; branched (only bedside judgements are missing: one branch per answer); "
                    "needs_information (facts are missing: see 'missing'); not_applicable (with the reason).")
    statement: str
    reasons: list[ReasonOut]
    missing: list[str]
    options: list[str]
    cautions: list[str]
    citations: list[str]
    evidence_status: str
    data: dict[str, Any]
    branches: list[BranchOut] | None = Field(
        default=None, description="Status 'branched': one branch per answer of the judgement in 'branch_on'.")
    branch_on: list[str] | None = Field(default=None, description="The bedside judgement that picks the branch.")
    survival_offers: list[SurvivalOfferOut] | None = Field(
        default=None, description="Expected survival offered by the prognostic scores already computed (with "
                                  "the instrument and its verification status); the team's estimate picks the "
                                  "branch.")


class PlanOut(Out):
    case_id: str
    day: int
    recommendations: list[RecommendationOut]
    not_applicable: list[RecommendationOut]
    alerts: list[AlertOut]


class AssessmentOut(Out):
    """A case on a day: every instrument, the active alerts of the course, and the plan."""

    case_id: str
    title: str | None
    day: int = Field(description="Days since the index date.")
    date: str | None = Field(description="The calendar date, when the index date is known.")
    instruments: list[ResultOut]
    alerts: list[AlertOut]
    plan: PlanOut


# ------------------------------------------------------------------ course

class CourseEventOut(Out):
    kind: str
    day: int
    title: str
    detail: str
    level: str | None
    intervention: str | None
    category: str | None
    certainty: str
    basis: list[str]
    citations: list[str]
    evidence_status: str
    data: dict[str, Any]


class DayIntervalOut(Out):
    earliest: int | None
    latest: int | None


class InterventionOut(Out):
    key: str
    kind: str
    label: str
    day: int
    end_day: int | None
    levels: list[str]
    field: list[str]
    technique: str | None
    decompressive: bool
    radiotherapy: bool
    systemic: bool
    interval: DayIntervalOut | None = Field(
        default=None, description="Present only when the treatment is dated to a range or by order: the days "
        "within which it happened (``day`` is then its placement day)."
    )


class LocalOut(Out):
    level: str
    relation: str
    intervention: str
    status: str
    event_day: int | None
    timing: str | None
    interval_days: int | None
    window_end: int | None
    imaging_days: list[int]
    basis: list[str]
    interval_range: list[int | None] | None = Field(
        default=None, description="Present only when the dates are not exact: least and greatest days from the "
        "intervention to the event (timing is then early, late or cannot_tell)."
    )


class ResponseOut(Out):
    day: int
    baseline_day: int | None = Field(description="Day of the comparison study; None when no study preceded "
                                     "the treatment at this level.")
    level: str
    intervention: str
    mda: str | None
    spino: str | None
    epidural: str
    basis: list[str]
    cautions: list[str]


class PainOut(Out):
    day: int
    baseline_day: int
    intervention: str
    category: str | None
    possible: list[str]
    nrs_before: int | None
    nrs_after: int | None
    omed_before: float | None
    omed_after: float | None
    basis: list[str]


class ChangeOut(Out):
    before_day: int
    after_day: int
    trend: str
    reasons: list[str]


class NeuroOut(Out):
    day: int
    exam_id: str | None
    frankel: str | None
    asia: str | None
    ambulatory: str | None
    motor_deficit: bool | None
    mrc_min: int | None
    scorad: list[int]
    change: ChangeOut | None


class RehabOut(Out):
    day: int
    end_day: int | None
    intervention: str
    barthel: int | None
    fim: int | None
    outcome: str | None
    change: ChangeOut | None


class ThresholdOut(Out):
    name: str
    value: int | float
    status: str
    meaning: str
    note: str
    citations: list[str]


class CourseOut(Out):
    """The course of a case: derived events, local control, response, neurology, alerts."""

    case_id: str
    first_day: int
    last_day: int
    interventions: list[InterventionOut]
    events: list[CourseEventOut]
    local: list[LocalOut]
    responses: list[ResponseOut]
    pain: list[PainOut]
    neuro: list[NeuroOut]
    rehabilitation: list[RehabOut]
    alerts: list[AlertOut]
    thresholds: list[ThresholdOut]


#: ``spinemet schema --output NAME``: the published outputs by name
OUTPUTS: dict[str, type[BaseModel]] = {
    "assessment": AssessmentOut,
    "plan": PlanOut,
    "result": ResultOut,
    "course": CourseOut,
    "instrument": InstrumentOut,
}
