"""The editorial workbench's service: accept, edit, drop, back to automatic, calendar settings."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from tests.conftest import workshop_fingerprint
from workshop.errors import Invalid
from workshop.extensions import db
from workshop.models import Curation, Event, Method, Workshop
from workshop.services import curation, events, workshops

KEY = "message:0123456789abcdef"


@pytest.fixture
def workshop(make_facilitator, make_workshop) -> Workshop:  # type: ignore[no-untyped-def]
    return make_workshop(make_facilitator())


def curate(workshop: Workshop, action: str, text: str = "", key: str = KEY,
           kind: str = "message") -> None:
    actor = events.facilitator_actor(workshop.facilitator_id)
    with db.unit_of_work() as session:
        curation.curate(session, workshop, key, kind, action, text, "Automatic words", actor)


def stored(workshop: Workshop) -> dict[str, tuple[str, str]]:
    db.session.rollback()
    return {k: (row.action.value, row.text)
            for k, row in curation.curations_of(db.session, workshop.id).items()}


def curation_state(workshop_id: int) -> tuple[object, ...]:
    rows = db.session.execute(sa.select(Curation.key, Curation.action, Curation.text)).all()
    return (*workshop_fingerprint(workshop_id), rows)


def test_is_an_edit_stored_with_the_facilitators_text_and_logged(workshop):
    curate(workshop, "edited", "Our customers want  to be heard.\n\nFirst.")

    assert stored(workshop) == {KEY: ("edited", "Our customers want  to be heard.\n\nFirst.")}
    kinds = db.session.scalars(sa.select(Event.kind).where(Event.workshop_id == workshop.id))
    assert "brief.curated" in list(kinds)


def test_does_a_second_choice_replace_the_first_for_the_same_element(workshop):
    curate(workshop, "edited", "Mine")
    curate(workshop, "dropped")

    assert stored(workshop) == {KEY: ("dropped", "Automatic words")}


def test_does_back_to_automatic_forget_the_choice(workshop):
    curate(workshop, "edited", "Mine")
    with db.unit_of_work() as session:
        curation.restore(session, workshop, KEY, events.facilitator_actor(1))

    assert stored(workshop) == {}


@pytest.mark.parametrize(("action", "text", "key", "kind", "field"), [
    ("edited", "   ", KEY, "message", "text"),
    ("edited", "x" * 281, "post:x:0123456789abcdef", "post", "text"),  # X holds 280
    ("published", "Mine", KEY, "message", "action"),
    ("edited", "Mine", "no-colon", "message", "key"),
    ("edited", "Mine", KEY, "poem", "kind"),
])
def test_is_a_bad_curation_refused_and_nothing_changed(workshop, action, text, key, kind,
                                                       field):
    before = curation_state(workshop.id)

    with pytest.raises(Invalid) as refused:
        curate(workshop, action, text, key=key, kind=kind)

    assert field in refused.value.fields
    assert curation_state(workshop.id) == before


def test_does_a_post_edit_count_characters_as_its_network_does(workshop):
    curate(workshop, "edited", "é" * 280, key="post:x:0123456789abcdef", kind="post")
    with pytest.raises(Invalid):
        curate(workshop, "edited", "🙂" * 141, key="post:x:0123456789abcdef", kind="post")


def test_are_calendar_settings_stored_and_read_back(workshop):
    with db.unit_of_work() as session:
        session.get(Workshop, workshop.id).holiday_country = "FR"
    chosen = curation.CalendarSettings(date(2027, 7, 12), skip_weekends=True,
                                       skip_holidays=True)
    with db.unit_of_work() as session:
        curation.set_calendar(session, session.get(Workshop, workshop.id), chosen, "f:1")

    db.session.rollback()
    assert curation.calendar_settings(db.session.get(Workshop, workshop.id)) == chosen


def test_is_skipping_holidays_refused_without_a_country(workshop):
    before = curation_state(workshop.id)

    with pytest.raises(Invalid) as refused, db.unit_of_work() as session:
        curation.set_calendar(session, session.get(Workshop, workshop.id),
                              curation.CalendarSettings(skip_holidays=True), "f:1")

    assert "skip_holidays" in refused.value.fields
    assert curation_state(workshop.id) == before


@pytest.mark.parametrize(("zone", "country", "field"), [
    ("Mars/Olympus", None, "timezone"), ("Europe/Paris", "XX", "holiday_country")])
def test_is_an_unknown_zone_or_country_refused(zone, country, field):
    settings = workshops.WorkshopSettings(title="Day", method=Method.OPEN_SPACE,
                                          timezone=zone, holiday_country=country)
    with pytest.raises(Invalid) as refused:
        settings.check()

    assert list(refused.value.fields) == [field]


def test_is_a_new_workshops_default_zone_the_servers(monkeypatch):
    monkeypatch.setenv("TZ", "America/Montreal")

    assert workshops.server_timezone() == "America/Montreal"


def compare(workshop: Workshop, first: object, second: object) -> None:
    with db.unit_of_work() as session:
        curation.set_compared_groups(session, session.get(Workshop, workshop.id), first, second,
                                     events.facilitator_actor(workshop.facilitator_id))


def test_are_the_compared_groups_stored_and_logged(workshop):
    compare(workshop, "customer", "partner")

    db.session.rollback()
    assert db.session.get(Workshop, workshop.id).options["compare_groups"] == [
        "customer", "partner"]
    logged = db.session.scalars(sa.select(Event.payload).where(
        Event.workshop_id == workshop.id, Event.kind == "comparison.set")).all()
    assert logged == [{"groups": ["customer", "partner"]}]


@pytest.mark.parametrize(("first", "second", "field"), [
    ("customer", "customer", "second"),  # a group compared with itself
    ("customer", "g-board", "second"),  # not one of the workshop's groups
    (None, "customer", "first"),
    (["employee"], "customer", "first"),
])
def test_is_a_bad_pair_of_groups_refused_and_nothing_changed(workshop, first, second, field):
    before = curation_state(workshop.id)

    with pytest.raises(Invalid) as refused:
        compare(workshop, first, second)

    assert field in refused.value.fields
    assert curation_state(workshop.id) == before
