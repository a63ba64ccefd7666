"""What the pathway produces: recommendations with reasons and citations, alerts, and the plan.

A recommendation never hides its reasoning: each reason names the facts and thresholds it
used; each citation is a key into :mod:`spinemet.evidence`; the evidence status says how far
the rule's thresholds were checked against their source. When inputs are unknown the rule
says which (``needs_information``) instead of guessing.
"""

from __future__ import annotations

from dataclasses import field
from enum import StrEnum
from typing import Any

from spinemet.evidence import EvidenceStatus
from spinemet.frozen import dataclass, quick_init


class RecommendationStatus(StrEnum):
    DECIDED = "decided"
    #: the only facts still missing are judgements the team makes at the bedside (fitness for
    #: surgery, expected survival, the patient's preference): the rule lays out one branch per answer.
    BRANCHED = "branched"
    NEEDS_INFORMATION = "needs_information"
    NOT_APPLICABLE = "not_applicable"


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    URGENT = "urgent"


@quick_init
@dataclass(frozen=True)
class Reason:
    """One step of a rule's reasoning: the fact (with its value) and the threshold it was held to."""

    text: str
    facts: dict[str, Any] = field(default_factory=dict)
    threshold: str | None = None
    citation: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"text": self.text, "facts": self.facts, "threshold": self.threshold, "citation": self.citation}


@quick_init
@dataclass(frozen=True)
class Branch:
    """One way a decision goes once the team has answered a bedside judgement.

    ``condition`` says in words which answer leads here ("fit for surgery and expected survival
    >= 3 months"); ``when`` holds the same answer as data (``{"fit_for_surgery": True, ...}``);
    ``statement`` is what to do on this branch, with its own reasons and citations.
    """

    condition: str
    statement: str
    when: dict[str, Any] = field(default_factory=dict)
    reasons: tuple[Reason, ...] = ()
    citations: tuple[str, ...] = ()
    evidence_status: EvidenceStatus = EvidenceStatus.VERIFIED

    def as_dict(self) -> dict[str, Any]:
        return {
            "condition": self.condition,
            "statement": self.statement,
            "when": self.when,
            "reasons": [r.as_dict() for r in self.reasons],
            "citations": [*self.citations],
            "evidence_status": self.evidence_status._value_,
        }


@quick_init
@dataclass(frozen=True)
class SurvivalOffer:
    """Expected survival as a prognostic score's band states it, *offered* to the team.

    Never used as the team's estimate: a branch is picked by the team's own answer. ``supports``
    says how the band's published survival reads against the threshold the branch uses
    (``at_least``, ``below`` or ``cannot_tell``).
    """

    instrument: str
    name: str
    reading: str
    survival: str
    verification: str
    threshold_months: float
    supports: str
    citations: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "instrument": self.instrument,
            "name": self.name,
            "reading": self.reading,
            "survival": self.survival,
            "verification": self.verification,
            "threshold_months": self.threshold_months,
            "supports": self.supports,
            "citations": [*self.citations],
        }


@quick_init
@dataclass(frozen=True)
class Recommendation:
    """The output of one rule for one snapshot."""

    rule: str
    decision_point: str
    status: RecommendationStatus
    statement: str
    reasons: tuple[Reason, ...] = ()
    citations: tuple[str, ...] = ()
    evidence_status: EvidenceStatus = EvidenceStatus.VERIFIED
    missing: tuple[str, ...] = ()
    options: tuple[str, ...] = ()
    cautions: tuple[str, ...] = ()
    data: dict[str, Any] = field(default_factory=dict)
    #: status ``branched``: one branch per answer of the bedside judgement named in ``branch_on``.
    branches: tuple[Branch, ...] = ()
    branch_on: tuple[str, ...] = ()
    #: expected survival from the prognostic scores already computed, offered (never assumed).
    survival_offers: tuple[SurvivalOffer, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """The public shape; ``branches``, ``branch_on`` and ``survival_offers`` appear only when set
        (so a recommendation without branches keeps its earlier shape)."""
        # Every recommendation of every plan is written so (most with no reasons and empty lists): a tuple is
        # copied into a new list as ``[*t]`` (no call to ``list``), no comprehension runs for no reasons, and an
        # enum's value is read as the member's own ``_value_`` attribute (``.value`` is a property written in
        # Python, a call per read).
        reasons = self.reasons
        out: dict[str, Any] = {
            "rule": self.rule,
            "decision_point": self.decision_point,
            "status": self.status._value_,
            "statement": self.statement,
            "reasons": [r.as_dict() for r in reasons] if reasons else [],
            "citations": [*self.citations],
            "evidence_status": self.evidence_status._value_,
            "missing": [*self.missing],
            "options": [*self.options],
            "cautions": [*self.cautions],
            "data": self.data,
        }
        if self.branches:
            out["branches"] = [b.as_dict() for b in self.branches]
            out["branch_on"] = [*self.branch_on]
        if self.survival_offers:
            out["survival_offers"] = [o.as_dict() for o in self.survival_offers]
        return out


@quick_init
@dataclass(frozen=True)
class Alert:
    """A dated signal from the course (early recurrence, new deficit, ...) that re-opens a decision.

    ``reopens`` names the pathway rules the alert sends the team back to (e.g.
    ``after_local_recurrence``, ``mscc_urgency``). ``active_from``/``active_until`` bound
    the days on which the plan shows it (``active_until`` None = until superseded).
    """

    key: str
    day: int
    severity: Severity
    title: str
    detail: str
    reopens: tuple[str, ...] = ()
    citations: tuple[str, ...] = ()
    evidence_status: EvidenceStatus = EvidenceStatus.DERIVED
    level: str | None = None
    active_until: int | None = None
    data: dict[str, Any] = field(default_factory=dict)

    def active_on(self, day: int) -> bool:
        return self.day <= day and (self.active_until is None or day <= self.active_until)

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "day": self.day,
            "severity": self.severity._value_,
            "title": self.title,
            "detail": self.detail,
            "reopens": [*self.reopens],
            "citations": [*self.citations],
            "evidence_status": self.evidence_status._value_,
            "level": self.level,
            "active_until": self.active_until,
            "data": self.data,
        }


@quick_init
@dataclass(frozen=True)
class Plan:
    """The ordered recommendations that apply on ``day``, plus the alerts active that day."""

    case_id: str
    day: int
    recommendations: tuple[Recommendation, ...]
    alerts: tuple[Alert, ...] = ()
    #: rules evaluated that day that do not apply (kept so a reader can see why); additive.
    not_applicable: tuple[Recommendation, ...] = ()

    def get(self, rule: str) -> Recommendation | None:
        return next((r for r in self.recommendations if r.rule == rule), None)

    def as_dict(self) -> dict[str, Any]:
        return {
            "case_id": self.case_id,
            "day": self.day,
            "alerts": [a.as_dict() for a in self.alerts] if self.alerts else [],
            "recommendations": [r.as_dict() for r in self.recommendations],
            "not_applicable": [r.as_dict() for r in self.not_applicable],
        }
