"""The participants' results page after the workshop: who may open it, and which actions are theirs.

The facilitator chooses its visibility (a workshop option, logged like every setting): the
workshop's participants only (the phone's cookie says who they are), anyone with the link, or
closed. What the page shows is the export's synthesis (``exports.results_page``), so consent is
applied as in every report.
"""

from __future__ import annotations

import enum
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_babel import lazy_gettext as _l

from ..errors import Forbidden, Invalid, NotAllowedNow
from ..models import Commitment, Participant, Workshop, WorkshopState
from . import events
from .changes import Change

OPTION = "results_page"  # the workshop option holding the visibility


class Visibility(enum.StrEnum):
    PARTICIPANTS = "participants"  # those who joined, from the phone they joined with
    ANYONE = "anyone"  # anyone who has the join link
    CLOSED = "closed"


DEFAULT = Visibility.PARTICIPANTS


class ResultsClosed(Forbidden):
    code = "results_closed"
    default_message = _l("The facilitator has closed the results of this workshop.")


class ParticipantsOnly(Forbidden):
    code = "results_for_participants"
    default_message = _l("These results are for the workshop's participants: open them on the "
                         "phone you joined with.")


class NotOverYet(NotAllowedNow):
    code = "results_not_yet"
    default_message = _l("The results appear here once the workshop is over.")


def visibility_of(workshop: Workshop) -> Visibility:
    """The visibility chosen for ``workshop``; the default if never set (or unreadable)."""
    try:
        return Visibility((workshop.options or {}).get(OPTION, DEFAULT))
    except ValueError:
        return DEFAULT


def set_visibility(session: so.Session, workshop: Workshop, value: Any, actor: str) -> Change:
    """Choose who may open the results page.

    Open in every state, archived included: closing the results protects people, and should
    not wait for the workshop to be restored.
    """
    try:
        chosen = Visibility(value)
    except ValueError:
        raise Invalid(fields={"visibility": [_l("Choose who may see the results.")]}) from None
    workshop.options = {**(workshop.options or {}), OPTION: chosen.value}
    session.flush()
    result = {"visibility": chosen.value}
    event = events.record(session, workshop.id, "results_page.set", actor, result, result=result)
    return Change(workshop.id, event.seq, result=result)


def is_over(workshop: Workshop) -> bool:
    return workshop.state in (WorkshopState.ENDED, WorkshopState.ARCHIVED)


def check_access(workshop: Workshop, participant: Participant | None, *,
                 owner: bool = False) -> None:
    """Refuse the page unless the workshop is over and its visibility lets this visitor in.

    ``participant`` is who the visitor's cookie says they are in this workshop, if anyone;
    ``owner``: the visitor is the workshop's facilitator, who may always see what it shows.
    """
    if not is_over(workshop):
        raise NotOverYet()
    if owner:
        return
    visibility = visibility_of(workshop)
    if visibility is Visibility.CLOSED:
        raise ResultsClosed()
    if visibility is Visibility.PARTICIPANTS and (
            participant is None or participant.workshop_id != workshop.id):
        raise ParticipantsOnly()


def own_commitments(session: so.Session, workshop: Workshop,
                    participant: Participant | None) -> dict[int, bool]:
    """The participant's commitments: id → whether they own it themselves (not a team, not
    someone they named)."""
    if participant is None:
        return {}
    rows = session.execute(
        sa.select(Commitment.id, Commitment.owner_name)
        .where(Commitment.workshop_id == workshop.id,
               Commitment.participant_id == participant.id))
    me = " ".join(participant.display_name.split())
    return {ident: " ".join(owner.split()) == me for ident, owner in rows}
