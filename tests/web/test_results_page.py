"""The participants' results page after the end: who may open it, what it shows, consent."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from markupsafe import escape

from tests.conftest import PASSWORD, csrf_from, french, in_check, post_form, workshop_fingerprint
from workshop.demo import run_demo
from workshop.extensions import db
from workshop.links import participant_cookie
from workshop.models import Commitment, Event, Facilitator, Method, Participant, Workshop
from workshop.services import (
    commitments,
    events,
    navigation,
    participants,
    results_page,
    topics,
    voting,
)

HIDDEN = "Zéphyrine Quarrington"  # did not agree to be quoted
QUOTED = "Camille"
ONBOARDING = "Better onboarding for Quarrington's team"  # her surname, typed by someone else
PILOT = "Pilot the two-minute welcome"
GUIDE = "Write the welcome guide"
CLOSED_MESSAGE = "The facilitator has closed the results of this workshop."
PARTICIPANTS_ONLY = ("These results are for the workshop's participants: open them on the "
                     "phone you joined with.")


@dataclass
class Ended:
    owner: Facilitator
    workshop: Workshop
    tokens: dict[str, str]  # name → participant token


def _join(workshop: Workshop, name: str, consent: bool) -> tuple[Participant, str]:
    with db.unit_of_work() as session:
        joined = participants.join(session, session.merge(workshop), participants.JoinRequest(
            name=name, group="customer", consent_quote=consent))
    person = db.session.get(Participant, joined.result["participant"])
    assert person is not None
    return person, joined.result["token"]


def _go(workshop: Workshop, owner: Facilitator, phase: str) -> None:
    with db.unit_of_work() as session:
        navigation.navigate(session, session.merge(workshop), phase,
                            events.facilitator_actor(owner.id), None)


def run(make_facilitator, make_workshop, *, votes: bool = True,  # type: ignore[no-untyped-def]
        plans: bool = True, due: date | None = None) -> Ended:
    """An English Open Space with two participants, ended; with or without votes and plans, the
    plans due on ``due`` when given."""
    owner = make_facilitator()
    workshop = make_workshop(owner, title="Customer day", language="en")
    hidden, hidden_token = _join(workshop, HIDDEN, consent=False)
    quoted, quoted_token = _join(workshop, QUOTED, consent=True)
    _go(workshop, owner, "marketplace")
    with db.unit_of_work() as session:
        current = session.merge(workshop)
        topic = topics.propose(session, current, session.merge(quoted), ONBOARDING, "",
                               events.participant_actor(quoted.id), None).result
    if votes:
        _go(workshop, owner, "convergence")
        with db.unit_of_work() as session:
            voting.cast(session, session.merge(workshop), session.merge(hidden),
                        topic["topic"]["id"], events.participant_actor(hidden.id), None)
    if plans:
        _go(workshop, owner, "action_planning")
        for person, title in ((hidden, PILOT), (quoted, GUIDE)):
            with db.unit_of_work() as session:
                commitments.add(session, session.merge(workshop), session.merge(person),
                                {"title": title}, events.participant_actor(person.id), None)
    with db.unit_of_work() as session:
        navigation.finish(session, session.merge(workshop), True,
                          events.facilitator_actor(owner.id), None)
    if due is not None:
        with db.unit_of_work() as session:
            for item in session.scalars(sa.select(Commitment).where(
                    Commitment.workshop_id == workshop.id)):
                item.due_on = due
    return Ended(owner, workshop, {HIDDEN: hidden_token, QUOTED: quoted_token})


@pytest.fixture
def ended(make_facilitator, make_workshop) -> Ended:  # type: ignore[no-untyped-def]
    return run(make_facilitator, make_workshop)


def as_participant(client: FlaskClient, room: Ended, name: str) -> FlaskClient:
    client.set_cookie(participant_cookie(room.workshop), room.tokens[name])
    return client


def set_visibility(room: Ended, value: str) -> None:
    with db.unit_of_work() as session:
        results_page.set_visibility(session, session.merge(room.workshop), value,
                                    events.facilitator_actor(room.owner.id))


def results_url(room: Ended) -> str:
    return f"/w/{room.workshop.join_code}/results"


# --- who may open it --------------------------------------------------------------------------


def test_does_a_participants_phone_link_show_the_results_once_it_is_over(client, ended):
    as_participant(client, ended, QUOTED)

    phone = client.get(f"/w/{ended.workshop.join_code}")
    join_link = client.get(f"/j/{ended.workshop.join_code}")
    page = client.get(results_url(ended))

    assert phone.status_code == 302 and phone.location.endswith(results_url(ended))
    assert join_link.status_code == 302 and join_link.location.endswith(results_url(ended))
    assert page.status_code == 200
    assert "Better onboarding for" in page.text and GUIDE in page.text


def test_is_the_results_page_for_participants_only_by_default(client, ended):
    page = client.get(results_url(ended))

    assert page.status_code == 403
    assert str(escape(PARTICIPANTS_ONLY)) in page.text
    assert GUIDE not in page.text and ONBOARDING not in page.text


def test_does_another_workshops_participant_count_as_a_stranger(
    client, ended, make_facilitator, make_workshop
):
    other = run(make_facilitator, make_workshop, votes=False, plans=False)
    # Their cookie, sent under this workshop's name: a token of another workshop opens nothing.
    client.set_cookie(participant_cookie(ended.workshop), other.tokens[QUOTED])
    as_participant(client, other, QUOTED)

    page = client.get(results_url(ended))

    assert page.status_code == 403
    assert GUIDE not in page.text


def test_can_anyone_with_the_link_read_the_results_when_the_facilitator_allows_it(
    client, ended
):
    set_visibility(ended, "anyone")

    link = client.get(f"/j/{ended.workshop.join_code}")
    page = client.get(link.location)

    assert page.status_code == 200
    assert GUIDE in page.text and PILOT in page.text
    assert "Your commitments" not in page.text  # a stranger has none


def test_does_a_closed_results_page_say_so_to_participants_in_their_language(client, ended):
    set_visibility(ended, "closed")
    as_participant(client, ended, QUOTED)

    english = client.get(results_url(ended))
    french_page = client.get(results_url(ended), headers={"Accept-Language": "fr"})

    assert english.status_code == 403
    assert CLOSED_MESSAGE in english.text and GUIDE not in english.text
    assert str(escape(french(CLOSED_MESSAGE))) in french_page.text


def test_does_a_participant_still_in_the_workshop_go_back_to_the_phone(
    client, make_facilitator, make_workshop
):
    owner = make_facilitator()
    workshop = make_workshop(owner, title="Customer day")
    _person, token = _join(workshop, QUOTED, consent=True)
    client.set_cookie(participant_cookie(workshop), token)

    mine = client.get(f"/w/{workshop.join_code}/results")
    client.delete_cookie(participant_cookie(workshop))
    stranger = client.get(f"/w/{workshop.join_code}/results")

    assert mine.status_code == 302 and mine.location.endswith(f"/w/{workshop.join_code}")
    assert stranger.status_code == 409
    assert "The results appear here once the workshop is over." in stranger.text


def test_does_an_unknown_code_get_a_404(client):
    assert client.get("/w/ZZZZZZ/results").status_code == 404


# --- what it shows ---------------------------------------------------------------------------


def test_is_a_non_consenting_participants_name_nowhere_on_the_page(client, ended):
    set_visibility(ended, "anyone")
    for who in (None, QUOTED, HIDDEN):
        client.delete_cookie(participant_cookie(ended.workshop))
        if who:
            as_participant(client, ended, who)

        text = client.get(results_url(ended)).text

        assert "Zéphyrine" not in text and "Quarrington" not in text, who
        assert "Better onboarding for" in text  # her name was redacted from the title
    assert "Owner: Camille" in text  # Camille agreed to be quoted


def test_are_the_participants_own_commitments_highlighted(client, ended):
    as_participant(client, ended, HIDDEN)

    page = client.get(results_url(ended)).text
    mine = page.split('id="mine-heading"')[1].split("</section>")[0]

    assert PILOT in mine and GUIDE not in mine
    assert "Owner: you" in mine


def test_are_the_priorities_listed_with_their_votes(client, ended):
    as_participant(client, ended, QUOTED)

    page = client.get(results_url(ended)).text
    priorities = page.split('id="priorities-heading"')[1].split("</section>")[0]

    assert "Better onboarding for" in priorities and "1 vote" in priorities


def test_does_the_page_speak_the_participants_language(client, ended):
    as_participant(client, ended, QUOTED)

    page = client.get(results_url(ended), headers={"Accept-Language": "fr"}).text

    assert '<html lang="fr">' in page
    for heading in ("Your commitments", "Priorities", "Proceedings", "Action plan"):
        assert str(escape(french(heading))) in page


def test_does_an_empty_workshop_say_there_is_nothing_yet(
    client, make_facilitator, make_workshop
):
    room = run(make_facilitator, make_workshop, votes=False, plans=False)
    as_participant(client, room, QUOTED)

    page = client.get(results_url(room)).text

    assert "Nobody voted in this workshop: there are no priorities." in page
    assert "No commitment was made in this workshop." in page
    assert "You made no commitment in this workshop." in page


def test_is_typed_markup_shown_as_text(client, make_facilitator, make_workshop):
    room = run(make_facilitator, make_workshop, votes=False, plans=False)
    set_visibility(room, "anyone")
    with db.unit_of_work() as session:
        # Typed by the facilitator: a title that would be markup if printed as HTML.
        session.merge(room.workshop).title = "<b>Customer</b> day"

    page = client.get(results_url(room)).text

    assert "&lt;b&gt;Customer&lt;/b&gt; day" in page and "<b>Customer</b>" not in page


# --- the facilitator's choice ------------------------------------------------------------------


def login(client: FlaskClient, owner: Facilitator) -> None:
    assert post_form(client, "/login", {"email": owner.email, "password": PASSWORD}
                     ).status_code == 302


def test_can_the_facilitator_open_the_results_to_anyone_from_the_workshop_page(client, ended):
    login(client, ended.owner)
    url = f"/workshops/{ended.workshop.id}"
    page = client.get(url)
    assert re.search(r'<input checked[^>]*value="participants"', page.text)  # the default

    saved = client.post(f"{url}/results-page", data={"csrf_token": csrf_from(page.text),
                                                      "visibility": "anyone"})

    assert saved.status_code == 302
    db.session.expire_all()
    assert results_page.visibility_of(db.session.get(Workshop, ended.workshop.id)) \
        is results_page.Visibility.ANYONE
    assert "The results page is open to anyone with the link." in client.get(url).text
    client.post("/logout", data={"csrf_token": csrf_from(client.get("/").text)})
    assert client.get(results_url(ended)).status_code == 200


@pytest.mark.parametrize("data", [{"visibility": "everyone"}, {}], ids=["unknown", "missing"])
def test_is_a_bad_visibility_refused_with_nothing_changed(client, ended, data):
    login(client, ended.owner)
    url = f"/workshops/{ended.workshop.id}"
    token = csrf_from(client.get(url).text)
    before = workshop_fingerprint(ended.workshop.id)

    response = client.post(f"{url}/results-page", data={"csrf_token": token, **data})

    assert response.status_code == 302
    assert "Choose who may see the results." in client.get(url).text
    assert workshop_fingerprint(ended.workshop.id) == before


def test_is_the_visibility_form_refused_without_csrf(client, ended):
    login(client, ended.owner)
    before = workshop_fingerprint(ended.workshop.id)

    response = client.post(f"/workshops/{ended.workshop.id}/results-page",
                           data={"visibility": "anyone"})

    assert response.status_code in (302, 400)
    assert workshop_fingerprint(ended.workshop.id) == before


def test_is_a_visibility_change_logged(ended):
    set_visibility(ended, "closed")

    db.session.expire_all()
    logged = db.session.scalars(sa.select(Event).where(
        Event.workshop_id == ended.workshop.id, Event.kind == "results_page.set")).all()
    assert [event.payload for event in logged] == [{"visibility": "closed"}]
    assert results_page.visibility_of(db.session.get(Workshop, ended.workshop.id)) \
        is results_page.Visibility.CLOSED


def test_does_the_facilitator_preview_a_closed_results_page(client, ended):
    set_visibility(ended, "closed")
    login(client, ended.owner)

    workshop_page = client.get(f"/workshops/{ended.workshop.id}").text
    preview = client.get(results_url(ended))

    assert f'href="{results_url(ended)}"' in workshop_page
    assert preview.status_code == 200
    assert "It is closed: nobody else sees it." in preview.text and GUIDE in preview.text


@pytest.mark.parametrize("cookie", ["", "atp_nope", "x" * 4000], ids=["empty", "unknown", "huge"])
def test_is_a_made_up_cookie_a_stranger_not_an_error(client, ended, cookie):
    client.set_cookie(participant_cookie(ended.workshop), cookie)

    page = client.get(results_url(ended))

    assert page.status_code == 403 and GUIDE not in page.text


def test_is_a_huge_visibility_value_refused_with_nothing_changed(client, ended):
    login(client, ended.owner)
    url = f"/workshops/{ended.workshop.id}"
    token = csrf_from(client.get(url).text)
    before = workshop_fingerprint(ended.workshop.id)

    response = client.post(f"{url}/results-page", data={"csrf_token": token,
                                                         "visibility": "anyone" * 5000})

    assert response.status_code == 302
    assert workshop_fingerprint(ended.workshop.id) == before


@pytest.mark.parametrize(("method", "heading"), in_check([
    (Method.OPEN_SPACE, "Session reports"), (Method.BARCAMP, "Session notes"),
    (Method.APPRECIATIVE_INQUIRY, "Provocative propositions"),
    (Method.WORLD_CAFE, "Table notes"),
], (Method.APPRECIATIVE_INQUIRY, "Provocative propositions")))
def test_does_each_methods_results_page_show_its_proceedings(client, app, method, heading):
    """A whole simulated workshop of each method, open to anyone: what its method produced."""
    made = run_demo(method, 12, "en", email="demo@example.org")
    db.session.rollback()
    workshop = db.session.get(Workshop, made.workshop_id)
    assert workshop is not None
    with db.unit_of_work() as session:
        results_page.set_visibility(session, session.merge(workshop), "anyone", "f:0")

    page = client.get(f"/w/{workshop.join_code}/results")

    assert page.status_code == 200
    proceedings = page.text.split('id="proceedings-heading"')[1].split("</section>")[0]
    assert f"<h3>{heading}</h3>" in proceedings
    assert "No commitment was made" not in page.text
    assert ("This method has no vote" in page.text) == (method is Method.BARCAMP)
    assert "Nobody voted" not in page.text
