"""The intradural referral is answered by the treatment given after it (Purvis 2017: resection, and
radiosurgery for residual disease; Kalita 2011), as the MSCC emergencies are by theirs.

Checked against two published cases: JMCR 2012 (prostate, intramedullary conus: resection then
radiosurgery of the cavity; neurologically unchanged 3 months later) and Clin Neurol Neurosurg 2009
(RCC, intramedullary C5: conventional RT, then progression, then fractionated radiosurgery; well 26
months later). The referral is urgent at presentation, in progress at the treatment, answered after it,
and re-opened by a deficit examined after a treatment that failed.
"""

from __future__ import annotations

from spinemet.pathway import Recommendation

from .published import rule_at

JMCR = "jmcr2012-prostate-intramedullary-conus"
CLINEURO = "clineuro2009-rcc-intramedullary-c5"


def _referral(name: str, event: str, when: str = "after") -> Recommendation:
    return rule_at(name, event, "intradural_referral", when)


def test_jmcr2012_referral_urgent_at_presentation_in_progress_at_resection_answered_at_follow_up() -> None:
    first = _referral(JMCR, "mri")
    assert first.status.value == "decided" and first.data["urgent"] is True
    at_op = _referral(JMCR, "surgery")
    assert at_op.status.value == "decided" and at_op.data["state"] == "in_progress"
    assert at_op.data["urgent"] is False and "IN PROGRESS" in at_op.statement
    later = _referral(JMCR, "follow-up")
    assert later.status.value == "not_applicable"
    assert "answered" in later.statement and "URGENT" not in later.statement
    assert "whole neuraxis" in later.statement


def test_clineuro2009_failure_after_rt_reopens_the_referral_and_radiosurgery_answers_it() -> None:
    after_ebrt = _referral(CLINEURO, "ebrt")
    assert after_ebrt.data.get("state") == "in_progress"
    # symptoms progressed after conventional RT: a deficit examined after the treatment re-opens the referral
    failed = _referral(CLINEURO, "progression-exam")
    assert failed.status.value == "decided" and failed.data["urgent"] is True
    assert _referral(CLINEURO, "radiosurgery").data.get("state") == "in_progress"
    late = _referral(CLINEURO, "sensory-outcome")
    assert late.status.value == "not_applicable" and "answered" in late.statement


def test_sasaji2017_improving_deficit_after_resection_is_follow_up_not_a_new_urgent_referral() -> None:
    # "neurology improved; walks with a cane" soon after the resection: the deficit is still present but
    # not new or worse, so the referral stays answered (a new or progressive deficit would re-open it)
    rec = _referral("sasaji2017-lung-adenocarcinoma-intradural-t12", "after-surgery")
    assert rec.status.value == "not_applicable" and "answered" in rec.statement
