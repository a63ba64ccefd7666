"""Pytest fixtures for the store, the service and the API, against SQLite and the real PostgreSQL.

Import them into a ``conftest.py`` with ``from spinemet.store.testing import *``. The PostgreSQL
server is expected on 127.0.0.1:5432 (trust authentication, database ``test``). When the
environment says ``CI=true`` it is required and its absence FAILS the tests; elsewhere those
tests are skipped with a message. Each test gets its own schema, dropped afterwards.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from spinemet.api import create_app
from spinemet.service import ROLES, Service, Settings, system_actor
from spinemet.service.views import Credentials

PG_HOST = os.environ.get("SPINEMET_TEST_PG_HOST", "127.0.0.1:5432")
PG_DB = os.environ.get("SPINEMET_TEST_PG_DB", "test")
PG_USERS = ("postgres", "root")
_pg_url: list[str | None] = []


def _find_pg() -> str | None:
    if _pg_url:
        return _pg_url[0]
    found: str | None = None
    for user in PG_USERS:
        url = f"postgresql+psycopg://{user}@{PG_HOST}/{PG_DB}"
        engine = sa.create_engine(url, connect_args={"connect_timeout": 3})
        try:
            with engine.connect() as conn:
                conn.exec_driver_sql("SELECT 1")
            found = url
            break
        except sa.exc.OperationalError:
            continue
        finally:
            engine.dispose()
    _pg_url.append(found)
    return found


def require_pg() -> str:
    """The admin URL of the test PostgreSQL server; fail in CI, skip elsewhere, when it is missing."""
    url = _find_pg()
    if url is None:
        message = (f"PostgreSQL is not reachable on {PG_HOST} (database '{PG_DB}', users {', '.join(PG_USERS)}, "
                   "trust authentication)")
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{message}; CI requires it", pytrace=False)
        pytest.skip(f"{message}; PostgreSQL tests skipped")
    return url


def pg_schema_url(admin_url: str, schema: str) -> str:
    return f"{admin_url}?options=-csearch_path%3D{schema}"


def make_pg_schema() -> tuple[str, str]:
    """A fresh schema on the test server: (url bound to it, schema name)."""
    admin = require_pg()
    schema = "sm_" + uuid.uuid4().hex[:12]
    engine = sa.create_engine(admin)
    with engine.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    engine.dispose()
    return pg_schema_url(admin, schema), schema


def drop_pg_schema(schema: str) -> None:
    engine = sa.create_engine(require_pg())
    with engine.begin() as conn:
        conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database URL: a SQLite file, or a new PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'spinemet.sqlite3'}"
        return
    url, schema = make_pg_schema()
    try:
        yield url
    finally:
        drop_pg_schema(schema)


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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """``spinemet serve`` as a real subprocess on a free loopback port."""

    def __init__(self, db_url: str, log: Path) -> None:
        self.db_url = db_url
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 30.0) -> Server:
        env = {**os.environ, "SPINEMET_DATABASE_URL": self.db_url}
        exe = Path(sys.executable).with_name("spinemet")
        cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "spinemet.cli"]
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen([*cmd, "serve", "--port", str(self.port), "--no-web"], env=env,
                                         stdout=out, stderr=out)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.log.read_text(errors='replace')[-2000:]}")
            try:
                if httpx.get(self.base + "/health", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError("server did not start in time")

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()


__all__ = ["Server", "auth", "client", "db_url", "drop_pg_schema", "free_port", "make_pg_schema", "people",
           "pg_schema_url", "require_pg", "service"]
