"""Workshop rules: settings, join codes, archive and restore, delete, ownership."""

from __future__ import annotations

import itertools
import secrets
from collections.abc import Iterator
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from tests.conftest import workshop_fingerprint
from workshop.errors import Invalid, NotAllowedNow, NotFound, UnknownWorkshop
from workshop.extensions import db
from workshop.models import Method, Workshop, WorkshopState
from workshop.services import team, workshops
from workshop.services.workshops import CODE_ALPHABET, WorkshopSettings


def workshop_count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Workshop))


def create(owner, **values: object) -> Workshop:  # type: ignore[no-untyped-def]
    settings = WorkshopSettings(**{"title": "Day", "method": Method.BARCAMP, **values})  # type: ignore[arg-type]
    with db.unit_of_work() as session:
        created = workshops.create_workshop(session, owner, settings)
        return session.get(Workshop, created.workshop_id)


def draw_letters(monkeypatch: pytest.MonkeyPatch, letters: Iterator[str]) -> None:
    """Make the workshops service draw its join-code letters from ``letters``."""
    fake = SimpleNamespace(choice=lambda _alphabet: next(letters),
                           token_urlsafe=secrets.token_urlsafe)
    monkeypatch.setattr(workshops, "secrets", fake)


def test_is_every_join_code_six_unambiguous_characters(make_facilitator, make_workshop):
    owner = make_facilitator()

    codes = [make_workshop(owner).join_code for _ in range(30)]

    for code in codes:
        assert len(code) == 6
        assert set(code) <= set(CODE_ALPHABET)
    assert not set("01OILUV") & set(CODE_ALPHABET)


def test_does_a_new_workshop_avoid_a_code_already_in_use(make_facilitator, monkeypatch):
    owner = make_facilitator()
    # The random source repeats AAAAAA once before giving BBBBBB: the clash must be noticed.
    draw_letters(monkeypatch, itertools.chain("A" * 12, itertools.repeat("B")))

    first = create(owner)
    second = create(owner)

    assert (first.join_code, second.join_code) == ("AAAAAA", "BBBBBB")


@pytest.mark.parametrize("typed", ["abcdef", " ABC DEF ", "abc-def", "AbC\tdEf"])
def test_is_a_code_found_however_it_is_typed(make_facilitator, monkeypatch, typed):
    draw_letters(monkeypatch, iter("ABCDEF"))
    created = create(make_facilitator())

    assert workshops.find_by_code(db.session, typed).id == created.id


def test_is_an_unknown_code_reported_as_an_unknown_workshop(app):
    with pytest.raises(UnknownWorkshop):
        workshops.find_by_code(db.session, "ZZZZZZ")


def test_are_the_usual_groups_given_by_default(make_facilitator):
    assert [g["key"] for g in create(make_facilitator()).stakeholder_groups] == [
        "employee", "customer", "partner",
    ]


def test_is_a_title_tidied_up(make_facilitator):
    assert create(make_facilitator(), title="  Customer \n  day ").title == "Customer day"


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": " \t "}, "title"),
        ({"title": "x" * 121}, "title"),
        ({"calling_question": "?" * 501}, "calling_question"),
        ({"language": "de"}, "language"),
        ({"vote_budget": -1}, "vote_budget"),
        ({"vote_budget": 101}, "vote_budget"),
        ({"max_votes_per_topic": 0}, "max_votes_per_topic"),
        ({"max_votes_per_topic": 101}, "max_votes_per_topic"),
    ],
)
def test_are_bad_settings_refused_and_nothing_created(make_facilitator, values, field):
    owner = make_facilitator()

    with pytest.raises(Invalid) as caught:
        create(owner, **values)

    assert field in caught.value.fields
    assert workshop_count() == 0


def test_are_boundary_settings_accepted(make_facilitator):
    created = create(make_facilitator(), title="x" * 120, calling_question="?" * 500,
                     vote_budget=100, max_votes_per_topic=100, language="fr")

    assert (len(created.title), created.vote_budget, created.language) == (120, 100, "fr")


def test_does_an_edit_keep_the_join_code(make_facilitator, make_workshop):
    owner = make_facilitator()
    workshop = make_workshop(owner)
    code = workshop.join_code

    with db.unit_of_work() as session:
        workshops.update_workshop(session, workshop, WorkshopSettings("Renamed", workshop.method),
                                  owner)

    assert (workshop.title, workshop.join_code) == ("Renamed", code)


def test_can_a_draft_change_its_method(make_facilitator, make_workshop):
    owner = make_facilitator()
    workshop = make_workshop(owner, method=Method.OPEN_SPACE)

    with db.unit_of_work() as session:
        workshops.update_workshop(session, workshop, WorkshopSettings("Day", Method.WORLD_CAFE),
                                  owner)

    assert workshop.method is Method.WORLD_CAFE


def test_is_the_method_of_a_started_workshop_kept(make_facilitator, make_workshop):
    owner = make_facilitator()
    workshop = make_workshop(owner, title="Kept", method=Method.OPEN_SPACE)
    with db.unit_of_work():
        workshop.state = WorkshopState.LIVE

    with pytest.raises(Invalid) as refused, db.unit_of_work() as session:
        workshops.update_workshop(session, workshop, WorkshopSettings("New", Method.WORLD_CAFE),
                                  owner)

    assert "method" in refused.value.fields
    db.session.refresh(workshop)
    assert (workshop.title, workshop.method) == ("Kept", Method.OPEN_SPACE)


def test_is_an_invalid_edit_refused_without_changing_anything(make_facilitator, make_workshop):
    owner = make_facilitator()
    workshop = make_workshop(owner, title="Kept")

    with pytest.raises(Invalid), db.unit_of_work() as session:
        workshops.update_workshop(session, workshop, WorkshopSettings("", Method.BARCAMP), owner)

    db.session.refresh(workshop)
    assert (workshop.title, workshop.method) == ("Kept", Method.OPEN_SPACE)


@pytest.mark.parametrize("before", [WorkshopState.DRAFT, WorkshopState.LIVE, WorkshopState.ENDED])
def test_does_restoring_put_a_workshop_back_as_it_was(make_facilitator, make_workshop, before):
    owner = make_facilitator()
    workshop = make_workshop(owner)
    with db.unit_of_work():
        workshop.state = before

    with db.unit_of_work() as session:
        workshops.archive_workshop(session, workshop, owner)
    assert workshop.state is WorkshopState.ARCHIVED
    assert not workshop.accepts_participants
    assert workshops.workshops_of(db.session, owner) == []
    assert workshops.workshops_of(db.session, owner, archived=True) == [workshop]

    with db.unit_of_work() as session:
        workshops.restore_workshop(session, workshop, owner)
    assert workshop.state is before
    assert workshops.workshops_of(db.session, owner) == [workshop]


@pytest.mark.parametrize(("state", "message"), [
    (WorkshopState.ENDED, "This workshop is over."),
    (WorkshopState.ARCHIVED, "This workshop is archived: restore it first."),
])
def test_is_an_ended_or_archived_workshop_left_as_it_was(app, make_facilitator, make_workshop,
                                                        state, message):
    owner = make_facilitator()
    workshop = make_workshop(owner, title="Final", vote_budget=5)
    with db.unit_of_work():
        workshop.state = state
    before = workshop_fingerprint(workshop.id)
    edits = {
        "edit": lambda session: workshops.update_workshop(
            session, workshop, WorkshopSettings("Rewritten", Method.OPEN_SPACE, vote_budget=1),
            owner),
        "lock": lambda session: workshops.set_joining_locked(session, workshop, True, owner),
    }

    refusals = {}
    for name, edit in edits.items():
        with pytest.raises(NotAllowedNow) as refused, db.unit_of_work() as session:
            edit(session)
        with app.test_request_context():
            refusals[name] = refused.value.message

    assert refusals == {"edit": message, "lock": message}
    assert workshop_fingerprint(workshop.id) == before


def test_can_an_ended_workshop_still_be_archived_restored_and_deleted(make_facilitator,
                                                                      make_workshop):
    owner = make_facilitator()
    workshop = make_workshop(owner)
    with db.unit_of_work():
        workshop.state = WorkshopState.ENDED

    with db.unit_of_work() as session:
        workshops.archive_workshop(session, workshop, owner)
    with db.unit_of_work() as session:
        workshops.restore_workshop(session, workshop, owner)
    assert workshop.state is WorkshopState.ENDED
    with db.unit_of_work() as session:
        workshops.delete_workshop(session, workshop)
    assert workshop_count() == 0


def test_does_locking_stop_new_participants(make_facilitator, make_workshop):
    owner = make_facilitator()
    workshop = make_workshop(owner)

    with db.unit_of_work() as session:
        workshops.set_joining_locked(session, workshop, True, owner)
    assert not workshop.accepts_participants

    with db.unit_of_work() as session:
        workshops.set_joining_locked(session, workshop, False, owner)
    assert workshop.accepts_participants


def test_does_the_list_hold_only_the_facilitators_own_workshops(make_facilitator, make_workshop):
    ana, ben = make_facilitator(), make_facilitator()
    first = make_workshop(ana, title="First")
    second = make_workshop(ana, title="Second")
    make_workshop(ben, title="Ben's")

    assert workshops.workshops_of(db.session, ana) == [second, first]


def test_is_another_facilitators_workshop_not_found(make_facilitator, make_workshop):
    theirs = make_workshop(make_facilitator())

    with pytest.raises(NotFound):
        team.workshop_to_run(db.session, make_facilitator(), theirs.id)
    with pytest.raises(NotFound):
        team.workshop_to_run(db.session, make_facilitator(), 999_999)


def test_does_deleting_a_workshop_free_its_code(make_facilitator, make_workshop):
    workshop = make_workshop(make_facilitator())
    code = workshop.join_code

    with db.unit_of_work() as session:
        workshops.delete_workshop(session, workshop)

    assert workshop_count() == 0
    with pytest.raises(UnknownWorkshop):
        workshops.find_by_code(db.session, code)
