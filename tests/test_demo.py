"""``workshop demo``: a whole simulated workshop of any method, and what it leaves behind."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa
import sqlalchemy.orm as so
from click.testing import CliRunner, Result

from tests.conftest import in_check
from workshop.cli import cli
from workshop.demo.languages import content_for
from workshop.extensions import db
from workshop.methods import METHODS, Action
from workshop.models import (
    Commitment,
    Contribution,
    ContributionStatus,
    Event,
    Facilitator,
    Method,
    Participant,
    Question,
    QuestionUpvote,
    SharedDocument,
    Vote,
    Workshop,
    WorkshopState,
)
from workshop.services import snapshot

# The app context lets the test read what each command committed.
pytestmark = pytest.mark.usefixtures("app")

SUMMARY_KEYS = {"id", "code", "method", "language", "participants", "contributions", "votes",
                "documents", "commitments", "questions", "upvotes"}
# What each method makes besides what participants propose: the positive core and the
# propositions of Appreciative Inquiry; the contributions are those of the propose phases.
MADE_ON_ENTER = {Method.APPRECIATIVE_INQUIRY: {"theme", "proposition"}}
ASKING = {"question.asked", "question.upvoted"}  # questions to the room, in every method
PHONE_ACTIONS = {
    Method.OPEN_SPACE: {"topic.proposed", "agenda.placed", "interest.marked",
                        "session.checked_in", "vote.cast", "commitment.added", *ASKING},
    Method.BARCAMP: {"topic.proposed", "interest.marked", "session.checked_in",
                     "commitment.added", *ASKING},
    Method.APPRECIATIVE_INQUIRY: {"topic.proposed", "vote.cast", "commitment.added", *ASKING},
    Method.WORLD_CAFE: {"topic.proposed", "vote.cast", "commitment.added", *ASKING},
}


def demo(*args: str) -> Result:
    """Run ``workshop demo ARGS`` in this process, on the test's instance folder."""
    return CliRunner().invoke(cli, ["demo", *args], catch_exceptions=False)


def fresh_session() -> so.Session:
    db.session.rollback()
    db.session.expire_all()
    return db.session


def count(model: type, *where: object) -> int:
    return fresh_session().scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def expected_kinds(method: Method) -> set[str]:
    phases = METHODS[method].phases
    proposed = {p.contribution for p in phases if Action.PROPOSE in p.allows}
    return proposed | MADE_ON_ENTER.get(method, set())


@pytest.mark.parametrize(("method", "language"), in_check(
    [(m, lang) for m in Method for lang in ("fr", "en")], (Method.OPEN_SPACE, "fr")),
    ids=[f"{m.value}-{lang}" for m in Method for lang in ("fr", "en")])
def test_does_a_demo_leave_an_ended_workshop_holding_what_its_summary_says(app, method,
                                                                           language):
    result = demo("--method", method.value, "--participants", "12", "--language", language,
                  "--json")

    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) >= SUMMARY_KEYS
    session = fresh_session()
    workshop = session.get(Workshop, data["id"])
    info = METHODS[method]
    assert (workshop.join_code, workshop.method, workshop.language) == (
        data["code"], method, language)
    assert (data["method"], data["language"], data["participants"]) == (method.value, language, 12)
    assert workshop.state is WorkshopState.ENDED
    assert workshop.phase == info.phases[-1].id
    wid = workshop.id
    assert count(Participant, Participant.workshop_id == wid) == 12

    kinds = dict(session.execute(
        sa.select(Contribution.kind, sa.func.count())
        .where(Contribution.workshop_id == wid, Contribution.status == ContributionStatus.VISIBLE)
        .group_by(Contribution.kind)).all())
    assert {k.value: n for k, n in kinds.items()} == data["contributions"]
    assert set(data["contributions"]) == expected_kinds(method)

    ballots = dict(session.execute(sa.select(Vote.ballot, sa.func.count())
                                   .where(Vote.workshop_id == wid).group_by(Vote.ballot)).all())
    assert ballots == data["votes"]
    assert set(ballots) == {p.ballot for p in info.phases if Action.VOTE in p.allows}

    documents = list(session.scalars(sa.select(SharedDocument)
                                     .where(SharedDocument.workshop_id == wid)))
    assert all(d.text.strip() for d in documents)
    by_kind: dict[str, int] = {}
    for document in documents:
        by_kind[document.kind] = by_kind.get(document.kind, 0) + 1
    assert by_kind == data["documents"]
    assert set(by_kind) == {kind for p in info.phases for kind in p.documents}

    assert count(Commitment, Commitment.workshop_id == wid) == data["commitments"] > 0
    owned = session.scalars(sa.select(Commitment.due_on).where(Commitment.workshop_id == wid))
    assert all(due is not None for due in owned)
    assert_acted_as_phones(wid, method)
    assert_asked_the_room(wid, data, language)
    with app.test_request_context():  # the console, the screen and a phone can open it
        person = session.scalars(sa.select(Participant).where(Participant.workshop_id == wid))
        for role, who in (("facilitator", None), ("screen", None), ("participant", person.first())):
            state = snapshot.snapshot(session, workshop, role, who)
            assert (state["workshop"]["state"], state["phase"]["id"]) == ("ended", workshop.phase)
            assert state["commitments"] and state["documents"]
            assert any(q["upvotes"] for q in state["questions"])


def assert_asked_the_room(wid: int, data: dict[str, object], language: str) -> None:
    """Several questions to the room in its language, all shown, upvoted by others, the
    favourite answered."""
    session = fresh_session()
    asked = list(session.scalars(sa.select(Question).where(Question.workshop_id == wid)))
    assert len(asked) == data["questions"] >= 2
    assert {q.text for q in asked} <= set(content_for(language).room_questions)
    assert all(q.held is None and not q.archived for q in asked)
    assert count(QuestionUpvote, QuestionUpvote.workshop_id == wid) == data["upvotes"] > 0
    own = session.scalar(sa.select(sa.func.count()).select_from(QuestionUpvote).join(
        Question, Question.id == QuestionUpvote.question_id).where(
        QuestionUpvote.workshop_id == wid,
        QuestionUpvote.participant_id == Question.participant_id))
    assert own == 0  # nobody upvotes their own question
    assert [q.answered for q in asked].count(True) == 1


def assert_acted_as_phones(wid: int, method: Method) -> None:
    """Mixed people, some agreeing to be quoted; every phone action with its own client_id."""
    session = fresh_session()
    groups = set(session.scalars(sa.select(Participant.group_key)
                                 .where(Participant.workshop_id == wid)))
    assert {"employee", "customer"} <= groups
    assert 0 < count(Participant, Participant.workshop_id == wid,
                     Participant.consent_quote.is_(True)) < 12
    actions = list(session.execute(sa.select(Event.kind, Event.actor, Event.client_id)
                                   .where(Event.workshop_id == wid).order_by(Event.seq)))
    by_phones = [a for a in actions if a.actor.startswith("p:") and a.kind != "participant.joined"]
    assert all(a.client_id for a in by_phones)
    assert PHONE_ACTIONS[method] <= {a.kind for a in by_phones}
    client_ids = [a.client_id for a in actions if a.client_id]
    assert len(set(client_ids)) == len(client_ids)
    assert actions[-1].kind == "workshop.ended"
    visited = list(session.scalars(sa.select(Event.payload).where(
        Event.workshop_id == wid, Event.kind == "phase.changed").order_by(Event.seq)))
    assert [v["phase"] for v in visited] == [p.id for p in METHODS[method].phases]




def test_is_the_content_french_with_its_typography_in_french():
    data = json.loads(demo("--method", "world_cafe", "--participants", "12", "--language", "fr",
                           "--json").stdout)
    session = fresh_session()
    texts = " ".join([
        *session.scalars(sa.select(Contribution.title)
                         .where(Contribution.workshop_id == data["id"])),
        *session.scalars(sa.select(SharedDocument.text)
                         .where(SharedDocument.workshop_id == data["id"])),
        *session.scalars(sa.select(Commitment.title).where(Commitment.workshop_id == data["id"])),
        session.get(Workshop, data["id"]).title,
    ])
    assert "’" in texts and "«" in texts and "é" in texts
    assert " the " not in texts


def test_does_the_same_seed_give_the_same_workshop():
    def outline(wid: int) -> tuple[object, ...]:
        session = fresh_session()
        titles = list(session.execute(sa.select(Contribution.kind, Contribution.title)
                                      .where(Contribution.workshop_id == wid)
                                      .order_by(Contribution.id)))
        people = list(session.scalars(sa.select(Participant.display_name)
                                      .where(Participant.workshop_id == wid)
                                      .order_by(Participant.id)))
        dots = session.scalar(sa.select(sa.func.count()).select_from(Vote)
                              .where(Vote.workshop_id == wid))
        return titles, people, dots

    args = ("--method", "appreciative_inquiry", "--participants", "5", "--seed", "7", "--json")
    first = json.loads(demo(*args).stdout)
    second = json.loads(demo(*args).stdout)
    other = json.loads(demo(*args[:-3], "--seed", "8", "--json").stdout)

    assert first["id"] != second["id"]
    assert outline(first["id"]) == outline(second["id"])
    assert outline(first["id"]) != outline(other["id"])


def test_does_the_summary_name_the_facilitator_and_its_password_only_once(monkeypatch):
    monkeypatch.setenv("WORKSHOP_PUBLIC_URL", "https://atelier.example.org")
    created = demo("--method", "world_cafe", "--participants", "4")
    reused = demo("--method", "world_cafe", "--participants", "4")

    assert created.exit_code == reused.exit_code == 0
    ident = fresh_session().scalar(sa.select(sa.func.max(Workshop.id)))
    assert reused.stdout.startswith(f"Demo workshop {ident}: “Customer café: are we really")
    assert "demo@atelier.example (created; password, shown once:" in created.stdout
    assert "demo@atelier.example (existing account)" in reused.stdout
    assert "password" not in reused.stdout
    assert f"console: https://atelier.example.org/workshops/{ident}/console" in reused.stdout
    assert fresh_session().scalars(sa.select(Facilitator.email)).all() == ["demo@atelier.example"]


def test_can_a_demo_belong_to_an_existing_facilitator():
    first = json.loads(demo("--method", "world_cafe", "--participants", "3",
                            "--facilitator", "ana@example.org", "--json").stdout)
    again = json.loads(demo("--method", "world_cafe", "--participants", "3",
                            "--facilitator", "ANA@example.org", "--json").stdout)

    assert first["facilitator"] == again["facilitator"] == "ana@example.org"
    assert first["password"] and again["password"] is None
    owners = fresh_session().scalars(sa.select(Workshop.facilitator_id).distinct()).all()
    assert len(owners) == 1


@pytest.mark.parametrize(("args", "message"), [
    (["--method", "poker"], "'poker' is not one of"),
    (["--method", "barcamp", "--participants", "1"], "1 is not in the range 2<=x<=5000"),
    (["--method", "barcamp", "--participants", "5001"], "5001 is not in the range"),
    (["--method", "barcamp", "--participants", "many"], "'many' is not a valid integer"),
    (["--method", "barcamp", "--language", "de"], "'de' is not one of 'fr', 'en'"),
    (["--participants", "12"], "Missing option '--method'"),
    (["--method", "barcamp", "--stop-in", "marketplace"],
     "barcamp has no phase 'marketplace'; its phases: introduction"),
], ids=["method", "too-few", "too-many", "not-a-number", "language", "no-method", "stop-in"])
def test_are_bad_arguments_refused_before_anything_is_made(args, message):
    result = CliRunner().invoke(cli, ["demo", *args])

    assert result.exit_code == 2
    assert message in result.stderr
    assert count(Workshop) == 0


def test_does_a_demo_stopped_in_a_phase_leave_the_workshop_running_there_with_its_work_done():
    """`--stop-in sessions`: people are checked in to the sessions; nothing of later phases."""
    summary = json.loads(demo("--method", "open_space", "--participants", "30",
                              "--stop-in", "sessions", "--json").stdout)

    workshop = fresh_session().get(Workshop, summary["id"])
    assert (summary["phase"], summary["state"]) == ("sessions", "live")
    assert (workshop.phase, workshop.state) == ("sessions", WorkshopState.LIVE)
    actions = set(fresh_session().scalars(sa.select(Event.kind).distinct()))
    assert "session.checked_in" in actions
    assert not actions & {"vote.cast", "commitment.added"}


def test_is_a_bad_facilitator_email_refused_clearly():
    result = demo("--method", "barcamp", "--participants", "4", "--facilitator", "nobody")

    assert result.exit_code == 1
    assert "This is not a valid email address." in result.stderr
    assert count(Workshop) == 0


def test_does_a_database_without_schema_get_a_clear_message(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKSHOP_INSTANCE_PATH", str(tmp_path))

    result = demo("--method", "barcamp", "--participants", "4")

    assert result.exit_code == 1
    assert "run `workshop db upgrade` first" in result.stderr


def test_does_progress_go_to_stderr_and_never_into_the_json(monkeypatch):
    monkeypatch.setattr("workshop.cli.demo.DEMO_PROGRESS_FROM", 10)  # shown for 100 people and more

    result = demo("--method", "world_cafe", "--participants", "12", "--json")

    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["participants"] == 12
    assert "round_2" in result.stderr
    assert "round_2" not in result.stdout
