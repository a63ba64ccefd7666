"""``spinemet serve`` as a newcomer runs it: a real subprocess, its printed one-time login, the web login."""

from __future__ import annotations

import os
import re
import sqlite3
from pathlib import Path

import httpx
from web_helpers import STORY, csrf_of

from _support.server import Server


def _login(base: str, name: str, password: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=30, follow_redirects=True)
    page = client.get("/web/login")
    assert page.status_code == 200
    answer = client.post("/web/login", data={"csrf_token": csrf_of(page.text), "username": name,
                                             "password": password, "next": "/web/cases"})
    assert answer.status_code == 200 and str(answer.url).endswith("/web/cases"), answer.text[:500]
    return client


def test_serve_without_arguments_shows_the_story_case_to_the_printed_login(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "SPINEMET_DATABASE_URL"}
    server = Server(None, tmp_path / "serve.log", args=(), env=env, cwd=tmp_path).start()
    try:
        out = server.output()
        assert f"http://127.0.0.1:{server.port}/web/" in out, out
        found = re.search(r"One-time login:\s+user (\S+)\s+password (\S+)", out)
        assert found, out
        name, password = found.groups()
        where = re.search(r"fresh demo database \((\S+\.sqlite3)", out)
        assert where, out
        db_file = Path(where.group(1))
        assert db_file.is_file() and not (tmp_path / "spinemet.sqlite3").exists()
        client = _login(server.base, name, password)
        try:
            listing = client.get("/web/cases")
            assert listing.status_code == 200 and STORY in listing.text
            assert client.get(f"/web/cases/{STORY}").status_code == 200
        finally:
            client.close()
        with sqlite3.connect(db_file) as conn:  # the password is stored only as a hash
            (stored,) = conn.execute("SELECT password_hash FROM users WHERE name = ?", (name,)).fetchone()
        assert stored and password not in stored
        assert password.encode() not in db_file.read_bytes()
        with httpx.Client(base_url=server.base, timeout=30) as wrong:
            page = wrong.get("/web/login")
            refused = wrong.post("/web/login", data={"csrf_token": csrf_of(page.text), "username": name,
                                                     "password": password + "x"})
        assert refused.status_code == 401
    finally:
        server.stop()
    assert not db_file.parent.exists(), "the demo database outlived the server"


def test_serve_with_a_database_url_makes_no_demo_and_no_login(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'team.sqlite3'}"
    server = Server(url, tmp_path / "serve.log", args=()).start()
    try:
        out = server.output()
        assert "One-time login" not in out and "spinemet user add --role admin NAME" in out, out
        assert httpx.get(server.base + "/cases", timeout=30).status_code == 401  # no default credentials
    finally:
        server.stop()
    with sqlite3.connect(tmp_path / "team.sqlite3") as conn:
        assert conn.execute("SELECT count(*) FROM users").fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM cases").fetchone() == (0,)
