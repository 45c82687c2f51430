"""What each role reads of the phase: the panels it needs come with it."""

from __future__ import annotations

from tests.methods.test_phase import PANELS
from workshop.extensions import db
from workshop.models import Method, Participant, Workshop
from workshop.roles import Role
from workshop.services import privacy, snapshot


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


def test_does_the_kept_wall_follow_hidden_topics_and_erased_authors(app, room):
    room.move_to("marketplace")
    lea, noa = room.join("Léa"), room.join("Noa")
    room.propose(lea, "Remote work")
    spam = room.propose(noa, "Spam")

    def wall() -> dict[str, str | None]:
        db.session.rollback()
        with app.test_request_context():
            state = snapshot.snapshot(db.session, db.session.get(Workshop, room.workshop.id),
                                      Role.SCREEN)
        return {t["title"]: t["author"] for t in state["topics"]}

    assert wall() == {"Remote work": "Léa", "Spam": "Noa"}
    room.hide(spam)
    assert wall() == {"Remote work": "Léa"}
    with db.unit_of_work() as session:
        privacy.erase(session, session.get(Workshop, room.workshop.id),
                      session.get(Participant, lea.id), f"p:{lea.id}", None)
    assert wall() == {"Remote work": None}
