"""Set-up, sign-in and out, password change: what a facilitator sees in the browser."""

from __future__ import annotations

import re
import sqlite3
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa

from tests.conftest import PASSWORD, csrf_from, post_form
from workshop.extensions import db
from workshop.models import Facilitator

NEW_PASSWORD = "a brand new passphrase"
SETUP = {
    "display_name": "Ana",
    "email": "Ana@Example.org",
    "password": PASSWORD,
    "confirm": PASSWORD,
}


def stays_on_site(location: str) -> bool:
    """Browsers read a backslash as a slash: "/\\evil.example" would leave the site."""
    parts = urlsplit(location.replace("\\", "/"))
    return not parts.scheme and not parts.netloc and location.startswith("/")


def facilitator_count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Facilitator))


def is_signed_in(client) -> bool:  # type: ignore[no-untyped-def]
    """A page only facilitators may open answers 200, not a redirect to sign-in."""
    response = client.get("/workshops/new")
    return response.status_code == 200


def sign_in(client, email: str, password: str = PASSWORD, **extra: str):  # type: ignore[no-untyped-def]
    return post_form(client, "/login", {"email": email, "password": password, **extra})


def sign_out(client):  # type: ignore[no-untyped-def]
    token = csrf_from(client.get("/").text)
    return client.post("/logout", data={"csrf_token": token})


def change_password(client, current: str, new: str):  # type: ignore[no-untyped-def]
    return post_form(
        client, "/account", {"current_password": current, "password": new, "confirm": new}
    )


# --- first set-up --------------------------------------------------------------------------


def test_does_a_fresh_install_open_on_the_setup_page(client):
    assert client.get("/").location.endswith("/setup")
    assert client.get("/login").location.endswith("/setup")
    page = client.get("/setup")
    assert page.status_code == 200
    assert "Create my account" in page.text


def test_does_setup_create_the_first_facilitator_and_sign_them_in(client):
    response = post_form(client, "/setup", SETUP)

    assert response.status_code == 302
    assert response.location.endswith("/workshops/new")
    assert is_signed_in(client)
    emails = db.session.scalars(sa.select(Facilitator.email)).all()
    assert emails == ["ana@example.org"]


def test_is_setup_refused_once_a_facilitator_exists(app, client, make_facilitator):
    make_facilitator()

    assert client.get("/setup").location.endswith("/login")
    token = csrf_from(client.get("/login").text)
    response = client.post("/setup", data={"csrf_token": token, **SETUP})

    assert response.status_code == 302
    assert response.location.endswith("/login")
    assert facilitator_count() == 1
    assert not is_signed_in(client)


@pytest.mark.parametrize(
    ("password", "confirm"),
    [("short", "short"), (PASSWORD, PASSWORD + "!"), ("", "")],
    ids=["too-short", "different", "empty"],
)
def test_does_setup_refuse_a_weak_or_mistyped_password(client, password, confirm):
    response = post_form(client, "/setup", {**SETUP, "password": password, "confirm": confirm})

    assert response.status_code == 400
    assert 'class="errors"' in response.text
    assert facilitator_count() == 0


@pytest.mark.parametrize(
    ("email", "password"),
    [("admin", "admin"), ("admin@example.org", "password"), ("admin@localhost", "changeme"),
     ("atelier@example.org", "atelier")],
)
def test_can_anyone_sign_in_with_a_default_password_on_a_fresh_install(client, email, password):
    token = csrf_from(client.get("/setup").text)

    response = client.post(
        "/login", data={"csrf_token": token, "email": email, "password": password}
    )

    assert response.location.endswith("/setup")
    assert not is_signed_in(client)
    assert facilitator_count() == 0


# --- signing in and out -----------------------------------------------------------------------


def test_can_a_facilitator_sign_in_and_out(client, make_facilitator):
    owner = make_facilitator("camille@example.org")

    response = sign_in(client, "Camille@Example.org")
    assert response.status_code == 302
    assert is_signed_in(client)
    assert owner.email in client.get("/account").text

    response = sign_out(client)
    assert response.location.endswith("/login")
    assert not is_signed_in(client)


def test_is_signing_out_by_a_plain_link_or_without_the_form_token_refused(client, logged_in):
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 400
    assert is_signed_in(client)


def test_do_a_wrong_password_and_an_unknown_email_look_the_same(client, make_facilitator):
    make_facilitator("known@example.org")

    wrong_password = sign_in(client, "known@example.org", "not the password at all")
    unknown_email = sign_in(client, "nobody@example.org", "not the password at all")

    assert wrong_password.status_code == unknown_email.status_code == 401
    assert "Email or password is incorrect." in wrong_password.text
    assert "Email or password is incorrect." in unknown_email.text
    assert not is_signed_in(client)


def test_does_sign_in_return_to_the_page_that_asked_for_it(client, make_facilitator):
    owner = make_facilitator()
    login_url = client.get("/account").location
    assert "/login?next=" in login_url

    page = client.get(login_url)
    response = client.post(
        login_url,
        data={"csrf_token": csrf_from(page.text), "email": owner.email, "password": PASSWORD},
    )

    assert response.location.endswith("/account")


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example"])
def test_does_sign_in_refuse_to_send_the_user_to_another_site(client, make_facilitator, target):
    owner = make_facilitator()
    url = f"/login?next={target}"
    page = client.get(url)

    response = client.post(
        url, data={"csrf_token": csrf_from(page.text), "email": owner.email, "password": PASSWORD}
    )

    assert response.status_code == 302
    assert stays_on_site(response.location)


def test_is_the_password_stored_hashed(instance, make_facilitator):
    make_facilitator("hash@example.org")

    with sqlite3.connect(instance / "atelier.db") as connection:
        (stored,) = connection.execute(
            "SELECT password_hash FROM facilitator WHERE email = 'hash@example.org'"
        ).fetchone()

    assert stored != PASSWORD
    assert PASSWORD not in stored


# --- changing the password ---------------------------------------------------------------


def test_does_a_wrong_current_password_leave_the_password_unchanged(app, client, logged_in):
    response = change_password(client, "this is not it at all", NEW_PASSWORD)

    assert response.status_code == 400
    assert "This is not your current password." in response.text
    other = app.test_client()
    assert sign_in(other, logged_in.email, NEW_PASSWORD).status_code == 401
    assert sign_in(other, logged_in.email, PASSWORD).status_code == 302


def test_does_a_new_password_replace_the_old_one(app, client, logged_in):
    response = change_password(client, PASSWORD, NEW_PASSWORD)

    assert response.status_code == 302
    assert "Your password has been changed." in client.get(response.location).text
    assert is_signed_in(client)
    other = app.test_client()
    assert sign_in(other, logged_in.email, PASSWORD).status_code == 401
    assert sign_in(other, logged_in.email, NEW_PASSWORD).status_code == 302


def test_does_changing_the_password_sign_out_other_browsers(app, client, logged_in):
    laptop = app.test_client()
    assert sign_in(laptop, logged_in.email).status_code == 302
    assert is_signed_in(laptop)

    assert change_password(client, PASSWORD, NEW_PASSWORD).status_code == 302

    assert not is_signed_in(laptop)
    assert is_signed_in(client)


def test_does_changing_the_password_end_keep_me_signed_in_elsewhere(app, client, logged_in):
    laptop = app.test_client()
    assert sign_in(laptop, logged_in.email, remember="y").status_code == 302
    laptop.delete_cookie("session")  # the browser was closed: only the remember-me cookie is left
    assert is_signed_in(laptop)

    assert change_password(client, PASSWORD, NEW_PASSWORD).status_code == 302
    laptop.delete_cookie("session")

    assert not is_signed_in(laptop)


def test_does_this_browser_stay_kept_signed_in_after_a_password_change(client, make_facilitator):
    owner = make_facilitator()
    assert sign_in(client, owner.email, remember="y").status_code == 302

    assert change_password(client, PASSWORD, NEW_PASSWORD).status_code == 302
    client.delete_cookie("session")  # the browser was closed and opened again

    assert is_signed_in(client)


def test_is_a_new_password_held_to_the_same_rules(client, logged_in):
    response = change_password(client, PASSWORD, "short")

    assert response.status_code == 400
    assert "Use between 10 and 128 characters." in response.text


# --- forms sent without their CSRF token ------------------------------------------------------


def test_is_setup_without_the_form_token_refused(client):
    response = client.post("/setup", data=SETUP)

    assert response.status_code == 400
    assert "This form has expired" in response.text
    assert facilitator_count() == 0


def test_is_sign_in_without_the_form_token_refused(client, make_facilitator):
    owner = make_facilitator()

    response = client.post("/login", data={"email": owner.email, "password": PASSWORD})

    assert response.status_code == 400
    assert not is_signed_in(client)


def test_is_a_password_change_without_the_form_token_refused(app, client, logged_in):
    response = client.post(
        "/account",
        data={"current_password": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )

    assert response.status_code == 400
    assert sign_in(app.test_client(), logged_in.email, PASSWORD).status_code == 302


# --- personal API tokens on the account page ----------------------------------------------------


def test_can_a_facilitator_make_and_revoke_an_api_token_from_the_account_page(client, logged_in):
    token = csrf_from(client.get("/account").text)
    page = client.post("/account/tokens", data={"csrf_token": token, "name": "load test"})
    match = re.search(r'id="new-token">([^<]+)<', page.text)
    assert match, "the new token is not shown"
    raw = match.group(1)
    headers = {"Authorization": f"Bearer {raw}"}
    assert client.get("/api/v1/me", headers=headers).status_code == 200
    account = client.get("/account").text
    assert "load test" in account
    assert raw not in account  # shown once only

    revoke_url = re.search(r'action="(/account/tokens/\d+/revoke)"', account).group(1)
    client.post(revoke_url, data={"csrf_token": csrf_from(account)})

    assert client.get("/api/v1/me", headers=headers).status_code == 401
    assert "revoked" in client.get("/account").text
