"""The follow-up after the workshop: statuses, progress notes, who may write them, the counts."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from workshop.errors import AtelierError
from workshop.extensions import db
from workshop.models import (
    Commitment,
    CommitmentNote,
    CommitmentStatus,
    Event,
    Participant,
    Workshop,
    WorkshopState,
)
from workshop.services import followup, participants
from workshop.services.participants import JoinRequest

TODAY = date(2027, 3, 1)


class Ended:
    """An ended workshop with Léa's commitment, Noa's and a team action without an owner."""

    def __init__(self, make_facilitator: Any, make_workshop: Any) -> None:
        owner = make_facilitator()
        workshop = make_workshop(owner)
        with db.unit_of_work() as session:
            workshop = session.merge(workshop)
            people = [session.get(Participant, participants.join(
                session, workshop, JoinRequest(name, "customer")).result["participant"])
                for name in ("Léa", "Noa")]
            items = [Commitment(workshop_id=workshop.id, title=title, owner_name=who.display_name,
                                participant_id=who.id, due_on=TODAY + timedelta(days=days))
                     for title, who, days in (("Publish the FAQ", people[0], -3),
                                              ("Call back ten customers", people[1], 5))]
            items.append(Commitment(workshop_id=workshop.id, title="Team review",
                                    owner_name="Support team", personal=False, due_on=None))
            session.add_all(items)
            workshop.state = WorkshopState.ENDED
            session.flush()
            self.workshop_id = workshop.id
            self.lea, self.noa = (p.id for p in people)
            self.faq, self.calls, self.team = (i.id for i in items)

    def record(self, commitment: int, by: int | None, **values: Any) -> dict[str, Any]:
        with db.unit_of_work() as session:
            workshop = session.get(Workshop, self.workshop_id)
            person = session.get(Participant, by) if by else None
            change = followup.record(session, workshop, commitment, by=person,
                                     actor="test", status=values.get("status"),
                                     note=values.get("note"))
            return change.result

    def state(self) -> tuple[Any, ...]:
        db.session.rollback()
        return (tuple(db.session.execute(sa.select(Commitment.id, Commitment.status)
                                         .order_by(Commitment.id)).all()),
                db.session.scalar(sa.select(sa.func.count()).select_from(CommitmentNote)),
                db.session.scalar(sa.select(sa.func.count()).select_from(Event)))


@pytest.fixture
def ended(app, make_facilitator, make_workshop) -> Ended:  # type: ignore[no-untyped-def]
    return Ended(make_facilitator, make_workshop)


def test_does_an_owner_move_their_commitment_on_after_the_end_with_a_note(ended: Ended) -> None:
    result = ended.record(ended.faq, ended.lea, status="started", note="First draft online")

    assert result["commitment"] == {"id": ended.faq, "status": "started"}
    assert (result["note"]["status"], result["note"]["text"], result["note"]["by_owner"]) == (
        "started", "First draft online", True)
    db.session.rollback()
    assert db.session.get(Commitment, ended.faq).status is CommitmentStatus.STARTED
    kinds = db.session.scalars(sa.select(Event.kind).order_by(Event.id.desc()).limit(1)).all()
    assert kinds == ["commitment.followed"]


def test_is_the_history_kept_in_order_with_the_facilitators_steps(ended: Ended) -> None:
    ended.record(ended.faq, ended.lea, status="started", note="Draft online")
    ended.record(ended.faq, None, note="Reviewed with legal")
    ended.record(ended.faq, ended.lea, status="done", note="")

    db.session.rollback()
    item = db.session.get(Commitment, ended.faq)
    steps = [(s.status and s.status.value, s.text, s.participant_id)
             for s in followup.history(db.session, item)]
    assert steps == [("started", "Draft online", ended.lea), (None, "Reviewed with legal", None),
                     ("done", "", ended.lea)]
    assert followup.latest_notes(db.session, db.session.get(Workshop, ended.workshop_id))[
        ended.faq].text == "Reviewed with legal"


@pytest.mark.parametrize(("who", "values", "field"), [
    ("noa", {"status": "done"}, None),  # someone else's commitment
    ("lea", {"status": "finished"}, "status"),
    ("lea", {"status": "dropped"}, "note"),  # dropping says why
    ("lea", {"note": ""}, "note"),  # nothing to record
    ("lea", {"status": "planned", "note": "  "}, "note"),  # the same status, no note
    ("lea", {"note": 42}, "note"),
    ("lea", {"note": "x" * 1001}, "note"),
])
def test_is_a_bad_update_refused_with_nothing_changed(
    ended: Ended, who: str, values: dict[str, Any], field: str | None
) -> None:
    before = ended.state()

    with pytest.raises(AtelierError) as refused:
        ended.record(ended.faq, getattr(ended, who), **values)

    assert ended.state() == before
    if field:
        assert field in refused.value.fields
    else:
        assert refused.value.code == "forbidden"


def test_is_a_commitment_of_another_workshop_unknown(
    ended: Ended, make_facilitator: Any, make_workshop: Any
) -> None:
    other = Ended(make_facilitator, make_workshop)
    before = ended.state()

    with pytest.raises(AtelierError) as refused:
        ended.record(other.faq, None, status="done")

    assert refused.value.code == "not_found"
    assert ended.state() == before


def test_does_the_list_count_overdue_due_this_week_and_done(ended: Ended) -> None:
    ended.record(ended.calls, ended.noa, status="started", note="Three called")
    db.session.rollback()

    found = followup.progress(db.session, [ended.workshop_id], TODAY)[ended.workshop_id]

    assert (found.overdue, found.due_this_week, found.done, found.total) == (1, 1, 0, 3)
    ended.record(ended.faq, ended.lea, status="done")
    db.session.rollback()
    found = followup.progress(db.session, [ended.workshop_id], TODAY)[ended.workshop_id]
    assert (found.overdue, found.due_this_week, found.done) == (0, 1, 1)


def test_is_what_was_done_the_note_written_since_it_was_marked_done(ended: Ended) -> None:
    ended.record(ended.faq, ended.lea, status="started", note="A draft of the FAQ")
    ended.record(ended.faq, ended.lea, status="done", note="The FAQ is online")
    ended.record(ended.faq, None, note="Read 300 times in its first week")
    ended.record(ended.calls, ended.noa, status="started", note="Three called")
    ended.record(ended.calls, ended.noa, status="done")
    ended.record(ended.team, None, status="done", note="Reviewed")
    ended.record(ended.team, None, status="started", note="Reopened: one more review")
    db.session.rollback()
    workshop = db.session.get(Workshop, ended.workshop_id)

    # Calls: done without a word (its note is from before); the team's review is open again.
    latest, done = followup.notes(db.session, workshop)
    assert done == {ended.faq: "Read 300 times in its first week"}
    assert latest[ended.calls].text == "Three called"
