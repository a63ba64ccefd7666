"""One check shared by the record's field-pass tests: ``spinemet validate`` refuses a bad case file with exit 1
and a problem located where the record puts it, worded with the given phrases."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml
from typer.testing import CliRunner

from spinemet.cli import app
from spinemet.cli.app import _register


def assert_validate_refuses(case: dict[str, Any], location: str, phrases: Sequence[str], tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_text(yaml.safe_dump(case), encoding="utf-8")
    _register()
    result = CliRunner().invoke(app, ["validate", str(path), "--format", "json"])
    assert result.exit_code == 1
    (report,) = json.loads(result.stdout)
    assert any(p["location"] == location and all(x in p["message"] for x in phrases) for p in report["problems"]), report
