"""Who may open the participants' results page, how its visibility is stored, whose actions."""

from __future__ import annotations

import pytest

from tests.conftest import workshop_fingerprint
from tests.services.conftest import Room
from workshop.errors import AtelierError
from workshop.extensions import db
from workshop.models import Workshop, WorkshopState
from workshop.services import commitments, events, results_page
from workshop.services.results_page import Visibility


def end(room: Room, state: WorkshopState = WorkshopState.ENDED) -> None:
    with db.unit_of_work() as session:
        session.merge(room.workshop).state = state


def visibility(room: Room) -> Visibility:
    db.session.expire_all()
    workshop = db.session.get(Workshop, room.workshop.id)
    assert workshop is not None
    return results_page.visibility_of(workshop)


@pytest.mark.parametrize("value", ["everyone", "", None, 3, ["anyone"]])
def test_is_an_unknown_visibility_refused_with_nothing_changed(room, value):
    before = workshop_fingerprint(room.workshop.id)

    with pytest.raises(AtelierError) as refused, db.unit_of_work() as session:
        results_page.set_visibility(session, session.merge(room.workshop), value, room.facilitator)

    assert refused.value.code == "invalid" and "visibility" in refused.value.fields
    assert workshop_fingerprint(room.workshop.id) == before


def test_does_a_stored_value_nobody_knows_read_as_participants_only(room):
    with db.unit_of_work() as session:
        current = session.merge(room.workshop)
        current.options = {**current.options, results_page.OPTION: "the moon"}

    assert visibility(room) is Visibility.PARTICIPANTS


def test_may_the_facilitator_close_the_results_of_an_archived_workshop(room):
    end(room, WorkshopState.ARCHIVED)

    with db.unit_of_work() as session:
        change = results_page.set_visibility(session, session.merge(room.workshop), "closed",
                                             room.facilitator)

    assert change.result == {"visibility": "closed"} and change.seq > 0
    assert visibility(room) is Visibility.CLOSED


@pytest.mark.parametrize("state", [WorkshopState.ENDED, WorkshopState.ARCHIVED])
def test_may_a_participant_read_the_results_once_over_and_not_before(room, state):
    camille = room.join("Camille")
    with pytest.raises(AtelierError) as early:
        results_page.check_access(room.workshop, camille)

    end(room, state)
    db.session.expire_all()
    workshop = db.session.get(Workshop, room.workshop.id)
    results_page.check_access(workshop, camille)  # no refusal

    assert early.value.code == "results_not_yet"
    with pytest.raises(AtelierError) as stranger:
        results_page.check_access(workshop, None)
    assert stranger.value.code == "results_for_participants"


def test_are_a_participants_own_commitments_told_from_those_they_gave_to_others(room):
    camille, sam = room.join("Camille"), room.join("Sam")
    room.move_to("action_planning")
    made = {}
    for person, payload in ((camille, {"title": "Write the guide"}),
                            (camille, {"title": "Train the desk", "owner": "The desk team"}),
                            (sam, {"title": "Call customers"})):
        with db.unit_of_work() as session:
            change = commitments.add(session, session.merge(room.workshop),
                                     session.merge(person), payload,
                                     events.participant_actor(person.id), None)
        made[payload["title"]] = change.result["commitment"]["id"]

    mine = results_page.own_commitments(db.session, room.workshop, camille)

    assert mine == {made["Write the guide"]: True, made["Train the desk"]: False}
    assert results_page.own_commitments(db.session, room.workshop, None) == {}
