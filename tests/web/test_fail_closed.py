"""Fail closed, clearly (issue 13 item 7): the web answers a readable 503 page when the database
cannot be reached (before: 500), the command line prints one plain line (before: a traceback),
``/docs`` needs nothing from outside (before: Swagger from a CDN), HSTS over TLS, and a CSP on
every response that renders, the course picture included (before: none on ``course.svg``)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from web_helpers import STORY, World, csrf_of, login

from spinemet.api import create_app
from spinemet.service import Service, Settings

UNREACHABLE = {
    "sqlite": "sqlite:////nonexistent-spinemet-dir/none/db.sqlite3",
    "postgresql": "postgresql+psycopg://postgres@127.0.0.1:1/test",  # nothing listens on port 1
}


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_web_login_answers_a_readable_503_page_when_the_database_is_unreachable(kind: str) -> None:
    url = UNREACHABLE[kind]
    service = Service.open(Settings(database_url=url, migrate=False))
    app = create_app(Settings(database_url=url, migrate=False, include_web=True), service=service)
    try:
        with TestClient(app, raise_server_exceptions=False, follow_redirects=False) as client:
            page = client.get("/web/login")
            assert page.status_code == 200
            r = client.post("/web/login", data={"username": "dr-doe", "password": "x" * 12,
                                                "csrf_token": csrf_of(page.text)})
            assert r.status_code == 503
            assert r.headers["content-type"].startswith("text/html")
            assert r.headers["retry-after"] == "5"
            assert "cannot be reached" in r.text and "Traceback" not in r.text
            api = client.get("/cases", headers={"Authorization": "Bearer smt_x"})
            assert api.status_code == 503 and api.headers["content-type"].startswith("application/problem+json")
    finally:
        service.close()


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
@pytest.mark.parametrize("command", [["user", "list"], ["audit", "verify"], ["db", "upgrade"], ["import", "x.yaml"],
                                     ["db", "check"]])
def test_cli_prints_one_plain_line_when_the_database_is_unreachable(kind: str, command: list[str],
                                                                     tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("spinemet")
    env = {**os.environ, "SPINEMET_DATABASE_URL": UNREACHABLE[kind]}
    r = subprocess.run([str(exe), *command], capture_output=True, text=True, env=env, timeout=60, cwd=tmp_path)
    assert r.returncode != 0
    assert "Traceback" not in r.stderr
    lines = [line for line in r.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "database cannot be used now" in lines[0], r.stderr


def test_docs_work_offline(client: TestClient) -> None:
    r = client.get("/docs")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "/cases/{case_id}/assessments" in r.text and "AssessmentRequest" in r.text
    for outside in ("<script", "http://", "https://", "cdn", "<link"):
        assert outside not in r.text.lower(), outside
    assert "default-src 'none'" in r.headers["content-security-policy"]
    assert client.get("/redoc").status_code == 404


def test_hsts_over_tls_and_behind_a_trusted_proxy_only(world: World, tmp_path: Path) -> None:
    plain = TestClient(world.app)
    assert "strict-transport-security" not in plain.get("/health").headers
    forwarded = {"X-Forwarded-Proto": "https"}
    assert "strict-transport-security" not in plain.get("/health", headers=forwarded).headers  # untrusted sender
    tls = TestClient(world.app, base_url="https://testserver")
    assert tls.get("/health").headers["strict-transport-security"].startswith("max-age=31536000")
    proxied = create_app(Settings(database_url=world.service.db.url, migrate=False, include_web=True,
                                  trusted_proxies=("testclient",)), service=world.service)
    behind = TestClient(proxied)
    assert behind.get("/health", headers=forwarded).headers["strict-transport-security"].startswith("max-age=")
    assert "strict-transport-security" not in behind.get("/health").headers


def test_every_rendering_response_has_a_csp_the_course_picture_included(client: TestClient, world: World) -> None:
    login(client, world, "dr-doe")
    svg = client.get(f"/web/cases/{STORY}/course.svg")
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")
    assert "script-src 'self'" in svg.headers["content-security-policy"]
    for path in ("/web/cases", f"/web/cases/{STORY}", "/health", "/openapi.json", "/web/login"):
        r = client.get(path)
        assert "frame-ancestors 'none'" in r.headers["content-security-policy"], path
