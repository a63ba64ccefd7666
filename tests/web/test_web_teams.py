"""The care-team page (issue 13 item 6 on the web): an administrator creates a team, adds and removes
members, sets a default team and places a case, through the real app on SQLite and the real PostgreSQL; each
change is what the service then enforces (a clinician reaches the case of their new team, and sees
its teams on the case page); others are refused, and every form needs the CSRF token."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from web_helpers import STORY, World, _world, csrf_of, login

from _support.fixtures import db_url  # noqa: F401
from spinemet.service.base import system_actor
from spinemet.service.roles import Role


@pytest.fixture
def world(db_url: str, tmp_path: Path) -> Iterator[World]:  # noqa: F811 (the fixture imported above)
    """This module's pages on both databases: SQLite and the real PostgreSQL (issue 13's tests run on both)."""
    w = _world(tmp_path, db_url)
    yield w
    w.service.close()


def _post(client: TestClient, path: str, **data: str) -> object:
    token = csrf_of(client.get("/web/teams").text)
    return client.post(path, data={"csrf_token": token, **data})


def test_admin_manages_teams_on_the_web_and_the_service_enforces_each_change(client: TestClient, world: World) -> None:
    login(client, world, "adm-poe")
    page = client.get("/web/teams")
    assert page.status_code == 200 and "<h1>Care teams</h1>" in page.text
    assert 'href="/web/teams" aria-current="page"' in page.text  # in the main navigation

    created = _post(client, "/web/teams", name="spine-surgery")
    assert created.status_code == 303  # type: ignore[attr-defined]
    page = client.get("/web/teams")
    assert "Team &#39;spine-surgery&#39; created." in page.text and 'id="team-2-h">spine-surgery' in page.text

    added = _post(client, "/web/teams/spine-surgery/members", user="dr-doe")
    assert added.status_code == 303  # type: ignore[attr-defined]
    memberships = {m.team: m.default for m in world.service.teams_of_user(system_actor(Role.admin), "dr-doe")}
    assert memberships == {"default": True, "spine-surgery": False}

    made = _post(client, "/web/teams/spine-surgery/members/dr-doe/default")
    assert made.status_code == 303  # type: ignore[attr-defined]
    memberships = {m.team: m.default for m in world.service.teams_of_user(system_actor(Role.admin), "dr-doe")}
    assert memberships == {"default": False, "spine-surgery": True}

    placed = _post(client, "/web/teams/spine-surgery/cases", case_id=STORY)
    assert placed.status_code == 303  # type: ignore[attr-defined]
    assert "is in: default, spine-surgery" in client.get("/web/teams").text

    removed_case = _post(client, "/web/teams/default/cases/remove", case_id=STORY)
    assert removed_case.status_code == 303  # type: ignore[attr-defined]
    removed = _post(client, "/web/teams/default/members/dr-doe/remove")
    assert removed.status_code == 303  # type: ignore[attr-defined]
    assert "dr-doe left &#39;default&#39;; their teams now: spine-surgery." in client.get("/web/teams").text

    # the clinician now reaches the case through spine-surgery only, and sees it on the case page
    doctor = TestClient(world.app, follow_redirects=False)
    login(doctor, world, "dr-doe")
    case_page = doctor.get(f"/web/cases/{STORY}")
    assert case_page.status_code == 200
    assert re.search(r"<dt>Care teams</dt><dd>spine-surgery</dd>", case_page.text)


def test_bad_team_changes_are_answered_on_the_page_naming_the_problem(client: TestClient, world: World) -> None:
    login(client, world, "adm-poe")
    bad_name = _post(client, "/web/teams", name="no spaces")
    assert bad_name.status_code == 422  # type: ignore[attr-defined]
    assert "is not allowed; allowed: 1-100 letters" in bad_name.text  # type: ignore[attr-defined]
    assert 'value="no spaces"' in bad_name.text  # type: ignore[attr-defined]  # kept for correction
    unknown_case = _post(client, "/web/teams/default/cases", case_id="no-such-case")
    assert unknown_case.status_code == 404  # type: ignore[attr-defined]
    assert "case &#39;no-such-case&#39; does not exist" in unknown_case.text  # type: ignore[attr-defined]
    last_team = _post(client, "/web/teams/default/cases/remove", case_id=STORY)
    assert last_team.status_code in (409, 422)  # type: ignore[attr-defined]  # a case keeps one team
    assert world.service.case_teams(system_actor(Role.admin), STORY) == ["default"]


def test_only_administrators_reach_the_team_page_and_every_form_needs_its_csrf_token(
        client: TestClient, world: World) -> None:
    for name in ("dr-doe", "res-roe"):
        other = TestClient(world.app, follow_redirects=False)
        login(other, world, name)
        refused = other.get("/web/teams")
        assert refused.status_code == 403 and "may not manage care teams" in refused.text
        assert 'href="/web/teams"' not in other.get("/web/cases").text
    login(client, world, "adm-poe")
    client.get("/web/teams")
    for path, data in (("/web/teams", {"name": "t2"}), ("/web/teams/default/members", {"user": "res-roe"}),
                       ("/web/teams/default/members/dr-doe/remove", {}), ("/web/teams/default/cases",
                                                                          {"case_id": STORY})):
        assert client.post(path, data=data).status_code == 403
        assert client.post(path, data={**data, "csrf_token": "forged"}).status_code == 403
    assert [t.name for t in world.service.list_teams(system_actor(Role.admin))] == ["default"]


def test_the_team_page_labels_every_control(client: TestClient, world: World) -> None:
    login(client, world, "adm-poe")
    html = client.get("/web/teams").text
    for control in re.findall(r"<(?:input|select)\b[^>]*>", html):
        if 'type="hidden"' in control or 'type="checkbox"' in control:
            continue  # a checkbox is labelled by its wrapping <label>
        found = re.search(r'id="([^"]+)"', control)
        assert found and f'for="{found.group(1)}"' in html, control
    for button in re.findall(r"<button[^>]*>([^<]*)</button>", html):
        assert button.strip()
