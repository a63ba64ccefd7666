"""The plan builder: every rule on one snapshot, in decision-point order, with the day's alerts."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from spinemet.case.snapshot import Snapshot
from spinemet.instruments.result import Result
from spinemet.pathway.context import RuleInput, results_by_key
from spinemet.pathway.model import Alert, Plan, Recommendation, RecommendationStatus


def build_plan(
    snapshot: Snapshot,
    instrument_results: Sequence[Result] | Mapping[str, Result],
    alerts: Iterable[Alert] = (),
) -> Plan:
    """The ordered recommendations that apply on the snapshot's day, plus the alerts active that day.

    Rules that do not apply that day are kept apart (``Plan.not_applicable``) so that a reader
    can still see why a decision is not on the table.
    """
    from spinemet.pathway.rules import RULES

    active = tuple(a for a in alerts if a.active_on(snapshot.day))
    inp = RuleInput(snapshot, results_by_key(instrument_results), active)
    applying: list[Recommendation] = []
    skipped: list[Recommendation] = []
    for spec in RULES:
        rec = spec.decide(inp)
        (skipped if rec.status is RecommendationStatus.NOT_APPLICABLE else applying).append(rec)
    return Plan(snapshot.case_id, snapshot.day, tuple(applying), active, tuple(skipped))
