"""A participant's data: everything stored about them, and erasing it from their phone.

Erasing follows what participatory platforms do (Decidim's deleted accounts): the person's
name, token, votes, question upvotes, interest marks, check-ins and seats go; what they wrote
for the group (topics, co-written text, questions to the room) stays, no longer attributed;
commitments they owned lose their owner's name. The event log keeps its pseudonymous
``p:<id>`` entries without the acknowledgements they stored.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so

from ..models import (
    CheckIn,
    Commitment,
    CommitmentReminder,
    Contribution,
    DocumentUpdate,
    Event,
    Interest,
    Participant,
    Question,
    QuestionUpvote,
    Seat,
    SharedDocument,
    Vote,
    Workshop,
)
from . import events
from .changes import Change, Ended


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def stored_about(session: so.Session, workshop: Workshop, participant: Participant
                 ) -> dict[str, Any]:
    """Everything this workshop stores about ``participant``, as they may download it."""
    pid = participant.id
    topics = session.scalars(sa.select(Contribution).where(Contribution.author_id == pid)
                             .order_by(Contribution.id)).all()
    votes = session.execute(
        sa.select(Vote.ballot, Vote.contribution_id, sa.func.count())
        .where(Vote.participant_id == pid)
        .group_by(Vote.ballot, Vote.contribution_id).order_by(Vote.contribution_id)).all()
    commitments = session.scalars(sa.select(Commitment).where(Commitment.participant_id == pid)
                                  .order_by(Commitment.id)).all()
    edited = session.scalars(
        sa.select(SharedDocument.key).join(DocumentUpdate,
                                           DocumentUpdate.document_id == SharedDocument.id)
        .where(DocumentUpdate.participant_id == pid).distinct().order_by(SharedDocument.key)
    ).all()
    logged = session.execute(
        sa.select(Event.kind, sa.func.count())
        .where(Event.workshop_id == workshop.id,
               Event.actor == events.participant_actor(pid))
        .group_by(Event.kind).order_by(Event.kind)).all()
    return {
        "workshop": {"title": workshop.title, "code": workshop.join_code},
        "profile": {"name": participant.display_name, "group": participant.group_key,
                    "consent_quote": participant.consent_quote, "language": participant.locale,
                    "joined_at": _iso(participant.joined_at),
                    "last_seen_at": _iso(participant.last_seen_at)},
        "topics": [{"id": t.id, "kind": t.kind.value, "title": t.title, "details": t.details,
                    "status": t.status.value} for t in topics],
        "votes": [{"ballot": ballot, "topic_id": topic, "dots": n}
                  for ballot, topic, n in votes],
        "interests": sorted(session.scalars(sa.select(Interest.contribution_id)
                                            .where(Interest.participant_id == pid)).all()),
        "check_ins": sorted(session.scalars(sa.select(CheckIn.contribution_id)
                                            .where(CheckIn.participant_id == pid)).all()),
        "seats": [{"kind": s.kind, "round": s.round} for s in session.scalars(
            sa.select(Seat).where(Seat.participant_id == pid).order_by(Seat.id))],
        "commitments": [{"id": c.id, "title": c.title, "owner": c.owner_name,
                         "due_on": _iso(c.due_on)} for c in commitments],
        # The addresses given for e-mail reminders: theirs to see, erased with them.
        "reminders": [{"commitment_id": r.commitment_id, "email": r.email,
                       "language": r.language, "reminded_due_on": _iso(r.reminded_due_on)}
                      for r in session.scalars(sa.select(CommitmentReminder)
                                               .where(CommitmentReminder.participant_id == pid)
                                               .order_by(CommitmentReminder.id))],
        "documents_edited": list(edited),
        "questions": [{"id": q.id, "text": q.text} for q in session.scalars(
            sa.select(Question).where(Question.participant_id == pid).order_by(Question.id))],
        "question_upvotes": sorted(session.scalars(
            sa.select(QuestionUpvote.question_id)
            .where(QuestionUpvote.participant_id == pid)).all()),
        "logged_actions": {kind: n for kind, n in logged},
    }


def erase(session: so.Session, workshop: Workshop, participant: Participant, actor: str,
          client_id: str | None) -> Change:
    """Erase ``participant`` from ``workshop`` (see the module's docstring for what stays)."""
    pid = participant.id
    authored = set(session.scalars(sa.select(Contribution.id)
                                   .where(Contribution.author_id == pid)).all())
    owned = set(session.scalars(sa.select(Commitment.id)
                                .where(Commitment.participant_id == pid)).all())
    session.execute(sa.update(Commitment).where(Commitment.participant_id == pid)
                    .values(owner_name="", participant_id=None))
    had_votes = session.scalar(sa.select(sa.func.count()).select_from(Vote)
                               .where(Vote.participant_id == pid)) or 0
    # Their questions stay, unattributed (ON DELETE SET NULL); their upvotes go.
    asked = set(session.scalars(sa.select(Question.id)
                                .where(Question.participant_id == pid)).all())
    upvoted = set(session.scalars(sa.select(QuestionUpvote.question_id)
                                  .where(QuestionUpvote.participant_id == pid)).all())
    # The acknowledgements kept for retries may quote them (a commitment's owner): nobody can
    # retry as them any more, so they go too.
    session.execute(sa.update(Event).where(Event.workshop_id == workshop.id,
                                           Event.actor == events.participant_actor(pid))
                    .values(result=None))
    session.delete(participant)  # votes, marks, check-ins and seats go with it (ON DELETE)
    session.flush()
    event = events.record(session, workshop.id, "participant.erased", actor, {},
                          client_id=client_id, result={"erased": True})
    return Change(workshop.id, event.seq, result={"erased": True}, topics=authored,
                  commitments=owned, people={pid}, tally=had_votes > 0, seating=False,
                  questions=asked | upvoted,
                  ended={(Ended.PARTICIPANT, pid)})
