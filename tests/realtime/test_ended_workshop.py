"""An ended or archived workshop is read-only: its results stay final until it is reopened."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from pycrdt import Doc, Text, YMessageType, YSyncMessageType, write_message

from tests.conftest import workshop_fingerprint
from tests.realtime.conftest import Room, Socket
from tests.realtime.test_authorization_matrix import (
    OWNER_ONLY,
    PARTICIPANT_AND_OWNER,
    PARTICIPANT_ONLY,
)
from workshop import ratelimit
from workshop.extensions import db
from workshop.models import (
    CheckIn,
    Commitment,
    Interest,
    ScheduledSession,
    Seat,
    SharedDocument,
    TimeSlot,
    Workshop,
    WorkshopState,
)
from workshop.models import (
    Room as AgendaRoom,
)
from workshop.services import workshops

OVER = "This workshop is over."
ARCHIVED = "This workshop is archived: restore it first."
# A participant's copy of their data, duplicate hints and suggestions change nothing.
READS = {"me.data", "topic.similar", "merge.suggestions"}
# Still allowed once the workshop is over: reopening it, and a participant's right to be erased.
STILL_ALLOWED = {"workshop.reopen", "me.erase"}
_ids = (f"e-{n}" for n in itertools.count())


def frozen(workshop_id: int) -> tuple[Any, ...]:
    """The fingerprint, plus everything else an event could change in a workshop."""
    def rows(model: Any) -> list[Any]:
        table = model.__table__
        return [tuple(row) for row in db.session.execute(
            sa.select(table).where(table.c.workshop_id == workshop_id).order_by(table.c.id))]

    return (*workshop_fingerprint(workshop_id), rows(Commitment), rows(AgendaRoom),
            rows(TimeSlot), rows(ScheduledSession), rows(Seat), rows(Interest), rows(CheckIn),
            rows(SharedDocument))


def update_message(field: str, text: str) -> bytes:
    """A y-protocol sync update writing ``text`` into a document's ``field``."""
    doc = Doc()
    doc[field] = Text(text)
    return bytes([YMessageType.SYNC, YSyncMessageType.SYNC_UPDATE]) + write_message(
        doc.get_update())


class Finished:
    """A workshop that ran: topics, a hidden one, a placed session, a vote, a commitment, a
    question to the room, another waiting for review."""

    def __init__(self, room: Room) -> None:
        self.room = room
        self.owner, self.phone = room.console(), room.phone("Zoé")
        self.say("phase.goto", phase="marketplace")
        self.mine = self.say("topic.propose", self.phone, title="Remote work")["topic"]["id"]
        self.theirs = self.say("topic.propose", title="Onboarding")["topic"]["id"]
        self.hidden = self.say("topic.propose", title="Off topic")["topic"]["id"]
        self.say("topic.hide", topic_id=self.hidden)
        self.say("phase.goto", phase="agenda")
        grid = self.phone.state()["agenda"]
        self.room_id, self.slot_id = grid["rooms"][0]["id"], grid["slots"][0]["id"]
        self.say("agenda.place", self.phone, topic_id=self.mine, room_id=self.room_id,
                 slot_id=self.slot_id)
        self.say("phase.goto", phase="convergence")
        self.say("vote.cast", self.phone, topic_id=self.mine)
        self.say("phase.goto", phase="action_planning")
        self.commitment = self.say("commitment.add", self.phone,
                                   title="Draft the policy")["commitment"]["id"]
        self.question = self.say("question.ask", room.phone("Noa"),
                                 text="Who pays?")["question_id"]
        self.waiting = self.say("question.ask", room.phone("Rude"),
                                text="Who pays, connards?")["question_id"]
        self.say("workshop.end")

    def say(self, event: str, socket: Socket | None = None, **payload: Any) -> Any:
        answer = (socket or self.owner).call(event, {"client_id": next(_ids), **payload})
        assert answer["ok"], (event, answer)
        return answer

    def payloads(self) -> dict[str, dict[str, Any]]:
        """A payload for each event that would change something were the workshop open."""
        return {
            "topic.propose": {"title": "Late idea", "owner": "Zoé"},
            "topic.edit": {"topic_id": self.mine, "title": "Changed afterwards"},
            "vote.cast": {"topic_id": self.mine},
            "vote.retract": {"topic_id": self.mine},
            "interest.mark": {"topic_id": self.mine, "wanted": True},
            "session.checkin": {"topic_id": self.mine},
            "agenda.place": {"topic_id": self.mine, "room_id": self.room_id,
                             "slot_id": self.slot_id},
            "agenda.unplace": {"topic_id": self.mine},
            "commitment.add": {"title": "One more", "owner": "Zoé"},
            "commitment.remove": {"commitment_id": self.commitment},
            "phase.next": {}, "phase.previous": {}, "phase.goto": {"phase": "marketplace"},
            "workshop.end": {},
            "timer.start": {"seconds": 60}, "timer.pause": {}, "timer.extend": {"seconds": 60},
            "settings.update": {"vote_budget": 1, "results_visible": True},
            "topic.hide": {"topic_id": self.theirs},
            "topic.restore": {"topic_id": self.hidden},
            "topic.merge": {"topic_id": self.theirs, "into": self.mine},
            "topic.approve": {"topic_id": self.theirs},
            "topic.reject": {"topic_id": self.theirs},
            "merge.dismiss": {"topic_id": self.theirs, "other_id": self.mine},
            "agenda.grid": {"rooms": [{"name": "Hall"}], "slots": [{"label": "9:00"}]},
            "agenda.lock": {"topic_id": self.mine, "locked": True},
            "agenda.build": {},
            "seating.update": {},
            "seating.host": {"table": 1, "participant_id": self.phone.participant_id},
            "question.ask": {"text": "Asked afterwards?"},
            "question.upvote": {"question_id": self.question},
            "question.answer": {"question_id": self.question},
            "question.pin": {"question_id": self.question},
            "question.archive": {"question_id": self.question},
            "question.approve": {"question_id": self.waiting},
            "question.reject": {"question_id": self.waiting},
            "reaction.send": {"kind": "applause"},
            "doc.sync": {"key": f"report:{self.mine}",
                         "m": update_message("key_points", "Written afterwards")},
        }


@pytest.fixture
def finished(app: Flask, room: Room) -> Finished:
    app.config["RATE_LIMITS"] = None  # dozens of events in a row: limits are tested apart
    ratelimit.init_app(app)
    return Finished(room)


def archive(room: Room) -> None:
    with db.unit_of_work() as session:
        workshops.archive_workshop(session, session.get(Workshop, room.workshop.id),
                                   room.owner)


def mutating_events() -> list[tuple[str, str]]:
    """(role, event) for every event that changes something, sent by each role allowed to."""
    events = [("participant", e) for e in sorted(PARTICIPANT_ONLY | PARTICIPANT_AND_OWNER)]
    events += [("owner", e) for e in sorted(OWNER_ONLY | PARTICIPANT_AND_OWNER)]
    events.append(("participant", "doc.sync"))
    events.append(("owner", "doc.sync"))
    return [(role, e) for role, e in events if e not in READS | STILL_ALLOWED]


@pytest.mark.parametrize("state", ["ended", "archived"])
def test_is_every_change_refused_once_the_workshop_is_over(finished: Finished,
                                                           state: str) -> None:
    room = finished.room
    if state == "archived":
        archive(room)
    before = frozen(room.workshop.id)
    sockets = {"participant": finished.phone, "owner": finished.owner}
    payloads = finished.payloads()

    answers = {(role, event): sockets[role].call(event, {"client_id": next(_ids),
                                                        **payloads[event]})
               for role, event in mutating_events()}

    refusal = {"code": "not_allowed_now", "message": OVER if state == "ended" else ARCHIVED}
    # Archiving also closes the phones' connections: theirs are refused at the door.
    closed = {"code": "unauthorized", "message": "Please sign in first."}
    expected = {("participant", e): closed if state == "archived" else refusal
                for _role, e in mutating_events()}
    expected.update({("owner", e): refusal for _role, e in mutating_events()})
    wrong = {key: answer for key, answer in answers.items()
             if answer.get("ok") or {k: answer["error"].get(k) for k in refusal}
             != expected[key]}
    assert wrong == {}
    assert frozen(room.workshop.id) == before


def test_does_an_ended_workshop_keep_its_final_tally_and_agenda(finished: Finished) -> None:
    state = finished.owner.state()

    assert state["workshop"]["state"] == WorkshopState.ENDED.value
    assert [c["topic_id"] for c in state["agenda"]["cells"]] == [finished.mine]


def test_can_the_facilitator_still_reopen_an_ended_workshop_and_change_it(
    finished: Finished,
) -> None:
    reopened = finished.say("workshop.reopen")
    hidden = finished.say("topic.hide", topic_id=finished.theirs)

    assert reopened["state"] == "live"
    assert hidden["topic"]["status"] == "hidden"


def test_can_a_participant_still_erase_themselves_once_it_is_over(finished: Finished) -> None:
    answer = finished.phone.call("me.erase", {"client_id": next(_ids), "confirm": True})

    assert answer == {"ok": True, "erased": True}
