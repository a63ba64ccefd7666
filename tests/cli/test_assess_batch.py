"""``spinemet assess FILE... --format jsonl``: many case files, one JSON line each, and a file that
fails says where and why without stopping the batch. And the start of every command is light."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from spinemet.cli.app import _register, app
from spinemet.io.casefile import load_case
from spinemet.service import offline
from spinemet.service.jsonable import jsonable

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))

_register()
runner = CliRunner()


def test_batch_gives_one_line_per_file_equal_to_the_single_assessment(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: bad\nprimary: {site: lungs}\n", encoding="utf-8")
    missing = tmp_path / "missing.yaml"
    files = [EXAMPLES[0], bad, *EXAMPLES[1:], missing]
    out = runner.invoke(app, ["assess", *map(str, files), "--format", "jsonl"])
    assert out.exit_code == 1  # some files failed; the others were still assessed
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert [line["file"] for line in lines] == [str(f) for f in files]
    by_file = {line["file"]: line for line in lines}
    for example in EXAMPLES:
        expected = jsonable(offline.assess(load_case(example)).as_dict())
        assert jsonable(by_file[str(example)]["assessment"]) == expected
    refused = by_file[str(bad)]
    assert "assessment" not in refused
    assert refused["problems"] == [{"location": "primary.site", "message": refused["problems"][0]["message"]}]
    assert "'lungs' is not allowed" in refused["problems"][0]["message"]
    assert "error" in by_file[str(missing)] and "assessment" not in by_file[str(missing)]
    assert "2 of 7 case file(s) could not be assessed" in out.stderr


def test_batch_on_a_day_and_several_files_without_jsonl_is_refused() -> None:
    out = runner.invoke(app, ["assess", *map(str, EXAMPLES[:2]), "--on", "0", "--format", "jsonl"])
    assert out.exit_code == 0
    assert [json.loads(line)["assessment"]["day"] for line in out.stdout.splitlines()] == [0, 0]
    several = runner.invoke(app, ["assess", *map(str, EXAMPLES[:2])])
    assert several.exit_code == 2 and "--format jsonl" in several.stderr


def test_help_loads_only_the_command_line() -> None:
    """``spinemet --help`` imports the command modules and Typer, not the core, the service, Polars,
    matplotlib, uvicorn, FastAPI, SQLAlchemy or pydantic (they load inside the commands)."""
    code = ("import sys; from spinemet.cli.app import _register; _register(); "
            "print(' '.join(sorted(sys.modules)))")
    loaded = set(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
                 .stdout.split())
    heavy = {"polars", "matplotlib", "uvicorn", "fastapi", "sqlalchemy", "pydantic", "yaml",
             "spinemet.service", "spinemet.case", "spinemet.instruments", "spinemet.assessment"}
    assert "spinemet.cli.pathway_cmds" in loaded
    assert heavy & loaded == set()
