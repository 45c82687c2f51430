"""Duplicate hints over real sockets: a phone typing a proposal sees what the wall already says."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest

from tests.realtime.conftest import Room, Socket
from workshop.realtime import sensing
from workshop.services import hints, similarity

ENGLISH = "Answer customers on social media within the same day"
FRENCH = "Répondre aux clients sur les réseaux sociaux dans la journée"
UNRELATED = "A vegetarian option at the canteen every day"


@pytest.fixture(autouse=True)
def fresh_walls() -> Iterator[None]:
    similarity.forget_all()  # each test's database reuses ids
    yield
    similarity.forget_all()


@pytest.fixture
def wall(room: Room) -> tuple[Socket, dict[str, int]]:
    """The marketplace open, with an English topic and an unrelated one; the console."""
    console = room.console()
    console.call("phase.goto", {"client_id": room.client_id(), "phase": "marketplace"})
    ids = {}
    for name, title in (("english", ENGLISH), ("unrelated", UNRELATED)):
        answer = console.call("topic.propose", {"client_id": room.client_id(), "title": title})
        ids[name] = answer["topic"]["id"]
    return console, ids


def hinted(socket: Socket, text: str, **payload: Any) -> list[int]:
    answer = socket.call("topic.similar", {"text": text, **payload})
    assert answer["ok"] is True, answer
    return [found["id"] for found in answer["similar"]]


def test_does_a_phone_typing_french_see_the_english_topic_that_says_the_same(
    room: Room, wall: tuple[Socket, dict[str, int]]
) -> None:
    _console, ids = wall
    answer = room.phone().call("topic.similar", {"text": FRENCH})

    assert [found["id"] for found in answer["similar"]] == [ids["english"]]
    assert answer["similar"][0]["title"] == ENGLISH


def test_is_a_text_too_short_to_compare_given_no_hint(
    room: Room, wall: tuple[Socket, dict[str, int]]
) -> None:
    assert hinted(room.phone(), "Réseaux sociaux") == []


def test_does_the_hint_follow_an_edit_and_skip_a_hidden_topic(
    room: Room, wall: tuple[Socket, dict[str, int]]
) -> None:
    console, ids = wall
    phone = room.phone()
    assert hinted(phone, FRENCH) == [ids["english"]]

    console.call("topic.edit", {"client_id": room.client_id(), "topic_id": ids["unrelated"],
                                "title": "Reply to customers on social networks the same day"})
    assert set(hinted(phone, FRENCH)) == {ids["english"], ids["unrelated"]}

    console.call("topic.hide", {"client_id": room.client_id(), "topic_id": ids["english"]})
    assert hinted(phone, FRENCH) == [ids["unrelated"]]


def test_is_another_workshops_wall_never_hinted(
    room: Room, make_room: Any, wall: tuple[Socket, dict[str, int]]
) -> None:
    other = make_room()
    other.console().call("phase.goto", {"client_id": other.client_id(), "phase": "marketplace"})

    assert hinted(other.phone(), FRENCH) == []


def test_is_a_hint_refused_to_a_phone_while_proposing_is_closed_and_to_the_screen(
    room: Room, wall: tuple[Socket, dict[str, int]]
) -> None:
    console, _ids = wall
    phone, screen = room.phone(), room.screen()
    console.call("phase.goto", {"client_id": room.client_id(), "phase": "convergence"})

    assert phone.call("topic.similar", {"text": FRENCH})["error"]["code"] == "not_allowed_now"
    assert screen.call("topic.similar", {"text": FRENCH})["error"]["code"] == "forbidden"
    assert hinted(console, FRENCH) == [wall[1]["english"]]  # the facilitator proposes any time


def test_may_a_phone_ask_only_about_the_kind_it_may_propose(
    room: Room, wall: tuple[Socket, dict[str, int]]
) -> None:
    phone = room.phone()

    answer = phone.call("topic.similar", {"text": FRENCH, "kind": "dream"})

    assert answer["error"]["code"] == "forbidden"


@pytest.mark.parametrize("text", [None, 12, "", "x" * 1200])
def test_is_a_malformed_text_refused_as_invalid(
    room: Room, wall: tuple[Socket, dict[str, int]], text: Any
) -> None:
    answer = room.phone().call("topic.similar", {"text": text})

    assert answer["error"]["code"] == "invalid"
    assert "text" in answer["error"]["fields"]


def test_is_a_phone_asking_too_fast_slowed_down(
    room: Room, wall: tuple[Socket, dict[str, int]]
) -> None:
    phone = room.phone()

    codes = [phone.call("topic.similar", {"text": FRENCH}).get("error", {}).get("code")
             for _ in range(5)]

    assert codes[:3] == [None, None, None]
    assert "rate_limited" in codes[3:]


# --- the console: merge suggestions ---------------------------------------------------------


def suggested(console: Socket) -> list[tuple[int, int]]:
    answer = console.call("merge.suggestions", {})
    assert answer["ok"] is True, answer
    return [(pair["topic_id"], pair["into"]) for pair in answer["pairs"]]


def test_does_the_console_get_a_cross_language_duplicate_as_a_merge_suggestion(
    room: Room, wall: tuple[Socket, dict[str, int]]
) -> None:
    console, ids = wall
    french = room.phone().call("topic.propose", {"client_id": "fr-1", "title": FRENCH})
    newer = french["topic"]["id"]

    assert suggested(console) == [(newer, ids["english"])]  # the newer into the older


def test_is_a_dismissed_or_merged_pair_never_suggested_again(
    room: Room, wall: tuple[Socket, dict[str, int]]
) -> None:
    console, ids = wall
    phone = room.phone()
    first = phone.call("topic.propose", {"client_id": "fr-1", "title": FRENCH})["topic"]["id"]
    dismissed = console.call("merge.dismiss", {"client_id": room.client_id(), "topic_id": first,
                                               "other_id": ids["english"]})
    assert dismissed == {"ok": True, "dismissed": sorted([first, ids["english"]])}
    assert suggested(console) == []

    second = phone.call("topic.propose", {"client_id": "fr-2", "title": FRENCH + " !"})
    assert [newer for newer, _into in suggested(console)] == [second["topic"]["id"]]
    console.call("topic.merge", {"client_id": room.client_id(), "topic_id": second["topic"]["id"],
                                 "into": ids["english"]})
    assert suggested(console) == []


def test_are_merge_suggestions_the_facilitators_alone(
    room: Room, wall: tuple[Socket, dict[str, int]]
) -> None:
    for socket in (room.phone(), room.screen()):
        assert socket.call("merge.suggestions", {})["error"]["code"] == "forbidden"
        answer = socket.call("merge.dismiss", {"client_id": "x", "topic_id": wall[1]["english"],
                                               "other_id": wall[1]["unrelated"]})
        assert answer["error"]["code"] == "forbidden"


# --- the wall by theme: the console's view, the screen's grouping ---------------------------

SUBJECTS = {
    "social": [ENGLISH, FRENCH, "Reply to every comment on our Instagram posts",
               "Un community manager qui répond aux avis Google le jour même",
               "Faster replies to customer messages on Facebook",
               "Nos réponses sur Twitter sont trop lentes"],
    "food": [UNRELATED, "Des plats végétariens à la cantine tous les midis",
             "Healthier meals in the staff canteen",
             "Un menu sans viande au restaurant d’entreprise",
             "Better coffee and fresh fruit in the break room",
             "Des produits locaux et bio à la cantine"],
}


def test_does_the_wall_come_grouped_by_theme_to_the_console_and_the_screen(
    room: Room, make_room: Any
) -> None:
    console = room.console()
    console.call("phase.goto", {"client_id": room.client_id(), "phase": "marketplace"})
    subject_of = {}
    for subject, titles in SUBJECTS.items():
        for title in titles:
            answer = console.call("topic.propose", {"client_id": room.client_id(),
                                                    "title": title})
            subject_of[answer["topic"]["id"]] = subject

    by_console = console.call("topic.themes", {})
    by_screen = room.screen().call("topic.themes", {})

    assert by_console["ok"] is True and by_console["themes"] == by_screen["themes"]
    groups = [{subject_of[i] for i in theme["ids"]} for theme in by_console["themes"]]
    assert all(len(subjects) == 1 for subjects in groups)  # no theme mixes the two subjects
    assert set().union(*groups) == {"social", "food"}
    assert all(theme["label"] for theme in by_console["themes"])
    assert room.phone().call("topic.themes", {})["error"]["code"] == "forbidden"


def test_does_the_screen_learn_that_the_facilitator_wants_the_wall_by_theme(
    room: Room, wall: tuple[Socket, dict[str, int]]
) -> None:
    console, _ids = wall
    screen = room.screen()
    assert screen.state()["settings"]["by_theme"] is False

    answer = console.call("settings.update", {"client_id": room.client_id(), "by_theme": True})

    assert answer == {"ok": True, "settings": {"by_theme": True}}
    assert screen.state()["settings"]["by_theme"] is True
    assert any(body.get("settings", {}).get("by_theme") is True
               for body in screen.received("state"))


def test_is_the_wall_embedded_once_and_then_only_what_changed(
    room: Room, wall: tuple[Socket, dict[str, int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    console, _ids = wall
    embedded: list[str] = []
    real = similarity.embed
    monkeypatch.setattr(similarity, "embed", lambda texts: embedded.extend(texts) or real(texts))
    phone = room.phone()

    hinted(phone, FRENCH)
    hinted(phone, FRENCH)
    first = list(embedded)
    console.call("topic.propose", {"client_id": room.client_id(), "title": "Un nouveau sujet"})
    hinted(phone, FRENCH)

    assert sorted(first) == sorted([ENGLISH, UNRELATED])
    assert embedded[len(first):] == ["Un nouveau sujet"]


@pytest.fixture
def gevent_hub(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The handlers run as under ``workshop serve``; gevent's hub and its threads let go after."""
    import gevent

    monkeypatch.setattr(sensing, "under_gevent", lambda: True)
    hub = gevent.get_hub()
    yield
    hub.threadpool.kill()
    hub.destroy(destroy_loop=True)


def test_are_the_walls_themes_grouped_off_the_loop_under_gevent_with_the_same_answer(
    room: Room, gevent_hub: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    console = room.console()
    console.call("phase.goto", {"client_id": room.client_id(), "phase": "marketplace"})
    for titles in SUBJECTS.values():
        for title in titles:
            console.call("topic.propose", {"client_id": room.client_id(), "title": title})
    monkeypatch.setattr(sensing, "under_gevent", lambda: False)
    on_the_loop = console.call("topic.themes", {})
    similarity.forget_all()  # worked out again, aside this time
    monkeypatch.setattr(sensing, "under_gevent", lambda: True)
    threads: list[int] = []
    real = hints.themes
    monkeypatch.setattr(hints, "themes", lambda *args, **kwargs: threads.append(
        threading.get_ident()) or real(*args, **kwargs))

    aside = console.call("topic.themes", {})

    assert aside == on_the_loop and aside["ok"] is True and aside["themes"]
    assert threads and threading.get_ident() not in threads


def test_does_the_loop_keep_turning_while_themes_are_grouped(gevent_hub: None) -> None:
    import gevent

    served = threading.Event()  # set only by another greenlet: the loop must get a turn

    def grouping() -> str:
        return "grouped" if served.wait(30) else "the loop was blocked"

    gevent.spawn(served.set)

    assert sensing.off_the_loop(grouping) == "grouped"
