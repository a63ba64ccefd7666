"""Losing the database: after the server ends every connection (as a restart does), use cases go on
on fresh connections with nothing lost; when the database cannot be reached, the API answers 503
with Retry-After, never 500, and returns no data.

The connections are ended by the real PostgreSQL server (``pg_terminate_backend``), not simulated.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from _support.fixtures import auth, require_pg
from _support.pg import drop_pg_schema, make_pg_schema
from spinemet.api import create_app
from spinemet.errors import StoreUnavailable
from spinemet.service import Role, Service, Settings, system_actor

pytestmark = pytest.mark.postgres

CASE = {"schema_version": 1, "id": "rc-1", "primary": {"site": "breast"},
        "timeline": [{"type": "performance", "day": 0, "kps": 70}]}


@pytest.fixture
def named_service() -> Iterator[tuple[Service, str, str]]:
    """A service on its own schema whose connections carry a unique application_name."""
    admin = require_pg()
    url, schema = make_pg_schema(admin)
    app_name = "sm-reconnect-" + uuid.uuid4().hex[:8]
    service = Service.open(Settings(database_url=f"{url}&application_name={app_name}", pool_size=4))
    try:
        yield service, admin, app_name
    finally:
        service.close()
        drop_pg_schema(admin, schema)


def _terminate(admin: str, app_name: str) -> int:
    engine = sa.create_engine(admin)
    try:
        with engine.begin() as conn:
            return len(conn.exec_driver_sql(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = %(n)s",
                {"n": app_name}).all())
    finally:
        engine.dispose()


def test_use_cases_continue_after_the_server_ends_every_connection(named_service: tuple[Service, str, str]) -> None:
    service, admin, app_name = named_service
    creds = service.add_user(system_actor(), "cl", "clinician")
    assert creds.token is not None
    actor = service.authenticate_token(creds.token)
    service.create_case(actor, CASE)
    service.assess(actor, "rc-1", 0)  # fills the pool: token lookup, case lookup, audit writer

    assert _terminate(admin, app_name) >= 1  # every pooled connection is now dead

    assert service.authenticate_token(creds.token) == actor  # driver lookup, retried once
    assert service.get_case(actor, "rc-1").version == 1  # lookup and (cold) Core read
    assert service.assess(actor, "rc-1", 0)["day"] == 0
    _terminate(admin, app_name)
    view = service.append_event(actor, "rc-1", {"type": "performance", "day": 7, "kps": 60}, 1)  # a write
    assert view.version == 2
    check = service.verify_audit(system_actor())
    assert check.ok, check.reason


def test_unreachable_database_is_503_with_retry_after_not_500() -> None:
    require_pg()  # the same driver as in production; nothing listens on port 1
    service = Service.open(Settings(database_url="postgresql+psycopg://postgres@127.0.0.1:1/test", migrate=False))
    try:
        with pytest.raises(StoreUnavailable, match="cannot be used now"):
            service.authenticate_token("smt_anything")
        app = create_app(Settings(database_url=service.db.url, migrate=False), service=service)
        with TestClient(app, raise_server_exceptions=False) as client:
            r = client.get("/cases", headers={"Authorization": "Bearer smt_anything"})
        assert r.status_code == 503
        assert r.headers["retry-after"] == "5"
        assert r.headers["content-type"].startswith("application/problem+json")
        assert "cannot be used now" in r.json()["detail"]
    finally:
        service.close()


def test_the_clinician_sees_503_when_the_audit_cannot_be_written(named_service: tuple[Service, str, str]) -> None:
    """Fail closed: a read whose audit entry cannot be committed returns nothing (503)."""
    service, _, _ = named_service
    creds = service.add_user(system_actor(), "cl2", "clinician")
    service.create_case(system_actor(Role.clinician), CASE)
    app = create_app(Settings(database_url=service.db.url, migrate=False), service=service)
    engine = sa.create_engine(service.db.url)
    try:
        with TestClient(app, raise_server_exceptions=False) as client:
            assert client.get("/cases/rc-1", headers=auth(creds)).status_code == 200
            with engine.begin() as conn:  # the audit log refuses inserts (a full disk would, too)
                conn.exec_driver_sql(
                    "CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$ "
                    "LANGUAGE plpgsql")
                conn.exec_driver_sql("CREATE TRIGGER refuse BEFORE INSERT ON audit_log FOR EACH ROW "
                                     "EXECUTE FUNCTION refuse()")
            r = client.get("/cases/rc-1", headers=auth(creds))
        assert r.status_code == 503
        assert "case" not in r.json()
    finally:
        engine.dispose()
