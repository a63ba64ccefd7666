"""The mechanisms behind the service's performance keep its guarantees: group commit of audit entries,
the cross-process SQLite write lock, per-request token checks, and the once-encoded assessment."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy.engine import Connection

from spinemet.service import Actor, NotAuthenticated, Role, Service, Settings, system_actor
from spinemet.store import Database
from spinemet.store import audit as audit_store
from spinemet.store import cases as case_store

STORY = Path(__file__).resolve().parents[2] / "examples" / "story-lung-net-t6.yaml"
CLIN = Actor("ann", Role.clinician)
ADMIN = Actor("root", Role.admin)


def _in_threads(n: int, fn) -> list[BaseException]:  # type: ignore[no-untyped-def]
    errors: list[BaseException] = []
    barrier = threading.Barrier(n)

    def run(i: int) -> None:
        barrier.wait()
        try:
            fn(i)
        except BaseException as exc:  # collected and asserted by the caller
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


def test_concurrent_reads_are_each_audited_and_the_chain_verifies(service: Service) -> None:
    case_id = service.import_case_text(CLIN, STORY.read_text()).id
    service.assess(CLIN, case_id, 28)  # fill the cache: later assessments cost a read and an audit entry
    before = service.verify_audit(ADMIN).entries
    commits_before = service._audit.commits

    def work(i: int) -> None:
        for _ in range(10):
            if i % 2:
                service.get_case(CLIN, case_id)
            else:
                service.assess(CLIN, case_id, 28)

    assert _in_threads(16, work) == []
    check = service.verify_audit(ADMIN)
    assert check.ok, check.reason
    assert check.entries - before == 160  # one entry per read, none lost, none doubled
    entries = service.audit_entries(ADMIN, case_id=case_id)
    assert [e.seq for e in entries] == sorted({e.seq for e in entries})
    assert sum(e.action in ("case.read", "case.assess") for e in entries) == 1 + 160  # and the warm-up
    assert service._audit.commits - commits_before <= 160


def test_a_failed_group_commit_fails_every_caller(tmp_path: Path) -> None:
    calls = [0]

    @contextmanager
    def broken_write() -> Iterator[Connection]:
        calls[0] += 1
        raise RuntimeError("disk full")
        yield  # pragma: no cover

    group = audit_store.GroupCommit(broken_write)
    entry = audit_store.NewEntry.of("ann", "clinician", "case.read", "c1", "success")
    errors = _in_threads(8, lambda i: group.append(entry))
    assert len(errors) == 8
    assert all(isinstance(e, audit_store.AuditWriteFailed) for e in errors)
    assert 1 <= calls[0] <= 8


def test_the_audit_is_written_before_a_read_returns(service: Service) -> None:
    case_id = service.import_case_text(CLIN, STORY.read_text()).id
    service._audit = audit_store.GroupCommit(lambda: _failing(service.db))
    with pytest.raises(audit_store.AuditWriteFailed):
        service.get_case(CLIN, case_id)
    with pytest.raises(audit_store.AuditWriteFailed):
        service.assess(CLIN, case_id, 28)


@contextmanager
def _failing(db: Database) -> Iterator[Connection]:
    with db.write() as conn:
        yield conn
        raise RuntimeError("commit refused")


def test_sqlite_writers_of_two_processes_queue_on_the_lock_file(tmp_path: Path) -> None:
    """Two Database objects on one file stand for two processes: each has its own mutex, the lock
    file serialises them, and the audit chain stays linear."""
    url = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    first = Service.open(Settings(database_url=url, pool_size=4))
    second = Service.open(Settings(database_url=url, pool_size=4, migrate=False))
    try:
        case_id = first.import_case_text(CLIN, STORY.read_text()).id
        assert (tmp_path / "shared.sqlite3.writelock").exists()
        services = (first, second)
        assert _in_threads(8, lambda i: [services[i % 2].get_case(CLIN, case_id) for _ in range(5)]) == []
        check = first.verify_audit(ADMIN)
        assert check.ok, check.reason
        assert check.entries == 1 + 40
    finally:
        first.close()
        second.close()


def test_a_token_revoked_by_another_process_is_refused_at_once(db_url: str) -> None:
    server = Service.open(Settings(database_url=db_url, pool_size=4))
    cli = Service.open(Settings(database_url=db_url, pool_size=2, migrate=False))
    try:
        creds = cli.add_user(system_actor(), "bob", "clinician")
        assert creds.token
        case_id = server.import_case_text(CLIN, STORY.read_text()).id
        actor = server.authenticate_token(creds.token)
        server.assess(actor, case_id, 28)
        server.authenticate_token(creds.token)  # warm: valid a moment ago
        cli.revoke_tokens(system_actor(), "bob")
        with pytest.raises(NotAuthenticated):
            server.authenticate_token(creds.token)
        again = cli.issue_token(system_actor(), "bob")
        assert again.token
        server.authenticate_token(again.token)
        cli.set_disabled(system_actor(), "bob")
        with pytest.raises(NotAuthenticated):
            server.authenticate_token(again.token)
    finally:
        server.close()
        cli.close()


def test_a_cached_assessment_is_encoded_once_and_like_json(service: Service) -> None:
    import gc

    case_id = service.import_case_text(CLIN, STORY.read_text()).id
    first = service.assess(CLIN, case_id, 28)
    encoded = service.assessment_json(CLIN, case_id, 28)
    assert service.assessment_json(CLIN, case_id, 28) is encoded  # the same bytes: encoded once
    assert json.loads(encoded) == json.loads(json.dumps(first))
    assert not gc.is_tracked(encoded)  # the cache adds nothing for the cycle collector to scan
    first["plan"] = "changed by a caller"  # a caller's copy is its own
    assert service.assess(CLIN, case_id, 28) == json.loads(encoded) != first


def test_a_cached_case_view_is_encoded_once_and_equals_the_view(service: Service) -> None:
    case_id = service.import_case_text(CLIN, STORY.read_text()).id
    view = service.get_case(CLIN, case_id)
    encoded = service.case_json(CLIN, case_id)
    assert service.case_json(CLIN, case_id) is encoded
    assert json.loads(encoded) == json.loads(view.model_dump_json())
    with service.db.read() as conn:
        research_id = case_store.load_case(conn, case_id).research_id
    shown = json.loads(service.case_json(Actor("rita", Role.researcher), research_id))  # a view of its own
    assert shown["deidentified"] is True and shown["id"] == research_id and shown["updated_at"] is None
    assert json.loads(service.case_json(CLIN, case_id))["id"] == case_id  # not served the researcher's view
    service.append_event(CLIN, case_id, {"type": "performance", "day": 200, "kps": 80}, view.current_version)
    old = json.loads(service.case_json(CLIN, case_id, view.version))  # version 1 now shows the newer current
    assert old["version"] == view.version and old["current_version"] == view.current_version + 1
    assert old["alerts"] == []  # alerts belong to the current version only


def test_the_api_serves_the_cached_assessment_unchanged(client, service: Service) -> None:  # type: ignore[no-untyped-def]
    creds = service.add_user(system_actor(), "cara", "clinician")
    headers = {"Authorization": f"Bearer {creds.token}"}
    case_id = service.import_case_text(CLIN, STORY.read_text()).id
    first = client.post(f"/cases/{case_id}/assessments", json={"day": 28}, headers=headers)
    second = client.post(f"/cases/{case_id}/assessments", json={"day": 28}, headers=headers)
    assert first.status_code == second.status_code == 200
    assert second.headers["content-type"] == "application/json"
    assert first.json() == second.json() == json.loads(json.dumps(service.assess(CLIN, case_id, 28)))
    service.revoke_tokens(system_actor(), "cara")
    assert client.post(f"/cases/{case_id}/assessments", json={"day": 28}, headers=headers).status_code == 401


def test_serve_refuses_several_workers_with_the_web_pages() -> None:
    from typer.testing import CliRunner

    import spinemet.cli.service_cmds  # noqa: F401  (registers serve)
    from spinemet.cli.app import app

    result = CliRunner().invoke(app, ["serve", "--workers", "2", "--db", "sqlite:///unused.sqlite3"])
    assert result.exit_code == 2
    assert "--no-web" in result.output
