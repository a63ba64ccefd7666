"""YAML and JSON round trips of every example case file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from spinemet.case import Case, case_to_data, parse_case
from spinemet.io.casefile import dumps_case, load_case, parse_text

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.yaml"))


def test_there_are_examples() -> None:
    names = {p.name for p in EXAMPLES}
    assert "story-lung-net-t6.yaml" in names
    assert len(EXAMPLES) >= 4


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_round_trip(path: Path, fmt: str, tmp_path: Path) -> None:
    case = load_case(path)
    text = dumps_case(case, fmt)
    if fmt == "json":
        json.loads(text)  # really JSON
    else:
        assert isinstance(yaml.safe_load(text), dict)
    again = parse_case(parse_text(text, f"copy.{fmt}", fmt))
    assert again == case
    # and through a file on disk
    out = tmp_path / f"copy.{fmt}"
    out.write_text(text, encoding="utf-8")
    assert load_case(out) == case
    # writing is stable: the second dump is the same text
    assert dumps_case(again, fmt) == text


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_yaml_and_json_give_the_same_case(path: Path) -> None:
    case = load_case(path)
    from_yaml = parse_case(parse_text(dumps_case(case, "yaml"), "a.yaml"))
    from_json = parse_case(parse_text(dumps_case(case, "json"), "a.json"))
    assert from_yaml == from_json


def test_unknown_is_not_written_as_a_default() -> None:
    case = load_case(EXAMPLES[[p.name for p in EXAMPLES].index("story-lung-net-t6.yaml")])
    data = case_to_data(case)
    assert data["patient"] == {}  # age, sex unknown: absent, not null or 0
    first_finding = data["timeline"][0]["findings"][0]
    assert first_finding == {
        "level": "T6",
        "cord_compression": True,
        "note": first_finding["note"],
    }
    assert "escc" not in first_finding


def test_story_case_facts() -> None:
    case = load_case(EXAMPLES[[p.name for p in EXAMPLES].index("story-lung-net-t6.yaml")])
    assert isinstance(case, Case)
    assert case.source is not None and case.source.pmid == "30794152"
    assert case.synthetic is False
    assert case.patient.age is None and case.patient.sex is None
    surgery = next(e for e in case.timeline if e.type == "surgery")
    assert str(surgery.fixation_span) == "T3-T8"


@pytest.mark.parametrize("path", [p for p in EXAMPLES if p.name.startswith("synthetic-")], ids=lambda p: p.name)
def test_synthetic_examples_say_so(path: Path) -> None:
    assert load_case(path).synthetic is True
    assert "SYNTHETIC" in path.read_text(encoding="utf-8")
