"""A course alert re-opens only rules that apply to the case's compartment (issue 14 item 2).

jmcr2012 (intramedullary conus metastasis): the examiner recorded a new deficit, so the course raises
"Neurological deterioration", which re-opens mscc_urgency (R-SURV-2). The plan answers mscc_urgency not
applicable (the extradural MSCC pathway does not apply inside the dura, Purvis 2017), so the alert must
not re-open it: it re-opens the intradural referral instead, which then leads the plan. Checked against
the plan's own applicability answers on every published case and decision point.
"""

from __future__ import annotations

from .published import PUBLISHED, plan_at, published, rule_at


def test_jmcr2012_deterioration_reopens_the_intradural_referral_not_mscc_urgency() -> None:
    assert rule_at("jmcr2012-prostate-intramedullary-conus", "surgery", "mscc_urgency", "before").status.value == (
        "not_applicable")
    plan = plan_at(published("jmcr2012-prostate-intramedullary-conus"), "surgery", "before")
    alert = next(a for a in plan.alerts if a.key == "neurological_deterioration")
    assert "mscc_urgency" not in alert.reopens
    assert "intramedullary" in alert.data["not_reopened"]["mscc_urgency"]
    assert "intradural_referral" in alert.reopens
    assert plan.recommendations[0].rule == "intradural_referral"
    assert "neurological_deterioration" in plan.recommendations[0].data["raised_by"]


def test_no_alert_reopens_a_rule_outside_its_scope_on_any_published_case() -> None:
    """Every rule an alert re-opens is not answered 'not applicable' for its disease; extradural cases
    still re-open mscc_urgency (so the check is not vacuous)."""
    still_mscc = 0
    for folder in sorted(p for p in PUBLISHED.iterdir() if (p / "case.yaml").exists()):
        case = published(folder.name)
        for event in case.timeline:
            plan = plan_at(case, event.id, "after")
            outside = {r.rule for r in plan.not_applicable
                       if any("applies_to" in reason.facts for reason in r.reasons)}
            for alert in plan.alerts:
                assert not set(alert.reopens) & outside, (folder.name, event.id, alert.key, alert.reopens)
                still_mscc += "mscc_urgency" in alert.reopens
    assert still_mscc > 0


def test_the_course_alert_list_applies_the_same_scope_purvis2017() -> None:
    # `spinemet course` lists the course's own alerts: on the day of jmcr2012's deterioration the MRI shows the
    # intramedullary conus metastasis, so the alert re-opens the intradural referral there too (not mscc_urgency),
    # and keeps the rule it first named with the reason it was dropped.
    from spinemet.course import analyse

    alert = next(a for a in analyse(published("jmcr2012-prostate-intramedullary-conus")).alerts
                 if a.key == "neurological_deterioration")
    assert alert.reopens == ("intradural_referral",)
    assert alert.data["case_wide_reopens"] == ["mscc_urgency"]
    assert "intramedullary" in alert.data["not_reopened"]["mscc_urgency"]


def test_extradural_course_alerts_still_reopen_mscc_urgency_patchell2005() -> None:
    # The story (extradural T6): the recurrence's new deficit still re-opens the extradural MSCC rules.
    from spinemet.course import analyse
    from spinemet.io.casefile import load_case

    from .cases import STORY

    alerts = analyse(load_case(STORY)).alerts
    assert any("mscc_urgency" in a.reopens for a in alerts)
    assert not any("case_wide_reopens" in a.data for a in alerts)
