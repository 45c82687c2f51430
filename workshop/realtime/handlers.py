"""Socket.IO events: parse, authorize, call one service, commit, acknowledge, broadcast.

Each mutating event is one line of ``@on(event, roles)`` and a function of an
``ActionContext``; ``act`` does the rest the same way for all of them.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext
from typing import Any

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from ..errors import Forbidden, Invalid
from ..extensions import db, on_socket, socketio
from ..links import public_join_url
from ..ratelimit import limits
from ..roles import Role
from ..services import (
    agenda,
    commitments,
    controls,
    hints,
    navigation,
    placement,
    presence,
    privacy,
    questions,
    reactions,
    seating,
    snapshot,
    timer,
    topics,
    voting,
)
from ..services.changes import Change
from . import commands
from .context import (
    ActionContext,
    Answer,
    actor_of,
    answered,
    client_id_of,
    current_client,
    limit_key,
    load,
    payload_of,
)

Action = Callable[[ActionContext], Change]
Roles = tuple[Role, ...]

PARTICIPANT_ONLY: Roles = (Role.PARTICIPANT,)
FACILITATOR_ONLY: Roles = (Role.FACILITATOR,)
BOTH: Roles = (Role.PARTICIPANT, Role.FACILITATOR)


@answered
def act(event: str, data: Any, roles: Roles, action: Action) -> Answer:
    """Run one mutating event; a retry with the same client_id gets the first answer again.

    The retry key is the event and the client_id together: a client_id reused for another
    event is another action, never the replay of the first one's answer.
    """
    client = current_client()
    if client.role not in roles:
        raise Forbidden()
    limits().hit("action", limit_key(client))
    payload = payload_of(data)
    client_id = f"{event}:{client_id_of(payload)}"
    actor = actor_of(client)

    def work(session: Any) -> Change:
        workshop, participant = load(session, client)
        return action(ActionContext(session, workshop, participant, payload, actor, client_id,
                                    client.role))

    change = commands.execute(work, commands.Retry(client.workshop_id, actor, client_id))
    return {"ok": True, **change.result}


def on(event: str, roles: Roles) -> Callable[[Action], Action]:
    """Register ``action`` as the handler of ``event`` for ``roles``."""

    def register(action: Action) -> Action:
        socketio.on_event(event, lambda data=None: act(event, data, roles, action))
        return action

    return register


@on_socket("sync")
@answered
def sync(_data: Any = None) -> Answer:
    """The full state for this client; called on every (re)connection and after a gap."""
    client = current_client()
    limits().hit("sync", limit_key(client))
    session = db.session
    workshop, participant = load(session, client)
    # The projector speaks the workshop's language; phones and consoles their own.
    with force_locale(workshop.language) if client.role == Role.SCREEN else nullcontext():
        state = snapshot.snapshot(session, workshop, client.role, participant,
                                  join_url=public_join_url(workshop))
    return {"ok": True, "state": state}


@on_socket("me.data")
@answered
def my_data(_data: Any = None) -> Answer:
    """Everything stored about the participant asking (docs/protocol.md)."""
    client = current_client()
    if client.role != Role.PARTICIPANT:
        raise Forbidden()
    limits().hit("sync", limit_key(client))
    workshop, participant = load(db.session, client)
    assert participant is not None  # load() refuses a participant client without one
    return {"ok": True, "data": privacy.stored_about(db.session, workshop, participant)}


# --- participants (and the facilitator) ------------------------------------------------------


@on("topic.propose", BOTH)
def propose(ctx: ActionContext) -> Change:
    p = ctx.payload
    return topics.propose(ctx.session, ctx.workshop, ctx.participant, p.get("title"),
                          p.get("details"), ctx.actor, ctx.client_id, kind=p.get("kind"),
                          parent_id=p.get("parent_id"))


@on("topic.edit", BOTH)
def edit(ctx: ActionContext) -> Change:
    p = ctx.payload
    return topics.edit(ctx.session, ctx.workshop, p.get("topic_id"), p.get("title"),
                       p.get("details"), ctx.participant, ctx.actor, ctx.client_id)


@on("vote.cast", PARTICIPANT_ONLY)
def cast(ctx: ActionContext) -> Change:
    return voting.cast(ctx.session, ctx.workshop, ctx.own_participant,
                       ctx.payload.get("topic_id"), ctx.actor, ctx.client_id)


@on("vote.retract", PARTICIPANT_ONLY)
def retract(ctx: ActionContext) -> Change:
    return voting.retract(ctx.session, ctx.workshop, ctx.own_participant,
                          ctx.payload.get("topic_id"), ctx.actor, ctx.client_id)


@on("agenda.place", BOTH)
def agenda_place(ctx: ActionContext) -> Change:
    p = ctx.payload
    return placement.place(ctx.session, ctx.workshop, ctx.participant, p.get("topic_id"),
                        p.get("room_id"), p.get("slot_id"), ctx.actor, ctx.client_id)


@on("agenda.unplace", BOTH)
def agenda_unplace(ctx: ActionContext) -> Change:
    return placement.unplace(ctx.session, ctx.workshop, ctx.participant,
                          ctx.payload.get("topic_id"), ctx.actor, ctx.client_id)


@on("interest.mark", PARTICIPANT_ONLY)
def interest_mark(ctx: ActionContext) -> Change:
    return presence.mark(ctx.session, ctx.workshop, ctx.own_participant,
                       ctx.payload.get("topic_id"), ctx.payload.get("wanted", True), ctx.actor,
                       ctx.client_id)


@on("session.checkin", PARTICIPANT_ONLY)
def session_checkin(ctx: ActionContext) -> Change:
    return presence.check_in(ctx.session, ctx.workshop, ctx.own_participant,
                           ctx.payload.get("topic_id"), ctx.actor, ctx.client_id)


@on("commitment.add", BOTH)
def commitment_add(ctx: ActionContext) -> Change:
    return commitments.add(ctx.session, ctx.workshop, ctx.participant, ctx.payload, ctx.actor,
                           ctx.client_id)


@on("commitment.remove", BOTH)
def commitment_remove(ctx: ActionContext) -> Change:
    return commitments.remove(ctx.session, ctx.workshop, ctx.participant,
                              ctx.payload.get("commitment_id"), ctx.actor, ctx.client_id)


@on("question.ask", PARTICIPANT_ONLY)
def question_ask(ctx: ActionContext) -> Change:
    return questions.ask(ctx.session, ctx.workshop, ctx.own_participant, ctx.payload.get("text"),
                         ctx.actor, ctx.client_id)


@on("question.upvote", PARTICIPANT_ONLY)
def question_upvote(ctx: ActionContext) -> Change:
    return questions.upvote(ctx.session, ctx.workshop, ctx.own_participant,
                            ctx.payload.get("question_id"), ctx.payload.get("up", True),
                            ctx.actor, ctx.client_id)


@on_socket("reaction.send")
@answered
def reaction_send(data: Any = None) -> Answer:
    """A quick reaction for the screen: authorized and limited like an action, never stored."""
    client = current_client()
    if client.role != Role.PARTICIPANT:
        raise Forbidden()
    limits().hit("reaction", limit_key(client))
    workshop, _participant = load(db.session, client)
    kind = reactions.react(workshop, payload_of(data).get("kind"))
    commands.react(workshop.id, kind)
    return {"ok": True, "kind": kind.value}


# --- a participant's own data --------------------------------------------------------------


@on("me.erase", PARTICIPANT_ONLY)
def erase_me(ctx: ActionContext) -> Change:
    if ctx.payload.get("confirm") is not True:
        raise Invalid(fields={"confirm": [_l("Confirm with true: erasing cannot be undone.")]})
    return privacy.erase(ctx.session, ctx.workshop, ctx.own_participant, ctx.actor,
                         ctx.client_id)


# --- the facilitator -----------------------------------------------------------------------


@on("phase.next", FACILITATOR_ONLY)
def phase_next(ctx: ActionContext) -> Change:
    return navigation.navigate(ctx.session, ctx.workshop, "next", ctx.actor, ctx.client_id)


@on("phase.previous", FACILITATOR_ONLY)
def phase_previous(ctx: ActionContext) -> Change:
    return navigation.navigate(ctx.session, ctx.workshop, "previous", ctx.actor, ctx.client_id)


@on("phase.goto", FACILITATOR_ONLY)
def phase_goto(ctx: ActionContext) -> Change:
    target = ctx.payload.get("phase")
    if not isinstance(target, str) or target in ("next", "previous"):
        raise Invalid(fields={"phase": [_l("Must be a phase id.")]})
    return navigation.navigate(ctx.session, ctx.workshop, target, ctx.actor, ctx.client_id)


@on("workshop.end", FACILITATOR_ONLY)
def workshop_end(ctx: ActionContext) -> Change:
    return navigation.finish(ctx.session, ctx.workshop, True, ctx.actor, ctx.client_id)


@on("workshop.reopen", FACILITATOR_ONLY)
def workshop_reopen(ctx: ActionContext) -> Change:
    return navigation.finish(ctx.session, ctx.workshop, False, ctx.actor, ctx.client_id)


@on("timer.start", FACILITATOR_ONLY)
def timer_start(ctx: ActionContext) -> Change:
    return timer.start(ctx.session, ctx.workshop, ctx.payload.get("seconds"), ctx.actor,
                       ctx.client_id)


@on("timer.pause", FACILITATOR_ONLY)
def timer_pause(ctx: ActionContext) -> Change:
    return timer.pause(ctx.session, ctx.workshop, ctx.actor, ctx.client_id)


@on("timer.extend", FACILITATOR_ONLY)
def timer_extend(ctx: ActionContext) -> Change:
    return timer.extend(ctx.session, ctx.workshop, ctx.payload.get("seconds"), ctx.actor,
                        ctx.client_id)


@on("settings.update", FACILITATOR_ONLY)
def settings_update(ctx: ActionContext) -> Change:
    return controls.update(ctx.session, ctx.workshop, ctx.payload, ctx.actor, ctx.client_id)


@on("topic.hide", FACILITATOR_ONLY)
def topic_hide(ctx: ActionContext) -> Change:
    return topics.set_hidden(ctx.session, ctx.workshop, ctx.payload.get("topic_id"), True,
                             ctx.actor, ctx.client_id)


@on("topic.restore", FACILITATOR_ONLY)
def topic_restore(ctx: ActionContext) -> Change:
    return topics.set_hidden(ctx.session, ctx.workshop, ctx.payload.get("topic_id"), False,
                             ctx.actor, ctx.client_id)


@on("topic.approve", FACILITATOR_ONLY)
def topic_approve(ctx: ActionContext) -> Change:
    return topics.review(ctx.session, ctx.workshop, ctx.payload.get("topic_id"), True,
                         ctx.actor, ctx.client_id)


@on("topic.reject", FACILITATOR_ONLY)
def topic_reject(ctx: ActionContext) -> Change:
    return topics.review(ctx.session, ctx.workshop, ctx.payload.get("topic_id"), False,
                         ctx.actor, ctx.client_id)


@on("topic.merge", FACILITATOR_ONLY)
def topic_merge(ctx: ActionContext) -> Change:
    return topics.merge(ctx.session, ctx.workshop, ctx.payload.get("topic_id"),
                        ctx.payload.get("into"), ctx.actor, ctx.client_id)


@on("question.answer", FACILITATOR_ONLY)
def question_answer(ctx: ActionContext) -> Change:
    return questions.mark_answered(ctx.session, ctx.workshop, ctx.payload.get("question_id"),
                                   ctx.payload.get("answered", True), ctx.actor, ctx.client_id)


@on("question.pin", FACILITATOR_ONLY)
def question_pin(ctx: ActionContext) -> Change:
    return questions.pin(ctx.session, ctx.workshop, ctx.payload.get("question_id"),
                         ctx.payload.get("pinned", True), ctx.actor, ctx.client_id)


@on("question.approve", FACILITATOR_ONLY)
def question_approve(ctx: ActionContext) -> Change:
    return questions.review(ctx.session, ctx.workshop, ctx.payload.get("question_id"), True,
                            ctx.payload.get("text"), ctx.actor, ctx.client_id)


@on("question.reject", FACILITATOR_ONLY)
def question_reject(ctx: ActionContext) -> Change:
    return questions.review(ctx.session, ctx.workshop, ctx.payload.get("question_id"), False,
                            None, ctx.actor, ctx.client_id)


@on("question.archive", FACILITATOR_ONLY)
def question_archive(ctx: ActionContext) -> Change:
    return questions.archive(ctx.session, ctx.workshop, ctx.payload.get("question_id"),
                             ctx.payload.get("archived", True), ctx.actor, ctx.client_id)


@on("merge.dismiss", FACILITATOR_ONLY)
def merge_dismiss(ctx: ActionContext) -> Change:
    return hints.dismiss(ctx.session, ctx.workshop, ctx.payload.get("topic_id"),
                         ctx.payload.get("other_id"), ctx.actor, ctx.client_id)


@on("agenda.grid", FACILITATOR_ONLY)
def agenda_grid(ctx: ActionContext) -> Change:
    return agenda.set_grid(ctx.session, ctx.workshop, ctx.payload.get("rooms"),
                           ctx.payload.get("slots"), ctx.actor, ctx.client_id)


@on("agenda.lock", FACILITATOR_ONLY)
def agenda_lock(ctx: ActionContext) -> Change:
    return placement.lock(ctx.session, ctx.workshop, ctx.payload.get("topic_id"),
                       ctx.payload.get("locked", True), ctx.actor, ctx.client_id)


@on("agenda.build", FACILITATOR_ONLY)
def agenda_build(ctx: ActionContext) -> Change:
    return placement.build(ctx.session, ctx.workshop, ctx.actor, ctx.client_id)


@on("seating.update", FACILITATOR_ONLY)
def seating_update(ctx: ActionContext) -> Change:
    return seating.reseat(ctx.session, ctx.workshop, ctx.actor, ctx.client_id)


@on("seating.host", FACILITATOR_ONLY)
def seating_host(ctx: ActionContext) -> Change:
    return seating.set_host(ctx.session, ctx.workshop, ctx.payload.get("table"),
                            ctx.payload.get("participant_id"), ctx.actor, ctx.client_id)
