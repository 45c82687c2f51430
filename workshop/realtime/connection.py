"""Who may connect: a participant token, a facilitator token or session, or a screen key.

A socket keeps who it is (``Client``), never what it may do: ``context.load`` checks at each
event that the credential it connected with still holds, and ``closing`` closes the sockets of
a right that ends.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask import Flask, current_app, request
from flask_login import current_user
from flask_socketio import ConnectionRefusedError, join_room

from ..extensions import db, on_socket, socket_id, socketio, this_app
from ..links import participant_cookie
from ..models import (
    ApiToken,
    Facilitator,
    Participant,
    SignIn,
    TeamMember,
    Workshop,
    WorkshopState,
)
from ..roles import Role
from ..services import facilitators, participants, team
from ..services.changes import Ended
from ..services.tokens import FACILITATOR_PREFIX
from . import rooms
from .closing import closer

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Client:
    """What a connected socket is, and the credential it connected with."""

    role: Role
    workshop_id: int
    participant_id: int | None = None
    facilitator_id: int | None = None
    sign_in_id: int | None = None  # a facilitator's browser session
    token_id: int | None = None  # a facilitator's API token
    screen_key: str | None = None  # the projector link's key


CLIENTS = "atelier.clients"


def _clients(app: Flask | None = None) -> dict[str, Client]:
    """The connected clients of an app (each app its own: two apps act as two instances)."""
    registry: dict[str, Client] = (app or current_app).extensions.setdefault(CLIENTS, {})
    return registry


def client_for(sid: str) -> Client | None:
    return _clients().get(sid)


def forget(sids: list[str]) -> None:
    """These sockets are no longer clients: none of their events passes from now on."""
    clients = _clients()
    for sid in sids:
        clients.pop(sid, None)


closer.forgotten.append(forget)


def _workshop_id(auth: dict[str, Any]) -> int | None:
    value = auth.get("workshop")
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit() and len(value) < 19:
        return int(value)
    return None


def _open_workshop(workshop_id: int | None, role: Role) -> Workshop:
    """The workshop to connect to; an archived one is the facilitator's alone."""
    workshop = db.session.get(Workshop, workshop_id) if workshop_id is not None else None
    if workshop is None or (role != Role.FACILITATOR
                            and workshop.state is WorkshopState.ARCHIVED):
        raise ConnectionRefusedError("unauthorized")
    return workshop


def authorize(auth: Any) -> Client:
    """Decide who this connection is, or refuse it with a reason code."""
    auth = auth if isinstance(auth, dict) else {}
    token = auth.get("token")
    workshop_id = _workshop_id(auth)
    session = db.session
    if isinstance(token, str) and token.startswith(FACILITATOR_PREFIX):
        api_token = facilitators.api_token_for(session, token)
        if api_token is None:
            raise ConnectionRefusedError("unauthorized")
        return _facilitator_client(api_token.facilitator_id, workshop_id,
                                   token_id=api_token.id)
    if isinstance(token, str) and token:
        participant = participants.participant_for_token(session, token, workshop_id)
        if participant is None:
            raise ConnectionRefusedError("unauthorized")
        _open_workshop(participant.workshop_id, Role.PARTICIPANT)
        return Client(Role.PARTICIPANT, participant.workshop_id, participant_id=participant.id)
    if workshop_id is None:
        raise ConnectionRefusedError("unauthorized")
    screen_key = auth.get("screen")
    if isinstance(screen_key, str) and screen_key:
        workshop = _open_workshop(workshop_id, Role.SCREEN)
        if not facilitators.same_secret(workshop.screen_key, screen_key):
            raise ConnectionRefusedError("unauthorized")
        return Client(Role.SCREEN, workshop_id, screen_key=screen_key)
    if current_user.is_authenticated:
        return _facilitator_client(current_user.id, workshop_id,
                                   sign_in_id=current_user.sign_in_id)
    # A phone's HttpOnly cookie, sent with the handshake.
    workshop = _open_workshop(workshop_id, Role.PARTICIPANT)
    participant = participants.participant_for_token(
        session, request.cookies.get(participant_cookie(workshop)), workshop_id
    )
    if participant is None:
        raise ConnectionRefusedError("unauthorized")
    return Client(Role.PARTICIPANT, workshop_id, participant_id=participant.id)


def _facilitator_client(facilitator_id: int, workshop_id: int | None, *,
                        sign_in_id: int | None = None, token_id: int | None = None) -> Client:
    if workshop_id is None:
        raise ConnectionRefusedError("unauthorized")
    workshop = db.session.get(Workshop, workshop_id)
    if workshop is None or not team.may_run(db.session, workshop, facilitator_id):
        raise ConnectionRefusedError("forbidden")
    return Client(Role.FACILITATOR, workshop_id, facilitator_id=facilitator_id,
                  sign_in_id=sign_in_id, token_id=token_id)


def _rooms_of(client: Client) -> list[str]:
    """The rooms a client joins: its workshop's, its role's and its credential's."""
    joined = [rooms.everyone(client.workshop_id)]
    if client.role == Role.PARTICIPANT and client.participant_id is not None:
        joined += [rooms.phones(client.workshop_id),
                   rooms.phone_group(client.workshop_id, client.participant_id),
                   rooms.participant(client.workshop_id, client.participant_id)]
    elif client.role == Role.FACILITATOR:
        joined.append(rooms.facilitators(client.workshop_id))
        if client.facilitator_id is not None:
            joined += [rooms.account(client.facilitator_id),
                       rooms.team_member(client.workshop_id, client.facilitator_id)]
        if client.sign_in_id is not None:
            joined.append(rooms.sign_in(client.sign_in_id))
        if client.token_id is not None:
            joined.append(rooms.api_token(client.token_id))
    elif client.role == Role.SCREEN:
        joined.append(rooms.screens(client.workshop_id))
    return joined


# --- rights that ended elsewhere ------------------------------------------------------------

SWEEP_SECONDS = 15.0
SWEEPING = "atelier.sweeping"


def lost_clients(clients: dict[str, Client]) -> dict[str, str]:
    """The sockets among ``clients`` whose right has ended, each with the reason, in 6 queries.

    What closes sockets at once goes through ``closing``; this catches what it cannot see: a
    token revoked from the command line of a server without a message queue, say.
    """
    session = db.session
    workshops = {w.id: w for w in session.scalars(sa.select(Workshop).where(
        Workshop.id.in_({c.workshop_id for c in clients.values()})))}
    people = set(session.scalars(sa.select(Participant.id).where(Participant.id.in_(
        {c.participant_id for c in clients.values() if c.participant_id is not None}))))
    sign_ins = set(session.scalars(sa.select(SignIn.id).where(SignIn.id.in_(
        {c.sign_in_id for c in clients.values() if c.sign_in_id is not None}))))
    tokens = set(session.scalars(sa.select(ApiToken.id).where(ApiToken.revoked_at.is_(None),
        ApiToken.id.in_({c.token_id for c in clients.values() if c.token_id is not None}))))
    # ``team.may_run`` for every socket at once: the account enabled, the owner or on the team.
    accounts = {c.facilitator_id for c in clients.values() if c.facilitator_id is not None}
    disabled = set(session.scalars(sa.select(Facilitator.id).where(
        Facilitator.id.in_(accounts), Facilitator.disabled.is_(True))))
    members = {(workshop_id, account) for workshop_id, account in session.execute(
        sa.select(TeamMember.workshop_id, TeamMember.facilitator_id)
        .where(TeamMember.facilitator_id.in_(accounts)))}
    lost: dict[str, str] = {}
    for sid, client in clients.items():
        workshop = workshops.get(client.workshop_id)
        archived = workshop is not None and workshop.state is WorkshopState.ARCHIVED
        if workshop is None:
            lost[sid] = Ended.WORKSHOP.value
        elif client.role == Role.PARTICIPANT and client.participant_id not in people:
            lost[sid] = Ended.PARTICIPANT.value
        elif client.role != Role.FACILITATOR and archived:
            lost[sid] = Ended.ARCHIVED.value
        elif client.role == Role.SCREEN and not facilitators.same_secret(
                workshop.screen_key, client.screen_key or ""):
            lost[sid] = Ended.SCREEN_LINK.value
        elif client.sign_in_id is not None and client.sign_in_id not in sign_ins:
            lost[sid] = Ended.SIGN_IN.value
        elif client.token_id is not None and client.token_id not in tokens:
            lost[sid] = Ended.API_TOKEN.value
        elif client.facilitator_id is not None and client.facilitator_id in disabled:
            lost[sid] = Ended.ACCOUNT.value
        elif (client.facilitator_id is not None and workshop.facilitator_id != client.facilitator_id
              and (workshop.id, client.facilitator_id) not in members):
            lost[sid] = Ended.TEAM.value
    return lost


def _sweep(app: Flask) -> None:
    """Check every connected socket's right every few seconds, while the app has sockets."""
    while True:
        socketio.sleep(SWEEP_SECONDS)
        try:
            with app.app_context():
                clients = dict(_clients(app))
                if not clients:
                    app.extensions.pop(SWEEPING, None)  # the next connection starts again
                    return
                lost = lost_clients(clients)
                db.session.rollback()
                closer.close_sockets(lost)
        except Exception:
            log.exception("could not check the connected sockets' rights")


@on_socket("connect")
def on_connect(auth: Any = None) -> None:
    client = authorize(auth)
    _clients()[socket_id()] = client
    for room in _rooms_of(client):
        join_room(room)
    app = this_app()
    closer.listen(app)
    if not app.extensions.get(SWEEPING):
        app.extensions[SWEEPING] = True
        socketio.start_background_task(_sweep, app)


# Called with the sid of every socket that goes away (e.g. to clear its "who is editing").
disconnect_hooks: list[Callable[[str], None]] = []


@on_socket("disconnect")
def on_disconnect(*_args: Any) -> None:
    for hook in disconnect_hooks:
        hook(socket_id())
    _clients().pop(socket_id(), None)


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
