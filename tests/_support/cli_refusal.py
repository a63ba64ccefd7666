"""Checks shared by the record's field-pass tests: a bad case is refused by the record (``parse_case``) and by
``spinemet validate`` (exit 1), each with a problem located where the record puts it, worded with the given phrases."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from spinemet.case import parse_case
from spinemet.cli import app
from spinemet.cli.app import _register
from spinemet.errors import ValidationFailed


def assert_validate_refuses(case: dict[str, Any], location: str, phrases: Sequence[str], tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_text(yaml.safe_dump(case), encoding="utf-8")
    _register()
    result = CliRunner().invoke(app, ["validate", str(path), "--format", "json"])
    assert result.exit_code == 1
    (report,) = json.loads(result.stdout)
    assert any(p["location"] == location and all(x in p["message"] for x in phrases) for p in report["problems"]), report


def assert_parse_refuses(case: dict[str, Any], location: str, phrases: Sequence[str]) -> None:
    """The same refusal from the record itself: ``parse_case`` raises with the problem at its location."""
    with pytest.raises(ValidationFailed) as info:
        parse_case(case)
    problems = [(p.location, p.message) for p in info.value.problems]
    assert any(loc == location and all(p in msg for p in phrases) for loc, msg in problems), problems
