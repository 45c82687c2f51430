"""What each role sees: the full state a client gets from ``sync`` and pieces for broadcasts."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import current_app
from flask_babel import get_locale

from ..methods import Action
from ..models import Contribution, ContributionKind, ContributionStatus, Participant, Workshop
from ..roles import Role
from . import (
    agenda,
    commitments,
    documents,
    phases,
    presence,
    questions,
    screening,
    seating,
    timer,
    voting,
    workshops,
)
from .groups import group_label
from .participants import participants_of


def phase_view(workshop: Workshop) -> dict[str, Any]:
    """The current phase, without text: broadcasts reach readers of every language."""
    method = phases.method_of(workshop)
    phase = phases.current_phase(workshop)
    return {
        "id": phase.id,
        "index": method.index(phase.id),
        "count": len(method.phases),
        "screen": phase.screen,
        "panels": list(method.panels(phase)),
        "allows": list(phases.allowed_actions(workshop)),
        "ballot": phase.ballot,
        "minutes": phase.minutes,
        "contribution": phase.contribution,
        "documents": list(phase.documents),
        "round": phase.round,
    }


def settings_view(workshop: Workshop) -> dict[str, Any]:
    allows = phases.current_phase(workshop).allows
    closed = set(workshop.options.get("closed", ()))
    return {
        "vote_budget": workshop.vote_budget,
        "max_votes_per_topic": workshop.max_votes_per_topic,
        "results_visible": phases.results_visible(workshop),
        "random_order": bool(workshop.options.get("random_order", False)),
        # The screen shows the wall grouped by theme (topic.themes) when the facilitator asks.
        "by_theme": bool(workshop.options.get("by_theme", False)),
        # Participants' contributions wait in the console's queue before the room sees them.
        "review_first": bool(workshop.options.get("review_first", False)),
        "anonymous": workshop.anonymous,
        "questions_named": bool(workshop.options.get("questions_named", False)),
        "joining_open": workshop.accepts_participants,
        "proposals_open": Action.PROPOSE in allows and Action.PROPOSE not in closed,
        "voting_open": Action.VOTE in allows and Action.VOTE not in closed,
        "question": workshop.calling_question,
        "questions": seating.round_questions(workshop),
        "tables": workshop.options.get("tables"),
        "workshop_state": workshop.state.value,
    }


def timer_view(workshop: Workshop) -> dict[str, Any]:
    return {**timer.view(workshop), "server_time": int(time.time() * 1000)}


def topic_view(topic: Contribution, authors: dict[int, str], workshop: Workshop,
               role: Role) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": topic.id,
        "kind": topic.kind.value,
        "title": topic.title,
        "details": topic.details,
        "author": None if workshop.anonymous and role != Role.FACILITATOR
        else authors.get(topic.author_id) if topic.author_id else None,
        "parent": topic.parent_id,
        "phase": topic.phase,
    }
    if topic.kind is ContributionKind.THEME:
        body["stories"] = _stories(topic)
    if role == Role.FACILITATOR:
        body["status"] = topic.status.value
        body["merged_into"] = topic.merged_into_id
        if topic.status is ContributionStatus.PENDING:
            # Why it waits: the listed words it holds (none: the workshop reviews everything).
            body["flagged"] = screening.flagged_words(topic.title, topic.details)
    return body


def _stories(theme: Contribution) -> int:
    """How many Discovery stories a theme of the positive core was grouped from."""
    for tag in theme.tags or ():
        if tag.startswith("stories:") and tag[8:].isdigit():
            return int(tag[8:])
    return 0


def topic_views(
    session: so.Session, workshop: Workshop, role: Role, ids: set[int] | None = None
) -> list[dict[str, Any]]:
    """Topics as ``role`` sees them: facilitators see hidden and merged ones too.

    The whole wall is kept until a contribution or a participant changes (a room's seq moves
    with every vote and timer tick; its wall does not).
    """
    if ids is None:
        return _whole_wall(session, workshop, role)
    return _build_topic_views(session, workshop, role, ids)


WALL_CACHE = "atelier.walls"


def _whole_wall(session: so.Session, workshop: Workshop, role: Role) -> list[dict[str, Any]]:
    count, changed = session.execute(
        sa.select(sa.func.count(), sa.func.max(Contribution.updated_at))
        .where(Contribution.workshop_id == workshop.id)).one()
    # An erased author leaves their topics (unattributed): the people count is in the key.
    people = session.scalar(sa.select(sa.func.count()).select_from(Participant)
                            .where(Participant.workshop_id == workshop.id))
    key = (workshop.id, role, workshop.anonymous, count, changed, people)
    walls: list[dict[str, Any]] = _cached(
        WALL_CACHE, key, lambda: _build_topic_views(session, workshop, role, None))
    return walls


def _build_topic_views(session: so.Session, workshop: Workshop, role: Role,
                       ids: set[int] | None) -> list[dict[str, Any]]:
    query = sa.select(Contribution).where(Contribution.workshop_id == workshop.id)
    if ids is not None:
        query = query.where(Contribution.id.in_(ids))
    if role != Role.FACILITATOR:
        query = query.where(Contribution.status == ContributionStatus.VISIBLE)
    items = list(session.scalars(query.order_by(Contribution.id)))
    author_ids = {t.author_id for t in items if t.author_id}
    authors = dict(
        session.execute(
            sa.select(Participant.id, Participant.display_name).where(
                Participant.id.in_(author_ids)
            )
        ).all()
    ) if author_ids else {}
    return [topic_view(t, authors, workshop, role) for t in items]


def people_view(session: so.Session, workshop: Workshop) -> dict[str, Any]:
    counts = workshops.participant_counts(session, workshop)
    return {"total": sum(counts.values()), "by_group": counts}


def person_view(participant: Participant) -> dict[str, Any]:
    return {"id": participant.id, "name": participant.display_name,
            "group": participant.group_key}


def tally_visible(workshop: Workshop, role: Role) -> bool:
    return role == Role.FACILITATOR or phases.results_visible(workshop)


def snapshot(
    session: so.Session, workshop: Workshop, role: Role, participant: Participant | None = None,
    join_url: str | None = None,
) -> dict[str, Any]:
    """The whole state as ``role`` sees it now.

    What every client of a role reads alike is built once per seq (``_shared``): a room of
    phones syncing after a reconnection, or a flood of syncs, costs one build, not one each.
    """
    state = dict(_shared(session, workshop, role, join_url))
    state["timer"] = timer_view(workshop)
    # Co-written text changes without a seq: read each time.
    state["documents"] = documents.views(session, workshop, role, participant)
    if participant is not None:
        mine = voting.my_votes(session, workshop, participant)
        state["me"] = person_view(participant)
        state["votes_left"] = voting.votes_left(session, workshop, participant)
        state["my_votes"] = _str_keys(mine)
        # One read of the participant's own contributions: all of them, and those that wait
        # for the facilitator ("waiting for review" on the phone).
        mine_rows = session.execute(
            sa.select(Contribution.id, Contribution.kind, Contribution.title, Contribution.status)
            .where(Contribution.author_id == participant.id).order_by(Contribution.id)).all()
        state["my_topics"] = [row.id for row in mine_rows]
        state["my_pending"] = [{"id": row.id, "kind": row.kind.value, "title": row.title}
                               for row in mine_rows
                               if row.status is ContributionStatus.PENDING]
        state["my_interests"] = presence.my_interests(session, participant)
        state["my_checkin"] = presence.my_checkin(session, participant)
        state["my_seat"] = seating.my_seat(session, workshop, participant)
        state["my_questions"] = questions.mine(session, participant)
        state["my_upvotes"] = questions.my_upvotes(session, participant)
        state["my_waiting_questions"] = questions.my_waiting(session, participant)
    return state


SHARED_CACHE = "atelier.snapshots"
SHARED_KEPT = 64  # (workshop, seq, role, language) states kept per process
_cache_lock = threading.Lock()


def _shared(session: so.Session, workshop: Workshop, role: Role,
            join_url: str | None) -> dict[str, Any]:
    """The part of the state every client of ``role`` reads alike, cached by seq.

    Every change clients see takes a seq, so a state built at a seq stays true until the next
    one; texts are in the reader's language, hence the language in the key.
    """
    key = (workshop.id, workshop.last_seq, role, str(get_locale() or ""), join_url)
    shared: dict[str, Any] = _cached(
        SHARED_CACHE, key, lambda: _build_shared(session, workshop, role, join_url))
    return shared


def _cached(name: str, key: tuple[Any, ...], build: Callable[[], Any]) -> Any:
    """``build()`` kept under ``key`` in the app's cache ``name``, the SHARED_KEPT newest."""
    cache: OrderedDict[tuple[Any, ...], Any] = current_app.extensions.setdefault(
        name, OrderedDict())
    with _cache_lock:
        found = cache.get(key)
        if found is not None:
            cache.move_to_end(key)
            return found
    found = build()
    with _cache_lock:
        cache[key] = found
        while len(cache) > SHARED_KEPT:
            cache.popitem(last=False)
    return found


def _build_shared(session: so.Session, workshop: Workshop, role: Role,
                  join_url: str | None) -> dict[str, Any]:
    method = phases.method_of(workshop)
    state: dict[str, Any] = {
        "seq": workshop.last_seq,
        "role": role,
        "workshop": {
            "id": workshop.id,
            "title": workshop.title,
            "question": workshop.calling_question,
            "method": workshop.method.value,
            "method_name": str(method.name),
            "language": workshop.language,
            "code": workshop.join_code,
            "state": workshop.state.value,
        },
        "phase": phase_view(workshop),
        # Texts in this reader's language; broadcasts refer to them by id and key.
        "phases": [
            {"id": p.id, "title": str(p.title), "instructions": str(p.instructions),
             "allows": list(p.allows), "minutes": p.minutes, "screen": p.screen,
             "panels": list(method.panels(p)), "contribution": p.contribution, "ballot": p.ballot,
             "documents": list(p.documents), "round": p.round}
            for p in method.phases
        ],
        "groups": [{"key": g["key"], "label": group_label(g)} for g in workshop.stakeholder_groups],
        "settings": settings_view(workshop),
        "topics": topic_views(session, workshop, role),
        "participants": people_view(session, workshop),
        "tally": {"counts": _str_keys(voting.counts(session, workshop))}
        if tally_visible(workshop, role) else None,
    }
    state.update(
        agenda=agenda.view(session, workshop),
        counts=presence_counts(session, workshop),
        commitments=commitments.views(session, workshop),
        questions=questions.views(session, workshop, role),
    )
    if role != Role.PARTICIPANT:
        state["seating"] = seating.tables_view(session, workshop)
        state["progress"] = voting.progress(session, workshop)
    if join_url:
        state["workshop"]["join_url"] = join_url
    if role == Role.FACILITATOR:
        state["people"] = [person_view(p) for p in participants_of(session, workshop)]
    return state


def presence_counts(session: so.Session, workshop: Workshop) -> dict[str, dict[str, int]]:
    """Interest marks and head-counts per session (both public, like the wall itself)."""
    return {"interest": _str_keys(presence.interest_counts(session, workshop)),
            "checkins": _str_keys(presence.checkin_counts(session, workshop))}


def _str_keys(counts: dict[int, int]) -> dict[str, int]:
    """JSON object keys are strings; say so explicitly rather than rely on the encoder."""
    return {str(key): value for key, value in counts.items()}
