"""Revision 0003 (care teams) upgrades a database written before teams existed, on SQLite and the real
PostgreSQL: every stored case goes to the team ``default``, every stored user joins it (as their
default team), so everyone keeps reaching what they reached before, and new teams get fresh ids."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from spinemet.case import case_to_data
from spinemet.io.casefile import load_case
from spinemet.service import Service, Settings, secrets, system_actor
from spinemet.store import Database, audit_key, upgrade
from spinemet.store.canonical import canonical, sha256_hex

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.yaml"))[:3]
PEOPLE = {"old-clinician": "clinician", "old-researcher": "researcher", "old-admin": "admin"}


def _write_before_teams(db: Database) -> None:
    """Rows as a database without teams holds them (written through reflected tables, not today's code)."""
    at = dt.datetime(2025, 6, 1, tzinfo=dt.UTC).isoformat()
    with db.write() as conn:
        meta = sa.MetaData()
        meta.reflect(conn, only=["cases", "case_versions", "events", "users", "tokens"])
        t = meta.tables
        assert "teams" not in sa.inspect(conn).get_table_names()
        for n, path in enumerate(EXAMPLES):
            data = case_to_data(load_case(path))
            header = {k: v for k, v in data.items() if k != "timeline"}
            conn.execute(t["cases"].insert().values(
                case_id=data["id"], research_id=f"R-{n:016x}", version=1, created_at=at, updated_at=at, title=None,
                primary_site=data["primary"]["site"], levels="", open_alerts=0, alerts="[]",
                event_count=len(data["timeline"])))
            text = canonical(header)
            conn.execute(t["case_versions"].insert().values(
                case_id=data["id"], version=1, created_at=at, actor="ann", action="create", event_key=None,
                header=text, content_hash=sha256_hex(text)))
            for i, event in enumerate(data["timeline"], start=1):
                body = canonical(event)
                conn.execute(t["events"].insert().values(
                    case_id=data["id"], event_key=f"e{i}", version=1, ordinal=i, retracted=False, data=body,
                    content_hash=sha256_hex(body)))
        for i, (name, role) in enumerate(PEOPLE.items(), start=1):
            conn.execute(t["users"].insert().values(id=i, name=name, role=role, password_hash=None, created_at=at,
                                                    disabled=False))
            conn.execute(t["tokens"].insert().values(user_id=i, token_hash=secrets.token_hash(f"tok-{name}"),
                                                     label="x", created_at=at, revoked_at=None))


@pytest.fixture
def upgraded(db_url: str) -> Iterator[Service]:
    db = Database(db_url, pool_size=2)
    assert upgrade(db, "0001") == "0001"
    _write_before_teams(db)
    upgrade(db)
    db.dispose()
    # `spinemet db upgrade` also makes the audit key; a bare store upgrade does not, and this test must not
    # depend on an earlier test of the run having made the run's key file.
    audit_key.ensure(db_url)
    service = Service.open(Settings(database_url=db_url, migrate=False, pool_size=2))
    try:
        yield service
    finally:
        service.close()


def test_upgrade_puts_every_stored_case_and_user_in_the_default_team(upgraded: Service) -> None:
    [team] = upgraded.list_teams(system_actor())
    assert (team.name, team.cases, sorted(team.members)) == ("default", len(EXAMPLES), sorted(PEOPLE))


def test_after_the_upgrade_existing_users_reach_what_they_reached_before(upgraded: Service) -> None:
    clinician = upgraded.authenticate_token("tok-old-clinician")
    researcher = upgraded.authenticate_token("tok-old-researcher")
    assert upgraded.list_cases(clinician).total == len(EXAMPLES)
    assert upgraded.list_cases(researcher).total == len(EXAMPLES)
    case_id = upgraded.list_cases(clinician).items[0].id
    upgraded.append_event(clinician, case_id, {"type": "performance", "day": 400, "kps": 60}, 1)
    rid = upgraded.list_cases(researcher).items[0].id
    assert upgraded.get_case(researcher, rid).deidentified
    # a case the existing clinician creates without naming a team goes to their default team
    upgraded.create_case(clinician, {"id": "after-upgrade", "primary": {"site": "breast"}})
    assert next(t for t in upgraded.list_teams(system_actor()) if t.name == "default").cases == len(EXAMPLES) + 1


def test_a_team_created_after_the_upgrade_gets_a_fresh_id(upgraded: Service) -> None:
    upgraded.create_team(system_actor(), "oncology")
    assert sorted(t.name for t in upgraded.list_teams(system_actor())) == ["default", "oncology"]
