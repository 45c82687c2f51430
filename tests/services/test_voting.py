"""Dot voting: a budget per participant, a cap per topic, race-free and enforced on the server."""

from __future__ import annotations

import threading

import pytest
from flask import Flask

from workshop.errors import (
    Invalid,
    NotAllowedNow,
    NoVotesLeft,
    NoVoteToRetract,
    TopicCapReached,
    UnknownTopic,
)
from workshop.extensions import db
from workshop.models import Facilitator, Participant, Workshop
from workshop.services import events, voting, workshops
from workshop.services.changes import Change
from workshop.services.workshops import WorkshopSettings


def cast(room, voter, topic_id):  # type: ignore[no-untyped-def]
    with db.unit_of_work() as session:
        return voting.cast(session, room.workshop, voter, topic_id,
                           events.participant_actor(voter.id), None)


def retract(room, voter, topic_id):  # type: ignore[no-untyped-def]
    with db.unit_of_work() as session:
        return voting.retract(session, room.workshop, voter, topic_id,
                              events.participant_actor(voter.id), None)


def set_limits(room, budget=None, cap=None) -> Change:  # type: ignore[no-untyped-def]
    change = Change(room.workshop.id)
    with db.unit_of_work() as session:
        voting.set_limits(session, room.workshop, budget, cap, change)
    return change


def left(room, voter) -> int | None:  # type: ignore[no-untyped-def]
    db.session.rollback()
    return voting.votes_left(db.session, room.workshop, voter)


@pytest.fixture
def ballot(room):  # type: ignore[no-untyped-def]
    """Two topics proposed in the marketplace, and the room now voting."""
    room.move_to("marketplace")
    author = room.join("Léa")
    room.remote = room.propose(author, "Remote work")
    room.coffee = room.propose(author, "Better coffee")
    room.move_to("convergence")
    return room


@pytest.fixture
def noa(ballot):  # type: ignore[no-untyped-def]
    return ballot.join("Noa")


def test_does_each_dot_come_out_of_the_budget(ballot, noa):
    first = cast(ballot, noa, ballot.remote)
    second = cast(ballot, noa, ballot.remote)

    assert first.result == {"votes_left": 4, "topic_id": ballot.remote, "my_votes": 1}
    assert second.result == {"votes_left": 3, "topic_id": ballot.remote, "my_votes": 2}
    assert (second.tally, left(ballot, noa)) == (True, 3)
    assert ballot.counts() == {ballot.remote: 2}


def test_is_a_dot_past_the_budget_refused_and_not_stored(ballot, noa):
    ballot.cast(noa, ballot.remote, times=3)
    ballot.cast(noa, ballot.coffee, times=2)
    before = ballot.fingerprint()

    with pytest.raises(NoVotesLeft):
        cast(ballot, noa, ballot.coffee)

    assert ballot.fingerprint() == before
    assert left(ballot, noa) == 0


def test_is_a_dot_past_the_per_topic_cap_refused_and_not_stored(ballot, noa):
    ballot.cast(noa, ballot.remote, times=3)
    before = ballot.fingerprint()

    with pytest.raises(TopicCapReached):
        cast(ballot, noa, ballot.remote)

    assert ballot.fingerprint() == before
    assert cast(ballot, noa, ballot.coffee).result["votes_left"] == 1


def test_does_one_voters_spending_leave_anothers_budget_alone(ballot, noa):
    ballot.cast(noa, ballot.remote, times=3)
    sam = ballot.join("Sam")

    assert left(ballot, sam) == 5
    assert cast(ballot, sam, ballot.remote).result["my_votes"] == 1


def test_does_retracting_give_the_dot_back(ballot, noa):
    ballot.cast(noa, ballot.remote, times=2)

    change = retract(ballot, noa, ballot.remote)

    assert change.result == {"votes_left": 4, "topic_id": ballot.remote, "my_votes": 1}
    assert ballot.counts() == {ballot.remote: 1}


def test_is_retracting_a_dot_never_given_refused(ballot, noa):
    ballot.cast(noa, ballot.remote)
    before = ballot.fingerprint()

    with pytest.raises(NoVoteToRetract):
        retract(ballot, noa, ballot.coffee)

    assert ballot.fingerprint() == before


@pytest.mark.parametrize("phase", ["opening", "marketplace"])
def test_can_anyone_vote_or_retract_outside_the_vote(ballot, noa, phase):
    ballot.cast(noa, ballot.remote)
    ballot.move_to(phase)
    before = ballot.fingerprint()

    with pytest.raises(NotAllowedNow):
        cast(ballot, noa, ballot.remote)
    with pytest.raises(NotAllowedNow):
        retract(ballot, noa, ballot.remote)

    assert ballot.fingerprint() == before
    assert left(ballot, noa) is None  # no ballot in this phase: no budget to show


def test_are_results_read_only_but_still_counted(ballot, noa):
    ballot.cast(noa, ballot.remote, times=2)
    ballot.move_to("action_planning")

    with pytest.raises(NotAllowedNow):
        cast(ballot, noa, ballot.coffee)

    assert ballot.counts() == {ballot.remote: 2}
    assert left(ballot, noa) == 3


def test_can_anyone_vote_once_the_facilitator_closed_voting(ballot, noa):
    ballot.workshop.options = {**ballot.workshop.options, "closed": ["vote"]}
    db.session.commit()
    before = ballot.fingerprint()

    with pytest.raises(NotAllowedNow):
        cast(ballot, noa, ballot.remote)

    assert ballot.fingerprint() == before


@pytest.mark.parametrize(
    ("topic_id", "refusal"),
    [(None, Invalid), ("1", Invalid), (True, Invalid), (999_999, UnknownTopic)],
)
def test_is_a_vote_for_no_such_topic_refused(ballot, noa, topic_id, refusal):
    before = ballot.fingerprint()

    with pytest.raises(refusal):
        cast(ballot, noa, topic_id)

    assert ballot.fingerprint() == before


def test_is_a_vote_for_another_workshops_topic_refused(ballot, noa, make_room):
    foreign = make_room().propose(None, "Not yours")
    before = ballot.fingerprint()

    with pytest.raises(UnknownTopic):
        cast(ballot, noa, foreign)

    assert ballot.fingerprint() == before


def test_does_a_hidden_topics_dot_go_back_to_the_budget_until_restored(ballot, noa):
    ballot.cast(noa, ballot.remote, times=2)
    ballot.hide(ballot.remote)
    while_hidden = left(ballot, noa)
    with pytest.raises(UnknownTopic):
        cast(ballot, noa, ballot.remote)
    ballot.hide(ballot.remote, hidden=False)

    assert (while_hidden, left(ballot, noa)) == (5, 3)


def test_does_lowering_the_budget_return_each_voters_newest_dots(ballot, noa):
    ballot.cast(noa, ballot.remote, times=2)
    ballot.cast(noa, ballot.coffee, times=2)
    sam = ballot.join("Sam")
    ballot.cast(sam, ballot.coffee)

    change = set_limits(ballot, budget=3)

    assert ballot.votes_of(noa) == {ballot.remote: 2, ballot.coffee: 1}
    assert ballot.votes_of(sam) == {ballot.coffee: 1}
    assert change.notices == {noa.id: {"code": "votes_returned", "count": 1}}
    assert change.tally is True
    assert left(ballot, noa) == 0


def test_does_lowering_the_budget_in_the_edit_form_return_dots_and_tell_their_owner(ballot, noa):
    ballot.cast(noa, ballot.remote, times=3)
    owner = db.session.get(Facilitator, ballot.workshop.facilitator_id)
    edited = WorkshopSettings(ballot.workshop.title, ballot.workshop.method, vote_budget=2,
                              max_votes_per_topic=ballot.workshop.max_votes_per_topic)

    with db.unit_of_work() as session:
        change = workshops.update_workshop(session, ballot.workshop, edited, owner)

    assert ballot.votes_of(noa) == {ballot.remote: 2}
    assert change.notices == {noa.id: {"code": "votes_returned", "count": 1}}
    assert change.tally is True and change.phase is True
    assert left(ballot, noa) == 0


def test_does_lowering_the_cap_return_the_dots_above_it(ballot, noa):
    ballot.cast(noa, ballot.remote, times=3)

    change = set_limits(ballot, cap=1)

    assert ballot.votes_of(noa) == {ballot.remote: 1}
    assert change.notices == {noa.id: {"code": "votes_returned", "count": 2}}


def test_does_raising_the_limits_return_nothing(ballot, noa):
    ballot.cast(noa, ballot.remote, times=3)

    change = set_limits(ballot, budget=10, cap=5)

    assert (change.notices, change.tally) == ({}, False)
    assert left(ballot, noa) == 7


def test_does_lowering_the_budget_keep_dots_that_count_over_dots_on_hidden_topics(ballot, noa):
    ballot.cast(noa, ballot.remote, times=2)
    ballot.cast(noa, ballot.coffee, times=3)
    ballot.hide(ballot.remote)  # Noa's 2 dots there stop counting: 3 of 5 are spent

    change = set_limits(ballot, budget=3)

    assert ballot.counts() == {ballot.coffee: 3}
    assert change.notices == {}
    assert left(ballot, noa) == 0


@pytest.mark.parametrize("value", [0, 101, "5", True, 2.5, -1])
def test_is_a_limit_out_of_range_refused(ballot, value):
    before = ballot.fingerprint()

    with pytest.raises(Invalid) as caught:
        set_limits(ballot, budget=value)

    assert list(caught.value.fields) == ["vote_budget"]
    assert ballot.fingerprint() == before


def test_can_two_votes_sent_at_once_spend_the_last_dot_twice(app: Flask, ballot, noa):
    ballot.cast(noa, ballot.remote, times=3)
    ballot.cast(noa, ballot.coffee, times=1)  # one dot left
    gate = threading.Barrier(2)
    outcomes: list[str] = []

    def vote(topic_id: int) -> None:
        # Each thread is a request of its own: its own app context, session and connection.
        with app.app_context():
            workshop = db.session.get(Workshop, ballot.workshop.id)
            voter = db.session.get(Participant, noa.id)
            gate.wait()
            try:
                with db.unit_of_work() as session:
                    voting.cast(session, workshop, voter, topic_id,
                                events.participant_actor(voter.id), None)
                outcomes.append("ok")
            except NoVotesLeft as error:
                outcomes.append(error.code)

    threads = [threading.Thread(target=vote, args=(ballot.coffee,)) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["no_votes_left", "ok"]
    assert ballot.votes_of(noa) == {ballot.remote: 3, ballot.coffee: 2}
