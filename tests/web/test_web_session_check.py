"""A disabled account loses its web sessions at once (ASVS 7.4.2): every request asks the service."""

from __future__ import annotations

from fastapi.testclient import TestClient
from web_helpers import World, login

from spinemet.service import system_actor


def test_disabling_a_user_ends_their_open_session_on_the_next_request(client: TestClient, world: World) -> None:
    login(client, world, "dr-doe")
    assert client.get("/web/cases").status_code == 200
    world.service.set_disabled(system_actor(), "dr-doe", True)
    refused = client.get("/web/cases")
    assert refused.status_code == 303 and refused.headers["location"].startswith("/web/login")
    world.service.set_disabled(system_actor(), "dr-doe", False)
    assert client.get("/web/cases").status_code == 303  # the session is gone, not merely suspended
    login(client, world, "dr-doe")
    assert client.get("/web/cases").status_code == 200


def test_other_users_sessions_are_unaffected(world: World) -> None:
    doe = TestClient(world.app, follow_redirects=False)
    roe = TestClient(world.app, follow_redirects=False)
    login(doe, world, "dr-doe")
    login(roe, world, "res-roe")
    world.service.set_disabled(system_actor(), "res-roe", True)
    assert doe.get("/web/cases").status_code == 200
    assert roe.get("/web/cases").status_code == 303
