"""Questions to the room: asked in any phase, upvoted once per person, moderated."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from workshop.errors import Forbidden, Invalid, NotAllowedNow, NotFound
from workshop.extensions import db
from workshop.models import Participant
from workshop.roles import Role
from workshop.services import controls, events, navigation, questions, snapshot
from workshop.services.changes import Change


def ask(room: Any, who: Participant, said: Any = "When does the pilot start?") -> Change:
    with db.unit_of_work() as session:
        return questions.ask(session, room.workshop, who, said,
                             events.participant_actor(who.id), None)


def upvote(room: Any, who: Participant, question_id: Any, up: Any = True,
           client_id: str | None = None) -> Change:
    with db.unit_of_work() as session:
        return questions.upvote(session, room.workshop, who, question_id, up,
                                events.participant_actor(who.id), client_id)


def moderate(room: Any, act: Any, question_id: Any, value: Any = True) -> Change:
    with db.unit_of_work() as session:
        return act(session, room.workshop, question_id, value, room.facilitator, None)


def seen(room: Any, role: Role = Role.PARTICIPANT) -> dict[int, dict[str, Any]]:
    db.session.rollback()
    return {q["id"]: q for q in questions.views(db.session, room.workshop, role)}


@pytest.mark.parametrize("phase", ["opening", "sessions", "convergence", "closing"])
def test_can_a_participant_ask_in_any_phase(room: Any, phase: str) -> None:
    room.move_to(phase)
    asked = ask(room, room.join())

    assert seen(room)[asked.result["question_id"]]["text"] == "When does the pilot start?"


@pytest.mark.parametrize("said", ["", "   ", None, 42, ["a"], "x" * 301])
def test_is_an_empty_wrong_or_too_long_question_refused(room: Any, said: Any) -> None:
    who = room.join()
    room.refuses(Invalid, lambda: ask(room, who, said))


def test_can_one_person_flood_the_room_with_questions(room: Any) -> None:
    who = room.join()
    for n in range(questions.PER_PARTICIPANT):
        ask(room, who, f"Question {n}")

    with pytest.raises(Invalid):
        ask(room, who, "One more")
    assert len(seen(room)) == questions.PER_PARTICIPANT


def test_does_an_upvote_count_once_per_person(room: Any) -> None:
    asked = ask(room, room.join("Léa")).result["question_id"]
    zoe, tom = room.join("Zoé"), room.join("Tom")

    upvote(room, zoe, asked)
    upvote(room, zoe, asked)  # twice: still one
    again = upvote(room, tom, asked)

    assert again.result == {"question_id": asked, "upvoted": True, "upvotes": 2}
    assert seen(room)[asked]["upvotes"] == 2


def test_does_taking_an_upvote_back_lower_the_count_and_only_once(room: Any) -> None:
    asked = ask(room, room.join("Léa")).result["question_id"]
    zoe = room.join("Zoé")
    upvote(room, zoe, asked)

    upvote(room, zoe, asked, up=False)
    back = upvote(room, zoe, asked, up=False)

    assert back.result["upvotes"] == 0 and back.result["upvoted"] is False


def test_does_a_retried_upvote_get_the_first_answer(room: Any) -> None:
    asked = ask(room, room.join("Léa")).result["question_id"]
    zoe = room.join("Zoé")
    first = upvote(room, zoe, asked, client_id="u-1")

    with db.unit_of_work() as session:
        replayed = events.replay(session, room.workshop.id, events.participant_actor(zoe.id),
                                 "u-1")

    assert replayed == first.result


def test_may_one_upvote_ones_own_question(room: Any) -> None:
    lea = room.join("Léa")
    asked = ask(room, lea).result["question_id"]
    room.refuses(Forbidden, lambda: upvote(room, lea, asked))


@pytest.mark.parametrize("question_id", [None, "1", True, 0, -1, 2**80, 999_999])
def test_is_an_upvote_of_no_question_refused(room: Any, question_id: Any) -> None:
    who = room.join()
    before = room.fingerprint()

    with pytest.raises((Invalid, NotFound)):
        upvote(room, who, question_id)
    assert room.fingerprint() == before


def test_is_another_workshops_question_out_of_reach(make_room: Any) -> None:
    ours, theirs = make_room(), make_room()
    foreign = ask(theirs, theirs.join()).result["question_id"]
    who = ours.join()

    with pytest.raises(NotFound):
        upvote(ours, who, foreign)
    with pytest.raises(NotFound):
        moderate(ours, questions.pin, foreign)
    assert seen(theirs)[foreign]["pinned"] is False


def test_is_only_one_question_pinned_at_a_time(room: Any) -> None:
    who = room.join()
    first = ask(room, who, "First?").result["question_id"]
    second = ask(room, who, "Second?").result["question_id"]
    moderate(room, questions.pin, first)

    change = moderate(room, questions.pin, second)

    pinned = [q["id"] for q in seen(room, Role.SCREEN).values() if q["pinned"]]
    assert pinned == [second]
    assert change.questions == {first, second}  # both resent: the first one lost its pin


def test_does_archiving_take_a_question_off_phones_and_the_screen_but_not_the_console(
    room: Any,
) -> None:
    asked = ask(room, room.join()).result["question_id"]
    moderate(room, questions.pin, asked)

    moderate(room, questions.archive, asked)

    assert asked not in seen(room, Role.SCREEN)
    assert asked not in seen(room, Role.PARTICIPANT)
    kept = seen(room, Role.FACILITATOR)[asked]
    assert kept["archived"] is True and kept["pinned"] is False


def test_can_an_archived_question_be_upvoted(room: Any) -> None:
    asked = ask(room, room.join("Léa")).result["question_id"]
    moderate(room, questions.archive, asked)

    with pytest.raises(NotFound):
        upvote(room, room.join("Zoé"), asked)


def test_does_marking_answered_show_everywhere(room: Any) -> None:
    asked = ask(room, room.join()).result["question_id"]

    moderate(room, questions.mark_answered, asked)

    assert seen(room)[asked]["answered"] is True
    moderate(room, questions.mark_answered, asked, False)
    assert seen(room)[asked]["answered"] is False


@pytest.mark.parametrize("value", [None, "yes", 1])
def test_is_a_moderation_flag_that_is_not_a_boolean_refused(room: Any, value: Any) -> None:
    asked = ask(room, room.join()).result["question_id"]
    before = room.fingerprint()

    for act in (questions.mark_answered, questions.pin, questions.archive):
        with pytest.raises(Invalid):
            moderate(room, act, asked, value)
    assert room.fingerprint() == before


def test_does_the_room_see_who_asked_only_when_questions_are_named(room: Any) -> None:
    asked = ask(room, room.join("Léa")).result["question_id"]
    assert seen(room, Role.SCREEN)[asked]["author"] is None
    assert seen(room, Role.FACILITATOR)[asked]["author"] == "Léa"

    with db.unit_of_work() as session:
        change = controls.update(session, room.workshop, {"questions_named": True},
                                 room.facilitator, None)

    assert seen(room, Role.SCREEN)[asked]["author"] == "Léa"
    assert change.questions == {asked}  # resent to the room with the names


def test_does_a_phone_know_its_own_questions_and_upvotes(app: Flask, room: Any) -> None:
    lea, zoe = room.join("Léa"), room.join("Zoé")
    hers = ask(room, lea).result["question_id"]
    upvote(room, zoe, hers)

    db.session.rollback()
    with app.test_request_context():
        state_lea = snapshot.snapshot(db.session, room.workshop, Role.PARTICIPANT, lea)
        state_zoe = snapshot.snapshot(db.session, room.workshop, Role.PARTICIPANT, zoe)

    assert state_lea["my_questions"] == [hers] and state_lea["my_upvotes"] == []
    assert state_zoe["my_questions"] == [] and state_zoe["my_upvotes"] == [hers]
    assert [q["upvotes"] for q in state_zoe["questions"]] == [1]


def test_can_anyone_ask_or_moderate_once_the_workshop_is_over(room: Any) -> None:
    who = room.join()
    asked = ask(room, who).result["question_id"]
    with db.unit_of_work() as session:
        navigation.finish(session, room.workshop, True, room.facilitator, None)
    before = room.fingerprint()

    with pytest.raises(NotAllowedNow):
        ask(room, who)
    with pytest.raises(NotAllowedNow):
        moderate(room, questions.pin, asked)
    assert room.fingerprint() == before
