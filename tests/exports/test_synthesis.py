"""The synthesis builder: what a facilitator's export contains, from a hand-made workshop."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import pytest
import sqlalchemy as sa

from tests.conftest import french, in_check, workshop_fingerprint
from tests.exports.conftest import Drive
from tests.recorded_demos import run_recorded
from workshop.errors import AtelierError
from workshop.exports.builders import synthesis as builder
from workshop.exports.builders.consent import Entry, Roster
from workshop.exports.model import Synthesis
from workshop.extensions import db
from workshop.models import Contribution, Event, Method, Participant, Workshop
from workshop.services import agenda, navigation, tags

NOW = datetime(2030, 5, 6, 9, 0, tzinfo=UTC)


@dataclass
class Story:
    """The hand-made Open Space and what happened in it."""

    drive: Any
    people: dict[str, Participant]
    topics: dict[str, int]


def everything(synthesis: Synthesis) -> str:
    return json.dumps(synthesis.to_dict(), default=str, ensure_ascii=False)


@pytest.fixture
def story(drive) -> Story:  # type: ignore[no-untyped-def]
    """Six people, three sessions, a report, dots, commitments and closing words, in French.

    Told once per test process, then replayed from the rows it inserted (the story is the
    same every time); its people and workshop are read back as the drive's calls read them.
    """
    workshop_id, people, topics = run_recorded(("synthesis story",), lambda: tell(drive))
    with db.unit_of_work() as session:
        workshop = session.get(Workshop, workshop_id)
        persons = {name: session.get(Participant, id_) for name, id_ in people.items()}
    return Story(Drive(workshop), persons, topics)  # type: ignore[arg-type]


def tell(drive: Any) -> tuple[int, dict[str, int], dict[str, int]]:
    """The story, told through the services; the ids of its workshop, people and topics."""
    # Its own facilitator: a replayed story leaves the drive's next facilitator free.
    live = drive(owner_email="storyteller@example.org", language="fr",
                 title="Journée clients", calling_question="Comment parler avec nos clients ?")
    people = {
        "alice": live.join("Alice Roux", "employee", consent=True),
        "bruno": live.join("Bruno Durand", "employee"),
        "chloe": live.join("Chloé Petit", "customer", consent=True),
        "dominique": live.join("Dominique Martin", "customer"),
        "eve": live.join("Ève Lemaire", "customer", consent=True),
        "fanny": live.join("Fanny Morel", "employee", consent=True),
    }
    live.goto("marketplace")
    topics = {
        "customers": live.propose(people["dominique"], "Répondre le dimanche",
                                  "Les clients écrivent le soir."),
        "shared": live.propose(people["alice"], "Une charte de prise de parole"),
        "employees": live.propose(people["bruno"], "Le planning des boutiques"),
        "hidden": live.propose(people["fanny"], "Hors sujet"),
    }
    live.goto("agenda")
    view = agenda.view(db.session, live.workshop)
    live.place(topics["customers"], view["rooms"][0]["id"], view["slots"][1]["id"])
    for name in ("chloe", "eve", "alice"):
        live.mark(people[name], topics["customers"])
    live.goto("sessions")
    for name in ("chloe", "dominique"):
        live.check_in(people[name], topics["customers"])
    key = f"report:{topics['customers']}"
    live.write(people["alice"], key, "key_points",
               "Session animée par Dominique Martin, avec Chloé Petit.")
    live.write(people["alice"], key, "key_points", "Dominique a raconté un dimanche difficile.")
    live.write(people["chloe"], key, "recommendations", "Répondre dans l’heure, même le soir.")
    live.goto("convergence")
    # Customers: 3 dots each on their topic, 1 on the shared one (shares 3/4 and 1/4);
    # employees: 3 on theirs, 1 on the shared one (the same 1/4 share). Partners don't vote.
    for name in ("chloe", "dominique", "eve"):
        live.vote(people[name], topics["customers"], 3)
        live.vote(people[name], topics["shared"])
    for name in ("alice", "bruno", "fanny"):
        live.vote(people[name], topics["employees"], 3)
        live.vote(people[name], topics["shared"])
    live.vote(people["fanny"], topics["hidden"])
    live.hide(topics["hidden"])
    live.goto("action_planning")
    live.commit(people["bruno"], title="Tester une permanence le dimanche", due_on="2030-06-30",
                topic_id=topics["customers"])
    live.commit(people["chloe"], title="Relire la charte", topic_id=topics["shared"])
    live.commit(None, title="Publier la charte", owner="Équipe réseaux sociaux",
                personal=False, topic_id=topics["shared"])
    live.commit(None, title="Appeler les boutiques", owner="Dominique Martin")
    live.goto("closing")
    for name, word in (("alice", "Confiance"), ("bruno", "confiance"), ("chloe", "Confiance"),
                       ("dominique", "Écoute"), ("eve", "écoute"), ("fanny", "écoute")):
        live.propose(people[name], word)
    live.finish()
    return live.workshop.id, {name: person.id for name, person in people.items()}, topics


@pytest.fixture
def built(story: Story) -> Synthesis:
    return story.drive.build(now=NOW)


# --- summary and participation --------------------------------------------------------------


def test_does_the_summary_give_question_method_dates_and_duration(built):
    info = built.workshop
    assert (info["title"], info["question"], info["method"]) == (
        "Journée clients", "Comment parler avec nos clients ?", "open_space")
    assert info["method_name"] == "Open Space"
    assert info["started_at"] <= info["ended_at"]
    assert info["duration_minutes"] == 0  # the whole story takes less than a minute
    assert info["date"] == info["started_at"].date()
    assert built.final is True
    assert built.generated_at == NOW


def test_is_participation_counted_by_group_and_over_time(built):
    part = built.participation
    assert part["by_group"] == {"employee": 3, "customer": 3}
    # Everyone acted (dots, marks or words) after joining.
    assert part["active_by_group"] == {"employee": 3, "customer": 3}
    assert sum(m["joined"] for m in part["timeline"]) == 6
    logged = db.session.scalar(sa.select(sa.func.count()).select_from(Event).where(
        Event.actor.like("p:%"), Event.kind != "participant.joined"))
    assert sum(m["actions"] for m in part["timeline"]) == logged
    assert [m["minute"] for m in part["timeline"]] == sorted(m["minute"] for m in
                                                            part["timeline"])
    assert [g["key"] for g in built.groups] == ["employee", "customer", "partner"]


# --- consent --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["Bruno Durand", "Dominique Martin", "Dominique", "Durand"])
def test_is_a_participant_who_did_not_consent_named_nowhere(built, name):
    assert name not in everything(built)


def test_is_a_participant_who_consented_quoted_with_their_name(built, story):
    alice = next(p for p in built.people if p.name == "Alice Roux")
    assert alice.pseudonym == "P-001"
    shared = built.item(story.topics["shared"])
    assert shared is not None and shared.author == "Alice Roux"
    report = next(d for d in built.documents if d.item_id == story.topics["customers"])
    assert "avec Chloé Petit" in report.fields["key_points"]


def test_does_a_non_consenting_author_appear_as_their_pseudonym(built, story):
    dominique = built.people[3]
    assert (dominique.name, dominique.pseudonym, dominique.group) == (None, "P-004", "customer")
    item = built.item(story.topics["customers"])
    assert item is not None and item.author == "P-004" and item.author_group == "customer"
    report = next(d for d in built.documents if d.item_id == item.id)
    assert report.fields["key_points"].splitlines() == [
        "Session animée par P-004, avec Chloé Petit.", "P-004 a raconté un dimanche difficile."]


def test_are_pseudonyms_stable_from_one_export_to_the_next(story):
    first, second = story.drive.build(now=NOW), story.drive.build(now=NOW)
    assert [p.pseudonym for p in first.people] == ["P-001", "P-002", "P-003", "P-004", "P-005",
                                                   "P-006"]
    assert [(p.pseudonym, p.name) for p in first.people] == [
        (p.pseudonym, p.name) for p in second.people]


def test_does_an_anonymous_workshop_name_nobody(drive):
    live = drive(anonymous=True)
    live.join("Alice Roux", "employee", consent=True)
    built = live.build(now=NOW)
    assert built.people[0].name is None
    assert "Alice" not in everything(built)


def test_does_a_shared_first_name_stay_when_someone_who_consented_bears_it():
    roster = Roster([Entry(1, "Camille B.", "employee", False),
                     Entry(2, "Camille R.", "customer", True),
                     Entry(3, "Léon T.", "customer", False)])
    text = "Camille B. et Camille R. ; Léon a parlé, Camille aussi. Léonard non."
    assert roster.redact(text) == "P-001 et Camille R. ; P-003 a parlé, Camille aussi. " \
                                  "Léonard non."


def test_is_a_pseudonym_wide_enough_for_thousands():
    roster = Roster(Entry(i, f"N{i}", "", False) for i in range(1, 1201))
    assert roster.shown(1) == "P-0001" and roster.shown(1200) == "P-1200"


# --- votes, divergence, ranking --------------------------------------------------------------


def test_are_dots_split_by_ballot_and_stakeholder_group(built, story):
    item = built.item(story.topics["customers"])
    assert item is not None
    assert item.votes == {"convergence": 9}
    assert item.votes_by_group == {"convergence": {"customer": 9}}
    shared = built.item(story.topics["shared"])
    assert shared is not None
    assert shared.votes_by_group == {"convergence": {"customer": 3, "employee": 3}}


def test_do_groups_diverge_on_a_topic_only_customers_love(built, story):
    item = built.item(story.topics["customers"])
    assert item is not None and item.divergence == 1.0


def test_do_groups_agree_on_a_topic_they_love_equally(built, story):
    item = built.item(story.topics["shared"])
    assert item is not None and item.divergence == pytest.approx(0.0, abs=1e-9)


def test_is_the_divergence_none_when_one_group_only_voted():
    assert builder.divergence({"customer": 4}, {"customer": 10}) is None
    assert builder.divergence({}, {"customer": 10, "employee": 8}) is None


def test_does_the_divergence_grow_with_the_gap_between_groups():
    totals = {"customer": 10, "employee": 20}
    # Customers give the item 30 % of their dots, employees 10 %: (0.3 − 0.1) / (0.3 + 0.1).
    assert builder.divergence({"customer": 3, "employee": 2}, totals) == pytest.approx(0.5)
    # Three groups, the third absent from the item: halfway between agreement and opposition.
    three = {"customer": 10, "employee": 10, "partner": 10}
    assert builder.divergence({"customer": 5, "employee": 5}, three) == pytest.approx(0.5)


def test_is_each_ballot_ranked_most_voted_first(built, story):
    assert built.ballots == {"convergence": [story.topics["customers"],
                                             story.topics["employees"], story.topics["shared"]]}


def test_does_a_hidden_topic_leave_the_export_with_its_dots(built, story):
    assert built.item(story.topics["hidden"]) is None
    assert story.topics["hidden"] not in built.ballots["convergence"]


def test_does_each_item_know_its_room_slot_interest_and_attendance(built, story):
    item = built.item(story.topics["customers"])
    assert item is not None
    assert (item.room, item.slot) == (french("Room %(letter)s") % {"letter": "A"},
                                      french("Slot %(n)d") % {"n": 2})
    assert (item.interest, item.attendance) == (3, 2)


# --- documents, commitments, words ------------------------------------------------------------


def test_are_documents_exported_with_their_fields_labelled_in_french(built, story):
    (report,) = built.documents
    assert (report.key, report.kind, report.item_id) == (
        f"report:{story.topics['customers']}", "report", story.topics["customers"])
    assert report.title == "Répondre le dimanche"
    assert report.fields["recommendations"] == "Répondre dans l’heure, même le soir."
    assert report.labels["key_points"] == french("Key points")


def test_do_commitment_owners_follow_consent(built, story):
    owners = {c.title: c.owner for c in built.commitments}
    assert owners == {
        "Tester une permanence le dimanche": "P-002",  # Bruno's own, without consent
        "Relire la charte": "Chloé Petit",  # with consent
        "Publier la charte": "Équipe réseaux sociaux",  # a team typed by the facilitator
        "Appeler les boutiques": "P-004",  # a participant's name typed by the facilitator
    }
    tested = next(c for c in built.commitments if c.owner == "P-002")
    assert tested.due_on == date(2030, 6, 30)
    assert (tested.item_id, tested.item_title) == (story.topics["customers"],
                                                   "Répondre le dimanche")
    assert tested.author_group == "employee"


def test_are_closing_words_counted_whatever_their_case_and_accents(built):
    assert built.words == [{"word": "Confiance", "count": 3}, {"word": "écoute", "count": 3}]


def test_is_the_commonest_spelling_shown():
    words = ["Écoute", "écoute", "écoute", "ECOUTE", "Lien"]
    assert builder.count_words(words) == [{"word": "écoute", "count": 4},
                                          {"word": "Lien", "count": 1}]


# --- labels ---------------------------------------------------------------------------------


@pytest.mark.parametrize("key, message", [
    ("summary", "Summary"), ("priorities", "Priorities"), ("outcomes", "Outcomes"),
    ("brief", "Social-media strategy brief"), ("stakeholder_map", "Stakeholder map"),
    ("key_messages", "Key messages"), ("questions", "Q&A to prepare"),
    ("listening", "Listening list"), ("risks", "Risk signals"),
    ("calendar", "Editorial calendar"), ("action_plan", "Action plan"),
    ("foundation.trust", "Trust"), ("shift.connecting", "From selling to connecting"),
    ("column.owner", "Owner"), ("field.recommendations", "Recommendations"),
    ("group.customer", "Customer"),
])
def test_are_the_labels_in_the_workshops_language(built, key, message):
    assert built.labels[key] == french(message)


def test_is_every_foundation_and_shift_labelled(built):
    from workshop.exports.model import FOUNDATIONS, SHIFTS

    assert all(f"foundation.{k}" in built.labels for k in FOUNDATIONS)
    assert all(f"shift.{k}" in built.labels for k in SHIFTS)


def test_are_the_labels_in_english_for_an_english_workshop(drive):
    built = drive(language="en").build(now=NOW)
    assert built.labels["summary"] == "Summary"
    assert built.labels["group.customer"] == "Customer"


# --- tags corrected by the facilitator --------------------------------------------------------


def correct(story: Story, item: Any, foundations: Any, shifts: Any) -> Any:
    return story.drive.act(None, lambda s, w, _p, a, c: tags.set_tags(
        s, w, item, foundations, shifts, a, c))


def test_are_corrected_tags_used_instead_of_automatic_ones(story):
    topic = story.topics["customers"]
    correct(story, topic, ["alliances", "trust"], ["everywhere"])
    item = story.drive.build(now=NOW).item(topic)
    assert item is not None
    assert (item.foundations, item.shifts, item.tags_corrected) == (
        ["trust", "alliances"], ["everywhere"], True)


def test_can_the_facilitator_remove_every_tag_of_an_item(story):
    topic = story.topics["shared"]
    correct(story, topic, [], [])
    item = story.drive.build(now=NOW).item(topic)
    assert item is not None and (item.foundations, item.shifts) == ([], [])


def test_is_a_correction_logged_and_other_tags_kept(story):
    topic = story.topics["customers"]
    with db.unit_of_work() as session:
        session.get(Contribution, topic).tags = ["stories:3"]
    change = correct(story, topic, ["trust"], [])
    stored = db.session.get(Contribution, topic)
    db.session.refresh(stored)
    assert stored.tags == ["stories:3", "f:trust", "tags:corrected"]
    event = db.session.scalar(sa.select(Event).where(Event.seq == change.seq,
                                                     Event.workshop_id == story.drive.workshop.id))
    assert (event.kind, event.payload) == ("tags.set", {"topic": topic,
                                                        "foundations": ["trust"], "shifts": []})


def test_does_clearing_the_correction_bring_automatic_tags_back(story):
    topic = story.topics["customers"]
    correct(story, topic, [], [])
    story.drive.act(None, lambda s, w, _p, a, c: tags.clear_tags(s, w, topic, a, c))
    item = story.drive.build(now=NOW).item(topic)
    assert item is not None and item.tags_corrected is False


@pytest.mark.parametrize("foundations, shifts, field", [
    (["trust", "friendship"], [], "foundations"),
    (["trust"], ["teleporting"], "shifts"),
    ("trust", [], "foundations"),
    ([1], [], "foundations"),
    (None, [], "foundations"),
    ([], {"connecting": True}, "shifts"),
])
def test_is_bad_tag_input_refused_with_nothing_changed(story, foundations, shifts, field):
    topic = story.topics["customers"]
    before = workshop_fingerprint(story.drive.workshop.id), db.session.get(
        Contribution, topic).tags
    with pytest.raises(AtelierError) as caught:
        correct(story, topic, foundations, shifts)
    assert caught.value.code == "invalid" and field in caught.value.fields
    after = workshop_fingerprint(story.drive.workshop.id), db.session.get(
        Contribution, topic).tags
    assert after == before


@pytest.mark.parametrize("item", [999_999, "12", True])
def test_is_a_correction_of_an_unknown_item_refused(story, item):
    before = workshop_fingerprint(story.drive.workshop.id)
    with pytest.raises(AtelierError) as caught:
        correct(story, item, ["trust"], [])
    assert caught.value.code in ("unknown_topic", "invalid")
    assert workshop_fingerprint(story.drive.workshop.id) == before


def test_can_no_one_correct_another_workshops_item(story, drive):
    other = drive()
    before = workshop_fingerprint(other.workshop.id)
    with pytest.raises(AtelierError) as caught:
        other.act(None, lambda s, w, _p, a, c: tags.set_tags(
            s, w, story.topics["customers"], ["trust"], [], a, c))
    assert caught.value.code == "unknown_topic"
    assert workshop_fingerprint(other.workshop.id) == before


# --- demo workshops ---------------------------------------------------------------------------


@pytest.mark.parametrize("method", in_check(Method, Method.BARCAMP))
def test_does_every_demo_method_give_a_synthesis_that_respects_consent(built_demo, method):
    demo = built_demo(method, 10, "en")
    built, hidden = demo.synthesis, demo.unquoted
    text = everything(built)
    assert hidden and not [name for name in hidden if name in text]
    assert built.items and built.brief.calendar
    assert all(p.name is None or not p.name.startswith("P-") for p in built.people)


def test_does_the_demo_synthesis_rank_and_split_the_convergence(built_demo):
    demo_synthesis = built_demo().synthesis
    ranked = demo_synthesis.ballots["convergence"]
    dots = [demo_synthesis.item(i).votes.get("convergence", 0) for i in ranked]
    assert dots == sorted(dots, reverse=True) and dots[0] > 0
    for item_id in ranked:
        item = demo_synthesis.item(item_id)
        split = item.votes_by_group.get("convergence", {})
        assert sum(split.values()) == item.votes.get("convergence", 0)
        assert item.divergence is None or 0 <= item.divergence <= 1


# --- cost -----------------------------------------------------------------------------------


def statements_of_build(live: Any) -> int:
    db.session.rollback()
    seen: list[str] = []
    engine = db.session.get_bind()

    def count(*args: Any) -> None:
        # Reading the workshop's own row again is one query, or none when it is still loaded.
        if not args[2].startswith("SELECT workshop."):
            seen.append(args[2])

    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        live.build(now=NOW)
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    return len(seen)


def test_does_the_number_of_queries_stay_the_same_as_the_workshop_grows(story):
    live = story.drive
    statements_of_build(live)  # the first build also stores the contributions' vectors
    before = statements_of_build(live)
    live.act(None, lambda s, w, _p, a, c: navigation.finish(s, w, False, a, c))  # reopen
    live.goto("reports")
    for n in range(5):
        person = live.join(f"Nouvelle {n}", "partner")
        live.write(person, f"report:{story.topics['shared']}", "key_points", f"Point {n}.")
        live.write(person, f"report:{story.topics['employees']}", "questions", f"Et {n} ?")
    assert statements_of_build(live) == before <= 16  # 16: the follow-up notes (issue 19)
