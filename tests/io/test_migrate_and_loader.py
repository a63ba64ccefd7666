"""Case-file version 2: the fast YAML loader keeps its checks, version-1 files are read and migrated."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from spinemet.cli import app
from spinemet.cli.app import _register
from spinemet.errors import ValidationFailed
from spinemet.io import casefile
from spinemet.io.casefile import case_json_schema, load_case, migrate_file, parse_text

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

V1_YAML = """# a version-1 case file, with a comment that must survive migration
schema_version: 1
id: old-1
primary: {site: breast}   # trailing comment
timeline:
  - {type: imaging, day: 0, modality: mri, findings: [{level: T6, escc: 1b}]}
"""


def test_the_c_loader_is_used_where_pyyaml_has_it() -> None:
    # PyYAML built with libyaml exposes CSafeLoader; the case-file loader must be built on it then.
    assert casefile.C_LOADER is hasattr(yaml, "CSafeLoader")
    assert issubclass(casefile._UniqueKeyLoader, getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def test_duplicate_keys_are_still_refused_with_their_line_on_the_c_loader() -> None:
    # The second 'day' starts at the 26th character of line 4.
    with pytest.raises(ValidationFailed) as info:
        parse_text("id: a\nprimary: {site: breast}\ntimeline:\n  - {type: pain, day: 0, day: 1}\n", "x.yaml")
    (problem,) = info.value.problems
    assert problem.location == "line 4, column 26" and "duplicate key 'day'" in problem.message


def test_c_and_python_loaders_read_every_example_identically() -> None:
    for path in sorted(EXAMPLES.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert parse_text(text, str(path)) == yaml.load(text, Loader=yaml.SafeLoader), path.name


def test_version_1_file_is_read_as_version_2(tmp_path: Path) -> None:
    path = tmp_path / "old.yaml"
    path.write_text(V1_YAML, encoding="utf-8")
    assert load_case(path).schema_version == 2


def test_migrate_file_changes_only_the_version_line(tmp_path: Path) -> None:
    path = tmp_path / "old.yaml"
    path.write_text(V1_YAML, encoding="utf-8")
    before = load_case(path)
    migrate_file(path)
    text = path.read_text(encoding="utf-8")
    assert text == V1_YAML.replace("schema_version: 1", "schema_version: 2")
    assert load_case(path) == before


def test_migrate_file_adds_the_version_when_absent_and_handles_json(tmp_path: Path) -> None:
    path = tmp_path / "old.json"
    path.write_text('{"id": "j", "primary": {"site": "kidney"}}\n', encoding="utf-8")
    migrate_file(path)
    assert json.loads(path.read_text(encoding="utf-8"))["schema_version"] == 2


def test_migrate_file_leaves_an_invalid_file_untouched(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    text = V1_YAML.replace("T6", "T13")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationFailed, match="T13"):
        migrate_file(path)
    assert path.read_text(encoding="utf-8") == text


def test_migrate_file_command(tmp_path: Path) -> None:
    _register()
    good, bad = tmp_path / "a.yaml", tmp_path / "b.yaml"
    good.write_text(V1_YAML, encoding="utf-8")
    bad.write_text(V1_YAML.replace("breast", "lungs"), encoding="utf-8")
    result = CliRunner().invoke(app, ["migrate-file", str(good), str(bad), "--format", "json"])
    assert result.exit_code == 1
    reports = json.loads(result.stdout)
    assert reports[0]["migrated"] is True and reports[0]["from_version"] == 1 and reports[0]["to_version"] == 2
    assert reports[1]["migrated"] is False and reports[1]["problems"][0]["location"] == "primary.site"
    assert "schema_version: 2" in good.read_text(encoding="utf-8")


def test_every_example_migrates_to_an_equal_case(tmp_path: Path) -> None:
    for path in sorted(EXAMPLES.glob("*.yaml")):
        copy = tmp_path / path.name
        shutil.copy(path, copy)
        assert migrate_file(copy) == load_case(path), path.name


def test_schema_is_version_2_and_describes_the_new_fields_with_examples() -> None:
    schema = case_json_schema()
    assert schema["$id"].endswith("case-v2.json")
    defs = schema["$defs"]
    finding = defs["LevelFinding"]
    for name in ("span", "region", "diffuse", "compartments", "collapse_present", "posterior_elements_involved",
                 "epidural_present", "conus_compression", "cauda_equina_compression", "nerve_root_compression"):
        assert finding["properties"][name].get("description"), name
    assert finding["examples"]
    for name in ("Complication", "Outcome", "Embolisation", "Ablation", "CementAugmentation",
                 "PrimaryTumourResection", "SupportiveCare", "RelativeTime", "DayRange", "MuscleGrade"):
        assert name in defs, name
    assert defs["RelativeTime"]["examples"] and defs["MuscleGrade"]["examples"]
