"""A participant sees everything stored about them, and erases it from their phone."""

from __future__ import annotations

import pytest

from tests.conftest import french
from tests.realtime.conftest import Room, Socket, act, settle, wait_until
from workshop.exports.archive import dump
from workshop.extensions import db
from workshop.models import Commitment, Contribution, Participant, Vote
from workshop.realtime.broadcaster import Broadcaster


@pytest.fixture
def voted(room: Room) -> tuple[Room, Socket, Socket, Socket, int]:
    """Léa proposed a topic, voted for it and owns a commitment; Noa voted too."""
    console, lea, noa = room.console(), room.phone("Léa"), room.phone("Noa", "fr")
    act(room, console, "phase.goto", phase="marketplace")
    topic = act(room, lea, "topic.propose", title="Remote work", details="Two days")["topic"]
    act(room, console, "phase.goto", phase="convergence")
    act(room, lea, "vote.cast", topic_id=topic["id"])
    act(room, noa, "vote.cast", topic_id=topic["id"])
    act(room, console, "phase.goto", phase="action_planning")
    act(room, lea, "commitment.add", title="Pilot remote Fridays", topic_id=topic["id"])
    return room, console, lea, noa, topic["id"]


def test_does_a_participant_see_everything_stored_about_them(
    voted: tuple[Room, Socket, Socket, Socket, int]
) -> None:
    _room, _console, lea, noa, topic = voted

    mine = lea.call("me.data")
    theirs = noa.call("me.data")

    assert mine["ok"] is True
    data = mine["data"]
    assert data["profile"]["name"] == "Léa"
    assert data["profile"]["group"] == "customer"
    assert [t["title"] for t in data["topics"]] == ["Remote work"]
    assert data["votes"] == [{"ballot": "convergence", "topic_id": topic, "dots": 1}]
    assert [c["title"] for c in data["commitments"]] == ["Pilot remote Fridays"]
    assert data["logged_actions"]["vote.cast"] == 1
    assert theirs["data"]["profile"]["name"] == "Noa"
    assert theirs["data"]["topics"] == [] and theirs["data"]["commitments"] == []


def test_is_erasing_refused_without_confirmation_and_nothing_changes(
    voted: tuple[Room, Socket, Socket, Socket, int]
) -> None:
    room, _console, lea, noa, _topic = voted
    before = room.fingerprint()

    answer = lea.call("me.erase", {"client_id": room.client_id()})
    in_french = noa.call("me.erase", {"client_id": room.client_id(), "confirm": "yes"})

    assert answer["error"]["code"] == "invalid"
    assert answer["error"]["fields"]["confirm"] == [
        "Confirm with true: erasing cannot be undone."]
    assert in_french["error"]["fields"]["confirm"] == [
        french("Confirm with true: erasing cannot be undone.")]
    assert room.fingerprint() == before


def test_does_erasing_remove_the_person_and_keep_the_groups_work(
    voted: tuple[Room, Socket, Socket, Socket, int], broadcaster: Broadcaster
) -> None:
    room, console, lea, noa, topic = voted
    lea_id = lea.participant_id
    console.forget()

    answer = act(room, lea, "me.erase", confirm=True)

    assert answer["erased"] is True
    db.session.rollback()
    assert db.session.get(Participant, lea_id) is None
    assert db.session.query(Vote).filter_by(participant_id=lea_id).count() == 0
    kept = db.session.get(Contribution, topic)
    assert kept is not None and kept.author_id is None  # the topic stays, unattributed
    commitment = db.session.query(Commitment).one()
    assert (commitment.title, commitment.owner_name, commitment.participant_id) == (
        "Pilot remote Fridays", "", None)
    assert room.stored_votes() == {topic: 1}  # Noa's dot only
    wait_until(lambda: any(lea_id in (s.get("people") or {}).get("remove", [])
                           for s in console.received("state")), "the console to drop Léa")
    settle(broadcaster)
    assert lea.call("sync")["ok"] is False  # the erased phone is no longer anyone
    assert noa.call("sync")["ok"] is True
    export = dump.dump(db.session, room.workshop, None)
    assert "Léa" not in str(export)
