"""Revision 0002 upgrades a database written by the previous release (schema 0001, case-file version 1)
on SQLite and on the real PostgreSQL: every stored case reads back equal to its file, and new writes
record case-file version 2."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from spinemet.case import case_to_data, parse_case
from spinemet.io.casefile import load_case, read_data
from spinemet.service import Service, Settings
from spinemet.service.roles import Actor, Role
from spinemet.store import Database, current_revision, head_revision, upgrade
from spinemet.store import cases as store
from spinemet.store.canonical import canonical, sha256_hex

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.yaml"))


def _write_as_previous_release(db: Database) -> None:
    """Rows exactly as the 0001 schema holds them: version-1 headers, no schema_version column
    (the examples, written as the previous release stored them)."""
    at = dt.datetime(2025, 6, 1, tzinfo=dt.UTC).isoformat()
    with db.write() as conn:
        meta = sa.MetaData()
        meta.reflect(conn, only=["cases", "case_versions", "events"])
        cases, versions, events = meta.tables["cases"], meta.tables["case_versions"], meta.tables["events"]
        assert "schema_version" not in versions.c
        for n, path in enumerate(EXAMPLES):
            data = read_data(path)
            header = {k: v for k, v in case_to_data(load_case(path)).items() if k != "timeline"}
            header["schema_version"] = 1
            timeline = case_to_data(load_case(path))["timeline"]
            conn.execute(cases.insert().values(
                case_id=data["id"], research_id=f"R-{n:016x}", version=1, created_at=at, updated_at=at, title=None,
                primary_site=data["primary"]["site"], levels="", open_alerts=0, alerts="[]",
                event_count=len(timeline)))
            text = canonical(header)
            conn.execute(versions.insert().values(
                case_id=data["id"], version=1, created_at=at, actor="ann", action="create", event_key=None,
                header=text, content_hash=sha256_hex(text)))
            for i, event in enumerate(timeline, start=1):
                body = canonical(event)
                conn.execute(events.insert().values(
                    case_id=data["id"], event_key=f"e{i}", version=1, ordinal=i, retracted=False, data=body,
                    content_hash=sha256_hex(body)))


@pytest.fixture
def old_db(db_url: str) -> Iterator[tuple[str, Database]]:
    db = Database(db_url, pool_size=2)
    assert upgrade(db, "0001") == "0001"
    _write_as_previous_release(db)
    yield db_url, db
    db.dispose()


def test_upgrade_keeps_every_stored_case_readable_and_equal_to_its_file(old_db: tuple[str, Database]) -> None:
    _url, db = old_db
    assert upgrade(db) == head_revision()  # 0002 and every later revision
    assert current_revision(db) == head_revision()
    with db.read() as conn:
        stored_versions = conn.execute(sa.text("SELECT case_id, schema_version FROM case_versions")).all()
        assert {v for _, v in stored_versions} == {1}  # recorded as written, never rewritten
        for path in EXAMPLES:
            stored = store.load_case(conn, read_data(path)["id"])
            assert stored.header["schema_version"] == 1
            case = parse_case(stored.data())
            assert case == load_case(path), path.name
            assert case.schema_version == 2


def test_service_reads_and_extends_an_upgraded_case(old_db: tuple[str, Database]) -> None:
    url, db = old_db
    svc = Service.open(Settings(database_url=url, pool_size=2))  # applies 0002
    try:
        actor = Actor("ann", Role.clinician)
        story = read_data(EXAMPLES[0])["id"]
        view = svc.get_case(actor, story)
        assert view.version == 1 and view.case["schema_version"] == 2  # shown as read: version 2
        before = svc.assess(actor, story, day=0)
        view = svc.append_event(actor, story, {"type": "outcome", "day": 200, "aspect": "overall",
                                               "change": "improved"}, expected_version=1)
        assert view.version == 2 and view.case["schema_version"] == 2
        assert svc.assess(actor, story, day=0) == before  # day 0 is untouched by a later outcome
    finally:
        svc.close()
    with db.read() as conn:
        rows = conn.execute(sa.text(
            "SELECT version, schema_version FROM case_versions WHERE case_id = :c ORDER BY version"), {"c": story}).all()
    assert [tuple(r) for r in rows] == [(1, 1), (2, 2)]
    assert json.loads(json.dumps(view.case))["timeline"][-1]["type"] == "outcome"
