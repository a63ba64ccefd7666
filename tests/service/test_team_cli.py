"""``spinemet team …``, ``user add --team`` and ``import --team`` on a real database (real commands):
the operator divides people and cases into care teams, and a clinician then reaches their teams' cases only."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from spinemet.service import Service

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def spinemet(db_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("spinemet")
    env = {**os.environ, "SPINEMET_DATABASE_URL": db_url}
    return subprocess.run([str(exe), *args], capture_output=True, text=True, env=env, timeout=120)


def _ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_operator_divides_people_and_cases_into_teams(service: Service) -> None:
    url = service.db.url
    _ok(spinemet(url, "team", "create", "neuro-onc"))
    creds = json.loads(_ok(spinemet(url, "user", "add", "--role", "clinician", "--team", "neuro-onc", "nina",
                                    "--format", "json")))
    story = EXAMPLES / "story-lung-net-t6.yaml"
    other = EXAMPLES / "synthetic-myeloma-l3-low-escc.yaml"
    _ok(spinemet(url, "import", "--team", "neuro-onc", str(story)))
    _ok(spinemet(url, "import", str(other)))  # no team named: the team 'default'
    listing = json.loads(_ok(spinemet(url, "team", "list", "--format", "json")))
    assert {t["name"]: (t["cases"], t["members"]) for t in listing} == {
        "default": (1, []), "neuro-onc": (1, ["nina"])}
    nina = service.authenticate_token(creds["token"])
    assert [c.id for c in service.list_cases(nina).items] == ["story-lung-net-t6"]
    out = _ok(spinemet(url, "team", "add-case", "neuro-onc", "synthetic-myeloma-l3"))
    assert "default, neuro-onc" in out
    assert service.list_cases(nina).total == 2
    _ok(spinemet(url, "team", "remove-member", "neuro-onc", "nina"))
    assert service.list_cases(nina).total == 0


def test_team_commands_answer_bad_names_in_one_line(service: Service) -> None:
    url = service.db.url
    missing = spinemet(url, "team", "add-member", "no-such-team", "nobody")
    assert missing.returncode == 1 and "team 'no-such-team' does not exist" in missing.stderr
    assert "Traceback" not in missing.stderr
    bad = spinemet(url, "team", "create", "bad name!")
    assert bad.returncode == 1 and "allowed" in bad.stderr and "Traceback" not in bad.stderr
    refused = spinemet(url, "import", "--team", "no-such-team", str(EXAMPLES / "story-lung-net-t6.yaml"))
    assert refused.returncode == 1 and "team 'no-such-team' does not exist" in refused.stderr
