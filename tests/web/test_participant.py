"""Joining from a phone: the code page, the join form and the phone page."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from markupsafe import escape

from tests.conftest import csrf_from, french, post_form
from workshop.extensions import db
from workshop.models import Participant, WorkshopState
from workshop.services import workshops

UNKNOWN_CODE = "No workshop has this code. Check the code on the screen and try again."


@pytest.fixture
def workshop(make_facilitator, make_workshop):  # type: ignore[no-untyped-def]
    return make_workshop(make_facilitator(), title="Customer day")


def join(client, code: str, name: str = "Camille", group: str | None = "customer", **extra: str):  # type: ignore[no-untyped-def]
    data = {"name": name, **extra}
    if group is not None:
        data["group"] = group
    return post_form(client, f"/j/{code}", data)


def people() -> list[Participant]:
    return list(db.session.scalars(sa.select(Participant).order_by(Participant.id)))


def set_state(workshop, state: WorkshopState | None = None, locked: bool = False) -> None:  # type: ignore[no-untyped-def]
    with db.unit_of_work() as session:
        current = session.merge(workshop)
        current.joining_locked = locked
        if state is not None:
            current.state = state


def test_can_a_phone_join_from_the_qr_codes_link_in_capitals(client, workshop):
    """The QR code holds /J/CODE (links.qr_join_url): the same page, joined the same way."""
    page = client.get(f"/J/{workshop.join_code}")
    response = post_form(client, f"/J/{workshop.join_code}", {"name": "Camille",
                                                             "group": "customer"})

    assert page.status_code == 200 and "Customer day" in page.text
    assert response.status_code == 302
    assert [p.display_name for p in people()] == ["Camille"]


# --- the code page -------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["{code}", "{lower}", " {lower_spaced} ", "{dashed}"])
def test_can_a_phone_find_a_workshop_by_its_code_however_it_is_typed(client, workshop, typed):
    code = workshop.join_code
    text = typed.format(
        code=code, lower=code.lower(), lower_spaced=f"{code[:3]} {code[3:]}".lower(),
        dashed=f"{code[:3]}-{code[3:]}",
    )

    response = post_form(client, "/join", {"code": text})

    assert response.status_code == 302
    assert response.location.endswith(f"/j/{code}")


@pytest.mark.parametrize(
    ("language", "message"),
    [("en", UNKNOWN_CODE), ("fr", None)],
)
def test_does_an_unknown_code_say_so_in_the_phones_language(client, workshop, language, message):
    headers = {"Accept-Language": language}
    page = client.get("/join", headers=headers)

    response = client.post(
        "/join", data={"csrf_token": csrf_from(page.text), "code": "ZZZZZZ"}, headers=headers
    )

    assert response.status_code == 404
    assert response.location is None
    assert str(escape(message or french(UNKNOWN_CODE))) in response.text


def test_does_an_empty_code_get_a_clear_error(client):
    response = post_form(client, "/join", {"code": ""})

    assert response.status_code == 400
    assert "Type the code shown on the screen." in response.text


def test_does_an_unknown_join_link_say_so(client):
    response = client.get("/j/ZZZZZZ")

    assert response.status_code == 404
    assert UNKNOWN_CODE in response.text


def test_does_a_join_link_typed_in_lower_case_lead_to_the_workshop(client, workshop):
    response = client.get(f"/j/{workshop.join_code.lower()}")

    assert response.status_code == 302
    assert response.location.endswith(f"/j/{workshop.join_code}")


# --- the join form ---------------------------------------------------------------------------


def test_does_joining_land_on_the_phone_page(client, workshop):
    code = workshop.join_code
    form = client.get(f"/j/{code}").text
    assert "Customer day" in form
    assert 'value="customer"' in form

    response = join(client, code)

    assert response.status_code == 302
    assert response.location.endswith(f"/w/{code}")
    phone = client.get(response.location).text
    assert "Welcome, Camille!" in phone
    assert "You are here as: Customer" in phone
    [camille] = people()
    assert (camille.display_name, camille.group_key) == ("Camille", "customer")


@pytest.mark.parametrize("language", ["en", "fr"])
def test_does_the_phone_page_show_the_current_phase_before_any_script_runs(
        client, workshop, language):
    client.set_cookie("atelier_lang", language)
    join(client, workshop.join_code)

    page = client.get(f"/w/{workshop.join_code}").text

    title = re.search(r"<h1 [^>]*data-phase-title>([^<]*)</h1>", page)
    step = re.search(r"data-step>([^<]*)<", page)
    expected = "Opening" if language == "en" else french("Opening")
    assert title is not None and title.group(1) == expected
    assert step is not None
    assert step.group(1) == ("Step 1 of 8" if language == "en" else
                             french("Step {index} of {count}").replace("{index}", "1")
                             .replace("{count}", "8"))


def test_does_reopening_the_link_keep_the_same_participant(client, workshop):
    code = workshop.join_code
    join(client, code)

    again = client.get(f"/j/{code}")

    assert again.status_code == 302
    assert again.location.endswith(f"/w/{code}")
    assert "Welcome, Camille!" in client.get(f"/w/{code}").text
    assert len(people()) == 1


def test_does_another_phone_join_as_someone_new(app, client, workshop):
    join(client, workshop.join_code)
    other = app.test_client()

    assert other.get(f"/w/{workshop.join_code}").location.endswith(f"/j/{workshop.join_code}")
    join(other, workshop.join_code, name="Dominique", group="employee")

    assert [p.display_name for p in people()] == ["Camille", "Dominique"]


@pytest.mark.parametrize("name", ["", "   ", "x" * 81], ids=["empty", "blank", "81-characters"])
def test_is_a_missing_or_too_long_name_refused(client, workshop, name):
    response = join(client, workshop.join_code, name=name)

    assert response.status_code == 400
    assert 'id="name-errors"' in response.text
    assert people() == []


def test_is_an_80_character_name_accepted(client, workshop):
    assert join(client, workshop.join_code, name="x" * 80).status_code == 302
    assert people()[0].display_name == "x" * 80


def test_is_a_name_with_html_shown_as_text(app, client, workshop):
    owner_browser = app.test_client()
    post_form(owner_browser, "/login", {"email": workshop.facilitator.email,
                                        "password": "correct horse battery"})

    join(client, workshop.join_code, name='<img src=x onerror="alert(1)">')

    for page in (client.get(f"/w/{workshop.join_code}").text,
                 owner_browser.get(f"/workshops/{workshop.id}").text):
        assert "&lt;img src=x onerror=" in page
        assert "<img src=x" not in page


@pytest.mark.parametrize("group", [None, "", "aliens"], ids=["missing", "empty", "unknown"])
def test_is_a_missing_or_unknown_group_refused(client, workshop, group):
    response = join(client, workshop.join_code, group=group)

    assert response.status_code == 400
    assert "Choose the group you belong to." in response.text
    assert people() == []


@pytest.mark.parametrize(("ticked", "stored"), [({"consent_quote": "y"}, True), ({}, False)])
def test_is_the_consent_to_be_quoted_remembered(client, workshop, ticked, stored):
    join(client, workshop.join_code, **ticked)

    assert people()[0].consent_quote is stored


def test_is_joining_without_the_form_token_refused(client, workshop):
    response = client.post(f"/j/{workshop.join_code}", data={"name": "Camille",
                                                             "group": "customer"})

    assert response.status_code == 400
    assert people() == []


# --- when joining is closed -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "locked"),
    [(None, True), (WorkshopState.ARCHIVED, False), (WorkshopState.ENDED, False)],
    ids=["locked", "archived", "ended"],
)
def test_can_a_phone_join_a_closed_workshop(client, workshop, state, locked):
    code = workshop.join_code
    form_page = client.get(f"/j/{code}")
    token = csrf_from(client.get("/join").text)
    set_state(workshop, state, locked)

    link = client.get(f"/j/{code}")
    if state is None:
        assert link.status_code == 409
    else:  # over: the link leads to the results page (which says who may read it)
        assert link.status_code == 302 and link.location.endswith(f"/w/{code}/results")
    response = client.post(
        f"/j/{code}", data={"csrf_token": token, "name": "Camille", "group": "customer"}
    )

    assert form_page.status_code == 200
    assert response.status_code == 409
    assert "not accepting new participants" in response.text
    assert people() == []


def test_does_a_participant_keep_their_page_after_joining_is_locked(client, workshop):
    join(client, workshop.join_code)
    set_state(workshop, locked=True)

    assert client.get(f"/j/{workshop.join_code}").location.endswith(f"/w/{workshop.join_code}")
    assert "Welcome, Camille!" in client.get(f"/w/{workshop.join_code}").text


def test_does_a_workshop_without_groups_let_people_join_without_choosing(
    client, make_facilitator, make_workshop
):
    workshop = make_workshop(make_facilitator(), stakeholder_groups=[])

    assert join(client, workshop.join_code, group=None).status_code == 302
    assert people()[0].group_key == ""


def test_does_a_deleted_workshop_link_stop_working_on_a_joined_phone(client, workshop):
    code = workshop.join_code
    join(client, code)
    with db.unit_of_work() as session:
        workshops.delete_workshop(session, session.merge(workshop))

    assert client.get(f"/w/{code}").status_code == 404
    assert client.get(f"/j/{code}").status_code == 404


# --- a double tap on a slow network --------------------------------------------------------


def test_does_sending_the_join_form_twice_make_one_participant(client, app, workshop):
    page = client.get(f"/j/{workshop.join_code}")
    form = {"csrf_token": csrf_from(page.text), "name": "Camille", "group": "customer",
            "join_key": _join_key(page.text)}

    first = client.post(f"/j/{workshop.join_code}", data=form)
    client.delete_cookie(f"atelier_p{workshop.id}")  # the first answer never reached the phone
    second = client.post(f"/j/{workshop.join_code}", data=form)

    assert first.status_code == second.status_code == 302
    assert [p.display_name for p in people()] == ["Camille"]
    assert client.get(f"/w/{workshop.join_code}").status_code == 200


def test_does_another_phone_sending_a_seen_join_key_join_as_itself(app, workshop):
    phone = app.test_client()
    page = phone.get(f"/j/{workshop.join_code}")
    form = {"csrf_token": csrf_from(page.text), "name": "Camille", "group": "customer",
            "join_key": _join_key(page.text)}
    phone.post(f"/j/{workshop.join_code}", data=form)
    other = app.test_client()
    token = csrf_from(other.get(f"/j/{workshop.join_code}").text)

    other.post(f"/j/{workshop.join_code}", data={**form, "csrf_token": token, "name": "Sam"})

    assert [p.display_name for p in people()] == ["Camille", "Sam"]
    assert "Sam" in other.get(f"/w/{workshop.join_code}").text


def test_does_each_phone_showing_the_form_join_as_its_own_participant(app, workshop):
    for name in ("Camille", "Sam"):
        phone = app.test_client()
        assert join(phone, workshop.join_code, name=name).status_code == 302
    assert [p.display_name for p in people()] == ["Camille", "Sam"]


def _join_key(html: str) -> str:
    match = re.search(r'name="join_key" type="hidden" value="([^"]+)"', html)
    assert match, "the join form has no join key"
    return match.group(1)
