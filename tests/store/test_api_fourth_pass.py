"""The API takes the fourth-pass keys (cases entered to simulate the held-out set, 2026-11-28) and refuses
bad ones with a located 422; the stored case is untouched by a refused write. On SQLite and the real
PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest

CASE = {"schema_version": 2, "id": "api-fourth", "primary": {"site": "prostate", "gleason_primary": 4,
                                                             "gleason_secondary": 3},
        "timeline": [{"type": "cement_augmentation", "id": "kp-1", "day": 0, "procedure": "kyphoplasty",
                      "levels": "L3"}]}

GOOD = [
    {"type": "complication", "day": 0, "kind": "cement_leakage", "procedure": "kp-1", "levels": "L3",
     "leak_sites": ["spinal_canal"]},
    {"type": "radiotherapy", "day": 10, "technique": "sbrt", "dose_gy": 27, "prescription_isodose_percent": 85},
    {"type": "pain", "day": 0, "present": True, "severity": "severe"},
    {"type": "neuro_exam", "day": 0, "deficits": ["numbness"], "deficit_side": "right", "sensory_dermatomes": ["C6"]},
    {"type": "disease_burden", "day": 0, "metastases_extent": "multiple"},
    {"type": "outcome", "day": 90, "relapse": True},
    {"type": "corticosteroids", "day": 0},
]

BAD: list[tuple[dict[str, Any], str, str]] = [
    ({"type": "outcome", "day": 9, "relapse": True, "distant_recurrence": True}, "event.relapse", "site is stated"),
    ({"type": "radiotherapy", "day": 9, "prescription_isodose_percent": 85}, "event.prescription_isodose_percent",
     "give dose_gy too"),
    ({"type": "pain", "day": 9, "present": True, "severity": "unbearable"}, "event.severity", "severe"),
    ({"type": "neuro_exam", "day": 9, "deficits": ["numbness"], "sensory_dermatomes": ["C1"]},
     "event.sensory_dermatomes", "C1 has no dermatome"),
    ({"type": "disease_burden", "day": 9, "metastases_extent": "several"}, "event.metastases_extent", "multiple"),
]


def _h(people: Any) -> dict[str, str]:
    return {"Authorization": f"Bearer {people['clinician'].token}"}


def test_the_api_takes_every_fourth_pass_key(client, people) -> None:  # type: ignore[no-untyped-def]
    h = _h(people)
    created = client.post("/cases", headers=h, json=CASE)
    assert created.status_code == 201, created.text
    assert created.json()["case"]["primary"]["gleason_primary"] == 4
    version = 1
    for event in GOOD:
        r = client.post("/cases/api-fourth/events", headers=h, json={"expected_version": version, "event": event})
        assert r.status_code == 201, r.text
        assert r.json()["case"]["timeline"][-1] == event  # a steroid without a drug comes back without one
        version = r.json()["current_version"]


@pytest.mark.parametrize(("event", "location", "says"), BAD, ids=lambda v: v if isinstance(v, str) else None)
def test_a_bad_fourth_pass_value_is_a_located_422_and_nothing_stored_changes(  # type: ignore[no-untyped-def]
        client, people, event: dict[str, Any], location: str, says: str) -> None:
    h = _h(people)
    assert client.post("/cases", headers=h, json=CASE).status_code == 201
    before = client.get("/cases/api-fourth", headers=h).json()
    r = client.post("/cases/api-fourth/events", headers=h, json={"expected_version": 1, "event": event})
    assert r.status_code == 422, r.text
    errors = r.json()["errors"]
    assert any(e["location"] == location and says in e["message"] for e in errors), errors
    assert client.get("/cases/api-fourth", headers=h).json() == before
