"""Proposing, editing, hiding, restoring and merging topics."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from workshop.errors import Forbidden, Invalid, NotAllowedNow, TooManyContributions, UnknownTopic
from workshop.extensions import db
from workshop.models import Contribution, ContributionStatus, Event
from workshop.roles import Role
from workshop.services import events, snapshot, topics


def propose(room, author, title="Remote work", details=None, client_id=None):  # type: ignore[no-untyped-def]
    actor = events.participant_actor(author.id) if author else room.facilitator
    with db.unit_of_work() as session:
        return topics.propose(session, room.workshop, author, title, details, actor, client_id)


def edit(room, editor, topic_id, title=None, details=None):  # type: ignore[no-untyped-def]
    actor = events.participant_actor(editor.id) if editor else room.facilitator
    with db.unit_of_work() as session:
        return topics.edit(session, room.workshop, topic_id, title, details, editor, actor, None)


def hide(room, topic_id, hidden=True):  # type: ignore[no-untyped-def]
    with db.unit_of_work() as session:
        return topics.set_hidden(session, room.workshop, topic_id, hidden, room.facilitator, None)


def merge(room, topic_id, into):  # type: ignore[no-untyped-def]
    with db.unit_of_work() as session:
        return topics.merge(session, room.workshop, topic_id, into, room.facilitator, None)


def stored(topic_id: int) -> Contribution:
    db.session.rollback()
    return db.session.get(Contribution, topic_id)


def wall(room, role=Role.PARTICIPANT) -> list[str]:  # type: ignore[no-untyped-def]
    db.session.rollback()
    return [t["title"] for t in snapshot.topic_views(db.session, room.workshop, role)]


@pytest.fixture
def lea(room):  # type: ignore[no-untyped-def]
    room.move_to("marketplace")
    return room.join("Léa")


def test_does_a_proposal_reach_the_wall_with_its_author(room, lea):
    change = propose(room, lea, "  Remote   work ", "  Two days a week?  ", client_id="p-1")

    topic = stored(change.result["topic"]["id"])
    assert change.result == {"topic": {"id": topic.id, "kind": "topic", "title": "Remote work",
                                       "details": "Two days a week?"}}
    assert (topic.author_id, topic.phase, topic.status) == (
        lea.id, "marketplace", ContributionStatus.VISIBLE)
    assert change.topics == {topic.id}
    event = db.session.scalar(sa.select(Event).where(Event.seq == change.seq))
    assert (event.kind, event.client_id, event.result) == ("topic.proposed", "p-1", change.result)


@pytest.mark.parametrize("phase", ["opening", "convergence", "action_planning"])
def test_can_a_participant_propose_only_while_the_phase_allows_it(room, lea, phase):
    room.move_to(phase)
    room.refuses(NotAllowedNow, lambda: propose(room, lea))


def test_can_a_participant_propose_once_the_facilitator_closed_proposals(room, lea):
    room.workshop.options = {**room.workshop.options, "closed": ["propose"]}
    db.session.commit()
    room.refuses(NotAllowedNow, lambda: propose(room, lea))


@pytest.mark.parametrize("phase", ["opening", "convergence", "action_planning"])
def test_can_the_facilitator_add_a_topic_in_any_phase(room, phase):
    room.move_to(phase)

    change = propose(room, None, "Coffee for everyone")

    assert stored(change.result["topic"]["id"]).author_id is None


@pytest.mark.parametrize(
    ("title", "details"), [("x" * 120, ""), ("Remote work", "d" * 1000), ("Télétravail 🏡", None)],
    ids=["title-120", "details-1000", "no-details"],
)
def test_are_the_longest_allowed_texts_kept_whole(room, lea, title, details):
    change = propose(room, lea, title, details)

    topic = stored(change.result["topic"]["id"])
    assert (topic.title, topic.details) == (title, details or "")


@pytest.mark.parametrize(
    ("title", "details", "fields"),
    [("x" * 121, "", ["title"]), ("Remote", "d" * 1001, ["details"]), ("", "", ["title"]),
     (" \n\t ", "", ["title"]), (None, "", ["title"]), (42, "", ["title"]),
     ("Remote", ["a"], ["details"]), (["a"], 7, ["title", "details"])],
    ids=["title-121", "details-1001", "empty", "blank", "missing", "number", "details-list",
         "both-wrong"],
)
def test_is_a_bad_title_or_details_refused_and_nothing_stored(room, lea, title, details, fields):
    refusal = room.refuses(Invalid, lambda: propose(room, lea, title, details))

    assert sorted(refusal.fields) == sorted(fields)


def test_can_an_author_edit_their_topic_while_proposing_is_open(room, lea):
    topic_id = propose(room, lea, "Remote work", "Two days").result["topic"]["id"]

    change = edit(room, lea, topic_id, title="Remote work, really")

    assert change.result["topic"] == {"id": topic_id, "title": "Remote work, really",
                                      "details": "Two days"}
    assert stored(topic_id).details == "Two days"


def test_can_a_participant_edit_someone_elses_topic(room, lea):
    topic_id = propose(room, lea).result["topic"]["id"]
    noa = room.join("Noa")
    room.refuses(Forbidden, lambda: edit(room, noa, topic_id, title="Mine now"))


def test_can_an_author_edit_once_proposing_is_over(room, lea):
    topic_id = propose(room, lea).result["topic"]["id"]
    room.move_to("convergence")
    room.refuses(NotAllowedNow, lambda: edit(room, lea, topic_id, title="Too late"))


def test_can_the_facilitator_edit_any_topic_at_any_time_even_hidden(room, lea):
    topic_id = propose(room, lea).result["topic"]["id"]
    hide(room, topic_id)
    room.move_to("action_planning")

    edit(room, None, topic_id, details="Typo fixed")

    assert stored(topic_id).details == "Typo fixed"


def test_is_an_edit_to_an_over_long_title_refused(room, lea):
    topic_id = propose(room, lea).result["topic"]["id"]
    room.refuses(Invalid, lambda: edit(room, lea, topic_id, title="x" * 121))


def test_is_another_workshops_topic_unknown_here(room, lea, make_room):
    foreign = make_room().propose(None, "Not yours")
    mine = propose(room, lea).result["topic"]["id"]
    before = room.fingerprint()

    for action in (lambda: edit(room, None, foreign, title="Hijacked"),
                   lambda: hide(room, foreign),
                   lambda: merge(room, foreign, mine),
                   lambda: merge(room, mine, foreign)):
        with pytest.raises(UnknownTopic):
            action()

    assert room.fingerprint() == before
    assert stored(foreign).title == "Not yours"


@pytest.mark.parametrize(
    ("topic_id", "refusal"),
    [(None, Invalid), ("1", Invalid), (True, Invalid), (1.0, Invalid),
     (999_999, UnknownTopic)],
)
def test_is_a_topic_id_that_names_no_topic_refused(room, lea, topic_id, refusal):
    propose(room, lea)  # topic 1 exists: "1", True and 1.0 must not be taken for it
    room.refuses(refusal, lambda: hide(room, topic_id))


def test_does_hiding_take_a_topic_off_phones_and_the_screen_but_not_the_console(room, lea):
    keep = propose(room, lea, "Remote work").result["topic"]["id"]
    gone = propose(room, lea, "Spam").result["topic"]["id"]

    change = hide(room, gone)

    assert change.result == {"topic": {"id": gone, "status": "hidden"}}
    assert (change.topics, change.tally) == ({gone}, True)
    assert wall(room) == wall(room, Role.SCREEN) == ["Remote work"]
    assert wall(room, Role.FACILITATOR) == ["Remote work", "Spam"]
    assert keep != gone


def test_does_restoring_put_a_hidden_topic_back(room, lea):
    topic_id = propose(room, lea, "Remote work").result["topic"]["id"]
    hide(room, topic_id)

    change = hide(room, topic_id, hidden=False)

    assert change.result == {"topic": {"id": topic_id, "status": "visible"}}
    assert wall(room) == ["Remote work"]


def test_do_a_hidden_topics_votes_stop_counting_until_it_is_restored(room, lea):
    topic_id = propose(room, lea).result["topic"]["id"]
    room.move_to("convergence")
    room.cast(lea, topic_id, times=2)

    hide(room, topic_id)
    hidden_counts = room.counts()
    hide(room, topic_id, hidden=False)

    assert hidden_counts == {}
    assert room.counts() == {topic_id: 2}


def test_do_merged_votes_follow_the_duplicate_within_each_voters_cap(room, lea):
    original = propose(room, lea, "Remote work").result["topic"]["id"]
    duplicate = propose(room, lea, "Working from home").result["topic"]["id"]
    noa = room.join("Noa")
    room.move_to("convergence")
    room.cast(lea, original, times=2)
    room.cast(lea, duplicate, times=2)  # Léa's cap is 3: one of these must come back
    room.cast(noa, duplicate, times=1)

    change = merge(room, duplicate, original)

    assert change.result == {"topic": {"id": duplicate, "status": "merged",
                                       "merged_into": original}}
    assert room.counts() == {original: 4}
    assert room.votes_of(lea) == {original: 3}
    assert change.notices == {lea.id: {"code": "topic_merged", "title": "Working from home",
                                       "into": "Remote work", "count": 1}}
    assert (stored(duplicate).status, stored(duplicate).merged_into_id) == (
        ContributionStatus.MERGED, original)
    assert wall(room) == ["Remote work"]


def test_is_a_merged_topic_out_of_reach_of_hide_merge_and_votes(room, lea):
    original = propose(room, lea, "Remote work").result["topic"]["id"]
    duplicate = propose(room, lea, "Working from home").result["topic"]["id"]
    merge(room, duplicate, original)
    before = room.fingerprint()

    with pytest.raises(Invalid):
        hide(room, duplicate)
    with pytest.raises(UnknownTopic):
        merge(room, duplicate, original)
    with pytest.raises(UnknownTopic):
        merge(room, original, duplicate)

    assert room.fingerprint() == before


def test_is_merging_a_topic_into_itself_or_a_hidden_topic_refused(room, lea):
    first = propose(room, lea, "Remote work").result["topic"]["id"]
    hidden = propose(room, lea, "Spam").result["topic"]["id"]
    hide(room, hidden)
    before = room.fingerprint()

    with pytest.raises(Invalid) as caught:
        merge(room, first, first)
    with pytest.raises(UnknownTopic):
        merge(room, first, hidden)

    assert list(caught.value.fields) == ["into"]
    assert room.fingerprint() == before


def test_is_a_participant_refused_past_their_share_of_contributions(app, room):
    app.config["CONTRIBUTIONS_PER_PARTICIPANT"] = 2
    room.move_to("marketplace")
    lea, noa = room.join("Léa"), room.join("Noa")
    room.propose(lea, "One")
    room.propose(lea, "Two")
    before = room.fingerprint()

    with pytest.raises(TooManyContributions) as refused, db.unit_of_work() as session:
        topics.propose(session, room.workshop, lea, "Three", "", f"p:{lea.id}", None)

    with app.test_request_context():
        assert refused.value.code == "too_many_contributions"
        assert "2 contributions" in str(refused.value.message)
    assert room.fingerprint() == before
    room.propose(noa, "Noa's own")  # the cap is each person's


def test_does_a_workshop_refuse_more_text_than_every_phone_can_sync(app, room):
    app.config["CONTRIBUTION_TEXT_PER_WORKSHOP"] = 2_000
    room.move_to("marketplace")
    people = [room.join(f"Bot {n}") for n in range(3)]
    for person in people[:2]:
        with db.unit_of_work() as session:
            topics.propose(session, room.workshop, person, "Spam " * 20, "x" * 1000,
                           f"p:{person.id}", None)
    before = room.fingerprint()

    with pytest.raises(TooManyContributions), db.unit_of_work() as session:
        topics.propose(session, room.workshop, people[2], "More", "x" * 100,
                       f"p:{people[2].id}", None)

    assert room.fingerprint() == before
