"""Wound status and the clinician's suspicion of instability: facts the rules read once recorded
instead of naming them as unknown."""

from __future__ import annotations

from typing import Any

from spinemet.assessment import assess

from .cases import fitness, make_case, mri, neuro


def _surgery(day: int = 0) -> dict[str, Any]:
    return {"type": "surgery", "day": day, "procedures": ["decompression", "posterior_fixation"],
            "levels": "T6", "fixation_span": "T4-T8"}


def _wound(day: int, status: str) -> dict[str, Any]:
    return {"type": "wound", "day": day, "status": status}


def test_adjuvant_rt_names_unknown_wound_as_caution_when_not_recorded() -> None:
    case = make_case("kidney", mri(0, "T6", escc="2"), _surgery(0))
    rec = assess(case, 10).plan.get("adjuvant_rt_timing")
    assert rec is not None
    assert any("Wound status is not recorded" in c for c in rec.cautions)


def test_adjuvant_rt_waits_for_a_wound_recorded_as_not_healed() -> None:
    case = make_case("kidney", mri(0, "T6", escc="2"), _surgery(0), _wound(9, "not_healed"))
    rec = assess(case, 10).plan.get("adjuvant_rt_timing")
    assert rec is not None
    assert "after the wound has healed" in rec.statement
    assert not any("Wound status is not recorded" in c for c in rec.cautions)


def test_adjuvant_rt_healed_wound_is_a_reason_not_a_caution() -> None:
    case = make_case("kidney", mri(0, "T6", escc="2"), _surgery(0), _wound(12, "healed"))
    rec = assess(case, 14).plan.get("adjuvant_rt_timing")
    assert rec is not None
    assert "start now" in rec.statement
    assert any("healed" in r.text for r in rec.reasons)
    assert rec.data["wound"] == "healed"


def test_a_wound_check_before_the_operation_does_not_count() -> None:
    case = make_case("kidney", mri(0, "T6", escc="2"), _wound(-5, "healed"), _surgery(0))
    rec = assess(case, 10).plan.get("adjuvant_rt_timing")
    assert rec is not None and rec.data["wound"] is None


def test_recurrence_with_infected_wound_lists_it_as_revision_risk() -> None:
    case = make_case("kidney", mri(0, "T6", escc="2"), _surgery(0), _wound(14, "infected"),
                     fitness(20), mri(21, "T6", escc="3", instrumented=True), neuro(21, motor_deficit=True,
                                                                                new_deficit=True))
    rec = assess(case, 21).plan.get("after_local_recurrence")
    assert rec is not None
    assert "wound infected" in rec.data["risks"]
    assert not any("Wound status is not in the record" in c for c in rec.cautions)


def test_suspected_instability_triggers_immobilisation_whatever_the_sins() -> None:
    case = make_case("breast", mri(0, "L3", escc="1a", sins=6),
                     neuro(0, motor_deficit=True, suspected_instability=True))
    rec = assess(case, 0).plan.get("first_measures")
    assert rec is not None
    assert any(o.startswith("Immobilise now") for o in rec.options)
    assert any(r.facts.get("suspected_instability") for r in rec.reasons)


def test_without_suspicion_a_stable_sins_does_not_trigger_immobilisation() -> None:
    case = make_case("breast", mri(0, "L3", escc="1a", sins=6), neuro(0, motor_deficit=True))
    rec = assess(case, 0).plan.get("first_measures")
    assert rec is not None
    assert not any(o.startswith("Immobilise now") for o in rec.options)
