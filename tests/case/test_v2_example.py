"""The version-2 teaching example: every v2 field at once, read, written back, assessed and analysed."""

from __future__ import annotations

from pathlib import Path

from spinemet.anatomy import Level
from spinemet.assessment import assess
from spinemet.case import parse_case, snapshot
from spinemet.case.timing import DayInterval
from spinemet.case.vocab import PrimarySite
from spinemet.case.vocab_disease import Compartment
from spinemet.course import analyse
from spinemet.io.casefile import dumps_case, load_case, parse_text

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "v2" / "synthetic-rcc-uncertain-course.yaml"


def test_v2_example_round_trips_in_yaml_and_json() -> None:
    case = load_case(EXAMPLE)
    for fmt in ("yaml", "json"):
        assert parse_case(parse_text(dumps_case(case, fmt), f"x.{fmt}", fmt)) == case


def test_v2_example_times_are_resolved_from_the_sources_words() -> None:
    case = load_case(EXAMPLE)
    # 6-7 years before presentation: 6 x 365 = 2190 to 7 x 366 = 2562 days before day 0.
    assert case.interval_of(case.timeline[0]) == DayInterval(-2562, -2190)
    # Within one month of the operation on day 2: days 2 to 33.
    assert case.interval_of(case.event_by_id("wound-1")) == DayInterval(2, 33)
    # The radiotherapy has no timing: bounded by its neighbours (from day 2, by day 16).
    assert case.interval_of(case.timeline[10]) == DayInterval(2, 16)


def test_v2_example_snapshot_reads_every_partial_fact() -> None:
    case = load_case(EXAMPLE)
    s = snapshot(case, at="surgery-1", when="before")
    assert s.surgeries() == [] and [p.value.type for p in s.procedures()] == ["primary_resection", "embolisation"]
    assert s.collapse_present(Level.T12) is True and s.posterior_elements_involved(Level.T12) is True
    assert s.epidural_present(Level.T12) is True and s.finding(Level.T12).escc is None  # type: ignore[union-attr]
    assert s.pain_present is True and s.count_range("bone") == (2, None) and s.count_range("visceral") == (0, 0)
    assert s.primary_sites == (PrimarySite.KIDNEY, PrimarySite.LUNG_NSCLC)
    end = snapshot(case)
    assert end.compressed_structures(Level.L3) == frozenset({"cauda_equina"})
    assert Compartment.EPIDURAL in end.compartments()
    assert [c.value.kind.value for c in end.complications] == ["wound_infection", "cement_extrusion"]


def test_v2_example_can_be_assessed_and_analysed_on_every_placement_day() -> None:
    case = load_case(EXAMPLE)
    days = sorted({case.placement_day(e) for e in case.timeline})
    for day in [None, *days]:
        result = assess(case, day).as_dict()
        assert result["case_id"] == case.id
    assert analyse(case).as_dict()["case_id"] == case.id


def test_show_prints_ranged_events_as_ranges_never_as_a_made_up_day() -> None:
    from typer.testing import CliRunner

    from spinemet.cli import app
    from spinemet.cli.app import _register

    _register()
    result = CliRunner().invoke(app, ["show", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert any(line.startswith("days 2 to 33  complication") for line in lines)
    assert any(line.startswith("days 2 to 16  radiotherapy") for line in lines)
    assert any("T11-L1: compartments=['epidural']" in line for line in lines)
