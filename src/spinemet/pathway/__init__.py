"""The explainable pathway: rules that turn a snapshot and scores into cited recommendations.

Public API::

    from spinemet.pathway import build_plan, RULES
    plan = build_plan(snapshot, instrument_results, alerts)   # Plan
    plan.get("noms")                                          # one Recommendation

Each rule is a :class:`~spinemet.pathway.base.RuleSpec` (key, decision point, inputs,
outputs, sources, evidence status) around a small pure function.
"""

from spinemet.pathway.base import RuleSpec
from spinemet.pathway.context import RuleInput
from spinemet.pathway.model import Alert, Plan, Reason, Recommendation, RecommendationStatus, Severity
from spinemet.pathway.plan import build_plan
from spinemet.pathway.rules import RULES, get_rule

__all__ = [
    "RULES",
    "Alert",
    "Plan",
    "Reason",
    "Recommendation",
    "RecommendationStatus",
    "RuleInput",
    "RuleSpec",
    "Severity",
    "build_plan",
    "get_rule",
]
