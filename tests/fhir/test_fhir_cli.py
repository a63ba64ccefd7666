"""``spinemet fhir export``: the bundle on standard output or in a file; bad input a plain message, exit 1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from spinemet.cli import app
from spinemet.cli.app import _register

STORY = Path(__file__).resolve().parents[2] / "examples" / "story-lung-net-t6.yaml"


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    _register()
    return CliRunner()


def test_export_prints_the_story_bundle_with_t6_as_snomed_45296009(runner: CliRunner) -> None:
    result = runner.invoke(app, ["fhir", "export", str(STORY)])
    assert result.exit_code == 0, result.output
    bundle = json.loads(result.stdout)
    assert bundle["resourceType"] == "Bundle" and bundle["type"] == "collection"
    codes = [c["code"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Condition"
             for site in e["resource"].get("bodySite", []) for c in site["coding"]]
    assert codes == ["45296009", "C41.2"]  # SNOMED CT T6 vertebra; ICD-O-3 topography vertebral column


def test_export_writes_the_file_given_by_output(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "story.fhir.json"
    result = runner.invoke(app, ["fhir", "export", str(STORY), "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text(encoding="utf-8"))["resourceType"] == "Bundle"
    assert "wrote" in result.stdout and "resources" in result.stdout


def test_a_missing_case_file_is_a_plain_message_and_exit_1(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["fhir", "export", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 1
    assert "no such case file" in result.stderr
    assert "Traceback" not in result.output


def test_an_invalid_case_is_refused_with_the_located_field_and_exit_1(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\nprimary: {site: lung_other}\ntimeline:\n  - {type: imaging, day: 0, "
                   "findings: [{level: T13}]}\n", encoding="utf-8")
    result = runner.invoke(app, ["fhir", "export", str(bad)])
    assert result.exit_code == 1
    assert "timeline[0].findings[0].level" in result.stderr
    assert "Traceback" not in result.output


def test_an_output_that_cannot_be_written_is_a_plain_message_and_exit_1(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["fhir", "export", str(STORY), "--output", str(tmp_path / "missing-dir" / "b.json")])
    assert result.exit_code == 1
    assert "--output" in result.stderr and "cannot write" in result.stderr
