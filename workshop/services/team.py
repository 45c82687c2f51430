"""Who runs a workshop: its owner and co-facilitators, and the links that invite new ones.

``may_run`` is the one rule every page, API route and socket asks: the owner or a
co-facilitator, on an account that is not disabled. The owner alone deletes the workshop and
manages its team (``owned_workshop``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_babel import lazy_gettext as _l

from ..errors import Conflict, Forbidden, NotFound
from ..models import Facilitator, Invitation, TeamMember, TeamRole, Workshop, utcnow
from . import events, facilitators
from .changes import Change, Ended
from .tokens import hash_token, new_token

INVITATION_PREFIX = "ati_"
INVITATION_DAYS = 7


def may_run(session: so.Session, workshop: Workshop, facilitator_id: int | None) -> bool:
    """Whether this account may run the workshop: its console, pages, exports and API."""
    if facilitator_id is None:
        return False
    account = session.get(Facilitator, facilitator_id)
    if account is None or account.disabled:
        return False
    if workshop.facilitator_id == facilitator_id:
        return True
    return session.scalar(sa.select(TeamMember.id).where(
        TeamMember.workshop_id == workshop.id,
        TeamMember.facilitator_id == facilitator_id)) is not None


def run_by(facilitator_id: int) -> sa.ColumnElement[bool]:
    """The workshops this account owns or co-facilitates, as a query's condition."""
    return sa.or_(Workshop.facilitator_id == facilitator_id, Workshop.id.in_(
        sa.select(TeamMember.workshop_id).where(TeamMember.facilitator_id == facilitator_id)))


def workshop_to_run(session: so.Session, facilitator: Facilitator, workshop_id: int) -> Workshop:
    """The workshop, or NotFound when this account may not run it (another's is not confirmed)."""
    workshop = session.get(Workshop, workshop_id)
    if workshop is None or not may_run(session, workshop, facilitator.id):
        raise NotFound(_l("No such workshop."))
    return workshop


def owned_workshop(session: so.Session, facilitator: Facilitator, workshop_id: int) -> Workshop:
    """The workshop, for what its owner alone does: delete it, manage its team."""
    workshop = workshop_to_run(session, facilitator, workshop_id)
    if workshop.facilitator_id != facilitator.id:
        raise Forbidden(_l("Only the workshop's owner may do this."))
    return workshop


@dataclass(frozen=True)
class Teammate:
    facilitator: Facilitator
    role: TeamRole | None  # None for the owner


def team_of(session: so.Session, workshop: Workshop) -> list[Teammate]:
    """The owner first, then the co-facilitators in the order they joined."""
    owner = session.get(Facilitator, workshop.facilitator_id)
    rows = session.execute(
        sa.select(Facilitator, TeamMember.role).join(
            TeamMember, TeamMember.facilitator_id == Facilitator.id)
        .where(TeamMember.workshop_id == workshop.id).order_by(TeamMember.id))
    team = [Teammate(owner, None)] if owner is not None else []
    return team + [Teammate(account, role) for account, role in rows]


def _join(session: so.Session, workshop: Workshop, account: Facilitator, actor: str,
          kind: str) -> Change:
    if account.disabled:
        raise Conflict(_l("This account is disabled."))
    if may_run(session, workshop, account.id):
        raise Conflict(_l("%(name)s already runs this workshop.", name=account.display_name))
    session.add(TeamMember(workshop_id=workshop.id, facilitator_id=account.id,
                           role=TeamRole.CO_FACILITATOR))
    result = {"facilitator": account.id, "role": TeamRole.CO_FACILITATOR.value}
    event = events.record(session, workshop.id, kind, actor,
                          {**result, "name": account.display_name}, result=result)
    return Change(workshop.id, event.seq, result=result)


def add_by_email(session: so.Session, workshop: Workshop, email: str,
                 actor: Facilitator) -> Change:
    """Add an existing account to the team as a co-facilitator."""
    account = facilitators.find_by_email(session, email)
    return _join(session, workshop, account, events.facilitator_actor(actor.id), "team.added")


def remove(session: so.Session, workshop: Workshop, facilitator_id: int,
           actor: Facilitator) -> Change:
    """Take a co-facilitator off the team: their consoles are closed at once."""
    member = session.scalar(sa.select(TeamMember).where(
        TeamMember.workshop_id == workshop.id, TeamMember.facilitator_id == facilitator_id))
    if member is None:
        raise NotFound(_l("This facilitator is not on the team."))
    account = session.get(Facilitator, facilitator_id)
    session.delete(member)
    result = {"facilitator": facilitator_id}
    event = events.record(session, workshop.id, "team.removed",
                          events.facilitator_actor(actor.id),
                          {**result, "name": account.display_name if account else ""},
                          result=result)
    return Change(workshop.id, event.seq, result=result, ended={(Ended.TEAM, facilitator_id)})


def invite_link(session: so.Session, workshop: Workshop, actor: Facilitator,
                now: datetime | None = None) -> Change:
    """A one-time link to join the team, valid a week; ``result["token"]`` is shown once."""
    raw, digest = new_token(INVITATION_PREFIX)
    now = now or utcnow()
    invitation = Invitation(workshop_id=workshop.id, token_hash=digest, created_by_id=actor.id,
                            created_at=now, expires_at=now + timedelta(days=INVITATION_DAYS))
    session.add(invitation)
    session.flush()
    event = events.record(session, workshop.id, "team.invited",
                          events.facilitator_actor(actor.id), {"invitation": invitation.id})
    return Change(workshop.id, event.seq, result={
        "invitation": invitation.id, "token": raw, "expires_at": invitation.expires_at})


def invitation_for(session: so.Session, raw: str, now: datetime | None = None) -> Invitation:
    """The invitation a link carries, while unused and unexpired; otherwise why not."""
    found = session.scalar(sa.select(Invitation).where(
        Invitation.token_hash == hash_token(raw))) if raw.startswith(INVITATION_PREFIX) else None
    if found is None:
        raise NotFound(_l("This invitation link is not valid."))
    if found.used_at is not None:
        raise Conflict(_l("This invitation link has already been used."))
    if found.expires_at <= (now or utcnow()):
        raise Conflict(_l("This invitation link has expired: ask for a new one."))
    return found


def accept(session: so.Session, raw: str, account: Facilitator,
           now: datetime | None = None) -> Change:
    """Join the team the link invites to; the link is used up."""
    invitation = invitation_for(session, raw, now)
    workshop = session.get(Workshop, invitation.workshop_id)
    assert workshop is not None  # the invitation goes with its workshop
    change = _join(session, workshop, account, events.facilitator_actor(account.id),
                   "team.joined")
    invitation.used_at, invitation.used_by_id = now or utcnow(), account.id
    session.flush()
    return change


def accept_with_new_account(session: so.Session, raw: str, email: str, password: str,
                            display_name: str = "", now: datetime | None = None) -> Change:
    """Create an account from an invitation link and join the team with it."""
    invitation_for(session, raw, now)  # an invalid link creates no account
    account = facilitators.create_facilitator(session, email, password, display_name,
                                              admin=False)
    return accept(session, raw, account, now)
