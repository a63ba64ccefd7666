"""Each instrument item as a member Observation of its score (``hasMember``, issue 18): one member per
component, in the components' order, with the item's answer, points, source and possible answers, the
score's subject and day; checked against the assessment of the case (``assess``) and by the invariant
"every score observation has its members"."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from spinemet.fhir import bundle_problems
from spinemet.io.casefile import load_case
from spinemet.service.fhir_export import export_bundle
from spinemet.service.fhir_import import read_bundle_data
from spinemet.service.offline import assess

ROOT = Path(__file__).resolve().parents[2]
STORY = ROOT / "examples" / "story-lung-net-t6.yaml"
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
INSTRUMENT = "https://spinemet.org/fhir/CodeSystem/instrument"
POINTS = "https://spinemet.org/fhir/StructureDefinition/item-points"
SOURCE = "https://spinemet.org/fhir/StructureDefinition/answer-source"
POSSIBLE = "https://spinemet.org/fhir/StructureDefinition/possible-answer"
DAYS = "https://spinemet.org/fhir/StructureDefinition/days-since-index"


def _by_url(bundle: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {e["fullUrl"]: e["resource"] for e in bundle["entry"]}


def _score(bundle: dict[str, Any], instrument: str) -> dict[str, Any]:
    (obs,) = [e["resource"] for e in bundle["entry"]
              if {"system": INSTRUMENT, "code": instrument} in e["resource"].get("code", {}).get("coding", [])]
    return obs


def _ext(resource: dict[str, Any], url: str) -> list[Any]:
    return [next(v for k, v in x.items() if k.startswith("value")) for x in resource.get("extension", [])
            if x["url"] == url]


def test_story_sins_has_its_location_item_as_a_member_derived_from_level_t6() -> None:
    """The story's last-day SINS knows one item, location = semi-rigid (1 point), read from the T6 level
    (the assessment's component); the member carries exactly that, with the score's day."""
    case = load_case(STORY)
    result = next(r for r in assess(case).as_dict()["instruments"] if r["instrument"] == "sins")
    assert [c["item"] for c in result["components"]] == ["location"]  # the offline assessment
    bundle = export_bundle(case)
    sins = _score(bundle, "sins")
    (ref,) = sins["hasMember"]
    member = _by_url(bundle)[ref["reference"]]
    assert member["resourceType"] == "Observation"
    assert member["code"]["coding"] == [{"system": "https://spinemet.org/fhir/CodeSystem/item-sins", "code": "location"}]
    assert member["valueCodeableConcept"]["coding"][0]["code"] == "semirigid"
    assert _ext(member, POINTS) == [1]
    assert _ext(member, SOURCE) == ["derived from level T6"]
    assert _ext(member, DAYS) == _ext(sins, DAYS) == [assess(case).day]
    assert member["subject"] == sins["subject"]


def test_story_escc_grade_unknown_is_a_member_with_its_four_possible_grades_and_no_answer() -> None:
    bundle = export_bundle(load_case(STORY))
    escc = _score(bundle, "escc")
    (ref,) = escc["hasMember"]
    member = _by_url(bundle)[ref["reference"]]
    assert "valueCodeableConcept" not in member
    assert member["dataAbsentReason"]["coding"][0]["code"] == "unknown"
    assert [c["code"] for c in _ext(member, POSSIBLE)] == ["0", "1a", "1b", "1c"]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_score_of_every_example_has_one_member_per_component_with_the_same_item_and_answer(path: Path) -> None:
    bundle = export_bundle(load_case(path), score_days="decision-points")
    by_url = _by_url(bundle)
    scores = [e["resource"] for e in bundle["entry"]
              if any(c["system"] == INSTRUMENT for c in e["resource"].get("code", {}).get("coding", []))]
    assert scores
    members = 0
    for obs in scores:
        components = obs.get("component", [])
        assert len(obs.get("hasMember", [])) == len(components)
        for comp, ref in zip(components, obs.get("hasMember", []), strict=True):
            member = by_url[ref["reference"]]
            assert member["code"] == comp["code"]
            assert member.get("valueCodeableConcept") == comp.get("valueCodeableConcept")
            assert _ext(member, POINTS) == _ext(comp, POINTS)
            members += 1
    assert members > len(scores)  # the examples' scores have several items each
    assert bundle_problems(bundle) == []


def test_the_invariant_names_a_missing_member_and_a_member_whose_answer_differs() -> None:
    bundle = export_bundle(load_case(STORY))
    index = next(i for i, e in enumerate(bundle["entry"])
                 if {"system": INSTRUMENT, "code": "sins"} in e["resource"].get("code", {}).get("coding", []))
    missing = copy.deepcopy(bundle)
    missing["entry"][index]["resource"]["hasMember"] = []
    assert bundle_problems(missing) == [
        f"entry[{index}].resource.hasMember: an instrument result needs one member Observation per item "
        "(1 components, 0 members)"]
    changed = copy.deepcopy(bundle)
    url = changed["entry"][index]["resource"]["hasMember"][0]["reference"]
    member = next(e["resource"] for e in changed["entry"] if e["fullUrl"] == url)
    member["valueCodeableConcept"] = {"coding": [{"system": "https://spinemet.org/fhir/CodeSystem/answer-sins",
                                                  "code": "junctional"}]}
    assert bundle_problems(changed) == [
        f"entry[{index}].resource.hasMember[0]: the member is not the Observation of component[0] "
        "(its item code and answer differ)"]


def test_the_import_lists_each_member_as_derived_and_gives_back_the_same_case() -> None:
    case = load_case(STORY)
    bundle = export_bundle(case)
    members = {m["reference"] for e in bundle["entry"] for m in e["resource"].get("hasMember", [])
               if any(c["system"] == INSTRUMENT for c in e["resource"].get("code", {}).get("coding", []))}
    back, report = read_bundle_data(bundle)
    derived = {d["entry"] for d in report["derived"]}
    member_entries = {f"entry[{i}]" for i, e in enumerate(bundle["entry"]) if e["fullUrl"] in members}
    assert member_entries and member_entries <= derived
    assert back == case
