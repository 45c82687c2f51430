"""Joining limits for a whole room behind one address: the room never refused, a guesser slowed."""

from __future__ import annotations

import math
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.conftest import csrf_from, french, in_check, post_form
from tests.rate_limiting import Clock, Overlap, freeze_clock, limit, phone_at
from workshop.extensions import db
from workshop.models import Participant, Workshop
from workshop.services import workshops


@pytest.fixture
def workshop(make_facilitator: Any, make_workshop: Any) -> Workshop:
    return make_workshop(make_facilitator())


@pytest.fixture
def clock(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Clock:
    return freeze_clock(app, monkeypatch)


def api_join(device: FlaskClient, code: str, name: str = "Zoé",
             language: str = "en") -> TestResponse:
    return device.post("/api/v1/join", json={"code": code, "name": name, "group": "customer"},
                       headers={"Accept-Language": language})


def scan_and_join(device: FlaskClient, code: str, name: str = "Zoé") -> TestResponse:
    """Open the QR link, then send the form it shows."""
    page = device.get(f"/j/{code}")
    assert page.status_code == 200
    return device.post(f"/j/{code}", data={"csrf_token": csrf_from(page.text), "name": name,
                                           "group": "customer"})


def people_in(workshop: Workshop) -> int:
    db.session.rollback()  # see what the requests committed
    return db.session.scalar(sa.select(sa.func.count()).select_from(Participant)
                             .where(Participant.workshop_id == workshop.id)) or 0


def test_are_wrong_join_codes_slowed_per_address_while_a_right_one_still_joins(
    app: Flask, workshop: Workshop
) -> None:
    limit(app, code="3/minute")
    bot, phone = phone_at(app), phone_at(app)

    wrong = [api_join(bot, "ZZZZZZ", "Bot") for _ in range(5)]
    right = api_join(phone, workshop.join_code)
    typed = post_form(phone_at(app), "/join", {"code": workshop.join_code})

    assert [r.status_code for r in wrong] == [404, 404, 404, 429, 429]
    refusal = wrong[-1].json["error"]
    assert refusal["code"] == "rate_limited"
    assert refusal["message"].startswith("No workshop has this code")
    assert int(wrong[-1].headers["Retry-After"]) == refusal["retry_after"] >= 1
    assert right.status_code == 201
    assert typed.status_code == 302
    assert people_in(workshop) == 1


# A plenary of 2,000 arrives in two minutes; `make check` runs the same arrival rate for half a
# minute, `make test` the whole plenary.
@pytest.mark.parametrize("phones", in_check([500, 2000], 500))
def test_does_a_plenary_behind_one_address_join_at_1000_a_minute_while_a_guesser_is_slowed(
    app: Flask, clock: Clock, workshop: Workshop, phones: int
) -> None:
    """The default rules: every phone of the room gets in; the guesser gets 30 tries a minute."""
    code = workshop.join_code
    guesses = []
    answers = []
    for n in range(phones):
        clock.now += 0.06  # 1,000 arrivals a minute: 2,000 in 120 seconds
        phone = phone_at(app)
        if n % 4:  # most type the code (in the app, through the API), some scan the QR link
            answers.append(api_join(phone, code, f"Phone {n}").status_code)
        else:
            answers.append(scan_and_join(phone, code, f"Phone {n}").status_code)
        if n % 10 == 0:  # a script on the same Wi-Fi tries a code every 0.6 s
            guesses.append(api_join(phone_at(app), "ZZZZZ" + "ABCDEFGHJK"[n // 200]))

    assert set(answers) == {201, 302}  # the API's 201, the page's redirect to the phone view
    assert people_in(workshop) == phones
    statuses = [g.status_code for g in guesses]
    minutes = math.ceil(phones * 0.06 / 60)
    assert statuses.count(404) == minutes * 30  # its budget for each minute, the rest refused
    assert statuses.count(429) == len(guesses) - minutes * 30


def test_do_the_qr_link_and_a_typed_code_open_after_a_flood_of_wrong_codes_from_the_address(
    app: Flask, clock: Clock, workshop: Workshop
) -> None:
    bot = phone_at(app)
    for _minute in range(10):  # the default budget: 30 a minute, 300 an hour
        assert {api_join(bot, "ZZZZZZ", "Bot").status_code for _ in range(40)} == {404, 429}
        clock.now += 60
    assert api_join(bot, "ZZZZZZ", "Bot").status_code == 429
    code = workshop.join_code
    scanning, typing = phone_at(app), phone_at(app)

    joined = scan_and_join(scanning, code)
    typed = post_form(typing, "/join", {"code": code.lower()})

    assert joined.status_code == 302
    assert scanning.get(f"/w/{code}").status_code == 200
    assert typed.status_code == 302
    assert typed.headers["Location"].endswith(f"/j/{code}")
    refused = post_form(typing, "/join", {"code": "ZZZZZZ"})
    assert refused.status_code == 429
    assert "many wrong codes came from your network" in refused.text
    assert refused.headers["Retry-After"] == "3000"  # the hour's budget, used up 10 min ago
    in_french = api_join(phone_at(app), "ZZZZZZ", "Bot", language="fr").json["error"]["message"]
    assert in_french == french(
        "No workshop has this code, and many wrong codes came from your network lately. "
        "Check the code on the screen, then try again in a moment.")


def test_are_joins_limited_per_address(
    app: Flask, client: FlaskClient, workshop: Workshop
) -> None:
    limit(app, join="2/minute")
    body = {"code": workshop.join_code, "group": "customer"}

    answers = [client.post("/api/v1/join", json={**body, "name": f"Phone {n}"})
               for n in range(3)]

    assert [a.status_code for a in answers] == [201, 201, 429]
    assert people_in(workshop) == 2


def test_are_joins_limited_per_workshop_whatever_the_address(
    app: Flask, workshop: Workshop, make_facilitator: Any, make_workshop: Any
) -> None:
    other = make_workshop(make_facilitator())
    limit(app, join_workshop="2/minute")
    code = workshop.join_code

    answers = [api_join(phone_at(app, f"192.0.2.{n}"), code, f"Phone {n}") for n in range(3)]
    elsewhere = api_join(phone_at(app, "192.0.2.9"), other.join_code)

    assert [a.status_code for a in answers] == [201, 201, 429]
    assert elsewhere.status_code == 201  # another workshop's room is its own
    assert people_in(workshop) == 2


def test_is_retry_after_the_window_exceeded_rounded_up(
    app: Flask, clock: Clock, workshop: Workshop
) -> None:
    limit(app, code="2/second;5/minute")
    bot = phone_at(app)

    def retry_after() -> int:
        answer = api_join(bot, "ZZZZZZ", "Bot")
        assert answer.status_code == 429
        assert answer.headers["Retry-After"] == str(answer.json["error"]["retry_after"])
        return int(answer.json["error"]["retry_after"])

    assert [api_join(bot, "ZZZZZZ", "Bot").status_code for _ in range(2)] == [404, 404]
    assert retry_after() == 1  # the second is used up, not the minute
    clock.now += 0.4
    assert retry_after() == 1  # 0.6 s, rounded up
    clock.now += 0.6
    assert [api_join(bot, "ZZZZZZ", "Bot").status_code for _ in range(2)] == [404, 404]
    clock.now += 2.0  # 3 s after the first: 4 tries of 5 used this minute
    assert api_join(bot, "ZZZZZZ", "Bot").status_code == 404
    assert retry_after() == 57  # the minute is used up: it started 3 s ago
    clock.now += 57
    assert api_join(bot, "ZZZZZZ", "Bot").status_code == 404


def test_do_30_parallel_wrong_codes_get_at_most_10_answers(
    app: Flask, workshop: Workshop, monkeypatch: pytest.MonkeyPatch
) -> None:
    limit(app, code="10/minute")
    bot = phone_at(app)
    overlap = Overlap(app, 30)
    monkeypatch.setattr(workshops, "find_by_code", overlap.holding(workshops.find_by_code))

    statuses = overlap.run(lambda n: api_join(bot, f"ZZZ{n:03d}", "Bot"))

    assert sorted(statuses) == [404] * 10 + [429] * 20
    assert api_join(phone_at(app), workshop.join_code).status_code == 201
