"""What every socket event shares: who asks, the typed context of an action, refusals."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

import sqlalchemy.orm as so
from flask_babel import lazy_gettext as _l

from ..errors import AtelierError, Invalid, NotFound, Unauthorized
from ..extensions import socket_id, socketio
from ..models import ApiToken, Participant, SignIn, Workshop, WorkshopState
from ..roles import Role
from ..services import events, facilitators, team
from .closing import close_soon
from .connection import Client, client_for, forget

log = logging.getLogger(__name__)

CLIENT_ID_MAX = 64
Answer = dict[str, Any]


@dataclass(frozen=True)
class ActionContext:
    """One mutating event, authorized and loaded inside its write transaction."""

    session: so.Session
    workshop: Workshop
    participant: Participant | None  # set for participants, None for facilitators
    payload: dict[str, Any]
    actor: str  # "p:<id>" or "f:<id>", as the event log writes it
    client_id: str
    role: Role

    @property
    def own_participant(self) -> Participant:
        """The participant acting, for events only participants may send."""
        if self.participant is None:
            raise Unauthorized()
        return self.participant


def current_client() -> Client:
    """The client this socket authenticated as when it connected."""
    client = client_for(socket_id())
    if client is None:
        raise Unauthorized()
    return client


def actor_of(client: Client) -> str:
    if client.role == Role.PARTICIPANT:
        return events.participant_actor(client.participant_id or 0)
    return events.facilitator_actor(client.facilitator_id or 0)


def limit_key(client: Client) -> str:
    """Whose counters an event uses: the participant's, the account's, or this screen's."""
    if client.role == Role.SCREEN:
        return f"sid:{socket_id()}"
    return actor_of(client)


def payload_of(data: Any) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise Invalid(_l("Send an object."))
    return data


def client_id_of(payload: dict[str, Any]) -> str:
    value = payload.get("client_id")
    if not isinstance(value, str) or not 1 <= len(value) <= CLIENT_ID_MAX:
        message = _l("Every action needs a client_id (1 to 64 characters).")
        raise Invalid(fields={"client_id": [message]})
    return value


def load(session: so.Session, client: Client) -> tuple[Workshop, Participant | None]:
    """The client's workshop (and participant) as stored now, if its credential still holds.

    A few primary-key reads: the workshop, then the participant, the account (and for a
    co-facilitator, their place on the team) with the sign-in or API token, or the screen key
    compared. A socket whose right has ended is refused and forgotten.
    """
    workshop = session.get(Workshop, client.workshop_id)
    if workshop is None:
        _lost()
        raise NotFound(_l("This workshop no longer exists."))
    participant = None
    if client.role == Role.PARTICIPANT:
        participant = session.get(Participant, client.participant_id)
        if (participant is None or participant.workshop_id != workshop.id
                or workshop.state is WorkshopState.ARCHIVED):
            _lost()
    elif client.role == Role.FACILITATOR:
        if not team.may_run(session, workshop, client.facilitator_id) or not _still_signed_in(
                session, client):
            _lost()
    elif (client.screen_key is None or workshop.state is WorkshopState.ARCHIVED
          or not facilitators.same_secret(workshop.screen_key, client.screen_key)):
        _lost()
    return workshop, participant


def _still_signed_in(session: so.Session, client: Client) -> bool:
    if client.sign_in_id is not None:
        return session.get(SignIn, client.sign_in_id) is not None
    token = session.get(ApiToken, client.token_id) if client.token_id is not None else None
    return token is not None and token.revoked_at is None


def _lost() -> None:
    """Refuse this socket's event and close it: the right it connected with has ended."""
    sid = socket_id()
    forget([sid])
    socketio.start_background_task(close_soon, [sid])
    raise Unauthorized()


def refusal(error: AtelierError) -> Answer:
    return {"ok": False, "error": error.as_dict()}


def answered(handle: Callable[..., Answer]) -> Callable[..., Answer]:
    """Every event answers: a refusal with its code, or a generic error logged here.

    A phone waiting for an acknowledgement never stays stuck, whatever went wrong.
    """

    @wraps(handle)
    def run(*args: Any) -> Answer:
        try:
            return handle(*args)
        except AtelierError as error:
            return refusal(error)
        except Exception:
            log.exception("socket event %s failed", getattr(handle, "__name__", "?"))
            return refusal(AtelierError())

    return run
