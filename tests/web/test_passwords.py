"""An easily guessed password is refused in the browser, with what would make it better."""

from __future__ import annotations

import sqlalchemy as sa
from markupsafe import escape

from tests.conftest import PASSWORD, french, post_form
from workshop.extensions import db
from workshop.models import Facilitator

WEAK = "azertyuiop"  # ten characters, but the top row of a French keyboard: a classic
ADVICE = ("This password is too easy to guess.", "This is a very common password.")


def facilitators() -> list[str]:
    return list(db.session.scalars(sa.select(Facilitator.email)))


def setup(client, password: str, language: str = "en"):  # type: ignore[no-untyped-def]
    form = {"display_name": "Ana", "email": "ana@example.org", "password": password,
            "confirm": password}
    return post_form(client, "/setup", form, headers={"Accept-Language": language})


def test_does_setup_refuse_an_easily_guessed_password_and_say_why(client):
    response = setup(client, WEAK)

    assert response.status_code == 400
    assert all(str(escape(message)) in response.text for message in ADVICE)
    assert facilitators() == []


def test_is_the_advice_given_in_french_to_a_french_browser(client):
    response = setup(client, WEAK, "fr")

    assert response.status_code == 400
    assert all(str(escape(french(message))) in response.text for message in ADVICE)


def test_is_a_passphrase_of_a_few_words_accepted(client):
    assert setup(client, PASSWORD).status_code == 302
    assert facilitators() == ["ana@example.org"]


def test_is_an_easily_guessed_new_password_refused(client, logged_in):
    response = post_form(client, "/account", {"current_password": PASSWORD, "password": WEAK,
                                              "confirm": WEAK})

    assert response.status_code == 400
    assert str(escape(ADVICE[0])) in response.text
