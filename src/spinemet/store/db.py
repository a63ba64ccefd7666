"""Connecting to the store: a SQLite file by default, PostgreSQL by URL.

SQLite runs in WAL mode with foreign keys on, a busy timeout and ``synchronous=FULL`` (a commit
that was acknowledged survives a crash of the process or of the machine). Write transactions
start with ``BEGIN IMMEDIATE`` so that two writers queue instead of failing to upgrade a lock.
Writers queue on a mutex within a process and on an advisory lock file (``<db>.writelock``,
``flock``) across processes (several server workers, the CLI), so a waiting writer is woken as
soon as the previous one commits instead of polling in SQLite's busy handler (long tail latencies).

PostgreSQL reads run in autocommit mode: every statement sees the data committed before it, which
is what a READ COMMITTED transaction gives too, without the two round trips of BEGIN and COMMIT.

:meth:`Database.driver` lends a pooled driver connection in autocommit mode for the few
single-row lookups on every request's path (token, case version); SQLAlchemy Core costs about
190 µs of CPU per statement there against 5 µs for the driver (measured on SQLite, 2026-11-24).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

from spinemet.errors import InvalidValue, StoreUnavailable

ENV_URL = "SPINEMET_DATABASE_URL"
DEFAULT_FILE = "spinemet.sqlite3"
BUSY_TIMEOUT_MS = 30_000
_WRITE = "spinemet_write"

T = TypeVar("T")


class StaleConnection(Exception):
    """A pooled connection turned out dead (the server restarted or ended it): retry on a new one."""


def default_url() -> str:
    """``SPINEMET_DATABASE_URL`` if set, else a SQLite file ``./spinemet.sqlite3``."""
    url = os.environ.get(ENV_URL, "").strip()
    return url or sqlite_url(Path.cwd() / DEFAULT_FILE)


def sqlite_url(path: str | Path) -> str:
    return f"sqlite:///{Path(path).resolve()}"


def normalise_url(url: str) -> str:
    """Accept ``postgresql://`` and ``postgres://`` as the psycopg 3 driver; refuse unknown schemes."""
    text = url.strip()
    for prefix in ("postgres://", "postgresql://"):
        if text.startswith(prefix):
            return "postgresql+psycopg://" + text[len(prefix):]
    if text.startswith(("sqlite:", "postgresql+psycopg:")):
        return text
    raise InvalidValue("database url", text.split(":", 1)[0], "sqlite:///PATH or postgresql+psycopg://USER@HOST/DB")


class Database:
    """An engine plus the two kinds of transaction the service uses: read and write."""

    def __init__(self, url: str | None = None, *, pool_size: int = 20) -> None:
        self.url = normalise_url(url or default_url())
        self.is_sqlite = self.url.startswith("sqlite")
        kwargs: dict[str, Any] = {"future": True}
        if self.is_sqlite:
            kwargs["connect_args"] = {"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False}
            kwargs["pool_size"] = pool_size
            kwargs["max_overflow"] = pool_size
            kwargs["poolclass"] = sa.pool.QueuePool
        else:
            kwargs["pool_size"] = pool_size
            kwargs["max_overflow"] = pool_size
            # Optimistic disconnect handling instead of pool_pre_ping: a ping on every checkout cost a
            # round trip and about 100 µs of CPU, two or three times per request (measured: 20-40%
            # of the throughput). A connection found dead instead empties the pool and the work is
            # retried once on a fresh connection (:meth:`Database.retrying`).
            kwargs["pool_pre_ping"] = False
            kwargs["pool_recycle"] = 3600
        self.engine: Engine = sa.create_engine(self.url, **kwargs)
        # SQLite has one writer at a time; queueing writers of this process on a mutex avoids the
        # busy handler's sleep-and-retry (long tail latencies). Other processes still meet busy_timeout.
        self._write_lock = threading.Lock() if self.is_sqlite else None
        self._lock_file = _lock_file_path(self.url) if self.is_sqlite else None
        if self.is_sqlite:
            _configure_sqlite(self.engine)

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A transaction for reading only (never writes): a snapshot on SQLite; on PostgreSQL (READ
        COMMITTED either way) each statement sees what was committed before it."""
        if self.is_sqlite:
            with self.connect() as conn, conn.begin():
                yield conn
            return
        with self.connect() as conn:
            yield conn.execution_options(isolation_level="AUTOCOMMIT")

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A write transaction: everything inside commits together or not at all."""
        with self.connect() as conn:
            conn.execution_options(**{_WRITE: True})
            if self._write_lock is None:
                with conn.begin():
                    yield conn
                return
            with self._write_lock, _file_lock(self._lock_file), conn.begin():
                yield conn

    @contextmanager
    def driver(self) -> Iterator[Any]:
        """A pooled DB-API connection in autocommit mode: each statement sees what was committed
        before it and nothing is left open. For single-statement lookups only (see
        :mod:`spinemet.store.lookups`); anything that must be atomic uses :meth:`read` or :meth:`write`.
        A connection found dead raises :class:`StaleConnection` (see :meth:`retrying`)."""
        try:
            proxied = self.engine.raw_connection()
        except self.engine.dialect.loaded_dbapi.OperationalError as exc:  # refused, timed out, locked
            raise StoreUnavailable(f"the database cannot be used now ({_first_line(exc)}); "
                                   "try again shortly") from exc
        raw: Any = proxied.driver_connection
        try:
            if self.is_sqlite:  # isolation_level None (set on connect): autocommit already
                yield raw
                return
            raw.autocommit = True
            try:
                yield raw
            except Exception as exc:
                if getattr(raw, "broken", False) or raw.closed:
                    proxied.invalidate(exc)
                    self._forget_pool()
                    raise StaleConnection(str(exc)) from exc
                raise
            finally:
                if not raw.closed:
                    raw.autocommit = False
        finally:
            proxied.close()

    def connect(self) -> Connection:
        """A connection from the pool; :class:`StoreUnavailable` when the database cannot be reached
        (refused, timed out, a missing SQLite directory): a 503 or one plain line, never a traceback."""
        try:
            return self.engine.connect()
        except (sa.exc.OperationalError, sa.exc.InterfaceError) as exc:
            raise unavailable(exc) from exc

    def retrying(self, work: Callable[[], T]) -> T:
        """``work()``, run once more on fresh connections if the first try met a dead one (after a
        database restart, every pooled connection is dead); :class:`StoreUnavailable` if the second
        try fails the same way. Only for work that is safe to repeat: reads, lookups, and writes
        guarded by a version check or by their own uniqueness (a repeated write is refused, never
        doubled)."""
        for attempt in (1, 2):
            try:
                return work()
            except (StaleConnection, sa.exc.DBAPIError) as exc:
                stale = isinstance(exc, StaleConnection) or bool(exc.connection_invalidated)
                if stale and attempt == 1:
                    self._forget_pool()
                    continue
                if stale or isinstance(exc, sa.exc.OperationalError):  # refused, timed out, locked
                    raise StoreUnavailable(f"the database cannot be used now ({_first_line(exc)}); "
                                           "try again shortly") from exc
                raise
        raise AssertionError("unreachable")  # pragma: no cover

    def _forget_pool(self) -> None:
        """Drop every idle pooled connection (they are as dead as the one that failed)."""
        self.engine.dispose(close=False)

    def dispose(self) -> None:
        self.engine.dispose()


def unavailable(exc: BaseException) -> StoreUnavailable:
    return StoreUnavailable(f"the database cannot be used now ({_first_line(exc)}); try again shortly")


def _first_line(exc: BaseException) -> str:
    """The driver's own message, first line only (no SQL, no parameters: they may hold patient data)."""
    cause = getattr(exc, "orig", None) or exc.__cause__ or exc
    return (str(cause).strip().splitlines() or [type(cause).__name__])[0][:200]


def _lock_file_path(url: str) -> Path | None:
    """``<database file>.writelock`` (None for an in-memory database)."""
    database = sa.engine.make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database).resolve().with_name(Path(database).name + ".writelock")


@contextmanager
def _file_lock(path: Path | None) -> Iterator[None]:
    """An exclusive ``flock`` on ``path`` for the duration (a no-op where flock is unavailable)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: SQLite's busy timeout still serialises writers
        yield
        return
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600) if path is not None else -1
    except OSError:
        fd = -1  # read-only directory: rely on the busy timeout
    if fd < 0:
        yield
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA synchronous=FULL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get(_WRITE, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
