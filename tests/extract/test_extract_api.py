"""``POST /extract`` over SQLite and PostgreSQL: a draft with provenance, nothing stored; bad text is a
located 422 problem; only clinicians may use it."""

from __future__ import annotations

from fastapi.testclient import TestClient

from _support.fixtures import auth
from spinemet.service.views import Credentials

from .test_extract_reports import OP_NOTE, STORY

PROBLEM = "application/problem+json"


def test_extract_returns_a_draft_with_provenance_and_stores_nothing(client: TestClient,
                                                                    people: dict[str, Credentials]) -> None:
    h = auth(people["clinician"])
    before = client.get("/cases", headers=h).json()
    r = client.post("/extract", json={"text": OP_NOTE, "case_id": "op-1"}, headers=h)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["case"]["id"] == "op-1"
    assert body["case"]["timeline"][0]["procedures"] == ["decompression", "laminectomy", "posterior_fixation"]
    quotes = {p["path"]: p["quote"] for p in body["provenance"]}
    assert quotes["timeline[0].fixation_span"] == "T7-T11"
    assert client.get("/cases", headers=h).json() == before


def test_the_draft_can_be_created_as_a_case_unchanged(client: TestClient, people: dict[str, Credentials]) -> None:
    h = auth(people["clinician"])
    draft = client.post("/extract", json={"text": STORY, "case_id": "from-text"}, headers=h).json()["case"]
    created = client.post("/cases", json=draft, headers=h)
    assert created.status_code in (200, 201), created.text
    assert client.get("/cases/from-text", headers=h).status_code == 200


def test_bad_text_is_a_located_422(client: TestClient, people: dict[str, Credentials]) -> None:
    h = auth(people["clinician"])
    german = ("Der Patient wurde mit einer Fraktur des Wirbelkörpers aufgenommen und die Schmerzen waren "
              "nicht stark, er ist mit der Operation sehr zufrieden und geht nach Hause.")
    for text, words in (("   ", "text"), ("x\x00y", "text"), (german, "German")):
        r = client.post("/extract", json={"text": text}, headers=h)
        assert r.status_code == 422, (text, r.text)
        assert r.headers["content-type"].startswith(PROBLEM)
        assert words in r.text


def test_only_clinicians_may_extract(client: TestClient, people: dict[str, Credentials]) -> None:
    for role in ("researcher", "admin"):
        r = client.post("/extract", json={"text": STORY}, headers=auth(people[role]))
        assert r.status_code == 403, role
    assert client.post("/extract", json={"text": STORY}).status_code == 401


def test_the_openapi_document_declares_the_request_and_response(client: TestClient) -> None:
    doc = client.get("/openapi.json").json()
    op = doc["paths"]["/extract"]["post"]
    assert set(op["responses"]) >= {"200", "401", "403", "422"}
    schemas = doc["components"]["schemas"]
    assert schemas["ExtractRequest"]["properties"]["text"]["maxLength"] == 100_000
    assert set(schemas["ExtractOut"]["required"]) == {"case", "provenance", "left_out", "messages"}


def test_oversize_non_json_wrongly_typed_and_non_latin_bodies_are_4xx_problems_never_500(
        client: TestClient, people: dict[str, Credentials]) -> None:
    h = auth(people["clinician"])
    cyrillic = "Пациент поступил с болью в спине и слабостью в ногах, МРТ показала метастаз в позвонке Th6."
    cases: list[tuple[dict[str, object], str]] = [
        ({"json": {"text": "pain " * 20_001}}, "text"),  # 100,005 characters: over the limit
        ({"json": {"text": 42}}, "text"),
        ({"json": ["not", "an", "object"]}, ""),
        ({"json": {"text": "back pain", "extra": 1}}, "extra"),
        ({"content": b"\xff\xfe not json", "headers": {**h, "content-type": "application/json"}}, ""),
        ({"json": {"text": cyrillic}}, "non-Latin"),
    ]
    for kwargs, words in cases:
        r = client.post("/extract", **({"headers": h} | kwargs))  # type: ignore[arg-type]
        assert 400 <= r.status_code < 500, (kwargs, r.status_code, r.text[:200])
        assert r.headers["content-type"].startswith(PROBLEM), r.text[:200]
        assert words in r.text, (words, r.text[:300])
