"""The follow-up over HTTP: owners from their phone link, facilitators from the workshop page,
and the calendar files, read back with the icalendar library."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from icalendar import Calendar
from markupsafe import escape

from tests.conftest import PASSWORD, csrf_from, post_form
from tests.web.test_results_page import (
    GUIDE,
    HIDDEN,
    PILOT,
    QUOTED,
    Ended,
    as_participant,
    results_url,
    run,
)
from workshop.extensions import db
from workshop.models import Commitment, CommitmentStatus, Event

DUE = date.today() + timedelta(days=30)


@pytest.fixture
def ended(make_facilitator, make_workshop) -> Ended:  # type: ignore[no-untyped-def]
    return run(make_facilitator, make_workshop, due=DUE)


def commitment(title: str) -> Commitment:
    db.session.rollback()
    found = db.session.scalar(sa.select(Commitment).where(Commitment.title == title))
    assert found is not None
    return found


def form_token(html: str, item: Commitment) -> str:
    """The CSRF token of the commitment's own form (each form's fields carry its prefix)."""
    found = re.search(rf'name="c{item.id}-csrf_token" type="hidden" value="([^"]+)"', html)
    assert found, "no follow-up form for this commitment"
    return found.group(1)


def owner_post(client: FlaskClient, room: Ended, item: Commitment, **data: str):  # type: ignore[no-untyped-def]
    """Submit the commitment's form on the results page, as the phone's browser does."""
    page = client.get(results_url(room)).text
    fields = {f"c{item.id}-{k}": v for k, v in data.items()}
    # Someone else's commitment has no form here: a forger takes their own form's token.
    token = re.search(r'csrf_token" type="hidden" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    return client.post(f"/w/{room.workshop.join_code}/commitments/{item.id}",
                       data={f"c{item.id}-csrf_token": token, **fields})


def sign_in(client: FlaskClient, room: Ended) -> None:
    post_form(client, "/login", {"email": room.owner.email, "password": PASSWORD})


def test_does_an_owner_update_their_commitment_a_month_later_from_their_link(
    client: FlaskClient, ended: Ended
) -> None:
    as_participant(client, ended, QUOTED)
    guide = commitment(GUIDE)

    answer = owner_post(client, ended, guide, status="done", note="Guide sent to 40 newcomers")

    assert answer.status_code == 302
    assert commitment(GUIDE).status is CommitmentStatus.DONE
    page = client.get(results_url(ended)).text
    assert "Guide sent to 40 newcomers" in page
    assert "Your update is saved" in page
    # Everyone with access reads it in the action plan, its status included.
    assert page.count('data-status="done"') >= 1


def test_may_a_participant_not_update_someone_elses_commitment(
    client: FlaskClient, ended: Ended
) -> None:
    as_participant(client, ended, QUOTED)
    pilot = commitment(PILOT)  # the other participant's
    before = db.session.scalar(sa.select(sa.func.count()).select_from(Event))

    answer = owner_post(client, ended, pilot, status="done", note="Not mine")

    assert answer.status_code == 302
    assert commitment(PILOT).status is CommitmentStatus.PLANNED
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Event)) == before
    assert str(escape("Only its owner or the facilitator can update a commitment.")) in \
        client.get(results_url(ended)).text


def test_is_an_update_without_the_phone_or_csrf_refused(client: FlaskClient, ended: Ended) -> None:
    guide = commitment(GUIDE)
    url = f"/w/{ended.workshop.join_code}/commitments/{guide.id}"

    token = csrf_from(client.get("/login").text)  # a real token, but no phone of this workshop
    stranger = client.post(url, data={"csrf_token": token, f"c{guide.id}-status": "done"})
    as_participant(client, ended, QUOTED)
    forged = client.post(url, data={f"c{guide.id}-status": "done"})

    assert stranger.status_code == 403
    assert forged.status_code == 400
    assert commitment(GUIDE).status is CommitmentStatus.PLANNED


def test_is_dropping_without_a_reason_refused_with_the_reason_asked(
    client: FlaskClient, ended: Ended
) -> None:
    as_participant(client, ended, QUOTED)
    guide = commitment(GUIDE)

    owner_post(client, ended, guide, status="dropped", note="")

    assert commitment(GUIDE).status is CommitmentStatus.PLANNED
    assert "Say why it was dropped: participants will read it." in \
        client.get(results_url(ended)).text


def test_does_the_facilitator_follow_every_commitment_from_the_workshop_page(
    client: FlaskClient, ended: Ended
) -> None:
    sign_in(client, ended)
    pilot = commitment(PILOT)
    url = f"/workshops/{ended.workshop.id}"
    token = form_token(client.get(url).text, pilot)

    client.post(f"{url}/commitments/{pilot.id}", data={
        f"c{pilot.id}-csrf_token": token, f"c{pilot.id}-status": "started",
        f"c{pilot.id}-note": "Two teams in"})

    assert commitment(PILOT).status is CommitmentStatus.STARTED
    page = client.get(url).text
    assert "Two teams in" in page
    listing = client.get("/").text
    assert "0 commitments overdue" in listing and "0 of 2 done" in listing


def test_is_another_facilitator_kept_out_of_the_follow_up(
    client: FlaskClient, ended: Ended, make_facilitator
) -> None:  # type: ignore[no-untyped-def]
    other = make_facilitator()
    post_form(client, "/login", {"email": other.email, "password": PASSWORD})
    pilot = commitment(PILOT)
    token = csrf_from(client.get("/").text)

    answer = client.post(f"/workshops/{ended.workshop.id}/commitments/{pilot.id}",
                         data={f"c{pilot.id}-csrf_token": token, f"c{pilot.id}-status": "done"})
    calendar = client.get(f"/workshops/{ended.workshop.id}/follow-up.ics")

    assert answer.status_code == 404 and calendar.status_code == 404
    assert commitment(PILOT).status is CommitmentStatus.PLANNED


def test_does_an_owners_calendar_file_hold_their_due_date_with_a_reminder(
    client: FlaskClient, ended: Ended
) -> None:
    as_participant(client, ended, QUOTED)
    guide = commitment(GUIDE)

    answer = client.get(f"/w/{ended.workshop.join_code}/commitments/{guide.id}.ics")
    others = client.get(f"/w/{ended.workshop.join_code}/commitments/{commitment(PILOT).id}.ics")

    assert answer.status_code == 200 and answer.mimetype == "text/calendar"
    [event] = Calendar.from_ical(answer.data).walk("VEVENT")
    assert str(event["summary"]) == GUIDE
    assert event.decoded("dtstart") == DUE
    assert event.walk("VALARM")
    assert f"/w/{ended.workshop.join_code}/results" in str(event["url"])
    assert others.status_code == 404


def test_does_the_workshops_calendar_hold_every_due_date(
    client: FlaskClient, ended: Ended
) -> None:
    sign_in(client, ended)

    answer = client.get(f"/workshops/{ended.workshop.id}/follow-up.ics")

    events = Calendar.from_ical(answer.data).walk("VEVENT")
    assert sorted(str(e["summary"]) for e in events) == sorted([GUIDE, PILOT])
    assert {e.decoded("dtstart") for e in events} == {DUE}
    assert HIDDEN not in answer.data.decode()  # titles only: no owner's name
