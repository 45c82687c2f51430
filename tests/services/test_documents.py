"""Shared documents: which keys name a document, who may write when, and what is stored."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask_babel import force_locale
from pycrdt import Doc, Text

from tests.services.conftest import Room
from workshop import create_app
from workshop.errors import Forbidden, Invalid, NotAllowedNow, NotFound, UnknownTopic
from workshop.extensions import db
from workshop.methods import Action
from workshop.models import (
    Contribution,
    ContributionKind,
    DocumentUpdate,
    Method,
    Participant,
    Seat,
    SharedDocument,
    Workshop,
    WorkshopState,
)
from workshop.roles import Role
from workshop.services import document_kinds, document_store, documents, phases

FACILITATOR, SCREEN, PARTICIPANT = Role.FACILITATOR, Role.SCREEN, Role.PARTICIPANT


class Writer:
    """One editor's own Yjs document, as a browser holds it."""

    def __init__(self) -> None:
        self.doc = Doc()

    def type(self, field: str, index: int, text: str) -> bytes:
        before = self.doc.get_state()
        self.doc.get(field, type=Text).insert(index, text)
        return self.doc.get_update(before)

    def erase(self, field: str, index: int, length: int) -> bytes:
        before = self.doc.get_state()
        del self.doc.get(field, type=Text)[index:index + length]
        return self.doc.get_update(before)


def writing_phase(workshop: Workshop, kind: str) -> str:
    """A phase of the workshop's method in which participants write ``kind`` documents."""
    return next(p.id for p in phases.method_of(workshop).phases
                if kind in p.documents and Action.WRITE in p.allows)


def silent_phase(workshop: Workshop) -> str:
    """A phase in which participants write nothing."""
    return next(p.id for p in phases.method_of(workshop).phases if Action.WRITE not in p.allows)


def workshop_of(session: Any, room: Room) -> Workshop:
    return session.get(Workshop, room.workshop.id)


def write(room: Room, key: str, update: Any, who: Participant | None = None,
          role: str | None = None) -> set[str]:
    """Store an update as ``who``; the keys of the documents it changed (none for an echo)."""
    role = role or (PARTICIPANT if who else FACILITATOR)
    with db.unit_of_work() as session:
        return documents.apply_update(session, workshop_of(session, room), key, update, role,
                                      who).documents


def stored_document(room: Room, key: str) -> SharedDocument:
    db.session.rollback()
    return db.session.scalars(sa.select(SharedDocument).where(
        SharedDocument.workshop_id == room.workshop.id, SharedDocument.key == key)).one()


def read(room: Room, key: str) -> dict[str, str]:
    return documents.fields(db.session, stored_document(room, key))


def stored() -> tuple[int, int]:
    """How many documents and updates the database holds."""
    db.session.rollback()
    return (db.session.scalar(sa.select(sa.func.count()).select_from(SharedDocument)),
            db.session.scalar(sa.select(sa.func.count()).select_from(DocumentUpdate)))


def change(room: Room, **values: Any) -> None:
    with db.unit_of_work() as session:
        workshop = workshop_of(session, room)
        for name, value in values.items():
            setattr(workshop, name, value)


@pytest.fixture
def open_space(room: Room) -> Iterator[tuple[Room, int]]:
    """An Open Space with one topic, in the phase where reports are written."""
    topic = room.propose(None, "Remote work")
    room.move_to(writing_phase(room.workshop, "report"))
    yield room, topic


@pytest.fixture
def inquiry(make_room):  # type: ignore[no-untyped-def]
    """An Appreciative Inquiry in its interviews: Léa and Noa pair up, Sam and Eva too."""
    room = make_room(method=Method.APPRECIATIVE_INQUIRY)
    people = {name: room.join(name) for name in ("Léa", "Noa", "Sam", "Eva")}
    with db.unit_of_work() as session:
        for table, names in ((1, ("Léa", "Noa")), (2, ("Sam", "Eva"))):
            for name in names:
                session.add(Seat(workshop_id=room.workshop.id, kind="pairs", round=1,
                                 table=table, participant_id=people[name].id))
    room.move_to(writing_phase(room.workshop, "story"))
    return room, people


# --- keys --------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", [
    "report", "report:", "report:0", "report:007", "report:x", "REPORT:1", "memo:1",
    "report:1:2", " report:1", 12, None, ["report:1"],
])
def test_is_a_malformed_key_refused_and_named(open_space, key) -> None:  # type: ignore[no-untyped-def]
    room, _topic = open_space

    with pytest.raises(Invalid) as refused:
        write(room, key, Writer().type("notes", 0, "x"))

    assert list(refused.value.fields) == ["key"]
    assert stored() == (0, 0)


def test_is_a_kind_the_method_never_writes_refused(open_space) -> None:  # type: ignore[no-untyped-def]
    room, _topic = open_space
    change(room, options={"tables": 4})

    with pytest.raises(Invalid):
        write(room, "table:1", Writer().type("notes", 0, "x"))


def test_are_other_workshops_topics_unknown(open_space, make_room) -> None:  # type: ignore[no-untyped-def]
    room, _topic = open_space
    other = make_room()
    foreign = other.propose(None, "Not yours")

    with pytest.raises(UnknownTopic):
        write(room, f"report:{foreign}", Writer().type("key_points", 0, "x"))
    assert stored() == (0, 0)


def test_is_a_hidden_topics_report_unknown_to_participants_but_not_the_facilitator(
    open_space,  # type: ignore[no-untyped-def]
) -> None:
    room, topic = open_space
    lea = room.join("Léa")
    room.hide(topic)

    with pytest.raises(UnknownTopic):
        write(room, f"report:{topic}", Writer().type("key_points", 0, "x"), lea)
    write(room, f"report:{topic}", Writer().type("key_points", 0, "Spam, really"))

    assert read(room, f"report:{topic}")["key_points"] == "Spam, really"


def test_are_tables_counted_from_one_to_the_workshops_number(make_room) -> None:  # type: ignore[no-untyped-def]
    room = make_room(method=Method.WORLD_CAFE)
    change(room, options={"tables": 2})

    write(room, "table:2", Writer().type("notes", 0, "Second table"))
    for key in ("table:3", "table:99"):
        with pytest.raises(NotFound):
            write(room, key, Writer().type("notes", 0, "x"))

    assert read(room, "table:2") == {"notes": "Second table"}


def test_are_stories_of_strangers_and_propositions_of_topics_refused(inquiry, make_room) -> None:  # type: ignore[no-untyped-def]
    room, _people = inquiry
    stranger = make_room(method=Method.APPRECIATIVE_INQUIRY).join("Stranger")
    topic = room.propose(None, "Not a proposition")

    with pytest.raises(NotFound):
        write(room, f"story:{stranger.id}", Writer().type("story", 0, "x"))
    with pytest.raises(NotFound):
        write(room, f"proposition:{topic}", Writer().type("text", 0, "x"))
    assert stored() == (0, 0)


def test_is_a_documents_title_taken_from_what_it_is_about(inquiry) -> None:  # type: ignore[no-untyped-def]
    room, people = inquiry
    with db.unit_of_work() as session:
        dream = Contribution(workshop_id=room.workshop.id, kind=ContributionKind.PROPOSITION,
                             title="Every customer is heard")
        session.add(dream)
    lea = people["Léa"]

    with db.unit_of_work() as session:
        workshop = workshop_of(session, room)
        story = documents.get_or_create(session, workshop, f"story:{lea.id}")
        proposition = documents.get_or_create(session, workshop, f"proposition:{dream.id}")

    assert story.title == "Story of Noa"  # Léa records Noa's story
    assert (proposition.title, proposition.contribution_id) == ("Every customer is heard",
                                                                dream.id)


# --- who may write, and when -------------------------------------------------------------------


def test_may_a_participant_write_a_report_only_while_writing_is_open(open_space) -> None:  # type: ignore[no-untyped-def]
    room, topic = open_space
    lea = room.join("Léa")
    key = f"report:{topic}"
    writer = Writer()
    write(room, key, writer.type("key_points", 0, "Fewer meetings"), lea)

    room.move_to(silent_phase(room.workshop))
    before = stored()
    with pytest.raises(NotAllowedNow):
        write(room, key, writer.type("key_points", 14, " and more"), lea)

    assert stored() == before
    assert read(room, key)["key_points"] == "Fewer meetings"


def test_may_the_facilitator_write_in_any_phase_until_the_workshop_is_over(open_space) -> None:  # type: ignore[no-untyped-def]
    room, topic = open_space
    room.move_to(silent_phase(room.workshop))
    key = f"report:{topic}"
    writer = Writer()

    write(room, key, writer.type("questions", 0, "Who decides?"))
    change(room, state=WorkshopState.ENDED)
    with pytest.raises(NotAllowedNow):
        write(room, key, writer.type("questions", 0, "Late: "))

    assert read(room, key)["questions"] == "Who decides?"


def test_does_closing_writing_stop_participants(open_space) -> None:  # type: ignore[no-untyped-def]
    room, topic = open_space
    lea = room.join("Léa")
    change(room, options={"closed": [Action.WRITE]})

    with pytest.raises(NotAllowedNow):
        write(room, f"report:{topic}", Writer().type("key_points", 0, "x"), lea)


def test_can_the_screen_never_write(open_space) -> None:  # type: ignore[no-untyped-def]
    room, topic = open_space

    with pytest.raises(Forbidden):
        write(room, f"report:{topic}", Writer().type("key_points", 0, "x"), role=SCREEN)
    assert stored() == (0, 0)


def test_does_the_interviewer_write_a_story_the_partner_only_reads(inquiry) -> None:  # type: ignore[no-untyped-def]
    room, people = inquiry
    lea, noa, sam = people["Léa"], people["Noa"], people["Sam"]
    key = f"story:{lea.id}"  # what Léa, the interviewer, records about Noa
    writer = Writer()

    write(room, key, writer.type("story", 0, "Noa once"), lea)
    write(room, key, writer.type("strengths", 0, "courage"), lea)
    for intruder in (noa, sam):  # the partner reads it; nobody else even reads it
        with pytest.raises(Forbidden):
            write(room, key, Writer().type("story", 0, "Changed. "), intruder)

    assert read(room, key) == {"story": "Noa once", "strengths": "courage"}
    with db.unit_of_work() as session:
        workshop = workshop_of(session, room)
        address = document_kinds.parse_key(key)
        readers = {who: documents.may_read(session, workshop, address, role, person)
                   for who, role, person in [("noa", PARTICIPANT, noa), ("sam", PARTICIPANT, sam),
                                             ("screen", SCREEN, None),
                                             ("facilitator", FACILITATOR, None)]}
        with pytest.raises(Forbidden):
            documents.describe(session, workshop, key, PARTICIPANT, sam)
        writable = {who: documents.may_write(session, workshop, address, PARTICIPANT, person)
                    for who, person in (("lea", lea), ("noa", noa))}
    assert readers == {"noa": True, "sam": False, "screen": False, "facilitator": True}
    assert writable == {"lea": True, "noa": False}


# --- what is stored ----------------------------------------------------------------------------


@pytest.mark.parametrize("garbage", [b"", b"\x00", b"garbage!", b"\xff" * 40, "text", None, 5])
def test_is_garbage_refused_with_nothing_stored(open_space, garbage) -> None:  # type: ignore[no-untyped-def]
    room, topic = open_space
    key = f"report:{topic}"
    write(room, key, Writer().type("key_points", 0, "Kept"))
    before = stored()

    with pytest.raises(Invalid) as refused:
        write(room, key, garbage)

    assert list(refused.value.fields) == ["m"]
    assert stored() == before
    assert read(room, key)["key_points"] == "Kept"


def test_is_an_update_building_on_changes_never_received_refused_until_they_come(
    open_space,  # type: ignore[no-untyped-def]
) -> None:
    room, topic = open_space
    key = f"report:{topic}"
    writer = Writer()
    lost = writer.type("key_points", 0, "Fewer")
    after = writer.type("key_points", 5, " meetings")

    with pytest.raises(Invalid):
        write(room, key, after)
    assert stored() == (0, 0)
    write(room, key, lost)
    write(room, key, after)

    assert read(room, key)["key_points"] == "Fewer meetings"


def test_is_a_field_the_document_does_not_have_refused(open_space) -> None:  # type: ignore[no-untyped-def]
    room, topic = open_space

    with pytest.raises(Invalid):
        write(room, f"report:{topic}", Writer().type("notes", 0, "wrong field"))
    assert stored() == (0, 0)


def test_are_oversized_updates_refused(open_space) -> None:  # type: ignore[no-untyped-def]
    room, topic = open_space

    with pytest.raises(Invalid):
        write(room, f"report:{topic}", Writer().type("key_points", 0, "x" * 70_000))
    assert stored() == (0, 0)


def test_are_text_and_fields_refreshed_by_every_update(open_space) -> None:  # type: ignore[no-untyped-def]
    room, topic = open_space
    key = f"report:{topic}"
    writer = Writer()
    write(room, key, writer.type("key_points", 0, "Fewer meetings"))
    write(room, key, writer.type("questions", 0, "Who decides?"))
    assert write(room, key, writer.erase("key_points", 0, 6)) == {key}

    document = stored_document(room, key)
    assert document.text == "meetings\n\nWho decides?"
    assert read(room, key) == {"key_points": "meetings", "recommendations": "",
                               "questions": "Who decides?"}


def test_does_a_retried_update_store_nothing_more(open_space) -> None:  # type: ignore[no-untyped-def]
    room, topic = open_space
    update = Writer().type("key_points", 0, "Once")
    write(room, f"report:{topic}", update)
    before = stored()

    assert write(room, f"report:{topic}", update) == set()
    assert write(room, f"report:{topic}", document_store.EMPTY_UPDATE) == set()
    assert stored() == before


def test_does_compaction_keep_the_text_and_delete_the_folded_updates(open_space) -> None:  # type: ignore[no-untyped-def]
    room, topic = open_space
    key = f"report:{topic}"
    writer = Writer()
    for n in range(documents.COMPACT_AFTER + 10):
        write(room, key, writer.type("key_points", n, "abcdefghij"[n % 10]))
    write(room, key, writer.erase("key_points", 0, 5))
    expected = str(writer.doc.get("key_points", type=Text))

    db.session.rollback()
    document = db.session.scalars(sa.select(SharedDocument).where(SharedDocument.key == key)).one()
    left = db.session.scalar(sa.select(sa.func.count()).select_from(DocumentUpdate))
    assert document.compacted_through > 0 and document.snapshot
    assert left < documents.COMPACT_AFTER
    assert db.session.scalar(sa.select(sa.func.min(DocumentUpdate.id))) == \
        document.compacted_through  # the newest folded row stays, the others are gone
    document_store.cache().forget(document)  # as after a restart: from the database alone
    assert read(room, key)["key_points"] == expected
    assert len(expected) == documents.COMPACT_AFTER + 5


# --- several instances sharing one database ----------------------------------------------------


@pytest.fixture
def second_app(app: Flask) -> Flask:
    """Another app on the same database, as a second instance behind a load balancer."""
    return create_app({"TESTING": True})


def test_does_the_cache_catch_up_with_another_instances_updates(open_space, second_app) -> None:  # type: ignore[no-untyped-def]
    room, topic = open_space
    key = f"report:{topic}"
    writer = Writer()
    write(room, key, writer.type("key_points", 0, "Mine"))
    assert read(room, key)["key_points"] == "Mine"  # now in this instance's cache

    with second_app.app_context():
        write(room, key, writer.type("key_points", 4, ", theirs"))
        for n in range(documents.COMPACT_AFTER + 1):  # and they compact
            write(room, key, writer.type("recommendations", n, "."))

    assert read(room, key) == {"key_points": "Mine, theirs",
                               "recommendations": "." * (documents.COMPACT_AFTER + 1),
                               "questions": ""}


def test_does_the_cache_see_an_update_written_straight_to_the_database(open_space) -> None:  # type: ignore[no-untyped-def]
    room, topic = open_space
    key = f"report:{topic}"
    writer = Writer()
    write(room, key, writer.type("questions", 0, "Why?"))
    assert read(room, key)["questions"] == "Why?"
    document = stored_document(room, key)

    with db.unit_of_work() as session:
        session.add(DocumentUpdate(document_id=document.id,
                                   data=writer.type("questions", 4, " Why not?")))

    assert read(room, key)["questions"] == "Why? Why not?"


# --- views -------------------------------------------------------------------------------------


def test_does_each_role_see_the_documents_it_may_read(inquiry) -> None:  # type: ignore[no-untyped-def]
    room, people = inquiry
    lea, sam = people["Léa"], people["Sam"]
    write(room, f"story:{lea.id}", Writer().type("story", 0, "Noa's first day"), lea)
    write(room, f"story:{sam.id}", Writer().type("strengths", 0, "patience"), sam)

    with db.unit_of_work() as session, force_locale("en"):
        workshop = workshop_of(session, room)
        seen = {who: [v["key"] for v in documents.views(session, workshop, role, person)]
                for who, role, person in [("lea", PARTICIPANT, lea), ("screen", SCREEN, None),
                                          ("facilitator", FACILITATOR, None)]}
        mine = documents.views(session, workshop, PARTICIPANT, lea)[0]

    assert seen == {"lea": [f"story:{lea.id}"], "screen": [],
                    "facilitator": [f"story:{lea.id}", f"story:{sam.id}"]}
    assert mine["title"] == "Story of Noa" and mine["kind"] == "story"
    assert mine["text"] == "Noa's first day"
    assert mine["fields"] == {"story": "Noa's first day", "strengths": ""}
    assert mine["updated_at"]
