"""Moderation before the screen: what waits for the facilitator, who sees it, and how it ends."""

from __future__ import annotations

from tests.conftest import french
from tests.realtime.conftest import Reviewed, Room, Socket, act, refused


def titles(socket: Socket) -> list[str]:
    return [t["title"] for t in socket.state()["topics"]]


def marketplace(room: Room) -> Socket:
    """The console of a workshop whose participants may propose."""
    console = room.console()
    act(room, console, "phase.goto", phase="marketplace")
    return console


def test_does_a_proposal_wait_for_the_facilitator_in_review_mode(
    room: Room, reviewed: Reviewed
) -> None:
    console, screen, lea, noa = reviewed

    answer = act(room, noa, "topic.propose", title="Faster refunds")

    assert answer["topic"]["pending"] == "review"
    assert titles(lea) == [] and titles(screen) == []  # nobody else sees it yet
    [queued] = console.state()["topics"]
    assert (queued["title"], queued["status"], queued["flagged"]) == ("Faster refunds",
                                                                      "pending", [])
    assert noa.state()["my_pending"] == [
        {"id": answer["topic"]["id"], "kind": "topic", "title": "Faster refunds"}]
    assert console.state()["settings"]["review_first"] is True


def test_does_an_approved_proposal_reach_everyone_and_its_author_hear_of_it(
    room: Room, reviewed: Reviewed
) -> None:
    console, screen, lea, noa = reviewed
    topic = act(room, noa, "topic.propose", title="Faster refunds")["topic"]["id"]
    noa.forget()

    act(room, console, "topic.approve", topic_id=topic)

    assert titles(lea) == ["Faster refunds"] and titles(screen) == ["Faster refunds"]
    [notice] = noa.received("notice")
    assert (notice["code"], notice["topic"]) == ("topic_approved", topic)
    assert notice["message"] == french(
        "The facilitator approved “%(title)s”: everyone can see it now.") % {
        "title": "Faster refunds"}
    assert noa.state()["my_pending"] == []


def test_is_a_waiting_proposal_out_of_the_vote(
    room: Room, reviewed: Reviewed
) -> None:
    console, _screen, lea, noa = reviewed
    topic = act(room, noa, "topic.propose", title="Faster refunds")["topic"]["id"]
    act(room, console, "phase.goto", phase="convergence")

    refused(room, lea, "vote.cast", "unknown_topic", topic_id=topic)


def test_is_an_insult_held_even_without_review_mode_and_the_words_shown(room: Room) -> None:
    console, lea, noa = marketplace(room), room.phone("Léa"), room.phone("Noa")

    held = act(room, noa, "topic.propose", title="Le support, bande de connards")
    act(room, lea, "topic.propose", title="Faster refunds")

    assert held["topic"]["pending"] == "language"
    assert titles(lea) == ["Faster refunds"]  # the clean one is shown at once
    queued = {t["title"]: t for t in console.state()["topics"]}
    assert queued["Le support, bande de connards"]["flagged"] == ["connard"]
    assert queued["Faster refunds"]["status"] == "visible"


def test_is_a_rejected_proposal_kept_out_and_its_author_told(room: Room) -> None:
    console, lea, noa = marketplace(room), room.phone("Léa"), room.phone("Noa")
    topic = act(room, noa, "topic.propose", title="What a shit idea")["topic"]["id"]
    noa.forget()

    act(room, console, "topic.reject", topic_id=topic)

    assert titles(lea) == []
    [status] = [t["status"] for t in console.state()["topics"]]
    assert status == "hidden"
    [notice] = noa.received("notice")
    assert notice["code"] == "topic_rejected"


def test_is_reviewing_a_shown_topic_refused_with_nothing_changed(room: Room) -> None:
    console, noa = marketplace(room), room.phone("Noa")
    topic = act(room, noa, "topic.propose", title="Faster refunds")["topic"]["id"]

    for event in ("topic.approve", "topic.reject"):
        refused(room, console, event, "invalid", topic_id=topic)


def test_does_an_author_editing_in_an_insult_send_the_topic_back_to_review(room: Room) -> None:
    console, lea, noa = marketplace(room), room.phone("Léa"), room.phone("Noa")
    topic = act(room, noa, "topic.propose", title="Faster refunds")["topic"]["id"]

    edited = act(room, noa, "topic.edit", topic_id=topic, title="Faster refunds, merde")

    assert edited["topic"]["pending"] == "language"
    assert titles(lea) == []
    [queued] = console.state()["topics"]
    assert queued["status"] == "pending"


def test_can_a_waiting_proposal_be_merged_into_one_already_shown(
    room: Room, reviewed: Reviewed
) -> None:
    console, _screen, lea, noa = reviewed
    shown = act(room, lea, "topic.propose", title="Refunds in a day")["topic"]["id"]
    act(room, console, "topic.approve", topic_id=shown)
    waiting = act(room, noa, "topic.propose", title="Faster refunds")["topic"]["id"]

    act(room, console, "topic.merge", topic_id=waiting, into=shown)

    assert titles(lea) == ["Refunds in a day"]
    assert noa.state()["my_pending"] == []


def test_are_the_facilitators_own_posts_never_held(
    room: Room, reviewed: Reviewed
) -> None:
    console, screen, _lea, _noa = reviewed

    answer = act(room, console, "topic.propose", title="Welcome, shit happens")

    assert "pending" not in answer["topic"]
    assert titles(screen) == ["Welcome, shit happens"]
