"""An emergency answered by a treatment is "in progress"; the treatment's day is said only when it is known.

Checked against the published case Hori 2012 (lung carcinoid; the decompression is dated only "after the
MRI", so its placement day 0 is the earliest possible, not a recorded day: cases3 item 5) and against a
synthetic case whose RT is dated exactly (there "started today" is true).
"""

from __future__ import annotations

from .cases import make_case, mri, neuro, run
from .published import plan_at, published


def test_hori2012_decompression_dated_by_order_is_not_said_to_have_started_today() -> None:
    plan = plan_at(published("hori2012-lung-carcinoid-thoracic"), "decompression")
    urgency, first = plan.get("mscc_urgency"), plan.get("first_measures")
    assert urgency is not None and first is not None
    assert "IN PROGRESS" in urgency.statement
    for rec in (urgency, first):
        assert "today" not in rec.statement and "day not recorded" in rec.statement, rec.statement


def test_exactly_dated_rt_on_the_day_is_said_to_have_started_today() -> None:
    case = make_case("breast", mri(3, "T9", escc="3"), neuro(3, motor_deficit=True),
                     {"type": "radiotherapy", "day": 3, "levels": "T9", "dose_gy": 20, "fractions": 5})
    rec = run(case, 3).plan.get("mscc_urgency")
    assert rec is not None and "IN PROGRESS" in rec.statement and "started today" in rec.statement
