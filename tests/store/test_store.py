"""The case store on SQLite and PostgreSQL: migrations, append-only versions, compare-and-set, atomicity."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from spinemet.errors import Conflict, NotFound
from spinemet.store import Database, current_revision, head_revision, upgrade
from spinemet.store import cases as store
from spinemet.store.cases import Derived, EventRow
from spinemet.store.tables import events

HEADER = {"schema_version": 1, "id": "c1", "primary": {"site": "breast"}}
DERIVED = Derived(title=None, primary_site="breast", levels=("T6",), event_count=1)


@pytest.fixture
def db(db_url: str) -> Database:
    database = Database(db_url, pool_size=2)
    upgrade(database)
    yield database
    database.dispose()


def _event(day: int, kps: int) -> dict[str, object]:
    return {"type": "performance", "day": day, "kps": kps}


def test_migrations_reach_head_and_are_idempotent(db: Database) -> None:
    assert current_revision(db) == head_revision() == "0006"
    assert upgrade(db) == "0006"


def test_sqlite_pragmas(tmp_path) -> None:  # type: ignore[no-untyped-def]
    database = Database(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    upgrade(database)
    with database.read() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
    database.dispose()


def test_versions_are_appended_and_readable_as_of(db: Database) -> None:
    with db.write() as conn:
        store.insert_case(conn, "c1", HEADER, [EventRow("a", 1, 1, _event(0, 60))], DERIVED, "ann", "create")
    with db.write() as conn:
        store.add_version(conn, "c1", 1, HEADER, [EventRow("a", 2, 1, _event(0, 70))], DERIVED, "ann", "amend", "a")
    with db.write() as conn:
        store.add_version(conn, "c1", 2, HEADER, [EventRow("b", 3, 2, _event(5, 80))], DERIVED, "ann", "append", "b")
    with db.read() as conn:
        v1 = store.load_case(conn, "c1", 1)
        v3 = store.load_case(conn, "c1")
        rows = conn.execute(sa.select(events.c.event_key, events.c.version, events.c.data)).all()
        history = store.versions(conn, "c1")
    assert [e.data["kps"] for e in v1.events] == [60]
    assert [e.data["kps"] for e in v3.events] == [70, 80]
    assert v3.version == v3.current_version == 3
    assert len(rows) == 3  # the first form of event 'a' is still stored
    assert [h.action for h in history] == ["create", "amend", "append"]


def test_stale_write_is_refused_with_the_current_version(db: Database) -> None:
    with db.write() as conn:
        store.insert_case(conn, "c1", HEADER, [], DERIVED, "ann", "create")
    with db.write() as conn:
        store.add_version(conn, "c1", 1, HEADER, [EventRow("a", 2, 1, _event(0, 60))], DERIVED, "ann", "append", "a")
    with pytest.raises(Conflict) as info, db.write() as conn:
        store.add_version(conn, "c1", 1, HEADER, [EventRow("b", 2, 1, _event(0, 90))], DERIVED, "bob", "append", "b")
    assert info.value.current_version == 2
    with db.read() as conn:
        assert [e.key for e in store.load_case(conn, "c1").events] == ["a"]


def test_a_failing_transaction_leaves_nothing(db: Database) -> None:
    with pytest.raises(RuntimeError), db.write() as conn:
        store.insert_case(conn, "c1", HEADER, [EventRow("a", 1, 1, _event(0, 60))], DERIVED, "ann", "create")
        raise RuntimeError("crash in the middle of an import")
    with db.read() as conn:
        assert store.count_cases(conn) == 0
        assert conn.execute(sa.select(sa.func.count()).select_from(events)).scalar_one() == 0


def test_unknown_case_and_version(db: Database) -> None:
    with db.write() as conn:
        store.insert_case(conn, "c1", HEADER, [], DERIVED, "ann", "create")
    with db.read() as conn, pytest.raises(NotFound):
        store.load_case(conn, "nope")
    with db.read() as conn, pytest.raises(NotFound, match="allowed: 1 to 1"):
        store.load_case(conn, "c1", 7)


def test_duplicate_case_id_is_a_conflict(db: Database) -> None:
    with db.write() as conn:
        store.insert_case(conn, "c1", HEADER, [], DERIVED, "ann", "create")
    with pytest.raises(Conflict), db.write() as conn:
        store.insert_case(conn, "c1", HEADER, [], DERIVED, "ann", "create")


def test_search_columns(db: Database) -> None:
    with db.write() as conn:
        store.insert_case(conn, "alpha_1", HEADER, [], DERIVED, "ann", "create")
        store.insert_case(conn, "beta%2", HEADER, [], Derived(None, "lung_other", ("L1",), ("early_recurrence",)),
                          "ann", "create")
    with db.read() as conn:
        assert [r.case_id for r in store.search(conn, store.Search(level="T6"))[0]] == ["alpha_1"]
        assert [r.case_id for r in store.search(conn, store.Search(open_alerts=True))[0]] == ["beta%2"]
        assert [r.case_id for r in store.search(conn, store.Search(text="%"))[0]] == ["beta%2"]
        assert store.search(conn, store.Search(primary_site="breast"))[1] == 1
