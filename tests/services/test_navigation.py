"""Moving a workshop through its method's phases, and what each phase lets people do."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from workshop.errors import Invalid, NotAllowedNow
from workshop.extensions import db
from workshop.methods import METHODS
from workshop.models import Event, WorkshopState
from workshop.services import navigation, phases


def navigate(room, target: str, client_id: str | None = None):  # type: ignore[no-untyped-def]
    with db.unit_of_work() as session:
        return navigation.navigate(session, room.workshop, target, room.facilitator, client_id)


def where(room) -> tuple[str, tuple[str, ...]]:  # type: ignore[no-untyped-def]
    return phases.current_phase(room.workshop).id, phases.allowed_actions(room.workshop)


def test_does_a_new_workshop_wait_at_the_opening_with_nothing_to_do(room):
    assert where(room) == ("opening", ())
    assert room.workshop.state is WorkshopState.DRAFT


def test_does_next_walk_open_space_through_its_phases_in_order(room):
    seen = []
    for _ in range(3):
        change = navigate(room, "next")
        seen.append((change.result["phase"], *where(room)))

    assert seen == [
        ("marketplace", "marketplace", ("propose",)),
        ("agenda", "agenda", ("pick", "mark")),
        ("sessions", "sessions", ("checkin", "write")),
    ]


def test_does_previous_go_back_one_phase(room):
    room.move_to("convergence")

    change = navigate(room, "previous")

    assert change.result == {"phase": "reports"}
    assert where(room) == ("reports", ("write",))


def test_can_the_facilitator_jump_straight_to_any_phase(room):
    assert navigate(room, "action_planning").result == {"phase": "action_planning"}
    assert navigate(room, "marketplace").result == {"phase": "marketplace"}
    assert where(room) == ("marketplace", ("propose",))


@pytest.mark.parametrize(("start", "target"), [("opening", "previous"), ("closing", "next")])
def test_is_there_no_phase_before_the_first_or_after_the_last(room, start, target):
    room.move_to(start)
    room.refuses(NotAllowedNow, lambda: navigate(room, target))


@pytest.mark.parametrize("target", ["Voting", "", "dreaming", "round_1"])
def test_is_a_phase_the_method_does_not_have_refused(room, target):
    refusal = room.refuses(Invalid, lambda: navigate(room, target))

    assert list(refusal.fields) == ["phase"]


def test_does_the_first_move_make_the_workshop_live_and_stay_live(room):
    navigate(room, "next")
    started = room.workshop.started_at
    navigate(room, "previous")

    assert room.workshop.state is WorkshopState.LIVE
    assert started is not None and room.workshop.started_at == started


def test_does_going_to_the_first_phase_leave_a_draft_a_draft(room):
    navigate(room, "opening")

    assert room.workshop.state is WorkshopState.DRAFT


def test_is_every_move_written_to_the_log_with_the_next_seq(room):
    last = room.fingerprint()[0]

    change = navigate(room, "convergence", client_id="move-1")

    event = db.session.scalar(sa.select(Event).where(Event.seq == change.seq))
    assert change.seq == last + 1
    assert (event.kind, event.actor, event.client_id, event.payload, event.result) == (
        "phase.changed", room.facilitator, "move-1", {"phase": "convergence"},
        {"phase": "convergence"},
    )


def test_does_a_move_tell_everyone_about_the_phase_the_timer_and_the_tally(room):
    change = navigate(room, "next")

    assert (change.phase, change.timer, change.tally) == (True, True, True)


def test_does_each_phase_reopen_what_the_facilitator_closed(room):
    room.move_to("marketplace")
    room.workshop.options = {**room.workshop.options, "closed": ["propose", "vote"]}
    db.session.commit()
    assert phases.allowed_actions(room.workshop) == ()

    navigate(room, "convergence")

    assert phases.allowed_actions(room.workshop) == ("vote",)


def test_does_each_phase_open_with_its_own_results_visibility(room):
    room.move_to("convergence")
    hidden_while_voting = phases.results_visible(room.workshop)
    room.workshop.options = {**room.workshop.options, "results_visible": True}
    db.session.commit()

    navigate(room, "action_planning")
    shown_on_results = phases.results_visible(room.workshop)
    navigate(room, "convergence")

    assert (hidden_while_voting, shown_on_results) == (False, True)
    assert phases.results_visible(room.workshop) is False


def test_does_a_phase_change_keep_the_random_order_choice(room):
    room.workshop.options = {**room.workshop.options, "random_order": True}
    db.session.commit()

    navigate(room, "next")

    assert room.workshop.options["random_order"] is True


@pytest.mark.parametrize("state", [WorkshopState.ENDED, WorkshopState.ARCHIVED])
def test_does_an_ended_or_archived_workshop_stay_where_it_is_and_allow_nothing(room, state):
    room.move_to("marketplace")
    room.workshop.state = state
    db.session.commit()
    room.refuses(NotAllowedNow, lambda: navigate(room, "next"))
    assert phases.allowed_actions(room.workshop) == ()


@pytest.mark.parametrize("method", sorted(METHODS), ids=str)
def test_can_every_method_be_walked_from_its_first_phase_to_its_last(make_room, method):
    room = make_room(method=method)
    ids = [phase.id for phase in METHODS[method].phases]

    visited = [phases.current_phase(room.workshop).id]
    for _ in ids[1:]:
        visited.append(navigate(room, "next").result["phase"])

    assert visited == ids
