"""The test PostgreSQL server (127.0.0.1:5432, trust authentication, database ``test``): one schema per test.

No pytest here, so the benchmark can use it too; :func:`require_pg` (in :mod:`_support.fixtures`)
turns a missing server into a failure in CI and a skip elsewhere.
"""

from __future__ import annotations

import os
import uuid

import sqlalchemy as sa

PG_HOST = os.environ.get("SPINEMET_TEST_PG_HOST", "127.0.0.1:5432")
PG_DB = os.environ.get("SPINEMET_TEST_PG_DB", "test")
PG_USERS = ("postgres", "root")
_found: list[str | None] = []


def find_pg() -> str | None:
    """The admin URL of the test server, or None when it cannot be reached (probed once per process)."""
    if _found:
        return _found[0]
    url_found: str | None = None
    for user in PG_USERS:
        url = f"postgresql+psycopg://{user}@{PG_HOST}/{PG_DB}"
        engine = sa.create_engine(url, connect_args={"connect_timeout": 3})
        try:
            with engine.connect() as conn:
                conn.exec_driver_sql("SELECT 1")
            url_found = url
            break
        except sa.exc.OperationalError:
            continue
        finally:
            engine.dispose()
    _found.append(url_found)
    return url_found


def missing_message() -> str:
    return (f"PostgreSQL is not reachable on {PG_HOST} (database '{PG_DB}', users {', '.join(PG_USERS)}, "
            "trust authentication)")


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def pg_schema_url(admin_url: str, schema: str) -> str:
    return f"{admin_url}?options=-csearch_path%3D{schema}"


def make_pg_schema(admin_url: str) -> tuple[str, str]:
    """A fresh schema on the test server: (url bound to it, schema name)."""
    schema = "sm_" + uuid.uuid4().hex[:12]
    engine = sa.create_engine(admin_url)
    with engine.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    engine.dispose()
    return pg_schema_url(admin_url, schema), schema


def drop_pg_schema(admin_url: str, schema: str) -> None:
    engine = sa.create_engine(admin_url)
    with engine.begin() as conn:
        conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    engine.dispose()
