"""Questions to the room: asked from phones in any phase, upvoted, answered, pinned, archived.

Authors show on the screen and on phones only when the facilitator names questions (the
``questions_named`` setting); by default the room sees them anonymous, the console named.
A question is screened like a contribution (``screening``): one that waits for review is seen
by the console and its author only, and gets no upvotes until it is approved.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_babel import lazy_gettext as _l

from ..errors import Forbidden, Invalid, NotFound
from ..models import Participant, Question, QuestionUpvote, Workshop
from ..roles import Role
from . import events, phases, screening, text
from .changes import Change
from .identifiers import is_id

TEXT_MAX = 300
PER_PARTICIPANT = 20  # questions one person may ask in a workshop: a room, not a flood


def named(workshop: Workshop) -> bool:
    """Whether the room sees who asked (the console always does)."""
    return bool(workshop.options.get("questions_named", False))


def upvote_counts(session: so.Session, workshop: Workshop) -> dict[int, int]:
    """Upvotes per question of the workshop that has any."""
    return dict(session.execute(
        sa.select(QuestionUpvote.question_id, sa.func.count())
        .where(QuestionUpvote.workshop_id == workshop.id)
        .group_by(QuestionUpvote.question_id)
    ).all())


def views(session: so.Session, workshop: Workshop, role: Role,
          ids: set[int] | None = None) -> list[dict[str, Any]]:
    """Questions as ``role`` sees them: archived and waiting ones only on the console."""
    query = sa.select(Question, Participant.display_name).outerjoin(
        Participant, Participant.id == Question.participant_id
    ).where(Question.workshop_id == workshop.id)
    if ids is not None:
        query = query.where(Question.id.in_(ids))
    if role != Role.FACILITATOR:
        query = query.where(Question.archived.is_(False), Question.held.is_(None))
    counts = upvote_counts(session, workshop)
    shows_author = role == Role.FACILITATOR or named(workshop)
    listed = []
    for question, author in session.execute(query.order_by(Question.id)):
        view = {"id": question.id, "text": question.text, "upvotes": counts.get(question.id, 0),
                "answered": question.answered, "pinned": question.pinned,
                "author": author if shows_author else None}
        if role == Role.FACILITATOR:
            view["archived"] = question.archived
            # Always sent (null once shown): consoles merge what they receive into what they had.
            view["pending"] = question.held
            if question.held is not None:
                # Why it waits: the listed words it holds (none: the workshop reviews all).
                view["flagged"] = screening.flagged_words(question.text)
        listed.append(view)
    return listed


def mine(session: so.Session, participant: Participant) -> list[int]:
    """The questions this participant asked (phones mark them)."""
    return sorted(session.scalars(
        sa.select(Question.id).where(Question.participant_id == participant.id)))


def my_waiting(session: so.Session, participant: Participant) -> list[dict[str, Any]]:
    """This participant's questions that wait for the facilitator ("waiting" on the phone)."""
    return [{"id": q.id, "text": q.text} for q in session.scalars(
        sa.select(Question).where(Question.participant_id == participant.id,
                                  Question.held.is_not(None)).order_by(Question.id))]


def my_upvotes(session: so.Session, participant: Participant) -> list[int]:
    return sorted(session.scalars(
        sa.select(QuestionUpvote.question_id)
        .where(QuestionUpvote.participant_id == participant.id)))


def _question(session: so.Session, workshop: Workshop, question_id: Any,
              *, archived_too: bool = False, held_too: bool = False) -> Question:
    """The workshop's question; archived or waiting ones only where asked for."""
    if isinstance(question_id, bool) or not isinstance(question_id, int):
        raise Invalid(fields={"question_id": [_l("Must be a question id.")]})
    question = session.get(Question, question_id) if is_id(question_id) else None
    if (question is None or question.workshop_id != workshop.id
            or (question.archived and not archived_too)
            or (question.held is not None and not held_too)):
        raise NotFound(_l("This question does not exist or was archived."))
    return question


def _said(value: Any) -> str:
    """A question's text, cleaned and checked."""
    if not isinstance(value, str):
        raise Invalid(fields={"text": [_l("Must be text.")]})
    said = text.clean_text(value)
    if not said:
        raise Invalid(fields={"text": [_l("Write your question.")]})
    if len(said) > TEXT_MAX:
        raise Invalid(fields={"text": [_l("At most %(n)d characters.", n=TEXT_MAX)]})
    return said


def _flag(value: Any, field: str) -> bool:
    if not isinstance(value, bool):
        raise Invalid(fields={field: [_l("Must be true or false.")]})
    return value


def ask(session: so.Session, workshop: Workshop, participant: Participant, value: Any,
        actor: str, client_id: str | None) -> Change:
    """Ask the room a question, in any phase of any method while the workshop runs."""
    phases.require_open(workshop)
    said = _said(value)
    asked = session.scalar(sa.select(sa.func.count()).select_from(Question)
                           .where(Question.participant_id == participant.id)) or 0
    if asked >= PER_PARTICIPANT:
        raise Invalid(fields={"text": [_l("You have asked as many questions as one person may.")]})
    held = screening.hold_reason(workshop, participant, said)
    question = Question(workshop_id=workshop.id, participant_id=participant.id, text=said,
                        held=held)
    session.add(question)
    session.flush()
    result: dict[str, Any] = {"question_id": question.id}
    if held is not None:
        result["pending"] = held
    event = events.record(session, workshop.id, "question.asked", actor,
                          {"room_question": question.id}, client_id=client_id, result=result)
    return Change(workshop.id, event.seq, result=result, questions={question.id})


def upvote(session: so.Session, workshop: Workshop, participant: Participant, question_id: Any,
           up: Any, actor: str, client_id: str | None) -> Change:
    """Upvote a question (``up`` true) or take the upvote back; once per person and question.

    Upvoting twice, or taking back an upvote never given, changes nothing: the answer says
    where the participant stands, so a toggle sent twice ends where it was meant to.
    """
    phases.require_open(workshop)
    wanted = _flag(up, "up")
    question = _question(session, workshop, question_id)
    if question.participant_id == participant.id:
        raise Forbidden(_l("Others upvote your question; you cannot upvote your own."))
    given = session.scalar(sa.select(QuestionUpvote).where(
        QuestionUpvote.question_id == question.id,
        QuestionUpvote.participant_id == participant.id))
    if wanted and given is None:
        session.add(QuestionUpvote(workshop_id=workshop.id, question_id=question.id,
                                   participant_id=participant.id))
    elif not wanted and given is not None:
        session.delete(given)
    session.flush()
    upvotes = session.scalar(sa.select(sa.func.count()).select_from(QuestionUpvote)
                             .where(QuestionUpvote.question_id == question.id)) or 0
    result = {"question_id": question.id, "upvoted": wanted, "upvotes": upvotes}
    event = events.record(session, workshop.id, "question.upvoted", actor,
                          {"room_question": question.id, "up": wanted}, client_id=client_id,
                          result=result)
    return Change(workshop.id, event.seq, result=result, question_votes=True)


def review(session: so.Session, workshop: Workshop, question_id: Any, approved: bool,
           edited: Any, actor: str, client_id: str | None) -> Change:
    """Show a waiting question to the room (as ``edited``, if given) or archive it."""
    phases.require_open(workshop)
    question = _question(session, workshop, question_id, held_too=True)
    if question.held is None:
        raise Invalid(fields={"question_id": [_l("This question is not waiting for review.")]})
    if approved and edited is not None:
        question.text = _said(edited)
    question.held = None
    question.archived = not approved
    session.flush()
    result = {"question_id": question.id, "approved": approved, "text": question.text}
    event = events.record(session, workshop.id,
                          "question.approved" if approved else "question.rejected", actor,
                          {"room_question": question.id}, client_id=client_id, result=result)
    change = Change(workshop.id, event.seq, result=result, questions={question.id})
    if question.participant_id is not None:
        # The author was told it waits; they are told how it ended.
        change.notices[question.participant_id] = {
            "code": "question_approved" if approved else "question_rejected",
            "title": question.text, "question": question.id}
    return change


def mark_answered(session: so.Session, workshop: Workshop, question_id: Any, answered: Any,
                  actor: str, client_id: str | None) -> Change:
    """The facilitator marks a question answered (or not yet)."""
    phases.require_open(workshop)
    question = _question(session, workshop, question_id)
    question.answered = _flag(answered, "answered")
    return _changed(session, workshop, question, "question.answered", actor, client_id,
                    {question.id})


def pin(session: so.Session, workshop: Workshop, question_id: Any, pinned: Any, actor: str,
        client_id: str | None) -> Change:
    """Pin a question to the screen, unpinning the one that was; or unpin it."""
    phases.require_open(workshop)
    question = _question(session, workshop, question_id)
    wanted = _flag(pinned, "pinned")
    touched = {question.id}
    if wanted:
        for other in session.scalars(sa.select(Question).where(
                Question.workshop_id == workshop.id, Question.pinned.is_(True),
                Question.id != question.id)):
            other.pinned = False
            touched.add(other.id)
    question.pinned = wanted
    return _changed(session, workshop, question, "question.pinned", actor, client_id, touched)


def archive(session: so.Session, workshop: Workshop, question_id: Any, archived: Any,
            actor: str, client_id: str | None) -> Change:
    """Archive a question (off phones and the screen, kept for the brief) or bring it back."""
    phases.require_open(workshop)
    question = _question(session, workshop, question_id, archived_too=True)
    question.archived = _flag(archived, "archived")
    if question.archived:
        question.pinned = False
    return _changed(session, workshop, question, "question.archived", actor, client_id,
                    {question.id})


def _changed(session: so.Session, workshop: Workshop, question: Question, kind: str,
             actor: str, client_id: str | None, touched: set[int]) -> Change:
    session.flush()
    flags = {"answered": question.answered, "pinned": question.pinned,
             "archived": question.archived}
    result = {"question_id": question.id, **flags}
    # "room_question", not "question": settings' payloads use that for the calling question.
    event = events.record(session, workshop.id, kind, actor,
                          {"room_question": question.id, **flags}, client_id=client_id,
                          result=result)
    return Change(workshop.id, event.seq, result=result, questions=touched)


def all_ids(session: so.Session, workshop: Workshop) -> set[int]:
    """Every question of the workshop: resent when the room starts or stops seeing authors."""
    return set(session.scalars(sa.select(Question.id).where(Question.workshop_id == workshop.id)))
