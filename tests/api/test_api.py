"""The REST API over a real database (SQLite and PostgreSQL): routes, problem details, roles, tokens."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from _support.fixtures import auth
from spinemet.service import Service
from spinemet.service.views import Credentials

STORY = Path(__file__).resolve().parents[2] / "examples" / "story-lung-net-t6.yaml"
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
PROBLEM = "application/problem+json"


def _import(client: TestClient, creds: Credentials) -> dict[str, Any]:
    r = client.post("/cases/import", json={"text": STORY.read_text(), "format": "yaml"}, headers=auth(creds))
    assert r.status_code == 201, r.text
    body: dict[str, Any] = r.json()
    return body


def test_openapi_is_published(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert "/cases/{case_id}/assessments" in spec["paths"]
    assert spec["components"]["securitySchemes"]


def test_case_lifecycle(client: TestClient, people: dict[str, Credentials]) -> None:
    h = auth(people["clinician"])
    case = _import(client, people["clinician"])
    cid = case["id"]
    assert client.get(f"/cases/{cid}", headers=h).json()["version"] == 1
    r = client.post(f"/cases/{cid}/events", headers=h,
                    json={"expected_version": 1, "event": {"type": "performance", "day": 100, "kps": 70}})
    assert r.status_code == 201 and r.json()["version"] == 2
    key = r.json()["events"][-1]["key"]
    r = client.put(f"/cases/{cid}/events/{key}", headers=h,
                   json={"expected_version": 2, "event": {"type": "performance", "day": 100, "kps": 80}})
    assert r.status_code == 200 and r.json()["events"][-1]["data"]["kps"] == 80
    assert client.get(f"/cases/{cid}?version=2", headers=h).json()["events"][-1]["data"]["kps"] == 70
    assert len(client.get(f"/cases/{cid}/history", headers=h).json()) == 3
    r = client.delete(f"/cases/{cid}/events/{key}?expected_version=3", headers=h)
    assert r.status_code == 200 and r.json()["version"] == 4
    exported = client.get(f"/cases/{cid}/export?format=yaml", headers=h)
    assert exported.status_code == 200 and exported.headers["content-type"].startswith("application/yaml")
    assert exported.headers["cache-control"] == "no-store"
    listed = client.get("/cases", params={"level": "T6"}, headers=h).json()
    assert listed["total"] == 1 and listed["items"][0]["id"] == cid
    new = client.post("/cases", headers=h, json={"id": "new-1", "primary": {"site": "breast"}})
    assert new.status_code == 201


def test_problem_details_name_the_field(client: TestClient, people: dict[str, Credentials]) -> None:
    h = auth(people["clinician"])
    cid = _import(client, people["clinician"])["id"]
    r = client.post(f"/cases/{cid}/events", headers=h,
                    json={"expected_version": 1, "event": {"type": "performance", "day": 1, "kps": 55}})
    assert r.status_code == 422 and r.headers["content-type"] == PROBLEM
    assert r.json()["errors"] == [{"location": "event.kps", "message": r.json()["errors"][0]["message"]}]
    assert "allowed" in r.json()["errors"][0]["message"]
    r = client.post(f"/cases/{cid}/events", headers=h,
                    json={"expected_version": 1, "event": {"type": "scan", "day": 1}})
    assert r.status_code == 422 and "allowed" in r.json()["errors"][0]["message"]
    r = client.post("/cases/import", headers=h, json={"text": "x", "format": "xml"})
    assert r.status_code == 422 and r.json()["errors"][0]["location"] == "format"
    assert "yaml" in r.json()["errors"][0]["message"]
    r = client.post("/cases/import", headers=h, json={"text": "id: [", "format": "yaml"})
    assert r.status_code == 422 and "line" in r.json()["errors"][0]["location"]
    r = client.get("/cases/nope", headers=h)
    assert r.status_code == 404 and r.headers["content-type"] == PROBLEM
    r = client.post("/cases", headers=h, content=b"{not json", )
    assert r.status_code == 422


def test_stale_write_gets_409_with_current_version(client: TestClient, people: dict[str, Credentials]) -> None:
    h = auth(people["clinician"])
    cid = _import(client, people["clinician"])["id"]
    ev = {"type": "performance", "day": 100, "kps": 70}
    assert client.post(f"/cases/{cid}/events", headers=h, json={"expected_version": 1, "event": ev}).status_code == 201
    r = client.post(f"/cases/{cid}/events", headers=h, json={"expected_version": 1, "event": ev})
    assert r.status_code == 409 and r.json()["current_version"] == 2


def test_authentication_and_revocation(client: TestClient, service: Service, people: dict[str, Credentials]) -> None:
    assert client.get("/cases").status_code == 401
    assert client.get("/cases", headers={"Authorization": "Bearer smt_nope"}).status_code == 401
    assert client.get("/cases", headers={"Authorization": "Basic abc"}).status_code == 401
    h = auth(people["clinician"])
    assert client.get("/cases", headers=h).status_code == 200
    admin = auth(people["admin"])
    r = client.post("/users/clinician1/revoke", headers=admin, json={})
    assert r.status_code == 200 and r.json()["revoked"] == 1
    r = client.get("/cases", headers=h)
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
    issued = client.post("/users/clinician1/tokens", headers=admin, json={"label": "new"}).json()
    assert client.get("/cases", headers={"Authorization": f"Bearer {issued['token']}"}).status_code == 200


# ------------------------------------------------------------------ the role x endpoint matrix
C, R, A = "clinician", "researcher", "admin"
MATRIX: list[tuple[str, str, Any, set[str]]] = [
    ("GET", "/cases", None, {C, R}),
    ("POST", "/cases", {"id": "m-{role}", "primary": {"site": "breast"}}, {C}),
    ("POST", "/cases/import", {"text": "id: i-{role}\nprimary: {site: breast}\n"}, {C}),
    ("GET", "/cases/{cid}", None, {C, R}),
    ("GET", "/cases/{cid}/history", None, {C}),
    ("GET", "/cases/{cid}/export", None, {C}),
    ("POST", "/cases/{cid}/events", {"expected_version": 1, "event": {"type": "pain", "day": 1}}, {C}),
    ("PUT", "/cases/{cid}/events/final-neuro", {"expected_version": 1, "event": {"type": "neuro_exam", "day": 200}}, {C}),
    ("DELETE", "/cases/{cid}/events/final-neuro?expected_version=1", None, {C}),
    ("GET", "/cases/{cid}/events/final-neuro/history", None, {C}),
    ("POST", "/cases/{cid}/assessments", {"day": 28}, {C, R}),
    ("GET", "/cases/{cid}/course", None, {C, R}),
    ("GET", "/instruments", None, {C, R, A}),
    ("GET", "/instruments/sins", None, {C, R, A}),
    ("POST", "/instruments/sins/score", {"answers": {"location": "semirigid"}}, {C, R, A}),
    ("POST", "/calculator", {"case": {"id": "x", "primary": {"site": "breast"}}}, {C, R}),
    ("GET", "/users", None, {A}),
    ("POST", "/users", {"name": "u-{role}", "role": "clinician"}, {A}),
    ("GET", "/users/clinician1/tokens", None, {A}),
    ("POST", "/users/researcher1/tokens", {"label": "x"}, {A}),
    ("POST", "/users/clinician1/unlock", {}, {A}),
    ("POST", "/users/researcher1/revoke", {}, {A}),
    ("GET", "/audit", None, {A}),
    ("GET", "/audit/verify", None, {A}),
    ("GET", "/me", None, {C, R, A}),
    ("GET", "/teams", None, {A}),
    ("POST", "/teams", {"name": "t-{role}"}, {A}),
    ("POST", "/teams/default/members", {"user": "researcher1"}, {A}),
    ("POST", "/teams/default/cases", {"case_id": "story-lung-net-t6"}, {A}),
]


def _fill(template: Any, **values: str) -> Any:
    if isinstance(template, str):
        for k, v in values.items():
            template = template.replace("{" + k + "}", v)
        return template
    if isinstance(template, dict):
        return {k: _fill(v, **values) for k, v in template.items()}
    return template


@pytest.mark.parametrize(("method", "path", "body", "allowed"), MATRIX, ids=[f"{m} {p}" for m, p, _, _ in MATRIX])
def test_role_matrix(client: TestClient, service: Service, people: dict[str, Credentials], method: str, path: str,
                     body: Any, allowed: set[str]) -> None:
    """Every role in the case's care team, and every role in another team (issue 13 item 6): a role
    that may not act is refused (403) wherever it is; one that may act reaches the case only from
    its team, and outside it the case does not exist (404, the answer for an unknown id)."""
    cid = _import(client, people[C])["id"]
    rid = client.get("/cases", headers=auth(people[R])).json()["items"][0]["id"]
    admin = auth(people[A])
    assert client.post("/teams", headers=admin, json={"name": "elsewhere"}).status_code == 201
    outsiders = {role: client.post("/users", headers=admin,
                                   json={"name": f"out-{role}", "role": role, "teams": ["elsewhere"]}).json()
                 for role in (C, R, A)}
    on_case = "{cid}" in path
    for team, creds in (("in", people), ("out", outsiders)):
        for role in (C, R, A):
            target = rid if role == R else cid
            url = _fill(path, cid=target, role=f"{team}-{role}")
            headers = {"Authorization": f"Bearer {creds[role]['token'] if team == 'out' else creds[role].token}"}
            r = client.request(method, url, json=_fill(body, role=f"{team}-{role}"), headers=headers)
            where = (team, role, method, url, r.status_code, r.text)
            if role not in allowed:
                assert r.status_code == 403, where
                assert r.headers["content-type"] == PROBLEM
            elif team == "out" and on_case:
                assert r.status_code == 404, where
                assert role != R or cid not in r.text, where  # a researcher never reads the case id
            else:
                unavailable = r.status_code == 404 and r.json().get("title") == "Not available"
                assert r.status_code < 400 or unavailable, where
    assert client.request(method, _fill(path, cid=cid, role="anon"), json=_fill(body, role="anon")).status_code == 401


def test_researcher_never_sees_identifiers_or_dates(client: TestClient, people: dict[str, Credentials]) -> None:
    h = auth(people[C])
    case = {
        "id": "MRN-4711", "title": "Mrs Example", "index_date": "2019-01-10",
        "patient": {"pseudonym": "PAT-99", "sex": "female", "age": 61},
        "primary": {"site": "breast"},
        "timeline": [
            {"id": "mri-jan", "type": "imaging", "modality": "mri", "date": "2019-01-10", "note": "Dr Who",
             "findings": [{"level": "T6", "escc": "2"}]},
            {"type": "performance", "date": "2019-01-15", "kps": 60},
        ],
    }
    assert client.post("/cases", headers=h, json=case).status_code == 201
    rh = auth(people[R])
    listing = client.get("/cases", headers=rh)
    rid = listing.json()["items"][0]["id"]
    texts = [listing.text, client.get(f"/cases/{rid}", headers=rh).text]
    for path in (f"/cases/{rid}/course",):
        r = client.get(path, headers=rh)
        if r.status_code == 200:
            texts.append(r.text)
    r = client.post(f"/cases/{rid}/assessments", headers=rh, json={"day": 5})
    if r.status_code == 200:
        texts.append(r.text)
    for text in texts:
        for secret in ("MRN-4711", "Mrs Example", "PAT-99", "Dr Who", "mri-jan"):
            assert secret not in text
        assert not DATE.search(text), text
    assert client.get("/cases/MRN-4711", headers=rh).status_code == 404
    r = client.post(f"/cases/{rid}/assessments", headers=rh, json={"date": "2019-01-15"})
    assert r.status_code == 409 and r.json()["errors"][0]["location"] == "date"  # the view has no dates


def test_assessment_on_a_day(client: TestClient, people: dict[str, Credentials]) -> None:
    h = auth(people[C])
    cid = _import(client, people[C])["id"]
    r = client.post(f"/cases/{cid}/assessments", headers=h, json={"day": 28})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["day"] == 28 and {"instruments", "plan", "alerts"} <= set(body)
    assert client.post(f"/cases/{cid}/assessments", headers=h, json={"day": 28, "date": "2019-01-01"}).status_code == 422


def test_course(client: TestClient, people: dict[str, Credentials]) -> None:
    cid = _import(client, people[C])["id"]
    r = client.get(f"/cases/{cid}/course", headers=auth(people[C]))
    assert r.status_code == 200, r.text


def test_scoring_and_calculator(client: TestClient, people: dict[str, Credentials]) -> None:
    h = auth(people[C])
    r = client.post("/instruments/sins/score", headers=h, json={"answers": {"location": "semirigid"}})
    assert r.status_code == 200 and r.json()["min_total"] <= r.json()["max_total"]
    r = client.post("/instruments/sins/score", headers=h, json={"answers": {"location": "elsewhere"}})
    assert (r.status_code == 422 and r.json()["errors"][0]["location"].startswith("answers")) or r.status_code == 422
    assert client.get("/instruments/nope", headers=h).status_code == 404
    r = client.post("/calculator", headers=h, json={"case": {"id": "x", "primary": {"site": "breast"}, "timeline": [
        {"type": "imaging", "day": 0, "modality": "mri", "findings": [{"level": "T6", "escc": "2"}]}]}})
    assert r.status_code == 200, r.text


def test_admin_team_routes_divide_cases_and_people(client: TestClient, people: dict[str, Credentials]) -> None:
    admin, clin = auth(people["admin"]), auth(people["clinician"])
    cid = _import(client, people["clinician"])["id"]
    assert client.post("/teams", headers=admin, json={"name": "ward-7"}).status_code == 201
    r = client.post("/teams/ward-7/members", headers=admin, json={"user": "clinician1", "default": True})
    assert r.status_code == 201 and r.json() == {"team": "ward-7", "user": "clinician1", "default": True}
    created = client.post("/cases", headers=clin, json={"id": "w7-1", "primary": {"site": "breast"}})
    assert created.status_code == 201
    teams = {t["name"]: t for t in client.get("/teams", headers=admin).json()}
    assert (teams["ward-7"]["cases"], teams["default"]["cases"]) == (1, 1)
    r = client.delete("/teams/default/members/clinician1", headers=admin)
    assert r.status_code == 200 and [m["team"] for m in r.json()] == ["ward-7"]
    assert client.get(f"/cases/{cid}", headers=clin).status_code == 404
    assert client.post("/teams/ward-7/cases", headers=admin, json={"case_id": cid}).json()["teams"] == [
        "default", "ward-7"]
    assert client.get(f"/cases/{cid}", headers=clin).status_code == 200
    r = client.delete("/teams/ward-7/cases/w7-1", headers=admin)
    assert r.status_code == 409 and "at least one team" in r.json()["detail"]
    # a team the clinician is not in does not exist for them, like a case outside their teams
    assert client.post("/cases?team=default", headers=clin, json={"id": "x", "primary": {"site": "breast"}}
                       ).status_code == 404
