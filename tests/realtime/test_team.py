"""A co-facilitator's console drives the workshop, and stops the moment their right ends."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from tests.realtime.conftest import Room, Socket, wait_until
from tests.realtime.test_rights import Browser, act, closed
from workshop.extensions import db
from workshop.models import Facilitator, TeamMember, Workshop
from workshop.realtime import commands
from workshop.realtime.connection import Client, lost_clients
from workshop.roles import Role
from workshop.services import administration, team

pytestmark = pytest.mark.usefixtures("quick_close")  # closings are waited for here


@pytest.fixture
def ben(room: Room, make_facilitator: Any) -> Facilitator:
    account = make_facilitator("ben@example.org")
    commands.execute(lambda session: team.add_by_email(
        session, session.get(Workshop, room.workshop.id), account.email, room.owner))
    return account


def test_does_a_co_facilitators_console_drive_the_workshop_and_close_when_removed(
    app: Flask, room: Room, ben: Facilitator
) -> None:
    browser = Browser(app, ben.email)
    console, owners = browser.console(room.workshop), room.console()

    moved = act(room, console, "phase.goto", phase="marketplace")

    assert moved["ok"] is True
    wait_until(lambda: owners.state()["phase"]["id"] == "marketplace", "the owner to follow")

    commands.execute(lambda session: team.remove(
        session, session.get(Workshop, room.workshop.id), ben.id, room.owner))

    assert closed(console) == "removed_from_team"
    assert owners.connected
    assert not browser.console(room.workshop).connected  # refused at the door from now on


def test_is_a_removed_co_facilitators_next_event_refused_without_a_message_queue(
    room: Room, ben: Facilitator
) -> None:
    console = Room(room.app, ben, room.workshop).console()
    before = room.fingerprint()
    # Removed by another process that could not reach this one.
    db.session.execute(sa.delete(TeamMember))
    db.session.commit()

    answer = act(room, console, "phase.next")

    assert answer["ok"] is False and answer["error"]["code"] == "unauthorized"
    wait_until(lambda: not console.connected, "the refused socket to be closed")
    assert room.fingerprint() == before


def test_does_disabling_an_account_close_its_browser_and_token_consoles(
    app: Flask, room: Room, ben: Facilitator
) -> None:
    browser_console = Browser(app, ben.email).console(room.workshop)
    token_console = Room(app, ben, room.workshop).console()

    commands.execute(lambda session: administration.set_disabled(
        session, session.get(Facilitator, room.owner.id), ben.id, True))

    assert closed(token_console) == "account_disabled"
    assert closed(browser_console) in {"account_disabled", "signed_out"}
    assert not Socket(app, token_console.auth).connected


def test_does_the_sweep_find_removed_and_disabled_co_facilitators(
    room: Room, ben: Facilitator, make_facilitator: Any
) -> None:
    noa = make_facilitator("noa@example.org")
    commands.execute(lambda session: team.add_by_email(
        session, session.get(Workshop, room.workshop.id), noa.email, room.owner))
    clients = {
        "owner": Client(Role.FACILITATOR, room.workshop.id, facilitator_id=room.owner.id),
        "ben": Client(Role.FACILITATOR, room.workshop.id, facilitator_id=ben.id),
        "noa": Client(Role.FACILITATOR, room.workshop.id, facilitator_id=noa.id),
    }
    assert lost_clients(clients) == {}

    db.session.execute(sa.delete(TeamMember).where(TeamMember.facilitator_id == ben.id))
    db.session.execute(sa.update(Facilitator).where(Facilitator.id == noa.id)
                       .values(disabled=True))
    db.session.commit()

    assert lost_clients(clients) == {"ben": "removed_from_team", "noa": "account_disabled"}
