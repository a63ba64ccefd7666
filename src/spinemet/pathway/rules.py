"""The registry of pathway rules, in their standing order (by decision point; the plan puts the rules
that the day's alerts re-open first: :func:`spinemet.pathway.plan.order_by_what_matters_now`)."""

from __future__ import annotations

from collections.abc import Mapping

from spinemet.pathway.base import RuleSpec
from spinemet.pathway.first_measures import FIRST_MEASURES
from spinemet.pathway.fixation import FIXATION_SPAN
from spinemet.pathway.intradural import INTRADURAL_REFERRAL
from spinemet.pathway.net import NET_SYSTEMIC
from spinemet.pathway.noms import NOMS
from spinemet.pathway.radiotherapy import ADJUVANT_RT_TIMING, RT_SCHEDULE
from spinemet.pathway.recurrence import AFTER_LOCAL_RECURRENCE
from spinemet.pathway.rehabilitation import REHABILITATION
from spinemet.pathway.reirradiation import REIRRADIATION_SAFETY
from spinemet.pathway.surgery import SURGICAL_CANDIDACY
from spinemet.pathway.urgency import IMAGING_DUE, MSCC_URGENCY

RULES: tuple[RuleSpec, ...] = (
    INTRADURAL_REFERRAL,
    MSCC_URGENCY,
    FIRST_MEASURES,
    IMAGING_DUE,
    AFTER_LOCAL_RECURRENCE,
    NOMS,
    SURGICAL_CANDIDACY,
    FIXATION_SPAN,
    ADJUVANT_RT_TIMING,
    RT_SCHEDULE,
    REIRRADIATION_SAFETY,
    NET_SYSTEMIC,
    REHABILITATION,
)

#: Each rule by its key (what an alert's ``reopens`` names; read-only): a plan and the course scope their alerts
#: by it (:func:`spinemet.pathway.plan.reopening_in_scope`), so it is built once here, not per plan.
RULES_BY_KEY: Mapping[str, RuleSpec] = {spec.key: spec for spec in RULES}


def get_rule(key: str) -> RuleSpec:
    for spec in RULES:
        if spec.key == key:
            return spec
    raise KeyError(f"no pathway rule '{key}'; known rules: {', '.join(r.key for r in RULES)}")
