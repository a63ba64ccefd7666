"""The web case page lists the day's decisions in the core's order (issue 14 item 8: the decision the latest
events raise first), on every published case and day where a recurrence, a progression, a new deficit or a new
compression raises an alert, as the API and the command line do (tests/api/test_plan_order.py)."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from tests.api.test_plan_order import latest_event_days
from web_helpers import World, login

from spinemet.assessment import assess
from spinemet.io.casefile import load_case
from spinemet.service.base import system_actor
from spinemet.service.roles import Role


def test_the_case_page_shows_the_decisions_in_the_core_order(client: TestClient, world: World) -> None:
    login(client, world, "dr-doe")
    actor = system_actor(Role.clinician)
    points = latest_event_days()
    assert len(points) >= 5
    stored: dict[str, str] = {}
    for path, day in points:
        core = [r.rule for r in assess(load_case(path), day).plan.recommendations]
        key = str(path)
        if key not in stored:
            stored[key] = world.service.import_case_text(actor, path.read_text(), "yaml").id
        page = client.get(f"/web/cases/{stored[key]}?day={day}")
        assert page.status_code == 200, page.text[:300]
        shown = re.findall(r'class="decision-line[^"]*" id="now-([a-z_]+)"', page.text)
        assert shown == core, (path.parent.name, day, shown, core)
