""""You said, we did" on the synthesis page: drafts for done commitments, kept, then published."""

from __future__ import annotations

import csv
import html
import io

import sqlalchemy as sa

from tests.web.test_workbench import built, curate, download, page_of
from workshop.extensions import db
from workshop.models import Commitment, Workshop
from workshop.services import events, followup

DONE = "La FAQ est en ligne depuis lundi, relue par trois clients."


def mark_done(workshop: Workshop, note: str = DONE) -> Commitment:
    """The facilitator marks the workshop's first commitment done, a month later."""
    with db.unit_of_work() as session:
        found = session.get(Workshop, workshop.id)
        first = session.scalars(sa.select(Commitment).where(Commitment.workshop_id == found.id)
                                .order_by(Commitment.id)).first()
        assert first is not None
        followup.record(session, found, first.id, status="done", note=note, by=None,
                        actor=events.facilitator_actor(found.facilitator_id))
        return first


def hootsuite_linkedin(client, workshop: Workshop) -> list[str]:  # type: ignore[no-untyped-def]
    return [row[1] for row in csv.reader(io.StringIO(download(client, workshop,
                                                              "hootsuite-linkedin")))]


def test_does_the_page_say_when_drafts_appear_while_no_commitment_is_done(
        client, demo_workshop):
    page = page_of(client, demo_workshop).text

    assert "Drafts appear here when a commitment is marked done." in page
    assert "data-said-did>" not in page


def test_is_a_kept_draft_in_the_next_scheduler_file_and_the_others_not(client, demo_workshop):
    mark_done(demo_workshop)
    drafts = {p.channel: p for p in built(demo_workshop).brief.said_did}
    page = html.unescape(page_of(client, demo_workshop).text)
    assert set(drafts) == {"linkedin", "x", "facebook", "instagram", "mastodon"}
    assert all(DONE in p.text and p.text.startswith("Vous") for p in drafts.values())
    assert drafts["linkedin"].text in page and "commitment is marked done" not in page
    assert drafts["linkedin"].text not in hootsuite_linkedin(client, demo_workshop)

    response = curate(client, demo_workshop, {"key": drafts["linkedin"].key, "kind": "post",
                                              "action": "accepted",
                                              "automatic": drafts["linkedin"].text})

    assert response.status_code == 302
    assert drafts["linkedin"].text in hootsuite_linkedin(client, demo_workshop)
    calendar = download(client, demo_workshop, "calendar")
    assert drafts["linkedin"].text.split("\n")[0] in calendar
    assert drafts["x"].text not in calendar and drafts["facebook"].text not in calendar


def test_does_a_dropped_draft_stay_out_of_the_files_and_the_page(client, demo_workshop):
    mark_done(demo_workshop)
    linkedin = next(p for p in built(demo_workshop).brief.said_did if p.channel == "linkedin")

    curate(client, demo_workshop, {"key": linkedin.key, "kind": "post", "action": "dropped",
                                   "automatic": linkedin.text})

    assert linkedin.key not in {p.key for p in built(demo_workshop).brief.said_did}
    assert linkedin.text not in hootsuite_linkedin(client, demo_workshop)
    page = html.unescape(page_of(client, demo_workshop).text)
    assert linkedin.text.split("\n")[0] in page[page.index("data-dropped"):]  # to bring back


def test_is_an_edited_draft_published_as_written_within_the_networks_limit(
        client, demo_workshop):
    mark_done(demo_workshop)
    x = next(p for p in built(demo_workshop).brief.said_did if p.channel == "x")

    too_long = curate(client, demo_workshop, {"key": x.key, "kind": "post", "action": "edited",
                                              "text": "mot " * 100, "automatic": x.text})
    assert "280" in client.get(too_long.headers["Location"]).text
    curate(client, demo_workshop, {"key": x.key, "kind": "post", "action": "edited",
                                   "text": "Vous l’aviez demandé : la FAQ est en ligne.",
                                   "automatic": x.text})

    rows = list(csv.reader(io.StringIO(download(client, demo_workshop, "buffer-x"))))
    assert "Vous l’aviez demandé : la FAQ est en ligne." in [row[0] for row in rows]
