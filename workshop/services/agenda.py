"""The agenda: rooms × time slots, sessions placed in them, interest marks and check-ins.

Open Space conveners pick a free cell themselves and the facilitator drags sessions around;
a Barcamp grid is built by the optimiser (services/grid.py) from the interest marks, then
adjusted and locked by the facilitator. During sessions, participants check in where they
are: moving elsewhere (the law of two feet) moves their one check-in row.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from ..errors import CellTaken, Forbidden, Invalid, NotAllowedNow
from ..methods import Action
from ..models import (
    CheckIn,
    Contribution,
    ContributionKind,
    ContributionStatus,
    Interest,
    Participant,
    Room,
    ScheduledSession,
    TimeSlot,
    Workshop,
    WorkshopState,
)
from . import events, grid, phases, topics
from .changes import Change

MAX_ROOMS, MAX_SLOTS, MAX_CAPACITY = 30, 20, 10_000
NAME_MAX = 80


# --- reading -----------------------------------------------------------------------------

def rooms_of(session: so.Session, workshop: Workshop) -> list[Room]:
    return list(session.scalars(
        sa.select(Room).where(Room.workshop_id == workshop.id).order_by(Room.position, Room.id)
    ))


def slots_of(session: so.Session, workshop: Workshop) -> list[TimeSlot]:
    return list(session.scalars(
        sa.select(TimeSlot).where(TimeSlot.workshop_id == workshop.id)
        .order_by(TimeSlot.position, TimeSlot.id)
    ))


def cells_of(session: so.Session, workshop: Workshop) -> list[ScheduledSession]:
    return list(session.scalars(
        sa.select(ScheduledSession)
        .join(Contribution, Contribution.id == ScheduledSession.contribution_id)
        .where(ScheduledSession.workshop_id == workshop.id,
               Contribution.status == ContributionStatus.VISIBLE)
        .order_by(ScheduledSession.id)
    ))


def view(session: so.Session, workshop: Workshop) -> dict[str, Any]:
    """The grid as every role sees it."""
    return {
        "rooms": [{"id": r.id, "name": r.name, "capacity": r.capacity}
                  for r in rooms_of(session, workshop)],
        "slots": [{"id": s.id, "label": s.label} for s in slots_of(session, workshop)],
        "cells": [{"topic_id": c.contribution_id, "room_id": c.room_id, "slot_id": c.slot_id,
                   "locked": c.locked} for c in cells_of(session, workshop)],
        "grid": workshop.options.get("grid"),
    }


def _counts(session: so.Session, workshop: Workshop, model: type[Interest] | type[CheckIn]
            ) -> dict[int, int]:
    return dict(session.execute(
        sa.select(model.contribution_id, sa.func.count())
        .join(Contribution, Contribution.id == model.contribution_id)
        .where(model.workshop_id == workshop.id,
               Contribution.status == ContributionStatus.VISIBLE)
        .group_by(model.contribution_id)
    ).all())


def interest_counts(session: so.Session, workshop: Workshop) -> dict[int, int]:
    """How many people marked each visible session."""
    return _counts(session, workshop, Interest)


def checkin_counts(session: so.Session, workshop: Workshop) -> dict[int, int]:
    """How many people are in each session now: the head-counts on the screen."""
    return _counts(session, workshop, CheckIn)


def my_interests(session: so.Session, participant: Participant) -> list[int]:
    return sorted(session.scalars(
        sa.select(Interest.contribution_id).where(Interest.participant_id == participant.id)
    ))


def my_checkin(session: so.Session, participant: Participant) -> int | None:
    return session.scalar(
        sa.select(CheckIn.contribution_id).where(CheckIn.participant_id == participant.id)
    )


def interest_sets(session: so.Session, workshop: Workshop) -> dict[int, set[int]]:
    """Session id → the participants who want it, for the optimiser."""
    wanted: dict[int, set[int]] = {}
    for topic_id, participant_id in session.execute(
        sa.select(Interest.contribution_id, Interest.participant_id)
        .where(Interest.workshop_id == workshop.id)
    ):
        wanted.setdefault(topic_id, set()).add(participant_id)
    return wanted


# --- setting up the grid ------------------------------------------------------------------

def ensure_grid(session: so.Session, workshop: Workshop) -> bool:
    """Give a workshop without rooms a starting grid (3 rooms × 3 slots); True if made."""
    if rooms_of(session, workshop) or slots_of(session, workshop):
        return False
    with force_locale(workshop.language):
        for number in range(1, 4):
            session.add(Room(workshop_id=workshop.id, position=number,
                             name=str(_l("Room %(letter)s", letter="ABC"[number - 1]))))
            session.add(TimeSlot(workshop_id=workshop.id, position=number,
                                 label=str(_l("Slot %(n)d", n=number))))
    session.flush()
    return True


def _name(value: Any, field: str) -> str:
    if not isinstance(value, str) or not " ".join(value.split()):
        raise Invalid(fields={field: [_l("Give it a name.")]})
    value = " ".join(value.split())
    if len(value) > NAME_MAX:
        raise Invalid(fields={field: [_l("At most %(n)d characters.", n=NAME_MAX)]})
    return value


def _capacity(value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_CAPACITY:
        raise Invalid(fields={"rooms": [_l("A capacity is a number of seats, 1 to 10,000.")]})
    return value


def _items(value: Any, field: str, most: int) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise Invalid(fields={field: [_l("Send a list.")]})
    if not 1 <= len(value) <= most:
        raise Invalid(fields={field: [_l("Between 1 and %(n)d.", n=most)]})
    return value


def _replace(session: so.Session, workshop: Workshop, model: type[Room] | type[TimeSlot],
             existing: list[Any], wanted: list[dict[str, Any]], field: str,
             apply: Any) -> None:
    """Keep the items whose id is sent (updated, reordered), add new ones, drop the rest."""
    by_id = {item.id: item for item in existing}
    kept: set[int] = set()
    for position, data in enumerate(wanted, start=1):
        item_id = data.get("id")
        if item_id is None:
            item = model(workshop_id=workshop.id)
            session.add(item)
        elif item_id in by_id and item_id not in kept:
            item = by_id[item_id]
            kept.add(item_id)
        else:
            raise Invalid(fields={field: [_l("Unknown or repeated id.")]})
        item.position = position
        apply(item, data)
    for item in existing:
        if item.id not in kept:
            session.delete(item)  # its cells go with it (ON DELETE CASCADE)
            session.execute(sa.delete(ScheduledSession).where(
                (ScheduledSession.room_id if model is Room else ScheduledSession.slot_id)
                == item.id))


def set_grid(session: so.Session, workshop: Workshop, rooms: Any, slots: Any, actor: str,
             client_id: str | None) -> Change:
    """Replace the rooms and time slots; sessions in removed cells go back to the wall."""
    _require_not_over(workshop)
    rooms = _items(rooms, "rooms", MAX_ROOMS)
    slots = _items(slots, "slots", MAX_SLOTS)

    def room(item: Room, data: dict[str, Any]) -> None:
        item.name = _name(data.get("name"), "rooms")
        item.capacity = _capacity(data.get("capacity"))

    def slot(item: TimeSlot, data: dict[str, Any]) -> None:
        item.label = _name(data.get("label"), "slots")

    _replace(session, workshop, Room, rooms_of(session, workshop), rooms, "rooms", room)
    _replace(session, workshop, TimeSlot, slots_of(session, workshop), slots, "slots", slot)
    session.flush()
    result = {"agenda": view(session, workshop)}
    event = events.record(session, workshop.id, "agenda.grid_set", actor,
                          {"rooms": len(rooms), "slots": len(slots)}, client_id=client_id,
                          result=result)
    return Change(workshop.id, event.seq, result=result, agenda=True)


# --- placing sessions ---------------------------------------------------------------------

def _require_not_over(workshop: Workshop) -> None:
    if workshop.state in (WorkshopState.ENDED, WorkshopState.ARCHIVED):
        raise NotAllowedNow(_l("This workshop is over."))


def _session_topic(session: so.Session, workshop: Workshop, topic_id: Any) -> Contribution:
    topic = topics.visible_topic(session, workshop, topic_id)
    if topic.kind is not ContributionKind.TOPIC:
        raise Invalid(fields={"topic_id": [_l("Only sessions go on the agenda.")]})
    return topic


def _cell(session: so.Session, workshop: Workshop, room_id: Any, slot_id: Any
          ) -> tuple[Room, TimeSlot]:
    room = session.get(Room, room_id) if isinstance(room_id, int) and not isinstance(
        room_id, bool) else None
    slot = session.get(TimeSlot, slot_id) if isinstance(slot_id, int) and not isinstance(
        slot_id, bool) else None
    fields: dict[str, list[str]] = {}
    if room is None or room.workshop_id != workshop.id:
        fields["room_id"] = [_l("No such room in this workshop.")]
    if slot is None or slot.workshop_id != workshop.id:
        fields["slot_id"] = [_l("No such time slot in this workshop.")]
    if fields:
        raise Invalid(fields=fields)
    assert room is not None and slot is not None
    return room, slot


def _placed(session: so.Session, topic: Contribution) -> ScheduledSession | None:
    return session.scalar(
        sa.select(ScheduledSession).where(ScheduledSession.contribution_id == topic.id)
    )


def _occupant(session: so.Session, room: Room, slot: TimeSlot) -> ScheduledSession | None:
    return session.scalar(sa.select(ScheduledSession).where(
        ScheduledSession.room_id == room.id, ScheduledSession.slot_id == slot.id))


def cell_view(cell: ScheduledSession) -> dict[str, Any]:
    return {"topic_id": cell.contribution_id, "room_id": cell.room_id,
            "slot_id": cell.slot_id, "locked": cell.locked}


def place(session: so.Session, workshop: Workshop, participant: Participant | None,
          topic_id: Any, room_id: Any, slot_id: Any, actor: str, client_id: str | None
          ) -> Change:
    """Put a session in a cell.

    A convener may put their own session in a free cell while picking is open; the facilitator
    may move any session at any time, and dropping it on a taken cell swaps the two (the other
    session goes back to the wall if the moved one had no cell yet). Locked cells stay put.
    """
    _require_not_over(workshop)
    topic = _session_topic(session, workshop, topic_id)
    room, slot = _cell(session, workshop, room_id, slot_id)
    if participant is not None:
        phases.require_allowed(workshop, Action.PICK)
        if topic.author_id != participant.id:
            raise Forbidden(_l("Only the session's convener or the facilitator can place it."))
    mine = _placed(session, topic)
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
    result = {"cell": cell_view(mine)}
    event = events.record(session, workshop.id, "agenda.placed", actor,
                          {"topic": topic.id, "room": room.id, "slot": slot.id},
                          client_id=client_id, result=result)
    return Change(workshop.id, event.seq, result=result, agenda=True)


def unplace(session: so.Session, workshop: Workshop, participant: Participant | None,
            topic_id: Any, actor: str, client_id: str | None) -> Change:
    """Take a session off the grid (back to the wall)."""
    _require_not_over(workshop)
    topic = _session_topic(session, workshop, topic_id)
    if participant is not None:
        phases.require_allowed(workshop, Action.PICK)
        if topic.author_id != participant.id:
            raise Forbidden(_l("Only the session's convener or the facilitator can place it."))
    cell = _placed(session, topic)
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
    _require_not_over(workshop)
    if not isinstance(locked, bool):
        raise Invalid(fields={"locked": [_l("Must be true or false.")]})
    topic = _session_topic(session, workshop, topic_id)
    cell = _placed(session, topic)
    if cell is None:
        raise Invalid(fields={"topic_id": [_l("Place this session on the grid first.")]})
    cell.locked = locked
    session.flush()
    result = {"cell": cell_view(cell)}
    event = events.record(session, workshop.id, "agenda.locked" if locked else "agenda.unlocked",
                          actor, {"topic": topic.id}, client_id=client_id, result=result)
    return Change(workshop.id, event.seq, result=result, agenda=True)


def build(session: so.Session, workshop: Workshop, actor: str, client_id: str | None) -> Change:
    """Build the grid with the optimiser: locked cells stay, every other cell is redone."""
    _require_not_over(workshop)
    ensure_grid(session, workshop)
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
    cells = cells_of(session, workshop)
    locked = {c.contribution_id: (c.room_id, c.slot_id) for c in cells if c.locked}
    plan = grid.optimise(
        sessions, interest_sets(session, workshop),
        [(r.id, r.capacity) for r in rooms_of(session, workshop)],
        [s.id for s in slots_of(session, workshop)],
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


# --- interest and check-ins ---------------------------------------------------------------

def mark(session: so.Session, workshop: Workshop, participant: Participant, topic_id: Any,
         wanted: Any, actor: str, client_id: str | None) -> Change:
    """Mark (or unmark) a session one wants to attend; marking twice changes nothing."""
    phases.require_allowed(workshop, Action.MARK)
    if not isinstance(wanted, bool):
        raise Invalid(fields={"wanted": [_l("Must be true or false.")]})
    topic = _session_topic(session, workshop, topic_id)
    existing = session.scalar(sa.select(Interest).where(
        Interest.participant_id == participant.id, Interest.contribution_id == topic.id))
    if wanted and existing is None:
        session.add(Interest(workshop_id=workshop.id, participant_id=participant.id,
                             contribution_id=topic.id))
    elif not wanted and existing is not None:
        session.delete(existing)
    session.flush()
    result = {"topic_id": topic.id, "wanted": wanted}
    event = events.record(session, workshop.id, "interest.marked" if wanted
                          else "interest.unmarked", actor, {"topic": topic.id},
                          client_id=client_id, result=result)
    return Change(workshop.id, event.seq, result=result, tally=True)


def check_in(session: so.Session, workshop: Workshop, participant: Participant, topic_id: Any,
             actor: str, client_id: str | None) -> Change:
    """Say which session one is in now (``topic_id`` None: in none, e.g. in the corridor).

    Once the agenda has cells, only sessions on it can be joined.
    """
    phases.require_allowed(workshop, Action.CHECKIN)
    row = session.scalar(sa.select(CheckIn).where(CheckIn.participant_id == participant.id))
    if topic_id is None:
        if row is not None:
            session.delete(row)
    else:
        topic = _session_topic(session, workshop, topic_id)
        if cells_of(session, workshop) and _placed(session, topic) is None:
            raise Invalid(fields={"topic_id": [_l("This session is not on the agenda.")]})
        if row is None:
            session.add(CheckIn(workshop_id=workshop.id, participant_id=participant.id,
                                contribution_id=topic.id))
        else:
            row.contribution_id = topic.id
    session.flush()
    result = {"topic_id": topic_id}
    event = events.record(session, workshop.id, "session.checked_in", actor,
                          {"topic": topic_id}, client_id=client_id, result=result)
    return Change(workshop.id, event.seq, result=result, tally=True)
