"""Reading case files: YAML/JSON syntax, duplicate keys, impossible dates, file errors; the schema."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from spinemet.errors import ValidationFailed
from spinemet.io.casefile import case_json_schema, load_case, parse_text, read_data


def _problems(exc: pytest.ExceptionInfo[ValidationFailed]) -> list[str]:
    return [str(p) for p in exc.value.problems]


def test_yaml_dates_are_dates() -> None:
    assert parse_text("d: 2024-09-10\n", "a.yaml") == {"d": dt.date(2024, 9, 10)}


def test_duplicate_yaml_key_is_located() -> None:
    with pytest.raises(ValidationFailed) as info:
        parse_text("id: a\nprimary: {site: breast}\nid: b\n", "a.yaml")
    assert _problems(info) == ["line 3, column 1: malformed YAML: duplicate key 'id'"]


def test_duplicate_key_in_a_nested_mapping() -> None:
    with pytest.raises(ValidationFailed, match="duplicate key 'site'"):
        parse_text("id: a\nprimary:\n  site: breast\n  site: lung_other\n", "a.yaml")


def test_malformed_yaml_is_located() -> None:
    with pytest.raises(ValidationFailed) as info:
        parse_text("id: a\nprimary: {site: breast\n", "a.yaml")
    (problem,) = info.value.problems
    assert problem.location.startswith("line ")
    assert problem.message.startswith("malformed YAML")


def test_malformed_json_is_located() -> None:
    with pytest.raises(ValidationFailed) as info:
        parse_text('{"id": "a",\n "primary": }', "a.json")
    (problem,) = info.value.problems
    assert problem.location == "line 2, column 13"
    assert problem.message.startswith("malformed JSON")


@pytest.mark.parametrize("text", ["2024-02-30", "2024-13-01"])
def test_impossible_yaml_date_is_left_for_located_validation(text: str) -> None:
    # PyYAML raises a bare ValueError for these; the reader keeps the text instead
    assert parse_text(f"d: {text}\n", "a.yaml") == {"d": text}


def test_wrong_extension(tmp_path: Path) -> None:
    path = tmp_path / "case.txt"
    path.write_text("id: a\n", encoding="utf-8")
    with pytest.raises(ValidationFailed) as info:
        read_data(path)
    assert "'.txt' is not a case-file type; allowed: .yaml, .yml, .json" in _problems(info)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ValidationFailed) as info:
        load_case(tmp_path / "nowhere.yaml")
    assert _problems(info) == ["no such file"]
    assert info.value.source.endswith("nowhere.yaml")


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_bytes(b"id: \xff\xfe\n")
    with pytest.raises(ValidationFailed, match="cannot be read"):
        read_data(path)


def test_a_directory_is_not_a_case_file(tmp_path: Path) -> None:
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    with pytest.raises(ValidationFailed, match="cannot be read"):
        read_data(folder)


def test_schema_shape() -> None:
    schema = case_json_schema()
    assert schema["$schema"].endswith("2020-12/schema")
    assert {"timeline", "primary", "patient", "id"} <= set(schema["properties"])
    assert set(schema["required"]) >= {"id", "primary"}
