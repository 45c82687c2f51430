"""Placing sessions on the agenda grid: conveners pick a free cell, the facilitator moves,
locks and builds; a Barcamp grid is built by the optimiser (services/grid.py) from the marks.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_babel import lazy_gettext as _l

from ..errors import CellTaken, Forbidden, Invalid
from ..methods import Action
from ..models import (
    Contribution,
    ContributionKind,
    ContributionStatus,
    Participant,
    Room,
    ScheduledSession,
    TimeSlot,
    Workshop,
)
from . import agenda, events, grid, phases, presence
from .changes import Change
from .identifiers import is_id


def _cell(session: so.Session, workshop: Workshop, room_id: Any, slot_id: Any
          ) -> tuple[Room, TimeSlot]:
    room = session.get(Room, room_id) if is_id(room_id) else None
    slot = session.get(TimeSlot, slot_id) if is_id(slot_id) else None
    fields: dict[str, list[str]] = {}
    if room is None or room.workshop_id != workshop.id:
        fields["room_id"] = [_l("No such room in this workshop.")]
    if slot is None or slot.workshop_id != workshop.id:
        fields["slot_id"] = [_l("No such time slot in this workshop.")]
    if fields:
        raise Invalid(fields=fields)
    assert room is not None and slot is not None
    return room, slot


def _occupant(session: so.Session, room: Room, slot: TimeSlot) -> ScheduledSession | None:
    return session.scalar(sa.select(ScheduledSession).where(
        ScheduledSession.room_id == room.id, ScheduledSession.slot_id == slot.id))


def place(session: so.Session, workshop: Workshop, participant: Participant | None,
          topic_id: Any, room_id: Any, slot_id: Any, actor: str, client_id: str | None
          ) -> Change:
    """Put a session in a cell.

    A convener may put their own session in a free cell while picking is open; the facilitator
    may move any session at any time, and dropping it on a taken cell swaps the two (the other
    session goes back to the wall if the moved one had no cell yet). Locked cells stay put.
    """
    phases.require_open(workshop)
    topic = agenda.session_topic(session, workshop, topic_id)
    room, slot = _cell(session, workshop, room_id, slot_id)
    if participant is not None:
        phases.require_allowed(workshop, Action.PICK)
        if topic.author_id != participant.id:
            raise Forbidden(_l("Only the session's convener or the facilitator can place it."))
    mine = agenda.placed(session, topic)
    if mine is not None and mine.locked:
        raise Forbidden(_l("This session's place is locked by the facilitator."))
    other = _occupant(session, room, slot)
    if other is not None and other is not mine:
        if participant is not None:
            raise CellTaken()
        if other.locked:
            raise CellTaken(_l("A locked session holds this cell: unlock it first."))
        if mine is None:
            session.delete(other)
        else:
            # Swap through a free state: the (room, slot) pair is unique.
            old_room, old_slot = mine.room_id, mine.slot_id
            session.delete(mine)
            session.flush()
            other.room_id, other.slot_id = old_room, old_slot
            mine = None
        session.flush()
    if mine is None:
        mine = ScheduledSession(workshop_id=workshop.id, contribution_id=topic.id,
                                room_id=room.id, slot_id=slot.id)
        session.add(mine)
    else:
        mine.room_id, mine.slot_id = room.id, slot.id
    session.flush()
    result = {"cell": agenda.cell_view(mine)}
    event = events.record(session, workshop.id, "agenda.placed", actor,
                          {"topic": topic.id, "room": room.id, "slot": slot.id},
                          client_id=client_id, result=result)
    return Change(workshop.id, event.seq, result=result, agenda=True)


def unplace(session: so.Session, workshop: Workshop, participant: Participant | None,
            topic_id: Any, actor: str, client_id: str | None) -> Change:
    """Take a session off the grid (back to the wall)."""
    phases.require_open(workshop)
    topic = agenda.session_topic(session, workshop, topic_id)
    if participant is not None:
        phases.require_allowed(workshop, Action.PICK)
        if topic.author_id != participant.id:
            raise Forbidden(_l("Only the session's convener or the facilitator can place it."))
    cell = agenda.placed(session, topic)
    if cell is not None:
        if cell.locked:
            raise Forbidden(_l("This session's place is locked by the facilitator."))
        session.delete(cell)
        session.flush()
    result = {"topic_id": topic.id, "cell": None}
    event = events.record(session, workshop.id, "agenda.unplaced", actor, {"topic": topic.id},
                          client_id=client_id, result=result)
    return Change(workshop.id, event.seq, result=result, agenda=True)


def lock(session: so.Session, workshop: Workshop, topic_id: Any, locked: Any, actor: str,
         client_id: str | None) -> Change:
    """Lock a session in its cell (the optimiser and conveners leave it there), or unlock."""
    phases.require_open(workshop)
    if not isinstance(locked, bool):
        raise Invalid(fields={"locked": [_l("Must be true or false.")]})
    topic = agenda.session_topic(session, workshop, topic_id)
    cell = agenda.placed(session, topic)
    if cell is None:
        raise Invalid(fields={"topic_id": [_l("Place this session on the grid first.")]})
    cell.locked = locked
    session.flush()
    result = {"cell": agenda.cell_view(cell)}
    event = events.record(session, workshop.id, "agenda.locked" if locked else "agenda.unlocked",
                          actor, {"topic": topic.id}, client_id=client_id, result=result)
    return Change(workshop.id, event.seq, result=result, agenda=True)


def build(session: so.Session, workshop: Workshop, actor: str, client_id: str | None) -> Change:
    """Build the grid with the optimiser: locked cells stay, every other cell is redone."""
    phases.require_open(workshop)
    agenda.ensure_grid(session, workshop)
    plan = optimise(session, workshop)
    result = {"grid": workshop.options.get("grid")}
    event = events.record(session, workshop.id, "agenda.built", actor,
                          {"conflicts": plan.conflicts, "naive": plan.naive_conflicts},
                          client_id=client_id, result=result)
    return Change(workshop.id, event.seq, result=result, agenda=True)


def optimise(session: so.Session, workshop: Workshop) -> grid.Plan:
    """Rewrite the unlocked cells from the optimiser's plan and remember its figures."""
    sessions = list(session.scalars(
        sa.select(Contribution.id).where(
            Contribution.workshop_id == workshop.id,
            Contribution.kind == ContributionKind.TOPIC,
            Contribution.status == ContributionStatus.VISIBLE,
        ).order_by(Contribution.id)
    ))
    cells = agenda.cells_of(session, workshop)
    locked = {c.contribution_id: (c.room_id, c.slot_id) for c in cells if c.locked}
    plan = grid.optimise(
        sessions, presence.interest_sets(session, workshop),
        [(r.id, r.capacity) for r in agenda.rooms_of(session, workshop)],
        [s.id for s in agenda.slots_of(session, workshop)],
        locked=locked, seed=workshop.id,
    )
    for cell in cells:
        if not cell.locked:
            session.delete(cell)
    session.flush()
    for topic_id, (room_id, slot_id) in plan.cells.items():
        if topic_id not in locked:
            session.add(ScheduledSession(workshop_id=workshop.id, contribution_id=topic_id,
                                         room_id=room_id, slot_id=slot_id))
    workshop.options = {**workshop.options, "grid": {
        "conflicts": plan.conflicts,
        "naive_conflicts": plan.naive_conflicts,
        "avoided": max(0, plan.naive_conflicts - plan.conflicts),
        "unplaced": list(plan.unplaced),
    }}
    session.flush()
    return plan
