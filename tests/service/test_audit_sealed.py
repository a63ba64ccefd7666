"""The audit chain sealed with a key outside the database, and anchors (issue 13 item 5), on SQLite
and PostgreSQL with the real command. The probe: editing an entry and recomputing every hash and the
chain head passed ``spinemet audit verify`` (unkeyed SHA-256, head in the same database)."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from spinemet.service import Actor, Role, Service, Settings, system_actor
from spinemet.store import Database, upgrade
from spinemet.store.audit import entry_hash
from spinemet.store.audit_key import AuditKeys, load
from spinemet.store.canonical import canonical, sha256_hex
from spinemet.store.tables import GENESIS_HASH

STORY = Path(__file__).resolve().parents[2] / "examples" / "story-lung-net-t6.yaml"
CLIN = Actor("ann", Role.clinician)


def spinemet(db_url: str, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("spinemet")
    return subprocess.run([str(exe), *args], capture_output=True, text=True, timeout=120,
                          env={**(env or os.environ), "SPINEMET_DATABASE_URL": db_url})


def _fill(service: Service, reads: int = 4) -> str:
    case_id = service.import_case_text(CLIN, STORY.read_text()).id
    for _ in range(reads):
        service.get_case(CLIN, case_id)
    return case_id


def _rewrite(service: Service, keys: AuditKeys | None, seq: int, action: str) -> None:
    """What a database writer does: change entry ``seq`` and recompute every hash after it and the
    head; with ``keys`` None they do not have the audit key and recompute the unkeyed hash."""
    with service.db.engine.begin() as conn:
        rows = [dict(m) for m in conn.exec_driver_sql("SELECT * FROM audit_log ORDER BY seq").mappings()]
        prev = GENESIS_HASH
        for row in rows:
            if row["seq"] == seq:
                row["action"] = action
            row["prev_hash"] = prev
            if keys is None:
                row["key_id"] = None
            prev = entry_hash(row, keys)
            conn.execute(sa.text("UPDATE audit_log SET action = :a, prev_hash = :p, hash = :h, key_id = :k "
                                 "WHERE seq = :s"),
                         {"a": row["action"], "p": row["prev_hash"], "h": prev, "k": row["key_id"], "s": row["seq"]})
        conn.execute(sa.text("UPDATE audit_head SET seq = :s, hash = :h WHERE id = 1"), {"s": len(rows), "h": prev})


def test_a_rewrite_without_the_key_fails_verify(service: Service) -> None:
    _fill(service)
    assert spinemet(service.db.url, "audit", "verify").returncode == 0
    _rewrite(service, None, 3, "case.list")
    bad = spinemet(service.db.url, "audit", "verify")
    assert bad.returncode == 1, bad.stdout
    assert "entry 1 is not sealed with the audit key" in bad.stderr, bad.stderr


def test_a_rewrite_with_the_key_is_caught_by_the_anchor(service: Service, tmp_path: Path) -> None:
    _fill(service)
    anchor = tmp_path / "anchor.json"
    made = spinemet(service.db.url, "audit", "anchor", "--output", str(anchor))
    assert made.returncode == 0, made.stderr
    seq = json.loads(anchor.read_text())["seq"]
    assert seq == 5
    service.get_case(CLIN, "story-lung-net-t6")  # the chain goes on after the anchor
    assert spinemet(service.db.url, "audit", "verify", "--anchor", str(anchor)).returncode == 0
    _rewrite(service, service.audit_keys, 2, "case.list")  # someone who also holds the key
    plain = spinemet(service.db.url, "audit", "verify")
    assert plain.returncode == 0  # the stated limit: the key holder can reseal the chain...
    anchored = spinemet(service.db.url, "audit", "verify", "--anchor", str(anchor))
    assert anchored.returncode == 1  # ...but not the anchor kept outside the database
    assert "entry 5 differs from the anchor" in anchored.stderr, anchored.stderr


def test_a_cut_tail_with_a_rewritten_head_is_caught_by_the_anchor(service: Service, tmp_path: Path) -> None:
    _fill(service)
    anchor = tmp_path / "anchor.json"
    assert spinemet(service.db.url, "audit", "anchor", "-o", str(anchor)).returncode == 0
    with service.db.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM audit_log WHERE seq > 3")
        head = conn.exec_driver_sql("SELECT hash FROM audit_log WHERE seq = 3").scalar_one()
        conn.execute(sa.text("UPDATE audit_head SET seq = 3, hash = :h WHERE id = 1"), {"h": head})
    assert spinemet(service.db.url, "audit", "verify").returncode == 0
    bad = spinemet(service.db.url, "audit", "verify", "--anchor", str(anchor))
    assert bad.returncode == 1 and "entries 4 to 5" in bad.stderr, bad.stderr
    forged = json.loads(anchor.read_text()) | {"seq": 3}
    anchor.write_text(json.dumps(forged))
    bad = spinemet(service.db.url, "audit", "verify", "--anchor", str(anchor))
    assert bad.returncode == 1 and "signature" in bad.stderr


def _legacy_entries(conn: Any, n: int) -> None:
    """Entries as the previous release wrote them: unkeyed SHA-256, no key id."""
    prev = GENESIS_HASH
    for seq in range(1, n + 1):
        row = {"seq": seq, "at": "2026-11-01T00:00:00Z", "actor": "ann", "role": "clinician", "action": "case.read",
               "case_id": "c1", "outcome": "success", "detail": "{}"}
        digest = sha256_hex(prev + canonical(row))
        conn.execute(sa.text("INSERT INTO audit_log (seq, at, actor, role, action, case_id, outcome, detail, "
                             "prev_hash, hash) VALUES (:seq, :at, :actor, :role, :action, :case_id, :outcome, "
                             ":detail, :prev, :hash)"), {**row, "prev": prev, "hash": digest})
        prev = digest
    conn.execute(sa.text("UPDATE audit_head SET seq = :s, hash = :h WHERE id = 1"), {"s": n, "h": prev})


def test_an_existing_chain_is_sealed_on_upgrade_and_keeps_verifying(db_url: str, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    key_file = tmp_path / "keys" / "audit.key"
    monkeypatch.setenv("SPINEMET_AUDIT_KEY_FILE", str(key_file))
    db = Database(db_url)
    upgrade(db, "0002")  # the previous release's schema
    with db.engine.begin() as conn:
        _legacy_entries(conn, 6)
    db.dispose()
    done = spinemet(db_url, "db", "upgrade", env=dict(os.environ))
    assert done.returncode == 0, done.stderr
    assert str(key_file) in done.stdout
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    ok = spinemet(db_url, "audit", "verify", env=dict(os.environ))
    assert ok.returncode == 0 and "7 entries" in ok.stdout, ok.stdout + ok.stderr
    service = Service.open(Settings(database_url=db_url, migrate=False, pool_size=2))
    try:
        sealed = service.audit_entries(system_actor())
        assert sealed[-1].action == "audit.seal" and sealed[-1].detail["sealed"] == 6
        keys = load(db_url)
        assert keys is not None and {e.key_id for e in sealed} == {keys.current}
    finally:
        service.close()


def test_a_broken_old_chain_is_not_sealed(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SPINEMET_AUDIT_KEY_FILE", str(tmp_path / "audit.key"))
    db = Database(db_url)
    upgrade(db, "0002")
    with db.engine.begin() as conn:
        _legacy_entries(conn, 4)
        conn.exec_driver_sql("UPDATE audit_log SET actor = 'mallory' WHERE seq = 2")
    db.dispose()
    done = spinemet(db_url, "db", "upgrade", env=dict(os.environ))
    assert done.returncode == 1 and "broken at entry 2" in done.stderr and "Traceback" not in done.stderr


def test_the_key_is_made_beside_a_sqlite_database_and_rotation_keeps_old_entries_verifying(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SPINEMET_AUDIT_KEY_FILE", raising=False)
    url = f"sqlite:///{tmp_path / 'team.sqlite3'}"
    env = dict(os.environ)
    assert spinemet(url, "db", "upgrade", env=env).returncode == 0
    key_file = tmp_path / "team.sqlite3.auditkey"
    assert key_file.exists() and stat.S_IMODE(key_file.stat().st_mode) == 0o600
    service = Service.open(Settings(database_url=url, pool_size=2))
    _fill(service, reads=1)
    service.close()
    rotated = spinemet(url, "audit", "rotate-key", env=env)
    assert rotated.returncode == 0 and "2 key(s)" in rotated.stdout
    service = Service.open(Settings(database_url=url, pool_size=2))
    service.get_case(CLIN, "story-lung-net-t6")
    kids = [e.key_id for e in service.audit_entries(system_actor())]
    service.close()
    assert len(set(kids)) == 2 and kids[-1] != kids[0]
    assert spinemet(url, "audit", "verify", env=env).returncode == 0
    key_file.rename(tmp_path / "elsewhere.key")  # without the key nothing is read, nothing verifies
    assert spinemet(url, "audit", "verify", env=env).returncode == 1
