"""Joining rules: names, groups, closed workshops and the phone's secret token."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from workshop.errors import Invalid, JoiningClosed
from workshop.extensions import db
from workshop.models import Participant, WorkshopState
from workshop.services import participants
from workshop.services.participants import JoinRequest


@pytest.fixture
def workshop(make_facilitator, make_workshop):  # type: ignore[no-untyped-def]
    return make_workshop(make_facilitator())


def join(workshop, name: str = "Camille", group: str = "customer", **extra: object):  # type: ignore[no-untyped-def]
    """Join ``workshop``: the participant and their token."""
    with db.unit_of_work() as session:
        change = participants.join(session, workshop, JoinRequest(name, group, **extra))  # type: ignore[arg-type]
        return session.get(Participant, change.result["participant"]), change.result["token"]


def participant_count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Participant))


def test_does_joining_store_the_participant_but_not_their_secret(workshop):
    camille, token = join(workshop, consent_quote=True, locale="fr")

    stored = db.session.get(Participant, camille.id)
    assert (stored.display_name, stored.group_key, stored.consent_quote, stored.locale) == (
        "Camille", "customer", True, "fr",
    )
    assert token.startswith("atp_")
    assert token not in stored.token_hash
    assert participants.participant_for_token(db.session, token) == stored


def test_is_a_phones_token_bound_to_its_workshop(workshop, make_facilitator, make_workshop):
    other = make_workshop(make_facilitator())
    _camille, token = join(workshop)

    assert participants.participant_for_token(db.session, token, workshop.id) is not None
    assert participants.participant_for_token(db.session, token, other.id) is None


@pytest.mark.parametrize("token", [None, "", "atp_unknown", "atf_someone-elses", "garbage"])
def test_is_an_unknown_token_nobody(workshop, token):
    join(workshop)

    assert participants.participant_for_token(db.session, token) is None


@pytest.mark.parametrize(
    ("typed", "kept"),
    [("  Camille   Dupont ", "Camille Dupont"), ("Ca\u0000mi\u200blle\n", "Camille"),
     ("Zoë 🌻", "Zoë 🌻")],
    ids=["spaces", "control-characters", "accents-and-emoji"],
)
def test_is_a_name_tidied_up_but_kept(workshop, typed, kept):
    camille, _token = join(workshop, name=typed)

    assert camille.display_name == kept


@pytest.mark.parametrize("name", ["", "  \n\t ", "\u0000\u0007", "x" * 81])
def test_is_a_missing_or_too_long_name_refused(workshop, name):
    with pytest.raises(Invalid) as caught:
        join(workshop, name=name)

    assert list(caught.value.fields) == ["name"]
    assert participant_count() == 0


@pytest.mark.parametrize(
    ("typed", "key"),
    [("customer", "customer"), ("Client", "customer"), ("Collaboratrices", "employee"),
     (" Partenaires ", "partner"), ("Salarié", "employee")],
)
def test_is_a_group_label_in_either_language_understood(workshop, typed, key):
    camille, _token = join(workshop, group=typed)

    assert camille.group_key == key


@pytest.mark.parametrize("group", ["", "aliens", "x" * 200])
def test_is_a_missing_or_unknown_group_refused(workshop, group):
    with pytest.raises(Invalid) as caught:
        join(workshop, group=group)

    assert list(caught.value.fields) == ["group"]
    assert participant_count() == 0


def test_is_a_custom_group_joinable_by_its_label(make_facilitator, make_workshop):
    workshop = make_workshop(make_facilitator(),
                             stakeholder_groups=[{"key": "g-press", "label": "Press"}])

    camille, _token = join(workshop, group="Press")

    assert camille.group_key == "g-press"


def test_does_a_workshop_without_groups_ignore_the_group(make_facilitator, make_workshop):
    workshop = make_workshop(make_facilitator(), stakeholder_groups=[])

    camille, _token = join(workshop, group="anything")

    assert camille.group_key == ""


@pytest.mark.parametrize(
    ("state", "locked"),
    [(WorkshopState.DRAFT, True), (WorkshopState.ARCHIVED, False), (WorkshopState.ENDED, False)],
)
def test_does_a_closed_workshop_refuse_new_participants(workshop, state, locked):
    with db.unit_of_work():
        workshop.state, workshop.joining_locked = state, locked

    with pytest.raises(JoiningClosed):
        join(workshop)

    assert participant_count() == 0


def test_can_people_join_a_live_workshop(workshop):
    with db.unit_of_work():
        workshop.state = WorkshopState.LIVE

    join(workshop)

    assert participant_count() == 1


def test_are_participants_listed_in_the_order_they_joined(workshop):
    for name in ("Ana", "Ben", "Chloé"):
        join(workshop, name=name)

    names = [p.display_name for p in participants.participants_of(db.session, workshop)]
    assert names == ["Ana", "Ben", "Chloé"]
