""""You said, we did": drafts for done commitments, consent kept, published once kept."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import in_check
from workshop.exports.builders import editorial, said_did, workbench
from workshop.exports.builders.workbench import Desk, Edit
from workshop.exports.model import FORMAT_VERSION, Brief, Commitment, Item, Person, Synthesis
from workshop.exports.writers import scheduler
from workshop.models import Method
from workshop.services.curation import CalendarSettings
from workshop.services.networks import NETWORKS, length

NOW = datetime(2027, 8, 9, 16, 0, tzinfo=UTC)  # a Monday, a month after the workshop
ENDED = datetime(2027, 7, 9, 16, 0, tzinfo=UTC)
SAID = {"en": "Answer customers on weekends too", "fr": "Répondre aux clients le week-end aussi"}
DONE = {"en": "Since August, two people answer every Saturday and Sunday.",
        "fr": "Depuis août, deux personnes répondent chaque samedi et dimanche."}


def commitment(status: str = "done", *, item_id: int | None = 1, ident: int = 10,
               done_note: str = "", title: str = "Weekend support rota") -> Commitment:
    return Commitment(id=ident, title=title, owner="Support team", due_on=None, item_id=item_id,
                      item_title=None, personal=False, status=status, done_note=done_note,
                      note=done_note)


def synthesis(commitments: list[Commitment], language: str = "en", *, author: str = "P-002",
              said: str | None = None) -> Synthesis:
    """An ended workshop: Camille agreed to be quoted, P-002 did not."""
    return Synthesis(
        format_version=FORMAT_VERSION, generated_at=NOW, final=True,
        workshop={"title": "Customer day", "question": "How do we talk with our customers?",
                  "language": language, "ended_at": ENDED, "timezone": "Europe/Paris"},
        groups=[], participation={}, ballots={}, documents=[], words=[],
        people=[Person("P-001", "Camille", "customer"), Person("P-002", None, "customer")],
        items=[Item(id=1, kind="topic", title=said or SAID[language], author=author)],
        commitments=commitments,
        brief=Brief(themes=["service client"],
                    key_messages=[{"text": "Show the people behind the brand", "item_id": 1,
                                   "why": "", "support": ""}]),
    )


def curated(built: Synthesis, desk: Desk | None = None) -> Synthesis:
    workbench.curate(built, desk or Desk(), now=NOW)
    return built


@pytest.mark.parametrize(("language", "opening"), [
    ("en", "You "), ("fr", "Vous ")])
def test_does_a_done_commitment_get_one_draft_per_network_in_the_workshops_language(
        app, language, opening):
    built = curated(synthesis([commitment(done_note=DONE[language])], language))

    drafts = built.brief.said_did
    assert sorted(p.channel for p in drafts) == sorted(NETWORKS)
    for post in drafts:
        assert post.text.startswith(opening), post.text
        assert SAID[language] in post.text and DONE[language] in post.text
        assert 0 < length(post.text, NETWORKS[post.channel]) <= NETWORKS[post.channel].limit
        assert post.at > NOW
    if language == "fr":
        assert all(" :" not in p.text and "«\u00a0" in p.text for p in drafts)


def test_are_the_drafts_tagged_like_the_networks_posts(app):
    drafts = curated(synthesis([commitment(done_note=DONE["en"])])).brief.said_did

    tagged = {p.channel for p in drafts if "#ServiceClient" in p.text}
    assert tagged == {c.key for c in editorial.CHANNELS if c.hashtags}


@pytest.mark.parametrize("status", ["planned", "started", "dropped"])
def test_does_a_commitment_not_done_get_no_draft(app, status):
    built = curated(synthesis([commitment(status, done_note="Not yet")]))

    assert built.brief.said_did == []
    assert not [p for p in built.brief.calendar if "Not yet" in p.text]


def test_is_an_author_who_agreed_named_and_one_who_did_not_never(app):
    quoted = curated(synthesis([commitment(done_note=DONE["en"])], author="Camille"))
    unnamed = curated(synthesis([commitment(done_note=DONE["en"])], author="P-002"))

    assert all("— Camille" in p.text for p in quoted.brief.said_did if p.channel == "linkedin")
    assert unnamed.brief.said_did
    assert not any(re.search(r"P-\d", p.text) for p in unnamed.brief.said_did)


def test_is_a_contribution_that_names_someone_by_pseudonym_never_quoted(app):
    # The synthesis redacted "Léa asks for weekend answers": the pseudonym stays, the name is gone.
    built = curated(synthesis([commitment(done_note=DONE["en"])],
                              said="P-002 asks for weekend answers"))

    texts = [p.text for p in built.brief.said_did]
    assert texts and all("Weekend support rota" in t for t in texts)
    assert not any("P-002" in t or "weekend answers" in t for t in texts)


def test_does_a_commitment_done_without_a_note_or_a_contribution_still_read_well(app):
    drafts = curated(synthesis([commitment(item_id=None)])).brief.said_did

    linkedin = next(p for p in drafts if p.channel == "linkedin")
    assert "Weekend support rota" in linkedin.text and "done, as promised" in linkedin.text


def test_are_drafts_out_of_the_files_until_kept_and_gone_when_dropped(app):
    built = curated(synthesis([commitment(done_note=DONE["en"])]))
    drafts = {p.channel: p for p in built.brief.said_did}
    assert not [p for p in built.brief.calendar if said_did.KIND in p.tags]

    desk = Desk(edits={drafts["linkedin"].key: Edit("accepted", "", "post"),
                       drafts["x"].key: Edit("edited", "We did it: weekend answers.", "post"),
                       drafts["mastodon"].key: Edit("dropped", "", "post")})
    again = curated(synthesis([commitment(done_note=DONE["en"])]), desk)

    published = {p.channel: p.text for p in again.brief.calendar if said_did.KIND in p.tags}
    assert published == {"linkedin": drafts["linkedin"].text, "x": "We did it: weekend answers."}
    assert "mastodon" not in {p.channel for p in again.brief.said_did}
    rows = scheduler.rows(again, "hootsuite-linkedin", now=NOW)
    assert drafts["linkedin"].text in [row[1] for row in rows]
    assert drafts["facebook"].text not in scheduler.write(again, "calendar", now=NOW).decode()


def test_do_drafts_take_a_day_the_network_has_no_post_on(app):
    built = synthesis([commitment(done_note=DONE["en"]),
                       commitment(ident=11, done_note="A second thing done.")])
    curated(built, Desk(edits={}))
    desk = Desk(edits={p.key: Edit("accepted", "", "post") for p in built.brief.said_did})

    posts = curated(synthesis([commitment(done_note=DONE["en"]),
                               commitment(ident=11, done_note="A second thing done.")]),
                    desk).brief.calendar

    for network in NETWORKS:
        days = [p.at.date() for p in posts if p.channel == network]
        assert len(days) == len(set(days)), network


@pytest.mark.parametrize(("method", "language"), in_check([
    (Method.OPEN_SPACE, "fr"), (Method.WORLD_CAFE, "en")], (Method.WORLD_CAFE, "en")))
def test_do_demo_workshops_drafts_pass_the_publishing_rules(make_demo_synthesis, method,
                                                            language):
    built = make_demo_synthesis(method, 12, language)
    for item in built.commitments:  # a month later, every commitment is done
        item.status, item.done_note = "done", DONE[language]
    settings = CalendarSettings(start=date(2031, 12, 22), skip_weekends=True, skip_holidays=True)
    workbench.curate(built, Desk(timezone="Europe/Paris", holiday_country="FR",
                                 calendar=settings), now=NOW)
    zone = ZoneInfo("Europe/Paris")
    holidays = editorial.public_holidays("FR", date(2031, 12, 22))
    pseudonyms = {p.pseudonym for p in built.people}

    assert built.commitments and built.brief.said_did
    for post in built.brief.said_did:
        local = post.at.astimezone(zone)
        assert 0 < length(post.text, NETWORKS[post.channel]) <= NETWORKS[post.channel].limit
        assert not any(p in post.text for p in pseudonyms)
        assert local.weekday() < 5 and local.date() not in holidays
        assert (local.hour, local.minute) in {c.at for c in editorial.CHANNELS}
        assert DONE[language][:20] in post.text
