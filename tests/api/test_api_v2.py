"""Case-file version 2 through the API (issue 12 items 8-9), over SQLite and PostgreSQL: a v2
case created, imported and extended event by event, stored as written; and every kind of
nonsense the issue names refused with 422 problem+json whose error names the field and what
is allowed, the stored case unchanged. Values are those of docs/case-file.md."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient

from _support.fixtures import auth
from spinemet.service.views import Credentials

PROBLEM = "application/problem+json"

V2_CASE: dict[str, Any] = {
    "schema_version": 2,
    "id": "api-v2",
    "primary": {"site": "lung_other", "site_certainty": "probable"},
    "timeline": [
        {"type": "imaging", "id": "mri-1", "day": 0, "findings": [
            {"level": "T8", "compartments": ["intramedullary"]},
            {"span": "T2-T10", "compartments": ["epidural"], "cord_compression": True},
            {"level": "L1", "collapse_present": True},
        ]},
        {"type": "neuro_exam", "day": 0, "deficits": ["paraplegia"], "walking": "non_ambulatory",
         "power": [{"muscle": "hip_flexors", "side": "left", "grade": "3/5"}]},
        {"type": "disease_burden", "day": 0, "bone_mets_extent": "multiple"},
        {"type": "embolisation", "id": "emb-1", "day": 1, "purpose": "preoperative", "levels": "L1"},
        {"type": "surgery", "id": "surgery-1", "day": 2, "procedures": ["decompression"], "spans": ["T2-T3", "T9"],
         "embolised_before": "emb-1"},
        {"type": "outcome", "aspect": "neurological", "change": "improved", "compared_with": "surgery-1"},
    ],
}


def _create(client: TestClient, h: dict[str, str]) -> dict[str, Any]:
    r = client.post("/cases", headers=h, json=V2_CASE)
    assert r.status_code == 201, r.text
    body: dict[str, Any] = r.json()
    return body


def test_a_v2_case_is_created_imported_and_extended_as_written(client: TestClient, people: dict[str, Credentials]) -> None:
    h = auth(people["clinician"])
    created = _create(client, h)
    read_as_grade = {**V2_CASE["timeline"][1], "power": [{"muscle": "hip_flexors", "side": "left", "grade": 3}]}
    assert created["case"]["timeline"] == [V2_CASE["timeline"][0], read_as_grade, *V2_CASE["timeline"][2:]]
    assert created["case"]["primary"] == {"site": "lung_other", "site_certainty": "probable"}
    imported = client.post("/cases/import", headers=h, json={
        "text": json.dumps({**V2_CASE, "id": "api-v2-file"}), "format": "json", "source": "v2.json"})
    assert imported.status_code == 201, imported.text
    assert imported.json()["case"]["timeline"][0]["findings"][1]["span"] == "T2-T10"
    ranged = {"type": "complication", "id": "wound-1", "kind": "wound_infection", "procedure": "surgery-1",
              "after": {"event": "surgery-1", "at_least": 0, "at_most": 1, "unit": "months"}}
    r = client.post("/cases/api-v2/events", headers=h, json={"expected_version": 1, "event": ranged})
    assert r.status_code == 201, r.text
    assert r.json()["case"]["timeline"][-1] == ranged
    for event in ({"type": "cement_augmentation", "procedure": "vertebroplasty", "levels": "T12"},
                  {"type": "ablation", "method": "cryo", "levels": "T11", "with_cement": False},
                  {"type": "pain", "day_range": {"earliest": 7, "latest": 13}, "present": True},
                  {"type": "fitness", "day": 14, "preference": "declines_surgery"},
                  {"type": "labs", "day": 15, "values": [{"analyte": "psa", "value": 27000, "bound": "above",
                                                          "unit_not_stated": True}]},
                  {"type": "supportive_care", "day": 15, "measure": "orthosis", "agent": "rigid collar"},
                  {"type": "outcome", "day": 16, "new_lesions": False, "treatments_not_given": ["radiotherapy"],
                   "order_unknown_with": ["emb-1"]}):
        version = r.json()["current_version"]
        r = client.post("/cases/api-v2/events", headers=h, json={"expected_version": version, "event": event})
        assert r.status_code == 201, r.text
        assert r.json()["case"]["timeline"][-1] == event
    assessed = client.post("/cases/api-v2/assessments", headers=h, json={})
    assert assessed.status_code == 200, assessed.text


_FINDING = {"type": "imaging", "day": 3, "findings": []}
BAD_EVENTS = [
    pytest.param({**_FINDING, "findings": [{"level": "T6", "collapse_percent": 140}]},
                 "event.findings[0].collapse_percent", "100", id="collapse-140-percent"),
    pytest.param({"type": "pain", "present": True, "day_range": {"earliest": 9, "latest": 3}},
                 "event.day_range.latest", "before", id="range-end-before-start"),
    pytest.param({"type": "pain", "present": True, "after": {"event": "surgery-1", "at_least": 3, "at_most": 1}},
                 "event.after.at_most", "less than", id="relative-range-reversed"),
    pytest.param({**_FINDING, "findings": [{"span": "T3/T8"}]}, "event.findings[0].span", "T3/T8", id="T3/T8-as-span"),
    pytest.param({"type": "neuro_exam", "day": 3, "power": [{"muscle": "grip", "side": "left", "grade": 6}]},
                 "event.power[0].grade", "5", id="mrc-6"),
    pytest.param({**_FINDING, "findings": [{"level": "T6", "compartments": ["intradural"]}]},
                 "event.findings[0].compartments[0]", "intramedullary", id="unknown-compartment"),
    pytest.param({"type": "fitness", "day": 3, "preference": "maybe"}, "event.preference", "declines_surgery",
                 id="unknown-preference"),
    # fifth pass (2026-11-28): the keys that closed the development set's last losses
    pytest.param({**_FINDING, "findings": [{"level": "C6", "compartments": ["epidural"],
                                            "compartments_spared": ["epidural"]}]},
                 "event.findings[0].compartments_spared", "involved or spared", id="spared-and-involved"),
    pytest.param({"type": "pain", "day": 3, "present": True, "restricted_movements": ["twisting"]},
                 "event.restricted_movements[0]", "lateral_flexion", id="unknown-movement"),
    pytest.param({"type": "pain", "day": 3, "present": True, "sites": ["neck"],
                  "site_sides": [{"site": "shoulder", "side": "both"}]},
                 "event.site_sides[0].site", "not in sites", id="side-of-an-unlisted-site"),
    pytest.param({"type": "labs", "day": 3, "values": [{"analyte": "psa", "value": 27000}]},
                 "event.values[0].unit", "unit_not_stated", id="value-without-unit"),
    pytest.param({"type": "labs", "day": 3, "values": [{"analyte": "psa", "statement": "raised", "bound": "above"}]},
                 "event.values[0].bound", "give value", id="bound-without-value"),
    pytest.param({"type": "disease_burden", "day": 3, "extraspinal_bone_sites": [{"bone": "spine"}]},
                 "event.extraspinal_bone_sites[0].bone", "femur", id="unknown-bone"),
    pytest.param({"type": "outcome", "day": 3, "treatments_not_given": ["prayer"]},
                 "event.treatments_not_given[0]", "radiotherapy", id="unknown-withheld-treatment"),
    pytest.param({"type": "radiotherapy", "day": 3, "intent": "curative"}, "event.intent", "salvage",
                 id="unknown-rt-intent"),
    pytest.param({"type": "supportive_care", "day": 3, "agent": "dopamine"}, "event.agent", "vasopressor",
                 id="agent-without-measure"),
    pytest.param({"type": "pain", "day": 3, "present": True, "order_unknown_with": ["nephrectomy-9"]},
                 "event.order_unknown_with[0]", "surgery-1", id="order-unknown-with-a-missing-event"),
]


@pytest.mark.parametrize(("event", "location", "says"), BAD_EVENTS)
def test_each_bad_v2_event_is_a_located_422_and_nothing_stored_changes(
    client: TestClient, people: dict[str, Credentials], event: dict[str, Any], location: str, says: str,
) -> None:
    h = auth(people["clinician"])
    _create(client, h)
    before = client.get("/cases/api-v2", headers=h).json()
    r = client.post("/cases/api-v2/events", headers=h, json={"expected_version": 1, "event": event})
    assert r.status_code == 422 and r.headers["content-type"] == PROBLEM, r.text
    errors = r.json()["errors"]
    assert [e["location"] for e in errors] == [location], errors
    assert says in errors[0]["message"], errors
    assert client.get("/cases/api-v2", headers=h).json() == before


@pytest.mark.parametrize(("event", "location", "says"), BAD_EVENTS)
def test_each_bad_v2_value_in_a_created_or_imported_case_is_a_located_422(
    client: TestClient, people: dict[str, Credentials], event: dict[str, Any], location: str, says: str,
) -> None:
    h = auth(people["clinician"])
    case = {**V2_CASE, "timeline": [*V2_CASE["timeline"], event]}
    index = len(V2_CASE["timeline"])
    expected = location.replace("event", f"timeline[{index}]", 1)
    r = client.post("/cases", headers=h, json=case)
    assert r.status_code == 422 and r.headers["content-type"] == PROBLEM, r.text
    assert [e["location"] for e in r.json()["errors"]] == [expected], r.json()
    assert says in r.json()["errors"][0]["message"]
    r = client.post("/cases/import", headers=h, json={"text": json.dumps(case), "format": "json", "source": "bad.json"})
    assert r.status_code == 422 and r.headers["content-type"] == PROBLEM, r.text
    assert [e["location"] for e in r.json()["errors"]] == [expected], r.json()
    assert client.get("/cases/api-v2", headers=h).status_code == 404  # nothing was stored


def test_the_openapi_document_shows_v2_examples_that_the_api_accepts(
    client: TestClient, people: dict[str, Credentials],
) -> None:
    spec = client.get("/openapi.json").json()
    write = spec["components"]["schemas"]["EventWrite"]["examples"]
    [case] = spec["paths"]["/cases"]["post"]["requestBody"]["content"]["application/json"]["schema"]["examples"]
    h = auth(people["clinician"])
    assert client.post("/cases", headers=h, json=case).status_code == 201
    timeline = [{"type": "surgery", "id": "surgery-1", "day": 1}, {"type": "cement_augmentation", "id": "vp-1", "day": 2}]
    version = 1
    for event in timeline + [w["event"] for w in write]:
        r = client.post(f"/cases/{case['id']}/events", headers=h, json={"expected_version": version, "event": event})
        assert r.status_code == 201, (event, r.text)
        version = r.json()["current_version"]
