"""The similar-cases features kept in the store (table ``case_features``, revision 0006), on SQLite
and the real PostgreSQL: written when computed, read (not recomputed) by a service that starts
later, recomputed when stored by another definition; the migration from 0005 creates the table and
changes nothing stored."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from similar_synth import planted, query_case

from spinemet.service import Role, Service, Settings, system_actor
from spinemet.service import similar as similar_module
from spinemet.store.db import Database
from spinemet.store.migrate import head_revision, upgrade
from spinemet.store.tables import case_features


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Counts the real feature computations (the function still runs)."""
    calls: list[str] = []
    real = similar_module.features_of

    def counting(case, course=None):  # type: ignore[no-untyped-def]
        calls.append(case.id)
        return real(case, course)

    monkeypatch.setattr(similar_module, "features_of", counting)
    yield calls


def _fill(service: Service) -> None:
    writer = system_actor(Role.clinician)
    for data in list(planted().values())[:8]:
        service.create_case(writer, data)


def test_features_are_stored_and_read_back_by_a_service_that_starts_later(service: Service, counted: list[str]) -> None:
    _fill(service)
    first = similar_module.similar_in_store(service, system_actor(Role.clinician), "q", top=3)
    assert len(counted) == 8  # computed once each, on the first query
    with service.db.read() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(case_features)).scalar_one() == 8
    later = Service.open(Settings(database_url=service.db.url, migrate=False))
    try:
        counted.clear()
        again = similar_module.similar_in_store(later, system_actor(Role.clinician), "q", top=3)
        assert counted == []  # read from the store, nothing recomputed
        assert [m.id for m in again.matches] == [m.id for m in first.matches]
        assert [m.score for m in again.matches] == [m.score for m in first.matches]
        # a write through the later service stores its row at once
        later.create_case(system_actor(Role.clinician), query_case("late"))
        with later.db.read() as conn:
            assert conn.execute(sa.select(case_features.c.version).where(case_features.c.case_id == "late")).scalar_one() == 1
    finally:
        later.close()


def test_features_of_another_definition_are_computed_again(service: Service, counted: list[str]) -> None:
    _fill(service)
    similar_module.similar_in_store(service, system_actor(Role.clinician), "q")
    with service.db.write() as conn:
        conn.execute(case_features.update().where(case_features.c.case_id == "dup-1").values(features='{"schema": 0}'))
    later = Service.open(Settings(database_url=service.db.url, migrate=False))
    try:
        counted.clear()
        similar_module.similar_in_store(later, system_actor(Role.clinician), "q")
        assert counted == ["dup-1"]
    finally:
        later.close()


def test_migration_0006_adds_the_table_and_keeps_what_is_stored(db_url: str) -> None:
    db = Database(db_url, pool_size=2)
    try:
        assert upgrade(db, "0005") == "0005"
        with db.read() as conn:
            assert "case_features" not in sa.inspect(conn).get_table_names()
        assert upgrade(db) == head_revision() == "0006"
        with db.read() as conn:
            assert "case_features" in sa.inspect(conn).get_table_names()
            assert conn.execute(sa.select(sa.func.count()).select_from(case_features)).scalar_one() == 0
    finally:
        db.dispose()
    svc = Service.open(Settings(database_url=db_url, pool_size=2))
    try:
        svc.create_case(system_actor(Role.clinician), query_case("after-upgrade"))
        result = similar_module.similar_in_store(svc, system_actor(Role.clinician), "after-upgrade")
        assert result.matches == [] and "no other case" in result.note
    finally:
        svc.close()
