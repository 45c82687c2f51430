"""The facilitator's live switches: open and close actions, results, order, joining, limits."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from workshop.errors import Invalid, JoiningClosed
from workshop.extensions import db
from workshop.models import Event
from workshop.services import agenda, controls, phases, snapshot


def update(room, client_id: str | None = None, **values: object):  # type: ignore[no-untyped-def]
    with db.unit_of_work() as session:
        return controls.update(session, room.workshop, values, room.facilitator, client_id)


def settings(room) -> dict[str, object]:  # type: ignore[no-untyped-def]
    return snapshot.settings_view(room.workshop)


def test_can_the_facilitator_close_and_reopen_proposals(room):
    room.move_to("marketplace")

    update(room, proposals_open=False)
    closed = (phases.allowed_actions(room.workshop), settings(room)["proposals_open"])
    update(room, proposals_open=True)

    assert closed == ((), False)
    assert phases.allowed_actions(room.workshop) == ("propose",)
    assert settings(room)["proposals_open"] is True


def test_can_the_facilitator_close_voting_without_touching_proposals(room):
    room.move_to("convergence")

    update(room, voting_open=False)

    assert phases.allowed_actions(room.workshop) == ()
    assert (settings(room)["voting_open"], settings(room)["proposals_open"]) == (False, False)


def test_does_opening_an_action_the_phase_lacks_open_nothing(room):
    room.move_to("marketplace")

    update(room, voting_open=True)

    assert phases.allowed_actions(room.workshop) == ("propose",)
    assert settings(room)["voting_open"] is False


def test_can_the_facilitator_reveal_and_hide_live_results(room):
    room.move_to("convergence")

    shown = update(room, results_visible=True)
    revealed = phases.results_visible(room.workshop)
    update(room, results_visible=False)

    assert (revealed, phases.results_visible(room.workshop)) == (True, False)
    assert shown.tally is True  # phones and the screen now get the counts


def test_can_the_facilitator_ask_for_topics_in_random_order(room):
    update(room, random_order=True)

    assert settings(room)["random_order"] is True


def test_does_locking_joining_turn_new_phones_away(room):
    room.join("Léa")

    update(room, joining_open=False)

    assert settings(room)["joining_open"] is False
    with pytest.raises(JoiningClosed):
        room.join("Noa")
    update(room, joining_open=True)
    assert room.join("Noa").display_name == "Noa"


def test_does_the_acknowledgement_echo_what_was_applied_and_the_log_keep_it(room):
    change = update(room, client_id="s-1", vote_budget=8, results_visible=True)

    assert change.result == {"settings": {"vote_budget": 8, "results_visible": True}}
    assert change.phase is True
    event = db.session.scalar(sa.select(Event).where(Event.seq == change.seq))
    assert (event.kind, event.client_id, event.result) == ("settings.changed", "s-1",
                                                           change.result)
    assert event.payload == {"vote_budget": 8, "results_visible": True, "returned": {}}


def test_does_lowering_the_budget_mid_vote_return_dots_and_log_who_got_them_back(room):
    room.move_to("marketplace")
    lea = room.join("Léa")
    topic = room.propose(lea)
    room.move_to("convergence")
    room.cast(lea, topic, times=3)

    change = update(room, vote_budget=1)

    assert room.votes_of(lea) == {topic: 1}
    assert change.notices == {lea.id: {"code": "votes_returned", "count": 2}}
    event = db.session.scalar(sa.select(Event).where(Event.seq == change.seq))
    assert event.payload["returned"] == {str(lea.id): 2}


@pytest.mark.parametrize(
    ("values", "field"),
    [({"vote_budget": 0}, "vote_budget"), ({"vote_budget": 101}, "vote_budget"),
     ({"max_votes_per_topic": "3"}, "max_votes_per_topic"),
     ({"max_votes_per_topic": False}, "max_votes_per_topic"),
     ({"results_visible": "yes"}, "results_visible"), ({"voting_open": 1}, "voting_open"),
     ({"joining_open": None}, "joining_open"), ({"colour": "red"}, "colour"),
     ({"random_order": True, "budget": 3}, "budget")],
    ids=["budget-0", "budget-101", "cap-text", "cap-boolean", "switch-text", "switch-number",
         "switch-null", "unknown-setting", "good-and-unknown"],
)
def test_is_a_bad_setting_refused_and_nothing_applied(room, values, field):
    room.move_to("convergence")
    refusal = room.refuses(Invalid, lambda: update(room, **values))

    assert list(refusal.fields) == [field]


def test_is_a_good_limit_beside_a_bad_switch_not_applied_either(room):
    room.refuses(Invalid, lambda: update(room, vote_budget=9, results_visible="on"))


def agenda_view(room) -> dict[str, object]:  # type: ignore[no-untyped-def]
    db.session.expire_all()
    return agenda.view(db.session, room.workshop)


def test_can_the_facilitator_tell_which_time_slot_runs_now(room):
    room.move_to("agenda")  # the starting grid: three rooms × three slots
    first, second, _third = [slot["id"] for slot in agenda_view(room)["slots"]]
    starts_on = agenda_view(room)["now"]

    change = update(room, slot_now=second)

    assert starts_on == first
    assert agenda_view(room)["now"] == second
    assert change.agenda and change.result == {"settings": {"slot_now": second}}


@pytest.mark.parametrize("slot", [999_999, "1", True, None], ids=["elsewhere", "text",
                                                                   "boolean", "none"])
def test_is_a_slot_not_on_the_agenda_refused_as_now(room, slot):
    room.move_to("agenda")
    refusal = room.refuses(Invalid, lambda: update(room, slot_now=slot))

    assert list(refusal.fields) == ["slot_now"]
