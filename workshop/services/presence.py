"""Where people want to go and where they are: interest marks and check-ins.

During sessions, participants check in where they are: moving elsewhere (the law of two
feet) moves their one check-in row.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_babel import lazy_gettext as _l

from ..errors import Invalid
from ..methods import Action
from ..models import (
    CheckIn,
    Contribution,
    ContributionStatus,
    Interest,
    Participant,
    Workshop,
)
from . import agenda, events, phases
from .changes import Change


def _counts(session: so.Session, workshop: Workshop, model: type[Interest] | type[CheckIn]
            ) -> dict[int, int]:
    return dict(session.execute(
        sa.select(model.contribution_id, sa.func.count())
        .join(Contribution, Contribution.id == model.contribution_id)
        .where(model.workshop_id == workshop.id,
               Contribution.status == ContributionStatus.VISIBLE)
        .group_by(model.contribution_id)
    ).all())


def interest_counts(session: so.Session, workshop: Workshop) -> dict[int, int]:
    """How many people marked each visible session."""
    return _counts(session, workshop, Interest)


def checkin_counts(session: so.Session, workshop: Workshop) -> dict[int, int]:
    """How many people are in each session now: the head-counts on the screen."""
    return _counts(session, workshop, CheckIn)


def my_interests(session: so.Session, participant: Participant) -> list[int]:
    return sorted(session.scalars(
        sa.select(Interest.contribution_id).where(Interest.participant_id == participant.id)
    ))


def my_checkin(session: so.Session, participant: Participant) -> int | None:
    return session.scalar(
        sa.select(CheckIn.contribution_id).where(CheckIn.participant_id == participant.id)
    )


def interest_sets(session: so.Session, workshop: Workshop) -> dict[int, set[int]]:
    """Session id → the participants who want it, for the optimiser."""
    wanted: dict[int, set[int]] = {}
    for topic_id, participant_id in session.execute(
        sa.select(Interest.contribution_id, Interest.participant_id)
        .where(Interest.workshop_id == workshop.id)
    ):
        wanted.setdefault(topic_id, set()).add(participant_id)
    return wanted



# --- marking and checking in -------------------------------------------------------------

def mark(session: so.Session, workshop: Workshop, participant: Participant, topic_id: Any,
         wanted: Any, actor: str, client_id: str | None) -> Change:
    """Mark (or unmark) a session one wants to attend; marking twice changes nothing."""
    phases.require_allowed(workshop, Action.MARK)
    if not isinstance(wanted, bool):
        raise Invalid(fields={"wanted": [_l("Must be true or false.")]})
    topic = agenda.session_topic(session, workshop, topic_id)
    existing = session.scalar(sa.select(Interest).where(
        Interest.participant_id == participant.id, Interest.contribution_id == topic.id))
    if wanted and existing is None:
        session.add(Interest(workshop_id=workshop.id, participant_id=participant.id,
                             contribution_id=topic.id))
    elif not wanted and existing is not None:
        session.delete(existing)
    session.flush()
    result = {"topic_id": topic.id, "wanted": wanted}
    event = events.record(session, workshop.id, "interest.marked" if wanted
                          else "interest.unmarked", actor, {"topic": topic.id},
                          client_id=client_id, result=result)
    return Change(workshop.id, event.seq, result=result, tally=True)


def check_in(session: so.Session, workshop: Workshop, participant: Participant, topic_id: Any,
             actor: str, client_id: str | None) -> Change:
    """Say which session one is in now (``topic_id`` None: in none, e.g. in the corridor).

    Once the agenda has cells, only sessions on it can be joined.
    """
    phases.require_allowed(workshop, Action.CHECKIN)
    row = session.scalar(sa.select(CheckIn).where(CheckIn.participant_id == participant.id))
    if topic_id is None:
        if row is not None:
            session.delete(row)
    else:
        topic = agenda.session_topic(session, workshop, topic_id)
        if agenda.cells_of(session, workshop) and agenda.placed(session, topic) is None:
            raise Invalid(fields={"topic_id": [_l("This session is not on the agenda.")]})
        if row is None:
            session.add(CheckIn(workshop_id=workshop.id, participant_id=participant.id,
                                contribution_id=topic.id))
        else:
            row.contribution_id = topic.id
    session.flush()
    result = {"topic_id": topic_id}
    event = events.record(session, workshop.id, "session.checked_in", actor,
                          {"topic": topic_id}, client_id=client_id, result=result)
    return Change(workshop.id, event.seq, result=result, tally=True)
