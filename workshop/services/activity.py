"""The audit trail: who on the team did what to a workshop, read from its event log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from ..models import Event, Facilitator, Workshop

# What each facilitator event reads as on the workshop page; others read as their kind.
ACTIONS: dict[str, LazyString] = {
    "workshop.created": _l("created the workshop"),
    "workshop.updated": _l("changed the workshop's settings"),
    "workshop.ended": _l("ended the workshop"),
    "workshop.reopened": _l("reopened the workshop"),
    "workshop.archived": _l("archived the workshop"),
    "workshop.restored": _l("restored the workshop"),
    "settings.changed": _l("changed the settings"),
    "phase.changed": _l("moved to another phase"),
    "timer.started": _l("started the timer"),
    "timer.paused": _l("paused the timer"),
    "timer.extended": _l("gave the timer more time"),
    "joining.locked": _l("locked joining"),
    "joining.opened": _l("opened joining"),
    "screen_link.changed": _l("replaced the screen link"),
    "topic.proposed": _l("proposed a topic"),
    "topic.edited": _l("edited a topic"),
    "topic.hidden": _l("hid a topic"),
    "topic.restored": _l("restored a topic"),
    "topic.merged": _l("merged topics"),
    "merge.dismissed": _l("dismissed a merge suggestion"),
    "agenda.placed": _l("placed a session in the agenda"),
    "agenda.unplaced": _l("took a session off the agenda"),
    "agenda.built": _l("built the agenda"),
    "agenda.grid_set": _l("set the rooms and time slots"),
    "agenda.locked": _l("locked the agenda"),
    "agenda.unlocked": _l("unlocked the agenda"),
    "seating.updated": _l("changed the seating"),
    "seating.host": _l("chose a table host"),
    "commitment.added": _l("added a commitment"),
    "commitment.removed": _l("removed a commitment"),
    "tags.set": _l("tagged an outcome"),
    "tags.cleared": _l("cleared an outcome's tags"),
    "brief.curated": _l("curated the brief"),
    "brief.restored": _l("gave an element back to the automatic brief"),
    "calendar.set": _l("planned the editorial calendar"),
    "team.added": _l("added %(name)s to the team"),
    "team.removed": _l("removed %(name)s from the team"),
    "team.invited": _l("created an invitation link"),
    "team.joined": _l("joined the team with an invitation link"),
}


@dataclass(frozen=True)
class Entry:
    at: datetime
    who: str  # the facilitator's name as it is now
    action: str


def facilitator_actions(session: so.Session, workshop: Workshop, limit: int = 50) -> list[Entry]:
    """The team's latest actions on the workshop, newest first, each with who did it."""
    rows = list(session.scalars(
        sa.select(Event).where(Event.workshop_id == workshop.id, Event.actor.like("f:%"))
        .order_by(Event.seq.desc()).limit(limit)))
    ids = {int(row.actor[2:]) for row in rows if row.actor[2:].isdigit()}
    names = {ident: name for ident, name in session.execute(
        sa.select(Facilitator.id, Facilitator.display_name).where(Facilitator.id.in_(ids)))}
    entries = []
    for row in rows:
        ident = row.actor[2:]
        who = names.get(int(ident), "?") if ident.isdigit() else "?"
        label = ACTIONS.get(row.kind)
        name = str(row.payload.get("name", "")) if isinstance(row.payload, dict) else ""
        action = str(label) % {"name": name} if label is not None else row.kind
        entries.append(Entry(row.at, who, action))
    return entries
