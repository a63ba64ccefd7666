"""On a day of the record before anything about the spine is recorded (e.g. abdullah2025's mastectomy, four years
before the spinal presentation), the spinal pathway has nothing to decide: every spinal rule answers not
applicable with that reason instead of asking for an ESCC grade, a SINS or a neurological examination of a
disease not yet there (issue 14 item 2: every rule knows its moment). A symptom alone brings the pathway in."""

from __future__ import annotations

from spinemet.pathway.applicability import NOTHING_SPINAL

from .cases import make_case, mri, pain, run
from .published import published

RESECTION = {"type": "primary_resection", "day": -1000}


def test_abdullah2025_mastectomy_day_has_no_spinal_decision() -> None:
    case = published("abdullah2025-male-breast-intradural-l1l2")
    day = min(d for d, _ in case.ordered_events())
    plan = run(case, day).plan
    assert plan.recommendations == ()
    spinal = [r for r in plan.not_applicable if r.rule != "net_systemic"]  # the NET rule reads the primary alone
    assert spinal and all(r.statement == NOTHING_SPINAL for r in spinal)


def test_the_first_spinal_fact_brings_the_pathway_in() -> None:
    plan = run(make_case("breast", RESECTION, pain(0, spinal_region="thoracic", nrs=6)), 0).plan
    assert plan.get("mscc_urgency") is not None  # pain in a person with cancer: triage applies (NICE CG75)
    later = run(make_case("breast", RESECTION, mri(0, "T9", escc="2")), 0).plan
    assert later.get("noms") is not None
    before = run(make_case("breast", RESECTION, mri(0, "T9", escc="2")), -1000).plan
    assert before.get("noms") is None and before.get("mscc_urgency") is None


def test_a_net_primary_still_gets_its_systemic_rule_before_anything_spinal() -> None:
    case = make_case("gep_net", RESECTION, mri(0, "L1", escc="1a"), net={})
    plan = run(case, -1000).plan
    statuses = {r.rule: r.statement for r in plan.not_applicable}
    assert statuses.get("noms") == NOTHING_SPINAL
    assert [r.rule for r in plan.recommendations] == ["net_systemic"]  # asks for the grade, as on any day
