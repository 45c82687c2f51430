"""Malformed input on every family of routes: a 4xx with a reason, never a server error."""

from __future__ import annotations

import json

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import PASSWORD, csrf_from, post_form
from workshop.extensions import db
from workshop.models import Facilitator, Workshop
from workshop.services import facilitators

HUGE = 10**30  # past any integer a database stores: SQLite's driver overflows on it
DEEP = "[" * 100_000 + "]" * 100_000  # 200 kB, under the 1 MiB limit, deeper than any parser
SURROGATE = "\ud800"  # half of an emoji, as JSON can carry it: no UTF-8 form at all


def raw_json(client: FlaskClient, url: str, body: str, **kwargs: object):  # type: ignore[no-untyped-def]
    return client.post(url, data=body.encode("utf-8", "surrogatepass"),
                       content_type="application/json", **kwargs)




def assert_refused_in_json(response, code: str | None = None) -> None:  # type: ignore[no-untyped-def]
    assert 400 <= response.status_code < 500, (response.status_code, response.text[:300])
    assert response.is_json, response.text[:300]
    assert response.get_json()["error"]["code"] == (code or response.get_json()["error"]["code"])


@pytest.fixture
def owner(app: Flask) -> Facilitator:
    with db.unit_of_work() as session:
        return facilitators.create_facilitator(session, "ana@example.org", PASSWORD, "Ana")


@pytest.fixture
def workshop(owner: Facilitator, make_workshop) -> Workshop:  # type: ignore[no-untyped-def]
    return make_workshop(owner)


@pytest.fixture
def bearer(owner: Facilitator) -> dict[str, str]:
    with db.unit_of_work() as session:
        _token, raw = facilitators.issue_api_token(session, session.merge(owner), "tests")
    return {"Authorization": f"Bearer {raw}"}


# --- the JSON API -------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/api/v1/join", "/api/v1/workshops"])
def test_is_a_deeply_nested_body_refused(client, bearer, url):
    assert_refused_in_json(raw_json(client, url, DEEP, headers=bearer), "invalid")


@pytest.mark.parametrize("body", [
    '{"code": "ABC", "name": 1e999}', '{"code": NaN}', '{"code": "' + "9" * 5000 + '"}',
    '{"code": ' + "9" * 5000 + "}", b"\xff\xfe{}".decode("latin-1"), "[]", '"code"',
])
def test_is_an_odd_join_body_refused(client, body):
    assert_refused_in_json(raw_json(client, "/api/v1/join", body))


def test_does_a_join_with_broken_text_answer_without_an_error(client, workshop):
    body = json.dumps({"code": workshop.join_code + SURROGATE, "name": "Léa" + SURROGATE,
                       "group": "customer" + SURROGATE})
    bad_key = json.dumps({"code": workshop.join_code, "name": "Léa",
                          "client_id": "0123456789abcdef" + SURROGATE})

    response = raw_json(client, "/api/v1/join", body)

    assert response.status_code == 201, response.text[:300]
    assert response.get_json()["participant"] == {**response.get_json()["participant"],
                                                  "name": "Léa", "group": "customer"}
    assert_refused_in_json(raw_json(client, "/api/v1/join", bad_key), "invalid")


def test_is_a_workshop_with_broken_text_created_with_clean_text(client, bearer):
    body = json.dumps({"title": "Customer day" + SURROGATE, "method": "barcamp",
                       "calling_question": "Why?" + SURROGATE,
                       "groups": ["Press" + SURROGATE, SURROGATE]})

    response = raw_json(client, "/api/v1/workshops", body, headers=bearer)

    assert response.status_code == 201, response.text[:300]
    created = response.get_json()["workshop"]
    assert (created["title"], created["calling_question"]) == ("Customer day", "Why?")
    assert [g["label"] for g in created["groups"]] == ["Press"]


@pytest.mark.parametrize("field", ["vote_budget", "max_votes_per_topic"])
def test_is_a_huge_number_in_a_body_refused(client, bearer, field):
    body = json.dumps({"title": "Day", "method": "barcamp", field: HUGE})

    assert_refused_in_json(raw_json(client, "/api/v1/workshops", body, headers=bearer),
                           "invalid")


@pytest.mark.parametrize("path", ["/api/v1/workshops/{id}", "/api/v1/workshops/{id}/export"])
def test_is_a_huge_id_in_an_api_address_not_found(client, bearer, path):
    response = client.get(path.format(id=HUGE) + "?format=md", headers=bearer)

    assert_refused_in_json(response, "not_found")


# --- the facilitator's pages --------------------------------------------------------------


@pytest.fixture
def signed_in(client: FlaskClient, owner: Facilitator) -> str:
    """Sign ``client`` in as the owner; returns a CSRF token for its forms."""
    post_form(client, "/login", {"email": owner.email, "password": PASSWORD})
    return csrf_from(client.get("/").text)


@pytest.mark.parametrize(("method", "path"), [
    ("GET", "/workshops/{huge}"), ("GET", "/workshops/{huge}/edit"),
    ("GET", "/workshops/{huge}/console"), ("GET", "/workshops/{huge}/qr.svg"),
    ("GET", "/workshops/{huge}/synthesis"), ("GET", "/workshops/{huge}/export/md"),
    ("POST", "/workshops/{huge}/edit"), ("POST", "/workshops/{huge}/joining"),
    ("POST", "/workshops/{huge}/archive"), ("POST", "/workshops/{huge}/restore"),
    ("POST", "/workshops/{huge}/delete"), ("POST", "/workshops/{id}/synthesis/tags/{huge}"),
    ("POST", "/account/tokens/{huge}/revoke"), ("POST", "/workshops/{huge}/review-meeting"),
    ("POST", "/workshops/{huge}/review-meeting/cancel"),
])
def test_is_a_huge_id_in_a_page_address_not_found(client, signed_in, workshop, method, path):
    url = path.format(huge=HUGE, id=workshop.id)

    response = client.open(url, method=method, data={"csrf_token": signed_in})

    assert response.status_code == 404, (url, response.status_code)
    assert "This page does not exist" in response.text


# --- phones and the screen ----------------------------------------------------------------


@pytest.mark.parametrize("path", [
    "/j/%ED%A0%80", "/w/%ED%A0%80", "/j/%FF%FE", "/screen/%ED%A0%80", "/screen/%FF/qr.svg",
    "/join?code=%ED%A0%80", "/lang/%ED%A0%80?next=%ED%A0%80", "/stop/%ED%A0%80", "/stop/%FF%FE",
])
def test_does_a_broken_address_answer_with_a_page(client, path):
    response = client.get(path)

    assert response.status_code < 500, (path, response.status_code)


def test_does_a_join_form_with_broken_bytes_answer_with_a_page(client, workshop):
    page = client.get(f"/j/{workshop.join_code}")
    body = (f"csrf_token={csrf_from(page.text)}&name=%ED%A0%80%FF&group=customer"
            "&join_key=%ED%A0%80%ED%A0%80%ED%A0%80%ED%A0%80").encode()

    response = client.post(f"/j/{workshop.join_code}", data=body,
                           content_type="application/x-www-form-urlencoded")

    assert response.status_code < 500
