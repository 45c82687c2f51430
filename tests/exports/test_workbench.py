"""The curated brief: drops and edits laid over a fresh synthesis, and the posts written from it."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import in_check
from workshop.exports.builders import editorial, workbench
from workshop.exports.builders.themes import element_key
from workshop.exports.builders.workbench import Desk, Edit
from workshop.exports.model import FORMAT_VERSION, Brief, Person, Synthesis, Theme
from workshop.models import Method
from workshop.services.curation import CalendarSettings
from workshop.services.networks import NETWORKS, length

NOW = datetime(2027, 7, 9, 16, 0, tzinfo=UTC)  # a Friday
MESSAGES = {
    "en": ["Answer every customer within a day", "Show the people behind the brand",
           "Ask customers before changing a recipe", "Say sorry in public when we get it wrong"],
    "fr": ["Répondre à chaque client dans la journée", "Montrer les gens derrière la marque",
           "Demander l'avis des clients avant de changer une recette",
           "S'excuser en public quand on se trompe"],
}


def fresh(language: str = "en", messages: list[str] | None = None) -> Synthesis:
    """A synthesis as the builder makes it: key messages from items 1, 2, 3…"""
    texts = MESSAGES[language] if messages is None else messages
    return Synthesis(
        format_version=FORMAT_VERSION, generated_at=NOW, final=True,
        workshop={"title": "Customer day", "question": "How do we talk with our customers?",
                  "language": language, "ended_at": NOW, "timezone": "Europe/Paris"},
        groups=[], participation={}, items=[], ballots={}, documents=[], commitments=[],
        words=[], people=[Person("P-009", None, "customer")],
        brief=Brief(themes=["service client", "recettes"],
                    key_messages=[{"text": t, "item_id": n, "why": "", "support": ""}
                                  for n, t in enumerate(texts, 1)],
                    risks=[{"text": "A furious customer posted a screenshot", "group": "customer",
                            "item_id": 7, "signal": 0.9}]),
    )


def curated(desk: Desk, language: str = "en", messages: list[str] | None = None) -> Synthesis:
    synthesis = fresh(language, messages)
    workbench.curate(synthesis, desk, now=NOW)
    return synthesis


def key_of(kind: str, index: int = 0) -> str:
    brief = curated(Desk()).brief
    return {"message": brief.key_messages, "risk": brief.risks}[kind][index]["key"]


def test_does_an_elements_key_stay_when_its_wording_changes(app):
    before = curated(Desk()).brief.key_messages[0]["key"]
    reworded = curated(Desk(), messages=["Reply to every customer the same day"])

    assert reworded.brief.key_messages[0]["key"] == before


def test_is_a_dropped_message_in_no_list_and_no_post(app):
    dropped = MESSAGES["en"][1]
    brief = curated(Desk(edits={key_of("message", 1): Edit("dropped", "")})).brief

    assert dropped not in [m["text"] for m in brief.key_messages]
    assert not [p for p in brief.calendar if "people behind the brand" in p.text]


def test_does_an_edited_message_reach_the_posts(app):
    edit = Edit("edited", "We answer every customer within a day, weekends included")
    brief = curated(Desk(edits={key_of("message"): edit})).brief

    assert brief.key_messages[0]["text"] == edit.text
    assert brief.key_messages[0]["curated"] == "edited"
    assert brief.key_messages[0]["automatic"] == MESSAGES["en"][0]
    assert {p.channel for p in brief.calendar if "weekends included" in p.text} == set(NETWORKS)


def test_does_an_edited_or_dropped_post_survive_a_new_build(app):
    posts = curated(Desk()).brief.calendar
    linkedin = [p for p in posts if p.channel == "linkedin"]
    edits = {linkedin[1].key: Edit("edited", "Our own words.\n\nSecond paragraph."),
             linkedin[2].key: Edit("dropped", "")}

    again = [p for p in curated(Desk(edits=edits)).brief.calendar if p.channel == "linkedin"]

    assert [p.key for p in again] == [linkedin[0].key, linkedin[1].key, *(
        p.key for p in linkedin[3:])]
    assert again[1].text == "Our own words.\n\nSecond paragraph." and again[1].curated == "edited"


def test_does_a_workshop_with_nothing_to_say_get_no_post(app):
    assert curated(Desk(), messages=[]).brief.calendar == []
    everything_dropped = Desk(edits={key_of("message", n): Edit("dropped", "")
                                     for n in range(4)})
    assert curated(everything_dropped).brief.calendar == []


@pytest.mark.parametrize("language", ["en", "fr"])
def test_are_posts_within_limits_varied_and_free_of_pseudonyms(app, language):
    long = "A message that goes on " + "and on " * 80
    brief = curated(Desk(), language, [*MESSAGES[language], long,
                                       "Offline recommendation from P-009"]).brief

    assert {p.channel for p in brief.calendar} == set(NETWORKS)
    for post in brief.calendar:
        assert 0 < length(post.text, NETWORKS[post.channel]) <= NETWORKS[post.channel].limit
        assert not re.search(r"P-\d", post.text) and "Offline recommendation" not in post.text
    for network in NETWORKS:
        openings = {p.text.split(" ")[0] for p in brief.calendar if p.channel == network
                    and "message" in p.tags}
        assert len(openings) >= 2, network  # several phrasings, not one template


def test_are_french_posts_typeset_in_french(app):
    posts = curated(Desk(), "fr").brief.calendar

    thanks = next(p for p in posts if p.channel == "linkedin")
    assert thanks.text.startswith("Merci")
    assert all(" :" not in p.text and " ?" not in p.text for p in posts)  # U+00A0 instead


def test_are_posts_at_the_networks_hour_in_the_workshops_zone(app):
    desk = Desk(timezone="America/Montreal")
    synthesis = curated(desk)

    assert synthesis.workshop["timezone"] == "America/Montreal"
    zone = ZoneInfo("America/Montreal")
    hours = {p.channel: p.at.astimezone(zone).strftime("%H:%M") for p in synthesis.brief.calendar}
    assert hours == {c.key: f"{c.at[0]:02d}:{c.at[1]:02d}" for c in editorial.CHANNELS}


def test_does_the_calendar_start_on_the_chosen_day_and_skip_weekends_and_holidays(app):
    settings = CalendarSettings(start=date(2027, 7, 12), skip_weekends=True, skip_holidays=True)
    posts = curated(Desk(holiday_country="FR", calendar=settings)).brief.calendar
    days = {p.at.astimezone(ZoneInfo("Europe/Paris")).date() for p in posts}

    assert min(days) == date(2027, 7, 12)
    assert date(2027, 7, 14) not in days  # Bastille Day, a Wednesday
    assert all(day.weekday() < 5 for day in days)


def test_are_weekends_used_when_the_facilitator_allows_them(app):
    settings = CalendarSettings(start=date(2027, 7, 10), skip_weekends=False)
    posts = curated(Desk(calendar=settings)).brief.calendar

    assert date(2027, 7, 10) in {p.at.astimezone(ZoneInfo("Europe/Paris")).date() for p in posts}


def test_do_only_the_networks_that_use_hashtags_get_them(app):
    posts = curated(Desk()).brief.calendar

    tagged = {p.channel for p in posts if "#ServiceClient" in p.text}
    assert tagged == {c.key for c in editorial.CHANNELS if c.hashtags}


# --- the brief linter, on demo workshops of every method --------------------------------------

@pytest.mark.parametrize(("method", "language"), in_check([
    (Method.OPEN_SPACE, "fr"), (Method.BARCAMP, "en"), (Method.APPRECIATIVE_INQUIRY, "fr"),
    (Method.WORLD_CAFE, "en")], (Method.BARCAMP, "en")))
def test_does_every_demo_workshops_calendar_pass_the_publishing_rules(
        make_demo_synthesis, method, language):
    synthesis = make_demo_synthesis(method, 12, language)
    settings = CalendarSettings(start=date(2031, 12, 22), skip_weekends=True, skip_holidays=True)
    workbench.curate(synthesis, Desk(timezone="Europe/Paris", holiday_country="FR",
                                     calendar=settings), now=NOW)
    pseudonyms = {p.pseudonym for p in synthesis.people}
    zone = ZoneInfo("Europe/Paris")
    french_holidays = editorial.public_holidays("FR", date(2031, 12, 22))

    assert synthesis.brief.calendar
    for post in synthesis.brief.calendar:
        local = post.at.astimezone(zone)
        network = NETWORKS[post.channel]
        assert 0 < length(post.text, network) <= network.limit
        assert not any(p in post.text for p in pseudonyms)
        assert local.weekday() < 5 and local.date() not in french_holidays
        assert (local.hour, local.minute) in {c.at for c in editorial.CHANNELS}
        assert not post.text.startswith(editorial.FORMULA_START)
    assert date(2031, 12, 25) in french_holidays and date(2032, 1, 1) in french_holidays


def test_is_the_workshops_name_in_guillemets_once_in_french_posts(app):
    plain = curated(Desk(), "fr")
    quoted = fresh("fr")
    quoted.workshop["title"] = "Café « Parlons-nous vraiment ? »"
    workbench.curate(quoted, Desk(), now=NOW)

    assert any("«\u00a0Customer day\u00a0»" in p.text for p in plain.brief.calendar)
    texts = [p.text for p in quoted.brief.calendar if "Parlons-nous" in p.text]
    assert texts and all("««" not in t and "«\u00a0Café" not in t for t in texts)


def theme(label: str, members: list[str]) -> Theme:
    return Theme(key=element_key("theme", members), label=label, terms=[label.casefold()],
                 sources=members, contribution_ids=[int(m[2:]) for m in members])


def test_are_themes_dropped_relabelled_and_accepted_by_their_key(app):
    found = [theme("Temps de réponse", ["c:1", "c:2"]), theme("Recettes", ["c:3", "c:4"]),
             theme("Prix", ["c:5", "c:6"])]
    edits = {found[0].key: Edit("edited", "Répondre vite", "theme", "Temps de réponse"),
             found[1].key: Edit("dropped", "Recettes", "theme", "Recettes"),
             found[2].key: Edit("accepted", "Prix", "theme", "Prix")}

    kept = workbench.lay_themes(found, edits)

    assert [(t.label, t.curated, t.automatic) for t in kept] == [
        ("Répondre vite", "edited", "Temps de réponse"), ("Prix", "accepted", "Prix")]


def test_does_a_theme_edit_follow_its_label_when_the_members_change(app):
    before = theme("Temps de réponse", ["c:1", "c:2"])
    edits = {before.key: Edit("edited", "Répondre vite", "theme", "Temps de réponse")}
    grown = [theme("Recettes", ["c:3", "c:4"]), theme("Temps de réponse", ["c:1", "c:2", "c:9"])]

    kept = workbench.lay_themes(grown, edits)

    assert [t.label for t in kept] == ["Recettes", "Répondre vite"]
