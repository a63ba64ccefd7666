"""Cement that leaked into the spinal canal prompts an answer of its own (issue 14 item 6), from what the
sources say: Sidhu 2013 (systematic review of 21 reported cases of a deficit after a cement leak: immediate
surgical removal, complete recovery in most) and Hsieh 2019 (26 of 3,175 osteoporotic vertebroplasties leaked
into the canal, 4 needed decompression). A leak into the veins does not; a leak already raising the urgent
"compression from a complication" alert is not repeated; none is ever called recurrence."""

from __future__ import annotations

from typing import Any

from tests.course.conftest import make_case
from tests.pathway.published import plan_at, published

from spinemet.course import EventKind, analyse
from spinemet.pathway import Severity


def _kyphoplasty(leak: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"id": "mri0", "type": "imaging", "day": 0, "modality": "mri",
         "findings": [{"level": "L1", "escc": "0", "pathological_fracture": True}]},
        {"id": "kp-1", "type": "cement_augmentation", "day": 2, "procedure": "kyphoplasty", "levels": "L1"},
        {"id": "leak-1", "type": "complication", "kind": "cement_leakage", "procedure": "kp-1", "levels": "L1",
         "day": 2, **leak},
    ]


def test_a_leak_into_the_canal_without_recorded_compression_is_a_cited_warning_sidhu2013_hsieh2019() -> None:
    analysis = analyse(make_case("canal-leak", _kyphoplasty({"leak_sites": ["spinal_canal"]})))
    [alert] = [a for a in analysis.alerts if a.key == "cement_in_canal"]
    assert alert.severity is Severity.WARNING and alert.reopens == ()
    assert alert.citations == ("sidhu_2013_cement", "hsieh_2019_cement")
    assert "not tumour" in alert.title and "turns on the neurological examination" in alert.detail
    assert "Neither source sets a schedule" in alert.detail  # nothing invented for a leak without a deficit
    assert alert.active_until is None  # no treatment of it recorded
    assert not [e for e in analysis.events if e.kind in (EventKind.LOCAL_RECURRENCE, EventKind.ADJACENT_PROGRESSION)]


def test_a_leak_recorded_as_compressing_without_imaging_is_urgent_sidhu2013() -> None:
    analysis = analyse(make_case("canal-leak", _kyphoplasty(
        {"leak_sites": ["epidural"], "causes_compression": True, "compressed": "conus"})))
    [alert] = [a for a in analysis.alerts if a.key == "cement_in_canal"]
    assert alert.severity is Severity.URGENT and "recorded as compressing the conus" in alert.detail


def test_a_venous_leak_prompts_nothing_hsieh2019() -> None:
    analysis = analyse(make_case("venous-leak", _kyphoplasty({"leak_sites": ["venous"]})))
    assert not [a for a in analysis.alerts if a.key == "cement_in_canal"]
    assert not [a for a in analyse(published("akpinar2016-liposarcoma-ablation")).alerts if a.key == "cement_in_canal"]


def test_noma2025_canal_leak_is_shown_until_the_removal_sidhu2013() -> None:
    case = published("noma2025-kyphoplasty-cement-canal-l3")
    [alert] = [a for a in analyse(case).alerts if a.key == "cement_in_canal"]
    assert alert.data["raised_by"] == "leak" and alert.data["answered_by"] == "removal"
    assert any(a.key == "cement_in_canal" for a in plan_at(case, "leak", "after").alerts)
    assert not any(a.key == "cement_in_canal" for a in plan_at(case, "after-removal", "after").alerts)


def test_a_leak_already_raising_the_compression_alert_is_not_repeated() -> None:
    # wneu2018: intradural cement compressing at L1 on CT, paraplegia: the urgent complication alerts stand.
    alerts = analyse(published("wneu2018-cement-leak-l1")).alerts
    keys = [a.key for a in alerts]
    assert "compression_from_complication" in keys and "cement_in_canal" not in keys
    # ... and that alert says what the sources say of a deficit after a leak (Sidhu 2013)
    compression = next(a for a in alerts if a.key == "compression_from_complication")
    assert "sidhu_2013_cement" in compression.citations and "immediate surgical removal" in compression.detail
