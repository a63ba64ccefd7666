"""Every example's outputs validate against the JSON Schemas SpineMet publishes (``spinemet schema
--output NAME``), and every API route names its response model."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
from typer.testing import CliRunner

from spinemet.api import create_app
from spinemet.cli.app import _register, app
from spinemet.io.casefile import load_case
from spinemet.service import Settings, offline
from spinemet.service.jsonable import jsonable
from spinemet.service.schemas import NAMES, schema

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


def _validator(name: str) -> Any:
    return jsonschema_rs.validator_for(schema(name))


def _errors(validator: Any, data: Any) -> list[str]:
    return [f"{e.instance_path}: {e.message}" for e in validator.iter_errors(data)]


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_every_day_of_every_example_validates_against_the_published_schemas(example: Path) -> None:
    case = load_case(example)
    assessment_v, plan_v, result_v, course_v = (_validator(n) for n in ("assessment", "plan", "result", "course"))
    course = offline.course(case)
    for day in sorted({case.day_of(e) for e in case.timeline}):
        a = offline.assess(case, day, course=course)
        data = jsonable(a.as_dict())
        assert _errors(assessment_v, data) == []
        assert _errors(plan_v, data["plan"]) == []
        assert data["instruments"], "an example with no instrument checks nothing"
        for result in data["instruments"]:
            assert _errors(result_v, result) == []
    assert _errors(course_v, jsonable(course.as_dict())) == []


def test_every_instrument_description_validates() -> None:
    validator = _validator("instrument")
    listed = offline.instrument_list()
    assert any(not i["implemented"] for i in listed) and any(i["implemented"] for i in listed)
    for description in listed:
        assert _errors(validator, jsonable(description)) == []


def test_a_field_the_schema_does_not_publish_is_refused() -> None:
    """The schemas are closed: an output that grows an unpublished field fails the test above."""
    data = jsonable(offline.assess(load_case(EXAMPLES[0])).as_dict())
    assert _errors(_validator("assessment"), data) == []
    data["instruments"][0]["surprise"] = 1
    del data["plan"]["alerts"]
    errors = _errors(_validator("assessment"), data)
    assert len(errors) == 2 and any("surprise" in e for e in errors) and any("alerts" in e for e in errors)


def test_schema_command_prints_each_published_schema() -> None:
    _register()
    runner = CliRunner()
    for name in NAMES:
        out = runner.invoke(app, ["schema", "--output", name])
        assert out.exit_code == 0, out.output
        assert json.loads(out.stdout) == schema(name)
    bad = runner.invoke(app, ["schema", "--output", "plans"])
    assert bad.exit_code == 1 and "allowed: case, assessment, plan, result, course" in bad.output


def test_every_api_route_names_its_response_model(tmp_path: Path) -> None:
    """Each operation's success response is a named, published model (or a list of one), never an
    open object; the export route answers with the case file itself."""
    api = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'schema.sqlite3'}"), include_web=False)
    operations = [(path, method, op) for path, ops in api.openapi()["paths"].items() for method, op in ops.items()]
    assert len(operations) > 15
    untyped = []
    for path, method, op in operations:
        if path == "/cases/{case_id}/export":
            continue
        success = next(v for k, v in op["responses"].items() if k.startswith("2"))
        content = success.get("content", {})
        # a FHIR bundle is served as FHIR's own JSON media type
        body = (content.get("application/json") or content.get("application/fhir+json") or {}).get("schema", {})
        named = body.get("$ref") or body.get("items", {}).get("$ref")
        if not named:
            untyped.append(f"{method.upper()} {path}: {body}")
    assert untyped == []


def _published_case_files() -> list[Path]:
    return sorted((ROOT / "tests" / "cases" / "published").glob("*/case.yaml"))


def test_published_cases_outputs_validate_including_not_applicable_results() -> None:
    """The development set of published cases holds intradural and intramedullary disease, so its
    outputs include not-applicable instrument results (reason and the disease the instrument applies
    to): every day of every case validates against the published schemas."""
    assessment_v, result_v, course_v = (_validator(n) for n in ("assessment", "result", "course"))
    not_applicable = 0
    for path in _published_case_files():
        case = load_case(path)
        course = offline.course(case)
        for day in sorted({d for d, _ in case.ordered_events()}):
            data = jsonable(offline.assess(case, day, course=course).as_dict())
            assert _errors(assessment_v, data) == [], path.parent.name
            for result in data["instruments"]:
                assert _errors(result_v, result) == [], (path.parent.name, result["instrument"])
                if result.get("not_applicable"):
                    not_applicable += 1
                    assert result["reason"] and result["applies_to"] and result.get("total") is None and result["band"] is None
        assert _errors(course_v, jsonable(course.as_dict())) == [], path.parent.name
    assert not_applicable > 0, "the set has intramedullary cases, so some result must be not applicable"
