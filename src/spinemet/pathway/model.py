"""What the pathway produces: recommendations with reasons and citations, alerts, and the plan.

A recommendation never hides its reasoning: each reason names the facts and thresholds it
used; each citation is a key into :mod:`spinemet.evidence`; the evidence status says how far
the rule's thresholds were checked against their source. When inputs are unknown the rule
says which (``needs_information``) instead of guessing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from spinemet.evidence import EvidenceStatus


class RecommendationStatus(StrEnum):
    DECIDED = "decided"
    NEEDS_INFORMATION = "needs_information"
    NOT_APPLICABLE = "not_applicable"


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    URGENT = "urgent"


@dataclass(frozen=True)
class Reason:
    """One step of a rule's reasoning: the fact (with its value) and the threshold it was held to."""

    text: str
    facts: dict[str, Any] = field(default_factory=dict)
    threshold: str | None = None
    citation: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"text": self.text, "facts": self.facts, "threshold": self.threshold, "citation": self.citation}


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

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "decision_point": self.decision_point,
            "status": self.status.value,
            "statement": self.statement,
            "reasons": [r.as_dict() for r in self.reasons],
            "citations": list(self.citations),
            "evidence_status": self.evidence_status.value,
            "missing": list(self.missing),
            "options": list(self.options),
            "cautions": list(self.cautions),
            "data": self.data,
        }


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
            "severity": self.severity.value,
            "title": self.title,
            "detail": self.detail,
            "reopens": list(self.reopens),
            "citations": list(self.citations),
            "evidence_status": self.evidence_status.value,
            "level": self.level,
            "active_until": self.active_until,
            "data": self.data,
        }


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
            "alerts": [a.as_dict() for a in self.alerts],
            "recommendations": [r.as_dict() for r in self.recommendations],
            "not_applicable": [r.as_dict() for r in self.not_applicable],
        }
