"""Reminders over HTTP and by mail: the review meeting, the owner's opt-in, the stop link, and
`workshop remind` delivering to a real SMTP server (aiosmtpd) started by the test."""

from __future__ import annotations

import json
import re
import socket
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from click.testing import CliRunner, Result
from flask import Flask
from flask.testing import FlaskClient
from icalendar import Calendar
from markupsafe import escape

from tests.conftest import PASSWORD as SIGN_IN_PASSWORD
from tests.conftest import csrf_from, french, post_form
from tests.web.test_followup import commitment, results_url, sign_in
from tests.web.test_results_page import GUIDE, PILOT, QUOTED, Ended, as_participant, run
from workshop.cli import cli
from workshop.extensions import db
from workshop.models import (
    Commitment,
    CommitmentReminder,
    CommitmentStatus,
    Event,
    Participant,
    Workshop,
)
from workshop.services import reminders

SOON = date.today() + timedelta(days=2)
ADDRESS = "camille@example.org"
USER, PASSWORD = "atelier", "s3cret-Pa55"
PUBLIC = "https://atelier.example.org"


@pytest.fixture
def ended(make_facilitator, make_workshop) -> Ended:  # type: ignore[no-untyped-def]
    return run(make_facilitator, make_workshop, due=SOON)


class Mailbox:
    """What the local SMTP server received, each message parsed."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = message_from_bytes(envelope.content, policy=default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append(parsed)
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def accept_only_ours(server: Any, session: Any, envelope: Any, mechanism: str,
                     auth_data: Any) -> AuthResult:
    ok = isinstance(auth_data, LoginPassword) and \
        (auth_data.login, auth_data.password) == (USER.encode(), PASSWORD.encode())
    return AuthResult(success=ok)


@pytest.fixture
def mailbox(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Iterator[Mailbox]:
    """A real SMTP server on this machine, asking for a login, and Atelier configured for it."""
    box = Mailbox()
    port = free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port,
                            authenticator=accept_only_ours, auth_require_tls=False)
    controller.start()  # returns once the server answers
    url = f"smtp://{USER}:{PASSWORD}@127.0.0.1:{port}?from=atelier@example.org"
    monkeypatch.setenv("WORKSHOP_SMTP_URL", url)
    monkeypatch.setenv("WORKSHOP_PUBLIC_URL", PUBLIC)
    monkeypatch.setitem(app.config, "SMTP_URL", url)
    yield box
    controller.stop()


def remind(*args: str) -> Result:
    return CliRunner().invoke(cli, ["remind", *args])


def kept() -> list[tuple[int, str]]:
    db.session.rollback()
    return [(row.commitment_id, row.email) for row in db.session.scalars(
        sa.select(CommitmentReminder).order_by(CommitmentReminder.id))]


def page_token(html: str) -> str:
    """The session's CSRF token, from any form of the page (each form's name has its prefix)."""
    found = re.search(r'csrf_token" type="hidden" value="([^"]+)"', html)
    assert found, "the page has no form"
    return found.group(1)


def opt_in_post(client: FlaskClient, room: Ended, item: Commitment, **data: str):  # type: ignore[no-untyped-def]
    """Submit the reminder form as the phone's browser does (a token of the page's own)."""
    token = page_token(client.get(results_url(room)).text)
    return client.post(f"/w/{room.workshop.join_code}/commitments/{item.id}/reminders",
                       data={f"r{item.id}-csrf_token": token,
                             **{f"r{item.id}-{k}": v for k, v in data.items()}})


def stop_link(message: EmailMessage) -> str:
    found = re.search(rf"{PUBLIC}(/stop/atr_[0-9a-f]{{64}})", message.get_content())
    assert found, "no stop link in the message"
    assert message["List-Unsubscribe"] == f"<{found.group(0)}>"
    return found.group(1)


# --- the owner's opt-in -------------------------------------------------------------------------


def test_does_the_results_page_offer_no_email_box_without_a_mail_server(
    client: FlaskClient, ended: Ended
) -> None:
    as_participant(client, ended, QUOTED)
    guide = commitment(GUIDE)

    page = client.get(results_url(ended)).text
    answer = opt_in_post(client, ended, guide, email=ADDRESS, agree="y")

    assert "data-reminders-form" not in page and "Remind me by e-mail" not in page
    assert answer.status_code == 404
    assert kept() == []


def test_does_an_owner_turn_reminders_on_from_the_results_page(
    client: FlaskClient, ended: Ended, mailbox: Mailbox
) -> None:
    as_participant(client, ended, QUOTED)
    guide = commitment(GUIDE)
    assert "data-reminders-form" in client.get(results_url(ended)).text

    answer = opt_in_post(client, ended, guide, email=ADDRESS, agree="y")

    assert answer.status_code == 302
    assert kept() == [(guide.id, ADDRESS)]
    page = client.get(results_url(ended)).text
    assert "Reminders are on" in page
    assert f"Reminders by e-mail go to {ADDRESS}." in page


@pytest.mark.parametrize(("data", "message"), [
    ({"email": ADDRESS}, "Tick the box to agree to receive the reminders."),
    ({"email": "", "agree": "y"}, "Give a valid e-mail address."),
    ({"email": "camille.example.org", "agree": "y"}, "Give a valid e-mail address."),
    ({"email": "x" * 300 + "@example.org", "agree": "y"}, "Field cannot be longer than 254"),
])
def test_is_a_bad_opt_in_refused_with_a_clear_error_and_nothing_kept(
    client: FlaskClient, ended: Ended, mailbox: Mailbox, data: dict[str, str], message: str
) -> None:
    as_participant(client, ended, QUOTED)
    guide = commitment(GUIDE)

    opt_in_post(client, ended, guide, **data)

    assert kept() == []
    assert str(escape(message)) in client.get(results_url(ended)).text


def test_is_a_french_phones_refusal_in_french(
    client: FlaskClient, ended: Ended, mailbox: Mailbox
) -> None:
    as_participant(client, ended, QUOTED)
    client.set_cookie("atelier_lang", "fr")

    opt_in_post(client, ended, commitment(GUIDE), email="nope", agree="y")

    page = client.get(results_url(ended)).text
    assert str(escape(french("Give a valid e-mail address."))) in page
    assert kept() == []


def test_may_only_the_owners_phone_opt_in_for_a_commitment(
    client: FlaskClient, ended: Ended, mailbox: Mailbox
) -> None:
    pilot, guide = commitment(PILOT), commitment(GUIDE)
    url = f"/w/{ended.workshop.join_code}/commitments/{guide.id}/reminders"
    before = db.session.scalar(sa.select(sa.func.count()).select_from(Event))

    stranger = client.post(url, data={"csrf_token": csrf_from(client.get("/login").text),
                                      f"r{guide.id}-email": ADDRESS, f"r{guide.id}-agree": "y"})
    as_participant(client, ended, QUOTED)
    forged = client.post(url, data={f"r{guide.id}-email": ADDRESS, f"r{guide.id}-agree": "y"})
    someone_elses = opt_in_post(client, ended, pilot, email=ADDRESS, agree="y")

    assert stranger.status_code == 403
    assert forged.status_code == 400
    assert someone_elses.status_code == 302
    assert str(escape("Only its owner can ask for reminders of a commitment.")) in \
        client.get(results_url(ended)).text
    assert kept() == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Event)) == before


def test_does_the_owner_stop_the_reminders_from_the_results_page(
    client: FlaskClient, ended: Ended, mailbox: Mailbox
) -> None:
    as_participant(client, ended, QUOTED)
    guide = commitment(GUIDE)
    opt_in_post(client, ended, guide, email=ADDRESS, agree="y")
    token = page_token(client.get(results_url(ended)).text)

    client.post(f"/w/{ended.workshop.join_code}/commitments/{guide.id}/reminders/stop",
                data={"csrf_token": token})

    assert kept() == []
    page = client.get(results_url(ended)).text
    assert "Reminders stopped: your e-mail address is erased." in page


# --- the stop link ------------------------------------------------------------------------------


def opted_in(app: Flask, room: Ended, title: str) -> str:
    """Opt in through the service, and return the path of the stop link a message carries."""
    item = commitment(title)
    with db.unit_of_work() as session:
        workshop = session.get_one(Workshop, room.workshop.id)
        reminders.opt_in(session, workshop, item.id, email=ADDRESS, agreed=True,
                         by=session.get_one(Participant, item.participant_id),
                         language="en", secret=app.config["SECRET_KEY"])
    row = db.session.scalar(sa.select(CommitmentReminder)
                            .where(CommitmentReminder.commitment_id == item.id))
    assert row is not None
    return f"/stop/{reminders.stop_token(app.config['SECRET_KEY'], row)}"


def test_does_the_stop_link_ask_first_then_erase_the_address(
    app: Flask, client: FlaskClient, ended: Ended
) -> None:
    link = opted_in(app, ended, GUIDE)

    asked = client.get(link)
    assert asked.status_code == 200 and "data-confirm-stop" in asked.text
    assert GUIDE in asked.text
    assert len(kept()) == 1  # opening the link (a mail scanner does) stops nothing
    forged = client.post(link, data={})
    assert forged.status_code == 400 and len(kept()) == 1

    stopped = client.post(link, data={"csrf_token": csrf_from(asked.text)})

    assert stopped.status_code == 200 and "data-stopped" in stopped.text
    assert kept() == []
    again = client.get(link)
    assert again.status_code == 404
    assert "This link stops nothing any more" in again.text


@pytest.mark.parametrize("path", ["/stop/atr_" + "0" * 64, "/stop/nonsense", "/stop/%00"])
def test_does_a_wrong_stop_link_stop_nothing(
    app: Flask, client: FlaskClient, ended: Ended, path: str
) -> None:
    opted_in(app, ended, GUIDE)

    answer = client.get(path)

    assert answer.status_code == 404
    assert len(kept()) == 1


# --- `workshop remind` and a real SMTP server ---------------------------------------------------


def test_are_reminders_delivered_once_and_stopped_by_the_stop_link(
    client: FlaskClient, ended: Ended, mailbox: Mailbox
) -> None:
    as_participant(client, ended, QUOTED)
    client.set_cookie("atelier_lang", "fr")
    guide = commitment(GUIDE)
    opt_in_post(client, ended, guide, email=ADDRESS, agree="y")

    first = remind()
    second = remind()

    assert first.exit_code == 0 and second.exit_code == 0, first.output + second.output
    [message] = mailbox.messages  # one message, however often the timer runs
    assert message["To"] == ADDRESS
    subject = french("Reminder: “%(title)s” is due on %(date)s")
    assert message["Subject"].startswith(subject.split("%(title)s")[0] + GUIDE)
    assert f"{PUBLIC}/w/{ended.workshop.join_code}/results" in message.get_content()
    assert PASSWORD not in first.output + second.output

    link = stop_link(message)
    client.post(link, data={"csrf_token": csrf_from(client.get(link).text)})
    with db.unit_of_work() as session:  # a new due date would be reminded of, had they not
        session.get_one(Commitment, guide.id).due_on = SOON - timedelta(days=1)
    after_stop = remind()

    assert after_stop.exit_code == 0
    assert len(mailbox.messages) == 1
    assert kept() == []


def test_does_each_opted_in_owner_get_their_own_message_in_one_run(
    app: Flask, ended: Ended, mailbox: Mailbox
) -> None:
    opted_in(app, ended, GUIDE)
    opted_in(app, ended, PILOT)

    result = remind("--json")

    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["sent"] == 2
    subjects = [str(m["Subject"]) for m in mailbox.messages]
    assert len(subjects) == 2
    assert all(any(title in subject for subject in subjects) for title in (GUIDE, PILOT))


def test_is_a_done_commitment_not_reminded_of(
    client: FlaskClient, ended: Ended, mailbox: Mailbox
) -> None:
    as_participant(client, ended, QUOTED)
    guide = commitment(GUIDE)
    opt_in_post(client, ended, guide, email=ADDRESS, agree="y")
    with db.unit_of_work() as session:
        session.get_one(Commitment, guide.id).status = CommitmentStatus.DONE

    result = remind()

    assert result.exit_code == 0
    assert mailbox.messages == []


def test_does_remind_without_a_mail_server_say_so_and_succeed(
    app: Flask, ended: Ended, monkeypatch: pytest.MonkeyPatch
) -> None:
    opted_in(app, ended, GUIDE)
    monkeypatch.delenv("WORKSHOP_SMTP_URL", raising=False)

    result = remind()

    assert result.exit_code == 0
    assert result.output == "No mail server configured (WORKSHOP_SMTP_URL): no reminder sent.\n"
    assert len(kept()) == 1


def test_does_remind_refuse_to_send_links_that_lead_nowhere(
    app: Flask, ended: Ended, mailbox: Mailbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    opted_in(app, ended, GUIDE)
    monkeypatch.delenv("WORKSHOP_PUBLIC_URL")

    result = remind()

    assert result.exit_code == 1
    assert "Set WORKSHOP_PUBLIC_URL" in result.output
    assert mailbox.messages == []


def test_does_an_unreachable_mail_server_fail_without_showing_the_password(
    app: Flask, ended: Ended, monkeypatch: pytest.MonkeyPatch
) -> None:
    opted_in(app, ended, GUIDE)
    port = free_port()  # nothing listens there
    monkeypatch.setenv("WORKSHOP_SMTP_URL", f"smtp://{USER}:{PASSWORD}@127.0.0.1:{port}")
    monkeypatch.setenv("WORKSHOP_PUBLIC_URL", PUBLIC)

    result = remind()

    assert result.exit_code == 1
    assert f"127.0.0.1:{port}" in result.output
    assert PASSWORD not in result.output


# --- the review meeting -------------------------------------------------------------------------

MEETING_DAY = date(date.today().year + 1, 7, 2)


def set_meeting(client: FlaskClient, room: Ended, **data: str):  # type: ignore[no-untyped-def]
    page = client.get(f"/workshops/{room.workshop.id}").text
    return client.post(f"/workshops/{room.workshop.id}/review-meeting",
                       data={"review-csrf_token": page_token(page),
                             **{f"review-{k}": v for k, v in data.items()}})


def test_does_the_review_meeting_reach_the_calendar_and_the_results_page(
    app: Flask, client: FlaskClient, ended: Ended
) -> None:
    with db.unit_of_work() as session:
        session.get_one(Workshop, ended.workshop.id).timezone = "Europe/Paris"
    sign_in(client, ended)

    answer = set_meeting(client, ended, day=MEETING_DAY.isoformat(), time="14:30",
                         place="https://meet.example.org/review")

    assert answer.status_code == 302
    assert "The review meeting is set" in client.get(f"/workshops/{ended.workshop.id}").text
    ics = client.get(f"/workshops/{ended.workshop.id}/follow-up.ics")
    [meeting] = [e for e in Calendar.from_ical(ics.data).walk("VEVENT")
                 if e.decoded("dtstart") != SOON]
    assert meeting.decoded("dtstart") == datetime(MEETING_DAY.year, 7, 2, 14, 30,
                                                  tzinfo=ZoneInfo("Europe/Paris"))
    assert str(meeting["location"]) == "https://meet.example.org/review"
    phone = as_participant(app.test_client(), ended, QUOTED)
    page = phone.get(results_url(ended)).text
    assert "data-review-meeting" in page
    assert re.search(rf"July 2, {MEETING_DAY.year} at 2:30\s(PM|pm) \(Europe/Paris\)", page)
    assert 'href="https://meet.example.org/review"' in page
    logged = db.session.scalar(sa.select(Event).where(Event.kind == "review_meeting.set"))
    assert logged is not None


@pytest.mark.parametrize(("data", "message"), [
    ({"day": "", "time": "14:30"}, "Give the meeting's date."),
    ({"day": "2099-02-30", "time": "14:30"}, "Give the meeting's date."),
    ({"day": MEETING_DAY.isoformat(), "time": "25:61"}, "Give the meeting's time."),
    ({"day": MEETING_DAY.isoformat(), "time": ""}, "Give the meeting's time."),
    ({"day": "2001-01-01", "time": "10:00"}, "Choose a moment to come: this one is past."),
    ({"day": MEETING_DAY.isoformat(), "time": "10:00", "place": "x" * 301},
     "Field cannot be longer than 300 characters."),
])
def test_is_a_bad_review_meeting_refused_with_a_clear_error(
    client: FlaskClient, ended: Ended, data: dict[str, str], message: str
) -> None:
    sign_in(client, ended)

    set_meeting(client, ended, **data)

    db.session.rollback()
    assert "review_meeting" not in db.session.get_one(Workshop, ended.workshop.id).options
    assert str(escape(message)) in client.get(f"/workshops/{ended.workshop.id}").text


def test_does_cancelling_the_review_meeting_take_it_out_of_the_calendar(
    client: FlaskClient, ended: Ended
) -> None:
    sign_in(client, ended)
    set_meeting(client, ended, day=MEETING_DAY.isoformat(), time="09:00", place="Room 3")
    page = client.get(f"/workshops/{ended.workshop.id}").text
    assert "data-cancel-review" in page

    client.post(f"/workshops/{ended.workshop.id}/review-meeting/cancel",
                data={"csrf_token": page_token(page)})
    again = client.post(f"/workshops/{ended.workshop.id}/review-meeting/cancel",
                        data={"csrf_token": page_token(page)})

    ics = client.get(f"/workshops/{ended.workshop.id}/follow-up.ics")
    assert {e.decoded("dtstart") for e in Calendar.from_ical(ics.data).walk("VEVENT")} == {SOON}
    assert again.status_code == 302
    assert "No review meeting is set." in client.get(f"/workshops/{ended.workshop.id}").text
    kinds = db.session.scalars(sa.select(Event.kind).where(Event.kind.like("review_meeting.%"))
                               .order_by(Event.seq))
    assert list(kinds) == ["review_meeting.set", "review_meeting.cancelled"]


def test_is_another_facilitator_kept_out_of_the_review_meeting(
    client: FlaskClient, ended: Ended, make_facilitator: Any
) -> None:
    other = make_facilitator()

    post_form(client, "/login", {"email": other.email, "password": SIGN_IN_PASSWORD})
    answer = client.post(f"/workshops/{ended.workshop.id}/review-meeting", data={
        "review-csrf_token": csrf_from(client.get("/").text),
        "review-day": MEETING_DAY.isoformat(), "review-time": "10:00"})

    cancel = client.post(f"/workshops/{ended.workshop.id}/review-meeting/cancel",
                         data={"csrf_token": csrf_from(client.get("/").text)})
    assert answer.status_code == 404 and cancel.status_code == 404
    db.session.rollback()
    assert "review_meeting" not in db.session.get_one(Workshop, ended.workshop.id).options
