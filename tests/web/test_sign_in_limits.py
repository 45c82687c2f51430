"""Sign-in limits: per account tried and per address, counted before the password is checked."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import PASSWORD, csrf_from, post_form
from tests.rate_limiting import ELSEWHERE, Overlap, limit, phone_at
from workshop.services import facilitators


def test_is_an_account_locked_after_its_wrong_passwords_whatever_the_address(
    app: Flask, client: FlaskClient, make_facilitator: Any
) -> None:
    owner = make_facilitator()
    limit(app, login="2/minute")

    failures = [post_form(client, "/login", {"email": owner.email, "password": "wrong"})
                for _ in range(2)]
    owners_laptop = phone_at(app, ELSEWHERE)
    blocked = post_form(owners_laptop, "/login", {"email": f" {owner.email.upper()}",
                                                  "password": PASSWORD})

    assert [f.status_code for f in failures] == [401, 401]
    assert blocked.status_code == 429  # right password, but its account's tries are used up
    assert "Too many requests at once" in blocked.text
    assert 59 <= int(blocked.headers["Retry-After"]) <= 60
    assert owners_laptop.get("/").status_code == 302  # still signed out: sent to sign in


def test_can_a_nat_neighbour_guessing_another_account_lock_a_facilitator_out(
    app: Flask, make_facilitator: Any
) -> None:
    """The default rules: no; the guessed account is locked, the others from the address not."""
    facilitator, target = make_facilitator(), make_facilitator()
    neighbour, colleague = phone_at(app), phone_at(app)

    guesses = [post_form(neighbour, "/login", {"email": target.email, "password": f"guess{n}"})
               for n in range(30)]
    signed_in = post_form(colleague, "/login", {"email": facilitator.email,
                                                "password": PASSWORD})

    assert [g.status_code for g in guesses] == [401] * 10 + [429] * 20
    assert signed_in.status_code == 302
    assert colleague.get("/").status_code == 200  # the dashboard


def test_are_sign_ins_across_many_accounts_limited_per_address(
    app: Flask, make_facilitator: Any
) -> None:
    limit(app, login_address="3/minute")
    accounts = [make_facilitator() for _ in range(4)]
    sprayer, elsewhere = phone_at(app), phone_at(app, ELSEWHERE)

    sprayed = [post_form(sprayer, "/login", {"email": a.email, "password": "Summer2024!"})
               for a in accounts]
    other = post_form(elsewhere, "/login", {"email": accounts[-1].email, "password": PASSWORD})

    assert [s.status_code for s in sprayed] == [401, 401, 401, 429]
    assert other.status_code == 302


def test_do_30_parallel_wrong_passwords_get_at_most_10_tries(
    app: Flask, make_facilitator: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    email = make_facilitator().email  # read here: threads share no database session
    limit(app, login="10/minute")
    devices = [phone_at(app) for _ in range(30)]
    tokens = [csrf_from(device.get("/login").text) for device in devices]
    overlap = Overlap(app, 30)
    tried = []
    real = facilitators.authenticate

    def authenticate(session: Any, email: str, password: str) -> Any:
        tried.append(password)
        return real(session, email, password)

    monkeypatch.setattr(facilitators, "authenticate", overlap.holding(authenticate))
    statuses = overlap.run(lambda n: devices[n].post("/login", data={
        "csrf_token": tokens[n], "email": email, "password": f"guess{n}"}))

    assert len(tried) == 10
    assert sorted(statuses) == [401] * 10 + [429] * 20
