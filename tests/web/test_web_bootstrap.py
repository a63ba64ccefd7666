"""The newcomer's first start: story case loaded, one-time clinician login that works once printed."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from web_helpers import STORY, csrf_of

from spinemet.api import create_app
from spinemet.service import Service, Settings
from spinemet.web.bootstrap import banner, bootstrap_demo


def test_fresh_database_gets_the_story_case_and_a_one_time_login(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'fresh.sqlite3'}", include_web=True)
    service = Service.open(settings)
    try:
        login = bootstrap_demo(service)
        assert login is not None and login.role == "clinician" and len(login.password) >= 12
        assert bootstrap_demo(service) is None  # users exist now: no second login is made
        text = banner("127.0.0.1", 8000, login)
        assert "http://127.0.0.1:8000/web/" in text and login.password in text
        client = TestClient(create_app(settings, service=service), follow_redirects=False)
        page = client.get("/web/login")
        client.post("/web/login", data={"csrf_token": csrf_of(page.text), "username": login.name,
                                        "password": login.password})
        listing = client.get("/web/cases")
        assert listing.status_code == 200 and STORY in listing.text
    finally:
        service.close()
