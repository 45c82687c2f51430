"""Joining a workshop from a phone, and finding a phone's participant again."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_babel import lazy_gettext as _l

from ..errors import Invalid, JoiningClosed
from ..models import Participant, Workshop, utcnow
from . import events, text
from .changes import Change
from .groups import parse_groups
from .tokens import PARTICIPANT_PREFIX, RetryKey, hash_token, new_salt, new_token

NAME_MAX = 80
# How long after joining a retry of the same request finds the same participant: enough for a
# phone to resend after a lost answer, short enough that a known retry key soon opens nothing.
RETRY_WINDOW = timedelta(minutes=10)


@dataclass
class JoinRequest:
    name: str
    group: str = ""
    consent_quote: bool = False
    locale: str | None = None


def check_join(workshop: Workshop, request: JoinRequest) -> None:
    fields: dict[str, list[str]] = {}
    request.name = text.clean_line(request.name)
    if not request.name:
        fields["name"] = [_l("Tell us your name (a first name is enough).")]
    elif len(request.name) > NAME_MAX:
        fields["name"] = [_l("At most %(n)d characters.", n=NAME_MAX)]
    keys = [g["key"] for g in workshop.stakeholder_groups]
    if keys and request.group not in keys:
        # Integrations may send a label ("Client", "Customer") rather than the key.
        request.group = resolve_group(keys, request.group)
    if keys and request.group not in keys:
        fields["group"] = [_l("Choose the group you belong to.")]
    elif not keys:
        request.group = ""
    if fields:
        raise Invalid(fields=fields)


def resolve_group(keys: list[str], typed: str) -> str:
    try:
        parsed = parse_groups(typed)
    except Invalid:
        return typed
    return parsed[0]["key"] if parsed and parsed[0]["key"] in keys else typed


def join(
    session: so.Session, workshop: Workshop, request: JoinRequest, *,
    retry: RetryKey | None = None,
) -> Change:
    """Add a participant; the result holds its id and its secret token (stored hashed only).

    With the client's ``retry`` key, the same request sent again within RETRY_WINDOW (same
    name, group and consent: a retry after a lost answer) finds the participant the first one
    created, and its token, instead of adding a second. Anything else joins as someone new.
    """
    if retry is not None:
        again = _retried(session, workshop, request, retry)
        if again is not None:
            return again
    if not workshop.accepts_participants:
        raise JoiningClosed()
    check_join(workshop, request)
    salt = new_salt()  # kept in the log: with the retry key, it makes the same token again
    raw = retry.token(workshop.id, salt) if retry else new_token(PARTICIPANT_PREFIX)[0]
    participant = Participant(
        workshop_id=workshop.id,
        display_name=request.name,
        group_key=request.group,
        consent_quote=request.consent_quote,
        token_hash=hash_token(raw),
        locale=request.locale,
    )
    session.add(participant)
    session.flush()
    event = events.record(
        session,
        workshop.id,
        "participant.joined",
        events.participant_actor(participant.id),
        {"group": participant.group_key},
        client_id=retry.digest(workshop.id) if retry else None,
        result={"participant": participant.id, "salt": salt} if retry else None,
    )
    return Change(workshop.id, event.seq, result={"participant": participant.id, "token": raw},
                  people={participant.id})


def _retried(session: so.Session, workshop: Workshop, request: JoinRequest, retry: RetryKey
             ) -> Change | None:
    """The first request's participant and token, if ``request`` is a retry of it."""
    since = utcnow() - RETRY_WINDOW
    for event in events.with_client_id(session, workshop.id, "participant.joined",
                                       retry.digest(workshop.id), since):
        result = event.result or {}
        participant = session.get(Participant, result.get("participant", 0))
        if participant is None or not _same_request(workshop, request, participant):
            continue
        token = retry.token(workshop.id, str(result.get("salt")))
        if participant.token_hash == hash_token(token):
            return Change(workshop.id, result={"participant": participant.id, "token": token})
    return None


def _same_request(workshop: Workshop, request: JoinRequest, participant: Participant) -> bool:
    keys = [g["key"] for g in workshop.stakeholder_groups]
    group = "" if not keys else (
        request.group if request.group in keys else resolve_group(keys, request.group))
    return (text.clean_line(request.name) == participant.display_name
            and group == participant.group_key
            and request.consent_quote == participant.consent_quote)


def participant_for_token(
    session: so.Session, raw: str | None, workshop_id: int | None = None
) -> Participant | None:
    """The participant holding this token (bound to its workshop when one is given)."""
    if not raw or not raw.startswith(PARTICIPANT_PREFIX):
        return None
    query = sa.select(Participant).where(Participant.token_hash == hash_token(raw))
    if workshop_id is not None:
        query = query.where(Participant.workshop_id == workshop_id)
    return session.scalar(query)


def participants_of(session: so.Session, workshop: Workshop) -> list[Participant]:
    return list(
        session.scalars(
            sa.select(Participant)
            .where(Participant.workshop_id == workshop.id)
            .order_by(Participant.joined_at, Participant.id)
        )
    )
