"""docs/fhir.md's example is what the exporter writes: the story bundle file is today's export, and every
JSON excerpt on the page is valid JSON whose codes are in that bundle."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from spinemet.io.casefile import load_case
from spinemet.service.fhir_export import export_bundle

ROOT = Path(__file__).resolve().parents[2]


def _codings(node: Any) -> set[tuple[str, str]]:
    if isinstance(node, dict):
        found = {(node["system"], str(node["code"]))} if "system" in node and "code" in node else set()
        return found.union(*(_codings(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(_codings(v) for v in node))
    return set()


def _facts(bundle: dict[str, Any]) -> list[dict[str, Any]]:
    """The entries that carry the case's facts (derived ones follow the instruments and the course, which
    other work changes: those are regenerated with the file, not pinned here)."""
    derived = {"system": "https://spinemet.org/fhir/CodeSystem/resource-role", "code": "derived"}
    return [e for e in bundle["entry"] if derived not in e["resource"].get("meta", {}).get("tag", [])]


def test_the_story_bundle_in_the_docs_is_todays_export_of_the_case_facts() -> None:
    written = json.loads((ROOT / "docs" / "fhir-story-bundle.json").read_text(encoding="utf-8"))
    today = export_bundle(load_case(ROOT / "examples" / "story-lung-net-t6.yaml"))
    assert _facts(written) == _facts(today)
    assert len(written["entry"]) > len(_facts(written))  # and it shows derived resources too


def test_every_json_excerpt_of_the_page_parses_and_its_codes_are_in_the_story_bundle() -> None:
    page = (ROOT / "docs" / "fhir.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```json\n(.*?)```", page, flags=re.S)
    assert len(blocks) == 4  # a finding, a disease status, a score and one of its item members
    bundle_codes = _codings(json.loads((ROOT / "docs" / "fhir-story-bundle.json").read_text(encoding="utf-8")))
    for block in blocks:
        assert _codings(json.loads(block)) <= bundle_codes
