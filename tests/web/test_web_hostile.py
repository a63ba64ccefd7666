"""Hostile input through the web pages (issue 13): a lone surrogate in an imported case file and NUL
characters in a login name, a search and a form field are answered with a page naming the problem
(4xx), never a 500 - on SQLite and on the real PostgreSQL, which cannot store a NUL at all (a NUL
that reached it was a 500)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from web_helpers import csrf_of

from _support.fixtures import db_url  # noqa: F401  (the SQLite and PostgreSQL databases)
from spinemet.api import create_app
from spinemet.service import Service, Settings
from spinemet.service.base import system_actor
from spinemet.service.roles import Role


@pytest.fixture
def doctor(db_url: str) -> Iterator[tuple[TestClient, Service]]:  # noqa: F811
    settings = Settings(database_url=db_url, include_web=True, pool_size=2)
    service = Service.open(settings)
    creds = service.add_user(system_actor(Role.admin), "dr-nul", "clinician", password=True, token=False)
    client = TestClient(create_app(settings, service=service), follow_redirects=False)
    page = client.get("/web/login")
    assert client.post("/web/login", data={"csrf_token": csrf_of(page.text), "username": "dr-nul",
                                           "password": creds.password or "", "next": "/web/cases"}).status_code == 303
    yield client, service
    service.close()


def test_lone_surrogate_in_a_web_import_is_refused_naming_the_field(doctor: tuple[TestClient, Service]) -> None:
    client, service = doctor
    token = csrf_of(client.get("/web/cases/new").text)
    text = '{"id": "sur-1", "primary": {"site": "breast"}, "title": "a\\ud800b"}'  # JSON's escape makes it
    r = client.post("/web/cases/import", data={"csrf_token": token, "text": text})
    assert r.status_code == 422, r.text[:500]
    assert "title" in r.text and "lone surrogate" in r.text
    assert service.list_cases(system_actor(Role.clinician)).total == 0  # nothing stored


def test_nul_in_a_web_login_name_a_search_and_a_form_is_refused_not_a_500(db_url: str,  # noqa: F811
                                                                          doctor: tuple[TestClient, Service]) -> None:
    client, service = doctor
    anonymous = TestClient(client.app, follow_redirects=False)
    page = anonymous.get("/web/login")
    login = anonymous.post("/web/login", data={"csrf_token": csrf_of(page.text), "username": "dr\x00nul",
                                               "password": "x"})
    assert 400 <= login.status_code < 500, login.text[:500]
    search = client.get("/web/cases", params={"q": "a\x00b"})
    assert search.status_code == 422 and "NUL" in search.text
    token = csrf_of(client.get("/web/cases/new").text)
    imported = client.post("/web/cases/import", data={"csrf_token": token,
                                                      "text": "id: nul-1\nprimary: {site: breast}\ntitle: \"a\\0b\"\n"})
    assert imported.status_code == 422 and "NUL" in imported.text, imported.text[:500]
    assert service.list_cases(system_actor(Role.clinician)).total == 0
