"""What each role reads of the phase: the panels it needs come with it."""

from __future__ import annotations

from tests.methods.test_phase import PANELS
from workshop.extensions import db
from workshop.models import Method
from workshop.roles import Role
from workshop.services import snapshot


def test_does_the_console_read_the_panels_of_the_current_phase_and_of_every_phase(app, room):
    room.move_to("sessions")

    with app.test_request_context():  # the phases' titles are in the reader's language
        state = snapshot.snapshot(db.session, room.workshop, Role.FACILITATOR)

    assert state["phase"]["panels"] == ["agenda", "documents"]
    assert {p["id"]: tuple(p["panels"]) for p in state["phases"]} == PANELS[Method.OPEN_SPACE]


def test_do_phones_syncing_at_one_seq_share_one_build_and_see_the_next_change(
    app, room, monkeypatch
):
    builds: list[int] = []
    build = snapshot._build_shared
    monkeypatch.setattr(snapshot, "_build_shared",
                        lambda *args: builds.append(1) or build(*args))
    room.move_to("marketplace")
    people = [room.join(name) for name in ("Léa", "Noa", "Sam")]

    with app.test_request_context():
        states = [snapshot.snapshot(db.session, room.workshop, Role.PARTICIPANT, person)
                  for person in people]
    assert len(builds) == 1
    assert [s["me"]["name"] for s in states] == ["Léa", "Noa", "Sam"]

    room.propose(people[0], "Remote work")
    db.session.refresh(room.workshop)
    with app.test_request_context():
        after = snapshot.snapshot(db.session, room.workshop, Role.PARTICIPANT, people[1])
    assert len(builds) == 2
    assert [t["title"] for t in after["topics"]] == ["Remote work"]
    assert after["my_topics"] == [] and states[0]["topics"] == []
