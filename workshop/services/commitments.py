"""Commitments: the action plan — what, who owns it, by when, and the outcome it serves."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_babel import lazy_gettext as _l

from ..errors import Forbidden, Invalid, NotFound
from ..methods import Action
from ..models import Commitment, Participant, Workshop, utcnow
from . import events, phases, text, topics
from .changes import Change
from .identifiers import is_id

TITLE_MAX, OWNER_MAX = 200, 80


def _text(value: Any, field: str, most: int, required: bool) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise Invalid(fields={field: [_l("Must be text.")]})
    line = text.clean_line(value)
    if required and not line:
        raise Invalid(fields={field: [_l("Say what you will do.")]})
    if len(line) > most:
        raise Invalid(fields={field: [_l("At most %(n)d characters.", n=most)]})
    return line


DUE_YEARS = 5  # a commitment further away than this is a typo, not a plan


@dataclass(frozen=True)
class DueDates:
    """The dates a commitment may be due: date pickers offer only these."""

    first: date
    last: date


def due_dates() -> DueDates:
    today = utcnow().date() - timedelta(days=1)  # a day's grace for time zones ahead of UTC
    return DueDates(today, today + timedelta(days=366 * DUE_YEARS))


def _due(value: Any) -> date | None:
    """A due date from today (the server's) up to a few years ahead, or none."""
    if value in (None, ""):
        return None
    due = None
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            due = date.fromisoformat(value)
    if due is None:
        raise Invalid(fields={"due_on": [_l("A date, like 2027-01-31.")]})
    allowed = due_dates()
    if not allowed.first <= due <= allowed.last:
        raise Invalid(fields={"due_on": [_l(
            "Choose a date between today and %(years)d years from now.", years=DUE_YEARS)]})
    return due


def view(item: Commitment) -> dict[str, Any]:
    return {
        "id": item.id,
        "title": item.title,
        "owner": item.owner_name,
        "participant_id": item.participant_id,
        "topic_id": item.contribution_id,
        "due_on": item.due_on.isoformat() if item.due_on else None,
        "personal": item.personal,
        "status": item.status.value,
    }


def of(session: so.Session, workshop: Workshop) -> list[Commitment]:
    return list(session.scalars(
        sa.select(Commitment).where(Commitment.workshop_id == workshop.id)
        .order_by(Commitment.id)
    ))


def views(session: so.Session, workshop: Workshop,
          ids: set[int] | None = None) -> list[dict[str, Any]]:
    query = sa.select(Commitment).where(Commitment.workshop_id == workshop.id)
    if ids is not None:
        query = query.where(Commitment.id.in_(ids))
    return [view(c) for c in session.scalars(query.order_by(Commitment.id))]


def add(session: so.Session, workshop: Workshop, participant: Participant | None,
        payload: dict[str, Any], actor: str, client_id: str | None) -> Change:
    """Add a commitment: a participant while commitments are open, the facilitator any time.

    The owner defaults to the participant's own name; ``personal`` False marks a team action.
    """
    phases.require_open(workshop)
    if participant is not None:
        phases.require_allowed(workshop, Action.COMMIT)
    title = _text(payload.get("title"), "title", TITLE_MAX, required=True)
    owner = _text(payload.get("owner"), "owner", OWNER_MAX, required=False)
    if not owner:
        if participant is None:
            raise Invalid(fields={"owner": [_l("Say who owns this action.")]})
        owner = participant.display_name
    personal = payload.get("personal", True)
    if not isinstance(personal, bool):
        raise Invalid(fields={"personal": [_l("Must be true or false.")]})
    topic_id = payload.get("topic_id")
    topic = None if topic_id is None else topics.visible_topic(session, workshop, topic_id)
    item = Commitment(
        workshop_id=workshop.id, title=title, owner_name=owner,
        participant_id=participant.id if participant else None,
        contribution_id=topic.id if topic else None, due_on=_due(payload.get("due_on")),
        personal=personal,
    )
    session.add(item)
    session.flush()
    result = {"commitment": view(item)}
    event = events.record(session, workshop.id, "commitment.added", actor,
                          {"commitment": item.id}, client_id=client_id, result=result)
    return Change(workshop.id, event.seq, result=result, commitments={item.id})


def remove(session: so.Session, workshop: Workshop, participant: Participant | None,
           commitment_id: Any, actor: str, client_id: str | None) -> Change:
    """Withdraw a commitment: its author while commitments are open, or the facilitator."""
    phases.require_open(workshop)
    if isinstance(commitment_id, bool) or not isinstance(commitment_id, int):
        raise Invalid(fields={"commitment_id": [_l("Must be a commitment id.")]})
    item = session.get(Commitment, commitment_id) if is_id(commitment_id) else None
    if item is None or item.workshop_id != workshop.id:
        raise NotFound(_l("This commitment does not exist or was withdrawn."))
    if participant is not None:
        if item.participant_id != participant.id:
            raise Forbidden(_l("Only its author or the facilitator can withdraw a commitment."))
        phases.require_allowed(workshop, Action.COMMIT)
    session.delete(item)
    session.flush()
    result = {"commitment_id": commitment_id, "removed": True}
    event = events.record(session, workshop.id, "commitment.removed", actor,
                          {"commitment": commitment_id}, client_id=client_id, result=result)
    return Change(workshop.id, event.seq, result=result, commitments={commitment_id})
