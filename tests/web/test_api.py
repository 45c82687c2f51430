"""The JSON API: joining from an integration, and the facilitator's token-protected calls."""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import timedelta

import pytest
import sqlalchemy as sa

from workshop.extensions import db
from workshop.models import Event, Participant, Workshop, WorkshopState
from workshop.services import facilitators, participants


@pytest.fixture
def workshop(make_facilitator, make_workshop):  # type: ignore[no-untyped-def]
    return make_workshop(make_facilitator(), title="Customer day", language="fr")


def people() -> list[Participant]:
    return list(db.session.scalars(sa.select(Participant)))


def workshop_count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Workshop))


def error_of(response) -> dict:  # type: ignore[no-untyped-def]
    assert response.is_json, response.text
    return response.get_json()["error"]


def token_for(facilitator) -> str:  # type: ignore[no-untyped-def]
    with db.unit_of_work() as session:
        _token, raw = facilitators.issue_api_token(session, session.merge(facilitator), "tests")
    return raw


def bearer(raw: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {raw}"}


# --- joining ----------------------------------------------------------------------------------


def test_does_joining_answer_with_the_participant_token_and_workshop(client, workshop):
    response = client.post("/api/v1/join", json={
        "code": workshop.join_code.lower(), "name": "  Camille ", "group": "customer",
        "consent_quote": True,
    })

    assert response.status_code == 201
    body = response.get_json()
    [camille] = people()
    assert body == {
        "participant": {"id": camille.id, "name": "Camille", "group": "customer"},
        "token": body["token"],
        "workshop": {"id": workshop.id, "title": "Customer day", "method": "open_space",
                     "language": "fr"},
    }
    assert camille.consent_quote is True
    assert participants.participant_for_token(db.session, body["token"], workshop.id) == camille


@pytest.mark.parametrize("label", ["Client", "Customer", "customers", "CLIENTS"])
def test_is_a_group_given_by_its_label_understood(client, workshop, label):
    response = client.post(
        "/api/v1/join", json={"code": workshop.join_code, "name": "Camille", "group": label}
    )

    assert response.status_code == 201
    assert response.get_json()["participant"]["group"] == "customer"


def test_does_an_unknown_code_answer_404(client, workshop):
    response = client.post("/api/v1/join", json={"code": "ZZZZZZ", "name": "Camille",
                                                 "group": "customer"})

    assert response.status_code == 404
    assert error_of(response)["code"] == "unknown_workshop"
    assert people() == []


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "   "}, "name"),
        ({"name": "x" * 81}, "name"),
        ({"name": 123}, "name"),
        ({"name": None}, "name"),
        ({"group": "aliens"}, "group"),
        ({"group": ["customer"]}, "group"),
        ({"consent_quote": "yes"}, "consent_quote"),
        ({"consent_quote": 1}, "consent_quote"),
        ({"code": 123456}, "code"),
    ],
)
def test_is_a_bad_join_refused_with_the_field_to_fix(client, workshop, changes, field):
    payload = {"code": workshop.join_code, "name": "Camille", "group": "customer", **changes}

    response = client.post("/api/v1/join", json=payload)

    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "invalid"
    assert field in error["fields"]
    assert people() == []


@pytest.mark.parametrize(
    ("body", "content_type"),
    [("name=Camille", "application/x-www-form-urlencoded"), ("{not json", "application/json"),
     ('["a", "list"]', "application/json"), ("", "application/json")],
    ids=["form", "broken-json", "json-list", "empty"],
)
def test_is_a_body_that_is_not_a_json_object_refused(client, workshop, body, content_type):
    response = client.post("/api/v1/join", data=body, content_type=content_type)

    assert response.status_code == 400
    assert error_of(response)["code"] == "invalid"
    assert people() == []


@pytest.mark.parametrize(
    ("state", "locked"),
    [(WorkshopState.DRAFT, True), (WorkshopState.ARCHIVED, False)],
    ids=["locked", "archived"],
)
def test_does_a_closed_workshop_answer_409(client, workshop, state, locked):
    with db.unit_of_work() as session:
        current = session.merge(workshop)
        current.state, current.joining_locked = state, locked

    response = client.post("/api/v1/join", json={"code": workshop.join_code, "name": "Camille",
                                                 "group": "customer"})

    assert response.status_code == 409
    assert error_of(response)["code"] == "joining_closed"
    assert people() == []


def test_does_joining_need_no_form_token(client, workshop):
    response = client.post("/api/v1/join", json={"code": workshop.join_code, "name": "Camille",
                                                 "group": "employee"})

    assert response.status_code == 201


# --- the facilitator's API ----------------------------------------------------------------------


def test_does_a_token_identify_its_facilitator(client, make_facilitator):
    owner = make_facilitator("owner@example.org")

    response = client.get("/api/v1/me", headers=bearer(token_for(owner)))

    assert response.status_code == 200
    assert response.get_json()["facilitator"]["email"] == "owner@example.org"


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer"}, {"Authorization": "Bearer atf_garbage"},
     {"Authorization": "Bearer nonsense"}, {"Authorization": "Basic dXNlcjpwYXNz"}],
    ids=["missing", "empty", "unknown", "garbage", "basic-auth"],
)
@pytest.mark.parametrize("url", ["/api/v1/me", "/api/v1/workshops", "/api/v1/workshops/1"])
def test_is_a_call_without_a_valid_token_refused(client, workshop, headers, url):
    response = client.get(url, headers=headers)

    assert response.status_code == 401
    assert error_of(response)["code"] == "unauthorized"


def test_does_a_revoked_token_stop_working(client, make_facilitator):
    owner = make_facilitator()
    raw = token_for(owner)
    assert client.get("/api/v1/me", headers=bearer(raw)).status_code == 200

    with db.unit_of_work() as session:
        [token] = facilitators.list_api_tokens(session, session.merge(owner))
        facilitators.revoke_api_token(session, session.merge(owner), token.id)

    response = client.get("/api/v1/me", headers=bearer(raw))
    assert response.status_code == 401
    assert error_of(response)["code"] == "unauthorized"


def test_is_a_participant_token_refused_on_the_facilitator_api(client, workshop):
    joined = client.post("/api/v1/join", json={"code": workshop.join_code, "name": "Camille",
                                               "group": "customer"}).get_json()

    assert client.get("/api/v1/me", headers=bearer(joined["token"])).status_code == 401


def test_does_the_workshop_list_show_only_mine(client, make_facilitator, make_workshop):
    owner = make_facilitator()
    mine = make_workshop(owner, title="Mine")
    make_workshop(make_facilitator(), title="Theirs")

    response = client.get("/api/v1/workshops", headers=bearer(token_for(owner)))

    assert response.status_code == 200
    listed = response.get_json()["workshops"]
    assert [(w["id"], w["title"], w["code"]) for w in listed] == [
        (mine.id, "Mine", mine.join_code)
    ]


def test_can_a_facilitator_create_a_workshop_through_the_api(client, make_facilitator):
    owner = make_facilitator()
    headers = bearer(token_for(owner))

    response = client.post("/api/v1/workshops", headers=headers, json={
        "title": "Partner day", "method": "world_cafe", "language": "fr",
        "groups": ["Client", "Press"], "vote_budget": 8,
    })

    assert response.status_code == 201
    created = response.get_json()["workshop"]
    assert (created["title"], created["method"], created["language"]) == (
        "Partner day", "world_cafe", "fr",
    )
    assert created["vote_budget"] == 8
    assert [g["label"] for g in created["groups"]] == ["Customer", "Press"]
    assert created["join_url"].endswith(f"/j/{created['code']}")
    fetched = client.get(f"/api/v1/workshops/{created['id']}", headers=headers)
    assert fetched.get_json()["workshop"] == created


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"title": "", "method": "barcamp"}, "title"),
        ({"title": "x" * 121, "method": "barcamp"}, "title"),
        ({"title": 5, "method": "barcamp"}, "title"),
        ({"title": "Day", "method": "poker"}, "method"),
        ({"title": "Day", "method": "barcamp", "language": "de"}, "language"),
        ({"title": "Day", "method": "barcamp", "vote_budget": 101}, "vote_budget"),
        ({"title": "Day", "method": "barcamp", "vote_budget": "5"}, "vote_budget"),
        ({"title": "Day", "method": "barcamp", "vote_budget": True}, "vote_budget"),
        ({"title": "Day", "method": "barcamp", "groups": "Client"}, "groups"),
    ],
)
def test_is_a_bad_workshop_refused_with_the_field_to_fix(
    client, make_facilitator, payload, field
):
    headers = bearer(token_for(make_facilitator()))

    response = client.post("/api/v1/workshops", headers=headers, json=payload)

    assert response.status_code == 400
    assert field in error_of(response)["fields"]
    assert workshop_count() == 0


def test_is_another_facilitators_workshop_hidden(client, workshop, make_facilitator):
    headers = bearer(token_for(make_facilitator()))

    response = client.get(f"/api/v1/workshops/{workshop.id}", headers=headers)

    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"
    assert "Customer day" not in response.text


@pytest.mark.parametrize(
    ("method", "url", "status", "code"),
    [("GET", "/api/v1/nothing-here", 404, "not_found"),
     ("GET", "/api/v1/join", 405, "method_not_allowed")],
)
def test_does_a_wrong_api_address_answer_in_json(client, method, url, status, code):
    response = client.open(url, method=method)

    assert response.status_code == status
    assert error_of(response)["code"] == code


def test_is_an_oversized_body_refused(client, workshop):
    padding = "x" * (1024 * 1024)
    response = client.post("/api/v1/join", json={"code": workshop.join_code, "name": padding})

    assert response.status_code == 413
    assert error_of(response)["code"] == "too_large"
    assert people() == []


def test_does_a_retried_join_with_the_same_client_id_count_once(client, workshop):
    body = {"code": workshop.join_code, "name": "Léa", "group": "customer",
            "client_id": "6f1c2a9e-2b7d-4f7e-9a51-0c3d2e1f4b5a"}

    first = client.post("/api/v1/join", json=body)
    again = client.post("/api/v1/join", json=body)
    other = client.post("/api/v1/join", json={**body, "client_id": "another-phone-0123456789"})

    assert first.status_code == again.status_code == other.status_code == 201
    assert again.get_json() == first.get_json()
    assert other.get_json()["participant"]["id"] != first.get_json()["participant"]["id"]
    assert len(people()) == 2


RETRY = {"name": "Léa", "group": "customer", "client_id": "employee-0000000042"}


def join_as(client, workshop, **body: object):  # type: ignore[no-untyped-def]
    return client.post("/api/v1/join", json={"code": workshop.join_code, **RETRY, **body})


def joined_seconds_ago(seconds: int) -> None:
    """Move every join back in time (the log refuses ORM updates: this is a test's rewrite)."""
    for event_id, at in db.session.execute(sa.select(Event.id, Event.at)).all():
        db.session.execute(sa.update(Event).where(Event.id == event_id)
                           .values(at=at - timedelta(seconds=seconds)))
    db.session.commit()


@pytest.mark.parametrize("other", [{"name": "Mallory"}, {"group": "partner"},
                                   {"name": "Léa", "consent_quote": True}],
                         ids=["another-name", "another-group", "another-consent"])
def test_does_someone_else_sending_a_known_client_id_get_their_own_participant(
    app, workshop, other,
):
    first = join_as(app.test_client(), workshop).get_json()

    stranger = join_as(app.test_client(), workshop, **other).get_json()

    assert stranger["participant"]["id"] != first["participant"]["id"]
    assert stranger["token"] != first["token"]
    assert len(people()) == 2


def test_is_a_retry_after_the_window_a_new_participant(app, workshop):
    first = join_as(app.test_client(), workshop).get_json()
    joined_seconds_ago(participants.RETRY_WINDOW.seconds + 1)

    late = join_as(app.test_client(), workshop).get_json()

    assert late["participant"]["id"] != first["participant"]["id"]
    assert late["token"] != first["token"]


def test_is_a_retry_within_the_window_the_same_participant_with_a_working_token(
    app, workshop,
):
    first = join_as(app.test_client(), workshop).get_json()
    joined_seconds_ago(participants.RETRY_WINDOW.seconds - 60)

    again = join_as(app.test_client(), workshop).get_json()

    assert again == first
    found = participants.participant_for_token(db.session, again["token"], workshop.id)
    assert found is not None and found.id == first["participant"]["id"]


def test_is_the_token_not_derived_from_the_client_id_and_the_server_secret_alone(app, workshop):
    first = join_as(app.test_client(), workshop).get_json()

    # How tokens were made before: anyone who sent the same client_id got this one back.
    message = f"api-join|{workshop.id}|{RETRY['client_id']}".encode()
    digest = hmac.new(app.config["SECRET_KEY"].encode(), message, hashlib.sha256).digest()
    derived = "atp_" + base64.urlsafe_b64encode(digest).rstrip(b"=").decode()

    assert derived != first["token"]
    assert participants.participant_for_token(db.session, derived, workshop.id) is None


@pytest.mark.parametrize("client_id", ["short", 42, "x" * 65, "has spaces in it!!!!"])
def test_is_an_unusable_client_id_refused(client, workshop, client_id):
    response = client.post("/api/v1/join", json={
        "code": workshop.join_code, "name": "Léa", "group": "customer", "client_id": client_id,
    })
    assert response.status_code == 400
    assert "client_id" in error_of(response)["fields"]
    assert people() == []
