"""The same migrations and services on PostgreSQL as on SQLite."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from tests.scale.servers import Postgres
from workshop import create_app
from workshop.extensions import db
from workshop.models import Base, Event, Workshop
from workshop.services import events

pytestmark = pytest.mark.scale


def cli(url: str, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "workshop", *args], check=True, text=True,
                          input=stdin, capture_output=True,
                          env={**os.environ, "WORKSHOP_DATABASE_URL": url})


def workshop_in(postgres: Postgres, database: str) -> tuple[str, str]:
    """A migrated database of its own with one workshop: its URL and the workshop's code."""
    url = postgres.create_database(database)
    cli(url, "db", "upgrade")
    cli(url, "facilitator", "create", "ana@example.org", "--password-stdin",
        stdin="correct horse battery\n")
    made = cli(url, "create", "--title", "Day", "--method", "open_space", "--facilitator",
               "ana@example.org", "--json")
    return url, json.loads(made.stdout)["code"]


def test_do_the_migrations_build_on_postgresql_the_schema_the_models_describe(
    postgres: Postgres,
) -> None:
    url = postgres.create_database("migrations")

    cli(url, "db", "upgrade")

    engine = sa.create_engine(url)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
        revision = connection.scalar(sa.text("SELECT version_num FROM alembic_version"))
    engine.dispose()
    assert differences == []
    assert revision is not None


def test_do_the_migrations_go_down_and_up_again_on_postgresql(postgres: Postgres) -> None:
    url = postgres.create_database("round_trip")
    cli(url, "db", "upgrade")

    cli(url, "db", "downgrade", "base")
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        left = set(sa.inspect(connection).get_table_names()) - {"alembic_version"}
    cli(url, "db", "upgrade")
    with engine.connect() as connection:
        back = set(sa.inspect(connection).get_table_names())
    engine.dispose()

    assert left == set()
    assert set(Base.metadata.tables) <= back


def test_does_a_read_only_postgresql_fail_the_health_check_and_refuse_writes_clearly(
    postgres: Postgres, instance: object,
) -> None:
    url, code = workshop_in(postgres, "frozen")
    app = create_app({"TESTING": True, "DATABASE_URL": url})
    client = app.test_client()
    healthy = client.get("/healthz")
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        # What a hot standby, or an administrator freezing the database, does to every session.
        connection.execute(sa.text("ALTER DATABASE frozen SET default_transaction_read_only = on"))
    admin.dispose()
    db.engine(app).dispose()  # pooled sessions keep the old setting; new ones get it

    sick = client.get("/healthz")
    joined = client.post("/api/v1/join", json={"code": code, "name": "Léa", "group": "customer"})
    db.engine(app).dispose()

    assert (healthy.status_code, healthy.get_json()) == (200, {"ok": True})
    assert (sick.status_code, sick.get_json()["error"]["code"]) == (503, "database_read_only")
    assert (joined.status_code, joined.get_json()["error"]["code"]) == (503, "database_read_only")


def test_do_events_written_at_once_on_postgresql_take_every_seq_once_with_what_they_carry(
    postgres: Postgres, instance: object,
) -> None:
    """The seq and the event go in one statement there (services/events.py): none lost."""
    url, code = workshop_in(postgres, "log")
    app = create_app({"TESTING": True, "DATABASE_URL": url})
    with app.app_context():
        workshop_id = db.session.scalar(sa.select(Workshop.id).where(
            Workshop.join_code == code))
        first = db.session.scalar(sa.select(Workshop.last_seq).where(Workshop.id == workshop_id))
    kept: list[tuple[int, int, bool]] = []

    def write(writer: int) -> None:
        for n in range(10):
            with app.app_context(), db.unit_of_work() as session:
                event = events.record(session, workshop_id, "test.note", f"p:{writer}",
                                      {"n": n, "text": "café"}, client_id=f"w{writer}-{n}",
                                      result={"ok": True, "n": n})
                kept.append((event.id, event.seq, session.get(Event, event.id) is event))

    writers = [threading.Thread(target=write, args=(w,)) for w in range(6)]
    for thread in writers:
        thread.start()
    for thread in writers:
        thread.join()

    with app.app_context():
        rows = db.session.execute(sa.select(Event.seq, Event.payload, Event.result, Event.at)
                                  .where(Event.workshop_id == workshop_id,
                                         Event.kind == "test.note")).all()
        last = db.session.scalar(sa.select(Workshop.last_seq).where(Workshop.id == workshop_id))
        replayed = events.replay(db.session, workshop_id, "p:3", "w3-7")
    db.engine(app).dispose()
    assert sorted(seq for _id, seq, _same in kept) == list(range(first + 1, first + 61))
    assert sorted(seq for seq, *_ in rows) == list(range(first + 1, first + 61))
    assert last == first + 60
    assert all(same for *_, same in kept)  # the session holds the row it wrote
    assert {row.payload["text"] for row in rows} == {"café"}
    assert all(row.at is not None for row in rows)
    assert replayed == {"ok": True, "n": 7}
