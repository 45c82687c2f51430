"""Engine, per-request sessions and the one unit-of-work helper that commits."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import Flask, current_app, g

EXTENSION = "atelier.db"


def make_engine(url: str) -> sa.Engine:
    """Create the engine; SQLite gets WAL, a busy timeout, foreign keys and explicit BEGINs."""
    if not url.startswith("sqlite"):
        return sa.create_engine(url, pool_pre_ping=True)
    engine = sa.create_engine(url, connect_args={"timeout": 15, "check_same_thread": False})

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        # Let SQLAlchemy issue BEGIN itself so writers can ask for BEGIN IMMEDIATE.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=15000")
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
        """Run services in one write transaction: commit on success, roll back on any error."""
        session = self.session
        if session.in_transaction():
            # A read earlier in the request holds a deferred transaction; end it so the
            # write transaction starts with the lock.
            session.rollback()
        session.connection(execution_options={"atelier_write": True})
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


db = Database()
