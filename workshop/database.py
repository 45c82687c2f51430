"""Engine, per-request sessions and the one unit-of-work helper that commits.

SQLite lock waits happen here, in Python. SQLite's own busy wait (``busy_timeout``) sleeps in
C: under gevent (``workshop serve``) another process holding the write lock (a purge, an
import, a backup) froze every socket for as long as it held it. So the busy timeout is 0, and a
statement refused with "database is locked" is tried again after ``pause``, which gevent's
``time.sleep`` turns into a yield to the loop, until ``LOCK_WAIT`` has passed. Writers of one
process take turns before they take a connection, so that any number of them waiting leaves the
pool's connections to the readers (WAL readers never wait for a writer).
"""

from __future__ import annotations

import itertools
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from typing import Any, TypeVar

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import Flask, current_app, g

from .errors import DatabaseReadOnly

EXTENSION = "atelier.db"
WRITERS = "atelier.db.writers"

LOCK_WAIT = 15.0  # seconds a statement waits for another connection's lock, then fails
# Between two tries, as SQLite's own busy handler steps: quick at first, then every 50 ms.
PAUSES = (0.001, 0.002, 0.005, 0.01, 0.02, 0.05)
SQLITE_BUSY_SNAPSHOT = 517  # a read that went stale: trying again cannot help
READ_ONLY_SQLSTATE = "25006"  # PostgreSQL: read-only transaction (a standby, or set so)

T = TypeVar("T")


def pause(seconds: float) -> None:
    """Wait before trying a locked statement again; a yield to the loop under gevent."""
    time.sleep(seconds)


def _locked(error: sqlite3.OperationalError) -> bool:
    code = getattr(error, "sqlite_errorcode", sqlite3.SQLITE_BUSY)
    return code & 0xFF == sqlite3.SQLITE_BUSY and code != SQLITE_BUSY_SNAPSHOT


def patiently(call: Callable[..., T], *args: Any) -> T:
    """``call(*args)``, tried again while SQLite says the database is locked, up to LOCK_WAIT."""
    deadline = None
    for attempt in itertools.count():
        try:
            return call(*args)
        except sqlite3.OperationalError as error:
            if not _locked(error):
                raise
            now = time.monotonic()
            deadline = deadline or now + LOCK_WAIT
            if now >= deadline:
                raise
        pause(PAUSES[min(attempt, len(PAUSES) - 1)])
    raise AssertionError("unreachable")  # pragma: no cover


class PatientCursor(sqlite3.Cursor):
    """A cursor whose statements wait for locks in Python (see the module's docstring)."""

    def execute(self, sql: str, parameters: Any = (), /) -> PatientCursor:
        return patiently(super().execute, sql, parameters)

    def executemany(self, sql: str, seq_of_parameters: Any, /) -> PatientCursor:
        rows = list(seq_of_parameters)  # a second try needs them all again
        return patiently(super().executemany, sql, rows)


class PatientConnection(sqlite3.Connection):
    def cursor(self, factory: Any = PatientCursor) -> Any:
        return super().cursor(factory)


def is_read_only(error: BaseException) -> bool:
    """Whether a database error says the database refuses writes, rather than the write."""
    cause = error.orig if isinstance(error, sa.exc.DBAPIError) else error
    if isinstance(cause, sqlite3.Error):
        # Extended codes (SQLITE_READONLY_DBMOVED...) keep the primary code in the low byte.
        return (getattr(cause, "sqlite_errorcode", 0) or 0) & 0xFF == sqlite3.SQLITE_READONLY
    return getattr(cause, "sqlstate", None) == READ_ONLY_SQLSTATE


def make_engine(url: str) -> sa.Engine:
    """Create the engine; SQLite gets WAL, lock waits in Python, foreign keys, explicit BEGINs."""
    if not url.startswith("sqlite"):
        return sa.create_engine(url, pool_pre_ping=True)
    engine = sa.create_engine(url, connect_args={
        "timeout": 0, "check_same_thread": False, "factory": PatientConnection})

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        # Let SQLAlchemy issue BEGIN itself so writers can ask for BEGIN IMMEDIATE.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=0")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(connection: sa.Connection) -> None:
        # A write transaction takes the lock up front: budgets and seq stay race-free.
        if connection.get_execution_options().get("atelier_write"):
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            connection.exec_driver_sql("BEGIN")

    return engine


class Database:
    """Holds the engine per app; ``db.session`` is one session per app context."""

    def init_app(self, app: Flask) -> None:
        engine = make_engine(app.config["DATABASE_URL"])
        app.extensions[EXTENSION] = so.sessionmaker(bind=engine, expire_on_commit=False)
        # SQLite has one writer at a time: this process's writers queue here, not on the lock.
        app.extensions[WRITERS] = (threading.RLock() if engine.dialect.name == "sqlite"
                                   else None)
        app.teardown_appcontext(self._close_session)

    @staticmethod
    def engine(app: Flask | None = None) -> sa.Engine:
        factory: so.sessionmaker[so.Session] = (app or current_app).extensions[EXTENSION]
        engine: sa.Engine = factory.kw["bind"]
        return engine

    @property
    def session(self) -> so.Session:
        if "db_session" not in g:
            g.db_session = current_app.extensions[EXTENSION]()
        session: so.Session = g.db_session
        return session

    @staticmethod
    def _close_session(_exc: BaseException | None) -> None:
        session = g.pop("db_session", None)
        if session is not None:
            session.close()

    @contextmanager
    def unit_of_work(self) -> Iterator[so.Session]:
        """Run services in one write transaction: commit on success, roll back on any error.

        A database that refuses writes raises DatabaseReadOnly: every caller (pages, API,
        sockets, CLI) then says so instead of failing with a generic error.
        """
        session = self.session
        if session.in_transaction():
            # A read earlier in the request holds a deferred transaction; end it so the
            # write transaction starts with the lock.
            session.rollback()
        with self._writers_turn():
            try:
                session.connection(execution_options={"atelier_write": True})
                yield session
                session.commit()
            except sa.exc.DBAPIError as error:
                session.rollback()
                if is_read_only(error):
                    raise DatabaseReadOnly() from error
                raise
            except BaseException:
                session.rollback()
                raise

    def check(self) -> None:
        """Read the database and start a write, then roll it back; raises what fails.

        The write touches no row, but the database must accept it: a read-only file or
        mount (SQLite) or a standby or read-only transaction (PostgreSQL) refuses it.
        """
        with self.engine().connect() as connection, connection.begin() as transaction:
            connection.execute(sa.text("SELECT count(*) FROM workshop WHERE 1 = 0"))
            connection.execute(sa.text("UPDATE workshop SET id = id WHERE 1 = 0"))
            transaction.rollback()

    @staticmethod
    def _writers_turn() -> AbstractContextManager[object]:
        """Wait for this process's other writers (up to LOCK_WAIT), holding no connection."""
        writers: threading.RLock | None = current_app.extensions[WRITERS]
        if writers is None:
            return nullcontext()
        if not writers.acquire(timeout=LOCK_WAIT):
            raise sa.exc.OperationalError(
                "BEGIN IMMEDIATE", None, sqlite3.OperationalError("database is locked"))
        return _released(writers)


@contextmanager
def _released(lock: threading.RLock) -> Iterator[None]:
    try:
        yield
    finally:
        lock.release()


db = Database()
