"""The event log: every change gets the next seq of its own workshop."""

from __future__ import annotations

import sqlalchemy as sa

from workshop.extensions import db
from workshop.models import Event, Workshop
from workshop.services import events, participants, workshops
from workshop.services.participants import JoinRequest


def log_of(workshop: Workshop) -> list[tuple[int, str, str]]:
    rows = db.session.scalars(
        sa.select(Event).where(Event.workshop_id == workshop.id).order_by(Event.seq)
    )
    return [(e.seq, e.kind, e.actor) for e in rows]


def test_does_creating_a_workshop_open_its_log_at_seq_1(make_facilitator, make_workshop):
    owner = make_facilitator()

    workshop = make_workshop(owner)

    assert log_of(workshop) == [(1, "workshop.created", f"f:{owner.id}")]


def test_do_recorded_events_get_the_next_seqs_in_order(make_facilitator, make_workshop):
    workshop = make_workshop(make_facilitator())

    with db.unit_of_work() as session:
        first = events.record(session, workshop.id, "test.one", "system")
        second = events.record(session, workshop.id, "test.two", "system", {"n": 2})
    with db.unit_of_work() as session:
        third = events.record(session, workshop.id, "test.three", "system")

    assert (first.seq, second.seq, third.seq) == (2, 3, 4)
    assert [seq for seq, _kind, _actor in log_of(workshop)] == [1, 2, 3, 4]
    assert second.payload == {"n": 2}


def test_does_each_workshop_count_its_own_seqs(make_facilitator, make_workshop):
    owner = make_facilitator()
    morning, afternoon = make_workshop(owner), make_workshop(owner)

    with db.unit_of_work() as session:
        for workshop in (morning, afternoon, morning, morning, afternoon):
            events.record(session, workshop.id, "test.tick", "system")

    assert [seq for seq, _k, _a in log_of(morning)] == [1, 2, 3, 4]
    assert [seq for seq, _k, _a in log_of(afternoon)] == [1, 2, 3]


def test_is_a_rolled_back_event_forgotten_and_its_seq_reused(make_facilitator, make_workshop):
    workshop = make_workshop(make_facilitator())

    try:
        with db.unit_of_work() as session:
            events.record(session, workshop.id, "test.lost", "system")
            raise RuntimeError("the change failed")
    except RuntimeError:
        pass
    with db.unit_of_work() as session:
        kept = events.record(session, workshop.id, "test.kept", "system")

    assert kept.seq == 2
    assert [kind for _seq, kind, _actor in log_of(workshop)] == ["workshop.created", "test.kept"]


def test_does_joining_write_an_event(make_facilitator, make_workshop):
    workshop = make_workshop(make_facilitator())

    with db.unit_of_work() as session:
        joined = participants.join(session, workshop, JoinRequest("Camille", "partner"))

    assert log_of(workshop)[-1] == (2, "participant.joined", f"p:{joined.result['participant']}")


def test_do_archiving_and_locking_write_events(make_facilitator, make_workshop):
    owner = make_facilitator()
    workshop = make_workshop(owner)

    with db.unit_of_work() as session:
        workshops.set_joining_locked(session, workshop, True, owner)
        workshops.archive_workshop(session, workshop, owner)
        workshops.restore_workshop(session, workshop, owner)

    assert [kind for _seq, kind, _actor in log_of(workshop)] == [
        "workshop.created", "joining.locked", "workshop.archived", "workshop.restored",
    ]
