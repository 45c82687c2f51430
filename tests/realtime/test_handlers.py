"""Every Socket.IO event: what it answers, and what it refuses to whom, changing nothing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tests.conftest import french
from tests.realtime.conftest import Room, Socket
from tests.recorded_demos import run_recorded


def ok(socket: Socket, event: str, payload: dict[str, Any] | None = None) -> dict[str, Any]:
    answer = socket.call(event, payload or {})
    assert answer["ok"] is True, answer
    return answer


def act(room: Room, socket: Socket, event: str, **payload: Any) -> dict[str, Any]:
    return ok(socket, event, {"client_id": room.client_id(), **payload})


@dataclass
class Scene:
    """A vote under way: Léa's and Noa's topics, a hidden one, a merged one, a foreign one."""

    room: Room
    console: Socket
    screen: Socket
    lea: Socket
    noa: Socket
    remote: int
    coffee: int
    hidden: int
    merged: int
    foreign: int


def make_scene(room: Room, make_room) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """The scene's rows, made through the sockets; what opens it again (plain data)."""
    console, lea, noa = room.console(), room.phone("Léa"), room.phone("Noa")
    act(room, console, "phase.goto", phase="marketplace")
    topic = {name: act(room, who, "topic.propose", title=title)["topic"]["id"]
             for name, who, title in [("remote", lea, "Remote work"), ("coffee", noa, "Coffee"),
                                      ("hidden", lea, "Spam"), ("merged", noa, "More coffee")]}
    act(room, console, "topic.hide", topic_id=topic["hidden"])
    act(room, console, "topic.merge", topic_id=topic["merged"], into=topic["coffee"])
    other = make_room(owner=room.owner)  # the same facilitator's other workshop
    foreign = act(other, other.console(), "topic.propose", title="Not yours")["topic"]["id"]
    act(room, console, "phase.goto", phase="convergence")
    phones = {name: (socket.auth["token"], socket.participant_id)
              for name, socket in (("lea", lea), ("noa", noa))}
    return {"room": room.reopened(), "phones": phones, "foreign": foreign, **topic}


@pytest.fixture
def scene(app, make_room, make_facilitator) -> Scene:  # type: ignore[no-untyped-def]
    """Made once per test process, then its rows written again (tests/recorded_demos.py)."""
    made = run_recorded(("test_handlers scene",), lambda: make_scene(
        make_room(owner=make_facilitator("scene@example.org")), make_room))
    room = Room.reopen(app, made.pop("room"))
    phones = made.pop("phones")
    lea, noa = (room.phone_of(*phones[name]) for name in ("lea", "noa"))
    return Scene(room, room.console(), room.screen(), lea, noa, **made)


# --- what each role reads --------------------------------------------------------------------


def test_does_a_phone_sync_to_its_own_view_of_the_vote(scene: Scene) -> None:
    act(scene.room, scene.lea, "vote.cast", topic_id=scene.remote)

    state = scene.lea.state()

    assert state["role"] == "participant"
    assert state["phase"]["id"] == "convergence" and state["phase"]["allows"] == ["vote"]
    assert [t["title"] for t in state["topics"]] == ["Remote work", "Coffee"]
    assert "status" not in state["topics"][0]
    assert (state["votes_left"], state["my_votes"]) == (4, {str(scene.remote): 1})
    assert state["my_topics"] == [scene.remote, scene.hidden]
    assert state["me"]["name"] == "Léa"
    assert state["tally"] is None  # results are hidden while voting
    assert state["seq"] == scene.room.fingerprint()[0]


def test_does_the_console_sync_to_every_topic_every_person_and_the_tally(scene: Scene) -> None:
    act(scene.room, scene.lea, "vote.cast", topic_id=scene.remote)

    state = scene.console.state()

    assert state["role"] == "facilitator"
    assert [(t["title"], t["status"], t["merged_into"]) for t in state["topics"]] == [
        ("Remote work", "visible", None), ("Coffee", "visible", None),
        ("Spam", "hidden", None), ("More coffee", "merged", scene.coffee)]
    assert [p["name"] for p in state["people"]] == ["Léa", "Noa"]
    assert state["tally"] == {"counts": {str(scene.remote): 1}}
    assert "votes_left" not in state


def test_does_the_screen_sync_to_the_wall_without_counts_while_voting(scene: Scene) -> None:
    state = scene.screen.state()

    assert state["role"] == "screen"
    assert [t["title"] for t in state["topics"]] == ["Remote work", "Coffee"]
    assert state["tally"] is None and "me" not in state and "people" not in state
    assert state["participants"]["total"] == 2


def test_does_the_screen_speak_the_workshops_language_whatever_the_browsers(make_room):
    room = make_room(language="fr")

    screen_titles = [p["title"] for p in room.screen().state()["phases"]]
    phone_titles = [p["title"] for p in room.phone("Sam", "en").state()["phases"]]

    assert screen_titles[:2] == [french("Opening"), french("Marketplace")]
    assert phone_titles[:2] == ["Opening", "Marketplace"]


# --- each event's acknowledgement ---------------------------------------------------------


def test_are_proposals_and_edits_acknowledged_with_the_topic(room: Room) -> None:
    console, lea = room.console(), room.phone()
    act(room, console, "phase.next")

    proposed = act(room, lea, "topic.propose", title=" Remote  work ", details="2 days")
    topic_id = proposed["topic"]["id"]
    edited = act(room, lea, "topic.edit", topic_id=topic_id, details="3 days")

    assert proposed == {"ok": True, "topic": {"id": topic_id, "kind": "topic",
                                              "title": "Remote work", "details": "2 days"}}
    assert edited["topic"] == {"id": topic_id, "title": "Remote work", "details": "3 days"}


@pytest.mark.parametrize(("title", "details", "fields"), [
    ("x" * 120, "d" * 1000, None), ("x" * 121, "", ["title"]), ("Ok", "d" * 1001, ["details"]),
])
def test_does_a_phone_propose_up_to_120_and_1000_characters_and_no_more(
    room: Room, title: str, details: str, fields: list[str] | None
) -> None:
    act(room, room.console(), "phase.next")
    lea = room.phone()
    before = room.fingerprint()

    answer = lea.call("topic.propose", {"client_id": "c", "title": title, "details": details})

    if fields is None:
        assert answer["ok"] and len(answer["topic"]["details"]) == 1000
    else:
        assert sorted(answer["error"]["fields"]) == fields
        assert room.fingerprint() == before


def test_are_votes_and_retractions_acknowledged_with_what_is_left(scene: Scene) -> None:
    cast = act(scene.room, scene.lea, "vote.cast", topic_id=scene.coffee)
    retracted = act(scene.room, scene.lea, "vote.retract", topic_id=scene.coffee)

    assert cast == {"ok": True, "votes_left": 4, "topic_id": scene.coffee, "my_votes": 1}
    assert retracted == {"ok": True, "votes_left": 5, "topic_id": scene.coffee, "my_votes": 0}


def test_are_phase_moves_acknowledged_with_the_phase_reached(room: Room) -> None:
    console = room.console()

    moves = [act(room, console, "phase.next")["phase"],
             act(room, console, "phase.goto", phase="action_planning")["phase"],
             act(room, console, "phase.previous")["phase"]]

    assert moves == ["marketplace", "action_planning", "convergence"]
    assert room.console().state()["phase"]["id"] == "convergence"


def test_are_timer_actions_acknowledged_with_the_timer(room: Room) -> None:
    console = room.console()

    started = act(room, console, "timer.start", seconds=300)["timer"]
    extended = act(room, console, "timer.extend", seconds=60)["timer"]
    paused = act(room, console, "timer.pause")["timer"]

    assert started["running"] and started["duration"] == 300
    assert extended["ends_at"] == started["ends_at"] + 60_000
    assert not paused["running"] and 0 < paused["remaining"] <= 360


def test_are_settings_acknowledged_with_what_was_applied(room: Room) -> None:
    answer = act(room, room.console(), "settings.update", vote_budget=7, random_order=True)

    assert answer == {"ok": True, "settings": {"vote_budget": 7, "random_order": True}}
    assert room.console().state()["settings"]["vote_budget"] == 7


def test_is_moderation_acknowledged_with_the_topics_new_status(scene: Scene) -> None:
    room, console = scene.room, scene.console

    hidden = act(room, console, "topic.hide", topic_id=scene.remote)
    restored = act(room, console, "topic.restore", topic_id=scene.remote)
    merged = act(room, console, "topic.merge", topic_id=scene.remote, into=scene.coffee)

    assert hidden["topic"] == {"id": scene.remote, "status": "hidden"}
    assert restored["topic"] == {"id": scene.remote, "status": "visible"}
    assert merged["topic"] == {"id": scene.remote, "status": "merged",
                               "merged_into": scene.coffee}


# --- refusals --------------------------------------------------------------------------------

FACILITATOR_EVENTS = ["phase.next", "phase.previous", "phase.goto", "timer.start",
                      "timer.pause", "timer.extend", "settings.update", "topic.hide",
                      "topic.restore", "topic.merge"]
REFUSALS: list[tuple[str, str, Any, str, list[str] | None]] = [
    # (sender, event, payload — "{x}" names a scene topic, code, fields)
    ("lea", "vote.cast", "Remote work", "invalid", None),
    ("lea", "vote.cast", ["client_id", "c"], "invalid", None),
    ("lea", "vote.cast", None, "invalid", None),
    ("lea", "vote.cast", {"topic_id": "{remote}"}, "invalid", ["client_id"]),
    ("lea", "vote.cast", {"client_id": "", "topic_id": "{remote}"}, "invalid", ["client_id"]),
    ("lea", "vote.cast", {"client_id": "x" * 65, "topic_id": "{remote}"}, "invalid",
     ["client_id"]),
    ("lea", "vote.cast", {"client_id": 7, "topic_id": "{remote}"}, "invalid", ["client_id"]),
    ("lea", "vote.cast", {"client_id": "c"}, "invalid", ["topic_id"]),
    ("lea", "vote.cast", {"client_id": "c", "topic_id": "1"}, "invalid", ["topic_id"]),
    ("lea", "vote.cast", {"client_id": "c", "topic_id": 99999}, "unknown_topic", None),
    ("lea", "vote.cast", {"client_id": "c", "topic_id": 10**30}, "unknown_topic", None),
    ("lea", "vote.cast", {"client_id": "c", "topic_id": -(10**30)}, "unknown_topic", None),
    ("console", "topic.merge", {"client_id": "c", "topic_id": "{remote}", "into": 2**63},
     "unknown_topic", None),
    ("console", "commitment.remove", {"client_id": "c", "commitment_id": 10**30},
     "not_found", None),
    ("console", "agenda.place", {"client_id": "c", "topic_id": "{remote}", "room_id": 10**30,
                                 "slot_id": 10**30}, "invalid", ["room_id", "slot_id"]),
    ("console", "seating.host", {"client_id": "c", "table": 1, "participant_id": 10**30},
     "not_allowed_now", None),
    ("lea", "vote.cast", {"client_id": "c", "topic_id": "{foreign}"}, "unknown_topic", None),
    ("lea", "vote.cast", {"client_id": "c", "topic_id": "{hidden}"}, "unknown_topic", None),
    ("lea", "vote.cast", {"client_id": "c", "topic_id": "{merged}"}, "unknown_topic", None),
    ("lea", "vote.retract", {"client_id": "c", "topic_id": "{remote}"}, "no_vote_to_retract",
     None),
    ("lea", "topic.propose", {"client_id": "c", "title": "Late"}, "not_allowed_now", None),
    ("lea", "topic.edit", {"client_id": "c", "topic_id": "{coffee}", "title": "Mine"},
     "forbidden", None),
    ("lea", "topic.edit", {"client_id": "c", "topic_id": "{remote}", "title": "Late"},
     "not_allowed_now", None),
    ("console", "vote.cast", {"client_id": "c", "topic_id": "{remote}"}, "forbidden", None),
    ("console", "topic.edit", {"client_id": "c", "topic_id": "{remote}", "title": "x" * 121},
     "invalid", ["title"]),
    ("console", "topic.propose", {"client_id": "c", "title": "Ok", "details": "d" * 1001},
     "invalid", ["details"]),
    ("console", "topic.propose", {"client_id": "c", "title": 12}, "invalid", ["title"]),
    ("console", "topic.propose", {"client_id": "c"}, "invalid", ["title"]),
    ("console", "phase.goto", {"client_id": "c"}, "invalid", ["phase"]),
    ("console", "phase.goto", {"client_id": "c", "phase": 2}, "invalid", ["phase"]),
    ("console", "phase.goto", {"client_id": "c", "phase": "next"}, "invalid", ["phase"]),
    ("console", "phase.goto", {"client_id": "c", "phase": "round_1"}, "invalid", ["phase"]),
    ("console", "timer.start", {"client_id": "c", "seconds": "60"}, "invalid", ["seconds"]),
    ("console", "timer.extend", {"client_id": "c"}, "invalid", ["seconds"]),
    ("console", "timer.pause", {"client_id": "c"}, "not_allowed_now", None),
    ("console", "settings.update", {"client_id": "c", "vote_budget": 0}, "invalid",
     ["vote_budget"]),
    ("console", "settings.update", {"client_id": "c", "results_visible": "yes"}, "invalid",
     ["results_visible"]),
    ("console", "settings.update", {"client_id": "c", "colour": "red"}, "invalid", ["colour"]),
    ("console", "topic.hide", {"client_id": "c", "topic_id": "{foreign}"}, "unknown_topic",
     None),
    ("console", "topic.edit", {"client_id": "c", "topic_id": "{foreign}", "title": "Mine"},
     "unknown_topic", None),
    ("console", "topic.merge", {"client_id": "c", "topic_id": "{remote}", "into": "{foreign}"},
     "unknown_topic", None),
    ("lea", "vote.retract", {"client_id": "c", "topic_id": "{foreign}"}, "unknown_topic", None),
    ("console", "topic.restore", {"client_id": "c", "topic_id": "{merged}"}, "invalid",
     ["topic_id"]),
    ("console", "topic.merge", {"client_id": "c", "topic_id": "{remote}", "into": "{remote}"},
     "invalid", ["into"]),
    ("console", "topic.merge", {"client_id": "c", "topic_id": "{remote}", "into": "x"},
     "invalid", ["into"]),
    ("console", "topic.merge", {"client_id": "c", "topic_id": "{remote}", "into": "{hidden}"},
     "unknown_topic", None),
    *[(who, event, {"client_id": "c", "topic_id": "{remote}", "into": "{coffee}",
                    "phase": "action_planning", "seconds": 60, "vote_budget": 1}, "forbidden", None)
      for who in ("lea", "screen") for event in FACILITATOR_EVENTS],
    *[("screen", event, {"client_id": "c", "topic_id": "{remote}", "title": "Hi"}, "forbidden",
       None) for event in ("topic.propose", "topic.edit", "vote.cast", "vote.retract")],
]


def fill(payload: Any, scene: Scene) -> Any:
    """Put the scene's topic ids where the payload names them."""
    if isinstance(payload, dict):
        return {key: fill(value, scene) for key, value in payload.items()}
    if isinstance(payload, str) and payload.startswith("{") and payload.endswith("}"):
        return getattr(scene, payload[1:-1])
    return payload


@pytest.mark.parametrize(("sender", "event", "payload", "code", "fields"), REFUSALS,
                         ids=[f"{r[0]}-{r[1]}-{r[3]}-{n}" for n, r in enumerate(REFUSALS)])
def test_is_a_bad_or_unauthorized_event_refused_and_nothing_changed(
    scene: Scene, sender: str, event: str, payload: Any, code: str, fields: list[str] | None
) -> None:
    socket: Socket = getattr(scene, sender)
    before = scene.room.fingerprint()

    answer = socket.call(event, *(() if payload is None else (fill(payload, scene),)))

    assert answer["ok"] is False
    assert answer["error"]["code"] == code
    assert answer["error"]["message"]
    if fields is not None:
        assert sorted(answer["error"]["fields"]) == fields
    assert scene.room.fingerprint() == before


@pytest.mark.parametrize(("setup", "topic", "code"), [
    ([("remote", 3), ("coffee", 2)], "coffee", "no_votes_left"),
    ([("remote", 3)], "remote", "topic_cap_reached"),
])
def test_is_a_dot_beyond_the_budget_or_cap_refused_and_not_stored(scene, setup, topic, code):
    for name, times in setup:
        for _ in range(times):
            act(scene.room, scene.lea, "vote.cast", topic_id=getattr(scene, name))
    before = scene.room.fingerprint()

    answer = scene.lea.call("vote.cast", {"client_id": "one-more",
                                          "topic_id": getattr(scene, topic)})

    assert answer["error"]["code"] == code
    assert scene.room.fingerprint() == before


# --- retries -------------------------------------------------------------------------------


def test_does_the_same_client_id_twice_count_once_and_get_the_same_answer(scene: Scene) -> None:
    vote = {"client_id": "dot-1", "topic_id": scene.remote}
    first = scene.lea.call("vote.cast", vote)
    after_first = scene.room.fingerprint()

    again = scene.lea.call("vote.cast", vote)

    assert again == first == {"ok": True, "votes_left": 4, "topic_id": scene.remote,
                              "my_votes": 1}
    assert scene.room.fingerprint() == after_first
    assert scene.lea.state()["votes_left"] == 4


def test_does_a_phone_that_reconnects_and_resends_get_its_first_answer(scene: Scene) -> None:
    proposal = {"client_id": "idea-1", "title": "Four-day week"}
    act(scene.room, scene.console, "phase.goto", phase="marketplace")
    first = scene.lea.call("topic.propose", proposal)
    act(scene.room, scene.lea, "topic.propose", title="Something else")  # life goes on

    again = scene.lea.again().call("topic.propose", proposal)

    assert again == first
    titles = [t["title"] for t in scene.console.state()["topics"]]
    assert titles.count("Four-day week") == 1


def test_is_the_same_client_id_from_another_person_another_action(scene: Scene) -> None:
    for phone in (scene.lea, scene.noa):
        assert phone.call("vote.cast", {"client_id": "dot-1", "topic_id": scene.remote})["ok"]

    assert scene.room.stored_votes() == {scene.remote: 2}


def test_is_a_refused_action_evaluated_afresh_when_retried(scene: Scene) -> None:
    scene.console.call("settings.update", {"client_id": "close", "voting_open": False})
    vote = {"client_id": "early", "topic_id": scene.remote}
    refused = scene.lea.call("vote.cast", vote)
    scene.console.call("settings.update", {"client_id": "open", "voting_open": True})

    accepted = scene.lea.call("vote.cast", vote)

    assert refused["error"]["code"] == "not_allowed_now"
    assert accepted["ok"] is True
    assert scene.room.stored_votes() == {scene.remote: 1}


def test_does_a_facilitators_repeated_move_move_once(scene: Scene) -> None:
    moves = [scene.console.call("phase.next", {"client_id": "to-results"}) for _ in range(2)]

    assert moves == [{"ok": True, "phase": "action_planning"}] * 2
    assert scene.console.state()["phase"]["id"] == "action_planning"


# --- languages -----------------------------------------------------------------------------

IN_FRENCH: list[tuple[str, Any, str, str]] = [
    # (event, payload, code, the English message the French phone must get translated)
    ("phase.next", {"client_id": "c"}, "forbidden", "You are not allowed to do that."),
    ("vote.cast", "oops", "invalid", "Send an object."),
    ("vote.cast", {"topic_id": "{remote}"}, "invalid", "Some fields need your attention."),
    ("topic.propose", {"client_id": "c", "title": "Late"}, "not_allowed_now",
     "This is not possible at this point of the workshop."),
    ("vote.cast", {"client_id": "c", "topic_id": "{hidden}"}, "unknown_topic",
     "This topic does not exist or was removed."),
    ("vote.retract", {"client_id": "c", "topic_id": "{remote}"}, "no_vote_to_retract",
     "You have no vote on this topic to take back."),
    ("topic.edit", {"client_id": "c", "topic_id": "{remote}"}, "forbidden",
     "Only its author or the facilitator can edit a topic."),
]


@pytest.mark.parametrize(("event", "payload", "code", "english"), IN_FRENCH,
                         ids=[f"{e}-{c}" for e, _p, c, _m in IN_FRENCH])
def test_does_a_french_phone_get_its_refusals_in_french(scene, event, payload, code, english):
    zoe, sam = scene.room.phone("Zoé", "fr-FR,fr;q=0.9"), scene.room.phone("Sam", "en")

    in_french = zoe.call(event, fill(payload, scene))["error"]
    in_english = sam.call(event, fill(payload, scene))["error"]

    assert (in_french["code"], in_english["code"]) == (code, code)
    assert in_french["message"] == french(english)
    assert in_english["message"] == english


@pytest.mark.parametrize(("dots", "code", "english"), [
    (["remote", "remote", "coffee"], "no_votes_left",
     "You have no votes left. Take one back to vote elsewhere."),
    (["remote", "remote"], "topic_cap_reached",
     "You have given this topic as many votes as one person may."),
])
def test_is_an_empty_budget_or_a_full_topic_explained_in_french(scene, dots, code, english):
    zoe = scene.room.phone("Zoé", "fr")
    act(scene.room, scene.console, "settings.update", vote_budget=3, max_votes_per_topic=2)
    for name in dots:
        act(scene.room, zoe, "vote.cast", topic_id=getattr(scene, name))

    refusal = zoe.call("vote.cast", {"client_id": "c", "topic_id": scene.remote})["error"]

    assert refusal["code"] == code
    assert refusal["message"] == french(english)


def test_does_a_french_phone_learn_which_field_is_wrong_in_french(scene: Scene) -> None:
    zoe = scene.room.phone("Zoé", "fr")

    refusal = zoe.call("vote.cast", {"topic_id": scene.remote})["error"]

    assert refusal["fields"] == {
        "client_id": [french("Every action needs a client_id (1 to 64 characters).")]}
