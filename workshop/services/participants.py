"""Joining a workshop from a phone, and finding a phone's participant again."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_babel import lazy_gettext as _l

from ..errors import Invalid, JoiningClosed
from ..models import Participant, Workshop
from . import events, text
from .changes import Change
from .groups import parse_groups
from .tokens import PARTICIPANT_PREFIX, hash_token, new_token

NAME_MAX = 80


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
    session: so.Session, workshop: Workshop, request: JoinRequest, *, token: str | None = None
) -> Change:
    """Add a participant; the result holds its id and its secret token (stored hashed only).

    With ``token`` (derived from the client's retry key), a repeated request finds the
    participant the first one created instead of adding a second.
    """
    if token is not None:
        existing = participant_for_token(session, token, workshop.id)
        if existing is not None:
            return Change(workshop.id, result={"participant": existing.id, "token": token})
    if not workshop.accepts_participants:
        raise JoiningClosed()
    check_join(workshop, request)
    raw, digest = (token, hash_token(token)) if token else new_token(PARTICIPANT_PREFIX)
    participant = Participant(
        workshop_id=workshop.id,
        display_name=request.name,
        group_key=request.group,
        consent_quote=request.consent_quote,
        token_hash=digest,
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
    )
    return Change(workshop.id, event.seq, result={"participant": participant.id, "token": raw},
                  people={participant.id})


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
