"""The plan builder: every rule on one snapshot, ordered by what matters now, with the day's alerts.

Order: first the decisions that the latest events raise -- the rules an active course alert re-opens
(a recurrence re-opens ``after_local_recurrence``, a new deficit ``mscc_urgency``), the latest alert
first, a treatment decision before a re-triage raised by the same day's events, and otherwise in the
order the alerts name them; then the standing items in decision-point order (``RULES``). Each
raised recommendation carries ``data["raised_by"]``: the alert keys that put it first. The CLI, the
API and the web show the plan in this order.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence

from spinemet.case.model import Case
from spinemet.case.snapshot import Snapshot, snapshots
from spinemet.instruments.result import Result
from spinemet.pathway.base import RuleSpec
from spinemet.pathway.context import RuleInput, results_by_key
from spinemet.pathway.model import Alert, Plan, Recommendation, RecommendationStatus
from spinemet.pathway.rules import RULES, RULES_BY_KEY


def build_plan(
    snapshot: Snapshot,
    instrument_results: Sequence[Result] | Mapping[str, Result],
    alerts: Iterable[Alert] = (),
) -> Plan:
    """The ordered recommendations that apply on the snapshot's day, plus the alerts active that day.

    Rules that do not apply that day are kept apart (``Plan.not_applicable``) so that a reader
    can still see why a decision is not on the table. After a recorded death the course's alerts stop
    and every rule answers *not applicable* with the day of death (:meth:`RuleSpec.decide`).
    """
    active = () if snapshot.death_day is not None else in_recorded_order(
        snapshot, tuple([a for a in alerts if a.active_on(snapshot.day)]))  # (a list: no generator to resume)
    results = results_by_key(instrument_results)
    if active:
        active = reopening_in_scope(RuleInput(snapshot, results, active), RULES_BY_KEY)
    inp = RuleInput(snapshot, results, active)
    applying: list[Recommendation] = []
    skipped: list[Recommendation] = []
    child = child_caution(snapshot)
    na = RecommendationStatus.NOT_APPLICABLE
    for spec in RULES:
        rec = spec.decide(inp)
        if rec.status is na:
            skipped.append(rec)
            continue
        if child is not None:
            rec = dataclasses.replace(rec, cautions=(*rec.cautions, child))
        applying.append(rec)
    return Plan(snapshot.case_id, snapshot.day, order_by_what_matters_now(applying, active), active, tuple(skipped))


#: Under-18s are outside the adult MSCC guideline: the scope of NICE NG234 (the update of CG75; scope section
#: 3.2.4, nice.org.uk/consultations/1373) leaves out "children and young people under the age of 18", as CG75's
#: scope left out children. 18 is that scope's own bound, not a clinical threshold of ours; the rules' other
#: sources were not checked for children, so the plan says so.
ADULT_GUIDELINE_AGE = 18
_CHILD_WORDS = {"child": "a child", "adolescent": "an adolescent"}


def child_caution(snapshot: Snapshot) -> str | None:
    """The caution every applying rule carries for a patient recorded as under 18 (age, or age in words)."""
    age = snapshot.age()
    group = snapshot.patient.age_group
    if age is not None and age < ADULT_GUIDELINE_AGE:
        who = f"aged {age}"
    elif age is None and group is not None and group.value in _CHILD_WORDS:
        who = f"recorded as {_CHILD_WORDS[group.value]}"
    else:
        return None
    return (f"The patient is {who}: NICE NG234 does not cover children and young people under 18 (its scope), and "
            "this rule's other sources were written for adults or not checked for children; involve a paediatric "
            "oncology team.")


#: Where a course alert goes when a rule it names does not apply because the disease is inside the dura.
INTRADURAL_REFERRAL = "intradural_referral"


def reopening_in_scope(inp: RuleInput, specs: Mapping[str, RuleSpec]) -> tuple[Alert, ...]:
    """The alerts with only the rules they can re-open on this snapshot (``specs``: the rules by key).

    The course raises an alert for the whole case (a new deficit re-opens ``mscc_urgency``), but a rule
    whose disease the snapshot lies outside (its ``applies_to``, the same check :meth:`RuleSpec.decide`
    makes) answers *not applicable* and cannot be re-opened: e.g. an intramedullary metastasis is
    outside the extradural MSCC pathway (Purvis 2017). Such a rule is dropped from ``reopens`` (kept,
    with the reason, in ``data["not_reopened"]``), and when the intradural referral applies the alert
    re-opens it instead: disease inside the dura goes to neurosurgical / neuro-oncology assessment.

    The course applies the same check at the moment each alert is raised (:func:`scoped_to_its_moment`); the
    rules it named for the whole case are kept in ``data["case_wide_reopens"]`` and read again here, so a
    plan on a later snapshot judges them on its own snapshot, as if the course had not narrowed them."""
    if not inp.alerts:
        return ()
    outside: dict[str, str | None] = {}

    def reason(rule: str) -> str | None:
        if rule not in outside:
            spec = specs.get(rule)
            outside[rule] = spec.applies_to.reason(inp) if spec is not None else None
        return outside[rule]

    out = []
    for alert in inp.alerts:
        named = tuple(alert.data.get("case_wide_reopens", alert.reopens))
        dropped = {rule: why for rule in named if (why := reason(rule)) is not None}
        if not dropped:
            out.append(alert if named == alert.reopens else dataclasses.replace(
                alert, reopens=named, data={k: v for k, v in alert.data.items() if k != "not_reopened"}))
            continue
        kept = [rule for rule in named if rule not in dropped]
        if INTRADURAL_REFERRAL in specs and reason(INTRADURAL_REFERRAL) is None and INTRADURAL_REFERRAL not in kept:
            kept.append(INTRADURAL_REFERRAL)
        out.append(dataclasses.replace(alert, reopens=tuple(kept), data={**alert.data, "not_reopened": dropped}))
    return tuple(out)


def scoped_to_its_moment(case: Case, alerts: Sequence[Alert]) -> tuple[Alert, ...]:
    """The course's alerts, each re-opening only the rules that apply to the case as it stood on the alert's
    day (every event placed on that day, as ``spinemet course`` lists the alert under it): the same check a
    plan makes (:func:`reopening_in_scope`), so the course does not send an intramedullary deterioration to
    the extradural MSCC rules while the plan answers them not applicable. The rules first named are kept in
    ``data["case_wide_reopens"]`` when any is dropped."""
    by_day: dict[int, list[int]] = {}  # the alerts that re-open rules, by day (one snapshot and one check each)
    for i, alert in enumerate(alerts):
        if alert.reopens:
            by_day.setdefault(alert.day, []).append(i)
    out = list(alerts)
    for day, snap in snapshots(case, by_day).items():  # one pass over the timeline
        named = tuple(alerts[i] for i in by_day[day])
        for i, alert, scoped in zip(by_day[day], named, reopening_in_scope(RuleInput(snap, {}, named), RULES_BY_KEY),
                                    strict=True):
            if scoped.reopens != alert.reopens:
                scoped = dataclasses.replace(scoped, data={**scoped.data, "case_wide_reopens": list(alert.reopens)})
            out[i] = scoped
    return tuple(out)


def in_recorded_order(snapshot: Snapshot, alerts: tuple[Alert, ...]) -> tuple[Alert, ...]:
    """The alerts that are active at the snapshot by the recorded order, not by placement days alone.

    An alert's days (``day``, ``active_until``) are placement days; in a record dated by order or by
    ranges many events share one, so a plan read there would show an alert before the study that
    raises it, or after the treatment that answered it and what followed. Read by order: an alert
    whose raising study/examination (``data["raised_by"]``) is not in the snapshot has not happened
    yet; an alert whose answering treatment (``data["answered_by"]``), not exactly dated, is in the
    snapshot and followed there by a later recorded event has been answered (the day-based reading
    stays for exactly dated treatments, where it is exact)."""
    if not alerts:
        return ()
    last = len(snapshot.events) - 1
    out = []
    for alert in alerts:
        raised, answered = alert.data.get("raised_by"), alert.data.get("answered_by")
        if raised and snapshot.place_of_id(raised) is None:  # ids are unique within a case
            continue
        at = snapshot.place_of_id(answered) if answered else None
        if at is not None and at < last:
            dated = snapshot.events[at]
            if dated.interval is not None and not dated.interval.is_exact:
                continue
        out.append(alert)
    return tuple(out)


#: Rules that re-triage (urgency, imaging, first measures): when the same events also raise a treatment
#: decision (a recurrence, a failure), that decision leads and the re-triage follows it.
RE_TRIAGE = frozenset({"mscc_urgency", "imaging_due", "first_measures"})


def order_by_what_matters_now(recs: Sequence[Recommendation], alerts: Sequence[Alert]) -> tuple[Recommendation, ...]:
    """The recommendations raised by the latest alerts first (latest alert first; within an alert, in the
    order it names the rules), then the others in their standing order."""
    raised: dict[str, tuple[int, int, list[str]]] = {}
    for alert in alerts:
        for rank, rule in enumerate(alert.reopens):
            day, pos, keys = raised.get(rule, (alert.day, rank, []))
            if alert.day > day or (alert.day == day and rank < pos):
                day, pos = alert.day, rank
            raised[rule] = (day, pos, [*keys, alert.key])
    if not raised:
        return tuple(recs)  # nothing raised: the standing order
    out: list[tuple[tuple[int, int, int, int, int], Recommendation]] = []
    for i, rec in enumerate(recs):
        if rec.rule in raised:
            day, pos, keys = raised[rec.rule]
            rec = dataclasses.replace(rec, data={**rec.data, "raised_by": list(dict.fromkeys(keys))})
            out.append(((0, -day, int(rec.rule in RE_TRIAGE), pos, i), rec))
        else:
            out.append(((1, 0, 0, 0, i), rec))
    return tuple(rec for _key, rec in sorted(out, key=lambda pair: pair[0]))
