"""A workshop's team: who may run it, adding and removing co-facilitators, invitation links."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from tests.conftest import PASSWORD
from workshop.errors import Conflict, Forbidden, Invalid, NotFound
from workshop.extensions import db
from workshop.models import Event, Facilitator, Invitation, utcnow
from workshop.realtime import commands
from workshop.services import activity, team, workshops
from workshop.services.changes import Ended


@pytest.fixture
def owner(make_facilitator):  # type: ignore[no-untyped-def]
    return make_facilitator("owner@example.org")


@pytest.fixture
def workshop(owner, make_workshop):  # type: ignore[no-untyped-def]
    return make_workshop(owner)


def add(workshop, email, owner):  # type: ignore[no-untyped-def]
    with db.unit_of_work() as session:
        return team.add_by_email(session, workshop, email, owner)


def invite(workshop, owner, now=None):  # type: ignore[no-untyped-def]
    with db.unit_of_work() as session:
        return team.invite_link(session, workshop, owner, now)


def test_may_a_co_facilitator_run_the_workshop_and_see_it_in_their_list(
    owner, workshop, make_facilitator
):
    ben = make_facilitator("ben@example.org")
    assert not team.may_run(db.session, workshop, ben.id)

    change = add(workshop, "BEN@example.org", owner)

    assert change.result == {"facilitator": ben.id, "role": "co_facilitator"}
    assert team.may_run(db.session, workshop, ben.id)
    assert team.workshop_to_run(db.session, ben, workshop.id) == workshop
    assert workshops.workshops_of(db.session, ben) == [workshop]
    assert [mate.facilitator.email for mate in team.team_of(db.session, workshop)] == [
        "owner@example.org", "ben@example.org"]


def test_is_only_the_owner_given_the_owners_workshop(owner, workshop, make_facilitator):
    ben, stranger = make_facilitator("ben@example.org"), make_facilitator()
    add(workshop, ben.email, owner)

    assert team.owned_workshop(db.session, owner, workshop.id) == workshop
    with pytest.raises(Forbidden):
        team.owned_workshop(db.session, ben, workshop.id)
    with pytest.raises(NotFound):
        team.owned_workshop(db.session, stranger, workshop.id)


def test_are_unknown_accounts_and_people_already_on_the_team_refused(
    owner, workshop, make_facilitator
):
    make_facilitator("ben@example.org")
    add(workshop, "ben@example.org", owner)

    with pytest.raises(NotFound):
        add(workshop, "nobody@example.org", owner)
    with pytest.raises(Conflict):
        add(workshop, "ben@example.org", owner)
    with pytest.raises(Conflict):
        add(workshop, owner.email, owner)


def test_does_removing_a_co_facilitator_end_their_right_and_their_consoles(
    owner, workshop, make_facilitator
):
    ben = make_facilitator("ben@example.org")
    add(workshop, ben.email, owner)

    with db.unit_of_work() as session:
        change = team.remove(session, workshop, ben.id, owner)

    assert change.ended == {(Ended.TEAM, ben.id)}
    assert not team.may_run(db.session, workshop, ben.id)
    with pytest.raises(NotFound):
        team.workshop_to_run(db.session, ben, workshop.id)
    with pytest.raises(NotFound), db.unit_of_work() as session:
        team.remove(session, workshop, ben.id, owner)


def test_does_a_disabled_account_run_nothing_even_its_own_workshop(owner, workshop):
    owner.disabled = True
    db.session.commit()

    assert not team.may_run(db.session, workshop, owner.id)


def test_is_an_invitation_link_used_once_then_refused(owner, workshop, make_facilitator):
    raw = invite(workshop, owner).result["token"]
    ben, noa = make_facilitator("ben@example.org"), make_facilitator("noa@example.org")

    with db.unit_of_work() as session:
        team.accept(session, raw, ben)

    assert team.may_run(db.session, workshop, ben.id)
    with pytest.raises(Conflict), db.unit_of_work() as session:
        team.accept(session, raw, noa)
    assert not team.may_run(db.session, workshop, noa.id)
    stored = db.session.scalar(sa.select(Invitation))
    assert stored.used_by_id == ben.id and stored.token_hash != raw


def test_does_an_invitation_link_create_an_account_that_joins_the_team(owner, workshop):
    raw = invite(workshop, owner).result["token"]

    with db.unit_of_work() as session:
        change = team.accept_with_new_account(session, raw, "zoe@example.org", PASSWORD, "Zoé")

    zoe = db.session.scalar(sa.select(Facilitator).where(Facilitator.email == "zoe@example.org"))
    assert change.result["facilitator"] == zoe.id
    assert team.may_run(db.session, workshop, zoe.id) and not zoe.is_admin


def test_does_an_expired_or_made_up_link_create_no_account(owner, workshop):
    raw = invite(workshop, owner, now=utcnow() - timedelta(days=team.INVITATION_DAYS + 1)
                 ).result["token"]
    before = db.session.scalar(sa.select(sa.func.count()).select_from(Facilitator))

    for link in (raw, "ati_made-up", ""):
        with pytest.raises(Conflict if link == raw else NotFound), \
                db.unit_of_work() as session:
            team.accept_with_new_account(session, link, "zoe@example.org", PASSWORD)

    assert db.session.scalar(sa.select(sa.func.count()).select_from(Facilitator)) == before


def test_is_a_weak_password_refused_without_using_up_the_link(owner, workshop):
    raw = invite(workshop, owner).result["token"]

    with pytest.raises(Invalid), db.unit_of_work() as session:
        team.accept_with_new_account(session, raw, "zoe@example.org", "short")

    assert team.invitation_for(db.session, raw).used_at is None


def test_does_the_activity_list_say_who_did_what(app, owner, workshop, make_facilitator):
    ben = make_facilitator("ben@example.org")
    ben.display_name = "Ben"
    db.session.commit()
    add(workshop, ben.email, owner)
    commands.execute(lambda session: workshops.set_joining_locked(
        session, session.get(type(workshop), workshop.id), True, ben))

    with app.test_request_context(headers={"Accept-Language": "en"}):
        entries = activity.facilitator_actions(db.session, workshop)

    assert [(entry.who, entry.action) for entry in entries][:2] == [
        ("Ben", "locked joining"), ("Fa", "added Ben to the team")]
    actors = set(db.session.scalars(sa.select(Event.actor).where(
        Event.workshop_id == workshop.id)))
    assert f"f:{ben.id}" in actors
