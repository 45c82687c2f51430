"""Demo workshops for fixtures, run once per test process and then replayed from their rows.

A demo takes about half a second of CPU and a hundred fixtures ask for the same few demos.
The first run of a demo records the rows it inserted; a later request for the same demo on a
database holding the same rows (by table and id) writes those rows again in one transaction.
A demo that changed or deleted a row it found is never replayed: it always runs.
tests/test_demo.py runs the demo itself and never goes through here. ``run_recorded`` does the
same for any other deterministic fixture that returns ids (tests/exports/test_synthesis.py).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import sqlalchemy as sa

from workshop.demo import DemoResult
from workshop.demo import run_demo as run_real_demo
from workshop.extensions import db
from workshop.models import Method

Rows = dict[str, dict[int, tuple[Any, ...]]]
T = TypeVar("T")
SKIPPED_TABLES = ("sqlite_sequence", "alembic_version")


@dataclass(frozen=True)
class Recording:
    """What one run inserted, table by table, the autoincrement counters it left, its result."""

    inserted: dict[str, tuple[tuple[str, ...], list[tuple[Any, ...]]]]
    sequences: list[tuple[Any, ...]]
    result: Any


_recordings: dict[tuple[Any, ...], Recording | None] = {}
replays = 0  # how many demos were replayed rather than run (read by test_recorded_demos.py)


def run_demo(method: Method, count: int, language: str, **options: Any) -> DemoResult:
    """``workshop.demo.run_demo`` in the current app's database, replayed when it ran before."""
    return run_recorded((method, count, language, tuple(sorted(options.items()))),
                        lambda: run_real_demo(method, count, language, **options))


def run_recorded(name: tuple[Any, ...], run: Callable[[], T]) -> T:
    """``run()`` in the current app's database, replayed when it ran before on the same rows.

    ``run`` must depend on nothing but ``name`` and the rows, and return plain data (ids).
    """
    global replays
    with db.unit_of_work() as session:
        connection = session.connection()
        before, columns = _rows(connection)
        key = (name,
               tuple((table, tuple(sorted(rows))) for table, rows in sorted(before.items())),
               tuple(_sequences(connection)))
        recording = _recordings.get(key)
        if recording is not None:
            _replay(connection, recording)
    if recording is not None:
        db.session.expire_all()
        replays += 1
        return copy.deepcopy(recording.result)  # type: ignore[no-any-return]
    result = run()
    db.session.rollback()
    connection = db.session.connection()
    after, _ = _rows(connection)
    if key not in _recordings:
        _recordings[key] = _record(before, after, columns, _sequences(connection), result)
    db.session.rollback()
    return result


def _tables(connection: sa.Connection) -> list[str]:
    names = connection.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    return [name for (name,) in names if name not in SKIPPED_TABLES]


def _rows(connection: sa.Connection) -> tuple[Rows, dict[str, tuple[str, ...]]]:
    """Every row of every table by rowid, and each table's columns."""
    rows: Rows = {}
    columns: dict[str, tuple[str, ...]] = {}
    for table in _tables(connection):
        result = connection.exec_driver_sql(f'SELECT rowid, * FROM "{table}"')
        columns[table] = tuple(result.keys())[1:]
        rows[table] = {row[0]: tuple(row[1:]) for row in result}
    return rows, columns


def _sequences(connection: sa.Connection) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in connection.exec_driver_sql(
        "SELECT name, seq FROM sqlite_sequence ORDER BY name")]


def _record(before: Rows, after: Rows, columns: dict[str, tuple[str, ...]],
            sequences: list[tuple[Any, ...]], result: Any) -> Recording | None:
    """The rows the run inserted, or None when it changed or deleted a row it found."""
    inserted = {}
    for table, rows in after.items():
        found = before.get(table, {})
        if any(rows.get(rowid) != row for rowid, row in found.items()):
            return None
        new = [row for rowid, row in sorted(rows.items()) if rowid not in found]
        if new:
            inserted[table] = (columns[table], new)
    return Recording(inserted, sequences, copy.deepcopy(result))


def _replay(connection: sa.Connection, recording: Recording) -> None:
    # The rows reference each other both ways (a workshop's phase, its events): check the
    # foreign keys once every row is in, at commit.
    connection.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
    for table, (names, rows) in recording.inserted.items():
        quoted = ", ".join(f'"{name}"' for name in names)
        marks = ", ".join("?" for _ in names)
        connection.exec_driver_sql(f'INSERT INTO "{table}" ({quoted}) VALUES ({marks})', rows)
    # The demo may have deleted rows it made (a retracted vote): its counters went past them.
    connection.exec_driver_sql("DELETE FROM sqlite_sequence")
    if recording.sequences:
        connection.exec_driver_sql("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)",
                                   recording.sequences)
