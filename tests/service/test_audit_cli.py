"""``spinemet audit verify`` detects an altered or a deleted audit entry (real database, real command)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from spinemet.service import Actor, Role, Service

STORY = Path(__file__).resolve().parents[2] / "examples" / "story-lung-net-t6.yaml"
CLIN = Actor("ann", Role.clinician)


def spinemet(db_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("spinemet")
    env = {**os.environ, "SPINEMET_DATABASE_URL": db_url}
    return subprocess.run([str(exe), *args], capture_output=True, text=True, env=env, timeout=60)


def _fill(service: Service) -> str:
    case_id = service.import_case_text(CLIN, STORY.read_text()).id
    for _ in range(4):
        service.get_case(CLIN, case_id)
    return case_id


@pytest.mark.parametrize("tamper", ["alter", "delete_middle", "delete_last", "alter_and_rehash"])
def test_verify_detects_tampering(service: Service, tamper: str) -> None:
    case_id = _fill(service)
    ok = spinemet(service.db.url, "audit", "verify")
    assert ok.returncode == 0, ok.stderr
    assert "5 entries" in ok.stdout
    with service.db.engine.begin() as conn:
        if tamper == "alter":
            conn.exec_driver_sql("UPDATE audit_log SET actor = 'mallory' WHERE seq = 3")
        elif tamper == "delete_middle":
            conn.exec_driver_sql("DELETE FROM audit_log WHERE seq = 2")
        elif tamper == "delete_last":
            conn.exec_driver_sql("DELETE FROM audit_log WHERE seq = 5")
        else:  # change an entry and recompute its hash without the audit key: the seal breaks
            conn.exec_driver_sql("UPDATE audit_log SET action = 'case.list' WHERE seq = 3")
            from spinemet.store.audit import entry_hash

            row = dict(conn.exec_driver_sql("SELECT * FROM audit_log WHERE seq = 3").mappings().one())
            conn.exec_driver_sql(f"UPDATE audit_log SET hash = '{entry_hash({**row, 'key_id': None})}' WHERE seq = 3")
    bad = spinemet(service.db.url, "audit", "verify")
    assert bad.returncode == 1
    expected = {"alter": "3", "delete_middle": "2", "delete_last": "5", "alter_and_rehash": "3"}[tamper]
    assert f"entry {expected}" in bad.stderr
    shown = spinemet(service.db.url, "audit", "show", "--case", case_id)
    assert shown.returncode == 0 and "case.read" in shown.stdout


def test_user_commands(service: Service) -> None:
    added = spinemet(service.db.url, "user", "add", "--role", "admin", "boss", "--format", "json")
    assert added.returncode == 0, added.stderr
    import json

    creds = json.loads(added.stdout)
    assert creds["token"].startswith("smt_") and creds["password"]
    assert service.authenticate_token(creds["token"]).role is Role.admin
    again = spinemet(service.db.url, "user", "add", "--role", "admin", "boss")
    assert again.returncode == 1 and "already exists" in again.stderr
    token = json.loads(spinemet(service.db.url, "user", "token", "boss", "--format", "json").stdout)
    assert spinemet(service.db.url, "user", "revoke", "boss").returncode == 0
    from spinemet.service import NotAuthenticated

    for t in (creds["token"], token["token"]):
        with pytest.raises(NotAuthenticated):
            service.authenticate_token(t)
    assert spinemet(service.db.url, "user", "add", "--role", "wizard", "x").returncode == 1
