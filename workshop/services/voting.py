"""Dot voting: a budget per participant and a cap per topic, enforced in one write transaction."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_babel import lazy_gettext as _l

from ..errors import Invalid, NoVotesLeft, NoVoteToRetract, TopicCapReached
from ..methods import Action
from ..models import Contribution, ContributionStatus, Participant, Vote, Workshop
from . import events, phases, topics
from .changes import Change


def current_ballot(workshop: Workshop) -> str | None:
    return phases.current_phase(workshop).ballot


def _counted(workshop: Workshop, ballot: str) -> sa.Select[int, int]:
    """Votes that count: in this ballot, on topics still visible."""
    return (
        sa.select(Vote.contribution_id, sa.func.count())
        .join(Contribution, Contribution.id == Vote.contribution_id)
        .where(
            Vote.workshop_id == workshop.id,
            Vote.ballot == ballot,
            Contribution.status == ContributionStatus.VISIBLE,
        )
        .group_by(Vote.contribution_id)
    )


def counts(session: so.Session, workshop: Workshop, ballot: str | None = None) -> dict[int, int]:
    """Dots per visible topic in a ballot (the current phase's by default)."""
    ballot = ballot or current_ballot(workshop)
    if ballot is None:
        return {}
    return {topic: dots for topic, dots in session.execute(_counted(workshop, ballot))}


def progress(session: so.Session, workshop: Workshop) -> dict[str, int]:
    """How far the vote has come, to tell when to close it while results are hidden.

    ``voters`` placed at least one counted dot, out of ``people`` who joined; ``dots`` counted.
    """
    people = session.scalar(sa.select(sa.func.count()).select_from(Participant)
                            .where(Participant.workshop_id == workshop.id)) or 0
    ballot = current_ballot(workshop)
    if ballot is None:
        return {"voters": 0, "dots": 0, "people": people}
    voters, dots = session.execute(
        sa.select(sa.func.count(sa.distinct(Vote.participant_id)), sa.func.count())
        .join(Contribution, Contribution.id == Vote.contribution_id)
        .where(Vote.workshop_id == workshop.id, Vote.ballot == ballot,
               Contribution.status == ContributionStatus.VISIBLE)).one()
    return {"voters": voters, "dots": dots, "people": people}


def my_votes(
    session: so.Session, workshop: Workshop, participant: Participant, ballot: str | None = None
) -> dict[int, int]:
    ballot = ballot or current_ballot(workshop)
    if ballot is None:
        return {}
    query = _counted(workshop, ballot).where(Vote.participant_id == participant.id)
    return {topic: dots for topic, dots in session.execute(query)}


def votes_left(session: so.Session, workshop: Workshop, participant: Participant) -> int | None:
    """What this participant may still give in the current ballot (None outside voting)."""
    if current_ballot(workshop) is None:
        return None
    used = sum(my_votes(session, workshop, participant).values())
    return max(0, workshop.vote_budget - used)


def _lock(session: so.Session, participant: Participant) -> None:
    # SQLite's BEGIN IMMEDIATE already serializes writers; PostgreSQL needs the row lock.
    if session.get_bind().dialect.name != "sqlite":
        session.execute(
            sa.select(Participant.id).where(Participant.id == participant.id).with_for_update()
        )


def _open_ballot(
    session: so.Session, workshop: Workshop, participant: Participant, topic_id: Any
) -> tuple[str, Contribution]:
    """Check voting is open and the topic votable, and take the participant's write lock."""
    phases.require_allowed(workshop, Action.VOTE)
    topic = topics.visible_topic(session, workshop, topic_id)
    if topic.kind is not phases.current_phase(workshop).contribution:
        raise Invalid(fields={"topic_id": [_l("This is not one of the choices of this vote.")]})
    _lock(session, participant)
    return current_ballot(workshop) or "", topic


def cast(
    session: so.Session, workshop: Workshop, participant: Participant, topic_id: Any,
    actor: str, client_id: str | None,
) -> Change:
    """Give one dot to a topic, within the budget and the per-topic cap."""
    ballot, topic = _open_ballot(session, workshop, participant, topic_id)
    mine = my_votes(session, workshop, participant, ballot)
    if sum(mine.values()) >= workshop.vote_budget:
        raise NoVotesLeft()
    if mine.get(topic.id, 0) >= workshop.max_votes_per_topic:
        raise TopicCapReached()
    session.add(Vote(workshop_id=workshop.id, ballot=ballot, participant_id=participant.id,
                     contribution_id=topic.id))
    session.flush()
    left = workshop.vote_budget - sum(mine.values()) - 1
    result = {"votes_left": left, "topic_id": topic.id, "my_votes": mine.get(topic.id, 0) + 1}
    event = events.record(session, workshop.id, "vote.cast", actor, {"topic": topic.id},
                          client_id=client_id, result=result)
    return Change(workshop.id, event.seq, result=result, tally=True)


def retract(
    session: so.Session, workshop: Workshop, participant: Participant, topic_id: Any,
    actor: str, client_id: str | None,
) -> Change:
    """Take back one dot from a topic."""
    ballot, topic = _open_ballot(session, workshop, participant, topic_id)
    vote = session.scalar(
        sa.select(Vote)
        .where(Vote.participant_id == participant.id, Vote.contribution_id == topic.id,
               Vote.ballot == ballot)
        .order_by(Vote.id.desc())
        .limit(1)
    )
    if vote is None:
        raise NoVoteToRetract()
    session.delete(vote)
    session.flush()
    mine = my_votes(session, workshop, participant, ballot)
    result = {"votes_left": max(0, workshop.vote_budget - sum(mine.values())),
              "topic_id": topic.id, "my_votes": mine.get(topic.id, 0)}
    event = events.record(session, workshop.id, "vote.retracted", actor, {"topic": topic.id},
                          client_id=client_id, result=result)
    return Change(workshop.id, event.seq, result=result, tally=True)


def _limit(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 100:
        raise Invalid(fields={name: [_l("Between 1 and 100 votes.")]})
    return value


def set_limits(
    session: so.Session, workshop: Workshop, budget: Any, cap: Any, change: Change
) -> None:
    """Change the budget and cap, even mid-vote: dots above a lowered limit go back."""
    new_budget = workshop.vote_budget if budget is None else _limit(budget, "vote_budget")
    new_cap = workshop.max_votes_per_topic if cap is None else _limit(cap, "max_votes_per_topic")
    lowered = new_budget < workshop.vote_budget or new_cap < workshop.max_votes_per_topic
    workshop.vote_budget, workshop.max_votes_per_topic = new_budget, new_cap
    ballot = current_ballot(workshop)
    if not lowered or ballot is None:
        return
    # Newest dots go back first: they are the ones people placed last. Only dots that count
    # are measured against the limits; a hidden topic's dots are out of the budget.
    per_person: dict[int, int] = {}
    per_topic: dict[tuple[int, int], int] = {}
    for vote in session.scalars(
        sa.select(Vote)
        .join(Contribution, Contribution.id == Vote.contribution_id)
        .where(Vote.workshop_id == workshop.id, Vote.ballot == ballot,
               Contribution.status == ContributionStatus.VISIBLE)
        .order_by(Vote.id)
    ):
        key = (vote.participant_id, vote.contribution_id)
        if per_person.get(vote.participant_id, 0) >= new_budget or per_topic.get(key, 0) >= new_cap:
            session.delete(vote)
            notice = change.notices.setdefault(vote.participant_id,
                                               {"code": "votes_returned", "count": 0})
            notice["count"] += 1
            change.tally = True
            continue
        per_person[vote.participant_id] = per_person.get(vote.participant_id, 0) + 1
        per_topic[key] = per_topic.get(key, 0) + 1
    session.flush()

