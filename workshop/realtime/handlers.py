"""Socket.IO events: parse, authorize, call one service, commit, acknowledge, broadcast."""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import nullcontext
from typing import Any

import sqlalchemy.orm as so
from flask import request
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from ..errors import AtelierError, Forbidden, Invalid, NotFound, Unauthorized
from ..extensions import db, socketio
from ..links import public_join_url
from ..models import Participant, Workshop
from ..ratelimit import limits
from ..services import (
    agenda,
    commitments,
    controls,
    events,
    navigation,
    privacy,
    seating,
    snapshot,
    timer,
    topics,
    voting,
)
from ..services.changes import Change
from . import connection
from .broadcaster import broadcaster
from .connection import Client, client_for

log = logging.getLogger(__name__)

PARTICIPANT, FACILITATOR, SCREEN = "participant", "facilitator", "screen"
CLIENT_ID_MAX = 64
Action = Callable[[so.Session, Workshop, Participant | None, dict[str, Any], str, str], Change]


def _client() -> Client:
    client = client_for(request.sid)  # type: ignore[attr-defined]
    if client is None:
        raise Unauthorized()
    return client


def _actor(client: Client) -> str:
    if client.role == PARTICIPANT:
        return events.participant_actor(client.participant_id or 0)
    return events.facilitator_actor(client.facilitator_id or 0)


def _payload(data: Any) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise Invalid(_l("Send an object."))
    return data


def _client_id(payload: dict[str, Any]) -> str:
    value = payload.get("client_id")
    if not isinstance(value, str) or not 1 <= len(value) <= CLIENT_ID_MAX:
        message = _l("Every action needs a client_id (1 to 64 characters).")
        raise Invalid(fields={"client_id": [message]})
    return value


def limit_key(client: Client) -> str:
    """Whose counters an event uses: the participant's, the account's, or this screen's."""
    if client.role == SCREEN:
        return f"sid:{request.sid}"  # type: ignore[attr-defined]
    return _actor(client)


def _refusal(error: AtelierError) -> dict[str, Any]:
    return {"ok": False, "error": error.as_dict()}


def _load(session: so.Session, client: Client) -> tuple[Workshop, Participant | None]:
    workshop = session.get(Workshop, client.workshop_id)
    if workshop is None:
        raise NotFound(_l("This workshop no longer exists."))
    participant = None
    if client.role == PARTICIPANT:
        participant = session.get(Participant, client.participant_id)
        if participant is None or participant.workshop_id != workshop.id:
            raise Unauthorized()
    return workshop, participant


def act(data: Any, roles: tuple[str, ...], action: Action) -> dict[str, Any]:
    """Run one mutating event; a retry with the same client_id gets the first answer again."""
    try:
        client = _client()
        if client.role not in roles:
            raise Forbidden()
        limits().hit("action", limit_key(client))
        payload = _payload(data)
        client_id = _client_id(payload)
        actor = _actor(client)
        try:
            with db.unit_of_work() as session:
                previous = events.replay(session, client.workshop_id, actor, client_id)
                if previous is not None:
                    return {"ok": True, **previous}
                workshop, participant = _load(session, client)
                change = action(session, workshop, participant, payload, actor, client_id)
        except IntegrityError:
            # The same client_id raced itself on another connection: answer as the winner did.
            previous = events.replay(db.session, client.workshop_id, actor, client_id)
            if previous is None:
                raise
            return {"ok": True, **previous}
        try:
            broadcaster.publish(change)
        except Exception:
            # The change is saved: acknowledge it; clients catch up with their next sync.
            log.exception("broadcast failed after commit")
        return {"ok": True, **change.result}
    except AtelierError as error:
        return _refusal(error)
    except Exception:
        log.exception("socket event failed")
        return _refusal(AtelierError())


def on(event: str, roles: tuple[str, ...]) -> Callable[[Action], Action]:
    """Register ``action`` as the handler of ``event`` for ``roles``."""

    def register(action: Action) -> Action:
        socketio.on_event(event, lambda data=None: act(data, roles, action))
        return action

    return register


@socketio.on("sync")
def sync(_data: Any = None) -> dict[str, Any]:
    """The full state for this client; called on every (re)connection and after a gap."""
    try:
        client = _client()
        limits().hit("sync", limit_key(client))
        session = db.session
        workshop, participant = _load(session, client)
        # The projector speaks the workshop's language; phones and consoles their own.
        with force_locale(workshop.language) if client.role == SCREEN else nullcontext():
            state = snapshot.snapshot(session, workshop, client.role, participant,
                                      join_url=public_join_url(workshop))
        return {"ok": True, "state": state}
    except AtelierError as error:
        return _refusal(error)


# --- participants (and the facilitator) ------------------------------------------------------

BOTH = (PARTICIPANT, FACILITATOR)


@on("topic.propose", BOTH)
def propose(session, workshop, participant, payload, actor, client_id):  # type: ignore[no-untyped-def]
    return topics.propose(session, workshop, participant, payload.get("title"),
                          payload.get("details"), actor, client_id, kind=payload.get("kind"),
                          parent_id=payload.get("parent_id"))


@on("topic.edit", BOTH)
def edit(session, workshop, participant, payload, actor, client_id):  # type: ignore[no-untyped-def]
    return topics.edit(session, workshop, payload.get("topic_id"), payload.get("title"),
                       payload.get("details"), participant, actor, client_id)


@on("vote.cast", (PARTICIPANT,))
def cast(session, workshop, participant, payload, actor, client_id):  # type: ignore[no-untyped-def]
    return voting.cast(session, workshop, participant, payload.get("topic_id"), actor, client_id)


@on("vote.retract", (PARTICIPANT,))
def retract(session, workshop, participant, payload, actor, client_id):  # type: ignore[no-untyped-def]
    return voting.retract(session, workshop, participant, payload.get("topic_id"), actor,
                          client_id)


@on("agenda.place", BOTH)
def agenda_place(session, workshop, participant, payload, actor, client_id):  # type: ignore[no-untyped-def]
    return agenda.place(session, workshop, participant, payload.get("topic_id"),
                        payload.get("room_id"), payload.get("slot_id"), actor, client_id)


@on("agenda.unplace", BOTH)
def agenda_unplace(session, workshop, participant, payload, actor, client_id):  # type: ignore[no-untyped-def]
    return agenda.unplace(session, workshop, participant, payload.get("topic_id"), actor,
                          client_id)


@on("interest.mark", (PARTICIPANT,))
def interest_mark(session, workshop, participant, payload, actor, client_id):  # type: ignore[no-untyped-def]
    return agenda.mark(session, workshop, participant, payload.get("topic_id"),
                       payload.get("wanted", True), actor, client_id)


@on("session.checkin", (PARTICIPANT,))
def session_checkin(session, workshop, participant, payload, actor, client_id):  # type: ignore[no-untyped-def]
    return agenda.check_in(session, workshop, participant, payload.get("topic_id"), actor,
                           client_id)


@on("commitment.add", BOTH)
def commitment_add(session, workshop, participant, payload, actor, client_id):  # type: ignore[no-untyped-def]
    return commitments.add(session, workshop, participant, payload, actor, client_id)


@on("commitment.remove", BOTH)
def commitment_remove(session, workshop, participant, payload, actor, client_id):  # type: ignore[no-untyped-def]
    return commitments.remove(session, workshop, participant, payload.get("commitment_id"),
                              actor, client_id)


# --- a participant's own data --------------------------------------------------------------


@socketio.on("me.data")
def my_data(_data: Any = None) -> dict[str, Any]:
    """Everything stored about the participant asking (docs/protocol.md)."""
    try:
        client = _client()
        if client.role != PARTICIPANT:
            raise Forbidden()
        limits().hit("sync", limit_key(client))
        workshop, participant = _load(db.session, client)
        assert participant is not None
        return {"ok": True, "data": privacy.stored_about(db.session, workshop, participant)}
    except AtelierError as error:
        return _refusal(error)


@on("me.erase", (PARTICIPANT,))
def erase_me(session, workshop, participant, payload, actor, client_id):  # type: ignore[no-untyped-def]
    if payload.get("confirm") is not True:
        raise Invalid(fields={"confirm": [_l("Confirm with true: erasing cannot be undone.")]})
    change = privacy.erase(session, workshop, participant, actor, client_id)
    connection.forget_participant(participant.id)
    return change


# --- the facilitator -----------------------------------------------------------------------

ONLY_FACILITATOR = (FACILITATOR,)


@on("phase.next", ONLY_FACILITATOR)
def phase_next(session, workshop, _participant, _payload, actor, client_id):  # type: ignore[no-untyped-def]
    return navigation.navigate(session, workshop, "next", actor, client_id)


@on("phase.previous", ONLY_FACILITATOR)
def phase_previous(session, workshop, _participant, _payload, actor, client_id):  # type: ignore[no-untyped-def]
    return navigation.navigate(session, workshop, "previous", actor, client_id)


@on("phase.goto", ONLY_FACILITATOR)
def phase_goto(session, workshop, _participant, payload, actor, client_id):  # type: ignore[no-untyped-def]
    target = payload.get("phase")
    if not isinstance(target, str) or target in ("next", "previous"):
        raise Invalid(fields={"phase": [_l("Must be a phase id.")]})
    return navigation.navigate(session, workshop, target, actor, client_id)


@on("workshop.end", ONLY_FACILITATOR)
def workshop_end(session, workshop, _participant, _payload, actor, client_id):  # type: ignore[no-untyped-def]
    return navigation.finish(session, workshop, True, actor, client_id)


@on("workshop.reopen", ONLY_FACILITATOR)
def workshop_reopen(session, workshop, _participant, _payload, actor, client_id):  # type: ignore[no-untyped-def]
    return navigation.finish(session, workshop, False, actor, client_id)


@on("timer.start", ONLY_FACILITATOR)
def timer_start(session, workshop, _participant, payload, actor, client_id):  # type: ignore[no-untyped-def]
    return timer.start(session, workshop, payload.get("seconds"), actor, client_id)


@on("timer.pause", ONLY_FACILITATOR)
def timer_pause(session, workshop, _participant, _payload, actor, client_id):  # type: ignore[no-untyped-def]
    return timer.pause(session, workshop, actor, client_id)


@on("timer.extend", ONLY_FACILITATOR)
def timer_extend(session, workshop, _participant, payload, actor, client_id):  # type: ignore[no-untyped-def]
    return timer.extend(session, workshop, payload.get("seconds"), actor, client_id)


@on("settings.update", ONLY_FACILITATOR)
def settings_update(session, workshop, _participant, payload, actor, client_id):  # type: ignore[no-untyped-def]
    return controls.update(session, workshop, payload, actor, client_id)


@on("topic.hide", ONLY_FACILITATOR)
def topic_hide(session, workshop, _participant, payload, actor, client_id):  # type: ignore[no-untyped-def]
    return topics.set_hidden(session, workshop, payload.get("topic_id"), True, actor, client_id)


@on("topic.restore", ONLY_FACILITATOR)
def topic_restore(session, workshop, _participant, payload, actor, client_id):  # type: ignore[no-untyped-def]
    return topics.set_hidden(session, workshop, payload.get("topic_id"), False, actor, client_id)


@on("topic.merge", ONLY_FACILITATOR)
def topic_merge(session, workshop, _participant, payload, actor, client_id):  # type: ignore[no-untyped-def]
    return topics.merge(session, workshop, payload.get("topic_id"), payload.get("into"), actor,
                        client_id)


@on("agenda.grid", ONLY_FACILITATOR)
def agenda_grid(session, workshop, _participant, payload, actor, client_id):  # type: ignore[no-untyped-def]
    return agenda.set_grid(session, workshop, payload.get("rooms"), payload.get("slots"), actor,
                           client_id)


@on("agenda.lock", ONLY_FACILITATOR)
def agenda_lock(session, workshop, _participant, payload, actor, client_id):  # type: ignore[no-untyped-def]
    return agenda.lock(session, workshop, payload.get("topic_id"), payload.get("locked", True),
                       actor, client_id)


@on("agenda.build", ONLY_FACILITATOR)
def agenda_build(session, workshop, _participant, _payload, actor, client_id):  # type: ignore[no-untyped-def]
    return agenda.build(session, workshop, actor, client_id)


@on("seating.update", ONLY_FACILITATOR)
def seating_update(session, workshop, _participant, _payload, actor, client_id):  # type: ignore[no-untyped-def]
    return seating.reseat(session, workshop, actor, client_id)


@on("seating.host", ONLY_FACILITATOR)
def seating_host(session, workshop, _participant, payload, actor, client_id):  # type: ignore[no-untyped-def]
    return seating.set_host(session, workshop, payload.get("table"),
                            payload.get("participant_id"), actor, client_id)
