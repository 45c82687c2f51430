"""The templates pages: duplicate, save as a template, start from one; the owner's alone."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from tests.conftest import PASSWORD, csrf_from, french, post_form
from workshop.extensions import db
from workshop.models import Participant, Workshop, WorkshopTemplate
from workshop.services import templates
from workshop.services.participants import JoinRequest, join
from workshop.template_library import shipped


def all_workshops() -> list[Workshop]:
    db.session.rollback()
    db.session.expire_all()
    return list(db.session.scalars(sa.select(Workshop).order_by(Workshop.id)))


def press(client, url: str):  # type: ignore[no-untyped-def]
    """Press a button of the facilitator's pages (forms carry the session's CSRF token)."""
    return client.post(url, data={"csrf_token": csrf_from(client.get("/templates").text)})


@pytest.fixture
def joined(logged_in, make_workshop) -> Workshop:  # type: ignore[no-untyped-def]
    workshop = make_workshop(logged_in, calling_question="What would help you?")
    with db.unit_of_work() as session:
        join(session, workshop, JoinRequest("Camille", "customer"))
    return workshop


def test_does_duplicate_make_an_empty_copy_and_open_its_edit_page(client, joined):
    page = client.get(f"/workshops/{joined.id}").text
    assert f'action="/workshops/{joined.id}/duplicate"' in page

    response = press(client, f"/workshops/{joined.id}/duplicate")

    source, copy = all_workshops()
    assert response.status_code == 302
    assert response.headers["Location"] == f"/workshops/{copy.id}/edit"
    assert copy.calling_question == "What would help you?" and copy.join_code != source.join_code
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Participant)
                             .where(Participant.workshop_id == copy.id)) == 0


def test_is_duplicating_refused_without_the_form_token(client, joined):
    response = client.post(f"/workshops/{joined.id}/duplicate")
    assert response.status_code == 400
    assert len(all_workshops()) == 1


def test_can_another_facilitator_reuse_my_workshop_or_template(client, joined, make_facilitator):
    with db.unit_of_work() as session:
        saved = templates.save_as_template(session, db.session.get(Workshop, joined.id), "Mine",
                                           joined.facilitator).result["template"]
    client.post("/logout", data={"csrf_token": csrf_from(client.get("/").text)})
    stranger = make_facilitator()
    post_form(client, "/login", {"email": stranger.email, "password": PASSWORD})

    assert press(client, f"/workshops/{joined.id}/duplicate").status_code == 404
    assert client.get(f"/workshops/{joined.id}/save-as-template").status_code == 404
    assert press(client, f"/templates/{saved}/use").status_code == 404
    assert press(client, f"/templates/{saved}/delete").status_code == 404
    assert "Mine" not in client.get("/templates").text
    assert len(all_workshops()) == 1
    assert db.session.get(WorkshopTemplate, saved) is not None


def test_does_a_signed_out_visitor_get_the_sign_in_page(client, make_facilitator,
                                                         make_workshop):
    workshop = make_workshop(make_facilitator())
    assert client.get("/templates").status_code == 302
    assert client.post(f"/workshops/{workshop.id}/duplicate").status_code in (302, 400)
    assert len(all_workshops()) == 1


def test_can_i_save_a_workshop_as_a_template_and_start_from_it(client, joined):
    response = post_form(client, f"/workshops/{joined.id}/save-as-template",
                         {"name": "Our customer day"})
    assert response.status_code == 302 and response.headers["Location"] == "/templates"
    (template,) = db.session.scalars(sa.select(WorkshopTemplate)).all()
    listing = client.get("/templates").text
    assert "Our customer day" in listing

    response = press(client, f"/templates/{template.id}/use")

    made = all_workshops()[-1]
    assert response.headers["Location"] == f"/workshops/{made.id}/edit"
    assert made.calling_question == "What would help you?" and made.id != joined.id


def test_is_a_template_without_a_name_refused_beside_the_field(client, joined):
    response = post_form(client, f"/workshops/{joined.id}/save-as-template", {"name": "  "})
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(WorkshopTemplate)) == 0


def test_can_i_delete_my_template(client, joined):
    post_form(client, f"/workshops/{joined.id}/save-as-template", {"name": "Old one"})
    (template,) = db.session.scalars(sa.select(WorkshopTemplate)).all()
    assert press(client, f"/templates/{template.id}/delete").status_code == 302
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(WorkshopTemplate)) == 0


@pytest.mark.parametrize("language", ["en", "fr"])
def test_does_the_templates_page_offer_every_shipped_template(client, logged_in, language):
    client.get(f"/lang/{language}")
    page = client.get("/templates").text
    for template in shipped():
        assert f'data-template="{template.key}-{template.language}"' in page
        assert template.name in page.replace("&#39;", "'")
    heading = "Ready-made templates"
    assert (french(heading) if language == "fr" else heading) in page
    # The page's own language first.
    first = page.index('data-template="')
    assert page[first:first + 80].split('"')[1].endswith(f"-{language}")


@pytest.mark.parametrize("language", ["en", "fr"])
def test_does_a_shipped_template_start_a_workshop_in_its_language(client, logged_in, language):
    response = press(client, f"/templates/shipped/listening_after_crisis/{language}")
    (made,) = all_workshops()
    assert response.headers["Location"] == f"/workshops/{made.id}/edit"
    assert made.language == language and made.anonymous
    assert made.options["tables"] == 6 and set(made.options["questions"]) == {"1", "2", "3"}


def test_is_an_unknown_shipped_template_a_404(client, logged_in):
    assert press(client, "/templates/shipped/nothing/en").status_code == 404
    assert press(client, "/templates/shipped/customer_day/de").status_code == 404
    assert all_workshops() == []


def test_is_a_template_name_too_long_refused(client, joined):
    response = post_form(client, f"/workshops/{joined.id}/save-as-template", {"name": "x" * 121})
    assert response.status_code == 400 and 'aria-invalid="true"' in response.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(WorkshopTemplate)) == 0
