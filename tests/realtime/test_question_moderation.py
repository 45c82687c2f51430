"""Questions to the room wait for the facilitator like contributions: who sees them, how it ends."""

from __future__ import annotations

from tests.conftest import french
from tests.realtime.conftest import Reviewed, Room, Socket, act, refused


def texts(socket: Socket) -> list[str]:
    return [q["text"] for q in socket.state()["questions"]]


def test_does_a_question_wait_for_the_facilitator_in_review_mode(
    room: Room, reviewed: Reviewed
) -> None:
    console, screen, lea, noa = reviewed

    answer = act(room, noa, "question.ask", text="Who pays for the pilot?")

    assert answer["pending"] == "review"
    assert texts(lea) == [] and texts(screen) == []  # nobody else sees it yet
    [queued] = console.state()["questions"]
    assert (queued["text"], queued["pending"], queued["flagged"], queued["author"]) == (
        "Who pays for the pilot?", "review", [], "Noa")
    assert noa.state()["my_waiting_questions"] == [
        {"id": answer["question_id"], "text": "Who pays for the pilot?"}]


def test_can_nobody_upvote_a_waiting_question(
    room: Room, reviewed: Reviewed
) -> None:
    _console, _screen, lea, noa = reviewed
    asked = act(room, noa, "question.ask", text="Who pays for the pilot?")["question_id"]

    refused(room, lea, "question.upvote", "not_found", question_id=asked)


def test_does_an_approved_question_reach_everyone_and_its_author_hear_of_it(
    room: Room, reviewed: Reviewed
) -> None:
    console, screen, lea, noa = reviewed
    asked = act(room, noa, "question.ask", text="Who pays for the pilot?")["question_id"]
    noa.forget()

    act(room, console, "question.approve", question_id=asked)

    assert texts(lea) == ["Who pays for the pilot?"] and texts(screen) == texts(lea)
    [notice] = noa.received("notice")
    assert (notice["code"], notice["question"]) == ("question_approved", asked)
    assert notice["message"] == french(
        "The facilitator approved your question “%(title)s”: the room can see it and upvote "
        "it now.") % {"title": "Who pays for the pilot?"}
    assert noa.state()["my_waiting_questions"] == []
    assert act(room, lea, "question.upvote", question_id=asked)["upvotes"] == 1
    [shown] = console.state()["questions"]
    assert shown["pending"] is None


def test_does_an_edited_approval_show_the_facilitators_words(
    room: Room, reviewed: Reviewed
) -> None:
    console, screen, _lea, noa = reviewed
    asked = act(room, noa, "question.ask", text="who pays the pilot")["question_id"]

    act(room, console, "question.approve", question_id=asked, text="Who pays for the pilot?")

    assert texts(screen) == ["Who pays for the pilot?"]


def test_is_a_rejected_question_kept_out_and_its_author_told(
    room: Room, reviewed: Reviewed
) -> None:
    console, screen, lea, noa = reviewed
    asked = act(room, noa, "question.ask", text="Who pays for the pilot?")["question_id"]
    noa.forget()

    act(room, console, "question.reject", question_id=asked)

    assert texts(lea) == [] and texts(screen) == []
    [kept] = console.state()["questions"]
    assert (kept["archived"], kept["pending"]) == (True, None)
    [notice] = noa.received("notice")
    assert notice["code"] == "question_rejected"
    assert noa.state()["my_waiting_questions"] == []


def test_is_an_insult_held_even_without_review_mode(room: Room) -> None:
    console, lea, noa = room.console(), room.phone("Léa"), room.phone("Noa")

    held = act(room, noa, "question.ask", text="Pourquoi ce support de connards ?")
    shown = act(room, lea, "question.ask", text="Who pays for the pilot?")

    assert held["pending"] == "language" and "pending" not in shown
    assert texts(noa) == ["Who pays for the pilot?"]
    queued = {q["text"]: q for q in console.state()["questions"]}
    assert queued["Pourquoi ce support de connards ?"]["flagged"] == ["connard"]


def test_is_reviewing_a_shown_question_refused_with_nothing_changed(room: Room) -> None:
    console, noa = room.console(), room.phone("Noa")
    asked = act(room, noa, "question.ask", text="Who pays for the pilot?")["question_id"]

    for event in ("question.approve", "question.reject"):
        refused(room, console, event, "invalid", question_id=asked)


def test_is_an_empty_edit_refused_and_the_question_still_waiting(
    room: Room, reviewed: Reviewed
) -> None:
    console, _screen, _lea, noa = reviewed
    asked = act(room, noa, "question.ask", text="Who pays for the pilot?")["question_id"]

    answer = refused(room, console, "question.approve", "invalid", question_id=asked, text="   ")

    assert "text" in answer["error"]["fields"]


def test_can_pinning_or_answering_skip_the_review(
    room: Room, reviewed: Reviewed
) -> None:
    console, _screen, _lea, noa = reviewed
    asked = act(room, noa, "question.ask", text="Who pays for the pilot?")["question_id"]

    for event, flag in (("question.pin", "pinned"), ("question.answer", "answered")):
        refused(room, console, event, "not_found", question_id=asked, **{flag: True})
