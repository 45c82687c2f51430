"""Text people type is stored without invisible controls, direction overrides or broken halves."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from workshop.errors import Invalid
from workshop.extensions import db
from workshop.models import (
    Commitment,
    Contribution,
    Facilitator,
    Method,
    Participant,
    Room,
    Workshop,
)
from workshop.services import (
    agenda,
    commitments,
    controls,
    events,
    facilitators,
    navigation,
    participants,
    seating,
    text,
    topics,
    workshops,
)
from workshop.services.groups import parse_groups
from workshop.services.participants import JoinRequest
from workshop.services.workshops import WorkshopSettings

# NUL, a C0 and a C1 control, DEL, a right-to-left override and an isolate, a byte-order mark
# and a lone surrogate (what JSON's "\ud800" becomes): none of them is text a reader can see.
HIDDEN = "\x00\x07\x9b\x7f\u202e\u2066\u2069\ufeff\ud800"
MARKS = "\u200e\u200f\u061c"  # direction marks: invisible, and a way to reorder a title


def hostile(word: str) -> str:
    """``word`` with every invisible character slipped between its letters."""
    return HIDDEN.join(word[:2]) + word[2:] + MARKS


def storable(value: str) -> bool:
    """Whether a database driver can store it (a lone surrogate has no UTF-8 form)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


@pytest.mark.parametrize(("typed", "kept"), [
    (hostile("Remote work"), "Remote work"),
    ("  Télétravail \t et\u00a0 bureau  ", "Télétravail et bureau"),
    ("Bonjour\u2028à tous", "Bonjour à tous"),
    ("🎉👩\u200d👩\u200d👧 fête", "🎉👩\u200d👩\u200d👧 fête"),  # joiners make one emoji
    ("مرحبا بالعالم", "مرحبا بالعالم"),
])
def test_is_one_line_of_text_cleaned_to_what_a_reader_sees(typed, kept):
    assert text.clean_line(typed) == kept


def test_does_multi_line_text_keep_its_line_breaks_and_lose_the_rest():
    typed = f"First {HIDDEN}point\r\n\r\n  - second\u2029third\t!  \n"

    assert text.clean_text(typed) == "First point\n\n  - second\nthird !"


def test_does_a_direction_mark_stay_in_a_paragraph_but_not_in_a_line():
    assert text.clean_text("abc \u200fdef") == "abc \u200fdef"
    assert text.clean_line("abc \u200fdef") == "abc def"


def test_are_topic_titles_and_details_stored_clean(room):
    room.move_to("marketplace")
    author = room.join()
    with db.unit_of_work() as session:
        change = topics.propose(session, room.workshop, author, hostile("Remote work"),
                                f"Line {HIDDEN}one\nLine two{MARKS}",
                                events.participant_actor(author.id), None)

    topic = db.session.get(Contribution, change.result["topic"]["id"])
    assert (topic.title, topic.details) == ("Remote work", "Line one\nLine two\u200e\u200f\u061c")


def test_is_a_title_of_nothing_but_invisible_characters_refused(room):
    room.move_to("marketplace")
    author = room.join()

    with pytest.raises(Invalid) as refused, db.unit_of_work() as session:
        topics.propose(session, room.workshop, author, HIDDEN + MARKS, "",
                       events.participant_actor(author.id), None)

    assert list(refused.value.fields) == ["title"]


def test_are_names_commitments_and_settings_stored_clean(room):
    person = room.join(hostile("Zoé Martin"))
    with db.unit_of_work() as session:
        navigation.navigate(session, room.workshop, "action_planning", room.facilitator, None)
        commitments.add(session, room.workshop, None,
                        {"title": hostile("Call them"), "owner": hostile("Léa")},
                        room.facilitator, None)
        controls.update(session, room.workshop, {"question": hostile("How now?")},
                        room.facilitator, None)
        agenda.set_grid(session, room.workshop, [{"name": hostile("Hall")}],
                        [{"label": hostile("9:00")}], room.facilitator, None)
    db.session.rollback()

    commitment = db.session.scalar(sa.select(Commitment))
    assert db.session.get(Participant, person.id).display_name == "Zoé Martin"
    assert (commitment.title, commitment.owner_name) == ("Call them", "Léa")
    assert room.workshop.calling_question == "How now?"
    assert db.session.scalar(sa.select(Room.name)) == "Hall"


def test_are_workshop_settings_and_group_names_stored_clean(make_facilitator):
    owner = make_facilitator(email="owner@example.org")
    settings = WorkshopSettings(
        title=hostile("Customer day"), method=Method.WORLD_CAFE,
        calling_question=f"Why {HIDDEN}?\nAnd how?",
        stakeholder_groups=parse_groups(hostile("Suppliers") + "\n\ud800"),
    )
    with db.unit_of_work() as session:
        created = workshops.create_workshop(session, owner, settings)
        workshop = session.get(Workshop, created.workshop_id)
        seating.set_questions(workshop, {"1": hostile("Round one")})
        joined = participants.join(session, workshop, JoinRequest("Zoé", "suppliers"))

    assert (workshop.title, workshop.calling_question) == ("Customer day", "Why ?\nAnd how?")
    assert [g.get("label") for g in workshop.stakeholder_groups] == ["Suppliers"]
    assert seating.round_questions(workshop) == {"1": "Round one"}
    assert all(storable(value) for group in workshop.stakeholder_groups
               for value in group.values())
    assert db.session.get(Participant, joined.result["participant"]).group_key == "g-suppliers"


def test_is_a_facilitators_name_stored_clean(app):
    with db.unit_of_work() as session:
        made = facilitators.create_facilitator(session, "ana@example.org",
                                               "correct horse battery", hostile("Ana"))

    assert db.session.get(Facilitator, made.id).display_name == "Ana"
