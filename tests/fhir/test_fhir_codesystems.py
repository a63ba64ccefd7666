"""SpineMet's CodeSystems are published (``spinemet fhir codesystems``) and complete: every SpineMet
coding of every exported bundle (examples, published development set) is a concept of one of them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fhir.resources.R4B.bundle import Bundle
from typer.testing import CliRunner

from spinemet.cli import app
from spinemet.cli.app import _register
from spinemet.io.casefile import load_case
from spinemet.service.fhir_export import code_systems_bundle, export_bundle

ROOT = Path(__file__).resolve().parents[2]
PREFIX = "https://spinemet.org/fhir/CodeSystem/"


def _spinemet_codings(node: Any) -> set[tuple[str, str]]:
    if isinstance(node, dict):
        found = {(node["system"], str(node["code"]))} if str(node.get("system", "")).startswith(PREFIX) else set()
        return found.union(*(_spinemet_codings(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(_spinemet_codings(v) for v in node))
    return set()


def test_the_code_systems_parse_as_fhir_and_cover_every_code_of_every_exported_bundle() -> None:
    bundle = code_systems_bundle()
    Bundle.model_validate(bundle)
    concepts = {(e["resource"]["url"], c["code"]) for e in bundle["entry"] for c in e["resource"]["concept"]}
    paths = sorted([*ROOT.glob("examples/*.yaml"), *ROOT.glob("tests/cases/published/*/case.yaml")])
    used: set[tuple[str, str]] = set()
    for path in paths:
        used |= _spinemet_codings(export_bundle(load_case(path)))
    assert len(used) > 100
    assert used - concepts == set()


def test_cli_writes_the_code_systems(tmp_path: Path) -> None:
    _register()
    out = tmp_path / "cs.json"
    result = CliRunner().invoke(app, ["fhir", "codesystems", "--output", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    urls = {e["resource"]["url"] for e in data["entry"]}
    assert {PREFIX + "event-type", PREFIX + "escc", PREFIX + "instrument", PREFIX + "band-sins"} <= urls
