"""Questions to the room and quick reactions, over real Socket.IO clients of the app."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from tests.rate_limiting import limit
from tests.realtime.conftest import Room, Socket, act, wait_until


def questions_in(socket: Socket) -> dict[int, dict[str, Any]]:
    """The questions ``socket`` was sent in ``state`` broadcasts, latest version of each."""
    found: dict[int, dict[str, Any]] = {}
    for body in socket.received("state"):
        for question in body.get("questions", {}).get("upsert", []):
            found[question["id"]] = question
        for gone in body.get("questions", {}).get("remove", []):
            found.pop(gone, None)
    return found


def test_does_a_question_reach_the_room_anonymous_and_the_console_named(room: Room) -> None:
    console, screen, lea, noa = room.console(), room.screen(), room.phone("Léa"), room.phone("Noa")

    asked = act(room, lea, "question.ask", text="Who pays for the pilot?")["question_id"]

    for device in (screen, noa):
        seen = wait_until(lambda d=device: questions_in(d).get(asked), "the question")
        assert seen["text"] == "Who pays for the pilot?" and seen["author"] is None
    assert wait_until(lambda: questions_in(console).get(asked), "the console")["author"] == "Léa"
    assert lea.state()["my_questions"] == [asked]


def test_do_upvotes_reach_the_screen_as_counts_and_each_count_once(room: Room) -> None:
    screen, lea = room.screen(), room.phone("Léa")
    asked = act(room, lea, "question.ask", text="Who pays?")["question_id"]
    voters = [room.phone(f"Voter {n}") for n in range(3)]
    wait_until(lambda: asked in questions_in(lea), "the question on the asker's phone")
    lea.forget()

    for voter in voters:
        act(room, voter, "question.upvote", question_id=asked)
    again = act(room, voters[0], "question.upvote", question_id=asked)

    assert again["upvotes"] == 3
    for device, where in ((screen, "the screen"), (lea, "the asker's phone")):
        wait_until(lambda d=device: any(body["counts"].get(str(asked)) == 3
                                        for body in d.received("upvotes")), f"3 upvotes on {where}")
    # Counts only, coalesced: no upvote resent the question itself to anyone.
    assert not [body for body in lea.received("state") if "questions" in body]
    assert voters[0].state()["my_upvotes"] == [asked]


def test_does_a_retried_upvote_toggle_only_once(room: Room) -> None:
    asked = act(room, room.phone("Léa"), "question.ask", text="Who pays?")["question_id"]
    zoe = room.phone("Zoé")
    act(room, zoe, "question.upvote", question_id=asked)

    take_back = {"client_id": "undo-1", "question_id": asked, "up": False}
    first, retry = zoe.call("question.upvote", take_back), zoe.call("question.upvote", take_back)

    assert first == retry == {"ok": True, "question_id": asked, "upvoted": False, "upvotes": 0}


def test_does_the_screen_show_the_one_question_pinned(room: Room) -> None:
    console, screen, lea = room.console(), room.screen(), room.phone("Léa")
    first = act(room, lea, "question.ask", text="First?")["question_id"]
    second = act(room, lea, "question.ask", text="Second?")["question_id"]
    act(room, console, "question.pin", question_id=first)

    act(room, console, "question.pin", question_id=second)

    wait_until(lambda: questions_in(screen).get(second, {}).get("pinned"), "the pin")
    assert [q["id"] for q in questions_in(screen).values() if q["pinned"]] == [second]
    assert [q["id"] for q in screen.state()["questions"] if q["pinned"]] == [second]


def test_does_an_archived_question_leave_phones(room: Room) -> None:
    console, noa = room.console(), room.phone("Noa")
    asked = act(room, room.phone("Léa"), "question.ask", text="Off topic?")["question_id"]
    wait_until(lambda: asked in questions_in(noa), "the question on the phone")

    act(room, console, "question.archive", question_id=asked)

    wait_until(lambda: asked not in questions_in(noa), "the question gone from the phone")
    assert asked not in [q["id"] for q in noa.state()["questions"]]
    assert [q["archived"] for q in console.state()["questions"]] == [True]


@pytest.mark.parametrize("event", ["question.answer", "question.pin", "question.archive"])
def test_can_a_participant_moderate_questions(room: Room, event: str) -> None:
    lea = room.phone("Léa")
    asked = act(room, lea, "question.ask", text="Mine?")["question_id"]
    before = room.fingerprint()

    answer = lea.call(event, {"client_id": room.client_id(), "question_id": asked})

    assert answer["error"]["code"] == "forbidden"
    assert room.fingerprint() == before


def test_does_a_reaction_flash_on_the_screen_without_being_stored(room: Room) -> None:
    screen, lea, noa = room.screen(), room.phone("Léa"), room.phone("Noa")
    before = room.fingerprint()

    for phone, kind in ((lea, "applause"), (noa, "applause"), (noa, "louder")):
        assert phone.call("reaction.send", {"kind": kind}) == {"ok": True, "kind": kind}

    def shown() -> dict[str, int]:
        total: dict[str, int] = {}
        for body in screen.received("reactions"):
            for kind, n in body["counts"].items():
                total[kind] = total.get(kind, 0) + n
        return total if total == {"applause": 2, "louder": 1} else {}

    wait_until(shown, "the reactions on the screen")
    assert room.fingerprint() == before  # no vote, no event, no row


@pytest.mark.parametrize("kind", [None, "boo", 3, ["applause"]])
def test_is_an_unknown_reaction_refused(room: Room, kind: Any) -> None:
    answer = room.phone().call("reaction.send", {"kind": kind})

    assert answer["error"]["code"] == "invalid"


def test_is_a_phone_sending_reactions_nonstop_slowed_down(app: Flask, room: Room) -> None:
    limit(app, reaction="5/minute")
    flooder, other = room.phone("Flood"), room.phone("Calm")

    flood = [flooder.call("reaction.send", {"kind": "plus_one"}) for _ in range(8)]
    calm = other.call("reaction.send", {"kind": "plus_one"})

    assert [a["ok"] for a in flood] == [True] * 5 + [False] * 3
    assert flood[-1]["error"]["code"] == "rate_limited"
    assert calm["ok"] is True


def test_can_the_screen_or_the_console_send_reactions(room: Room) -> None:
    for device in (room.screen(), room.console()):
        assert device.call("reaction.send", {"kind": "applause"})["error"]["code"] == "forbidden"


def test_does_erasing_oneself_keep_the_question_unattributed_and_drop_the_upvotes(
    room: Room,
) -> None:
    console, lea, zoe = room.console(), room.phone("Léa"), room.phone("Zoé")
    hers = act(room, lea, "question.ask", text="Who pays?")["question_id"]
    theirs = act(room, zoe, "question.ask", text="When?")["question_id"]
    act(room, lea, "question.upvote", question_id=theirs)
    stored = lea.call("me.data")["data"]
    assert stored["questions"] == [{"id": hers, "text": "Who pays?"}]
    assert stored["question_upvotes"] == [theirs]

    act(room, lea, "me.erase", confirm=True)

    left = {q["id"]: q for q in console.state()["questions"]}
    assert left[hers]["text"] == "Who pays?" and left[hers]["author"] is None
    assert left[theirs]["upvotes"] == 0
