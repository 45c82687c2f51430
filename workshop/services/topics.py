"""Topics (and the other contributions): propose, edit, hide, restore, merge."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import current_app
from flask_babel import lazy_gettext as _l

from ..errors import Forbidden, Invalid, TooManyContributions, UnknownTopic
from ..methods import Action
from ..models import Contribution, ContributionKind, ContributionStatus, Participant, Vote, Workshop
from . import events, phases, screening, text
from .changes import Change
from .identifiers import is_id

TITLE_MAX = 120
DETAILS_MAX = 1000


def checked_text(title: Any, details: Any) -> tuple[str, str]:
    """Check and clean a title and details; both are always shown as text."""
    fields: dict[str, list[str]] = {}
    if not isinstance(title, str):
        fields["title"] = [_l("Must be text.")]
        title = ""
    if details is None:
        details = ""
    if not isinstance(details, str):
        fields["details"] = [_l("Must be text.")]
        details = ""
    title = text.clean_line(title)
    details = text.clean_text(details)
    if not fields.get("title"):
        if not title:
            fields["title"] = [_l("Give your topic a title.")]
        elif len(title) > TITLE_MAX:
            fields["title"] = [_l("At most %(n)d characters.", n=TITLE_MAX)]
    if len(details) > DETAILS_MAX:
        fields["details"] = [_l("At most %(n)d characters.", n=DETAILS_MAX)]
    if fields:
        raise Invalid(fields=fields)
    return title, details


def topic_in(
    session: so.Session, workshop: Workshop, topic_id: Any, field: str = "topic_id"
) -> Contribution:
    """A topic of this workshop (any status), or UnknownTopic — never another workshop's.

    ``field`` is the payload field that carried the id, named if it is not an id at all.
    """
    if isinstance(topic_id, bool) or not isinstance(topic_id, int):
        raise Invalid(fields={field: [_l("Must be a topic id.")]})
    topic = session.get(Contribution, topic_id) if is_id(topic_id) else None
    if topic is None or topic.workshop_id != workshop.id:
        raise UnknownTopic()
    return topic


def visible_topic(
    session: so.Session, workshop: Workshop, topic_id: Any, field: str = "topic_id"
) -> Contribution:
    topic = topic_in(session, workshop, topic_id, field)
    if topic.status is not ContributionStatus.VISIBLE:
        raise UnknownTopic()
    return topic


WORD_MAX = 40  # a closing word (or a few) fits a word cloud


def _kind(value: Any, phase_kind: str) -> ContributionKind:
    if value is None:
        return ContributionKind(phase_kind)
    try:
        return ContributionKind(value)
    except ValueError:
        raise Invalid(fields={"kind": [_l("Unknown kind of contribution.")]}) from None


def _require_room_for_one_more(session: so.Session, workshop: Workshop,
                               author: Participant | None) -> None:
    """Refuse a contribution past the participant's or the workshop's caps (configurable).

    A workshop holds at most so many contributions and so much text (every phone's sync
    carries them all); one participant posts at most so many.
    """
    config = current_app.config
    count, text = session.execute(
        sa.select(sa.func.count(), sa.func.coalesce(sa.func.sum(
            sa.func.length(Contribution.title) + sa.func.length(Contribution.details)), 0))
        .where(Contribution.workshop_id == workshop.id)).one()
    if (count >= config["CONTRIBUTIONS_PER_WORKSHOP"]
            or text >= config["CONTRIBUTION_TEXT_PER_WORKSHOP"]):
        raise TooManyContributions()
    counted = sa.select(sa.func.count()).select_from(Contribution).where(
        Contribution.workshop_id == workshop.id)
    most = current_app.config["CONTRIBUTIONS_PER_PARTICIPANT"]
    if author is not None and session.scalar(
            counted.where(Contribution.author_id == author.id)) >= most:
        raise TooManyContributions(_l(
            "You have posted %(n)d contributions, as many as one person may here. "
            "Support the others' with your votes.", n=most))


def propose(
    session: so.Session, workshop: Workshop, author: Participant | None, title: Any,
    details: Any, actor: str, client_id: str | None, *, kind: Any = None, parent_id: Any = None,
) -> Change:
    """A participant (or the facilitator, with ``author`` None) proposes a contribution.

    Participants post the current phase's kind; the facilitator may post any ``kind`` (a
    theme of the positive core, a proposition for a dream...) linked to a ``parent_id``.
    """
    phases.require_open(workshop)
    phase = phases.current_phase(workshop)
    _require_room_for_one_more(session, workshop, author)
    if author is not None:
        phases.require_allowed(workshop, Action.PROPOSE)
        if kind is not None and kind != phase.contribution:
            raise Forbidden()
        if parent_id is not None:
            raise Forbidden()
    kind = _kind(kind, phase.contribution)
    title, details = checked_text(title, details)
    if kind is ContributionKind.WORD and len(title) > WORD_MAX:
        raise Invalid(fields={"title": [_l("At most %(n)d characters.", n=WORD_MAX)]})
    parent = None if parent_id is None else visible_topic(session, workshop, parent_id,
                                                           "parent_id")
    topic = Contribution(
        workshop_id=workshop.id,
        kind=kind,
        title=title,
        details=details,
        author_id=author.id if author else None,
        parent_id=parent.id if parent else None,
        phase=phase.id,
    )
    held = screening.hold_reason(workshop, author, title, details)
    if held is not None:
        topic.status = ContributionStatus.PENDING
    session.add(topic)
    session.flush()
    result: dict[str, Any] = {"topic": {"id": topic.id, "kind": topic.kind.value,
                                        "title": topic.title, "details": topic.details}}
    if held is not None:
        result["topic"]["pending"] = held
    event = events.record(session, workshop.id, "topic.proposed", actor, {"topic": topic.id},
                          client_id=client_id, result=result)
    return Change(workshop.id, event.seq, result=result, topics={topic.id})


def edit(
    session: so.Session, workshop: Workshop, topic_id: Any, title: Any, details: Any,
    editor: Participant | None, actor: str, client_id: str | None,
) -> Change:
    """Edit a topic: its author while proposing is open, or the facilitator until the end."""
    phases.require_open(workshop)
    topic = visible_topic(session, workshop, topic_id) if editor else topic_in(
        session, workshop, topic_id
    )
    if editor is not None:
        if topic.author_id != editor.id:
            raise Forbidden(_l("Only its author or the facilitator can edit a topic."))
        phases.require_allowed(workshop, Action.PROPOSE)
    title, details = checked_text(topic.title if title is None else title,
                                topic.details if details is None else details)
    topic.title, topic.details = title, details
    result: dict[str, Any] = {"topic": {"id": topic.id, "title": title, "details": details}}
    if editor is not None and screening.flagged_words(title, details):
        # Shown already: it leaves the room's view until the facilitator has looked at it.
        topic.status = ContributionStatus.PENDING
        result["topic"]["pending"] = screening.HELD_FOR_LANGUAGE
    event = events.record(session, workshop.id, "topic.edited", actor, {"topic": topic.id},
                          client_id=client_id, result=result)
    # Held again: its dots stop counting until it is approved.
    return Change(workshop.id, event.seq, result=result, topics={topic.id},
                  tally="pending" in result["topic"])


def _set_status(
    session: so.Session, workshop: Workshop, topic: Contribution, status: ContributionStatus,
    *, kind: str, actor: str, client_id: str | None,
) -> Change:
    """Give ``topic`` a new status, recorded as a ``kind`` event; its dots count, or stop."""
    topic.status = status
    result = {"topic": {"id": topic.id, "status": status.value}}
    event = events.record(session, workshop.id, kind, actor, {"topic": topic.id},
                          client_id=client_id, result=result)
    return Change(workshop.id, event.seq, result=result, topics={topic.id}, tally=True)


def set_hidden(
    session: so.Session, workshop: Workshop, topic_id: Any, hidden: bool, actor: str,
    client_id: str | None,
) -> Change:
    """Hide a topic from phones and the screen (its votes stop counting), or restore it."""
    phases.require_open(workshop)
    topic = topic_in(session, workshop, topic_id)
    if topic.status is ContributionStatus.MERGED:
        raise Invalid(fields={"topic_id": [_l("This topic was merged into another.")]})
    return _set_status(session, workshop, topic,
                       ContributionStatus.HIDDEN if hidden else ContributionStatus.VISIBLE,
                       kind="topic.hidden" if hidden else "topic.restored", actor=actor,
                       client_id=client_id)


def review(
    session: so.Session, workshop: Workshop, topic_id: Any, approved: bool, actor: str,
    client_id: str | None,
) -> Change:
    """Show a contribution that waited for review to the room, or keep it out (hidden)."""
    phases.require_open(workshop)
    topic = topic_in(session, workshop, topic_id)
    if topic.status is not ContributionStatus.PENDING:
        raise Invalid(fields={"topic_id": [_l("This contribution is not waiting for review.")]})
    change = _set_status(session, workshop, topic,
                         ContributionStatus.VISIBLE if approved else ContributionStatus.HIDDEN,
                         kind="topic.approved" if approved else "topic.rejected", actor=actor,
                         client_id=client_id)
    if topic.author_id is not None:
        # The author was told it waits; they are told how it ended.
        change.notices[topic.author_id] = {
            "code": "topic_approved" if approved else "topic_rejected",
            "title": topic.title, "topic": topic.id}
    return change


def merge(
    session: so.Session, workshop: Workshop, topic_id: Any, into_id: Any, actor: str,
    client_id: str | None,
) -> Change:
    """Merge a duplicate into another topic; its votes follow within each voter's cap."""
    phases.require_open(workshop)
    # A contribution waiting for review may be merged: "this is already on the wall".
    duplicate = topic_in(session, workshop, topic_id)
    if duplicate.status not in (ContributionStatus.VISIBLE, ContributionStatus.PENDING):
        raise UnknownTopic()
    target = visible_topic(session, workshop, into_id, "into")
    if duplicate.id == target.id:
        raise Invalid(fields={"into": [_l("Choose another topic to merge into.")]})
    returned = _move_votes(session, workshop, duplicate, target)
    duplicate.status = ContributionStatus.MERGED
    duplicate.merged_into_id = target.id
    result = {"topic": {"id": duplicate.id, "status": "merged", "merged_into": target.id}}
    event = events.record(session, workshop.id, "topic.merged", actor,
                          {"topic": duplicate.id, "into": target.id, "returned": returned},
                          client_id=client_id, result=result)
    change = Change(workshop.id, event.seq, result=result, topics={duplicate.id, target.id},
                    tally=True)
    for participant_id, count in returned.items():
        change.notices[participant_id] = {"code": "votes_returned", "count": count}
    if duplicate.author_id is not None:
        # Its author would otherwise see it vanish from their phone without a word.
        change.notices[duplicate.author_id] = {
            "code": "topic_merged", "title": duplicate.title, "into": target.title,
            "count": returned.get(duplicate.author_id, 0)}
    return change


def _move_votes(
    session: so.Session, workshop: Workshop, duplicate: Contribution, target: Contribution
) -> dict[int, int]:
    """Move each voter's dots to the target up to the per-topic cap; return the extra ones."""
    cap = workshop.max_votes_per_topic
    on_target: dict[tuple[int, str], int] = {
        (pid, ballot): n
        for pid, ballot, n in session.execute(
            sa.select(Vote.participant_id, Vote.ballot, sa.func.count())
            .where(Vote.contribution_id == target.id)
            .group_by(Vote.participant_id, Vote.ballot)
        )
    }
    returned: dict[int, int] = {}
    for vote in session.scalars(
        sa.select(Vote).where(Vote.contribution_id == duplicate.id).order_by(Vote.id)
    ):
        key = (vote.participant_id, vote.ballot)
        if on_target.get(key, 0) < cap:
            vote.contribution_id = target.id
            on_target[key] = on_target.get(key, 0) + 1
        else:
            session.delete(vote)
            returned[vote.participant_id] = returned.get(vote.participant_id, 0) + 1
    session.flush()
    return returned
