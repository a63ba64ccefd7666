"""The snapshot: the state of a case on a day."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from spinemet.anatomy import Level
from spinemet.case import Case, parse_case, snapshot
from spinemet.case.vocab import Analyte, EsccGrade
from spinemet.io.casefile import load_case

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _case(**extra: Any) -> Case:
    data: dict[str, Any] = {
        "id": "snap",
        "primary": {"site": "kidney"},
        "timeline": [
            {"type": "performance", "day": 0, "kps": 70},
            {"type": "imaging", "day": 0, "modality": "mri",
             "findings": [{"level": "T6", "escc": "1a", "lesion_type": "lytic"}, {"level": "T9", "escc": "0"}]},
            {"type": "neuro_exam", "day": 0, "frankel": "E"},
            {"type": "surgery", "day": 2, "procedures": ["decompression"], "levels": "T6"},
            {"type": "labs", "day": 3, "values": [{"analyte": "albumin", "value": 35, "unit": "g/L"}]},
            # written out of order on purpose: the timeline is sorted by day
            {"type": "radiotherapy", "day": 20, "dose_gy": 20, "fractions": 5, "levels": "T6"},
            {"type": "imaging", "day": 10, "modality": "mri", "findings": [{"level": "T6", "escc": "3"}]},
            {"type": "performance", "day": 10, "kps": 50},
            {"type": "neuro_exam", "day": 10, "frankel": "C"},
            {"type": "labs", "day": 12, "values": [{"analyte": "albumin", "value": 2.9, "unit": "g/dL"}]},
        ],
    }
    data.update(extra)
    return parse_case(data)


def test_latest_value_up_to_the_day() -> None:
    case = _case()
    assert snapshot(case, 5).kps is not None
    assert snapshot(case, 5).kps.value == 70  # type: ignore[union-attr]
    assert snapshot(case, 9).kps.day == 0  # type: ignore[union-attr]
    later = snapshot(case, 15)
    assert later.kps is not None and later.kps.value == 50 and later.kps.day == 10


def test_events_on_the_day_are_included() -> None:
    case = _case()
    on10 = snapshot(case, 10)
    assert on10.kps is not None and on10.kps.value == 50
    assert on10.neuro is not None and on10.neuro.value.frankel == "C"
    assert on10.previous_neuro is not None and on10.previous_neuro.value.frankel == "E"
    on9 = snapshot(case, 9)
    assert on9.neuro is not None and on9.neuro.value.frankel == "E"


def test_a_later_finding_replaces_only_its_own_level() -> None:
    case = _case()
    before = snapshot(case, 9)
    assert before.finding(Level.T6).escc is EsccGrade.G1A  # type: ignore[union-attr]
    after = snapshot(case, 10)
    t6, t9 = after.findings[Level.T6], after.findings[Level.T9]
    assert (t6.day, t6.value.escc) == (10, EsccGrade.G3)
    assert (t9.day, t9.value.escc) == (0, EsccGrade.G0)  # T9 kept from day 0
    assert after.levels == (Level.T6, Level.T9)
    assert after.index_level is Level.T6  # worst ESCC
    # the day-10 finding replaces the whole T6 finding: lytic (day 0) is not carried over
    assert t6.value.lesion_type is None


def test_treatments_so_far() -> None:
    case = _case()
    assert snapshot(case, 1).treatments == ()
    on10 = snapshot(case, 10)
    assert [(t.day, t.value.type) for t in on10.treatments] == [(2, "surgery")]
    assert len(on10.surgeries()) == 1 and on10.radiotherapies() == []
    on20 = snapshot(case, 20)
    assert [(t.day, t.value.type) for t in on20.treatments] == [(2, "surgery"), (20, "radiotherapy")]
    assert len(on20.radiotherapies()) == 1


def test_labs_latest_value_in_the_canonical_unit() -> None:
    case = _case()
    on5 = snapshot(case, 5).lab(Analyte.ALBUMIN)
    assert on5 is not None
    assert on5.canonical_value == pytest.approx(3.5)
    assert on5.canonical_unit == "g/dL"
    assert (on5.value, on5.unit) == (35, "g/L")  # the recorded value is kept
    on12 = snapshot(case, 12).lab(Analyte.ALBUMIN)
    assert on12 is not None and on12.canonical_value == pytest.approx(2.9)


def test_unknown_stays_none() -> None:
    case = _case()
    snap = snapshot(case, 20)
    assert snap.pain is None
    assert snap.ecog is None  # KPS was measured, ECOG never: not converted, not defaulted
    assert snap.burden is None
    assert snap.fitness is None
    assert snap.histopathology is None
    assert snap.lab(Analyte.CRP) is None
    assert snap.alive is None  # not known to be dead, not asserted alive
    assert snap.age() is None
    assert snap.patient.sex is None
    assert snap.net is None
    t9 = snap.finding(Level.T9)
    assert t9 is not None and t9.collapse is None and t9.alignment is None and t9.cord_compression is None
    assert snap.finding(Level.L1) is None


def test_before_any_event_nothing_is_known() -> None:
    snap = snapshot(_case(), -1)
    assert snap.findings == {} and snap.kps is None and snap.neuro is None and snap.treatments == ()
    assert snap.events == ()


def test_default_day_is_the_last_event() -> None:
    assert snapshot(_case()).day == 20


def test_death() -> None:
    case = _case(timeline=[{"type": "performance", "day": 0, "kps": 40}, {"type": "death", "day": 30}])
    assert snapshot(case, 29).alive is None
    assert snapshot(case, 29).death_day is None
    assert snapshot(case, 30).alive is False
    assert snapshot(case, 30).death_day == 30


def test_story_case_on_day_28() -> None:
    case = load_case(EXAMPLES / "story-lung-net-t6.yaml")
    snap = snapshot(case, 28)
    assert snap.finding(Level.T6) is not None
    assert snap.finding(Level.T6).escc is EsccGrade.G3  # type: ignore[union-attr]
    assert [(t.day, t.value.type) for t in snap.treatments] == [(0, "surgery")]
    assert snap.kps is None and snap.ecog is None  # not published: unknown
    assert snap.net is not None and snap.net.ki67_percent is None


def test_on_a_calendar_date_with_index_date() -> None:
    case = load_case(EXAMPLES / "synthetic-breast-multilevel-visceral.yaml")
    assert case.index_date == dt.date(2024, 9, 10)
    day = case.resolve_day(dt.date(2024, 9, 16))
    assert day == 6
    snap = snapshot(case, day)
    assert [t.value.type for t in snap.treatments] == ["radiotherapy"]  # systemic therapy starts 2024-09-20
    assert snap.ecog is not None and snap.ecog.value == 1
    # events dated by calendar date are placed as days since index
    assert [d for d, _ in case.ordered_events()][:3] == [0, 0, 0]
    assert case.date_of_day(6) == dt.date(2024, 9, 16)


def test_calendar_date_without_index_date_is_an_error() -> None:
    case = _case()
    assert case.index_date is None
    with pytest.raises(ValueError, match="index_date") as info:
        case.resolve_day(dt.date(2024, 1, 1))
    # the core names no command-line option: the CLI, API and web word their own messages
    assert str(info.value).startswith("date 2024-01-01:") and "--" not in str(info.value)
    assert case.date_of_day(3) is None


def test_day_and_date_agreeing_is_accepted() -> None:
    case = parse_case(
        {"id": "x", "index_date": "2024-01-01", "primary": {"site": "breast"},
         "timeline": [{"type": "pain", "day": 4, "date": "2024-01-05", "nrs": 2}]}
    )
    assert case.ordered_events()[0][0] == 4


@pytest.mark.parametrize("path", [*sorted(EXAMPLES.glob("*.yaml")), *sorted(
    (EXAMPLES.parent / "tests" / "cases" / "published").glob("*/case.yaml"))[:12]], ids=lambda p: p.parent.name
                         if p.name == "case.yaml" else p.stem)
def test_snapshots_in_one_pass_equal_one_snapshot_per_day(path: Path) -> None:
    """``snapshots`` (one pass over the timeline) gives, for every day asked, the very snapshot
    ``snapshot`` takes on that day alone: checked on the examples and published cases, some dated by
    ranges or by order, on every placement day, the days between and a day after the last event."""
    from spinemet.case.snapshot import snapshots

    case = load_case(path)
    placed = sorted({day for day, _ in case.ordered_events()})
    days = {*placed, *(d + 1 for d in placed), placed[0] - 1, placed[-1] + 30}
    together = snapshots(case, days)
    assert sorted(together) == sorted(days)
    for day in days:
        assert together[day] == snapshot(case, day), day
