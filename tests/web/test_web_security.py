"""Fast checks of login, sessions, CSRF and roles through the real app (no browser)."""

from __future__ import annotations

from fastapi.testclient import TestClient
from web_helpers import STORY, World, csrf_of, login


def test_anonymous_is_sent_to_login(client: TestClient) -> None:
    response = client.get("/web/cases")
    assert response.status_code == 303
    assert response.headers["location"].startswith("/web/login?next=/web/cases")


def test_session_cookie_flags(client: TestClient) -> None:
    response = client.get("/web/login")
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "path=/" in cookie


def test_login_without_csrf_is_refused(client: TestClient, world: World) -> None:
    client.get("/web/login")
    response = client.post("/web/login", data={"username": "dr-doe", "password": world.passwords["dr-doe"]})
    assert response.status_code == 403
    assert "security token" in response.text


def test_wrong_password_is_refused_without_saying_which_part(client: TestClient) -> None:
    page = client.get("/web/login")
    response = client.post("/web/login", data={"csrf_token": csrf_of(page.text), "username": "dr-doe", "password": "nope"})
    assert response.status_code == 401
    assert "user name or password is not right" in response.text
    assert client.get("/web/cases").status_code == 303


def test_event_post_without_or_with_wrong_csrf_is_403(client: TestClient, world: World) -> None:
    login(client, world, "dr-doe")
    page = client.get(f"/web/cases/{STORY}")
    assert page.status_code == 200
    data = {"type": "pain", "day": "200", "character": "mechanical", "version": "1"}
    assert client.post(f"/web/cases/{STORY}/events", data=data).status_code == 403
    assert client.post(f"/web/cases/{STORY}/events", data={**data, "csrf_token": "forged"}).status_code == 403
    ok = client.post(f"/web/cases/{STORY}/events", data={**data, "csrf_token": csrf_of(page.text)})
    assert ok.status_code == 303


def test_login_rotates_the_session_and_logout_ends_it(client: TestClient, world: World) -> None:
    client.get("/web/login")
    before = dict(client.cookies)
    login(client, world, "dr-doe")
    after = dict(client.cookies)
    assert before != after
    page = client.get("/web/cases")
    assert page.status_code == 200
    assert client.post("/web/logout", data={"csrf_token": csrf_of(page.text)}).status_code == 303
    # the old session cookie no longer opens anything
    stale = TestClient(world.app, follow_redirects=False, cookies=after)
    assert stale.get("/web/cases").status_code == 303


def test_researcher_reads_deidentified_and_cannot_write(client: TestClient, world: World) -> None:
    login(client, world, "res-roe")
    listing = client.get("/web/cases")
    assert listing.status_code == 200
    assert STORY not in listing.text and "Lung neuro-endocrine tumour metastatic" not in listing.text
    assert "De-identified view" in listing.text
    assert client.get("/web/cases/new").status_code == 403
    page = client.get(f"/web/cases/{STORY}")
    assert page.status_code == 404  # the real id is not a researcher's handle
    token = csrf_of(listing.text)
    refused = client.post(f"/web/cases/{STORY}/events", data={"csrf_token": token, "type": "pain", "day": "1"})
    assert refused.status_code == 403


def test_admin_cannot_read_cases(client: TestClient, world: World) -> None:
    login(client, world, "adm-poe")
    assert client.get("/web/cases").status_code == 403


def test_open_redirect_is_refused(client: TestClient, world: World) -> None:
    page = client.get("/web/login")
    response = client.post(
        "/web/login",
        data={"csrf_token": csrf_of(page.text), "username": "dr-doe", "password": world.passwords["dr-doe"],
              "next": "//evil.example/"},
    )
    assert response.headers["location"] == "/web/cases"


def test_bad_input_gives_pages_not_tracebacks(client: TestClient, world: World) -> None:
    login(client, world, "dr-doe")
    assert client.get("/web/cases/no-such-case").status_code == 404
    assert client.get(f"/web/cases/{STORY}?day=soon").status_code == 400
    assert client.get("/web/cases?level=T13").status_code == 200
    page = client.get(f"/web/cases/{STORY}")
    token = csrf_of(page.text)
    bad = client.post(
        f"/web/cases/{STORY}/events",
        data={"csrf_token": token, "type": "imaging", "version": "1", "day": "40", "modality": "mri", "level": "T13"},
    )
    assert bad.status_code == 422
    assert 'id="imaging-level-err"' in bad.text and "T13" in bad.text
    unknown = client.post(f"/web/cases/{STORY}/events", data={"csrf_token": token, "type": "bogus"})
    assert unknown.status_code == 400
    stale = client.post(
        f"/web/cases/{STORY}/events",
        data={"csrf_token": token, "type": "pain", "version": "0", "day": "40", "character": "none"},
    )
    assert stale.status_code in (400, 409, 422)
    imported = client.post("/web/cases/import", data={"csrf_token": token, "text": "id: [unclosed"})
    assert imported.status_code == 422 and "malformed YAML" in imported.text
