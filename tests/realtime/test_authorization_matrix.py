"""Who may do what: every socket event, facilitator route and the results page, per visitor.

Roles: anonymous, a participant, another workshop's participant, the screen link, another
facilitator, an administrator, a disabled account, a co-facilitator, the owner. The matrix
below is the rule; a new event or route fails this test until it is placed in it.
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
from workshop.extensions import db, socketio
from workshop.links import participant_cookie
from workshop.models import Facilitator, Workshop
from workshop.realtime import commands
from workshop.services import administration, navigation, participants, results_page, team
from workshop.services.participants import JoinRequest

PARTICIPANT_ONLY = {"vote.cast", "vote.retract", "interest.mark", "session.checkin", "me.data",
                    "me.erase", "question.ask", "question.upvote", "reaction.send"}
PARTICIPANT_AND_OWNER = {"topic.propose", "topic.edit", "topic.similar", "agenda.place",
                         "agenda.unplace", "commitment.add", "commitment.remove"}
OWNER_ONLY = {"phase.next", "phase.previous", "phase.goto", "workshop.end", "workshop.reopen",
              "timer.start", "timer.pause", "timer.extend", "settings.update", "topic.hide",
              "topic.restore", "topic.merge", "topic.approve", "topic.reject", "agenda.grid",
              "agenda.lock", "agenda.build", "seating.update", "seating.host", "merge.suggestions",
              "merge.dismiss", "question.answer", "question.pin", "question.archive",
              "question.approve", "question.reject"}
SCREEN_AND_OWNER = {"topic.themes"}  # the wall by theme: the console's view, the screen's
EVERY_ROLE = {"sync", "whoami"}
DOCUMENTS = {"doc.open", "doc.sync", "doc.close"}  # each document says who reads and writes

ALLOWED = {
    "participant": PARTICIPANT_ONLY | PARTICIPANT_AND_OWNER | EVERY_ROLE | DOCUMENTS,
    "owner": PARTICIPANT_AND_OWNER | OWNER_ONLY | SCREEN_AND_OWNER | EVERY_ROLE | DOCUMENTS,
    "screen": SCREEN_AND_OWNER | EVERY_ROLE | DOCUMENTS,
}
ALLOWED["co-facilitator"] = ALLOWED["owner"]  # the console is the team's, whoever runs it
_ids = (f"m-{n}" for n in itertools.count())


def test_does_the_matrix_place_every_registered_event(app: Flask) -> None:
    registered = set(socketio.server.handlers["/"]) - {"connect", "disconnect"}
    placed = (PARTICIPANT_ONLY | PARTICIPANT_AND_OWNER | OWNER_ONLY | SCREEN_AND_OWNER
              | EVERY_ROLE | DOCUMENTS)
    assert registered == placed


@pytest.fixture
def sockets(app: Flask, room: Room, make_facilitator: Any) -> dict[str, Socket]:
    app.config["RATE_LIMITS"] = None  # dozens of events in a row: limits are tested apart
    ratelimit.init_app(app)
    ben = make_facilitator()
    join_team(room, ben)
    return {"participant": room.phone(), "owner": room.console(), "screen": room.screen(),
            "co-facilitator": Room(app, ben, room.workshop).console()}


@pytest.mark.parametrize("role", ["participant", "owner", "co-facilitator", "screen"])
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
    asked = room.phone("Asker").call("question.ask", {"client_id": next(_ids), "text": "Ours?"})
    stranger = make_room().phone("Stranger")
    before = room.fingerprint()

    aimed = (PARTICIPANT_ONLY | PARTICIPANT_AND_OWNER | {"doc.open", "doc.sync"}) - {
        "topic.propose", "commitment.add", "me.data", "me.erase", "question.ask",
        "reaction.send"}  # the stranger's own
    answers = {event: stranger.call(event, {"client_id": next(_ids), "topic_id": ours,
                                            "commitment_id": 1, "key": f"report:{ours}",
                                            "question_id": asked["question_id"]})
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


WHO = ["anonymous", "participant", "other facilitator", "administrator", "disabled co-facilitator",
       "owner"]


def join_team(room: Room, account: Facilitator) -> None:
    commands.execute(lambda session: team.add_by_email(
        session, session.get(Workshop, room.workshop.id), account.email, room.owner))


@pytest.mark.parametrize("who", WHO)
def test_does_every_workshop_route_answer_only_its_owner(
    app: Flask, room: Room, make_facilitator: Any, who: str
) -> None:
    client = app.test_client()
    bearer = None
    if who == "participant":
        client.post("/api/v1/join", json={"code": room.workshop.join_code, "name": "Zoé",
                                          "group": "customer"})
        client.get(f"/j/{room.workshop.join_code}")
    elif who in ("other facilitator", "administrator"):
        other = make_facilitator()
        if who == "administrator":  # an administrator of accounts runs no one else's workshop
            other.is_admin = True
            db.session.commit()
        sign_in(client, other)
        bearer = Room(app, other, room.workshop).api_token
    elif who == "disabled co-facilitator":
        ben = make_facilitator()
        join_team(room, ben)
        sign_in(client, ben)
        bearer = Room(app, ben, room.workshop).api_token
        commands.execute(lambda session: administration.set_disabled(
            session, session.get(Facilitator, room.owner.id), ben.id, True))
    elif who == "owner":
        sign_in(client, room.owner)
        bearer = room.api_token
    signed = who in ("other facilitator", "administrator", "owner")
    token = csrf_from(client.get("/" if signed else "/login").text)
    before = room.fingerprint()

    answers = {}
    for method, url in workshop_routes(app, room.workshop.id):
        if url.startswith("/api/"):
            headers = {"Authorization": f"Bearer {bearer}"} if bearer else {}
            answers[(method, url)] = client.open(url, method=method, headers=headers).status_code
        elif method == "POST" and who != "owner":
            answers[(method, url)] = client.post(url, data={"csrf_token": token}).status_code
        elif method == "GET":
            answers[(method, url)] = client.get(url).status_code

    expected = {"anonymous": {302, 401}, "participant": {302, 401},
                "other facilitator": {404}, "administrator": {404},
                "disabled co-facilitator": {302, 401}, "owner": {200}}[who]
    wrong = {route: status for route, status in answers.items() if status not in expected}
    assert wrong == {}
    if who != "owner":
        assert room.fingerprint() == before


# --- HTTP: the participants' results page --------------------------------------------------

VISITORS = ("anonymous", "participant", "another workshop's participant", "other facilitator",
            "owner")
RESULTS_SEEN_BY = {  # visibility → who gets the page; everyone else a 403
    "participants": {"participant", "owner"},
    "anyone": set(VISITORS),
    "closed": {"owner"},  # the facilitator's preview
}


@pytest.mark.parametrize("visibility", list(RESULTS_SEEN_BY))
def test_does_the_results_page_answer_each_visitor_as_its_visibility_says(
    app: Flask, room: Room, make_room: Any, make_facilitator: Any, visibility: str
) -> None:
    other = make_room()
    tokens = {}
    for who, workshop in (("participant", room.workshop),
                          ("another workshop's participant", other.workshop)):
        with db.unit_of_work() as session:
            joined = participants.join(session, session.merge(workshop),
                                       JoinRequest("Zoé", "customer"))
        tokens[who] = (participant_cookie(workshop), joined.result["token"])
    with db.unit_of_work() as session:
        current = session.merge(room.workshop)
        navigation.finish(session, current, True, "f:0", None)
        results_page.set_visibility(session, current, visibility, "f:0")
    before = room.fingerprint()

    answers = {}
    for who in VISITORS:
        client = app.test_client()
        if who in tokens:
            client.set_cookie(*tokens[who])
        elif who == "other facilitator":
            sign_in(client, make_facilitator())
        elif who == "owner":
            sign_in(client, room.owner)
        answers[who] = client.get(f"/w/{room.workshop.join_code}/results").status_code

    assert answers == {who: 200 if who in RESULTS_SEEN_BY[visibility] else 403
                       for who in VISITORS}
    assert room.fingerprint() == before


OWNER_ONLY_ROUTES = {"facilitator.delete", "team.add", "team.invite", "team.remove"}


def test_does_a_co_facilitator_reach_every_route_but_delete_and_the_team(
    app: Flask, room: Room, make_facilitator: Any
) -> None:
    ben = make_facilitator()
    join_team(room, ben)
    client = app.test_client()
    sign_in(client, ben)
    bearer = Room(app, ben, room.workshop).api_token
    token = csrf_from(client.get("/").text)
    values = {"workshop_id": room.workshop.id, "item_id": ben.id}
    owner_only = {(method, rule.build({k: values[k] for k in rule.arguments})[1])
                  for rule in app.url_map.iter_rules() if rule.endpoint in OWNER_ONLY_ROUTES
                  for method in rule.methods - {"HEAD", "OPTIONS"}}
    before = room.fingerprint()

    answers = {}
    for method, url in [*workshop_routes(app, room.workshop.id), *sorted(owner_only)]:
        if url.startswith("/api/"):
            answers[(method, url)] = client.open(
                url, method=method, headers={"Authorization": f"Bearer {bearer}"}).status_code
        elif method == "GET":
            answers[(method, url)] = client.get(url).status_code
        elif (method, url) in owner_only:
            answers[(method, url)] = client.post(url, data={"csrf_token": token}).status_code

    wrong = {route: status for route, status in answers.items()
             if status != (403 if route in owner_only else 200)}
    assert wrong == {}
    assert len(owner_only) == 5 and owner_only <= set(answers)
    assert room.fingerprint() == before
    assert team.may_run(db.session, room.workshop, ben.id)  # not taken off by its own POST
