"""Templates: a duplicate or a template keeps a workshop's set-up and nothing of its people."""

from __future__ import annotations

import io
import json

import pytest
import sqlalchemy as sa

from tests.services.conftest import Room as LiveRoom
from workshop.errors import Invalid, NotFound
from workshop.extensions import db
from workshop.models import (
    Contribution,
    Event,
    Method,
    Participant,
    Room,
    TimeSlot,
    Vote,
    Workshop,
    WorkshopLogo,
    WorkshopState,
    WorkshopTemplate,
)
from workshop.services import agenda, branding, controls, events, templates, text
from workshop.template_library import shipped


def png(size: tuple[int, int] = (40, 20), colour: str = "#1a5fb4") -> bytes:
    """A small PNG image, as a facilitator's logo file."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def tiny_png() -> bytes:
    return png()


def count(model: type) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def reload(workshop_id: int) -> Workshop:
    db.session.rollback()
    db.session.expire_all()
    workshop = db.session.get(Workshop, workshop_id)
    assert workshop is not None
    return workshop


def grid(workshop: Workshop) -> tuple[list[tuple[str, int | None]], list[str]]:
    rooms = [(r.name, r.capacity) for r in agenda.rooms_of(db.session, workshop)]
    return rooms, [s.label for s in agenda.slots_of(db.session, workshop)]


@pytest.fixture
def busy(make_facilitator, make_workshop) -> LiveRoom:  # type: ignore[no-untyped-def]
    """An Open Space well under way: set up, joined, proposed, voted on, timed."""
    owner = make_facilitator()
    workshop = make_workshop(
        owner, title="Customer day", calling_question="How do we serve you better?",
        language="fr",
        stakeholder_groups=[{"key": "customer"}, {"key": "g-press", "label": "Press"}],
        vote_budget=7, max_votes_per_topic=2, anonymous=True, timezone="Europe/Paris")
    room = LiveRoom(workshop)
    actor = room.facilitator
    with db.unit_of_work() as session:
        agenda.set_grid(session, workshop, [{"name": "Hall", "capacity": 40}, {"name": "Patio"}],
                        [{"label": "10:00"}, {"label": "11:00"}], actor, None)
        controls.update(session, workshop, {"tables": 5, "random_order": True,
                                            "questions": {"1": "What worked?"}}, actor, None)
        branding.set_accent(session, workshop, "#1A5FB4", owner)
    room.move_to("marketplace")
    camille = room.join("Camille Personal-Name")
    topic = room.propose(camille, "Secret topic of Camille")
    room.move_to("convergence")
    room.cast(camille, topic)
    return room


def test_does_a_duplicate_keep_the_set_up_and_start_empty(busy: LiveRoom):
    source = reload(busy.workshop.id)
    with db.unit_of_work() as session:
        change = templates.duplicate_workshop(session, source, source.facilitator)
    copy = reload(change.workshop_id)
    source = reload(busy.workshop.id)

    assert copy.id != source.id and copy.facilitator_id == source.facilitator_id
    assert copy.title.startswith("Customer day") and copy.title != source.title
    assert (copy.method, copy.language, copy.calling_question) == (
        source.method, source.language, source.calling_question)
    assert copy.stakeholder_groups == source.stakeholder_groups
    assert (copy.vote_budget, copy.max_votes_per_topic, copy.anonymous, copy.timezone) == (
        7, 2, True, "Europe/Paris")
    assert copy.options == {"tables": 5, "random_order": True,
                            "questions": {"1": "What worked?"}, "accent": "#1a5fb4"}
    assert grid(copy) == ([("Hall", 40), ("Patio", None)], ["10:00", "11:00"])
    # Nothing of the people or of the run: a draft with its own code and screen link.
    assert (copy.state, copy.phase) == (WorkshopState.DRAFT, None)
    assert copy.join_code != source.join_code and copy.screen_key != source.screen_key
    for model in (Participant, Contribution, Vote):
        assert db.session.scalar(sa.select(sa.func.count()).select_from(model)
                                 .where(model.workshop_id == copy.id)) == 0
    kinds = db.session.scalars(sa.select(Event.kind).where(Event.workshop_id == copy.id)
                               .order_by(Event.seq)).all()
    assert kinds == ["workshop.created", "agenda.grid_set", "workshop.set_up_from"]
    # The source is untouched, people included.
    assert source.phase == "convergence" and count(Participant) == 1 and count(Vote) == 1


def test_does_a_duplicate_keep_the_logo(busy: LiveRoom, tiny_png: bytes):
    source = reload(busy.workshop.id)
    with db.unit_of_work() as session:
        branding.set_logo(session, source, tiny_png, source.facilitator)
    with db.unit_of_work() as session:
        change = templates.duplicate_workshop(session, reload(busy.workshop.id),
                                              source.facilitator)
    copy = reload(change.workshop_id)
    source_digest = branding.logo_digest(db.session, reload(busy.workshop.id))
    assert source_digest and branding.logo_digest(db.session, copy) == source_digest
    assert db.session.get(WorkshopLogo, copy.id) is not None  # its own, kept if the source's goes


def test_does_a_saved_template_hold_no_name_and_start_the_same_workshop(busy: LiveRoom):
    source = reload(busy.workshop.id)
    with db.unit_of_work() as session:
        change = templates.save_as_template(session, source, "  Our customer day ",
                                            source.facilitator)
    template = db.session.get(WorkshopTemplate, change.result["template"])
    assert template is not None and template.name == "Our customer day"
    stored = json.dumps(template.content)
    assert "Camille" not in stored and "Secret topic" not in stored
    assert db.session.scalars(sa.select(Event.kind).where(Event.workshop_id == source.id)
                              .order_by(Event.seq.desc())).first() == "workshop.saved_as_template"

    with db.unit_of_work() as session:
        created = templates.create_from_template(session, source.facilitator, template)
    made = reload(created.workshop_id)
    assert made.title == "Customer day"
    assert templates.content_of(db.session, made) == templates.content_of(
        db.session, reload(busy.workshop.id))


def test_is_a_template_of_another_facilitator_out_of_reach(busy: LiveRoom, make_facilitator):
    source = reload(busy.workshop.id)
    with db.unit_of_work() as session:
        change = templates.save_as_template(session, source, "Mine", source.facilitator)
    stranger = make_facilitator()
    workshops_before = count(Workshop)
    with pytest.raises(NotFound):
        templates.owned_template(db.session, stranger, change.result["template"])
    template = db.session.get(WorkshopTemplate, change.result["template"])
    with pytest.raises(NotFound), db.unit_of_work() as session:
        templates.create_from_template(session, stranger, template)
    assert count(Workshop) == workshops_before
    assert templates.templates_of(db.session, stranger) == []


def test_is_a_template_name_required(busy: LiveRoom):
    source = reload(busy.workshop.id)
    with pytest.raises(Invalid) as refused, db.unit_of_work() as session:
        templates.save_as_template(session, source, "   ", source.facilitator)
    assert "name" in refused.value.fields
    assert count(WorkshopTemplate) == 0


@pytest.mark.parametrize("broken", [
    {"vote_budget": 0},
    {"options": {"timer": {"ends_at": 1}}},
    {"options": {"tables": "six"}},
    {"rooms": [{"name": ""}], "slots": [{"label": "10:00"}]},
    {"stakeholder_groups": "everyone"},
    {"stakeholder_groups": ["everyone"]},
    {"vote_budget": "five"},
    {"anonymous": "yes"},
    {"max_votes_per_topic": True},
    {"title": ""},
])
def test_does_a_broken_template_create_nothing(make_facilitator, broken: dict[str, object]):
    owner = make_facilitator()
    content = {"title": "Day", **broken}
    with db.unit_of_work() as session:
        template = WorkshopTemplate(facilitator_id=owner.id, name="Broken", method=Method.BARCAMP,
                                    language="en", content=content)
        session.add(template)
    with pytest.raises(Invalid), db.unit_of_work() as session:
        templates.create_from_template(session, owner, template)
    assert count(Workshop) == 0 and count(Room) == 0 and count(TimeSlot) == 0


def test_is_every_shipped_template_there_in_french_and_english():
    languages: dict[str, set[str]] = {}
    for template in shipped():
        languages.setdefault(template.key, set()).add(template.language)
    assert languages and all(found == {"en", "fr"} for found in languages.values())
    assert {t.method for t in shipped()} == set(Method)


@pytest.mark.parametrize("template", shipped(), ids=lambda t: f"{t.key}-{t.language}")
def test_does_each_shipped_template_start_a_valid_workshop(make_facilitator, template):
    owner = make_facilitator()
    with db.unit_of_work() as session:
        change = templates.create_from_shipped(session, owner, template)
    made = reload(change.workshop_id)
    content = template.content
    assert (made.method, made.language, made.state) == (template.method, template.language,
                                                         WorkshopState.DRAFT)
    assert (made.title, made.calling_question) == (content["title"], content["calling_question"])
    assert made.stakeholder_groups == content["stakeholder_groups"]
    rooms, slots = grid(made)
    assert rooms == [(r["name"], r.get("capacity")) for r in content["rooms"]]
    assert slots == [s["label"] for s in content["slots"]]
    expected = dict(content["options"])
    if "questions" in expected:  # as the console stores them: one line each
        expected["questions"] = {k: text.clean_line(v) for k, v in expected["questions"].items()}
    assert {k: made.options[k] for k in expected} == expected
    assert db.session.scalar(sa.select(Event.kind).where(Event.workshop_id == made.id)
                             .order_by(Event.seq.desc())) == "workshop.set_up_from"
    assert events.facilitator_actor(owner.id) in db.session.scalars(
        sa.select(Event.actor).where(Event.workshop_id == made.id)).all()


def test_is_an_unknown_shipped_template_not_found():
    with pytest.raises(NotFound):
        templates.shipped_template("customer_day", "de")
    with pytest.raises(NotFound):
        templates.shipped_template("../../etc/passwd", "en")
