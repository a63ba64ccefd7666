"""The plan's order comes from the core (issue 14 item 8: the decision the latest events raise first),
and the adapters keep it: the API's plan lists the recommendations in the order the assessment gives,
the command line too. Story case on day 28: the early local recurrence re-opens the recurrence decision,
which leads, before the re-triage it also asks for."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from _support.fixtures import auth
from spinemet.assessment import assess
from spinemet.cli.app import _register, app
from spinemet.io.casefile import load_case
from spinemet.service.views import Credentials

STORY = Path(__file__).resolve().parents[2] / "examples" / "story-lung-net-t6.yaml"
_register()


def test_api_and_cli_show_the_plan_in_the_core_order(client: TestClient, people: dict[str, Credentials]) -> None:
    core = [r.rule for r in assess(load_case(STORY), 28).plan.recommendations]
    assert core[:2] == ["after_local_recurrence", "mscc_urgency"]
    creds = people["clinician"]
    r = client.post("/cases/import", json={"text": STORY.read_text(), "format": "yaml"}, headers=auth(creds))
    assert r.status_code == 201, r.text
    body = client.post(f"/cases/{r.json()['id']}/assessments", headers=auth(creds), json={"day": 28}).json()
    assert [rec["rule"] for rec in body["plan"]["recommendations"]] == core
    out = CliRunner().invoke(app, ["assess", str(STORY), "--on", "28", "--format", "json"])
    assert [rec["rule"] for rec in json.loads(out.output)["plan"]["recommendations"]] == core


PUBLISHED = Path(__file__).resolve().parents[1] / "cases" / "published"
#: Course alerts raised by a recurrence, a progression, a new deficit or a new compression (issue 14 item 8).
_LATEST = ("recurrence", "progression", "deterioration", "compression")


def latest_event_days() -> list[tuple[Path, int]]:
    """Every published case and day on which such an alert is raised (the days a plan must lead with it)."""
    from spinemet.course import analyse

    out = []
    for path in sorted(PUBLISHED.glob("*/case.yaml")):
        case = load_case(path)
        days = sorted({a.day for a in analyse(case).alerts if any(k in a.key for k in _LATEST)})
        out += [(path, day) for day in days]
    return out


def test_every_published_recurrence_or_new_deficit_day_has_the_same_order_in_api_and_cli(
        client: TestClient, people: dict[str, Credentials]) -> None:
    # Checked against the core's order (order_by_what_matters_now) on every such day of the development set.
    points = latest_event_days()
    assert len(points) >= 5
    creds = people["clinician"]
    stored: dict[Path, str] = {}
    for path, day in points:
        core = [r.rule for r in assess(load_case(path), day).plan.recommendations]
        if path not in stored:
            r = client.post("/cases/import", json={"text": path.read_text(), "format": "yaml"}, headers=auth(creds))
            assert r.status_code == 201, r.text
            stored[path] = r.json()["id"]
        body = client.post(f"/cases/{stored[path]}/assessments", headers=auth(creds), json={"day": day}).json()
        assert [rec["rule"] for rec in body["plan"]["recommendations"]] == core, (path.parent.name, day)
        out = CliRunner().invoke(app, ["assess", str(path), "--on", str(day), "--format", "json"])
        assert [rec["rule"] for rec in json.loads(out.output)["plan"]["recommendations"]] == core, (
            path.parent.name, day)
