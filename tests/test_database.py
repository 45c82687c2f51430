"""The database: SQLite settings, lock waits, the migration matching the models, cascades."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from tests.locking import WriteLockHolder
from workshop import database
from workshop.extensions import db
from workshop.models import Base, Event, Method, Participant, Workshop
from workshop.services import participants, workshops
from workshop.services.participants import JoinRequest


def pragma(name: str) -> object:
    with db.engine().connect() as connection:
        return connection.exec_driver_sql(f"PRAGMA {name}").scalar()


def rows_of(model: type[Base], workshop_id: int) -> int:
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(model).where(model.workshop_id == workshop_id)  # type: ignore[attr-defined]
    )


def join(workshop: Workshop, name: str) -> None:
    with db.unit_of_work() as session:
        participants.join(session, workshop, JoinRequest(name, "employee"))


def test_are_the_sqlite_safety_settings_on_for_every_connection(app):
    assert pragma("journal_mode") == "wal"
    assert pragma("foreign_keys") == 1
    # Lock waits happen in Python, where gevent can serve others meanwhile (see below).
    assert pragma("busy_timeout") == 0


def workshops_titled(title: str) -> int:
    db.session.rollback()
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(Workshop).where(Workshop.title == title))


def test_does_a_write_wait_for_another_process_lock_by_yielding(
    instance, make_facilitator, monkeypatch
):
    """Under gevent ``time.sleep`` yields to the loop: the wait must go through it, not C."""
    owner = make_facilitator()
    pauses: list[float] = []
    with WriteLockHolder(instance / "atelier.db") as holder:

        def pause(seconds: float) -> None:
            pauses.append(seconds)
            holder.release()  # the other process lets go while this one waits

        monkeypatch.setattr(database, "pause", pause)
        with db.unit_of_work() as session:
            workshops.create_workshop(session, owner, workshops.WorkshopSettings(
                title="Written after the wait", method=Method.OPEN_SPACE))

    assert pauses
    assert workshops_titled("Written after the wait") == 1


def test_does_a_write_give_up_when_the_lock_is_held_past_the_wait(
    instance, make_facilitator, monkeypatch
):
    owner = make_facilitator()
    monkeypatch.setattr(database, "LOCK_WAIT", 0.0)
    with (WriteLockHolder(instance / "atelier.db"),
          pytest.raises(sa.exc.OperationalError, match="locked"),
          db.unit_of_work() as session):
        workshops.create_workshop(session, owner, workshops.WorkshopSettings(
            title="Never written", method=Method.OPEN_SPACE))

    assert workshops_titled("Never written") == 0


def test_are_reads_answered_while_another_process_holds_the_write_lock(
    instance, make_facilitator, make_workshop
):
    make_workshop(make_facilitator(), title="Readable")
    with WriteLockHolder(instance / "atelier.db") as holder:
        assert workshops_titled("Readable") == 1
        assert holder.holding()


def test_does_the_migrated_schema_match_the_models(app):
    with db.engine().connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)

    assert differences == []


@pytest.mark.live  # runs the workshop command
def test_can_the_schema_be_taken_down_and_back_up(instance):
    def workshop_cmd(*args: str) -> None:
        subprocess.run(
            [sys.executable, "-m", "workshop", "db", *args], check=True, capture_output=True,
            env={**os.environ, "WORKSHOP_INSTANCE_PATH": str(instance)}, timeout=60,
        )

    workshop_cmd("downgrade", "base")
    workshop_cmd("upgrade")

    engine = sa.create_engine(f"sqlite:///{instance / 'atelier.db'}")
    with engine.connect() as connection:
        context = MigrationContext.configure(connection)
        assert compare_metadata(context, Base.metadata) == []
    engine.dispose()


def test_does_deleting_a_workshop_delete_its_participants_and_events(
    make_facilitator, make_workshop
):
    owner = make_facilitator()
    doomed, kept = make_workshop(owner), make_workshop(owner)
    for name in ("Ana", "Ben"):
        join(doomed, name)
    join(kept, "Chloé")
    doomed_id = doomed.id

    with db.unit_of_work() as session:
        workshops.delete_workshop(session, doomed)

    assert (rows_of(Participant, doomed_id), rows_of(Event, doomed_id)) == (0, 0)
    assert (rows_of(Participant, kept.id), rows_of(Event, kept.id)) == (1, 2)


def test_are_foreign_keys_enforced(app):
    with pytest.raises(sa.exc.IntegrityError), db.unit_of_work() as session:
        session.add(Participant(workshop_id=999_999, display_name="Ghost", group_key="",
                                token_hash="0" * 64))


def test_does_the_vote_budget_range_hold_in_the_database_too(make_facilitator, make_workshop):
    workshop = make_workshop(make_facilitator())

    with pytest.raises(sa.exc.IntegrityError), db.unit_of_work():
        workshop.vote_budget = 101
