"""The course picture for every example case, and the ``course`` and ``demo`` commands."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from spinemet.cli.app import _register, app
from spinemet.course import analyse
from spinemet.io.casefile import load_case
from spinemet.report.course_plot import write_course_plot

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

_register()
runner = CliRunner()


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_plot_png_and_svg_for_every_example(example: Path, tmp_path: Path) -> None:
    case = load_case(example)
    analysis = analyse(case)
    png = write_course_plot(case, analysis, tmp_path / "course.png")
    assert png.read_bytes()[:8] == PNG_SIGNATURE
    assert png.stat().st_size > 10_000
    svg = write_course_plot(case, analysis, tmp_path / "course.svg")
    root = ET.parse(svg).getroot()
    assert root.tag.endswith("svg")


def test_plot_refuses_other_suffixes(tmp_path: Path) -> None:
    result = runner.invoke(app, ["course", str(EXAMPLES[0]), "--plot", str(tmp_path / "course.jpg")])
    assert result.exit_code == 1
    assert ".png or .svg" in result.output
    assert "Traceback" not in result.output


def test_course_text_names_the_recurrence(tmp_path: Path) -> None:
    plot = tmp_path / "story.svg"
    result = runner.invoke(app, ["course", str(ROOT / "examples" / "story-lung-net-t6.yaml"), "--plot", str(plot)])
    assert result.exit_code == 0, result.output
    assert "Early local recurrence at T6, 28 days after" in result.output
    assert "re-opens: after_local_recurrence" in result.output
    assert "cannot assess" in result.output  # the legend says what an unknown means
    assert plot.exists()


def test_course_json_for_scripts() -> None:
    result = runner.invoke(app, ["course", str(ROOT / "examples" / "story-lung-net-t6.yaml"), "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["case_id"] == "story-lung-net-t6"
    assert [a["key"] for a in data["alerts"]] == ["early_local_recurrence", "neurological_deterioration"]
    assert {row["id"] for row in data["timeline"]} >= {"recurrence-mri", "chemoradiotherapy", "final-neuro"}


def test_course_on_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["course", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 1
    assert "no such file" in result.output
    assert "Traceback" not in result.output


def test_demo_tells_the_story_and_writes_the_plot(tmp_path: Path) -> None:
    plot = tmp_path / "demo.png"
    result = runner.invoke(app, ["demo", "--plot", str(plot)])
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.index("Day 0 — presentation") < out.index("Day 28") < out.index("final follow-up")
    assert "ALERT (urgent) Early local recurrence at T6" in out
    assert "Response at T6 after concurrent chemo-radiotherapy" in out
    assert "Neurological status on day 180 versus day 28: improved" in out
    assert "(range)" in out or "scores:" in out
    assert str(plot.resolve()) in out.replace("\n", "")
    assert plot.read_bytes()[:8] == PNG_SIGNATURE


def test_demo_json(tmp_path: Path) -> None:
    result = runner.invoke(app, ["demo", "--no-plot", "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [s["day"] for s in data["steps"]] == [0, 28, 30, 60, 90, 180]
    day28 = data["steps"][1]
    assert set(day28["new_alerts"]) == {"early_local_recurrence", "neurological_deterioration"}
    assert data["outcome"]["neuro_change"]["trend"] == "improved"
    assert data["plot"] is None
