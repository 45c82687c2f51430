"""What each device is told after a change: topic diffs, tallies, notices, phases, the timer."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.conftest import french
from tests.realtime.conftest import Room, Socket, act, settle, wait_until
from workshop.realtime.broadcaster import Broadcaster
from workshop.realtime.rooms import PHONE_GROUPS


def states(socket: Socket, key: str) -> list[dict[str, Any]]:
    """The ``state`` broadcasts carrying ``key`` that ``socket`` received since it forgot."""
    return [body for body in socket.received("state") if key in body]


def counts(socket: Socket) -> list[dict[str, int]]:
    return [body["counts"] for body in socket.received("tally")]


class Wall:
    """A workshop in its marketplace with a console, a screen and two phones listening."""

    def __init__(self, room: Room) -> None:
        self.room = room
        self.console, self.screen = room.console(), room.screen()
        self.lea, self.noa = room.phone("Léa"), room.phone("Noa", "fr")
        act(room, self.console, "phase.goto", phase="marketplace")
        self.remote = act(room, self.lea, "topic.propose", title="Remote work")["topic"]["id"]
        self.coffee = act(room, self.noa, "topic.propose", title="Coffee")["topic"]["id"]
        self.devices = (self.console, self.screen, self.lea, self.noa)

    def forget(self) -> None:
        for device in self.devices:
            device.forget()

    def vote(self) -> None:
        act(self.room, self.console, "phase.goto", phase="convergence")


@pytest.fixture
def wall(room: Room) -> Wall:
    return Wall(room)


def test_does_a_proposal_reach_every_screen_as_a_topic_upsert(room: Room) -> None:
    console, screen, noa, lea = room.console(), room.screen(), room.phone("Noa"), room.phone()
    act(room, console, "phase.next")

    topic = act(room, lea, "topic.propose", title="Remote work", details="2 days")["topic"]

    public = {"id": topic["id"], "kind": "topic", "title": "Remote work", "details": "2 days",
              "author": "Léa", "parent": None, "phase": "marketplace"}
    seq = room.fingerprint()[0]
    for device in (screen, noa, lea):
        assert states(device, "topics")[-1] == {
            "seq": seq, "topics": {"upsert": [public], "remove": []}}
    assert states(console, "topics")[-1]["topics"]["upsert"] == [
        {**public, "status": "visible", "merged_into": None}]


def test_does_an_edit_reach_every_screen(wall: Wall) -> None:
    wall.forget()

    act(wall.room, wall.lea, "topic.edit", topic_id=wall.remote, title="Remote work, 2 days")

    for device in wall.devices:
        assert states(device, "topics")[-1]["topics"]["upsert"][0]["title"] == (
            "Remote work, 2 days")


def test_is_a_hidden_topic_removed_from_phones_and_screen_but_kept_on_the_console(wall: Wall):
    wall.forget()

    act(wall.room, wall.console, "topic.hide", topic_id=wall.remote)

    for device in (wall.screen, wall.lea, wall.noa):
        assert states(device, "topics")[-1]["topics"] == {"upsert": [], "remove": [wall.remote]}
    shown = states(wall.console, "topics")[-1]["topics"]
    assert [(t["id"], t["status"]) for t in shown["upsert"]] == [(wall.remote, "hidden")]
    assert shown["remove"] == []


def test_does_a_restored_topic_come_back_to_phones(wall: Wall) -> None:
    act(wall.room, wall.console, "topic.hide", topic_id=wall.remote)
    wall.forget()

    act(wall.room, wall.console, "topic.restore", topic_id=wall.remote)

    upsert = states(wall.noa, "topics")[-1]["topics"]["upsert"]
    assert [t["title"] for t in upsert] == ["Remote work"]


def test_does_a_merge_remove_the_duplicate_and_resend_the_target(wall: Wall) -> None:
    wall.forget()

    act(wall.room, wall.console, "topic.merge", topic_id=wall.coffee, into=wall.remote)

    phone = states(wall.lea, "topics")[-1]["topics"]
    assert ([t["id"] for t in phone["upsert"]], phone["remove"]) == ([wall.remote], [wall.coffee])
    console = states(wall.console, "topics")[-1]["topics"]["upsert"]
    assert sorted((t["id"], t["status"], t["merged_into"]) for t in console) == [
        (wall.remote, "visible", None), (wall.coffee, "merged", wall.remote)]


def test_is_an_author_told_in_their_language_that_their_topic_was_merged(wall: Wall) -> None:
    wall.forget()

    act(wall.room, wall.console, "topic.merge", topic_id=wall.coffee, into=wall.remote)

    [notice] = wall.noa.received("notice")
    assert notice["code"] == "topic_merged"
    assert notice["message"] == french(
        "Your topic “%(title)s” now joins “%(into)s”: your votes and the others' went with "
        "it.") % {"title": "Coffee", "into": "Remote work"}
    assert wall.lea.received("notice") == []  # Léa's topic stays where it was


def test_do_tallies_reach_only_the_console_while_results_are_hidden(
    wall: Wall, broadcaster: Broadcaster
) -> None:
    wall.vote()
    wall.forget()

    act(wall.room, wall.lea, "vote.cast", topic_id=wall.remote)

    wait_until(lambda: {str(wall.remote): 1} in counts(wall.console), "the console's tally")
    settle(broadcaster)  # every tally owed has been sent
    assert counts(wall.screen) == counts(wall.lea) == counts(wall.noa) == []


def test_do_the_console_and_screen_see_who_has_voted_while_results_are_hidden(
    wall: Wall, broadcaster: Broadcaster
) -> None:
    wall.vote()
    assert wall.screen.state()["progress"] == {"voters": 0, "dots": 0, "people": 2}
    wall.forget()

    act(wall.room, wall.lea, "vote.cast", topic_id=wall.remote)
    act(wall.room, wall.lea, "vote.cast", topic_id=wall.coffee)

    made = {"voters": 1, "dots": 2, "people": 2}
    for device in (wall.console, wall.screen):
        wait_until(lambda d=device: any({k: p[k] for k in made} == made
                                        for p in d.received("progress")), "the progress")
    settle(broadcaster)
    assert wall.lea.received("progress") == wall.noa.received("progress") == []  # phones: no
    assert counts(wall.screen) == []  # and the results themselves stay hidden


def test_do_phones_and_the_screen_follow_the_tally_once_results_are_shown(
    wall: Wall, broadcaster: Broadcaster
) -> None:
    wall.vote()
    act(wall.room, wall.lea, "vote.cast", topic_id=wall.remote)
    wall.forget()

    act(wall.room, wall.console, "settings.update", results_visible=True)
    act(wall.room, wall.noa, "vote.cast", topic_id=wall.coffee)

    expected = {str(wall.remote): 1, str(wall.coffee): 1}
    for device in wall.devices:
        wait_until(lambda d=device: counts(d) and counts(d)[-1] == expected, "the tally")
    assert states(wall.lea, "settings")[-1]["settings"]["results_visible"] is True


def test_do_phones_of_every_tally_group_follow_the_tally(
    wall: Wall, broadcaster: Broadcaster
) -> None:
    others = [wall.room.phone(f"Phone {n}") for n in range(PHONE_GROUPS)]
    wall.vote()
    act(wall.room, wall.console, "settings.update", results_visible=True)

    for n, phone in enumerate(others):
        act(wall.room, phone, "vote.cast", topic_id=(wall.remote, wall.coffee)[n % 2])

    everyone = (wall.lea, wall.noa, *others)
    ids = {phone.state()["me"]["id"] % PHONE_GROUPS for phone in everyone}
    assert ids == set(range(PHONE_GROUPS))  # every group has a phone listening
    stored = wall.room.stored_votes()
    expected = {str(topic): stored[topic] for topic in (wall.remote, wall.coffee)}
    assert sum(expected.values()) == PHONE_GROUPS
    for phone in everyone:
        wait_until(lambda p=phone: counts(p) and counts(p)[-1] == expected,
                   "every phone's tally to be the database's")


def test_does_a_phase_change_hide_results_again_and_reopen_closed_actions(
    wall: Wall, broadcaster: Broadcaster
) -> None:
    wall.vote()
    act(wall.room, wall.console, "settings.update", results_visible=True, voting_open=False)
    closed = states(wall.lea, "phase")[-1]["phase"]["allows"]

    act(wall.room, wall.console, "phase.next")
    act(wall.room, wall.console, "phase.previous")
    settle(broadcaster)
    wall.forget()
    act(wall.room, wall.lea, "vote.cast", topic_id=wall.remote)

    assert closed == []
    settings = wall.lea.state()["settings"]
    assert (settings["results_visible"], settings["voting_open"]) == (False, True)
    wait_until(lambda: counts(wall.console), "the console's tally")
    settle(broadcaster)
    assert counts(wall.lea) == counts(wall.screen) == []


def test_are_results_shown_to_everyone_on_the_results_phase(
    wall: Wall, broadcaster: Broadcaster
) -> None:
    wall.vote()
    act(wall.room, wall.noa, "vote.cast", topic_id=wall.coffee)
    wall.forget()

    act(wall.room, wall.console, "phase.next")

    for device in wall.devices:
        wait_until(lambda d=device: {str(wall.coffee): 1} in counts(d), "the results")


def test_is_a_phone_told_in_its_language_when_a_lower_budget_returns_its_dots(wall: Wall):
    wall.vote()
    for topic in (wall.remote, wall.remote, wall.coffee):
        act(wall.room, wall.noa, "vote.cast", topic_id=topic)
    act(wall.room, wall.lea, "vote.cast", topic_id=wall.remote)
    wall.forget()

    act(wall.room, wall.console, "settings.update", vote_budget=2)

    [notice] = wall.noa.received("notice")
    assert notice == {
        "code": "votes_returned", "count": 1, "seq": wall.room.fingerprint()[0],
        "message": french("The facilitator changed the voting rules: %(num)d of your votes "
                          "was returned.") % {"num": 1},
        "votes_left": 0, "my_votes": {str(wall.remote): 2}}
    assert wall.lea.received("notice") == []  # one dot is within the new budget
    assert states(wall.lea, "settings")[-1]["settings"]["vote_budget"] == 2


def test_does_a_phase_change_reach_everyone_with_a_fresh_timer(wall: Wall) -> None:
    wall.forget()

    act(wall.room, wall.console, "phase.next")

    bodies = [states(device, "phase")[-1] for device in wall.devices]
    assert {body["phase"]["id"] for body in bodies} == {"agenda"}
    assert {tuple(body["phase"]["allows"]) for body in bodies} == {("pick", "mark")}
    assert {(body["timer"]["running"], body["timer"]["duration"]) for body in bodies} == {
        (False, 900)}


def test_does_every_device_count_down_to_the_same_server_kept_end(wall: Wall) -> None:
    wall.forget()

    ends_at = act(wall.room, wall.console, "timer.start", seconds=300)["timer"]["ends_at"]

    for device in wall.devices:
        timer = states(device, "timer")[-1]["timer"]
        assert (timer["running"], timer["ends_at"]) == (True, ends_at)
        assert ends_at - 300_000 <= timer["server_time"] <= ends_at
    assert wall.room.phone("Late Lou").state()["timer"]["ends_at"] == ends_at


def test_does_a_pause_reach_every_device_with_what_remains(wall: Wall) -> None:
    act(wall.room, wall.console, "timer.start", seconds=300)
    wall.forget()

    remaining = act(wall.room, wall.console, "timer.pause")["timer"]["remaining"]

    for device in wall.devices:
        timer = states(device, "timer")[-1]["timer"]
        assert (timer["running"], timer["ends_at"], timer["remaining"]) == (
            False, None, remaining)


def test_do_broadcasts_carry_increasing_seqs(wall: Wall) -> None:
    wall.vote()
    act(wall.room, wall.console, "timer.start", seconds=60)
    act(wall.room, wall.console, "topic.hide", topic_id=wall.coffee)

    seqs = [body["seq"] for body in wall.lea.received("state")]

    assert seqs == sorted(set(seqs)) and len(seqs) >= 6
    assert seqs[-1] == wall.lea.state()["seq"]


def test_does_a_phone_joining_reach_the_screens_count_and_the_consoles_list(
    room: Room, client: FlaskClient
) -> None:
    console, screen, lea = room.console(), room.screen(), room.phone()

    response = client.post("/api/v1/join", json={"code": room.workshop.join_code,
                                                 "name": "Noa", "group": "employee"})

    assert response.status_code == 201
    seen = states(screen, "participants")[-1]["participants"]
    assert seen == {"total": 2, "by_group": {"customer": 1, "employee": 1}}
    assert states(console, "people")[-1]["people"]["upsert"][0]["name"] == "Noa"
    assert states(lea, "participants") == []  # phones show no head count
