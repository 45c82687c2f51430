"""Rights follow credentials: a socket is refused, told and closed once its right has ended."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import PASSWORD, csrf_from, post_form
from tests.realtime.conftest import Room, Socket, isolated, wait_until
from workshop.extensions import db, socketio
from workshop.models import ApiToken, Facilitator, Participant, Workshop, utcnow
from workshop.realtime import commands
from workshop.realtime.connection import Client, lost_clients
from workshop.roles import Role
from workshop.services import facilitators, participants, workshops
from workshop.services.participants import JoinRequest
from workshop.services.workshops import WorkshopSettings

pytestmark = pytest.mark.usefixtures("quick_close")  # closings are waited for here


def closed(socket: Socket) -> str:
    """Wait until the server has closed ``socket``; the reason it gave."""
    wait_until(lambda: not socket.connected, "the server to close the socket", every=0.002)
    reasons = [message["reason"] for message in socket.received("closed")]
    assert len(reasons) == 1, reasons
    return reasons[0]


def act(room: Room, socket: Socket, event: str, **payload: Any) -> dict[str, Any]:
    return socket.call(event, {"client_id": room.client_id(), **payload})


class Browser:
    """A facilitator's browser: signed in through the sign-in page, cookies and all."""

    def __init__(self, app: Flask, email: str) -> None:
        self.app = app
        self.http: FlaskClient = app.test_client()
        signed = post_form(self.http, "/login", {"email": email, "password": PASSWORD})
        assert signed.status_code == 302

    def console(self, workshop: Workshop) -> Socket:
        socket = Socket.__new__(Socket)
        socket.app, socket.auth, socket.language = self.app, {"workshop": workshop.id}, None
        socket.participant_id, socket._seen = None, 0
        socket._client = isolated(socketio.test_client, self.app, auth=socket.auth,
                                  flask_test_client=self.http)
        return socket

    def cookie(self, name: str) -> str | None:
        found = self.http.get_cookie(name)
        return found.value if found else None


def test_is_a_deleted_workshops_socket_closed_and_never_handed_to_the_next_workshop(
    room: Room, make_facilitator: Any
) -> None:
    console, screen, lea = room.console(), room.screen(), room.phone("Léa")
    old_id, lea_id = room.workshop.id, lea.participant_id

    commands.execute(lambda session: workshops.delete_workshop(
        session, session.get(Workshop, old_id)))
    other = make_facilitator("ben@example.org")
    new = commands.execute(lambda session: workshops.create_workshop(
        session, other, WorkshopSettings("Confidential strategy day", room.workshop.method)))

    assert {closed(console), closed(screen), closed(lea)} == {"workshop_deleted"}
    assert new.workshop_id != old_id  # ids are never handed out twice
    newcomer = commands.execute(lambda session: participants.join(
        session, session.get(Workshop, new.workshop_id), JoinRequest("Noa", "customer")))
    assert newcomer.result["participant"] != lea_id
    assert not lea.again().connected  # the old phone's token opens nothing


def test_is_a_socket_refused_at_its_next_event_when_its_token_was_revoked_elsewhere(
    room: Room,
) -> None:
    console = room.console()
    before = room.fingerprint()
    # Revoked by another process that could not reach this one (no message queue).
    db.session.execute(sa.update(ApiToken).values(revoked_at=utcnow()))
    db.session.commit()

    answer = act(room, console, "phase.next")

    assert answer["ok"] is False and answer["error"]["code"] == "unauthorized"
    wait_until(lambda: not console.connected, "the refused socket to be closed")
    assert room.fingerprint() == before


def test_does_revoking_a_token_close_its_sockets_at_once(room: Room) -> None:
    console = room.console()
    token_id = db.session.scalar(sa.select(ApiToken.id))

    commands.execute(lambda session: facilitators.revoke_api_token(
        session, session.get(Facilitator, room.owner.id), token_id))

    assert closed(console) == "token_revoked"


def test_does_signing_out_close_the_console_and_end_every_copy_of_the_cookie(
    app: Flask, room: Room
) -> None:
    browser = Browser(app, room.owner.email)
    console = browser.console(room.workshop)
    assert console.state()["workshop"]["id"] == room.workshop.id
    copied = browser.cookie("session")

    page = browser.http.get(f"/workshops/{room.workshop.id}")
    browser.http.post("/logout", data={"csrf_token": csrf_from(page.text)})

    assert closed(console) == "signed_out"
    thief = app.test_client()
    thief.set_cookie("session", copied)
    assert thief.get("/account").status_code == 302  # to the sign-in page


def test_does_a_password_change_close_the_other_browsers_console_only(
    app: Flask, room: Room
) -> None:
    here, there = Browser(app, room.owner.email), Browser(app, room.owner.email)
    mine, theirs = here.console(room.workshop), there.console(room.workshop)

    post_form(here.http, "/account", {"current_password": PASSWORD,
                                      "password": "a brand new passphrase",
                                      "confirm": "a brand new passphrase"})

    assert closed(theirs) == "signed_out"
    assert mine.connected and mine.state()["workshop"]["id"] == room.workshop.id
    assert there.http.get("/account").status_code == 302


def test_does_a_new_screen_link_close_the_screens_opened_with_the_old_one(room: Room) -> None:
    screen = room.screen()
    old_key = room.workshop.screen_key

    commands.execute(lambda session: workshops.rotate_screen_link(
        session, session.get(Workshop, room.workshop.id), room.owner))

    assert closed(screen) == "screen_link_changed"
    db.session.refresh(room.workshop)
    assert room.workshop.screen_key != old_key
    assert room.screen().connected is not False  # the new link opens the screen
    stale = Socket(room.app, {"workshop": room.workshop.id, "screen": old_key})
    assert not stale.connected


def test_does_archiving_close_phones_and_screens_and_keep_the_console(room: Room) -> None:
    console, screen, lea = room.console(), room.screen(), room.phone("Léa")

    commands.execute(lambda session: workshops.archive_workshop(
        session, session.get(Workshop, room.workshop.id), room.owner))

    assert closed(lea) == closed(screen) == "workshop_archived"
    assert console.connected
    assert not lea.again().connected


def test_is_a_client_id_reused_for_another_event_a_new_action(room: Room) -> None:
    console, lea = room.console(), room.phone("Léa")
    act(room, console, "phase.goto", phase="marketplace")
    proposed = lea.call("topic.propose", {"client_id": "same", "title": "Remote work"})
    assert proposed["ok"] is True

    erased = lea.call("me.erase", {"client_id": "same", "confirm": True})

    assert erased == {"ok": True, "erased": True}
    assert db.session.get(Participant, lea.participant_id) is None


def test_does_the_sweep_find_every_socket_whose_right_ended(room: Room) -> None:
    lea = room.phone("Léa")
    token_id = db.session.scalar(sa.select(ApiToken.id))
    clients = {
        "console": Client(Role.FACILITATOR, room.workshop.id, facilitator_id=room.owner.id,
                          token_id=token_id),
        "phone": Client(Role.PARTICIPANT, room.workshop.id, participant_id=lea.participant_id),
        "screen": Client(Role.SCREEN, room.workshop.id, screen_key=room.workshop.screen_key),
        "old screen": Client(Role.SCREEN, room.workshop.id, screen_key="leaked"),
        "gone": Client(Role.PARTICIPANT, 10**6, participant_id=10**6),
    }
    assert lost_clients(clients) == {"old screen": "screen_link_changed",
                                     "gone": "workshop_deleted"}

    db.session.execute(sa.update(ApiToken).values(revoked_at=utcnow()))
    db.session.execute(sa.delete(Participant).where(Participant.id == lea.participant_id))
    db.session.commit()

    assert lost_clients(clients) == {"old screen": "screen_link_changed",
                                     "gone": "workshop_deleted", "console": "token_revoked",
                                     "phone": "erased"}


@pytest.mark.parametrize("table", ["workshop", "participant", "event", "sign_in"])
def test_are_ids_never_handed_out_twice(app: Flask, table: str) -> None:
    sql = db.session.execute(sa.text(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = :name"),
        {"name": table}).scalar_one()
    assert "AUTOINCREMENT" in sql.upper()
