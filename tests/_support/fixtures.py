"""Pytest fixtures for the store, the service and the API, against SQLite and the real PostgreSQL.

A ``conftest.py`` imports them: ``from _support.fixtures import client, db_url, people, service``.
The PostgreSQL server is expected on 127.0.0.1:5432 (trust authentication, database ``test``).
When the environment says ``CI=true`` it is required and its absence FAILS the tests; elsewhere
those tests are skipped with a message. Each test gets its own schema, dropped afterwards.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from _support.pg import drop_pg_schema, find_pg, in_ci, make_pg_schema, missing_message
from spinemet.api import create_app
from spinemet.service import ROLES, Service, Settings, system_actor
from spinemet.service.views import Credentials


def require_pg() -> str:
    """The admin URL of the test PostgreSQL server; FAIL in CI, skip elsewhere, when it is missing."""
    url = find_pg()
    if url is None:
        if in_ci():
            pytest.fail(f"{missing_message()}; CI requires it", pytrace=False)
        pytest.skip(f"{missing_message()}; PostgreSQL tests skipped")
    return url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database URL: a SQLite file, or a new PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'spinemet.sqlite3'}"
        return
    admin = require_pg()
    url, schema = make_pg_schema(admin)
    try:
        yield url
    finally:
        drop_pg_schema(admin, schema)


@pytest.fixture
def service(db_url: str) -> Iterator[Service]:
    """The service over a fresh database (migrations applied)."""
    svc = Service.open(Settings(database_url=db_url, pool_size=5))
    try:
        yield svc
    finally:
        svc.close()


@pytest.fixture
def people(service: Service) -> dict[str, Credentials]:
    """One user per role, created the way an operator would (from the command line's actor)."""
    return {role: service.add_user(system_actor(), f"{role}1", role) for role in ROLES}


@pytest.fixture
def client(service: Service) -> Iterator[TestClient]:
    """An HTTP client on the API app over the fixture's database (in process, real database)."""
    app = create_app(Settings(database_url=service.db.url, migrate=False), service=service)
    with TestClient(app) as c:
        yield c


def auth(creds: Credentials) -> dict[str, str]:
    return {"Authorization": f"Bearer {creds.token}"}
