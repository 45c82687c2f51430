"""The facilitator's pages: create, list, edit, archive, delete workshops; the QR code."""

from __future__ import annotations

import re

import pytest
import segno
import sqlalchemy as sa
import zxingcpp
from markupsafe import escape
from PIL import Image, ImageDraw

from tests.conftest import csrf_from, french, post_form
from tests.services.conftest import Room
from workshop.extensions import db
from workshop.models import Method, Workshop, WorkshopState

FORM = {
    "title": "Customer day",
    "calling_question": "How do we talk with our customers?",
    "method": "open_space",
    "language": "en",
    "groups": "Employee\nCustomer\nPartner",
    "vote_budget": "5",
    "max_votes_per_topic": "3",
}


def create(client, **changes: str):  # type: ignore[no-untyped-def]
    return post_form(client, "/workshops/new", {**FORM, **changes})


def post_action(client, url: str, data: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    """Press one of the workshop page's buttons (each form carries the session's CSRF token)."""
    token = csrf_from(client.get("/").text)
    return client.post(url, data={"csrf_token": token, **(data or {})})


def all_workshops() -> list[Workshop]:
    return list(db.session.scalars(sa.select(Workshop).order_by(Workshop.id)))


def only_workshop() -> Workshop:
    (workshop,) = all_workshops()
    return workshop


def dark_cells(svg: str) -> set[tuple[int, int]]:
    """Read the QR modules back from segno's SVG path (M/m moves, h runs), origin at 0,0."""
    match = re.search(r' d="([^"]+)"', svg)
    assert match, "the SVG has no path"
    x = y = 0.0
    cells: set[tuple[int, int]] = set()
    for command, args in re.findall(r"([MmHh])([^MmHh]*)", match.group(1)):
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", args)]
        if command == "M":
            x, y = numbers
        elif command == "m":
            x, y = x + numbers[0], y + numbers[1]
        else:
            end = numbers[0] if command == "H" else x + numbers[0]
            cells.update((int(col), int(y)) for col in range(int(x), int(end)))
            x = end
    return normalized(cells)


def normalized(cells: set[tuple[int, int]]) -> set[tuple[int, int]]:
    left = min(col for col, _ in cells)
    top = min(row for _, row in cells)
    return {(col - left, row - top) for col, row in cells}


def decoded(svg: str) -> str:
    """What a phone's camera reads: the SVG's modules drawn on a white page, then decoded."""
    cells = dark_cells(svg)
    size = max(max(cell) for cell in cells) + 1
    scale, quiet_zone = 8, 4
    image = Image.new("L", ((size + 2 * quiet_zone) * scale,) * 2, 255)
    draw = ImageDraw.Draw(image)
    for col, row in cells:
        x, y = (col + quiet_zone) * scale, (row + quiet_zone) * scale
        draw.rectangle((x, y, x + scale - 1, y + scale - 1), fill=0)
    results = zxingcpp.read_barcodes(image)
    assert len(results) == 1, "no single QR code could be read"
    return results[0].text


# --- creating ------------------------------------------------------------------------------


@pytest.mark.parametrize("method", [m.value for m in Method])
def test_can_a_facilitator_create_a_workshop_with_each_method(client, logged_in, method):
    response = create(client, method=method, language="fr", vote_budget="7")

    workshop = only_workshop()
    assert response.status_code == 302
    assert response.location.endswith(f"/workshops/{workshop.id}")
    assert (workshop.title, workshop.method.value, workshop.language) == (
        "Customer day", method, "fr",
    )
    assert workshop.calling_question == FORM["calling_question"]
    assert workshop.vote_budget == 7
    page = client.get(response.location).text
    assert "Customer day" in page
    assert workshop.join_code in page


def test_does_the_new_workshop_form_offer_the_usual_groups_in_english(client, logged_in):
    page = client.get("/workshops/new").text
    assert "Employee\nCustomer\nPartner</textarea>" in page

    create(client)

    assert only_workshop().stakeholder_groups == [
        {"key": "employee"}, {"key": "customer"}, {"key": "partner"},
    ]


def test_does_the_new_workshop_form_offer_the_usual_groups_in_french(client, logged_in):
    client.set_cookie("atelier_lang", "fr")
    page = client.get("/workshops/new").text
    assert "Collaborateur\nClient\nPartenaire</textarea>" in page
    assert '<option selected value="fr">' in page

    create(client, groups="Collaborateur\nClient\nPartenaire", language="fr")

    workshop = only_workshop()
    assert [g["key"] for g in workshop.stakeholder_groups] == ["employee", "customer", "partner"]
    client.set_cookie("atelier_lang", "en")
    assert "Customer: 0" in client.get(f"/workshops/{workshop.id}").text


def test_is_a_title_with_html_shown_as_text(client, logged_in):
    create(client, title="<b>Bold</b> & co")
    workshop = only_workshop()

    for url in ("/", f"/workshops/{workshop.id}", f"/workshops/{workshop.id}/delete"):
        page = client.get(url).text
        assert "&lt;b&gt;Bold&lt;/b&gt; &amp; co" in page, url
        assert "<b>Bold</b>" not in page, url


@pytest.mark.parametrize(
    ("title", "message"),
    [("", "This field is required."), ("   ", "This field is required."),
     ("x" * 121, "Field cannot be longer than 120 characters.")],
    ids=["empty", "blank", "121-characters"],
)
def test_is_a_missing_or_too_long_title_refused(client, logged_in, title, message):
    response = create(client, title=title)

    assert response.status_code == 400
    assert message in response.text
    assert all_workshops() == []


def test_is_a_120_character_title_accepted(client, logged_in):
    assert create(client, title="x" * 120).status_code == 302
    assert only_workshop().title == "x" * 120


@pytest.mark.parametrize("budget", ["0", "101", "-3", "five"])
def test_is_a_vote_budget_out_of_range_refused(client, logged_in, budget):
    response = create(client, vote_budget=budget)

    assert response.status_code == 400
    assert 'id="vote_budget-errors"' in response.text
    assert all_workshops() == []


@pytest.mark.parametrize(("field", "value"), [("method", "poker"), ("language", "de")])
def test_is_an_unknown_method_or_language_refused(client, logged_in, field, value):
    response = create(client, **{field: value})

    assert response.status_code == 400
    assert "Not a valid choice." in response.text
    assert all_workshops() == []


def test_is_creating_a_workshop_without_the_form_token_refused(client, logged_in):
    response = client.post("/workshops/new", data=FORM)

    assert response.status_code == 400
    assert all_workshops() == []


def test_does_an_anonymous_visitor_have_to_sign_in_to_create_a_workshop(client, make_facilitator):
    make_facilitator()

    response = client.get("/workshops/new")

    assert response.status_code == 302
    assert "/login?next=" in response.location


# --- listing and ownership ----------------------------------------------------------------


def test_does_my_list_show_only_my_workshops(client, logged_in, make_facilitator, make_workshop):
    make_workshop(logged_in, title="Mine")
    make_workshop(make_facilitator(), title="Someone else's")

    page = client.get("/").text

    assert "Mine" in page
    assert "Someone else" not in page


@pytest.mark.parametrize("page", ["", "/edit", "/delete", "/qr.svg"])
def test_are_another_facilitators_workshop_pages_hidden(
    client, logged_in, make_facilitator, make_workshop, page
):
    theirs = make_workshop(make_facilitator())

    response = client.get(f"/workshops/{theirs.id}{page}")

    assert response.status_code == 404
    assert theirs.title not in response.text


@pytest.mark.parametrize("action", ["archive", "restore", "joining", "delete", "edit"])
def test_can_a_facilitator_change_another_facilitators_workshop(
    client, logged_in, make_facilitator, make_workshop, action
):
    theirs = make_workshop(make_facilitator())
    data = {**FORM, "title": "Hijacked", "lock": "1", "code": theirs.join_code}

    response = post_action(client, f"/workshops/{theirs.id}/{action}", data)

    assert response.status_code == 404
    workshop = only_workshop()
    assert (workshop.title, workshop.state, workshop.joining_locked) == (
        theirs.title, WorkshopState.DRAFT, False,
    )


# --- editing, archiving, deleting -------------------------------------------------------------


def test_can_a_facilitator_edit_a_workshop(client, logged_in, make_workshop):
    workshop = make_workshop(logged_in)
    assert "Customer day" in client.get(f"/workshops/{workshop.id}/edit").text

    response = post_form(
        client, f"/workshops/{workshop.id}/edit",
        {**FORM, "title": "Partner day", "method": "world_cafe", "groups": "Press"},
    )

    assert response.status_code == 302
    workshop = only_workshop()
    assert (workshop.title, workshop.method) == ("Partner day", Method.WORLD_CAFE)
    assert [g.get("label") for g in workshop.stakeholder_groups] == ["Press"]
    assert "Partner day" in client.get(response.location).text


def test_does_a_started_workshop_keep_its_method_in_the_edit_form(client, logged_in,
                                                                   make_workshop):
    workshop = make_workshop(logged_in, method=Method.OPEN_SPACE)
    with db.unit_of_work():
        db.session.get(Workshop, workshop.id).state = WorkshopState.LIVE

    page = client.get(f"/workshops/{workshop.id}/edit").text
    forged = post_form(client, f"/workshops/{workshop.id}/edit",
                       {**FORM, "title": "Renamed", "method": "world_cafe"})

    assert "data-method-fixed" in page and 'value="world_cafe"' not in page
    assert forged.status_code == 400
    assert "cannot change once the workshop has started" in forged.text
    assert (only_workshop().title, only_workshop().method) == ("Customer day", Method.OPEN_SPACE)


def test_does_lowering_the_budget_in_the_edit_form_tell_the_facilitator_dots_went_back(
    client, logged_in, make_workshop
):
    workshop = make_workshop(logged_in, method=Method.OPEN_SPACE)
    room = Room(workshop)
    room.move_to("marketplace")
    lea = room.join("Léa")
    topic = room.propose(lea, "Remote work")
    room.move_to("convergence")
    room.cast(lea, topic, times=3)

    response = post_form(client, f"/workshops/{workshop.id}/edit",
                         {**FORM, "method": "open_space", "vote_budget": "1",
                          "max_votes_per_topic": "3"})

    assert response.status_code == 302
    assert "2 dots went back to their owners" in client.get(response.location).text
    assert room.votes_of(lea) == {topic: 1}


def test_is_an_edit_with_an_empty_title_refused(client, logged_in, make_workshop):
    workshop = make_workshop(logged_in)

    response = post_form(client, f"/workshops/{workshop.id}/edit", {**FORM, "title": ""})

    assert response.status_code == 400
    assert only_workshop().title == "Customer day"


def test_does_archiving_hide_a_workshop_until_it_is_restored(client, logged_in, make_workshop):
    workshop = make_workshop(logged_in, title="Old retreat")

    response = post_action(client, f"/workshops/{workshop.id}/archive")
    assert "is archived" in client.get(response.location).text
    assert "Old retreat" not in client.get("/").text
    assert "Old retreat" in client.get("/?archived=1").text

    post_action(client, f"/workshops/{workshop.id}/restore")
    assert "Old retreat" in client.get("/").text
    assert "Old retreat" not in client.get("/?archived=1").text
    assert only_workshop().state is WorkshopState.DRAFT


def test_can_joining_be_locked_and_opened_again(client, logged_in, make_workshop):
    workshop = make_workshop(logged_in)

    post_action(client, f"/workshops/{workshop.id}/joining", {"lock": "1"})
    assert "Joining is closed" in client.get(f"/workshops/{workshop.id}").text
    assert only_workshop().joining_locked

    post_action(client, f"/workshops/{workshop.id}/joining", {"lock": "0"})
    assert not only_workshop().joining_locked


def test_is_an_ended_workshop_shown_read_only_and_left_as_it_was(client, logged_in,
                                                                 make_workshop):
    workshop = make_workshop(logged_in, title="Final")
    with db.unit_of_work():
        db.session.merge(workshop).state = WorkshopState.ENDED

    page = client.get(f"/workshops/{workshop.id}").text
    edited = post_form(client, f"/workshops/{workshop.id}/edit", {**FORM, "title": "Rewritten"})
    locked = post_action(client, f"/workshops/{workshop.id}/joining", {"lock": "1"})

    assert "Lock joining" not in page and f"/workshops/{workshop.id}/edit" not in page
    assert edited.status_code == 409 and "This workshop is over." in edited.text
    assert "This workshop is over." in client.get(locked.location).text
    assert (only_workshop().title, only_workshop().joining_locked) == ("Final", False)


def test_does_deleting_with_the_wrong_code_keep_the_workshop(client, logged_in, make_workshop):
    workshop = make_workshop(logged_in)

    response = post_form(client, f"/workshops/{workshop.id}/delete", {"code": "WRONG1"})

    assert response.status_code == 400
    assert "This is not the workshop&#39;s join code." in response.text
    assert len(all_workshops()) == 1


def test_does_deleting_with_the_right_code_remove_the_workshop_and_its_link(
    client, logged_in, make_workshop
):
    workshop = make_workshop(logged_in, title="Gone soon")
    url, code = f"/workshops/{workshop.id}", workshop.join_code

    response = post_form(client, f"{url}/delete", {"code": code.lower()})

    assert response.status_code == 302
    assert "are deleted" in client.get(response.location).text
    assert all_workshops() == []
    assert "Gone soon" not in client.get("/").text
    assert client.get(url).status_code == 404
    phone = client.get(f"/j/{code}", headers={"Accept-Language": "fr"})
    assert phone.status_code == 404
    assert str(escape(french(
        "No workshop has this code. Check the code on the screen and try again."
    ))) in phone.text


# --- the QR code -----------------------------------------------------------------------------


def test_is_the_qr_code_an_svg_of_the_join_link(client, logged_in, make_workshop):
    workshop = make_workshop(logged_in)

    response = client.get(f"/workshops/{workshop.id}/qr.svg")

    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    assert response.text.startswith("<svg")
    link = decoded(response.text)
    assert link == f"HTTP://LOCALHOST/J/{workshop.join_code}"
    joining = client.get(link.replace("HTTP://LOCALHOST", ""))
    assert joining.status_code == 200
    assert workshop.title in joining.text


def test_does_the_qr_code_hold_a_smaller_symbol_than_the_link_typed_in_lower_case(
    app, client, logged_in, make_workshop
):
    """Capitals use QR's alphanumeric mode: fewer modules, each bigger on the projector."""
    app.config["PUBLIC_URL"] = "https://atelier.example.org"
    workshop = make_workshop(logged_in)

    svg = client.get(f"/workshops/{workshop.id}/qr.svg").text

    lower_case = segno.make(decoded(svg).lower(), error="m")
    modules_across = max(max(cell) for cell in dark_cells(svg)) + 1
    assert modules_across < lower_case.symbol_size(border=0)[0]


def test_does_the_qr_code_use_the_public_address_when_one_is_set(
    app, client, logged_in, make_workshop
):
    app.config["PUBLIC_URL"] = "https://atelier.example.org"
    workshop = make_workshop(logged_in)
    public_link = f"https://atelier.example.org/j/{workshop.join_code}"

    svg = client.get(f"/workshops/{workshop.id}/qr.svg").text

    assert decoded(svg) == f"HTTPS://ATELIER.EXAMPLE.ORG/J/{workshop.join_code}"
    assert public_link in client.get(f"/workshops/{workshop.id}").text


def test_can_the_qr_code_be_downloaded_as_a_file(client, logged_in, make_workshop):
    workshop = make_workshop(logged_in)

    response = client.get(f"/workshops/{workshop.id}/qr.svg?download=1")

    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="atelier-{workshop.join_code}.svg"'
    )


def test_does_an_anonymous_visitor_have_to_sign_in_to_see_the_qr_code(
    client, make_facilitator, make_workshop
):
    workshop = make_workshop(make_facilitator())

    response = client.get(f"/workshops/{workshop.id}/qr.svg")

    assert response.status_code == 302
    assert "/login?next=" in response.location
