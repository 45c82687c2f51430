"""Who may do what: every socket event and every facilitator route, for every kind of visitor.

Roles: anonymous, a participant, another workshop's participant, the screen link, another
facilitator, the owner. The matrix below is the rule; a new event or route fails this test
until it is placed in it.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import PASSWORD, csrf_from
from tests.realtime.conftest import Room, Socket
from workshop import ratelimit
from workshop.extensions import socketio
from workshop.models import Facilitator

PARTICIPANT_ONLY = {"vote.cast", "vote.retract", "interest.mark", "session.checkin", "me.data",
                    "me.erase"}
PARTICIPANT_AND_OWNER = {"topic.propose", "topic.edit", "topic.similar", "agenda.place",
                         "agenda.unplace", "commitment.add", "commitment.remove"}
OWNER_ONLY = {"phase.next", "phase.previous", "phase.goto", "workshop.end", "workshop.reopen",
              "timer.start", "timer.pause", "timer.extend", "settings.update", "topic.hide",
              "topic.restore", "topic.merge", "topic.approve", "topic.reject", "agenda.grid",
              "agenda.lock", "agenda.build", "seating.update", "seating.host", "merge.suggestions",
              "merge.dismiss"}
SCREEN_AND_OWNER = {"topic.themes"}  # the wall by theme: the console's view, the screen's
EVERY_ROLE = {"sync", "whoami"}
DOCUMENTS = {"doc.open", "doc.sync", "doc.close"}  # each document says who reads and writes

ALLOWED = {
    "participant": PARTICIPANT_ONLY | PARTICIPANT_AND_OWNER | EVERY_ROLE | DOCUMENTS,
    "owner": PARTICIPANT_AND_OWNER | OWNER_ONLY | SCREEN_AND_OWNER | EVERY_ROLE | DOCUMENTS,
    "screen": SCREEN_AND_OWNER | EVERY_ROLE | DOCUMENTS,
}
_ids = (f"m-{n}" for n in itertools.count())


def test_does_the_matrix_place_every_registered_event(app: Flask) -> None:
    registered = set(socketio.server.handlers["/"]) - {"connect", "disconnect"}
    placed = (PARTICIPANT_ONLY | PARTICIPANT_AND_OWNER | OWNER_ONLY | SCREEN_AND_OWNER
              | EVERY_ROLE | DOCUMENTS)
    assert registered == placed


@pytest.fixture
def sockets(app: Flask, room: Room) -> dict[str, Socket]:
    app.config["RATE_LIMITS"] = None  # dozens of events in a row: limits are tested apart
    ratelimit.init_app(app)
    return {"participant": room.phone(), "owner": room.console(), "screen": room.screen()}


@pytest.mark.parametrize("role", ["participant", "owner", "screen"])
def test_may_each_role_send_exactly_its_events(
    room: Room, sockets: dict[str, Socket], role: str
) -> None:
    socket = sockets[role]
    refused, let_through = set(), set()
    for event in sorted(set(socketio.server.handlers["/"]) - {"connect", "disconnect"}):
        before = room.fingerprint() if event not in ALLOWED[role] else None
        answer = socket.call(event, {"client_id": next(_ids)})
        code = None if answer.get("ok") else answer["error"]["code"]
        if code in ("forbidden", "unauthorized"):
            refused.add(event)
            assert before is None or room.fingerprint() == before, event
        else:
            let_through.add(event)

    assert let_through == ALLOWED[role]
    assert refused == set(socketio.server.handlers["/"]) - {"connect", "disconnect"} - let_through


def test_does_another_workshops_participant_reach_nothing_of_ours(
    app: Flask, room: Room, make_room: Any, sockets: dict[str, Socket]
) -> None:
    owner = sockets["owner"]
    owner.call("phase.goto", {"client_id": next(_ids), "phase": "marketplace"})
    ours = owner.call("topic.propose", {"client_id": next(_ids), "title": "Ours"})["topic"]["id"]
    stranger = make_room().phone("Stranger")
    before = room.fingerprint()

    aimed = (PARTICIPANT_ONLY | PARTICIPANT_AND_OWNER | {"doc.open", "doc.sync"}) - {
        "topic.propose", "commitment.add", "me.data", "me.erase"}  # the stranger's own
    answers = {event: stranger.call(event, {"client_id": next(_ids), "topic_id": ours,
                                            "commitment_id": 1, "key": f"report:{ours}"})
               for event in sorted(aimed)}
    state = stranger.call("sync")["state"]

    assert all(not answer["ok"] for answer in answers.values()), answers
    assert room.fingerprint() == before
    assert state["workshop"]["id"] != room.workshop.id
    assert ours not in [topic["id"] for topic in state["topics"]]


def test_are_foreign_and_missing_credentials_refused_at_the_door(
    room: Room, make_facilitator: Any
) -> None:
    other = make_facilitator()
    other_room = Room(room.app, other, room.workshop)  # the other's token, aimed at our workshop
    attempts = {
        "anonymous": {},
        "other facilitator": {"token": other_room.api_token, "workshop": room.workshop.id},
        "wrong screen key": {"workshop": room.workshop.id, "screen": "not-the-key"},
        "made-up token": {"token": "atp_madeup"},
    }
    refused = [who for who, auth in attempts.items() if not Socket(room.app, auth).connected]

    assert refused == list(attempts)


# --- HTTP: the facilitator's routes -------------------------------------------------------


def sign_in(client: FlaskClient, facilitator: Facilitator) -> None:
    page = client.get("/login")
    response = client.post("/login", data={"csrf_token": csrf_from(page.text),
                                           "email": facilitator.email, "password": PASSWORD})
    assert response.status_code == 302


def workshop_routes(app: Flask, workshop_id: int) -> list[tuple[str, str]]:
    """(method, url) of every route that names a workshop, filled in for ``workshop_id``."""
    routes = []
    for rule in app.url_map.iter_rules():
        if "workshop_id" not in rule.arguments:
            continue
        values = {"workshop_id": workshop_id, "item_id": 1, "fmt": "md"}
        url = rule.build({k: v for k, v in values.items() if k in rule.arguments})[1]
        if rule.endpoint == "api.export_workshop":
            url += "?format=md"
        routes += [(method, url) for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    return routes


@pytest.mark.parametrize("who", ["anonymous", "participant", "other facilitator", "owner"])
def test_does_every_workshop_route_answer_only_its_owner(
    app: Flask, room: Room, make_facilitator: Any, who: str
) -> None:
    client = app.test_client()
    if who == "participant":
        client.post("/api/v1/join", json={"code": room.workshop.join_code, "name": "Zoé",
                                          "group": "customer"})
        client.get(f"/j/{room.workshop.join_code}")
    elif who == "other facilitator":
        sign_in(client, make_facilitator())
    elif who == "owner":
        sign_in(client, room.owner)
    token = csrf_from(client.get("/login" if who in ("anonymous", "participant") else "/").text)
    bearer = {"other facilitator": make_facilitator, "owner": None}.get(who)
    before = room.fingerprint()

    answers = {}
    for method, url in workshop_routes(app, room.workshop.id):
        if url.startswith("/api/"):
            headers = {}
            if who == "owner":
                headers = {"Authorization": f"Bearer {room.api_token}"}
            elif bearer is not None:
                foreign = Room(app, bearer(), room.workshop).api_token
                headers = {"Authorization": f"Bearer {foreign}"}
            answers[(method, url)] = client.open(url, method=method, headers=headers).status_code
        elif method == "POST" and who != "owner":
            answers[(method, url)] = client.post(url, data={"csrf_token": token}).status_code
        elif method == "GET":
            answers[(method, url)] = client.get(url).status_code

    expected = {"anonymous": {302, 401}, "participant": {302, 401},
                "other facilitator": {404}, "owner": {200}}[who]
    wrong = {route: status for route, status in answers.items() if status not in expected}
    assert wrong == {}
    if who != "owner":
        assert room.fingerprint() == before
