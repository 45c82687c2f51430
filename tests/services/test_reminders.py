"""E-mail reminders and the review meeting: who may opt in, what is due, the stop token."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from tests.services.test_followup import TODAY, Ended
from workshop.errors import AtelierError, Forbidden, Invalid, NotFound
from workshop.exports.archive import dump
from workshop.extensions import db
from workshop.models import (
    Commitment,
    CommitmentReminder,
    CommitmentStatus,
    Event,
    Participant,
    Workshop,
)
from workshop.services import followup, privacy, reminders, workshops

SECRET = "a secret of the app"
ADDRESS = "lea@example.org"


@pytest.fixture
def ended(app, make_facilitator, make_workshop) -> Ended:  # type: ignore[no-untyped-def]
    return Ended(make_facilitator, make_workshop)


def opt_in(room: Ended, commitment: int, by: int, **values: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {"email": ADDRESS, "agreed": True, "language": "fr", **values}
    with db.unit_of_work() as session:
        change = reminders.opt_in(session, session.get(Workshop, room.workshop_id), commitment,
                                  by=session.get(Participant, by), secret=SECRET, **fields)
        return change.result


def stored() -> list[tuple[int, str, str]]:
    db.session.rollback()
    return [tuple(row) for row in db.session.execute(  # type: ignore[misc]
        sa.select(CommitmentReminder.commitment_id, CommitmentReminder.email,
                  CommitmentReminder.language).order_by(CommitmentReminder.id))]


def due(within: int = 3, today: date = TODAY) -> list[int]:
    db.session.rollback()
    return [found.commitment.id for found in reminders.due(db.session, today, within)]


def remind(within: int = 3, today: date = TODAY) -> list[int]:
    """What `workshop remind` does around sending: find what is due, mark each one sent."""
    sent = []
    for found in reminders.due(db.session, today, within):
        assert found.commitment.due_on is not None
        with db.unit_of_work() as session:
            reminders.mark_reminded(session, found.reminder.id, found.commitment.due_on)
        sent.append(found.commitment.id)
    return sent


def token_of(commitment: int) -> str:
    db.session.rollback()
    row = db.session.scalar(sa.select(CommitmentReminder)
                            .where(CommitmentReminder.commitment_id == commitment))
    assert row is not None
    return reminders.stop_token(SECRET, row)


def test_does_an_owner_opt_in_with_an_address_kept_out_of_the_log(ended: Ended) -> None:
    result = opt_in(ended, ended.faq, ended.lea, email="  lea@example.org ")

    assert stored() == [(ended.faq, ADDRESS, "fr")]
    assert result == {"commitment": ended.faq, "reminders": True}
    logged = db.session.scalars(sa.select(Event).where(Event.kind == "commitment.reminders_on"))
    assert [json.dumps([e.payload, e.result]) for e in logged] == [
        json.dumps([{"commitment": ended.faq}, result])]
    assert ADDRESS not in json.dumps([e.payload for e in db.session.scalars(sa.select(Event))])


def test_does_opting_in_again_change_the_address_without_a_second_row(ended: Ended) -> None:
    opt_in(ended, ended.faq, ended.lea)
    opt_in(ended, ended.faq, ended.lea, email="lea@work.example.org", language="en")

    assert stored() == [(ended.faq, "lea@work.example.org", "en")]


@pytest.mark.parametrize(("commitment", "by", "values", "refusal", "field"), [
    ("calls", "lea", {}, Forbidden, None),  # Noa's commitment
    ("faq", "lea", {"agreed": False}, Invalid, "agree"),
    ("faq", "lea", {"agreed": "yes"}, Invalid, "agree"),
    ("faq", "lea", {"email": "lea.example.org"}, Invalid, "email"),
    ("faq", "lea", {"email": "lea@example"}, Invalid, "email"),
    ("faq", "lea", {"email": "x" * 250 + "@example.org"}, Invalid, "email"),
    ("faq", "lea", {"email": ["lea@example.org"]}, Invalid, "email"),
    ("team", "lea", {}, Forbidden, None),  # nobody's
    (10**12, "lea", {}, NotFound, None),
])
def test_is_a_bad_opt_in_refused_with_nothing_stored(
    ended: Ended, commitment: Any, by: str, values: dict[str, Any],
    refusal: type[AtelierError], field: str | None,
) -> None:
    target = getattr(ended, commitment) if isinstance(commitment, str) else commitment
    before = db.session.scalar(sa.select(sa.func.count()).select_from(Event))

    with pytest.raises(refusal) as raised:
        opt_in(ended, target, getattr(ended, by), **values)

    if field:
        assert field in raised.value.fields
    assert stored() == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Event)) == before


def test_is_opting_in_for_a_commitment_without_a_due_date_refused(ended: Ended) -> None:
    with db.unit_of_work() as session:
        session.get_one(Commitment, ended.faq).due_on = None

    with pytest.raises(Invalid) as raised:
        opt_in(ended, ended.faq, ended.lea)

    assert "email" in raised.value.fields
    assert stored() == []


def test_are_overdue_and_soon_due_commitments_due_and_later_ones_not(ended: Ended) -> None:
    opt_in(ended, ended.faq, ended.lea)  # three days overdue
    opt_in(ended, ended.calls, ended.noa)  # due in five days

    assert due(within=3) == [ended.faq]
    assert due(within=5) == [ended.faq, ended.calls]


@pytest.mark.parametrize("status", [CommitmentStatus.DONE, CommitmentStatus.DROPPED])
def test_is_a_done_or_dropped_commitment_never_reminded_of(
    ended: Ended, status: CommitmentStatus
) -> None:
    opt_in(ended, ended.faq, ended.lea)
    ended.record(ended.faq, ended.lea, status=status.value, note="Finished, or not")

    assert due(within=30) == []


def test_does_a_second_run_remind_of_nothing_until_the_due_date_moves(ended: Ended) -> None:
    opt_in(ended, ended.faq, ended.lea)

    first, second = remind(), remind()
    with db.unit_of_work() as session:
        session.get_one(Commitment, ended.faq).due_on = TODAY + timedelta(days=1)
    after_move = remind()

    assert (first, second, after_move) == ([ended.faq], [], [ended.faq])
    kinds = db.session.scalars(sa.select(Event.kind).where(Event.kind == "commitment.reminded"))
    assert len(list(kinds)) == 2


def test_does_the_stop_token_erase_the_address_once(ended: Ended) -> None:
    opt_in(ended, ended.faq, ended.lea)
    opt_in(ended, ended.calls, ended.noa, email="noa@example.org")
    token = token_of(ended.faq)

    with db.unit_of_work() as session:
        reminders.stop(session, token)

    assert stored() == [(ended.calls, "noa@example.org", "fr")]
    assert due(within=30) == [ended.calls]
    with pytest.raises(NotFound), db.unit_of_work() as session:
        reminders.stop(session, token)


@pytest.mark.parametrize("token", ["", "atr_" + "0" * 64, "atr_zz", None, 12, ["atr_"]])
def test_does_a_wrong_stop_token_stop_nothing(ended: Ended, token: Any) -> None:
    opt_in(ended, ended.faq, ended.lea)

    with pytest.raises(NotFound), db.unit_of_work() as session:
        reminders.stop(session, token)

    assert len(stored()) == 1


def test_is_the_stop_token_kept_only_as_a_hash_and_made_with_the_secret(ended: Ended) -> None:
    opt_in(ended, ended.faq, ended.lea)
    token = token_of(ended.faq)
    row = db.session.scalar(sa.select(CommitmentReminder))
    assert row is not None

    assert token not in json.dumps([row.stop_hash, row.stop_salt])
    assert reminders.stop_token("another secret", row) != token
    assert reminders.find_by_stop(db.session, reminders.stop_token("another secret", row)) is None


def test_may_only_the_owner_stop_from_the_results_page(ended: Ended) -> None:
    opt_in(ended, ended.faq, ended.lea)

    with pytest.raises(Forbidden), db.unit_of_work() as session:
        reminders.stop_own(session, session.get_one(Workshop, ended.workshop_id), ended.faq,
                           session.get_one(Participant, ended.noa))
    assert len(stored()) == 1
    with db.unit_of_work() as session:
        reminders.stop_own(session, session.get_one(Workshop, ended.workshop_id), ended.faq,
                           session.get_one(Participant, ended.lea))
    assert stored() == []


def test_does_erasing_the_owner_erase_their_address(ended: Ended) -> None:
    opt_in(ended, ended.faq, ended.lea)

    with db.unit_of_work() as session:
        privacy.erase(session, session.get_one(Workshop, ended.workshop_id),
                      session.get_one(Participant, ended.lea), "test", None)

    assert stored() == []


def test_does_the_owner_see_their_address_among_what_is_stored_about_them(ended: Ended) -> None:
    opt_in(ended, ended.faq, ended.lea)
    db.session.rollback()

    theirs = privacy.stored_about(db.session, db.session.get_one(Workshop, ended.workshop_id),
                                  db.session.get_one(Participant, ended.lea))
    noas = privacy.stored_about(db.session, db.session.get_one(Workshop, ended.workshop_id),
                                db.session.get_one(Participant, ended.noa))

    assert [(r["commitment_id"], r["email"]) for r in theirs["reminders"]] == [
        (ended.faq, ADDRESS)]
    assert noas["reminders"] == []


def test_does_purging_the_workshop_erase_the_addresses(ended: Ended) -> None:
    opt_in(ended, ended.faq, ended.lea)

    with db.unit_of_work() as session:
        workshops.delete_workshop(session, session.get_one(Workshop, ended.workshop_id))

    assert stored() == []


def test_is_the_address_never_in_the_workshops_archive(ended: Ended) -> None:
    opt_in(ended, ended.faq, ended.lea)
    db.session.rollback()

    archived = json.dumps(dump.dump(db.session, db.session.get_one(Workshop, ended.workshop_id)),
                          default=str)

    assert ADDRESS not in archived
    assert "commitment.reminders_on" in archived  # the archive was read: the log is there


# --- the review meeting -------------------------------------------------------------------------

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


def set_meeting(room: Ended, at: Any, place: Any = "") -> None:
    with db.unit_of_work() as session:
        followup.set_review_meeting(session, session.get_one(Workshop, room.workshop_id), at,
                                    place, "test", now=NOW)


def meeting(room: Ended) -> followup.ReviewMeeting | None:
    db.session.rollback()
    return followup.review_meeting(db.session.get_one(Workshop, room.workshop_id))


def test_is_the_review_meeting_kept_in_utc_and_logged(ended: Ended) -> None:
    paris = datetime(2027, 4, 2, 12, 30, tzinfo=UTC)  # 14:30 in Paris

    set_meeting(ended, paris, "  Room 3, second floor ")

    assert meeting(ended) == followup.ReviewMeeting(paris, "Room 3, second floor")
    logged = db.session.scalar(sa.select(Event).where(Event.kind == "review_meeting.set"))
    assert logged is not None and logged.payload["place"] == "Room 3, second floor"


@pytest.mark.parametrize(("at", "place", "field"), [
    (NOW - timedelta(minutes=1), "", "at"),
    (NOW, "", "at"),
    (datetime(2027, 4, 2, 14, 30), "", "at"),  # no zone: which 14:30?
    ("2027-04-02T14:30", "", "at"),
    (NOW + timedelta(days=30), "x" * 301, "place"),
    (NOW + timedelta(days=30), 42, "place"),
])
def test_is_a_bad_review_meeting_refused_and_the_old_one_kept(
    ended: Ended, at: Any, place: Any, field: str
) -> None:
    kept = NOW + timedelta(days=10)
    set_meeting(ended, kept)

    with pytest.raises(Invalid) as raised:
        set_meeting(ended, at, place)

    assert field in raised.value.fields
    assert meeting(ended) == followup.ReviewMeeting(kept, "")
