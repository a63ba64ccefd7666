"""The API takes the third-pass keys (issue 12) and refuses bad ones with a located 422; the stored
case is untouched by a refused write. On SQLite and the real PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest

CASE = {"schema_version": 2, "id": "api-third", "primary": {"site": "kidney"},
        "timeline": [{"type": "radiotherapy", "id": "rt-1", "day": 0, "levels": "T12-L1"},
                     {"type": "surgery", "id": "op-1", "day": 5, "levels": "T12-L1"}]}

GOOD = [
    {"type": "radiotherapy", "id": "rt-2", "day": 60, "levels": "T12-L1", "cumulative_dose_gy": 70,
     "cumulative_with": ["rt-1"]},
    {"type": "surgery", "day": 90, "emergency": True, "region": "lumbar",
     "intraoperative_findings": [{"level": "L2", "exophytic": True, "nerve_roots_encased": True}]},
    {"type": "cement_augmentation", "day": 91, "procedure": "unspecified", "percutaneous": True, "levels": "L1"},
    {"type": "imaging", "day": 92, "findings": [{"region": "conus", "compartments": ["intramedullary"],
                                                 "contrast_enhancing": True}]},
    {"type": "outcome", "day": 400, "aspect": "overall", "course": "favourable"},
]

BAD: list[tuple[dict[str, Any], str, str]] = [
    ({"type": "radiotherapy", "day": 60, "cumulative_dose_gy": 70, "cumulative_with": ["op-1"]},
     "event.cumulative_with[0]", "is a surgery event"),
    ({"type": "radiotherapy", "day": 60, "cumulative_dose_gy": 70}, "event.cumulative_dose_gy", "needs cumulative_with"),
    ({"type": "surgery", "day": 9, "region": "lumbar", "levels": "L2"}, "event.region", "without stated levels"),
    ({"type": "cement_augmentation", "day": 9, "percutaneous": True, "performed_during": "op-1"}, "event.percutaneous",
     "not done within an operation"),
    ({"type": "outcome", "day": 9, "course": "great"}, "event.course", "favourable"),
    ({"type": "imaging", "day": 9, "findings": [{"region": "conus", "exophytic": "yes please"}]},
     "event.findings[0].exophytic", "boolean"),
]


def _h(people: Any) -> dict[str, str]:
    return {"Authorization": f"Bearer {people['clinician'].token}"}


def test_the_api_takes_every_third_pass_key(client, people) -> None:  # type: ignore[no-untyped-def]
    h = _h(people)
    assert client.post("/cases", headers=h, json=CASE).status_code == 201
    version = 1
    for event in GOOD:
        r = client.post("/cases/api-third/events", headers=h, json={"expected_version": version, "event": event})
        assert r.status_code == 201, r.text
        assert r.json()["case"]["timeline"][-1] == event
        version = r.json()["current_version"]


@pytest.mark.parametrize(("event", "location", "says"), BAD, ids=lambda v: v if isinstance(v, str) else None)
def test_a_bad_third_pass_value_is_a_located_422_and_nothing_stored_changes(  # type: ignore[no-untyped-def]
        client, people, event: dict[str, Any], location: str, says: str) -> None:
    h = _h(people)
    assert client.post("/cases", headers=h, json=CASE).status_code == 201
    before = client.get("/cases/api-third", headers=h).json()
    r = client.post("/cases/api-third/events", headers=h, json={"expected_version": 1, "event": event})
    assert r.status_code == 422, r.text
    errors = r.json()["errors"]
    assert any(e["location"] == location and says in e["message"] for e in errors), errors
    assert client.get("/cases/api-third", headers=h).json() == before
