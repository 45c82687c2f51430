"""The team and accounts pages: invitations by email and by link, administrators' accounts."""

from __future__ import annotations

import html
import re
from typing import Any

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import PASSWORD, csrf_from, french, post_form
from workshop.extensions import db
from workshop.models import Facilitator, Workshop
from workshop.services import team


def browser(app: Flask, account: Facilitator | None = None) -> FlaskClient:
    client = app.test_client()
    if account is not None:
        signed = post_form(client, "/login", {"email": account.email, "password": PASSWORD})
        assert signed.status_code == 302
    return client


def post_from(client: FlaskClient, page: str, url: str, data: dict[str, Any] | None = None,
              **kwargs: Any) -> Any:
    """Press a button of ``page`` that posts to ``url``, as a browser would."""
    token = csrf_from(client.get(page).text)
    return client.post(url, data={"csrf_token": token, **(data or {})}, **kwargs)


def invitation_link(client: FlaskClient, workshop: Workshop) -> str:
    page = post_from(client, f"/workshops/{workshop.id}/team",
                     f"/workshops/{workshop.id}/team/invitation")
    assert page.status_code == 200
    found = re.search(r'data-invitation-link>([^<]+)<', page.text)
    assert found, "the page shows no invitation link"
    return html.unescape(found.group(1)).replace("http://localhost", "")


def test_can_the_owner_add_a_co_facilitator_who_then_runs_the_console(
    app: Flask, make_facilitator: Any, make_workshop: Any
) -> None:
    owner, ben = make_facilitator(), make_facilitator("ben@example.org")
    workshop = make_workshop(owner, title="Customer day")
    mine = browser(app, owner)

    added = post_form(mine, f"/workshops/{workshop.id}/team", {"email": "ben@example.org"})

    assert added.status_code == 302
    assert "ben@example.org" in mine.get(f"/workshops/{workshop.id}/team").text
    theirs = browser(app, ben)
    assert "Customer day" in theirs.get("/").text
    assert theirs.get(f"/workshops/{workshop.id}/console").status_code == 200
    assert theirs.get(f"/workshops/{workshop.id}/delete").status_code == 403


def test_is_an_unknown_email_refused_on_the_team_page(
    app: Flask, make_facilitator: Any, make_workshop: Any
) -> None:
    owner = make_facilitator()
    workshop = make_workshop(owner)

    answer = post_form(browser(app, owner), f"/workshops/{workshop.id}/team",
                       {"email": "nobody@example.org"})

    assert answer.status_code == 404
    assert "No facilitator has this email." in answer.text
    assert len(team.team_of(db.session, workshop)) == 1


def test_is_a_team_form_without_its_csrf_token_refused(
    app: Flask, make_facilitator: Any, make_workshop: Any
) -> None:
    owner, ben = make_facilitator(), make_facilitator()
    workshop = make_workshop(owner)
    mine = browser(app, owner)

    answers = [mine.post(f"/workshops/{workshop.id}/team", data={"email": ben.email}),
               mine.post(f"/workshops/{workshop.id}/team/invitation")]

    assert [answer.status_code for answer in answers] == [400, 400]
    assert not team.may_run(db.session, workshop, ben.id)


def test_does_an_invitation_link_create_an_account_once_then_refuse_the_next_visitor(
    app: Flask, make_facilitator: Any, make_workshop: Any
) -> None:
    owner = make_facilitator()
    workshop = make_workshop(owner, title="Customer day")
    link = invitation_link(browser(app, owner), workshop)
    newcomer = browser(app)

    joined = post_form(newcomer, link, {"display_name": "Zoé", "email": "zoe@example.org",
                                        "password": "a long enough passphrase",
                                        "confirm": "a long enough passphrase"})

    assert joined.status_code == 302
    assert joined.headers["Location"].endswith(f"/workshops/{workshop.id}")
    assert newcomer.get(f"/workshops/{workshop.id}/console").status_code == 200
    second = browser(app).get(link)
    assert second.status_code == 409
    assert "This invitation link has already been used." in second.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Facilitator)) == 2


def test_can_a_signed_in_facilitator_join_with_a_link(
    app: Flask, make_facilitator: Any, make_workshop: Any
) -> None:
    owner, ben = make_facilitator(), make_facilitator()
    workshop = make_workshop(owner)
    link = invitation_link(browser(app, owner), workshop)

    joined = post_form(browser(app, ben), link, {})

    assert joined.status_code == 302
    assert team.may_run(db.session, workshop, ben.id)


def test_is_a_made_up_invitation_link_not_found(app: Flask, make_facilitator: Any) -> None:
    make_facilitator()

    assert browser(app).get("/team/join/ati_made-up").status_code == 404


def test_does_the_workshop_page_say_who_did_what_in_english_and_french(
    app: Flask, make_facilitator: Any, make_workshop: Any
) -> None:
    owner = make_facilitator()
    workshop = make_workshop(owner)
    mine = browser(app, owner)
    post_from(mine, f"/workshops/{workshop.id}", f"/workshops/{workshop.id}/joining",
              {"lock": "1"})

    english = mine.get(f"/workshops/{workshop.id}").text
    mine.get("/lang/fr")
    french_page = mine.get(f"/workshops/{workshop.id}").text

    assert "Who did what" in english and "locked joining" in english
    assert french("Who did what") in french_page and french("locked joining") in french_page


# --- administrators -------------------------------------------------------------------------


def test_can_an_administrator_create_an_account_with_a_temporary_password(
    app: Flask, make_facilitator: Any
) -> None:
    admin = make_facilitator()
    page = post_form(browser(app, admin), "/admin/accounts",
                     {"email": "zoe@example.org", "display_name": "Zoé"})

    found = re.search(r"data-temporary-password>([^<]+)<", page.text)
    assert page.status_code == 200 and found
    zoe = app.test_client()
    signed = post_form(zoe, "/login", {"email": "zoe@example.org",
                                       "password": html.unescape(found.group(1))})
    assert signed.status_code == 302


def test_are_the_account_pages_refused_to_a_facilitator_who_is_not_an_administrator(
    app: Flask, make_facilitator: Any
) -> None:
    make_facilitator()
    ben = make_facilitator()
    theirs = browser(app, ben)
    token = csrf_from(theirs.get("/account").text)

    answers = [theirs.get("/admin/accounts"),
               theirs.post("/admin/accounts", data={"csrf_token": token,
                                                    "email": "x@example.org"}),
               theirs.post(f"/admin/accounts/{ben.id}/reset", data={"csrf_token": token})]

    assert [answer.status_code for answer in answers] == [403, 403, 403]
    assert "Accounts" not in theirs.get("/account").text.split("<main")[0]


def test_does_disabling_an_account_sign_it_out_and_keep_it_out(
    app: Flask, make_facilitator: Any
) -> None:
    admin, ben = make_facilitator(), make_facilitator()
    theirs = browser(app, ben)

    mine = browser(app, admin)
    post_from(mine, "/admin/accounts", f"/admin/accounts/{ben.id}/disable")

    assert "disabled" in mine.get("/admin/accounts").text.split(ben.email)[1].split("</tr>")[0]
    assert theirs.get("/account").status_code == 302
    again = post_form(app.test_client(), "/login", {"email": ben.email, "password": PASSWORD})
    assert again.status_code == 401


def test_does_a_reset_give_a_new_password_and_end_the_old_one(
    app: Flask, make_facilitator: Any
) -> None:
    admin, ben = make_facilitator(), make_facilitator()

    page = post_from(browser(app, admin), "/admin/accounts", f"/admin/accounts/{ben.id}/reset")

    found = re.search(r"data-temporary-password>([^<]+)<", page.text)
    assert found
    old = post_form(app.test_client(), "/login", {"email": ben.email, "password": PASSWORD})
    new = post_form(app.test_client(), "/login", {"email": ben.email,
                                                  "password": html.unescape(found.group(1))})
    assert (old.status_code, new.status_code) == (401, 302)
