"""Who may connect: a participant token, a facilitator token or session, or a screen key."""

from __future__ import annotations

import hmac
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import request
from flask_login import current_user
from flask_socketio import ConnectionRefusedError, join_room

from ..extensions import db, on_socket, socket_id, socketio
from ..links import participant_cookie
from ..models import Workshop
from ..roles import Role
from ..services import facilitators, participants
from ..services.tokens import FACILITATOR_PREFIX
from . import rooms


@dataclass(frozen=True)
class Client:
    """What a connected socket is allowed to be, decided once at connect time."""

    role: Role
    workshop_id: int
    participant_id: int | None = None
    facilitator_id: int | None = None


_clients: dict[str, Client] = {}


def client_for(sid: str) -> Client | None:
    return _clients.get(sid)


def forget_participant(participant_id: int) -> None:
    """An erased participant's connections on this instance: no longer clients, then closed.

    Connections held by other instances are refused at their next event: the participant is
    gone from the database.
    """
    sids = [sid for sid, client in _clients.items()
            if client.role == Role.PARTICIPANT and client.participant_id == participant_id]
    for sid in sids:
        _clients.pop(sid, None)
    socketio.start_background_task(_close_later, sids)


def _close_later(sids: list[str]) -> None:
    socketio.sleep(1)  # the erasure's acknowledgement leaves first
    for sid in sids:
        socketio.server.disconnect(sid, namespace="/")


def _workshop_id(auth: dict[str, Any]) -> int | None:
    value = auth.get("workshop")
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None


def authorize(auth: Any) -> Client:
    """Decide who this connection is, or refuse it with a reason code."""
    auth = auth if isinstance(auth, dict) else {}
    token = auth.get("token")
    workshop_id = _workshop_id(auth)
    session = db.session
    if isinstance(token, str) and token.startswith(FACILITATOR_PREFIX):
        facilitator = facilitators.facilitator_for_token(session, token)
        return _facilitator_client(facilitator, workshop_id)
    if isinstance(token, str) and token:
        participant = participants.participant_for_token(session, token, workshop_id)
        if participant is None:
            raise ConnectionRefusedError("unauthorized")
        return Client(Role.PARTICIPANT, participant.workshop_id, participant_id=participant.id)
    if workshop_id is None:
        raise ConnectionRefusedError("unauthorized")
    screen_key = auth.get("screen")
    if isinstance(screen_key, str) and screen_key:
        workshop = session.get(Workshop, workshop_id)
        if workshop is None or not hmac.compare_digest(workshop.screen_key, screen_key):
            raise ConnectionRefusedError("unauthorized")
        return Client(Role.SCREEN, workshop_id)
    if current_user.is_authenticated:
        return _facilitator_client(current_user, workshop_id)
    # A phone's HttpOnly cookie, sent with the handshake.
    workshop = session.get(Workshop, workshop_id)
    if workshop is not None:
        participant = participants.participant_for_token(
            session, request.cookies.get(participant_cookie(workshop)), workshop_id
        )
        if participant is not None:
            return Client(Role.PARTICIPANT, workshop_id, participant_id=participant.id)
    raise ConnectionRefusedError("unauthorized")


def _facilitator_client(facilitator: Any, workshop_id: int | None) -> Client:
    if facilitator is None or workshop_id is None:
        raise ConnectionRefusedError("unauthorized")
    workshop = db.session.get(Workshop, workshop_id)
    if workshop is None or workshop.facilitator_id != facilitator.id:
        raise ConnectionRefusedError("forbidden")
    return Client(Role.FACILITATOR, workshop_id, facilitator_id=facilitator.id)


@on_socket("connect")
def on_connect(auth: Any = None) -> None:
    client = authorize(auth)
    _clients[socket_id()] = client
    join_room(rooms.everyone(client.workshop_id))
    if client.role == Role.PARTICIPANT and client.participant_id is not None:
        join_room(rooms.phones(client.workshop_id))
        join_room(rooms.phone_group(client.workshop_id, client.participant_id))
        join_room(rooms.participant(client.workshop_id, client.participant_id))
    elif client.role == Role.FACILITATOR:
        join_room(rooms.facilitators(client.workshop_id))
    elif client.role == Role.SCREEN:
        join_room(rooms.screens(client.workshop_id))


# Called with the sid of every socket that goes away (e.g. to clear its "who is editing").
disconnect_hooks: list[Callable[[str], None]] = []


@on_socket("disconnect")
def on_disconnect(*_args: Any) -> None:
    for hook in disconnect_hooks:
        hook(socket_id())
    _clients.pop(socket_id(), None)


@on_socket("whoami")
def whoami(*_args: Any) -> dict[str, Any]:
    """Tells a client how the server sees it: its role and workshop."""
    client = client_for(socket_id())
    if client is None:
        return {"ok": False, "error": {"code": "unauthorized", "message": "unauthorized"}}
    return {
        "ok": True,
        "role": client.role,
        "workshop": client.workshop_id,
        "participant": client.participant_id,
    }
