"""What each role reads of the phase: the panels it needs come with it."""

from __future__ import annotations

from tests.methods.test_phase import PANELS
from workshop.extensions import db
from workshop.models import Method
from workshop.roles import Role
from workshop.services import snapshot


def test_does_the_console_read_the_panels_of_the_current_phase_and_of_every_phase(app, room):
    room.move_to("sessions")

    with app.test_request_context():  # the phases' titles are in the reader's language
        state = snapshot.snapshot(db.session, room.workshop, Role.FACILITATOR)

    assert state["phase"]["panels"] == ["agenda", "documents"]
    assert {p["id"]: tuple(p["panels"]) for p in state["phases"]} == PANELS[Method.OPEN_SPACE]
