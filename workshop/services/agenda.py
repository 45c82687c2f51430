"""The agenda grid: rooms × time slots and the sessions in its cells, read and set up.

Placing sessions in it is ``placement``; the interest marks and check-ins of people are
``presence``.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from ..errors import Invalid
from ..models import (
    Contribution,
    ContributionKind,
    ContributionStatus,
    Room,
    ScheduledSession,
    TimeSlot,
    Workshop,
)
from . import events, phases, text, topics
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
    """The grid as every role sees it, with the time slot running now."""
    slots = slots_of(session, workshop)
    return {
        "rooms": [{"id": r.id, "name": r.name, "capacity": r.capacity}
                  for r in rooms_of(session, workshop)],
        "slots": [{"id": s.id, "label": s.label} for s in slots],
        "cells": [{"topic_id": c.contribution_id, "room_id": c.room_id, "slot_id": c.slot_id,
                   "locked": c.locked} for c in cells_of(session, workshop)],
        "grid": workshop.options.get("grid"),
        "now": slot_now(workshop, slots),
    }


def slot_now(workshop: Workshop, slots: list[TimeSlot]) -> int | None:
    """The time slot running now: the one the facilitator set, else the first one."""
    ids = [slot.id for slot in slots]
    chosen = workshop.options.get("slot_now")
    return chosen if chosen in ids else (ids[0] if ids else None)


def set_slot_now(session: so.Session, workshop: Workshop, slot_id: Any, change: Change) -> None:
    """Make ``slot_id`` the slot running now (``settings.update`` with ``slot_now``)."""
    slots = slots_of(session, workshop)
    if not isinstance(slot_id, int) or isinstance(slot_id, bool) or slot_id not in {
            slot.id for slot in slots}:
        raise Invalid(fields={"slot_now": [_l("Choose one of the agenda's time slots.")]})
    workshop.options = {**workshop.options, "slot_now": slot_id}
    change.agenda = True


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
    name = text.clean_line(value) if isinstance(value, str) else ""
    if not name:
        raise Invalid(fields={field: [_l("Give it a name.")]})
    if len(name) > NAME_MAX:
        raise Invalid(fields={field: [_l("At most %(n)d characters.", n=NAME_MAX)]})
    return name


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
    phases.require_open(workshop)
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


# --- what placing and presence share ------------------------------------------------------

def session_topic(session: so.Session, workshop: Workshop, topic_id: Any) -> Contribution:
    topic = topics.visible_topic(session, workshop, topic_id)
    if topic.kind is not ContributionKind.TOPIC:
        raise Invalid(fields={"topic_id": [_l("Only sessions go on the agenda.")]})
    return topic


def placed(session: so.Session, topic: Contribution) -> ScheduledSession | None:
    return session.scalar(
        sa.select(ScheduledSession).where(ScheduledSession.contribution_id == topic.id)
    )


def cell_view(cell: ScheduledSession) -> dict[str, Any]:
    return {"topic_id": cell.contribution_id, "room_id": cell.room_id,
            "slot_id": cell.slot_id, "locked": cell.locked}

