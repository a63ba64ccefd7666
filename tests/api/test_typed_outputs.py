"""The API's typed responses carry exactly what the service computes: the response models publish
the outputs' shapes without adding, dropping or converting a value."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from _support.fixtures import auth
from spinemet.io.casefile import load_case
from spinemet.service import offline
from spinemet.service.jsonable import jsonable
from spinemet.service.views import Credentials

STORY = Path(__file__).resolve().parents[2] / "examples" / "story-lung-net-t6.yaml"


def _json(data: Any) -> Any:
    return jsonable(data)


def test_typed_routes_return_the_service_outputs_unchanged(client: TestClient,
                                                           people: dict[str, Credentials]) -> None:
    h = auth(people["clinician"])
    case = load_case(STORY)
    imported = client.post("/cases/import", json={"text": STORY.read_text(), "format": "yaml"}, headers=h)
    assert imported.status_code == 201, imported.text
    cid = imported.json()["id"]

    course = client.get(f"/cases/{cid}/course", headers=h)
    assert course.status_code == 200
    assert course.json() == {"case_id": case.id, **_json(offline.course(case).as_dict())}

    on_28 = client.post(f"/cases/{cid}/assessments", headers=h, json={"day": 28})
    assert on_28.json() == _json(offline.assess(case, 28).as_dict())

    answers = {"location": "semirigid", "pain": "mechanical"}
    scored = client.post("/instruments/sins/score", headers=h, json={"answers": answers})
    assert scored.json() == _json(offline.score("sins", answers).as_dict())
    classifier = client.post("/instruments/escc/score", headers=h, json={"answers": {"grade": "2"}})
    assert classifier.json() == _json(offline.score("escc", {"grade": "2"}).as_dict())
    assert "total" not in classifier.json()  # a classifier has a category, not a null total

    data = {"id": "calc", "primary": {"site": "kidney"},
            "timeline": [{"type": "imaging", "day": 0, "modality": "mri", "findings": [{"level": "T9", "escc": "2"}]}]}
    calculated = client.post("/calculator", headers=h, json={"case": data})
    assert calculated.json() == _json(offline.calculate(data).as_dict())

    assert client.get("/instruments/sins", headers=h).json() == _json(offline.describe_instrument("sins"))
    assert client.get("/instruments", headers=h).json() == _json(offline.instrument_list())
