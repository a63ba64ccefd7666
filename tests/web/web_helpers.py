"""Helpers of the web tests: a real service on a temporary SQLite file, the real app, users,
a real uvicorn server on a free loopback port, and Debian's headless Chromium.

No mocks: the pages are served by the same ``create_app`` that ``spinemet serve`` uses.
"""

from __future__ import annotations

import re
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from spinemet.api import create_app
from spinemet.service import Service, Settings
from spinemet.service.base import system_actor
from spinemet.service.roles import Role

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"
STORY = "story-lung-net-t6"


@dataclass
class World:
    service: Service
    app: FastAPI
    passwords: dict[str, str]


def _world(tmp: Path, database_url: str | None = None) -> World:
    """Three users (one per role) and the story case, on a SQLite file unless a database URL is given."""
    settings = Settings(database_url=database_url or f"sqlite:///{tmp / 'web.sqlite3'}", include_web=True)
    service = Service.open(settings)
    passwords: dict[str, str] = {}
    for name, role in (("dr-doe", "clinician"), ("res-roe", "researcher"), ("adm-poe", "admin")):
        creds = service.add_user(system_actor(Role.admin), name, role, password=True, token=False)
        assert creds.password
        passwords[name] = creds.password
    service.seed_demo_case(system_actor(Role.clinician))
    return World(service, create_app(settings, service=service), passwords)


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF token on the page"
    return found.group(1)


def login(client: TestClient, world: World, name: str) -> None:
    page = client.get("/web/login")
    response = client.post(
        "/web/login",
        data={"csrf_token": csrf_of(page.text), "username": name, "password": world.passwords[name], "next": "/web/cases"},
    )
    assert response.status_code == 303, response.text


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Live:
    url: str
    world: World


def shot(page: Any, name: str, full_page: bool = True) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page)


def browser_login(page: Any, live: Live, name: str) -> None:
    page.goto(live.url + "/web/login")
    page.get_by_label("User name").fill(name)
    page.get_by_label("Password").fill(live.world.passwords[name])
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r".*/web/cases$"))




def open_event_form(page: Any, kind: str) -> None:
    """The event's own short form (the case page links each kind; after a refused save the address
    is the form's)."""
    case_url = re.sub(r"[?#].*$", "", page.url).removesuffix("/events")
    page.goto(f"{case_url}/events?type={kind}")
