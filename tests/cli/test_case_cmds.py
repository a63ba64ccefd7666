"""``spinemet schema`` and ``spinemet show``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from spinemet.cli import app
from spinemet.cli.app import _register
from spinemet.io.casefile import read_data

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
STORY = EXAMPLES / "story-lung-net-t6.yaml"
BREAST = EXAMPLES / "synthetic-breast-multilevel-visceral.yaml"


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    _register()
    return CliRunner()


def _json(result: Any) -> Any:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_schema_prints_json_schema(runner: CliRunner) -> None:
    schema = _json(runner.invoke(app, ["schema"]))
    assert "timeline" in schema["properties"]
    assert "primary" in schema["properties"]
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def _jsonable(data: Any) -> Any:
    return json.loads(json.dumps(data, default=str))  # YAML dates -> ISO text, as in a JSON file


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_examples_validate_against_the_json_schema(runner: CliRunner, path: Path) -> None:
    jsonschema_rs = pytest.importorskip("jsonschema_rs")
    schema = _json(runner.invoke(app, ["schema"]))
    validator = jsonschema_rs.validator_for(schema)
    data = _jsonable(read_data(path))
    errors = [f"{list(e.instance_path)}: {e.message}" for e in validator.iter_errors(data)]
    assert errors == []


def test_schema_rejects_what_validate_rejects(runner: CliRunner) -> None:
    jsonschema_rs = pytest.importorskip("jsonschema_rs")
    validator = jsonschema_rs.validator_for(_json(runner.invoke(app, ["schema"])))
    good = {"id": "a", "primary": {"site": "breast"}, "timeline": [{"type": "performance", "day": 0, "kps": 70}]}
    assert validator.is_valid(good)
    for bad in (
        {"id": "a", "primary": {"site": "lungs"}},
        {"id": "a", "primary": {"site": "breast"}, "timeline": [{"type": "performance", "day": 0, "kps": 55}]},
        {"id": "a", "primary": {"site": "breast"}, "typo": 1},
        {"primary": {"site": "breast"}},
    ):
        assert not validator.is_valid(bad), bad


def test_escc_as_a_yaml_integer_is_valid_in_both(runner: CliRunner, tmp_path: Path) -> None:
    jsonschema_rs = pytest.importorskip("jsonschema_rs")
    validator = jsonschema_rs.validator_for(_json(runner.invoke(app, ["schema"])))
    text = "id: a\nprimary: {site: breast}\ntimeline:\n  - {type: imaging, day: 0, modality: mri, findings: [{level: T6, escc: 3}]}\n"
    path = tmp_path / "escc.yaml"
    path.write_text(text, encoding="utf-8")
    assert validator.is_valid(_jsonable(read_data(path)))
    assert runner.invoke(app, ["validate", str(path)]).exit_code == 0


def test_show_story_on_day_28_json(runner: CliRunner) -> None:
    out = _json(runner.invoke(app, ["show", str(STORY), "--on", "28", "--format", "json"]))
    snap = out["snapshot"]
    assert snap["day"] == 28
    assert snap["findings"]["T6"]["day"] == 28
    assert snap["findings"]["T6"]["value"]["escc"] == "3"
    assert snap["index_level"] == "T6"
    treatments = snap["treatments"]
    assert [(t["day"], t["value"]["type"]) for t in treatments] == [(0, "surgery")]
    assert treatments[0]["value"]["fixation_span"] == "T3-T8"
    assert snap["kps"] is None  # unknown, not invented
    assert out["case"]["id"] == "story-lung-net-t6"
    assert [e["day"] for e in out["timeline"]] == sorted(e["day"] for e in out["timeline"])


def test_show_on_day_accepts_day_prefix(runner: CliRunner) -> None:
    out = _json(runner.invoke(app, ["show", str(STORY), "--on", "day 0", "--format", "json"]))
    assert out["snapshot"]["day"] == 0
    assert out["snapshot"]["findings"]["T6"]["value"]["cord_compression"] is True


def test_show_on_a_date(runner: CliRunner) -> None:
    out = _json(runner.invoke(app, ["show", str(BREAST), "--on", "2024-09-16", "--format", "json"]))
    snap = out["snapshot"]
    assert snap["day"] == 6
    assert [t["value"]["type"] for t in snap["treatments"]] == ["radiotherapy"]
    assert snap["labs"]["calcium"]["unit"] == "mg/dL"
    assert snap["labs"]["calcium"]["value"] == pytest.approx(2.45 * 4.008)
    assert out["timeline"][0]["date"] == "2024-09-10"


def test_show_text(runner: CliRunner) -> None:
    result = runner.invoke(app, ["show", str(STORY), "--on", "28"])
    assert result.exit_code == 0, result.output
    assert "Snapshot on day 28" in result.stdout
    assert "T6" in result.stdout and "escc=3" in result.stdout
    assert "KPS            unknown" in result.stdout
    assert "(after the snapshot day)" in result.stdout  # later events are marked
    assert "Kaliya-Perumal" in result.stdout


def test_show_on_banana_is_a_clear_error(runner: CliRunner) -> None:
    result = runner.invoke(app, ["show", str(STORY), "--on", "banana"])
    assert result.exit_code == 1
    assert "--on: 'banana' is neither a day offset (e.g. 28) nor a date (YYYY-MM-DD)" in result.stderr
    assert "Traceback" not in result.output


def test_show_on_a_date_without_index_date(runner: CliRunner) -> None:
    result = runner.invoke(app, ["show", str(STORY), "--on", "2019-01-01"])
    assert result.exit_code == 1
    assert "no index_date" in result.stderr
    assert "Traceback" not in result.output


def test_show_invalid_file(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("id: a\nprimary: {site: lungs}\n", encoding="utf-8")
    result = runner.invoke(app, ["show", str(path)])
    assert result.exit_code == 1
    assert "primary.site: 'lungs' is not allowed" in result.stderr
    assert "Traceback" not in result.output
