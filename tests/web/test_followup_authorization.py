"""Who may change what after the workshop: every follow-up route against every kind of visitor.

One table, like the sockets' authorization matrix: a route a visitor may use changes the
workshop (an event is logged); any other visitor gets an answer, never an error page, and
leaves everything as it was. CSRF is switched off here to test the rights alone (each route's
own tests check its token).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import PASSWORD
from tests.web.test_results_page import GUIDE, HIDDEN, QUOTED, Ended, as_participant, run
from workshop.extensions import db
from workshop.models import Commitment, Event

VISITORS = ("anonymous", "owner's phone", "another phone", "another workshop's phone",
            "the facilitator", "another facilitator")
NEXT_YEAR = date.today() + timedelta(days=365)

# route (a format string over the room) -> its form -> who may use it
ROUTES: dict[str, tuple[dict[str, str], set[str]]] = {
    "/w/{code}/commitments/{guide}": (
        {"c{guide}-status": "started", "c{guide}-note": "Begun"}, {"owner's phone"}),
    "/w/{code}/commitments/{guide}/reminders": (
        {"r{guide}-email": "camille@example.org", "r{guide}-agree": "y"}, {"owner's phone"}),
    "/workshops/{workshop}/commitments/{guide}": (
        {"c{guide}-status": "done", "c{guide}-note": "Sent"}, {"the facilitator"}),
    "/workshops/{workshop}/review-meeting": (
        {"review-day": NEXT_YEAR.isoformat(), "review-time": "10:00", "review-place": "Room 2"},
        {"the facilitator"}),
    "/workshops/{workshop}/results-page": ({"visibility": "anyone"}, {"the facilitator"}),
}


@pytest.fixture
def rooms(app: Flask, make_facilitator, make_workshop, monkeypatch: pytest.MonkeyPatch
          ) -> tuple[Ended, Ended]:  # type: ignore[no-untyped-def]
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", False)
    monkeypatch.setitem(app.config, "SMTP_URL", "smtp://127.0.0.1:2525")  # the e-mail box shown
    due = date.today() + timedelta(days=30)
    return (run(make_facilitator, make_workshop, due=due),
            run(make_facilitator, make_workshop, due=due))


def visit_as(client: FlaskClient, visitor: str, room: Ended, elsewhere: Ended) -> None:
    if visitor == "owner's phone":
        as_participant(client, room, QUOTED)
    elif visitor == "another phone":
        as_participant(client, room, HIDDEN)
    elif visitor == "another workshop's phone":
        as_participant(client, elsewhere, QUOTED)
    elif visitor in ("the facilitator", "another facilitator"):
        account = room.owner if visitor == "the facilitator" else elsewhere.owner
        client.post("/login", data={"email": account.email, "password": PASSWORD})


def logged(workshop_id: int) -> int:
    db.session.rollback()
    return db.session.scalar(sa.select(sa.func.count()).select_from(Event)
                             .where(Event.workshop_id == workshop_id)) or 0


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize("route", ROUTES)
def test_may_only_the_right_visitor_use_each_follow_up_route(
    client: FlaskClient, rooms: tuple[Ended, Ended], route: str, visitor: str
) -> None:
    room, elsewhere = rooms
    guide = db.session.scalar(sa.select(Commitment).where(
        Commitment.workshop_id == room.workshop.id, Commitment.title == GUIDE))
    names = {"code": room.workshop.join_code, "guide": guide.id, "workshop": room.workshop.id}
    form, allowed = ROUTES[route]
    visit_as(client, visitor, room, elsewhere)
    before = logged(room.workshop.id)

    answer = client.post(route.format(**names),
                         data={k.format(**names): v for k, v in form.items()})

    assert answer.status_code < 500
    if visitor in allowed:
        assert answer.status_code in (302, 303), answer.text[:300]
        assert logged(room.workshop.id) > before
    else:
        assert answer.status_code in (302, 303, 400, 403, 404)
        assert logged(room.workshop.id) == before


@pytest.mark.parametrize("visitor", VISITORS)
def test_may_only_the_owner_and_the_facilitator_download_the_calendar_files(
    client: FlaskClient, rooms: tuple[Ended, Ended], visitor: str
) -> None:
    room, elsewhere = rooms
    guide = db.session.scalar(sa.select(Commitment).where(
        Commitment.workshop_id == room.workshop.id, Commitment.title == GUIDE))
    visit_as(client, visitor, room, elsewhere)

    own = client.get(f"/w/{room.workshop.join_code}/commitments/{guide.id}.ics")
    whole = client.get(f"/workshops/{room.workshop.id}/follow-up.ics")

    assert (own.status_code == 200) == (visitor == "owner's phone")
    assert (whole.status_code == 200) == (visitor == "the facilitator")
    for answer in (own, whole):
        if answer.status_code != 200:
            assert answer.mimetype != "text/calendar"
