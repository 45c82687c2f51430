"""E-mail reminders of commitments' due dates, for the owners who asked for them (issue 19).

An owner opts in for one commitment from the results page, with an address that serves only
this. ``workshop remind`` finds what is due (``due``), sends, and marks each reminder sent for
that due date (``mark_reminded``), so a second run sends nothing. The stop link in every
message erases the address (``stop``).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_babel import lazy_gettext as _l

from ..errors import Forbidden, Invalid, NotFound
from ..models import Commitment, CommitmentReminder, Participant, Workshop
from . import events
from .changes import Change
from .followup import OPEN, commitment_in
from .tokens import hash_token

EMAIL_MAX = 254
# Enough to catch a slip of the thumb; whether it is deliverable only the mail server knows.
EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s.]+(\.[^@\s.]+)+")
STOP_PREFIX = "atr_"
STOP_TOKEN = re.compile(r"atr_[0-9a-f]{64}")
LANGUAGES = ("en", "fr")


def stop_token(secret: str, reminder: CommitmentReminder) -> str:
    """The stop link's token, made again for each message from the app's secret and the salt."""
    mac = hmac.new(secret.encode("utf-8"), f"reminder-stop|{reminder.stop_salt}".encode(),
                   hashlib.sha256)
    return STOP_PREFIX + mac.hexdigest()


def subscriptions_of(session: so.Session, participant: Participant
                     ) -> dict[int, CommitmentReminder]:
    """The participant's reminders, by commitment."""
    rows = session.scalars(sa.select(CommitmentReminder)
                           .where(CommitmentReminder.participant_id == participant.id))
    return {row.commitment_id: row for row in rows}


def _address(value: Any) -> str:
    if not isinstance(value, str):
        raise Invalid(fields={"email": [_l("Give a valid e-mail address.")]})
    address = value.strip()
    if len(address) > EMAIL_MAX or not EMAIL.fullmatch(address):
        raise Invalid(fields={"email": [_l("Give a valid e-mail address.")]})
    return address


def opt_in(
    session: so.Session, workshop: Workshop, commitment_id: Any, *, email: Any, agreed: Any,
    by: Participant, language: Any, secret: str,
) -> Change:
    """Its owner asks to be e-mailed before their commitment is due (again: a new address)."""
    item = commitment_in(session, workshop, commitment_id)
    if item.participant_id != by.id:
        raise Forbidden(_l("Only its owner can ask for reminders of a commitment."))
    if agreed is not True:
        raise Invalid(fields={"agree": [_l("Tick the box to agree to receive the reminders.")]})
    address = _address(email)
    if item.due_on is None:
        raise Invalid(fields={"email": [_l("This commitment has no due date: there is nothing "
                                           "to remind you of.")]})
    found = session.scalar(sa.select(CommitmentReminder)
                           .where(CommitmentReminder.commitment_id == item.id))
    if found is None:
        found = CommitmentReminder(workshop_id=workshop.id, commitment_id=item.id,
                                   participant_id=by.id, stop_salt=secrets.token_hex(16))
        session.add(found)
    found.email = address
    found.language = language if language in LANGUAGES else workshop.language
    found.stop_hash = hash_token(stop_token(secret, found))
    session.flush()
    result = {"commitment": item.id, "reminders": True}  # never the address: the log is kept
    event = events.record(session, workshop.id, "commitment.reminders_on",
                          events.participant_actor(by.id), {"commitment": item.id},
                          result=result)
    return Change(workshop.id, event.seq, result=result)


def find_by_stop(session: so.Session, token: Any) -> CommitmentReminder | None:
    if not isinstance(token, str) or not STOP_TOKEN.fullmatch(token):
        return None
    return session.scalar(sa.select(CommitmentReminder)
                          .where(CommitmentReminder.stop_hash == hash_token(token)))


def _erase(session: so.Session, found: CommitmentReminder) -> Change:
    workshop_id, commitment_id = found.workshop_id, found.commitment_id
    actor = events.participant_actor(found.participant_id)
    session.delete(found)
    session.flush()
    result = {"commitment": commitment_id, "reminders": False}
    event = events.record(session, workshop_id, "commitment.reminders_off", actor,
                          {"commitment": commitment_id}, result=result)
    return Change(workshop_id, event.seq, result=result)


def stop(session: so.Session, token: Any) -> Change:
    """The stop link: no more reminders for that commitment, and the address is erased."""
    found = find_by_stop(session, token)
    if found is None:
        raise NotFound(_l("This link stops nothing any more: these reminders are already "
                          "stopped."))
    return _erase(session, found)


def stop_own(session: so.Session, workshop: Workshop, commitment_id: Any, by: Participant
             ) -> Change:
    """The owner stops the reminders from the results page; the address is erased."""
    item = commitment_in(session, workshop, commitment_id)
    found = session.scalar(sa.select(CommitmentReminder)
                           .where(CommitmentReminder.commitment_id == item.id))
    if item.participant_id != by.id or found is None:
        raise Forbidden(_l("Only its owner can stop the reminders of a commitment."))
    return _erase(session, found)


@dataclass(frozen=True)
class DueReminder:
    """One message to send: to whom, in which language, about what."""

    reminder: CommitmentReminder
    commitment: Commitment
    workshop: Workshop


def due(session: so.Session, today: date, within: int) -> list[DueReminder]:
    """Reminders to send: open commitments due within ``within`` days or overdue, not yet
    reminded of for their current due date (a new due date is reminded of again)."""
    rows = session.execute(
        sa.select(CommitmentReminder, Commitment, Workshop)
        .join(Commitment, Commitment.id == CommitmentReminder.commitment_id)
        .join(Workshop, Workshop.id == CommitmentReminder.workshop_id)
        .where(Commitment.status.in_(OPEN), Commitment.due_on.is_not(None),
               Commitment.due_on <= today + timedelta(days=within),
               sa.or_(CommitmentReminder.reminded_due_on.is_(None),
                      CommitmentReminder.reminded_due_on != Commitment.due_on))
        .order_by(CommitmentReminder.id))
    return [DueReminder(reminder, item, workshop) for reminder, item, workshop in rows]


def mark_reminded(session: so.Session, reminder_id: int, due_on: date) -> Change:
    """Sent: no second message for this due date. Logged without the address."""
    found = session.get(CommitmentReminder, reminder_id)
    if found is None:
        raise NotFound(_l("These reminders were stopped."))
    found.reminded_due_on = due_on
    session.flush()
    result = {"commitment": found.commitment_id, "due_on": due_on.isoformat()}
    event = events.record(session, found.workshop_id, "commitment.reminded", "system",
                          result, result=result)
    return Change(found.workshop_id, event.seq, result=result)
